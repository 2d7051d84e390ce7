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


# --------------------------------------------------------------------------- streamed exports

@pytest.fixture()
def db(db_url):
    """The hand-made web-test database (merged, negated and multi-target events), on disk or
    in PostgreSQL."""
    from webdata import build_db

    build_db(db_url)
    return db_url


def _all(db_path):
    from newsgraph import api
    from newsgraph.store.queries import EventQuery

    with api.open(db_path, readonly=True) as graph:
        return list(graph.iter_events(EventQuery(modality="all", limit=None)))


def _flat_rows(db_path, **filters):
    from newsgraph import api
    from newsgraph.exports import flat_record
    from newsgraph.exports.writers import iter_events
    from newsgraph.store.queries import EventQuery

    with api.open(db_path, readonly=True) as graph:
        query = EventQuery(**{"modality": "all", **filters})
        return [tuple(flat_record(e).values()) for e in iter_events(graph.store, query)]


@pytest.mark.parametrize("page_size", [1, 3, 1000])
def test_rows_read_from_sql_equal_the_flat_records_of_full_events(db, page_size):
    from newsgraph import api
    from newsgraph.exports.writers import iter_rows
    from newsgraph.store.queries import EventQuery

    with api.open(db, readonly=True) as graph:
        rows = list(iter_rows(graph.store, EventQuery(modality="all", limit=None),
                              page_size=page_size))
    assert rows == _flat_rows(db, limit=None)
    assert any("|" in r[CSV_COLUMNS.index("article_ids")] for r in rows)  # a merged event
    assert any("|" in r[CSV_COLUMNS.index("target_ids")] for r in rows)  # two targets


def test_api_rows_are_dicts_of_the_csv_columns_in_timeline_order(db):
    from newsgraph import api

    with api.open(db, readonly=True) as graph:
        rows = graph.rows(dyad=("France", "Iran"))
        events = graph.events(dyad=("France", "Iran"))
    assert [r["id"] for r in rows] == [e.id for e in events] and len(rows) >= 8
    assert list(rows[0]) == CSV_COLUMNS


def _parquet_rows(path):
    pq = pytest.importorskip("pyarrow.parquet")
    return [tuple(r.values()) for r in pq.read_table(path).to_pylist()]


@pytest.mark.parametrize("page_size", [2, 50_000])
def test_parquet_export_holds_the_flat_rows_in_row_groups(db, tmp_path, page_size):
    pytest.importorskip("adbc_driver_sqlite")
    pq = pytest.importorskip("pyarrow.parquet")
    from newsgraph import api
    from newsgraph.exports.arrow import row_tables
    from newsgraph.exports.writers import write_parquet_tables
    from newsgraph.store.queries import EventQuery

    out = str(tmp_path / "events.parquet")
    with api.open(db, readonly=True) as graph:
        tables = row_tables(graph.store, EventQuery(modality="all", limit=None),
                            page_size=page_size)
        n = write_parquet_tables(tables, out)
    expected = _flat_rows(db, limit=None)
    assert n == len(expected) and _parquet_rows(out) == expected
    groups = pq.ParquetFile(out).metadata.num_row_groups
    assert groups == (-(-n // page_size) if page_size < n else 1)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "parquet"])
def test_export_takes_the_filters_of_events(db, tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("adbc_driver_sqlite")
    from newsgraph import api
    from newsgraph.store.queries import EventQuery

    out = str(tmp_path / f"out.{fmt}")
    query = EventQuery(dyad=("France", "Iran"), type="ACCUSE", modality="asserted", limit=2)
    with api.open(db, readonly=True) as graph:
        n = graph.export(query, fmt, out)
    expected = _flat_rows(db, dyad=("France", "Iran"), type="ACCUSE", modality="asserted",
                          limit=2)
    assert n == 2 == len(expected)
    if fmt == "parquet":
        ids = [r[0] for r in _parquet_rows(out)]
    elif fmt == "csv":
        ids = [r["id"] for r in csv.DictReader(open(out, encoding="utf-8"))]
    elif fmt == "json":
        ids = [r["id"] for r in json.load(open(out, encoding="utf-8"))]
    else:
        ids = [json.loads(line)["id"] for line in open(out, encoding="utf-8")]
    assert ids == [r[0] for r in expected]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_flat_rows_carry_the_story_of_the_first_report(db, tmp_path, fmt):
    """story_id in the rows read from SQL, the CSV and the Parquet export (read back) is the
    JSON record's: the story of the event's earliest filed report, empty before filing."""
    if fmt == "parquet":
        pytest.importorskip("adbc_driver_sqlite")
    from newsgraph import api
    from newsgraph.exports.writers import iter_rows
    from newsgraph.store import Store
    from newsgraph.store.queries import EventQuery
    from webdata import article, event, mention

    s1 = "France accused Iran of seizing a tanker in the Gulf of Oman."
    s2 = "Iran was accused by France of the tanker seizure in the Gulf of Oman."
    first = article("story-1", "2024-05-02", s1, "Tanker seized")
    later = article("story-2", "2024-05-03", s2, "Tanker row", source="Daily Test")
    with Store(db) as store, store.transaction():
        for art in (first, later):
            store.add_article(art, words=12)
        told = event([mention(first, s1, "accused", [("FRA", "France")], [("IRN", "Iran")]),
                      mention(later, s2, "accused", [("FRA", "France")], [("IRN", "Iran")])],
                     "ACCUSE", 4, -2.0, "2024-05-01")
        store.add_event(told)
        store.file_story(later, [told])  # the later report filed first
        store.file_story(first, [told])
        story = store.story_of(first.id)
    out = str(tmp_path / f"rows.{fmt}")
    query = EventQuery(modality="all", limit=None)
    with api.open(db, readonly=True) as graph:
        records = {e.id: e.story_id for e in graph.iter_events(query)}
        rows = list(iter_rows(graph.store, query))
        graph.export(query, fmt, out)
    at = CSV_COLUMNS.index("story_id")
    assert {r[0]: r[at] for r in rows} == records and records[told.id] == story is not None
    assert sum(v is None for v in records.values()) == len(records) - 1  # nothing else filed
    if fmt == "csv":
        back = {r["id"]: r["story_id"] or None for r in csv.DictReader(open(out, encoding="utf-8"))}
    else:
        back = {r[0]: r[at] for r in _parquet_rows(out)}
    assert back == records


def test_json_export_is_one_valid_array_streamed_even_when_empty(db, tmp_path):
    from newsgraph import api
    from newsgraph.store.queries import EventQuery

    with api.open(db, readonly=True) as graph:
        for query, count in ((EventQuery(modality="all", limit=None), len(_all(db))),
                             (EventQuery(type="RETREAT"), 0)):
            out = io.StringIO()
            from newsgraph.exports.export import export_events

            assert export_events(graph.store, query, "json", stream=out) == count
            assert len(json.loads(out.getvalue())) == count


def test_parquet_export_needs_an_output_file(db):
    from newsgraph import api
    from newsgraph.errors import NewsgraphError
    from newsgraph.store.queries import EventQuery

    with api.open(db, readonly=True) as graph, pytest.raises(NewsgraphError, match="--output"):
        graph.export(EventQuery(), "parquet")


# --------------------------------------------------------------------------- the field's layouts

def _layout(db_path, fmt, tmp_path):
    from newsgraph import api
    from newsgraph.exports.layouts import read_layout
    from newsgraph.store.queries import EventQuery

    out = tmp_path / f"events.{fmt}"
    with api.open(db_path, readonly=True) as graph:
        n = graph.export(EventQuery(modality="all", limit=None), fmt, str(out))
    records = list(read_layout(out, fmt))
    assert n == len(records) == len(_all(db_path))
    return {e.id: e for e in _all(db_path)}, records


def test_gdelt_rows_have_61_columns_and_read_back_the_codes_counts_and_url(db, tmp_path):
    from newsgraph.exports.layouts import GDELT_COLUMNS, numeric_id

    events, rows = _layout(db, "gdelt", tmp_path)
    assert len(GDELT_COLUMNS) == 61 and GDELT_COLUMNS[26] == "EventCode"
    by_id = {numeric_id(i): e for i, e in events.items()}
    for row in rows:
        e = by_id[row["GlobalEventID"]]
        assert row["Day"] == e.date.replace("-", "") and row["Year"] == e.date[:4]
        assert (row["EventCode"], row["EventRootCode"]) == (e.cameo, e.cameo[:2])
        assert row["QuadClass"] == str(e.quad_class)
        assert float(row["GoldsteinScale"]) == e.goldstein
        assert row["Actor1CountryCode"] == (e.source[0].country or "")
        assert int(row["NumMentions"]) == len(e.mentions)
        assert int(row["NumArticles"]) == len({m.article_id for m in e.mentions})
        assert row["SOURCEURL"] == f"https://news.example/{e.mentions[0].article_id}"
    merged = [r for r in rows if r["NumArticles"] == "2"]
    assert merged and merged[0]["NumSources"] == "2"  # two publishers


def test_icews_rows_name_countries_and_cameo_events(db, tmp_path):
    events, rows = _layout(db, "icews", tmp_path)
    for row in rows:
        e = events[row["Event ID"]]
        assert row["Event Date"] == e.date and row["CAMEO Code"] == e.cameo
        assert float(row["Intensity"]) == e.goldstein
        assert row["Source Name"] == e.source[0].name
        assert row["Story ID"] == e.mentions[0].article_id and row["Event Text"]
    assert {r["Source Country"] for r in rows} >= {"France"}


def test_plover_records_carry_the_manual_fields(db, tmp_path):
    events, records = _layout(db, "plover", tmp_path)
    for record in records:
        e = events[record["id"]]
        assert record["event"] == [e.type] and record["quad_code"] == e.quad_class
        assert [a["code"] for a in record["actor"]] == [a.country for a in e.source]
        assert [a["identifier_id"] for a in record["recipient"]] == [a.actor_id for a in e.target]
        assert record["date"] == e.date and record["modality"] == e.modality
        assert record["text"] == e.mentions[0].sentence


def test_a_short_gdelt_line_is_named_with_its_file_and_line(tmp_path):
    from newsgraph.errors import InputError
    from newsgraph.exports.layouts import read_layout

    bad = tmp_path / "bad.tsv"
    bad.write_text("1\t20240101\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv:1: 2 fields, a GDELT 2.0 event row has 61"):
        list(read_layout(bad, "gdelt"))
