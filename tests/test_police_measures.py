"""Police measures the text tells with no doer, or as light verbs and nouns (issue 8, round 11,
IndiaPoliceEvents dev).

Security kept by the state ("amid tight security", "security arrangements", "the bandobast")
is the authorities' MOBILIZE (CAMEO 151) though no one is named doing it, and bare "security"
tells no act; registering a case or a first information report opens an investigation (CAMEO
091), which is no arrest; a thing recovered from someone was seized from them; the military
posted somewhere is deployed there; people held are detained; an alert sounded is an alert
issued ("sound" is a light verb); a relief camp set up is no military post; "lathi charged"
written as two words is a lathi charge. The parses are built by hand, on sentences written for
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


# --- security kept with no doer


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


# --- cases registered, goods recovered, forces posted, people held


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


# --- alerts sounded, camps, split lathi charges


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
