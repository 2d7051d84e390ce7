"""The actors of a phrase: the index from token to the actors it names, and the refs of a noun
phrase with its conjuncts and "of"/"from" modifiers; shared by the argument finders."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from ..actors import ActorRef
from .roles import role_words

_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "punct", "parataxis",
                "prep", "mark", "aux", "auxpass", "neg"}


_NP_PREPS = {"of", "from"}
# the weapon's placer is its user only where the weapon does the act ("a bomb planted by X
# killed ..."), not where something is done to it ("police defused a bomb planted by X")
_SUBJECT_DEPS = {"nsubj", "csubj"}


RefIndex = dict[int, list[ActorRef]]


def refs_of(tokens: Iterable[Token], index: RefIndex) -> list[ActorRef]:
    out: list[ActorRef] = []
    for t in tokens:
        for part in [t, *t.conjuncts]:
            out += phrase_refs(part, index)
    return unique(out)


def phrase_refs(tok: Token, index: RefIndex) -> list[ActorRef]:
    """Actors named in a token's noun phrase; the head's own name wins over its modifiers,
    except those coordinated with the name ("French and Egyptian warships": both)."""
    if tok.i in index:
        own = {r.actor_id for r in index[tok.i]}
        shared = [r for c in tok.children if c.dep_ in ("amod", "compound") and c.i in index
                  and any(own & {r.actor_id for r in index.get(d.i, [])} for d in c.conjuncts)
                  for r in index[c.i]]
        return unique([*index[tok.i], *shared, *_listed(tok, index)])
    named = [r for c in tok.children if c.dep_ in ("appos", "compound", "flat") for r in index.get(c.i, [])]
    if named:
        return unique(named)
    placed = placers(tok, index) if tok.dep_ in _SUBJECT_DEPS else []
    if placed:
        return placed
    found: list[ActorRef] = []
    stack = list(tok.children)
    while stack:
        t = stack.pop(0)
        if t.dep_ in _CLAUSE_DEPS and not (t.dep_ == "prep" and t.lower_ in _NP_PREPS) \
                and not _joined_modifier(t):
            continue
        found += index.get(t.i, [])
        stack.extend(t.children)
    return unique(found)


def placers(tok: Token, index: RefIndex) -> list[ActorRef]:
    """Who put a weapon in place, named by a reduced passive relative on it: "a roadside bomb
    planted by Taliban fighters", "an explosive, emplaced by UNLF militants" (a verb of
    ``placing_verbs`` in roles.yaml, a past participle with a "by" agent): the one who used it,
    read for the subject of an active verb only."""
    verbs = role_words().placing_verbs
    return unique([r for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"
                   and c.lemma_.lower() in verbs
                   for a in c.children if a.dep_ == "agent"
                   for g in a.children if g.dep_ == "pobj" for r in refs_of([g], index)])


def _listed(tok: Token, index: RefIndex) -> list[ActorRef]:
    """Names of a list the parser hung on its last name: "Arnor, Calenardhon and Gondor" read
    as Gondor with a modifier Arnor whose conjunct is Calenardhon, or "Mordor, the awful
    Fornost, and Gondor" read as Mordor with an apposition Fornost and a conjunct Gondor. A
    name modifying a name, with a conjunct of its own, or an apposition naming another
    country than a head that has conjuncts, is one more member of the list."""
    own = {r.actor_id for r in index[tok.i]}
    kinds = {r.kind for r in index[tok.i]}
    found: list[ActorRef] = []
    for c in tok.children:
        refs = [r for r in index.get(c.i, []) if r.actor_id not in own and r.kind in kinds]
        if not refs:
            continue
        if c.dep_ in ("nmod", "compound") and c.conjuncts:
            found += refs + [r for d in c.conjuncts for r in index.get(d.i, [])
                             if r.kind in kinds]
        elif c.dep_ == "appos" and tok.conjuncts and "country" in kinds:
            found += [r for r in refs if r.kind == "country"]
    return found


def _joined_modifier(tok: Token) -> bool:
    """A modifier coordinated with another ("the Turkish and Greek sides", "Kenyan and
    Ugandan delegates"): both name the phrase's actors, not a clause of their own."""
    return tok.dep_ == "conj" and tok.head.dep_ in ("amod", "compound", "nmod")


def unique(refs: Iterable[ActorRef]) -> list[ActorRef]:
    seen: set[str] = set()
    out = []
    for r in refs:
        if r.actor_id not in seen:
            seen.add(r.actor_id)
            out.append(r)
    return out
