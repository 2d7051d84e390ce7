"""Agents: "the police", "Gondor's government", "soldiers from X", "Turkish clerics".

A common noun for a part of a country acts for that country: an organ of the state (police,
troops, ministry) is the country with a sector (``TUR`` + ``COP``), a group of its people
(clerics, students, rebels) is a group actor ``group:<ISO3>:<noun>`` that is never the state,
the id scheme the event coder uses for "Egyptian demonstrators". The country comes from, in
order: a country named just before ("Gondor police", "Iran's army"), the country of the phrase
the noun is joined to ("media and government"), an ``of``/``from``/``in`` phrase of its own
("the ambassadors of Arnor"), the state whose organ is the subject of a coordinated clause ("the
Gondor army shelled ..., and the ministry said"), the state of the speakers it is reported by
("Gondor officials said the government would ..."), else the one country the article is about
(never for a plural that names several states: "Western governments").

The words live in ``data/agents.yaml``; a PETRARCH agents dictionary read as a user file adds
its own words and codes (``CLERIC [~REL]``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..parsing import UNPARSED_DEP, token_lowers
from .records import ActorRef


@dataclass(frozen=True)
class AgentWord:
    """What an agent word means: its sector code, and whether it is a group of people."""

    sector: str
    group: bool = False
    noun: str = ""  # the singular as written ("police-officer"): names a group's id
    # a plural that names several states ("Western governments", "the two governments"): with
    # no country of its own it is not the article's country
    several: bool = False


# sectors of the state's own organs: an agent with one of them acts for the country itself
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
PAST_SECTOR = "ELI"  # a former elite: an organ's office held no longer
# words between a country and its agent: "Gondor's main opposition group", "Iran's top court"
_BETWEEN = {"'s", "’s", "main", "top", "senior", "chief", "own", "new", "local", "national",
            "federal", "central", "state", "largest", "biggest", "leading"}
_OWN_PREPS = {"of", "from", "in"}
_MAX_WORDS = 4


def agent_key(words: list[str]) -> tuple[str, ...]:
    """How an agent phrase is looked up: its words in lower case."""
    return tuple(w.lower() for w in words)


def agent_forms(phrase: str) -> list[tuple[str, ...]]:
    """The singular phrase and its regular plural ("police officer" -> "... officers")."""
    words = phrase.replace("_", " ").split()
    if not words:
        return []
    last = words[-1]
    plural = last + "es" if last.endswith(("s", "sh", "ch", "x")) else (
        last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else last + "s")
    return [agent_key(words), agent_key([*words[:-1], plural])]


def find_agents(doc: Doc, agents: dict[tuple[str, ...], AgentWord], refs: list[ActorRef],
                past_words: set[str] | frozenset[str] = frozenset()
                ) -> tuple[list[ActorRef], set[tuple[int, int]]]:
    """Agent refs, and the (start, end) of direct refs they absorb ("Gondor" in "Gondor police").
    An organ of the state held no longer (a word of ``past_words`` before it or its country:
    "former Gondor prosecutors", "Arnor former security officials") is a former elite, ELI."""
    if not agents:
        return [], set()
    lower = token_lowers(doc)
    firsts = {key[0] for key in agents}
    if not firsts.intersection(lower):
        return [], set()
    by_token = _refs_by_token(doc, refs)
    ends = {span.end: (ref, span) for ref in refs if _of_a_state(ref)
            and (span := doc.char_span(ref.start, ref.end, alignment_mode="expand")) is not None}
    dominant = _dominant(refs)
    out: list[ActorRef] = []
    absorbed: set[tuple[int, int]] = set()
    i = 0
    while i < len(doc):
        found = _agent_at(doc, i, agents, by_token, lower, _named_before(doc, i, ends)) \
            if lower[i] in firsts else None
        if found is None:
            i += 1
            continue
        end, word = found
        span = doc[i:end]
        made, used = _place(doc, span, word, ends, by_token, dominant, out, past_words)
        out += made
        absorbed |= used
        i = end
    return out, absorbed


def _refs_by_token(doc: Doc, refs: list[ActorRef]) -> dict[int, list[ActorRef]]:
    index: dict[int, list[ActorRef]] = {}
    for ref in refs:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        for tok in span or []:
            index.setdefault(tok.i, []).append(ref)
    return index


def _named_before(doc: Doc, i: int, ends: dict[int, tuple[ActorRef, Span]]) -> bool:
    """A country named by its name (not a demonym) just before token ``i``, with only the
    words of ``_BETWEEN`` between: "Iran's Foreign Ministry", "the Gondor Police"."""
    k = i
    while k > 0 and doc[k - 1].lower_ in _BETWEEN:
        k -= 1
    before = ends.get(k)
    return before is not None and before[0].how != "demonym"


def _agent_at(doc: Doc, i: int, agents: dict[tuple[str, ...], AgentWord],
              taken: dict[int, list[ActorRef]], lower: list[str],
              owned: bool = False) -> tuple[int, AgentWord] | None:
    """The longest agent phrase starting at token ``i`` that is a common noun here. Written
    with capitals it is a name ("Supreme Court of X"), unless a country's name comes just
    before (``owned``): "Iran's Foreign Ministry" is Iran's organ, its capitals the style of
    an organ's name. A demonym does not count ("the Free Syrian Army" is no state's army)."""
    first = doc[i]
    if i in taken or not first.is_alpha or (first.is_title and not first.is_sent_start
                                            and not owned):
        return None
    for n in range(min(_MAX_WORDS, len(doc) - i), 0, -1):
        word = agents.get(tuple(lower[i:i + n]))
        if word is None or any(k in taken for k in range(i, i + n)):
            continue
        words = doc[i:i + n]
        head = words[-1]
        if head.pos_ and head.dep_ != UNPARSED_DEP and head.pos_ not in ("NOUN", "PROPN"):
            continue  # "press Iran", "firm stance"
        if not owned and any(t.is_title and not t.is_sent_start for t in words[1:]):
            continue  # "Supreme Court of X" is a name, not an agent
        return i + n, word
    return None


def _dominant(refs: list[ActorRef]) -> ActorRef | None:
    """The country an article is about: the only one named, or the one named most (no tie)."""
    counts = Counter(r.country for r in refs if r.kind == "country" and r.country)
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return next(r for r in refs if r.kind == "country" and r.country == top[0][0])


def _place(doc: Doc, span: Span, word: AgentWord, ends: dict[int, tuple[ActorRef, Span]],
           by_token: dict[int, list[ActorRef]], dominant: ActorRef | None,
           made: list[ActorRef], past_words: set[str] | frozenset[str] = frozenset()
           ) -> tuple[list[ActorRef], set[tuple[int, int]]]:
    """Refs for one agent phrase, with the country ref it absorbs when named just before."""
    k = span.start
    while k > 0 and (doc[k - 1].lower_ in _BETWEEN or doc[k - 1].lower_ in past_words):
        k -= 1
    before = ends.get(k)
    start = before[1].start if before is not None and before[1].end <= span.start else k
    if not word.group and any(t.lower_ in past_words
                              for t in doc[max(0, start - 2):span.start]):
        word = replace(word, sector=PAST_SECTOR)
    if before is not None and before[1].end <= span.start:
        ref, country_span = before
        whole = doc[country_span.start:span.end]
        return [_agent_ref(ref, span, word, whole, "agent")], {(ref.start, ref.end)}
    head = span[-1]
    if word.group and _unit_of_force(head, by_token):
        return [], set()
    if k > 0 and any(r.kind in _MEMBER_OF and not _of_a_state(r) for r in by_token.get(k - 1, [])):
        return [], set()  # "Hezbollah officials", "Red Cross officials": the organisation's
    own = _own_phrase(head, by_token)
    listed = _list_on_the_noun(head, by_token) if own else []
    found = own + listed or _joined(head, by_token, made) \
        or _parallel_subject(head, by_token, made) or _speakers_own(head, by_token, made)
    if found:
        return ([_agent_ref(r, span, word, span, "agent") for r in _countries(found)],
                {(r.start, r.end) for r in listed})
    if dominant is not None and not word.group and not word.several:
        return [_agent_ref(dominant, span, word, span, "agent (article's country)")], set()
    return [], set()


def _unit_of_force(head: Token, by_token: dict[int, list[ActorRef]]) -> bool:
    """"27 companies of CRPF", "two companies of the Rapid Action Force": a group word whose
    "of" phrase names a police or armed force is a unit of that force, which acts (IndiaPolice
    dev 579, 686, 677), not a group of the force's country (business, for "companies")."""
    forces = [r for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
              for o in prep.children if o.dep_ == "pobj" for r in by_token.get(o.i, [])]
    return bool(forces) and all((r.sector or "")[:3] in _FORCE_SECTORS for r in forces)


_FORCE_SECTORS = frozenset({"COP", "MIL"})
# what an agent named just after is a member of, not an organ of the article's country:
# "Hezbollah officials", "Amnesty International researchers", "Red Cross officials" (PLOVER
# dev GSR01-SANCTION-0005 coded them the Iraqi government)
_MEMBER_OF = frozenset({"organisation", "armed_group", "igo", "media"})


def _of_a_state(ref: ActorRef) -> bool:
    """A country, or a named organ of one: an organisation coded with a country and a state
    sector ("WHITE_HOUSE [USAGOV]" of a PETRARCH dictionary), whose officials are the state's
    ("White House security officials"); not an armed group or a party of the country."""
    return ref.kind == "country" or (ref.kind == "organisation" and bool(ref.country)
                                     and (ref.sector or "")[:3] in STATE_SECTORS)


def _countries(refs: list[ActorRef]) -> list[ActorRef]:
    """One ref per country, in order."""
    seen: dict[str, ActorRef] = {}
    for r in refs:
        if r.country and r.country not in seen:
            seen[r.country] = r
    return list(seen.values())


def _joined(head: Token, by_token: dict[int, list[ActorRef]], made: list[ActorRef]) -> list[ActorRef]:
    """"Danish media and government": the conjunct's country."""
    if head.dep_ != "conj":
        return []
    other = head.head
    refs = [r for r in by_token.get(other.i, []) + made if r.start <= other.idx < r.end]
    return _countries([r for r in refs if r.sector and r.kind in ("country", "group")])


def _parallel_subject(head: Token, by_token: dict[int, list[ActorRef]],
                      made: list[ActorRef]) -> list[ActorRef]:
    """"The Chinese military announced drills, and the commerce ministry halted exports": the
    subject of a coordinated clause acts for the state whose organ is the first clause's subject."""
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "conj":
        return []
    subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    refs = [r for s in subjects for r in by_token.get(s.i, []) + made
            if r.start <= s.idx < r.end]
    return _countries([r for r in refs if r.kind == "country"])


def _speakers_own(head: Token, by_token: dict[int, list[ActorRef]],
                  made: list[ActorRef]) -> list[ActorRef]:
    """"U.S. officials said the administration could impose sanctions": officials speaking of
    "the administration" or "the ministry" mean their own state's, not the article's country."""
    if head.dep_ not in ("nsubj", "nsubjpass") or any(c.dep_ == "poss" for c in head.children):
        return []
    clause = head.head
    if clause.dep_ != "ccomp":
        return []
    speakers = [c for c in clause.head.children if c.dep_ == "nsubj"]
    refs = [r for s in speakers for r in by_token.get(s.i, []) + made
            if r.start <= s.idx < r.end and r.kind == "country"]
    return _countries(refs)


def _own_phrase(head: Token, by_token: dict[int, list[ActorRef]]) -> list[ActorRef]:
    """"the ambassadors of Arnor, Osgiliath and Gondor", "lawmakers in X", "the government of
    Sindh province": its own countries."""
    heads = [head, *head.conjuncts]
    for h in heads:
        for prep in (c for c in h.children if c.dep_ == "prep" and c.lower_ in _OWN_PREPS):
            # a name in a compound counts: "the government of Herat province"
            objects = [t for o in prep.children if o.dep_ == "pobj" for t in o.subtree
                       if t.i == o.i or t.dep_ in ("conj", "appos")
                       or (t.dep_ == "compound" and t.head.i == o.i)]
            found = _countries([r for o in objects for r in by_token.get(o.i, [])
                                if _of_a_state(r)])
            if found:
                return found
    return []


def _list_on_the_noun(head: Token, by_token: dict[int, list[ActorRef]]) -> list[ActorRef]:
    """"Lawmakers in Fornost and Gondor" parsed as lawmakers-in-Fornost and Gondor: a country
    the parser joined to the agent noun itself, after the noun's own "in"/"of"/"from" phrase,
    is one more country of that phrase (and no actor beside the agent)."""
    preps = [c.i for c in head.children if c.dep_ == "prep" and c.lower_ in _OWN_PREPS]
    return [r for c in head.children if c.dep_ == "conj" and preps and c.i > min(preps)
            and not any(g.dep_ in ("prep", "poss") for g in c.children)
            for r in by_token.get(c.i, []) if r.kind == "country" and r.how != "demonym"]


def _agent_ref(where: ActorRef, span: Span, word: AgentWord, whole: Span, how: str) -> ActorRef:
    """The country acting through an organ (its own id, with the agent's sector), or a group
    of its people (``group:<ISO3>:<noun>``, the event coder's scheme)."""
    if word.group:
        noun = word.noun or "-".join(t.lower_ for t in span)
        return ActorRef(f"group:{where.country}:{noun}", whole.text, "group", where.country,
                        word.sector, whole.text, whole.start_char, whole.end_char, "group")
    if where.kind == "country":
        return ActorRef(where.actor_id, where.name, "country", where.country, word.sector,
                        whole.text, whole.start_char, whole.end_char, how)
    return ActorRef(f"country:{where.country}", where.country or "", "country", where.country,
                    organ_sector(where.sector, word.sector), whole.text, whole.start_char,
                    whole.end_char, how)


def organ_sector(organ: str | None, agent: str) -> str:
    """The sector of an agent of a named organ ("White House officials" are USAGOV): the
    agent's, except for those who held it no longer (ELI), who keep the organ's code before
    theirs: "former security officials in the White House" are USAGOVELI, as PETRARCH codes
    them (PETR unit test AGENTS-19), a former elite of that organ. Any other agent keeps its
    own sector ("CRPF jawans" act as troops), which the event coder reads as a whole code."""
    if organ and agent == PAST_SECTOR and organ[:3] != PAST_SECTOR:
        return organ + agent
    return agent
