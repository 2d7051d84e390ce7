"""Events told in passing by their own wording: "a recent call", "condemned the bombing".

An event noun with a past modifier ("the recent protests", "previous talks") or one that is
what a reaction answers ("the ministry condemned the bombing", "blamed Iran for the attack",
"the inquiry into the shooting") is mentioned as something that happened before the sentence's
news, at a time the sentence does not give. Neither the publication day nor the reaction's own
date is its date: with no time word of its own it gets none, only the bound the text supports
(on or before the reaction, and before publication). A past span that holds an event without
dating it ("in recent months", "over the past three weeks", "recently") bounds it the same way.
Which words do this is data (``past_event_modifiers``, ``reaction_words``,
``past_span_words`` in data/dates.yaml); where they sit is read from the dependency parse.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import DateLexicon
from .records import Timex

if TYPE_CHECKING:
    from spacy.tokens import Token

_NOMINAL = ("NOUN", "PROPN")
# links from an event noun up to what it is an argument of: "condemned [the bombing]",
# "blamed Iran for [the attack]", "condemnation of [the strikes]", "[strikes] and [raids]"
_ARGUMENT = ("dobj", "pobj", "nsubjpass", "conj", "appos")
_PREPOSITIONS = ("of", "for", "over", "into", "on", "about", "at", "to")
_CLIMB = 4
_DURATION = re.compile(r"^P(\d+)([DWMY])$")


@dataclass(frozen=True)
class Passing:
    """Why an event noun is told in passing, and the reaction it is told against, if any."""

    reason: str  # "'recent'", "what 'condemned' answers"
    reaction: Token | None


def passing_mention(trigger: Token, lex: DateLexicon) -> Passing | None:
    """How ``trigger`` (an event noun) is told in passing, or None when it is the news itself.

    A verb trigger is never: its clause tells its own time ("the army shelled the town")."""
    if trigger.pos_ not in _NOMINAL:
        return None
    for child in trigger.children:
        if child.dep_ in ("amod", "advmod") and child.lower_ in lex.past_event_modifiers:
            return Passing(f"'{child.lower_}'", None)
    if (reaction := _reaction_to(trigger, lex)) is not None:
        return Passing(f"what '{reaction.text}' answers", reaction)
    return None


def _reaction_to(trigger: Token, lex: DateLexicon) -> Token | None:
    """The reaction word ``trigger`` is the object of, through a preposition or coordination
    ("condemned the attack", "blamed X for the attack", "the probe into the shooting")."""
    token = trigger
    for _ in range(_CLIMB):
        head = token.head
        if head.i == token.i or token.dep_ not in _ARGUMENT:
            return None
        if token.dep_ == "pobj":
            if head.lower_ not in _PREPOSITIONS or head.head.i == head.i:
                return None
            head = head.head
        if _reacts(head, lex):
            return head
        if token.dep_ == "pobj":  # "opened an inquiry into the killings": the light verb's object
            for obj in head.children:
                if obj.dep_ == "dobj" and _reacts(obj, lex):
                    return obj
        if token.dep_ not in ("conj", "appos"):
            return None
        token = head
    return None


def _reacts(token: Token, lex: DateLexicon) -> bool:
    return token.lemma_.lower() in lex.reaction_words or token.lower_ in lex.reaction_words


def past_span(timex: Timex, lex: DateLexicon) -> bool:
    """A span reaching back to the present that holds an event without naming its day ("in
    recent months", "over the past three weeks", "recently", "over the past year"): PAST_REF, a
    duration whose words look back, or the unit just behind now (``look_back_unit``)."""
    if timex.value == "PAST_REF":
        return True
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", timex.text)}
    if timex.type == "DURATION":
        return bool(words & lex.past_span_words)
    return look_back_unit(timex, lex) is not None


_LOOK_BACK = re.compile(r"(?i)(?:the|this)\s+([a-z]+)\s+([a-z]+)")


def look_back_unit(timex: Timex, lex: DateLexicon) -> str | None:
    """The unit of "the past year", "the last decade" (``look_back_words``): TimeML dates it as
    the calendar unit before the anchor's, but what happened "over the past year" happened in
    the year reaching back from publication, on no day the text gives; None for other timexes
    ("last year" is the calendar year, and dates its events)."""
    m = _LOOK_BACK.fullmatch(timex.text)
    if timex.type != "DATE" or m is None or m[1].lower() not in lex.look_back_words:
        return None
    unit = m[2].lower()
    return unit if unit in lex.units else None


def span_start(timex: Timex, published: dt.date, lex: DateLexicon | None = None
               ) -> dt.date | None:
    """The first day a past span of a stated length can reach ("the past three weeks", "the
    past year" from publication); None for a vague one ("recent months")."""
    unit_name = look_back_unit(timex, lex) if lex is not None else None
    if unit_name is not None:
        unit = lex.units[unit_name] if lex is not None else None
        value = f"P{unit.scale}{unit.letter}" if unit is not None and not unit.time else ""
    else:
        value = timex.value
    m = _DURATION.match(value)
    if m is None:
        return None
    n, letter = int(m[1]), m[2]
    days = {"D": 1, "W": 7}.get(letter)
    if days is not None:
        return published - dt.timedelta(days=n * days)
    months = n * (12 if letter == "Y" else 1)
    year, month = divmod(published.year * 12 + published.month - 1 - months, 12)
    day = min(published.day, 28)
    return dt.date(year, month + 1, day)
