"""Choosing an event's code from how it was found (``newsgraph.events.codes``).

A protest crowd's own violence is a riot (issue 8, round 4: CASE 2021 dev snippets of rioters
and protesters fighting police came out as ASSAULT). The parses are built by hand on sentences
written for these tests, so no model is needed."""

from __future__ import annotations

from newsgraph.actors import ActorRef
from newsgraph.events import load_lexicon
from newsgraph.events.codes import crowd_violence
from test_unnamed_organs import ONTO, coded, parse

LEXICON = load_lexicon()


def _group(noun: str) -> ActorRef:
    return ActorRef(f"group:unnamed:{noun}", noun, "group", None, "OPP", noun, 0, len(noun),
                    how="group")


def test_a_protest_crowd_throwing_rocks_is_a_riot():
    doc = parse([("Protesters", 1, "nsubj", "protester", "NOUN"), ("hurled", 1, "ROOT", "hurl", "VERB"),
                 ("rocks", 1, "dobj", "rock", "NOUN"), ("at", 1, "prep", "at", "ADP"),
                 ("soldiers", 3, "pobj", "soldier", "NOUN"), (".", 1, "punct", ".", "PUNCT")])
    (event,) = coded(doc, ONTO, LEXICON)
    assert (event.type, event.mode) == ("PROTEST", "riot")
    assert [r.actor_id for r in event.source] == ["group:unnamed:protester"]


def test_a_mob_attacking_people_stays_an_assault():
    doc = parse([("A", 1, "det", "a", "DET"), ("mob", 2, "nsubj", "mob", "NOUN"),
                 ("attacked", 2, "ROOT", "attack", "VERB"), ("two", 4, "nummod", "two", "NUM"),
                 ("traders", 2, "dobj", "trader", "NOUN"), (".", 2, "punct", ".", "PUNCT")])
    (event,) = coded(doc, ONTO, LEXICON)
    assert event.type == "ASSAULT"


def test_only_a_crowd_alone_makes_violence_a_riot():
    rioters = LEXICON.unidentified.rioters
    assert crowd_violence([_group("rioter")], rioters)
    assert crowd_violence([_group("demonstrator"), _group("protester")], rioters)
    # a named party among the doers, a mob, or no doer at all: not a riot
    police = ActorRef("country:KEN", "Kenya", "country", "KEN", "COP", "police", 0, 6)
    assert not crowd_violence([_group("protester"), police], rioters)
    assert not crowd_violence([_group("mob")], rioters)
    assert not crowd_violence([], rioters)


def test_what_a_fired_object_is_made_of_says_the_mode():
    # "fired rubber bullets": the object's own modifier, not only the object, says how
    doc = parse([("Troops", 1, "nsubj", "troop", "NOUN"), ("fired", 1, "ROOT", "fire", "VERB"),
                 ("rubber", 3, "compound", "rubber", "NOUN"), ("bullets", 1, "dobj", "bullet", "NOUN"),
                 ("at", 1, "prep", "at", "ADP"), ("students", 4, "pobj", "student", "NOUN")])
    (event,) = [e for e in coded(doc, ONTO, LEXICON) if e.type == "ASSAULT"]
    assert event.mode == "crowd-control"
