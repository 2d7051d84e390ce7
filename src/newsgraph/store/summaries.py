"""Aggregate questions: actors and their roles, dyad trends, the relations graph, counts.

Counts over all time come from the summary tables (``dyad_counts``, ``actor_counts``,
``actor_pairs``, ``event_counts``) that ``Store`` keeps in step with every event write, so a home
page or an actor list costs a few index entries on a million events. Questions with a date range
or a dyad filter read the events through their indexes. Ties are broken by id, so a page is the
same on every call.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from .dialect import dialect_of
from .queries import EventQuery, QueryError, event_filter

INTERVALS = {"day": "%Y-%m-%d", "week": "%Y-W%W", "month": "%Y-%m", "year": "%Y"}


@dataclass
class ActorSummary:
    """An actor as stored, with its roles and how often it appears in events."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    aliases: list[str]
    source: str
    roles: list[dict[str, Any]] = field(default_factory=list)
    n_events: int = 0


def list_actors(
    conn: sqlite3.Connection,
    search: str | None = None,
    kind: str | None = None,
    country: str | None = None,
    limit: int | None = 200,
    offset: int = 0,
) -> list[ActorSummary]:
    """Stored actors, busiest first."""
    clauses, params = [], []
    if search:
        clauses.append("(a.name LIKE ? OR a.aliases LIKE ? OR a.id = ?)")
        params += [f"%{search}%", f"%{search}%", search]
    if kind:
        clauses.append("a.kind = ?")
        params.append(kind)
    if country:
        clauses.append("a.country = ?")
        params.append(country.upper())
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (
        "SELECT a.*, COALESCE(c.n, 0) AS n_events FROM actors a "
        f"LEFT JOIN actor_counts c ON c.actor_id = a.id {where} "
        "ORDER BY n_events DESC, a.name, a.id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    out = []
    for r in conn.execute(sql, params).fetchall():
        summary = _summary(r)
        summary.roles = roles_of(conn, r["id"])
        out.append(summary)
    return out


def _summary(r: sqlite3.Row) -> ActorSummary:
    return ActorSummary(
        id=r["id"], name=r["name"], kind=r["kind"], country=r["country"], sector=r["sector"],
        aliases=json.loads(r["aliases"] or "[]"), source=r["source"],
        n_events=r["n_events"] if "n_events" in r.keys() else 0,
    )


def get_actor(conn: sqlite3.Connection, actor_id: str) -> ActorSummary | None:
    row = conn.execute(
        "SELECT a.*, COALESCE(c.n, 0) AS n_events FROM actors a "
        "LEFT JOIN actor_counts c ON c.actor_id = a.id WHERE a.id = ?",
        (actor_id,),
    ).fetchone()
    if row is None:
        return None
    summary = _summary(row)
    summary.roles = roles_of(conn, actor_id)
    return summary


def roles_of(conn: sqlite3.Connection, actor_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        'SELECT office, country, start, "end", source, learned, evidence FROM roles '
        "WHERE actor_id = ? ORDER BY start",
        (actor_id,),
    ).fetchall()
    return [dict(r) | {"learned": bool(r["learned"])} for r in rows]


def counterparts(conn: sqlite3.Connection, actor_id: str, limit: int = 10) -> list[dict[str, Any]]:
    """Actors this one most often meets in asserted events, with mean Goldstein."""
    rows = conn.execute(
        """SELECT other_id AS id, name, n,
           CASE WHEN goldstein_weight > 0 THEN goldstein_sum / goldstein_weight END AS goldstein
           FROM actor_pairs WHERE actor_id = ? ORDER BY n DESC, other_id LIMIT ?""",
        (actor_id, limit),
    ).fetchall()
    return [dict(r) for r in rows]


def dyad_series(
    conn: sqlite3.Connection, q: EventQuery, interval: str = "month"
) -> list[dict[str, Any]]:
    """Counts and mean Goldstein per interval, split by QuadClass, for the events ``q`` selects."""
    if interval not in INTERVALS:
        raise QueryError("interval", f"must be one of {', '.join(INTERVALS)}")
    clauses, params = event_filter(conn, q)
    clauses.append("e.date_start IS NOT NULL")
    where = "WHERE " + " AND ".join(clauses)
    period = dialect_of(conn).strftime(INTERVALS[interval], "e.date_start")
    quads = ", ".join(f"sum(CASE WHEN e.quad_class IS NULL THEN NULL WHEN e.quad_class = {n} "
                      f"THEN 1 ELSE 0 END) AS {name}"
                      for n, name in enumerate(("verbal_cooperation", "material_cooperation",
                                                "verbal_conflict", "material_conflict"), 1))
    rows = conn.execute(
        f"""SELECT {period} AS period, count(*) AS events, avg(e.goldstein) AS goldstein,
            {quads} FROM events e {where} GROUP BY 1 ORDER BY 1""",
        params,
    ).fetchall()
    return [dict(r) for r in rows]


def relations_graph(
    conn: sqlite3.Connection,
    since: dt.date | None = None,
    until: dt.date | None = None,
    min_events: int = 1,
    limit: int = 300,
) -> dict[str, list[dict[str, Any]]]:
    """Actors as nodes, asserted events between them as edges (count, mean Goldstein)."""
    if since is None and until is None:
        edges = [dict(r) for r in conn.execute(
            f"""SELECT source_id AS source, target_id AS target, n AS events, {_MEAN} AS goldstein
                FROM dyad_counts WHERE modality = 'asserted' AND n >= ?
                ORDER BY n DESC, source_id, target_id LIMIT ?""",
            (min_events, limit),
        ).fetchall()]
    else:
        edges = _edges_in_range(conn, since, until, min_events, limit)
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = []
    if ids:
        marks = ",".join("?" * len(ids))
        nodes = [
            dict(r)
            for r in conn.execute(
                f"SELECT id, name, kind, country FROM actors WHERE id IN ({marks})", ids
            ).fetchall()
        ]
    return {"nodes": nodes, "edges": edges}


# the mean Goldstein of a summary row; NULL when none of its events had a score
_MEAN = "CASE WHEN goldstein_n > 0 THEN goldstein_sum / goldstein_n END"


def _edges_in_range(conn: sqlite3.Connection, since: dt.date | None, until: dt.date | None,
                    min_events: int, limit: int) -> list[dict[str, Any]]:
    """Edges of the asserted events that overlap a date range, read from the ``events_span``
    index alone. A span is at most a year (date_bounds), so an event that reaches ``since``
    starts at most 366 days before it: that bound lets the index seek."""
    clauses = ["e.modality = 'asserted'", "e.source_id IS NOT NULL", "e.target_id IS NOT NULL"]
    params: list[Any] = []
    if since:
        clauses.append("e.date_start >= ? AND e.date_end >= ?")
        params += [(since - dt.timedelta(days=366)).isoformat(), since.isoformat()]
    if until:
        clauses.append("e.date_start <= ?")
        params.append(until.isoformat())
    return [
        dict(r)
        for r in conn.execute(
            f"""SELECT e.source_id AS source, e.target_id AS target, count(*) AS events,
                avg(e.goldstein) AS goldstein FROM events e WHERE {" AND ".join(clauses)}
                GROUP BY e.source_id, e.target_id HAVING count(*) >= ?
                ORDER BY events DESC, source, target LIMIT ?""",
            params + [min_events, limit],
        ).fetchall()
    ]


def busiest_dyads(conn: sqlite3.Connection, limit: int = 10) -> list[dict[str, Any]]:
    """The pairs with the most asserted events, read from the ``dyad_counts`` tally."""
    rows = conn.execute(
        f"""SELECT d.source_id AS a, d.target_id AS b, sa.name AS a_name, sb.name AS b_name,
           d.n AS events, {_MEAN} AS goldstein
           FROM dyad_counts d JOIN actors sa ON sa.id = d.source_id
           JOIN actors sb ON sb.id = d.target_id
           WHERE d.modality = 'asserted' ORDER BY d.n DESC, d.source_id, d.target_id LIMIT ?""",
        (limit,),
    ).fetchall()
    return [dict(r) for r in rows]


def get_article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT id, published, title, url, source, origin, content_hash, text, words, "
        "duplicate_of, similarity, n_events, ingested_at FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    return dict(row) if row else None


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Counts a user checks after an ingest; event counts come from the ``event_counts`` tally."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    tally = conn.execute("SELECT type, modality, n, merged, multi_source FROM event_counts "
                         "WHERE n > 0").fetchall()
    by_type: dict[str, int] = {}
    for r in sorted((r for r in tally if r["modality"] == "asserted"),
                    key=lambda r: (-r["n"], r["type"])):
        by_type[r["type"]] = r["n"]
    by_modality: dict[str, int] = {}
    for r in tally:
        by_modality[r["modality"]] = by_modality.get(r["modality"], 0) + r["n"]
    return {
        "articles": one("SELECT count(*) FROM articles"),
        "near_duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        "words": one("SELECT coalesce(sum(words), 0) FROM articles"),
        "events": sum(r["n"] for r in tally),
        "mentions": one("SELECT count(*) FROM mentions"),
        "merged_events": sum(r["merged"] for r in tally),
        "multi_source_events": sum(r["multi_source"] for r in tally),
        "actors": one("SELECT count(*) FROM actors"),
        "learned_roles": one("SELECT count(*) FROM roles WHERE learned = 1"),
        "first_date": one("SELECT min(date_start) FROM events"),
        "last_date": one("SELECT max(date_end) FROM events"),
        "events_by_type": by_type,
        "events_by_modality": dict(sorted(by_modality.items())),
    }


def article_heads(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Title, outlet, URL and date of a few articles (no text): enough to cite them."""
    wanted = sorted(set(ids))[:500]
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT id, published, title, url, source FROM articles WHERE id IN ({marks})", wanted
    ).fetchall()
    return {r["id"]: dict(r) for r in rows}
