"""The real-news suites (CASE 2021, IndiaPoliceEvents) and the dev/test machinery, on hand-made
cases: each figure means what docs/accuracy.md says."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.actors import ActorRef
from newsgraph.cli import main
from newsgraph.errors import NewsgraphError
from newsgraph.evaluation import case2021 as case
from newsgraph.evaluation import indiapolice as ipe
from newsgraph.evaluation import suites
from newsgraph.evaluation.splits import half_of
from newsgraph.events import UNIDENTIFIED, Event, Mention
from newsgraph.ontology import Ontology

SHARED = suites.shared_root() / "data"

# ----------------------------------------------------------------------------- halves


def test_figure_names_say_suite_half_and_measure() -> None:
    assert suites.figure_name("case2021.weighted_f1", "case2021", "test") == \
        "case2021.test.weighted_f1"
    assert suites.figure_name("petrarch.verbs.dyad_f1", "petrarch", "dev") == \
        "petrarch.dev.verbs.dyad_f1"
    assert suites.measure_of("case2021.test.weighted_f1") == "case2021.weighted_f1"


def fake_runner(folder: Path, limit: int | None, half: str) -> suites.SuiteResult:
    return suites.SuiteResult("plover", [suites.Figure("plover.type_accuracy", 50.0, 10)],
                              ["  a table"], ["3x gold ASSAULT -> ours NONE e.g. r1"], 0.1, limit)


@pytest.fixture
def fake_plover(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(suites.RUNNERS, "plover", fake_runner)


@pytest.mark.usefixtures("fake_plover")
def test_test_half_has_no_errors_and_says_seen(tmp_path: Path) -> None:
    dev = suites.run_suite("plover", tmp_path, half="dev")
    test = suites.run_suite("plover", tmp_path, half="test")
    assert dev.errors and not test.errors
    assert [f.name for f in test.figures] == ["plover.test.type_accuracy"]
    assert "seen" in suites.format_table(test, {}) and "seen" not in suites.format_table(dev, {})
    assert "worst errors" not in suites.format_table(test, {})


def test_unseen_suite_test_figures_do_not_say_seen() -> None:
    result = suites.SuiteResult("case2021", [suites.Figure("case2021.test.weighted_f1", 1.0, 1)],
                                half="test", seen="case2021" in suites.SEEN)
    assert "seen" not in suites.format_table(result, {})


@pytest.mark.usefixtures("fake_plover")
def test_cli_eval_test_half_prints_figures_only(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["eval", "plover", "--half", "test", "--data", str(tmp_path),
                                    "--format", "json"])
    data = json.loads(out.stdout)  # stderr says the made-up figure is below the real floor
    assert out.exit_code == 1 and "below floor: plover.test.type_accuracy" in out.stderr
    assert data[0]["half"] == "test" and data[0]["errors"] == []
    assert data[0]["figures"][0]["name"] == "plover.test.type_accuracy"
    dev = CliRunner().invoke(main, ["eval", "plover", "--data", str(tmp_path)])
    assert "plover.dev.type_accuracy" in dev.output and "worst errors (dev half)" in dev.output


def result(value: float, limit: int | None = None, half: str = "dev") -> suites.SuiteResult:
    return suites.SuiteResult("indiapolice", [suites.Figure(f"indiapolice.{half}.kill_f1",
                                                            value, 9)], limit=limit)


def test_a_limited_run_pins_and_checks_the_quick_floors(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    suites.update_floors([result(40.0), result(30.0, limit=60)], path)
    baseline = suites.load_baseline(path)
    assert baseline["floors"] == {"indiapolice.dev.kill_f1": 40.0}
    assert baseline["quick"]["indiapolice"] == {"limit": 60,
                                               "floors": {"indiapolice.dev.kill_f1": 30.0}}
    assert suites.check_floors([result(31.0, limit=60)], baseline) == []
    assert suites.check_floors([result(31.0)], baseline)[0].startswith(
        "indiapolice.dev.kill_f1 = 31.00 fell below its floor 40.00")
    assert "run it as pinned" in suites.check_floors([result(31.0, limit=7)], baseline)[0]


def test_floors_of_each_half_are_kept_apart(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    suites.update_floors([result(40.0, half="dev"), result(20.0, half="test")], path)
    floors = suites.load_baseline(path)["floors"]
    assert floors == {"indiapolice.dev.kill_f1": 40.0, "indiapolice.test.kill_f1": 20.0}


# ----------------------------------------------------------------------------- CASE 2021


def mapping() -> dict[str, case.LabelMapping]:
    return {
        "AIR_STRIKE": case.LabelMapping("AIR_STRIKE", "ASSAULT", ("aerial", "drone")),
        "ATTACK": case.LabelMapping("ATTACK", "ASSAULT", ()),
        "ARREST": case.LabelMapping("ARREST", "COERCE", ("arrest",)),
        "OTHER": case.LabelMapping("OTHER", None, ()),
    }


def snip(i: int, label: str) -> case.Snippet:
    return case.Snippet(str(i), "text", label)


def test_case_mapping_covers_every_label_of_the_data_with_real_types_and_modes() -> None:
    loaded = case.load_mapping()
    onto = Ontology.load()
    case.check_mapping(loaded, {t: onto.modes(t) for t in onto.types()})
    assert len(loaded) == 30 and all(m.why for m in loaded.values())
    path = SHARED / "case2021-task2" / case.FILE_NAME
    if not path.is_file():
        pytest.skip(f"{path} not here")
    snippets = case.read_snippets(path, loaded)
    assert len(snippets) == 1019 and {s.label for s in snippets} == set(loaded)


def test_case_unmapped_label_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / case.FILE_NAME
    path.write_text("id\tEventSnippet\tSubType\n7\tA text.\tNEW_LABEL\n", encoding="utf-8")
    with pytest.raises(NewsgraphError, match=r":2: label NEW_LABEL is not in case2021_labels"):
        case.read_snippets(path, mapping())


def mention_at(start: int) -> Mention:
    return Mention("a", dt.date(2020, 1, 1), "s", 0, 9, "t", start, start + 1, "rule")


def coded(type_: str, mode: str | None, confidence: float, start: int,
          modality: str = "asserted", source: list[ActorRef] | None = None) -> Event:
    return Event(type_, mode, None, None, None, source or [], [], modality=modality,
                 confidence=confidence, mentions=[mention_at(start)])


def test_case_one_label_is_the_most_confident_asserted_event_earliest_first() -> None:
    events = [coded("ACCUSE", None, 0.9, 5, modality="alleged"),
              coded("ASSAULT", "aerial", 0.7, 30), coded("COERCE", "arrest", 0.7, 10)]
    assert case.one_label(events) == case.Prediction("COERCE", "arrest")
    assert case.one_label([coded("ASSAULT", None, 0.5, 1, modality="future")]) == \
        case.Prediction()


def test_case_scores_detection_type_and_weighted_f1() -> None:
    pairs = [
        (snip(1, "AIR_STRIKE"), case.Prediction("ASSAULT", "drone")),    # right, mode right
        (snip(2, "AIR_STRIKE"), case.Prediction("ASSAULT", "firearms")),  # type right, mode not
        (snip(3, "ATTACK"), case.Prediction()),                          # missed
        (snip(4, "ARREST"), case.Prediction("COERCE", "arrest")),
        (snip(5, "OTHER"), case.Prediction("ASSAULT", None)),            # false alarm
        (snip(6, "OTHER"), case.Prediction()),
    ]
    s = case.score(pairs, mapping())
    assert (s.expected, s.detected, s.type_right, s.type_mode_right, s.quiet) == (4, 3, 3, 2, 1)
    # ASSAULT: 2 right of 3 gold, 3 predicted -> P 2/3 R 2/3; COERCE: P 1 R 1
    assert s.per_type["ASSAULT"].f1 == pytest.approx(2 / 3)
    assert s.weighted_f1 == pytest.approx((3 * 2 / 3 + 1 * 1.0) / 4)
    # (type, mode): the firearms one falls in ASSAULT/* (an accepting class), not AIR_STRIKE's
    assert s.per_mode_class["ASSAULT/aerial|drone"].recall == pytest.approx(1 / 2)
    assert s.per_mode_class["ASSAULT/*"].support == 1
    assert s.confusions[("ATTACK", "NONE")] == 1 and s.confusions[("OTHER", "ASSAULT")] == 1


def test_case_weighted_f1_leaves_the_no_event_class_out() -> None:
    total, per = case.weighted_f1([("NONE", "NONE"), ("A", "A"), ("A", "NONE")])
    assert set(per) == {"A"} and total == pytest.approx(2 / 3)


# ----------------------------------------------------------------------------- IndiaPoliceEvents


def test_ipe_repair_keeps_offsets_of_the_other_characters() -> None:
    text = "the \u00e2\u20ac\u02dcbhoomi puja\u00e2\u20ac\u2122 was held.\u00c2 police came"
    fixed, move = ipe.repair_mojibake(text)
    assert fixed == "the \u2018bhoomi puja\u2019 was held.\u00a0police came"
    assert fixed[move(text.index("police")):].startswith("police came")
    assert fixed[move(text.index("bhoomi")):].startswith("bhoomi")
    assert ipe.repair_mojibake("caf\u00e9 ok")[0] == "caf\u00e9 ok"  # real accents stay


def write_corpus(folder: Path) -> None:
    full = ("surat: the pujan\u00e2\u20ac\u2122 went on. over 50 persons were arrested. "
            "police fired in the air.")
    pieces = ["surat: the pujan\u00e2\u20ac", "\u2122 went on.", "over 50 persons were arrested.",
              "police fired in the air."]
    labels = [[], [], ["ARREST", "ANY_ACTION"], ["FORCE", "ANY_ACTION"]]
    (folder / ipe.DOCS).write_text(json.dumps({"doc_id": 5, "date": "2002-03-04",
                                               "full_text": full}) + "\n", encoding="utf-8")
    (folder / ipe.SENTENCES).write_text("".join(
        json.dumps({"doc_id": 5, "sent_id": i, "sent_text": t, "sent_labels": lab}) + "\n"
        for i, (t, lab) in enumerate(zip(pieces, labels, strict=True))), encoding="utf-8")


def test_ipe_sentences_are_placed_by_offset_in_the_repaired_text(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    (doc,) = ipe.read_documents(tmp_path)
    assert doc.repaired and doc.published == dt.date(2002, 3, 4)
    spans = [doc.text[s.start:s.end] for s in doc.sentences]
    # a boundary inside a repaired run moves to the run's end: the quote stays with its word
    assert spans == ["surat: the pujan\u2019 ", "went on.", "over 50 persons were arrested.",
                     "police fired in the air."]
    assert ipe.sentence_at(doc.sentences, doc.text.index("arrested")).sent_id == 2
    assert ipe.sentence_at(doc.sentences, len(doc.text) + 5) is None
    other = "test" if half_of("indiapolice", "5") == "dev" else "dev"
    assert ipe.read_documents(tmp_path, other) == []  # the half follows the document


def police() -> ActorRef:
    return ActorRef("ind-cop", "Indian police", "agent", "IND", "COP", "police", 0, 6)


def test_ipe_police_or_unnamed_source() -> None:
    m = ipe.load_mapping()
    gunmen = ActorRef(f"{UNIDENTIFIED}:IND", "Unidentified attackers", "armed_group", "IND",
                      None, "", 0, 0, how=UNIDENTIFIED)
    mob = ActorRef("mob", "Rioters", "group", "IND", "CVL", "mob", 0, 3)
    assert ipe.police_or_unnamed([police()], m) and ipe.police_or_unnamed([], m)
    assert ipe.police_or_unnamed([gunmen], m) and not ipe.police_or_unnamed([mob], m)


def test_ipe_labels_of_a_mention_follow_the_mapping_file() -> None:
    m = ipe.load_mapping()
    assert ipe.labels_of(ipe.Coded("ASSAULT", "firearms", [police()], "asserted", 0), m) == \
        {"KILL", "FORCE", "ANY_ACTION"}
    assert ipe.labels_of(ipe.Coded("COERCE", "arrest", [], "asserted", 0), m) == \
        {"ARREST", "ANY_ACTION"}
    assert ipe.labels_of(ipe.Coded("COERCE", "arrest", [], "future", 0), m) == set()
    assert "FAIL" not in m.labels


def test_ipe_unnamed_violence_is_no_police_killing_but_an_unnamed_arrest_is_an_arrest() -> None:
    m = ipe.load_mapping()
    # riot reports: a stabbing with no doer written is the mob's as often as anyone's
    assert ipe.labels_of(ipe.Coded("ASSAULT", None, [], "asserted", 0), m) == set()
    assert ipe.labels_of(ipe.Coded("COERCE", "arrest", [], "asserted", 0), m) == \
        {"ARREST", "ANY_ACTION"}


def test_ipe_armed_forces_count_with_the_police_and_any_act_of_theirs_is_an_action() -> None:
    m = ipe.load_mapping()
    army = ActorRef("ind-mil", "Indian army", "agent", "IND", "MIL", "army", 0, 4)
    assert ipe.labels_of(ipe.Coded("MOBILIZE", "troops", [army], "asserted", 0), m) == {"ANY_ACTION"}
    assert ipe.labels_of(ipe.Coded("REQUEST", None, [police()], "asserted", 0), m) == {"ANY_ACTION"}
    assert ipe.labels_of(ipe.Coded("REQUEST", None, [], "asserted", 0), m) == set()


def test_ipe_a_mention_keeps_its_own_doer_after_merging() -> None:
    from newsgraph.events import Event, Mention

    army = ActorRef("ind-mil", "Indian army", "agent", "IND", "MIL", "army", 0, 4)
    mob = ActorRef("mob", "Rioters", "group", "IND", "CVL", "mob", 0, 3)
    mention = Mention("a", dt.date(2002, 3, 1), "police arrested two", 0, 19, "arrested", 7, 15,
                      "coerce.arrest", modality="asserted", source=[police()])
    event = Event("COERCE", "arrest", "173", 4, -5.0, [army, mob], [], mentions=[mention])
    (coded,) = ipe.coded_mentions([event])
    assert coded.sources == [police()] and coded.offset == 7


def test_ipe_score_counts_sentences_per_label(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    (doc,) = ipe.read_documents(tmp_path)
    found = [ipe.Coded("COERCE", "arrest", [], "asserted", doc.text.index("arrested")),
             ipe.Coded("COERCE", "arrest", [], "asserted", doc.text.index("went"))]
    s = ipe.score([doc], [found], ipe.load_mapping())
    arrest, force = s.labels["ARREST"], s.labels["FORCE"]
    assert (arrest.tp, arrest.system, arrest.gold) == (1, 2, 1) and arrest.precision == 0.5
    assert (force.tp, force.system, force.gold) == (0, 0, 1) and force.recall == 0.0
    assert s.errors["FORCE missed"] == 1 and s.repaired == 1 and s.sentences == 4


def test_ipe_a_police_assault_is_a_killing_only_where_its_sentence_tells_a_death() -> None:
    # "Did police kill someone?": firing that killed no one answers FORCE's question, not KILL's
    text = "cops opened fire on a mob at dawn. a man died when cops shot at the crowd."
    first, second = text.split(". ")
    doc = ipe.Document("9", dt.date(2002, 3, 2), text, [
        ipe.Sentence("9", 0, 0, len(first) + 2, frozenset({"FORCE", "ANY_ACTION"})),
        ipe.Sentence("9", 1, len(first) + 2, len(text), frozenset({"KILL", "FORCE", "ANY_ACTION"}))])
    found = [ipe.Coded("ASSAULT", "firearms", [police()], "asserted", text.index("opened")),
             ipe.Coded("ASSAULT", "firearms", [police()], "asserted", text.index("shot"))]
    m = ipe.load_mapping()
    assert "died" in m.told_by["KILL"] and "FORCE" not in m.told_by
    assert ipe.told("KILL", "two were shot dead.", m) and not ipe.told("KILL", "cops fired.", m)
    assert not ipe.told("KILL", "deadline passed", m)  # whole words only
    s = ipe.score([doc], [found], m)
    kill, force = s.labels["KILL"], s.labels["FORCE"]
    assert (kill.tp, kill.system, kill.gold) == (1, 1, 1)
    assert (force.tp, force.system, force.gold) == (2, 2, 2)


# ----------------------------------------------------------------------------- halves of the seen suites


def test_plover_scores_only_the_records_of_the_half(tmp_path: Path) -> None:
    from newsgraph.evaluation import plover

    records = [{"id": f"R-{i}", "event": "ASSAULT", "text": f"Sentence {i}.",
                "source": [{"code": "ISR"}], "target": [{"code": "LBN"}]} for i in range(40)]
    (tmp_path / plover.FILE_NAME).write_text(json.dumps(records), encoding="utf-8")
    seen: list[str] = []

    def coder(golds: list[plover.GoldEvent]) -> list[list[plover.SystemEvent]]:
        seen.extend(g.id for g in golds)
        return [[] for _ in golds]

    _, golds, _ = plover.evaluate_plover(tmp_path, coder=coder, half="test")
    assert seen == [g.id for g in golds] and 0 < len(seen) < 40
    assert all(half_of("plover", rid) == "test" for rid in seen)


def test_tempeval_splits_by_document(tmp_path: Path) -> None:
    from newsgraph.dates import Timex
    from newsgraph.evaluation import tempeval

    folder = tmp_path / "TimeBank"
    folder.mkdir()
    for i in range(12):
        (folder / f"doc{i}.tml").write_text(
            '<TimeML><TIMEX3 tid="t0" type="DATE" value="1998-01-08" '
            'functionInDocument="CREATION_TIME">01/08/1998</TIMEX3>'
            f'<TEXT>It fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3>'
            f' in story {i}.</TEXT></TimeML>', encoding="utf-8")

    def tagger(text: str, anchor: dt.date) -> list[Timex]:
        return []

    dev = tempeval.evaluate_tempeval(tmp_path, tagger=tagger, half="dev")
    test = tempeval.evaluate_tempeval(tmp_path, tagger=tagger, half="test")
    expected = sum(half_of("tempeval", f"doc{i}") == "dev" for i in range(12))
    assert (dev.documents, test.documents) == (expected, 12 - expected)


def test_petrarch_verb_dictionary_figures_need_the_verbs_file(tmp_path: Path) -> None:
    from newsgraph.evaluation import petrarch

    assert petrarch.verb_dictionary_coder(tmp_path) is None  # no PETR.Validate.verbs.txt here
