"""One entry point for every export: the events a query selects, in one format, streamed."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from ..errors import NewsgraphError
from ..events import Event
from ..store.queries import EventQuery
from .writers import FORMATS, iter_events, iter_rows, write_events, write_parquet_tables, write_rows

if TYPE_CHECKING:
    from ..store import Store

#: formats written from full event records, with the writer of each; the flat ones (csv,
#: parquet) read rows straight from SQL instead
RecordWriter = Callable[["Store", Iterable[Event], IO[str]], int]


def record_writers() -> dict[str, RecordWriter]:
    """The writers of the field's own formats (imported here, on use)."""
    from .layouts import LAYOUT_WRITERS

    return dict(LAYOUT_WRITERS)


def export_events(store: Store, query: EventQuery, fmt: str, output: str | None = None,
                  stream: IO[str] | None = None) -> int:
    """Write the events ``query`` selects in ``store`` as ``fmt`` to the file ``output`` (or
    ``stream``, default standard output); returns how many were written. The Parquet export
    reads a SQLite store's file a second time, straight into Arrow."""
    if fmt not in FORMATS:
        raise NewsgraphError(f"unknown export format '{fmt}': choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not output:
            raise NewsgraphError("parquet export needs --output FILE")
        from .arrow import row_tables

        return write_parquet_tables(row_tables(store, query), output)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            return _write_text(store, query, fmt, fh)
    return _write_text(store, query, fmt, stream or sys.stdout)


def _write_text(store: Store, query: EventQuery, fmt: str, out: IO[str]) -> int:
    if fmt == "csv":
        return write_rows(iter_rows(store, query), out)
    events = iter_events(store, query)
    if fmt in ("jsonl", "json"):
        return write_events(events, out, fmt)
    writer: Any = record_writers()[fmt]
    return int(writer(store, events, out))
