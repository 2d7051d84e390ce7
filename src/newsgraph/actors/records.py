"""The records of the actor layer: who an actor is, the offices they hold, and a mention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

KINDS = ("country", "person", "organisation", "igo", "armed_group", "media")


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
    gender: str | None = None  # "m" / "f" for persons when known: resolves he/she


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
    # the organisation the office belongs to ("igo:IAEA", "org:hezbollah"), when not a state's
    organisation: str | None = None

    def covers(self, on: dt.date) -> bool:
        """Curated roles: start inclusive, end exclusive (the successor holds it that day)."""
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)

    def distance(self, on: dt.date) -> dt.timedelta:
        """How far ``on`` lies outside the observed interval (zero inside it)."""
        if self.start and on < self.start:
            return self.start - on
        if self.end and on > self.end:
            return on - self.end
        return dt.timedelta(0)


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
