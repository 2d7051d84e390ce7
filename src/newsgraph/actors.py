"""Actors: a time-aware knowledge base of countries, people, organisations and their roles.

The knowledge base (``KnowledgeBase``) answers "who held this office on that day" and "what does
this name mean"; ``find_actors`` turns a parsed article into ``ActorRef`` records, and
``learn_roles`` adds titles it reads ("Iranian President Masoud Pezeshkian") to the knowledge base
so that later articles resolve. Facts live in ``newsgraph/data`` (see ``ACTORS_SOURCES.md``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from .errors import ConfigError
from .knowledge import data_path, load_csv, load_yaml
from .parsing import UNPARSED_DEP

SHIPPED_YAML = ("igos.yaml", "nonstate.yaml", "people.yaml")
LEARNED_WINDOW = dt.timedelta(days=90)  # a title read in an article vouches for this long
KINDS = ("country", "person", "organisation", "igo", "armed_group", "media")


@dataclass
class Actor:
    """A country, person, organisation, IGO or armed group."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    source: str = ""
    gender: str | None = None  # "m" / "f" for persons when known: resolves he/she


@dataclass
class Role:
    """Person ``actor_id`` holds ``office`` of ``country`` from ``start`` to ``end`` (None: open)."""

    actor_id: str
    office: str
    country: str
    start: dt.date | None = None
    end: dt.date | None = None
    source: str = ""
    learned: bool = False
    evidence: str | None = None
    # the sector the holder acts for while in the role (GOV for a minister, MIL for a general);
    # None: derive it from the office
    sector: str | None = None
    # the organisation the office belongs to ("igo:IAEA", "org:hezbollah"), when not a state's
    organisation: str | None = None

    def covers(self, on: dt.date) -> bool:
        """Curated roles: start inclusive, end exclusive (the successor holds it that day)."""
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)

    def distance(self, on: dt.date) -> dt.timedelta:
        """How far ``on`` lies outside the observed interval (zero inside it)."""
        if self.start and on < self.start:
            return self.start - on
        if self.end and on > self.end:
            return on - self.end
        return dt.timedelta(0)


@dataclass
class ActorRef:
    """An actor as mentioned in one article: who, where in the text, and why we think so."""

    actor_id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    text: str
    start: int
    end: int
    how: str = "name"
    office: tuple[str, str] | None = None


@dataclass
class Office:
    """What a title means: its sector and the words that name it."""

    name: str
    sector: str | None
    words: list[str]


class KnowledgeBase:
    """Actors, their names and their roles over time. Picklable; load with ``KnowledgeBase.load``."""

    def __init__(self) -> None:
        self._actors: dict[str, Actor] = {}
        self._roles: list[Role] = []
        self._by_office: dict[tuple[str, str], list[Role]] = {}
        self._by_actor: dict[str, list[Role]] = {}
        self.offices: dict[str, Office] = {}
        self.fallbacks: dict[str, list[str]] = {}
        self.leaders: dict[str, list[str]] = {}
        self.seats: dict[str, list[str]] = {}  # actor id -> names that speak for its government
        self.demonyms: dict[str, list[str]] = {}  # country actor id -> adjectives
        self.surnames: dict[str, str | None] = {}  # person id -> surname (None: never alone)
        self._index: Any = None  # built on first use by actor_text.NameIndex
        self._teach: re.Pattern[str] | None = None

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, files: list[Path] | tuple = ()) -> KnowledgeBase:
        """Shipped knowledge, then the user's files in order (a known id is overridden)."""
        kb = cls()
        offices, countries, entries = _shipped()
        kb._add_offices(offices, "offices.yaml")
        for row in countries:
            kb._add_country_row(row, "countries.csv")
        for name, items in entries:
            for i, entry in enumerate(items):
                kb._add_entry(entry, name, i)
        for path in files:
            kb.add_file(Path(path))
        return kb

    def add_file(self, path: Path) -> None:
        """Add a user file: YAML or CSV in the shipped schema, or a PETRARCH ``.txt`` dictionary."""
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            data = load_yaml(path) or {}
            if not isinstance(data, dict):
                raise ConfigError(f"{path}: expected a mapping with 'actors:' (and/or 'offices:')")
            self._add_offices(data, str(path))
            for i, entry in enumerate(data.get("actors") or []):
                self._add_entry(entry, str(path), i, override=True)
        elif suffix == ".csv":
            self._add_csv(path)
        elif suffix == ".txt":
            from .petrarch import read_petrarch_actors

            actors, roles = read_petrarch_actors(path)
            for actor in actors:
                self.add_actor(actor)
            for role in roles:
                self.add_role(role)
        else:
            raise ConfigError(
                f"{path}: unknown actor file format '{suffix}': use .yaml, .csv or a PETRARCH .txt"
            )

    def _add_offices(self, data: dict, origin: str) -> None:
        for name, spec in (data.get("offices") or {}).items():
            spec = spec or {}
            self.offices[name] = Office(name, spec.get("sector"), list(spec.get("words") or []))
        self.fallbacks.update(data.get("fallbacks") or {})
        self.leaders.update(data.get("leaders") or {})
        self._index = self._teach = None

    def _add_country_row(self, row: dict[str, str], origin: str) -> None:
        iso3 = (row.get("iso3") or "").strip().upper()
        if not iso3 or not row.get("name"):
            raise ConfigError(f"{origin}: a country row needs iso3 and name ({row})")
        actor_id = f"country:{iso3}"
        self.add_actor(Actor(actor_id, row["name"], "country", iso3, None,
                             _split(row.get("aliases")), origin))
        self.demonyms[actor_id] = _split(row.get("demonyms"))
        if row.get("kind", "state") == "state":
            self.seats[actor_id] = _split(row.get("seats"))

    def _add_entry(self, entry: Any, origin: str, i: int, override: bool = False) -> None:
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ConfigError(f"{origin}: actor #{i + 1} needs at least a name ({entry!r})")
        actor = _actor_from_entry(entry, origin)
        if override and "roles" in entry:
            self._drop_roles(actor.id)
        self.add_actor(actor)
        if "surname" in entry:
            self.surnames[actor.id] = entry["surname"]
        if entry.get("seats"):
            self.seats[actor.id] = list(entry["seats"])
        for j, raw in enumerate(entry.get("roles") or []):
            self.add_role(_role_from_entry(raw, actor, origin, f"{origin}: {actor.name} role #{j + 1}"))

    def _add_csv(self, path: Path) -> None:
        rows = list(load_csv(path))
        head = set(rows[0]) if rows else set()
        if "iso3" in head:
            for row in rows:
                self._add_country_row(row, str(path))
        elif {"actor_id", "office"} <= head:
            for i, row in enumerate(rows):
                raw = [row["office"], row.get("start") or None, row.get("end") or None,
                       row.get("country") or None, row.get("sector") or None]
                actor = self.get(row["actor_id"])
                if actor is None:
                    raise ConfigError(f"{path}:{i + 2}: unknown actor '{row['actor_id']}'")
                self.add_role(_role_from_entry(raw, actor, str(path), f"{path}:{i + 2}"))
        elif {"id", "name"} <= head or {"name", "kind"} <= head:
            for i, row in enumerate(rows):
                entry: dict[str, Any] = {k: v for k, v in row.items() if v}
                entry["aliases"] = _split(row.get("aliases"))
                self._add_entry(entry, str(path), i, override=True)
        else:
            raise ConfigError(f"{path}: CSV header must have iso3 (countries), id,name "
                              f"(actors) or actor_id,office (roles); found {sorted(head)}")

    # -- editing ---------------------------------------------------------------------------
    def add_actor(self, actor: Actor) -> None:
        """Add or replace an actor (same id: the new one wins)."""
        self._actors[actor.id] = actor
        if self._index is not None:
            self._index.add_actor(self, actor)

    def add_role(self, role: Role) -> None:
        self._roles.append(role)
        self._by_actor.setdefault(role.actor_id, []).append(role)
        self._by_office.setdefault((role.office, role.country), []).append(role)
        if role.organisation:
            self._by_office.setdefault((role.office, role.organisation), []).append(role)

    def _drop_roles(self, actor_id: str) -> None:
        old = self._by_actor.pop(actor_id, [])
        if old:
            self._roles = [r for r in self._roles if r.actor_id != actor_id]
            for key, roles in self._by_office.items():
                self._by_office[key] = [r for r in roles if r.actor_id != actor_id]

    # -- questions -------------------------------------------------------------------------
    def get(self, actor_id: str) -> Actor | None:
        return self._actors.get(actor_id)

    def actors(self) -> list[Actor]:
        return list(self._actors.values())

    def roles(self, actor_id: str | None = None) -> list[Role]:
        return list(self._roles if actor_id is None else self._by_actor.get(actor_id, []))

    roles_of = roles

    def holder(self, office: str, country: str, on: dt.date) -> Actor | None:
        """Who held ``office`` of ``country`` (or of an organisation id) on ``on``.

        Curated terms win; a learned title counts within ``LEARNED_WINDOW`` of where it was read.
        Generic offices (``leader``, ``head_of_state``) try the country's usual office first.
        """
        for name in [office, *self._fallbacks(office, country)]:
            role = self._role_on(name, country, on)
            if role is not None:
                return self._actors.get(role.actor_id)
        return None

    def _fallbacks(self, office: str, country: str) -> list[str]:
        if office == "leader" and country in self.leaders:
            return self.leaders[country] + self.fallbacks.get("leader", [])
        return self.fallbacks.get(office, [])

    def _role_on(self, office: str, country: str, on: dt.date) -> Role | None:
        roles = self._by_office.get((office, country), [])
        curated = [r for r in roles if not r.learned and r.covers(on)]
        if curated:
            return max(curated, key=lambda r: r.start or dt.date.min)
        near = [r for r in roles if r.learned and r.distance(on) <= LEARNED_WINDOW]
        return min(near, key=lambda r: r.distance(on)) if near else None

    def role_on(self, actor_id: str, on: dt.date) -> Role | None:
        """The role a person held on ``on`` (curated first, then a learned one nearby)."""
        roles = self._by_actor.get(actor_id, [])
        curated = [r for r in roles if not r.learned and r.covers(on)]
        if curated:
            return max(curated, key=lambda r: r.start or dt.date.min)
        near = [r for r in roles if r.learned and r.distance(on) <= LEARNED_WINDOW]
        return min(near, key=lambda r: r.distance(on)) if near else None

    def affiliation(self, actor_id: str, on: dt.date) -> tuple[str | None, str | None]:
        """A person's (country, sector) on a day, from the role held then; else the actor's own."""
        actor = self._actors.get(actor_id)
        role = self.role_on(actor_id, on)
        if role is not None:
            office = self.offices.get(role.office)
            return role.country, role.sector or (office.sector if office else "GOV")
        if actor is None:
            return None, None
        past = [r for r in self._by_actor.get(actor_id, []) if r.sector and r.end and r.end <= on]
        if past:  # a dead or retired militant leader still acts for the group in the news
            last = max(past, key=lambda r: r.end or dt.date.min)
            return last.country, last.sector
        return actor.country, actor.sector

    def lookup(self, name: str) -> list[Actor]:
        """Actors whose name, alias or (for people) surname is ``name`` (case and accents ignored)."""
        found = self.index().lookup(fold(name))
        order = {"name": 0, "alias": 1, "metonym": 2, "demonym": 3, "surname": 4}
        ids = [e.target for e in sorted(found, key=lambda e: order.get(e.how, 9)) if e.how in order]
        return [self._actors[i] for i in dict.fromkeys(ids) if i in self._actors]

    def index(self) -> Any:
        """The name index over every actor, seat, demonym and office word (built once)."""
        if self._index is None:
            self._index = NameIndex.build(self)
        return self._index

    def office_sector(self, office: str) -> str | None:
        found = self.offices.get(office)
        return found.sector if found else None

    def teach_pattern(self) -> re.Pattern[str]:
        """Office word next to a capitalised name, for ``could_teach_role``."""
        if self._teach is None:
            words = sorted({w for o in self.offices.values() for w in o.words if len(w) > 3},
                           key=len, reverse=True)
            office = "(?i:" + "|".join(re.escape(w) for w in words) + ")"
            name = r"[A-Z][\w'’.-]+"
            self._teach = re.compile(
                rf"\b{office}\s+{name}|{name},\s+(?:the\s+|a\s+)?(?:[A-Z][\w'’]+\s+)?{office}\b"
            )
        return self._teach


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict, list[dict[str, str]], list[tuple[str, list]]]:
    """The shipped data files, parsed once per process (the KB itself is built fresh)."""
    offices = load_yaml(data_path("offices.yaml")) or {}
    countries = list(load_csv(data_path("countries.csv")))
    entries = [(n, (load_yaml(data_path(n)) or {}).get("actors") or []) for n in SHIPPED_YAML]
    return offices, countries, entries


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _actor_from_entry(entry: dict, origin: str) -> Actor:
    name = str(entry["name"])
    kind = entry.get("kind") or _kind_from_id(entry.get("id")) or ("person" if entry.get("roles")
                                                                     is not None else "organisation")
    if kind not in KINDS:
        raise ConfigError(f"{origin}: {name}: kind '{kind}' is not one of {', '.join(KINDS)}")
    prefix = {"person": "person", "country": "country", "igo": "igo"}.get(kind, "org")
    actor_id = entry.get("id") or f"{prefix}:{slug(name)}"
    sector = entry.get("sector", "IGO" if kind == "igo" else None)
    return Actor(actor_id, name, kind, entry.get("country"), sector,
                 [str(a) for a in entry.get("aliases") or []], entry.get("source") or origin,
                 entry.get("gender"))


def _kind_from_id(actor_id: str | None) -> str | None:
    prefix = (actor_id or "").split(":", 1)[0]
    return {"person": "person", "country": "country", "igo": "igo"}.get(prefix)


def _role_from_entry(raw: Any, actor: Actor, origin: str, where: str) -> Role:
    """``[office, start, end, country?, sector?, organisation?]`` or a mapping with those keys."""
    if isinstance(raw, dict):
        raw = [raw.get(k) for k in ("office", "start", "end", "country", "sector", "organisation")]
    if not isinstance(raw, list) or len(raw) < 1 or not raw[0]:
        raise ConfigError(f"{where}: a role is [office, start, end, country?, sector?, org?]")
    raw = list(raw) + [None] * (6 - len(raw))
    country = raw[3] or actor.country
    if not country:
        raise ConfigError(f"{where}: the role has no country and {actor.name} has none either")
    return Role(actor.id, str(raw[0]), str(country), _date(raw[1], where), _date(raw[2], where),
                source=origin, sector=raw[4], organisation=raw[5])


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from None


# -- finding actors in a document ------------------------------------------------------------
def find_actors(doc: Doc, kb: KnowledgeBase, published: dt.date) -> list[ActorRef]:
    """Every actor mention in the article, sorted by start (character offsets in ``doc.text``)."""
    from .references import resolve_references

    refs = _direct_refs(doc, kb, published)
    extra = resolve_references(doc, refs, kb, published)
    replaced = {(r.start, r.end) for r in extra if r.how == "description"}
    refs = [r for r in refs if (r.start, r.end) not in replaced or r.how != "role"] + extra
    return sorted(refs, key=lambda r: (r.start, r.end))


def _direct_refs(doc: Doc, kb: KnowledgeBase, published: dt.date) -> list[ActorRef]:
    """Names, titles, roles, demonyms and seats, before pronouns and descriptions."""
    matches = scan(doc, kb)
    taken: set[int] = set()
    refs: list[ActorRef] = []
    seen: set[str] = set()  # people named in full so far: their surnames resolve
    for t in titled_names(doc, kb, matches):
        ref = _titled_ref(doc, kb, t, published)
        if ref is not None:
            refs.append(ref)
            taken.update(range(t.span_start, t.span_end))
            seen.add(ref.actor_id)
    for m in matches:
        if taken.intersection(range(m.start, m.end)):
            continue
        ref = _match_ref(doc, kb, m, published, seen)
        if ref is not None:
            refs.append(ref)
    return refs


def _match_ref(doc: Doc, kb: KnowledgeBase, m: Match, published: dt.date,
               seen: set[str]) -> ActorRef | None:
    """The actor a matched name stands for here, or None (a place, an ambiguous surname...)."""
    span = doc[m.start:m.end]
    nxt = doc[m.end] if m.end < len(doc) else None
    demonym = m.of("demonym")
    names = m.of("name", "alias")
    if demonym and (not names or _modifies(nxt)):
        if nxt is not None and nxt.lower_ in ("counterpart", "counterparts"):
            return None  # "his Iranian counterpart": references.py resolves it
        return _ref(kb, demonym[0].target, span, "demonym", published, sector_after(doc, m.end))
    if names:
        actor_id = names[0].target
        if (actor := kb.get(actor_id)) is not None and actor.kind == "person":
            seen.add(actor_id)
        return _ref(kb, actor_id, span, names[0].how, published)
    if m.of("metonym"):
        return _ref(kb, m.of("metonym")[0].target, span, "metonym", published, "GOV") \
            if speaks(span) else None
    surnames = [e.target for e in m.of("surname")]
    if surnames:
        picked = _pick_surname(kb, surnames, span, published, seen)
        return _ref(kb, picked, span, "surname", published) if picked else None
    return None


def _modifies(nxt: Token | None) -> bool:
    """Is a word like "US" an adjective here ("US officials") rather than a name ("the US said")?"""
    if nxt is None or not (nxt.is_lower and nxt.is_alpha):
        return False
    if nxt.pos_:
        return nxt.pos_ in ("NOUN", "ADJ", "PROPN") and nxt.dep_ != UNPARSED_DEP
    return nxt.lower_ in SECTOR_OF_WORD


def _pick_surname(kb: KnowledgeBase, ids: list[str], span: Span, published: dt.date,
                  seen: set[str]) -> str | None:
    """A surname alone: the person named in full earlier, else (if NER agrees it is a person)
    the one person of that surname in office on the day."""
    earlier = [i for i in ids if i in seen]
    if earlier:
        return earlier[-1]
    serving = [i for i in ids if kb.role_on(i, published) is not None]
    if not any(t.ent_type_ == "PERSON" for t in span):
        # NER missed it ("Lavrov agreed."): accept a serving official unless the word is part of
        # a longer name ("Trump Tower")
        doc = span.doc
        other = span[0].ent_iob_ == "I" or (span.end < len(doc) and doc[span.end].ent_iob_ == "I")
        return serving[0] if len(ids) == 1 and serving and not other else None
    if len(ids) == 1:
        return ids[0]
    return serving[0] if len(serving) == 1 else None


def _ref(kb: KnowledgeBase, actor_id: str, span: Span, how: str, published: dt.date,
         sector: str | None = None) -> ActorRef | None:
    actor = kb.get(actor_id)
    if actor is None:
        return None
    country, own_sector = kb.affiliation(actor_id, published) if actor.kind == "person" else (
        actor.country, actor.sector)
    return ActorRef(actor.id, actor.name, actor.kind, country, sector or own_sector, span.text,
                    span.start_char, span.end_char, how)


def _titled_ref(doc: Doc, kb: KnowledgeBase, t: TitledName, published: dt.date) -> ActorRef | None:
    """A person named with a title, or an office holder named by the title alone."""
    span = doc[t.span_start:t.span_end]
    office = (t.office, t.country) if t.office and t.country and not t.former else None
    actor = kb.get(t.person_id) if t.person_id else None
    how = t.how
    if actor is None and t.name_end > t.name_start:  # an unknown person with a title: learned
        if t.former or not t.country:
            return None
        name = doc[t.name_start:t.name_end].text
        actor = Actor(f"person:{slug(name)}", name, "person", t.country, None, [], "learned")
        how = "learned"
    if actor is None and office is not None:  # "the Iranian foreign minister"
        actor = kb.holder(office[0], office[1], published)
        how = "role"
        if actor is None:
            return ActorRef(f"country:{office[1]}", office[1], "country", office[1],
                            kb.office_sector(office[0]), span.text, span.start_char,
                            span.end_char, "role", office)
    if actor is None:
        return None
    country, sector = kb.affiliation(actor.id, published)
    if how == "learned" or country is None:
        country, sector = t.country, kb.office_sector(t.office or "") or "GOV"
    return ActorRef(actor.id, actor.name, actor.kind, country, sector, span.text,
                    span.start_char, span.end_char, how, office)


# -- learning roles --------------------------------------------------------------------------
_FUTURE = re.compile(r"\b(?:would-be|ex-|[a-z]+-elect|then-|one-time)", re.I)


def learn_roles(doc: Doc, kb: KnowledgeBase, article_id: str, published: dt.date) -> list[Role]:
    """Titles read in the article ("Russian President Vladimir Putin") as learned roles.

    Only present tense, named titles are learned; "former President X" or "the next president"
    never are. New roles (and new people) are added to ``kb`` so later articles resolve.
    """
    learned: list[Role] = []
    for t in titled_names(doc, kb):
        if t.former or not t.office or not t.country or t.name_end <= t.name_start:
            continue
        if t.office in ("leader", "head_of_state", "head_of_government", "spokesperson",
                        "chairman"):
            continue  # too vague to stand as an office of the country
        name = doc[t.name_start:t.name_end].text
        actor = kb.get(t.person_id) if t.person_id else None
        if actor is None:
            actor = Actor(f"person:{slug(name)}", name, "person", t.country, None, [],
                          f"article:{article_id}")
            if kb.get(actor.id) is None:
                kb.add_actor(actor)
            actor = kb.get(actor.id) or actor
        if any(r.office == t.office and r.country == t.country and r.covers(published)
               for r in kb.roles(actor.id) if not r.learned):
            continue
        sentence = doc[t.span_start].sent.text.strip()
        role = Role(actor.id, t.office, t.country, published, published,
                    f"article:{article_id}", True, sentence)
        kb.add_role(role)
        learned.append(role)
    return learned


def could_teach_role(sentence: str, kb: KnowledgeBase) -> bool:
    """Cheap test (no spaCy): an office word next to a capitalised name."""
    return kb.teach_pattern().search(sentence) is not None


def span_of(doc: Doc, ref: ActorRef) -> Span | None:
    """The tokens of a reference (for rules that read the parse)."""
    return doc.char_span(ref.start, ref.end, alignment_mode="expand")




# -- names in text ---------------------------------------------------------------------------
def fold(text: str) -> str:
    """Lower case, no accents, straight quotes, single spaces: how names are compared."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def slug(name: str) -> str:
    """``Emmanuel Macron`` -> ``emmanuel-macron`` (ids of people and organisations)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def _key(surface: str) -> str:
    key = fold(surface)
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True)
class Entry:
    """One meaning of a surface form: an actor (``how``: name, alias, surname, metonym,
    demonym) or an office word (``how`` == "office", ``target`` the office)."""

    target: str
    how: str
    exact: str | None = None  # short all-capital forms ("US", "PM") must match exactly
    lower_ok: bool = False  # the form itself starts in lower case ("al-Qaeda", "dpa")


class NameIndex:
    """Every surface form of the knowledge base, with the prefixes that make scanning cheap."""

    def __init__(self) -> None:
        self.keys: dict[str, list[Entry]] = {}
        self.prefixes: set[str] = set()

    @classmethod
    def build(cls, kb: KnowledgeBase) -> NameIndex:
        index = cls()
        for actor in kb.actors():
            index.add_actor(kb, actor)
        for actor_id, words in kb.demonyms.items():
            for word in words:
                index.add(word, actor_id, "demonym")
                if not word.endswith(("s", "ese", "i", "sh", "ch")):
                    index.add(word + "s", actor_id, "demonym")
        for office in kb.offices.values():
            for word in office.words:
                index.add(word, office.name, "office", lower_ok=True)
        return index

    def add_actor(self, kb: KnowledgeBase, actor: Actor) -> None:
        self.add(actor.name, actor.id, "name")
        for alias in actor.aliases:
            self.add(alias, actor.id, "alias")
        for seat in kb.seats.get(actor.id, []):
            self.add(seat, actor.id, "metonym")
        if actor.kind == "person":
            default = actor.name.split()[-1] if len(actor.name.split()) > 1 else None
            surname = kb.surnames.get(actor.id, default) if actor.id in kb.surnames else default
            if surname:
                self.add(surname, actor.id, "surname")

    def add(self, surface: str, target: str, how: str, lower_ok: bool = False) -> None:
        bare = re.sub(r"^(?i:the)\s+", "", surface.strip())
        key = _key(bare)
        if not key:
            return
        letters = [c for c in bare if c.isalpha()]
        exact = bare if letters and all(c.isupper() for c in letters) and len(letters) <= 4 else None
        entry = Entry(target, how, exact, lower_ok or bare[:1].islower())
        found = self.keys.setdefault(key, [])
        if entry not in found:
            found.append(entry)
        self.prefixes.update(key[:i] for i in range(1, len(key) + 1))

    def lookup(self, key: str) -> list[Entry]:
        return self.keys.get(_key(key), [])


@dataclass
class Match:
    """Tokens ``start:end`` of a document that name something in the index."""

    start: int
    end: int
    entries: list[Entry]

    def of(self, *hows: str) -> list[Entry]:
        return [e for e in self.entries if e.how in hows]


def scan(doc: Doc, kb: KnowledgeBase) -> list[Match]:
    """Longest non-overlapping matches of index forms, left to right, case-checked."""
    index = kb.index()
    folded = [fold(t.text) for t in doc]
    found: list[Match] = []
    i = 0
    while i < len(doc):
        best = _longest(doc, index, folded, i)
        if best is None:
            i += 1
            continue
        found.append(best)
        i = best.end
    return found


def _longest(doc: Doc, index: NameIndex, folded: list[str], i: int) -> Match | None:
    if doc[i].is_space or folded[i] not in index.prefixes:
        return None
    best: Match | None = None
    text, j = folded[i], i
    while True:
        entries = _case_ok(index.keys.get(text, []), doc[i:j + 1].text)
        if entries:
            best = Match(i, j + 1, entries)
        j += 1
        if j >= len(doc) or j - i >= 8 or doc[j].is_space:
            return best
        text = text + (" " if doc[j - 1].whitespace_ else "") + folded[j]
        if text not in index.prefixes:
            return best


def _case_ok(entries: list[Entry], surface: str) -> list[Entry]:
    if not entries:
        return []
    capital = surface[:1].isupper()
    return [e for e in entries
            if ((surface.replace("’", "'") == e.exact) if e.exact else (capital or e.lower_ok))]


# -- titles: "French President Emmanuel Macron", "Iran's foreign minister", "X, the ... minister"
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


_NOT_NOW = {"former", "ex", "then", "late", "would-be", "candidate", "next", "future", "incoming",
            "outgoing", "elect", "designate", "acting", "interim", "deputy", "vice", "previous",
            "onetime", "erstwhile", "presidential"}
_BETWEEN = {"political", "military", "top", "senior", "chief", "supreme", "new", "current"}
_PARTICLES = {"al", "bin", "ibn", "de", "da", "van", "von", "der", "la", "le", "el", "abu", "del",
              "di", "du", "dos", "-"}
_NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december", "on", "in", "the", "and", "said", "says"}


def titled_names(doc: Doc, kb: KnowledgeBase, matches: list[Match] | None = None) -> list[TitledName]:
    """Titles with or without a name, and appositions ("X, the French foreign minister")."""
    matches = scan(doc, kb) if matches is None else matches
    starts = {m.start: m for m in matches}
    ends = {m.end: m for m in matches}
    found: list[TitledName] = []
    for m in matches:
        if m.of("office"):
            t = _title_at(doc, kb, m, starts, ends)
        elif m.of("demonym") and m.end < len(doc) and doc[m.end].lower_ == "counterpart":
            t = _counterpart_at(doc, kb, m, starts)
        else:
            t = None
        if t is not None and not (found and t.span_start < found[-1].span_end):
            found.append(t)
    return found


def _title_at(doc: Doc, kb: KnowledgeBase, m: Match, starts: dict[int, Match],
              ends: dict[int, Match]) -> TitledName | None:
    office = m.of("office")[0].target
    mod, mod_start = _modifier(doc, kb, m.start, ends)
    name_start, name_end, person = _name_after(doc, kb, m.end, starts)
    appos = _apposition(doc, kb, mod_start if mod else m.start, ends) if not person else None
    if appos is not None:
        name_start, name_end, person = appos
    country = mod or _person_country(kb, person, office)
    if country is None or (name_end == name_start and mod is None):
        return None
    if name_end == name_start and doc[m.start].is_lower and office in ("king", "queen", "speaker"):
        return None
    span_start = min(name_start if appos else m.start, mod_start if mod else m.start)
    span_end = m.end if appos else max(name_end, m.end)
    former = _not_now(doc, span_start if not appos else mod_start if mod else m.start)
    return TitledName(span_start, span_end, name_start, name_end, office, country, former, person)


def _modifier(doc: Doc, kb: KnowledgeBase, start: int, ends: dict[int, Match]) -> tuple[str | None, int]:
    """The country or organisation named just before a title ("French", "Iran's", "Hamas")."""
    k = start
    while k > 0 and doc[k - 1].lower_ in _BETWEEN:
        k -= 1
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
            return actor.country, m.start
        if actor.kind in ("igo", "armed_group", "organisation"):
            return actor.id, m.start
    return None, start


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
        if not (word or glue) or k in starts and k > j:
            break
        k += 1
    while k > j and (doc[k - 1].lower_ in _PARTICLES):
        k -= 1
    if k == j or not (any(t.ent_type_ == "PERSON" for t in doc[j:k]) or k - j >= 2):
        return j, j, None
    return j, k, None


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


def _not_now(doc: Doc, start: int) -> bool:
    """"former", "ex-", "then-", "would-be" ... just before the title."""
    window = doc[max(0, start - 4):min(len(doc), start + 1)]
    return any(t.lower_ in _NOT_NOW for t in window) or bool(_FUTURE.search(window.text))


# -- metonyms: does "Tehran" speak, or is it a place? ----------------------------------------
_SPEAK_DEPS = {"nsubj", "nsubjpass", "agent", "poss", "dobj", "dative", "csubj", "ROOT", "appos"}
_EVENT_PREPS = {"with", "to", "against", "on", "between", "by", "toward", "towards", "upon"}
_MOTION = {"travel", "go", "come", "fly", "arrive", "return", "head", "move", "visit", "trip",
           "journey", "flight", "way", "route", "road", "flee", "relocate", "drive", "sail"}
_PLACE_PREPS = {"in", "at", "near", "from", "to", "into", "of", "outside", "across", "around",
                "inside", "toward", "towards", "via", "through", "throughout", "within", "over",
                "beyond", "off"}


def speaks(span: Span) -> bool:
    """True when a seat ("Tehran", "the Kremlin") acts in the sentence rather than locates."""
    sent = span.sent
    if any(t.dep_ == UNPARSED_DEP for t in sent[:3]) or len(sent) == 1:
        return _speaks_unparsed(span)
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in _SPEAK_DEPS:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in _EVENT_PREPS:
        prep = tok.head
        return not (prep.lower_ in ("to", "toward", "towards") and prep.head.lemma_ in _MOTION)
    return False


def _speaks_unparsed(span: Span) -> bool:
    """Without a parse: a seat after a place preposition is a place; otherwise it speaks."""
    doc = span.doc
    k = span.start - 1
    while k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return not (k >= 0 and doc[k].lower_ in _PLACE_PREPS)


# -- demonyms: what part of the country does "Iranian ..." name? -----------------------------
_SECTOR_WORDS = {
    "MIL": "military army armed forces force troops soldiers airstrikes airstrike strikes strike "
           "jets warplanes warships navy naval drones drone missiles missile artillery defence "
           "defense air commanders generals bombing bombardment attack attacks raids raid "
           "fighter fighters-jets tanks",
    "GOV": "officials official government governments ministry ministries minister ministers "
           "authorities diplomats diplomat diplomatic administration leadership presidential "
           "president envoy envoys embassy delegation spokesman spokeswoman regime cabinet "
           "counterparts negotiators leaders leader state foreign",
    "COP": "police policemen",
    "OPP": "opposition protesters protestors dissidents activists demonstrators",
    "REB": "rebels militants insurgents militia militias guerrillas",
    "MED": "media journalists press television tv newspaper reporters broadcaster",
    "JUD": "court courts judge judges prosecutors judiciary",
    "LEG": "parliament lawmakers legislators parliamentarians mps senators congress",
    "BUS": "companies firms businesses company firm banks investors exporters",
    "CVL": "civilians citizens people population residents public nationals students families",
    "SPY": "intelligence spies spy",
    "EDU": "scientists researchers universities academics",
    "REF": "refugees migrants",
}
SECTOR_OF_WORD = {w: s for s, words in _SECTOR_WORDS.items() for w in words.split()}


def sector_after(doc: Doc, end: int) -> str | None:
    """The sector named by the noun a demonym modifies: "Israeli airstrikes" -> MIL."""
    for t in doc[end:end + 4]:
        if t.lower_ in SECTOR_OF_WORD:
            return SECTOR_OF_WORD[t.lower_]
        if t.is_punct and t.text not in (",", "-") or t.is_space:
            return None
    return None
