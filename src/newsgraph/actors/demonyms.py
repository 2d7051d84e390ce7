"""Demonyms: what part of the country does "Iranian ..." name?"""

from __future__ import annotations

from spacy.tokens import Doc

from ..knowledge import shipped_yaml


def _sector_words() -> dict[str, str]:
    """``demonym_nouns`` of ``agents.yaml``: word -> sector."""
    table = shipped_yaml("agents.yaml").get("demonym_nouns") or {}
    return {str(w).lower(): str(sector) for sector, words in table.items() for w in words}


SECTOR_OF_WORD = _sector_words()


def sector_after(doc: Doc, end: int) -> str | None:
    """The sector named by the noun a demonym modifies: "Israeli airstrikes" -> MIL."""
    for t in doc[end:end + 4]:
        if t.lower_ in SECTOR_OF_WORD:
            return SECTOR_OF_WORD[t.lower_]
        if t.is_punct and t.text not in (",", "-") or t.is_space:
            return None
    return None
