"""Whom it was done to: objects, role-marked prepositional arguments ("on", "against", "at"),
holders, topics, purposes, conditions, complements and places."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Token

from ..actors import ActorRef
from .nominal import deed_doers, head_refs, nearest_doers
from .phrases import RefIndex, refs_of, unique
from .roles import role_words
from .sources import subject_refs


def objects(tok: Token) -> list[Token]:
    objs = [c for c in tok.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
    return objs + [c for o in objs for c in o.conjuncts]


def role_refs(tok: Token, roles: Iterable[str], index: RefIndex) -> list[ActorRef]:
    """Actors in the listed argument slots of a trigger (dobj, dative, prep:X, party:X,
    poss_of_object, ccomp_subject, clause_subject, clause_holder, topic:X|Y, deed).

    ``topic`` and ``deed`` are fallbacks: read only when the slots listed before found no one.
    (``condition`` is read by the caller, after the complement.)
    """
    found: list[ActorRef] = []
    for role in roles:
        kind, _, prep = role.partition(":")
        if kind in ("dobj", "dobj_actor", "dative"):
            want = ("dobj", "dative") if kind == "dative" else ("dobj",)
            slot = [c for c in tok.children if c.dep_ in want]
            named = refs_of(slot, index)
            if not named and kind == "dobj":
                named = object_doers(slot, index) or origin_refs(tok, slot, index)
            found += named
        elif kind == "prep":
            # "links with X" in "suspended air links with X" / "a suspension of air links with X"
            holders = [tok] + [o for o in objects(tok) if o.dep_ == "dobj" and o.i not in index]
            holders += [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children if g.dep_ == "pobj" and g.i not in index]
            # "issued a reminder to X": the parser may label that "to" dative
            found += refs_of([g for h in holders for c in h.children
                               if c.dep_ in ("prep", "prt", "dative") and c.lower_ == prep
                               for g in c.children if g.dep_ == "pobj"], index)
        elif kind == "party":  # "a pledge to X", not "a commitment to X's safety"
            # on the trigger or on its object: "refused entry to X", not "objections to X's case"
            holders = [tok] + [o for o in objects(tok) if o.dep_ == "dobj" and o.i not in index]
            found += unique(r for h in holders for c in h.children
                            if c.dep_ in ("prep", "dative") and c.lower_ == prep
                            for g in c.children if g.dep_ == "pobj" for r in head_refs(g, index))
        elif kind == "clause_holder":  # "X decided that Y was to blame": X
            found += holder_refs(tok, index)
        elif kind == "ccomp_subject":  # "X said Y must withdraw": Y
            found += refs_of([g for c in tok.children if c.dep_ == "ccomp"
                              for g in c.children if g.dep_ in ("nsubj", "nsubjpass")], index)
        elif kind == "clause_subject":  # "its demand that Y free the prisoners": Y
            found += refs_of([g for c in tok.children if c.dep_ in ("acl", "ccomp")
                              and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                              for g in c.children if g.dep_ in ("nsubj", "nsubjpass")], index)
        elif kind == "topic" and not found:
            found += topic_refs(tok, set(prep.split("|")), index)
        elif kind == "deed" and not found:  # "demanded an admission by X": X
            found += deed_doers([o for o in objects(tok) if o.dep_ == "dobj" and o.i not in index],
                                index)
        elif kind == "poss_of_object":
            # "expelled Iran's diplomats", "expelled two Russian diplomats"
            found += refs_of([g for o in objects(tok) for g in o.children
                              if g.dep_ == "poss" or (g.dep_ in ("amod", "compound") and g.i in index)],
                             index)
            # "expelled inspectors of the IAEA"
            found += refs_of([g for o in objects(tok) if o.i not in index for c in o.children
                              if c.dep_ == "prep" and c.lower_ == "of"
                              for g in c.children if g.dep_ == "pobj"], index)
    return found


def object_doers(objs: list[Token], index: RefIndex) -> list[ActorRef]:
    """Whom an act on a thing is aimed at: the thing's doer or owner. "condemned an attack by
    X", "welcomed X's statement", "denounced X's crackdown", "welcomed memos from X" -> X.

    Read only when the object names no actor itself; the doer is found as ``deed_doers`` finds
    it (an owner, a "by" agent or an actor adjective on the object itself, then through "of"
    and "for"), so "the arrest of Danish sailors" names no one it was aimed at. An object
    that is a tie or an act between parties ("welcomed a resumption of ties between X and Y",
    "condemned the clashes between X and Y") is aimed at the parties."""
    things = [o for o in objs if o.i not in index]
    return (deed_doers(things, index) or between_parties(things, index)) if things else []


def origin_refs(verb: Token, objs: list[Token], index: RefIndex) -> list[ActorRef]:
    """Whom a thing the verb acts on comes from, when the parser hung the thing's "from" phrase
    on the verb: "welcomed memos from X", "rejected demands from X", "condemned threats from X"
    -> X. Read only for an object that names no actor and no doer (``object_doers``), and only
    for a phrase after the object (``origin_preps`` of roles.yaml)."""
    things = [o for o in objs if o.i not in index]
    if not things:
        return []
    last = max(o.i for o in things)
    return refs_of([g for c in verb.children if c.dep_ == "prep" and c.i > last
                    and c.lower_ in role_words().origin_preps
                    for g in c.children if g.dep_ == "pobj"], index)


def between_parties(nouns: list[Token], index: RefIndex) -> list[ActorRef]:
    """The parties of a "between"/"among" phrase on a noun or on the nouns its "of" phrases
    name, two deep ("a resumption of ties between X and Y")."""
    found: list[ActorRef] = []
    layer = list(nouns)
    for _ in range(3):
        found += refs_of([g for n in layer for c in n.children if c.dep_ == "prep"
                          and c.lower_ in ("between", "among") for g in c.children
                          if g.dep_ == "pobj"], index)
        if found:
            return unique(found)
        layer = [g for n in layer for c in n.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj" and g.i not in index]
    return []


def told_victims(noun: Token, index: RefIndex, verbs: Mapping[str, object]) -> list[ActorRef]:
    """Whom an act noun was aimed at when it is the subject of an act verb: "Israeli airstrikes
    killed 20 Palestinian civilians", "Egypt's attack destroyed an Iraqi depot". The verb is
    not coded apart (the noun is the event), so its object is the noun's target: the actors it
    names, else its doer or owner (``object_doers``). ``verbs``: the lexicon's verb lemmas."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.lemma_.lower() not in verbs:
        return []
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    return refs_of(objs, index) or object_doers(objs, index)


def holder_refs(tok: Token, index: RefIndex) -> list[ActorRef]:
    """Who holds the view a clause states: the subject of the verb it is the complement of ("X
    decided / said that Y was to blame", "said Y is responsible for Z": the adjective after "be"
    is its clause's predicate) or of a trailing "..., X said". Empty when the clause is the
    writer's own."""
    x = tok
    while x.dep_ in ("xcomp", "conj", "acomp") and x.head.i != x.i:
        x = x.head
    if x.dep_ == "ccomp" and x.head.pos_ in ("VERB", "AUX"):
        return subject_refs(x.head, index)[0]
    return refs_of([g for c in x.children if c.dep_ == "parataxis"
                    for g in c.children if g.dep_ == "nsubj"], index)


def topic_refs(tok: Token, preps: set[str], index: RefIndex) -> list[ActorRef]:
    """Whose deed a statement is about: "warned of the consequences of X's supply of drones",
    "complained about the arrest of reporters by X" -> X.

    Only the doer of an act noun in the topic phrase counts (its possessive or "by" agent, or an
    actor adjective on the topic noun itself), nearest first, following "of" and coordination
    through nouns that name no actor. Deeper down an adjective names the sufferer ("the arrest
    of Danish sailors"), and the other actors of the phrase are not whom the statement is aimed
    at. The parser often hangs the "by" phrase on the verb ("complained over the arrest of
    sailors by X"): an active statement verb has no agent of its own, so it is the act's.
    """
    pobjs = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
             for g in c.children if g.dep_ == "pobj"]
    named = refs_of([g for g in pobjs if g.i in index], index)
    if named:  # "complained about X": the topic is the actor itself
        return named
    if not pobjs:
        return []
    return nearest_doers(pobjs, index, ("of",), asked_from=False) or refs_of(
        [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
         for g in c.children if g.dep_ == "pobj"], index)


def purpose_refs(holders: Iterable[Token], index: RefIndex,
                 stance_verbs: frozenset[str]) -> list[ActorRef]:
    """Whom an act is aimed at when its purpose is spelled out: "went on strike to protest X's
    decision", "blocked roads to press their demands for reforms from X", "marched, demanding
    independence from X", "staged a sit-in in protest against violations by X".

    Its own actor object or preposition object counts first, then the doer of the deed it names
    (``deed_doers``), then a "by" phrase the parser hung on the aim's verb (an active verb has no
    agent: "to protest the killings of X by Y").
    """
    for head in _aims(list(holders), stance_verbs):
        objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        pobjs = [g for c in head.children if c.dep_ == "prep" and c.lower_ in role_words().aim_preps
                 for g in c.children if g.dep_ == "pobj"]
        byes = [g for c in head.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                for g in c.children if g.dep_ == "pobj"]
        found = unique(r for t in objs + pobjs for r in head_refs(t, index)) \
            or deed_doers(objs + pobjs, index) or refs_of(byes, index) \
            or refs_of(_asked_of(objs + pobjs, index), index)
        if found:
            return found
    return []


def _asked_of(nouns: list[Token], index: RefIndex, depth: int = 2) -> list[Token]:
    """Whom a demand names further down its phrase: "to press their demands for greater freedom
    from X's government" -> X. The aim prepositions (not "of", which names whom an
    act noun was done to) under the aim's nouns, following "for" and "of" down to ``depth``."""
    preps = role_words().aim_preps - {"of"}
    found: list[Token] = []
    layer = [n for n in nouns if n.i not in index]
    for _ in range(depth):
        found += [g for n in layer for c in n.children if c.dep_ == "prep" and c.lower_ in preps
                  and c.lower_ != "for" for g in c.children if g.dep_ == "pobj"]
        layer = [g for n in layer for c in n.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
                 for g in c.children if g.dep_ == "pobj" and g.i not in index]
        layer += [c for g in layer for c in g.conjuncts]
    return found


def _aims(holders: list[Token], stance_verbs: frozenset[str]) -> list[Token]:
    """The stated aims of an act: an infinitive clause on it (or on its light verb), a participle
    of a verb of demand or objection (``stance_verbs``: "demanding", "calling for"), or the noun
    of an "in protest / defiance / response" phrase. A participle of manner ("marched, burning
    flags to protest X") is not an aim, but the infinitive it carries is."""
    clauses: list[Token] = []
    phrases: list[Token] = []
    manner: list[Token] = []
    for h in holders:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                phrases += [g for g in c.children
                            if g.dep_ == "pobj" and g.lemma_.lower() in role_words().stance_nouns]
            elif c.dep_ not in ("advcl", "xcomp", "acl", "relcl") or c.pos_ != "VERB":
                continue
            elif any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) or (
                    c.tag_ == "VBG" and c.lemma_.lower() in stance_verbs):
                clauses.append(c)
            elif c.tag_ == "VBG" and c.dep_ == "advcl":
                manner.append(c)
    clauses += [c for m in manner for c in m.children if c.dep_ in ("advcl", "xcomp")
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    return clauses + phrases


def condition_refs(verb: Token, index: RefIndex,
                   marks: frozenset[str] | set[str] | None = None) -> list[ActorRef]:
    """The actor a threat is conditioned on: "threatened to stop the talks if Y goes ahead",
    "threatened to strike unless Y withdraws" -> Y, whose conduct the threat aims to change.

    The clause (marked by one of ``marks``, by default the ``condition_marks`` of roles.yaml)
    may hang on the verb or on the act it governs."""
    marks = role_words().condition_marks if marks is None else marks
    verbs, found = [verb], []
    for v in verbs:
        found += [r for c in v.children if c.dep_ == "advcl"
                  and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
                  for r in refs_of([g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")], index)]
        if len(verbs) < 4:
            verbs += [c for c in v.children if c.dep_ in ("xcomp", "ccomp")]
    return unique(found)


def complement_refs(verb: Token, index: RefIndex, depth: int = 0) -> list[ActorRef]:
    """The party of the act a verb of intent or demand is about, when the verb has none itself.

    "threatened to cut off power to X", "refused to meet X's king", "offered to negotiate with X":
    the act's own object or counterpart; "demanded that X cancel ...": the subject of the demanded
    clause. What the source wants done to whom names whom the statement is aimed at.
    """
    found: list[ActorRef] = []
    for c in verb.children:
        if c.dep_ == "ccomp":
            found += refs_of([g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")], index) \
                or argument_refs(c, index)
        elif c.dep_ == "xcomp":
            found += argument_refs(c, index) or (
                complement_refs(c, index, depth + 1) if depth < 2 else [])
    return unique(found)


def argument_refs(verb: Token, index: RefIndex) -> list[ActorRef]:
    """Actors among a verb's objects and prepositional phrases, and their objects' phrases."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr")]
    found = refs_of(objs, index)
    holders = [verb] + [o for o in objs if o.i not in index]
    pobjs = [g for h in holders for c in h.children
             if c.dep_ in ("prep", "dative") and c.lower_ in role_words().complement_preps
             for g in c.children if g.dep_ == "pobj"]
    return unique(found + refs_of(pobjs, index))


def place_refs(holders: Iterable[Token], index: RefIndex) -> list[ActorRef]:
    """Countries named as where an act took place, through nested place phrases.

    "in the town of Cizre in southeastern Turkey": the walk follows place prepositions and "of"
    down the phrase. Only countries (and their capitals and regions, which resolve to them) count.
    """
    preps = role_words().place_preps
    stack = [g for h in holders for c in h.children
             if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]
    found: list[ActorRef] = []
    while stack:
        t = stack.pop(0)
        found += [r for r in index.get(t.i, []) if r.kind == "country"]
        stack += [g for c in t.children if c.dep_ in ("prep", "compound", "appos")
                  and (c.dep_ != "prep" or c.lower_ in preps | {"of"})
                  for g in ([c] if c.dep_ != "prep" else c.children)]
    return unique(found)
