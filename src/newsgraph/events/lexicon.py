"""The lexicon: event patterns (data/verbs.yaml) and modality cues (data/modality.yaml)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..knowledge import data_path, load_yaml
from .senses import Senses, load_senses

if TYPE_CHECKING:
    from ..actors.dictionaries import VerbDictionary, VerbTrigger
    from ..ontology import Ontology

VERBS_FILE = "verbs.yaml"
AGENTS_FILE = "agents.yaml"


MODALITY_FILE = "modality.yaml"

# types whose verbs state what someone wants or objects to: a participle of one of them after
# an act says what the act is for ("marched, demanding X's resignation")
STANCE_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST"})


@dataclass(frozen=True)
class Pattern:
    """One event pattern: trigger words, conditions on the parse, and the code it gives."""

    id: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    swap: bool = False
    reciprocal: bool = False
    needs_target: bool = False
    modes: dict[str, frozenset[str]] = field(default_factory=dict)
    cues: dict[str, frozenset[str]] = field(default_factory=dict)
    # (type, mode) when every source is a state: a government "protesting" lodges a complaint
    by_state: tuple[str, str | None] | None = None
    # the target is who is approved of: welcoming the end of X's act is not approving X
    approves: bool = False
    # the verb dictionary the pattern was read from (None: ours); see ``dictionary_patterns``
    dictionary: str | None = None
    # a passive's subject is the doer when no "by" names one: "troops were deployed", "police
    # were posted" (forces move themselves in the report's sense)
    passive_doer: bool = False


@dataclass(frozen=True)
class Unidentified:
    """What lets violence whose doer the text does not name be coded (``unidentified`` in
    ``verbs.yaml``): the types it applies to, the actor it composes (``name``, ``sector``), and
    the words that say the act was violence: ``doers`` ("gunmen"), ``weapons`` ("a roadside
    bomb"), ``blasts`` ("an explosion", unless a word of ``accidents`` is near), ``acts`` (verbs
    and nouns that are violence by themselves), ``marks`` on a ``marked`` noun ("armed men").
    ``not_violence`` undoes an act word ("heart attack"); ``claims`` are words whose "for"/"of"
    phrase names a doer ("claimed responsibility for the bombing"); ``suffer`` are verbs whose
    subject suffered the act noun after "in" ("died in an attack").

    Where no one country is named as the place, the doer is ``unplaced`` ("Unidentified
    attackers", no country): the text still says violence was done, unless its only sign is an
    act word of ``needs_place`` ("if it is attacked", "halt attacks"). ``authority_types`` are the
    acts only a state's organs do ("were arrested", "weapons were seized"): with no doer written
    they are coded with the unnamed ``authority_name`` of the place's country, and so are the
    ``authority_acts`` ("arrest", "curfew") told as a noun or a participle with no doer ("after
    the arrests", "those arrested", "placed under curfew"), which only the state does; ``agents`` are
    the state organs' nouns (``agents.yaml``: "police" -> COP) that, with no country anywhere,
    act as those unnamed organs of that sector. Acts of ``crowd_types`` (protests) with no actor
    as their doer are the crowd's: the people noun of the subject ("thousands of people"), or
    ``crowd_noun`` when none is written ("a string of protests"), of the place or unplaced."""

    types: frozenset[str] = frozenset()
    name: str = "Unidentified attackers"
    sector: str | None = None
    unplaced: str = "unnamed"
    authority_types: frozenset[str] = frozenset()
    authority_name: str = "Unnamed authorities"
    authority_sector: str | None = None
    agents: dict[str, str] = field(default_factory=dict)
    crowd_types: frozenset[str] = frozenset()
    crowd_noun: str = "protester"
    doers: frozenset[str] = frozenset()
    weapons: frozenset[str] = frozenset()
    blasts: frozenset[str] = frozenset()
    acts: frozenset[str] = frozenset()
    marks: frozenset[str] = frozenset()
    marked: frozenset[str] = frozenset()
    accidents: frozenset[str] = frozenset()
    not_violence: frozenset[str] = frozenset()
    claims: frozenset[str] = frozenset()
    suffer: frozenset[str] = frozenset()
    needs_place: frozenset[str] = frozenset()
    authority_acts: frozenset[str] = frozenset()
    # people nouns of a protest crowd whose own violence is a riot ("rioters fought police")
    rioters: frozenset[str] = frozenset()


@dataclass
class Lexicon:
    """Event patterns indexed by trigger lemma, with the modality and attribution cues."""

    patterns: list[Pattern]
    light_verbs: frozenset[str]
    irregular: dict[str, tuple[str, ...]]
    modality: dict[str, dict[str, frozenset[str]]]
    # people nouns a demonym does not make a state -> their CAMEO sector ("activist" -> OPP)
    groups: dict[str, str | None] = field(default_factory=dict)
    actor_words: frozenset[str] = frozenset()  # lower-case words that may stand for an actor
    # types whose act is done *in* a place: with no target of their own, the place stands in
    place_types: frozenset[str] = frozenset()
    # types aimed at whoever their stated purpose names ("struck to protest X's decision")
    purpose_types: frozenset[str] = frozenset()
    # nouns that frame an event noun and carry its actors ("a wave of strikes on X")
    frame_nouns: frozenset[str] = frozenset()
    # violence with no named doer: coded with the unidentified attackers of the place's country
    unidentified: Unidentified = field(default_factory=Unidentified)
    verb_index: dict[str, list[Pattern]] = field(default_factory=dict)
    noun_index: dict[str, list[Pattern]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()
    # surface form -> the trigger lemmas it may inflect ("met" -> {"meet"})
    lemmas_of: dict[str, frozenset[str]] = field(default_factory=dict)
    # one-word verb lemmas of some pattern of a STANCE_TYPES type ("demand", "call", "protest")
    stance_verbs: frozenset[str] = frozenset()
    # senses of trigger words that are no event: months, markets, sport (data/senses.yaml)
    senses: Senses = field(default_factory=load_senses)
    # word form -> its right lemma, where the lemmatiser slips ("raped" -> "rap")
    lemma_fixes: dict[str, str] = field(default_factory=dict)
    # "first lemma" -> the one word a trigger is, where writers split it in two ("lathi charge")
    split_words: dict[str, str] = field(default_factory=dict)
    # people sent to speak, look or mediate: sending them is no aid ("sent an envoy to X")
    envoys: frozenset[str] = frozenset()
    # verbs (or verb + bare object) whose subject does what their "in" names ("took part in")
    participation: frozenset[str] = frozenset()
    # verbs of owning up whose subject did the agentless passive they govern ("admitted that
    # drones were supplied")
    admissions: frozenset[str] = frozenset()
    # types whose place, with no target named, is whom they are aimed at ("suspended aid in X")
    place_target_types: frozenset[str] = frozenset()
    # types whose place stays their target when it is the doer's own country
    home_place_types: frozenset[str] = frozenset()
    _forms: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _light_forms: frozenset[str] = field(default=frozenset(), repr=False)

    def __post_init__(self) -> None:
        for p in self.patterns:
            for v in p.verbs:
                self.verb_index.setdefault(v.split()[0], []).append(p)
            for n in p.nouns:
                self.noun_index.setdefault(n, []).append(p)
        lemmas: dict[str, set[str]] = {}
        for lemma in list(self.verb_index) + list(self.noun_index):
            for form in inflections(lemma, self.irregular.get(lemma, ())):
                lemmas.setdefault(form, set()).add(lemma)
        self.lemmas_of = {f: frozenset(ls) for f, ls in lemmas.items()}
        self.stance_verbs = frozenset(v for p in self.patterns if p.type in STANCE_TYPES
                                      and p.dictionary is None
                                      for v in p.verbs if " " not in v)  # "wave off": not "wave"
        self.words = frozenset(lemmas)
        self._light_forms = frozenset(f for v in self.light_verbs
                                      for f in inflections(v, self.irregular.get(v, ())))

    def patterns_for(self, lemma: str) -> list[Pattern]:
        """Every pattern a lemma may trigger, as a verb or as a noun."""
        return self.verb_index.get(lemma, []) + self.noun_index.get(lemma, [])

    def is_light(self, lemma: str, word: str) -> bool:
        """Is this a light verb ("held talks")? By lemma, or by its form where the lemmatiser
        slips ("staged" -> "stag")."""
        return lemma.lower() in self.light_verbs or word.lower() in self._light_forms

    def forms(self, lemma: str) -> frozenset[str]:
        """The surface forms of any lemma (a trigger's or an object word's), cached."""
        if lemma not in self._forms:
            self._forms[lemma] = frozenset(inflections(lemma, self.irregular.get(lemma, ())))
        return self._forms[lemma]

    def cue(self, group: str, key: str) -> frozenset[str]:
        """A modality or attribution cue list, e.g. ``cue("future", "aux")``."""
        return self.modality.get(group, {}).get(key, frozenset())


def load_lexicon(files: Iterable[str | Path] = (), verbs: Iterable[VerbDictionary] = (),
                 onto: Ontology | None = None) -> Lexicon:
    """The shipped patterns and cues, with users' YAML files first (their patterns win), and
    the triggers of PETRARCH verb dictionaries last (``dictionary_patterns``): they add verbs
    and phrases, and code only where no pattern of ours fits."""
    shipped = load_yaml(data_path(VERBS_FILE)) or {}
    cues = _cue_sets(load_yaml(data_path(MODALITY_FILE)) or {})
    patterns: list[Pattern] = []
    light, irregular = set(shipped.get("light_verbs") or []), dict(shipped.get("irregular") or {})
    groups, actor_words = _groups(shipped.get("groups")), set(shipped.get("actor_words") or [])
    place_types = {str(t).upper() for t in shipped.get("place_types") or []}
    place_kinds = {k: {str(t).upper() for t in shipped.get(k) or []}
                   for k in ("place_target_types", "home_place_types")}
    purpose_types = {str(t).upper() for t in shipped.get("purpose_types") or []}
    frames = {str(w).lower() for w in shipped.get("frame_nouns") or []}
    fixes = _lemma_fixes(shipped.get("lemma_fixes"))
    split = _lemma_fixes(shipped.get("split_words"))
    envoys = {str(w).lower() for w in shipped.get("envoys") or []}
    participation = {str(w).lower() for w in shipped.get("participation") or []}
    admissions = {str(w).lower() for w in shipped.get("admissions") or []}
    unidentified = _unidentified(shipped.get("unidentified") or {},
                                 Unidentified(agents=state_agents()), VERBS_FILE)
    for f in files:
        user = load_yaml(f) or {}
        if not isinstance(user, dict):
            raise ConfigError(f"{f}: expected a mapping with 'patterns' and/or 'modality'")
        patterns += [_pattern(p, shipped.get("defaults") or {}, f) for p in user.get("patterns") or []]
        light |= set(user.get("light_verbs") or [])
        irregular.update(user.get("irregular") or {})
        groups.update(_groups(user.get("groups")))
        if "place_types" in user:
            place_types = {str(t).upper() for t in user.get("place_types") or []}
        for k in place_kinds:
            if k in user:
                place_kinds[k] = {str(t).upper() for t in user.get(k) or []}
        if "purpose_types" in user:
            purpose_types = {str(t).upper() for t in user.get("purpose_types") or []}
        actor_words |= set(user.get("actor_words") or [])
        frames |= {str(w).lower() for w in user.get("frame_nouns") or []}
        fixes.update(_lemma_fixes(user.get("lemma_fixes")))
        split.update(_lemma_fixes(user.get("split_words")))
        envoys |= {str(w).lower() for w in user.get("envoys") or []}
        participation |= {str(w).lower() for w in user.get("participation") or []}
        admissions |= {str(w).lower() for w in user.get("admissions") or []}
        unidentified = _unidentified(user.get("unidentified") or {}, unidentified, f)
        for group, sets in _cue_sets(user.get("modality") or {}).items():
            for key, words in sets.items():
                cues.setdefault(group, {})[key] = cues.get(group, {}).get(key, frozenset()) | words
    defaults = shipped.get("defaults") or {}
    patterns += [_pattern(p, defaults, data_path(VERBS_FILE)) for p in shipped["patterns"]]
    for dictionary in verbs:
        if onto is None:
            from ..ontology import Ontology

            onto = Ontology.load()
        found, _ = dictionary_patterns(dictionary, onto, defaults)
        patterns += found
        for lemma, forms in dictionary.forms.items():
            irregular[lemma] = tuple(dict.fromkeys([*irregular.get(lemma, ()), *forms]))
    return Lexicon(patterns, frozenset(light), {k: tuple(v) for k, v in irregular.items()}, cues,
                   groups, frozenset(w.lower() for w in actor_words), frozenset(place_types),
                   frozenset(purpose_types), frozenset(frames), unidentified,
                   lemma_fixes=fixes, split_words=split, envoys=frozenset(envoys),
                   place_target_types=frozenset(place_kinds["place_target_types"]),
                   home_place_types=frozenset(place_kinds["home_place_types"]),
                   participation=frozenset(participation), admissions=frozenset(admissions))


def _lemma_fixes(data: Any) -> dict[str, str]:
    """``lemma_fixes`` (word form -> lemma) in lower case; the word list's origin is in the file."""
    return {str(k).lower(): str(v).lower() for k, v in (data or {}).items()}


def dictionary_patterns(dictionary: VerbDictionary, onto: Ontology,
                        defaults: dict[str, Any] | None = None) -> tuple[list[Pattern], Counter[str]]:
    """Trigger patterns from a PETRARCH verb dictionary, and the codes that give none.

    A trigger's CAMEO code gives its PLOVER type and mode through ``cameo_plover.csv``
    (``Ontology.from_cameo``); a code with no PLOVER counterpart (CAMEO 01, the WEIS codes of
    old dictionaries) gives no pattern and is counted. Each pattern's id is the file and line it
    came from (``CAMEO.2.0.txt:1107``), the rule stored with every mention it codes. Bare verbs
    come after the block's phrases, and do not fire on an object a phrase codes as no event
    (``- * SEARCH [---]``: "halted the search")."""
    if defaults is None:
        defaults = (load_yaml(data_path(VERBS_FILE)) or {}).get("defaults") or {}
    target = tuple(defaults.get("verb_target") or ())
    unmapped: Counter[str] = Counter()
    null_objects: dict[str, set[str]] = {}
    for t in dictionary.triggers:
        if t.code is None and t.objects and t.preposition is None:
            null_objects.setdefault(t.block, set()).update(t.objects)
    patterns: list[Pattern] = []
    for t in dictionary.triggers:
        if t.code is None:
            continue
        found = onto.from_cameo(t.code)
        if found is None:
            unmapped[t.code] += 1
            continue
        patterns.append(_trigger_pattern(t, found, target, null_objects.get(t.block, set())))
    return patterns, unmapped


def _trigger_pattern(t: VerbTrigger, code: tuple[str, str | None], target: tuple[str, ...],
                     not_objects: set[str]) -> Pattern:
    requires: tuple[str, ...] = ()
    if t.objects:
        requires = ("object:" + "|".join(t.objects),)
    elif not_objects:
        requires = ("not_object:" + "|".join(sorted(not_objects)),)
    return Pattern(id=t.where, type=code[0], mode=code[1], cameo=t.code, verbs=t.verbs,
                   requires=requires, target=target, reciprocal=t.reciprocal,
                   dictionary=t.where.rsplit(":", 1)[0])


_WORD_SETS = ("doers", "weapons", "blasts", "acts", "marks", "marked", "accidents",
              "not_violence", "claims", "suffer", "needs_place", "authority_acts", "rioters")


def _unidentified(spec: Any, base: Unidentified, origin: str | Path) -> Unidentified:
    """``unidentified`` of a YAML file over ``base``: word lists are added to, ``types``,
    ``name`` and ``sector`` replaced when given."""
    if not isinstance(spec, dict):
        raise ConfigError(f"{origin}: 'unidentified' must be a mapping of word lists "
                          f"(types, doers, weapons, ...), not {spec!r}")
    words = {k: getattr(base, k) | {str(w).lower() for w in spec.get(k) or []} for k in _WORD_SETS}
    types = frozenset(str(t).upper() for t in spec["types"] or []) if "types" in spec else base.types
    authority = frozenset(str(t).upper() for t in spec["authority_types"] or []) \
        if "authority_types" in spec else base.authority_types
    crowd = frozenset(str(t).upper() for t in spec["crowd_types"] or []) \
        if "crowd_types" in spec else base.crowd_types
    return Unidentified(types=types, name=str(spec.get("name") or base.name),
                        sector=str(spec["sector"]) if spec.get("sector") else base.sector,
                        unplaced=str(spec.get("unplaced") or base.unplaced),
                        authority_types=authority,
                        authority_name=str(spec.get("authority_name") or base.authority_name),
                        authority_sector=str(spec["authority_sector"])
                        if spec.get("authority_sector") else base.authority_sector,
                        agents=base.agents, crowd_types=crowd,
                        crowd_noun=str(spec.get("crowd_noun") or base.crowd_noun), **words)


def state_agents(agents_file: str = AGENTS_FILE) -> dict[str, str]:
    """The nouns of state organs and their sector ("police" -> COP, "troops" -> MIL), read from
    the one agents table the knowledge base reads too, so the two never disagree. Multi-word
    entries are matched by their head noun ("riot police" -> "police")."""
    data = load_yaml(data_path(agents_file)) or {}
    entries = [(str(noun).lower().split(), str(sector))
               for sector, nouns in (data.get("state") or {}).items() for noun in nouns or []]
    out = {words[0]: sector for words, sector in entries if len(words) == 1}
    for words, sector in entries:  # "military police" does not make "police" MIL
        out.setdefault(words[-1], sector)
    return out


def _groups(data: Any) -> dict[str, str | None]:
    """``groups`` as a list of people nouns or a mapping noun -> CAMEO sector."""
    if isinstance(data, dict):
        return {str(k).lower(): (str(v) if v else None) for k, v in data.items()}
    return {str(w).lower(): None for w in data or []}


def _cue_sets(data: dict[str, Any]) -> dict[str, dict[str, frozenset[str]]]:
    return {g: {k: frozenset(str(w).lower() for w in v) for k, v in (d or {}).items()}
            for g, d in data.items() if isinstance(d, dict)}


def _pattern(spec: dict[str, Any], defaults: dict[str, Any], origin: str | Path) -> Pattern:
    try:
        verbs, nouns = tuple(spec.get("verbs") or ()), tuple(spec.get("nouns") or ())
        default_target = defaults.get("verb_target" if verbs else "noun_target") or []
        target = spec.get("target")
        return Pattern(
            id=str(spec["id"]), type=str(spec["type"]).upper(), mode=spec.get("mode"),
            cameo=str(spec["cameo"]) if spec.get("cameo") else None, verbs=verbs, nouns=nouns,
            requires=tuple(spec.get("requires") or ()),
            target=tuple(default_target if target is None else target),
            swap=bool(spec.get("swap")), reciprocal=bool(spec.get("reciprocal")),
            needs_target=bool(spec.get("needs_target")),
            modes={m: frozenset(w) for m, w in (spec.get("modes") or {}).items()},
            cues={str(c): frozenset(w) for c, w in (spec.get("cues") or {}).items()},
            by_state=_by_state(spec.get("by_state")), approves=bool(spec.get("approves")),
            passive_doer=bool(spec.get("passive_doer")),
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"{origin}: pattern {spec!r} lacks {exc}; each needs id and type") from None


def _by_state(spec: Any) -> tuple[str, str | None] | None:
    """``by_state: {type: ACCUSE, mode: disapprove}`` -> ("ACCUSE", "disapprove")."""
    if not spec:
        return None
    return str(spec["type"]).upper(), (str(spec["mode"]) if spec.get("mode") else None)


def inflections(lemma: str, irregular: Iterable[str] = ()) -> set[str]:
    """Every surface form a lemma may take in news text, generously (the prefilter's words).

    Over-generation is harmless (a non-word never matches); a missed form loses events.
    """
    w = lemma.lower()
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", *irregular}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w + "d"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # "stopped", "planning"
    if w.endswith("ize"):
        forms |= inflections(w[:-3] + "ise")
    return forms
