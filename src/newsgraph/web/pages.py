"""Server-rendered HTML pages; the scripts in ``static/`` draw charts and the graph from the API.

Every list page reads its filters from the URL (``filters.read_filters``) and builds one
``EventQuery`` from them: the header count, the chart (``/api/chart`` with the same parameters)
and the list all count the events that query selects. Lists are paged by links (cursor and
position in the URL), so Back returns to the same rows. Every value from an article goes through
Jinja's autoescaping.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..exports import event_record
from ..store.browse import MARK_END, MARK_START, ActorMatch
from ..store.queries import EventQuery, QueryError
from .api_routes import dbs
from .errors import ApiError
from .filters import Filters, parse_int, read_filters, resolve_party
from .highlight import highlight

router = APIRouter(include_in_schema=False)
PAGE = 50
SEARCH_PAGE = 20
#: words that join two actor names in a search for their pair ("France and Iran")
PAIR_JOINERS = ("and", "vs", "vs.", "versus", "-", "/", "&")


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    templates = request.app.state.templates
    context.setdefault("vendor_missing", request.app.state.vendor_missing)
    response: HTMLResponse = templates.TemplateResponse(request, name, context)
    return response


def event_list(request: Request, f: Filters, path: str, **fields: Any) -> dict[str, Any]:
    """One page of the events ``f`` and ``fields`` select, with the total, the article heads,
    the links of the next and first pages, and the export links of the same query."""
    graph = dbs(request).reader()
    browser = graph.browse()
    page = graph.events_page(f.query(PAGE, **fields))
    records = [event_record(e) for e in page.events]
    ids = [m["article_id"] for r in records for m in r["mentions"]]
    total = browser.count(f.unpaged(None, **fields))
    return {
        "events": records, "articles": browser.article_heads(ids), "total": total,
        "first": f.at + 1 if records else 0, "last": f.at + len(records),
        "next": f.url(path, cursor=page.next_cursor, at=f.at + len(records))
        if page.next_cursor else None,
        "start": f.url(path, cursor=None, at=0) if f.cursor else None,
    }


def export_links(f: Filters, **fields: Any) -> dict[str, str]:
    """The CSV, JSON and API links of a list: the same query, every row, streamed."""
    extra: dict[str, str] = {}
    if fields.get("actor"):
        extra["actor"] = fields["actor"]
    if fields.get("dyad"):
        extra["dyad"] = ",".join(fields["dyad"])
    if fields.get("text"):
        extra["q"] = fields["text"]
    query = "&".join(p for p in (f.export_params(), urlencode(extra)) if p)
    return {"csv": f"/api/export?format=csv&{query}", "json": f"/api/export?format=json&{query}",
            "api": f"/api/events?{query}", "chart": f"/api/chart?{query}"}


@router.get("/", response_class=HTMLResponse, response_model=None)
def home(request: Request, q: str | None = Query(None, max_length=500)) -> Response:
    if q and q.strip():
        return RedirectResponse(f"/search?q={quote(q.strip())}", status_code=303)
    graph = dbs(request).reader()
    browser = graph.browse()
    recent = graph.events_page(EventQuery(limit=15, descending=True, modality="all"))
    records = [event_record(e) for e in recent.events]
    heads = browser.article_heads([m["article_id"] for r in records for m in r["mentions"]])
    # the pairs counted as their pages count them cost a query each: kept until a write
    stamp = browser.data_stamp()
    cached = request.app.state.home_cache
    if cached.get("stamp") != stamp:
        cached = {"stamp": stamp, "pairs": browser.busiest_pairs_as_pages_count(12),
                  "stats": graph.stats()}
        request.app.state.home_cache = cached
    return render(request, "home.html", q="", pairs=cached["pairs"],
                  recent={"events": records, "articles": heads}, stats=cached["stats"])


@router.get("/pair", response_model=None)
def pair(request: Request, a: str = Query("", max_length=200),
         b: str = Query("", max_length=200)) -> Response:
    """The pair picker's target: two names, looked up exactly, open their pair page."""
    browser = dbs(request).reader().browse()
    first, second = resolve_party(browser, a, "a"), resolve_party(browser, b, "b")
    return RedirectResponse(f"/dyad/{quote(first.id, safe='')}/{quote(second.id, safe='')}",
                            status_code=303)


def _pair_in(browser: Any, words: list[str]) -> tuple[ActorMatch, ActorMatch] | None:
    """Two actors named one after the other ("France Iran", "Iran and France"), or None."""
    for i in range(1, len(words)):
        left, right = words[:i], words[i:]
        if right and right[0].lower() in PAIR_JOINERS:
            right = right[1:]
        if not right or left[-1].lower() in PAIR_JOINERS:
            continue
        a, b = browser.find_actor(" ".join(left)), browser.find_actor(" ".join(right))
        if a and b and a.id != b.id:
            return a, b
    return None


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """An FTS snippet as (text, matched) pieces; the template escapes each piece."""
    pieces: list[tuple[str, bool]] = []
    for i, part in enumerate(snippet.split(MARK_START)):
        if i == 0:
            pieces.append((part, False))
            continue
        hit, _, rest = part.partition(MARK_END)
        pieces += [(hit, True), (rest, False)]
    return [p for p in pieces if p[0]]


@router.get("/search", response_class=HTMLResponse, response_model=None)
def search(request: Request, q: str = Query("", max_length=500)) -> Response:
    text = q.strip()
    if not text:
        return RedirectResponse("/", status_code=303)
    graph = dbs(request).reader()
    browser = graph.browse()
    f = read_filters(request.query_params)
    page = parse_int(request.query_params.get("page"), "page", 1, 5000) or 1
    words = text.split()
    if len(words) > 1 and (found := _pair_in(browser, words)):
        a, b = found
        return RedirectResponse(f.url(f"/dyad/{quote(a.id, safe='')}/{quote(b.id, safe='')}"),
                                status_code=303)
    actors, n_actors = browser.search_actors(text, 20)
    top = browser.find_actor(text) or (browser.find_actor(actors[0]["id"]) if actors else None)
    of_actor = None
    if top is not None:
        of_actor = event_list(request, Filters(modality=f.modality, since=f.since,
                                               until=f.until, type=f.type, quad=f.quad),
                              f"/actor/{quote(top.id, safe='')}", actor=top.id)
    try:
        hits, n_hits = browser.text_hits(text, f.unpaged(None), SEARCH_PAGE,
                                         (page - 1) * SEARCH_PAGE)
    except QueryError:
        hits, n_hits = [], 0
    for hit in hits:
        hit["pieces"] = snippet_pieces(hit["snippet"])
    base = f"/search?q={quote(text)}"
    more = f"&{urlencode(f.params())}" if f.params() else ""
    return render(
        request, "search.html", q=text, f=f, actors=actors, n_actors=n_actors, top=top,
        of_actor=of_actor, hits=hits, n_hits=n_hits, page=page, filter_path="/search",
        hidden={"q": text},
        prev=f"{base}{more}&page={page - 1}" if page > 1 else None,
        next=f"{base}{more}&page={page + 1}" if page * SEARCH_PAGE < n_hits else None,
        exports=export_links(f, text=text),
    )


@router.get("/actor/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    graph = dbs(request).reader()
    actor = graph.actor(actor_id)
    if actor is None:
        raise ApiError(404, f"no actor with id '{actor_id}'", "actor_id")
    f = read_filters(request.query_params)
    me = ActorMatch(actor.id, actor.name, actor.kind, actor.country)
    path = f"/actor/{quote(actor.id, safe='')}"
    listing = event_list(request, f, path, actor=actor.id)
    sides = graph.browse().counterparts(f.unpaged(None, actor=actor.id), me, 12)
    return render(request, "actor.html", actor=actor, f=f, timeline=listing, sides=sides,
                  filter_path=path, hidden={}, exports=export_links(f, actor=actor.id),
                  pair_filters=f.url("").lstrip("?"))


@router.get("/dyad/{a}/{b}", response_class=HTMLResponse)
def dyad_page(request: Request, a: str, b: str) -> HTMLResponse:
    browser = dbs(request).reader().browse()
    first, second = resolve_party(browser, a, "a"), resolve_party(browser, b, "b")
    f = read_filters(request.query_params)
    path = f"/dyad/{quote(first.id, safe='')}/{quote(second.id, safe='')}"
    pair_ids = (first.id, second.id)
    listing = event_list(request, f, path, dyad=pair_ids)
    split = browser.direction_counts(f.unpaged(None, dyad=pair_ids), first, second)
    # the forecast needs numpy and scipy (a third of a CPU-second): loaded by the first pair
    # page, not by every start of the server
    from ..forecast.pairs import outlook_rows as pair_outlook_rows

    outlook = pair_outlook_rows(dbs(request).reader().forecast(first.id, second.id))
    return render(request, "dyad.html", a=first, b=second, f=f, timeline=listing, split=split,
                  outlook=outlook,
                  filter_path=path, hidden={}, exports=export_links(f, dyad=pair_ids),
                  swap=f.url(f"/dyad/{quote(second.id, safe='')}/{quote(first.id, safe='')}"))


@router.get("/event/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    graph = dbs(request).reader()
    event = graph.event(event_id)
    if event is None:
        raise ApiError(404, f"no event with id '{event_id}'", "event_id")
    heads = graph.browse().article_heads([m.article_id for m in event.mentions])
    mentions = [
        {"m": m, "pieces": highlight(m), "article": heads.get(m.article_id), "index": i}
        for i, m in enumerate(event.mentions)
    ]
    pairs: list[tuple[str, str, str]] = []
    for s in event.source:
        for t in event.target:
            if s.actor_id != t.actor_id and (s.actor_id, t.actor_id) not in [p[:2] for p in pairs]:
                pairs.append((s.actor_id, t.actor_id, f"{s.name} and {t.name}"))
    return render(request, "event.html", event=event, mentions=mentions, pairs=pairs[:6])


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    graph = dbs(request).reader()
    article = graph.article(article_id)
    if article is None:
        raise ApiError(404, f"no article with id '{article_id}'", "article_id")
    page = graph.events_page(EventQuery(article_id=article_id, modality="all", limit=PAGE))
    records = [event_record(e) for e in page.events]
    heads = graph.browse().article_heads([m["article_id"] for r in records for m in r["mentions"]])
    return render(request, "article.html", article=article,
                  found={"events": records, "articles": heads})


@router.get("/outlet", response_class=HTMLResponse)
def outlet_page(request: Request, source: str = Query(..., min_length=1, max_length=300)
                ) -> HTMLResponse:
    """One outlet (a query parameter: outlet names may hold a slash)."""
    browser = dbs(request).reader().browse()
    summary = browser.outlet_summary(source)
    if summary is None:
        raise ApiError(404, f"no stored article names the outlet '{source}'", "source")
    offset = parse_int(request.query_params.get("offset"), "offset", 0, 100_000) or 0
    articles = browser.outlet_articles(source, PAGE, offset)
    path = f"/outlet?source={quote(source, safe='')}"
    return render(request, "outlet.html", outlet=summary, articles=articles,
                  pairs=browser.outlet_pairs(source), offset=offset,
                  next=f"{path}&offset={offset + PAGE}" if len(articles) == PAGE else None,
                  prev=f"{path}&offset={max(0, offset - PAGE)}" if offset else None)


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request) -> HTMLResponse:
    f = read_filters(request.query_params, "asserted")
    edges = parse_int(request.query_params.get("limit"), "limit", 10, 2000) or 200
    api = f"/api/graph?{f.export_params()}&limit={edges}"
    return render(request, "graph.html", f=f, edges=edges, api=api, filter_path="/graph",
                  hidden={})
