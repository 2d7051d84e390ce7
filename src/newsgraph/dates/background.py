"""Background events: an event mentioned in passing, in a "since" or "after" phrase.

"It is her first visit abroad since the rebels seized the port": the seizure happened at some
time before the visit that the sentence does not give. Its date is neither the visit's nor the
publication date, so such an event is left undated unless its own phrase holds a time
expression ("since the rebels seized the port in 2019"). Which words open a background phrase
is data (``background_markers`` in data/dates.yaml); where the phrase sits, and what it hangs
off, is read from the dependency parse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import BackgroundMarker, DateLexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

_VERBAL = ("VERB", "AUX")
_NOMINAL = ("NOUN", "PROPN")
# a verb with a subject or an auxiliary is a predicate ("troops are following the convoy"), not
# the preposition-like "following the annexation"
_PREDICATE = ("nsubj", "nsubjpass", "aux", "auxpass")
# links that keep an event inside the phrase of its head: "invaded ... and annexed", "moved to
# annex"; "the start of the war"; "the blockade and siege"
_SAME_CLAUSE = ("conj", "xcomp")
_SAME_PHRASE = ("conj", "compound", "appos")
_PRESENT = ("VBZ", "VBP")
_CLIMB = 8  # parse links climbed at most: background phrases are short


@dataclass(frozen=True)
class Background:
    """Where a trigger sits in the background of its sentence.

    ``head`` is the root of the background clause or phrase: time words below it are the
    event's own. ``governor`` is the word the phrase hangs off, standing for the event the
    background is placed against (None when nothing governs it).
    """

    marker: str
    spec: BackgroundMarker
    form: str  # "clause" (a verb with its subject) or "phrase" (an event noun)
    head: Token
    governor: Token | None

    def describe(self) -> str:
        """ "a 'since' clause", "an 'after' phrase"."""
        article = "an" if self.marker[0] in "aeiou" else "a"
        return f"{article} '{self.marker}' {self.form}"


def background_position(trigger: Token, lexicon: DateLexicon) -> Background | None:
    """The background phrase ``trigger`` sits in, or None when it is in the foreground."""
    if not lexicon.background_markers:
        return None
    found = _clause_background(trigger, lexicon) if trigger.pos_ in _VERBAL else None
    if found is None:  # an event noun, or a gerund the tagger calls a verb ("since the bombing")
        found = _phrase_background(trigger, lexicon)
    if found is None or found.spec.under == "any":
        return found
    return found if _under_clause(found.governor) else None


def _clause_background(trigger: Token, lexicon: DateLexicon) -> Background | None:
    """ "since the rebels seized the port", "after invading": a verb whose clause is opened
    by a marker (spaCy: ``mark``), or that is the object of one (``pcomp``)."""
    token = trigger
    for _ in range(_CLIMB):
        for child in token.children:
            if child.dep_ == "mark" and (found := _marker_at(child, lexicon)):
                if found[1].causal_in_present and _present_simple(token):
                    return None
                governor = token.head if token.head.i != token.i else None
                return Background(found[0], found[1], "clause", token, governor)
        if token.dep_ == "pcomp" and (found := _marker_at(token.head, lexicon)):
            return Background(found[0], found[1], "clause", token, _governor(token.head, found[0]))
        if token.dep_ not in _SAME_CLAUSE or token.head.i == token.i:
            return None
        token = token.head
    return None


def _phrase_background(trigger: Token, lexicon: DateLexicon) -> Background | None:
    """ "after the annexation", "since the start of the war", "following the blockade": an
    event noun that is the object of a marker, possibly through "of" and coordination."""
    token = trigger
    for _ in range(_CLIMB):
        head = token.head
        if head.i == token.i:
            return None
        if token.dep_ in ("pobj", "dobj", "pcomp") and (found := _marker_at(head, lexicon)):
            return Background(found[0], found[1], "phrase", token, _governor(head, found[0]))
        if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in _NOMINAL:
            token = head.head  # "the start of the war": the war is in the start's phrase
        elif token.dep_ in _SAME_PHRASE:
            token = head
        else:
            return None
    return None


def placed_before(trigger: Token, lexicon: DateLexicon) -> str | None:
    """The marker of a phrase on ``trigger``'s verb that places its event before another one
    the text names without a time ("drones were supplied to Russia before the war", "had
    withdrawn prior to the vote"): that other event is past or to come, so the publication day
    cannot be this one's. None when there is no such phrase."""
    if trigger.pos_ not in _VERBAL:
        return None
    preps = [c for c in trigger.children if c.dep_ == "prep"]
    preps += [g for c in trigger.children if c.dep_ in ("advmod", "prep")  # "prior to"
              for g in c.children if g.dep_ == "prep"]
    for prep in preps:
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.pos_ not in _NOMINAL or _time_word(obj, lexicon):
                continue
            found = _marker_at(obj.head, lexicon)
            if found is not None and found[1].relation == "after":
                return found[0]
    return None


def _time_word(token: Token, lexicon: DateLexicon) -> bool:
    """ "before dawn", "before noon", "before Friday": a time, not another event."""
    word = token.lower_
    return (word in lexicon.day_parts or word in lexicon.unit_forms or word in lexicon.seasons
            or token.text in lexicon.weekdays or token.text in lexicon.months
            or word in lexicon.clock_words or token.like_num)


def _marker_at(token: Token, lexicon: DateLexicon) -> tuple[str, BackgroundMarker] | None:
    """The background marker whose last word is ``token`` ("prior to" ends on "to")."""
    if token.pos_ in _VERBAL and any(c.dep_ in _PREDICATE for c in token.children):
        return None
    sentence_start = token.sent.start
    for words, spec in lexicon.background_markers.items():
        n = len(words.split())
        first = token.i - n + 1
        if first < sentence_start:
            continue
        if " ".join(t.lower_ for t in token.doc[first:token.i + 1]) == words:
            return words, spec
    return None


def _governor(marker_end: Token, words: str) -> Token | None:
    """What a marker phrase hangs off: the head of its words, seen from outside them."""
    first = marker_end.i - len(words.split()) + 1
    token = marker_end
    for _ in range(_CLIMB):
        if token.head.i == token.i:
            return None
        if not first <= token.head.i <= marker_end.i:
            return token.head
        token = token.head
    return None


def _under_clause(governor: Token | None) -> bool:
    """A verb at or above the governor: the phrase hangs under a clause, not a verbless
    headline ("Fresh talks on Monday after the envoys met")."""
    token = governor
    for _ in range(_CLIMB * 4):
        if token is None:
            return False
        if token.pos_ in _VERBAL:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _present_simple(verb: Token) -> bool:
    """ "since the rebels hold the port" (because), not "since they have held it"."""
    return verb.tag_ in _PRESENT and not any(c.dep_ == "aux" for c in verb.children)


def in_past(token: Token) -> bool:
    """The clause of ``token`` is told in the past: a past-tense verb or auxiliary ("seized",
    "had shelled", "has seized"), with no modal ("will", "would")."""
    verb = token
    for _ in range(_CLIMB * 4):
        if verb.pos_ in _VERBAL or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in _VERBAL:
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" for a in auxes):
        return False
    return verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes) or (
        verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes))
