"""Events told in passing get no date, only the bounds the text gives (newsgraph.dates.passing).

The sentences are written for these tests, one kind per test: none comes from an evaluation set.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from newsgraph.dates import DateLexicon, EventDate, date_event, tag_timexes
from newsgraph.knowledge import data_path
from newsgraph.parsing import parse_articles

ANCHOR = dt.date(2024, 3, 12)  # a Tuesday
PUBLISHED = ANCHOR.isoformat()


def _event_date(nlp, text: str, trigger: str, lexicon: DateLexicon | None = None) -> EventDate:
    doc = next(parse_articles(nlp, [text], None))
    token = next(t for t in doc if t.text == trigger)
    return date_event(token.sent, token, ANCHOR, tag_timexes(text, ANCHOR), lexicon)


@pytest.mark.parametrize("text, trigger", [
    ("The envoy raised the recent arrests of journalists with his hosts.", "arrests"),
    ("Both sides said the previous talks had achieved little.", "talks"),
    ("The minister referred to an earlier attack on the convoy.", "attack"),
])
def test_an_event_noun_told_as_past_gets_no_date(nlp, text: str, trigger: str) -> None:
    got = _event_date(nlp, text, trigger)
    assert (got.value, got.basis, got.before) == (None, "unknown", PUBLISHED)
    assert got.text is not None and got.text.startswith("not given: told in passing")


@pytest.mark.parametrize("text, trigger", [
    ("The foreign ministry condemned the shelling of the refugee camp.", "shelling"),
    ("The government blamed the rebels for the ambush.", "ambush"),
    ("Parliament opened an inquiry into the killings.", "killings"),
])
def test_the_act_a_reaction_answers_gets_no_date(nlp, text: str, trigger: str) -> None:
    got = _event_date(nlp, text, trigger)
    assert (got.value, got.basis, got.before) == (None, "unknown", PUBLISHED)


def test_the_act_a_dated_reaction_answers_lies_before_it(nlp) -> None:
    text = "On Sunday, the president denounced the bombing of the cathedral."
    got = _event_date(nlp, text, "bombing")
    assert (got.value, got.before) == (None, "2024-03-10")
    assert got.text == "not given: told in passing (what 'denounced' answers); before 2024-03-10"
    assert _event_date(nlp, text, "denounced").value == "2024-03-10"  # the reaction keeps it


def test_an_event_noun_in_passing_keeps_a_time_word_of_its_own(nlp) -> None:
    text = "The minister condemned Saturday's raid on the village."
    assert _event_date(nlp, text, "raid").value == "2024-03-09"


def test_the_object_of_a_light_verb_is_the_clause_own_event(nlp) -> None:
    # "held talks": the talks are the news of the sentence, not something told in passing
    got = _event_date(nlp, "The two foreign ministers held talks in Cairo on Monday.", "talks")
    assert got.value == "2024-03-11"


@pytest.mark.parametrize("text, trigger, after", [
    ("Neighbouring states have closed their borders to the refugees in recent weeks.",
     "closed", None),
    ("The militia has seized four towns over the past two weeks.", "seized", "2024-02-27"),
    ("The prime minister recently met the opposition leader.", "met", None),
    # the unit just behind now: tagged as last year (TimeML), still a span for its events
    ("The militia has seized four towns over the past year.", "seized", "2023-03-12"),
    ("Rebels have shelled the port in the last few months.", "shelled", None),
])
def test_an_event_held_by_a_past_span_is_bounded_by_it(nlp, text: str, trigger: str,
                                                       after: str | None) -> None:
    got = _event_date(nlp, text, trigger)
    assert (got.value, got.basis, got.after, got.before) == (None, "unknown", after, PUBLISHED)


@pytest.mark.parametrize("text, trigger, marker", [
    ("Weapons were shipped to the militia before the uprising.", "shipped", "before"),
    ("The garrison had surrendered prior to the offensive.", "surrendered", "prior to"),
])
def test_a_past_act_placed_before_an_undated_event_gets_no_date(nlp, text: str, trigger: str,
                                                                marker: str) -> None:
    got = _event_date(nlp, text, trigger)
    assert (got.value, got.before) == (None, PUBLISHED)
    assert got.text is not None and f"placed '{marker}'" in got.text


@pytest.mark.parametrize("text, trigger", [
    ("The rebels stormed the barracks before dawn.", "stormed"),
    ("Police cleared the square shortly before dusk.", "cleared"),
])
def test_before_a_time_of_day_is_no_other_event(nlp, text: str, trigger: str) -> None:
    assert _event_date(nlp, text, trigger).basis == "publication"


@pytest.mark.parametrize("text, trigger", [
    ("The navy sank two patrol boats in response to the seizure of a tanker.", "seizure"),
    ("The army shelled the ridge in retaliation for the sniper fire.", "fire"),
])
def test_what_a_response_answers_is_a_background_event(nlp, text: str, trigger: str) -> None:
    got = _event_date(nlp, text, trigger)
    assert (got.value, got.basis, got.bound) == (None, "unknown", PUBLISHED)


def test_a_past_time_after_a_response_phrase_dates_its_event_not_the_plan(nlp) -> None:
    # the parse may hang "last month" on "will punish"; a past time cannot date a plan
    text = "The cabinet said it will punish the rebels in revenge for the massacre last month."
    got = _event_date(nlp, text, "massacre")
    assert (got.value, got.precision) == ("2024-02", "month")


def _lexicon_without(tmp_path, key: str, word: str) -> DateLexicon:
    """The shipped date lexicon with ``word`` left out of its list ``key``, read from a file."""
    raw = yaml.safe_load(data_path("dates.yaml").read_text(encoding="utf-8"))
    raw[key] = [w for w in raw[key] if w != word]
    path = tmp_path / "dates.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return DateLexicon.load(path)


def test_words_told_in_passing_are_data(nlp, tmp_path) -> None:
    text = "The foreign ministry condemned the shelling of the refugee camp."
    lexicon = _lexicon_without(tmp_path, "reaction_words", "condemn")
    assert _event_date(nlp, text, "shelling", lexicon).basis == "publication"


# --- an event noun's own past relative clause dates it (issue 8) --------------------------------

SAMPLE_026 = data_path("../sample/026_israel-strikes-iran.txt")


@pytest.mark.skipif(not SAMPLE_026.is_file(), reason="the sample corpus is not present")
def test_an_event_in_passing_takes_the_time_of_its_own_relative_clause(nlp) -> None:
    # the shipped sample article, read at test time: "a response to the ballistic missile attack
    # that Iran carried out against Israel earlier this month" (published 2024-10-26)
    raw = SAMPLE_026.read_text(encoding="utf-8")
    published = dt.date.fromisoformat(raw.split()[1])
    doc = next(parse_articles(nlp, [raw], None))
    attack = next(t for t in doc if t.text == "attack")
    got = date_event(attack.sent, attack, published, tag_timexes(raw, published))
    assert (got.value, got.text, got.before) == ("2024-10", "earlier this month", "2024-10-26")


@pytest.mark.parametrize("text, trigger, value", [
    # written for the test: the relative clause told in the past dates the noun's event...
    ("The minister condemned the raid that troops had carried out on Sunday.", "raid",
     "2024-03-10"),
    ("Both sides praised the accord, which was signed on Monday.", "accord", "2024-03-11"),
])
def test_an_event_nouns_past_relative_clause_dates_it(nlp, text: str, trigger: str,
                                                      value: str) -> None:
    assert _event_date(nlp, text, trigger).value == value


def test_an_event_nouns_present_relative_clause_does_not_date_it(nlp) -> None:
    # ...one in the present tells a later state of it, not when it happened
    got = _event_date(nlp, "The envoys discussed the talks that remain stalled since last August.",
                      "talks")
    assert got.value != "2023-08"


@pytest.mark.parametrize("text, trigger, value", [
    # written for the test: a participle of the noun's own act dates it...
    ("The minister condemned the raid launched on Sunday.", "raid", "2024-03-10"),
    ("Officials praised the accord signed on Monday.", "accord", "2024-03-11"),
])
def test_an_event_nouns_participle_with_a_time_dates_it(nlp, text: str, trigger: str,
                                                        value: str) -> None:
    assert _event_date(nlp, text, trigger).value == value


def test_an_event_nouns_planning_participle_does_not_date_it(nlp) -> None:
    # ...a plan's participle names when it is to happen, not a day it happened
    got = _event_date(nlp, "The minister condemned the raid planned for April.", "raid")
    assert got.value != "2024-04"


def test_planning_participles_are_data(nlp, tmp_path) -> None:
    text = "The minister condemned the raid planned for April."
    lexicon = _lexicon_without(tmp_path, "planning_participles", "planned")
    assert _event_date(nlp, text, "raid", lexicon).value == "2024-04"
