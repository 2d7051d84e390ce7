"""One entry point for every export: the events a query selects, in one format, streamed."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterable
from typing import IO, Any

from ..errors import NewsgraphError
from ..events import Event
from ..store.queries import EventQuery
from .writers import FORMATS, iter_events, iter_rows, write_events, write_parquet_tables, write_rows

#: formats written from full event records, with the writer of each; the flat ones (csv,
#: parquet) read rows straight from SQL instead
RecordWriter = Callable[[sqlite3.Connection, Iterable[Event], IO[str]], int]


def record_writers() -> dict[str, RecordWriter]:
    """The writers of the field's own formats (imported here, on use)."""
    from .layouts import LAYOUT_WRITERS

    return dict(LAYOUT_WRITERS)


def export_events(conn: sqlite3.Connection, path: str, query: EventQuery, fmt: str,
                  output: str | None = None, stream: IO[str] | None = None) -> int:
    """Write the events ``query`` selects as ``fmt`` to the file ``output`` (or ``stream``,
    default standard output); returns how many were written. ``path`` is the database file,
    which the Parquet export reads a second time, straight into Arrow."""
    if fmt not in FORMATS:
        raise NewsgraphError(f"unknown export format '{fmt}': choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not output:
            raise NewsgraphError("parquet export needs --output FILE")
        from .arrow import row_tables

        return write_parquet_tables(row_tables(conn, path, query), output)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            return _write_text(conn, query, fmt, fh)
    return _write_text(conn, query, fmt, stream or sys.stdout)


def _write_text(conn: sqlite3.Connection, query: EventQuery, fmt: str, out: IO[str]) -> int:
    if fmt == "csv":
        return write_rows(iter_rows(conn, query), out)
    events = iter_events(conn, query)
    if fmt in ("jsonl", "json"):
        return write_events(events, out, fmt)
    writer: Any = record_writers()[fmt]
    return int(writer(conn, events, out))
