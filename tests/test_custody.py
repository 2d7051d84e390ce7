""""Taken into custody" is an arrest (issue 8, IndiaPoliceEvents dev docs 867, 1033, 207): the
lexicon's ``pobj:into=custody`` condition reads the noun of the trigger's own "into" phrase, so
"take" is an arrest only with it. Forces that "take positions" in a place are deployed there
(dev 651, 943), a position taken on a question is no deployment.

The parses are built by hand (words, heads, dependencies, lemmas, tags), as spaCy's own component
tests do, on sentences written for these tests, so they need no model."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import hand_parse as parse
from newsgraph.events import code_events, load_lexicon
from newsgraph.ontology import Ontology

DAY = dt.date(2002, 3, 1)
ONTO = Ontology.load()

lexicon = pytest.fixture(scope="module")(load_lexicon)  # the shipped lexicon, read once


def codes(rows, lexicon) -> list[tuple[str, str | None, list[str | None]]]:
    return [(e.type, e.mode, [r.sector for r in e.source])
            for e in code_events(parse(rows), [], "a1", DAY, ONTO, lexicon)]


def test_police_taking_men_into_custody_is_an_arrest_by_the_police(lexicon):
    # "Police took the leaders into custody."
    rows = [("Police", 1, "nsubj", "police", "NOUN"), ("took", 1, "ROOT", "take", "VERB"),
            ("the", 3, "det", "the", "DET"), ("leaders", 1, "dobj", "leader", "NOUN"),
            ("into", 1, "prep", "into", "ADP"), ("custody", 4, "pobj", "custody", "NOUN"),
            (".", 1, "punct", ".", "PUNCT")]
    assert codes(rows, lexicon) == [("COERCE", "arrest", ["COP"])]


def test_men_taken_into_custody_with_no_doer_named_are_arrested(lexicon):
    # "Five men were taken into custody."
    rows = [("Five", 1, "nummod", "five", "NUM"), ("men", 3, "nsubjpass", "man", "NOUN"),
            ("were", 3, "auxpass", "be", "AUX"), ("taken", 3, "ROOT", "take", "VERB"),
            ("into", 3, "prep", "into", "ADP"), ("custody", 4, "pobj", "custody", "NOUN"),
            (".", 3, "punct", ".", "PUNCT")]
    assert [(t, m) for t, m, _ in codes(rows, lexicon)] == [("COERCE", "arrest")]


def test_taking_people_anywhere_else_is_no_arrest(lexicon):
    # "Police took the injured into the hospital."
    rows = [("Police", 1, "nsubj", "police", "NOUN"), ("took", 1, "ROOT", "take", "VERB"),
            ("the", 3, "det", "the", "DET"), ("injured", 1, "dobj", "injured", "NOUN"),
            ("into", 1, "prep", "into", "ADP"), ("the", 6, "det", "the", "DET"),
            ("hospital", 4, "pobj", "hospital", "NOUN"), (".", 1, "punct", ".", "PUNCT")]
    assert all(t != "COERCE" for t, _, _ in codes(rows, lexicon))


def test_forces_taking_positions_in_a_place_are_deployed_there(lexicon):
    # "The army took positions in the town." (IndiaPoliceEvents dev 651, 943 are of this kind)
    rows = [("The", 1, "det", "the", "DET"), ("army", 2, "nsubj", "army", "NOUN"),
            ("took", 2, "ROOT", "take", "VERB"), ("positions", 2, "dobj", "position", "NOUN"),
            ("in", 2, "prep", "in", "ADP"), ("the", 6, "det", "the", "DET"),
            ("town", 4, "pobj", "town", "NOUN"), (".", 2, "punct", ".", "PUNCT")]
    assert codes(rows, lexicon) == [("MOBILIZE", "troops", ["MIL"])]


def test_a_position_taken_on_a_question_is_no_deployment(lexicon):
    # "The party took a position on the bill."
    rows = [("The", 1, "det", "the", "DET"), ("party", 2, "nsubj", "party", "NOUN"),
            ("took", 2, "ROOT", "take", "VERB"), ("a", 4, "det", "a", "DET"),
            ("position", 2, "dobj", "position", "NOUN"), ("on", 2, "prep", "on", "ADP"),
            ("the", 7, "det", "the", "DET"), ("bill", 5, "pobj", "bill", "NOUN"),
            (".", 2, "punct", ".", "PUNCT")]
    assert all(t != "MOBILIZE" for t, _, _ in codes(rows, lexicon))
