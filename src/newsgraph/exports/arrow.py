"""Flat event rows as Arrow tables, read page by page without Python objects per value.

The Parquet export's cost is in turning SQLite values into Python objects: at 100k events that
alone costs more than DuckDB needs to write the file. The ADBC SQLite driver reads a query's
result straight into Arrow, and pyarrow joins a page's actors and reports to its events in C++,
so the export's cost stays close to the SQL's. A page is at most ``page_size`` events, so memory
stays flat whatever the database size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtraError
from ..store.places import PLACE_COLUMNS
from ..store.queries import ROW_COLUMNS, EventQuery, encode_cursor

if TYPE_CHECKING:
    from ..store import Store

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


def row_tables(store: Store, query: EventQuery, page_size: int = PAGE_SIZE) -> Iterator[Any]:
    """Arrow tables of flat rows (``row_schema``) for the events matching ``query`` in
    ``store``, in the order of ``query_events``, ``page_size`` events at a time.

    The store builds each page's statement (resolving actor names into the filter); the rows
    are read through a second, read-only connection to its file that hands them over as Arrow.
    """
    schema = row_schema()
    q = EventQuery(**{**vars(query), "cursor": None})
    if store.dialect.name != "sqlite":  # ADBC reads SQLite files; elsewhere the flat rows
        yield from _tables_of_rows(store, q, page_size, schema)
        return
    left = query.limit
    adbc = _connect(store.path)
    try:
        cur = adbc.cursor()
        # the driver guesses each column's type from the rows of its first batch; a page in one
        # batch means a column is only guessed from all its values
        cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(page_size + 1)})
        while left is None or left > 0:
            q.limit = page_size if left is None else min(page_size, left)
            sql, params = store.row_page_sql(q)
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


def _tables_of_rows(store: Store, q: EventQuery, page_size: int,
                    schema: Any) -> Iterator[Any]:
    """The pages of ``query_rows`` as Arrow tables (PostgreSQL: the rows come as Python
    values through the store's connection, a page at a time)."""
    pa, _ = _arrow()
    left = q.limit
    while left is None or left > 0:
        q.limit = page_size if left is None else min(page_size, left)
        page = store.query_rows(q)
        if page.rows:
            columns = list(zip(*page.rows, strict=True))
            yield pa.table([pa.array(columns[i], type=field.type)
                            for i, field in enumerate(schema)], schema=schema)
        left = None if left is None else left - len(page.rows)
        if page.next_cursor is None:
            return
        q.cursor = page.next_cursor


#: a page's actors, reports and places, looked up in the order of the page's sorted event ids
#: (one JSON array parameter; ``key`` is the position in it): the lookups then walk each index
#: in order, which costs SQLite a third less than ``IN (...)`` over the page in date order, and
#: no temporary index of the ids is built. Rows come in no promised order; ``_join_page`` sorts.
_BY_KEY = "FROM json_each(?) j CROSS JOIN {} ON {}.event_id = j.value"
PAGE_ACTORS_BY_KEY = ("SELECT j.key, a.role, a.position, a.actor_id, a.name, a.country "
                      + _BY_KEY.format("event_actors a", "a"))
PAGE_REPORTS_BY_KEY = ("SELECT j.key, m.id, m.article_id, m.sentence "
                       + _BY_KEY.format("mentions m", "m"))
PAGE_PLACES_BY_KEY = ("SELECT j.key, p.words, p.name, p.country, p.kind, p.latitude, p.longitude "
                      + _BY_KEY.format("event_places p", "p"))
#: the story of each report's article (``story_articles``): an event's story is its earliest
#: report's (publication day, then article id), as ``queries.read_event_stories`` reads it
PAGE_STORIES_BY_KEY = ("SELECT j.key, m.published, m.article_id, s.story_id "
                       + _BY_KEY.format("mentions m", "m")
                       + " JOIN story_articles s ON s.article_id = m.article_id")


def _join_page(cur: Any, events: Any, schema: Any) -> Any:
    """One page's events with their actors, reports and places joined on, as a ``row_schema``
    table.

    The joined rows carry the rank of their event's id in the page (``key``), which names the
    event's position in the page; lists are cut from the rows, sorted by that position, with
    integer arithmetic, so no value becomes a Python object and no column of text is hashed.
    """
    pa, pc = _arrow()
    np = _np()
    n = events.num_rows
    by_rank = pc.sort_indices(events.column(0)).to_numpy()  # page position of each rank
    page = _json_array(events.column(0).take(pa.array(by_rank)))
    columns = {name: events.column(i) for i, name in enumerate(ROW_COLUMNS[:14])}
    columns["n_mentions"], columns["n_articles"] = events.column(14), events.column(15)
    columns["confidence"] = pc.round(columns["confidence"].cast(pa.float64()), 3)
    cur.execute(PAGE_ACTORS_BY_KEY, [page])
    actors = cur.fetch_arrow_table()
    at, positions = by_rank[_ints(actors.column(0))], _ints(actors.column(2))
    roles = actors.column(1).cast(pa.string())
    for role, names in (("source", ("source_ids", "source_names", "source_countries")),
                        ("target", ("target_ids", "target_names", "target_countries")),
                        ("claimed_by", (None, "claimed_by", None))):
        rows = np.flatnonzero(pc.equal(roles, role).to_numpy(zero_copy_only=False))
        rows = rows[np.lexsort((positions[rows], at[rows]))]
        offsets = _offsets(at[rows], n)
        for i, name in enumerate(names, start=3):
            if name:
                columns[name] = _joined(offsets, actors.column(i), rows)
    cur.execute(PAGE_REPORTS_BY_KEY, [page])
    reports = cur.fetch_arrow_table()
    at = by_rank[_ints(reports.column(0))]
    rows = np.lexsort((_ints(reports.column(1)), at))  # each event's reports, oldest first
    firsts = rows[np.flatnonzero(np.diff(at[rows], prepend=-1) != 0)]
    columns["sentence"] = pc.fill_null(_scattered(reports.column(3), at[firsts], firsts, n), "")
    columns["article_ids"] = _article_ids(at[rows], reports.column(2).take(pa.array(rows)), n)
    cur.execute(PAGE_PLACES_BY_KEY, [page])
    places = cur.fetch_arrow_table()
    at = by_rank[_ints(places.column(0))]
    rows = np.arange(len(at))
    for i, name in enumerate(PLACE_COLUMNS, start=1):
        # an empty result has no typed columns: cast, so no place reads as "" and null as rows do
        point = name.endswith(("latitude", "longitude"))
        taken = _scattered(places.column(i).cast(pa.float64() if point else pa.string()), at,
                           rows, n)
        columns[name] = taken if point else pc.fill_null(taken, "")
    columns["story_id"] = _first_stories(cur, page, by_rank, n)
    return pa.table([columns[c].cast(schema.field(c).type) for c in ROW_COLUMNS], schema=schema)


def _first_stories(cur: Any, page: str, by_rank: Any, n: int) -> Any:
    """Each event's story in page order: that of its earliest filed report (publication day,
    then article id), null for an event none of whose articles is filed yet."""
    pa, pc = _arrow()
    np = _np()
    cur.execute(PAGE_STORIES_BY_KEY, [page])
    filed = cur.fetch_arrow_table()
    if not filed.num_rows:
        return pa.nulls(n, type=pa.string())
    filed = pa.table({"at": pa.array(by_rank[_ints(filed.column(0))]),
                      "published": filed.column(1).cast(pa.string()),
                      "article": filed.column(2).cast(pa.string()),
                      "story": filed.column(3).cast(pa.string())})
    filed = filed.sort_by([("at", "ascending"), ("published", "ascending"),
                           ("article", "ascending")])
    at = filed.column(0).to_numpy()
    firsts = np.flatnonzero(np.diff(at, prepend=-1) != 0)
    return _scattered(filed.column(3), at[firsts], firsts, n)


#: what a JSON string may not hold as it is: a quote, a backslash, a control character
_NEEDS_ESCAPE = r'["\\\x00-\x1f]'


def _json_array(ids: Any) -> str:
    """The ids as one JSON array, joined in Arrow (no Python string per id); ids that would
    need escaping go through ``json.dumps``."""
    pa, pc = _arrow()
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    if len(ids) == 0 or pc.any(pc.match_substring_regex(ids, _NEEDS_ESCAPE)).as_py():
        return json.dumps(ids.to_pylist())
    one = pa.LargeListArray.from_arrays(pa.array([0, len(ids)], type=pa.int64()), ids)
    return '["' + str(pc.binary_join(one, '","')[0].as_py()) + '"]'


def _article_ids(keys: Any, articles: Any, n: int) -> Any:
    """Each event's distinct article ids, sorted and joined with '|', in page order; ``keys``
    (the page positions of the rows' events) ascend. Only the events with several reports are
    sorted: most have one."""
    pa, pc = _arrow()
    np = _np()
    articles = articles.cast(pa.string())
    articles = articles.combine_chunks() if isinstance(articles, pa.ChunkedArray) else articles
    counts = np.bincount(keys, minlength=n)
    several = np.flatnonzero(counts[keys] > 1)
    if not len(several):
        return _joined(_offsets(keys, n), articles, None)
    pairs = pa.table({"key": keys[several], "article": articles.take(pa.array(several))})
    pairs = pairs.sort_by([("key", "ascending"), ("article", "ascending")])
    k, a = pairs.column(0).to_numpy(), pairs.column(1).combine_chunks()
    repeated = np.zeros(len(k), dtype=bool)
    if len(k) > 1:
        same = pc.equal(a.slice(1), a.slice(0, len(k) - 1)).to_numpy(zero_copy_only=False)
        repeated[1:] = (k[1:] == k[:-1]) & same
    single = np.flatnonzero(counts[keys] == 1)
    values = pa.concat_arrays([articles.take(pa.array(single, type=pa.int64())),
                               a.filter(pa.array(~repeated))])
    keys = np.concatenate((keys[single], k[~repeated]))
    rows = np.argsort(keys, kind="stable")
    return _joined(_offsets(keys[rows], n), values, rows)


def _np() -> Any:
    import numpy as np  # pyarrow's own dependency: loaded with it

    return np


def _ints(column: Any) -> Any:
    """An integer column as an int64 numpy array (an empty result's untyped column too)."""
    pa, _ = _arrow()
    return column.cast(pa.int64()).to_numpy().astype("int64", copy=False)


def _offsets(keys: Any, n: int) -> Any:
    """List offsets for ``n`` events from the page positions of their rows (ascending): event
    k's rows are ``offsets[k]:offsets[k + 1]``."""
    np = _np()
    return np.concatenate(([0], np.cumsum(np.bincount(keys, minlength=n)))).astype("int64")


def _joined(offsets: Any, values: Any, rows: Any) -> Any:
    """Each event's values (``values`` taken at ``rows``, or as they are for None) joined with
    '|'; '' for an event with none."""
    pa, pc = _arrow()
    texts = pc.fill_null(values.cast(pa.string()), "")
    texts = texts.take(pa.array(rows)) if rows is not None else texts
    texts = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
    return pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), texts), "|")


def _scattered(values: Any, at: Any, rows: Any, n: int) -> Any:
    """A column of ``n`` events holding ``values[rows[j]]`` at page position ``at[j]``, null at
    the others."""
    pa, _ = _arrow()
    np = _np()
    where = np.full(n, -1, dtype="int64")
    where[at] = rows
    return values.take(pa.array(where, mask=where < 0))
