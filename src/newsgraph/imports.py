"""Loading other coders' event files (GDELT 2.0, ICEWS, PLOVER) beside newsgraph's events.

An imported record becomes an ``ExternalEvent`` of its own origin (the format's name unless
the user names another) in the ``external_events`` table: never merged with coded events and
never counted in summaries, so the two can be compared per country pair and month. A record
that cannot be read is reported as ``FILE:LINE: reason`` and the rest of the file goes on.
Records are stored through the ``Store`` (``add_external_events``), a batch of ``BATCH`` at a time,
each batch one transaction under the write lock: an ingest writing the same database waits at
most one batch, and a stopped import keeps whole batches that a rerun skips as already there.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .exports.layouts import GDELT_COLUMNS, ICEWS_COLUMNS
from .knowledge import shipped_csv
from .store.external import ExternalEvent

if TYPE_CHECKING:
    from .store import Store

IMPORT_FORMATS = ("gdelt", "icews", "plover")
BATCH = 5000


@dataclass
class ImportReport:
    """What an import did: records stored, records already there, and one line per bad one."""

    imported: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)


def import_events(store: Store, path: str | Path, fmt: str,
                  origin: str | None = None) -> ImportReport:
    """Read ``path`` as ``fmt`` and store its records under ``origin`` (default: the format's
    name) in ``store``, one transaction per batch; bad lines are reported, not fatal."""
    if fmt not in IMPORT_FORMATS:
        raise InputError(str(path), f"unknown format {fmt!r}: choose gdelt, icews or plover")
    origin = origin or fmt
    if origin in ("newsgraph", "all"):
        raise InputError(str(path), f"origin {origin!r} is reserved: name another with --origin")
    report = ImportReport()
    batch: list[tuple[ExternalEvent, Any]] = []

    def flush() -> None:
        added = store.add_external_events(batch)
        report.imported += added
        report.duplicates += len(batch) - added
        batch.clear()

    seen: set[str] = set()
    for where, record in _records(Path(path), fmt):
        try:
            if isinstance(record, InputError):
                raise record
            event = _PARSERS[fmt](origin, record, where)
            if event.external_id in seen:
                raise InputError(where, f"id {event.external_id!r} repeats an earlier record "
                                 "of this file: the first is kept")
            seen.add(event.external_id)
            batch.append((event, record))
        except InputError as exc:
            report.errors.append(str(exc))
            continue
        if len(batch) >= BATCH:
            flush()
    flush()
    return report


def _records(path: Path, fmt: str) -> Iterator[tuple[str, Any]]:
    """(``FILE:LINE``, record) of every non-empty line; a line that is no record of the layout
    comes as an InputError in the record's place, so the caller reports it and goes on. A
    PLOVER file may also be one JSON array (as the PLOVER gold standard records ship); its
    records are then named ``FILE:record N``."""
    try:
        fh = open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    with fh:
        if fmt == "icews":
            reader = csv.reader(fh, delimiter="\t")
            header = next(reader, [])
            missing = [c for c in ICEWS_COLUMNS[:12] if c not in header]
            if missing:
                raise InputError(str(path), f"not an ICEWS event file: no column {missing[0]!r}")
            for fields in reader:
                if not any(fields):
                    continue
                where = f"{path}:{reader.line_num}"
                if len(fields) != len(header):
                    yield where, InputError(
                        where, f"{len(fields)} fields, the header has {len(header)}")
                else:
                    yield where, dict(zip(header, fields, strict=True))
            return
        if fmt == "plover" and fh.read(1024).lstrip().startswith("["):
            fh.seek(0)
            yield from _array_records(path, fh.read())
            return
        fh.seek(0)
        for n, text in enumerate(fh, 1):
            if not text.strip():
                continue
            if fmt == "gdelt":
                fields = text.rstrip("\r\n").split("\t")
                if len(fields) != len(GDELT_COLUMNS):
                    yield f"{path}:{n}", InputError(f"{path}:{n}", f"{len(fields)} fields, a "
                                                    f"GDELT 2.0 event row has "
                                                    f"{len(GDELT_COLUMNS)}")
                else:
                    yield f"{path}:{n}", dict(zip(GDELT_COLUMNS, fields, strict=True))
            else:
                try:
                    record = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield f"{path}:{n}", InputError(f"{path}:{n}",
                                                    f"not a JSON record ({exc.msg})")
                    continue
                yield f"{path}:{n}", record if isinstance(record, dict) else InputError(
                    f"{path}:{n}", "not a JSON object")


def _array_records(path: Path, text: str) -> Iterator[tuple[str, Any]]:
    """The records of a PLOVER file that is one JSON array."""
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}", f"not a JSON array ({exc.msg})") from None
    for n, record in enumerate(records, 1):
        where = f"{path}:record {n}"
        yield where, record if isinstance(record, dict) else InputError(where,
                                                                         "not a JSON object")


def _gdelt(origin: str, r: dict[str, str], where: str) -> ExternalEvent:
    """A GDELT 2.0 row: its actors' country codes, CAMEO code and the day it names."""
    return ExternalEvent(
        origin, _needed(r["GlobalEventID"], "GlobalEventID", where),
        date=_date(r["Day"], "%Y%m%d", where),
        source_country=r["Actor1CountryCode"] or _known_group(r["Actor1KnownGroupCode"]),
        source_name=r["Actor1Name"] or None,
        target_country=r["Actor2CountryCode"] or _known_group(r["Actor2KnownGroupCode"]),
        target_name=r["Actor2Name"] or None, cameo=r["EventCode"] or None,
        quad_class=_number(r["QuadClass"], int, "QuadClass", where),
        goldstein=_number(r["GoldsteinScale"], float, "GoldsteinScale", where),
        n_mentions=_number(r["NumMentions"], int, "NumMentions", where),
        url=r["SOURCEURL"] or None)


def _icews(origin: str, r: dict[str, str], where: str) -> ExternalEvent:
    """An ICEWS row: countries are names there, read through the shipped country table."""
    return ExternalEvent(
        origin, _needed(r["Event ID"], "Event ID", where),
        date=_date(r["Event Date"], "%Y-%m-%d", where),
        source_country=_iso3(r["Source Country"]), source_name=r["Source Name"] or None,
        target_country=_iso3(r["Target Country"]), target_name=r["Target Name"] or None,
        cameo=r["CAMEO Code"] or None,
        goldstein=_number(r["Intensity"], float, "Intensity", where),
        url=r.get("Story ID") or None)


def _plover(origin: str, r: dict[str, Any], where: str) -> ExternalEvent:
    """A PLOVER record: the first actor and recipient, the first event type."""
    # the manual's names, or the older ones of the gold standard records (source, target)
    actor = _first(r.get("actor", r.get("source")))
    recipient = _first(r.get("recipient", r.get("target")))
    cite = _first(r.get("cite_info"))
    events = r.get("event")
    etype = events[0] if isinstance(events, list) and events else events
    date = r.get("date")
    return ExternalEvent(
        origin, _needed(str(r.get("id") or ""), "id", where),
        date=_date(str(date)[:10], "%Y-%m-%d", where) if date else None,
        source_country=actor.get("code"), source_name=_name(actor),
        target_country=recipient.get("code"), target_name=_name(recipient),
        type=str(etype).upper() if etype else None, cameo=r.get("cameo"),
        quad_class=_number(r.get("quad_code"), int, "quad_code", where),
        goldstein=_number(r.get("goldstein"), float, "goldstein", where),
        n_mentions=_number(r.get("n_articles"), int, "n_articles", where), url=cite.get("url"))


_PARSERS = {"gdelt": _gdelt, "icews": _icews, "plover": _plover}


def _name(entity: dict[str, Any]) -> str | None:
    return entity.get("identifier_text") or entity.get("entity_text") or entity.get("actorText")


def _first(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def _needed(value: str, name: str, where: str) -> str:
    if not value.strip():
        raise InputError(where, f"no {name}: a record needs its id")
    return value.strip()


def _date(text: str, pattern: str, where: str) -> str | None:
    """An ISO date, None for an empty field; a malformed one is the line's error."""
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, pattern).date().isoformat()
    except ValueError:
        raise InputError(where, f"date {text!r} is not {pattern}") from None


def _number(value: Any, kind: type, name: str, where: str) -> Any:
    if value is None or value == "":
        return None
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise InputError(where, f"{name} {value!r} is not a number") from None


def _known_group(code: str) -> str | None:
    """GDELT puts an IGO in KnownGroupCode (newsgraph writes it as the IGO's code)."""
    return code or None


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Lower-cased names and aliases of every shipped country -> ISO3."""
    names: dict[str, str] = {}
    for row in shipped_csv("countries.csv"):
        for name in [row["name"], *(row.get("aliases") or "").split("|")]:
            if name:
                names.setdefault(name.lower(), row["iso3"])
    return names


def _iso3(name: str) -> str | None:
    """An ICEWS country name as ISO3; a three-letter code is kept; unknown names stay None."""
    if not name:
        return None
    if len(name) == 3 and name.isupper():
        return name
    return _country_names().get(name.lower())


def export_external(rows: list[dict[str, Any]], fmt: str, output: str | None = None) -> int:
    """Write imported events (``store.external.COLUMNS`` rows) as jsonl, json or csv: their
    own flat shape, not the event format, which they lack the mentions for."""
    import sys

    from .store.external import COLUMNS

    if fmt not in ("jsonl", "json", "csv"):
        raise InputError("--origin", f"imported events export as jsonl, json or csv, not {fmt}")
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        if fmt == "csv":
            writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        elif fmt == "json":
            json.dump(rows, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    return len(rows)
