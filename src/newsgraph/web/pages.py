"""Server-rendered HTML pages; the small scripts in ``static/`` fetch the API for charts and
further pages. Every value from an article goes through Jinja's autoescaping."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..exports import event_record
from ..store import summaries
from ..store.queries import EventQuery, QueryError
from .api_routes import Since, Until, dbs
from .errors import ApiError
from .highlight import highlight

router = APIRouter(include_in_schema=False)
PAGE = 50


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, name, context)
    return response


def _events_with_heads(request: Request, q: EventQuery) -> dict[str, Any]:
    """A page of event records plus the title and outlet of every article they cite."""
    graph = dbs(request).reader()
    page = graph.events_page(q)
    records = [event_record(e) for e in page.events]
    ids = [m["article_id"] for r in records for m in r["mentions"]]
    return {"events": records, "next_cursor": page.next_cursor,
            "articles": summaries.article_heads(graph.store.conn, ids)}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, q: str | None = Query(None, max_length=200)) -> HTMLResponse:
    graph = dbs(request).reader()
    conn = graph.store.conn
    context: dict[str, Any] = {"q": q or "", "actors": [], "found": None}
    if q and q.strip():
        context["actors"] = summaries.list_actors(conn, q.strip(), limit=20)
        try:
            context["found"] = _events_with_heads(
                request, EventQuery(text=q, modality="all", limit=PAGE, descending=True))
        except QueryError:
            context["found"] = None
    context["dyads"] = summaries.busiest_dyads(conn, 12)
    context["recent"] = _events_with_heads(request, EventQuery(limit=20, descending=True))
    return render(request, "home.html", **context)


@router.get("/actor/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    graph = dbs(request).reader()
    actor = graph.actor(actor_id)
    if actor is None:
        raise ApiError(404, f"no actor with id '{actor_id}'", "actor_id")
    return render(
        request, "actor.html", actor=actor,
        counterparts=summaries.counterparts(graph.store.conn, actor_id, 12),
        timeline=_events_with_heads(request, EventQuery(actor=actor_id, limit=PAGE)),
    )


def _actor_name(request: Request, name_or_id: str) -> tuple[str, str]:
    """(id, display name) for an actor id, or the text as given when it is a name."""
    actor = dbs(request).reader().actor(name_or_id)
    return (actor.id, actor.name) if actor else (name_or_id, name_or_id)


@router.get("/dyad/{a}/{b}", response_class=HTMLResponse)
def dyad_page(request: Request, a: str, b: str) -> HTMLResponse:
    timeline = _events_with_heads(request, EventQuery(dyad=(a, b), limit=PAGE))
    return render(request, "dyad.html", a=_actor_name(request, a), b=_actor_name(request, b),
                  timeline=timeline)


@router.get("/event/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    graph = dbs(request).reader()
    event = graph.event(event_id)
    if event is None:
        raise ApiError(404, f"no event with id '{event_id}'", "event_id")
    heads = summaries.article_heads(graph.store.conn, [m.article_id for m in event.mentions])
    mentions = [
        {"m": m, "pieces": highlight(m), "article": heads.get(m.article_id), "index": i}
        for i, m in enumerate(event.mentions)
    ]
    return render(request, "event.html", event=event, mentions=mentions)


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    article = dbs(request).reader().article(article_id)
    if article is None:
        raise ApiError(404, f"no article with id '{article_id}'", "article_id")
    events = _events_with_heads(
        request, EventQuery(article_id=article_id, modality="all", limit=PAGE))
    return render(request, "article.html", article=article, found=events)


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, since: Since = None, until: Until = None,
               min_events: int = Query(1, ge=1)) -> HTMLResponse:
    return render(request, "graph.html", since=since or "", until=until or "",
                  min_events=min_events)
