"""Metonyms: does "Tehran" speak for its government, or is it a place?"""

from __future__ import annotations

from spacy.tokens import Span

from ..parsing import UNPARSED_DEP

_SPEAK_DEPS = {"nsubj", "nsubjpass", "agent", "poss", "dobj", "dative", "csubj", "ROOT", "appos"}
_EVENT_PREPS = {"with", "to", "against", "on", "between", "by", "toward", "towards", "upon"}
_MOTION = {"travel", "go", "come", "fly", "arrive", "return", "head", "move", "visit", "trip",
           "journey", "flight", "way", "route", "road", "flee", "relocate", "drive", "sail"}
_PLACE_PREPS = {"in", "at", "near", "from", "to", "into", "of", "outside", "across", "around",
                "inside", "toward", "towards", "via", "through", "throughout", "within", "over",
                "beyond", "off"}


def speaks(span: Span) -> bool:
    """True when a seat ("Tehran", "the Kremlin") acts in the sentence rather than locates."""
    sent = span.sent
    if any(t.dep_ == UNPARSED_DEP for t in sent[:3]) or len(sent) == 1:
        return _speaks_unparsed(span)
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in _SPEAK_DEPS:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in _EVENT_PREPS:
        prep = tok.head
        return not (prep.lower_ in ("to", "toward", "towards") and prep.head.lemma_ in _MOTION)
    return False


def _speaks_unparsed(span: Span) -> bool:
    """Without a parse: a seat after a place preposition is a place; otherwise it speaks."""
    doc = span.doc
    k = span.start - 1
    while k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return not (k >= 0 and doc[k].lower_ in _PLACE_PREPS)


_ARRIVAL_PREPS = {"to", "into", "in", "at", "toward", "towards"}
_TRAVEL = _MOTION - {"return"}  # "will return to Peru": going home, not abroad


def is_destination(span: Span) -> bool:
    """Is this place where someone travels ("arrived in Chile", "flew to Kabul", "visited
    Hanoi", "a trip to Oslo")? Read from the parse; an unparsed sentence says no. Returning
    somewhere is going home, so it is no destination here."""
    tok = span.root
    if tok.dep_ == UNPARSED_DEP:
        return False
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "dobj":
        return tok.head.lemma_ == "visit"
    prep = tok.head
    return tok.dep_ == "pobj" and prep.lower_ in _ARRIVAL_PREPS and prep.head.lemma_ in _TRAVEL
