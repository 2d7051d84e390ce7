from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import make_event, ref
from newsgraph.coreference import merge_events
from newsgraph.exports import CSV_COLUMNS, event_record, write_events

REQUIRED = {"id", "type", "mode", "cameo", "quad_class", "goldstein", "date", "date_precision",
            "date_basis", "date_text", "modality", "confidence", "source", "target",
            "claimed_by", "mentions"}


def _event():
    (event,) = merge_events([make_event([ref("person:a", "Ana Brnabic", "SRB")],
                                        [ref("XKX", "Kosovo", "XKX", kind="country")])])
    return event


def test_event_record_has_every_documented_field():
    record = event_record(_event())
    assert REQUIRED <= set(record)
    assert set(record["source"][0]) >= {"id", "name", "country", "sector", "text"}
    assert set(record["mentions"][0]) >= {"article_id", "published", "sentence", "start", "end"}


def test_jsonl_is_one_object_per_line():
    out = io.StringIO()
    assert write_events([_event(), _event()], out, "jsonl") == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["source"][0]["name"] == "Ana Brnabic"


def test_csv_has_header_and_flat_actors():
    out = io.StringIO()
    write_events([_event()], out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == CSV_COLUMNS and rows[0]["target_countries"] == "XKX"


def _undated_event():
    """A background event ("since the coup"): no date, basis unknown, the reason in date_text."""
    event = _event()
    event.date, event.date_precision, event.date_basis = None, None, "unknown"
    event.date_text = "not given: in a 'since' clause; before 2023-03-05"
    return event


def test_an_undated_event_exports_null_dates_in_json_and_jsonl():
    for fmt in ("jsonl", "json"):
        out = io.StringIO()
        write_events([_undated_event()], out, fmt)
        parsed = json.loads(out.getvalue())
        record = parsed[0] if fmt == "json" else parsed
        assert (record["date"], record["date_precision"], record["date_basis"]) == (
            None, None, "unknown")
        assert record["date_text"].startswith("not given")


def test_an_undated_event_exports_empty_date_cells_in_csv():
    out = io.StringIO()
    write_events([_undated_event(), _event()], out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (rows[0]["date"], rows[0]["date_precision"], rows[0]["date_basis"]) == (
        "", "", "unknown")
    assert rows[1]["date"] == "2023-03-04"


def test_an_undated_event_exports_a_null_date_in_parquet(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from newsgraph.exports import write_parquet

    path = tmp_path / "events.parquet"
    assert write_parquet([_undated_event(), _event()], str(path)) == 2
    frame = pd.read_parquet(path)
    assert frame["date"].isna().tolist() == [True, False]
    assert frame["date_basis"].tolist() == ["unknown", "explicit"]
    only_undated = tmp_path / "undated.parquet"
    write_parquet([_undated_event()], str(only_undated))  # a column of nulls alone
    assert pd.read_parquet(only_undated)["date"].isna().all()


def test_comparable_lines_ignore_mention_order_and_run_fields():
    from newsgraph.exports import comparable_lines

    def told_twice():
        parties = ([ref("person:a", "Ana Brnabic", "SRB")], [ref("XKX", "Kosovo", "XKX",
                                                                   kind="country")])
        (event,) = merge_events([make_event(*parties, article="a1"),
                                 make_event(*parties, article="a2")])
        return event

    a, b = told_twice(), told_twice()
    assert len(a.mentions) == 2
    b.mentions.reverse()
    assert comparable_lines([a]) == comparable_lines([b])
    b.type = "ACCUSE"
    assert comparable_lines([a]) != comparable_lines([b])


@pytest.mark.slow
def test_compare_databases_is_empty_for_equal_runs_and_names_a_difference(tmp_path, nlp):
    import sqlite3

    from conftest import SEEDS
    from newsgraph import api
    from newsgraph.exports import compare_databases

    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    for path in (one, two):
        with api.open(path) as graph:
            graph.ingest(SEEDS)
    assert compare_databases(one, two) == []
    with sqlite3.connect(two) as conn:
        conn.execute("UPDATE events SET type = 'RETREAT' WHERE rowid = (SELECT MIN(rowid) "
                     "FROM events)")
    diff = compare_databases(one, two)
    assert any(line.startswith("- only in") for line in diff)
    assert any(line.startswith("+ only in") and '"RETREAT"' in line for line in diff)
