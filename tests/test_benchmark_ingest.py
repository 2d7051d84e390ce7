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
