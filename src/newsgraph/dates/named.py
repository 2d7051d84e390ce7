"""Event nouns dated once and named again undated: "the July 1 call", then "the phone call".

An article often gives an event's date once ("the Kremlin's summary of the July 1 call") and
names it again without ("the phone call comes as ..."); the undated mention borrows that date.
It is the same event only when it is between the same parties: another call in the same article
("Trump held a phone call with Zelensky") is another event, and keeps its own date. So a dated
mention records the parties of the events told in its sentence, and a mention borrows only from
one whose parties it shares, at least one, with neither side naming a party the other lacks
(each side's parties within the other's). Where either side names no party, nothing is
borrowed. Which nouns are dated this way is data (``dated_event_nouns`` in data/dates.yaml).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dating import DATING_TYPES, event_value, is_absolute
from .lexicon import default_lexicon
from .passing import past_span
from .records import EventDate, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..events import Event

# the shipped lexicon's event nouns ("call", "summit", ...: ``dated_event_nouns`` in dates.yaml)
EVENT_NOUNS = default_lexicon().dated_event_nouns


@dataclass(frozen=True)
class DatedMention:
    """An event noun with its own date ("the July 1 call"): its lemma, the date, where the noun
    stands (character offset) and the parties (actor ids) of the events of its sentence."""

    lemma: str
    date: EventDate
    start: int
    parties: frozenset[str]


def dated_mentions(doc: Doc, timexes: list[Timex], published: dt.date,
                   events: Iterable[Event] = (), nouns: frozenset[str] | None = None
                   ) -> list[DatedMention]:
    """Every event noun of ``doc`` a time word dates ("the July 1 call", "Sunday's summit"),
    in text order, with the parties of ``events`` whose trigger is that noun or, where none
    is, of the events told in its sentence."""
    lex = default_lexicon()
    nouns = lex.dated_event_nouns if nouns is None else nouns
    coded = list(events)
    found: list[DatedMention] = []
    for timex in timexes:
        if timex.type not in DATING_TYPES or past_span(timex, lex) or (
                value := event_value(timex.value, published)) is None:
            continue  # "the past year's talks": a span back from now dates no one meeting
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        after = doc[span.end] if span.end < len(doc) else None
        for noun in (span.root.head, after):
            lemma = noun.lemma_.lower() if noun is not None else ""
            if noun is not None and noun.i >= span.end and lemma in nouns:
                basis = "explicit" if is_absolute(timex.text, lex) else "relative"
                found.append(DatedMention(lemma, EventDate(value[0], value[1], basis, timex.text),
                                          noun.idx, _parties_at(noun, coded)))
                break
    return sorted(found, key=lambda m: m.start)


def _parties(event: Event) -> frozenset[str]:
    return frozenset(r.actor_id for r in event.source + event.target)


def _parties_at(noun: Token, events: list[Event]) -> frozenset[str]:
    """The parties of the event coded from ``noun``, else of every event of its sentence."""
    own = [e for e in events if e.mentions[0].trigger_start <= noun.idx
           < e.mentions[0].trigger_end]
    sentence = noun.sent
    told = own or [e for e in events
                   if sentence.start_char <= e.mentions[0].trigger_start < sentence.end_char]
    return frozenset().union(*(_parties(e) for e in told))


def same_parties(ours: frozenset[str], theirs: frozenset[str]) -> bool:
    """At least one party shared and none in conflict: one side's parties are all the other's
    ("Macron" and "Macron, Putin" agree; "Trump, Zelensky" and "Trump, Putin" do not)."""
    return bool(ours & theirs) and (ours <= theirs or theirs <= ours)


def borrowed_date(when: EventDate, event: Event, trigger: Token,
                  mentions: list[DatedMention]) -> EventDate:
    """``when``, or for an event noun the sentence does not date (basis "publication") the
    date of the first dated mention of the same noun between the same parties."""
    if when.basis != "publication":
        return when
    lemma, parties = trigger.lemma_.lower(), _parties(event)
    for mention in mentions:
        if mention.lemma == lemma and same_parties(parties, mention.parties):
            return mention.date
    return when

