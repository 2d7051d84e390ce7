"""Keeping the cyclic garbage collector off the knowledge a run loads once.

An ingest holds a few hundred thousand long-lived Python objects: the knowledge base and its
name index, the lexicon, the gazetteer's name index. None of them is garbage, yet each full
collection of the cyclic collector walks them all: on 100 articles of the seeds pool, three full
collections cost 0.55 CPU-s, about a tenth of the ingest. While an ingest runs, what is loaded by
then is set aside with ``gc.freeze`` (the collector skips it; reference counting still frees
anything that stops being used), and given back with ``gc.unfreeze`` when the ingest ends, so a
long-lived process collects as before afterwards and no garbage is kept for good. Nothing an
ingest computes depends on when the collector runs.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_LOCK = threading.Lock()
_HOLDERS = 0  # ingests running with the heap set aside (threads may run several)


@contextmanager
def loaded_set_aside() -> Iterator[None]:
    """Set aside what is loaded now for the duration of the block (an ingest). A process that
    froze its heap itself (``gc.freeze`` before forking workers) is left as it is."""
    global _HOLDERS
    with _LOCK:
        mine = _HOLDERS > 0 or gc.get_freeze_count() == 0
        if mine:
            _HOLDERS += 1
            gc.freeze()
    try:
        yield
    finally:
        if mine:
            with _LOCK:
                _HOLDERS -= 1
                if _HOLDERS == 0:
                    gc.unfreeze()


def set_aside_more() -> None:
    """Set aside what was loaded since (the gazetteer, loaded on the first article), when an
    ingest holds the heap set aside; otherwise nothing."""
    with _LOCK:
        if _HOLDERS > 0:
            gc.freeze()


def set_aside_for_good() -> None:
    """In a process that lives only to parse (a pool worker) or to serve (``newsgraph serve``,
    once its app is built): what was just loaded is never garbage, so it is set aside until
    the process ends. An ingest inside such a process then leaves the heap as it is."""
    gc.freeze()


def set_aside_while(items: Iterable[T]) -> Iterator[T]:
    """``items``, with what is loaded when the first is asked for set aside until the last has
    been taken (or the loop is left)."""
    with loaded_set_aside():
        yield from items


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while a large structure that is kept whole is built (every object
    it makes survives, so a collection on the way finds nothing and costs a walk of the heap)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
