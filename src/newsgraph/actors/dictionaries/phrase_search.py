"""The first of many phrases found in a text, tried only where a phrase can begin.

A discard list is hundreds of phrases. Compiled into one alternation, ``re.search`` tries every
phrase at every character of the text: about 1.3 ms a sentence for Phoenix's 506 phrases, which
was a tenth of an ingest with the PETRARCH dictionaries. A phrase can only begin at a character
equal (case ignored) to its own first character, not preceded by a word character; at such a
place only the phrases with that first character can match. :class:`PhraseSearch` finds those
places with one small pattern and tries there only that character's phrases, in the order they
were given, so it finds exactly what the whole alternation finds: the same match at the same
place (the leftmost place, the first listed phrase that matches there).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Alternative:
    """One phrase's pattern, ``(?<!\\w)`` then the literal ``first`` character then the rest."""

    first: str
    pattern: str


@dataclass
class PhraseSearch:
    """``re.search`` of the alternation of ``alternatives`` (with ``flags``), its first match
    found by trying at each possible start only the alternatives that start with that
    character. Every alternative must begin with ``(?<!\\w)`` and then its ``first``
    character, written literally (escaped where it is special)."""

    alternatives: Sequence[Alternative]
    flags: int = re.IGNORECASE
    _starts: re.Pattern[str] | None = field(default=None, repr=False)
    _at: dict[str, re.Pattern[str] | None] = field(default_factory=dict, repr=False)

    def search(self, text: str) -> re.Match[str] | None:
        """The match the whole alternation's ``search`` gives on ``text``."""
        if not self.alternatives:
            return None
        if self._starts is None:
            firsts = sorted({re.escape(a.first) for a in self.alternatives})
            self._starts = re.compile(r"(?<!\w)(?:" + "|".join(firsts) + ")", self.flags)
        for start in self._starts.finditer(text):
            pattern = self._pattern_for(start.group(0))
            found = pattern.match(text, start.start()) if pattern is not None else None
            if found is not None:
                return found
        return None

    def _pattern_for(self, char: str) -> re.Pattern[str] | None:
        """The alternation, in their order, of the alternatives whose first character matches
        ``char`` the way the whole pattern would compare them (``flags``: case folding
        included); kept for the next text."""
        if char not in self._at:
            same = [a.pattern for a in self.alternatives
                    if re.fullmatch(re.escape(a.first), char, self.flags)]
            self._at[char] = re.compile("|".join(same), self.flags) if same else None
        return self._at[char]
