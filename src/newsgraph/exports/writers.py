"""Writers that stream: JSON Lines, JSON, CSV and Parquet, a page of events at a time.

Nothing here holds more than one page, so an export of a million events needs the memory of
one page. Record formats (JSON Lines, JSON, GDELT, ICEWS, PLOVER) walk full ``Event`` records;
the flat formats (CSV, Parquet) read the flat row straight from SQL.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, TypeVar

from ..errors import MissingExtraError, NewsgraphError
from ..events import Event
from ..store.queries import ROW_COLUMNS, EventQuery
from .records import event_record, flat_record

if TYPE_CHECKING:
    from ..store import Store

FORMATS = ("jsonl", "json", "csv", "parquet", "gdelt", "icews", "plover")
TEXT_FORMATS = ("jsonl", "json", "csv")
PAGE_SIZE = 1000
T = TypeVar("T")


def iter_events(store: Store, query: EventQuery,
                page_size: int = PAGE_SIZE) -> Iterator[Event]:
    """The events matching ``query`` as full records (at most ``query.limit``; None: all), a
    page at a time."""
    def fetch(q: EventQuery) -> tuple[list[Event], str | None]:
        page = store.query_events(q)
        return page.events, page.next_cursor

    return _paged(fetch, query, page_size)


def iter_rows(store: Store, query: EventQuery,
              page_size: int = 10 * PAGE_SIZE) -> Iterator[tuple[Any, ...]]:
    """The matching events as flat rows (``ROW_COLUMNS``), a page at a time."""
    def fetch(q: EventQuery) -> tuple[list[tuple[Any, ...]], str | None]:
        page = store.query_rows(q)
        return page.rows, page.next_cursor

    return _paged(fetch, query, page_size)


def _paged(fetch: Callable[[EventQuery], tuple[list[T], str | None]], query: EventQuery,
           page_size: int) -> Iterator[T]:
    """Pages of ``page_size`` (the last one what is left of ``query.limit``), each fetched
    from the cursor the one before returned, until none follows."""
    q = EventQuery(**{**vars(query), "cursor": query.cursor})
    left = query.limit
    while left is None or left > 0:
        q.limit = page_size if left is None else min(page_size, left)
        items, q.cursor = fetch(q)
        yield from items
        if q.cursor is None:
            return
        left = None if left is None else left - len(items)


def write_events(events: Iterable[Event], out: IO[str], fmt: str = "jsonl") -> int:
    """Write events to a text stream, one at a time; returns how many were written."""
    n = 0
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event_record(event), ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "json":
        # an array written element by element, laid out as json.dump(indent=2) would
        out.write("[")
        for event in events:
            body = json.dumps(event_record(event), ensure_ascii=False, indent=2)
            out.write(("," if n else "") + "\n  " + body.replace("\n", "\n  "))
            n += 1
        out.write("\n]\n" if n else "]\n")
        return n
    if fmt == "csv":
        return write_rows((tuple(flat_record(e).values()) for e in events), out)
    raise NewsgraphError(f"unknown format '{fmt}': choose one of {', '.join(TEXT_FORMATS)}")


def write_rows(rows: Iterable[tuple[Any, ...]], out: IO[str]) -> int:
    """Flat rows (``ROW_COLUMNS``) as CSV with a header, one line at a time."""
    writer = csv.writer(out)
    writer.writerow(ROW_COLUMNS)
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def write_parquet(events: Iterable[Event], path: str, row_group: int = 10 * PAGE_SIZE) -> int:
    """Write flat event rows to a Parquet file in row groups (needs pyarrow)."""
    from .arrow import row_schema

    pa, pq = _parquet()
    schema = row_schema()
    n = 0
    with pq.ParquetWriter(path, schema, **parquet_options(schema.names)) as writer:
        batch: list[dict[str, Any]] = []
        for event in events:
            batch.append(flat_record(event))
            if len(batch) >= row_group:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        if batch or not n:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def write_parquet_tables(tables: Iterable[Any], path: str) -> int:
    """Arrow tables of flat rows (``arrow.row_tables``) as one Parquet file, a row group
    each."""
    from .arrow import row_schema

    _, pq = _parquet()
    schema = row_schema()
    n = 0
    with pq.ParquetWriter(path, schema, **parquet_options(schema.names)) as writer:
        for table in tables:
            writer.write_table(table)
            n += table.num_rows
        if not n:
            writer.write_table(schema.empty_table())
    return n


#: flat-row columns whose values are (nearly) all different: a dictionary page for them is
#: built and thrown away, and min/max statistics of free text prune no row group
DISTINCT_TEXT = ("id", "sentence", "article_ids", "date_text")
UNPRUNABLE = ("sentence", "article_ids")


def parquet_options(columns: list[str]) -> dict[str, Any]:
    """ParquetWriter options for the flat rows: dictionaries for the repeated values only
    (codes, names, countries), statistics for every column a reader may filter on; a fifth
    less writing than the defaults, and a smaller file."""
    return {"use_dictionary": [c for c in columns if c not in DISTINCT_TEXT],
            "write_statistics": [c for c in columns if c not in UNPRUNABLE]}


def _parquet() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError("Parquet export", "pandas") from None
    return pa, pq
