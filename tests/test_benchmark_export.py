"""benchmarks/export.py compares like with like: its DuckDB side, reading the same store,
writes the rows ``newsgraph export --format parquet`` writes, value by value."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "export.py"


def _benchmark():
    spec = importlib.util.spec_from_file_location("benchmark_export", BENCHMARK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _same_from_duckdb(db: str, tmp_path: Path) -> list[dict]:
    """DuckDB's rows of ``db``, checked equal to the Parquet export's."""
    pytest.importorskip("duckdb")
    pytest.importorskip("adbc_driver_sqlite")
    pq = pytest.importorskip("pyarrow.parquet")
    from newsgraph import api
    from newsgraph.store.queries import EventQuery

    ours, theirs = str(tmp_path / "ours.parquet"), str(tmp_path / "duckdb.parquet")
    with api.open(db, readonly=True) as graph:
        n = graph.export(EventQuery(modality="all", limit=None), "parquet", ours)
    bench = _benchmark()
    written, _ = bench.duckdb_from_store(db, theirs)
    assert written == n and n > 10
    assert bench.same_rows(ours, theirs) == "yes"
    return pq.read_table(theirs).to_pylist()


def test_duckdb_side_writes_the_rows_of_the_parquet_export(tmp_path):
    from webdata import build_db

    db = str(tmp_path / "events.db")
    build_db(db)  # merged, negated and multi-target events (no places, no stories)
    rows = _same_from_duckdb(db, tmp_path)
    assert any("|" in r["article_ids"] for r in rows)  # a merged event's reports
    assert any("|" in r["target_ids"] for r in rows)  # two targets


@pytest.mark.slow
def test_duckdb_side_writes_the_places_and_stories_of_ingested_news(tmp_path, nlp):
    from conftest import SEEDS
    from newsgraph import api

    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    db = str(tmp_path / "seeds.db")
    with api.open(db) as graph:
        graph.ingest(SEEDS)
    rows = _same_from_duckdb(db, tmp_path)
    assert any(r["place_name"] for r in rows) and any(r["story_id"] for r in rows)


def test_same_rows_names_the_column_that_differs(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    a, b = str(tmp_path / "a.parquet"), str(tmp_path / "b.parquet")
    pq.write_table(pa.table({"id": ["e1", "e2"], "sentence": ["Troops shelled the town.", ""]}), a)
    pq.write_table(pa.table({"id": ["e1", "e2"], "sentence": ["Troops shelled the town.", "x"]}), b)
    assert _benchmark().same_rows(a, b) == "no: sentence"
