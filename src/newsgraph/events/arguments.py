"""Finding the actors of a trigger in the dependency parse: the token index of actors and the
group actors it composes ("Iranian activists", "demonstrators in Baghdad").

The finders live by job: ``phrases`` (the refs of a noun phrase), ``sources`` (who did it),
``targets`` (whom it was done to), ``nominal`` (the doers of event nouns); their names are
re-exported here for the modules that import them from ``arguments``."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.attrs import LEMMA, POS
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from ..actors import ActorRef
from ..parsing import doc_text
from .nominal import (
    deed_doers,
    ended_doers,
    head_refs,
    nearest_doers,
)
from .phrases import (
    RefIndex,
    phrase_refs,
    refs_of,
    unique,
)
from .roles import role_words
from .sources import (
    be_to,
    gerund_subject,
    host_clause_refs,
    lifted_conjunct,
    passive_modifier,
    reporter_refs,
    shares_auxiliary,
    subject_refs,
    subject_tokens,
)
from .targets import (
    argument_refs,
    complement_refs,
    condition_refs,
    holder_refs,
    objects,
    place_refs,
    purpose_refs,
    role_refs,
    told_victims,
    topic_refs,
)


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
    joined: list[tuple[int, int]] = []
    for ref in refs:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            continue
        tokens = list(span)
        noun = None
        if ref.how == "demonym" and _modifies_group(span, groups):
            noun = span.root.head
        elif ref.how == "demonym" and (noun := _joined_group(span, groups)) is not None:
            joined.append((span.root.i, noun.i))
        if noun is not None:
            ref = group_ref(ref, noun, groups.get(noun.lemma_.lower()))
            tokens = [*tokens, noun]
        for tok in tokens:
            index.setdefault(tok.i, []).append(ref)
    for first, noun_i in joined:  # one phrase: the groups of both demonyms on the first one
        index[first] = unique([*index[first], *index.get(noun_i, [])])
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
        if c.dep_ == "prep" and c.lower_ in role_words().group_place_preps:
            for g in c.children:
                for r in index.get(g.i, []) if g.dep_ == "pobj" else []:
                    if r.kind == "country" and r.country:
                        return r
    return None


def _joined_group(span: Span, groups: Mapping[str, str | None]) -> Token | None:
    """The people noun of a demonym the parser read as a noun coordinated with another
    demonym's group: "scores of Sierra Leonean and Liberian refugees" parsed as "Leonean" and
    "Liberian refugees", where both demonyms modify "refugees" (PLOVER dev ASSAULT-0005:
    refugees of both countries)."""
    root = span.root
    if root.dep_ in ("amod", "compound", "nmod", "conj"):
        return None
    for c in root.children:
        if c.dep_ == "conj" and c.i > root.i and c.lemma_.lower() in groups and c.i not in \
                set(t.i for t in span) and any(m.dep_ in ("amod", "compound") and root.i < m.i < c.i
                                               for m in c.children):
            return c
    return None


def _modifies_group(span: Span, groups: Mapping[str, str | None]) -> bool:
    root = span.root
    return root.dep_ in ("amod", "compound", "nmod") and root.head.lemma_.lower() in groups \
        and root.head.i not in set(t.i for t in span)

__all__ = [
    "RefIndex",
    "argument_refs",
    "be_to",
    "complement_refs",
    "condition_refs",
    "deed_doers",
    "ended_doers",
    "gerund_subject",
    "group_ref",
    "head_refs",
    "holder_refs",
    "host_clause_refs",
    "index_refs",
    "lifted_conjunct",
    "located_group",
    "nearest_doers",
    "objects",
    "passive_modifier",
    "phrase_refs",
    "place_refs",
    "purpose_refs",
    "refs_of",
    "reporter_refs",
    "role_refs",
    "shares_auxiliary",
    "subject_refs",
    "subject_tokens",
    "told_victims",
    "topic_refs",
    "unique",
]
