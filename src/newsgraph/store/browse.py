"""Read questions of the web pages: exact actor lookup, pickers, counterparts, one page's chart,
search hits with snippets, outlets, and the relations graph under the same filters as a list.

Every aggregate here that sits beside an event list takes the list's ``EventQuery`` and counts
through ``queries.event_filter``, so a page's header, chart and list are one set of numbers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .dialect import dialect_of
from .queries import EventQuery, count_events, event_filter, fts_query, query_rows

#: the chart's periods, each named by its first day (``Dialect.period_start``)
PERIODS = ("day", "week", "month", "year")
#: highlight markers of FTS snippets: control characters no article text keeps
MARK_START, MARK_END = "\x02", "\x03"
#: at most this many rows are skipped by an offset page (deeper pages need a narrower query)
MAX_OFFSET = 100_000
#: a filtered search counts its matches up to this many and then says "more than"
MAX_COUNTED = 10_000


@dataclass
class ActorMatch:
    """One stored actor, as an exact lookup finds it."""

    id: str
    name: str
    kind: str
    country: str | None


def like_pattern(text: str) -> str:
    r"""``text`` as a LIKE substring pattern with its own ``%``, ``_`` and ``\`` escaped (use with
    ``ESCAPE '\'``): a user's ``%`` matches a percent sign, never every actor."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find_actor(conn: sqlite3.Connection, text: str) -> ActorMatch | None:
    """The actor whose id, name or one alias is exactly ``text`` (case-insensitive), or None.

    No substring matching: a page or an API filter names one actor, and fuzzy matching lives in
    ``search_actors`` only."""
    text = text.strip()
    if not text:
        return None
    sql = "SELECT id, name, kind, country FROM actors WHERE {} LIMIT 1"
    for where, value in (("id = ? COLLATE NOCASE", text), ("name = ? COLLATE NOCASE", text)):
        row = conn.execute(sql.format(where), (value,)).fetchone()
        if row:
            return ActorMatch(row[0], row[1], row[2], row[3])
    if len(text) == 3 and text.isalpha():  # an ISO3 code names its country actor
        row = conn.execute(sql.format("kind = 'country' AND country = ? ORDER BY id"),
                           (text.upper(),)).fetchone()
        if row:
            return ActorMatch(row[0], row[1], row[2], row[3])
    needle = json.dumps(text, ensure_ascii=False).lower()
    for row in conn.execute(
        "SELECT id, name, kind, country, aliases FROM actors WHERE instr(lower(aliases), ?) > 0 "
        "ORDER BY id LIMIT 20", (needle,)
    ):
        if text.lower() in (a.lower() for a in json.loads(row[4] or "[]")):
            return ActorMatch(row[0], row[1], row[2], row[3])
    return None


def country_seen(conn: sqlite3.Connection, code: str) -> bool:
    """Whether any event party acts for the country with this ISO3 code."""
    return conn.execute("SELECT 1 FROM event_actors WHERE country = ? LIMIT 1",
                        (code.upper(),)).fetchone() is not None


def search_actors(conn: sqlite3.Connection, text: str, limit: int = 20,
                  offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Actors whose name, alias or id contains ``text`` (wildcards escaped), busiest first, and
    how many match in all."""
    pattern = like_pattern(text.strip())
    where = ("a.name LIKE ? ESCAPE '\\' OR a.aliases LIKE ? ESCAPE '\\' "
             "OR a.id LIKE ? ESCAPE '\\'")
    params = [pattern, pattern, pattern]
    total = conn.execute(f"SELECT count(*) FROM actors a WHERE {where}", params).fetchone()[0]
    rows = conn.execute(
        "SELECT a.id, a.name, a.kind, a.country, COALESCE(c.n, 0) AS n_events FROM actors a "
        f"LEFT JOIN actor_counts c ON c.actor_id = a.id WHERE {where} "
        "ORDER BY n_events DESC, a.name, a.id LIMIT ? OFFSET ?",
        params + [limit, min(offset, MAX_OFFSET)],
    ).fetchall()
    return [dict(r) for r in rows], int(total)


def suggest_actors(conn: sqlite3.Connection, prefix: str, limit: int = 10) -> list[dict[str, Any]]:
    """Actors whose name starts with ``prefix`` (then those containing it), busiest first: what
    an autocomplete offers."""
    text = prefix.strip()
    if not text:
        return []
    starts = like_pattern(text)[1:]
    rows = conn.execute(
        "SELECT a.id, a.name, a.kind, a.country, COALESCE(c.n, 0) AS n_events, "
        "(a.name LIKE ? ESCAPE '\\') AS starts FROM actors a "
        "LEFT JOIN actor_counts c ON c.actor_id = a.id "
        "WHERE a.name LIKE ? ESCAPE '\\' OR a.aliases LIKE ? ESCAPE '\\' OR a.id = ? "
        "ORDER BY starts DESC, n_events DESC, a.name LIMIT ?",
        (starts, like_pattern(text), like_pattern(text), text, limit),
    ).fetchall()
    return [{k: r[k] for k in ("id", "name", "kind", "country", "n_events")} for r in rows]


def counterparts(conn: sqlite3.Connection, q: EventQuery, me: ActorMatch,
                 limit: int = 12) -> dict[str, list[dict[str, Any]]]:
    """Who the events ``q`` selects put on the other side of ``me``: as actors (persons,
    organisations, countries) and as the countries they act for, each with its event count and
    mean Goldstein. Iran's page lists Macron and France both."""
    clauses, params = event_filter(conn, q)
    where = " AND ".join(clauses) if clauses else "1 = 1"
    mine = "(ea.actor_id = ?" + (" OR ea.country = ?)" if me.kind == "country" and me.country
                                  else ")")
    mine_params: list[Any] = [me.id] + ([me.country] if me.kind == "country" and me.country
                                        else [])
    base = (f"FROM events e JOIN event_actors o ON o.event_id = e.id "
            f"AND o.role IN ('source','target') WHERE {where} "
            f"AND e.id IN (SELECT ea.event_id FROM event_actors ea "
            f"WHERE ea.role IN ('source','target') AND {mine}) "
            f"AND NOT (o.actor_id = ?{' OR o.country = ?' if len(mine_params) > 1 else ''})")
    args = params + mine_params + mine_params
    actors = conn.execute(
        f"SELECT o.actor_id AS id, max(o.name) AS name, max(o.kind) AS kind, "
        f"max(o.country) AS country, count(DISTINCT e.id) AS n, avg(e.goldstein) AS goldstein "
        f"{base} GROUP BY o.actor_id ORDER BY n DESC, o.actor_id LIMIT ?", args + [limit],
    ).fetchall()
    countries = conn.execute(
        f"SELECT o.country AS country, count(DISTINCT e.id) AS n, avg(e.goldstein) AS goldstein "
        f"{base} AND o.country IS NOT NULL AND o.country != ? GROUP BY o.country "
        f"ORDER BY n DESC, o.country LIMIT ?", args + [me.country or "", limit],
    ).fetchall()
    names = country_actor_ids(conn, [r["country"] for r in countries])
    return {
        "actors": [dict(r) for r in actors],
        "countries": [dict(r) | {"id": names.get(r["country"], (r["country"], r["country"]))[0],
                                 "name": names.get(r["country"], (r["country"], r["country"]))[1]}
                      for r in countries],
    }


def country_actor_ids(conn: sqlite3.Connection, codes: list[str]) -> dict[str, tuple[str, str]]:
    """ISO3 code -> (actor id, name) of the stored country actor for each code that has one."""
    if not codes:
        return {}
    rows = conn.execute(
        "SELECT country, id, name FROM actors WHERE kind = 'country' AND country IN "
        f"({','.join('?' * len(codes))}) ORDER BY id", codes).fetchall()
    out: dict[str, tuple[str, str]] = {}
    for r in rows:
        out.setdefault(r[0], (r[1], r[2]))
    return out


def busiest_pairs(conn: sqlite3.Connection, limit: int = 12,
                  modality: str = "asserted") -> list[dict[str, Any]]:
    """The busiest pairs regardless of direction, each with its two directed counts, read from
    the ``dyad_counts`` tally: China-US is one row, "China -> US 5, US -> China 3".

    The candidates are the ``4 * limit`` busiest directed rows (an index walk), each joined to
    its reverse by primary key, so the cost does not grow with the number of pairs; a pair
    whose two directions are each below that cut but whose sum is not can be missed."""
    top = conn.execute(
        "SELECT source_id, target_id FROM dyad_counts WHERE modality = ? AND "
        "source_id != target_id ORDER BY n DESC, source_id, target_id LIMIT ?",
        (modality, 4 * limit)).fetchall()
    pairs = sorted({(min(r[0], r[1]), max(r[0], r[1])) for r in top})
    rows = []
    for a, b in pairs:
        one = conn.execute(
            "SELECT COALESCE(sum(CASE WHEN source_id = ? THEN n END), 0) AS a_to_b, "
            "COALESCE(sum(CASE WHEN source_id = ? THEN n END), 0) AS b_to_a, "
            "sum(goldstein_sum) AS g_sum, sum(goldstein_n) AS g_n FROM dyad_counts "
            "WHERE modality = ? AND ((source_id = ? AND target_id = ?) OR "
            "(source_id = ? AND target_id = ?))", (a, b, modality, a, b, b, a)).fetchone()
        rows.append({"a": a, "b": b, "events": one["a_to_b"] + one["b_to_a"],
                     "a_to_b": one["a_to_b"], "b_to_a": one["b_to_a"],
                     "goldstein": one["g_sum"] / one["g_n"] if one["g_n"] else None})
    rows.sort(key=lambda r: (-r["events"], r["a"], r["b"]))
    rows = rows[:limit]
    names = actor_names(conn, sorted({r["a"] for r in rows} | {r["b"] for r in rows}))
    return [r | {"a_name": names.get(r["a"], r["a"]), "b_name": names.get(r["b"], r["b"])}
            for r in rows]


def busiest_pairs_as_pages_count(conn: sqlite3.Connection, limit: int = 12,
                                 modality: str = "asserted") -> list[dict[str, Any]]:
    """The busiest pairs (chosen by the tally of ``busiest_pairs``) with the numbers their pair
    pages show: a country side takes in its nationals, so France-Iran
    counts Macron's meetings with Iran too, and the home table and the pair page agree."""
    out = []
    for row in busiest_pairs(conn, limit, modality):
        a, b = find_actor(conn, row["a"]), find_actor(conn, row["b"])
        if a is None or b is None:
            continue
        q = EventQuery(dyad=(a.id, b.id), modality=modality, limit=None)
        out.append(row | direction_counts(conn, q, a, b))
    out.sort(key=lambda r: (-r["events"], r["a"], r["b"]))
    return out[:limit]


def actor_names(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {r[0]: r[1] for r in conn.execute(
        f"SELECT id, name FROM actors WHERE id IN ({','.join('?' * len(ids))})", ids)}


def direction_counts(conn: sqlite3.Connection, q: EventQuery, a: ActorMatch,
                     b: ActorMatch) -> dict[str, int]:
    """Of the events ``q`` selects, how many there are (``events``), how many have ``a`` on the
    source side and ``b`` on the target side, and how many the other way round (a country side
    takes in its nationals); one statement."""
    clauses, params = event_filter(conn, q)
    where = " AND ".join(clauses) if clauses else "1 = 1"

    def side(role: str, who: ActorMatch) -> tuple[str, list[Any]]:
        extra = " OR x.country = ?" if who.kind == "country" and who.country else ""
        p: list[Any] = [who.id] + ([who.country] if extra else [])
        return (f"EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND "
                f"x.role = '{role}' AND (x.actor_id = ?{extra}))", p)

    a_src, a_src_p = side("source", a)
    b_tgt, b_tgt_p = side("target", b)
    b_src, b_src_p = side("source", b)
    a_tgt, a_tgt_p = side("target", a)
    row = conn.execute(
        f"SELECT count(*), COALESCE(sum(CASE WHEN {a_src} AND {b_tgt} THEN 1 ELSE 0 END), 0), "
        f"COALESCE(sum(CASE WHEN {b_src} AND {a_tgt} THEN 1 ELSE 0 END), 0) FROM events e "
        f"WHERE {where}",
        a_src_p + b_tgt_p + b_src_p + a_tgt_p + params).fetchone()
    return {"events": int(row[0]), "a_to_b": int(row[1]), "b_to_a": int(row[2])}


def chart_data(conn: sqlite3.Connection, q: EventQuery, interval: str = "month") -> dict[str, Any]:
    """What a page's chart draws for the events ``q`` selects, in one set of numbers with the
    list: day-dated events counted per period by QuadClass (``periods``, each period named by its
    first day), events known only to the week, month or year as ``spans`` (first and last day,
    never moved to the first of the month), how many are undated, and the total."""
    if interval not in PERIODS:
        raise ValueError(f"interval must be one of {', '.join(PERIODS)}")
    clauses, params = event_filter(conn, q)
    where = " AND ".join(clauses) if clauses else "1 = 1"
    period = dialect_of(conn).period_start(interval, "e.date_start")
    periods = conn.execute(
        f"""SELECT {period} AS period, COALESCE(e.quad_class, 0) AS quad_class,
            count(*) AS n, avg(e.goldstein) AS goldstein FROM events e
            WHERE {where} AND e.date_start IS NOT NULL
            AND COALESCE(e.date_precision, 'day') = 'day'
            GROUP BY 1, 2 ORDER BY 1, 2""", params).fetchall()
    spans = conn.execute(
        f"""SELECT e.date_start AS start, e.date_end AS "end", e.date_precision AS precision,
            COALESCE(e.quad_class, 0) AS quad_class, count(*) AS n FROM events e
            WHERE {where} AND e.date_start IS NOT NULL
            AND COALESCE(e.date_precision, 'day') != 'day'
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4 LIMIT 2000""", params).fetchall()
    undated = conn.execute(f"SELECT count(*) FROM events e WHERE {where} AND e.date_start IS NULL",
                           params).fetchone()[0]
    return {"interval": interval, "periods": [dict(r) for r in periods],
            "spans": [dict(r) for r in spans], "undated": int(undated),
            "total": count_events(conn, q)}


def text_hits(conn: sqlite3.Connection, text: str, q: EventQuery, limit: int = 20,
              offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Sentences matching all words of ``text`` whose events ``q`` selects, the latest stored
    first, each with a snippet whose matched words sit between ``MARK_START`` and ``MARK_END``;
    and how many sentences match (with a filter: at most ``MAX_COUNTED`` + 1, read "more
    than ``MAX_COUNTED``")."""
    match = fts_query(conn, text)
    clauses, params = event_filter(conn, q)
    search = dialect_of(conn).text_search()
    snippet = search.snippet.format(start=MARK_START, end=MARK_END)
    columns = (f"m.event_id, m.article_id, m.published, e.type, e.date, e.quad_class, "
               f"e.goldstein, e.modality, {snippet} AS snippet")
    if not clauses and dialect_of(conn).fts5:
        # no filter: count and page in the FTS index alone, in descending rowid order (the
        # order sentences were stored), which FTS5 walks without sorting every match
        total = conn.execute("SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH ?",
                             (match,)).fetchone()[0]
        # the page's rowids first (a walk of the index), then their snippets by the rowid
        # range they span: the page is a run of consecutive matches, so the matches inside
        # its range are the page, and FTS5 seeks a rowid range where an IN list (or a join)
        # makes it read every match again, forty times dearer for a word in every sentence
        page = [r[0] for r in conn.execute(
            "SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH ? ORDER BY rowid DESC "
            "LIMIT ? OFFSET ?", (match, limit, min(offset, MAX_OFFSET)))]
        if not page:
            return [], int(total)
        rows = conn.execute(
            f"SELECT {columns} FROM mentions_fts JOIN mentions m ON m.id = mentions_fts.rowid "
            f"JOIN events e ON e.id = m.event_id WHERE mentions_fts MATCH ? AND "
            f"mentions_fts.rowid BETWEEN ? AND ? ORDER BY m.id DESC",
            (match, page[-1], page[0])).fetchall()
        return [dict(r) for r in rows], int(total)
    base = (f"FROM {search.source} JOIN events e ON e.id = m.event_id WHERE {search.match} "
            f"{''.join(' AND ' + c for c in clauses)}")
    # with a filter every match is joined to its event: the count stops past MAX_COUNTED
    total = conn.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {MAX_COUNTED + 1}) AS hits",
                         [match] + params).fetchone()[0]
    rows = conn.execute(
        f"SELECT {columns} {base} ORDER BY {search.newest} DESC LIMIT ? OFFSET ?",
        [match] + params + [limit, min(offset, MAX_OFFSET)]).fetchall()
    hits = [dict(r) for r in rows]
    if search.highlight is not None:
        for hit in hits:
            hit["snippet"] = search.highlight(hit["snippet"], text.split(), MARK_START, MARK_END)
    return hits, int(total)


def outlet_summary(conn: sqlite3.Connection, source: str) -> dict[str, Any] | None:
    """How much one outlet (an article's ``source``) reported: articles, first and last day,
    events; None when no stored article names it."""
    row = conn.execute(
        "SELECT count(*) AS articles, min(published) AS first, max(published) AS last, "
        "COALESCE(sum(n_events), 0) AS events FROM articles WHERE source = ?", (source,)
    ).fetchone()
    return dict(row) | {"source": source} if row and row["articles"] else None


def outlet_articles(conn: sqlite3.Connection, source: str, limit: int = 50,
                    offset: int = 0) -> list[dict[str, Any]]:
    """The outlet's articles, newest first (no text)."""
    return [dict(r) for r in conn.execute(
        "SELECT id, published, title, url, n_events FROM articles WHERE source = ? "
        "ORDER BY published DESC, id DESC LIMIT ? OFFSET ?",
        (source, limit, min(offset, MAX_OFFSET)))]


def outlet_pairs(conn: sqlite3.Connection, source: str, limit: int = 20) -> list[dict[str, Any]]:
    """The pairs this outlet reported most, regardless of direction: its events of the pair, all
    stored events of the pair, and its share of them."""
    rows = conn.execute(
        """WITH mine AS (SELECT DISTINCT m.event_id FROM mentions m
               JOIN articles a ON a.id = m.article_id WHERE a.source = ?),
           pairs AS (SELECT CASE WHEN e.source_id < e.target_id THEN e.source_id
                 ELSE e.target_id END AS a,
               CASE WHEN e.source_id < e.target_id THEN e.target_id ELSE e.source_id END AS b,
               count(*) AS n FROM events e JOIN mine ON mine.event_id = e.id
               WHERE e.source_id IS NOT NULL AND e.target_id IS NOT NULL
               AND e.source_id != e.target_id GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT ?)
           SELECT p.a, p.b, p.n,
             (SELECT COALESCE(sum(d.n), 0) FROM dyad_counts d
              WHERE (d.source_id = p.a AND d.target_id = p.b)
                 OR (d.source_id = p.b AND d.target_id = p.a)) AS total
           FROM pairs p ORDER BY p.n DESC, p.a, p.b""", (source, limit)).fetchall()
    names = actor_names(conn, sorted({r["a"] for r in rows} | {r["b"] for r in rows}))
    return [dict(r) | {"a_name": names.get(r["a"], r["a"]), "b_name": names.get(r["b"], r["b"]),
                       "share": (r["n"] / r["total"]) if r["total"] else None} for r in rows]


def relations(conn: sqlite3.Connection, q: EventQuery, limit: int = 200) -> dict[str, Any]:
    """The relations graph of the events ``q`` selects: directed edges (count, mean Goldstein),
    the ``limit`` heaviest; nodes with kind, country and their number of events in the graph;
    and how many edges there were before the cut."""
    only_modality = EventQuery(modality=q.modality, limit=q.limit, descending=q.descending)
    if q == only_modality and q.modality != "all":
        # one modality, no other filter: the busiest rows of the dyad_counts tally, in the order
        # of its index (no grouping, no sort)
        edges = [dict(r) for r in conn.execute(
            f"""SELECT source_id AS source, target_id AS target, n AS events, {_MEAN} AS goldstein
                FROM dyad_counts WHERE modality = ? AND source_id != target_id
                ORDER BY n DESC, source_id, target_id LIMIT ?""", (q.modality, limit))]
        total = conn.execute("SELECT count(*) FROM dyad_counts WHERE modality = ? AND "
                             "source_id != target_id", (q.modality,)).fetchone()[0]
        return _graph_of(conn, edges, int(total))
    if q == only_modality:
        # no filter but the modality: the dyad_counts tally has the edges already
        where, params = "d.source_id != d.target_id", []
        if q.modality != "all":
            where, params = where + " AND d.modality = ?", [q.modality]
        grouped = (f"SELECT d.source_id AS source, d.target_id AS target, sum(d.n) AS events, "
                   f"CASE WHEN sum(d.goldstein_n) > 0 THEN sum(d.goldstein_sum) / "
                   f"sum(d.goldstein_n) END AS goldstein FROM dyad_counts d WHERE {where} "
                   f"GROUP BY d.source_id, d.target_id")
    else:
        clauses, params = event_filter(conn, q)
        clauses += ["e.source_id IS NOT NULL", "e.target_id IS NOT NULL",
                    "e.source_id != e.target_id"]
        grouped = (f"SELECT e.source_id AS source, e.target_id AS target, count(*) AS events, "
                   f"avg(e.goldstein) AS goldstein FROM events e WHERE {' AND '.join(clauses)} "
                   f"GROUP BY e.source_id, e.target_id")
    total = conn.execute(f"SELECT count(*) FROM ({grouped}) AS edges", params).fetchone()[0]
    edges = [dict(r) for r in conn.execute(
        f"{grouped} ORDER BY events DESC, source, target LIMIT ?", params + [limit])]
    return _graph_of(conn, edges, int(total))


#: the mean Goldstein of a dyad_counts row; NULL when none of its events had a score
_MEAN = "CASE WHEN goldstein_n > 0 THEN goldstein_sum / goldstein_n END"


def _graph_of(conn: sqlite3.Connection, edges: list[dict[str, Any]],
              total: int) -> dict[str, Any]:
    """Nodes for the edges: each actor's kind, country and its events in the graph."""
    activity: dict[str, int] = {}
    for e in edges:
        activity[e["source"]] = activity.get(e["source"], 0) + e["events"]
        activity[e["target"]] = activity.get(e["target"], 0) + e["events"]
    ids = sorted(activity)
    nodes = []
    if ids:
        found = {r["id"]: dict(r) for r in conn.execute(
            f"SELECT id, name, kind, country FROM actors WHERE id IN ({','.join('?' * len(ids))})",
            ids)}
        for i in ids:
            node = found.get(i, {"id": i, "name": i, "kind": "unknown", "country": None})
            nodes.append(node | {"events": activity[i]})
    return {"nodes": nodes, "edges": edges, "edges_total": int(total)}


class Browser:
    """The read questions above, bound to one connection: what ``Newsgraph.browse()`` hands the
    web app, so no page reaches for a raw connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def find_actor(self, text: str) -> ActorMatch | None:
        return find_actor(self.conn, text)

    def flat_rows(self, q: EventQuery, page_size: int = 10_000) -> Iterator[tuple[Any, ...]]:
        """The events ``q`` selects as flat rows (``queries.ROW_COLUMNS``), at most ``q.limit``
        (None: all), read a page at a time from the cursor the page before returned."""
        page = EventQuery(**{**vars(q)})
        left = q.limit
        while left is None or left > 0:
            page.limit = page_size if left is None else min(page_size, left)
            found = query_rows(self.conn, page)
            yield from found.rows
            if found.next_cursor is None:
                return
            left = None if left is None else left - len(found.rows)
            page.cursor = found.next_cursor

    def data_stamp(self) -> tuple[int, int, int]:
        """Numbers that change whenever events or articles are written (the event tally, the
        last mention and article rowids): a cache of aggregates is good while they stay."""
        row = self.conn.execute(
            "SELECT (SELECT COALESCE(sum(n), 0) FROM event_counts), "
            "(SELECT COALESCE(max(id), 0) FROM mentions), "
            "(SELECT COALESCE(max(rowid), 0) FROM articles)").fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def country_seen(self, code: str) -> bool:
        return country_seen(self.conn, code)

    def search_actors(self, text: str, limit: int = 20,
                      offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        return search_actors(self.conn, text, limit, offset)

    def suggest_actors(self, prefix: str, limit: int = 10) -> list[dict[str, Any]]:
        return suggest_actors(self.conn, prefix, limit)

    def counterparts(self, q: EventQuery, me: ActorMatch,
                     limit: int = 12) -> dict[str, list[dict[str, Any]]]:
        return counterparts(self.conn, q, me, limit)

    def busiest_pairs(self, limit: int = 12) -> list[dict[str, Any]]:
        return busiest_pairs(self.conn, limit)

    def busiest_pairs_as_pages_count(self, limit: int = 12) -> list[dict[str, Any]]:
        return busiest_pairs_as_pages_count(self.conn, limit)

    def direction_counts(self, q: EventQuery, a: ActorMatch, b: ActorMatch) -> dict[str, int]:
        return direction_counts(self.conn, q, a, b)

    def chart_data(self, q: EventQuery, interval: str = "month") -> dict[str, Any]:
        return chart_data(self.conn, q, interval)

    def count(self, q: EventQuery) -> int:
        return count_events(self.conn, q)

    def text_hits(self, text: str, q: EventQuery, limit: int = 20,
                  offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        return text_hits(self.conn, text, q, limit, offset)

    def outlet_summary(self, source: str) -> dict[str, Any] | None:
        return outlet_summary(self.conn, source)

    def outlet_articles(self, source: str, limit: int = 50,
                        offset: int = 0) -> list[dict[str, Any]]:
        return outlet_articles(self.conn, source, limit, offset)

    def outlet_pairs(self, source: str, limit: int = 20) -> list[dict[str, Any]]:
        return outlet_pairs(self.conn, source, limit)

    def relations(self, q: EventQuery, limit: int = 200) -> dict[str, Any]:
        return relations(self.conn, q, limit)

    def article_heads(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        from .summaries import article_heads

        return article_heads(self.conn, ids)

    def list_actors(self, kind: str | None = None, country: str | None = None,
                    limit: int = 50, offset: int = 0) -> list[Any]:
        """Stored actors, busiest first (no text search: that is ``search_actors``)."""
        from .summaries import list_actors

        return list_actors(self.conn, None, kind, country, limit, min(offset, MAX_OFFSET))

    def actor_series(self, q: EventQuery, interval: str) -> list[dict[str, Any]]:
        from .summaries import dyad_series

        return dyad_series(self.conn, q, interval)
