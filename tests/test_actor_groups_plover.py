"""Actors the PLOVER gold codes that the finder used to miss (issue 8), on the gold's own
sentences read at test time: refugees of two countries named by coordinated demonyms, and the
transnational armed groups CAMEO codes IMG."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import SHARED

GSR = SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"
pytestmark = pytest.mark.skipif(not GSR.exists(), reason="PLOVER gold standard not present")


@pytest.fixture(scope="module")
def gold() -> dict[str, dict]:
    return {r["id"]: r for r in json.loads(GSR.read_text(encoding="utf-8")) if r.get("id")}


def _coded(record: dict) -> list:
    from newsgraph.articles import Article, content_hash
    from newsgraph.pipeline import Annotator

    text = record["text"]
    article = Article(id=record["id"], published=dt.date(2000, 1, 1), text=text,
                      content_hash=content_hash(text))
    return Annotator().annotate([article])[0].events


def _countries(refs) -> set[str]:
    return {r.country for r in refs}


def test_coordinated_demonyms_before_a_people_noun_name_a_group_of_each(gold):
    """"scores of Sierra Leonean and Liberian refugees": the parser reads "Leonean" as a noun
    joined to "Liberian refugees"; both demonyms still modify "refugees"."""
    record = gold["PLOVER-GSR01-ASSAULT-0005"]
    want = {a["code"] for a in record["target"]}
    assault = [e for e in _coded(record) if e.type == record["event"]]
    assert assault and _countries(assault[0].target) == want == {"SLE", "LBR"}
    assert {r.kind for r in assault[0].target} == {"group"}
    assert {r.sector for r in assault[0].target} == {"REF"}


def test_a_transnational_armed_group_is_coded_img(gold):
    """"...have killed at least eight top al-Qaeda leaders": the gold target is IMG."""
    record = gold["PLOVER-GSR01-FIGHT-0014"]
    assert {a["code"] for a in record["target"]} == {"IMG"}
    targets = [r for e in _coded(record) for r in e.target]
    assert "IMG" in _countries(targets)
    assert all(r.country != "IMG" or r.name == "al-Qaeda" for r in targets)
