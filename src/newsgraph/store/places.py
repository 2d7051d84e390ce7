"""Where stored events happened: the ``event_places`` rows, and the place filters of a query.

One row per event that has a place (migration 12). The filters keep to SQL that SQLite and
PostgreSQL share: a name or country is an indexed equality; ``near LAT,LON,KM`` is a bounding
box on the indexed latitude followed by an equirectangular distance in plain arithmetic (the
cosine of the centre's latitude is a parameter), within about 1% of the great-circle distance
for a radius of a few hundred kilometres. A box that would cross the antimeridian is not split:
points on its far side are missed. Places without coordinates (countries, regions, unlisted
names) never match ``near``.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..events import Event
from ..places import Place

KM_PER_DEGREE = 111.195  # one degree of latitude (mean Earth radius 6371 km)
#: what the flat rows (CSV, Parquet) add for the place, after the other columns
PLACE_COLUMNS = ("place_words", "place_name", "place_country", "place_kind",
                 "place_latitude", "place_longitude")
_IN_PAGE = "IN (SELECT value FROM json_each(?))"


@dataclass(frozen=True)
class Near:
    """A circle on the map: events whose place lies within ``km`` of (lat, lon)."""

    latitude: float
    longitude: float
    km: float


def parse_near(text: str) -> Near:
    """``"50.45,30.52,100"`` -> Near; anything else is a QueryError that shows the form."""
    from .queries import QueryError

    parts = [p.strip() for p in str(text).split(",")]
    try:
        lat, lon, km = (float(p) for p in parts)
    except ValueError:
        raise QueryError("near", f"'{text}' is not LAT,LON,KM (e.g. 50.45,30.52,100)") from None
    if not all(math.isfinite(v) for v in (lat, lon, km)):
        raise QueryError("near", f"'{text}': numbers must be finite")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise QueryError("near", f"'{text}': latitude must be in -90..90, longitude in -180..180")
    if not 0 < km <= 20000:
        raise QueryError("near", f"'{text}': the radius must be above 0 and at most 20000 km")
    return Near(lat, lon, km)


def write_place(conn: sqlite3.Connection, event: Event) -> None:
    """Store the event's place (replacing any stored one); nothing when it has none."""
    conn.execute("DELETE FROM event_places WHERE event_id = ?", (event.id,))
    p = event.place
    if p is None:
        return
    conn.execute(
        """INSERT INTO event_places(event_id, words, name, name_key, country, kind, latitude,
           longitude, geonames_id, article_id, start, "end", reason)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        (event.id, p.words, p.name, p.name.lower(), p.country, p.kind, p.latitude, p.longitude,
         p.geonames_id, p.article_id, p.start, p.end, p.reason))


def rekey_place(conn: sqlite3.Connection, old_id: str, new_id: str) -> None:
    conn.execute("UPDATE event_places SET event_id = ? WHERE event_id = ?", (new_id, old_id))


def read_places(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Place]:
    """The stored place of each of ``ids`` that has one."""
    if not ids:
        return {}
    cur = conn.cursor()
    cur.row_factory = None
    rows = cur.execute(
        """SELECT event_id, words, name, country, kind, latitude, longitude, geonames_id,
           article_id, start, "end", reason FROM event_places WHERE event_id """ + _IN_PAGE,
        (json.dumps(list(ids)),))
    return {r[0]: Place(*r[1:]) for r in rows}


def place_fields(place: Place | None) -> tuple[Any, ...]:
    """The values of PLACE_COLUMNS for one event ("" and None where it has no place)."""
    if place is None:
        return ("", "", "", "", None, None)
    return (place.words, place.name, place.country or "", place.kind, place.latitude,
            place.longitude)


def place_clause(conn: sqlite3.Connection, name: str) -> tuple[str, list[Any]]:
    """Events whose place has this name (any case) or, for a three-letter code, this country;
    a name no stored place has is an error, as an unknown actor is."""
    from .queries import QueryError

    key = name.strip().lower()
    code = name.strip().upper() if len(name.strip()) == 3 and name.strip().isalpha() else ""
    found = conn.execute("SELECT 1 FROM event_places WHERE name_key = ? OR country = ? LIMIT 1",
                         (key, code)).fetchone()
    if found is None:
        raise QueryError("place", f"no stored event happened in a place named '{name}' "
                         "(a city, region or country name, or an ISO3 country code)")
    return ("e.id IN (SELECT p.event_id FROM event_places p "
            "WHERE p.name_key = ? OR p.country = ?)", [key, code])


def near_clause(near: Near) -> tuple[str, list[Any]]:
    """Events whose place lies within the circle (see the module's note on accuracy)."""
    dlat = near.km / KM_PER_DEGREE
    cos = max(math.cos(math.radians(near.latitude)), 1e-6)
    dlon = min(dlat / cos, 360.0)
    sql = ("e.id IN (SELECT p.event_id FROM event_places p WHERE p.latitude BETWEEN ? AND ? "
           "AND p.longitude BETWEEN ? AND ? AND (p.latitude - ?) * (p.latitude - ?) "
           "+ (p.longitude - ?) * (p.longitude - ?) * ? <= ?)")
    return sql, [near.latitude - dlat, near.latitude + dlat, near.longitude - dlon,
                 near.longitude + dlon, near.latitude, near.latitude, near.longitude,
                 near.longitude, cos * cos, dlat * dlat]


def place_counts(conn: sqlite3.Connection, q: Any, limit: int = 1000) -> list[dict[str, Any]]:
    """Each place of the events ``q`` (an EventQuery) selects, with its event count, busiest
    first: what the map draws. Counted from the same filter as the event lists."""
    from .queries import event_filter

    clauses, params = event_filter(conn, q)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = conn.execute(
        "SELECT p.name, p.country, p.kind, p.latitude, p.longitude, count(*) AS n "
        f"FROM events e JOIN event_places p ON p.event_id = e.id {where} "
        "GROUP BY p.name, p.country, p.kind, p.latitude, p.longitude "
        f"ORDER BY n DESC, p.name LIMIT {int(limit)}", params).fetchall()
    return [{"name": r[0], "country": r[1], "kind": r[2], "latitude": r[3], "longitude": r[4],
             "n": r[5]} for r in rows]


#: the place of each event of one page (its ids as one JSON array parameter): the flat rows'
#: place columns, for readers that join a page themselves (the Parquet export)
PAGE_PLACES_SQL = ("SELECT event_id, words, name, country, kind, latitude, longitude "
                   f"FROM event_places WHERE event_id {_IN_PAGE}")
