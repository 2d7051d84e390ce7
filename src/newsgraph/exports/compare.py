"""Comparing two databases by their exports: what the determinism tests and benchmarks read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..events import Event
from .records import event_record

#: fields whose value depends on when or how a run happened, not on what it read
RUN_DEPENDENT_FIELDS = frozenset({"ingested_at"})


def _without_run_fields(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_run_fields(v) for k, v in value.items()
                if k not in RUN_DEPENDENT_FIELDS}
    if isinstance(value, list):
        return [_without_run_fields(v) for v in value]
    return value


def comparable_lines(events: Iterable[Event]) -> list[str]:
    """The events as sorted JSON lines of the export format, without run-dependent fields.

    Mentions are ordered by article and offset, so two databases that hold the same events
    compare equal whichever process stored a mention first; everything else, ids included, is
    compared as exported.
    """
    lines = []
    for event in events:
        record = _without_run_fields(event_record(event))
        record["mentions"].sort(key=lambda m: (m["article_id"], m["start"], m["trigger_start"]))
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return sorted(lines)


def compare_databases(a: str, b: str, limit: int = 20) -> list[str]:
    """What differs between two databases' exports (empty: the same events).

    Each line names the side holding a record the other lacks (``- only in A: ...``); at most
    ``limit`` lines, then a count of the rest. Used by the determinism tests and benchmarks.
    """
    from ..api import open as open_db
    from ..store.queries import EventQuery

    sides = []
    for path in (a, b):
        with open_db(path, readonly=True) as graph:
            sides.append(comparable_lines(graph.iter_events(EventQuery(modality="all",
                                                                       limit=None))))
    only_a = sorted(set(sides[0]) - set(sides[1]))
    only_b = sorted(set(sides[1]) - set(sides[0]))
    out = [f"- only in {a}: {line}" for line in only_a] + \
          [f"+ only in {b}: {line}" for line in only_b]
    if len(out) > limit:
        out = out[:limit] + [f"... and {len(out) - limit} more differing records"]
    return out
