"""Which sentences are worth a full parse: a cheap test on the raw text, no spaCy."""

from __future__ import annotations

import re

from .lexicon import Lexicon

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def could_hold_event(sentence: str, lexicon: Lexicon) -> bool:
    """Cheap prefilter (no spaCy): does any word of the sentence inflect a trigger lemma?"""
    for word in _WORD.findall(sentence.lower()):
        if word in lexicon.words or any(p in lexicon.words for p in word.split("-")):
            return True
    return False
