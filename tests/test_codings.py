"""Which coder and dictionaries coded each article: recorded per article, told when it changes."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from newsgraph.articles import Article
from newsgraph.coding import coder_version, current_coding
from newsgraph.store import Store
from newsgraph.store.codings import (
    UNKNOWN,
    Coding,
    mark_new_articles,
    record_coding,
)
from newsgraph.store.schema import MIGRATIONS

PLAIN = Coding("newsgraph 0.1.0+data.00000000")
PHOENIX = Coding("newsgraph 0.1.0+data.00000000", (("Phoenix.agents.txt", "ab" * 32),))


def article(n: int) -> Article:
    text = f"Northland and Southland met for the {n}th time."
    return Article(f"a{n}", dt.date(2024, 1, n), text, content_hash=f"hash{n}")


@pytest.fixture
def store(db_url: str) -> Store:
    with Store(db_url) as opened:
        yield opened


def test_record_coding_is_idempotent(store: Store) -> None:
    first = record_coding(store.conn, PHOENIX)
    assert record_coding(store.conn, PHOENIX) == first
    assert record_coding(store.conn, PLAIN) != first


def test_mark_new_articles_marks_only_those_not_marked(store: Store) -> None:
    store.add_article(article(1), 9)
    mark_new_articles(store.conn, record_coding(store.conn, PLAIN))
    store.add_article(article(2), 9)
    assert mark_new_articles(store.conn, record_coding(store.conn, PHOENIX)) == 1
    assert store.article_coding("a1") == PLAIN
    assert store.article_coding("a2") == PHOENIX
    assert store.article_coding("a3") is None
    assert store.codings_in_use() == [(PLAIN, 1), (PHOENIX, 1)]


def test_coding_change_says_how_stored_articles_were_coded(store: Store) -> None:
    store.add_article(article(1), 9)
    store.add_article(article(2), 9)
    mark_new_articles(store.conn, record_coding(store.conn, PLAIN))
    assert store.coding_change(PLAIN) is None
    line = store.coding_change(PHOENIX)
    assert line is not None
    assert line.startswith("2 stored article(s) were coded otherwise (2 by newsgraph 0.1.0+data."
                           "00000000 with no dictionaries); this ingest codes with newsgraph")
    assert "Phoenix.agents.txt (sha256 abababab)" in line


def test_migration_marks_articles_stored_before_it_unknown(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statements in MIGRATIONS[:7]:
        for statement in statements:
            conn.execute(statement)
    conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '7')")
    conn.execute("INSERT INTO articles(id, published, content_hash, text, ingested_at) "
                 "VALUES ('old', '2020-01-01', 'h', 'Old text.', '2020-01-02')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        found = store.article_coding("old")
        assert found is not None and found.coder_version == UNKNOWN
        assert "unrecorded coder" in (store.coding_change(PLAIN) or "")


def test_coder_version_names_release_and_shipped_data() -> None:
    version = coder_version()
    assert version.startswith("newsgraph ") and "+data." in version
    assert len(version.rsplit(".", 1)[-1]) == 8


def test_current_coding_lists_each_dictionary_file(tmp_path: Path) -> None:
    from newsgraph.actors.dictionaries import read_dictionaries

    path = tmp_path / "discards.txt"
    path.write_text("BASEBALL\n", encoding="utf-8")
    coding = current_coding(read_dictionaries([path]))
    assert coding.coder_version == coder_version()
    assert [name for name, _ in coding.dictionaries] == ["discards.txt"]


def test_coding_of_file_hashes_is_the_parsed_dictionaries_coding(tmp_path: Path) -> None:
    """The record an ingest stores is hashed from the files, not parsed again: it must be
    the one ``current_coding`` gives for the parsed dictionaries, files and folders alike."""
    from newsgraph.actors.dictionaries import dictionary_identity, read_dictionaries
    from newsgraph.coding import coding_of

    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "b_discards.txt").write_text("BASEBALL\n", encoding="utf-8")
    (folder / "a_discards.txt").write_text("CRICKET\nSOCCER\n", encoding="utf-8")
    (folder / "notes.md").write_text("not a dictionary\n", encoding="utf-8")
    single = tmp_path / "more.txt"
    single.write_text("GOLF\n", encoding="utf-8")
    paths = [single, folder]
    assert coding_of(dictionary_identity(paths)) == current_coding(read_dictionaries(paths))
    assert [name for name, _ in dictionary_identity(paths)] == [
        "more.txt", "a_discards.txt", "b_discards.txt"]


def test_dictionary_identity_names_a_missing_file(tmp_path: Path) -> None:
    from newsgraph.actors.dictionaries import dictionary_identity
    from newsgraph.errors import ConfigError

    with pytest.raises(ConfigError, match="gone.txt: file not found"):
        dictionary_identity([tmp_path / "gone.txt"])


def test_newsgraph_coding_does_not_parse_dictionaries_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What ingest records after each run (``Newsgraph.coding``) used to parse every
    dictionary again (0.55 CPU-s a run with every PETRARCH file): it needs names and hashes."""
    import newsgraph
    from newsgraph.actors import dictionaries

    discards = tmp_path / "discards.txt"
    discards.write_text("BASEBALL\n", encoding="utf-8")
    parsed = current_coding(dictionaries.read_dictionaries([discards]))

    def refuse(*_: object) -> None:
        raise AssertionError("dictionaries parsed again to record the coding")

    monkeypatch.setattr(dictionaries, "read_dictionaries", refuse)
    monkeypatch.setattr(dictionaries, "read_dictionary", refuse)
    with newsgraph.open(tmp_path / "g.db", dictionaries=[discards]) as graph:
        assert graph.coding() == parsed
        assert graph.coding_change() is None
