"""Violence whose doer the text does not name: the unidentified attackers of the place's country.

"A roadside bomb killed four soldiers in X", "civilians were killed in a car bombing in X",
"gunmen opened fire on a bus near X": analysts count these events, and CAMEO codes them with the
armed-forces sector UAF ("unaligned armed forces") of the country where they happened. When a trigger of a type of
``unidentified.types`` (``verbs.yaml``) finds no actor as its doer, this module asks whether the
text says the act was violence (a doer described but not named, a weapon, an act that is
violence by itself) and where it happened, and composes the source: one actor per country,
``unidentified:<ISO3>``, as ``arguments.group_ref`` composes groups of people. A people noun of
``groups`` ("militants") as the doer is that group of the place's country instead: the text says
who they are. Accidents and disasters ("a fire killed", "a gas explosion") have no doer and give
nothing, and neither does an act with no place, or one whose doer is named after all. An act a
named doer claims as its own ("X claimed responsibility for the bombing") is that doer's
(``claimer_refs``, where the decision on such claims is written).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from ..actors import ActorRef
from ..parsing import doc_text
from .arguments import (
    RefIndex,
    deed_doers,
    group_ref,
    objects,
    place_refs,
    refs_of,
    subject_refs,
    subject_tokens,
)
from .lexicon import Lexicon, Unidentified
from .records import UNIDENTIFIED  # the ``how`` of the composed actor, and the rule prefix
from .roles import role_words

# what an act happened in: "killed in a car bombing", "wounded during an ambush"
_CAUSE_PREPS = {"in", "during"}
# what an act was done with: "attacked with a grenade", "hacked to death with machetes"
_INSTRUMENT_PREPS = {"with"}
_MODIFIERS = {"compound", "amod", "nmod"}
# where a blast happened, to tell an accident: "a blast at a coal mine", "an explosion in a plant"
_SITE_PREPS = {"at", "in", "inside", "near"}
_RELATIVE = {"which", "that", "who"}
# what an act is aimed at, whose own place phrase says where it happened
_AIM_PREPS = {"on", "upon", "against", "onto", "through"}
# what sets an act before or after the one the sentence tells
_TIME_MARKS = {"after", "before", "since", "until", "following", "till"}
# what names where an act happened
_PLACE_PREPS = {"in", "at", "inside", "outside", "near", "around", "across", "throughout", "into"}
_NOT_PLACES = {"agent", "demonym"}
# a verb that shares its doer with the one it hangs on: "..., killing six", "... and wounded"
_SHARED_DEPS = {"conj", "advcl"}
# the phrase of a word of claim or blame that names the act: "responsibility for", "accused of",
# "linked X to the shooting"
_CLAIM_PREPS = {"for", "of", "to"}


def verb_doer(tok: Token, passive: bool, index: RefIndex, lexicon: Lexicon) -> list[ActorRef]:
    """The composed doer of a violent verb that has no named one, or [].

    The doer is the passive's "by" agent or the active subject, and must be described without a
    name ("gunmen", "a roadside bomb", "a bombing"); with no agent, the passive verb must be
    violence by itself ("was ambushed") or have happened in a violent act ("killed in a car
    bombing") whose own doer is not named ("in an Israeli airstrike": that noun codes it).
    """
    u = lexicon.unidentified
    if self_claimer(tok) is not None:  # "claimed responsibility for killing nine guards"
        return claimer_refs([tok], index, lexicon)
    if passive:
        doers = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    else:
        doers = subject_tokens(tok, index, lexicon=lexicon)[0]
        if not doers:
            return []
    causes = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in _CAUSE_PREPS
              for g in c.children if g.dep_ == "pobj" and _violence(g, u)]
    causes += instruments(tok, u)
    written, doers = doers, _counted(doers, u, lexicon.groups)
    if deed_doers(doers + causes, index):
        return []
    if any(_claimed(n, u) for n in [tok, *doers, *causes]):
        return claimer_refs([tok, *doers, *causes], index, lexicon)
    if doers:
        if not all(_described(d, u, lexicon.groups) for d in doers):
            return []
    elif not (_trigger_words(tok) & u.acts or causes or _weapon_subject(tok, u)):
        return []
    holders = [tok, *objects(tok), *written, *doers, *causes]
    if _place(_with_aims(holders), index) is None:
        holders += [w for v in _sharing_doer(tok) for w in (v, *objects(v))]
    # "killed by police bullets", "died in army shelling": the organ the weapon or the act is
    # marked with fired it, as for the noun alone ("police firing", organ_modifier)
    return organ_modifier([*doers, *causes], index, lexicon) or _composed(holders, doers, index, lexicon)


def instruments(verb: Token, u: Unidentified) -> list[Token]:
    """The weapons a verb's act was done with: "a patrol was attacked with a grenade", "were
    hacked with machetes". A weapon in the hand says violence was done though no doer is
    written, and its own place phrase ("with a grenade in Kano") says where; "clashed with
    protesters" names no weapon."""
    return [g for c in verb.children if c.dep_ == "prep" and c.lower_ in _INSTRUMENT_PREPS
            for g in c.children if g.dep_ == "pobj"
            and (g.lemma_.lower() in u.weapons or bool(_modifiers(g) & u.weapons))]


def _weapon_subject(verb: Token, u: Unidentified) -> bool:
    """"Grenades were hurled at a patrol", "mortar shells were fired into homes": a passive whose
    subject is a weapon says violence was done, though no doer is written."""
    return any(c.dep_ == "nsubjpass" and (c.lemma_.lower() in u.weapons or _modifiers(c) & u.weapons)
               for c in verb.children)


def unnamed_doer(tok: Token, passive: bool, index: RefIndex, lexicon: Lexicon,
                 types: frozenset[str], doers: list[Token] | None = None) -> list[ActorRef]:
    """The composed doer of an act whose doer is a state organ with no country, or is not
    written at all for an act only states do, or [].

    "Police seized rifles", "troops opened fire" with no country anywhere: the organ of that
    sector (``agents``: police -> COP) of the place's country, or unplaced. "Five men were
    arrested", "weapons were seized": for ``authority_types`` the unnamed authorities of the
    place's country (or unplaced). A doer that is named, or a noun that is no state organ
    ("the company seized ..."), gives nothing. ``doers`` are the doer's words when the caller
    knows them ("police personnel were deployed": the passive's subject).
    """
    u = lexicon.unidentified
    if doers is not None:  # the organ among them, or in their "of" ("a contingent of troops")
        doers = [n for d in doers for n in [d, *_of_nouns(d)] if _agent_sector(n, u)][:1]
    elif passive:
        doers = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    else:
        doers = subject_tokens(tok, index, lexicon=lexicon)[0]
    if doers and not refs_of(doers, index) and _unplaced_people(doers) \
            and tok.lemma_.lower() in u.authority_acts:
        # "sharma had arrested some persons", "Ribeiro arrested five leaders": someone named
        # whom the text does not place made an arrest, which only the state does: the
        # authorities. Not a pronoun: "they are free to arrest us" is a crowd's taunt
        sector, doer = u.authority_sector, None
    elif doers:
        if refs_of(doers, index) or not all(_agent_sector(d, u) for d in doers):
            return []
        sector, doer = _agent_sector(doers[0], u), doers[0]
    elif types & u.authority_types and _agentless_passive(tok, u):
        # a passive clause ("were arrested"), not a participle told in passing ("weapons
        # seized last year") unless only the state does the act ("those arrested")
        sector, doer = u.authority_sector, None
    else:
        return []
    where = _place(_with_aims([tok, *objects(tok), *doers]), index)
    return [_organ_ref(where, doer, tok, sector, u)]


def _unplaced_people(doers: list[Token]) -> bool:
    """Are the doer's words only a name (no organ, no group noun, no pronoun: "the mob", "the
    company" say who else did it)?"""
    return all(d.pos_ == "PROPN" or d.ent_type_ == "PERSON" for d in doers)


def _agentless_passive(verb: Token, u: Unidentified) -> bool:
    """Does a passive verb say an act was done, with no doer written? A passive clause ("five
    men were arrested", "... and were arrested in X", sharing its conjunct's subject) does; a
    reduced participle ("weapons seized last year") only for acts of ``authority_acts``, which
    only the state does ("those arrested", "activists arrested in X")."""
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return True
    if verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children) \
            and not any(c.dep_ in ("nsubj", "csubj") for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod", "relcl") \
        and verb.lemma_.lower() in u.authority_acts


def authority_noun_doer(tok: Token, phrase: list[Token], index: RefIndex,
                        lexicon: Lexicon) -> list[ActorRef]:
    """The unnamed authorities as the doer of an act noun only the state does (``authority_acts``:
    "the arrests followed", "with the arrest of X", "placed under curfew") that names no doer,
    of the place's country or unplaced; [] for any other noun."""
    u = lexicon.unidentified
    if tok.lemma_.lower() not in u.authority_acts or _modifier_word(tok):
        return []
    where = _place(_with_aims([*phrase, tok.head]), index)
    return [_organ_ref(where, None, tok, u.authority_sector, u)]


def _modifier_word(tok: Token) -> bool:
    """Is the act noun only a modifier ("curfew-bound areas", "a curfew-like situation",
    "arrest warrants"), which tells no act of its own?"""
    doc = tok.doc
    hyphen = tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-"
    return hyphen or tok.dep_ in ("compound", "amod", "npadvmod", "nmod")


def organ_modifier(phrase: list[Token], index: RefIndex, lexicon: Lexicon) -> list[ActorRef]:
    """The unnamed state organ an event noun is marked with, or []: "killed in police firing",
    "an army operation", "a police crackdown" with no country in the phrase: the organ of the
    place's country, or unplaced (as ``unnamed_doer`` for a subject)."""
    u = lexicon.unidentified
    for noun in phrase:
        # a bare noun: "anti-government protests" names no organ
        for mod in (c for c in noun.children if c.dep_ in ("compound", "nmod") and not c.n_lefts
                    and not c.n_rights):
            sector = _agent_sector(mod, u) if mod.i not in index else None
            if sector is not None:
                where = _place(_with_aims([*phrase, noun.head]), index)
                return [_organ_ref(where, mod, noun, sector, u)]
    return []


def crowd_doer(holders: list[Token], subjects: list[Token], index: RefIndex,
               lexicon: Lexicon, bare: bool = False) -> list[ActorRef]:
    """The crowd that does an act of ``crowd_types`` when no actor is its doer, or [].

    "Several thousand people marched", "students rallied outside the court": a people noun
    of ``groups`` (or its "of" phrase: "thousands of people") is a group of the place's country,
    unplaced (``group:unnamed:student``) where no one country is named; with no subject at all
    ("a string of protests", "rallies were held") the ``crowd_noun`` ("protester") stands in,
    when ``bare`` says the act is what the clause tells (not "killed in riots", "following a
    demonstration": told in passing). A subject that is no people noun ("the plan gathered
    pace") gives nothing.
    """
    u = lexicon.unidentified
    noun: Token | None = None
    if not subjects and not bare:
        return []
    if subjects:
        noun = next((n for s in subjects for n in [*_of_nouns(s), s]
                     if n.lemma_.lower() in lexicon.groups and n.i not in index), None)
        if noun is None:
            return []
    # the crowd's own place phrase counts too: "settlers in the town of X marched"
    where = _place(_with_aims(holders + subjects), index)
    if where is None and in_passing(holders[0]):
        return []
    country = where.country if where is not None else None
    lemma = noun.lemma_.lower() if noun is not None else u.crowd_noun
    words = noun if noun is not None else holders[0]
    name = words.text if where is None else f"{words.text} in {where.text}"
    return [ActorRef(f"group:{country or u.unplaced}:{lemma}", name, "group", country,
                     lexicon.groups.get(lemma), words.text, words.idx, words.idx + len(words),
                     how="group")]


def _of_nouns(noun: Token) -> list[Token]:
    """The nouns of a counted subject's "of" phrase: "thousands of people"."""
    return [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj"]


def _agent_sector(noun: Token, u: Unidentified) -> str | None:
    """The sector of a state organ's noun ("police" -> COP, "security forces" -> MIL), or None;
    someone's own organ ("its troops") is that someone's, not unnamed. A noun marked with the
    name of the police or the armed forces belongs to them: "a police team", "police
    officials", "the police commissioner", "army officers", "the commissioner of police" (the
    armed organ's mark wins over a civil head noun: "police officials" are no civil servants)."""
    if any(c.dep_ == "poss" for c in noun.children):
        return None
    marks = [c for c in noun.children if c.dep_ == "compound"] + _of_nouns(noun)
    marked = next((s for m in marks if (s := _word_sector(m, u)) in _ARMED_ORGANS), None)
    return marked or _word_sector(noun, u)


# the organs whose name marks their own people and units ("police officials", "army officers")
_ARMED_ORGANS = ("COP", "MIL")


def _word_sector(noun: Token, u: Unidentified) -> str | None:
    """The sector of the word itself in the agents table, or None."""
    for word in (noun.lemma_.lower(), noun.lower_, noun.lower_.removesuffix("s")):
        if word in u.agents:
            return u.agents[word]
    return None


def _organ_ref(where: ActorRef | None, doer: Token | None, trigger: Token, sector: str | None,
               u: Unidentified) -> ActorRef:
    """An unnamed state organ: ``unidentified:IND:COP`` "Police (India)", or with no doer
    written ``unidentified:IND:GOV`` "Unnamed authorities (India)"; ``unnamed`` for the country
    slot when no one country is the place."""
    country = where.country if where is not None else None
    label = doer.text.strip().capitalize() if doer is not None else u.authority_name
    name = f"{label} ({_country_name(where)})" if where is not None else label
    if doer is not None:
        start, end, text = doer.idx, doer.idx + len(doer), doer.text
    elif where is not None:
        start, end, text = where.start, where.end, where.text
    else:  # nothing but the act names them: its words stand for them
        start, end, text = trigger.idx, trigger.idx + len(trigger), trigger.text
    return ActorRef(f"{UNIDENTIFIED}:{country or u.unplaced}:{sector or u.authority_sector}", name,
                    "agent", country, sector, text, start, end, how=UNIDENTIFIED)


def _sharing_doer(verb: Token) -> list[Token]:
    """The verbs of the same act, which share the doer and say where: "stormed a hotel in X and
    killed ten guests", "a bomb exploded in X, killing six", "killed two and wounded three in X"."""
    linked = [verb.head] if verb.dep_ in _SHARED_DEPS else []
    return linked + [c for c in verb.children if c.dep_ in _SHARED_DEPS and c.pos_ == "VERB"
                     and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]


def noun_doer(tok: Token, phrase: list[Token], light: Token | None, index: RefIndex,
              lexicon: Lexicon) -> list[ActorRef]:
    """The composed doer of a violent event noun that has no named one, or [].

    "an attack by gunmen", "gunmen carried out an attack": the "by" agent or the light verb's
    subject must be described without a name; with neither, the noun must be violence itself
    ("a bombing", "a rocket attack", "an explosion"). (A noun that is the subject or the cause of
    a verb that gave an event is left to it: see ``told_by``.)
    """
    u = lexicon.unidentified
    if any(_claimed(n, u) for n in phrase):
        return claimer_refs(phrase, index, lexicon)
    doers = [g for n in phrase for c in n.children if c.dep_ in ("prep", "agent")
             and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
    if not doers and light is not None:
        doers = subject_tokens(light, index, lexicon=lexicon)[0]
    if not doers:  # "a rebel attack", "a militant ambush": the people noun on the act did it
        doers = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i
                 and c.lemma_.lower() in lexicon.groups and c.i not in index]
    written, doers = doers, _counted(doers, u, lexicon.groups)
    if doers:
        if not all(_described(d, u, lexicon.groups) for d in doers):
            return []
    elif not _violence(tok, u):
        return []
    # "a blast ripped through a mosque in X": the clause the act is the subject of says where
    clause = [tok.head] if tok.dep_ == "nsubj" else []
    return _composed([*phrase, *([light] if light is not None else []), *written, *doers,
                      *clause], doers, index, lexicon)


def armed_people(nouns: list[Token], lexicon: Lexicon) -> bool:
    """"Armed men", "masked men": people marked as armed or unknown are attackers whose name the
    text does not give, not a group of the place's people (``arguments.located_group``)."""
    u = lexicon.unidentified
    return any(n.lemma_.lower() in u.marked and _modifiers(n) & u.marks for n in nouns)


def sufferers(tok: Token, index: RefIndex, lexicon: Lexicon) -> list[ActorRef]:
    """The victims of an act noun after "in": the subject of a passive verb or of a verb of
    suffering ("five soldiers died / were hurt in an attack")."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in _CAUSE_PREPS or prep.head.pos_ not in ("VERB", "AUX"):
        return []
    verb = prep.head
    if verb.lemma_.lower() in lexicon.unidentified.suffer:
        return refs_of([c for c in verb.children if c.dep_ == "nsubj"], index)
    return refs_of([c for c in verb.children if c.dep_ == "nsubjpass"], index)


def _composed(holders: list[Token], doers: list[Token], index: RefIndex,
              lexicon: Lexicon) -> list[ActorRef]:
    """The doer composed for the one country the act happened in, or [] with no such place."""
    where = _place(_with_aims(holders), index)
    group = next((d for d in doers if d.lemma_.lower() in lexicon.groups
                  and not armed_people([d], lexicon)), None)
    if where is None:  # violence all the same: its doer is unplaced, as unnamed as before
        # told in passing, it is too thin to code unless people are written as its doers in
        # a clause of time ("after rebels fired shells into the city", "after militants
        # ambushed a patrol"); a relative clause only describes its noun ("guerrillas who
        # overran it last month"), and a measured time sets it long before ("five years
        # after crowds burned down its embassy")
        if in_passing(holders[0]) and (holders[0].dep_ == "relcl" or _measured(holders[0])
                                       or not _people(doers, lexicon)) \
                or not doers and not _plainly_violent(holders, lexicon.unidentified) \
                and not _people_hurt(holders, index):
            return []
        # its words: the doer's, else a weapon that was the passive's subject ("mortar rounds
        # were fired"), else the act's
        words = doers[0] if doers else next((h for h in holders if h.dep_ == "nsubjpass"),
                                            holders[0])
        return [unplaced_ref(words, group, lexicon)]
    if group is not None:
        return [group_ref(where, group, lexicon.groups.get(group.lemma_.lower()))]
    return [unidentified_ref(where, doers[0] if doers else None, lexicon.unidentified)]


def _measured(tok: Token) -> bool:
    """Does a measure of time set the clause apart from the act it is the time of ("five years
    after crowds burned ...", "months before the attack")?"""
    return any(c.dep_ == "npadvmod" for c in tok.children)


def _people(doers: list[Token], lexicon: Lexicon) -> bool:
    """Are the doers people described without a name ("rebels", "gunmen", "armed men"), not a
    weapon or an act ("a grenade exploded during a robbery")?"""
    u = lexicon.unidentified
    return bool(doers) and all(d.lemma_.lower() in lexicon.groups or d.lemma_.lower() in u.doers
                               or armed_people([d], lexicon) for d in doers)


def _people_hurt(holders: list[Token], index: RefIndex) -> bool:
    """Is the act done to people the text names as a group ("Syrian civilians were attacked
    with gas", "attacks on Hindu villagers")? Then it was done, though no place or doer is
    written ("if it is attacked" names no one hurt); the doer stays unplaced: the victims'
    country is not where it happened (foreigners are attacked abroad)."""
    victims = [o for h in holders if h.pos_ in ("VERB", "AUX") for o in objects(h)]
    victims += [g for h in holders for c in h.children if c.dep_ == "prep"
                and c.lower_ in _AIM_PREPS for g in c.children if g.dep_ == "pobj"]
    return any(r.how == "group" for r in refs_of(victims, index))


def in_passing(tok: Token) -> bool:
    """Is the act told in passing, as the background of another: in a relative clause
    ("guerrillas who overran it"), a clause or phrase of earlier or later time ("five years
    after crowds burned down its embassy", "following the riots")? With no place and no name,
    such an act is too thin to code."""
    if tok.dep_ == "relcl":
        return True
    if tok.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in tok.children)
    return tok.dep_ == "pobj" and tok.head.lower_ in _TIME_MARKS


def _plainly_violent(holders: list[Token], u: Unidentified) -> bool:
    """Does the act say violence without its place: a weapon or blast ("a bomb exploded",
    "grenades were hurled"), a weapon on a word ("gun attacks"), or an act word other than the
    general ones of ``needs_place`` ("a bombing", "were ambushed")? "If it is attacked" is not."""
    for h in holders:
        words = _trigger_words(h) if h.pos_ in ("VERB", "AUX") else {h.lemma_.lower()}
        if words & (u.weapons | u.blasts) or _modifiers(h) & (u.weapons | u.doers):
            return True
        if words & u.acts and not words & u.acts <= u.needs_place:
            return True
    return False


def unplaced_ref(doer: Token, group: Token | None, lexicon: Lexicon) -> ActorRef:
    """The doer of violence where no one country is named as the place: the unidentified
    attackers with no country (``unidentified:unnamed``), or the people noun's group with no
    country ("militants": ``group:unnamed:militant``). Its words are the doer's ("a bomb"), or
    the act's when nothing else names them."""
    u = lexicon.unidentified
    if group is not None:
        lemma = group.lemma_.lower()
        return ActorRef(f"group:{u.unplaced}:{lemma}", group.text, "group", None,
                        lexicon.groups.get(lemma), group.text, group.idx,
                        group.idx + len(group), how="group")
    words = [t for t in doer.subtree if t.i <= doer.i]
    start, end = words[0].idx, doer.idx + len(doer)
    text = doc_text(doer.doc)[start:end]
    return ActorRef(f"{UNIDENTIFIED}:{u.unplaced}", u.name, "armed_group", None, u.sector,
                    text, start, end, how=UNIDENTIFIED)


def _with_aims(holders: list[Token]) -> list[Token]:
    """The holders and what they are aimed at: in "opened fire on a bus near X", "an attack on a
    mosque in X", "tore through a market in X" the place of the target is where the act
    happened."""
    return holders + [g for h in holders for c in h.children if c.dep_ == "prep"
                      and c.lower_ in _AIM_PREPS for g in c.children if g.dep_ == "pobj"]


def _place(holders: Iterable[Token], index: RefIndex) -> ActorRef | None:
    """The country named as where the act happened, as ``place_refs`` reads it for the target
    of in-place types; None when no country or several are named. Those acting there ("in
    defiance of the X police") are not a place, nor is a demonym in a place's name ("British
    Columbia")."""
    holders = list(holders)
    places = [r for r in place_refs(holders, index) if r.how not in _NOT_PLACES and r.country]
    if not places:  # "in Turkey's Izmir province": the owner of a place phrase is its country
        places = [r for r in refs_of(_place_owners(holders), index)
                  if r.kind == "country" and r.how not in _NOT_PLACES and r.country]
    return places[0] if len({r.country for r in places}) == 1 else None


def _place_owners(holders: list[Token]) -> list[Token]:
    """The possessive owners inside the place phrases of the holders ("in Turkey's Izmir
    province", "near a school in Nigeria's Kano state")."""
    stack = [g for h in holders for c in h.children if c.dep_ == "prep"
             and c.lower_ in _PLACE_PREPS for g in c.children if g.dep_ == "pobj"]
    owners: list[Token] = []
    while stack:
        t = stack.pop(0)
        owners += [c for c in t.children if c.dep_ == "poss"]
        stack += [g for c in t.children if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS | {"of"}
                  for g in c.children if g.dep_ == "pobj"]
    return owners


def unidentified_ref(where: ActorRef, doer: Token | None, u: Unidentified) -> ActorRef:
    """The unidentified attackers of the place's country: ``unidentified:AFG``, "Unidentified
    attackers (Afghanistan)". Its words are the doer's ("a roadside bomb") when written, else
    the place's, the words it was composed from."""
    if doer is None:
        text, start, end = where.text, where.start, where.end
    else:
        words = [t for t in doer.subtree if t.i <= doer.i]
        start, end = words[0].idx, doer.idx + len(doer)
        text = doc_text(doer.doc)[start:end]
    country = where.country or ""
    return ActorRef(f"{UNIDENTIFIED}:{country}", f"{u.name} ({_country_name(where)})",
                    "armed_group", country, u.sector, text, start, end, how=UNIDENTIFIED)


def _country_name(where: ActorRef) -> str:
    """The country's name: a place ref names its country's actor ("Kabul" -> "Afghanistan")."""
    return where.name if where.kind == "country" and where.name else where.country or ""


def _described(noun: Token, u: Unidentified, groups: dict[str, str | None]) -> bool:
    """Is this doer described without a name? A person of ``doers``, a people noun of
    ``groups``, an armed or unidentified man ("armed men"), or violence itself (a weapon, a
    blast, an act). Someone's gunmen ("its fighters") are that someone's."""
    if any(c.dep_ == "poss" for c in noun.children):
        return False
    lemma = noun.lemma_.lower()
    marks = _modifiers(noun)
    return lemma in u.doers or lemma in groups or (lemma in u.marked and bool(marks & u.marks)) \
        or _violence(noun, u)


def _counted(doers: list[Token], u: Unidentified, groups: dict[str, str | None]) -> list[Token]:
    """The doers a counted or collective subject stands for: "dozens of militants", "an unknown
    number of gunmen", "a group of armed men" -> the noun of its "of" phrase, when it is
    described and the head is not; "rebel forces" -> its people-noun modifier."""
    out = []
    for d in doers:
        inner = [n for n in _of_nouns(d) if _described(n, u, groups)]
        # "rebel forces", "militant fighters": a people noun of ``groups`` as the modifier says
        # who they are
        inner += [c for c in d.children if c.dep_ in ("compound", "amod") and c.i < d.i
                  and c.lemma_.lower() in groups]
        out.append(inner[0] if inner and not _described(d, u, groups) else d)
    return out


def _violence(noun: Token, u: Unidentified) -> bool:
    """Does this noun say violence was done: a weapon ("rockets", "rocket fire", "an explosive
    device", "sniper fire"), an act ("a bombing", "a drone strike"), a blast that was no
    accident? Not a heart attack, not a gas explosion."""
    lemma, mods = noun.lemma_.lower(), _modifiers(noun)
    if mods & u.not_violence:
        return False
    if lemma in u.blasts:
        return not _accident(noun, u)
    return lemma in u.weapons or lemma in u.acts or bool(mods & (u.weapons | u.doers))


def _accident(blast: Token, u: Unidentified) -> bool:
    """A blast with a word of ``accidents`` on it or where it happened, or in its sentence when
    no weapon is on it: "a gas explosion", "an explosion at a coal mine", "explosions caused by
    ammonium nitrate stored in a warehouse". "A bomb blast at a gas station" is no accident."""
    mods = _modifiers(blast)
    if mods & (u.weapons | u.doers):
        return False
    sites = [g for c in blast.children if c.dep_ == "prep" and c.lower_ in _SITE_PREPS
             for g in c.children if g.dep_ == "pobj"]
    words = mods | {w for s in sites for w in {s.lemma_.lower(), *_modifiers(s)}}
    words |= {t.lemma_.lower() for t in blast.sent} | _told_before(blast, u)
    return bool(words & u.accidents)


def _told_before(blast: Token, u: Unidentified) -> set[str]:
    """The words of the sentence before, when the blast is named as one it told ("...
    explosions tore through an industrial area. The blasts killed 50": "the", "these" point
    back); none when that sentence names a weapon ("a landmine planted by X. The explosion
    took place in ...")."""
    sent = blast.sent
    back = any(c.dep_ == "det" and c.lower_ in _BACK_DETS for c in blast.children)
    if not back or sent.start == 0:
        return set()
    words = {t.lemma_.lower() for t in blast.doc[sent.start - 1].sent}
    return set() if words & u.weapons else words


# determiners that name a thing as one already told
_BACK_DETS = {"the", "these", "this", "those"}


def _modifiers(noun: Token) -> set[str]:
    return {c.lemma_.lower() for c in noun.children if c.dep_ in _MODIFIERS}


def _trigger_words(tok: Token) -> set[str]:
    """The trigger as the lists write it: its lemma, or with its particle or idiom object
    ("blow up", "open fire")."""
    lemma = tok.lemma_.lower()
    return {lemma} | {f"{lemma} {c.lower_}" for c in tok.children if c.dep_ in ("prt", "dobj")}


def _claimed(noun: Token, u: Unidentified) -> bool:
    """Is the act what a word of claim, blame or revenge is about? "X claimed (responsibility
    for) the bombing", "blamed X for the attack", "linked X to the shooting", "avenging the
    killing": the text names its doer, or says whom the speaker holds to be it."""
    x = noun
    while x.dep_ == "conj" and x.head.i != x.i:
        x = x.head
    if x.dep_ == "dobj":
        return x.head.lemma_.lower() in u.claims
    return x.dep_ == "pobj" and x.head.lower_ in _CLAIM_PREPS \
        and x.head.head.lemma_.lower() in u.claims


def claimer_refs(acts: list[Token], index: RefIndex, lexicon: Lexicon) -> list[ActorRef]:
    """The named actor that claims one of these acts as its own, as the act's doer, or [].

    Decision (issue 8): "Islamic State claimed responsibility for a car bomb that killed
    eight" is coded as the attack, done by the claimer, who is also who says so (its
    ``claimed_by``): the claim is the doer's report of its own act, as "the rebels claimed they
    had shot down a jet" is (``attribution.own_claim``), and CAMEO's code for the claim itself
    (015) has no PLOVER type, so no ACCUSE is made of it. CASE 2021 maps its ATTRIB label,
    which holds such claims, to ACCUSE; there the attack scores as a wrong type, not a miss.
    A claimer the text names but we do not find ("no group claimed responsibility") gives [].
    """
    for act in acts:
        verb = self_claimer(act)
        if verb is not None:
            reporting = lexicon.cue("attribution", "reporting_verbs")
            return subject_refs(verb, index, reporting, lexicon)[0]
    return []


def self_claimer(act: Token) -> Token | None:
    """The verb by which a doer claims this act as its own, or None: "claimed the kidnapping"
    (``claim_verbs``), "claimed / took responsibility for the bombing", "... for killing nine
    guards" (``responsibility_verbs`` with a noun of ``responsibility_nouns``; roles.yaml)."""
    words = role_words()
    x = act
    while x.dep_ == "conj" and x.head.i != x.i:
        x = x.head
    if x.dep_ == "relcl":  # "a car bomb that killed eight": the bomb is what is claimed
        x = x.head
    if x.dep_ == "dobj" and x.head.pos_ == "VERB":
        return x.head if x.head.lemma_.lower() in words.claim_verbs else None
    prep = x.head
    if x.dep_ not in ("pobj", "pcomp") or prep.lower_ != "for":
        return None
    noun, verb = prep.head, prep.head.head
    if noun.lemma_.lower() in words.responsibility_nouns and noun.dep_ == "dobj" \
            and verb.pos_ == "VERB" and verb.lemma_.lower() in words.responsibility_verbs:
        return verb
    return None


def told_by(tok: Token) -> set[int]:
    """The verbs an act noun is the subject or the cause of: "a bombing killed ...", "a bombing
    that killed ...", "killed in / by a bombing". When such a verb gives an event, it is this
    act, told with its victims; the noun gives no second one with an unidentified doer."""
    verbs = [c for c in tok.children if c.dep_ == "relcl"
             and any(s.dep_ == "nsubj" and s.lower_ in _RELATIVE for s in c.children)]
    if tok.dep_ == "nsubj":
        verbs.append(tok.head)
    elif tok.dep_ == "pobj" and tok.head.lower_ in _CAUSE_PREPS | {"by"}:
        verbs.append(tok.head.head)
    return {v.i for v in verbs}
