"""Security kept by the state, told as a noun with no doer (issue 8, IndiaPoliceEvents dev).

"Amid tight security", "security arrangements were reviewed", "the bandobast" tell that the
authorities raised security (CAMEO 151) though no one is named doing it; bare "security"
("for security reasons") tells no act. The parses are built by hand, on sentences written for
these tests, so they need no model.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from conftest import hand_parse as parse
from newsgraph.events import code_events, load_lexicon
from newsgraph.ontology import Ontology

DAY = dt.date(2002, 3, 1)
ONTO = Ontology.load()

lexicon = pytest.fixture(scope="module")(load_lexicon)  # the shipped lexicon, read once


def codes(doc: Doc, lexicon) -> list[tuple[str, str | None, list[str | None]]]:
    return [(e.type, e.mode, [r.sector for r in e.source])
            for e in code_events(doc, [], "a1", DAY, ONTO, lexicon)]


def test_tight_security_is_the_authorities_watch(lexicon):
    # "The rally passed off amid tight security."
    rows = [("The", 1, "det", "the", "DET"), ("rally", 2, "nsubj", "rally", "NOUN"),
            ("passed", 2, "ROOT", "pass", "VERB"), ("off", 2, "prt", "off", "ADP"),
            ("amid", 2, "prep", "amid", "ADP"), ("tight", 6, "amod", "tight", "ADJ"),
            ("security", 4, "pobj", "security", "NOUN"), (".", 2, "punct", ".", "PUNCT")]
    assert ("MOBILIZE", "police", ["GOV"]) in codes(parse(rows), lexicon)


def test_security_arrangements_with_no_doer_are_the_authorities(lexicon):
    # "Security arrangements at the shrine were strict."
    rows = [("Security", 1, "compound", "security", "NOUN"),
            ("arrangements", 5, "nsubj", "arrangement", "NOUN"), ("at", 1, "prep", "at", "ADP"),
            ("the", 4, "det", "the", "DET"), ("shrine", 2, "pobj", "shrine", "NOUN"),
            ("were", 5, "ROOT", "be", "AUX"), ("strict", 5, "acomp", "strict", "ADJ"),
            (".", 5, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("MOBILIZE", "police", ["GOV"])]


def test_the_bandobast_is_a_police_arrangement(lexicon):
    # "The bandobast for the festival was heavy."
    rows = [("The", 1, "det", "the", "DET"), ("bandobast", 5, "nsubj", "bandobast", "NOUN"),
            ("for", 1, "prep", "for", "ADP"), ("the", 4, "det", "the", "DET"),
            ("festival", 2, "pobj", "festival", "NOUN"), ("was", 5, "ROOT", "be", "AUX"),
            ("heavy", 5, "acomp", "heavy", "ADJ"), (".", 5, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("MOBILIZE", "police", ["GOV"])]


@pytest.mark.parametrize("rows", [
    # "He left for security reasons."
    [("He", 1, "nsubj", "he", "PRON"), ("left", 1, "ROOT", "leave", "VERB"),
     ("for", 1, "prep", "for", "ADP"), ("security", 4, "compound", "security", "NOUN"),
     ("reasons", 2, "pobj", "reason", "NOUN"), (".", 1, "punct", ".", "PUNCT")],
    # "The talks covered national security."
    [("The", 1, "det", "the", "DET"), ("talks", 2, "nsubj", "talk", "NOUN"),
     ("covered", 2, "ROOT", "cover", "VERB"), ("national", 4, "amod", "national", "ADJ"),
     ("security", 2, "dobj", "security", "NOUN"), (".", 2, "punct", ".", "PUNCT")],
])
def test_security_with_no_word_of_how_tight_is_no_act(rows, lexicon):
    assert [c for c in codes(parse(rows), lexicon) if c[0] == "MOBILIZE"] == []
