"""The knowledge base: actors, their names and their roles over time, shipped and user files."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..knowledge import data_path, load_csv, load_yaml
from .agents import STATE_SECTORS, AgentWord, agent_forms, agent_key
from .dictionaries import (
    Dictionaries,
    DictionaryFile,
    actor_from_entry,
    parse_day,
    read_dictionaries,
    read_dictionary,
    role_from_entry,
    split_list,
)
from .names import NameIndex, fold
from .records import Actor, Role

SHIPPED_YAML = ("igos.yaml", "nonstate.yaml", "people.yaml")
LEARNED_WINDOW = dt.timedelta(days=90)  # a title read in an article vouches for this long


@dataclass(frozen=True)
class Statehood:
    """When a country that came into being lately ("South Sudan", 2011) began to stand on its
    own, and the state it was part of before (None: a territory with no government of its own)."""

    since: dt.date
    part_of: str | None = None  # actor id


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
        self.past_words: set[str] = set()  # "former": a title or organ held no longer (ELI)
        self.leaders: dict[str, list[str]] = {}
        self.seats: dict[str, list[str]] = {}  # actor id -> names that speak for its government
        self.places: dict[str, list[str]] = {}  # country id -> cities that only locate in it
        self.demonyms: dict[str, list[str]] = {}  # country actor id -> adjectives
        self.statehood: dict[str, Statehood] = {}  # country actor id -> since when it stands alone
        self.surnames: dict[str, str | None] = {}  # person id -> surname (None: never alone)
        self.agents: dict[tuple[str, ...], AgentWord] = {}  # "police" -> COP (agents.py)
        # a user's agent code for a title's words ("foreign minister" -> GOVFRM): it codes the
        # title's holder in place of the office's sector
        self.title_codes: dict[tuple[str, ...], str] = {}
        self.peoples: dict[str, str] = {}  # "tamils" -> "tamil": ethnic and faith communities
        self.preferred: set[str] = set()  # actors of user files: their names win over shipped ones
        # our actor id -> the user's PETRARCH entry that named it, with its dated codes: the
        # entry codes it (affiliation), as it would an actor of its own
        self._codes: dict[str, tuple[Actor, list[Role]]] = {}
        self._index: Any = None  # built on first use (names.NameIndex), or copied (share_index)
        self._teach: re.Pattern[str] | None = None

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, files: list[Path] | tuple = (), dictionaries: Dictionaries | None = None
             ) -> KnowledgeBase:
        """Shipped knowledge, then the user's files in order (a known id is overridden): paths,
        or dictionaries already read (``actors.dictionaries``); verb and discard files are the
        lexicon's and pass by."""
        kb = cls()
        offices, countries, entries, agents = _shipped()
        kb._add_offices(offices, "offices.yaml")
        kb.add_agents(agents, "agents.yaml")
        for row in countries:
            kb._add_country_row(row, "countries.csv")
        for name, items in entries:
            for i, entry in enumerate(items):
                kb._add_entry(entry, name, i)
        loaded = read_dictionaries(list(files)) if files else Dictionaries()
        for found in loaded.files + (dictionaries.files if dictionaries else []):
            kb.add_dictionary(found)
        return kb

    def add_file(self, path: Path) -> None:
        """Add a user file: YAML or CSV in the shipped schema, or a PETRARCH ``.txt`` dictionary."""
        self.add_dictionary(read_dictionary(Path(path)))

    def add_dictionary(self, found: DictionaryFile) -> None:
        """Add what one dictionary file holds about actors: our YAML/CSV schema, or PETRARCH
        actors and agents. Verb and discard files are the lexicon's."""
        path = found.path
        if found.kind != "actors" or found.petrarch:
            for agent in found.agents:
                self._add_petrarch_agent(agent.name, agent.plurals, agent.code, agent.prefix)
            ours = self._names_of_ours() if found.actors else {}
            merged = {actor.id: known for actor in found.actors
                      if (known := self._add_petrarch_actor(actor, ours)) is not None}
            for role in found.roles:
                known = merged.get(role.actor_id)
                if known in self._codes:  # its dated codes code the person it named
                    self._codes[known][1].append(replace(role, actor_id=known))
                elif known is None:
                    self.add_role(role)
        elif path.suffix.lower() in (".yaml", ".yml"):
            data = load_yaml(path) or {}
            if not isinstance(data, dict):
                raise ConfigError(f"{path}: expected a mapping with 'actors:' (and/or 'offices:')")
            self._add_offices(data, str(path))
            self.add_agents(data, str(path))
            for i, entry in enumerate(data.get("actors") or []):
                self._add_entry(entry, str(path), i, override=True)
        else:
            self._add_csv(path)

    def _names_of_ours(self) -> dict[str, str | None]:
        """Folded name -> the one actor of ours (not of a dictionary) with it; None: several."""
        found: dict[str, str | None] = {}
        for actor in self._actors.values():
            if actor.id.startswith("petrarch:"):
                continue
            for name in {fold(n) for n in [actor.name, *actor.aliases]}:
                found[name] = actor.id if found.get(name, actor.id) == actor.id else None
        return found

    def _add_petrarch_actor(self, actor: Actor, ours: dict[str, str | None]) -> str | None:
        """Add a PETRARCH entry; the id of the actor we know that it named, which then takes
        its names instead of a second actor standing for it. Known: a country by its code
        (``IRAN_ [IRN]``, with ``+TEHRAN_``), others by their name, when one actor of a like
        kind has it. The user's file wins on codes: the known actor is coded as the entry
        codes it (``INTERNATIONAL_CRIMINAL_COURT [IGOJUDICC]`` over our ``ICC``/``JUD``), on
        every day, while our terms of office still say who holds an office. Other entries are
        actors of their own, whose names win over the shipped ones."""
        if actor.kind == "country":
            known = self._actors.get(f"country:{actor.country}")
        else:
            found = ours.get(fold(actor.name))
            known = self._actors.get(found) if found else None
        if known is None or _kind_group(known.kind) != _kind_group(actor.kind):
            self.add_actor(actor, preferred=True)
            return None
        seen = {fold(n) for n in [known.name, *known.aliases]}
        more = []
        for name in [actor.name, *actor.aliases]:
            if fold(name) not in seen:
                seen.add(fold(name))
                more.append(name)
        merged = replace(known, aliases=[*known.aliases, *more])
        if known.kind == "person":  # coded by the entry's codes of the day (affiliation)
            self._codes[known.id] = (replace(actor, id=known.id), [])
        elif known.kind != "country":  # a country's code is the entry's already
            merged = replace(merged, country=actor.country, sector=actor.sector)
        self.add_actor(merged, preferred=known.id in self.preferred)
        return known.id

    def _add_offices(self, data: dict, origin: str) -> None:
        for name, spec in (data.get("offices") or {}).items():
            spec = spec or {}
            self.offices[name] = Office(name, spec.get("sector"), list(spec.get("words") or []))
        self.fallbacks.update(data.get("fallbacks") or {})
        self.past_words |= {str(w).lower() for w in data.get("past_words") or []}
        self.leaders.update(data.get("leaders") or {})
        self._index = self._teach = None

    def add_agents(self, data: dict, origin: str) -> None:
        """``state:``/``people:`` mappings of sector -> agent words, and ``peoples:`` (ethnic and
        faith communities), as ``data/agents.yaml`` has them."""
        for part, group in (("state", False), ("people", True)):
            spec = data.get(part) or {}
            if not isinstance(spec, dict):
                raise ConfigError(f"{origin}: '{part}:' must map a sector code to a list of words")
            for sector, words in spec.items():
                for word in words or []:
                    noun = "-".join(str(word).lower().split())
                    for key in agent_forms(str(word)):
                        self.agents[key] = AgentWord(str(sector), group, noun)
        for word in data.get("peoples") or []:
            forms = agent_forms(str(word))
            for key in forms:
                self.peoples["-".join(key)] = "-".join(forms[0])
        for plural in data.get("several_states") or []:
            key = agent_key(str(plural).split())
            if key in self.agents:
                self.agents[key] = replace(self.agents[key], several=True)

    def _add_petrarch_agent(self, name: str, plurals: list[str], code: str, prefix: bool) -> None:
        """A PETRARCH agent (``CLERIC [~REL]``): state organs keep the country, others are groups."""
        if prefix or not code:
            return  # "[NGO~]" puts its code before the actor's: no country of its own to act for
        word = AgentWord(code, code[:3] not in STATE_SECTORS, "-".join(name.lower().split()))
        for form in [name, *plurals]:
            self.agents[agent_forms(form)[0]] = word
            self.title_codes[agent_forms(form)[0]] = code
        if not plurals:
            self.agents.setdefault(agent_forms(name)[1], word)

    def _add_country_row(self, row: dict[str, str], origin: str) -> None:
        iso3 = (row.get("iso3") or "").strip().upper()
        if not iso3 or not row.get("name"):
            raise ConfigError(f"{origin}: a country row needs iso3 and name ({row})")
        actor_id = f"country:{iso3}"
        self.add_actor(Actor(actor_id, row["name"], "country", iso3, None,
                             split_list(row.get("aliases")), origin))
        self.demonyms[actor_id] = split_list(row.get("demonyms"))
        if row.get("kind", "state") == "state":
            self.seats[actor_id] = split_list(row.get("seats"))
        self.places[actor_id] = split_list(row.get("places"))
        since = parse_day((row.get("since") or "").strip() or None, f"{origin}: {iso3} since")
        if since is not None:
            part_of = (row.get("part_of") or "").strip().upper()
            self.statehood[actor_id] = Statehood(since, f"country:{part_of}" if part_of else None)

    def _add_entry(self, entry: Any, origin: str, i: int, override: bool = False) -> None:
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ConfigError(f"{origin}: actor #{i + 1} needs at least a name ({entry!r})")
        actor = actor_from_entry(entry, origin)
        if override and "roles" in entry:
            self._drop_roles(actor.id)
        self.add_actor(actor, preferred=override)
        if "surname" in entry:
            self.surnames[actor.id] = entry["surname"]
        if entry.get("seats"):
            self.seats[actor.id] = list(entry["seats"])
        for j, raw in enumerate(entry.get("roles") or []):
            self.add_role(role_from_entry(raw, actor, origin, f"{origin}: {actor.name} role #{j + 1}"))

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
                self.add_role(role_from_entry(raw, actor, str(path), f"{path}:{i + 2}"))
        elif {"id", "name"} <= head or {"name", "kind"} <= head:
            for i, row in enumerate(rows):
                entry: dict[str, Any] = {k: v for k, v in row.items() if v}
                entry["aliases"] = split_list(row.get("aliases"))
                self._add_entry(entry, str(path), i, override=True)
        else:
            raise ConfigError(f"{path}: CSV header must have iso3 (countries), id,name "
                              f"(actors) or actor_id,office (roles); found {sorted(head)}")

    # -- editing ---------------------------------------------------------------------------
    def add_actor(self, actor: Actor, preferred: bool = False) -> None:
        """Add or replace an actor (same id: the new one wins). A ``preferred`` actor's names win
        over other actors' same names (a user's dictionary over the shipped one)."""
        if preferred:
            self.preferred.add(actor.id)
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
        return _role_among(self._by_actor.get(actor_id, []), on)

    def affiliation(self, actor_id: str, on: dt.date) -> tuple[str | None, str | None]:
        """A person's (country, sector) on a day, from the role held then; else the actor's own.
        A person a user's PETRARCH entry named is coded by that entry's codes alone."""
        actor, roles = self._codes.get(actor_id) or (self._actors.get(actor_id),
                                                     self._by_actor.get(actor_id, []))
        role = _role_among(roles, on)
        if role is not None:
            office = self.offices.get(role.office)
            return role.country, role.sector or (office.sector if office else "GOV")
        if actor is None:
            return None, None
        past = [r for r in roles if r.sector and r.end and r.end <= on]
        if past:  # a dead or retired militant leader still acts for the group in the news
            last = max(past, key=lambda r: r.end or dt.date.min)
            return last.country, last.sector
        return actor.country, actor.sector

    def country_on(self, actor_id: str, on: dt.date) -> tuple[str, bool]:
        """What a country's names stood for on ``on``, and whether it had a government of its
        own then (so its seats could speak). Before a late-born country stood alone its names
        and seats stand for the state it was part of ("Juba" in 2005 is Sudan, as a place), or
        for itself as a territory that speaks for no government ("East Timor" in 1999)."""
        found = self.statehood.get(actor_id)
        if found is None or on >= found.since:
            return actor_id, True
        return found.part_of or actor_id, False

    def lookup(self, name: str) -> list[Actor]:
        """Actors whose name, alias or (for people) surname is ``name`` (case and accents ignored)."""
        found = self.index().lookup(fold(name))
        order = {"name": 0, "alias": 1, "metonym": 2, "demonym": 3, "surname": 4, "place": 5}
        ids = [e.target for e in sorted(found, key=lambda e: order.get(e.how, 9)) if e.how in order]
        return [self._actors[i] for i in dict.fromkeys(ids) if i in self._actors]

    def index(self) -> Any:
        """The name index over every actor, seat, demonym and office word (built once)."""
        if self._index is None:
            self._index = NameIndex.build(self)
        return self._index

    def share_index(self, twin: KnowledgeBase) -> None:
        """Take a copy of ``twin``'s name index instead of building one: ``twin`` must hold the
        same knowledge as this one does now (both restored from one snapshot, neither taught
        since), so the copy is the index this one would build. What this one learns later goes
        into its own copy only."""
        self._index = twin.index().copy()

    def office_sector(self, office: str, words: tuple[str, ...] = ()) -> str | None:
        """The sector a title's holder acts for: the user's agent code for the title's own
        ``words`` when a dictionary gives one (``FOREIGN_MINISTER [~GOVFRM]``: the user's file
        wins on codes), else the office's."""
        if words in self.title_codes:
            return self.title_codes[words]
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


def _role_among(roles: list[Role], on: dt.date) -> Role | None:
    """The role held on ``on`` among ``roles``: curated first, then a learned one nearby."""
    curated = [r for r in roles if not r.learned and r.covers(on)]
    if curated:
        return max(curated, key=lambda r: r.start or dt.date.min)
    near = [r for r in roles if r.learned and r.distance(on) <= LEARNED_WINDOW]
    return min(near, key=lambda r: r.distance(on)) if near else None


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict, list[dict[str, str]], list[tuple[str, list]], dict]:
    """The shipped data files, parsed once per process (the KB itself is built fresh)."""
    offices = load_yaml(data_path("offices.yaml")) or {}
    countries = list(load_csv(data_path("countries.csv")))
    entries = [(n, (load_yaml(data_path(n)) or {}).get("actors") or []) for n in SHIPPED_YAML]
    agents = load_yaml(data_path("agents.yaml")) or {}
    return offices, countries, entries, agents


def _kind_group(kind: str) -> str:
    """Kinds a PETRARCH entry may be read as for one of ours: its code tells a person or a
    country, not an IGO from an organisation or an armed group."""
    return kind if kind in ("person", "country") else "organisation"
