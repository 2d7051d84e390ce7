"""Whom an act was aimed at (``newsgraph.events.targets``), on parses built by hand.

Issue 8, section 3: targets. Each rule is tested on sentences other than the suite rows that
revealed it (words, heads, dependencies, lemmas and tags given, as spaCy's own component tests
do), with the actors placed by hand, so these tests need no model."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from conftest import hand_parse as parse
from newsgraph.actors import ActorRef
from newsgraph.events import Event, code_events, load_lexicon
from newsgraph.ontology import Ontology

DAY = dt.date(2020, 5, 4)
COUNTRIES = {"Peru": "PER", "Chile": "CHL", "Bolivia": "BOL", "Chilean": "CHL"}  # hand-placed actors

lexicon = pytest.fixture(scope="module")(load_lexicon)


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology.load()



def country_refs(doc: Doc) -> list[ActorRef]:
    """The countries of ``COUNTRIES`` where the sentence names them."""
    return [ActorRef(f"country:{COUNTRIES[t.text]}", t.text, "country", COUNTRIES[t.text], None,
                     t.text, t.idx, t.idx + len(t), how="demonym" if t.pos_ == "ADJ" else "name")
            for t in doc if t.text in COUNTRIES]


def coded(doc: Doc, onto: Ontology, lexicon) -> list[Event]:
    return code_events(doc, country_refs(doc), "a1", DAY, onto, lexicon)


def sides(event: Event) -> tuple[list[str | None], list[str | None]]:
    return [r.country for r in event.source], [r.country for r in event.target]


def of_type(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.type == kind]


def test_condemning_an_act_by_an_actor_is_aimed_at_its_doer(onto, lexicon):
    # "Bolivia condemned the raid by Chile": the object names an act, its "by" phrase the doer
    doc = parse([("Bolivia", 1, "nsubj", "Bolivia", "PROPN"), ("condemned", 1, "ROOT", "condemn", "VERB"),
                 ("the", 3, "det", "the", "DET"), ("raid", 1, "dobj", "raid", "NOUN"),
                 ("by", 3, "prep", "by", "ADP"), ("Chile", 4, "pobj", "Chile", "PROPN"),
                 (".", 1, "punct", ".", "PUNCT")])
    (event,) = of_type(coded(doc, onto, lexicon), "ACCUSE")
    assert sides(event) == (["BOL"], ["CHL"])


def test_the_agent_of_a_reduced_passive_on_the_object_is_its_doer(onto, lexicon):
    # "Peru criticised the shelling carried out by Chile"
    doc = parse([("Peru", 1, "nsubj", "Peru", "PROPN"), ("criticised", 1, "ROOT", "criticise", "VERB"),
                 ("the", 3, "det", "the", "DET"), ("shelling", 1, "dobj", "shelling", "NOUN"),
                 ("carried", 3, "acl", "carry", "VERB"), ("out", 4, "prt", "out", "ADP"),
                 ("by", 4, "agent", "by", "ADP"), ("Chile", 6, "pobj", "Chile", "PROPN"),
                 (".", 1, "punct", ".", "PUNCT")])
    doc[4].tag_ = "VBN"
    (event,) = of_type(coded(doc, onto, lexicon), "ACCUSE")
    assert sides(event) == (["PER"], ["CHL"])


def test_an_act_by_no_known_actor_gives_the_statement_no_target(onto, lexicon):
    # "Peru condemned an attack by gunmen": the doer is no actor, so there is no one to aim at
    doc = parse([("Peru", 1, "nsubj", "Peru", "PROPN"), ("condemned", 1, "ROOT", "condemn", "VERB"),
                 ("an", 3, "det", "an", "DET"), ("attack", 1, "dobj", "attack", "NOUN"),
                 ("by", 3, "prep", "by", "ADP"), ("gunmen", 4, "pobj", "gunman", "NOUN"),
                 (".", 1, "punct", ".", "PUNCT")])
    events = of_type(coded(doc, onto, lexicon), "ACCUSE")
    assert [sides(e) for e in events] in ([], [(["PER"], [])])


def test_an_act_noun_that_is_a_verbs_subject_is_aimed_at_its_object(onto, lexicon):
    # "Chilean shelling wounded Peruvian soldiers": the noun is the event, the verb says whom
    doc = parse([("Chilean", 1, "amod", "chilean", "ADJ"), ("shelling", 2, "nsubj", "shelling", "NOUN"),
                 ("wounded", 2, "ROOT", "wound", "VERB"), ("Peruvian", 4, "amod", "peruvian", "ADJ"),
                 ("soldiers", 2, "dobj", "soldier", "NOUN"), (".", 2, "punct", ".", "PUNCT")])
    refs = country_refs(doc) + [ActorRef("country:PER", "Peru", "country", "PER", "MIL",
                                         "Peruvian soldiers", doc[3].idx, doc[4].idx + 8, how="agent")]
    (event,) = of_type(code_events(doc, refs, "a1", DAY, onto, lexicon), "ASSAULT")
    assert sides(event) == (["CHL"], ["PER"])
    assert event.mentions[0].trigger == "shelling"


def test_coordinated_modifiers_both_name_the_phrases_actors(onto, lexicon):
    # "The Peruvian and Chilean delegations agreed": both sides agreed, not Peru alone
    doc = parse([("The", 4, "det", "the", "DET"), ("Peruvian", 4, "amod", "peruvian", "ADJ"),
                 ("and", 1, "cc", "and", "CCONJ"), ("Chilean", 1, "conj", "chilean", "ADJ"),
                 ("delegations", 5, "nsubj", "delegation", "NOUN"), ("agreed", 5, "ROOT", "agree", "VERB"),
                 (".", 5, "punct", ".", "PUNCT")])
    refs = [ActorRef("country:PER", "Peru", "country", "PER", None, "Peruvian", doc[1].idx,
                     doc[1].idx + 8, how="demonym")] + country_refs(doc)
    (event,) = of_type(code_events(doc, refs, "a1", DAY, onto, lexicon), "AGREE")
    assert sorted(c for side in sides(event) for c in side if c) == ["CHL", "PER"]


def test_a_statement_on_ties_between_parties_is_aimed_at_the_parties(onto, lexicon):
    # "Bolivia criticised the closure of the border between Peru and Chile"
    doc = parse([("Bolivia", 1, "nsubj", "Bolivia", "PROPN"), ("criticised", 1, "ROOT", "criticise", "VERB"),
                 ("the", 3, "det", "the", "DET"), ("closure", 1, "dobj", "closure", "NOUN"),
                 ("of", 3, "prep", "of", "ADP"), ("the", 6, "det", "the", "DET"),
                 ("border", 4, "pobj", "border", "NOUN"), ("between", 6, "prep", "between", "ADP"),
                 ("Peru", 7, "pobj", "Peru", "PROPN"), ("and", 8, "cc", "and", "CCONJ"),
                 ("Chile", 8, "conj", "Chile", "PROPN"), (".", 1, "punct", ".", "PUNCT")])
    (event,) = of_type(coded(doc, onto, lexicon), "ACCUSE")
    assert sides(event) == (["BOL"], ["PER", "CHL"])


def test_a_list_of_countries_hung_on_its_last_name_names_every_member(onto, lexicon):
    # "Peru, Chile and Bolivia condemned the raid", parsed as Bolivia with a compound Peru
    # whose conjunct is Chile (as spaCy's small model parses such lists): all three condemned
    doc = parse([("Peru", 4, "compound", "Peru", "PROPN"), (",", 0, "punct", ",", "PUNCT"),
                 ("Chile", 0, "conj", "Chile", "PROPN"), ("and", 2, "cc", "and", "CCONJ"),
                 ("Bolivia", 5, "nsubj", "Bolivia", "PROPN"), ("condemned", 5, "ROOT", "condemn", "VERB"),
                 ("the", 7, "det", "the", "DET"), ("raid", 5, "dobj", "raid", "NOUN"),
                 (".", 5, "punct", ".", "PUNCT")])
    (event,) = of_type(coded(doc, onto, lexicon), "ACCUSE")
    assert sorted(c for c in sides(event)[0] if c) == ["BOL", "CHL", "PER"]


def test_an_apposition_inside_a_list_is_one_more_member(onto, lexicon):
    # "Peru, the wary Chile, and Bolivia condemned the raid", parsed as Peru with an
    # apposition Chile and a conjunct Bolivia: Chile is a member, not another name of Peru
    doc = parse([("Peru", 8, "nsubj", "Peru", "PROPN"), (",", 0, "punct", ",", "PUNCT"),
                 ("the", 4, "det", "the", "DET"), ("wary", 4, "amod", "wary", "ADJ"),
                 ("Chile", 0, "appos", "Chile", "PROPN"), (",", 0, "punct", ",", "PUNCT"),
                 ("and", 0, "cc", "and", "CCONJ"), ("Bolivia", 0, "conj", "Bolivia", "PROPN"),
                 ("condemned", 8, "ROOT", "condemn", "VERB"), ("the", 10, "det", "the", "DET"),
                 ("raid", 8, "dobj", "raid", "NOUN"), (".", 8, "punct", ".", "PUNCT")])
    (event,) = of_type(coded(doc, onto, lexicon), "ACCUSE")
    assert sorted(c for c in sides(event)[0] if c) == ["BOL", "CHL", "PER"]


def test_a_from_phrase_hung_on_the_verb_names_whom_a_thing_came_from(onto, lexicon):
    # "Peru rejected demands from Chile": the parser hangs "from Chile" on the verb; the demands
    # are Chile's, and the rejection is aimed at Chile
    doc = parse([("Peru", 1, "nsubj", "Peru", "PROPN"), ("rejected", 1, "ROOT", "reject", "VERB"),
                 ("demands", 1, "dobj", "demand", "NOUN"), ("from", 1, "prep", "from", "ADP"),
                 ("Chile", 3, "pobj", "Chile", "PROPN"), (".", 1, "punct", ".", "PUNCT")])
    (event,) = of_type(coded(doc, onto, lexicon), "REJECT")
    assert sides(event) == (["PER"], ["CHL"])


def test_welcoming_a_message_from_an_actor_is_aimed_at_it(onto, lexicon):
    # "Bolivia welcomed a message from Peru on the talks"
    doc = parse([("Bolivia", 1, "nsubj", "Bolivia", "PROPN"), ("welcomed", 1, "ROOT", "welcome", "VERB"),
                 ("a", 3, "det", "a", "DET"), ("message", 1, "dobj", "message", "NOUN"),
                 ("from", 1, "prep", "from", "ADP"), ("Peru", 4, "pobj", "Peru", "PROPN"),
                 ("on", 1, "prep", "on", "ADP"), ("the", 8, "det", "the", "DET"),
                 ("talks", 6, "pobj", "talk", "NOUN"), (".", 1, "punct", ".", "PUNCT")])
    (event,) = of_type(coded(doc, onto, lexicon), "SUPPORT")
    assert sides(event) == (["BOL"], ["PER"])


def test_a_from_phrase_before_the_object_is_not_its_origin(onto, lexicon):
    # "Peru, from Chile, welcomed the plan": the phrase is not after the object, so not its origin
    doc = parse([("Peru", 4, "nsubj", "Peru", "PROPN"), (",", 4, "punct", ",", "PUNCT"),
                 ("from", 4, "prep", "from", "ADP"), ("Chile", 2, "pobj", "Chile", "PROPN"),
                 ("welcomed", 4, "ROOT", "welcome", "VERB"), ("the", 6, "det", "the", "DET"),
                 ("plan", 4, "dobj", "plan", "NOUN"), (".", 4, "punct", ".", "PUNCT")])
    events = of_type(coded(doc, onto, lexicon), "SUPPORT")
    assert [sides(e) for e in events] == [(["PER"], [])]


def test_whom_a_pressed_demand_is_made_of_is_the_protest_target(onto, lexicon):
    # "Chilean students marched to press demands for reforms from Peru": the demand's "from"
    # phrase, under the noun of its "for", names whom the protest is aimed at
    doc = parse([("Chilean", 1, "amod", "chilean", "ADJ"), ("students", 2, "nsubj", "student", "NOUN"),
                 ("marched", 2, "ROOT", "march", "VERB"), ("to", 4, "aux", "to", "PART"),
                 ("press", 2, "advcl", "press", "VERB"), ("demands", 4, "dobj", "demand", "NOUN"),
                 ("for", 5, "prep", "for", "ADP"), ("reforms", 6, "pobj", "reform", "NOUN"),
                 ("from", 7, "prep", "from", "ADP"), ("Peru", 8, "pobj", "Peru", "PROPN"),
                 (".", 2, "punct", ".", "PUNCT")])
    (event,) = of_type(coded(doc, onto, lexicon), "PROTEST")
    assert sides(event) == (["CHL"], ["PER"])


def test_the_victim_of_a_protested_killing_is_not_whom_it_is_aimed_at(onto, lexicon):
    # "Chilean students marched to protest the killing of Bolivians": "of" names the victims,
    # so the demand fallback does not read it; no one is named as the target
    doc = parse([("Chilean", 1, "amod", "chilean", "ADJ"), ("students", 2, "nsubj", "student", "NOUN"),
                 ("marched", 2, "ROOT", "march", "VERB"), ("to", 4, "aux", "to", "PART"),
                 ("protest", 2, "advcl", "protest", "VERB"), ("the", 6, "det", "the", "DET"),
                 ("killing", 4, "dobj", "killing", "NOUN"), ("of", 6, "prep", "of", "ADP"),
                 ("Bolivia", 7, "pobj", "Bolivia", "PROPN"), (".", 2, "punct", ".", "PUNCT")])
    events = of_type(coded(doc, onto, lexicon), "PROTEST")
    assert [sides(e) for e in events] == [(["CHL"], [])]
