"""Dates: temporal expressions (TimeML) and the date of each event."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Timex:
    """A temporal expression: character span, TimeML type and normalised value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class EventDate:
    """When an event happened, how precisely we know, and why we think so."""

    value: str
    precision: str
    basis: str
    text: str | None = None
