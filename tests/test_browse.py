"""store.browse: the read questions of the web pages, on a real SQLite file (tests/webdata.py)."""

from __future__ import annotations

import pytest

from conftest import session_db
from newsgraph.store import Store
from newsgraph.store.browse import (
    busiest_pairs,
    chart_data,
    direction_counts,
    find_actor,
    like_pattern,
    search_actors,
    text_hits,
)
from newsgraph.store.queries import EventQuery, count_events
from webdata import article, build_db, event, mention


@pytest.fixture(scope="module")
def conn(backend, tmp_path_factory):
    path = session_db(backend, tmp_path_factory.mktemp("browse"), "events.db")
    build_db(path)
    with Store(path) as store, store.transaction():
        # two events known only to their year and month, as a report gives them
        for i, (date, precision) in enumerate([("2016", "year"), ("2023-05", "month")]):
            sentence = f"France and Iran held talks, round {i}."
            art = article(f"coarse-{i}", "2024-07-01", sentence, f"Coarse {i}")
            store.add_article(art, words=7)
            e = event([mention(art, sentence, "talks", [("FRA", "France")], [("IRN", "Iran")])],
                      "CONSULT", 1, 1.0, date)
            e.date_precision = precision
            store.add_event(e)
    with Store(path, readonly=True) as store:
        yield store.conn


def test_like_patterns_escape_the_wildcards():
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_actor_search_takes_wildcards_literally(conn):
    assert search_actors(conn, "%")[0] == []
    assert {a["id"] for a in search_actors(conn, "ran")[0]} == {"FRA", "IRN"}


@pytest.mark.parametrize("text,expected", [
    ("FRA", "FRA"), ("france", "FRA"), ("French Republic", "FRA"), ("Lena Varga", "person:lena-varga"),
    ("Fran", None), ("%", None), ("", None),
])
def test_actors_are_found_by_id_name_or_alias_only(conn, text, expected):
    found = find_actor(conn, text)
    assert (found.id if found else None) == expected


def test_events_known_to_the_year_or_month_are_spans_not_bars(conn):
    data = chart_data(conn, EventQuery(dyad=("FRA", "IRN"), modality="all", limit=None))
    spans = {(s["start"], s["end"], s["precision"]) for s in data["spans"]}
    assert ("2016-01-01", "2016-12-31", "year") in spans
    assert ("2023-05-01", "2023-05-31", "month") in spans
    assert not any(p["period"].startswith(("2016", "2023")) for p in data["periods"])
    drawn = sum(p["n"] for p in data["periods"]) + sum(s["n"] for s in data["spans"])
    assert drawn + data["undated"] == data["total"] == count_events(
        conn, EventQuery(dyad=("FRA", "IRN"), modality="all", limit=None))


def test_a_pairs_split_adds_up_and_pairs_are_undirected(conn):
    fra, irn = find_actor(conn, "FRA"), find_actor(conn, "IRN")
    assert fra and irn
    split = direction_counts(conn, EventQuery(dyad=("FRA", "IRN"), limit=None), fra, irn)
    assert split["a_to_b"] + split["b_to_a"] == split["events"] > 0
    keys = [(p["a"], p["b"]) for p in busiest_pairs(conn)]
    assert len(keys) == len({tuple(sorted(k)) for k in keys})


def test_text_hits_pages_are_runs_of_the_newest_first_list(conn):
    """Pages of two, read by the rowid range each page spans, are the one long list cut in
    order: nothing repeats, nothing is skipped, the last page is short."""
    everything, total = text_hits(conn, "France", EventQuery(modality="all", limit=None), 100)
    assert total == len(everything) >= 5
    paged = []
    for offset in range(0, total + 2, 2):
        page, _ = text_hits(conn, "France", EventQuery(modality="all", limit=None), 2, offset)
        paged += page
    assert paged == everything


def test_text_hits_mark_the_words_and_follow_the_filters(conn):
    hits, total = text_hits(conn, "signed", EventQuery(modality="all", limit=None))
    assert total == len(hits) == 2 and all("\x02signed\x03" in h["snippet"] for h in hits)
    none, zero = text_hits(conn, "signed", EventQuery(modality="negated", limit=None))
    assert (none, zero) == ([], 0)
