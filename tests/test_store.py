from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from conftest import make_event, ref
from newsgraph.actors import Actor, Role
from newsgraph.articles import Article
from newsgraph.coreference import event_id
from newsgraph.store import ArticleIdTaken, DuplicateArticle, Store, StoreError, date_bounds
from newsgraph.store.queries import EventQuery, QueryError
from newsgraph.store.schema import SCHEMA_VERSION

SCHOLZ = ref("person:olaf-scholz", "Olaf Scholz", "DEU")
MACRON = ref("person:emmanuel-macron", "Emmanuel Macron", "FRA")
RUSSIA = ref("RUS", "Russia", "RUS", kind="country", sector=None)


def _article(article_id: str, day: str = "2023-03-05", text: str = "Scholz met Macron.") -> Article:
    return Article(id=article_id, published=dt.date.fromisoformat(day), text=text,
                   content_hash=f"hash-{article_id}", origin=f"{article_id}.txt")


@pytest.fixture
def store(db_url):
    s = Store(db_url)
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
    if store.dialect.name == "sqlite":  # PostgreSQL has no journal modes
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_file_opened_while_another_process_reads_it_waits_for_wal(tmp_path):
    """Opening waits while another connection holds the new file's lock, and then turns it to
    WAL (a guard for the open steps, which CI once saw fail with "database is locked" when two
    ingests started on one new file)."""
    import threading

    path = tmp_path / "new.db"
    sqlite3.connect(path).close()
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sqlite_master").fetchone()  # holds a shared lock
    release = threading.Timer(0.4, lambda: reader.execute("COMMIT"))
    release.start()
    try:
        with Store(path) as s:
            assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert s.schema_version() == SCHEMA_VERSION
    finally:
        release.join()
        reader.close()


def test_opening_tries_a_busy_step_again_and_gives_up_on_any_other_error(tmp_path, monkeypatch):
    from newsgraph.store import connection

    tries = []

    def busy_twice() -> str:
        tries.append(1)
        if len(tries) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "opened"

    assert connection.patiently(busy_twice, "x.db") == "opened" and len(tries) == 3

    def broken() -> None:
        tries.append(1)
        raise sqlite3.DatabaseError("file is not a database")

    tries.clear()
    with pytest.raises(StoreError, match="x.db: is not a SQLite database"):
        connection.patiently(broken, "x.db")
    assert len(tries) == 1
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.05)

    def always_busy() -> None:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(StoreError, match="database is locked"):
        connection.patiently(always_busy, "x.db")


def test_reopening_keeps_data_and_version(tmp_path):
    path = tmp_path / "x.db"
    with Store(path) as s:
        _put(s, make_event([SCHOLZ], [MACRON]))
    with Store(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert s.count_events(EventQuery()) == 1


def test_failed_transaction_leaves_nothing_half_written(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_article(_article("a9"), words=3)
            raise RuntimeError("crash in the middle of an article")
    assert store.find_article("a9", "hash-a9") is None


def test_duplicate_content_hash_is_a_duplicate_not_an_integrity_error(store):
    with store.transaction():
        store.add_article(_article("a1"), words=3)
    again = _article("a1-copy")
    again.content_hash = "hash-a1"
    with pytest.raises(DuplicateArticle, match="already stored as a1") as caught:
        with store.transaction():
            store.add_article(again, words=3)
    assert caught.value.stored_id == "a1"
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_an_id_stored_with_other_text_is_refused_with_the_fix(store):
    with store.transaction():
        store.add_article(_article("a1"), words=3)
    other = _article("a1", text="Another text under the same file name.")
    other.content_hash = "hash-other"
    assert isinstance(store.stored_as(other), ArticleIdTaken)
    with pytest.raises(ArticleIdTaken) as caught:
        with store.transaction():
            store.add_article(other, words=3)
    assert str(caught.value) == ("a1.txt: id a1 is already stored with different text; rename "
                                 "the file or pass --id-from-hash")


def test_stored_as_tells_new_duplicate_and_taken_apart(store):
    with store.transaction():
        store.add_article(_article("a1"), words=3)
    assert store.stored_as(_article("a2")) is None
    assert isinstance(store.stored_as(_article("a1")), DuplicateArticle)


def test_rekey_moves_an_event_with_its_actors_and_mentions(store):
    event = make_event([SCHOLZ], [MACRON])
    old = _put(store, event)
    with store.transaction():
        store.rekey_event(old, "ev_new")
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    (loaded,) = store.query_events(EventQuery()).events
    assert loaded.id == "ev_new" and len(loaded.mentions) == 1 and loaded.source
    assert store.conn.execute("SELECT count(*) FROM event_actors WHERE event_id = ?",
                              (old,)).fetchone()[0] == 0


def test_learned_facts_come_back_in_learning_order(store):
    person = Actor("person:aino-rask", "Aino Rask", "person", "FIN", None, [], "article:a1")
    roles = [Role("person:aino-rask", "foreign_minister", "FIN", dt.date(2024, 1, d),
                  dt.date(2024, 1, d), "article:a1", True, f"seen {d}") for d in (9, 3)]
    with store.transaction():
        store.add_article(_article("a1"), words=3)
        store.add_learned("a1", [person], roles)
    facts = store.learned_facts()
    assert [kind for kind, _ in facts] == ["actor", "role", "role"]
    assert facts[0][1]["name"] == "Aino Rask"
    assert [f["start"] for _, f in facts[1:]] == ["2024-01-09", "2024-01-03"]


def test_learned_facts_are_rolled_back_with_their_article(store):
    role = Role("person:x", "president", "KEN", dt.date(2024, 1, 1), dt.date(2024, 1, 1),
                "article:a9", True)
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_article(_article("a9"), words=3)
            store.add_learned("a9", [], [role])
            raise RuntimeError("disk full (simulated)")
    assert store.learned_facts() == []


def test_a_busy_database_is_waited_for_then_named(tmp_path):
    from newsgraph.store import StoreError, retrying

    tries = []

    def locked() -> None:
        tries.append(1)
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(StoreError, match="x.txt: the database stayed busy"):
        retrying(locked, "x.txt", retries=2)
    assert len(tries) == 3
    assert retrying(lambda: 7, "x.txt") == 7


def test_a_foreign_sqlite_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another program .tables: articles.") as caught:
        Store(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("content", [b"not a database at all, just some text" * 40,
                                     b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_file_that_is_not_a_database_is_refused(tmp_path, content):
    path = tmp_path / "junk.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="junk.db"):
        Store(path)
    with pytest.raises(StoreError, match="junk.db"):
        Store(path, readonly=True)


def test_a_database_under_a_regular_file_is_refused(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(StoreError, match="cannot create the folder"):
        Store(tmp_path / "plain" / "x.db")


def test_readonly_open_of_a_missing_file_says_how_to_make_one(tmp_path):
    with pytest.raises(StoreError, match="no such database; create one with: newsgraph ingest"):
        Store(tmp_path / "none.db", readonly=True)
    assert not (tmp_path / "none.db").exists()


def test_readonly_open_writes_nothing(tmp_path):
    path = tmp_path / "ro.db"
    with Store(path) as s:
        _put(s, make_event([SCHOLZ], [MACRON]))
    before = path.read_bytes()
    with Store(path, readonly=True) as s:
        assert s.count_events(EventQuery()) == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            s.conn.execute("DELETE FROM events")
    assert path.read_bytes() == before


def test_readonly_open_of_an_old_schema_asks_for_a_migration(tmp_path):
    from newsgraph.store import SchemaTooOld

    path = tmp_path / "old.db"
    with Store(path) as s:
        s.conn.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    with pytest.raises(SchemaTooOld, match="version 6"):
        Store(path, readonly=True)


def test_query_by_actor_name_alias_and_country(store):
    _put(store, make_event([SCHOLZ], [MACRON]))
    _put(store, make_event([MACRON], [RUSSIA], type="ACCUSE", date="2023-03-10", trigger_start=70))
    assert len(store.query_events(EventQuery(actor="Olaf Scholz")).events) == 1
    assert len(store.query_events(EventQuery(actor="person:emmanuel-macron")).events) == 2
    assert len(store.query_events(EventQuery(country="RUS")).events) == 1
    assert len(store.query_events(EventQuery(type="ACCUSE")).events) == 1


def test_unknown_actor_names_the_parameter(store):
    with pytest.raises(QueryError, match="actor: no actor named"):
        store.query_events(EventQuery(actor="Nobody Atall"))


def test_dyad_query_matches_either_direction(store):
    _put(store, make_event([SCHOLZ], [MACRON]))
    page = store.query_events(EventQuery(dyad=("Emmanuel Macron", "Olaf Scholz")))
    assert [e.source[0].name for e in page.events] == ["Olaf Scholz"]


def test_modality_filter_hides_future_by_default(store):
    _put(store, make_event([SCHOLZ], [MACRON], modality="future"))
    assert store.query_events(EventQuery()).events == []
    assert len(store.query_events(EventQuery(modality="all")).events) == 1


def test_date_range_filter(store):
    _put(store, make_event([SCHOLZ], [MACRON], date="2023-03-04"))
    assert len(store.query_events(EventQuery(since=dt.date(2023, 3, 4))).events) == 1
    assert store.query_events(EventQuery(since=dt.date(2023, 3, 5))).events == []
    assert store.query_events(EventQuery(until=dt.date(2023, 3, 3))).events == []


def test_cursor_pagination_walks_every_event_once(store):
    for day in range(1, 8):
        _put(store, make_event([SCHOLZ], [MACRON], date=f"2023-03-{day:02d}", trigger_start=day))
    seen, cursor = [], None
    while True:
        page = store.query_events(EventQuery(limit=3, cursor=cursor))
        seen += [e.date for e in page.events]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"2023-03-{d:02d}" for d in range(1, 8)]


def test_bad_cursor_names_the_parameter(store):
    with pytest.raises(QueryError, match="cursor"):
        store.query_events(EventQuery(cursor="not-a-cursor"))


def test_full_text_search_in_sentences(store):
    _put(store, make_event([SCHOLZ], [MACRON], sentence="The chancellor hosted talks in Berlin."))
    assert len(store.query_events(EventQuery(text="Berlin")).events) == 1
    assert store.query_events(EventQuery(text="Madrid")).events == []


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
    (loaded,) = store.query_events(EventQuery()).events
    assert len(loaded.mentions) == 2
    assert loaded.merge_reasons == ["across articles: same CONSULT"]
    assert store.stats()["multi_source_events"] == 1


def test_learned_role_interval_widens_with_new_evidence(store):
    with store.transaction():
        store.upsert_actor(Actor("person:x", "X Y", "person", "KEN", "GOV"))
        for day in ("2024-05-01", "2024-03-01", "2024-06-01"):
            d = dt.date.fromisoformat(day)
            store.upsert_role(Role("person:x", "president", "KEN", d, d, "learned", True, "a1: ..."))
    row = store.conn.execute('SELECT start, "end" FROM roles').fetchone()
    assert tuple(row) == ("2024-03-01", "2024-06-01")


def test_two_curated_terms_of_one_office_stay_apart(store):
    """A leader who returns (two terms as president) keeps two rows, not one spanning both."""
    day = dt.date.fromisoformat
    with store.transaction():
        store.upsert_actor(Actor("person:r", "R T", "person", "USA", "GOV"))
        store.upsert_role(Role("person:r", "president", "USA", day("2017-01-20"), day("2021-01-20")))
        store.upsert_role(Role("person:r", "president", "USA", day("2025-01-20"), None))
        store.upsert_role(Role("person:r", "president", "USA", day("2017-01-20"), day("2021-01-20")))
    rows = store.conn.execute('SELECT start, "end" FROM roles ORDER BY start').fetchall()
    assert [tuple(r) for r in rows] == [("2017-01-20", "2021-01-20"), ("2025-01-20", None)]


def test_series_and_graph_aggregate(store):
    _put(store, make_event([SCHOLZ], [MACRON], date="2023-03-04"))
    _put(store, make_event([SCHOLZ], [MACRON], date="2023-04-04", trigger_start=40))
    series = store.dyad_series(EventQuery(dyad=("Olaf Scholz", "Emmanuel Macron")), "month")
    assert [(r["period"], r["events"]) for r in series] == [("2023-03", 1), ("2023-04", 1)]
    graph = store.relations_graph()
    assert graph["edges"][0]["events"] == 2 and len(graph["nodes"]) == 2


def test_readonly_store_refuses_writes(tmp_path):
    path = tmp_path / "ro.db"
    Store(path).close()
    ro = Store(path, readonly=True)
    with pytest.raises(sqlite3.OperationalError):
        with ro.transaction():
            ro.add_article(_article("a1"), words=1)
    ro.close()


# -- summary tables: the tallies must give what a direct count over the events gives ----------

PEOPLE = [ref(f"person:p{i}", f"Person {i}", c) for i, c in enumerate(["FRA", "IRN", "DEU", "USA"])]
STATES = [ref(c, n, c, kind="country", sector=None)
          for c, n in [("FRA", "France"), ("IRN", "Iran"), ("DEU", "Germany"), ("CHN", "China")]]
SCORES = [1.0, -7.2, 3.4, None, 8.0, -10.0]


def _random_events(store: Store, n: int, seed: int = 3) -> list:
    """n events with random pairs, modality and scores; some with two sources; all stored."""
    import random

    rng = random.Random(seed)
    pool = PEOPLE + STATES
    events = []
    with store.transaction():
        for r in pool:
            store.upsert_actor(Actor(r.actor_id, r.name, r.kind, r.country, r.sector))
        for k in range(n // 4 + 1):
            store.add_article(_article(f"r{k}"), words=3) if not store.find_article(
                f"r{k}", f"hash-r{k}") else None
        for k in range(n):
            src, tgt, extra = rng.sample(pool, 3)
            sources = [src, extra] if rng.random() < 0.15 else [src]
            day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(700))
            event = make_event(sources, [tgt], article=f"r{k // 4}", date=day.isoformat(),
                               modality=rng.choice(["asserted"] * 3 + ["future", "negated"]),
                               type=rng.choice(["CONSULT", "ACCUSE", "AID"]), trigger_start=k)
            event.goldstein = rng.choice(SCORES)
            event.quad_class = rng.randint(1, 4)
            event.id = f"ev_r{k:05d}"
            store.add_event(event)
            events.append(event)
    return events


def _merge_some(store: Store, events: list, every: int = 9) -> None:
    """Merge a later report into every ``every``-th event: new article, new date, one more
    source actor, as coreference.merge_into would leave it."""
    with store.transaction():
        store.add_article(_article("late", "2024-01-02"), words=3)
        for k, event in enumerate(events[::every]):
            extra = make_event([PEOPLE[k % 4]], event.target, article="late",
                               published="2024-01-02", trigger_start=900 + k).mentions
            event.mentions += extra
            if all(r.actor_id != PEOPLE[k % 4].actor_id for r in event.source + event.target):
                event.source = event.source + [PEOPLE[k % 4]]
            event.date = "2023-12-30"
            store.update_event(event, extra, "across articles: same pair")


def _direct_dyads(conn) -> list[tuple]:
    rows = conn.execute(
        """SELECT e.source_id, e.target_id, count(*), avg(e.goldstein) FROM events e
           JOIN actors sa ON sa.id = e.source_id JOIN actors sb ON sb.id = e.target_id
           WHERE e.modality = 'asserted' GROUP BY e.source_id, e.target_id
           ORDER BY count(*) DESC, e.source_id, e.target_id""").fetchall()
    return [tuple(r) for r in rows]


def _direct_actor_counts(conn) -> dict[str, int]:
    return dict(conn.execute(
        "SELECT actor_id, count(DISTINCT event_id) FROM event_actors "
        "WHERE role IN ('source','target') GROUP BY actor_id").fetchall())


def _direct_counterparts(conn, actor_id: str) -> list[tuple]:
    rows = conn.execute(
        """SELECT other.actor_id, count(DISTINCT e.id) AS n, avg(e.goldstein)
           FROM event_actors me JOIN events e ON e.id = me.event_id
           JOIN event_actors other ON other.event_id = e.id AND other.actor_id != me.actor_id
             AND other.role IN ('source','target')
           WHERE me.actor_id = ? AND me.role IN ('source','target') AND e.modality = 'asserted'
           GROUP BY other.actor_id ORDER BY n DESC, other.actor_id""", (actor_id,)).fetchall()
    return [tuple(r) for r in rows]


def _same(got: list[tuple], want: list[tuple]) -> bool:
    """Equal row by row; Goldstein means may differ in the last float bits."""
    return len(got) == len(want) and all(
        g[:-1] == w[:-1] and (g[-1] == w[-1] or g[-1] == pytest.approx(w[-1]))
        for g, w in zip(got, want, strict=True))


@pytest.fixture
def busy_store(tmp_path):
    s = Store(tmp_path / "busy.db")
    events = _random_events(s, 300)
    _merge_some(s, events)
    yield s
    s.close()


def test_busiest_dyads_match_a_direct_count_after_merges(busy_store):

    got = [(d["a"], d["b"], d["events"], d["goldstein"]) for d in busy_store.busiest_dyads(500)]
    assert got and _same(got, _direct_dyads(busy_store.conn))


def test_relations_graph_over_all_time_matches_a_direct_count(busy_store):
    got = [(e["source"], e["target"], e["events"], e["goldstein"])
           for e in busy_store.relations_graph(min_events=2, limit=500)["edges"]]
    want = [row for row in _direct_dyads(busy_store.conn) if row[2] >= 2]
    assert got and _same(got, want)


def test_actor_event_counts_match_a_direct_count_after_merges(busy_store):

    want = _direct_actor_counts(busy_store.conn)
    listed = busy_store.list_actors(limit=None)
    assert {a.id: a.n_events for a in listed} == {a.id: want.get(a.id, 0) for a in listed}
    assert [a.n_events for a in listed] == sorted((a.n_events for a in listed), reverse=True)
    assert busy_store.get_actor("FRA").n_events == want["FRA"]


@pytest.mark.parametrize("actor_id", ["FRA", "person:p1", "CHN"])
def test_counterparts_match_a_direct_count_after_merges(busy_store, actor_id):

    got = [(c["id"], c["n"], c["goldstein"]) for c in busy_store.counterparts(actor_id, 50)]
    assert got and _same(got, _direct_counterparts(busy_store.conn, actor_id))


def test_stats_event_counts_match_a_direct_count(busy_store):
    conn = busy_store.conn  # the direct counts the tallies are held to
    got = busy_store.stats()
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    assert got["events"] == one("SELECT count(*) FROM events") == 300
    assert got["merged_events"] == one("SELECT count(*) FROM events WHERE n_mentions > 1") > 0
    assert got["multi_source_events"] == one("SELECT count(*) FROM events WHERE n_articles > 1")
    assert got["events_by_modality"] == dict(conn.execute(
        "SELECT modality, count(*) FROM events GROUP BY modality ORDER BY modality").fetchall())
    assert got["events_by_type"] == dict(conn.execute(
        "SELECT type, count(*) FROM events WHERE modality = 'asserted' GROUP BY type").fetchall())


def test_relations_graph_for_a_date_range_counts_overlapping_events(busy_store):
    since, until = dt.date(2022, 6, 1), dt.date(2022, 12, 31)
    got = [(e["source"], e["target"], e["events"]) for e in
           busy_store.relations_graph(since, until, limit=500)["edges"]]
    want = busy_store.conn.execute(
        """SELECT source_id, target_id, count(*) FROM events WHERE modality = 'asserted'
           AND date_start <= ? AND date_end >= ? GROUP BY source_id, target_id
           ORDER BY count(*) DESC, source_id, target_id""",
        (until.isoformat(), since.isoformat())).fetchall()
    assert got == [tuple(r) for r in want]


def _tallies(conn) -> dict[str, list[tuple]]:
    """Every summary row, sorted, floats rounded (sums taken in another order differ in the
    last bits)."""
    tables = ["dyad_counts", "actor_counts", "actor_pairs", "event_counts"]
    return {t: sorted(tuple(round(v, 9) if isinstance(v, float) else v for v in r)
                      for r in conn.execute(f"SELECT * FROM {t}")) for t in tables}


def test_migration_backfills_the_tallies_kept_by_writes(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as s:
        _merge_some(s, _random_events(s, 120, seed=11))
        kept = _tallies(s.conn)
        # turn the file back into a schema-3 database that holds the same events
        for table in kept:
            s.conn.execute(f"DROP TABLE {table}")
        s.conn.execute("DROP INDEX events_date_end")
        s.conn.execute("DROP INDEX events_span")
        s.conn.execute("DROP TABLE article_bands")  # migration 6
        s.conn.execute("DROP TABLE learned_facts")  # migration 7
        s.conn.execute("DROP TABLE article_codings")  # migration 8
        s.conn.execute("DROP TABLE codings")
        s.conn.execute("DROP TABLE external_events")  # migration 9
        for table in ("story_articles", "story_terms", "stories"):  # migration 10 (stories)
            s.conn.execute(f"DROP TABLE {table}")
        s.conn.execute("ALTER TABLE events DROP COLUMN date_after")  # the date bounds migration
        s.conn.execute("ALTER TABLE events DROP COLUMN date_before")
        s.conn.execute("DROP TABLE event_places")  # the event places migration
        s.conn.execute("DROP INDEX events_spanning")  # the spanning events migration
        s.conn.execute("DROP INDEX events_page_keys")  # the page keys migration
        s.conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    with Store(path) as s:
        backfilled = _tallies(s.conn)
    assert kept["dyad_counts"] and kept["actor_pairs"]
    assert backfilled == kept


def test_aggregate_pages_never_scan_the_events(busy_store):
    sent: list[str] = []
    conn = busy_store.conn  # traced: the plans of the statements the reads send
    conn.set_trace_callback(sent.append)
    busy_store.busiest_dyads(12)
    busy_store.list_actors(limit=50)
    busy_store.get_actor("FRA")
    busy_store.counterparts("FRA", 10)
    busy_store.relations_graph(limit=150)
    busy_store.stats()
    conn.set_trace_callback(None)
    plans = [r[3] for sql in sent if sql.lstrip().upper().startswith("SELECT")
             for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
    assert plans and not [p for p in plans if p.startswith(("SCAN e ", "SCAN events",
                                                            "SCAN ea", "SCAN event_actors"))]


# --- undated (background) events: stored, queried, summed, never merged on date grounds ----------


def _undated(source, target, **kwargs):
    """A background event as the dater leaves it: no date, basis "unknown", a reason."""
    event = make_event(source, target, **kwargs)
    event.date, event.date_precision, event.date_basis = None, None, "unknown"
    event.date_text = "not given: in a 'since' clause; before 2023-03-05"
    event.mentions[0].date, event.mentions[0].date_basis = None, "unknown"
    return event


def test_an_undated_event_is_stored_and_read_back_undated(store):
    _put(store, _undated([MACRON], [RUSSIA], type="ACCUSE"))
    (event,) = store.query_events(EventQuery()).events
    assert (event.date, event.date_precision, event.date_basis) == (None, None, "unknown")
    assert event.date_text.startswith("not given")
    row = store.conn.execute("SELECT date_start, date_end FROM events").fetchone()
    assert tuple(row) == (None, None)


def test_an_undated_event_is_in_no_date_range(store):
    _put(store, _undated([MACRON], [RUSSIA], type="ACCUSE"))
    _put(store, make_event([SCHOLZ], [MACRON], date="2023-03-04", trigger_start=40))
    everything = store.query_events(EventQuery()).events
    assert [e.date for e in everything] == [None, "2023-03-04"]
    assert [e.date for e in store.query_events(EventQuery(
        since=dt.date(2000, 1, 1))).events] == ["2023-03-04"]
    assert [e.date for e in store.query_events(EventQuery(
        until=dt.date(2030, 1, 1))).events] == ["2023-03-04"]
    assert store.count_events(EventQuery(since=dt.date(2000, 1, 1))) == 1


def test_summaries_leave_undated_events_out_of_the_months(store):
    _put(store, _undated([MACRON], [RUSSIA], type="ACCUSE"))
    _put(store, make_event([MACRON], [RUSSIA], type="ACCUSE", date="2023-03-04",
                           trigger_start=40))
    series = store.dyad_series(EventQuery(dyad=("FRA", "RUS")), "month")
    assert [(p["period"], p["events"]) for p in series] == [("2023-03", 1)]
    figures = store.stats()
    assert figures["events"] == 2 and figures["first_date"] == figures["last_date"] == "2023-03-04"
    ranged = store.relations_graph(since=dt.date(2023, 1, 1), until=dt.date(2023, 12, 31))
    assert [e["events"] for e in ranged["edges"]] == [1]
    assert [e["events"] for e in store.relations_graph()["edges"]] == [2]


def test_an_undated_event_never_merges_across_articles(store):
    from newsgraph.coreference import match_event

    dated = make_event([MACRON], [RUSSIA], type="ACCUSE", date="2023-03-04")
    _put(store, dated)
    background = _undated([MACRON], [RUSSIA], type="ACCUSE", article="a2")
    assert store.candidate_events(background) == []
    assert match_event(background, [dated]) is None  # not on date grounds either
    _put(store, background, "a2")
    again = make_event([MACRON], [RUSSIA], type="ACCUSE", date="2023-03-05", article="a3")
    assert [e.id for e in store.candidate_events(again)] == [dated.id]
    other = _undated([MACRON], [RUSSIA], type="ACCUSE", article="a3")
    assert match_event(other, [background]) is None


def test_undated_mentions_merge_within_one_article_only_with_each_other():
    from newsgraph.coreference import merge_events

    first = _undated([MACRON], [RUSSIA], type="ACCUSE", trigger_start=10)
    second = _undated([MACRON], [RUSSIA], type="ACCUSE", trigger_start=90)
    (merged,) = merge_events([first, second])
    assert merged.date is None and merged.merge_reasons[0].endswith("both undated")
    dated = make_event([MACRON], [RUSSIA], type="ACCUSE", trigger_start=150)
    assert len(merge_events([dated, _undated([MACRON], [RUSSIA], type="ACCUSE")])) == 2


def test_readonly_open_falls_back_to_immutable_on_a_read_only_file_system(tmp_path, monkeypatch):
    """Where even the WAL index cannot be read or made (a read-only mount), mode=ro fails;
    immutable=1 reads the file as it is. Simulated: the test runs where files are writable."""
    from newsgraph.store import connection

    path = tmp_path / "mounted.db"
    with Store(path) as s:
        _put(s, make_event([SCHOLZ], [MACRON]))
    real = sqlite3.connect
    tried: list[str] = []

    def read_only_mount(target, *args, **kwargs):
        tried.append(str(target))
        if "immutable=1" not in str(target):
            raise sqlite3.OperationalError("unable to open database file")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(connection.sqlite3, "connect", read_only_mount)
    with Store(path, readonly=True) as s:
        assert s.count_events(EventQuery()) == 1
    assert [t.rsplit("?", 1)[1] for t in tried] == ["mode=ro", "mode=ro&immutable=1"]


def test_migration_7_replays_what_older_databases_learned(tmp_path):
    from newsgraph.store.schema import MIGRATIONS

    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path)  # a database as newsgraph with six migrations left it
    for migration in MIGRATIONS[:6]:
        for statement in migration:
            conn.execute(statement)
    conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '6')")
    conn.execute("INSERT INTO articles(id, published, content_hash, text, ingested_at) "
                 "VALUES ('a1', '2024-01-09', 'h1', 'Foreign Minister Aino Rask said.', 'x')")
    conn.execute("INSERT INTO actors(id, name, kind, country, source) VALUES "
                 "('person:aino-rask', 'Aino Rask', 'person', 'FIN', 'article:a1')")
    conn.execute("INSERT INTO roles(actor_id, office, country, start, \"end\", source, learned, "
                 "evidence, term) VALUES ('person:aino-rask', 'foreign_minister', 'FIN', "
                 "'2024-01-03', '2024-01-09', 'article:a1', 1, 'Foreign Minister Aino Rask', '')")
    conn.commit()
    conn.close()
    with Store(path) as s:
        facts = s.learned_facts()
    assert [(kind, f.get("id") or f.get("office")) for kind, f in facts] == [
        ("actor", "person:aino-rask"), ("role", "foreign_minister")]
    from newsgraph.actors import KnowledgeBase
    from newsgraph.learning import replay

    kb = KnowledgeBase.load()
    replay(kb, facts)
    assert kb.holder("foreign_minister", "FIN", dt.date(2024, 1, 5)).id == "person:aino-rask"


# --- date-range pages: the union of events started in the range and those still running ------

SPANS = ["2022-05-17", "2022-05", "2022", "2021", "2022-06-01", "2021-12", "2022-04-30",
         "2022-Q2", "2022-W22", "2021-06-15", "2022-05-31", "2023-01", "2021-W52"]


def _all_pages(store: Store, q: EventQuery) -> list[str]:
    ids = []
    while True:
        page = store.query_events(q)
        ids += [e.id for e in page.events]
        if page.next_cursor is None:
            return ids
        q.cursor = page.next_cursor


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("since,until", [
    ("2022-05-01", None), ("2022-05-20", "2022-06-30"), ("2022-01-01", None),
    ("2022-06-02", "2022-06-02"), ("2021-12-31", "2022-05-17"),
])
def test_a_date_range_page_holds_every_event_that_runs_in_it(store, since, until, descending):
    """Month-, week-, quarter- and year-precision events that started before ``since`` and run
    past it are on the page beside those that start inside the range; pages of three follow
    one order (date_start, id) and nothing repeats."""
    for i, value in enumerate(SPANS):
        _put(store, make_event([SCHOLZ], [MACRON], date=value, trigger_start=i,
                               precision="year" if len(value) == 4 else "day"))
    rows = store.conn.execute("SELECT id, date_start, date_end FROM events").fetchall()
    first = dt.date.fromisoformat(since).isoformat()
    last = until and dt.date.fromisoformat(until).isoformat()
    expected = sorted(((r[1], r[0]) for r in rows
                       if r[2] >= first and (last is None or r[1] <= last)),
                      reverse=descending)
    q = EventQuery(since=dt.date.fromisoformat(since), limit=3, descending=descending,
                   until=dt.date.fromisoformat(until) if until else None)
    assert _all_pages(store, q) == [event_id for _, event_id in expected]
    assert any(r[1] < first <= r[2] for r in rows)  # some event runs into the range
    assert store.count_events(EventQuery(since=q.since, until=q.until)) == len(expected)


def test_mention_actor_json_is_every_field_of_the_references(store):
    """The mention row's actor JSON holds what ``asdict`` of each reference gives."""
    import dataclasses
    import json

    minister = dataclasses.replace(SCHOLZ, office=("chancellor", "DEU"), start=3, end=8)
    event = make_event([minister], [MACRON, RUSSIA])
    event.mentions[0].source = [minister]
    event.mentions[0].target = [MACRON, RUSSIA]
    event_id_ = _put(store, event)
    row = store.conn.execute("SELECT source, target FROM mentions WHERE event_id = ?",
                             (event_id_,)).fetchone()
    assert json.loads(row[0]) == [json.loads(json.dumps(dataclasses.asdict(minister)))]
    assert json.loads(row[1]) == [dataclasses.asdict(MACRON), dataclasses.asdict(RUSSIA)]
    actors = store.conn.execute("SELECT role, position, actor_id FROM event_actors WHERE "
                                "event_id = ? ORDER BY role, position", (event_id_,)).fetchall()
    assert [tuple(a) for a in actors] == [("source", 0, SCHOLZ.actor_id),
                                          ("target", 0, MACRON.actor_id),
                                          ("target", 1, RUSSIA.actor_id)]
