"""Acts of a state organ the text does not tie to a country, and the lemmas the coder mends.

Issue 8: lower-case police reports ("police personnel were deployed", "killed in police firing",
"arrests have been made", "raped" read as "rap") gave no event. The parses are built by hand
(words, heads, dependencies, lemmas, tags), as spaCy's own component tests do, on sentences
other than the ones that revealed each rule, so these tests need no model."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from conftest import hand_parse as parse
from newsgraph.events import Event, code_events, load_lexicon
from newsgraph.events.lemmas import mend_lemmas
from newsgraph.ontology import Ontology

DAY = dt.date(2002, 3, 1)


ONTO = Ontology.load()


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return ONTO


lexicon = pytest.fixture(scope="module")(load_lexicon)  # the shipped lexicon, read once



def coded(doc: Doc, onto: Ontology, lexicon) -> list[Event]:
    return code_events(doc, [], "a1", DAY, onto, lexicon)


def sectors(event: Event) -> list[str | None]:
    return [r.sector for r in event.source]


def test_deployed_forces_are_the_doer_of_a_passive_deployment(onto, lexicon):
    doc = parse([("Soldiers", 2, "nsubjpass", "soldier", "NOUN"), ("were", 2, "auxpass", "be", "AUX"),
                 ("deployed", 2, "ROOT", "deploy", "VERB"), ("along", 2, "prep", "along", "ADP"),
                 ("the", 5, "det", "the", "DET"), ("border", 3, "pobj", "border", "NOUN"),
                 (".", 2, "punct", ".", "PUNCT")])
    (event,) = coded(doc, onto, lexicon)
    assert (event.type, event.mode, sectors(event)) == ("MOBILIZE", "troops", ["MIL"])


def test_forces_stationed_somewhere_are_no_deployment_event(onto, lexicon):
    # "Units stationed in the hills waited": a participle tells where they are
    doc = parse([("Units", 5, "nsubj", "unit", "NOUN"), ("stationed", 0, "acl", "station", "VERB"),
                 ("in", 1, "prep", "in", "ADP"), ("the", 4, "det", "the", "DET"),
                 ("hills", 2, "pobj", "hill", "NOUN"), ("waited", 5, "ROOT", "wait", "VERB")])
    assert [e for e in coded(doc, onto, lexicon) if e.type == "MOBILIZE"] == []


def test_an_organ_noun_on_an_event_gerund_is_its_doer(onto, lexicon):
    # "firing" tagged a verb with the verb's lemma, as the tagger gives it after "in"
    doc = parse([("Two", 1, "nummod", "two", "NUM"), ("villagers", 3, "nsubjpass", "villager", "NOUN"),
                 ("were", 3, "auxpass", "be", "AUX"), ("wounded", 3, "ROOT", "wound", "VERB"),
                 ("in", 3, "prep", "in", "ADP"), ("army", 6, "compound", "army", "NOUN"),
                 ("firing", 4, "pobj", "fire", "VERB"), (".", 3, "punct", ".", "PUNCT")])
    firing = [e for e in coded(doc, onto, lexicon) if e.mentions[0].trigger == "firing"]
    assert [(e.type, e.mode, sectors(e)) for e in firing] == [("ASSAULT", "firearms", ["MIL"])]


def test_a_present_participle_after_a_noun_is_done_by_that_noun(onto, lexicon):
    # "Two men died in troops firing": the parser hangs the participle on the organ noun
    doc = parse([("Two", 1, "nummod", "two", "NUM"), ("men", 2, "nsubj", "man", "NOUN"),
                 ("died", 2, "ROOT", "die", "VERB"), ("in", 2, "prep", "in", "ADP"),
                 ("troops", 3, "pobj", "troop", "NOUN"), ("firing", 4, "acl", "fire", "VERB")])
    doc[5].tag_ = "VBG"
    (event,) = coded(doc, onto, lexicon)
    assert (event.type, sectors(event), event.mentions[0].trigger) == ("ASSAULT", ["MIL"], "firing")


def test_a_prefixed_organ_word_names_no_doer(onto, lexicon):
    # "anti-government rallies": "government" under a prefix is what the rallies oppose
    doc = parse([("Crowds", 1, "nsubj", "crowd", "NOUN"), ("joined", 1, "ROOT", "join", "VERB"),
                 ("anti", 3, "amod", "anti", "ADJ"), ("government", 4, "compound", "government", "NOUN"),
                 ("rallies", 1, "dobj", "rally", "NOUN")])
    assert all("GOV" not in sectors(e) for e in coded(doc, onto, lexicon))


def test_an_unnamed_organ_does_acts_of_any_type(onto, lexicon):
    doc = parse([("Police", 1, "nsubj", "police", "NOUN"), ("urged", 1, "ROOT", "urge", "VERB"),
                 ("residents", 1, "dobj", "resident", "NOUN"), ("to", 4, "aux", "to", "PART"),
                 ("stay", 1, "xcomp", "stay", "VERB"), ("indoors", 4, "advmod", "indoors", "ADV")])
    (event,) = [e for e in coded(doc, onto, lexicon) if e.type == "REQUEST"]
    assert sectors(event) == ["COP"] and event.modality == "asserted"


def test_arrests_made_with_no_doer_are_the_authorities(onto, lexicon):
    arrests = parse([("Arrests", 2, "nsubjpass", "arrest", "NOUN"), ("were", 2, "auxpass", "be", "AUX"),
                     ("made", 2, "ROOT", "make", "VERB"), ("overnight", 2, "advmod", "overnight", "ADV")])
    (event,) = coded(arrests, onto, lexicon)
    assert (event.type, event.mode, sectors(event)) == ("COERCE", "arrest", ["GOV"])


@pytest.mark.parametrize("verb,lemma,prep", [("booked", "book", "under"), ("nabbed", "nab", None)])
def test_charging_and_nabbing_are_arrests(onto, lexicon, verb, lemma, prep):
    rows = [("Six", 1, "nummod", "six", "NUM"), ("men", 3, "nsubjpass", "man", "NOUN"),
            ("were", 3, "auxpass", "be", "AUX"), (verb, 3, "ROOT", lemma, "VERB")]
    if prep:
        rows += [(prep, 3, "prep", prep, "ADP"), ("law", 4, "pobj", "law", "NOUN")]
    (event,) = coded(parse(rows), onto, lexicon)
    assert (event.type, event.mode) == ("COERCE", "arrest")


def test_booking_a_hotel_is_no_arrest(onto, lexicon):
    doc = parse([("They", 1, "nsubj", "they", "PRON"), ("booked", 1, "ROOT", "book", "VERB"),
                 ("a", 3, "det", "a", "DET"), ("hotel", 1, "dobj", "hotel", "NOUN")])
    assert coded(doc, onto, lexicon) == []


def test_a_flag_march_is_a_show_of_force_not_a_protest(onto, lexicon):
    doc = parse([("Troops", 1, "nsubj", "troop", "NOUN"), ("held", 1, "ROOT", "hold", "VERB"),
                 ("a", 4, "det", "a", "DET"), ("flag", 4, "compound", "flag", "NOUN"),
                 ("march", 1, "dobj", "march", "NOUN"), ("downtown", 1, "advmod", "downtown", "ADV")])
    (event,) = coded(doc, onto, lexicon)
    assert (event.type, event.mode, sectors(event)) == ("MOBILIZE", "troops", ["MIL"])


def test_lemmas_the_lemmatiser_gets_wrong_are_mended(lexicon):
    doc = parse([("Militiamen", 1, "nsubj", "militiaman", "NOUN"), ("raped", 1, "ROOT", "rap", "VERB"),
                 ("women", 1, "dobj", "woman", "NOUN")])
    mend_lemmas(doc, lexicon)
    assert doc[1].lemma_ == "rape"
    mend_lemmas(doc, lexicon)  # twice changes nothing
    assert [t.lemma_ for t in doc] == ["militiaman", "rape", "woman"]


def test_a_gerund_used_as_a_noun_keeps_its_noun_lemma_only_as_a_noun(lexicon):
    noun = parse([("after", 0, "ROOT", "after", "ADP"), ("the", 2, "det", "the", "DET"),
                  ("shelling", 0, "pobj", "shell", "VERB")])
    verb = parse([("Rebels", 1, "nsubj", "rebel", "NOUN"), ("were", 2, "aux", "be", "AUX"),
                  ("shelling", 2, "ROOT", "shell", "VERB"), ("towns", 2, "dobj", "town", "NOUN")])
    mend_lemmas(noun, lexicon)
    mend_lemmas(verb, lexicon)
    assert noun[2].lemma_ == "shelling" and verb[2].lemma_ == "shell"
