"""Names in text: how names are compared, the index of every surface form, and scanning a document."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc

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
        first = actor.id in kb.preferred
        self.add(actor.name, actor.id, "name", first=first)
        for alias in actor.aliases:
            self.add(alias, actor.id, "alias", first=first)
        for seat in kb.seats.get(actor.id, []):
            self.add(seat, actor.id, "metonym")
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
        if first:
            found.insert(0, entry)
        else:
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
