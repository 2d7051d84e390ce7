"""Cases registered, goods recovered from people, forces posted (issue 8, IndiaPoliceEvents dev).

Registering a case or a first information report opens an investigation (CAMEO 091), which is
no arrest; a thing recovered from someone was seized from them; the military posted somewhere
is deployed there. The parses are built by hand, on
sentences written for these tests, so they need no model.
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


@pytest.mark.parametrize("verb,lemma,obj,obj_lemma", [
    ("registered", "register", "case", "case"), ("filed", "file", "FIR", "fir"),
    ("recorded", "record", "complaint", "complaint"), ("booked", "book", "case", "case")])
def test_a_case_registered_is_an_investigation_not_an_arrest(lexicon, verb, lemma, obj, obj_lemma):
    # "The police registered a case against the shopkeeper."
    rows = [("The", 1, "det", "the", "DET"), ("police", 2, "nsubj", "police", "NOUN"),
            (verb, 2, "ROOT", lemma, "VERB"), ("a", 4, "det", "a", "DET"),
            (obj, 2, "dobj", obj_lemma, "NOUN"), ("against", 4, "prep", "against", "ADP"),
            ("the", 7, "det", "the", "DET"), ("shopkeeper", 5, "pobj", "shopkeeper", "NOUN"),
            (".", 2, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("ACCUSE", "investigate", ["COP"])]


def test_a_chargesheet_filed_is_still_a_charge(lexicon):
    # "The police filed a chargesheet."
    rows = [("The", 1, "det", "the", "DET"), ("police", 2, "nsubj", "police", "NOUN"),
            ("filed", 2, "ROOT", "file", "VERB"), ("a", 4, "det", "a", "DET"),
            ("chargesheet", 2, "dobj", "chargesheet", "NOUN"), (".", 2, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("COERCE", "arrest", ["COP"])]


def test_goods_recovered_from_people_were_seized(lexicon):
    # "Two phones were recovered from them."
    rows = [("Two", 1, "nummod", "two", "NUM"), ("phones", 3, "nsubjpass", "phone", "NOUN"),
            ("were", 3, "auxpass", "be", "AUX"), ("recovered", 3, "ROOT", "recover", "VERB"),
            ("from", 3, "prep", "from", "ADP"), ("them", 4, "pobj", "they", "PRON"),
            (".", 3, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("COERCE", "seize", ["GOV"])]


def test_bodies_recovered_from_debris_are_no_seizure(lexicon):
    # "Rescuers recovered two bodies from the debris."
    rows = [("Rescuers", 1, "nsubj", "rescuer", "NOUN"), ("recovered", 1, "ROOT", "recover", "VERB"),
            ("two", 3, "nummod", "two", "NUM"), ("bodies", 1, "dobj", "body", "NOUN"),
            ("from", 1, "prep", "from", "ADP"), ("the", 6, "det", "the", "DET"),
            ("debris", 4, "pobj", "debris", "NOUN"), (".", 1, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == []


def test_the_military_posted_in_a_town_is_deployed(lexicon):
    # "The military has been posted in the town."
    rows = [("The", 1, "det", "the", "DET"), ("military", 4, "nsubjpass", "military", "NOUN"),
            ("has", 4, "aux", "have", "AUX"), ("been", 4, "auxpass", "be", "AUX"),
            ("posted", 4, "ROOT", "post", "VERB"), ("in", 4, "prep", "in", "ADP"),
            ("the", 7, "det", "the", "DET"), ("town", 5, "pobj", "town", "NOUN"),
            (".", 4, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("MOBILIZE", "troops", ["MIL"])]


def test_people_held_are_detained(lexicon):
    # "Ten men were held overnight."
    rows = [("Ten", 1, "nummod", "ten", "NUM"), ("men", 3, "nsubjpass", "man", "NOUN"),
            ("were", 3, "auxpass", "be", "AUX"), ("held", 3, "ROOT", "hold", "VERB"),
            ("overnight", 3, "advmod", "overnight", "ADV"), (".", 3, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("COERCE", "arrest", ["GOV"])]


def test_a_meeting_of_leaders_held_is_no_detention(lexicon):
    # "They held a meeting of leaders."
    rows = [("They", 1, "nsubj", "they", "PRON"), ("held", 1, "ROOT", "hold", "VERB"),
            ("a", 3, "det", "a", "DET"), ("meeting", 1, "dobj", "meeting", "NOUN"),
            ("of", 3, "prep", "of", "ADP"), ("leaders", 4, "pobj", "leader", "NOUN"),
            (".", 1, "punct", ".", "PUNCT")]
    assert [c for c in codes(parse(rows), lexicon) if c[0] == "COERCE"] == []
