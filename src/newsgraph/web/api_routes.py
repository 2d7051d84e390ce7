"""The JSON API under ``/api``: each endpoint checks its parameters and calls one library query.

Lists are paginated: ``limit`` is at most ``MAX_LIMIT`` and ``/api/events`` hands back an opaque
``next_cursor`` (keyset pagination), so no request ever loads the whole table.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request
from pydantic import BaseModel, Field

from ..exports import event_record
from ..store import summaries
from ..store.queries import MODALITY_CHOICES, EventQuery
from .databases import Databases
from .errors import ApiError

MAX_LIMIT = 500
MAX_UPLOAD = 1000

router = APIRouter(prefix="/api")

MODALITY_HELP = f"One of {', '.join(MODALITY_CHOICES)}; 'asserted' (the default) is what happened."
LIMIT = Query(50, ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.")
# Annotated aliases: one description per shared parameter, and no calls in argument defaults
Since = Annotated[dt.date | None, Query(description="From this date (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Up to this date (YYYY-MM-DD).")]
Dyad = Annotated[list[str] | None, Query(description="Two actors: dyad=A,B (either direction).")]


def dbs(request: Request) -> Databases:
    databases: Databases = request.app.state.databases
    return databases


def parse_dyad(values: list[str] | None) -> tuple[str, str] | None:
    """``dyad=FRA,IRN`` or ``dyad=FRA&dyad=IRN`` -> ``("FRA", "IRN")``."""
    if not values:
        return None
    parts = [p.strip() for v in values for p in v.split(",") if p.strip()]
    if len(parts) != 2:
        raise ApiError(400, "dyad: give exactly two actors, as dyad=A,B or dyad=A&dyad=B", "dyad")
    return parts[0], parts[1]


def events_payload(request: Request, q: EventQuery) -> dict[str, Any]:
    """One page of events in the documented event format, with the URL of the next page."""
    graph = dbs(request).reader()
    page = graph.events_page(q)
    records = [event_record(e) for e in page.events]
    heads = summaries.article_heads(graph.store.conn,
                                    [m["article_id"] for r in records for m in r["mentions"]])
    next_url = None
    if page.next_cursor:
        next_url = str(request.url.include_query_params(cursor=page.next_cursor))
    return {"events": records, "articles": heads, "next_cursor": page.next_cursor,
            "next": next_url, "limit": q.limit}


@router.get("/events", summary="Events matching filters, sorted by date, one page at a time")
def list_events(
    request: Request,
    actor: str | None = Query(None, description="Actor id or name; a country matches its nationals."),
    country: str | None = Query(None, description="ISO 3166-1 alpha-3 code of a party."),
    dyad: Dyad = None,
    type: str | None = Query(None, description="PLOVER type (ASSAULT) or CAMEO prefix (19)."),
    since: Since = None,
    until: Until = None,
    modality: str = Query("asserted", description=MODALITY_HELP),
    q: str | None = Query(None, description="Full-text search in the source sentences."),
    article: str | None = Query(None, description="Only events reported by this article id."),
    order: str = Query("asc", pattern="^(asc|desc)$", description="asc (oldest first) or desc."),
    limit: int = LIMIT,
    cursor: str | None = Query(None, description="next_cursor of the previous page."),
) -> dict[str, Any]:
    query = EventQuery(actor=actor, country=country, dyad=parse_dyad(dyad), type=type,
                       since=since, until=until, modality=modality, text=q, article_id=article,
                       limit=limit, cursor=cursor, descending=order == "desc")
    return events_payload(request, query)


@router.get("/events/{event_id}", summary="One event with every source sentence and claim")
def get_event(request: Request, event_id: str) -> dict[str, Any]:
    event = dbs(request).reader().event(event_id)
    if event is None:
        raise ApiError(404, f"no event with id '{event_id}'", "event_id")
    record = event_record(event)
    heads = summaries.article_heads(dbs(request).reader().store.conn,
                                    [m["article_id"] for m in record["mentions"]])
    for mention in record["mentions"]:
        mention["article"] = heads.get(mention["article_id"])
    return record


@router.get("/timeline", summary="Events of one actor, or between two, in date order")
def timeline(
    request: Request,
    a: str = Query(..., description="Actor id or name."),
    b: str | None = Query(None, description="Second actor: events between a and b."),
    since: Since = None, until: Until = None,
    modality: str = Query("asserted", description=MODALITY_HELP),
    limit: int = LIMIT, cursor: str | None = Query(None),
) -> dict[str, Any]:
    query = EventQuery(actor=None if b else a, dyad=(a, b) if b else None, since=since,
                       until=until, modality=modality, limit=limit, cursor=cursor)
    return events_payload(request, query)


@router.get("/actors", summary="Actors seen in events, busiest first")
def list_actors(
    request: Request,
    search: str | None = Query(None, description="Part of a name or alias."),
    kind: str | None = Query(None, description="country, person, organisation, igo, ..."),
    country: str | None = Query(None, description="ISO3 code."),
    limit: int = LIMIT, offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    conn = dbs(request).reader().store.conn
    found = summaries.list_actors(conn, search, kind, country, limit, offset)
    return {"actors": [asdict(a) for a in found], "limit": limit, "offset": offset}


@router.get("/actors/{actor_id}", summary="An actor: roles over time, aliases, learned facts")
def get_actor(request: Request, actor_id: str,
              counterparts: int = Query(10, ge=0, le=100)) -> dict[str, Any]:
    graph = dbs(request).reader()
    found = graph.actor(actor_id)
    if found is None:
        raise ApiError(404, f"no actor with id '{actor_id}'", "actor_id")
    return asdict(found) | {
        "counterparts": summaries.counterparts(graph.store.conn, actor_id, counterparts)
    }


@router.get("/actors/{actor_id}/series", summary="An actor's events per period by QuadClass")
def actor_series(request: Request, actor_id: str, interval: str = Query("month"),
                 since: Since = None, until: Until = None) -> dict[str, Any]:
    conn = dbs(request).reader().store.conn
    q = EventQuery(actor=actor_id, since=since, until=until)
    return {"actor": actor_id, "interval": interval,
            "series": summaries.dyad_series(conn, q, interval)}


@router.get("/dyads", summary="The busiest pairs of actors")
def busiest(request: Request, limit: int = Query(10, ge=1, le=100)) -> dict[str, Any]:
    return {"dyads": summaries.busiest_dyads(dbs(request).reader().store.conn, limit)}


@router.get("/dyads/{a}/{b}/series",
            summary="Counts and mean Goldstein per period between two actors, by QuadClass")
def dyad_series(request: Request, a: str, b: str,
                interval: str = Query("month", description="day, week, month or year."),
                since: Since = None, until: Until = None) -> dict[str, Any]:
    series = dbs(request).reader().dyad_series(a, b, interval, since, until)
    return {"a": a, "b": b, "interval": interval, "series": series}


@router.get("/graph", summary="Relations network: actors as nodes, event counts as edges")
def graph(request: Request, since: Since = None, until: Until = None,
          min_events: int = Query(1, ge=1),
          limit: int = Query(150, ge=1, le=MAX_LIMIT, description="At most this many edges.")
          ) -> dict[str, Any]:
    return dbs(request).reader().graph(since, until, min_events, limit)


@router.get("/articles/{article_id}", summary="One stored article and the events it reports")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    found = dbs(request).reader().article(article_id)
    if found is None:
        raise ApiError(404, f"no article with id '{article_id}'", "article_id")
    return found


@router.get("/stats", summary="Counts of articles, events, merges, actors")
def stats(request: Request) -> dict[str, Any]:
    return dbs(request).reader().stats()


class ArticleIn(BaseModel):
    """One article, as a line of the JSON Lines input format."""

    id: str | None = None
    date: dt.date = Field(description="Publication date, YYYY-MM-DD.")
    title: str | None = None
    text: str = Field(min_length=1)
    url: str | None = None
    source: str | None = None


Articles = Annotated[list[ArticleIn], Body(max_length=MAX_UPLOAD)]


def check_token(request: Request, authorization: str | None) -> None:
    """Writes need ``Authorization: Bearer <token>`` and a server started with a token."""
    token: str | None = request.app.state.token
    if token is None:
        raise ApiError(403, "the server is read-only; start it with --token (or NEWSGRAPH_TOKEN) "
                            "to ingest over HTTP", "Authorization")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip(), token):
        raise ApiError(401, "send the server's token as 'Authorization: Bearer <token>'",
                       "Authorization", headers={"WWW-Authenticate": "Bearer"})


@router.post("/articles", summary="Ingest articles (needs the server's token)")
def post_articles(request: Request,
                  articles: Articles,
                  authorization: str | None = Header(None)) -> dict[str, Any]:
    check_token(request, authorization)
    if not articles:
        raise ApiError(400, "body: send a non-empty JSON list of articles", "body")
    databases = dbs(request)
    with tempfile.TemporaryDirectory(prefix="newsgraph-upload-") as tmp:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
        path = Path(tmp) / f"http-upload-{stamp}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for article in articles:
                fh.write(json.dumps(article.model_dump(mode="json", exclude_none=True)) + "\n")
        with databases.write_lock:
            report = databases.writer().ingest(path)
    body = asdict(report)
    body["errors"] = [e.replace(str(path), "body") for e in body["errors"]]
    return body
