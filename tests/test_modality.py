"""Modality and claims through the real parse and the shipped cues, on sentences written for
these tests: unreal frames over event nouns, claims about another side's acts, own claims."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from newsgraph.actors import ActorRef, KnowledgeBase, find_actors
from newsgraph.events import Event, code_events, load_lexicon
from newsgraph.ontology import Ontology
from newsgraph.parsing import parse_articles

DAY = dt.date(2024, 5, 1)
NAMES = {"Chile": "CHL", "Peru": "PER", "Ecuador": "ECU", "Ghana": "GHA", "Togo": "TGO",
         "Norway": "NOR", "Cuba": "CUB", "Kenya": "KEN", "Uganda": "UGA"}


def refs_in(text: str) -> list[ActorRef]:
    pattern = re.compile(r"\b(" + "|".join(NAMES) + r")\b")
    return [ActorRef(NAMES[m.group(1)], m.group(1), "country", NAMES[m.group(1)], None,
                     m.group(1), m.start(), m.end()) for m in pattern.finditer(text)]


@pytest.fixture(scope="module")
def code(nlp):
    onto, lexicon = Ontology.load(), load_lexicon()

    def run(text: str) -> list[Event]:
        doc = next(parse_articles(nlp, [text]))
        return code_events(doc, refs_in(text), "t1", DAY, onto, lexicon)
    return run


def of_type(events: list[Event], type_: str) -> list[Event]:
    return [e for e in events if e.type == type_]


@pytest.mark.parametrize("text", [
    "Mediators sought ways to restore a ceasefire between Ghana and Togo.",
    "Officials weighed efforts to win an armistice between Kenya and Uganda.",
    "Diplomats explored ways to obtain a truce between Norway and Cuba.",
])
def test_a_new_event_noun_under_an_unreal_frame_is_not_asserted(code, text):
    found = of_type(code(text), "RETREAT")
    assert found and all(e.modality == "hypothetical" for e in found), [
        (e.mentions[0].trigger, e.modality) for e in found]


def test_an_agreement_reached_is_still_asserted(code):
    found = of_type(code("Ghana and Togo later agreed to a truce."), "AGREE")
    assert found and all(e.modality == "asserted" for e in found)


def test_a_told_event_under_an_unreal_verb_stays_real(code):
    events = of_type(code("Kenya will avenge the killing of its soldiers by Uganda."), "ASSAULT")
    assert events and all(e.modality == "asserted" for e in events)


@pytest.mark.parametrize("text, source, claimer", [
    ("Cuba claimed that Norway was secretly arming rebels in Ecuador.", "NOR", "CUB"),
    ("Ghana contended that Togo had shelled border villages.", "TGO", "GHA"),
])
def test_a_claim_about_another_sides_act_is_alleged_by_the_speaker(code, text, source, claimer):
    acts = [e for e in code(text) if [r.actor_id for r in e.source] == [source]]
    assert acts, text
    assert all(e.modality == "alleged" and [r.actor_id for r in e.claimed_by] == [claimer]
               for e in acts)


def test_a_claim_about_ones_own_act_is_asserted(code):
    acts = of_type(code("Uganda claimed that it had shelled rebel camps in Kenya."), "ASSAULT")
    assert acts and all(e.modality == "asserted" for e in acts)


@pytest.mark.parametrize("text", [
    "Inspectors of the U.N. atomic watchdog visited Cuba on Monday.",
    "Cuba said the UN watchdog had been told of the site.",
])
def test_watchdog_descriptions_are_the_iaea(nlp, text):
    doc = next(parse_articles(nlp, [text]))
    found = {r.actor_id for r in find_actors(doc, KnowledgeBase.load(), DAY)}
    assert "igo:IAEA" in found and "igo:UN" not in found, found


def test_the_atlantic_alliance_is_nato(nlp):
    doc = next(parse_articles(nlp, ["Norway asked the Atlantic alliance for more ships."]))
    assert "igo:NATO" in {r.actor_id for r in find_actors(doc, KnowledgeBase.load(), DAY)}


@pytest.mark.parametrize("text,type_", [
    # a failed attempt: what it was for did not happen (modality.yaml negated.attempts/failure)
    ("Chile's unsuccessful bid to broker a truce between Ghana and Togo ended on Monday.", "CONSULT"),
    ("Peru's attempt to broker a truce between Kenya and Uganda collapsed.", "CONSULT"),
    ("Kenya tried in vain to seize the Ugandan town.", "ASSAULT"),
    ("Kenya tried unsuccessfully to seize the Ugandan town.", "ASSAULT"),
    # inability is negation: "were unable to reach an agreement"
    ("Chile and Peru were unable to reach an agreement on fishing.", "AGREE"),
])
def test_a_failed_attempt_is_not_the_event(code, text, type_):
    found = of_type(code(text), type_)
    assert found and all(e.modality == "negated" for e in found), [
        (e.mentions[0].trigger, e.modality) for e in found]


def test_an_attempt_not_told_as_failed_keeps_its_own_modality(code):
    found = of_type(code("Kenya tried to seize the Ugandan town."), "ASSAULT")
    assert found and all(e.modality == "asserted" for e in found)
