"""The CLI as a user runs it: thin commands over the library, on a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS, session_db
from newsgraph.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
DOCUMENTED_FIELDS = {"id", "type", "mode", "cameo", "quad_class", "goldstein", "date",
                     "date_precision", "date_basis", "date_text", "modality", "confidence",
                     "source", "target", "claimed_by", "mentions"}

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


@pytest.fixture(scope="module")
def db(backend, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("cli")
    inputs = folder / "in"
    shutil.copytree(SEEDS, inputs)
    (inputs / "broken.jsonl").write_text('{"date": "2024-01-02", "text": "Fine text."}\n{oops\n')
    path = session_db(backend, folder, "cli.db")
    result = CliRunner().invoke(main, ["ingest", str(inputs), "--db", path, "--quiet"])
    assert result.exit_code == 1, result.output  # one bad line: reported, the rest stored
    assert "broken.jsonl" in result.output
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_bad_line_is_one_error_and_the_batch_goes_on(db):
    stats = json.loads(run("stats", "--db", db, "--format", "json"))
    assert stats["articles"] == 5  # four seeds and the good line of broken.jsonl


def test_events_jsonl_has_the_documented_fields(db):
    lines = run("events", "--db", db, "--format", "jsonl").splitlines()
    assert lines
    for line in lines:
        record = json.loads(line)
        assert DOCUMENTED_FIELDS <= record.keys()
        assert record["modality"] == "asserted"
        assert all({"id", "name", "country", "sector", "text"} <= a.keys() for a in record["source"])
        assert all({"article_id", "published", "sentence", "start", "end"} <= m.keys()
                   for m in record["mentions"])


def test_modality_all_shows_more_than_asserted(db):
    asserted = run("events", "--db", db, "--format", "jsonl").splitlines()
    everything = run("events", "--db", db, "--format", "jsonl", "--modality", "all").splitlines()
    assert len(everything) > len(asserted)


def test_filters_by_country_and_dyad(db):
    for line in run("events", "--db", db, "--country", "IRN", "--format", "jsonl").splitlines():
        record = json.loads(line)
        assert "IRN" in {a["country"] for a in record["source"] + record["target"]}
    dyad = run("events", "--db", db, "--dyad", "FRA", "IRN", "--format", "jsonl").splitlines()
    assert dyad


def test_show_prints_every_source_sentence(db):
    first = json.loads(run("events", "--db", db, "--format", "jsonl").splitlines()[0])
    shown = run("show", first["id"], "--db", db)
    assert first["mentions"][0]["sentence"].split()[0] in shown


def test_export_csv_and_timeline(db, tmp_path):
    out = tmp_path / "events.csv"
    run("export", "--db", db, "--format", "csv", "--output", str(out))
    assert out.read_text().startswith("id,date,")
    assert "Macron" in run("timeline", "Emmanuel Macron", "--db", db)


def test_unknown_event_id_is_a_clear_error(db):
    result = CliRunner().invoke(main, ["show", "ev_nope", "--db", db])
    assert result.exit_code != 0 and "ev_nope" in result.output


@pytest.mark.skipif(not README.exists(), reason="README not written")
def test_every_command_is_documented_in_the_readme():
    text = README.read_text()
    for name in main.commands:
        assert f"newsgraph {name}" in text, f"`newsgraph {name}` is not in the README"


def test_user_actor_file_teaches_a_new_leader(tmp_path):
    """An analyst's own YAML adds a person the shipped knowledge does not know."""
    actors = tmp_path / "mine.yaml"
    actors.write_text(
        "actors:\n"
        "  - {name: Aurelia Vantongeren, country: NLD, gender: f,"
        " roles: [[foreign_minister, 2026-01-10, ~]]}\n"
    )
    article = tmp_path / "a.txt"
    article.write_text(" date 2026-03-02 The Dutch foreign minister spoke by phone with"
                       " Chinese President Xi Jinping on Monday about trade.\n")
    db = str(tmp_path / "user.db")
    run("ingest", str(article), "--db", db, "--actors", str(actors), "--quiet")
    lines = run("events", "--db", db, "--format", "jsonl").splitlines()
    parties = {a["id"] for line in lines for r in [json.loads(line)]
               for a in r["source"] + r["target"]}
    assert "person:aurelia-vantongeren" in parties


def test_ingest_dictionary_codes_its_verbs_warns_of_skipped_lines_and_coding_changes(tmp_path):
    """A PETRARCH folder of an actor dictionary (with a bad date) and a verb dictionary."""
    folder = tmp_path / "dictionaries"
    folder.mkdir()
    (folder / "actors.txt").write_text("NORTHLAND [NTH]\nSOUTHLAND [STH]\n\t[STHGOV 9008223-911221]\n")
    (folder / "verbs.txt").write_text("---  UPBRAID   [111]  ---\nUPBRAID\n")
    article = tmp_path / "a.txt"
    article.write_text(" date 2026-03-02 Northland upbraided Southland on Monday.\n")
    second = tmp_path / "b.txt"
    second.write_text(" date 2026-03-03 Southland upbraided Northland on Tuesday.\n")
    db = str(tmp_path / "dict.db")
    result = CliRunner().invoke(main, ["ingest", str(article), "--db", db, "--dictionary",
                                       str(folder), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "warning: actors.txt: 1 line(s) skipped (line 3: '9008223' is not a date" in result.output
    events = [json.loads(line) for line in run("events", "--db", db, "--format", "jsonl").splitlines()]
    assert [(e["type"], e["mentions"][0]["rule"]) for e in events] == [("ACCUSE", "verbs.txt:2")]
    result = CliRunner().invoke(main, ["ingest", str(second), "--db", db, "--quiet"])
    assert "note: 1 stored article(s) were coded otherwise" in result.output
    assert "verbs.txt (sha256 " in result.output


@pytest.fixture
def undated_db(tmp_path) -> str:
    """A database with a dated event and a background event the text gives no date for."""
    import datetime as dt

    from conftest import make_event, ref
    from newsgraph.actors import Actor
    from newsgraph.articles import Article
    from newsgraph.coreference import event_id
    from newsgraph.store import Store

    chile = ref("CHL", "Chile", "CHL", kind="country", sector=None)
    peru = ref("PER", "Peru", "PER", kind="country", sector=None)
    dated = make_event([chile], [peru], type="SANCTION", date="2024-03-09",
                       sentence="Chile recalled its ambassador from Peru on Saturday.")
    undated = make_event([peru], [chile], type="ASSAULT", trigger_start=80,
                         sentence="Ties froze after Peru attacked the Chilean embassy.")
    undated.date, undated.date_precision, undated.date_basis = None, None, "unknown"
    undated.date_text = "not given: in an 'after' clause; before 2024-03-05"
    undated.date_before = "2024-03-05"  # the bound as a field, as the dater stores it
    path = str(tmp_path / "undated.db")
    with Store(path) as store, store.transaction():
        store.add_article(Article(id="a1", published=dt.date(2024, 3, 5), text="Chile and Peru.",
                                  content_hash="h1"), words=3)
        for r in (chile, peru):
            store.upsert_actor(Actor(r.actor_id, r.name, r.kind, r.country, r.sector))
        for event in (dated, undated):
            event.id = event_id(event)
            store.add_event(event)
    return path


def test_events_table_says_undated_not_none(undated_db):
    table = run("events", "--db", undated_db)
    assert "undated" in table and "None" not in table and "2 events" in table
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", undated_db, "--format", "csv"))))
    assert [(r["date"], r["date_basis"]) for r in rows] == [("", "unknown"),
                                                          ("2024-03-09", "explicit")]
    records = json.loads(run("events", "--db", undated_db, "--format", "json"))
    assert [r["date"] for r in records] == [None, "2024-03-09"]


def test_a_date_range_leaves_undated_events_out(undated_db):
    lines = run("events", "--db", undated_db, "--since", "2000-01-01", "--format",
                "jsonl").splitlines()
    assert [json.loads(line)["date"] for line in lines] == ["2024-03-09"]
    assert "1 events" in run("events", "--db", undated_db, "--until", "2030-01-01")


def test_timeline_and_show_of_an_undated_event(undated_db):
    timeline = run("timeline", "Chile", "Peru", "--db", undated_db)
    assert "undated" in timeline and "None" not in timeline
    rows = [line.split()[0] for line in timeline.splitlines() if line[:4] in ("2024", "unda")]
    assert rows == ["2024-03-09", "undated"]  # a timeline places what it can, then the rest
    (undated,) = [json.loads(line) for line in run(
        "events", "--db", undated_db, "--type", "ASSAULT", "--format", "jsonl").splitlines()]
    shown = run("show", undated["id"], "--db", undated_db)
    assert shown.splitlines()[0].endswith("undated, on or before 2024-03-05 (unknown: not given: "
                                          "in an 'after' clause; before 2024-03-05)")
    assert json.loads(run("show", undated["id"], "--db", undated_db, "--format", "json"))[
        "date"] is None


def test_export_of_an_undated_event(undated_db, tmp_path):
    out = tmp_path / "all.jsonl"
    run("export", "--db", undated_db, "-o", str(out))
    assert [json.loads(line)["date_basis"] for line in out.read_text().splitlines()] == [
        "unknown", "explicit"]


def test_ingest_warns_about_lower_cased_articles(tmp_path):
    path = tmp_path / "lowered.txt"
    path.write_text(" date 2024-05-06\n" + ("india and pakistan agreed on monday to reopen the "
                                            "border crossing, officials said. ") * 4)
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 0, result.output
    assert "warning: 1 article(s) are written in lower case (e.g. lowered)" in result.output


def test_ingest_counts_and_names_articles_not_in_english(tmp_path):
    (tmp_path / "in").mkdir()
    french = tmp_path / "in" / "paris.txt"
    french.write_text(" date 2024-03-05 Le ministre des Affaires étrangères a rencontré lundi son "
                      "homologue allemand à Paris pour parler de la guerre et des sanctions.")
    (tmp_path / "in" / "lima.txt").write_text(
        " date 2024-03-05 The foreign ministers of Chile and Peru met in Lima on Monday and "
        "agreed to reopen the border crossing, the ministry said in a statement.")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "in"), "--db",
                                       str(tmp_path / "f.db")])
    assert result.exit_code == 0, result.output
    assert f"warning: 1 article(s) not in English: {french} (fr);" in result.output
    assert "2 ingested (1 not in English), 0 duplicate" in result.output


def test_repair_encoding_stores_what_is_otherwise_refused(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text('{"date": "2024-03-05", "text": "Peru don\\u00e2\\u0080\\u0099t agree, '
                    'Chile said."}\n')
    db = str(tmp_path / "m.db")
    refused = CliRunner().invoke(main, ["ingest", str(path), "--db", db])
    assert refused.exit_code == 1
    assert f"error: {path}:1: the 'text' field looks mis-decoded" in refused.output
    repaired = CliRunner().invoke(main, ["ingest", str(path), "--db", db, "--repair-encoding"])
    assert repaired.exit_code == 0, repaired.output
    assert "1 ingested" in repaired.output


# --- exit codes and error lines: 0 done, 1 some inputs failed, 2 usage or database error ----------


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def _one_error_line(result, *expected: str) -> str:
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def test_a_database_under_a_regular_file_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "plain").write_text("not a folder")
    article = tmp_path / "a.txt"
    article.write_text(" date 2024-05-06\nFrance and Germany met on Monday.\n")
    db = str(tmp_path / "plain" / "x.db")
    for args in (["ingest", str(article), "--db", db], ["stats", "--db", db]):
        result = _invoke(*args)
        assert result.exit_code == 2
        _one_error_line(result, db)


def test_a_foreign_sqlite_database_is_one_line_and_exit_2(tmp_path):
    import sqlite3

    db = tmp_path / "theirs.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for command in ("stats", "events"):
        result = _invoke(command, "--db", str(db))
        assert result.exit_code == 2
        _one_error_line(result, "another program", "pass another --db")
    assert db.read_bytes() == before  # nothing was written into their file


def test_a_read_command_on_a_missing_database_creates_nothing(tmp_path):
    db = tmp_path / "none.db"
    result = _invoke("events", "--db", str(db))
    assert result.exit_code == 2
    _one_error_line(result, "no such database", "newsgraph ingest")
    assert not db.exists()


def test_read_commands_open_the_database_read_only(undated_db):
    before = Path(undated_db).read_bytes()
    for args in (["events"], ["stats"], ["actors"], ["export"], ["timeline", "Chile"]):
        assert _invoke(*args, "--db", undated_db).exit_code == 0
    assert Path(undated_db).read_bytes() == before


def test_a_usage_error_is_exit_2(undated_db):
    result = _invoke("events", "--db", undated_db, "--since", "yesterday")
    assert result.exit_code == 2 and "is not a date" in result.output


def test_an_internal_error_is_one_line_unless_debug(undated_db, monkeypatch):
    from newsgraph import api

    def broken(self):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(api.Newsgraph, "stats", broken)
    result = _invoke("stats", "--db", undated_db)
    assert result.exit_code == 2
    _one_error_line(result, "internal error: ZeroDivisionError: simulated bug", "--debug")
    debugged = _invoke("--debug", "stats", "--db", undated_db)
    assert isinstance(debugged.exception, ZeroDivisionError)  # the traceback is shown


def test_an_id_stored_with_other_text_is_refused_then_id_from_hash_stores_it(tmp_path):
    for folder, text in (("one", "France and Germany met in Paris on Monday."),
                         ("two", "Chile and Peru met in Lima on Tuesday.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f" date 2024-05-08\n{text}\n")
    db = str(tmp_path / "ids.db")
    assert _invoke("ingest", str(tmp_path / "one"), "--db", db, "-q").exit_code == 0
    result = _invoke("ingest", str(tmp_path / "two"), "--db", db)
    assert result.exit_code == 1
    line = _one_error_line(result)
    assert line == (f"error: {tmp_path / 'two' / 'story.txt'}: id story is already stored with "
                    "different text; rename the file or pass --id-from-hash")
    assert "0 ingested, 0 duplicate, 0 near-duplicate, 1 failed" in result.output
    fixed = _invoke("ingest", str(tmp_path / "two"), "--db", db, "--id-from-hash")
    assert fixed.exit_code == 0, fixed.output
    assert "1 ingested" in fixed.output
    assert json.loads(run("stats", "--db", db, "--format", "json"))["articles"] == 2
