"""The JSON API under ``/api``: each endpoint checks its parameters and calls one library query.

Lists are paginated: ``limit`` is at most ``MAX_LIMIT`` and ``/api/events`` hands back an opaque
``next_cursor`` (keyset pagination), so no request ever loads the whole table. Actors are looked
up exactly (id, name or alias); an unknown one is a 400, and fuzzy matching lives in
``/api/actors/search`` only. ``/api/export`` streams every event a filter selects as CSV, JSON or
JSON Lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from ..api import Newsgraph
from ..exports import event_record
from ..store.places import parse_near
from ..store.queries import MODALITY_CHOICES, ROW_COLUMNS, EventQuery
from .databases import Databases
from .errors import ApiError
from .filters import MAX_INT, Filters, read_filters, resolve_party

MAX_LIMIT = 500
MAX_UPLOAD = 1000
MAX_EDGES = 2000

router = APIRouter(prefix="/api")
PLACE_HELP = "Where it happened: a place name (any case) or an ISO3 country code."
NEAR_HELP = "Where it happened: within KM of a point, as LAT,LON,KM (cities only)."

MODALITY_HELP = f"One of {', '.join(MODALITY_CHOICES)}; 'asserted' (the default) is what happened."
LIMIT = Query(50, ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.")
OFFSET = Query(0, ge=0, le=100_000, description="Rows to skip, 0 to 100000.")
# Annotated aliases: one description per shared parameter, and no calls in argument defaults
Since = Annotated[dt.date | None, Query(description="From this date (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Up to this date (YYYY-MM-DD).")]
Dyad = Annotated[list[str] | None, Query(description="Two actors: dyad=A,B (either direction).")]
Quad = Annotated[int | None, Query(ge=1, le=4, description="QuadClass: 1 verbal cooperation, "
                                   "2 material cooperation, 3 verbal conflict, 4 material conflict.")]
Order = Annotated[str, Query(pattern="^(asc|desc)$", description="asc (oldest first) or desc.")]


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


def who(graph: Newsgraph, actor: str | None = None, country: str | None = None,
        dyad: tuple[str, str] | None = None) -> dict[str, Any]:
    """The actor fields of an ``EventQuery``, each looked up exactly (a 400 when unknown)."""
    browser = graph.browse()
    fields: dict[str, Any] = {}
    if actor:
        fields["actor"] = resolve_party(browser, actor, "actor").id
    if country:
        code = resolve_party(browser, country, "country")
        if code.kind != "country" or not code.country:
            raise ApiError(400, f"country: '{country}' is not a country; give an ISO3 code",
                           "country")
        fields["country"] = code.country
    if dyad:
        fields["dyad"] = (resolve_party(browser, dyad[0], "dyad").id,
                          resolve_party(browser, dyad[1], "dyad").id)
    return fields


class FastJSONResponse(JSONResponse):
    """A JSON response encoded by orjson: the standard encoder took about 2 ms of CPU for
    each 100 kB, as long as the whole rest of a page of events."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def plain_json(body: dict[str, Any]) -> JSONResponse:
    """``body`` (plain JSON types already) as the response, without FastAPI's recursive
    ``jsonable_encoder``, which costs more than the query on a page of 200 events."""
    return FastJSONResponse(body)


def events_payload(request: Request, q: EventQuery, total: bool = False) -> dict[str, Any]:
    """One page of events in the documented event format, with the URL of the next page."""
    graph = dbs(request).reader()
    records, next_cursor = graph.event_records(q)
    heads = graph.browse().article_heads([m["article_id"] for r in records for m in r["mentions"]])
    next_url = None
    if next_cursor:
        next_url = str(request.url.include_query_params(cursor=next_cursor))
    body = {"events": records, "articles": heads, "next_cursor": next_cursor,
            "next": next_url, "limit": q.limit}
    if total:
        q_all = EventQuery(**{**vars(q), "cursor": None})
        body["total"] = graph.browse().count(q_all)
    return body


@router.get("/events", summary="Events matching filters, sorted by date, one page at a time")
def list_events(
    request: Request,
    actor: str | None = Query(None, description="Actor id, name or alias (exact); a country "
                                                "matches its nationals."),
    country: str | None = Query(None, description="ISO 3166-1 alpha-3 code of a party."),
    dyad: Dyad = None,
    type: str | None = Query(None, description="PLOVER type (ASSAULT) or CAMEO prefix (19)."),
    quad_class: Quad = None,
    since: Since = None,
    until: Until = None,
    modality: str = Query("asserted", description=MODALITY_HELP),
    q: str | None = Query(None, max_length=500,
                          description="Full-text search in the source sentences."),
    article: str | None = Query(None, description="Only events reported by this article id."),
    place: str | None = Query(None, max_length=100, description=PLACE_HELP),
    near: str | None = Query(None, max_length=100, description=NEAR_HELP),
    order: Order = "asc",
    limit: int = LIMIT,
    cursor: str | None = Query(None, max_length=2000,
                               description="next_cursor of the previous page."),
    total: bool = Query(False, description="Also count every matching event."),
) -> JSONResponse:
    graph = dbs(request).reader()
    query = EventQuery(**who(graph, actor, country, parse_dyad(dyad)), type=type, since=since,
                       until=until, modality=modality, text=q, article_id=article, limit=limit,
                       cursor=cursor, descending=order == "desc", quad_class=quad_class,
                       place=place, near=parse_near(near) if near else None)
    return plain_json(events_payload(request, query, total))


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                "jsonl": "application/x-ndjson"}


def _export_chunks(path: str, q: EventQuery, fmt: str) -> Iterator[str]:
    """The rows of ``q`` in ``fmt``, a few hundred at a time, read through a connection of its
    own (a streamed body is read from several worker threads) that closes at the end."""
    graph = Newsgraph(path, readonly=True)
    try:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if fmt == "csv":
            writer.writerow(ROW_COLUMNS)
        elif fmt == "json":
            buffer.write("[")
        for n, row in enumerate(graph.browse().flat_rows(q)):
            if fmt == "csv":
                writer.writerow(row)
            else:
                line = json.dumps(dict(zip(ROW_COLUMNS, row, strict=True)), ensure_ascii=False)
                buffer.write(("," if n and fmt == "json" else "") + line + "\n")
            if buffer.tell() > 64_000:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        if fmt == "json":
            buffer.write("]\n")
        yield buffer.getvalue()
    finally:
        graph.close()


@router.get("/export", summary="Every event a filter selects, streamed as CSV, JSON or JSON Lines")
def export(request: Request,
           format: str = Query("csv", pattern="^(csv|json|jsonl)$",
                               description="csv, json (one array) or jsonl (a record a line)."),
           actor: str | None = Query(None), country: str | None = Query(None),
           dyad: Dyad = None, type: str | None = Query(None), quad_class: Quad = None,
           since: Since = None, until: Until = None,
           modality: str = Query("asserted", description=MODALITY_HELP),
           q: str | None = Query(None, max_length=500), article: str | None = Query(None),
           place: str | None = Query(None, max_length=100, description=PLACE_HELP),
           near: str | None = Query(None, max_length=100, description=NEAR_HELP),
           order: Order = "asc",
           limit: int | None = Query(None, ge=1, le=MAX_INT, description="At most this many.")
           ) -> StreamingResponse:
    graph = dbs(request).reader()
    query = EventQuery(**who(graph, actor, country, parse_dyad(dyad)), type=type, since=since,
                       until=until, modality=modality, text=q, article_id=article, limit=limit,
                       descending=order == "desc", quad_class=quad_class,
                       place=place, near=parse_near(near) if near else None)
    graph.browse().count(EventQuery(**{**vars(query), "limit": 1}))  # a bad filter fails here
    name = f"newsgraph-events.{format}"
    return StreamingResponse(_export_chunks(graph.path, query, format),
                             media_type=EXPORT_TYPES[format],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/events/{event_id}", summary="One event with every source sentence and claim")
def get_event(request: Request, event_id: str) -> JSONResponse:
    graph = dbs(request).reader()
    event = graph.event(event_id)
    if event is None:
        raise ApiError(404, f"no event with id '{event_id}'", "event_id")
    record = event_record(event)
    heads = graph.browse().article_heads([m["article_id"] for m in record["mentions"]])
    for mention in record["mentions"]:
        mention["article"] = heads.get(mention["article_id"])
    return plain_json(record)


@router.get("/timeline", summary="Events of one actor, or between two, in date order")
def timeline(
    request: Request,
    a: str = Query(..., description="Actor id, name or alias (exact)."),
    b: str | None = Query(None, description="Second actor: events between a and b."),
    since: Since = None, until: Until = None,
    modality: str = Query("asserted", description=MODALITY_HELP),
    limit: int = LIMIT, cursor: str | None = Query(None, max_length=2000),
) -> JSONResponse:
    graph = dbs(request).reader()
    fields = who(graph, dyad=(a, b)) if b else who(graph, actor=a)
    query = EventQuery(**fields, since=since, until=until, modality=modality, limit=limit,
                       cursor=cursor)
    return plain_json(events_payload(request, query))


@router.get("/forecast", summary="P(at least one event of each PLOVER type and CAMEO root) "
            "a -> b and b -> a in the next days, each with the past events behind it")
def forecast(
    request: Request,
    a: str = Query(..., description="Actor id, name or alias."),
    b: str = Query(..., description="The other actor."),
    on: str | None = Query(None, description="Forecast after this day (YYYY-MM-DD); default: "
                                             "the latest event's day."),
    horizon: str = Query("30d", max_length=10, description="Window length: 7d, 2w, 3m."),
) -> JSONResponse:
    from ..errors import NewsgraphError

    try:
        outlook = dbs(request).reader().forecast(a, b, on=on, horizon=horizon)
    except (NewsgraphError, ValueError) as exc:
        raise ApiError(400, str(exc), "horizon" if "horizon" in str(exc) else "a") from None
    body = asdict(outlook)
    body["on"] = outlook.on.isoformat()
    return plain_json(body)


@router.get("/actors", summary="Actors seen in events, busiest first")
def list_actors(
    request: Request,
    search: str | None = Query(None, max_length=200,
                               description="Part of a name or alias (as /api/actors/search)."),
    kind: str | None = Query(None, max_length=40,
                             description="country, person, organisation, igo, ..."),
    country: str | None = Query(None, max_length=3, description="ISO3 code."),
    limit: int = LIMIT, offset: int = OFFSET,
) -> dict[str, Any]:
    browser = dbs(request).reader().browse()
    if search:
        found, total = browser.search_actors(search, limit, offset)
        return {"actors": found, "total": total, "limit": limit, "offset": offset}
    actors = browser.list_actors(kind, country, limit, offset)
    return {"actors": [asdict(a) for a in actors], "limit": limit, "offset": offset}


@router.get("/actors/search", summary="Actors whose name or alias contains the text")
def search_actors(request: Request,
                  q: str = Query(..., min_length=1, max_length=200,
                                 description="Part of a name; % and _ match themselves."),
                  limit: int = Query(20, ge=1, le=100), offset: int = OFFSET) -> dict[str, Any]:
    found, total = dbs(request).reader().browse().search_actors(q, limit, offset)
    return {"actors": found, "total": total, "limit": limit, "offset": offset}


@router.get("/actors/suggest", summary="Autocomplete: actors whose name starts with the text")
def suggest(request: Request, prefix: str = Query(..., min_length=1, max_length=100),
            limit: int = Query(10, ge=1, le=50)) -> dict[str, Any]:
    return {"actors": dbs(request).reader().browse().suggest_actors(prefix, limit)}


def _filters(request: Request, default_modality: str) -> Filters:
    return read_filters(request.query_params, default_modality)


@router.get("/actors/{actor_id}", summary="An actor: roles, aliases, learned facts, counterparts")
def get_actor(request: Request, actor_id: str,
              counterparts: int = Query(10, ge=0, le=100)) -> dict[str, Any]:
    graph = dbs(request).reader()
    found = graph.actor(actor_id)
    if found is None:
        raise ApiError(404, f"no actor with id '{actor_id}'", "actor_id")
    me = resolve_party(graph.browse(), actor_id, "actor_id")
    sides = graph.browse().counterparts(EventQuery(actor=me.id, limit=None), me, counterparts)
    return asdict(found) | {"counterparts": sides["actors"],
                            "counterpart_countries": sides["countries"]}


@router.get("/actors/{actor_id}/series", summary="An actor's events per period by QuadClass")
def actor_series(request: Request, actor_id: str, interval: str = Query("month"),
                 since: Since = None, until: Until = None) -> dict[str, Any]:
    graph = dbs(request).reader()
    q = EventQuery(**who(graph, actor=actor_id), since=since, until=until)
    return {"actor": actor_id, "interval": interval, "series": graph.browse().actor_series(
        q, interval)}


@router.get("/chart", summary="What a page's chart draws: counts per period by QuadClass, "
                              "week-, month- and year-dated events as spans, undated, total")
def chart(request: Request, actor: str | None = Query(None), dyad: Dyad = None,
          q: str | None = Query(None, max_length=500),
          interval: str = Query("month", pattern="^(day|week|month|year)$")) -> dict[str, Any]:
    graph = dbs(request).reader()
    filters = _filters(request, "all")
    query = filters.unpaged(None, **who(graph, actor=actor, dyad=parse_dyad(dyad)), text=q)
    return graph.browse().chart_data(query, interval)


@router.get("/dyads", summary="The busiest pairs of actors, either direction, with the split")
def busiest(request: Request, limit: int = Query(10, ge=1, le=100)) -> dict[str, Any]:
    return {"dyads": dbs(request).reader().browse().busiest_pairs(limit)}


@router.get("/dyads/{a}/{b}/series",
            summary="Counts and mean Goldstein per period between two actors, by QuadClass")
def dyad_series(request: Request, a: str, b: str,
                interval: str = Query("month", description="day, week, month or year."),
                since: Since = None, until: Until = None) -> dict[str, Any]:
    graph = dbs(request).reader()
    pair = who(graph, dyad=(a, b))["dyad"]
    series = graph.dyad_series(pair[0], pair[1], interval, since, until)
    return {"a": a, "b": b, "interval": interval, "series": series}


@router.get("/graph", summary="Relations network: actors as nodes, event counts as edges")
def graph(request: Request,
          limit: int = Query(200, ge=1, le=MAX_EDGES,
                             description=f"At most this many edges, the heaviest (<= {MAX_EDGES})."),
          ) -> dict[str, Any]:
    filters = _filters(request, "asserted")
    return dbs(request).reader().browse().relations(filters.unpaged(None), limit)


@router.get("/search", summary="Sentences matching every word, newest first, with snippets")
def search(request: Request, q: str = Query(..., min_length=1, max_length=500),
           limit: int = Query(20, ge=1, le=100), offset: int = OFFSET) -> dict[str, Any]:
    filters = _filters(request, "all")
    hits, total = dbs(request).reader().browse().text_hits(q, filters.unpaged(None), limit,
                                                           offset)
    return {"hits": hits, "total": total, "limit": limit, "offset": offset,
            "marks": ["\u0002", "\u0003"]}


@router.get("/outlet", summary="What one outlet reported: articles and its pairs")
def outlet(request: Request,
           source: str = Query(..., min_length=1, max_length=300,
                               description="The outlet, as articles name it (their source)."),
           limit: int = LIMIT,
           offset: int = OFFSET) -> dict[str, Any]:
    browser = dbs(request).reader().browse()
    summary = browser.outlet_summary(source)
    if summary is None:
        raise ApiError(404, f"no stored article names the outlet '{source}'", "source")
    return summary | {"articles_page": browser.outlet_articles(source, limit, offset),
                      "pairs": browser.outlet_pairs(source), "limit": limit, "offset": offset}


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


ARTICLES = TypeAdapter(list[ArticleIn])


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


async def read_upload(request: Request) -> list[ArticleIn]:
    """The body as a list of articles, read only up to the server's upload limit."""
    limit: int = request.app.state.max_upload
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise ApiError(413, f"body: at most {limit} bytes (the server's --max-upload-mb)", "body")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"body: at most {limit} bytes (the server's --max-upload-mb)",
                           "body")
        chunks.append(chunk)
    try:
        articles = ARTICLES.validate_json(b"".join(chunks))
    except ValidationError as exc:
        errors = exc.errors()
        where = ".".join(str(p) for p in errors[0]["loc"]) if errors else "body"
        reason = errors[0]["msg"] if errors else "invalid"
        raise ApiError(422, f"{where or 'body'}: {reason}", where or "body") from None
    if not articles:
        raise ApiError(400, "body: send a non-empty JSON list of articles", "body")
    if len(articles) > MAX_UPLOAD:
        raise ApiError(422, f"body: at most {MAX_UPLOAD} articles a request", "body")
    return articles


@router.post("/articles", summary="Ingest articles (needs the server's token)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"type": "array", "items": ArticleIn.model_json_schema(),
                            "maxItems": MAX_UPLOAD}}}}})
async def post_articles(request: Request,
                        authorization: str | None = Header(None)) -> dict[str, Any]:
    check_token(request, authorization)  # before a byte of the body is read
    articles = await read_upload(request)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_ingest, dbs(request), articles)


def _ingest(databases: Databases, articles: list[ArticleIn]) -> dict[str, Any]:
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
