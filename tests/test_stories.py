"""Stories (``newsgraph.stories``, ``newsgraph.store.stories``): the rule on real text, filing
into a real SQLite file one article at a time in any order, and the Python API, CLI and HTTP API
over a database the real pipeline built from the seed articles (two outlets reporting the
Macron-Raisi call, a day apart)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import random
import re
from pathlib import Path

import pytest

from conftest import SEEDS, SHARED
from newsgraph.articles import Article
from newsgraph.store import Store
from newsgraph.store import stories as story_store
from newsgraph.stories import (
    DEFAULT_RULE,
    Member,
    StoryRule,
    group,
    linked,
    normal_form,
    signature,
    similarity,
    story_id,
)

ECBPLUS = SHARED / "data" / "ecbplus"
# the seeds: two outlets on the Macron-Raisi call (a day apart), two other Macron calls
SEED_OUTLETS = {"002": "Arab News", "003": "Le Monde", "000": "Al Jazeera", "004": "Anadolu"}
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not at {SEEDS}")
needs_ecbplus = pytest.mark.skipif(not (ECBPLUS / "cybulska_setup").is_dir(),
                                   reason=f"ECB+ not at {ECBPLUS}")


def seed_articles() -> list[Article]:
    """The seed files as articles: the date their first line gives, an outlet each."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        found = re.match(r"\s*date (\d{4}-\d\d-\d\d) ", raw)
        assert found, f"{path}: no date line"
        text = raw[found.end():]
        key = path.name[:3]
        out.append(Article(key, dt.date.fromisoformat(found.group(1)), text,
                           source=SEED_OUTLETS.get(key),
                           content_hash=hashlib.sha256(text.encode()).hexdigest()))
    return out


def filed(path: Path | str, articles: list[Article]) -> dict[str, str]:
    """File ``articles`` into a new store in the order given; article id -> story id."""
    with Store(path) as store:
        for a in articles:
            with store.transaction():
                store.add_article(a, words=len(a.text.split()))
                story_store.file_article(store.conn, a)
        rows = store.conn.execute("SELECT article_id, story_id FROM story_articles").fetchall()
    return {r[0]: r[1] for r in rows}


# -- the rule ------------------------------------------------------------------------------


def test_normal_forms_strip_plurals_and_possessives_only():
    assert [normal_form(w) for w in ("Quakes", "talks", "Iran's", "press", "virus", "cities")] \
        == ["quake", "talk", "iran", "press", "virus", "city"]


def test_a_signature_weighs_names_and_numbers_up_and_is_unit_length():
    sig = signature("The quake struck near Aceh. A 6.1 quake, officials said.")
    assert sig["aceh"] > sig["struck"] and sig["6.1"] > sig["struck"]
    assert "the" not in sig and "said" in sig
    assert abs(sum(w * w for w in sig.values()) - 1) < 1e-4


@needs_seeds
def test_two_outlets_on_one_call_match_and_another_call_does_not():
    arts = {a.id: a for a in seed_articles()}
    sig = {k: signature(a.text) for k, a in arts.items()}
    assert similarity(sig["002"], sig["003"]) >= DEFAULT_RULE.threshold
    assert similarity(sig["002"], sig["000"]) < similarity(sig["002"], sig["003"])
    # the same texts a year apart are not one story: a story is a happening
    assert linked(sig["002"], dt.date(2023, 6, 10), sig["003"], dt.date(2023, 6, 11))
    assert not linked(sig["002"], dt.date(2023, 6, 10), sig["003"], dt.date(2024, 6, 11))


def test_a_story_id_is_a_function_of_its_first_article():
    assert story_id(dt.date(2023, 6, 10), "002") == story_id(dt.date(2023, 6, 10), "002")
    assert story_id(dt.date(2023, 6, 10), "002") != story_id(dt.date(2023, 6, 11), "002")


# -- filing, incrementally -----------------------------------------------------------------


@needs_seeds
def test_a_new_article_joins_the_matching_story_or_starts_one(db_url):
    arts = {a.id: a for a in seed_articles()}
    with Store(db_url) as store:
        ids = []
        for key in ("002", "003", "000"):
            with store.transaction():
                store.add_article(arts[key], words=100)
                ids.append(story_store.file_article(store.conn, arts[key]))
        first, joined, started = ids
        assert joined == first == story_id(arts["002"].published, "002")  # joined
        assert started != first  # another call: a story of its own
        found, total = store.list_stories()
        assert total == 2
        story = store.load_story(first)
        assert story is not None
        assert [a["id"] for a in story.articles] == ["002", "003"]
        assert (story.first_published, story.last_published) == ("2023-06-10", "2023-06-11")
        assert story.outlets == ["Arab News", "Le Monde"]
        # filing again changes nothing
        with store.transaction():
            assert story_store.file_article(store.conn, arts["003"]) == first


@needs_seeds
def test_the_stories_do_not_depend_on_the_order_articles_are_filed(tmp_path):
    arts = seed_articles()
    results = [filed(tmp_path / f"{i}.db", list(order))
               for i, order in enumerate(itertools.permutations(arts))]
    assert all(r == results[0] for r in results)
    assert results[0]["002"] == results[0]["003"] != results[0]["000"]


def _ecb_topic(split: str, topic: str) -> list[Article]:
    """The documents of one ECB+ topic as articles of one day (ECB+ has no dates): where order
    within a date is all there is."""
    from newsgraph.evaluation.ecbplus import read_split
    from newsgraph.evaluation.stories import document_text, topic_members

    data = read_split(ECBPLUS, split)
    members = topic_members(data)[topic]
    day = dt.date(2020, 1, 1)
    return [Article(m.article_id, day, document_text(data, m.article_id),
                    content_hash=hashlib.sha256(m.article_id.encode()).hexdigest())
            for m in members]


@needs_ecbplus
def test_filing_one_by_one_in_any_order_within_a_date_gives_the_batch_grouping(tmp_path):
    arts = _ecb_topic("dev", "2")
    batch = group([Member(a.id, a.published, signature(a.text)) for a in arts])
    expected = {m.article_id: story_id(s[0].published, s[0].article_id)
                for s in batch for m in s}
    assert max(len(s) for s in batch) > 2 and len(batch) > 1  # real joins and splits
    orders = [arts, arts[::-1]] + [random.Random(seed).sample(arts, len(arts))
                                   for seed in (1, 2)]
    for i, order in enumerate(orders):
        assert filed(tmp_path / f"{i}.db", order) == expected, f"order {i}"


@needs_ecbplus
def test_in_date_order_the_order_within_each_date_does_not_matter(tmp_path):
    """Two ECB+ topics spread over three weeks, a few documents a day, so that threads grow
    past the re-clustered window and older stories settle: any order within each date, the
    dates in order, gives the same stories."""
    docs = sorted(_ecb_topic("dev", "2") + _ecb_topic("dev", "5"), key=lambda a: a.id)
    start = dt.date(2020, 1, 1)
    arts = [dataclasses.replace(a, published=start + dt.timedelta(days=i // 3))
            for i, a in enumerate(random.Random(3).sample(docs, len(docs)))]
    assert (arts[-1].published - arts[0].published).days > 4 * DEFAULT_RULE.window_days

    def shuffled_within_dates(seed: int) -> list[Article]:
        rng = random.Random(seed)
        out: list[Article] = []
        for _, same_day in itertools.groupby(sorted(arts, key=lambda a: a.published),
                                             key=lambda a: a.published):
            day = list(same_day)
            rng.shuffle(day)
            out += day
        return out

    results = [filed(tmp_path / f"{seed}.db", shuffled_within_dates(seed)) for seed in range(4)]
    assert all(r == results[0] for r in results)
    assert len(set(results[0].values())) < len(arts) / 2  # real stories, not singletons


@needs_seeds
def test_articles_stored_before_stories_existed_are_filed_by_the_backfill(db_url):
    arts = seed_articles()
    expected = filed(db_url, arts)
    with Store(db_url) as store, store.transaction():
        for table in ("story_articles", "story_terms", "stories"):
            store.conn.execute(f"DELETE FROM {table}")
        assert story_store.file_unfiled(store.conn) == len(arts)
        assert story_store.file_unfiled(store.conn) == 0
        rows = store.conn.execute("SELECT article_id, story_id FROM story_articles").fetchall()
    assert {r[0]: r[1] for r in rows} == expected


def test_a_wider_threshold_joins_more(tmp_path):
    texts = ["Floods hit Porto Alegre on Monday, officials said.",
             "Officials said floods in Porto Alegre killed 12 on Monday."]
    members = [Member(str(i), dt.date(2024, 5, 6), signature(t)) for i, t in enumerate(texts)]
    assert len(group(members, StoryRule(0.99, 3))) == 2
    assert len(group(members, StoryRule(0.05, 3))) == 1


# -- the pipeline, the Python API, the CLI and the HTTP API --------------------------------


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The real pipeline over the seeds, each with its outlet, then a light rewrite of one."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not at {SEEDS}")
    import newsgraph

    folder = tmp_path_factory.mktemp("stories")
    rows = [{"id": a.id, "date": a.published.isoformat(), "source": a.source, "text": a.text}
            for a in seed_articles()]
    (folder / "seeds.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    copy = dict(rows[1], id="002-copy", source="Wire Copy", date="2023-06-11",
                text="Raisi and Macron talk by phone\nBy Staff\n" + rows[1]["text"])
    (folder / "copy.jsonl").write_text(json.dumps(copy) + "\n")
    db = str(folder / "seeds.db")
    with newsgraph.open(db) as graph:
        report = graph.ingest([str(folder / "seeds.jsonl")])
        assert report.ingested == len(rows), report.errors
        report = graph.ingest([str(folder / "copy.jsonl")])
        assert report.near_duplicates == 1, report
    return db


def _call_story(graph):
    found, total = graph.stories()
    return next(s for s in found if s.n_articles > 1), found, total


@pytest.mark.slow
def test_the_two_reports_of_the_call_are_one_story_across_outlets_and_days(seeded):
    import newsgraph

    with newsgraph.open(seeded, readonly=True) as graph:
        call, found, total = _call_story(graph)
        assert total == 3 == len(found)  # the call (3 articles), and two other calls
        assert (call.first_published, call.last_published) == ("2023-06-10", "2023-06-11")
        assert set(call.outlets) == {"Arab News", "Le Monde", "Wire Copy"}
        story = graph.story(call.id)
        assert [a["id"] for a in story.articles] == ["002", "002-copy", "003"]
        assert story.articles[1]["duplicate_of"] == "002"  # the copy joined its original
        centre = next(e for e in story.events if e.id == story.central_event)
        assert centre.type == "CONSULT" and centre.date == "2023-06-10"
        assert "Raisi" in story.label and "Macron" in story.label
        dated = [e.date for e in story.events if e.date]
        assert dated == sorted(dated)  # a timeline
        assert graph.story("nope") is None


@pytest.mark.slow
def test_ingest_in_another_order_gives_the_same_stories(seeded, tmp_path):
    import newsgraph

    rows = [{"id": a.id, "date": a.published.isoformat(), "source": a.source, "text": a.text}
            for a in reversed(seed_articles())]
    (tmp_path / "reversed.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with newsgraph.open(str(tmp_path / "r.db")) as graph:
        assert graph.ingest([str(tmp_path / "reversed.jsonl")]).ingested == len(rows)
        again = dict(graph.store.conn.execute("SELECT article_id, story_id FROM story_articles"))
    with newsgraph.open(seeded, readonly=True) as graph:
        first = dict(graph.store.conn.execute(
            "SELECT article_id, story_id FROM story_articles WHERE article_id != '002-copy'"))
    assert again == first


@pytest.mark.slow
def test_stories_filter_by_dates_and_actor(seeded):
    import newsgraph

    with newsgraph.open(seeded, readonly=True) as graph:
        call, _, _ = _call_story(graph)
        assert [s.id for s in graph.stories(until="2023-12-31")[0]] == [call.id]
        assert graph.stories(since="2024-01-01")[1] == 2
        assert call.id in [s.id for s in graph.stories(actor="Ebrahim Raisi")[0]]
        assert graph.stories(actor="IRN")[1] >= 2  # a country matches its nationals
        page, total = graph.stories(limit=1, offset=1)
        assert len(page) == 1 and total == 3
        with pytest.raises(ValueError, match="actor: no stored actor"):
            graph.stories(actor="Nobody Of That Name")
        with pytest.raises(ValueError, match="since"):
            graph.stories(since="2024-01-01", until="2023-01-01")


@pytest.mark.slow
def test_the_cli_lists_and_shows_stories(seeded):
    from click.testing import CliRunner

    from newsgraph.cli import main

    runner = CliRunner()
    out = runner.invoke(main, ["stories", "--db", seeded, "--format", "json"])
    assert out.exit_code == 0, out.output
    body = json.loads(out.stdout)
    assert body["total"] == 3
    call = next(s for s in body["stories"] if s["n_articles"] > 1)
    shown = runner.invoke(main, ["stories", "show", call["id"], "--db", seeded])
    assert shown.exit_code == 0 and "Le Monde" in shown.output and "events:" in shown.output
    as_json = json.loads(runner.invoke(main, ["stories", "show", call["id"], "--db", seeded,
                                              "--format", "json"]).stdout)
    assert as_json["central_event"] in [e["id"] for e in as_json["events"]]
    table = runner.invoke(main, ["stories", "--db", seeded, "--actor", "Ebrahim Raisi",
                                 "--until", "2023-12-31"])
    assert table.exit_code == 0 and call["id"] in table.output
    missing = runner.invoke(main, ["stories", "show", "nope", "--db", seeded])
    assert missing.exit_code == 2 and "no story with id 'nope'" in missing.output
    unknown = runner.invoke(main, ["stories", "--db", seeded, "--actor", "Nobody Of That Name"])
    assert unknown.exit_code == 2 and "actor: no stored actor" in unknown.output


@pytest.mark.slow
def test_the_http_api_pages_stories_and_gives_one_with_its_events(seeded):
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app

    client = TestClient(create_app(seeded, allowed_hosts=["*"]))
    first = client.get("/api/stories", params={"limit": 2}).json()
    assert first["total"] == 3 and len(first["stories"]) == 2 and first["next"]
    rest = client.get(first["next"]).json()
    assert len(rest["stories"]) == 1 and rest["next"] is None
    ids = [s["id"] for s in first["stories"] + rest["stories"]]
    assert len(set(ids)) == 3
    call = next(s for s in first["stories"] + rest["stories"] if s["n_articles"] > 1)
    one = client.get(f"/api/stories/{call['id']}").json()
    assert {a["source"] for a in one["articles"]} == {"Arab News", "Le Monde", "Wire Copy"}
    assert all("mentions" in e for e in one["events"])  # the documented event format
    missing = client.get("/api/stories/nope")
    assert missing.status_code == 404
    assert missing.json()["error"] == {"status": 404, "parameter": "story_id",
                                       "message": "no story with id 'nope'"}
    bad = client.get("/api/stories", params={"actor": "Nobody Of That Name"})
    assert bad.status_code == 400 and bad.json()["error"]["parameter"] == "actor"
    assert client.get("/api/stories", params={"limit": 0}).status_code == 400
    page = client.get(f"/stories/{call['id']}", headers={"accept": "text/html"})
    assert page.status_code == 200 and "Le Monde" in page.text
    assert client.get("/stories/nope", headers={"accept": "text/html"}).status_code == 404


@pytest.mark.slow
def test_each_event_record_names_the_story_of_its_first_report(seeded, tmp_path):
    import shutil
    import sqlite3

    import newsgraph
    from newsgraph.exports import compare_databases, event_record
    from newsgraph.store.queries import EventQuery

    with newsgraph.open(seeded, readonly=True) as graph:
        call, _, _ = _call_story(graph)
        filed_in = dict(graph.store.conn.execute(
            "SELECT article_id, story_id FROM story_articles"))
        events = list(graph.iter_events(EventQuery(modality="all", limit=None)))
        records, _ = graph.event_records(EventQuery(modality="all", limit=None))
    assert events and all(e.story_id is not None for e in events)
    for e in events:
        first = min(e.mentions, key=lambda m: (m.published, m.article_id))
        assert e.story_id == filed_in[first.article_id]
    across = [e for e in events if len({m.article_id for m in e.mentions}) > 1]
    assert across and all(e.story_id == call.id for e in across)  # the call, both outlets
    by_id = {r["id"]: r["story_id"] for r in records}
    assert by_id == {e.id: event_record(e)["story_id"] for e in events}
    # a database whose stories differ is not the same database
    other = tmp_path / "other.db"
    shutil.copy(seeded, other)
    conn = sqlite3.connect(other)
    conn.execute("UPDATE story_articles SET story_id = 'st_elsewhere' WHERE article_id = '002'")
    conn.commit()
    conn.close()
    assert compare_databases(seeded, seeded) == []
    diff = compare_databases(seeded, str(other))
    assert any('"story_id": "st_elsewhere"' in line for line in diff), diff
    # and the call's story, read with its articles, lost article 002 on the other side
    assert any(line.startswith("+ only in") and f'"story": "{call.id}"' in line
               and '["002", ""]' not in line for line in diff), diff
