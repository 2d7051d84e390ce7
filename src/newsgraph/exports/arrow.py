"""Flat event rows as Arrow tables, read page by page without Python objects per value.

The Parquet export's cost is in turning SQLite values into Python objects: at 100k events that
alone costs more than DuckDB needs to write the file. The ADBC SQLite driver reads a query's
result straight into Arrow, and pyarrow joins a page's actors and reports to its events in C++,
so the export's cost stays close to the SQL's. A page is at most ``page_size`` events, so memory
stays flat whatever the database size.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import MissingExtraError
from ..store.dialect import dialect_of
from ..store.places import PAGE_PLACES_SQL, PLACE_COLUMNS
from ..store.queries import (
    PAGE_ACTORS_SQL,
    PAGE_MENTIONS_SQL,
    ROW_COLUMNS,
    EventQuery,
    encode_cursor,
    query_rows,
    row_page_sql,
)

PAGE_SIZE = 50_000


def _arrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        raise MissingExtraError("Parquet export", "pandas") from None
    return pa, pc


def row_schema() -> Any:
    """The Arrow schema of the flat row: text, except the codes and counts that are numbers."""
    pa, _ = _arrow()
    numbers = {"quad_class": pa.int64(), "goldstein": pa.float64(), "confidence": pa.float64(),
               "n_mentions": pa.int64(), "n_articles": pa.int64(),
               "place_latitude": pa.float64(), "place_longitude": pa.float64()}
    return pa.schema([(c, numbers.get(c, pa.string())) for c in ROW_COLUMNS])


def _connect(path: str) -> Any:
    try:
        import adbc_driver_sqlite.dbapi as adbc
    except ImportError:
        raise MissingExtraError("Parquet export", "pandas") from None
    return adbc.connect(Path(path).resolve().as_uri() + "?mode=ro")


def row_tables(conn: sqlite3.Connection, path: str, query: EventQuery,
               page_size: int = PAGE_SIZE) -> Iterator[Any]:
    """Arrow tables of flat rows (``row_schema``) for the events matching ``query``, in the
    order of ``query_events``, ``page_size`` events at a time.

    ``conn`` (the store's) resolves actor names into the filter; the rows are read through a
    second, read-only connection to ``path`` that hands them over as Arrow.
    """
    schema = row_schema()
    q = EventQuery(**{**vars(query), "cursor": None})
    if dialect_of(conn).name != "sqlite":  # ADBC reads SQLite files; elsewhere the flat rows
        yield from _tables_of_rows(conn, q, page_size, schema)
        return
    left = query.limit
    adbc = _connect(path)
    try:
        cur = adbc.cursor()
        # the driver guesses each column's type from the rows of its first batch; a page in one
        # batch means a column is only guessed from all its values
        cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(page_size + 1)})
        while left is None or left > 0:
            q.limit = page_size if left is None else min(page_size, left)
            sql, params = row_page_sql(conn, q)
            cur.execute(sql, params)
            events = cur.fetch_arrow_table()
            more = events.num_rows > q.limit
            events = events.slice(0, q.limit)
            left = None if left is None else left - events.num_rows
            if events.num_rows:
                yield _join_page(cur, events, schema)
            if not more:
                return
            last = events.slice(events.num_rows - 1).to_pylist()[0]
            q.cursor = encode_cursor(last["date_start"], last["id"])
    finally:
        adbc.close()


def _tables_of_rows(conn: sqlite3.Connection, q: EventQuery, page_size: int,
                    schema: Any) -> Iterator[Any]:
    """The pages of ``query_rows`` as Arrow tables (PostgreSQL: the rows come as Python
    values through the store's connection, a page at a time)."""
    pa, _ = _arrow()
    left = q.limit
    while left is None or left > 0:
        q.limit = page_size if left is None else min(page_size, left)
        page = query_rows(conn, q)
        if page.rows:
            columns = list(zip(*page.rows, strict=True))
            yield pa.table([pa.array(columns[i], type=field.type)
                            for i, field in enumerate(schema)], schema=schema)
        left = None if left is None else left - len(page.rows)
        if page.next_cursor is None:
            return
        q.cursor = page.next_cursor


def _join_page(cur: Any, events: Any, schema: Any) -> Any:
    """One page's events with their actors and reports joined on, as a ``row_schema`` table."""
    pa, pc = _arrow()
    ids = events.column(0)
    page = json.dumps(ids.to_pylist())
    cur.execute(PAGE_ACTORS_SQL, [page])
    actors = cur.fetch_arrow_table()
    cur.execute(PAGE_MENTIONS_SQL, [page])
    reports = cur.fetch_arrow_table()
    columns = {name: events.column(i) for i, name in enumerate(ROW_COLUMNS[:14])}
    columns["n_mentions"], columns["n_articles"] = events.column(14), events.column(15)
    columns["confidence"] = pc.round(columns["confidence"].cast(pa.float64()), 3)
    for role, names in (("source", ("source_ids", "source_names", "source_countries")),
                        ("target", ("target_ids", "target_names", "target_countries")),
                        ("claimed_by", (None, "claimed_by", None))):
        # rows come ordered by event, role and position, so each event's run is its list
        of_role = actors.filter(pc.equal(actors.column(1), role))
        for i, name in enumerate(names, start=2):
            if name:
                columns[name] = _joined_runs(ids, of_role.column(0), of_role.column(i))
    firsts = _run_starts(reports.column(0))
    at = pc.index_in(ids, value_set=pc.take(reports.column(0), firsts))
    columns["sentence"] = pc.fill_null(pc.take(pc.take(reports.column(2), firsts), at), "")
    by_article = reports.select([0, 1]).sort_by([("event_id", "ascending"),
                                                 ("article_id", "ascending")])
    keep = _distinct_pairs(by_article.column(0), by_article.column(1))
    by_article = by_article.filter(keep)
    columns["article_ids"] = _joined_runs(ids, by_article.column(0), by_article.column(1))
    cur.execute(PAGE_PLACES_SQL, [page])
    places = cur.fetch_arrow_table()
    # an empty result has no typed columns: cast, so no place reads as "" and null as rows do
    at_place = pc.index_in(ids, value_set=places.column(0).cast(pa.string()))
    for i, name in enumerate(PLACE_COLUMNS, start=1):
        point = name.endswith(("latitude", "longitude"))
        taken = pc.take(places.column(i).cast(pa.float64() if point else pa.string()), at_place)
        columns[name] = taken if point else pc.fill_null(taken, "")
    return pa.table([columns[c].cast(schema.field(c).type) for c in ROW_COLUMNS], schema=schema)


def _run_starts(keys: Any) -> Any:
    """Positions where a run of equal ``keys`` begins (the keys are sorted)."""
    pa, pc = _arrow()
    keys = keys.combine_chunks() if isinstance(keys, pa.ChunkedArray) else keys
    if len(keys) == 0:
        return pa.array([], type=pa.int64())
    changed = pc.not_equal(keys.slice(1), keys.slice(0, len(keys) - 1))
    return pa.concat_arrays([pa.array([0], type=pa.int64()),
                             pc.add(pc.indices_nonzero(changed), 1).cast(pa.int64())])


def _distinct_pairs(first: Any, second: Any) -> Any:
    """True for each row of sorted (first, second) pairs that differs from the row before."""
    pa, pc = _arrow()
    n = len(first)
    if n == 0:
        return pa.array([], type=pa.bool_())
    a, b = first.combine_chunks(), second.combine_chunks()
    differs = pc.or_(pc.not_equal(a.slice(1), a.slice(0, n - 1)),
                     pc.not_equal(b.slice(1), b.slice(0, n - 1)))
    return pa.concat_arrays([pa.array([True]), differs.combine_chunks()
                             if isinstance(differs, pa.ChunkedArray) else differs])


def _joined_runs(ids: Any, keys: Any, values: Any) -> Any:
    """For each of ``ids``, the ``values`` of its run of ``keys`` joined with '|' ('' for an
    id with none); ``keys`` are grouped, in the order the values should be joined."""
    pa, pc = _arrow()
    if len(keys) == 0:
        return pa.array([""] * len(ids), type=pa.string())
    starts = _run_starts(keys)
    offsets = pa.concat_arrays([starts, pa.array([len(keys)], type=pa.int64())])
    texts = pc.fill_null(values.combine_chunks().cast(pa.string()), "")
    lists = pa.LargeListArray.from_arrays(offsets, texts)
    joined = pc.binary_join(lists, "|")
    at = pc.index_in(ids, value_set=pc.take(keys, starts))
    return pc.fill_null(pc.take(joined, at), "")
