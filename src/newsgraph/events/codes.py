"""Choosing the code of a hit: PLOVER type and mode, CAMEO code, from cues near the trigger."""

from __future__ import annotations

from spacy.tokens import Token

from ..ontology import EventCode, Ontology
from .triggers import Hit

_NOT_CUES = {"nsubj", "nsubjpass", "conj", "cc", "punct", "advcl", "parataxis", "relcl"}


_MODE_PREPS = {"by", "with", "in", "via", "using", "over", "from", "through", "during"}


def choose_code(hit: Hit, onto: Ontology) -> EventCode:
    """Most specific wins: a CAMEO cue in the clause, then a mode cue, then the pattern's code."""
    p, tok = hit.pattern, hit.token
    scope = [tok] + [t for c in tok.children if c.dep_ not in _NOT_CUES for t in c.subtree]
    clause = {t.lemma_.lower() for t in scope} | {t.lower_ for t in scope}
    for code, cue_words in p.cues.items():
        if clause & cue_words:
            found = onto.describe_cameo(code)
            if found is not None and found.type == p.type:
                return found
    near = _mode_words(tok)
    for mode, mode_words in p.modes.items():
        if near & mode_words:
            return onto.describe(p.type, mode)
    if p.cameo:
        found = onto.describe_cameo(p.cameo)
        if found is not None and found.type == p.type:
            return EventCode(found.type, p.mode or found.mode, found.cameo, found.quad_class,
                             found.goldstein, found.plover_score)
    return onto.describe(p.type, p.mode)


def _mode_words(tok: Token) -> set[str]:
    """Words that say how it was done: the trigger, its modifiers, "by phone", "with drones"."""
    near = [tok] + [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod", "dobj")]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in _MODE_PREPS:
            for g in c.children:
                near += [g] + [m for m in g.children if m.dep_ in ("compound", "amod")]
    if tok.dep_ in ("dobj", "pobj"):
        near += [c for c in tok.head.children if c.dep_ == "compound"]
    return {t.lemma_.lower() for t in near} | {t.lower_ for t in near}
