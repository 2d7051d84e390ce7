"""The date grammar's prefilter: the first-character guard and the word screen change the cost
of tagging, never what it finds."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import SEEDS, SHARED
from newsgraph.articles import read_articles
from newsgraph.dates import tag_timexes
from newsgraph.dates.lexicon import DateLexicon, default_lexicon
from newsgraph.dates.prefilter import first_chars, guarded, required_words, screenable
from newsgraph.evaluation.splits import half_of
from newsgraph.evaluation.tempeval import read_tml

TEMPEVAL = SHARED / "data" / "tempeval3" / "train"


def test_guard_keeps_every_match_of_a_rule_with_optional_openers() -> None:
    pattern = r"(?:(?P<det>(?i:the|last))\s+)?(?P<n>\d+)\s+(?i:days)"
    fast = re.compile(guarded(pattern))
    text = "Then 3 days passed; THE 4 days; last 5 DAYS, bathe 6 days"
    assert [m.span() for m in fast.finditer(text)] == [
        m.span() for m in re.finditer(pattern, text)]
    assert fast.pattern.startswith("(?=")


def test_no_guard_where_the_first_character_is_open() -> None:
    assert first_chars(r"(?:a)?") is None  # may match nothing
    assert first_chars(r"[^x]y") is None  # a negated class
    assert first_chars(r".y") is None
    assert guarded(r"(a)?\1b") == r"(a)?\1b"  # a back-reference is not worked out


def test_global_flags_stay_in_front() -> None:
    fast = re.compile(guarded(r"(?i)march"))
    assert fast.match("MARCH")


def test_required_words_of_a_sequence_and_of_alternatives() -> None:
    # of the parts every match holds, the one with the longest shortest word is taken
    assert required_words(r"\d+\s+(?i:weeks?|months?)\s+ago") == frozenset({"week", "month"})
    assert required_words(r"(?:the\s+)?(?i:weeks|months)") == frozenset({"weeks", "months"})
    assert required_words(r"\d{4}") is None


def test_case_insensitive_lookalikes_are_not_screened() -> None:
    # the Kelvin sign matches "k" when case is ignored, but lower-cases to "k" only by luck of
    # Unicode: text holding any such letter skips the screen
    assert re.search(r"(?i)week", "WEE\u212a")
    assert screenable("WEE\u212a") is None
    assert screenable("Last \u201cweek\u201d") == "last \u201cweek\u201d"


def _seed_texts() -> list[tuple[str, dt.date]]:
    return [(a.text, a.published) for a in read_articles([SEEDS]) if hasattr(a, "text")]


def _tempeval_dev() -> list[tuple[str, dt.date]]:
    docs = []
    for path in sorted(TEMPEVAL.rglob("*.tml")):
        if half_of("tempeval", path.stem) == "dev":
            doc = read_tml(path.read_text(encoding="utf-8"), str(path))
            docs.append((doc.text, doc.dct))
    return docs


@pytest.mark.parametrize("source", ["seeds", "tempeval-dev"])
def test_prefiltered_tags_equal_the_plain_grammars(source: str) -> None:
    if not SEEDS.is_dir() or not TEMPEVAL.is_dir():
        pytest.skip(f"shared data not found under {SHARED}")
    texts = _seed_texts() if source == "seeds" else _tempeval_dev()
    assert texts
    plain, fast = DateLexicon.load(prefilter=False), default_lexicon()
    assert any(fast.screens) and not any(plain.screens)
    tagged = 0
    for text, anchor in texts:
        expected = tag_timexes(text, anchor, plain)
        assert tag_timexes(text, anchor, fast) == expected
        tagged += len(expected)
    assert tagged > 20
