"""An alert sounded, camps that are no posts (issue 8, IndiaPoliceEvents dev).

An alert sounded is an alert issued ("sound" is a light verb); a relief camp set up is no
military post. The parses are built by hand, on sentences written for
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


def test_an_alert_sounded_is_issued_by_the_authorities(lexicon):
    # "An alert was sounded in the district."
    rows = [("An", 1, "det", "an", "DET"), ("alert", 3, "nsubjpass", "alert", "NOUN"),
            ("was", 3, "auxpass", "be", "AUX"), ("sounded", 3, "ROOT", "sound", "VERB"),
            ("in", 3, "prep", "in", "ADP"), ("the", 6, "det", "the", "DET"),
            ("district", 4, "pobj", "district", "NOUN"), (".", 3, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("MOBILIZE", "troops", ["GOV"])]


def test_a_relief_camp_set_up_is_no_post(lexicon):
    # "The army set up a relief camp."
    rows = [("The", 1, "det", "the", "DET"), ("army", 2, "nsubj", "army", "NOUN"),
            ("set", 2, "ROOT", "set", "VERB"), ("up", 2, "prt", "up", "ADP"),
            ("a", 6, "det", "a", "DET"), ("relief", 6, "compound", "relief", "NOUN"),
            ("camp", 2, "dobj", "camp", "NOUN"), (".", 2, "punct", ".", "PUNCT")]
    assert [c for c in codes(parse(rows), lexicon) if c[0] == "MOBILIZE"] == []


def test_an_army_camp_set_up_is_a_post(lexicon):
    # "The army set up a camp."
    rows = [("The", 1, "det", "the", "DET"), ("army", 2, "nsubj", "army", "NOUN"),
            ("set", 2, "ROOT", "set", "VERB"), ("up", 2, "prt", "up", "ADP"),
            ("a", 5, "det", "a", "DET"), ("camp", 2, "dobj", "camp", "NOUN"),
            (".", 2, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("MOBILIZE", "troops", ["MIL"])]


def test_a_lathi_charge_written_in_two_words_is_no_accusation(lexicon):
    # "Police lathi charged the crowd."
    from newsgraph.events.lemmas import mend_lemmas

    doc = parse([("Police", 2, "nsubj", "police", "NOUN"), ("lathi", 2, "npadvmod", "lathi", "NOUN"),
                 ("charged", 2, "ROOT", "charge", "VERB"), ("the", 4, "det", "the", "DET"),
                 ("crowd", 2, "dobj", "crowd", "NOUN"), (".", 2, "punct", ".", "PUNCT")])
    mend_lemmas(doc, lexicon)
    assert doc[2].lemma_ == "lathicharge"
    assert codes(doc, lexicon) == [("ASSAULT", "crowd-control", ["COP"])]


def test_charged_with_no_lathi_before_it_keeps_its_lemma(lexicon):
    from newsgraph.events.lemmas import mend_lemmas

    doc = parse([("Prosecutors", 1, "nsubj", "prosecutor", "NOUN"), ("charged", 1, "ROOT", "charge", "VERB"),
                 ("him", 1, "dobj", "he", "PRON"), (".", 1, "punct", ".", "PUNCT")])
    mend_lemmas(doc, lexicon)
    assert doc[1].lemma_ == "charge"


def test_the_prefilter_passes_a_split_trigger(lexicon):
    from newsgraph.events import could_hold_event

    assert "lathicharge" in lexicon.split_words.values()
    assert could_hold_event("Police lathi charged the crowd.", lexicon)


def test_teargas_shells_burst_are_crowd_control(lexicon):
    # "Police burst teargas shells."
    rows = [("Police", 1, "nsubj", "police", "NOUN"), ("burst", 1, "ROOT", "burst", "VERB"),
            ("teargas", 3, "compound", "teargas", "NOUN"), ("shells", 1, "dobj", "shell", "NOUN"),
            (".", 1, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("ASSAULT", "crowd-control", ["COP"])]
