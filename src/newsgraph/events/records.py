"""The records the coder writes: an Event and the Mentions that report it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..actors import ActorRef

if TYPE_CHECKING:
    from ..places import Place

# "alleged": only the content of an accusation ("accused X of supplying Y"); not asserted
MODALITIES = ("asserted", "future", "hypothetical", "negated", "denied", "alleged")
UNIDENTIFIED = "unidentified"  # the ``how`` of a composed doer, and its rules' prefix


@dataclass
class Mention:
    """One sentence of one article that reports an event; offsets are in the article text."""

    article_id: str
    published: dt.date
    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    rule: str
    claimed_by: list[ActorRef] = field(default_factory=list)
    # what this one report says, before merging: kept so each outlet's framing stays visible
    modality: str = "asserted"
    confidence: float = 0.5
    source: list[ActorRef] = field(default_factory=list)
    target: list[ActorRef] = field(default_factory=list)
    date: str | None = None
    date_basis: str | None = None
    date_text: str | None = None
    merge_reason: str | None = None


@dataclass
class Event:
    """One real-world event with every mention that reports it."""

    type: str
    mode: str | None
    cameo: str | None
    quad_class: int | None
    goldstein: float | None
    source: list[ActorRef]
    target: list[ActorRef]
    modality: str = "asserted"
    confidence: float = 0.5
    claimed_by: list[ActorRef] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    date_basis: str | None = None
    date_text: str | None = None
    # an undated background event ("after a visit by X") lies before or during this dated
    # period of the event it hangs off; used to find the report it repeats, not stored
    date_bound: str | None = None
    # the days the text bounds an undated (or ranged) event by, inclusive ISO days: "following
    # the July 1 call" is on or after 2025-07-01 (dates.EventDate.after/before); stored
    date_after: str | None = None
    date_before: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    merge_reasons: list[str] = field(default_factory=list)
    id: str | None = None
    # a phone call, a meeting, an agreement: both sides did it, so source/target order is arbitrary
    reciprocal: bool = False
    # where it happened, when a report's sentence names it (newsgraph.places)
    place: Place | None = None
    # the story (newsgraph.stories) of the article that first reported it, as stored; set
    # when the event is read back from a database, None before its article is filed
    story_id: str | None = None
