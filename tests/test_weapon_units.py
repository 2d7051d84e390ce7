"""Who used a weapon named by a reduced passive on it ("a bomb planted by X killed ..."), and
units of a force ("27 companies of CRPF") as that force, not a business group of its country.

The phrase rule is tested on parses built by hand (words, heads, dependencies, lemmas, tags), as
spaCy's own component tests do, on sentences written for these tests; the unit rule reads the
shipped knowledge base through the model, on sentences written for it (not the IndiaPoliceEvents
sentences that revealed it)."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from conftest import VOCAB
from newsgraph.actors import ActorRef, KnowledgeBase, find_actors
from newsgraph.events.phrases import phrase_refs
from newsgraph.parsing import parse_articles

DAY = dt.date(2002, 3, 1)


def parsed(rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """A one-sentence Doc from (word, head, dependency, lemma, fine tag) rows."""
    words, heads, deps, lemmas, tags = (list(c) for c in zip(*rows, strict=True))
    return Doc(VOCAB, words=words, heads=heads, deps=deps, lemmas=lemmas, tags=tags,
               sent_starts=[True] + [False] * (len(rows) - 1))


def named(doc: Doc, word: str, actor_id: str) -> dict[int, list[ActorRef]]:
    tok = next(t for t in doc if t.text == word)
    return {tok.i: [ActorRef(actor_id, word, "organisation", "AFG", "REB", word, tok.idx,
                             tok.idx + len(tok))]}


# "A roadside bomb planted by Taliban fighters killed four soldiers."
BOMB = [("A", 2, "det", "a", "DT"), ("roadside", 2, "compound", "roadside", "NN"),
        ("bomb", 8, "nsubj", "bomb", "NN"), ("planted", 2, "acl", "plant", "VBN"),
        ("by", 3, "agent", "by", "IN"), ("Taliban", 6, "compound", "Taliban", "NNP"),
        ("fighters", 4, "pobj", "fighter", "NNS"), ("yesterday", 3, "npadvmod", "yesterday", "NN"),
        ("killed", 8, "ROOT", "kill", "VBD"), ("four", 10, "nummod", "four", "CD"),
        ("soldiers", 8, "dobj", "soldier", "NNS"), (".", 8, "punct", ".", ".")]


def test_the_placer_of_a_weapon_that_does_the_act_is_its_user():
    doc = parsed(BOMB)
    index = named(doc, "Taliban", "org:taliban")
    assert [r.actor_id for r in phrase_refs(doc[2], index)] == ["org:taliban"]


def test_a_weapon_acted_on_does_not_name_its_placer():
    # "Police defused a bomb planted by Taliban fighters.": the bomb is no doer here
    rows = [("Police", 1, "nsubj", "police", "NNS"), ("defused", 1, "ROOT", "defuse", "VBD"),
            ("a", 3, "det", "a", "DT"), ("bomb", 1, "dobj", "bomb", "NN"),
            ("planted", 3, "acl", "plant", "VBN"), ("by", 4, "agent", "by", "IN"),
            ("Taliban", 7, "compound", "Taliban", "NNP"), ("fighters", 5, "pobj", "fighter", "NNS"),
            (".", 1, "punct", ".", ".")]
    doc = parsed(rows)
    assert phrase_refs(doc[3], named(doc, "Taliban", "org:taliban")) == []


def test_a_verb_that_places_no_weapon_names_no_doer():
    # "A bomb found by Taliban fighters killed four soldiers.": finding is not planting
    doc = parsed([("found", h, d, "find", t) if w == "planted" else (w, h, d, lemma, t)
                  for w, h, d, lemma, t in BOMB])
    assert phrase_refs(doc[2], named(doc, "Taliban", "org:taliban")) == []


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def actors(nlp, kb, text: str) -> list[ActorRef]:
    return find_actors(next(parse_articles(nlp, [text])), kb, DAY)


@pytest.mark.parametrize(("text", "unit", "force"), [
    ("Officials said 14 companies of the CRPF were stationed in the town.", "companies", "org:crpf"),
    ("Two companies of the Border Security Force reached the district on Monday.", "companies",
     "org:bsf"),
])
def test_companies_of_a_force_are_the_force(nlp, kb, text, unit, force):
    refs = actors(nlp, kb, text)
    assert not [r for r in refs if r.text == unit]  # no business group of India
    assert force in {r.actor_id for r in refs}


def test_companies_of_a_country_stay_its_business(nlp, kb):
    refs = actors(nlp, kb, "Indian companies of every size lobbied the ministry.")
    assert any(r.sector == "BUS" for r in refs)
