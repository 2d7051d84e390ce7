"""The accuracy scorers, on hand-made cases: each figure means what docs/accuracy.md says."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsgraph.actors import ActorRef
from newsgraph.errors import NewsgraphError
from newsgraph.evaluation import petrarch as pet
from newsgraph.evaluation import plover, seeds
from newsgraph.evaluation.suites import (
    Figure,
    SuiteResult,
    check_floors,
    data_dir,
    load_baseline,
    update_floors,
)
from newsgraph.events import Event, Mention


def gold(type_: str, sources: list[str], targets: list[str], mode: str | None = None,
         reciprocal: bool = False) -> plover.GoldEvent:
    return plover.GoldEvent("g", "text", type_, mode, sources, targets, reciprocal)


def sys_event(type_: str, sources: list[str], targets: list[str], mode: str | None = None,
              reciprocal: bool = False) -> plover.SystemEvent:
    return plover.SystemEvent(type_, mode, sources, targets, reciprocal)


# ----------------------------------------------------------------------------- PLOVER


def test_plover_gold_record_maps_old_names() -> None:
    record = {"id": "X-1", "event": "DEMAND", "mode": "", "text": "A  asked B.",
              "source": [{"actorText": "A", "code": "JAP"}], "target": "",
              "textInfo": {"markup": "(SRC: A) asked B."}}
    g = plover.gold_event(record)
    assert g is not None
    assert (g.type, g.mode, g.sources, g.targets, g.text) == ("REQUEST", None, ["JPN"], [],
                                                             "A asked B.")


def test_plover_gold_compound_actor_is_reciprocal() -> None:
    record = {"id": "X-2", "event": "PROTEST", "mode": "strike-hun", "text": "t",
              "source": [{"code": "AAA"}, {"code": "BBB"}],
              "textInfo": {"markup": "(SRC/TAR: A) and (SRC/TAR: B) fasted"}}
    g = plover.gold_event(record)
    assert g is not None and g.reciprocal and g.mode == "hunger"


def test_plover_documentation_record_is_skipped() -> None:
    assert plover.gold_event({"id": "D", "event": "DOCUMENT", "eventText": "x"}) is None


def test_plover_best_event_prefers_same_type_then_countries() -> None:
    g = gold("ASSAULT", ["ISR"], ["LBN"])
    wrong_type = sys_event("ACCUSE", ["ISR"], ["LBN"])
    other_pair = sys_event("ASSAULT", ["SYR"], ["TUR"])
    right = sys_event("ASSAULT", ["ISR"], ["LBN"])
    assert plover.best_event(g, [wrong_type, other_pair, right]) is right
    assert plover.best_event(g, []) is None


def test_plover_score_type_and_country_accuracy() -> None:
    pairs = [
        (gold("ASSAULT", ["ISR"], ["LBN"]), [sys_event("ASSAULT", ["ISR"], ["LBN"])]),
        (gold("REQUEST", ["USA"], ["IRN"]), [sys_event("ACCUSE", ["USA"], ["IRQ"])]),
        (gold("AGREE", ["FRA"], []), []),
    ]
    s = plover.score(pairs)
    assert (s.type_accuracy.right, s.type_accuracy.total) == (1, 3)
    assert (s.source_accuracy.right, s.source_accuracy.total) == (2, 3)
    assert (s.target_accuracy.right, s.target_accuracy.total) == (1, 2)  # AGREE has no target
    assert s.confusions[("REQUEST", "ACCUSE")] == 1 and s.confusions[("AGREE", "NONE")] == 1


def test_plover_macro_f1_averages_over_gold_types() -> None:
    pairs = [
        (gold("ASSAULT", ["A"], ["B"]), [sys_event("ASSAULT", ["A"], ["B"])]),
        (gold("ASSAULT", ["A"], ["B"]), [sys_event("ACCUSE", ["A"], ["B"])]),
        (gold("ACCUSE", ["A"], ["B"]), [sys_event("ACCUSE", ["A"], ["B"])]),
    ]
    s = plover.score(pairs)
    # ASSAULT: tp 1, fn 1 -> 2/3; ACCUSE: tp 1, fp 1 -> 2/3
    assert s.macro_f1 == pytest.approx(2 / 3)
    assert s.per_type_f1["ASSAULT"] == (pytest.approx(2 / 3), 2)


def test_plover_mode_accuracy_counts_only_right_types_with_gold_mode() -> None:
    pairs = [
        (gold("CONSULT", ["A"], ["B"], mode="phone"), [sys_event("CONSULT", ["A"], ["B"], "visit")]),
        (gold("CONSULT", ["A"], ["B"], mode="visit"), [sys_event("AGREE", ["A"], ["B"], "visit")]),
        (gold("CONSULT", ["A"], ["B"]), [sys_event("CONSULT", ["A"], ["B"], "phone")]),
    ]
    s = plover.score(pairs)
    assert (s.mode_accuracy.right, s.mode_accuracy.total) == (0, 1)


def test_plover_extra_system_events_cost_triple_precision_only() -> None:
    g = gold("ASSAULT", ["ISR"], ["LBN"])
    s = plover.score([(g, [sys_event("ASSAULT", ["ISR"], ["LBN"]),
                           sys_event("ACCUSE", ["LBN"], ["ISR"])])])
    assert s.type_accuracy.value == 1.0
    assert (s.triple_tp, s.triple_system, s.triple_gold) == (1, 2, 1)
    assert s.triple_precision == 0.5 and s.triple_recall == 1.0


def test_plover_reciprocal_triples_ignore_order() -> None:
    g = gold("AGREE", ["HUN", "ROU"], [], reciprocal=True)
    assert plover.gold_triples(g) == {("HUN", "AGREE", "ROU")}
    reversed_pair = sys_event("AGREE", ["ROU"], ["HUN"])
    assert plover.system_triples(g, [reversed_pair]) == {("HUN", "AGREE", "ROU")}


def test_plover_reciprocal_system_event_matches_ordered_gold() -> None:
    g = gold("CONSULT", ["USA"], ["CHN"])
    call = sys_event("CONSULT", ["CHN"], ["USA"], reciprocal=True)
    assert plover.system_triples(g, [call]) == {("USA", "CONSULT", "CHN")}
    one_way = sys_event("CONSULT", ["CHN"], ["USA"])
    assert plover.system_triples(g, [one_way]) == {("CHN", "CONSULT", "USA")}


def test_plover_missing_target_is_a_dash() -> None:
    g = gold("PROTEST", ["FRA"], [])
    assert plover.gold_triples(g) == {("FRA", "PROTEST", "-")}


def test_plover_ref_code_igo_and_country() -> None:
    un = ActorRef("un", "United Nations", "igo", None, "IGO", "UN", 0, 2)
    iran = ActorRef("irn", "Iran", "country", "IRN", None, "Tehran", 0, 6)
    assert (plover.ref_code(un), plover.ref_code(iran)) == ("IGO", "IRN")


@pytest.mark.parametrize(("country", "sector", "expected"), [
    ("UNO", "IGO", "IGO"),  # a person acting for an IGO is coded as the IGO is
    ("ARL", "IGO", "IGO"),
    ("GHA", "GOV", "GHA"),  # the same kind of record acting for a state keeps its country
])
def test_plover_ref_code_of_a_person_follows_the_sector(country, sector, expected) -> None:
    person = ActorRef("person:ama-owusu", "Ama Owusu", "person", country, sector, "Owusu", 0, 5)
    assert plover.ref_code(person) == expected


def test_plover_read_gold_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text("[{\"id\": 1,", encoding="utf-8")
    with pytest.raises(NewsgraphError, match="gold.txt:1: not JSON"):
        plover.read_gold(path)


# ----------------------------------------------------------------------------- PETRARCH

RECORDS = """<Validation><Sentences>
<Sentence date="20100105" id="DATE-01" category="DATE" sentence="true">
<EventCoding sourcecode="nthgov" targetcode="STH" eventcode="0431"></EventCoding>
<Text>Voss went to
Southland.</Text>
</Sentence>
<Sentence date="19990101" id="ERR-01" category="ERROR" sentence="true">
<EventCoding error="dateline"></EventCoding><Text>x</Text></Sentence>
<Sentence date="19990101" id="NONE-01" category="COMPOUNDx" sentence="true">
<EventCoding noevents="True"></EventCoding><Text>Nothing happened.</Text></Sentence>
</Sentences></Validation>"""


def test_petrarch_read_records(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text(RECORDS, encoding="utf-8")
    records = pet.read_records(path)
    assert [r.id for r in records] == ["DATE-01", "NONE-01"]
    first = records[0]
    assert (first.date, first.text, first.triples) == (
        dt.date(2010, 1, 5), "Voss went to Southland.", [("NTHGOV", "STH", "04")])
    assert records[1].category == "COMPOUND" and records[1].triples == []


def ref(country: str | None, sector: str | None, name: str = "x") -> ActorRef:
    return ActorRef(name, name, "person", country, sector, name, 0, 1)


def event(type_: str, cameo: str | None, source: list[ActorRef], target: list[ActorRef],
          reciprocal: bool = False, modality: str = "asserted", date: str | None = None,
          articles: tuple[str, ...] = ("a1",)) -> Event:
    mentions = [Mention(a, dt.date(2024, 1, 1), "s", 0, 1, "t", 0, 1, "rule") for a in articles]
    return Event(type_, None, cameo, None, None, source, target, modality=modality, date=date,
                 mentions=mentions, reciprocal=reciprocal)


def test_petrarch_event_triples_code_and_reciprocal() -> None:
    meet = event("CONSULT", "036", [ref("NTH", "GOV")], [ref("STH", None)], reciprocal=True)
    assert pet.event_triples(meet) == {("NTHGOV", "STH", "03"), ("STH", "NTHGOV", "03")}
    alone = event("PROTEST", "141", [ref(None, "GOV")], [])
    assert pet.event_triples(alone) == {("---GOV", "---", "14")}


def test_petrarch_score_per_category_and_misses() -> None:
    r1 = pet.Record("DATE-01", dt.date(2010, 1, 1), "DATE", "t", [("HOBGOV", "BRE", "12")])
    r2 = pet.Record("AGENT-01", dt.date(2010, 1, 1), "AGENT", "t", [("ARNCOP", "GON", "17")])
    s = pet.score([(r1, {("HOBGOV", "BRE", "12")}),
                   (r2, {("ARN", "GON", "17"), ("GON", "ARN", "11")})])
    assert (s.overall.tp, s.overall.system, s.overall.gold) == (1, 3, 2)
    assert s.date.f1 == 1.0
    assert s.by_category["AGENT"].recall == 0.0
    assert s.misses["source sector wrong (ARNCOP vs ARN)"] == 1


# ----------------------------------------------------------------------------- seeds


def expectation(**kw: object) -> seeds.Expectation:
    base: dict = {"id": "e", "what": "w", "article": "a1", "types": ["CONSULT"]}
    return seeds.Expectation(**(base | kw))


def test_seeds_reciprocal_expectation_matches_either_order() -> None:
    call = event("CONSULT", "040", [ref("IRN", "GOV", "Raisi")], [ref("FRA", "GOV", "Macron")],
                 date="2023-06-10", articles=("a1", "a2"))
    exp = expectation(source={"actor": "macron"}, target={"actor": "Raisi"}, reciprocal=True,
                      date="2023-06-10", min_articles=2)
    assert seeds.event_matches(call, exp)
    assert not seeds.event_matches(call, expectation(source={"actor": "macron"},
                                                     target={"actor": "Raisi"}))
    assert not seeds.event_matches(call, expectation(
        source={"actor": "Macron"}, target={"actor": "Raisi"}, reciprocal=True, min_articles=3))


def test_seeds_modality_and_absent() -> None:
    future = event("ASSAULT", "190", [ref("ISR", None)], [ref("IRN", None)], modality="future")
    wants_future = expectation(types=["ASSAULT"], source={"country": "ISR"}, modality="future")
    no_strike = expectation(types=["ASSAULT"], source={"country": "ISR"}, modality="asserted",
                            absent=True)
    outcomes = seeds.score([future], [wants_future, no_strike])
    assert [o.met for o in outcomes] == [True, True]
    asserted = event("ASSAULT", "190", [ref("ISR", None)], [ref("IRN", None)])
    assert [o.met for o in seeds.score([asserted], [wants_future, no_strike])] == [False, False]


def test_seeds_asserted_per_article() -> None:
    events = [event("CONSULT", None, [], [], articles=("a1", "a2")),
              event("ASSAULT", None, [], [], modality="future", articles=("a1",))]
    assert seeds.asserted_per_article(events) == {"a1": 1, "a2": 1}


def test_seeds_expectations_file_loads() -> None:
    loaded = seeds.load_expectations()
    assert len(loaded) >= 8 and any(e.absent for e in loaded)


# ----------------------------------------------------------------------------- floors


def result(value: float, limit: int | None = None) -> SuiteResult:
    return SuiteResult("plover", [Figure("plover.type_accuracy", value, 300)], limit=limit)


def test_floors_fail_below_margin_and_name_the_figure(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    update_floors([result(62.37)], path)
    baseline = load_baseline(path)
    assert baseline["floors"]["plover.type_accuracy"] == 62.3
    assert check_floors([result(61.9)], baseline) == []
    failures = check_floors([result(61.7)], baseline)
    assert len(failures) == 1 and failures[0].startswith("plover.type_accuracy = 61.70")


def test_floors_limit_must_match(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    update_floors([result(50.0)], path)
    assert "run it as pinned" in check_floors([result(50.0, limit=20)], load_baseline(path))[0]


def test_floors_lowering_needs_flag_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    update_floors([result(60.0)], path)
    update_floors([result(65.0)], path)  # raising is a plain update
    with pytest.raises(NewsgraphError, match="refusing to lower"):
        update_floors([result(55.0)], path)
    with pytest.raises(NewsgraphError, match="--reason"):
        update_floors([result(55.0)], path, allow_lower=True)
    update_floors([result(55.0)], path, allow_lower=True, reason="new ontology version")
    data = json.loads(path.read_text())
    assert data["floors"]["plover.type_accuracy"] == 55.0
    assert data["history"][-1]["reason"] == "new ontology version"
    assert data["history"][-1]["lowered"] == {"plover.type_accuracy": [65.0, 55.0]}


def test_missing_data_folder_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(NewsgraphError, match="plover data folder not found; pass --data DIR"):
        data_dir("plover", tmp_path / "nowhere")
