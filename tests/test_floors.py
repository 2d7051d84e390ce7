"""The accuracy gate: every suite's figures stay at or above the floors pinned in baseline.json.

Runs the real pipeline on the public gold data in ../shared (never copied here). To move a
floor: ``newsgraph eval all --update-floors`` (raising), plus ``--allow-lower --reason "..."``
to lower one. See docs/accuracy.md.
"""

from __future__ import annotations

import os

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.evaluation.suites import SUITES, check_floors, load_baseline, run_suite

BASELINE = load_baseline()


@pytest.mark.parametrize("suite", SUITES)
def test_suite_stays_above_its_floors(suite: str) -> None:
    floors = [name for name in BASELINE["floors"] if name.startswith(suite + ".")]
    assert floors, f"no floors pinned for {suite} in baseline.json; run newsgraph eval " \
                   f"{suite} --update-floors"
    try:
        result = run_suite(suite, limit=BASELINE["limits"].get(suite))
    except NewsgraphError as exc:
        if "data folder not found" in str(exc):
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI must run the accuracy gate, but: {exc}")
            pytest.skip(str(exc))
        raise
    failures = check_floors([result], BASELINE)
    assert not failures, "accuracy fell:\n" + "\n".join(failures)
