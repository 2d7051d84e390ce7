"""The doers and heads of event nouns: "Israeli tank shelling", "the killing of X by Y", the
doers of an ended act ("an end to X's strikes")."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from ..actors import ActorRef
from .phrases import RefIndex, refs_of, unique
from .roles import role_words
from .sources import passive_modifier


def _doer_refs(noun: Token, index: RefIndex, modifiers: bool) -> list[ActorRef]:
    """The actor doing an act noun: "X's supply", "arrest by X", "property seized by X" (the
    agent of a reduced passive on the noun), and with ``modifiers`` an actor adjective or
    compound ("Iranian supplies")."""
    owners = [c for c in noun.children if c.dep_ == "poss" or (
        modifiers and c.dep_ in ("amod", "compound", "nmod") and c.i in index)]
    byes = [c for c in noun.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"]
    byes += [a for c in noun.children if passive_modifier(c)
             for a in c.children if a.dep_ == "agent"]
    agents = [g for c in byes for g in c.children if g.dep_ == "pobj"]
    return refs_of(owners, index) or refs_of(agents, index)


def deed_doers(nouns: Iterable[Token], index: RefIndex) -> list[ActorRef]:
    """Whose deed a phrase names, nearest first: the doer of an act noun ("X's decision",
    "violations by X", "property seized by X"), following "of", "for" and coordination through
    nouns that name no actor ("the return of property seized by X", "disapproval for X's
    policies"). An actor that is only the object of "of" is what the act was done to ("the arrest
    of Danish sailors"), so it is not taken; one that something is wanted "from" is the party
    asked ("independence from X")."""
    return nearest_doers(nouns, index, ("of", "for"), asked_from=True)


def nearest_doers(nouns: Iterable[Token], index: RefIndex, follow: tuple[str, ...],
                   asked_from: bool) -> list[ActorRef]:
    """Breadth-first from ``nouns`` through the prepositions ``follow`` and coordination, over
    nouns that name no actor: the first doer found (``_doer_refs``), or with ``asked_from`` the
    first actor something is wanted "from"."""
    stack = [(n, 0) for n in nouns]
    seen: set[int] = set()
    while stack:
        noun, depth = stack.pop(0)
        if noun.i in seen or noun.pos_ not in ("NOUN", "PROPN"):
            continue
        seen.add(noun.i)
        found = _doer_refs(noun, index, depth == 0) or (refs_of(
            [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"
             for g in c.children if g.dep_ == "pobj" and g.i in index], index) if asked_from else [])
        if found:
            return found
        stack += [(g, depth + 1) for c in noun.children if c.dep_ == "prep"
                  and c.lower_ in follow for g in c.children
                  if g.dep_ == "pobj" and g.i not in index]
        stack += [(c, depth) for c in noun.children if c.dep_ == "conj" and c.i not in index]
    return []


# where the doer of an act noun sits: "X's aggression", "Xian strikes", "the X blockade"
_DOER_DEPS = {"poss", "amod", "compound", "nmod"}


def ended_doers(tok: Token, index: RefIndex) -> set[str]:
    """Actor ids owning an act that a phrase under ``tok`` says ends: "welcomed the end of X's
    aggression", "an end to X's raids", "the halt of Xian strikes" -> X.

    Welcoming the end of X's act is not welcoming X; see ``Pattern.approves``.
    """
    found: set[str] = set()
    for c in tok.subtree:
        if c.dep_ == "prep" and c.lower_ in ("of", "to") and c.head.lemma_.lower() in role_words().cessation:
            found |= {r.actor_id for d in _act_words(c) if d.dep_ in _DOER_DEPS
                      for r in index.get(d.i, [])}
    return found


def _act_words(prep: Token) -> list[Token]:
    """The words of the act a preposition governs, short of its own phrases: "of [what it called
    X's aggression] against Y" stops before "against Y" (the victim is no doer)."""
    words: list[Token] = []
    stack = list(prep.children)
    while stack:
        t = stack.pop()
        if t.dep_ != "prep":
            words.append(t)
            stack.extend(t.children)
    return words


def head_refs(tok: Token, index: RefIndex) -> list[ActorRef]:
    """Actors a phrase names as its head: "to X", "to X and Y", "to the X government".

    Unlike ``phrase_refs``, an actor that only owns or modifies a thing is not counted: in "a
    commitment to X's safety" what follows "to" is the matter committed to, not a party.
    """
    found: list[ActorRef] = []
    for part in [tok, *tok.conjuncts]:
        found += index.get(part.i, []) or [
            r for c in part.children if c.dep_ in ("appos", "compound", "flat") for r in index.get(c.i, [])]
    return unique(found)


def owner_antecedent(phrase: list[Token], target: list[ActorRef], index: RefIndex) -> list[ActorRef]:
    """Whom a possessive pronoun on an event noun stands for, when nothing else names the doer:
    the nearest actor before it in the sentence that is no person and not the act's own target
    ("Israel will retaliate against Iran for its missile attack on Israel": Iran). One attacks
    someone else, so "its" is not the one attacked."""
    owners = [c for n in phrase for c in n.children
              if c.dep_ == "poss" and c.lower_ in role_words().antecedent_possessives]
    if not owners:
        return []
    owner = owners[0]
    aimed = {r.actor_id for r in target}
    for i in range(owner.i - 1, owner.sent.start - 1, -1):
        found = [r for r in index.get(i, []) if r.kind != "person" and r.actor_id not in aimed]
        if found:
            return found[:1]
    return []
