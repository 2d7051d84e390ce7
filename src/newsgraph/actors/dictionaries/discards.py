"""PETRARCH discard lists: phrases that say a sentence or a whole story holds no events to code.

Sports results, film titles and historical chronologies read like conflict ("Manchester United
crushed ..."). PETRARCH's discard list names them: a phrase marks its sentence as not coded, a
phrase written with a leading ``+`` the whole story. A phrase matches at the start of a word,
case ignored; one ending in ``_`` must end at the end of a word too, others are stems
("BASEBALL" matches "baseballs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .phrase_search import Alternative, PhraseSearch
from .text import read_text, strip_comments


@dataclass
class Discards:
    """Sentence-level and story-level discard phrases, compiled into one pattern each."""

    sentence_phrases: list[str] = field(default_factory=list)
    story_phrases: list[str] = field(default_factory=list)
    _sentence: PhraseSearch | None = field(default=None, repr=False)
    _story: PhraseSearch | None = field(default=None, repr=False)

    def extend(self, other: Discards) -> None:
        self.sentence_phrases += other.sentence_phrases
        self.story_phrases += other.story_phrases
        self._sentence = self._story = None

    def __bool__(self) -> bool:
        return bool(self.sentence_phrases or self.story_phrases)

    def in_sentence(self, text: str) -> str | None:
        """The sentence-level (or story-level) phrase found in ``text``, if any."""
        if self._sentence is None:
            self._sentence = compile_phrases(self.sentence_phrases + self.story_phrases)
        return _found(self._sentence, text)

    def in_story(self, text: str) -> str | None:
        """The story-level phrase found in an article's text, if any."""
        if self._story is None:
            self._story = compile_phrases(self.story_phrases)
        return _found(self._story, text)


def compile_phrases(phrases: list[str]) -> PhraseSearch:
    """One alternation of every phrase (searched where a phrase can begin); words are joined
    by any run of spaces."""
    parts = []
    for raw in phrases:
        exact = raw.endswith("_")
        words = raw.strip("_").replace("_", " ").split()
        if not words:
            continue
        body = r"\s+".join(re.escape(w) for w in words)
        parts.append(Alternative(words[0][0],
                                 rf"(?<!\w){body}" + (r"(?!\w)" if exact else "")))
    return PhraseSearch(parts, re.IGNORECASE)


def _found(pattern: PhraseSearch, text: str) -> str | None:
    m = pattern.search(text)
    return m.group(0) if m else None


def read_discards(path: Path) -> Discards:
    """The phrases of a discard list, ``+`` ones for whole stories."""
    found = Discards()
    for line in strip_comments(read_text(Path(path))):
        phrase = " ".join(line.split())
        if phrase.startswith("+"):
            found.story_phrases.append(phrase[1:].strip())
        elif phrase:
            found.sentence_phrases.append(phrase)
    return found
