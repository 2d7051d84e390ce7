"""Two kinds of argument (issue 8): the place of a domestic concession is its target even when
it is the doer's own country ("Egypt lifted the curfew in Cairo": Egypt -> Egypt, as PLOVER
codes domestic acts; ``home_place_types`` in verbs.yaml), and the "to" phrase of a verb of
recourse names an act its subject does ("police resorted to a lathi-charge";
``recourse_verbs``); a halt of aid where it was delivered is aimed at that place's country
(``place_target_types``). The sentences are written for these tests."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from newsgraph.actors import ActorRef
from newsgraph.events import Event, code_events, load_lexicon
from newsgraph.ontology import Ontology
from newsgraph.parsing import parse_articles

DAY = dt.date(2024, 5, 1)
NAMES = {"Egypt": "EGY", "Cairo": "EGY", "Egyptian": "EGY", "Turkey": "TUR", "Syria": "SYR",
         "Turkish": "TUR", "Kenya": "KEN", "Nairobi": "KEN"}


def find_refs(text: str) -> list[ActorRef]:
    pattern = re.compile(r"(?<![\w])(" + "|".join(sorted(NAMES, key=len, reverse=True)) + r")(?![\w])")
    return [ActorRef(NAMES[m.group(1)], m.group(1), "country", NAMES[m.group(1)], None,
                     m.group(1), m.start(), m.end()) for m in pattern.finditer(text)]


@pytest.fixture(scope="module")
def code(nlp):
    onto, lexicon = Ontology.load(), load_lexicon()

    def run(text: str) -> list[Event]:
        doc = next(parse_articles(nlp, [text], None))
        return code_events(doc, find_refs(text), "t1", DAY, onto, lexicon)
    return run


def parties(events: list[Event], type_: str) -> list[tuple[list[str], list[str]]]:
    return [([r.actor_id for r in e.source], [r.actor_id for r in e.target])
            for e in events if e.type == type_]


@pytest.mark.parametrize("text", ["Egypt lifted the night curfew in Cairo.",
                                  "Kenya lifted the state of emergency in Nairobi on Sunday."])
def test_a_concession_in_the_doers_own_country_is_aimed_at_that_country(code, text):
    doer = find_refs(text)[0].actor_id
    assert parties(code(text), "CONCEDE") == [([doer], [doer])]


def test_a_concession_elsewhere_keeps_the_other_country(code):
    assert parties(code("Turkey lifted the curfew in Syria."), "CONCEDE") == [(["TUR"], ["SYR"])]


@pytest.mark.parametrize(("text", "target"), [
    ("Turkey resorted to airstrikes against Syria.", ["SYR"]),
    ("The Egyptian police resorted to a lathi-charge on the crowd.", []),
])
def test_the_subject_of_resorted_to_does_the_act(code, text, target):
    doer = find_refs(text)[0].actor_id
    assert parties(code(text), "ASSAULT") == [([doer], target)]


def test_objecting_to_an_act_is_not_doing_it(code):
    assert all(e.source[0].actor_id != "TUR" for e in code("Turkey objected to airstrikes against Syria.")
               if e.type == "ASSAULT")


def test_a_halt_of_aid_where_it_was_delivered_is_aimed_at_that_country(code):
    # place_target_types: the place of a suspension says whom it is aimed at
    assert parties(code("Turkey suspended aid deliveries in Syria on Monday."), "SANCTION") == [
        (["TUR"], ["SYR"])]


def test_a_halt_of_aid_to_a_named_party_keeps_that_party(code):
    assert parties(code("Turkey suspended aid to Kenya in Nairobi."), "SANCTION") == [
        (["TUR"], ["KEN"])]
