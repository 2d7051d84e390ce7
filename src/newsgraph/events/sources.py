"""Who did it: the subject of an event verb (through conjunctions, control, relative clauses and
gerunds), its reporter and host clause, and the clause facts the subject depends on."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..actors import ActorRef
from ..knowledge import data_path, load_yaml
from .lexicon import MODALITY_FILE
from .phrases import RefIndex, phrase_refs, placers, refs_of
from .roles import role_words

if TYPE_CHECKING:
    from .lexicon import Lexicon

RELATIVE_PRONOUNS = {"which", "who", "that", "whom"}


def subject_refs(verb: Token, index: RefIndex, reporting: frozenset[str] = frozenset(),
                 lexicon: Lexicon | None = None) -> tuple[list[ActorRef], bool]:
    """The actors doing ``verb`` and whether they are its own subject (not inherited).

    The antecedent of "who"/"which" counts alone: in "MEK and activists who met X" only the
    activists met X, so the antecedent's conjuncts are not added. A pronoun the references step
    left unresolved, in a clause reported by a verb of ``reporting``, is the reporter
    ("Chile said it would expel ..."): the usual reading of reported speech. ``lexicon`` gives
    the verbs of asking and ordering (see ``passive_controller``).
    """
    subjects, direct = subject_tokens(verb, index, lexicon=lexicon)
    if len(subjects) == 1 and _is_antecedent(subjects[0], verb):
        return phrase_refs(subjects[0], index), direct
    found = refs_of(subjects, index)
    if not found and subjects == [verb.head] and _finite_modifier(verb):
        # "a device, emplaced by X militants, detonated": the weapon's placer used it, as for a
        # weapon that is a parsed subject (``phrases.placers``)
        found = placers(verb.head, index)
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
    if prev.i not in index or prev.dep_ != "pobj" or prev.lower_ in RELATIVE_PRONOUNS:
        return None
    prep = prev.head
    return prev if prep.lower_ in role_words().stance_preps and prep.head.pos_ == "NOUN" else None


def subject_tokens(verb: Token, index: RefIndex | None = None, depth: int = 0,
                   lexicon: Lexicon | None = None) -> tuple[list[Token], bool]:
    """Subject tokens of a verb, climbing through conj/xcomp/acl when it has none of its own.

    The flag is False when the subject was inherited (a less certain reading). ``lexicon``
    gives the verbs of asking and ordering (see ``passive_controller``).
    """
    own = [w for c in verb.children if c.dep_ in ("nsubj", "csubj") for w in _hyphen_part(c, verb)]
    own = own or _aux_subject(verb)
    if len(own) > 1:  # "Bangalore: the police imposed ...": the dateline is no subject
        own = [c for c in own if not dateline(c)] or own
    if own:
        if own[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
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
        return subject_tokens(above, index, depth + 1, lexicon)
    if verb.dep_ in ("conj", "acomp") or (verb.dep_ == "advcl" and _controlled(verb)):
        return subject_tokens(head, index, depth + 1, lexicon)
    if verb.dep_ == "xcomp":  # "called on Iran to stop": object control; "plans to strike": subject
        ctrl = [c for c in head.children if c.dep_ in ("dobj", "dative")
                and head.lemma_.lower() not in role_words().instrument_verbs]
        ctrl += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                 for g in c.children if g.dep_ == "pobj"]
        if head.lemma_.lower() in role_words().compulsion_verbs:  # "police were forced to fire"
            ctrl += [c for c in head.children if c.dep_ == "nsubjpass"]
        ctrl = ctrl or passive_controller(verb, lexicon)
        return (ctrl, False) if ctrl else subject_tokens(head, index, depth + 1, lexicon)
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):  # "Iran's decision to halt"
        if passive_modifier(verb):
            return [], False  # "French citizens detained in X": the French suffered it
        if _finite_modifier(verb):
            return [head], False
        owners = [c for c in head.children if c.dep_ in ("poss", "compound", "amod")]
        if not owners and verb.tag_ == "VBG" and head.lemma_.lower() in role_words().documents \
                and head.dep_ == "dobj":  # "X issued a statement condemning Y": X condemns
            return subject_tokens(head.head, index, depth + 1, lexicon)[0], False
        if verb.tag_ == "VBG" and head.lemma_.lower() not in role_words().documents \
                and (not owners or head.i in (index or {})):
            # "soldiers firing on protesters", "killed in police firing" (parsed "police" +
            # participle): a present participle after a noun is done by that noun
            return [head], False
        return owners, False
    if verb.dep_ == "pcomp" and head.head.pos_ == "VERB":  # "accused X of using"
        ctrl = [c for c in head.head.children if c.dep_ == "dobj"]
        return (ctrl, False) if ctrl else subject_tokens(head.head, index, depth + 1, lexicon)
    return [], False



def _finite_modifier(verb: Token) -> bool:
    """Is this verb a finite past tense the parser hung on a noun as its modifier? No reduced
    relative is finite ("a device, emplaced by X, detonated targeting a vehicle": "detonated"
    read as a modifier of "device"): the clause is the noun's own, the noun its subject."""
    return verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.pos_ in ("NOUN", "PROPN")


def _hyphen_part(subject: Token, verb: Token) -> list[Token]:
    """A subject that is the first half of the verb's own hyphenated word ("the police
    lathi-charged the mob" parsed with "lathi" as the subject and "police" as its compound)
    stands for its modifiers; any other subject for itself."""
    doc = verb.doc
    if subject.i == verb.i - 2 and doc[verb.i - 1].text == "-" and not subject.whitespace_ \
            and not doc[verb.i - 1].whitespace_:
        return [c for c in subject.children if c.dep_ in ("compound", "nmod", "amod")]
    return [subject]


def _aux_subject(verb: Token) -> list[Token]:
    """The subject the parser hung on the verb's auxiliary ("the police had lathi-charged the
    mob" parsed with "police" under "had")."""
    return [g for a in verb.children if a.dep_ == "aux" for g in a.children if g.dep_ == "nsubj"]


def passive_controller(verb: Token, lexicon: Lexicon | None = None) -> list[Token]:
    """The subject of a passive verb of asking or ordering whose infinitive ``verb`` is:
    "police have been directed to deploy force", "the RPF has been asked to intensify
    patrolling". In the active the object does the infinitive ("directed the police to
    deploy"); the passive makes that object its subject, which then does it, as asked: an
    order is not the act (the modality says so, from the same verbs). The verbs are the
    lexicon's ``hypothetical.governors`` (with a user's modality file); the shipped ones when no
    lexicon is given."""
    head = verb.head
    if verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            or not any(c.dep_ == "auxpass" for c in head.children):
        return []
    # only after a verb of asking or ordering (``hypothetical.governors`` in modality.yaml: ask,
    # tell, order, direct, instruct ...); not an infinitive that is passive itself ("seven
    # people were reported to have been killed": they suffered it)
    asking = lexicon.cue("hypothetical", "governors") if lexicon is not None else _asking_verbs()
    if any(c.dep_ == "auxpass" for c in verb.children) or head.lemma_.lower() not in asking:
        return []
    return [c for c in head.children if c.dep_ == "nsubjpass"]


@lru_cache(maxsize=1)
def _asking_verbs() -> frozenset[str]:
    """The verbs of asking and ordering: the shipped ``hypothetical.governors`` of modality.yaml
    (what they govern is wanted, not done), read on first use as the role words are; only for
    callers that hold no lexicon (the coder passes its own, which a user's file extends)."""
    data = load_yaml(data_path(MODALITY_FILE)) or {}
    return frozenset(str(w).lower() for w in (data.get("hypothetical") or {}).get("governors") or ())


def dateline(tok: Token) -> bool:
    """Is this word the dateline of a report ("Bangalore:", "New Delhi:"), which the parser
    may take for a subject? It opens the sentence and a colon or a dash follows its phrase;
    the parser often hangs that mark on the place word itself ("Ayodhya:"), so the phrase ends
    at its last word that is not punctuation."""
    words = [t for t in tok.subtree if not t.is_punct]
    end = (words[-1].i if words else tok.i) + 1
    return tok.left_edge.i == tok.sent.start and end < len(tok.doc) \
        and tok.doc[end].text in _DATELINE_MARKS


_DATELINE_MARKS = {":", "-", "--", "\u2013", "\u2014"}


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


def be_to(tok: Token) -> bool:
    """Is ``tok`` an infinitive after "be" ("X is to blame", "X was to meet Y")? The two make one
    verb group: "be" carries its subject, tense and negation."""
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() == "be" \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
