"""The argument-role words are data (``data/roles.yaml``), read by one loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.events.roles import RoleWords, load_role_words, role_words


def test_the_shipped_role_words_fill_every_list() -> None:
    words = role_words()
    assert isinstance(words, RoleWords)
    assert "in" in words.place_preps and "unless" in words.condition_marks
    assert "statement" in words.documents and "protest" in words.stance_nouns


def test_a_missing_list_names_the_file_and_the_key(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text("place_preps: [in]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"roles\.yaml: 'group_place_preps' must be a list"):
        load_role_words(str(path))


def test_a_word_added_to_the_file_is_read_lower_cased(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[1] / "src" / "newsgraph" / "data" / "roles.yaml"
    path = tmp_path / "roles.yaml"
    path.write_text(shipped.read_text(encoding="utf-8") + "\nstance_nouns: [Protest, Outrage]\n",
                    encoding="utf-8")
    assert load_role_words(str(path)).stance_nouns == frozenset({"protest", "outrage"})
