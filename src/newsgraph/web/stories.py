"""Stories on the web: ``/api/stories`` and ``/api/stories/{id}`` (JSON), ``/stories`` and
``/stories/{id}`` (pages). Thin adapters over :meth:`newsgraph.api.Newsgraph.stories` and
:meth:`~newsgraph.api.Newsgraph.story`; errors have the shape every endpoint gives
(``web.errors``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from ..api import Newsgraph
from ..exports import event_record
from .api_routes import LIMIT, OFFSET, Since, Until, dbs, plain_json
from .errors import ApiError
from .filters import parse_int

api = APIRouter(prefix="/api")
pages = APIRouter(include_in_schema=False)
PAGE = 50
Actor = Query(None, max_length=200, description="Actor id, name or alias; a country also "
              "matches its nationals.")


def _page(graph: Newsgraph, since: Any, until: Any, actor: str | None, limit: int,
          offset: int) -> tuple[list[Any], int]:
    """One page of stories; a wrong filter is a 400 naming it."""
    try:
        return graph.stories(since, until, actor, limit, offset)  # type: ignore[no-any-return]
    except ValueError as exc:
        name = str(exc).split(maxsplit=1)[0].rstrip(":")
        raise ApiError(400, str(exc), name if name in ("since", "until", "actor") else None
                       ) from None


def _story(graph: Newsgraph, story_id: str) -> Any:
    story = graph.story(story_id)
    if story is None:
        raise ApiError(404, f"no story with id '{story_id}'", "story_id")
    return story


@api.get("/stories", summary="Stories (articles about one happening, across outlets and days), "
         "latest first, one page at a time")
def list_stories(request: Request, since: Since = None, until: Until = None,
                 actor: str | None = Actor, limit: int = LIMIT,
                 offset: int = OFFSET) -> JSONResponse:
    found, total = _page(dbs(request).reader(), since, until, actor, limit, offset)
    following = None
    if offset + len(found) < total:
        following = str(request.url.include_query_params(offset=offset + len(found)))
    return plain_json({"stories": [asdict(s) for s in found], "total": total, "limit": limit,
                       "offset": offset, "next": following})


@api.get("/stories/{story_id}", summary="One story: its articles, its events in date order, "
         "its label from its central event")
def get_story(request: Request, story_id: str) -> JSONResponse:
    graph = dbs(request).reader()
    return plain_json(_story(graph, story_id).record())


@pages.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, actor: str | None = Query(None, max_length=200)
                 ) -> HTMLResponse:
    from .pages import render

    offset = parse_int(request.query_params.get("offset"), "offset", 0, 100_000) or 0
    found, total = _page(dbs(request).reader(), None, None, actor or None, PAGE, offset)
    base = {"actor": actor} if actor else {}
    link = lambda at: "/stories?" + urlencode({**base, "offset": at})  # noqa: E731
    return render(request, "stories.html", stories=found, total=total, offset=offset,
                  actor=actor or "",
                  next=link(offset + PAGE) if offset + len(found) < total else None,
                  prev=link(max(0, offset - PAGE)) if offset else None)


@pages.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    from .pages import render

    graph = dbs(request).reader()
    story = _story(graph, story_id)
    records = [event_record(e) for e in story.events]
    heads = graph.browse().article_heads([m["article_id"] for r in records
                                          for m in r["mentions"]])
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in story.articles:
        by_outlet[a["source"] or ""].append(a)
    outlets = sorted(by_outlet.items(), key=lambda kv: (kv[0] == "", -len(kv[1]), kv[0]))
    return render(request, "story.html", story=story, outlets=outlets,
                  timeline={"events": records, "articles": heads})
