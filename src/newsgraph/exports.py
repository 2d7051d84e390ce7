"""Event records as plain dicts, and writers for JSON Lines, JSON, CSV and Parquet.

``event_record`` is the documented event format (docs/event-format.md): the CLI, the HTTP API and
the exports all emit it, so a user learns one shape.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from .actors import ActorRef
from .errors import MissingExtraError, NewsgraphError
from .events import Event, Mention

FORMATS = ("jsonl", "json", "csv", "parquet")
CSV_COLUMNS = [
    "id", "date", "date_precision", "date_basis", "date_text", "type", "mode", "cameo",
    "quad_class", "goldstein", "modality", "confidence", "source_ids", "source_names",
    "source_countries", "target_ids", "target_names", "target_countries", "claimed_by",
    "n_mentions", "n_articles", "article_ids", "sentence",
]


def actor_record(ref: ActorRef) -> dict[str, Any]:
    return {"id": ref.actor_id, "name": ref.name, "country": ref.country, "sector": ref.sector,
            "kind": ref.kind, "text": ref.text, "how": ref.how}


def mention_record(m: Mention) -> dict[str, Any]:
    record: dict[str, Any] = {
        "article_id": m.article_id, "published": m.published.isoformat(), "sentence": m.sentence,
        "start": m.start, "end": m.end, "trigger": m.trigger, "trigger_start": m.trigger_start,
        "trigger_end": m.trigger_end, "rule": m.rule,
        "claimed_by": [actor_record(r) for r in m.claimed_by],
        "modality": m.modality, "confidence": m.confidence, "date": m.date,
        "date_basis": m.date_basis, "date_text": m.date_text, "merge_reason": m.merge_reason,
        "source": [actor_record(r) for r in m.source],
        "target": [actor_record(r) for r in m.target],
    }
    return record


def event_record(event: Event) -> dict[str, Any]:
    """The event as the documented JSON object."""
    return {
        "id": event.id, "type": event.type, "mode": event.mode, "cameo": event.cameo,
        "quad_class": event.quad_class, "goldstein": event.goldstein, "date": event.date,
        "date_precision": event.date_precision, "date_basis": event.date_basis,
        "date_text": event.date_text, "modality": event.modality,
        "confidence": round(event.confidence, 3),
        "reciprocal": event.reciprocal,
        "source": [actor_record(r) for r in event.source],
        "target": [actor_record(r) for r in event.target],
        "claimed_by": [actor_record(r) for r in event.claimed_by],
        "mentions": [mention_record(m) for m in event.mentions],
        "n_articles": len({m.article_id for m in event.mentions}),
        "merge_reasons": list(event.merge_reasons),
    }


def flat_record(event: Event) -> dict[str, Any]:
    """One CSV row per event; lists joined with '|'."""
    first = event.mentions[0] if event.mentions else None
    join = "|".join
    return {
        "id": event.id, "date": event.date, "date_precision": event.date_precision,
        "date_basis": event.date_basis, "date_text": event.date_text, "type": event.type,
        "mode": event.mode, "cameo": event.cameo, "quad_class": event.quad_class,
        "goldstein": event.goldstein, "modality": event.modality,
        "confidence": round(event.confidence, 3),
        "source_ids": join(r.actor_id for r in event.source),
        "source_names": join(r.name for r in event.source),
        "source_countries": join(r.country or "" for r in event.source),
        "target_ids": join(r.actor_id for r in event.target),
        "target_names": join(r.name for r in event.target),
        "target_countries": join(r.country or "" for r in event.target),
        "claimed_by": join(r.name for r in event.claimed_by),
        "n_mentions": len(event.mentions),
        "n_articles": len({m.article_id for m in event.mentions}),
        "article_ids": join(sorted({m.article_id for m in event.mentions})),
        "sentence": first.sentence if first else "",
    }


def write_events(events: Iterable[Event], out: IO[str], fmt: str = "jsonl") -> int:
    """Write events to a text stream; returns how many were written."""
    if fmt == "jsonl":
        n = 0
        for event in events:
            out.write(json.dumps(event_record(event), ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "json":
        records = [event_record(e) for e in events]
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return len(records)
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        n = 0
        for event in events:
            writer.writerow(flat_record(event))
            n += 1
        return n
    raise NewsgraphError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS[:3])}")


def write_parquet(events: Iterable[Event], path: str) -> int:
    """Write flat event rows to a Parquet file (needs pandas and pyarrow)."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("Parquet export", "pandas") from None
    rows = [flat_record(e) for e in events]
    frame = pd.DataFrame(rows, columns=CSV_COLUMNS)
    try:
        frame.to_parquet(path, index=False)
    except ImportError:
        raise MissingExtraError("Parquet export", "pandas") from None
    return len(rows)


# --------------------------------------------------------------------------- comparing databases

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
    from .api import open as open_db
    from .store.queries import EventQuery

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
