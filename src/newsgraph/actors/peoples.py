"""Peoples: demonyms that stand for people, not for their state.

"Tunisia" acts as a state, and so do "Tunisian officials"; but "young Tunisians", "thousands of
Kenyans", "Lebanese Shiites", "Afghan Tajiks" and "ethnic Hungarians" are people. Coded as the
state, a protest by them against their own government loses its target (one actor cannot be
both sides). They become group actors (``group:<ISO3>:<noun>``, the id scheme of agents and of
the event coder's "Egyptian demonstrators"), never the state:

- a country word before a plural demonym or an ethnic or faith community ("Afghan Tajiks",
  "Lebanese Shiites", "Sri Lankan Tamil refugees"): people of the first country;
- "ethnic" before a demonym ("ethnic Hungarians in Slovakia", "ethnic Russian voters"): an
  ethnicity names no country, and news says "ethnic X" of people who live outside X. The group
  belongs where they live: the country of its own phrase ("in Slovakia"), else of the place of
  its clause ("arrested two ethnic Russians in eastern Estonia"), else the country its sentence
  names most besides X; else, not knowing where, a group of X's people;
- a plural demonym that is counted or described ("three Somalis", "thousands of Kenyans",
  "young Tunisians"): people of that country. A bare plural ("the Israelis said") may stand for
  the state or its side in talks and is left as it is.

The ethnic and faith nouns live in ``data/agents.yaml`` (``peoples:``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..parsing import UNPARSED_DEP
from .agents import AgentWord
from .knowledge_base import KnowledgeBase
from .names import fold
from .records import ActorRef

# nouns of amount before "of": "thousands of Kenyans", "a group of Somalis"
_AMOUNTS = {"thousands", "hundreds", "dozens", "millions", "scores", "tens", "group", "crowd",
            "number", "handful", "couple", "majority", "many", "some", "most", "few"}
# determiners and adverbs that describe no one ("the Israelis", "both Israelis and ...")
_NOT_DESCRIBING = {"the", "both", "all", "these", "those", "other", "such", "and", "or"}
_OWN_PREPS = {"in", "of", "from"}
_PLACE_PREPS = {"in", "at", "near", "inside", "throughout", "across", "into", "within"}
_NAMING = ("demonym", "name", "alias")


@dataclass
class _Word:
    """A country ref and its tokens."""

    ref: ActorRef
    span: Span


def find_peoples(doc: Doc, kb: KnowledgeBase, refs: list[ActorRef]) -> list[ActorRef]:
    """``refs`` with the country refs that name people replaced by group refs."""
    words = [_Word(r, s) for r in refs if r.kind == "country" and r.how in _NAMING
             and (s := doc.char_span(r.start, r.end, alignment_mode="expand")) is not None
             and len(s) > 0]
    if not words:
        return refs
    by_start = {w.span.start: w for w in words}
    taken = {t.i for r in refs if (s := doc.char_span(r.start, r.end, alignment_mode="expand"))
             is not None for t in s}
    dropped: set[int] = set()
    made: list[ActorRef] = []
    for w in words:
        if id(w.ref) in dropped:
            continue
        group, used = _people_of(doc, kb, w, by_start, refs, taken)
        if used:
            dropped |= {id(u) for u in used}
            made += [group] if group is not None else []
    return [r for r in refs if id(r) not in dropped] + made


def _people_of(doc: Doc, kb: KnowledgeBase, w: _Word, by_start: dict[int, _Word],
               refs: list[ActorRef], taken: set[int]) -> tuple[ActorRef | None, list[ActorRef]]:
    """The group a country word starts or is, and the refs it replaces (none: not people)."""
    nxt = by_start.get(w.span.end)
    people = _people_noun(kb, nxt, doc) if nxt is not None and nxt.ref.how == "demonym" else None
    if nxt is not None and people is not None:
        end, noun, sector = people
        return _group(doc, w.ref.country, noun, sector, w.span.start, end), [w.ref, nxt.ref]
    ethnic = _ethnic_group(kb, doc, w.span.end) if nxt is None else None
    if ethnic is not None:
        end, noun, sector = ethnic
        return _group(doc, w.ref.country, noun, sector, w.span.start, end), [w.ref]
    if w.ref.how != "demonym":
        return None, []
    if w.span.start > 0 and doc[w.span.start - 1].lower_ == "ethnic":
        return _ethnic(doc, kb, w, refs), [w.ref]
    plural = _plural(kb, w)
    home = _community_of(doc, w, refs) if plural is not None else None
    if plural is not None and home is not None:
        return _group(doc, home, plural, "CVL", w.span.start, w.span.end), [w.ref]
    if plural is not None and _counted_or_described(doc, w.span, taken):
        return _group(doc, w.ref.country, plural, "CVL", w.span.start, w.span.end), [w.ref]
    return None, []


def _community_of(doc: Doc, w: _Word, refs: list[ActorRef]) -> str | None:
    """The other country of a plural demonym's own "of" phrase ("the Albanians of southern
    Serbia", "the Serbs of Bosnia"): a community of that country, as the PLOVER gold codes
    them (dev GSR01-DEMAND-0023), not the state of their name. "in" is left alone: "Americans
    in Iraq" are mostly visitors."""
    head = w.span[-1]
    if not head.dep_ or head.dep_ == UNPARSED_DEP:
        return None
    countries: dict[int, str] = {}
    for r in refs:
        span = doc.char_span(r.start, r.end, alignment_mode="expand")
        if r.kind == "country" and r.country and r.country != w.ref.country and span is not None:
            countries.update((t.i, r.country) for t in span)
    return _phrase_country([c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"],
                           countries)


def _people_noun(kb: KnowledgeBase, w: _Word, doc: Doc) -> tuple[int, str, str] | None:
    """A demonym that names people: a plural ("Tajiks"), or any form followed by a people noun
    ("Tajik refugees"). (end token, noun, sector)."""
    after = _agent_after(kb, doc, w.span.end)
    if after is not None:
        return w.span.end + 1, after.noun, after.sector
    plural = _plural(kb, w)
    return (w.span.end, plural, "CVL") if plural is not None else None


def _ethnic_group(kb: KnowledgeBase, doc: Doc, i: int) -> tuple[int, str, str] | None:
    """An ethnic or faith community named at token ``i`` ("Tamils", "Shiites", "Tamil refugees"):
    (end token, noun, sector)."""
    if i >= len(doc) or not doc[i].is_title:
        return None
    noun = kb.peoples.get(doc[i].lower_)
    if noun is None:
        return None
    after = _agent_after(kb, doc, i + 1)
    if after is not None:
        return i + 2, after.noun, after.sector
    # a singular alone may be a given name ("Danish Christian Eriksen"): plurals only
    return (i + 1, noun, "CVL") if noun != doc[i].lower_ else None


def _agent_after(kb: KnowledgeBase, doc: Doc, i: int) -> AgentWord | None:
    """A one-word people noun of the agents list at ``i`` ("refugees", "civilians")."""
    if i >= len(doc) or not doc[i].is_lower:
        return None
    word = kb.agents.get((doc[i].lower_,))
    return word if word is not None and word.group else None


def _plural(kb: KnowledgeBase, w: _Word) -> str | None:
    """The singular of a plural demonym ("Tunisians" -> "tunisian"); None if not plural."""
    text = fold(w.span.text)
    forms = {fold(d) for d in kb.demonyms.get(w.ref.actor_id, [])}
    return text[:-1] if text.endswith("s") and text not in forms and text[:-1] in forms else None


def _counted_or_described(doc: Doc, span: Span, taken: set[int]) -> bool:
    """"three Somalis", "young Tunisians", "thousands of Kenyans", "some of the Somalis"."""
    tok = span[-1]
    if tok.dep_ and tok.dep_ != UNPARSED_DEP:
        if any(_describes(c, taken) and c.i < span.start for c in tok.children):
            return True
        prep = tok.head if tok.dep_ == "pobj" else None
        return prep is not None and prep.lower_ == "of" and _amount(prep.head)
    k = span.start - 1
    if k > 0 and doc[k].lower_ == "of":
        return _amount(doc[k - 1])
    return k >= 0 and doc[k].like_num


def _describes(child: Token, taken: set[int]) -> bool:
    """A number or adjective before the demonym; the parser reads an adjective that opens the
    sentence ("Young Tunisians") as a compound name, which it is not unless it names something."""
    if child.lower_ in _NOT_DESCRIBING:
        return False
    return child.dep_ in ("nummod", "amod", "quantmod") or (
        child.dep_ == "compound" and bool(child.is_sent_start) and child.i not in taken)


def _amount(tok: Token) -> bool:
    return tok.lower_ in _AMOUNTS or tok.like_num


def _ethnic(doc: Doc, kb: KnowledgeBase, w: _Word, refs: list[ActorRef]) -> ActorRef | None:
    """"ethnic Hungarians": a group of the country its people live in, where the text says."""
    after = _agent_after(kb, doc, w.span.end)
    end = w.span.end + 1 if after is not None else w.span.end
    noun = after.noun if after is not None else (_plural(kb, w) or fold(w.span.text))
    sector = after.sector if after is not None else "CVL"
    home = _residence(doc, doc[end - 1], refs, w.ref.country) or w.ref.country
    return _group(doc, home, noun, sector, w.span.start - 1, end)


def _residence(doc: Doc, head: Token, refs: list[ActorRef], ethnicity: str | None) -> str | None:
    """Where an ethnic group lives: its own phrase, its clause's place, else the country its
    sentence names most besides the ethnicity's own (no tie)."""
    countries: dict[int, str] = {}
    for r in refs:
        span = doc.char_span(r.start, r.end, alignment_mode="expand")
        if r.kind == "country" and r.country and r.country != ethnicity and span is not None:
            countries.update((t.i, r.country) for t in span)
    if head.dep_ and head.dep_ != UNPARSED_DEP:
        found = _phrase_country([c for c in head.children if c.dep_ == "prep"
                                 and c.lower_ in _OWN_PREPS], countries)
        verb = _verb_of(head)
        if found is None and verb is not None:
            found = _phrase_country([c for c in verb.children if c.dep_ == "prep"
                                     and c.lower_ in _PLACE_PREPS], countries)
        if found is not None:
            return found
    sent = head.sent
    counts = Counter(c for t, c in countries.items() if sent.start <= t < sent.end)
    top = counts.most_common(2)
    return top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None


def _verb_of(tok: Token) -> Token | None:
    """The verb of the clause a noun belongs to (through a preposition or a conjunct)."""
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _phrase_country(preps: list[Token], countries: dict[int, str]) -> str | None:
    """The first country named inside these prepositional phrases ("in a raid in Estonia")."""
    for prep in preps:
        for t in prep.subtree:
            if t.i in countries:
                return countries[t.i]
    return None


def _group(doc: Doc, country: str | None, noun: str, sector: str, start: int,
           end: int) -> ActorRef | None:
    if not country:
        return None
    span = doc[start:end]
    return ActorRef(f"group:{country}:{noun}", span.text, "group", country, sector, span.text,
                    span.start_char, span.end_char, "group")
