"""Titles: "French President Emmanuel Macron", "Iran's foreign minister", "X, the ... minister"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .knowledge_base import KnowledgeBase
from .metonyms import is_destination
from .names import Match, scan
from .records import Actor

_FUTURE = re.compile(r"\b(?:would-be|ex-|[a-z]+-elect|then-|one-time)", re.I)


@dataclass
class TitledName:
    span_start: int
    span_end: int
    name_start: int
    name_end: int
    office: str | None
    country: str | None  # ISO3, IGO code or organisation id the office belongs to
    former: bool
    person_id: str | None
    how: str = "name"
    past: bool = False  # held no longer ("former president X"): a former elite, not the office
    title: tuple[str, ...] = ()  # the title's words in lower case ("foreign", "minister")


_NOT_NOW = {"former", "ex", "then", "late", "would-be", "candidate", "next", "future", "incoming",
            "outgoing", "elect", "designate", "acting", "interim", "deputy", "vice", "previous",
            "onetime", "erstwhile", "presidential"}
_BETWEEN = {"political", "military", "top", "senior", "chief", "supreme", "new", "current"}
_PARTICLES = {"al", "bin", "ibn", "de", "da", "van", "von", "der", "la", "le", "el", "abu", "del",
              "di", "du", "dos", "-"}
_NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december", "on", "in", "the", "and", "said", "says"}


def titled_names(doc: Doc, kb: KnowledgeBase, matches: list[Match] | None = None,
                 on: dt.date | None = None) -> list[TitledName]:
    """Titles with or without a name, and appositions ("X, the French foreign minister"), read
    on ``on`` (a country born later stands for the one it was part of then)."""
    matches = scan(doc, kb) if matches is None else matches
    starts = {m.start: m for m in matches}
    ends = {m.end: m for m in matches}
    found: list[TitledName] = []
    home = _Home(doc, kb, matches, ends, on)
    for m in matches:
        if m.of("office"):
            t = _title_at(doc, kb, m, starts, ends, home, on)
        elif m.of("demonym") and m.end < len(doc) and doc[m.end].lower_ == "counterpart":
            t = _counterpart_at(doc, kb, m, starts)
        else:
            t = None
        if t is not None and not (found and t.span_start < found[-1].span_end):
            found.append(t)
    return found


def _named_country(kb: KnowledgeBase, m: Match, on: dt.date | None) -> str | None:
    """The country a name, demonym, seat or city stands for (None: it names no country)."""
    for e in m.of("name", "alias", "demonym", "metonym", "place")[:1]:
        actor = kb.get(e.target)
        if actor is not None and actor.kind == "country":
            return _country_on(kb, actor, on)
    return None


def _country_on(kb: KnowledgeBase, country: Actor, on: dt.date | None) -> str | None:
    """A country's code on a day: a country born later is the one it was part of then."""
    if on is None:
        return country.country
    then = kb.get(kb.country_on(country.id, on)[0])
    return then.country if then is not None else None


def _top(counts: dict[str, int]) -> str | None:
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


class _Home:
    """The country a title without one ("Judge Ann Lee") is guessed to belong to: the one the
    article is about, but never a neighbour's.

    Two kinds of country word say nothing about whose the untitled office is. A destination
    ("troops arrived in Chile", "flew to Kabul") is where someone else goes. And a country
    that titles another person in the same sentence ("President X held talks with Chilean
    leader Y", "his Iranian counterpart") is the other side's: two titled people who deal with each
    other are seldom of one country, unless the sentence joins them ("Ugandan President Y and
    Foreign Minister Z"). Worked out only when a title needs it.
    """

    def __init__(self, doc: Doc, kb: KnowledgeBase, matches: list[Match],
                 ends: dict[int, Match], on: dt.date | None) -> None:
        self.doc, self.kb, self.matches, self.ends, self.on = doc, kb, matches, ends, on
        self._counts: dict[str, int] | None = None

    def of(self, title: Match) -> str | None:
        if self._counts is None:
            self._counts = {}
            for m in self.matches:
                country = _named_country(self.kb, m, self.on)
                if country is not None and not is_destination(self.doc[m.start:m.end]):
                    self._counts[country] = self._counts.get(country, 0) + 1
        sides = self._other_sides(title)
        return _top({c: n for c, n in self._counts.items() if c not in sides})

    def _other_sides(self, title: Match) -> set[str]:
        """Countries that title someone else in ``title``'s sentence, not joined to it."""
        doc = self.doc
        sent = doc[title.start].sent
        sides: set[str] = set()
        for m in self.matches:
            if m is title or not sent.start <= m.start < sent.end:
                continue
            if m.of("office"):
                country, start = _modifier(doc, self.kb, m.start, self.ends, self.on)
            elif m.of("demonym") and m.end < len(doc) and doc[m.end].lower_ in _COUNTERPARTS:
                country, start = _named_country(self.kb, m, self.on), m.start
            else:
                continue
            if country and ":" not in country and not _joined(doc, title, start, m.end):
                sides.add(country)
        return sides


_COUNTERPARTS = {"counterpart", "counterparts"}


def _joined(doc: Doc, title: Match, start: int, end: int) -> bool:
    """Are two titles one side: "and" between them and no verb ("Ugandan President Y and
    Foreign Minister Z")? An unparsed sentence is judged by the "and" alone."""
    lo, hi = (title.end, start) if title.start < start else (end, title.start)
    between = doc[lo:hi]
    return any(t.lower_ == "and" for t in between) and not any(
        t.pos_ in ("VERB", "AUX") for t in between)


def _title_at(doc: Doc, kb: KnowledgeBase, m: Match, starts: dict[int, Match],
              ends: dict[int, Match], home: _Home | None = None,
              on: dt.date | None = None) -> TitledName | None:
    """A title at ``m``; an unknown person titled without a country ("Judge Ann Lee") holds
    the office in the country the article is about (``home``), if that is no neighbour's."""
    office = m.of("office")[0].target
    mod, mod_start = _modifier(doc, kb, m.start, ends, on)
    name_start, name_end, person = _name_after(doc, kb, m.end, starts)
    appos = _apposition(doc, kb, mod_start if mod else m.start, ends) if not person else None
    if appos is not None:
        name_start, name_end, person = appos
    country = mod or _person_country(kb, person, office)
    if country is None and person is None and name_end > name_start and doc[m.start].is_title \
            and home is not None:
        country = home.of(m)
    if country is None or (name_end == name_start and mod is None):
        return None
    if name_end == name_start and doc[m.start].is_lower and office in ("king", "queen", "speaker"):
        return None
    span_start = min(name_start if appos else m.start, mod_start if mod else m.start)
    span_end = m.end if appos else max(name_end, m.end)
    start = span_start if not appos else mod_start if mod else m.start
    return TitledName(span_start, span_end, name_start, name_end, office, country,
                      _not_now(doc, start), person, past=held_no_longer(doc, start, kb.past_words),
                      title=tuple(t.lower_ for t in doc[m.start:m.end]))


def _modifier(doc: Doc, kb: KnowledgeBase, start: int, ends: dict[int, Match],
              on: dt.date | None = None) -> tuple[str | None, int]:
    """The country or organisation named just before a title ("French", "Iran's", "Hamas"),
    past describing words after a possessive ("Iran's powerful foreign minister", "Ithilen's
    awful and evil minister", PETR dev COMPOUND-17)."""
    k = start
    while k > 0 and doc[k - 1].lower_ in _BETWEEN:
        k -= 1
    j = k
    while j > max(0, k - _MAX_DESCRIBING) and _describes(doc[j - 1]):
        j -= 1
    if j < k and j > 0 and doc[j - 1].lower_ in ("'s", "’s") and doc[j].dep_ not in (
            "cc", "punct"):
        k = j
    if k > 0 and doc[k - 1].lower_ in ("'s", "’s"):
        k -= 1
    m = ends.get(k)
    if m is None:
        return None, start
    for e in m.of("demonym", "name", "alias", "metonym"):
        actor = kb.get(e.target)
        if actor is None:
            continue
        if actor.kind == "country":
            return _country_on(kb, actor, on), m.start
        if actor.kind in ("igo", "armed_group", "organisation"):
            return actor.id, m.start
    return None, start


_MAX_DESCRIBING = 4
_DESCRIBING_DEPS = {"amod", "compound", "advmod", "npadvmod", "cc", "conj", "punct"}


def _describes(tok: Token) -> bool:
    """A lower-case word of the title's own phrase that describes its holder ("hardline",
    "long-serving", "awful and evil"): no name, which would own the title itself ("Iran's
    Quds Force commander")."""
    return (tok.is_lower or tok.text in ("-", ",")) and tok.dep_ in _DESCRIBING_DEPS


def _name_after(doc: Doc, kb: KnowledgeBase, j: int, starts: dict[int, Match]) -> tuple[int, int, str | None]:
    """A person named right after a title: known (index) or capitalised words that NER calls a person."""
    m = starts.get(j)
    if m is not None:
        people = [e for e in m.of("name", "alias", "surname")
                  if (a := kb.get(e.target)) is not None and a.kind == "person"]
        if people:
            return m.start, m.end, people[0].target
        return j, j, None
    k = j
    while k < len(doc) and k - j < 5:
        t = doc[k]
        word = t.text[:1].isupper() and (t.is_alpha or t.text.endswith(".") or "-" in t.text
                                          or "'" in t.text) and t.lower_ not in _NOT_NAMES
        glue = k > j and (t.lower_ in _PARTICLES or t.text == "-") and k + 1 < len(doc)
        if not (word or glue or _hyphen_tail(doc, k, j)) or k in starts and k > j:
            break
        k += 1
    while k > j and (doc[k - 1].lower_ in _PARTICLES or doc[k - 1].text == "-"):
        k -= 1
    if k == j or not (any(t.ent_type_ == "PERSON" for t in doc[j:k]) or k - j >= 2):
        return j, j, None
    return j, k, None


def _hyphen_tail(doc: Doc, k: int, j: int) -> bool:
    """"Tsai Ing-wen", "Abdul-wahab": a lower-case part written onto a hyphen is still the name."""
    return k - j >= 2 and doc[k].is_alpha and doc[k - 1].text == "-" \
        and not doc[k - 1].whitespace_ and not doc[k - 2].whitespace_


def _apposition(doc: Doc, kb: KnowledgeBase, start: int, ends: dict[int, Match]) -> tuple[int, int, str | None] | None:
    """"Abbas Araghchi, the Iranian foreign minister": the name before ", the"."""
    k = start
    if k > 0 and doc[k - 1].lower_ in ("the", "a", "an"):
        k -= 1
    if k < 2 or doc[k - 1].text != ",":
        return None
    m = ends.get(k - 1)
    if m is not None:
        people = [e.target for e in m.of("name", "alias", "surname")
                  if (a := kb.get(e.target)) is not None and a.kind == "person"]
        return (m.start, m.end, people[0]) if people else None
    tok = doc[k - 2]
    if tok.ent_type_ != "PERSON":
        return None
    ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
    return (ent.start, ent.end, None) if ent is not None and ent.end == k - 1 else None


def _counterpart_at(doc: Doc, kb: KnowledgeBase, m: Match, starts: dict[int, Match]) -> TitledName | None:
    """"his French counterpart Emmanuel Macron": the demonym belongs to the named person."""
    name_start, name_end, person = _name_after(doc, kb, m.end + 1, starts)
    if name_end == name_start or person is None:
        return None
    actor = kb.get(m.of("demonym")[0].target)
    return TitledName(m.start, name_end, name_start, name_end, None,
                      actor.country if actor else None, False, person)


def _person_country(kb: KnowledgeBase, person: str | None, office: str) -> str | None:
    if person is None:
        return None
    roles = [r for r in kb.roles(person) if r.office == office]
    if roles:
        return roles[-1].organisation or roles[-1].country
    actor = kb.get(person)
    return actor.country if actor else None


def office_owner(kb: KnowledgeBase, t: TitledName) -> Actor | None:
    """The organisation a title belongs to ("Hezbollah", "IAEA"); None for a state's office."""
    owner = kb.get(t.country) if t.country else None
    return owner if owner is not None and owner.kind != "country" else None


def title_affiliation(kb: KnowledgeBase, t: TitledName) -> tuple[str | None, str | None]:
    """The (country, sector) a title gives whoever holds it: a state's office gives the state
    and the office's sector; an organisation's ("Hezbollah military commander") gives the
    organisation's country and sector."""
    office_sector = kb.office_sector(t.office or "", t.title)
    owner = office_owner(kb, t)
    if owner is not None:
        return owner.country, owner.sector or office_sector or "GOV"
    return t.country, office_sector or "GOV"


def held_no_longer(doc: Doc, start: int, past_words: set[str] | frozenset[str]) -> bool:
    """A word of ``past_words`` ("former", "ex-") among the few words before ``start``."""
    return any(t.lower_ in past_words for t in doc[max(0, start - 4):start + 1])


def _not_now(doc: Doc, start: int) -> bool:
    """"former", "ex-", "then-", "would-be" ... just before the title."""
    window = doc[max(0, start - 4):min(len(doc), start + 1)]
    return any(t.lower_ in _NOT_NOW for t in window) or bool(_FUTURE.search(window.text))
