"""Word senses in which a trigger word is no event (events.senses): months, markets, sport.

The rule tests build their parse by hand (words, heads, dependencies, lemmas), so they need no
model; the coder-level tests in test_events.py run the same senses through the real parse."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.events.senses import (
    Senses,
    argument_sense,
    instrument_sense,
    load_senses,
    other_sense,
)


@pytest.fixture(scope="module")
def senses() -> Senses:
    return load_senses()


def parse(words: list[str], heads: list[int], deps: list[str], lemmas: list[str],
          pos: list[str]) -> Doc:
    """A one-sentence Doc as a parser would give it."""
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, lemmas=lemmas, pos=pos,
              sent_starts=[True] + [False] * (len(words) - 1))
    return doc


def test_the_shipped_file_has_every_list(senses):
    assert "march" in senses.months and "share" in senses.market_nouns
    assert "beat" in senses.sport_verbs and "final" in senses.sport_hints
    assert "tournament" in senses.sport_words


def test_a_capitalised_month_after_a_preposition_is_the_month(senses):
    doc = parse(["Talks", "resumed", "in", "March"], [1, 1, 1, 2],
                ["nsubj", "ROOT", "prep", "pobj"], ["talk", "resume", "in", "march"],
                ["NOUN", "VERB", "ADP", "PROPN"])
    assert other_sense(doc[3], senses)


def test_a_month_opening_a_sentence_is_the_month_only_next_to_a_date_word(senses):
    dated = parse(["March", "3", "was", "calm"], [2, 0, 2, 2], ["nsubj", "nummod", "ROOT", "acomp"],
                  ["march", "3", "be", "calm"], ["PROPN", "NUM", "AUX", "ADJ"])
    assert other_sense(dated[0], senses)
    walk = parse(["March", "for", "peace", "draws", "thousands"], [3, 0, 1, 3, 3],
                 ["nsubj", "prep", "pobj", "ROOT", "dobj"],
                 ["march", "for", "peace", "draw", "thousand"], ["NOUN", "ADP", "NOUN", "VERB", "NOUN"])
    assert not other_sense(walk[0], senses)


def test_a_lower_case_march_is_the_walk(senses):
    doc = parse(["Students", "march", "on", "parliament"], [1, 1, 1, 2],
                ["nsubj", "ROOT", "prep", "pobj"], ["student", "march", "on", "parliament"],
                ["NOUN", "VERB", "ADP", "NOUN"])
    assert not other_sense(doc[1], senses)


@pytest.mark.parametrize("words,heads,deps,lemmas,pos,trigger", [
    (["Shares", "hit", "a", "record"], [1, 1, 3, 1], ["nsubj", "ROOT", "det", "dobj"],
     ["share", "hit", "a", "record"], ["NOUN", "VERB", "DET", "NOUN"], 1),
    (["Acme", "beat", "forecasts"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
     ["Acme", "beat", "forecast"], ["PROPN", "VERB", "NOUN"], 1),
    (["Stock", "markets", "rallied"], [1, 2, 2], ["compound", "nsubj", "ROOT"],
     ["stock", "market", "rally"], ["NOUN", "NOUN", "VERB"], 2),
])
def test_a_market_word_as_subject_or_object_is_markets(senses, words, heads, deps, lemmas, pos,
                                                        trigger):
    assert other_sense(parse(words, heads, deps, lemmas, pos)[trigger], senses)


def test_an_attack_on_a_market_place_is_still_an_attack(senses):
    doc = parse(["Rebels", "attacked", "a", "village"], [1, 1, 3, 1],
                ["nsubj", "ROOT", "det", "dobj"], ["rebel", "attack", "a", "village"],
                ["NOUN", "VERB", "DET", "NOUN"])
    assert not other_sense(doc[1], senses)


def test_a_win_in_a_game_is_no_fight(senses):
    doc = parse(["Chile", "beat", "Peru", "2-1", "in", "the", "final"], [1, 1, 1, 1, 1, 6, 4],
                ["nsubj", "ROOT", "dobj", "npadvmod", "prep", "det", "pobj"],
                ["Chile", "beat", "Peru", "2-1", "in", "the", "final"],
                ["PROPN", "VERB", "PROPN", "NUM", "ADP", "DET", "NOUN"])
    assert other_sense(doc[1], senses)


def test_a_beating_with_no_game_in_the_sentence_stays(senses):
    doc = parse(["Police", "beat", "the", "protesters"], [1, 1, 3, 1],
                ["nsubj", "ROOT", "det", "dobj"], ["police", "beat", "the", "protester"],
                ["NOUN", "VERB", "DET", "NOUN"])
    assert not other_sense(doc[1], senses)


@pytest.mark.parametrize("words,heads,deps,lemmas,pos,game", [
    # one word of sport with other senses is no game: "a UN team said militants attacked ..."
    (["A", "team", "said", "militants", "attacked", "the", "base"], [1, 2, 2, 4, 2, 6, 4],
     ["det", "nsubj", "ROOT", "nsubj", "ccomp", "det", "dobj"],
     ["a", "team", "say", "militant", "attack", "the", "base"],
     ["DET", "NOUN", "VERB", "NOUN", "VERB", "DET", "NOUN"], False),
    # two different ones are: "the team attacked in the final"
    (["The", "team", "attacked", "in", "the", "final"], [1, 2, 2, 2, 5, 3],
     ["det", "nsubj", "ROOT", "prep", "det", "pobj"],
     ["the", "team", "attack", "in", "the", "final"],
     ["DET", "NOUN", "VERB", "ADP", "DET", "NOUN"], True),
])
def test_one_ambiguous_sport_word_is_no_game_and_two_are(senses, words, heads, deps, lemmas, pos,
                                                          game):
    doc = parse(words, heads, deps, lemmas, pos)
    trigger = next(t for t in doc if t.lemma_ == "attack")
    assert other_sense(trigger, senses) is game


def test_the_shipped_file_has_the_cutting_sense(senses):
    assert {"machete", "death"} <= senses.instrument_senses["cutting"]


@pytest.mark.parametrize("words,heads,deps,lemmas,pos,trigger,cutting", [
    # "Rebels hacked two farmers with axes": a blade says the cutting sense
    (["Rebels", "hacked", "two", "farmers", "with", "axes"], [1, 1, 3, 1, 1, 4],
     ["nsubj", "ROOT", "nummod", "dobj", "prep", "pobj"],
     ["rebel", "hack", "two", "farmer", "with", "axe"], ["NOUN", "VERB", "NUM", "NOUN", "ADP", "NOUN"],
     1, True),
    # "A trader was chopped to pieces": what the cutting ends in
    (["A", "trader", "was", "chopped", "to", "pieces"], [1, 3, 3, 3, 3, 4],
     ["det", "nsubjpass", "auxpass", "ROOT", "prep", "pobj"],
     ["a", "trader", "be", "chop", "to", "piece"], ["DET", "NOUN", "AUX", "VERB", "ADP", "NOUN"],
     3, True),
    # "Spies hacked the ministry with malware": an instrument that is no blade
    (["Spies", "hacked", "the", "ministry", "with", "malware"], [1, 1, 3, 1, 1, 4],
     ["nsubj", "ROOT", "det", "dobj", "prep", "pobj"],
     ["spy", "hack", "the", "ministry", "with", "malware"], ["NOUN", "VERB", "DET", "NOUN", "ADP", "NOUN"],
     1, False),
])
def test_what_an_act_is_done_with_says_its_sense(senses, words, heads, deps, lemmas, pos, trigger,
                                                 cutting):
    doc = parse(words, heads, deps, lemmas, pos)
    assert instrument_sense(doc[trigger], "cutting", senses) is cutting
    assert not instrument_sense(doc[trigger], "no-such-sense", senses)


def test_the_shipped_file_has_the_argument_senses(senses):
    rows = {r.name: r for r in senses.argument_senses}
    assert {"struggle", "military_support", "outcome", "mishap_inquiry"} <= set(rows)
    assert "fight" in rows["struggle"].triggers and "deportation" in rows["struggle"].words


@pytest.mark.parametrize("words,heads,deps,lemmas,pos,trigger,sense", [
    # "The activist has been fighting deportation": a case fought, no assault
    (["The", "activist", "has", "been", "fighting", "deportation"], [1, 4, 4, 4, 4, 4],
     ["det", "nsubj", "aux", "aux", "ROOT", "dobj"],
     ["the", "activist", "have", "be", "fight", "deportation"],
     ["DET", "NOUN", "AUX", "AUX", "VERB", "NOUN"], 4, "struggle"),
    # "a shooting that left three policemen dead": the object's predicate
    (["a", "shooting", "that", "left", "three", "policemen", "dead"], [1, 1, 3, 1, 5, 3, 3],
     ["det", "ROOT", "nsubj", "relcl", "nummod", "dobj", "oprd"],
     ["a", "shooting", "that", "leave", "three", "policeman", "dead"],
     ["DET", "NOUN", "PRON", "VERB", "NUM", "NOUN", "ADJ"], 3, "outcome"),
    # "The blast left dozens injured": the object's participle
    (["The", "blast", "left", "dozens", "injured"], [1, 2, 2, 2, 3],
     ["det", "nsubj", "ROOT", "dobj", "acl"], ["the", "blast", "leave", "dozen", "injure"],
     ["DET", "NOUN", "VERB", "NOUN", "VERB"], 2, "outcome"),
    # "working in support of Nigerian forces": an event noun's "of" phrase
    (["working", "in", "support", "of", "Nigerian", "forces"], [0, 0, 1, 2, 5, 3],
     ["ROOT", "prep", "pobj", "prep", "amod", "pobj"],
     ["work", "in", "support", "of", "nigerian", "force"],
     ["VERB", "ADP", "NOUN", "ADP", "ADJ", "NOUN"], 2, "military_support"),
    # "Police are investigating a crash": an inquiry into a mishap accuses no one
    (["Police", "are", "investigating", "a", "crash"], [2, 2, 2, 4, 2],
     ["nsubj", "aux", "ROOT", "det", "dobj"], ["police", "be", "investigate", "a", "crash"],
     ["NOUN", "AUX", "VERB", "DET", "NOUN"], 2, "mishap_inquiry"),
    # "an investigation into the fire": an event noun's "into" phrase
    (["an", "investigation", "into", "the", "fire"], [1, 1, 1, 4, 2],
     ["det", "ROOT", "prep", "det", "pobj"], ["an", "investigation", "into", "the", "fire"],
     ["DET", "NOUN", "ADP", "DET", "NOUN"], 1, "mishap_inquiry"),
    # the same words with a side as the argument keep their event
    (["Rebels", "fought", "government", "forces"], [1, 1, 3, 1],
     ["nsubj", "ROOT", "compound", "dobj"], ["rebel", "fight", "government", "force"],
     ["NOUN", "VERB", "NOUN", "NOUN"], 1, None),
    (["Troops", "left", "the", "town"], [1, 1, 3, 1], ["nsubj", "ROOT", "det", "dobj"],
     ["troop", "leave", "the", "town"], ["NOUN", "VERB", "DET", "NOUN"], 1, None),
    (["Police", "investigated", "the", "minister"], [1, 1, 3, 1], ["nsubj", "ROOT", "det", "dobj"],
     ["police", "investigate", "the", "minister"], ["NOUN", "VERB", "DET", "NOUN"], 1, None),
])
def test_an_argument_tells_a_sense_that_is_no_event(senses, words, heads, deps, lemmas, pos,
                                                    trigger, sense):
    doc = parse(words, heads, deps, lemmas, pos)
    assert argument_sense(doc[trigger], senses) == sense
    assert other_sense(doc[trigger], senses) is (sense is not None)


def test_a_user_file_adds_an_argument_sense(tmp_path):
    path = tmp_path / "senses.yaml"
    path.write_text("argument_senses:\n  lost_cause:\n    triggers: [battle]\n"
                    "    words: [odds]\n", encoding="utf-8")
    doc = parse(["They", "battled", "the", "odds"], [1, 1, 3, 1], ["nsubj", "ROOT", "det", "dobj"],
                ["they", "battle", "the", "odds"], ["PRON", "VERB", "DET", "NOUN"])
    assert argument_sense(doc[1], load_senses(str(path))) == "lost_cause"
