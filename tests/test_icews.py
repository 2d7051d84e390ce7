"""ICEWS14 / ICEWS18 forecasting suites: the predictions file, bad folders, and (heavy) the full
runs gated by their floors. The quick smoke figure (icews14.*.smoke.*) is gated by
tests/test_floors.py through the ``quick`` entry of baseline.json."""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from pathlib import Path

import pytest

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.evaluation.icews import ICEWS_SUITES, predictions_to
from newsgraph.evaluation.suites import check_floors, load_baseline, run_suite, shared_root
from newsgraph.forecast.history import read_splits

BASELINE = load_baseline()


def _data(suite: str) -> Path:
    folder = shared_root() / "data" / suite
    if not folder.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the ICEWS suites, but {folder} is missing")
        pytest.skip(f"{folder}: ICEWS data not found")
    return folder


def test_read_splits_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no train.txt; expected a RE-GCN split folder"):
        read_splits(tmp_path)


def test_the_predictions_file_recomputes_the_figure(tmp_path: Path) -> None:
    folder = _data("icews14")
    out = tmp_path / "predictions.jsonl"
    with predictions_to(out):
        result = run_suite("icews14", folder, limit=1, half="test")
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    mrr = next(f for f in result.figures if f.name == "icews14.test.smoke.mrr")
    assert len(lines) == mrr.support
    assert {x["predict"] for x in lines} == {"object", "subject"}
    assert all(len(x["ranking"]) == 100 for x in lines)
    # recompute the time-aware filtered MRR from the file (answers beyond the top 100 count 0)
    truth: dict[tuple[int, int, int, str], set[int]] = defaultdict(set)
    for x in lines:
        s, r, o, t = x["query"]
        asked, answer = (s, o) if x["predict"] == "object" else (o, s)
        truth[(asked, r, t, x["predict"])].add(answer)
    total = 0.0
    for x in lines:
        s, r, o, t = x["query"]
        asked, answer = (s, o) if x["predict"] == "object" else (o, s)
        others = truth[(asked, r, t, x["predict"])] - {answer}
        kept = [(e, score) for e, score in x["ranking"] if e not in others]
        found = [score for e, score in kept if e == answer]
        if found:
            better = sum(1 for _, score in kept if score > found[0])
            tied = sum(1 for e, score in kept if score == found[0] and e != answer)
            total += sum(1 / (better + k) for k in range(1, tied + 2)) / (tied + 1)
    recomputed = 100 * total / len(lines)
    assert mrr.value - 1.0 <= recomputed <= mrr.value + 0.05


def test_an_unknown_half_is_refused() -> None:
    with pytest.raises(NewsgraphError, match="unknown half"):
        run_suite("icews14", Path("."), half="train")  # type: ignore[arg-type]


@pytest.mark.heavy
@pytest.mark.parametrize("suite", ICEWS_SUITES)
@pytest.mark.parametrize("half", ["test"])  # valid (dev) is where parameters are chosen
def test_full_suite_stays_above_its_floors(suite: str, half: str) -> None:
    prefix = f"{suite}.{half}."
    assert any(n.startswith(prefix) for n in BASELINE["floors"]), \
        f"no floors pinned for {prefix}*; run newsgraph eval {suite} --half {half} --update-floors"
    start = time.process_time()
    result = run_suite(suite, _data(suite), half=half)  # type: ignore[arg-type]
    print(f"{suite} {half}: {result.seconds:.0f} s wall, "
          f"{time.process_time() - start:.0f} s CPU, fitting included")
    failures = check_floors([result], BASELINE)
    assert not failures, "forecasting accuracy fell:\n" + "\n".join(failures)
