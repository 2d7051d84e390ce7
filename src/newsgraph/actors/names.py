"""Names in text: how names are compared, the index of every surface form, and scanning a document."""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.attrs import IDX, IS_ALPHA, IS_SPACE, IS_STOP, IS_TITLE, IS_UPPER, LENGTH, ORTH, SPACY
from spacy.tokens import Doc

from ..parsing import doc_text, token_lowers
from .records import Actor

if TYPE_CHECKING:
    from .knowledge_base import KnowledgeBase


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
    demonym, place) or an office word (``how`` == "office", ``target`` the office)."""

    target: str
    how: str
    exact: str | None = None  # short all-capital forms ("US", "PM") must match exactly
    lower_ok: bool = False  # the form itself starts in lower case ("al-Qaeda", "dpa")


class NameIndex:
    """Every surface form of the knowledge base, with the prefixes that make scanning cheap."""

    def __init__(self) -> None:
        self.keys: dict[str, list[Entry]] = {}
        self.prefixes: set[str] = set()
        self.version = 0  # counts additions, so a scan remembered for a Doc knows it is stale

    @classmethod
    def build(cls, kb: KnowledgeBase) -> NameIndex:
        index = cls()
        for actor in kb.actors():
            index.add_actor(kb, actor)
        for actor_id, words in kb.demonyms.items():
            for word in words:
                index.add(word, actor_id, "demonym")
                if not word.endswith(("s", "ese", "sh", "ch")):  # Iraqis, Thais; not Frenchs
                    index.add(word + "s", actor_id, "demonym")
        for office in kb.offices.values():
            for word in office.words:
                index.add(word, office.name, "office", lower_ok=True)
        return index

    def add_actor(self, kb: KnowledgeBase, actor: Actor) -> None:
        first = actor.id in kb.preferred
        self.add(actor.name, actor.id, "name", first=first)
        for alias in actor.aliases:
            self.add(alias, actor.id, "alias", first=first)
        for seat in kb.seats.get(actor.id, []):
            self.add(seat, actor.id, "metonym")
        for place in kb.places.get(actor.id, []):
            self.add(place, actor.id, "place")
        if actor.kind == "person":
            default = actor.name.split()[-1] if len(actor.name.split()) > 1 else None
            surname = kb.surnames.get(actor.id, default) if actor.id in kb.surnames else default
            if surname:
                self.add(surname, actor.id, "surname")

    def add(self, surface: str, target: str, how: str, lower_ok: bool = False,
            first: bool = False) -> None:
        """Index one surface form; ``first``: this meaning goes before those already known."""
        bare = re.sub(r"^(?i:the)\s+", "", surface.strip())
        key = _key(bare)
        if not key:
            return
        letters = [c for c in bare if c.isalpha()]
        exact = bare if letters and all(c.isupper() for c in letters) and len(letters) <= 4 else None
        entry = Entry(target, how, exact, lower_ok or bare[:1].islower())
        found = self.keys.setdefault(key, [])
        if entry in found:
            return
        self.version += 1
        if first:
            found.insert(0, entry)
        else:
            found.append(entry)
        self.prefixes.update(key[:i] for i in range(1, len(key) + 1))

    def lookup(self, key: str) -> list[Entry]:
        return self.keys.get(_key(key), [])

    def copy(self) -> NameIndex:
        """An index with the same forms that can be added to without touching this one: the
        entries are frozen and shared, only the lists and the prefix set are new. Copying is
        far cheaper than building (the PETRARCH dictionaries give some 50,000 forms)."""
        twin = NameIndex()
        twin.keys = {key: list(entries) for key, entries in self.keys.items()}
        twin.prefixes = set(self.prefixes)
        twin.version = self.version
        return twin


@dataclass
class Match:
    """Tokens ``start:end`` of a document that name something in the index."""

    start: int
    end: int
    entries: list[Entry]

    def of(self, *hows: str) -> list[Entry]:
        return [e for e in self.entries if e.how in hows]


def scan(doc: Doc, kb: KnowledgeBase) -> list[Match]:
    """Longest non-overlapping matches of index forms, left to right, case-checked.

    Token attributes are read once into plain lists (spaCy's per-token objects are costly to
    make), and the surface of a candidate is sliced from the text only when its key is known.
    """
    index = kb.index()
    key = (index.version, len(doc))
    known = _SCANNED.get(doc)
    if known is not None and known[0] is index and known[1] == key:
        return list(known[2])  # learning roles and finding actors both scan each article
    tokens = _Tokens(doc)
    found: list[Match] = []
    i = 0
    while i < tokens.n:
        best = _longest(tokens, index, i)
        if best is None:
            i += 1
            continue
        found.append(best)
        i = best.end
    _SCANNED[doc] = (index, key, found)
    return list(found)


# the index is held, not its id, so a rebuilt index can never pass for the one scanned with
_SCANNED: weakref.WeakKeyDictionary[Doc, tuple[NameIndex, tuple[int, int], list[Match]]] = (
    weakref.WeakKeyDictionary())


class _Tokens:
    """What scanning reads of a document's tokens, as plain Python lists."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc_text(doc)
        self.n = len(doc)
        rows = doc.to_array([ORTH, IDX, IS_SPACE, SPACY]).tolist() if self.n else []
        strings = doc.vocab.strings
        words = [strings[row[0]] for row in rows]
        self.idx = [row[1] for row in rows]
        self.ends = [a + len(w) for a, w in zip(self.idx, words, strict=True)]
        self.space = [bool(row[2]) for row in rows]
        self.ws = [bool(row[3]) for row in rows]
        self.folded = [_fold_word(w) for w in words]


_fold_word = lru_cache(maxsize=1 << 16)(fold)  # token texts repeat a lot across articles


def _longest(tokens: _Tokens, index: NameIndex, i: int) -> Match | None:
    folded = tokens.folded
    if tokens.space[i] or folded[i] not in index.prefixes:
        return None
    best: Match | None = None
    text, j = folded[i], i
    while True:
        known = index.keys.get(text)
        if known:
            entries = _case_ok(known, tokens.text[tokens.idx[i]:tokens.ends[j]])
            if entries:
                best = Match(i, j + 1, entries)
        j += 1
        if j >= tokens.n or j - i >= 8 or tokens.space[j]:
            return best
        text = text + (" " if tokens.ws[j - 1] else "") + folded[j]
        if text not in index.prefixes:
            return best


def _case_ok(entries: list[Entry], surface: str) -> list[Entry]:
    if not entries:
        return []
    capital = surface[:1].isupper()
    return [e for e in entries
            if ((surface.replace("’", "'") == e.exact) if e.exact else (capital or e.lower_ok))]


# capitalised words that never need NER: calendar words
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december""".split())
_KNOWN_HOWS = ("name", "alias", "demonym", "metonym", "place", "office")


def may_name_unknown(doc: Doc, kb: KnowledgeBase, common: frozenset[str] = frozenset()) -> bool:
    """Does this sentence hold a capitalised word that the knowledge base cannot explain?

    Only then is NER worth running on it: the rules read NER to ask whether an unknown word is
    a person's name ("Foreign Minister Aino Rask"), or whether a known name is part of a longer
    one ("Trump Tower", "National Security Council"), and in both cases some capitalised word is
    unknown. Known names, aliases, demonyms, seats, office words and surnames of one person count
    as explained; so do calendar words, capitalised stop words ("The", "He"), and a first word
    that is a ``common`` English word capitalised because it opens the sentence ("Talks
    stalled"): a name after it would be a second unknown capitalised word.
    """
    explained: set[int] = set()
    for m in scan(doc, kb):
        if m.of(*_KNOWN_HOWS) or len(m.of("surname")) == 1:
            explained.update(range(m.start, m.end))
    rows = doc.to_array([IS_ALPHA, IS_TITLE, IS_UPPER, IS_STOP, LENGTH]).tolist() if len(doc) else []
    lowers = token_lowers(doc)
    first = next((i for i, row in enumerate(rows) if row[0]), -1)
    for i, (alpha, title, upper, stop, length) in enumerate(rows):
        if alpha and (title or (upper and length > 1)) and not stop and i not in explained \
                and lowers[i] not in _CALENDAR and not (i == first and title and
                                                          _is_common(lowers[i], common)):
            return True
    return False


def _is_common(word: str, common: frozenset[str]) -> bool:
    """The word or its plain stem is in the list ("talks", "rescued", "opening")."""
    stems = [word]
    for suffix, tail in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stems.append(word[:-len(suffix)] + tail)
    return any(s in common for s in stems)
