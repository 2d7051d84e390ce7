"""Forces deployed, and weapons marked with an organ (issue 8, IndiaPoliceEvents dev).

A deployment noun's "of" phrase names the forces deployed, who are its doer as a passive's
subject is ("with deployment of adequate police force", dev 1045, 1110, 615); a weapon marked
with the police's or the army's name was theirs ("killed by police bullets", dev 1000); forces
requisitioned are called up (dev 476, 416), trucks requisitioned are not. The parses are built
by hand, on sentences written for these tests, so they need no model.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from conftest import hand_parse as parse
from newsgraph.actors import ActorRef
from newsgraph.events import code_events, load_lexicon
from newsgraph.ontology import Ontology

DAY = dt.date(2002, 3, 1)
ONTO = Ontology.load()

lexicon = pytest.fixture(scope="module")(load_lexicon)  # the shipped lexicon, read once


def codes(doc: Doc, lexicon) -> list[tuple[str, list[str | None]]]:
    return [(e.type, [r.sector for r in e.source])
            for e in code_events(doc, [], "a1", DAY, ONTO, lexicon)]


def test_the_forces_of_a_deployment_noun_are_its_doer(lexicon):
    # "The deployment of the army calmed the town."
    rows = [("The", 1, "det", "the", "DET"), ("deployment", 5, "nsubj", "deployment", "NOUN"),
            ("of", 1, "prep", "of", "ADP"), ("the", 4, "det", "the", "DET"),
            ("army", 2, "pobj", "army", "NOUN"), ("calmed", 5, "ROOT", "calm", "VERB"),
            ("the", 7, "det", "the", "DET"), ("town", 5, "dobj", "town", "NOUN"),
            (".", 5, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("MOBILIZE", ["MIL"])]


def test_a_deployment_of_things_names_no_doer(lexicon):
    # "The deployment of the missiles alarmed the town."
    rows = [("The", 1, "det", "the", "DET"), ("deployment", 5, "nsubj", "deployment", "NOUN"),
            ("of", 1, "prep", "of", "ADP"), ("the", 4, "det", "the", "DET"),
            ("missiles", 2, "pobj", "missile", "NOUN"), ("alarmed", 5, "ROOT", "alarm", "VERB"),
            ("the", 7, "det", "the", "DET"), ("town", 5, "dobj", "town", "NOUN"),
            (".", 5, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == []


def test_a_weapon_marked_with_the_police_was_fired_by_them(lexicon):
    # "Two men were killed by police bullets."
    rows = [("Two", 1, "nummod", "two", "NUM"), ("men", 3, "nsubjpass", "man", "NOUN"),
            ("were", 3, "auxpass", "be", "AUX"), ("killed", 3, "ROOT", "kill", "VERB"),
            ("by", 3, "agent", "by", "ADP"), ("police", 6, "compound", "police", "NOUN"),
            ("bullets", 4, "pobj", "bullet", "NOUN"), (".", 3, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("ASSAULT", ["COP"])]


def test_an_unmarked_weapon_stays_the_unidentified_attackers(lexicon):
    # "Two men were killed by a roadside bomb."
    rows = [("Two", 1, "nummod", "two", "NUM"), ("men", 3, "nsubjpass", "man", "NOUN"),
            ("were", 3, "auxpass", "be", "AUX"), ("killed", 3, "ROOT", "kill", "VERB"),
            ("by", 3, "agent", "by", "ADP"), ("a", 7, "det", "a", "DET"),
            ("roadside", 7, "compound", "roadside", "NOUN"), ("bomb", 4, "pobj", "bomb", "NOUN"),
            (".", 3, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("ASSAULT", ["UAF"])]


def test_a_deployment_of_forces_marked_with_a_name_is_left_alone(lexicon):
    # "The deployment of NATO troops calmed the town." (what such a deployment is, a mission's
    # aid or a show of force, is not read from the noun)
    rows = [("The", 1, "det", "the", "DET"), ("deployment", 6, "nsubj", "deployment", "NOUN"),
            ("of", 1, "prep", "of", "ADP"), ("the", 5, "det", "the", "DET"),
            ("NATO", 5, "compound", "NATO", "PROPN"), ("troops", 2, "pobj", "troop", "NOUN"),
            ("calmed", 6, "ROOT", "calm", "VERB"), ("the", 8, "det", "the", "DET"),
            ("town", 6, "dobj", "town", "NOUN"), (".", 6, "punct", ".", "PUNCT")]
    doc = parse(rows)
    nato = doc[4]
    refs = [ActorRef("igo:NATO", "NATO", "igo", None, "IGO", "NATO", nato.idx,
                     nato.idx + len(nato))]
    assert [e.type for e in code_events(doc, refs, "a1", DAY, ONTO, lexicon)] == []


def test_forces_requisitioned_are_called_up(lexicon):
    # "A police company was requisitioned."
    rows = [("A", 2, "det", "a", "DET"), ("police", 2, "compound", "police", "NOUN"),
            ("company", 4, "nsubjpass", "company", "NOUN"), ("was", 4, "auxpass", "be", "AUX"),
            ("requisitioned", 4, "ROOT", "requisition", "VERB"), (".", 4, "punct", ".", "PUNCT")]
    assert codes(parse(rows), lexicon) == [("MOBILIZE", ["COP"])]


def test_trucks_requisitioned_are_no_deployment(lexicon):
    # "The army requisitioned trucks."
    rows = [("The", 1, "det", "the", "DET"), ("army", 2, "nsubj", "army", "NOUN"),
            ("requisitioned", 2, "ROOT", "requisition", "VERB"),
            ("trucks", 2, "dobj", "truck", "NOUN"), (".", 2, "punct", ".", "PUNCT")]
    assert all(t != "MOBILIZE" for t, _ in codes(parse(rows), lexicon))
