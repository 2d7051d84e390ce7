"""The filters of a list page, read from its URL, and exact actor lookup for pages and the API.

A page's filters (date range, modality, type, QuadClass, sort order, cursor) live in its query
string, so a filtered view is a link that can be shared or bookmarked, Back returns to the same
page of results, and the server honours every one of them through one ``EventQuery``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from ..knowledge import shipped_csv
from ..store.browse import ActorMatch
from ..store.places import parse_near
from ..store.queries import MODALITY_CHOICES, EventQuery, QueryError
from .errors import ApiError

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
#: the largest integer any page or endpoint accepts: bigger ones are a 400, never an overflow
MAX_INT = 10**9


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code the shipped country list knows."""
    return frozenset(r["iso3"].upper() for r in shipped_csv("countries.csv") if r.get("iso3"))


@dataclass(frozen=True)
class Filters:
    """The filters of one list page, as given in its URL."""

    since: dt.date | None = None
    until: dt.date | None = None
    modality: str = "all"
    type: str | None = None
    quad: int | None = None
    order: str = "desc"
    cursor: str | None = None
    at: int = 0
    place: str | None = None  # a place name or ISO3 code (store/places.py)
    near: str | None = None  # "LAT,LON,KM", checked by read_filters

    def query(self, limit: int | None, **fields: Any) -> EventQuery:
        """The ``EventQuery`` for this page; ``fields`` add who (actor, dyad, text...)."""
        return EventQuery(since=self.since, until=self.until, modality=self.modality,
                          type=self.type, quad_class=self.quad, limit=limit,
                          cursor=self.cursor, descending=self.order == "desc",
                          place=self.place, near=parse_near(self.near) if self.near else None,
                          **fields)

    def unpaged(self, limit: int | None, **fields: Any) -> EventQuery:
        """The same query from its first event: what a header count and a chart count."""
        return replace(self, cursor=None).query(limit, **fields)

    def params(self, **changes: Any) -> dict[str, str]:
        """The query-string parameters of these filters (with ``changes``), defaults left out."""
        f = replace(self, **changes)
        out = {"since": f.since.isoformat() if f.since else None,
               "until": f.until.isoformat() if f.until else None,
               "modality": None if f.modality == "all" else f.modality,
               "type": f.type, "quad": str(f.quad) if f.quad else None,
               "order": None if f.order == "desc" else f.order,
               "cursor": f.cursor, "at": str(f.at) if f.at else None,
               "place": f.place, "near": f.near}
        return {k: v for k, v in out.items() if v}

    def url(self, path: str, **changes: Any) -> str:
        """``path`` with these filters (and ``changes``) as its query string."""
        params = self.params(**changes)
        return f"{path}?{urlencode(params)}" if params else path

    def export_params(self) -> str:
        """These filters as the query string of the export and API links (no paging)."""
        f = replace(self, cursor=None, at=0)
        params = f.params()
        params["modality"] = f.modality
        params["order"] = f.order
        if f.quad:
            params["quad_class"] = params.pop("quad")
        return urlencode(params)


def parse_date(value: str | None, parameter: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{parameter}: give a date as YYYY-MM-DD, not '{value[:40]}'",
                       parameter) from None


def parse_int(value: str | None, parameter: str, low: int = 0, high: int = MAX_INT) -> int | None:
    """An integer query parameter between ``low`` and ``high``, or a 400 naming it."""
    if value is None or value == "":
        return None
    if len(value) > 12 or not value.lstrip("-").isdigit():
        raise ApiError(400, f"{parameter}: give a whole number from {low} to {high}", parameter)
    number = int(value)
    if not low <= number <= high:
        raise ApiError(400, f"{parameter}: give a whole number from {low} to {high}", parameter)
    return number


def read_filters(params: Any, default_modality: str = "all") -> Filters:
    """The filters of a page from its query parameters; a bad one is a 400 that names it."""
    modality = params.get("modality") or default_modality
    if modality not in MODALITY_CHOICES:
        raise ApiError(400, f"modality: must be one of {', '.join(MODALITY_CHOICES)}", "modality")
    order = params.get("order") or "desc"
    if order not in ("asc", "desc"):
        raise ApiError(400, "order: must be asc (oldest first) or desc (newest first)", "order")
    quad = parse_int(params.get("quad") or params.get("quad_class"), "quad", 1, 4)
    kind = (params.get("type") or "").strip() or None
    if kind is not None and (len(kind) > 40 or not kind.replace("_", "").isalnum()):
        raise ApiError(400, "type: a PLOVER type (ASSAULT) or a CAMEO code prefix (19)", "type")
    since = parse_date(params.get("since"), "since")
    until = parse_date(params.get("until"), "until")
    if since and until and since > until:
        raise ApiError(400, "since: the range starts after it ends (since > until)", "since")
    place, near = read_place(params)
    return Filters(since=since, until=until, modality=modality, type=kind, quad=quad,
                   order=order, cursor=params.get("cursor") or None,
                   at=parse_int(params.get("at"), "at") or 0, place=place, near=near)


def read_place(params: Any) -> tuple[str | None, str | None]:
    """The ``place`` and ``near`` parameters, checked; a bad one is a 400 that names it."""
    place = (params.get("place") or "").strip() or None
    if place is not None and len(place) > 100:
        raise ApiError(400, "place: a place name or ISO3 code of at most 100 characters", "place")
    near = (params.get("near") or "").strip() or None
    if near is not None:
        try:
            parse_near(near[:100])
        except QueryError as exc:
            raise ApiError(400, str(exc), "near") from None
    return place, near


def resolve_party(browser: Any, text: str, parameter: str) -> ActorMatch:
    """The actor a page or filter names, exactly (id, name or alias), or an ISO3 country code
    that events use; anything else is a 400 that says where to look for the right name."""
    text = (text or "").strip()
    if not text or len(text) > 200:
        raise ApiError(400, f"{parameter}: give an actor id or name (1 to 200 characters)",
                       parameter)
    found: ActorMatch | None = browser.find_actor(text)
    if found is not None:
        return found
    code = text.upper()
    if len(code) == 3 and code.isalpha():
        if code not in iso3_codes():
            raise ApiError(400, f"{parameter}: '{text}' is not an ISO 3166-1 alpha-3 country code",
                           parameter)
        if browser.country_seen(code):
            return ActorMatch(code, code, "country", code)
    raise ApiError(400, f"{parameter}: no actor with the id or name '{text}'; find one with "
                        f"/api/actors/search?q=... or the search box", parameter)
