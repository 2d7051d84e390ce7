"""Acts whose doer the text does not name (``newsgraph.events.unidentified``) and the lexicon
rows of round 4 of issue 8 that reach them: a weapon an act was done with says violence was
done; taking control of a place is fighting for it; tightening security and recovering weapons
are the authorities' acts. The parses are built by hand on sentences written for these tests
(not the evaluation suites' rows), so no model is needed."""

from __future__ import annotations

import pytest

from newsgraph.events import load_lexicon
from test_unnamed_organs import ONTO, coded, parse, sectors

LEXICON = load_lexicon()


def test_a_passive_attack_with_a_weapon_is_violence_by_unidentified_attackers():
    doc = parse([("A", 2, "det", "a", "DET"), ("police", 2, "compound", "police", "NOUN"),
                 ("convoy", 4, "nsubjpass", "convoy", "NOUN"), ("was", 4, "auxpass", "be", "AUX"),
                 ("attacked", 4, "ROOT", "attack", "VERB"), ("with", 4, "prep", "with", "ADP"),
                 ("grenades", 5, "pobj", "grenade", "NOUN"), (".", 4, "punct", ".", "PUNCT")])
    (event,) = coded(doc, ONTO, LEXICON)
    assert (event.type, event.mode) == ("ASSAULT", "explosives")
    assert [r.actor_id for r in event.source] == ["unidentified:unnamed"]


def test_a_passive_attack_with_words_names_no_violence():
    # "attacked with questions": no weapon, no place, a general act word: nothing is coded
    doc = parse([("The", 1, "det", "the", "DET"), ("minister", 3, "nsubjpass", "minister", "NOUN"),
                 ("was", 3, "auxpass", "be", "AUX"), ("attacked", 3, "ROOT", "attack", "VERB"),
                 ("with", 3, "prep", "with", "ADP"), ("questions", 4, "pobj", "question", "NOUN"),
                 (".", 3, "punct", ".", "PUNCT")])
    assert coded(doc, ONTO, LEXICON) == []


@pytest.mark.parametrize("subject,lemma,ground,rules", [
    ("Rebels", "rebel", "town", ["assault.take_control"]),
    ("Investors", "investor", "company", []),  # no ground named: no fighting
])
def test_taking_control_of_a_town_is_fighting_for_it(subject, lemma, ground, rules):
    doc = parse([(subject, 1, "nsubj", lemma, "NOUN"), ("took", 1, "ROOT", "take", "VERB"),
                 ("control", 1, "dobj", "control", "NOUN"), ("of", 2, "prep", "of", "ADP"),
                 ("the", 5, "det", "the", "DET"), (ground, 3, "pobj", ground, "NOUN"),
                 (".", 1, "punct", ".", "PUNCT")])
    events = coded(doc, ONTO, LEXICON)
    assert [e.mentions[0].rule for e in events] == rules
    assert all(e.type == "ASSAULT" for e in events)


def test_tightened_security_is_the_authorities_raising_their_alert():
    doc = parse([("security", 3, "nsubjpass", "security", "NOUN"), ("has", 3, "aux", "have", "AUX"),
                 ("been", 3, "auxpass", "be", "AUX"), ("tightened", 3, "ROOT", "tighten", "VERB"),
                 ("near", 3, "prep", "near", "ADP"), ("the", 6, "det", "the", "DET"),
                 ("shrine", 4, "pobj", "shrine", "NOUN"), (".", 3, "punct", ".", "PUNCT")])
    (event,) = coded(doc, ONTO, LEXICON)
    assert (event.type, event.mode, event.cameo) == ("MOBILIZE", "police", "151")
    assert sectors(event) == ["GOV"]


def test_security_arrangements_made_by_police_are_theirs():
    doc = parse([("police", 1, "nsubj", "police", "NOUN"), ("made", 1, "ROOT", "make", "VERB"),
                 ("tight", 4, "amod", "tight", "ADJ"), ("security", 4, "compound", "security", "NOUN"),
                 ("arrangements", 1, "dobj", "arrangement", "NOUN"), ("for", 4, "prep", "for", "ADP"),
                 ("the", 7, "det", "the", "DET"), ("fair", 5, "pobj", "fair", "NOUN")])
    (event,) = coded(doc, ONTO, LEXICON)
    assert (event.type, event.mode, sectors(event)) == ("MOBILIZE", "police", ["COP"])


def test_weapons_recovered_by_police_are_a_seizure_and_bodies_are_not():
    rifles = parse([("police", 1, "nsubj", "police", "NOUN"), ("recovered", 1, "ROOT", "recover", "VERB"),
                    ("two", 3, "nummod", "two", "NUM"), ("rifles", 1, "dobj", "rifle", "NOUN"),
                    ("from", 1, "prep", "from", "ADP"), ("a", 6, "det", "a", "DET"),
                    ("shed", 4, "pobj", "shed", "NOUN")])
    (event,) = coded(rifles, ONTO, LEXICON)
    assert (event.type, event.mode, sectors(event)) == ("COERCE", "seize", ["COP"])
    bodies = parse([("bodies", 2, "nsubjpass", "body", "NOUN"), ("were", 2, "auxpass", "be", "AUX"),
                    ("recovered", 2, "ROOT", "recover", "VERB"), ("from", 2, "prep", "from", "ADP"),
                    ("a", 5, "det", "a", "DET"), ("well", 3, "pobj", "well", "NOUN")])
    assert coded(bodies, ONTO, LEXICON) == []


def test_the_passive_subject_of_a_verb_of_compulsion_does_the_act():
    # "guards were compelled to open fire": the guards fired, not no one
    doc = parse([("guards", 2, "nsubjpass", "guard", "NOUN"), ("were", 2, "auxpass", "be", "AUX"),
                 ("compelled", 2, "ROOT", "compel", "VERB"), ("to", 4, "aux", "to", "PART"),
                 ("open", 2, "xcomp", "open", "VERB"), ("fire", 4, "dobj", "fire", "NOUN"),
                 ("on", 4, "prep", "on", "ADP"), ("looters", 6, "pobj", "looter", "NOUN")])
    (event,) = coded(doc, ONTO, LEXICON)
    assert (event.type, event.mode, event.modality) == ("ASSAULT", "firearms", "asserted")
    assert event.source and all(r.sector == "MIL" for r in event.source)
