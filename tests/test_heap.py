"""The collector set aside during an ingest (newsgraph.heap): frozen while it runs, given back
after, a process's own freeze left alone, and the same database whatever the collector does."""

from __future__ import annotations

import gc

import pytest

import newsgraph
from conftest import SEEDS
from newsgraph import heap
from newsgraph.exports import compare_databases


@pytest.fixture(autouse=True)
def _unfrozen():
    if gc.get_freeze_count():
        pytest.skip("this process froze its heap itself")
    yield
    assert gc.get_freeze_count() == 0


def test_what_is_loaded_is_set_aside_while_the_items_flow_and_given_back_after():
    loaded = [object() for _ in range(100)]
    seen = []
    for _ in heap.set_aside_while(iter(range(3))):
        seen.append(gc.get_freeze_count())
    assert seen[0] >= len(loaded) and gc.get_freeze_count() == 0


def test_leaving_the_loop_early_gives_the_heap_back():
    items = heap.set_aside_while(iter(range(3)))
    for _ in items:
        assert gc.get_freeze_count() > 0
        break
    items.close()
    assert gc.get_freeze_count() == 0


def test_more_is_set_aside_only_inside_an_ingest():
    heap.set_aside_more()
    assert gc.get_freeze_count() == 0
    with heap.loaded_set_aside():
        before = gc.get_freeze_count()
        later = [[i] for i in range(1000)]
        heap.set_aside_more()
        assert gc.get_freeze_count() >= before + len(later)
        with heap.loaded_set_aside():  # nested (threads): the outer one gives it back
            pass
        assert gc.get_freeze_count() > 0


def test_a_process_that_froze_its_heap_itself_keeps_it_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with heap.loaded_set_aside():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_the_collector_is_paused_for_a_build_and_restored():
    with heap.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with heap.collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


@pytest.mark.slow  # loads the real model
def test_an_ingest_gives_the_heap_back_and_stores_what_a_run_without_freezing_does(
        tmp_path, monkeypatch):
    with newsgraph.open(tmp_path / "a.db") as graph:
        graph.ingest(SEEDS)
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(gc, "freeze", lambda: None)
    with newsgraph.open(tmp_path / "b.db") as graph:
        graph.ingest(SEEDS)
    assert compare_databases(str(tmp_path / "a.db"), str(tmp_path / "b.db")) == []
