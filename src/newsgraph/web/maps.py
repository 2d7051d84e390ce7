"""Where events happened, on the web: ``/api/places`` (JSON: each place with its count), ``/map``
(a world map of them, the filters in its URL) and ``/place`` (the events of one place, with the
list, paging and export links every list has). Thin adapters over
:meth:`newsgraph.api.Newsgraph.places` and the event lists of ``web.pages``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..exports.geo import country_name, country_numbers
from .api_routes import dbs
from .errors import ApiError
from .filters import parse_int, read_filters
from .pages import event_list, export_links, render

api = APIRouter(prefix="/api")
pages = APIRouter(include_in_schema=False)


@api.get("/places", summary="Where events happened: each place with its event count, busiest "
         "first (the filters of /api/events: since, until, modality, type, quad_class, place, "
         "near)")
def places(request: Request) -> dict[str, Any]:
    f = read_filters(request.query_params, "asserted")
    limit = parse_int(request.query_params.get("limit"), "limit", 1, 5000) or 1000
    found = dbs(request).reader().places(f.unpaged(None), limit)
    numbers = country_numbers()
    for p in found:  # the map places a place without coordinates on its country's shape
        p["country_number"] = numbers.get(p["country"] or "")
        p["country_name"] = country_name(p["country"])
    return {"places": found, "total": sum(p["n"] for p in found)}


@pages.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    f = read_filters(request.query_params, "asserted")
    return render(request, "map.html", f=f, api=f"/api/places?{f.export_params()}",
                  filter_path="/map", hidden={},
                  place_path="/place?" + replace(f, place=None, near=None).export_params())


@pages.get("/place", response_class=HTMLResponse)
def place_page(request: Request) -> HTMLResponse:
    f = read_filters(request.query_params, "asserted")
    if not f.place and not f.near:
        raise ApiError(400, "place: give a place name or ISO3 code (or near=LAT,LON,KM)",
                       "place")
    listing = event_list(request, f, "/place")
    hidden = {"near": f.near} if f.near else {}  # the form has a place field of its own
    return render(request, "place.html", f=f, timeline=listing, filter_path="/place",
                  hidden=hidden, exports=export_links(f), where=f.place or f"near {f.near}",
                  map_link="/map?" + replace(f, place=None, near=None).export_params())
