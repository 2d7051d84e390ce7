"""``newsgraph eval SUITE --casing lower|upper``: the same suite, its text recased before it is
coded, scored against the same gold, its figures named for the variant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import SHARED
from newsgraph.articles import Article
from newsgraph.casing import recased
from newsgraph.cli import main
from newsgraph.errors import NewsgraphError
from newsgraph.evaluation.suites import figure_name, measure_of, recasing, run_suite
from newsgraph.pipeline import Annotator

SEED = SHARED / "seeds" / "000_0d530d55418f6c52.txt"


def _seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("seeds not in ../shared")
    return SEED.read_text(encoding="utf-8")


def test_recasing_keeps_every_offset_of_a_real_article():
    text = _seed_text()
    for casing in ("lower", "upper"):
        out = recased(text, casing)
        assert len(out) == len(text)
        assert out == (text.lower() if casing == "lower" else text.upper())
        assert [c.lower() for c in out] == [c.lower() for c in text]
    # a letter whose other case is longer stays as it is, so the lengths still match
    assert recased("İzmir and Straße", "lower") == "İzmir and straße"
    assert recased("İzmir and Straße", "upper") == "İZMIR AND STRAßE"
    with pytest.raises(ValueError):
        recased(text, "title")


@dataclass
class _Mention:
    start: int
    sentence: str
    trigger_start: int
    trigger: str


@dataclass
class _Result:
    events: list[Any] = field(default_factory=list)


def test_the_option_changes_the_text_and_nothing_else(monkeypatch):
    """Inside the block the annotator parses and codes the recased text of the same article
    (id, date, length); what it codes is quoted as written; outside it, nothing is changed."""
    text = _seed_text()
    parsed: list[str] = []
    coded: list[Article] = []

    def parse(self: Any, texts: Any) -> Any:
        parsed.extend(texts)
        return iter(())

    def annotate_doc(self: Any, article: Article, doc: Any) -> _Result:
        coded.append(article)
        at = article.text.index(" ", 10)
        return _Result([type("E", (), {"mentions": [_Mention(0, article.text[:at], 0,
                                                             article.text[:5])]})()])

    monkeypatch.setattr(Annotator, "parse", parse)
    monkeypatch.setattr(Annotator, "annotate_doc", annotate_doc)
    article = Article("seed", dt.date(2025, 7, 1), text)
    with recasing("lower"):
        list(Annotator.parse(None, [text]))  # type: ignore[arg-type]
        result = Annotator.annotate_doc(None, article, None)  # type: ignore[arg-type]
    assert parsed == [text.lower()]
    assert coded[0].text == text.lower() and len(coded[0].text) == len(text)
    assert (coded[0].id, coded[0].published) == (article.id, article.published)
    mention = result.events[0].mentions[0]
    assert text.startswith(mention.sentence) and text.startswith(mention.trigger)
    assert Annotator.parse is parse and Annotator.annotate_doc is annotate_doc
    with recasing(None):
        list(Annotator.parse(None, [text]))  # type: ignore[arg-type]
    assert parsed[-1] == text


def test_figures_of_a_variant_say_it():
    assert figure_name("plover.triple_f1", "plover", "dev", "lower") == "plover.dev.lower.triple_f1"
    assert figure_name("plover.triple_f1", "plover", "dev") == "plover.dev.triple_f1"
    assert measure_of("plover.dev.triple_f1") == "plover.triple_f1"


def test_casing_is_refused_where_it_makes_no_sense():
    with pytest.raises(NewsgraphError, match="casing"):
        run_suite("indiapolice", casing="lower")
    with pytest.raises(NewsgraphError, match="casing"):
        run_suite("plover", casing="title")
    result = CliRunner().invoke(main, ["eval", "places", "--casing", "upper"])
    assert result.exit_code != 0 and "casing" in result.output


def test_plover_lower_cased_scores_the_same_gold_under_its_own_names():
    """A few PLOVER dev sentences (read at test time), as written and lower-cased: the same
    records and gold are scored (same supports of the gold-side figures), names say the
    variant, and no floor applies to it."""
    if not (SHARED / "data" / "plover").is_dir():
        pytest.skip("PLOVER not in ../shared")
    plain = run_suite("plover", limit=12)
    lower = run_suite("plover", limit=12, casing="lower")
    assert lower.casing == "lower" and plain.casing is None
    assert [f.name for f in lower.figures] == [
        f.name.replace("plover.dev.", "plover.dev.lower.") for f in plain.figures]
    gold_side = ("type_accuracy", "source_country_accuracy", "triple_recall")
    assert [f.support for f in lower.figures if f.name.endswith(gold_side)] == [
        f.support for f in plain.figures if f.name.endswith(gold_side)]
