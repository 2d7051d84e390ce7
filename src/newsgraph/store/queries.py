"""Read queries over the event database: filtered, paginated, never loading everything.

Every function takes a DB-API connection, builds parameterised SQL and returns records, so the
CLI, the Python API and the web app share one implementation of each question.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..actors import ActorRef
from ..errors import NewsgraphError
from ..events import Event, Mention
from ..places import Place
from .dialect import dialect_of
from .places import PLACE_COLUMNS, Near, near_clause, place_clause, place_fields, read_places

MODALITY_CHOICES = ("asserted", "future", "hypothetical", "negated", "denied", "alleged", "all")


class QueryError(NewsgraphError):
    """A query parameter is invalid; the message names the parameter."""

    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason


@dataclass
class EventQuery:
    """What a user asks of the events table; every field is optional."""

    actor: str | None = None
    country: str | None = None
    dyad: tuple[str, str] | None = None
    type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    modality: str = "asserted"
    text: str | None = None
    article_id: str | None = None
    limit: int | None = 100
    cursor: str | None = None
    descending: bool = False
    #: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
    quad_class: int | None = None
    #: where it happened: a place name (any case) or an ISO3 country code (store/places.py)
    place: str | None = None
    #: within a circle on the map (store/places.parse_near reads "LAT,LON,KM")
    near: Near | None = None


@dataclass
class Page:
    """One page of events and the cursor that fetches the next (None on the last page)."""

    events: list[Event]
    next_cursor: str | None = None
    total: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def resolve_actor_ids(conn: sqlite3.Connection, name_or_id: str) -> list[str]:
    """Actor ids for an id, a name or an alias (case-insensitive); exact matches win."""
    rows = conn.execute("SELECT id FROM actors WHERE id = ? COLLATE NOCASE", (name_or_id,)).fetchall()
    if rows:
        return [r[0] for r in rows]
    rows = conn.execute(
        "SELECT id FROM actors WHERE name = ? COLLATE NOCASE", (name_or_id,)
    ).fetchall()
    if rows:
        return [r[0] for r in rows]
    like = f"%{name_or_id}%"
    needle = json.dumps(name_or_id, ensure_ascii=False).lower()
    rows = conn.execute(
        "SELECT id FROM actors WHERE name LIKE ? OR lower(aliases) LIKE ? LIMIT 50",
        (like, f"%{needle}%"),
    ).fetchall()
    return [r[0] for r in rows]


def _encode_cursor(date_start: str | None, event_id: str) -> str:
    raw = json.dumps([date_start or "", event_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        date_start, event_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return str(date_start), str(event_id)
    except (ValueError, TypeError):
        raise QueryError("cursor", "not a cursor returned by a previous page") from None


def _actor_clause(conn: sqlite3.Connection, name: str, param: str) -> tuple[str, list[Any]]:
    ids = resolve_actor_ids(conn, name)
    # a country (by ISO3 code or by name) stands for everyone who acts for it: "FRA" and
    # "France" both take in Macron and the French army
    codes = [i.split(":", 1)[1] for i in ids if i.startswith("country:")]
    if len(name) == 3 and name.isalpha():
        codes.append(name.upper())
    if not ids and not codes:
        raise QueryError(param, f"no actor named or with id '{name}' (see: newsgraph actors)")
    ids = ids or [name]
    codes = codes or ids
    # an IN list (not a correlated EXISTS) lets SQLite start from the actor's index entries
    sql = (
        "e.id IN (SELECT ea.event_id FROM event_actors ea WHERE ea.role IN ('source','target') "
        f"AND (ea.actor_id IN ({','.join('?' * len(ids))}) "
        f"OR ea.country IN ({','.join('?' * len(codes))})))"
    )
    return sql, ids + codes


#: events that run on or after a day (its two parameters: the day, and a year before it)
SINCE_CLAUSE = "e.date_end >= ? AND COALESCE(e.date_start, '') >= ?"
#: of those, the ones that started in the year before the day and still run (its parameters:
#: a year before the day, the day, the day); the others are SINCE_CLAUSE's with the day twice
RUNNING_SINCE = ("COALESCE(e.date_start, '') >= ? AND COALESCE(e.date_start, '') < ? AND "
                 "e.date_end >= ? AND e.date_end > e.date_start")


def _where(conn: sqlite3.Connection, q: EventQuery) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if q.modality not in MODALITY_CHOICES:
        raise QueryError("modality", f"must be one of {', '.join(MODALITY_CHOICES)}")
    if q.modality != "all":
        clauses.append("e.modality = ?")
        params.append(q.modality)
    if q.actor:
        sql, p = _actor_clause(conn, q.actor, "actor")
        clauses.append(sql)
        params += p
    if q.dyad:
        for name, param in ((q.dyad[0], "dyad"), (q.dyad[1], "dyad")):
            sql, p = _actor_clause(conn, name, param)
            clauses.append(sql)
            params += p
    if q.country:
        clauses.append(
            "e.id IN (SELECT ea.event_id FROM event_actors ea "
            "WHERE ea.country = ? AND ea.role IN ('source','target'))"
        )
        params.append(q.country.upper())
    if q.type:
        clauses.append("(e.type = ? OR e.cameo LIKE ?)")
        params += [q.type.upper(), f"{q.type}%"]
    # the COALESCE bounds repeat the date filters in the terms of the events_order index, so a
    # date range seeks instead of scanning; a span is at most a year (date_bounds), hence 366
    if q.since:
        clauses.append(SINCE_CLAUSE)
        params += [q.since.isoformat(), (q.since - dt.timedelta(days=366)).isoformat()]
    if q.until:
        clauses.append("e.date_start <= ? AND COALESCE(e.date_start, '') <= ?")
        params += [q.until.isoformat(), q.until.isoformat()]
    if q.text:
        dialect = dialect_of(conn)
        clauses.append("e.id IN (SELECT m.event_id FROM mentions m WHERE m.id IN "
                       f"({dialect.mentions_matching()}))")
        params.append(dialect.text_query(_search_words(q.text)))
    if q.article_id:
        clauses.append("e.id IN (SELECT event_id FROM mentions WHERE article_id = ?)")
        params.append(q.article_id)
    if q.quad_class is not None:
        if q.quad_class not in (1, 2, 3, 4):
            raise QueryError("quad_class", "must be 1, 2, 3 or 4")
        clauses.append("e.quad_class = ?")
        params.append(q.quad_class)
    for sql, p in ([place_clause(conn, q.place)] if q.place else []) + (
            [near_clause(q.near)] if q.near else []):
        clauses.append(sql)
        params += p
    return clauses, params


def event_filter(conn: sqlite3.Connection, q: EventQuery) -> tuple[list[str], list[Any]]:
    """The SQL conditions (on ``events e``) and parameters that select the events ``q`` asks
    for, without order or paging: for aggregates that must count what a list shows."""
    return _where(conn, q)


def fts_query(conn: sqlite3.Connection, text: str) -> str:
    """User words as the full-text query of the connection's backend that matches them all,
    never read as search syntax (``dialect.text_query``)."""
    return dialect_of(conn).text_query(_search_words(text))


def _search_words(text: str) -> list[str]:
    words = [w for w in text.split() if w.strip()]
    if not words:
        raise QueryError("q", "empty search text")
    return words


def _page_sql(conn: sqlite3.Connection, q: EventQuery, columns: str) -> tuple[str, list[Any]]:
    """The ordered, filtered page query selecting ``columns`` (plain columns, ``e.date_start``
    and ``e.id`` among them), with one row more than the limit to tell if a page follows."""
    if q.limit is not None and q.limit < 1:
        raise QueryError("limit", "must be a positive number")
    # a since filter is added below, in two parts
    clauses, params = _where(conn, dataclasses.replace(q, since=None) if q.since else q)
    op, order = ("<", "DESC") if q.descending else (">", "ASC")
    if q.cursor:
        date_start, event_id = _decode_cursor(q.cursor)
        # spelled out (not a row value) so SQLite seeks the events_order index to the cursor
        clauses.append(f"COALESCE(e.date_start, '') {op}= ? AND "
                       f"(COALESCE(e.date_start, '') {op} ? OR e.id {op} ?)")
        params += [date_start, date_start, event_id]
    limit = f" LIMIT {int(q.limit) + 1}" if q.limit is not None else ""
    if q.since:
        return _since_page_sql(clauses, params, q.since, columns, order, limit)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (
        f"SELECT {columns} FROM events e {where} "
        f"ORDER BY COALESCE(e.date_start, '') {order}, e.id {order}"
    )
    return sql + limit, params


def _since_page_sql(clauses: list[str], params: list[Any], since: dt.date, columns: str,
                    order: str, limit: str) -> tuple[str, list[Any]]:
    """The page query of a ``since`` filter as the union of the events that start on or after
    the day (a seek in events_order) and those that started in the year before and still run
    (a seek in the small events_spanning index): the same rows, without reading through a year
    of events that ended before the day. ``clauses`` and ``params`` are the other filters.
    Each part is ordered and limited, then the union."""
    day, year_before = since.isoformat(), (since - dt.timedelta(days=366)).isoformat()
    parts: list[str] = []
    part_params: list[Any] = []
    for clause, own in ((SINCE_CLAUSE, [day, day]),
                        (RUNNING_SINCE, [year_before, day, day])):
        where = " AND ".join([*clauses, clause])
        parts.append(f"SELECT * FROM (SELECT {columns} FROM events e WHERE {where} "
                     f"ORDER BY COALESCE(e.date_start, '') {order}, e.id {order}{limit}) AS "
                     f"part{len(parts)}")
        part_params += [*params, *own]
    # the union is sorted by the columns date_start (never NULL here: a dated event) and id,
    # named by position, as a compound query must
    names = [c.strip() for c in columns.split(",")]
    by_date = len(names) - names[::-1].index("e.date_start")
    by_id = len(names) - names[::-1].index("e.id")
    sql = " UNION ALL ".join(parts) + f" ORDER BY {by_date} {order}, {by_id} {order}{limit}"
    return sql, part_params


def query_events(conn: sqlite3.Connection, q: EventQuery) -> Page:
    """Events matching ``q`` sorted by date, one page at a time (keyset pagination)."""
    ids, cursor = page_ids(conn, q)
    return Page(events=load_events(conn, ids), next_cursor=cursor)


def page_ids(conn: sqlite3.Connection, q: EventQuery) -> tuple[list[str], str | None]:
    """The ids of one page of the events matching ``q``, in order, and the next page's cursor
    (None on the last page)."""
    sql, params = _page_sql(conn, q, "e.id, e.date_start")
    cur = conn.cursor()
    cur.row_factory = None
    rows = cur.execute(sql, params).fetchall()
    more = q.limit is not None and len(rows) > q.limit
    rows = rows[: q.limit] if q.limit is not None else rows
    cursor = _encode_cursor(rows[-1][1], rows[-1][0]) if more and rows else None
    return [r[0] for r in rows], cursor


#: one flat row per event, lists joined with '|' (only the first report's sentence): what the
#: CSV and Parquet exports and the API's row reads return, without building Event objects;
#: story_id is the first report's story (``read_event_stories``), null before it is filed
ROW_COLUMNS = (
    "id", "date", "date_precision", "date_basis", "date_text", "date_after", "date_before",
    "type", "mode", "cameo",
    "quad_class", "goldstein", "modality", "confidence", "source_ids", "source_names",
    "source_countries", "target_ids", "target_names", "target_countries", "claimed_by",
    "n_mentions", "n_articles", "article_ids", "sentence", *PLACE_COLUMNS, "story_id",
)
_ROW_SELECT = ("e.id, e.date, e.date_precision, e.date_basis, e.date_text, e.date_after, "
               "e.date_before, e.type, e.mode, "
               "e.cameo, e.quad_class, e.goldstein, e.modality, e.confidence, e.n_mentions, "
               "e.n_articles, e.date_start, e.id")
_IN_PAGE = "IN (SELECT value FROM json_each(?))"  # one parameter, however long the page
#: the actors and the reports of one page of events (its ids as one JSON array parameter)
PAGE_ACTORS_SQL = ("SELECT event_id, role, actor_id, name, country FROM event_actors "
                   f"WHERE event_id {_IN_PAGE} ORDER BY event_id, role, position")
PAGE_MENTIONS_SQL = ("SELECT event_id, article_id, sentence FROM mentions "
                     f"WHERE event_id {_IN_PAGE} ORDER BY event_id, id")


def encode_cursor(date_start: str | None, event_id: str) -> str:
    """The cursor of the page that follows the event (date_start, event_id)."""
    return _encode_cursor(date_start, event_id)


def row_page_sql(conn: sqlite3.Connection, q: EventQuery) -> tuple[str, list[Any]]:
    """The page query of ``query_rows``: the event columns of ``ROW_COLUMNS`` that live on the
    events row (id .. confidence, n_mentions, n_articles), then the sort keys date_start, id."""
    return _page_sql(conn, q, _ROW_SELECT)


@dataclass
class RowPage:
    """One page of flat event rows (tuples in ``ROW_COLUMNS`` order) and the next cursor."""

    rows: list[tuple[Any, ...]]
    next_cursor: str | None = None


def query_rows(conn: sqlite3.Connection, q: EventQuery) -> RowPage:
    """Flat rows of the events matching ``q``, in the order and pages of ``query_events``.

    Three statements a page (events, their actors, their mentions) joined in one pass over
    tuples, so a 10k-event timeline costs about what its SQL costs.
    """
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: sqlite3.Row costs more than the rest of the work
    sql, params = row_page_sql(conn, q)
    found = cur.execute(sql, params).fetchall()
    more = q.limit is not None and len(found) > q.limit
    found = found[: q.limit] if q.limit is not None else found
    if not found:
        return RowPage([])
    page = json.dumps([r[0] for r in found])
    parties: dict[tuple[str, str], tuple[list[str], list[str], list[str]]] = {}
    for event_id, role, actor_id, name, country in cur.execute(PAGE_ACTORS_SQL, (page,)):
        lists = parties.setdefault((event_id, role), ([], [], []))
        lists[0].append(actor_id)
        lists[1].append(name)
        lists[2].append(country or "")
    reports: dict[str, tuple[set[str], str]] = {}
    for event_id, article_id, sentence in cur.execute(PAGE_MENTIONS_SQL, (page,)):
        if event_id in reports:
            reports[event_id][0].add(article_id)
        else:
            reports[event_id] = ({article_id}, sentence)
    none: tuple[list[str], list[str], list[str]] = ([], [], [])
    places = read_places(conn, [r[0] for r in found])
    stories = read_event_stories(conn, [r[0] for r in found])
    rows = []
    for r in found:
        src = parties.get((r[0], "source"), none)
        tgt = parties.get((r[0], "target"), none)
        articles, sentence = reports.get(r[0], (set(), ""))
        rows.append((
            *r[:13], round(r[13], 3), "|".join(src[0]), "|".join(src[1]), "|".join(src[2]),
            "|".join(tgt[0]), "|".join(tgt[1]), "|".join(tgt[2]),
            "|".join(parties.get((r[0], "claimed_by"), none)[1]), r[14], r[15],
            "|".join(sorted(articles)), sentence, *place_fields(places.get(r[0])),
            stories.get(r[0]),
        ))
    cursor = _encode_cursor(found[-1][-2], found[-1][-1]) if more else None
    return RowPage(rows, cursor)


def article_sources(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """(url, source, title, published) of each article id: what the GDELT, ICEWS and PLOVER
    exports name as the event's source document and publisher."""
    if not ids:
        return {}
    cur = conn.cursor()
    cur.row_factory = None
    return {r[0]: r[1:] for r in cur.execute(
        f"SELECT id, url, source, title, published FROM articles WHERE id {_IN_PAGE}",
        (json.dumps(list(ids)),))}


def country_names(conn: sqlite3.Connection) -> dict[str, str]:
    """ISO3 code -> name of every stored country actor (what ICEWS writes for a country)."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT country, name FROM actors WHERE kind = 'country' AND country IS NOT NULL")}


def panel_events(conn: sqlite3.Connection, modality: str = "asserted",
                 min_confidence: float | None = None) -> Iterator[tuple[Any, ...]]:
    """(date_start, date_precision, type, quad_class, goldstein, n_mentions, source country,
    target country) of every dated event, the countries those of each side's first actor:
    what a research panel counts. Streamed from the cursor."""
    if modality not in MODALITY_CHOICES:
        raise QueryError("modality", f"must be one of {', '.join(MODALITY_CHOICES)}")
    clauses: list[str] = ["e.date_start IS NOT NULL"]
    params: list[Any] = []
    if modality != "all":
        clauses.append("e.modality = ?")
        params.append(modality)
    if min_confidence is not None:
        clauses.append("e.confidence >= ?")
        params.append(min_confidence)
    side = ("(SELECT a.country FROM event_actors a WHERE a.event_id = e.id AND a.role = '{}' "
            "ORDER BY a.position LIMIT 1)")
    cur = conn.cursor()
    cur.row_factory = None
    yield from cur.execute(
        "SELECT e.date_start, e.date_precision, e.type, e.quad_class, e.goldstein, "
        f"e.n_mentions, {side.format('source')}, {side.format('target')} FROM events e "
        f"WHERE {' AND '.join(clauses)}", params)


def count_events(conn: sqlite3.Connection, q: EventQuery) -> int:
    clauses, params = _where(conn, q)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return int(conn.execute(f"SELECT count(*) FROM events e {where}", params).fetchone()[0])


#: the columns ``read_event_parts`` reads, in the order of its tuples
EVENT_COLUMNS = ("id", "type", "mode", "cameo", "quad_class", "goldstein", "modality",
                 "confidence", "date", "date_precision", "date_basis", "date_text", "date_after",
                 "date_before", "reciprocal")
ACTOR_COLUMNS = ("event_id", "role", "actor_id", "name", "kind", "country", "sector", "text",
                 "how")
MENTION_COLUMNS = ("event_id", "article_id", "published", "sentence", "start", "end", "trigger",
                   "trigger_start", "trigger_end", "rule", "claimed_by", "modality",
                   "confidence", "date", "date_basis", "date_text", "source", "target",
                   "merge_reason")


@dataclass
class EventParts:
    """The stored rows of some events as plain tuples (in the ``*_COLUMNS`` orders), by event
    id: what ``load_events`` builds ``Event`` objects from, and what the HTTP API turns straight
    into the documented records without building them (``exports.records.records_of``)."""

    ids: list[str]
    events: dict[str, tuple[Any, ...]]
    #: event id -> role -> actor rows by position
    actors: dict[str, dict[str, list[tuple[Any, ...]]]]
    #: event id -> mention rows in stored order (the first report first)
    mentions: dict[str, list[tuple[Any, ...]]]
    places: dict[str, Place]
    #: event id -> the story of the article that first reported it (``story_articles``)
    stories: dict[str, str] = field(default_factory=dict)


def _select(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def read_event_parts(conn: sqlite3.Connection, ids: Sequence[str]) -> EventParts:
    """The rows of the events ``ids`` (one statement per table, the ids as one parameter)."""
    parts = EventParts(list(ids), {}, {}, {}, {})
    if not ids:
        return parts
    page = (json.dumps(list(ids)),)
    cur = conn.cursor()
    cur.row_factory = None  # tuples: sqlite3.Row costs more than the rest of the work
    for row in cur.execute(f"SELECT {_select(EVENT_COLUMNS)} FROM events WHERE id {_IN_PAGE}",
                           page):
        parts.events[row[0]] = row
    for row in cur.execute(f"SELECT {_select(ACTOR_COLUMNS)} FROM event_actors WHERE event_id "
                           f"{_IN_PAGE} ORDER BY event_id, role, position", page):
        parts.actors.setdefault(row[0], {}).setdefault(row[1], []).append(row)
    for row in cur.execute(f"SELECT {_select(MENTION_COLUMNS)} FROM mentions WHERE event_id "
                           f"{_IN_PAGE} ORDER BY event_id, id", page):
        parts.mentions.setdefault(row[0], []).append(row)
    parts.places = read_places(conn, ids)
    parts.stories = read_event_stories(conn, ids)
    return parts


def read_event_stories(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """The story of each event: that of the article of its earliest report (publication day,
    then article id), as ``story_articles`` files it; events whose articles are not filed
    yet are left out."""
    if not ids:
        return {}
    cur = conn.cursor()
    cur.row_factory = None
    out: dict[str, str] = {}
    for event_id, story in cur.execute(
            "SELECT m.event_id, s.story_id FROM mentions m JOIN story_articles s ON "
            f"s.article_id = m.article_id WHERE m.event_id {_IN_PAGE} "
            "ORDER BY m.event_id, m.published, m.article_id", (json.dumps(list(ids)),)):
        out.setdefault(event_id, story)
    return out


def _ref(row: tuple[Any, ...]) -> ActorRef:
    """An event_actors row (``ACTOR_COLUMNS``) as the reference it was stored from."""
    return ActorRef(actor_id=row[2], name=row[3], kind=row[4] or "", country=row[5],
                    sector=row[6], text=row[7] or "", start=-1, end=-1, how=row[8] or "")


def _refs_from_json(text: str | None) -> list[ActorRef]:
    out = []
    for d in json.loads(text or "[]"):
        office = d.get("office")
        d["office"] = tuple(office) if office else None
        out.append(ActorRef(**{k: v for k, v in d.items() if k in ActorRef.__dataclass_fields__}))
    return out


def iso_day(value: Any) -> str:
    """A stored day as ISO text, whether the driver hands back text or a date."""
    return value if isinstance(value, str) else value.isoformat()


def _mention(row: tuple[Any, ...]) -> Mention:
    """A mentions row (``MENTION_COLUMNS``) as a ``Mention``."""
    m = Mention(
        article_id=row[1], published=dt.date.fromisoformat(iso_day(row[2])), sentence=row[3],
        start=row[4], end=row[5], trigger=row[6], trigger_start=row[7], trigger_end=row[8],
        rule=row[9], claimed_by=_refs_from_json(row[10]),
    )
    m.modality, m.confidence, m.date = row[11], row[12], row[13]
    m.date_basis, m.date_text = row[14], row[15]
    m.source, m.target = _refs_from_json(row[16]), _refs_from_json(row[17])
    m.merge_reason = row[18]
    return m


def load_events(conn: sqlite3.Connection, ids: Sequence[str]) -> list[Event]:
    """Full Event records (actors, mentions, merge reasons) for ids, in the order given."""
    parts = read_event_parts(conn, ids)
    out = []
    for event_id in ids:
        row = parts.events.get(event_id)
        if row is None:
            continue
        roles = {role: [_ref(r) for r in rows]
                 for role, rows in parts.actors.get(event_id, {}).items()}
        ms = parts.mentions.get(event_id, [])
        out.append(Event(
            type=row[1], mode=row[2], cameo=row[3], quad_class=row[4], goldstein=row[5],
            source=roles.get("source", []), target=roles.get("target", []), modality=row[6],
            confidence=row[7], claimed_by=roles.get("claimed_by", []), date=row[8],
            date_precision=row[9], date_basis=row[10], date_text=row[11], date_after=row[12],
            date_before=row[13], mentions=[_mention(m) for m in ms],
            merge_reasons=[m[18] for m in ms[1:] if m[18]],
            id=row[0], reciprocal=bool(row[14]), place=parts.places.get(event_id),
            story_id=parts.stories.get(event_id),
        ))
    return out
