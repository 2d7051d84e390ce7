"""Truecasing: lower-cased and all-caps text gets its capitals back, lengths and cased text kept."""

from __future__ import annotations

import pytest

from newsgraph.actors import KnowledgeBase
from newsgraph.actors.records import Actor
from newsgraph.casing import CasingWords, Truecaser, capital_lines, needs_truecasing
from newsgraph.parsing import split_sentences

# a small English word list stands in for the lemmatizer's (the real one is tested with nlp)
ENGLISH = frozenset("""say arrest man town week protest station night fire gas crowd
disperse officer report march court hear case deal sign troop post meet talk leader
minister visit city government border shell village bill rise met watch official men
die body stop bus burn find villager""".split())
WORDS = CasingWords(keep_lower=frozenset({"us", "may"}), titles=frozenset({"mr", "dr"}),
                    always_lower=frozenset({"km"}))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.add_actor(Actor("IND", "India", "country", "IND"))
    kb.add_actor(Actor("PAK", "Pakistan", "country", "PAK"))
    kb.add_actor(Actor("USA", "United States", "country", "USA", aliases=["US"]))
    kb.add_actor(Actor("bill-clinton", "Bill Clinton", "person", "USA"))
    kb.demonyms["IND"] = ["Indian"]
    return kb


@pytest.fixture(scope="module")
def caser(kb: KnowledgeBase) -> Truecaser:
    return Truecaser(kb, ENGLISH, WORDS)


LOWER = ("the officer said the protest near the station turned violent last night. "
         "police fired tear gas to disperse the crowd and arrested six men in the town. "
         "a court will hear the case next week, the officer said. ") * 3


def test_lower_cased_text_is_detected_and_cased_text_is_not():
    assert needs_truecasing(LOWER)
    cased = LOWER.replace("the officer", "The Officer").replace("police", "Police")
    assert not needs_truecasing(cased * 3)


def test_truecasing_keeps_every_offset(caser):
    out = caser(LOWER)
    assert len(out) == len(LOWER)
    assert out.lower() == LOWER.lower()


def test_sentence_starts_get_capitals_so_the_text_splits_into_sentences(caser):
    assert len(split_sentences(LOWER)) == 1
    out = caser(LOWER)
    spans = split_sentences(out)
    assert len(spans) == 9
    assert all(out[a].isupper() for a, _ in spans)


def test_known_names_and_demonyms_get_their_capitals(caser):
    text = ("indian and pakistani leaders met at the border. officials of the united states "
            "and india signed a deal; bill clinton watched. ") * 3
    out = caser(text)
    assert "Indian" in out and "India signed" in out and "United States" in out
    assert "Bill Clinton" in out
    assert "Pakistani leaders met" in out  # unknown here, and no English word: read as a name


def test_words_that_are_more_often_ordinary_words_stay_lower(caser):
    text = ("the minister told us that troops may shell the village; the bill will rise. ") * 4
    out = caser(text)
    assert " us " in out and " may " in out and "the bill" in out


def test_words_no_english_list_holds_read_as_names(caser):
    text = ("mr. raghunandan said the officer from kotbari was hurt 5 km from the town. ") * 4
    out = caser(text)
    assert "Mr. Raghunandan" in out and "Kotbari" in out and " km " in out
    # "Mr." is a title, not a sentence end
    assert len(split_sentences(out)) == 4


def test_headlines_in_capitals_are_cased_and_the_rest_left_alone(caser):
    text = "POLICE ARREST SIX MEN IN INDIA\n\nThe Officer said on Monday that six were held."
    assert capital_lines(text) == [(0, 30)]
    out = caser(text)
    assert out.startswith("Police arrest six men in India\n")
    assert out[31:] == text[31:]
    assert capital_lines("NATO\n(AP) said so.") == []


def test_cased_text_is_returned_unchanged(caser):
    text = "The Officer said Police arrested six men in India on Monday. " * 5
    assert caser(text) is text


def test_shipped_word_lists_load():
    words = CasingWords.shipped()
    assert "us" in words.keep_lower and "mr" in words.titles


def test_lower_cased_article_gives_police_arrest_through_the_pipeline(nlp):
    from newsgraph.articles import Article
    from newsgraph.pipeline import Annotator

    annotator = Annotator(nlp=nlp)
    text = ("kolkata: a local trader was found dead in his shop on sunday. "
            "the police arrested two men from the area on monday night, an officer said. "
            "the two were produced in court and sent to custody for a week, officers said. ")
    import datetime as dt

    [result] = annotator.annotate([Article("lc1", dt.date(2020, 5, 4), text)])
    arrests = [e for e in result.events if e.type == "COERCE" and e.mode == "arrest"]
    assert arrests, [(e.type, e.mode) for e in result.events]
    assert any(r.sector == "COP" for r in arrests[0].source)
    # the trigger's offsets are the original text's
    m = arrests[0].mentions[0]
    assert text[m.trigger_start:m.trigger_end].lower().startswith("arrest")
    # what is stored quotes the article as written, not the truecased copy
    assert m.sentence == text[m.start:m.start + len(m.sentence)]
    assert m.sentence.startswith("the police") and m.trigger == text[m.trigger_start:m.trigger_end]


def test_a_lower_cased_story_under_a_cased_header_is_lower_cased():
    from newsgraph.casing import lost_capitals

    story = ("Filed on May 2, 2011 (AGENCY REPORT)\n\nthe crowd grew by noon. officers kept "
             "watch at the gate. two men were held. the court will hear the case.")
    assert lost_capitals(story)
    cased = "Officials met in Geneva. e.g. this one. The talks went on. They met U.S. officials."
    assert not lost_capitals(cased * 3)


def test_inflected_english_words_are_not_read_as_names(caser):
    text = ("three villagers died and the bodies of two were found; the stopped buses burned "
            "in the cities. ") * 3
    out = caser(text)
    assert "died" in out and "bodies" in out and "stopped" in out and "cities" in out
