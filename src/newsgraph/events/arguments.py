"""Finding the actors of a trigger in the dependency parse: subjects, objects, phrases."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..actors import ActorRef

_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "punct", "parataxis",
                "prep", "mark", "aux", "auxpass", "neg"}


_NP_PREPS = {"of", "from"}


_RELATIVE = {"which", "who", "that", "whom"}


RefIndex = dict[int, list[ActorRef]]


def index_refs(doc: Doc, refs: list[ActorRef]) -> RefIndex:
    """Token index -> the ActorRefs whose character span covers that token."""
    index: RefIndex = {}
    for ref in refs:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        for tok in span if span is not None else ():
            index.setdefault(tok.i, []).append(ref)
    return index


def objects(tok: Token) -> list[Token]:
    objs = [c for c in tok.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
    return objs + [c for o in objs for c in o.conjuncts]


def subject_tokens(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
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
        return subject_tokens(head, depth + 1)
    if verb.dep_ == "xcomp":  # "called on Iran to stop": object control; "plans to strike": subject
        ctrl = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        ctrl += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                 for g in c.children if g.dep_ == "pobj"]
        return (ctrl, False) if ctrl else subject_tokens(head, depth + 1)
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):  # "Iran's decision to halt"
        return [c for c in head.children if c.dep_ in ("poss", "compound", "amod")], False
    if verb.dep_ == "pcomp" and head.head.pos_ == "VERB":  # "accused X of using"
        ctrl = [c for c in head.head.children if c.dep_ == "dobj"]
        return (ctrl, False) if ctrl else subject_tokens(head.head, depth + 1)
    return [], False


def role_refs(tok: Token, roles: Iterable[str], index: RefIndex) -> list[ActorRef]:
    """Actors in the listed argument slots of a trigger (dobj, dative, prep:X, poss_of_object)."""
    found: list[ActorRef] = []
    for role in roles:
        kind, _, prep = role.partition(":")
        if kind in ("dobj", "dobj_actor", "dative"):
            want = ("dobj", "dative") if kind == "dative" else ("dobj",)
            found += refs_of([c for c in tok.children if c.dep_ in want], index)
        elif kind == "prep":
            holders = [tok] + [o for o in objects(tok) if o.dep_ == "dobj" and o.i not in index]
            found += refs_of([g for h in holders for c in h.children
                               if c.dep_ in ("prep", "prt") and c.lower_ == prep
                               for g in c.children if g.dep_ == "pobj"], index)
        elif kind == "poss_of_object":
            found += refs_of([g for o in objects(tok) for g in o.children if g.dep_ == "poss"], index)
    return found


def refs_of(tokens: Iterable[Token], index: RefIndex) -> list[ActorRef]:
    out: list[ActorRef] = []
    for t in tokens:
        for part in [t, *t.conjuncts]:
            out += phrase_refs(part, index)
    return unique(out)


def phrase_refs(tok: Token, index: RefIndex) -> list[ActorRef]:
    """Actors named in a token's noun phrase; the head's own name wins over its modifiers."""
    if tok.i in index:
        return list(index[tok.i])
    named = [r for c in tok.children if c.dep_ in ("appos", "compound", "flat") for r in index.get(c.i, [])]
    if named:
        return unique(named)
    found: list[ActorRef] = []
    stack = list(tok.children)
    while stack:
        t = stack.pop(0)
        if t.dep_ in _CLAUSE_DEPS and not (t.dep_ == "prep" and t.lower_ in _NP_PREPS):
            continue
        found += index.get(t.i, [])
        stack.extend(t.children)
    return unique(found)


def unique(refs: Iterable[ActorRef]) -> list[ActorRef]:
    seen: set[str] = set()
    out = []
    for r in refs:
        if r.actor_id not in seen:
            seen.add(r.actor_id)
            out.append(r)
    return out
