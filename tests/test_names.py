"""The name index: built once per ingest, and a copy that learns apart from the one it came from."""

from __future__ import annotations

import pytest

import newsgraph
from conftest import SEEDS, SHARED
from newsgraph import learning
from newsgraph.actors import Actor, KnowledgeBase
from newsgraph.actors.names import NameIndex

DICTIONARIES = SHARED / "data" / "petrarch-dictionaries"


def test_a_shared_index_is_the_one_a_build_gives_and_learns_on_its_own():
    frozen = learning.snapshot(KnowledgeBase.load())
    untaught, taught = learning.restore(frozen), learning.restore(frozen)
    taught.share_index(untaught)
    built = NameIndex.build(learning.restore(frozen))
    assert taught.index().keys == built.keys and taught.index().prefixes == built.prefixes

    taught.add_actor(Actor("person:ulf-kristersson", "Ulf Kristersson", "person", "SWE", "GOV"))
    assert [a.id for a in taught.lookup("Kristersson")] == ["person:ulf-kristersson"]
    assert untaught.lookup("Kristersson") == [] and untaught.index().keys == built.keys
    assert "kristersso" in taught.index().prefixes and "kristersso" not in built.prefixes


@pytest.mark.slow
@pytest.mark.skipif(not (SEEDS.is_dir() and DICTIONARIES.is_dir()),
                    reason="seed articles or the PETRARCH dictionaries not found")
def test_an_ingest_with_the_dictionaries_builds_the_name_index_once(tmp_path, monkeypatch):
    builds: list[int] = []
    build = NameIndex.build.__func__  # type: ignore[attr-defined]

    def counted(cls: type[NameIndex], kb: KnowledgeBase) -> NameIndex:
        builds.append(len(kb.actors()))
        return build(cls, kb)

    monkeypatch.setattr(NameIndex, "build", classmethod(counted))
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(tmp_path / "cache"))  # else read from the cache
    with newsgraph.open(tmp_path / "seeds.db", dictionaries=[DICTIONARIES]) as graph:
        report = graph.ingest(SEEDS)
    assert report.ingested == 4 and report.failed == 0, report.errors
    assert len(builds) == 1 and builds[0] > 10_000  # the dictionaries' actors are in it
