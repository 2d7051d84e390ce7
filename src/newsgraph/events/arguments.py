"""Finding the actors of a trigger in the dependency parse: subjects, objects, phrases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.attrs import LEMMA, POS
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from ..actors import ActorRef
from ..parsing import doc_text

_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "punct", "parataxis",
                "prep", "mark", "aux", "auxpass", "neg"}


_NP_PREPS = {"of", "from"}


_RELATIVE = {"which", "who", "that", "whom"}


# "opposition to X striking", "support for X joining", "fear of X attacking"
_STANCE_PREPS = {"to", "for", "of", "against", "about"}


RefIndex = dict[int, list[ActorRef]]

# "demonstrators in Baghdad", "students throughout Indonesia", "exiles from Syria"
_GROUP_PLACE_PREPS = {"in", "from", "throughout", "across", "of"}


def index_refs(doc: Doc, refs: list[ActorRef],
               groups: Mapping[str, str | None] | None = None) -> RefIndex:
    """Token index -> the ActorRefs whose character span covers that token.

    A demonym modifying a people noun of ``groups`` ("Iranian activists", "Syrian exiles") names
    where the people come from, not the state acting: the pair becomes one group actor (see
    ``group_ref``), never the state. A people noun with no actor of its own but a country in its
    own phrase ("demonstrators in Baghdad") becomes a group actor of that country too.
    """
    groups = groups or {}
    index: RefIndex = {}
    for ref in refs:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            continue
        tokens = list(span)
        if ref.how == "demonym" and _modifies_group(span, groups):
            noun = span.root.head
            ref = group_ref(ref, noun, groups.get(noun.lemma_.lower()))
            tokens = [*tokens, noun]
        for tok in tokens:
            index.setdefault(tok.i, []).append(ref)
    for i in _group_nouns(doc, groups):
        tok = doc[i]
        if tok.i not in index:
            found = _group_place(tok, index)
            if found is not None:
                index[tok.i] = [group_ref(found, tok, groups.get(tok.lemma_.lower()))]
    return index


def _group_nouns(doc: Doc, groups: Mapping[str, str | None]) -> list[int]:
    """Token indices of nouns whose lemma is a people noun of ``groups``, read from the arrays
    (a Token object per word is what makes a scan of every word slow)."""
    if not groups or len(doc) == 0:
        return []
    strings = doc.vocab.strings
    nouns = (NOUN, PROPN)
    return [i for i, (pos, lemma) in enumerate(doc.to_array([POS, LEMMA]).tolist())
            if pos in nouns and strings[lemma].lower() in groups]


def group_ref(where: ActorRef, noun: Token, sector: str | None) -> ActorRef:
    """People of a country acting as a group ("Egyptian demonstrators"): not the state.

    The id joins the country and the people noun (``group:EGY:demonstrator``), so a group is never the
    same actor as its state; ``sector`` is the CAMEO sector the ``groups`` list gives the noun.
    """
    doc = noun.doc
    start, end = min(where.start, noun.idx), max(where.end, noun.idx + len(noun))
    text = doc_text(doc)[start:end]
    return ActorRef(f"group:{where.country}:{noun.lemma_.lower()}", text, "group", where.country, sector,
                    text, start, end, how="group")


def located_group(verb: Token, index: RefIndex,
                  groups: Mapping[str, str | None]) -> list[ActorRef]:
    """People named only by a people noun, acting in one country: "prisoners rioted at a jail in
    Dili", "thousands of people blocked streets in Hong Kong" -> a group of that country, as
    "demonstrators in Baghdad" is (``_group_place``): where the act happens says where the
    people are. The noun may be counted ("thousands of people")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) != 1 or subjects[0].i in index:
        return []
    noun: Token | None = subjects[0]
    if noun is not None and noun.lemma_.lower() not in groups:
        noun = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in groups
                     and g.i not in index), None)
    # a place, not those acting there ("in defiance of the Chinese authorities")
    places = [r for r in place_refs([verb, *objects(verb)], index) if r.how != "agent"]
    if noun is None or len({r.country for r in places}) != 1:
        return []
    where = places[0]
    return [ActorRef(f"group:{where.country}:{noun.lemma_.lower()}", f"{noun.text} in {where.text}",
                     "group", where.country, groups.get(noun.lemma_.lower()), noun.text, noun.idx,
                     noun.idx + len(noun), how="group")]


def _group_place(noun: Token, index: RefIndex) -> ActorRef | None:
    """The country named in a people noun's own phrase: "protesters in Cairo" -> Egypt."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in _GROUP_PLACE_PREPS:
            for g in c.children:
                for r in index.get(g.i, []) if g.dep_ == "pobj" else []:
                    if r.kind == "country" and r.country:
                        return r
    return None


def _modifies_group(span: Span, groups: Mapping[str, str | None]) -> bool:
    root = span.root
    return root.dep_ in ("amod", "compound", "nmod") and root.head.lemma_.lower() in groups \
        and root.head.i not in set(t.i for t in span)


def objects(tok: Token) -> list[Token]:
    objs = [c for c in tok.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
    return objs + [c for o in objs for c in o.conjuncts]


def subject_refs(verb: Token, index: RefIndex,
                 reporting: frozenset[str] = frozenset()) -> tuple[list[ActorRef], bool]:
    """The actors doing ``verb`` and whether they are its own subject (not inherited).

    The antecedent of "who"/"which" counts alone: in "MEK and activists who met X" only the
    activists met X, so the antecedent's conjuncts are not added. A pronoun the references step
    left unresolved, in a clause reported by a verb of ``reporting``, is the reporter
    ("Chile said it would expel ..."): the usual reading of reported speech.
    """
    subjects, direct = subject_tokens(verb, index)
    if len(subjects) == 1 and _is_antecedent(subjects[0], verb):
        return phrase_refs(subjects[0], index), direct
    found = refs_of(subjects, index)
    # only a pronoun that is a subject: "accused it of using ..." says nothing of the reporter
    if not found and len(subjects) == 1 and _self_subject(subjects[0]):
        return host_clause_refs(verb, index) or reporter_refs(verb, index, reporting), False
    return found, direct


def _self_subject(subject: Token) -> bool:
    """A subject pronoun ("it", "they") or a subject owned by an unresolved possessive ("its
    aircraft", "their troops"): in reported speech both usually stand for the reporter ("X said
    its aircraft had hit ..." -> X hit), so a forces noun does not leave the act without a doer."""
    if subject.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if subject.lower_ in _SELF_PRONOUNS:
        return True
    return any(c.dep_ == "poss" and c.lower_ in _SELF_POSSESSIVES for c in subject.children)


# pronouns that, as the subject of reported speech, usually stand for the reporter
_SELF_PRONOUNS = {"it", "they", "he", "she", "we"}
_SELF_POSSESSIVES = {"its", "their", "our"}


def reporter_refs(tok: Token, index: RefIndex, reporting: frozenset[str]) -> list[ActorRef]:
    """The named subject of the nearest reporting verb above ``tok`` ("X said ... tok")."""
    x = tok
    while x.head.i != x.i:
        edge, x = x.dep_, x.head
        if edge in ("nsubj", "nsubjpass"):
            return []
        if x.lemma_.lower() in reporting and x.pos_ == "VERB":
            return refs_of([c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")], index)
    return []


def host_clause_refs(verb: Token, index: RefIndex) -> list[ActorRef]:
    """An unresolved pronoun in a relative clause usually stands for the subject of the clause
    that holds the noun: "X narrowed the list of targets it will strike" -> X strikes."""
    x = verb
    while x.dep_ == "conj" and x.head.i != x.i:
        x = x.head
    if x.dep_ != "relcl":
        return []
    host = next((a for a in x.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return refs_of([c for c in host.children if c.dep_ == "nsubj"], index) if host else []


def _is_antecedent(tok: Token, verb: Token) -> bool:
    x = verb
    while x.dep_ in ("conj", "xcomp") and x.head.i != x.i:
        x = x.head
    return x.dep_ == "relcl" and x.head.i == tok.i


def gerund_subject(verb: Token, index: RefIndex) -> Token | None:
    """The actor written just before a subjectless gerund: "opposition to Israel striking Iran".

    The parser often hangs such a gerund on the main verb, leaving the actor as the object of
    "to"/"for"/"of" under a noun; that actor, not the main verb's subject, does the gerund.
    """
    if verb.tag_ != "VBG" or verb.i == verb.sent.start or any(
            c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
        return None
    prev = verb.doc[verb.i - 1]
    if prev.i not in index or prev.dep_ != "pobj" or prev.lower_ in _RELATIVE:
        return None
    prep = prev.head
    return prev if prep.lower_ in _STANCE_PREPS and prep.head.pos_ == "NOUN" else None


def subject_tokens(verb: Token, index: RefIndex | None = None,
                   depth: int = 0) -> tuple[list[Token], bool]:
    """Subject tokens of a verb, climbing through conj/xcomp/acl when it has none of its own.

    The flag is False when the subject was inherited (a less certain reading).
    """
    own = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if own:
        if own[0].lower_ in _RELATIVE and verb.dep_ == "relcl":
            return [verb.head], depth == 0
        return own, depth == 0
    adjacent = gerund_subject(verb, index) if index is not None else None
    if adjacent is not None:
        return [adjacent], False
    head = verb.head
    if depth > 4 or head.i == verb.i:
        return [], False
    above = lifted_conjunct(verb)
    if above is not None:  # "X said Y would not go, and called on Z": X called
        return subject_tokens(above, index, depth + 1)
    if verb.dep_ in ("conj", "acomp") or (verb.dep_ == "advcl" and _controlled(verb)):
        return subject_tokens(head, index, depth + 1)
    if verb.dep_ == "xcomp":  # "called on Iran to stop": object control; "plans to strike": subject
        ctrl = [c for c in head.children if c.dep_ in ("dobj", "dative")
                and head.lemma_.lower() not in _INSTRUMENT_VERBS]
        ctrl += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                 for g in c.children if g.dep_ == "pobj"]
        return (ctrl, False) if ctrl else subject_tokens(head, index, depth + 1)
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):  # "Iran's decision to halt"
        if passive_modifier(verb):
            return [], False  # "French citizens detained in X": the French suffered it
        owners = [c for c in head.children if c.dep_ in ("poss", "compound", "amod")]
        if not owners and verb.tag_ == "VBG" and head.lemma_.lower() in _DOCUMENTS \
                and head.dep_ == "dobj":  # "X issued a statement condemning Y": X condemns
            return subject_tokens(head.head, index, depth + 1)[0], False
        return owners, False
    if verb.dep_ == "pcomp" and head.head.pos_ == "VERB":  # "accused X of using"
        ctrl = [c for c in head.head.children if c.dep_ == "dobj"]
        return (ctrl, False) if ctrl else subject_tokens(head.head, index, depth + 1)
    return [], False


# verbs whose object is the means of the act that follows: "used tear gas to disperse the
# crowd" is done by the user, not by the gas (against "urged X to stop": X stops)
_INSTRUMENT_VERBS = {"use", "employ", "utilise", "utilize", "wield"}

# texts that say something but do nothing: "issued a statement condemning X", "adopted a
# resolution demanding ...": whoever issues the text condemns or demands
_DOCUMENTS = {"statement", "declaration", "communique", "communiqué", "letter", "resolution",
              "note", "message", "memorandum", "motion", "decree", "report", "release",
              "editorial", "petition", "manifesto", "appeal"}


def passive_modifier(verb: Token) -> bool:
    """"citizens detained in X", "missiles fired by Y": a past participle after a noun is a
    reduced passive; the noun it hangs on is what the act was done to."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


_FINITE = {"VBD", "VBZ", "VBP"}


def shares_auxiliary(verb: Token) -> bool:
    """Does a conjoined verb share its head's auxiliaries (and negation)?

    "did not attend and sent an envoy": "sent" carries its own tense, so the "did not" of
    "attend" is not its own; "will not attend or send" shares both.
    """
    head = verb.head
    return not (verb.dep_ == "conj" and verb.tag_ in _FINITE
                and any(c.dep_ in ("aux", "auxpass") for c in head.children))


def lifted_conjunct(verb: Token) -> Token | None:
    """The verb a misattached conjunct really coordinates with, or None.

    "X said Y would not give up land, and called on Z": the parser hangs "called" on "give", yet
    a past-tense verb cannot share "would"; it coordinates with the reporting verb above, whose
    subject does it. Only a conjunct with no subject of its own, under an embedded clause.
    """
    head = verb.head
    if shares_auxiliary(verb) or head.tag_ in _FINITE \
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    if head.dep_ in ("ccomp", "xcomp") and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return None


def _controlled(verb: Token) -> bool:
    """An adverbial clause done by the main subject: "..., killing 20" or a purpose clause
    "began a hunger strike to demand ..." (infinitive with "to")."""
    return verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


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
            found += refs_of([c for c in tok.children if c.dep_ in want], index)
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


def be_to(tok: Token) -> bool:
    """Is ``tok`` an infinitive after "be" ("X is to blame", "X was to meet Y")? The two make one
    verb group: "be" carries its subject, tense and negation."""
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() == "be" \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def holder_refs(tok: Token, index: RefIndex) -> list[ActorRef]:
    """Who holds the view a clause states: the subject of the verb it is the complement of ("X
    decided / said that Y was to blame") or of a trailing "..., X said". Empty when the clause is
    the writer's own."""
    x = tok
    while x.dep_ in ("xcomp", "conj") and x.head.i != x.i:
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
    return _nearest_doers(pobjs, index, ("of",), asked_from=False) or refs_of(
        [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
         for g in c.children if g.dep_ == "pobj"], index)


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
    return _nearest_doers(nouns, index, ("of", "for"), asked_from=True)


def _nearest_doers(nouns: Iterable[Token], index: RefIndex, follow: tuple[str, ...],
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


# the preposition phrases of a purpose clause or of "in protest against X" that name whom it is
# aimed at
_AIM_PREPS = {"against", "at", "over", "with", "from", "on", "to", "of", "for"}
# "in protest at", "in defiance of", "in opposition to", "in solidarity with": a stance phrase
_STANCE_NOUNS = {"protest", "defiance", "opposition", "response", "retaliation", "reaction"}


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
        pobjs = [g for c in head.children if c.dep_ == "prep" and c.lower_ in _AIM_PREPS
                 for g in c.children if g.dep_ == "pobj"]
        byes = [g for c in head.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                for g in c.children if g.dep_ == "pobj"]
        found = unique(r for t in objs + pobjs for r in head_refs(t, index)) \
            or deed_doers(objs + pobjs, index) or refs_of(byes, index)
        if found:
            return found
    return []


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
                            if g.dep_ == "pobj" and g.lemma_.lower() in _STANCE_NOUNS]
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
        return unique([*index[tok.i], *shared])
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


# nouns that say an act stops: "welcomed the end of X's aggression against Y"
_CESSATION = {"end", "ending", "halt", "cessation", "stop", "termination", "stoppage"}

# where the doer of an act noun sits: "X's aggression", "Xian strikes", "the X blockade"
_DOER_DEPS = {"poss", "amod", "compound", "nmod"}


def ended_doers(tok: Token, index: RefIndex) -> set[str]:
    """Actor ids owning an act that a phrase under ``tok`` says ends: "welcomed the end of X's
    aggression", "an end to X's raids", "the halt of Xian strikes" -> X.

    Welcoming the end of X's act is not welcoming X; see ``Pattern.approves``.
    """
    found: set[str] = set()
    for c in tok.subtree:
        if c.dep_ == "prep" and c.lower_ in ("of", "to") and c.head.lemma_.lower() in _CESSATION:
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


def unique(refs: Iterable[ActorRef]) -> list[ActorRef]:
    seen: set[str] = set()
    out = []
    for r in refs:
        if r.actor_id not in seen:
            seen.add(r.actor_id)
            out.append(r)
    return out


# marks of a clause that sets a condition on an act: "... unless Y does Z", "... if Y does Z"
_CONDITION_MARKS = {"if", "unless"}


def condition_refs(verb: Token, index: RefIndex,
                   marks: frozenset[str] | set[str] = _CONDITION_MARKS) -> list[ActorRef]:
    """The actor a threat is conditioned on: "threatened to stop the talks if Y goes ahead",
    "threatened to strike unless Y withdraws" -> Y, whose conduct the threat aims to change.

    The clause (marked by one of ``marks``) may hang on the verb or on the act it governs."""
    verbs, found = [verb], []
    for v in verbs:
        found += [r for c in v.children if c.dep_ == "advcl"
                  and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
                  for r in refs_of([g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")], index)]
        if len(verbs) < 4:
            verbs += [c for c in v.children if c.dep_ in ("xcomp", "ccomp")]
    return unique(found)


# where the parties of an embedded act sit: its objects and these prepositions
_COMPLEMENT_PREPS = {"to", "with", "against", "on", "into", "in", "at", "from", "for", "toward",
                     "towards", "over", "upon"}


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
             if c.dep_ in ("prep", "dative") and c.lower_ in _COMPLEMENT_PREPS
             for g in c.children if g.dep_ == "pobj"]
    return unique(found + refs_of(pobjs, index))


# "lifted the curfew in X", "rioted at a jail in northern X", "demonstrated in X"
_PLACE_PREPS = {"in", "at", "inside", "outside", "throughout", "across", "into", "near", "around",
                "off"}


def place_refs(holders: Iterable[Token], index: RefIndex) -> list[ActorRef]:
    """Countries named as where an act took place, through nested place phrases.

    "in the town of Cizre in southeastern Turkey": the walk follows place prepositions and "of"
    down the phrase. Only countries (and their capitals and regions, which resolve to them) count.
    """
    stack = [g for h in holders for c in h.children
             if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS for g in c.children if g.dep_ == "pobj"]
    found: list[ActorRef] = []
    while stack:
        t = stack.pop(0)
        found += [r for r in index.get(t.i, []) if r.kind == "country"]
        stack += [g for c in t.children if c.dep_ in ("prep", "compound", "appos")
                  and (c.dep_ != "prep" or c.lower_ in _PLACE_PREPS | {"of"})
                  for g in ([c] if c.dep_ != "prep" else c.children)]
    return unique(found)
