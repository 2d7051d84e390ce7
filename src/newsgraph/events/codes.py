"""Choosing the code of a hit: PLOVER type and mode, CAMEO code, from cues near the trigger."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors import ActorRef
from ..ontology import EventCode, Ontology
from .triggers import Hit
from .unidentified import UNIDENTIFIED

_NOT_CUES = {"nsubj", "nsubjpass", "conj", "cc", "punct", "advcl", "parataxis", "relcl"}


_TIME_PREPS = {"after", "before", "during", "since", "until", "following", "amid", "ahead"}

_MODE_PREPS = {"by", "with", "in", "via", "using", "over", "from", "through", "during"}


def choose_code(hit: Hit, onto: Ontology, rioters: frozenset[str] = frozenset()) -> EventCode:
    """Most specific wins: a CAMEO cue in the clause, then a mode cue, then the pattern's code.

    A pattern's ``by_state`` code comes first when every source is a state or speaks for one;
    violence done by a protest crowd alone (a group of a ``rioters`` noun) is a riot.
    """
    p, tok = hit.pattern, hit.token
    if p.type == "ASSAULT" and crowd_violence(hit.source, rioters):
        return onto.describe("PROTEST", "riot")
    if p.by_state is not None and hit.source and all(is_state(r) for r in hit.source):
        return onto.describe(*p.by_state)
    # "rejected a remark after the meeting": a phrase of time is not what the act is about
    scope = [tok] + [t for c in tok.children if c.dep_ not in _NOT_CUES
                     and not (c.dep_ == "prep" and c.lower_ in _TIME_PREPS) for t in c.subtree]
    clause = {t.lemma_.lower() for t in scope} | {t.lower_ for t in scope}
    for code, cue_words in p.cues.items():
        if clause & cue_words:
            found = onto.describe_cameo(code)
            if found is not None and found.type == p.type:
                return found
    near = _mode_words(tok) | _unnamed_doer_words(hit) | _doer_nouns(hit)
    for mode, mode_words in p.modes.items():
        if near & mode_words:
            return onto.describe(p.type, mode)
    if p.cameo:
        found = onto.describe_cameo(p.cameo)
        if found is not None and found.type == p.type:
            return EventCode(found.type, p.mode or found.mode, found.cameo, found.quad_class,
                             found.goldstein, found.plover_score)
    return onto.describe(p.type, p.mode)


def crowd_violence(source: list[ActorRef], rioters: frozenset[str]) -> bool:
    """Is every doer a protest crowd ("rioters", "Palestinian protesters": a composed group
    whose people noun is one of ``rioters``)? Their violence ("threw stones at police", "clashed
    with troops") is a violent protest, PLOVER's riot, not an assault between two sides; a
    named party among the doers keeps it an assault."""
    return bool(source) and all(
        r.how == "group" and r.actor_id.startswith("group:")
        and r.actor_id.rsplit(":", 1)[-1] in rioters for r in source)


# sectors of those who act for their state abroad (not a parliament, not a court)
_STATE_SECTORS = {"GOV", "MIL"}


def is_state(ref: ActorRef) -> bool:
    """A state by its name, an IGO, or someone acting for one (a minister, a ministry).

    A demonym ("Palestinians") names people, and a legislator or a court speaks for no
    government, so neither counts.
    """
    if ref.how in ("demonym", "group"):
        return False
    if ref.sector is not None:
        return ref.sector in _STATE_SECTORS or ref.kind == "igo"
    return ref.kind in ("country", "igo") or ref.office is not None


def _unnamed_doer_words(hit: Hit) -> set[str]:
    """The words of a doer described but not named: "a roadside bomb" (explosives), "gunmen"
    (firearms), "a suicide bomber". With no actor to say who, they say how."""
    if hit.source_basis != UNIDENTIFIED:
        return set()
    doc = hit.token.doc
    spans = [doc.char_span(r.start, r.end, alignment_mode="expand") for r in hit.source]
    return {w for span in spans if span is not None for t in span for w in (t.lemma_.lower(), t.lower_)}


# how a name sits in the phrase of the noun it describes: "Syrian Air Force", "Israel's jets"
_NAME_IN_PHRASE = {"amod", "compound", "poss", "nmod"}


def _doer_nouns(hit: Hit) -> set[str]:
    """The noun a named doer is: "US warplanes", "Turkish jets", "the Syrian Air Force" say
    how (aerial) as a described doer does. Only the phrase's head, alone and with its compounds
    ("air force"), counts, not every word: "football club fans" are no clubs, "mine workers"
    no mines."""
    doc, words = hit.token.doc, set()
    for ref in hit.source:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        while head.dep_ in _NAME_IN_PHRASE and head.head.pos_ in ("NOUN", "PROPN") and head.head != head:
            head = head.head
        if head == hit.token:
            continue
        # "Syrian Air Force": every tail of its compounds ("air force", not only the whole)
        phrase = [c for c in head.children if c.dep_ == "compound" and c.i < head.i] + [head]
        for form in (lambda t: t.lemma_.lower(), lambda t: t.lower_):
            words |= {" ".join(form(t) for t in phrase[k:]) for k in range(len(phrase))}
    return words


def _mode_words(tok: Token) -> set[str]:
    """Words that say how it was done: the trigger, its modifiers and its object's ("teargas
    shells"), "by phone", "with drones"."""
    near = [tok] + [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod", "dobj")]
    # what the object is made of: "fired teargas shells", "fired rubber bullets"
    near += [m for c in tok.children if c.dep_ == "dobj" for m in c.children
             if m.dep_ in ("compound", "amod")]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in _MODE_PREPS:
            for g in c.children:
                near += [g] + [m for m in g.children if m.dep_ in ("compound", "amod")]
    if tok.dep_ in ("dobj", "pobj"):
        near += [c for c in tok.head.children if c.dep_ == "compound"]
    return {t.lemma_.lower() for t in near} | {t.lower_ for t in near}
