from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from conftest import make_event, ref

from newsgraph.articles import Article
from newsgraph.store import Store, date_bounds
from newsgraph.store.queries import EventQuery, QueryError, count_events, query_events
from newsgraph.store.schema import SCHEMA_VERSION
from newsgraph.store.summaries import dyad_series, relations_graph, stats
from newsgraph.actors import Actor, Role
from newsgraph.stories import event_id

SCHOLZ = ref("person:olaf-scholz", "Olaf Scholz", "DEU")
MACRON = ref("person:emmanuel-macron", "Emmanuel Macron", "FRA")
RUSSIA = ref("RUS", "Russia", "RUS", kind="country", sector=None)


def _article(article_id: str, day: str = "2023-03-05", text: str = "Scholz met Macron.") -> Article:
    return Article(id=article_id, published=dt.date.fromisoformat(day), text=text,
                   content_hash=f"hash-{article_id}", origin=f"{article_id}.txt")


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "events.db")
    yield s
    s.close()


def _put(store: Store, event, article_id: str = "a1") -> str:
    with store.transaction():
        if not store.find_article(article_id, f"hash-{article_id}"):
            store.add_article(_article(article_id), words=3)
        for r in event.source + event.target:
            store.upsert_actor(Actor(r.actor_id, r.name, r.kind, r.country, r.sector))
        event.id = event_id(event)
        return store.add_event(event)


@pytest.mark.parametrize("value,first,last", [
    ("2024-10-13", "2024-10-13", "2024-10-13"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2024-W41", "2024-10-07", "2024-10-13"),
    ("2024-Q3", "2024-07-01", "2024-09-30"),
    ("2023", "2023-01-01", "2023-12-31"),
])
def test_date_bounds(value, first, last):
    lo, hi = date_bounds(value)
    assert (lo.isoformat(), hi.isoformat()) == (first, last)


def test_date_bounds_of_reference_word_is_empty():
    assert date_bounds("PRESENT_REF") == (None, None)


def test_store_migrates_to_current_version_and_uses_wal(store):
    assert store.schema_version() == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_data_and_version(tmp_path):
    path = tmp_path / "x.db"
    with Store(path) as s:
        _put(s, make_event([SCHOLZ], [MACRON]))
    with Store(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert count_events(s.conn, EventQuery()) == 1


def test_failed_transaction_leaves_nothing_half_written(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_article(_article("a9"), words=3)
            raise RuntimeError("crash in the middle of an article")
    assert store.find_article("a9", "hash-a9") is None


def test_duplicate_content_hash_is_refused(store):
    with store.transaction():
        store.add_article(_article("a1"), words=3)
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction():
            store.add_article(_article("a1"), words=3)


def test_query_by_actor_name_alias_and_country(store):
    _put(store, make_event([SCHOLZ], [MACRON]))
    _put(store, make_event([MACRON], [RUSSIA], type="ACCUSE", date="2023-03-10", trigger_start=70))
    assert len(query_events(store.conn, EventQuery(actor="Olaf Scholz")).events) == 1
    assert len(query_events(store.conn, EventQuery(actor="person:emmanuel-macron")).events) == 2
    assert len(query_events(store.conn, EventQuery(country="RUS")).events) == 1
    assert len(query_events(store.conn, EventQuery(type="ACCUSE")).events) == 1


def test_unknown_actor_names_the_parameter(store):
    with pytest.raises(QueryError, match="actor: no actor named"):
        query_events(store.conn, EventQuery(actor="Nobody Atall"))


def test_dyad_query_matches_either_direction(store):
    _put(store, make_event([SCHOLZ], [MACRON]))
    page = query_events(store.conn, EventQuery(dyad=("Emmanuel Macron", "Olaf Scholz")))
    assert [e.source[0].name for e in page.events] == ["Olaf Scholz"]


def test_modality_filter_hides_future_by_default(store):
    _put(store, make_event([SCHOLZ], [MACRON], modality="future"))
    assert query_events(store.conn, EventQuery()).events == []
    assert len(query_events(store.conn, EventQuery(modality="all")).events) == 1


def test_date_range_filter(store):
    _put(store, make_event([SCHOLZ], [MACRON], date="2023-03-04"))
    assert len(query_events(store.conn, EventQuery(since=dt.date(2023, 3, 4))).events) == 1
    assert query_events(store.conn, EventQuery(since=dt.date(2023, 3, 5))).events == []
    assert query_events(store.conn, EventQuery(until=dt.date(2023, 3, 3))).events == []


def test_cursor_pagination_walks_every_event_once(store):
    for day in range(1, 8):
        _put(store, make_event([SCHOLZ], [MACRON], date=f"2023-03-{day:02d}", trigger_start=day))
    seen, cursor = [], None
    while True:
        page = query_events(store.conn, EventQuery(limit=3, cursor=cursor))
        seen += [e.date for e in page.events]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"2023-03-{d:02d}" for d in range(1, 8)]


def test_bad_cursor_names_the_parameter(store):
    with pytest.raises(QueryError, match="cursor"):
        query_events(store.conn, EventQuery(cursor="not-a-cursor"))


def test_full_text_search_in_sentences(store):
    _put(store, make_event([SCHOLZ], [MACRON], sentence="The chancellor hosted talks in Berlin."))
    assert len(query_events(store.conn, EventQuery(text="Berlin")).events) == 1
    assert query_events(store.conn, EventQuery(text="Madrid")).events == []


def test_candidate_events_finds_same_pair_and_type_nearby(store):
    _put(store, make_event([SCHOLZ], [MACRON], date="2023-03-04"))
    again = make_event([SCHOLZ], [MACRON], date="2023-03-05", article="a2")
    later = make_event([SCHOLZ], [MACRON], date="2023-04-20", article="a2")
    assert len(store.candidate_events(again)) == 1
    assert store.candidate_events(later) == []


def test_update_event_adds_mention_and_counts_articles(store):
    event = make_event([SCHOLZ], [MACRON])
    _put(store, event)
    with store.transaction():
        store.add_article(_article("a2"), words=3)
        extra = make_event([SCHOLZ], [MACRON], article="a2").mentions
        event.mentions += extra
        store.update_event(event, extra, "across articles: same CONSULT")
    (loaded,) = query_events(store.conn, EventQuery()).events
    assert len(loaded.mentions) == 2
    assert loaded.merge_reasons == ["across articles: same CONSULT"]
    assert stats(store.conn)["multi_source_events"] == 1


def test_learned_role_interval_widens_with_new_evidence(store):
    with store.transaction():
        store.upsert_actor(Actor("person:x", "X Y", "person", "KEN", "GOV"))
        for day in ("2024-05-01", "2024-03-01", "2024-06-01"):
            d = dt.date.fromisoformat(day)
            store.upsert_role(Role("person:x", "president", "KEN", d, d, "learned", True, "a1: ..."))
    row = store.conn.execute('SELECT start, "end" FROM roles').fetchone()
    assert tuple(row) == ("2024-03-01", "2024-06-01")


def test_series_and_graph_aggregate(store):
    _put(store, make_event([SCHOLZ], [MACRON], date="2023-03-04"))
    _put(store, make_event([SCHOLZ], [MACRON], date="2023-04-04", trigger_start=40))
    series = dyad_series(store.conn, EventQuery(dyad=("Olaf Scholz", "Emmanuel Macron")), "month")
    assert [(r["period"], r["events"]) for r in series] == [("2023-03", 1), ("2023-04", 1)]
    graph = relations_graph(store.conn)
    assert graph["edges"][0]["events"] == 2 and len(graph["nodes"]) == 2


def test_readonly_store_refuses_writes(tmp_path):
    path = tmp_path / "ro.db"
    Store(path).close()
    ro = Store(path, readonly=True)
    with pytest.raises(sqlite3.OperationalError):
        with ro.transaction():
            ro.add_article(_article("a1"), words=1)
    ro.close()
