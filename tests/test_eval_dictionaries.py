"""``newsgraph eval SUITE --dictionary``: the suites scored with PETRARCH dictionaries loaded as
ingest loads them, and the plain coder's floors left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED
from newsgraph.cli import main
from newsgraph.evaluation.dictionaries import loaded, suite_dictionaries

VERBS = SHARED / "data" / "petrarch-dictionaries" / "CAMEO.2.0.txt"
PLOVER = SHARED / "data" / "plover"


def test_the_run_adds_its_dictionaries_after_the_suites_own(tmp_path):
    own = tmp_path / "suite.actors.txt"
    assert suite_dictionaries(own) == [own]
    with loaded(["a.txt", Path("b.txt")]):
        assert suite_dictionaries(own) == [own, Path("a.txt"), Path("b.txt")]
        with loaded([]):
            assert suite_dictionaries() == []
    assert suite_dictionaries() == []


def test_updating_floors_with_dictionaries_is_refused():
    if not VERBS.is_file():
        pytest.skip(f"{VERBS} not found")
    result = CliRunner().invoke(main, ["eval", "plover", "--dictionary", str(VERBS),
                                       "--update-floors"])
    assert result.exit_code == 2
    assert "run it without --dictionary" in result.output


def _triples(*extra: str) -> tuple[dict[str, float], str]:
    result = CliRunner().invoke(main, ["eval", "plover", "--limit", "40", "--format", "json",
                                       *extra])
    assert result.exit_code == 0, result.output
    text = result.stdout
    figures = {f["name"]: f["value"] for f in json.loads(text[text.index("["):])[0]["figures"]}
    return figures, result.output


@pytest.mark.slow
def test_the_verb_dictionary_changes_what_is_coded():
    if not (VERBS.is_file() and PLOVER.is_dir()):
        pytest.skip("the CAMEO verb dictionary or the PLOVER gold is not in ../shared")
    plain, _ = _triples()
    with_verbs, said = _triples("--dictionary", str(VERBS))
    assert "floors not checked" in said
    assert plain.keys() == with_verbs.keys()
    # PETRARCH's verb patterns add triggers: more coded triples, not the same figures
    assert plain["plover.dev.triple_precision"] != with_verbs["plover.dev.triple_precision"]
