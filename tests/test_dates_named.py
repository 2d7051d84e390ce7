"""dates.named: an event noun named undated borrows the date of its dated mention ("the July 1
call") only between the same parties.

The text is seed article 004, read at test time; the events on it are built by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SEEDS, make_event, ref
from newsgraph.articles.reading import read_file
from newsgraph.dates import EventDate, borrowed_date, dated_mentions, same_parties, tag_timexes
from newsgraph.parsing import parse_articles

SEED = SEEDS / "004_d4e985c3c0d8891d.txt"
DATED = "According to the Kremlin’s summary of the July 1 call, both leaders agreed"
UNDATED = "The phone call comes as Macron adopts a more nuanced position on Ukraine."

MACRON = ref("person:emmanuel-macron", "Macron", "FRA")
PUTIN = ref("person:vladimir-putin", "Putin", "RUS")
TRUMP = ref("person:donald-trump", "Trump", "USA")
ZELENSKY = ref("person:volodymyr-zelensky", "Zelensky", "UKR")


@pytest.mark.parametrize("ours, theirs, same", [
    ({"a", "b"}, {"a", "b"}, True),
    ({"a"}, {"a", "b"}, True),          # one side names fewer parties: no conflict
    ({"a", "c"}, {"a", "b"}, False),    # a party each that the other lacks
    ({"c"}, {"a", "b"}, False),
    (set(), {"a", "b"}, False),         # no party named: nothing to match on
])
def test_same_parties_needs_one_shared_and_none_in_conflict(ours: set[str], theirs: set[str],
                                                             same: bool) -> None:
    assert same_parties(frozenset(ours), frozenset(theirs)) is same


@pytest.fixture(scope="module")
def seed(nlp):
    if not SEED.is_file():
        pytest.skip("seed articles not present")
    article = next(a for a in read_file(SEED) if hasattr(a, "text"))
    doc = next(parse_articles(nlp, [article.text], None))
    return article, doc


@pytest.mark.parametrize("source, target, borrowed", [
    ([MACRON], [PUTIN], True),      # the call the article dated
    ([MACRON], [], True),           # its target not found: no party in conflict
    ([TRUMP], [PUTIN], False),      # another leader's call with Putin
    ([TRUMP], [ZELENSKY], False),   # no party shared
    ([], [], False),
])
def test_borrowed_date_only_between_the_same_parties(seed, source, target, borrowed) -> None:
    article, doc = seed
    text, published = article.text, article.published
    lead = make_event([MACRON], [PUTIN], type="AGREE", trigger_start=text.index("agreed", text.index(DATED)),
                      published=published.isoformat())
    mentions = dated_mentions(doc, tag_timexes(text, published), published, [lead])
    assert [(m.lemma, m.date.value) for m in mentions if m.lemma == "call"] == [
        ("call", "2025-07-01")]
    start = text.index(UNDATED) + len("The phone ")
    event = make_event(source, target, date=published.isoformat(), basis="publication",
                       trigger_start=start, published=published.isoformat())
    trigger = doc.char_span(start, start + len("call")).root
    undated = EventDate(published.isoformat(), "day", "publication")
    when = borrowed_date(undated, event, trigger, mentions)
    assert when.value == ("2025-07-01" if borrowed else published.isoformat())


@pytest.mark.parametrize("text, dated", [
    ("Last year's talks failed. The talks were hard.", True),
    # the unit behind now is a span reaching back, which dates no one meeting
    ("The past year's talks failed. The talks were hard.", False),
])
def test_a_span_back_from_now_names_no_dated_mention(nlp, text: str, dated: bool) -> None:
    anchor = dt.date(2024, 3, 12)
    doc = next(parse_articles(nlp, [text], None))
    assert bool(dated_mentions(doc, tag_timexes(text, anchor), anchor)) is dated
