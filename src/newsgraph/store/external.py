"""Events imported from other coders' files, stored apart from newsgraph's own.

They live in ``external_events`` (migration 9): the merge lookup, the summary tables, the
stats and the web pages never read that table, so an imported GDELT file cannot change a count
newsgraph reports about its own coding. They are read only when a user names an origin.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from .queries import EventQuery, QueryError

#: the origin of newsgraph's own coded events (the default of --origin)
OWN = "newsgraph"
#: the columns an external event row has, in order (also the CSV header of its export)
COLUMNS = ("origin", "external_id", "date", "source_country", "source_name", "target_country",
           "target_name", "type", "cameo", "quad_class", "goldstein", "n_mentions", "url")


@dataclass
class ExternalEvent:
    """One record of another coder's file, reduced to what can be compared with ours."""

    origin: str
    external_id: str
    date: str | None = None
    source_country: str | None = None
    source_name: str | None = None
    target_country: str | None = None
    target_name: str | None = None
    type: str | None = None
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    n_mentions: int | None = None
    url: str | None = None


def add_external(conn: sqlite3.Connection, events: Iterable[tuple[ExternalEvent, Any]]) -> int:
    """Store (event, original record) pairs; a record already stored under its origin and id
    is skipped, so importing a file twice adds nothing. Returns how many were new."""
    before = conn.total_changes
    conn.executemany(
        f"INSERT OR IGNORE INTO external_events({', '.join(COLUMNS)}, record) "
        f"VALUES ({', '.join('?' * (len(COLUMNS) + 1))})",
        ([*asdict(e).values(), json.dumps(record, ensure_ascii=False, default=str)]
         for e, record in events))
    return conn.total_changes - before


def origins(conn: sqlite3.Connection) -> list[str]:
    """The origins imported into this database, sorted."""
    return [r[0] for r in conn.execute("SELECT DISTINCT origin FROM external_events ORDER BY 1")]


def external_rows(conn: sqlite3.Connection, origin: str, q: EventQuery) -> Iterator[dict[str, Any]]:
    """The imported events of ``origin`` (or every imported origin for 'all') that the
    query's country, dyad (as ISO3 codes), type, CAMEO prefix and date filters select, oldest
    first. Actor names other than country codes are matched against the names as given."""
    clauses: list[str] = []
    params: list[Any] = []
    if origin != "all":
        clauses.append("origin = ?")
        params.append(origin)
    if q.country:
        clauses.append("(source_country = ? OR target_country = ?)")
        params += [q.country.upper()] * 2
    if q.dyad:
        a, b = (x.upper() for x in q.dyad)
        clauses.append("((source_country = ? AND target_country = ?) OR "
                       "(source_country = ? AND target_country = ?))")
        params += [a, b, b, a]
    if q.actor:
        clauses.append("(source_country = ? OR target_country = ? OR source_name LIKE ? "
                       "OR target_name LIKE ?)")
        params += [q.actor.upper()] * 2 + [f"%{q.actor}%"] * 2
    if q.type:
        if q.type.isdigit():
            clauses.append("cameo LIKE ?")
            params.append(q.type + "%")
        else:
            clauses.append("type = ?")
            params.append(q.type.upper())
    if q.since:
        clauses.append("date >= ?")
        params.append(q.since.isoformat())
    if q.until:
        clauses.append("date <= ?")
        params.append(q.until.isoformat())
    if q.text:
        raise QueryError("search", "imported events have no sentences to search")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    limit = f" LIMIT {int(q.limit)}" if q.limit else ""
    cur = conn.cursor()
    cur.row_factory = None
    for row in cur.execute(f"SELECT {', '.join(COLUMNS)} FROM external_events {where} "
                           f"ORDER BY date, origin, external_id{limit}", params):
        yield dict(zip(COLUMNS, row, strict=True))


def pair_month_counts(conn: sqlite3.Connection, origin: str) -> dict[tuple[str, str, str], int]:
    """(source ISO3, target ISO3, YYYY-MM) -> events, for an imported origin or for
    newsgraph's own asserted events (``OWN``): the comparison users make between coders."""
    if origin == OWN:
        side = ("(SELECT a.country FROM event_actors a WHERE a.event_id = e.id AND a.role = '{}' "
                "ORDER BY a.position LIMIT 1)")
        sql = (f"SELECT {side.format('source')}, {side.format('target')}, "
               "substr(e.date_start, 1, 7), count(*) FROM events e WHERE e.modality = 'asserted'"
               " AND e.date_precision = 'day' GROUP BY 1, 2, 3")
        rows = conn.execute(sql).fetchall()
    else:
        rows = conn.execute(
            "SELECT source_country, target_country, substr(date, 1, 7), count(*) FROM "
            "external_events WHERE origin = ? AND date IS NOT NULL GROUP BY 1, 2, 3",
            (origin,)).fetchall()
    return {(r[0], r[1], r[2]): r[3] for r in rows if r[0] and r[1] and r[2]}


def own_as_external(row: dict[str, Any]) -> dict[str, Any]:
    """One of newsgraph's flat event rows (``queries.ROW_COLUMNS``) in the imported events'
    columns, its first actor of each side, so ``--origin all`` lists both in one shape."""
    def first(value: Any) -> Any:
        return str(value).split("|")[0] or None if value else None

    return {"origin": OWN, "external_id": row["id"], "date": row["date"],
            "source_country": first(row["source_countries"]),
            "source_name": first(row["source_names"]),
            "target_country": first(row["target_countries"]),
            "target_name": first(row["target_names"]), "type": row["type"],
            "cameo": row["cameo"], "quad_class": row["quad_class"],
            "goldstein": row["goldstein"], "n_mentions": row["n_mentions"], "url": None}
