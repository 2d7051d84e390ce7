"""Triggers: words of the lexicon that match a pattern, with the actors found for them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..actors import ActorRef
from ..parsing import lemma_lowers
from .arguments import (
    RefIndex,
    be_to,
    complement_refs,
    condition_refs,
    deed_doers,
    ended_doers,
    gerund_subject,
    located_group,
    objects,
    passive_modifier,
    place_refs,
    purpose_refs,
    refs_of,
    role_refs,
    subject_refs,
    subject_tokens,
    told_victims,
    unique,
)
from .lexicon import Lexicon, Pattern
from .nominal import owner_antecedent
from .roles import role_words
from .senses import Senses, instrument_sense, other_sense
from .sources import RELATIVE_PRONOUNS, passive_controller
from .unidentified import (
    UNIDENTIFIED,
    armed_people,
    authority_noun_doer,
    crowd_doer,
    noun_doer,
    organ_modifier,
    sufferers,
    told_by,
    unnamed_doer,
    verb_doer,
)

_REMOVAL_TYPES = {"RETREAT", "COERCE"}

# possessive pronouns that, on a verb's object, stand for the verb's own subject
_OWN = {"its", "their", "his", "her", "our"}

# sectors of people whose office is to act on their own state (courts, parliaments, opposition)
_CHECKS_ON_STATE = {"JUD", "LEG", "OPP"}

_NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "compound", "dative", "appos"}


@dataclass
class Hit:
    """A trigger that matched a pattern, with the actors found for it."""

    token: Token
    pattern: Pattern
    nominal: bool
    source: list[ActorRef]
    target: list[ActorRef]
    direct: bool  # both sides found among the trigger's own arguments
    # the actor just before a subjectless gerund ("opposition to Israel striking"): its clause,
    # not the gerund's parse head, says whether the event happened
    anchor: Token | None = None
    # where the target came from: the trigger's own ``argument`` slots, the ``complement`` it
    # governs ("threatened to cut power to X"), the ``purpose`` it states ("struck to protest
    # X's decision") or the ``place`` it happened in ("curfew in X")
    target_basis: str = "argument"
    # where the source came from: the text (``argument``), or composed as the ``unidentified``
    # attackers of the place's country when the text names no doer ("gunmen killed ...")
    source_basis: str = "argument"


def find_hits(sent: Span, index: RefIndex, lexicon: Lexicon) -> Iterator[Hit]:
    """Verbal triggers first (they may consume their object noun), then event nouns."""
    consumed: set[int] = set()
    coded: set[int] = set()  # verbs that gave an event
    doc = sent.doc
    lemmas = lemma_lowers(doc)  # the lemma test first: it turns away most words, Token-free
    for i in range(sent.start, sent.end):
        if lemmas[i] not in lexicon.verb_index:
            continue
        tok = doc[i]
        if is_nominal(tok) or other_sense(tok, lexicon.senses):
            continue
        particles = _particles(tok)  # once per verb, however many patterns list it
        named: list[frozenset[str]] = []  # its objects' words, read once when a pattern asks
        for p in verb_patterns(tok, lexicon):
            if _verb_fits(tok, p, index, lexicon.senses, particles, named):
                hit = _verb_hit(tok, p, index, lexicon)
                consumed.update(c.i for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))
                if hit is not None:
                    coded.add(i)
                    yield hit
                break
    for i in range(sent.start, sent.end):
        lemma = lemmas[i]
        if lemma not in lexicon.noun_index or i in consumed:
            continue
        tok = doc[i]
        frame = event_frame(tok, lexicon)
        if (tok.dep_ == "compound" and frame is None) or not is_nominal(tok) \
                or other_sense(tok, lexicon.senses):
            continue
        for p in lexicon.noun_index[lemma]:
            if _noun_fits(tok, p, index, lexicon, frame):
                hit = _noun_hit(tok, p, index, lexicon, frame)
                # "a bombing killed ...", "killed in a bombing": the verb's event is this act
                if hit is not None and not (hit.source_basis == UNIDENTIFIED
                                            and told_by(tok) & coded):
                    yield hit
                break


def join_hyphenated(doc: Doc, lexicon: Lexicon) -> None:
    """Give a hyphenated word the tokenizer split its whole lemma, on its last part, when the
    lexicon lists the whole word: "a sit-in", "broke the cease-fire", "police lathi-charged the
    mob" are three tokens each ("sit", "-", "in"), so the lexicon's "sit-in", "cease-fire" and
    "lathi-charge" were never seen, and "lathi-charged" read as "charged" (an accusation). In
    place, before any trigger is looked up; the same call twice changes nothing."""
    for i in range(2, len(doc)):
        first, hyphen, tok = doc[i - 2], doc[i - 1], doc[i]
        if hyphen.text != "-" or first.whitespace_ or hyphen.whitespace_:
            continue
        joined = f"{first.lower_}-{tok.lemma_.lower()}"
        if joined in lexicon.verb_index or joined in lexicon.noun_index:
            tok.lemma_ = joined


def verb_patterns(tok: Token, lexicon: Lexicon) -> list[Pattern]:
    """The patterns a verb may trigger, in order.

    A phrasal verb is its own word: when the verb's particle makes a verb some pattern lists
    ("gave up its territory": "give up"), only the patterns listing it apply, never those of the
    bare verb ("give": AID). A particle no pattern lists ("struck back") leaves the bare verb.
    """
    lemma = tok.lemma_.lower()
    patterns = lexicon.verb_index[lemma]
    particles = {c.lower_ for c in tok.children if c.dep_ == "prt"}
    if not particles:
        return patterns
    phrasal = [p for p in patterns if any(
        (f := v.split())[0] == lemma and len(f) > 1 and f[1] in particles for v in p.verbs)]
    return phrasal or patterns


def event_frame(tok: Token, lexicon: Lexicon) -> Token | None:
    """The noun an event noun is framed by, whose phrase carries its actors, or None.

    A measure or series of the event ("a wave of airstrikes on X", "a new round of talks with
    X", "ten days of war games") or an undertaking named after it ("a mediation effort between
    X and Y", "a rescue mission"): the frame noun (``frame_nouns`` in ``verbs.yaml``) takes the
    verb and the prepositions that belong to the event.
    """
    head = tok.head
    if tok.dep_ == "compound" and is_nominal(head):
        frame = head
    elif tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        frame = head.head
    else:
        return None
    return frame if frame.lemma_.lower() in lexicon.frame_nouns else None


def is_nominal(tok: Token) -> bool:
    """"airstrikes" may be tagged VERB; its position in the tree says it is a noun."""
    return tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.dep_ in _NOMINAL_DEPS)


def _verb_fits(tok: Token, p: Pattern, index: RefIndex, senses: Senses,
               particles: set[str] | None = None,
               named: list[frozenset[str]] | None = None) -> bool:
    """Does the verb match one of the pattern's forms and its conditions? The second word of a
    form may be a particle or preposition ("pull out", "take to") or the bare noun object of an
    idiom ("open fire", "set fire"), which the parser labels dobj (``_particles``)."""
    if particles is None:
        particles = _particles(tok)
    forms = _forms(p, tok.lemma_.lower())
    if not any(len(f) == 1 or f[1] in particles for f in forms):
        return False
    return all(_holds(tok, r, index, senses, named) for r in p.requires)


def _particles(tok: Token) -> set[str]:
    """The words that may complete a verb's form: its particles and prepositions, and a bare
    noun object (no determiner, possessive or number)."""
    particles = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")}
    particles |= {c.lower_ for c in tok.children if c.dep_ == "dobj"
                  and not any(d.dep_ in ("det", "poss", "nummod") for d in c.children)}
    return particles


# the forms of each pattern by their first word, split once: the PETRARCH verb dictionary gives
# a verb dozens of patterns, each with many forms. Keyed by the pattern's identity (a Pattern
# holds dicts: no hash), holding the pattern so that its id is not reused while it is here.
_FORMS: dict[int, tuple[Pattern, dict[str, list[list[str]]]]] = {}
_FORMS_AT_MOST = 200_000


def _forms(p: Pattern, lemma: str) -> list[list[str]]:
    """The pattern's verb forms whose first word is ``lemma``, each split into its words."""
    entry = _FORMS.get(id(p))
    if entry is None or entry[0] is not p:
        if len(_FORMS) >= _FORMS_AT_MOST:
            _FORMS.clear()  # lexicons loaded again and again (tests): memory stays flat
        entry = _FORMS[id(p)] = (p, {})
    found = entry[1].get(lemma)
    if found is None:
        found = entry[1][lemma] = [f for v in p.verbs if (f := v.split())[0] == lemma]
    return found


def _noun_fits(tok: Token, p: Pattern, index: RefIndex, lexicon: Lexicon,
               frame: Token | None) -> bool:
    """The conditions of a noun pattern. ``light`` holds when the noun (or its frame) is the
    object of a light verb ("opened an investigation"): its subject then does the act."""
    arg = tok if frame is None else frame
    light = arg.dep_ in ("dobj", "nsubjpass") and lexicon.is_light(arg.head.lemma_, arg.head.text)
    return all(light if r == "light" else (setting_teller(arg, lexicon) is not None)
               if r == "setting" else _holds(tok, r, index, lexicon.senses) for r in p.requires)


def setting_teller(arg: Token, lexicon: Lexicon) -> Token | None:
    """The reporting verb an event noun is the setting of, through the infinitives it governs
    ("told X to avoid reprisals in a conversation" -> "told"), or None: the one who spoke there
    had the meeting or the call (the ``setting`` requirement of a noun pattern; the prepositions
    are ``attribution.setting_preps`` in modality.yaml)."""
    if arg.dep_ != "pobj" or arg.head.lower_ not in lexicon.cue("attribution", "setting_preps"):
        return None
    verb = arg.head.head
    while verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in lexicon.cue("attribution", "reporting_verbs"):
        return None
    return verb


@lru_cache(maxsize=65536)
def _requirement(requirement: str) -> tuple[str, str, frozenset[str]]:
    """A ``requires`` condition split once: its kind, argument and argument's options."""
    kind, _, arg = requirement.partition(":")
    return kind, arg, frozenset(arg.split("|"))


def _object_lemmas(tok: Token, named: list[frozenset[str]] | None) -> frozenset[str]:
    """The lemmas of the words that say what the trigger's objects are, kept in ``named``
    (empty until a pattern first asks) for the trigger's other patterns."""
    if named:
        return named[0]
    found = frozenset(w.lemma_.lower() for o in objects(tok) for w in _object_words(o))
    if named is not None:
        named.append(found)
    return found


def _holds(tok: Token, requirement: str, index: RefIndex, senses: Senses,
           named: list[frozenset[str]] | None = None) -> bool:
    """One ``requires`` condition of a pattern, checked on the trigger's children (``senses``:
    the lexicon's, for the ``sense:`` conditions)."""
    kind, arg, options = _requirement(requirement)
    if kind == "prep":
        return any(c.dep_ in ("prep", "prt", "agent") and c.lower_ in options for c in tok.children)
    if kind == "object":  # the object's head, a noun compounded onto it ("mediation efforts")
        # or the noun its "of" names ("channels of dialogue", "a state of emergency")
        return not options.isdisjoint(_object_lemmas(tok, named))
    if kind == "ccomp_aux":  # "said that Iraq must comply": an obligation put on someone
        return any(a.dep_ == "aux" and a.lower_ in options for c in tok.children if c.dep_ == "ccomp"
                   for a in c.children)
    if kind == "not_object":  # "handed over the presidency": no object of these words
        return options.isdisjoint(_object_lemmas(tok, named))
    if kind == "of":  # the noun of the trigger's own "of" phrase: "the expulsion of diplomats"
        return any(g.lemma_.lower() in options for c in tok.children
                   if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")
    if kind == "pobj":  # "pobj:into=custody": the object of the trigger's own "into" phrase
        prep, _, nouns = arg.partition("=")
        return any(g.lemma_.lower() in nouns.split("|") for c in tok.children
                   if c.dep_ == "prep" and c.lower_ == prep for g in c.children if g.dep_ == "pobj")
    if kind == "mod":  # a modifier of the trigger itself: "hunger strike", "general strike"
        return any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in options
                   for c in tok.children)
    if kind == "be_to":  # "X is to blame": X is blamed, not blaming
        return be_to(tok)
    if kind == "actor_object":
        return any(o.i in index for o in objects(tok) if o.dep_ != "nsubjpass")
    if kind == "others_object":
        return _others_object(tok)
    if kind == "near":  # "drills in six zones around X": a place phrase on the act or its verb
        return _near(tok, options)
    if kind in ("sense", "not_sense"):  # "hacked with machetes": senses.yaml instrument_senses
        return instrument_sense(tok, arg, senses) == (kind == "sense")
    return any(c.dep_ == kind for c in tok.children)  # dobj, xcomp, ccomp, dative


def _near(tok: Token, options: frozenset[str]) -> bool:
    """Is the act placed by one of these prepositions, on the noun or on the verb it is the
    object of, directly or inside a place phrase ("drills in zones around X", "off the coast of
    X")? Military drills "around X" are a show of force against X; drills "with X" are not."""
    holders = [tok, tok.head] if tok.head.pos_ in ("VERB", "AUX") else [tok]
    stack = [c for h in holders for c in h.children if c.dep_ == "prep"]
    while stack:
        prep = stack.pop()
        if prep.lower_ in options:
            return True
        stack += [c for g in prep.children if g.dep_ == "pobj" for c in g.children if c.dep_ == "prep"]
    return False


def _others_object(tok: Token) -> bool:
    """The direct object is not marked as the subject's own act: "regretted the decision" or
    "regretted Israel's move" disapproves of someone else's act, while "regretted its mistake"
    (a possessive pronoun) or "regretted sending troops" (no noun object) owns up to one's own.
    """
    return any(o.dep_ == "dobj" and o.pos_ in ("NOUN", "PROPN")
               and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in o.children)
               for o in tok.children)


def _object_words(obj: Token) -> list[Token]:
    """The words that say what an object is: its head, compounds, and the noun of its "of"."""
    of = [g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
          for g in c.children if g.dep_ == "pobj"]
    return [obj, *(c for c in obj.children if c.dep_ == "compound"), *of]


def _verb_hit(tok: Token, p: Pattern, index: RefIndex, lexicon: Lexicon) -> Hit | None:
    passive = [c for c in tok.children if c.dep_ == "nsubjpass"] or (
        [tok.head] if passive_modifier(tok) else []) or shared_passive_subject(tok, index, lexicon)
    if p.type == "AID" and not p.swap and _sends_envoy(tok, index, lexicon):
        return None
    organs: list[Token] | None = None  # the words of an unnamed organ that is the doer
    if passive:
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        source = refs_of(agents, index)
        target = refs_of(passive, index)
        if not target and not p.passive_doer:
            # "arms were sold to Ukraine by the US": the row's prepositions name the target
            # when the passive's subject is a thing (not for rows whose passive subject is the
            # doer, "troops were deployed to X", where X is no party)
            target = role_refs(tok, [r for r in p.target if r.startswith("prep:")], index)
        direct = True
        if not agents and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in lexicon.admissions:
            # "Iran acknowledged that drones were supplied to Russia": who owns up did it (the
            # target, Russia, comes from the pattern's prepositions above)
            source = subject_refs(tok.head, index, lexicon.cue("attribution", "reporting_verbs"), lexicon)[0]
        if not agents and p.passive_doer and passive[0].head.i == tok.i:
            # "troops were deployed": the forces are the doer (a clause, not "units stationed
            # in X", which tells where they are)
            source, target, organs = target, [], passive
    else:
        subjects, _ = subject_tokens(tok, index, lexicon=lexicon)
        if any(t.lemma_.lower() in lexicon.noun_index for t in subjects) \
                and not _unnamed_act(subjects, p, index, lexicon):
            return None  # "Egypt's attack destroyed a depot": the noun is the event
        source, direct = subject_refs(tok, index, lexicon.cue("attribution", "reporting_verbs"), lexicon)
        if not source and p.type in lexicon.place_types and not armed_people(subjects, lexicon):
            source = located_group(tok, index, lexicon.groups)
        if not source and p.type in lexicon.unidentified.crowd_types:
            # "thousands of people marched", no one country named: the crowd, unplaced
            source = crowd_doer([tok, *objects(tok)], subjects, index, lexicon)
        target = role_refs(tok, p.target, index)
    u = lexicon.unidentified
    unidentified = not source and not p.swap and p.type in u.types | u.authority_types
    if unidentified:  # "a roadside bomb killed ...", "were killed in a car bombing in X"
        source = verb_doer(tok, bool(passive), index, lexicon) if p.type in u.types else []
        # "police seized rifles" with no country, "five men were arrested"
        source = source or unnamed_doer(tok, bool(passive), index, lexicon, frozenset({p.type}),
                                        organs)
        direct = False
    elif not source and not p.swap:
        # "police warned residents", "police personnel were deployed", no country anywhere: the
        # unnamed organ of the place's country does any kind of act, not only violence; its
        # words are the verb's own subject (or its conjunct's: "police fired and warned"), not
        # one inherited from further up ("police arrest demonstrators calling for ...")
        source = unnamed_doer(tok, bool(passive), index, lexicon, frozenset({p.type}),
                              organs if organs is not None or passive else own_subjects(tok, lexicon))
        direct = False
    if p.swap:
        source, target = target, source
    basis = "argument"
    if not passive and not p.swap and _may_borrow(p) and not _others(target, source):
        target, basis = complement_refs(tok, index), "complement"
        if not _others(target, source) and "condition" in p.target:
            target = condition_refs(tok, index)
        if not _others(target, source) and p.type in lexicon.purpose_types:
            target, basis = purpose_refs([tok], index, lexicon.stance_verbs), "purpose"
        if not _others(target, source) and _place_targeted(p, lexicon) and not unidentified:
            target, basis = place_refs([tok, *objects(tok)], index), "place"
    hit = _finish(tok, p, False, source, _approved(tok, p, target, index), direct, basis,
                  lexicon.home_place_types)
    if hit is not None:
        hit.source_basis = _source_basis(hit.source)
    if hit is not None and not passive:
        hit.anchor = gerund_subject(tok, index)
    return hit


def shared_passive_subject(verb: Token, index: RefIndex, lexicon: Lexicon | None = None) -> list[Token]:
    """The subject a passive conjunct shares with the verb before it: in "the leaders left the
    office and were arrested", the leaders suffered the arrest; they did not do it."""
    if verb.dep_ != "conj" or not any(c.dep_ == "auxpass" for c in verb.children) \
            or any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
        return []
    return subject_tokens(verb.head, index, lexicon=lexicon)[0]


def own_subjects(verb: Token, lexicon: Lexicon | None = None) -> list[Token]:
    """The verb's own subject words, or those of the verb it is coordinated with, or the
    passive subject that does the infinitive it is ("police were directed to deploy")."""
    for v in (verb, verb.head) if verb.dep_ == "conj" else (verb,):
        found = [c for c in v.children if c.dep_ == "nsubj"] or passive_controller(v, lexicon)
        if found and v.dep_ == "relcl" and found[0].lower_ in RELATIVE_PRONOUNS:
            return [v.head]  # "a policeman who was escorting families": the policeman
        if found:
            return found
    return []


def _source_basis(source: list[ActorRef]) -> str:
    """``unidentified`` when the source is the unidentified attackers composed for an unnamed
    doer; a people noun made a group ("killed by militants in X") is the text's own word."""
    return UNIDENTIFIED if any(r.how == UNIDENTIFIED for r in source) else "argument"


def _unnamed_act(subjects: list[Token], p: Pattern, index: RefIndex, lexicon: Lexicon) -> bool:
    """"A bombing killed ...", "a bombing that killed ...": an act noun with no named doer as the
    subject of a violent verb. The verb then carries the event, with its victims as the target,
    and an unidentified doer (``unidentified.verb_doer``); "Egypt's attack destroyed a depot"
    stays the noun's event."""
    return p.type in lexicon.unidentified.types and not refs_of(subjects, index) \
        and not deed_doers(subjects, index)


def _sends_envoy(tok: Token, index: RefIndex, lexicon: Lexicon) -> bool:
    """"sent Foreign Minister X to the summit", "dispatched an envoy to Y", "sent inspectors to
    Y": a person sent to speak, look or mediate for the sender is representation, not aid
    (troops, rescuers and goods are)."""
    for obj in (c for c in tok.children if c.dep_ == "dobj"):
        if any(r.kind == "person" for r in refs_of([obj], index)) or obj.ent_type_ == "PERSON" \
                or obj.lemma_.lower() in lexicon.envoys:
            return True
    return False


def _adverbial_source(tok: Token, p: Pattern, index: RefIndex, lexicon: Lexicon) -> list[ActorRef]:
    """"X went on hunger strike in protest against Y": a bare event noun after "in" under an
    active verb is done by that verb's subject. A determiner ("killed in an attack") or a passive
    verb ("were killed in retaliation") says the subject suffered it, so neither counts; nor does
    a material act under a verb that is an event itself ("imposed sanctions in retaliation"): the
    noun only says why the verb's act was done. A protest ("recalled its envoy in protest") is
    a statement of its own."""
    prep, verb = tok.head, tok.head.head
    if tok.dep_ == "pobj" and _takes_part(verb, prep.lower_, lexicon):
        # "took part in the attack", "were engaged in ethnic cleansing", "resorted to firing":
        # the subject did it
        return refs_of([c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")], index) \
            or subject_refs(verb, index, lexicon.cue("attribution", "reporting_verbs"), lexicon)[0]
    material = p.type in lexicon.place_types and p.type != "PROTEST"
    if material and (verb.lemma_.lower() in lexicon.verb_index or any(
            o.lemma_.lower() in lexicon.noun_index for o in objects(verb))):
        return []  # "struck / imposed sanctions in retaliation": the verb's own event is the act
    if tok.dep_ != "pobj" or prep.lower_ != "in" or verb.pos_ not in ("VERB", "AUX") \
            or any(c.dep_ == "det" for c in tok.children) \
            or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return []
    return subject_refs(verb, index, lexicon.cue("attribution", "reporting_verbs"), lexicon)[0]


def _takes_part(verb: Token, prep: str, lexicon: Lexicon) -> bool:
    """"engaged / participated / was involved in X", "took part in X": the subject does X
    (``participation`` in verbs.yaml; a two-word entry is a verb and its bare object). With
    "to", a verb of recourse ("resorted to firing"; ``recourse_verbs`` in roles.yaml)."""
    lemma = verb.lemma_.lower()
    if prep == "to":
        return lemma in role_words().recourse_verbs
    if prep != "in":
        return False
    return lemma in lexicon.participation or any(
        c.dep_ == "dobj" and f"{lemma} {c.lower_}" in lexicon.participation for c in verb.children)


def _approved(tok: Token, p: Pattern, target: list[ActorRef], index: RefIndex) -> list[ActorRef]:
    """For a pattern of approval, the targets that are not the doers of an act whose end is
    welcomed: "welcomed the end of X's aggression" approves of the end, not of X. (A demand to
    end X's act is still aimed at X, so this is the pattern's choice, not the parse's.)"""
    if not p.approves:
        return target
    ended = ended_doers(tok, index)
    return [r for r in target if r.actor_id not in ended]


def _place_targeted(p: Pattern, lexicon: Lexicon) -> bool:
    """Does a country named as where the act was done stand in for its target? For the
    material acts of ``place_types``, and for the types of ``place_target_types`` (both in
    verbs.yaml) whose place says only whom the act is aimed at: "suspended aid deliveries in
    Baghdad" halts aid to Iraq, though the suspenders are not to be found there."""
    return p.type in lexicon.place_types or p.type in lexicon.place_target_types


def _may_borrow(p: Pattern) -> bool:
    """May the target come from elsewhere than the pattern's slots? Not for a counterpart.

    A meeting "in Paris" is not a meeting with France, and a pattern that needs a counterpart
    names where it sits; borrowing is for one-sided acts.
    """
    return not p.reciprocal and not p.needs_target


def _others(target: list[ActorRef], source: list[ActorRef]) -> list[ActorRef]:
    ids = {r.actor_id for r in source}
    return [r for r in target if r.actor_id not in ids]


def _finish(tok: Token, p: Pattern, nominal: bool, source: list[ActorRef],
            target: list[ActorRef], direct: bool, basis: str = "argument",
            home_types: frozenset[str] = frozenset()) -> Hit | None:
    """Apply the pattern's needs: a source always; a counterpart for meetings and the like
    (``home_types``: the lexicon's ``home_place_types``)."""
    home = basis == "place" and p.type in home_types
    target = unique(target if home else _others(target, source))
    if basis != "place":  # "the president ordered the army to ...": not a target
        target = _not_own_side(target, source)
    if p.reciprocal and not target and len(source) > 1:
        source, target = source[:1], source[1:]
    if not source or (p.needs_target and not target):
        return None
    return Hit(tok, p, nominal, source, target, direct and bool(target) and basis == "argument",
               target_basis=basis if target else "argument")


def _not_own_side(target: list[ActorRef], source: list[ActorRef]) -> list[ActorRef]:
    """The targets that are not the source's own side.

    A person acting on their own state, its organs or its officials ("Putin ordered the armed
    forces", "sent Foreign Minister Lavrov", "the foreign minister warned that Iran would
    respond") is no event between two parties. A state acting on its own officials or people
    stays (domestic events are coded: "Iran arrested the former minister"), and so do groups of
    a country's people (a leader may meet their own country's demonstrators), a place named as
    where the act happened ("extend the curfew in <capital>"), and the acts of judges, lawmakers
    and the opposition, whose office is to check their own state ("a judge opened an
    investigation against government officials").
    """
    own = {r.country for r in source
           if r.country and r.kind == "person" and r.sector not in _CHECKS_ON_STATE}
    return [r for r in target if r.kind == "group" or r.how == "place" or not r.country
            or r.country not in own]


def _noun_hit(tok: Token, p: Pattern, index: RefIndex, lexicon: Lexicon,
              frame: Token | None = None) -> Hit | None:
    """"Israeli and US airstrikes on Iran", "Iran's attack", "talks between X and Y".

    With a ``frame`` ("a wave of airstrikes on X", "a mediation effort between X and Y") the
    frame noun's phrase holds actors too, and the frame's place in the clause is the event's.
    """
    phrase = [tok] if frame is None else [tok, frame]
    arg = tok if frame is None else frame
    source, anchor = _noun_source(phrase, arg, p, index, lexicon)
    between = refs_of([g for n in phrase for c in n.children if c.dep_ == "prep"
                       and c.lower_ in ("between", "among") for g in c.children if g.dep_ == "pobj"],
                      index)
    roles = [r for r in p.target if r != "prep:between"]
    target = [r for n in phrase for r in role_refs(n, roles, index)]
    if between and not p.reciprocal and "prep:between" in p.target:
        target, between = target + between, []  # "X's mediation between Y and Z": Y, Z are targets
    direct = bool(source)
    head = arg.head
    light = arg.dep_ in ("dobj", "nsubjpass") and lexicon.is_light(head.lemma_, head.text)
    if not light and arg.dep_ == "pobj" and _takes_part(head.head, head.lower_, lexicon):
        # "engaged in attacks against X", "resorted to a lathi-charge": as "launched attacks"
        head, light = head.head, True
    if light:
        if not source and not between:
            source, direct = subject_refs(head, index, lexicon.cue("attribution", "reporting_verbs"), lexicon)
        if not source and not between and p.type in lexicon.place_types:
            source = located_group(head, index, lexicon.groups)
        target += role_refs(head, [r for r in p.target if r.startswith(("prep:", "party:"))], index)
        if frame is not None:
            anchor = anchor or head  # "will launch a wave of strikes": the verb's clause counts
    if not source and not between and p.passive_doer:
        # after the light verb's subject: "Russia announced the deployment of troops" is Russia's
        source = _moved_forces(phrase, p, index, lexicon)
    if not source and not between and "setting" in p.requires:
        teller = setting_teller(arg, lexicon)
        if teller is not None:  # "X told Y in a call": X spoke with Y there
            source, direct = subject_refs(teller, index, lexicon.cue("attribution", "reporting_verbs"), lexicon)
            target = target or role_refs(teller, ["dobj_actor", "dative"], index)
            anchor = anchor or teller
    if not source and not between:  # "Israel will retaliate against Iran for its attack on ..."
        source = owner_antecedent(phrase, target, index)
    if between:
        source, target = unique(source + between), target
    basis = "argument"
    holders = phrase + [head] if light else phrase
    if not source and not between and p.type in lexicon.unidentified.crowd_types \
            and not _noun_owned(phrase, index):
        # "a string of protests rocked the city", "rallies were held across the country": the
        # crowd that protests, of the place or unplaced; the light verb's subject when it is one
        subjects = subject_tokens(head, index, lexicon=lexicon)[0] if light else []
        # not "killed in riots", "after a rally", "an agreement on carrying out a protest"
        told = arg.dep_ in _TOLD_DEPS or (light and bool(subjects))
        source = crowd_doer(holders, subjects, index, lexicon, bare=told)
    if not source and not between:  # "killed in police firing", "an army operation"
        source = organ_modifier(phrase, index, lexicon)
    if not source and not between and light:
        # "police conducted a flag march", "arrests have been made" (only the authorities
        # arrest), "arrests were made by police": the unnamed organ's act
        passive = any(c.dep_ == "nsubjpass" for c in head.children)
        source = unnamed_doer(head, passive, index, lexicon, frozenset({p.type}))
    if not source and not between and p.type in lexicon.unidentified.authority_types \
            and not _noun_owned(phrase, index) and (light or arg.dep_ != "dobj"):
        # "after the arrests of these absconders", "placed under curfew": only the state does
        # it; not the object of another act ("shortened the curfew": that act is the event)
        source = authority_noun_doer(tok, phrase, index, lexicon)
    unidentified = not source and not between and p.type in lexicon.unidentified.types
    if unidentified:  # "a bombing in X", "an attack by gunmen on a bus near X"
        source = noun_doer(tok, phrase, head if light else None, index, lexicon)
        # the victims: "in X" is where it happened, the place the source was composed from
        victims = [r for r in roles if r not in _PLACE_ROLES]
        target = [r for n in holders for r in role_refs(n, victims, index)] \
            or sufferers(arg, index, lexicon)
    if not between and _may_borrow(p) and not _others(target, source):
        target = target + told_victims(arg, index, lexicon.verb_index)  # "strikes killed X"
    if not between and _may_borrow(p) and p.type in lexicon.purpose_types \
            and not _others(target, source):
        target, basis = purpose_refs(holders, index, lexicon.stance_verbs), "purpose"
    if not between and _may_borrow(p) and _place_targeted(p, lexicon) \
            and not _others(target, source) and not unidentified:
        target, basis = place_refs(holders, index), "place"
    hit = _finish(tok, p, True, unique(source), _approved(tok, p, target, index),
                  direct and not between and not unidentified, basis, lexicon.home_place_types)
    if hit is not None:
        hit.anchor = anchor  # "will strike in retaliation": the verb's clause gives the modality
        hit.source_basis = _source_basis(hit.source)
    return hit


# where an event noun stands as what its clause tells: "protests rocked the city", "rallies
# were held", a headline's noun
_TOLD_DEPS = {"nsubj", "nsubjpass", "ROOT"}


def _noun_owned(phrase: list[Token], index: RefIndex) -> bool:
    """Has the event noun an owner or a "by" phrase the text names, found or not ("the
    party's rally", "protests by the union")? Then no crowd stands in for its doer."""
    return any(c.dep_ == "poss" or (c.dep_ in ("prep", "agent") and c.lower_ == "by")
               for n in phrase for c in n.children)


# target slots of event nouns that name where the act happened ("an attack in X") rather than
# whom it was aimed at
_PLACE_ROLES = {"prep:in", "prep:at"}


def _noun_source(phrase: list[Token], arg: Token, p: Pattern, index: RefIndex,
                 lexicon: Lexicon) -> tuple[list[ActorRef], Token | None]:
    """Who does an event noun: its owner or actor modifier ("Iran's attack", "Israel's missile
    attack"), a "by" (or "from") phrase, the subject of the verb when the owner is a pronoun
    ("X stepped up their attacks"), or of an active verb it is the adverbial of ("went on
    strike in protest"). The anchor is the verb whose clause then gives the modality."""
    near = [w for n in phrase for w in [n, *(c for c in n.children if c.dep_ == "compound")]]
    mods = [c for n in near for c in n.children
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in index]
    # "the Saudi fighter jets' air raid": an owner that names no actor, but its modifier does
    mods += [m for n in near for c in n.children if c.dep_ == "poss" and c.i not in index
             for m in c.children if m.dep_ in ("amod", "compound", "nmod") and m.i in index]
    source = refs_of(mods, index)
    # "help from X" names the giver, but "deportation from X" or "withdrawal from X" the place
    # left: for acts that move people or troops out, only "by" names the doer
    doers = ("by",) if p.type in _REMOVAL_TYPES else ("by", "from")
    by = [g for n in phrase for c in n.children if c.dep_ in ("prep", "agent") and c.lower_ in doers
          for g in c.children if g.dep_ == "pobj"]
    source += refs_of(by, index)
    if source or by:
        return source, None
    if arg.dep_ == "dobj" and any(c.dep_ == "poss" and c.lower_ in _OWN
                                  for n in phrase for c in n.children):
        # "X repeated its demand", "X stepped up their attacks": the owner is the verb's subject
        source = subject_refs(arg.head, index, lexicon.cue("attribution", "reporting_verbs"), lexicon)[0]
        if source:
            return source, arg.head
    source = _adverbial_source(arg, p, index, lexicon)
    return source, (arg.head.head if source else None)


def _moved_forces(phrase: list[Token], p: Pattern, index: RefIndex,
                  lexicon: Lexicon) -> list[ActorRef]:
    """The forces an act noun of a ``passive_doer`` row moves, named in its "of" phrase ("the
    deployment of the army", "heavy deployment of policemen"): they are its doer, as the
    passive's subject is in "the army was deployed"; an unnamed organ stands for them as there.

    Forces marked with an actor's name ("the deployment of NATO peacekeeping troops", "a buildup
    of Russian troops") are left alone: what such a deployment is (a mission's aid, PLOVER dev
    GSR01-AID-0008) is not read here."""
    moved = [g for n in phrase for c in n.children if c.dep_ == "prep" and c.lower_ == "of"
             for g in c.children if g.dep_ == "pobj"]
    if not moved or any(w.i in index for g in moved for w in g.subtree if w.i != g.i):
        return []
    return refs_of(moved, index) or unnamed_doer(phrase[0], False, index, lexicon,
                                                 frozenset({p.type}), moved)
