"""Actors: a time-aware knowledge base of countries, people, organisations and their roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Actor:
    """A country, person, organisation, IGO or armed group."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    source: str = ""


@dataclass
class Role:
    """Person ``actor_id`` holds ``office`` of ``country`` from ``start`` to ``end`` (None: open)."""

    actor_id: str
    office: str
    country: str
    start: dt.date | None = None
    end: dt.date | None = None
    source: str = ""
    learned: bool = False
    evidence: str | None = None
    # the sector the holder acts for while in the role (GOV for a minister, MIL for a general);
    # None: derive it from the office
    sector: str | None = None


@dataclass
class ActorRef:
    """An actor as mentioned in one article: who, where in the text, and why we think so."""

    actor_id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    text: str
    start: int
    end: int
    how: str = "name"
    office: tuple[str, str] | None = None
