"""The coder: every event in the parsed sentences of a document."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span

from ..actors import ActorRef
from ..ontology import Ontology
from ..parsing import UNPARSED_DEP
from .arguments import RefIndex, index_refs
from .attribution import claimed_by
from .codes import choose_code
from .lexicon import Lexicon
from .modality import modality_of
from .records import Event, Mention
from .triggers import Hit, find_hits


def code_events(doc: Doc, refs: list[ActorRef], article_id: str, published: dt.date,
                onto: Ontology, lexicon: Lexicon) -> list[Event]:
    """Events in the parsed sentences of ``doc``; actors come from ``refs`` of the same sentence."""
    if not doc.has_annotation("DEP"):
        return []
    index = index_refs(doc, refs)
    events: list[Event] = []
    for sent in doc.sents:
        if any(t.dep_ == UNPARSED_DEP for t in sent):
            continue
        for hit in find_hits(sent, index, lexicon):
            events.append(_event(hit, sent, index, article_id, published, onto, lexicon))
    return events


def _event(hit: Hit, sent: Span, index: RefIndex, article_id: str, published: dt.date,
           onto: Ontology, lexicon: Lexicon) -> Event:
    code = choose_code(hit, onto)
    modality = modality_of(hit, lexicon)
    claimed = claimed_by(hit.token, sent, index, lexicon)
    confidence = confidence_of(hit)
    tok = hit.token
    mention = Mention(
        article_id=article_id, published=published, sentence=sent.text, start=sent.start_char,
        end=sent.end_char, trigger=tok.text, trigger_start=tok.idx, trigger_end=tok.idx + len(tok),
        rule=hit.pattern.id, claimed_by=list(claimed), modality=modality, confidence=confidence,
        source=list(hit.source), target=list(hit.target))
    return Event(type=code.type, mode=code.mode, cameo=code.cameo, quad_class=code.quad_class,
                 goldstein=code.goldstein, source=hit.source, target=hit.target, modality=modality,
                 confidence=confidence, claimed_by=claimed, mentions=[mention],
                 reciprocal=hit.pattern.reciprocal)


def confidence_of(hit: Hit) -> float:
    """Higher when both actors are named in the trigger's own arguments; lower for nouns/pronouns."""
    score = 0.55 if hit.nominal else 0.75
    if hit.direct:
        score += 0.15
    if not hit.target:
        score -= 0.15
    if any(r.how == "pronoun" for r in hit.source + hit.target):
        score -= 0.15
    return round(min(0.95, max(0.05, score)), 2)
