"""benchmarks/ingest.py measures what it says: the same words on both sides, the share of
sentences parsed, whether py3langid was loaded, and the machine's load beside each run."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from conftest import SEEDS
from newsgraph.articles import count_words

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "ingest.py"


def _benchmark():
    spec = importlib.util.spec_from_file_location("benchmark_ingest", BENCHMARK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_process_run_on_seed_sentences(tmp_path):
    from newsgraph.articles import languages

    languages._identifier.cache_clear()  # another test may have loaded it in this process
    bench = _benchmark()
    words = bench.write_corpus(tmp_path, 3, pool_folder=SEEDS)
    texts = [json.loads(line)["text"] for line in open(tmp_path / "bench.jsonl", encoding="utf-8")]
    assert words == sum(count_words(t) for t in texts)
    result = bench.run_newsgraph(tmp_path, 1, None, [])
    assert result["articles"] == 3 and result["words"] == words and result["failed"] == 0
    assert 0 < result["parsed_share"] <= 1 and result["events"] > 0
    assert result["langid_loaded"] is False  # wire prose: English by its function words
    assert result["cpu"] > 0 and result["parent_cpu"] > 0 and result["peak_rss_mb"] > 0
    shown = bench.line("newsgraph ingest", result)
    assert " load " in shown and "py3langid" not in shown
    assert "(py3langid loaded)" in bench.line("x", {**result, "langid_loaded": True})


def test_run_says_how_many_cores_other_jobs_used(tmp_path):
    bench = _benchmark()
    bench.write_corpus(tmp_path, 2, pool_folder=SEEDS)
    result = bench.run_newsgraph(tmp_path, 1, None, [])
    import os

    assert result["cores"] == os.cpu_count()
    assert 0 <= result["others_cores"] <= result["cores"]
    assert f"of {result['cores']} cores" in bench.line("newsgraph ingest", result)


def test_parallel_pair_is_bounded_by_the_cores_and_says_what_its_wall_time_shows(tmp_path):
    bench = _benchmark()
    bench.write_corpus(tmp_path, 4, pool_folder=SEEDS)
    one = bench.run_newsgraph(tmp_path, 1, None, [])
    (tmp_path / "bench.db").unlink()
    two = bench.run_newsgraph(tmp_path, 2, None, [])
    assert two["events"] == one["events"] and two["articles"] == one["articles"] == 4
    figures = bench.parallel_figures(one, two, 2)
    assert 0 < figures["cores_bound"] <= figures["cpu_bound"]
    assert figures["wall"] == one["seconds"] / two["seconds"]
    assert figures["readable"] == (figures["others_cores"] < bench.QUIET_CORES)
    said = bench.what_it_shows(figures)
    assert ("the wall-time ratio is this code's" in said) == figures["readable"]
    one.pop("others_cores")  # a run made without psutil
    unmeasured = bench.parallel_figures(one, two, 2)
    assert unmeasured["readable"] is False and "not measured" in bench.what_it_shows(unmeasured)


def test_spread_names_how_far_the_same_work_moved(tmp_path):
    bench = _benchmark()
    bench.write_corpus(tmp_path, 2, pool_folder=SEEDS)
    runs = [bench.run_newsgraph(tmp_path, 1, None, [])]
    (tmp_path / "bench.db").unlink()
    runs.append(bench.run_newsgraph(tmp_path, 1, None, []))
    cpus = [r["cpu"] for r in runs]
    said = bench.spread({"newsgraph": cpus})
    assert f"newsgraph {min(cpus):.1f}-{max(cpus):.1f} s" in said
    assert f"({max(cpus) / min(cpus) - 1:.0%})" in said
