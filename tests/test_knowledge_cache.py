"""Knowledge kept in the cache folder: built once per key, read back equal, built again when an
input changes, and a damaged, stale or unwritable cache never stops a run."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from newsgraph import knowledge_cache, learning
from newsgraph.actors import KnowledgeBase
from newsgraph.actors.dictionaries import gather_dictionaries
from newsgraph.pipeline import untaught_knowledge

ACTORS = """\
NORTHLAND [NTH]
+NORTHLANDER

KARL_VOSS
+VOSS
\t[NTHGOV >20031231]
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(folder))
    return folder


def counting(value: object, builds: list[int]):
    def build() -> object:
        builds.append(1)
        return value
    return build


def test_built_once_per_key_and_again_for_other_inputs(cache: Path) -> None:
    builds: list[int] = []
    assert knowledge_cache.cached("thing", ["a"], counting({"x": [1, 2]}, builds)) == {"x": [1, 2]}
    assert knowledge_cache.cached("thing", ["a"], counting(None, builds)) == {"x": [1, 2]}
    assert len(builds) == 1
    assert knowledge_cache.cached("thing", ["b"], counting("other", builds)) == "other"
    assert len(builds) == 2 and len(list(cache.glob("thing-*.pickle"))) == 2


def test_a_change_of_the_code_makes_a_new_key(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[int] = []
    knowledge_cache.cached("thing", ["a"], counting(1, builds))
    monkeypatch.setattr(knowledge_cache, "code_version", lambda: "another version")
    assert knowledge_cache.cached("thing", ["a"], counting(2, builds)) == 2
    assert len(builds) == 2


@pytest.mark.parametrize("damage", [b"not a pickle", b""])
def test_a_damaged_file_is_built_again_with_one_warning(cache: Path, damage: bytes,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    builds: list[int] = []
    knowledge_cache.cached("thing", ["a"], counting(1, builds))
    (path,) = cache.glob("thing-*.pickle")
    path.write_bytes(damage)
    with caplog.at_level(logging.WARNING, logger="newsgraph.knowledge_cache"):
        assert knowledge_cache.cached("thing", ["a"], counting(2, builds)) == 2
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and str(path) in lines[0] and "unreadable" in lines[0]
    assert len(builds) == 2
    assert knowledge_cache.cached("thing", ["a"], counting(3, builds)) == 2  # written again


def test_a_stale_file_is_built_again_with_one_warning(cache: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    builds: list[int] = []
    knowledge_cache.cached("thing", ["a"], counting(1, builds))
    (path,) = cache.glob("thing-*.pickle")
    path.write_bytes(pickle.dumps(("some other key", "stale")))
    with caplog.at_level(logging.WARNING, logger="newsgraph.knowledge_cache"):
        assert knowledge_cache.cached("thing", ["a"], counting(2, builds)) == 2
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "other inputs" in lines[0]


def test_an_unwritable_folder_builds_in_memory(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("in the way")
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(blocker / "cache"))
    builds: list[int] = []
    assert knowledge_cache.cached("thing", ["a"], counting(1, builds)) == 1
    assert knowledge_cache.cached("thing", ["a"], counting(2, builds)) == 2
    assert len(builds) == 2


def test_only_the_most_recently_used_files_of_a_kind_are_kept(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knowledge_cache, "KEEP_PER_KIND", 2)
    for key in "abcd":
        knowledge_cache.cached("thing", [key], counting(key, []))
    knowledge_cache.cached("other", ["a"], lambda: "kept")
    assert len(list(cache.glob("thing-*.pickle"))) == 2
    assert len(list(cache.glob("other-*.pickle"))) == 1


def test_the_knowledge_base_is_read_back_equal_and_rebuilt_when_a_dictionary_changes(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[int] = []
    load = KnowledgeBase.load.__func__  # type: ignore[attr-defined]

    def counted(cls: type[KnowledgeBase], *args, **kwargs) -> KnowledgeBase:
        loads.append(1)
        return load(cls, *args, **kwargs)

    monkeypatch.setattr(KnowledgeBase, "load", classmethod(counted))
    path = tmp_path / "northland.actors.txt"
    path.write_text(ACTORS, encoding="utf-8")
    built = untaught_knowledge(gather_dictionaries([path]))
    again = untaught_knowledge(gather_dictionaries([path]))
    assert len(loads) == 1
    fresh = load(KnowledgeBase, dictionaries=gather_dictionaries([path]))
    for pristine, indexed in (built, again):
        kb, filtered = learning.restore(pristine), learning.restore(indexed)
        assert [a.id for a in kb.actors()] == [a.id for a in fresh.actors()]
        assert filtered.index().keys == fresh.index().keys
        assert [a.id for a in kb.lookup("Voss")] == [a.id for a in fresh.lookup("Voss")] != []
    path.write_text(ACTORS + "\nOTTO_BRANDT\n\t[NTHGOV]\n", encoding="utf-8")
    changed = learning.restore(untaught_knowledge(gather_dictionaries([path]))[1])
    assert len(loads) == 2 and changed.lookup("Otto Brandt")
