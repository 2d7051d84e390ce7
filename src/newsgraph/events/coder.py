"""The coder: every event in the parsed sentences of a document."""

from __future__ import annotations

import datetime as dt

from spacy.attrs import DEP
from spacy.tokens import Doc, Span, Token

from ..actors import Actor, ActorRef
from ..ontology import Ontology
from ..parsing import UNPARSED_DEP
from .arguments import RefIndex, condition_refs, index_refs
from .attribution import accusers, claimed_by, own_claim
from .codes import choose_code
from .intent import intent_event
from .lemmas import mend_lemmas
from .lexicon import Lexicon
from .modality import modality_of
from .records import Event, Mention
from .roles import role_words
from .triggers import Hit, find_hits, join_hyphenated
from .unidentified import UNIDENTIFIED


def code_events(doc: Doc, refs: list[ActorRef], article_id: str, published: dt.date,
                onto: Ontology, lexicon: Lexicon) -> list[Event]:
    """Events in the parsed sentences of ``doc``; actors come from ``refs`` of the same sentence."""
    if not doc.has_annotation("DEP"):
        return []
    mend_lemmas(doc, lexicon)
    join_hyphenated(doc, lexicon)
    index = index_refs(doc, refs, lexicon.groups)
    events: list[Event] = []
    unparsed = _unparsed_tokens(doc)
    for sent in doc.sents:
        if any(unparsed[sent.start:sent.end]):
            continue
        coded: list[Event] = []
        implied: list[Event] = []
        hits = list(find_hits(sent, index, lexicon))
        for hit in [h for h in hits if not _states_aim(h, hits, lexicon)
                    and not _victimless_retelling(h, hits, lexicon)]:
            event = _event(hit, sent, index, article_id, published, onto, lexicon)
            coded.append(event)
            # an unnamed doer has announced nothing ("gunmen will strike" is the writer's)
            announced = hit.source_basis != UNIDENTIFIED and _announced_by_actor(hit, event, lexicon)
            said = intent_event(event, onto, announced, condition_refs(hit.token, index, _UNLESS))
            if said is not None:
                implied.append(said)
        coded = one_per_trigger(coded)
        events += coded + [e for e in implied if not _already_said(e, coded)]
    return events


def one_per_trigger(coded: list[Event]) -> list[Event]:
    """One trigger word gives one event: where patterns of different types matched the same
    word ("beat" as an assault and as a sporting win, "march" as a protest and a month), only
    the most confident reading stays (the first found on a tie). Events of one type from one
    trigger stay (one act with several targets may be coded per target); what a speaker says
    they will do is a separate event, added after this (``intent_event``)."""
    best: dict[int, Event] = {}
    for event in coded:
        start = event.mentions[0].trigger_start
        kept = best.get(start)
        if kept is None or event.confidence > kept.confidence:
            best[start] = event
    return [e for e in coded
            if e.type == best[e.mentions[0].trigger_start].type]


def _states_aim(hit: Hit, hits: list[Hit], lexicon: Lexicon) -> bool:
    """Is this trigger only the stated aim of another act of the same type?

    "began a hunger strike to protest X's decision", "marched to protest", "went on strike in
    protest": for the types whose target is read from their aim (``purpose_types``), the
    infinitive or the "in protest" phrase says what the strike or march is for and names its
    target; it is not a second protest.
    """
    tok = hit.token
    if hit.pattern.type not in lexicon.purpose_types:
        return False
    if hit.nominal and tok.dep_ == "pobj" and tok.head.lower_ == "in":
        holder = tok.head.head
    elif tok.dep_ in ("advcl", "xcomp", "acl", "relcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        holder = tok.head
    else:
        return False
    return any(h is not hit and h.pattern.type == hit.pattern.type
               and holder.i in (h.token.i, h.token.head.i) for h in hits)


def _victimless_retelling(hit: Hit, hits: list[Hit], lexicon: Lexicon) -> bool:
    """Is this unnamed violence, with no target, told again with its victims in the sentence?

    "A roadside bomb killed one soldier and wounded two others", "a car bomb exploded, killing
    six Afghan soldiers": each verb is the same act by the same unidentified attackers; one
    naming no victims would count it twice. The first is kept when none names any. (Named doers
    keep every verb, as before; so do the unnamed authorities' acts, which are no violence:
    "police sealed the premises and arrested four persons" is two acts.)
    """
    if hit.source_basis != UNIDENTIFIED or hit.target \
            or hit.pattern.type not in lexicon.unidentified.types:
        return False
    who = {r.actor_id for r in hit.source}
    same = [h for h in hits if h.source_basis == UNIDENTIFIED and h.pattern.type == hit.pattern.type
            and {r.actor_id for r in h.source} == who]
    return any(h.target for h in same) or same.index(hit) > 0


def _unparsed_tokens(doc: Doc) -> list[bool]:
    """Per token: does it carry the ``unparsed`` label? Read from the array, not token by token."""
    strings = doc.vocab.strings
    return [strings[h] == UNPARSED_DEP for h in doc.to_array(DEP).tolist()] if len(doc) else []


def _already_said(implied: Event, coded: list[Event]) -> bool:
    """Does the sentence's own wording code what the intent rule inferred?

    "Iran threatened to attack Israel": the verb gives THREATEN; the intent rule, reading the
    announced attack, would add a second THREATEN by the same actor. One is enough, unless
    the inferred one names a party the sentence's own event lacks ("agreed to lift the embargo
    on X": the AGREE of "agreed" has no X).
    """
    who, whom = {r.actor_id for r in implied.source}, {r.actor_id for r in implied.target}
    return any(e.type == implied.type and who & {r.actor_id for r in e.source}
               and whom <= {r.actor_id for r in e.target + e.source} for e in coded)


def group_actors(events: list[Event]) -> list[Actor]:
    """The actors the coder composed, as actors to store: groups of people ("Egyptian
    demonstrators") and the unidentified attackers of a country ("gunmen" in Kabul).

    They are in no knowledge base, yet every stored event actor must exist; the record says
    the coder made it (``source``) and carries the country and sector it was given. A group's
    words are its alias; the unidentified attackers' words ("a roadside bomb") are no name.
    """
    found: dict[str, Actor] = {}
    for e in events:
        for r in e.source + e.target + e.claimed_by:
            if r.how in _COMPOSED and r.actor_id not in found:
                aliases = [r.text] if r.how == "group" else []
                found[r.actor_id] = Actor(r.actor_id, r.name, r.kind, r.country, r.sector,
                                          aliases, source=f"newsgraph.events:{r.how}")
    return list(found.values())


# the ``how`` of actors the coder composes rather than finds
_COMPOSED = ("group", UNIDENTIFIED)


_WILL = {"will", "would", "'ll", "wo", "shall", "'d"}
# adverbs that make a clause the writer's estimate of what someone will do, not their word
_FORECAST = {"probably", "likely", "possibly", "perhaps", "maybe", "unlikely", "presumably"}
# "will withdraw unless Y ...": the mark of a condition that turns a promise into a threat
_UNLESS = frozenset({"unless"})


def _announced_by_actor(hit: Hit, event: Event, lexicon: Lexicon) -> bool:
    """Is this the actor's own word about what it will (not) do? See ``intent``.

    The actor must say it ("X said it would ..."), or the sentence must state it outright as its
    main clause ("X will give Y a grant"); a forecast inside someone else's clause ("it is
    expected that X will strike") or a condition ("if", "whether") is not a promise or a threat.
    """
    tok = hit.token
    near = [tok, tok.head] if hit.nominal else [tok]
    if hit.nominal and hit.anchor is not None:
        near.append(hit.anchor)  # "will launch a wave of strikes": the verb the noun hangs on
    while near[-1].dep_ in ("conj", "xcomp", "acomp") and near[-1].head.i != near[-1].i:
        near.append(near[-1].head)  # "X is willing to send troops": up to "is"
    marks = lexicon.cue("hypothetical", "marks")
    if any(c.dep_ == "mark" and c.lower_ in marks for t in [*near, *tok.ancestors] for c in t.children):
        return False
    if any(c.dep_ == "advmod" and c.lower_ in _FORECAST for t in near
           if any(a.dep_ == "aux" and a.lower_ in _WILL for a in t.children) for c in t.children):
        return False  # "the government probably would not give in": the writer's guess
    sources = {r.actor_id for r in event.source} | {r.country for r in event.source if r.country}
    if event.claimed_by:
        if any(c.actor_id not in sources and c.country not in sources for c in event.claimed_by):
            return False
    elif not any(t.dep_ == "ROOT" for t in near):
        return False
    will = any(c.dep_ == "aux" and c.lower_ in _WILL for t in near for c in t.children)
    return will or event.modality == "future"


def _event(hit: Hit, sent: Span, index: RefIndex, article_id: str, published: dt.date,
           onto: Ontology, lexicon: Lexicon) -> Event:
    code = choose_code(hit, onto, lexicon.unidentified.rioters)
    modality = modality_of(hit, lexicon)
    claimed = claimed_by(hit.token, sent, index, lexicon)
    if modality == "alleged":  # the accuser says it happened, whoever reports the accusation
        claimed = accusers(hit.anchor or hit.token, index, lexicon) or claimed
        modality = own_claim(modality, hit.source, claimed)
    confidence = confidence_of(hit)
    tok = hit.token
    mention = Mention(
        article_id=article_id, published=published, sentence=sent.text, start=sent.start_char,
        end=sent.end_char, trigger=tok.text, trigger_start=tok.idx, trigger_end=tok.idx + len(tok),
        rule=rule_of(hit), claimed_by=list(claimed), modality=modality, confidence=confidence,
        source=list(hit.source), target=list(hit.target))
    return Event(type=code.type, mode=code.mode, cameo=code.cameo, quad_class=code.quad_class,
                 goldstein=code.goldstein, source=hit.source, target=hit.target, modality=modality,
                 confidence=confidence, claimed_by=claimed, mentions=[mention],
                 reciprocal=hit.pattern.reciprocal)


def rule_of(hit: Hit) -> str:
    """The rule stored with a mention: the pattern's id, prefixed when the source was composed
    for an unnamed doer (``unidentified.assault.attack``), so an analyst can filter those."""
    prefix = f"{UNIDENTIFIED}." if hit.source_basis == UNIDENTIFIED else ""
    return prefix + hit.pattern.id


def confidence_of(hit: Hit) -> float:
    """How likely the coding (type, source, target) is right, from how it was found.

    Verbs are coded more reliably than event nouns; both actors among the trigger's own arguments
    beat an inherited subject; a pattern with extra conditions ("requires") is more specific; an
    event with no target, actors resolved only through a pronoun or a description, and a source
    composed for an unnamed doer are weaker.
    The weights are documented in docs/ontology.md and checked against the PLOVER gold file.
    """
    score = 0.5 if hit.nominal else 0.7
    if hit.direct:
        score += 0.15
    if any(not r.startswith("not_") for r in hit.pattern.requires):
        score += 0.05  # a word it must have; a word it must not have says nothing of the match
    if not hit.target:
        score -= 0.15
    elif hit.target_basis != "argument":
        score -= _BORROWED[hit.target_basis]
    if any(r.how in _WEAK_REFS for r in hit.source + hit.target):
        score -= 0.1
    if hit.source_basis == UNIDENTIFIED:
        score -= _UNIDENTIFIED_SOURCE  # a stand-in for a doer the text does not name
    if in_background(hit.token):
        score -= _BACKGROUND  # "after police called on them to surrender, ...": not the news
    return round(min(0.95, max(0.05, score)), 2)


def in_background(tok: Token) -> bool:
    """Is the trigger told as the background of another act: inside a clause or phrase of
    earlier or later time ("a day after police arrested hundreds", "following the attack",
    "before troops withdrew"), at any depth above it in its sentence?"""
    marks = role_words().background_marks
    x = tok
    for _ in range(8):
        if x.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in x.children):
            return True
        if x.dep_ in ("pobj", "pcomp") and x.head.lower_ in marks:
            return True
        if x.head.i == x.i:
            return False
        x = x.head
    return False


_WEAK_REFS = {"pronoun", "description", "learned"}
# a target borrowed from the act the trigger governs or the aim it states is nearly as good as its
# own; the place of the act is a weaker stand-in
_BORROWED = {"complement": 0.05, "purpose": 0.05, "place": 0.1}
# the source is the unidentified attackers of the place's country: right about the violence and
# where, but it names no one
_UNIDENTIFIED_SOURCE = 0.2
# an act told as the time of another is the sentence's background, not its news
_BACKGROUND = 0.15
