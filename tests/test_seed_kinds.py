"""Kinds of event the seed articles lost on the trigger side (issue 8, seeds): a meeting or a
call told as the setting of what someone said ("reported no breakthrough following a call with
X", "told X ... in a conversation") was had by the speaker (``consult.setting``); an agentless
passive that someone owns up to was done by them ("Iran acknowledged that drones were supplied to
Russia": ``admissions`` in verbs.yaml).

The parses are built by hand (words, heads, dependencies, lemmas, tags), as spaCy's own component
tests do, on sentences written for these tests, not the seed sentences that revealed the kind, so
they need no model."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from newsgraph.events import load_lexicon
from test_police_acts import coded, parse

lexicon = pytest.fixture(scope="module")(load_lexicon)  # the shipped lexicon, read once


def consults(doc: Doc, lexicon) -> list[tuple[str | None, list[str], list[str], str]]:
    return [(e.mode, [r.actor_id for r in e.source], [r.actor_id for r in e.target],
             e.mentions[0].rule) for e in coded(doc, lexicon) if e.type == "CONSULT"]


def test_a_call_told_as_the_setting_of_a_report_was_the_speakers(lexicon):
    # "Peru reported progress following a call with Chile."
    doc = parse([("Peru", 1, "nsubj", "Peru", "PROPN"), ("reported", 1, "ROOT", "report", "VERB"),
                 ("progress", 1, "dobj", "progress", "NOUN"), ("following", 1, "prep", "follow", "VERB"),
                 ("a", 5, "det", "a", "DET"), ("call", 3, "pobj", "call", "NOUN"),
                 ("with", 5, "prep", "with", "ADP"), ("Chile", 6, "pobj", "Chile", "PROPN"),
                 (".", 1, "punct", ".", "PUNCT")])
    assert consults(doc, lexicon) == [("phone", ["country:PER"], ["country:CHL"], "consult.setting")]


def test_talks_after_which_someone_spoke_through_an_infinitive(lexicon):
    # "Peru told Chile to withdraw its troops after talks." : the addressee is the counterpart
    doc = parse([("Peru", 1, "nsubj", "Peru", "PROPN"), ("told", 1, "ROOT", "tell", "VERB"),
                 ("Chile", 1, "dobj", "Chile", "PROPN"), ("to", 4, "aux", "to", "PART"),
                 ("withdraw", 1, "xcomp", "withdraw", "VERB"), ("its", 6, "poss", "its", "PRON"),
                 ("troops", 4, "dobj", "troop", "NOUN"), ("after", 4, "prep", "after", "ADP"),
                 ("talks", 7, "pobj", "talk", "NOUN"), (".", 1, "punct", ".", "PUNCT")])
    assert ("CONSULT" in [e.type for e in coded(doc, lexicon)]
            and consults(doc, lexicon) == [(None, ["country:PER"], ["country:CHL"], "consult.setting")])


def test_an_interview_is_no_consultation(lexicon):
    # "Peru said in an interview with Chile's radio that it would not sign."
    doc = parse([("Peru", 1, "nsubj", "Peru", "PROPN"), ("said", 1, "ROOT", "say", "VERB"),
                 ("in", 1, "prep", "in", "ADP"), ("an", 4, "det", "an", "DET"),
                 ("interview", 2, "pobj", "interview", "NOUN"), ("with", 4, "prep", "with", "ADP"),
                 ("Chile", 8, "poss", "Chile", "PROPN"), ("'s", 6, "case", "'s", "PART"),
                 ("radio", 5, "pobj", "radio", "NOUN"), (".", 1, "punct", ".", "PUNCT")])
    assert consults(doc, lexicon) == []


def test_a_meeting_as_the_setting_of_a_material_act_gives_no_meeting(lexicon):
    # "Peru closed the border after a meeting with Chile.": closing says nothing of who met
    doc = parse([("Peru", 1, "nsubj", "Peru", "PROPN"), ("closed", 1, "ROOT", "close", "VERB"),
                 ("the", 3, "det", "the", "DET"), ("border", 1, "dobj", "border", "NOUN"),
                 ("after", 1, "prep", "after", "ADP"), ("a", 6, "det", "a", "DET"),
                 ("meeting", 4, "pobj", "meeting", "NOUN"), ("with", 6, "prep", "with", "ADP"),
                 ("Chile", 7, "pobj", "Chile", "PROPN"), (".", 1, "punct", ".", "PUNCT")])
    assert consults(doc, lexicon) == []


def aid(verb: tuple[str, str], lexicon) -> list[tuple[list[str], list[str]]]:
    """The AID events of "Chile <verb> that weapons were sent to Peru."."""
    doc = parse([("Chile", 1, "nsubj", "Chile", "PROPN"), (verb[0], 1, "ROOT", verb[1], "VERB"),
                 ("that", 5, "mark", "that", "SCONJ"), ("weapons", 5, "nsubjpass", "weapon", "NOUN"),
                 ("were", 5, "auxpass", "be", "AUX"), ("sent", 1, "ccomp", "send", "VERB"),
                 ("to", 5, "prep", "to", "ADP"), ("Peru", 6, "pobj", "Peru", "PROPN"),
                 (".", 1, "punct", ".", "PUNCT")])
    return [([r.actor_id for r in e.source], [r.actor_id for r in e.target])
            for e in coded(doc, lexicon) if e.type == "AID"]


def test_who_owns_up_to_an_agentless_passive_did_it(lexicon):
    assert aid(("admitted", "admit"), lexicon) == [(["country:CHL"], ["country:PER"])]
    assert aid(("conceded", "concede"), lexicon) == [(["country:CHL"], ["country:PER"])]


def test_who_only_reports_or_denies_a_passive_did_not_do_it(lexicon):
    assert aid(("said", "say"), lexicon) == []
    assert aid(("denied", "deny"), lexicon) == []
