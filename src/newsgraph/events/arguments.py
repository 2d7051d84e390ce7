"""Finding the actors of a trigger in the dependency parse: subjects, objects, phrases."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from ..actors import ActorRef

_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "punct", "parataxis",
                "prep", "mark", "aux", "auxpass", "neg"}


_NP_PREPS = {"of", "from"}


_RELATIVE = {"which", "who", "that", "whom"}


# "opposition to X striking", "support for X joining", "fear of X attacking"
_STANCE_PREPS = {"to", "for", "of", "against", "about"}


RefIndex = dict[int, list[ActorRef]]


def index_refs(doc: Doc, refs: list[ActorRef], groups: frozenset[str] = frozenset()) -> RefIndex:
    """Token index -> the ActorRefs whose character span covers that token.

    A demonym modifying a people noun of ``groups`` ("Iranian activists", "Syrian exiles") names
    where the people come from, not the state acting: it is left out of the index.
    """
    index: RefIndex = {}
    for ref in refs:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None or (ref.how == "demonym" and _modifies_group(span, groups)):
            continue
        for tok in span:
            index.setdefault(tok.i, []).append(ref)
    return index


def _modifies_group(span: Span, groups: frozenset[str]) -> bool:
    root = span.root
    return root.dep_ in ("amod", "compound", "nmod") and root.head.lemma_.lower() in groups


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
    if not found and len(subjects) == 1 and subjects[0].lower_ in _SELF_PRONOUNS:
        return reporter_refs(verb, index, reporting), False
    return found, direct


# pronouns that, as the subject of reported speech, usually stand for the reporter
_SELF_PRONOUNS = {"it", "they", "he", "she", "we"}


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
    if verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        return subject_tokens(head, index, depth + 1)
    if verb.dep_ == "xcomp":  # "called on Iran to stop": object control; "plans to strike": subject
        ctrl = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        ctrl += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                 for g in c.children if g.dep_ == "pobj"]
        return (ctrl, False) if ctrl else subject_tokens(head, index, depth + 1)
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):  # "Iran's decision to halt"
        return [c for c in head.children if c.dep_ in ("poss", "compound", "amod")], False
    if verb.dep_ == "pcomp" and head.head.pos_ == "VERB":  # "accused X of using"
        ctrl = [c for c in head.head.children if c.dep_ == "dobj"]
        return (ctrl, False) if ctrl else subject_tokens(head.head, index, depth + 1)
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
        elif kind == "ccomp_subject":  # "X said Y must withdraw": Y
            found += refs_of([g for c in tok.children if c.dep_ == "ccomp"
                              for g in c.children if g.dep_ in ("nsubj", "nsubjpass")], index)
        elif kind == "poss_of_object":
            # "expelled Iran's diplomats", "expelled two Russian diplomats"
            found += refs_of([g for o in objects(tok) for g in o.children
                              if g.dep_ == "poss" or (g.dep_ in ("amod", "compound") and g.i in index)],
                             index)
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
