"""``newsgraph recode``: a database coded by another coder (here: with the CAMEO verb dictionary
loaded, which adds triggers and so events) re-coded with the current one equals a fresh ingest
of the same articles with the current one, summary tables included; ``--since`` leaves earlier
articles' events as they were; ``--dry-run`` changes nothing and reports what a run changes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsgraph
from conftest import SEEDS, SHARED
from newsgraph.cli import main
from newsgraph.exports import compare_databases
from newsgraph.store import SUMMARY_TABLES

VERBS = SHARED / "data" / "petrarch-dictionaries" / "CAMEO.2.0.txt"
SAMPLE = Path(newsgraph.__file__).parent / "sample"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (SEEDS.is_dir() and VERBS.is_file()),
                                 reason="seed articles or the CAMEO verb dictionary not found")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(SEEDS.glob("*.txt")) + sorted(SAMPLE.glob("*.txt"))[:6]:
        shutil.copy(path, folder / path.name)
    return [str(p) for p in sorted(folder.iterdir())]


def _ingest(path: Path, corpus: list[str], dictionaries: tuple[Path, ...] = ()) -> str:
    with newsgraph.open(path, dictionaries=dictionaries) as graph:
        report = graph.ingest(corpus)
    assert report.failed == 0, report.errors
    return str(path)


@pytest.fixture(scope="module")
def current(corpus, tmp_path_factory) -> str:
    """The corpus ingested by the current coder: what a recode must give."""
    return _ingest(tmp_path_factory.mktemp("current") / "current.db", corpus)


@pytest.fixture(scope="module")
def older(corpus, tmp_path_factory, current) -> str:
    """The corpus coded by another coder: the current one with the CAMEO verbs loaded."""
    path = _ingest(tmp_path_factory.mktemp("older") / "older.db", corpus, (VERBS,))
    assert compare_databases(current, path), "the two codings must differ for a real test"
    return path


def _copy(db: str, to: Path) -> str:
    shutil.copy(db, to)
    return str(to)


def _summaries(db: str) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in SUMMARY_TABLES}
    finally:
        conn.close()


def test_a_full_recode_gives_a_fresh_ingest(older, current, tmp_path):
    db = _copy(older, tmp_path / "recoded.db")
    with newsgraph.open(db) as graph:
        report = graph.recode()
    assert report.articles == 10 and report.pulled_in == 0
    assert report.removed + report.changed > 0  # the verb dictionary's events are gone
    assert compare_databases(current, db) == []
    assert _summaries(db) == _summaries(current)
    with newsgraph.open(db) as graph:
        assert graph.coding_change() is None  # every article now says the current coding
        again = graph.recode()
    assert (again.added, again.removed, again.changed) == (0, 0, 0)  # nothing left to change
    assert again.unchanged > 40


def test_dry_run_changes_nothing_and_reports_what_a_run_changes(older, tmp_path):
    db = _copy(older, tmp_path / "dry.db")
    with newsgraph.open(db) as graph:
        dry = graph.recode(dry_run=True)
    assert compare_databases(older, db) == []
    with newsgraph.open(db) as graph:
        assert graph.coding_change() is not None  # still coded by the other coder
        real = graph.recode()
    assert (dry.added, dry.removed, dry.changed, dry.fields) == (
        real.added, real.removed, real.changed, real.fields)
    assert dry.summary().startswith("would re-code 10 article(s)")


def test_since_leaves_earlier_articles_as_they_were(older, current, tmp_path):
    db = _copy(older, tmp_path / "since.db")
    conn = sqlite3.connect(db)
    dates = sorted(r[0] for r in conn.execute("SELECT published FROM articles"))
    conn.close()
    since = dates[len(dates) // 2]
    with newsgraph.open(db) as graph:
        report = graph.recode(since=since)
        recoded_ids = {a.id for a in graph.store.original_articles()
                       if a.published.isoformat() >= since}
    assert report.articles >= len(recoded_ids)

    def events_by_article(path: str) -> dict[str, set[tuple]]:
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute("SELECT m.article_id, e.type, e.source_id, e.target_id, "
                                "m.trigger_start FROM mentions m JOIN events e "
                                "ON e.id = m.event_id").fetchall()
        finally:
            conn.close()
        found: dict[str, set[tuple]] = {}
        for article, *rest in rows:
            found.setdefault(article, set()).add(tuple(rest))
        return found

    mine, fresh, old = (events_by_article(p) for p in (db, current, older))
    later = {a for a in recoded_ids if a in fresh or a in old}
    assert later and all(mine.get(a) == fresh.get(a) for a in later)
    # the articles no event links to a later one (computed here from the old database's
    # mentions, not from the report) keep their old events exactly
    conn = sqlite3.connect(older)
    try:
        pairs = conn.execute("SELECT DISTINCT article_id, event_id FROM mentions").fetchall()
    finally:
        conn.close()
    reached, grew = set(recoded_ids), True
    while grew:
        events = {e for a, e in pairs if a in reached}
        more = {a for a, e in pairs if e in events} - reached
        reached |= more
        grew = bool(more)
    assert report.articles == len(reached)
    untouched = set(old) - reached
    assert untouched and all(mine.get(a) == old.get(a) for a in untouched)


def test_cli_recode_dry_run(older, tmp_path):
    db = _copy(older, tmp_path / "cli.db")
    result = CliRunner().invoke(main, ["recode", "--db", db, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would re-code 10 article(s)" in result.output
    assert compare_databases(older, db) == []
