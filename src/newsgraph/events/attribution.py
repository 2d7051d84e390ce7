"""Attribution: who says an event happened (claimed_by)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..actors import ActorRef
from .lexicon import Lexicon
from .modality import allegation
from .phrases import RefIndex, refs_of, unique
from .sources import subject_refs


def claimed_by(tok: Token, sent: Span, index: RefIndex, lexicon: Lexicon) -> list[ActorRef]:
    """Who says so: the subject of a reporting verb above the trigger, or "according to X"."""
    reporting = lexicon.cue("attribution", "reporting_verbs")
    x = tok
    while x.head.i != x.i:
        edge, x = x.dep_, x.head
        if x.lemma_.lower() in reporting and x.pos_ == "VERB" and edge not in ("nsubj", "nsubjpass"):
            said = refs_of([c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")], index)
            if said:
                return said
    for t in sent:
        if t.lower_ in lexicon.cue("attribution", "preps"):
            pobjs = [g for c in [t, *t.children] for g in c.subtree if g.dep_ in ("pobj", "dobj")]
            found = unique(r for g in pobjs for r in index.get(g.i, []))
            if found:
                return found
    root = sent.root
    for c in root.children:
        if c.dep_ in ("parataxis", "advcl") and c.lemma_.lower() in reporting:
            said = refs_of([g for g in c.children if g.dep_ == "nsubj"], index)
            if said:
                return said
    return []


def accusers(tok: Token, index: RefIndex, lexicon: Lexicon) -> list[ActorRef]:
    """Who makes the accusation an ``alleged`` act is the content of: "X accused Y of ..." -> X.

    The subject of the accusing verb (its "by" agent when passive: "Y was accused by X of ..."),
    or the owner of an accusation noun ("X's allegation that ..."), or the subject of the verb
    that makes it ("X repeated the allegation that ..."). Empty when the accuser is not named.
    """
    x = tok
    while x.head.i != x.i:
        child, x = x, x.head
        if allegation(x, child, lexicon) == "alleged":
            return _accuser(x, index, lexicon)
    return []


def _accuser(x: Token, index: RefIndex, lexicon: Lexicon) -> list[ActorRef]:
    """The actor behind one accusing word ``x`` (a verb or an accusation noun); see ``accusers``."""
    agents = [g for c in x.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"
              for g in c.children if g.dep_ == "pobj"]
    if x.pos_ == "NOUN":
        owners = [c for c in x.children if c.dep_ == "poss"]
        found = refs_of(owners, index) or refs_of(agents, index)
        if found or x.dep_ not in ("dobj", "nsubjpass") or x.head.pos_ != "VERB":
            return found
        x = x.head
    if any(c.dep_ == "nsubjpass" for c in x.children):
        return refs_of(agents, index)
    return subject_refs(x, index, lexicon.cue("attribution", "reporting_verbs"), lexicon)[0]


def own_claim(modality: str, source: list[ActorRef], claimers: list[ActorRef]) -> str:
    """``asserted`` for an ``alleged`` act its own doer claims: "the rebels claimed they had shot
    down a jet" is the rebels' report of their own act, not an accusation; a claim by one side
    about what another did stays ``alleged``, claimed by its speaker."""
    doers = {r.actor_id for r in source} | {r.country for r in source if r.country}
    if modality == "alleged" and claimers and all(
            c.actor_id in doers or (c.country is not None and c.country in doers)
            for c in claimers):
        return "asserted"
    return modality
