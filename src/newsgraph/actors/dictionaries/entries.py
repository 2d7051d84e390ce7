"""Actor and role entries as written in data files (YAML, CSV rows), checked and turned into records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...errors import ConfigError
from ..names import slug
from ..records import KINDS, Actor, Role


def split_list(value: str | None) -> list[str]:
    """``"a|b"`` -> ``["a", "b"]``: the list cells of our CSV files."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def actor_from_entry(entry: dict, origin: str) -> Actor:
    """An actor entry of our YAML/CSV files (name, kind, id, country, sector, aliases...)."""
    name = str(entry["name"])
    kind = entry.get("kind") or _kind_from_id(entry.get("id")) or ("person" if entry.get("roles")
                                                                     is not None else "organisation")
    if kind not in KINDS:
        raise ConfigError(f"{origin}: {name}: kind '{kind}' is not one of {', '.join(KINDS)}")
    prefix = {"person": "person", "country": "country", "igo": "igo"}.get(kind, "org")
    actor_id = entry.get("id") or f"{prefix}:{slug(name)}"
    sector = entry.get("sector", "IGO" if kind == "igo" else None)
    return Actor(actor_id, name, kind, entry.get("country"), sector,
                 [str(a) for a in entry.get("aliases") or []], entry.get("source") or origin,
                 entry.get("gender"))


def _kind_from_id(actor_id: str | None) -> str | None:
    prefix = (actor_id or "").split(":", 1)[0]
    return {"person": "person", "country": "country", "igo": "igo"}.get(prefix)


def role_from_entry(raw: Any, actor: Actor, origin: str, where: str) -> Role:
    """``[office, start, end, country?, sector?, organisation?]`` or a mapping with those keys."""
    if isinstance(raw, dict):
        raw = [raw.get(k) for k in ("office", "start", "end", "country", "sector", "organisation")]
    if not isinstance(raw, list) or len(raw) < 1 or not raw[0]:
        raise ConfigError(f"{where}: a role is [office, start, end, country?, sector?, org?]")
    raw = list(raw) + [None] * (6 - len(raw))
    country = raw[3] or actor.country
    if not country:
        raise ConfigError(f"{where}: the role has no country and {actor.name} has none either")
    return Role(actor.id, str(raw[0]), str(country), parse_day(raw[1], where), parse_day(raw[2], where),
                source=origin, sector=raw[4], organisation=raw[5])


def parse_day(value: Any, where: str) -> dt.date | None:
    """An ISO date of our data files (a YAML date passes as it is); None stays None."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from None
