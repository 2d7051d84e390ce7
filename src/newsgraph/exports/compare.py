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


def comparable_story_lines(graph: Any, page: int = 500) -> list[str]:
    """The stories of an open database as sorted JSON lines: each story's id, label, span,
    outlets, central event and its articles (id and the original a copy joined), without its
    events (each event line carries its ``story_id``)."""
    lines = []
    offset, total = 0, None
    while total is None or offset < total:
        found, total = graph.stories(limit=page, offset=offset)
        if not found:
            break
        offset += len(found)
        for summary in found:
            story = graph.story(summary.id)
            record = {"story": story.id, "label": story.label,
                      "first_published": story.first_published,
                      "last_published": story.last_published, "outlets": sorted(story.outlets),
                      "central_event": story.central_event,
                      "articles": sorted((a["id"], a.get("duplicate_of") or "")
                                         for a in story.articles)}
            lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return sorted(lines)


def compare_databases(a: str, b: str, limit: int = 20) -> list[str]:
    """What differs between two databases' exports (empty: the same events and stories).

    Each line names the side holding a record the other lacks (``- only in A: ...``): an
    event in the export format (with its ``story_id``), or a story with its articles; at
    most ``limit`` lines, then a count of the rest. Used by the determinism tests and
    benchmarks.
    """
    from ..api import open as open_db
    from ..store.queries import EventQuery

    sides = []
    for path in (a, b):
        with open_db(path, readonly=True) as graph:
            sides.append(comparable_lines(graph.iter_events(EventQuery(modality="all",
                                                                       limit=None)))
                         + comparable_story_lines(graph))
    only_a = sorted(set(sides[0]) - set(sides[1]))
    only_b = sorted(set(sides[1]) - set(sides[0]))
    out = [f"- only in {a}: {line}" for line in only_a] + \
          [f"+ only in {b}: {line}" for line in only_b]
    if len(out) > limit:
        out = out[:limit] + [f"... and {len(out) - limit} more differing records"]
    return out
