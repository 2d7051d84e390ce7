"""Word lists that decide behaviour are data read by the one loader, not sets in the code (issue 8:
vocabulary leaves the rules). Each test checks a list is read from its shipped file and still
does its job on a hand-made parse (no model needed)."""

from __future__ import annotations

from spacy.lang.en import English
from spacy.tokens import Doc

from newsgraph.actors.demonyms import SECTOR_OF_WORD, sector_after
from newsgraph.events import load_lexicon
from newsgraph.knowledge import shipped_yaml

VOCAB = English().vocab


def test_demonym_nouns_come_from_the_agents_file() -> None:
    table = shipped_yaml("agents.yaml")["demonym_nouns"]
    assert SECTOR_OF_WORD == {w: s for s, words in table.items() for w in words}
    doc = Doc(VOCAB, words=["Chilean", "lawmakers", "voted"])
    assert sector_after(doc, 1) == "LEG"
    assert sector_after(Doc(VOCAB, words=["Chilean", "wine", "."]), 1) is None


def test_geographic_words_come_from_the_names_file() -> None:
    from newsgraph.actors import mentions

    assert set(shipped_yaml("names.yaml")["geographic_words"]) == set(mentions.GEOGRAPHIC_WORDS)


def test_envoys_and_taking_part_come_from_the_verbs_file(tmp_path) -> None:
    lexicon = load_lexicon()
    assert "emissary" in lexicon.envoys and "take part" in lexicon.participation
    extra = tmp_path / "mine.yaml"
    extra.write_text("envoys: [Courier]\nparticipation: [collude]\n", encoding="utf-8")
    widened = load_lexicon([extra])
    assert "courier" in widened.envoys and "collude" in widened.participation
    assert lexicon.envoys < widened.envoys


def test_lemma_fixes_come_from_the_verbs_file() -> None:
    assert load_lexicon().lemma_fixes["raped"] == "rape"
