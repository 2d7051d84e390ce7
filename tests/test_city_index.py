"""The gazetteer's city index (newsgraph.city_index): the cache file gives the cities the index
built in memory gives, in the same order; an unwritable cache folder keeps it in memory; a key
that changes builds a new file."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph import city_index, places
from newsgraph.city_index import CityIndex, StoredCityIndex

NAMES = ["kyiv", "kiev", "odessa", "paris", "tripoli", "san jose", "woodside", "springfield",
         "rio de janeiro", "no such place"]


@pytest.fixture(scope="module")
def built() -> CityIndex:
    return places._city_index()


def test_the_cache_file_names_the_same_cities_in_the_same_order(built, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(tmp_path))
    stored = city_index.cached(["test"], lambda: built)
    assert isinstance(stored, StoredCityIndex)
    assert [stored.named(n) for n in NAMES] == [built.named(n) for n in NAMES]
    assert len(built.named("springfield")) > 1 and built.named("no such place") == []
    again = city_index.cached(["test"], lambda: pytest.fail("built again"))
    assert isinstance(again, StoredCityIndex) and again.path == stored.path
    other = city_index.cached(["other inputs"], lambda: built)
    assert isinstance(other, StoredCityIndex) and other.path != stored.path


def test_an_unwritable_cache_folder_keeps_the_index_in_memory(built, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(blocker / "cache"))
    assert city_index.cached(["test"], lambda: built) is built


def test_a_damaged_cache_file_is_built_again(built, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(tmp_path))
    path = city_index.cached(["test"], lambda: built).path  # type: ignore[union-attr]
    Path(path).write_bytes(b"not a database")
    stored = city_index.cached(["test"], lambda: built)
    assert isinstance(stored, StoredCityIndex) and stored.named("kyiv") == built.named("kyiv")
