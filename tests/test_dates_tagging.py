"""Tagger rules added for issue 8 (tense read after a time that opens its sentence, seasons of a
relative year, clock hours with a part of the day). The sentences are written for these tests;
none comes from TempEval or the seeds.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.dates import tag_timexes

ANCHOR = dt.date(2024, 10, 16)  # a Wednesday in October


def tagged(text: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag_timexes(text, ANCHOR)]


@pytest.mark.parametrize("text, value", [
    ("In February, the court sold the seized assets.", "2024-02"),   # irregular past after it
    ("In February, the court will sell the seized assets.", "2025-02"),
    ("In December, the two governments signed a treaty.", "2023-12"),  # regular past after it
    ("In December, new tariffs are expected to take effect.", "2024-12"),  # a participle: nearest
])
def test_tag_a_month_opening_its_sentence_takes_the_tense_of_the_verb_after(
        text: str, value: str) -> None:
    assert tagged(text)[0][2] == value


@pytest.mark.parametrize("text, value", [
    ("On Friday, the Organisation of American States will hold an emergency session.",
     "2024-10-18"),
    ("On Friday, the Organisation of American States held an emergency session.", "2024-10-11"),
])
def test_tag_a_weekday_opening_its_sentence_reads_past_a_long_subject(text: str,
                                                                      value: str) -> None:
    assert tagged(text)[0][2] == value


def test_tag_a_time_inside_a_clause_ignores_a_reporting_verb_after_it() -> None:
    # "said" after the time is the report's verb, not the clause's: nearest month stays
    assert tagged("The bank will cut rates in early November, an adviser said.")[0][2] == "2024-11"


@pytest.mark.parametrize("text, expr, value", [
    ("The drought of the summer of last year ruined the harvest.", "the summer of last year",
     "2023-SU"),
    ("Elections are due in the spring of next year.", "the spring of next year", "2025-SP"),
])
def test_tag_a_season_of_a_relative_year(text: str, expr: str, value: str) -> None:
    assert tagged(text) == [(expr, "DATE", value)]


@pytest.mark.parametrize("text, expr, value", [
    ("The border crossing closes at 6 in the evening.", "6 in the evening", "2024-10-16T18:00"),
    ("Troops moved in at 5 o'clock in the morning.", "5 o'clock in the morning",
     "2024-10-16T05:00"),
    ("Sirens sounded at 3 in the night on Monday.", "3 in the night on Monday", "2024-10-14T03:00"),
])
def test_tag_a_clock_hour_with_a_part_of_the_day(text: str, expr: str, value: str) -> None:
    assert tagged(text) == [(expr, "TIME", value)]


def test_tag_a_count_before_a_morning_noun_is_no_clock_time() -> None:
    assert tagged("Gunmen killed 7 in the morning ambush.") == []
