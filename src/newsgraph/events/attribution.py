"""Attribution: who says an event happened (claimed_by)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..actors import ActorRef
from .arguments import RefIndex, refs_of, unique
from .lexicon import Lexicon


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
