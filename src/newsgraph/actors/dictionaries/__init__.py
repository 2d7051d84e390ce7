"""Dictionaries: the one place that reads every actor, agent, verb and discard file.

A user passes files or folders (``newsgraph ingest --dictionary DIR|FILE``, ``--actors FILE``,
``dictionaries=`` in the API); :func:`read_dictionaries` tells each file's kind from its
content and reads it:

- ``actors``: our YAML/CSV actor files (``entries``) or a PETRARCH/Phoenix actor dictionary
  (``petrarch_actors``); read into the knowledge base;
- ``agents``: a PETRARCH agent dictionary (``petrarch_agents``, ``POLICE [~COP]``);
- ``verbs``: PETRARCH's CAMEO verb dictionary (``cameo_verbs``): extra triggers, which the
  lexicon maps to PLOVER; ``lexicon``: a YAML file of our own trigger patterns;
- ``discards``: a PETRARCH discard list (``discards``): sentences and stories not coded.

The knowledge base and the lexicon both read what this package returns; it imports neither.
Each file is recorded by name and sha256, so the database can say which dictionaries coded an
article. Parsed files are kept per process, keyed by path, size and modification time, so the
knowledge base and the lexicon do not read one file twice.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ConfigError
from ...knowledge_cache import cached as cached_on_disk
from ..records import Actor, Role
from .cameo_verbs import VerbDictionary, VerbTrigger, looks_like_verbs, read_cameo_verbs
from .discards import Discards, read_discards
from .entries import actor_from_entry, parse_day, role_from_entry, split_list
from .petrarch_actors import CODE_BLOCK, display_name, read_petrarch_actors
from .petrarch_agents import PetrarchAgent, first_code_is_agent, read_petrarch_agents
from .text import Skipped, read_text, sha256_of, strip_comments

KINDS = ("actors", "agents", "verbs", "lexicon", "discards")
_SUFFIXES = (".txt", ".yaml", ".yml", ".csv")


@dataclass
class DictionaryFile:
    """One file read: its name, kind, content hash and the lines skipped in it.

    ``actors``/``roles``/``agents``/``verbs``/``discards`` hold what it contained (by kind);
    YAML and CSV files keep only their ``path``, read by the knowledge base or the lexicon
    through their own schema."""

    path: Path
    kind: str
    sha256: str
    skipped: Skipped = field(default_factory=Skipped)
    _actors: list[Actor] | None = field(default=None, repr=False)
    roles: list[Role] = field(default_factory=list)
    agents: list[PetrarchAgent] = field(default_factory=list)
    verbs: VerbDictionary | None = None
    discards: Discards | None = None
    # the parse shared by every read of the file (``read_dictionary``), copied into ``actors``
    # only when they are read: with the knowledge base read from the cache nothing reads them,
    # and copying Phoenix's 26k actors was 0.5 CPU-s of every load with the dictionaries
    _shared: list[Actor] = field(default_factory=list, repr=False)

    @property
    def actors(self) -> list[Actor]:
        """The file's actors, this reader's own copies (made when first read)."""
        if self._actors is None:
            self._actors = [_fresh(a) for a in self._shared]
        return self._actors

    @actors.setter
    def actors(self, actors: list[Actor]) -> None:
        self._actors = actors

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def petrarch(self) -> bool:
        return self.path.suffix.lower() == ".txt"


@dataclass
class Dictionaries:
    """Every file a user passed, in order, with what each holds."""

    files: list[DictionaryFile] = field(default_factory=list)
    _discards: Discards | None = field(default=None, repr=False)

    def of_kind(self, *kinds: str) -> list[DictionaryFile]:
        return [f for f in self.files if f.kind in kinds]

    @property
    def verbs(self) -> list[VerbDictionary]:
        return [f.verbs for f in self.files if f.verbs is not None]

    @property
    def lexicon_files(self) -> list[Path]:
        return [f.path for f in self.of_kind("lexicon")]

    @property
    def discards(self) -> Discards:
        merged = Discards()
        for f in self.files:
            if f.discards is not None:
                merged.extend(f.discards)
        return merged

    def identity(self) -> list[tuple[str, str]]:
        """(name, sha256) of every file, the record stored with each article coded with them."""
        return [(f.name, f.sha256) for f in self.files]

    def voids(self, story: str, sentence: str) -> str | None:
        """The discard phrase that voids a sentence of a story (None: it may be coded)."""
        if self._discards is None:
            self._discards = self.discards  # the files are all added by now: merged once
        found = self._discards
        return (found.in_story(story) or found.in_sentence(sentence)) if found else None

    def warnings(self) -> list[str]:
        """One line per file with skipped lines, naming the first few."""
        return [f.skipped.summary(f.name) for f in self.files if f.skipped.count]


def dictionary_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files that files and folders name, in reading order (a folder: its ``.txt``,
    ``.yaml``, ``.yml`` and ``.csv`` files, by name)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
            if not inside:
                raise ConfigError(f"{path}: no dictionary files (.txt, .yaml, .csv) in this folder")
            files += inside
        else:
            files.append(path)
    return files


def read_dictionaries(paths: Iterable[str | Path]) -> Dictionaries:
    """Read files and folders (see :func:`dictionary_files`) into one :class:`Dictionaries`."""
    return Dictionaries([read_dictionary(p) for p in dictionary_files(paths)])


def dictionary_identity(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    """(name, sha256) of each file :func:`read_dictionaries` would read, as
    :meth:`Dictionaries.identity` gives them, without parsing any: what the database records
    with each article coded. Parsing every PETRARCH dictionary again only for this cost about
    0.55 CPU-s per ingest (a cache read and a copy of 26k actors), 8% of 60 articles."""
    files = dictionary_files(paths)
    for path in files:
        if not path.is_file():
            raise ConfigError(f"{path}: file not found")
    return [(path.name, sha256_of(path)) for path in files]


def gather_dictionaries(paths: Iterable[str | Path] = (),
                        more: Iterable[str | Path] | Dictionaries = ()) -> Dictionaries:
    """``paths`` read, then ``more`` (paths, or dictionaries already read) after them."""
    found = read_dictionaries(list(paths))
    found.files += (more.files if isinstance(more, Dictionaries)
                    else read_dictionaries(list(more)).files)
    return found


_CACHE: dict[tuple[str, int, int], DictionaryFile] = {}


def read_dictionary(path: Path) -> DictionaryFile:
    """One file, its kind told from its content (a cached parse when the file is unchanged).

    The parse is shared, so each caller gets its own copy of the records it may change."""
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _CACHE:  # parsed once per machine: a cache file under path and sha256
        _CACHE[key] = cached_on_disk("dictionary", [str(path), sha256_of(path)],
                                     lambda: _read(path))
    cached = _CACHE[key]
    return DictionaryFile(cached.path, cached.kind, cached.sha256, cached.skipped,
                          roles=list(cached.roles), agents=list(cached.agents),
                          verbs=cached.verbs, discards=cached.discards, _shared=cached.actors)


def _fresh(actor: Actor) -> Actor:
    fresh = copy.copy(actor)
    fresh.aliases = list(actor.aliases)
    return fresh


def _read(path: Path) -> DictionaryFile:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".csv"):
        kind = "lexicon" if suffix != ".csv" and _is_lexicon(path) else "actors"
        return DictionaryFile(path, kind, sha256_of(path))
    if suffix != ".txt":
        raise ConfigError(f"{path}: unknown actor file format '{suffix}': use .yaml, .csv or "
                          "a PETRARCH .txt dictionary")
    kind = dictionary_kind(path)
    made = DictionaryFile(path, kind, sha256_of(path))
    if kind == "verbs":
        made.verbs = read_cameo_verbs(path, made.skipped)
    elif kind == "agents":
        made.agents = read_petrarch_agents(path, made.skipped)
    elif kind == "discards":
        made.discards = read_discards(path)
    else:
        made.actors, made.roles = read_petrarch_actors(path, made.skipped)
    return made


def dictionary_kind(path: Path) -> str:
    """Which PETRARCH dictionary a ``.txt`` is, from its content: verb block headers make a
    verb dictionary, a first code with ``~`` an agent one, other codes an actor one, and a
    file of bare phrases with no codes a discard list."""
    lines = strip_comments(read_text(path))
    if looks_like_verbs(lines):
        return "verbs"
    if not any(CODE_BLOCK.search(line) for line in lines):
        return "discards"
    return "agents" if first_code_is_agent(lines) else "actors"


def _is_lexicon(path: Path) -> bool:
    """A YAML file of our own trigger patterns (``patterns:``) rather than of actors."""
    return any(line.startswith(("patterns:", "light_verbs:", "modality:"))
               for line in read_text(path).splitlines())


__all__ = [
    "KINDS", "Dictionaries", "DictionaryFile", "Discards", "PetrarchAgent", "VerbDictionary",
    "VerbTrigger", "actor_from_entry", "dictionary_files", "dictionary_identity", "dictionary_kind",
    "display_name", "gather_dictionaries",
    "parse_day",
    "read_dictionaries", "read_dictionary", "role_from_entry", "split_list",
]
