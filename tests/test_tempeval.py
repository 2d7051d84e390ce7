"""The TempEval-3 Task A scorer, on TimeML written for these tests, and the accuracy gate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsgraph.dates import Timex
from newsgraph.errors import InputError, NewsgraphError
from newsgraph.evaluation.tempeval import (
    Counts,
    align,
    evaluate_tempeval,
    format_report,
    read_tml,
    score_document,
    scores_from,
)

TBAQ = Path(__file__).resolve().parents[1].parent / "shared/data/tempeval3/train/TBAQ-cleaned"

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>test_1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-04" functionInDocument="CREATION_TIME">
03/04/21</TIMEX3></DCT>
<TEXT>
The port <EVENT eid="e1">reopened</EVENT> <TIMEX3 tid="t1" type="DATE" value="2021-03-01">on \
Monday</TIMEX3> &amp; stayed open for <TIMEX3 tid="t2" type="DURATION" value="P3D">three \
days</TIMEX3>.
</TEXT>
</TimeML>
"""


def tx(start: int, end: int, type: str = "DATE", value: str = "2021-03-01") -> Timex:
    return Timex(start, end, "x" * (end - start), type, value)


def test_read_tml_gives_text_offsets_and_the_anchor() -> None:
    doc = read_tml(TML, "test_1.tml")
    assert doc.dct == dt.date(2021, 3, 4)
    assert [(doc.text[t.start:t.end], t.type, t.value) for t in doc.timexes] == [
        ("on Monday", "DATE", "2021-03-01"), ("three days", "DURATION", "P3D")]
    assert "&" in doc.text and "<" not in doc.text


def test_read_tml_never_scores_the_creation_time() -> None:
    inline = TML.replace("<TEXT>\n", '<TEXT>\n<TIMEX3 tid="t9" type="DATE" value="2021-03-04" '
                         'functionInDocument="CREATION_TIME">March 4</TIMEX3> ')
    assert [t.value for t in read_tml(inline).timexes] == ["2021-03-01", "P3D"]


@pytest.mark.parametrize("source, reason", [
    (TML.replace('functionInDocument="CREATION_TIME"', ""), "CREATION_TIME"),
    (TML.replace("<TEXT>", "<BODY>"), "no <TEXT>"),
])
def test_read_tml_rejects_documents_it_cannot_score(source: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        read_tml(source, "bad.tml")


def test_align_is_one_to_one_and_prefers_larger_overlap() -> None:
    gold = [tx(0, 10)]
    system = [tx(8, 20), tx(2, 9)]
    assert align(gold, system) == [(gold[0], system[1])]


def test_align_prefers_the_exact_extent_among_equal_overlaps() -> None:
    gold = [tx(10, 16)]
    system = [tx(10, 22), tx(10, 16)]
    assert align(gold, system) == [(gold[0], system[1])]


def test_score_document_counts_strict_relaxed_type_and_value() -> None:
    gold = [tx(0, 6), tx(10, 20, "DURATION", "P2W"), tx(30, 35), tx(40, 45)]
    system = [tx(0, 6), tx(12, 20, "DATE", "P2W"), tx(30, 35, value="2021-02"), tx(50, 55)]
    counts, mistakes = score_document(gold, system)
    assert counts == Counts(gold=4, system=4, strict=2, relaxed=3, type_ok=2, value_ok=2)
    assert sorted(kind for kind, *_ in mistakes) == ["missed", "spurious", "type", "value"]


def test_scores_follow_the_task_definitions() -> None:
    s = scores_from(Counts(gold=10, system=8, strict=4, relaxed=6, type_ok=5, value_ok=3))
    assert (s.strict_precision, s.strict_recall) == (0.5, 0.4)
    assert (s.relaxed_precision, s.relaxed_recall) == (0.75, 0.6)
    assert s.relaxed_f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert (s.type_accuracy, s.value_accuracy) == (5 / 6, 0.5)
    assert s.value_f1 == pytest.approx(s.relaxed_f1 * 0.5)
    # the same figure as the value-attribute F1 (correct values over system and over gold)
    assert s.value_f1 == pytest.approx(2 * (3 / 8) * (3 / 10) / (3 / 8 + 3 / 10))


def test_scores_of_nothing_are_zero_not_an_error() -> None:
    assert scores_from(Counts()).value_f1 == 0.0


def test_evaluate_tempeval_scores_each_folder(tmp_path: Path) -> None:
    for corpus in ("A", "B"):
        (tmp_path / corpus).mkdir()
        (tmp_path / corpus / "doc.tml").write_text(TML, encoding="utf-8")

    def tagger(text: str, anchor: dt.date) -> list[Timex]:
        start = text.index("Monday")
        return [Timex(start, start + 6, "Monday", "DATE", "2021-03-01")]

    report = evaluate_tempeval(tmp_path, tagger=tagger)
    assert list(report.by_corpus) == ["A", "B"] and report.documents == 2
    c = report.overall.counts
    assert (c.gold, c.system, c.strict, c.relaxed, c.value_ok) == (4, 2, 0, 2, 2)
    assert report.overall.value_f1 == pytest.approx(2 / 3)
    assert {e.kind for e in report.errors} == {"missed", "extent"}
    assert "all" in format_report(report)


def test_evaluate_tempeval_names_a_wrong_folder(tmp_path: Path) -> None:
    with pytest.raises(NewsgraphError, match="not found"):
        evaluate_tempeval(tmp_path / "missing")
    with pytest.raises(NewsgraphError, match="no .tml files"):
        evaluate_tempeval(tmp_path)


@pytest.mark.skipif(not TBAQ.is_dir(), reason="TempEval-3 training data not present")
def test_accuracy_gate_on_tempeval3_training_data() -> None:
    """Floors a little under the measured figures (relaxed F1 93.7, value F1 80.2)."""
    report = evaluate_tempeval(TBAQ)
    assert report.overall.relaxed_f1 >= 0.93
    assert report.overall.value_f1 >= 0.79
