"""Aggregate questions: actors and their roles, dyad trends, the relations graph, counts."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from .queries import EventQuery, QueryError, _where

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
        "SELECT a.*, (SELECT count(DISTINCT event_id) FROM event_actors ea "
        "WHERE ea.actor_id = a.id AND ea.role IN ('source','target')) AS n_events "
        f"FROM actors a {where} ORDER BY n_events DESC, a.name"
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
        "SELECT a.*, (SELECT count(DISTINCT event_id) FROM event_actors ea WHERE ea.actor_id = a.id "
        "AND ea.role IN ('source','target')) AS n_events FROM actors a WHERE a.id = ?",
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
        """SELECT other.actor_id AS id, other.name AS name, count(DISTINCT e.id) AS n,
           avg(e.goldstein) AS goldstein
           FROM event_actors me JOIN events e ON e.id = me.event_id
           JOIN event_actors other ON other.event_id = e.id AND other.actor_id != me.actor_id
             AND other.role IN ('source','target')
           WHERE me.actor_id = ? AND me.role IN ('source','target') AND e.modality = 'asserted'
           GROUP BY other.actor_id ORDER BY n DESC LIMIT ?""",
        (actor_id, limit),
    ).fetchall()
    return [dict(r) for r in rows]


def dyad_series(
    conn: sqlite3.Connection, q: EventQuery, interval: str = "month"
) -> list[dict[str, Any]]:
    """Counts and mean Goldstein per interval, split by QuadClass, for the events ``q`` selects."""
    if interval not in INTERVALS:
        raise QueryError("interval", f"must be one of {', '.join(INTERVALS)}")
    clauses, params = _where(conn, q)
    clauses.append("e.date_start IS NOT NULL")
    where = "WHERE " + " AND ".join(clauses)
    fmt = INTERVALS[interval]
    rows = conn.execute(
        f"""SELECT strftime('{fmt}', e.date_start) AS period, count(*) AS events,
            avg(e.goldstein) AS goldstein,
            sum(e.quad_class = 1) AS verbal_cooperation, sum(e.quad_class = 2) AS material_cooperation,
            sum(e.quad_class = 3) AS verbal_conflict, sum(e.quad_class = 4) AS material_conflict
            FROM events e {where} GROUP BY period ORDER BY period""",
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
    q = EventQuery(since=since, until=until)
    clauses, params = _where(conn, q)
    clauses.append("e.source_id IS NOT NULL AND e.target_id IS NOT NULL")
    where = "WHERE " + " AND ".join(clauses)
    edges = [
        dict(r)
        for r in conn.execute(
            f"""SELECT e.source_id AS source, e.target_id AS target, count(*) AS events,
                avg(e.goldstein) AS goldstein FROM events e {where}
                GROUP BY e.source_id, e.target_id HAVING count(*) >= ?
                ORDER BY events DESC LIMIT ?""",
            params + [min_events, limit],
        ).fetchall()
    ]
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


def busiest_dyads(conn: sqlite3.Connection, limit: int = 10) -> list[dict[str, Any]]:
    rows = conn.execute(
        """SELECT e.source_id AS a, e.target_id AS b, sa.name AS a_name, sb.name AS b_name,
           count(*) AS events, avg(e.goldstein) AS goldstein
           FROM events e JOIN actors sa ON sa.id = e.source_id JOIN actors sb ON sb.id = e.target_id
           WHERE e.modality = 'asserted' GROUP BY e.source_id, e.target_id
           ORDER BY events DESC LIMIT ?""",
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
    """Counts a user checks after an ingest."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    by_type = {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT type, count(*) FROM events WHERE modality='asserted' GROUP BY type ORDER BY 2 DESC"
        )
    }
    by_modality = {
        r[0]: r[1] for r in conn.execute("SELECT modality, count(*) FROM events GROUP BY modality")
    }
    return {
        "articles": one("SELECT count(*) FROM articles"),
        "near_duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        "words": one("SELECT coalesce(sum(words), 0) FROM articles"),
        "events": one("SELECT count(*) FROM events"),
        "mentions": one("SELECT count(*) FROM mentions"),
        "merged_events": one("SELECT count(*) FROM events WHERE n_mentions > 1"),
        "multi_source_events": one("SELECT count(*) FROM events WHERE n_articles > 1"),
        "actors": one("SELECT count(*) FROM actors"),
        "learned_roles": one("SELECT count(*) FROM roles WHERE learned = 1"),
        "first_date": one("SELECT min(date_start) FROM events"),
        "last_date": one("SELECT max(date_end) FROM events"),
        "events_by_type": by_type,
        "events_by_modality": by_modality,
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
