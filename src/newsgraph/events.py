"""Events: who did what to whom, coded in PLOVER with CAMEO, QuadClass and Goldstein beside it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from .actors import ActorRef
from .errors import ConfigError
from .knowledge import data_path, load_yaml
from .ontology import EventCode, Ontology
from .parsing import UNPARSED_DEP

MODALITIES = ("asserted", "future", "hypothetical", "negated", "denied")


@dataclass
class Mention:
    """One sentence of one article that reports an event; offsets are in the article text."""

    article_id: str
    published: dt.date
    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    rule: str
    claimed_by: list[ActorRef] = field(default_factory=list)
    # what this one report says, before merging: kept so each outlet's framing stays visible
    modality: str = "asserted"
    confidence: float = 0.5
    source: list[ActorRef] = field(default_factory=list)
    target: list[ActorRef] = field(default_factory=list)
    date: str | None = None
    date_basis: str | None = None
    date_text: str | None = None
    merge_reason: str | None = None


@dataclass
class Event:
    """One real-world event with every mention that reports it."""

    type: str
    mode: str | None
    cameo: str | None
    quad_class: int | None
    goldstein: float | None
    source: list[ActorRef]
    target: list[ActorRef]
    modality: str = "asserted"
    confidence: float = 0.5
    claimed_by: list[ActorRef] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    date_basis: str | None = None
    date_text: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    merge_reasons: list[str] = field(default_factory=list)
    id: str | None = None
    # a phone call, a meeting, an agreement: both sides did it, so source/target order is arbitrary
    reciprocal: bool = False


# ---------------------------------------------------------------------------------------------
# Lexicon: event patterns (data/verbs.yaml) and modality cues (data/modality.yaml)
# ---------------------------------------------------------------------------------------------

VERBS_FILE = "verbs.yaml"
MODALITY_FILE = "modality.yaml"


@dataclass(frozen=True)
class Pattern:
    """One event pattern: trigger words, conditions on the parse, and the code it gives."""

    id: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    swap: bool = False
    reciprocal: bool = False
    needs_target: bool = False
    modes: dict[str, frozenset[str]] = field(default_factory=dict)
    cues: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class Lexicon:
    """Event patterns indexed by trigger lemma, with the modality and attribution cues."""

    patterns: list[Pattern]
    light_verbs: frozenset[str]
    irregular: dict[str, tuple[str, ...]]
    modality: dict[str, dict[str, frozenset[str]]]
    verb_index: dict[str, list[Pattern]] = field(default_factory=dict)
    noun_index: dict[str, list[Pattern]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for p in self.patterns:
            for v in p.verbs:
                self.verb_index.setdefault(v.split()[0], []).append(p)
            for n in p.nouns:
                self.noun_index.setdefault(n, []).append(p)
        forms: set[str] = set()
        for lemma in list(self.verb_index) + list(self.noun_index):
            forms.update(inflections(lemma, self.irregular.get(lemma, ())))
        self.words = frozenset(forms)

    def cue(self, group: str, key: str) -> frozenset[str]:
        """A modality or attribution cue list, e.g. ``cue("future", "aux")``."""
        return self.modality.get(group, {}).get(key, frozenset())


def load_lexicon(files: Iterable[str | Path] = ()) -> Lexicon:
    """The shipped patterns and cues, with users' YAML files first (their patterns win)."""
    shipped = load_yaml(data_path(VERBS_FILE)) or {}
    cues = _cue_sets(load_yaml(data_path(MODALITY_FILE)) or {})
    patterns: list[Pattern] = []
    light, irregular = set(shipped.get("light_verbs") or []), dict(shipped.get("irregular") or {})
    for f in files:
        user = load_yaml(f) or {}
        if not isinstance(user, dict):
            raise ConfigError(f"{f}: expected a mapping with 'patterns' and/or 'modality'")
        patterns += [_pattern(p, shipped.get("defaults") or {}, f) for p in user.get("patterns") or []]
        light |= set(user.get("light_verbs") or [])
        irregular.update(user.get("irregular") or {})
        for group, sets in _cue_sets(user.get("modality") or {}).items():
            for key, words in sets.items():
                cues.setdefault(group, {})[key] = cues.get(group, {}).get(key, frozenset()) | words
    defaults = shipped.get("defaults") or {}
    patterns += [_pattern(p, defaults, data_path(VERBS_FILE)) for p in shipped["patterns"]]
    return Lexicon(patterns, frozenset(light), {k: tuple(v) for k, v in irregular.items()}, cues)


def _cue_sets(data: dict[str, Any]) -> dict[str, dict[str, frozenset[str]]]:
    return {g: {k: frozenset(str(w).lower() for w in v) for k, v in (d or {}).items()}
            for g, d in data.items() if isinstance(d, dict)}


def _pattern(spec: dict[str, Any], defaults: dict[str, Any], origin: str | Path) -> Pattern:
    try:
        verbs, nouns = tuple(spec.get("verbs") or ()), tuple(spec.get("nouns") or ())
        default_target = defaults.get("verb_target" if verbs else "noun_target") or []
        target = spec.get("target")
        return Pattern(
            id=str(spec["id"]), type=str(spec["type"]).upper(), mode=spec.get("mode"),
            cameo=str(spec["cameo"]) if spec.get("cameo") else None, verbs=verbs, nouns=nouns,
            requires=tuple(spec.get("requires") or ()),
            target=tuple(default_target if target is None else target),
            swap=bool(spec.get("swap")), reciprocal=bool(spec.get("reciprocal")),
            needs_target=bool(spec.get("needs_target")),
            modes={m: frozenset(w) for m, w in (spec.get("modes") or {}).items()},
            cues={str(c): frozenset(w) for c, w in (spec.get("cues") or {}).items()},
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"{origin}: pattern {spec!r} lacks {exc}; each needs id and type") from None


def inflections(lemma: str, irregular: Iterable[str] = ()) -> set[str]:
    """Every surface form a lemma may take in news text, generously (the prefilter's words).

    Over-generation is harmless (a non-word never matches); a missed form loses events.
    """
    w = lemma.lower()
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", *irregular}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w + "d"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # "stopped", "planning"
    if w.endswith("ize"):
        forms |= inflections(w[:-3] + "ise")
    return forms


_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def could_hold_event(sentence: str, lexicon: Lexicon) -> bool:
    """Cheap prefilter (no spaCy): does any word of the sentence inflect a trigger lemma?"""
    for word in _WORD.findall(sentence.lower()):
        if word in lexicon.words or any(p in lexicon.words for p in word.split("-")):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# The coder: triggers, actors through the dependency parse, modality, attribution
# ---------------------------------------------------------------------------------------------

_NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "compound", "dative", "appos"}
_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "punct", "parataxis",
                "prep", "mark", "aux", "auxpass", "neg"}
_NP_PREPS = {"of", "from"}
_EMBEDDING = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "advcl", "relcl"}
_RELATIVE = {"which", "who", "that", "whom"}
_NOT_CUES = {"nsubj", "nsubjpass", "conj", "cc", "punct", "advcl", "parataxis", "relcl"}
_MODE_PREPS = {"by", "with", "in", "via", "using", "over", "from", "through", "during"}

RefIndex = dict[int, list[ActorRef]]


@dataclass
class _Hit:
    """A trigger that matched a pattern, with the actors found for it."""

    token: Token
    pattern: Pattern
    nominal: bool
    source: list[ActorRef]
    target: list[ActorRef]
    direct: bool  # both sides found among the trigger's own arguments


def code_events(doc: Doc, refs: list[ActorRef], article_id: str, published: dt.date,
                onto: Ontology, lexicon: Lexicon) -> list[Event]:
    """Events in the parsed sentences of ``doc``; actors come from ``refs`` of the same sentence."""
    if not doc.has_annotation("DEP"):
        return []
    index = _index_refs(doc, refs)
    events: list[Event] = []
    for sent in doc.sents:
        if any(t.dep_ == UNPARSED_DEP for t in sent):
            continue
        for hit in _hits(sent, index, lexicon):
            events.append(_event(hit, sent, index, article_id, published, onto, lexicon))
    return events


def _index_refs(doc: Doc, refs: list[ActorRef]) -> RefIndex:
    """Token index -> the ActorRefs whose character span covers that token."""
    index: RefIndex = {}
    for ref in refs:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        for tok in span if span is not None else ():
            index.setdefault(tok.i, []).append(ref)
    return index


def _hits(sent: Span, index: RefIndex, lexicon: Lexicon) -> Iterator[_Hit]:
    """Verbal triggers first (they may consume their object noun), then event nouns."""
    consumed: set[int] = set()
    for tok in sent:
        if _is_nominal(tok) or tok.lemma_.lower() not in lexicon.verb_index:
            continue
        for p in lexicon.verb_index[tok.lemma_.lower()]:
            if _verb_fits(tok, p, index):
                hit = _verb_hit(tok, p, index, lexicon)
                consumed.update(c.i for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))
                if hit is not None:
                    yield hit
                break
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.i in consumed or tok.dep_ == "compound" or not _is_nominal(tok) \
                or lemma not in lexicon.noun_index:
            continue
        for p in lexicon.noun_index[lemma]:
            if all(_holds(tok, r, index) for r in p.requires):
                hit = _noun_hit(tok, p, index, lexicon)
                if hit is not None:
                    yield hit
                break


def _is_nominal(tok: Token) -> bool:
    """"airstrikes" may be tagged VERB; its position in the tree says it is a noun."""
    return tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.dep_ in _NOMINAL_DEPS)


def _verb_fits(tok: Token, p: Pattern, index: RefIndex) -> bool:
    particles = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")}
    forms = [v.split() for v in p.verbs if v.split()[0] == tok.lemma_.lower()]
    if not any(len(f) == 1 or f[1] in particles for f in forms):
        return False
    return all(_holds(tok, r, index) for r in p.requires)


def _holds(tok: Token, requirement: str, index: RefIndex) -> bool:
    """One ``requires`` condition of a pattern, checked on the trigger's children."""
    kind, _, arg = requirement.partition(":")
    options = set(arg.split("|"))
    if kind == "prep":
        return any(c.dep_ in ("prep", "prt", "agent") and c.lower_ in options for c in tok.children)
    if kind == "object":
        return any(o.lemma_.lower() in options for o in _objects(tok))
    if kind == "actor_object":
        return any(o.i in index for o in _objects(tok) if o.dep_ != "nsubjpass")
    return any(c.dep_ == kind for c in tok.children)  # dobj, xcomp, ccomp, dative


def _objects(tok: Token) -> list[Token]:
    objs = [c for c in tok.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
    return objs + [c for o in objs for c in o.conjuncts]


def _verb_hit(tok: Token, p: Pattern, index: RefIndex, lexicon: Lexicon) -> _Hit | None:
    passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if passive:
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        source = _refs_of(agents, index)
        target = _refs_of(passive, index)
        direct = True
    else:
        subjects, direct = _subjects(tok)
        if any(t.lemma_.lower() in lexicon.noun_index for t in subjects):
            return None  # "Egypt's attack destroyed a depot": the noun is the event
        source = _refs_of(subjects, index)
        target = _role_refs(tok, p.target, index)
    if p.swap:
        source, target = target, source
    return _finish(tok, p, False, source, target, direct)


def _finish(tok: Token, p: Pattern, nominal: bool, source: list[ActorRef],
            target: list[ActorRef], direct: bool) -> _Hit | None:
    """Apply the pattern's needs: a source always; a counterpart for meetings and the like."""
    ids = {r.actor_id for r in source}
    target = _unique([r for r in target if r.actor_id not in ids])
    if p.reciprocal and not target and len(source) > 1:
        source, target = source[:1], source[1:]
    if not source or (p.needs_target and not target):
        return None
    return _Hit(tok, p, nominal, source, target, direct and bool(target))


def _subjects(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Subject tokens of a verb, climbing through conj/xcomp/acl when it has none of its own.

    The flag is False when the subject was inherited (a less certain reading).
    """
    own = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if own:
        if own[0].lower_ in _RELATIVE and verb.dep_ == "relcl":
            return [verb.head], depth == 0
        return own, depth == 0
    head = verb.head
    if depth > 4 or head.i == verb.i:
        return [], False
    if verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        return _subjects(head, depth + 1)
    if verb.dep_ == "xcomp":  # "called on Iran to stop": object control; "plans to strike": subject
        ctrl = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        ctrl += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                 for g in c.children if g.dep_ == "pobj"]
        return (ctrl, False) if ctrl else _subjects(head, depth + 1)
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):  # "Iran's decision to halt"
        return [c for c in head.children if c.dep_ in ("poss", "compound", "amod")], False
    if verb.dep_ == "pcomp" and head.head.pos_ == "VERB":  # "accused X of using"
        ctrl = [c for c in head.head.children if c.dep_ == "dobj"]
        return (ctrl, False) if ctrl else _subjects(head.head, depth + 1)
    return [], False


def _role_refs(tok: Token, roles: Iterable[str], index: RefIndex) -> list[ActorRef]:
    """Actors in the listed argument slots of a trigger (dobj, dative, prep:X, poss_of_object)."""
    found: list[ActorRef] = []
    for role in roles:
        kind, _, prep = role.partition(":")
        if kind in ("dobj", "dobj_actor", "dative"):
            want = ("dobj", "dative") if kind == "dative" else ("dobj",)
            found += _refs_of([c for c in tok.children if c.dep_ in want], index)
        elif kind == "prep":
            holders = [tok] + [o for o in _objects(tok) if o.dep_ == "dobj" and o.i not in index]
            found += _refs_of([g for h in holders for c in h.children
                               if c.dep_ in ("prep", "prt") and c.lower_ == prep
                               for g in c.children if g.dep_ == "pobj"], index)
        elif kind == "poss_of_object":
            found += _refs_of([g for o in _objects(tok) for g in o.children if g.dep_ == "poss"], index)
    return found


def _refs_of(tokens: Iterable[Token], index: RefIndex) -> list[ActorRef]:
    out: list[ActorRef] = []
    for t in tokens:
        for part in [t, *t.conjuncts]:
            out += _phrase_refs(part, index)
    return _unique(out)


def _phrase_refs(tok: Token, index: RefIndex) -> list[ActorRef]:
    """Actors named in a token's noun phrase; the head's own name wins over its modifiers."""
    if tok.i in index:
        return list(index[tok.i])
    named = [r for c in tok.children if c.dep_ in ("appos", "compound", "flat") for r in index.get(c.i, [])]
    if named:
        return _unique(named)
    found: list[ActorRef] = []
    stack = list(tok.children)
    while stack:
        t = stack.pop(0)
        if t.dep_ in _CLAUSE_DEPS and not (t.dep_ == "prep" and t.lower_ in _NP_PREPS):
            continue
        found += index.get(t.i, [])
        stack.extend(t.children)
    return _unique(found)


def _unique(refs: Iterable[ActorRef]) -> list[ActorRef]:
    seen: set[str] = set()
    out = []
    for r in refs:
        if r.actor_id not in seen:
            seen.add(r.actor_id)
            out.append(r)
    return out


def _noun_hit(tok: Token, p: Pattern, index: RefIndex, lexicon: Lexicon) -> _Hit | None:
    """"Israeli and US airstrikes on Iran", "Iran's attack", "talks between X and Y"."""
    near = [tok] + [c for c in tok.children if c.dep_ == "compound"]  # "Israel's missile attack"
    mods = [c for n in near for c in n.children
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in index]
    source = _refs_of(mods, index)
    by = [g for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")
          for g in c.children if g.dep_ == "pobj"]
    source += _refs_of(by, index)
    between = _refs_of([g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
                        for g in c.children if g.dep_ == "pobj"], index)
    target = _role_refs(tok, [r for r in p.target if r != "prep:between"], index)
    direct = bool(source)
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in lexicon.light_verbs:
        if not source and not between:
            subjects, direct = _subjects(head)
            source = _refs_of(subjects, index)
        target += _role_refs(head, [r for r in p.target if r.startswith("prep:")], index)
    if between:
        source, target = _unique(source + between), target
    return _finish(tok, p, True, _unique(source), target, direct and not between)


# -- code, modality, attribution, event ---------------------------------------------------------


def _code(hit: _Hit, onto: Ontology) -> EventCode:
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


def _markers(tok: Token, lexicon: Lexicon) -> str | None:
    """Modality written on one verb or noun: negation, future or modal auxiliaries, "if"."""
    kids = list(tok.children)
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in kids):
        return "negated"
    aux = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
    if aux & lexicon.cue("future", "aux"):
        return "future"
    if aux & lexicon.cue("hypothetical", "aux"):
        return "hypothetical"
    if any(c.dep_ == "mark" and c.lower_ in lexicon.cue("hypothetical", "marks") for c in kids):
        return "hypothetical"
    return None


def _modality(hit: _Hit, lexicon: Lexicon) -> str:
    """The trigger's own clause first, then the verbs that embed it, nearest first.

    A reporting verb ends the climb: "X said Y attacked Z" keeps the modality of "attacked".
    """
    tok = hit.token
    own = _markers(tok, lexicon)
    light = hit.nominal and tok.head.lemma_.lower() in lexicon.light_verbs
    if own is None and (light or (tok.dep_ == "conj" and not any(c.dep_ == "aux" for c in tok.children))):
        own = _markers(tok.head, lexicon)
    if own is not None:
        return own
    if hit.nominal and not light:
        return _noun_governed(tok, lexicon) or "asserted"
    x, edge = (tok.head, tok.head.dep_) if light else (tok, tok.dep_)
    for _ in range(8):
        if x.head.i == x.i or edge in ("nsubj", "nsubjpass", "csubj"):
            break
        x, child = x.head, x
        lemma = x.lemma_.lower()
        if lemma in lexicon.cue("attribution", "reporting_verbs") and x.pos_ == "VERB":
            break
        if edge in _EMBEDDING:
            found = _governed(x, child, lemma, lexicon)
            if found is not None:
                return found
        edge = x.dep_
    return "asserted"


def _noun_governed(tok: Token, lexicon: Lexicon) -> str | None:
    """An event noun takes a governor's modality only as its object: "denied the attack"."""
    head, child = tok.head, tok
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head, child = head.head, head
    if tok.dep_ not in ("dobj", "pobj") or head.pos_ != "VERB":
        return None
    return _governed(head, child, head.lemma_.lower(), lexicon)


def _governed(x: Token, child: Token, lemma: str, lexicon: Lexicon) -> str | None:
    if lemma in lexicon.cue("denied", "governors"):
        return "denied"
    if lemma in lexicon.cue("denied", "content_nouns") and x.head.lemma_.lower() in lexicon.cue(
            "denied", "content_governors"):
        return "denied"
    if lemma in lexicon.cue("negated", "governors") and child.dep_ in ("xcomp", "pcomp", "prep"):
        return "negated"
    if lemma in lexicon.cue("future", "governors"):
        return "negated" if _markers(x, lexicon) == "negated" else "future"
    if lemma in lexicon.cue("hypothetical", "governors") and child.dep_ in ("xcomp", "ccomp", "prep"):
        return "hypothetical"
    return None


def _claimed_by(tok: Token, sent: Span, index: RefIndex, lexicon: Lexicon) -> list[ActorRef]:
    """Who says so: the subject of a reporting verb above the trigger, or "according to X"."""
    reporting = lexicon.cue("attribution", "reporting_verbs")
    x = tok
    while x.head.i != x.i:
        edge, x = x.dep_, x.head
        if x.lemma_.lower() in reporting and x.pos_ == "VERB" and edge not in ("nsubj", "nsubjpass"):
            said = _refs_of([c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")], index)
            if said:
                return said
    for t in sent:
        if t.lower_ in lexicon.cue("attribution", "preps"):
            pobjs = [g for c in [t, *t.children] for g in c.subtree if g.dep_ in ("pobj", "dobj")]
            found = _unique(r for g in pobjs for r in index.get(g.i, []))
            if found:
                return found
    root = sent.root
    for c in root.children:
        if c.dep_ in ("parataxis", "advcl") and c.lemma_.lower() in reporting:
            said = _refs_of([g for g in c.children if g.dep_ == "nsubj"], index)
            if said:
                return said
    return []


def _confidence(hit: _Hit) -> float:
    """Higher when both actors are named in the trigger's own arguments; lower for nouns/pronouns."""
    score = 0.55 if hit.nominal else 0.75
    if hit.direct:
        score += 0.15
    if not hit.target:
        score -= 0.15
    if any(r.how == "pronoun" for r in hit.source + hit.target):
        score -= 0.15
    return round(min(0.95, max(0.05, score)), 2)


def _event(hit: _Hit, sent: Span, index: RefIndex, article_id: str, published: dt.date,
           onto: Ontology, lexicon: Lexicon) -> Event:
    code = _code(hit, onto)
    modality = _modality(hit, lexicon)
    claimed = _claimed_by(hit.token, sent, index, lexicon)
    confidence = _confidence(hit)
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
