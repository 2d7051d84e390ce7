"""The seeds gold (``evaluation/seeds_gold.yaml``) and its scorer (``evaluation/seeds_gold.py``).

The scorer is tested on events built by hand against a small gold written here, so each rule
(sentence match, fully right, duplicate, spurious, reciprocal, split sides, must-not) is seen on
its own; the shipped gold file is checked against the real seed articles in ../shared.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SEEDS, make_event, ref
from newsgraph.actors.knowledge_base import KnowledgeBase
from newsgraph.errors import ConfigError
from newsgraph.evaluation import seeds_gold
from newsgraph.evaluation.seeds_gold import (
    Gold,
    GoldEvent,
    MustNot,
    Texts,
    fits,
    load_gold,
    score_gold,
)
from newsgraph.evaluation.splits import half_of

ARTICLE = "a1"
TEXT = ("Paris and Rome held talks on Monday. "
        "Rome later accused Paris of spying, and Paris denied it. "
        "Both leaders agreed to meet again. "
        "Weather was fine.")
S_TALKS, S_ACCUSE, S_AGREE, S_WEATHER = [s + "." for s in TEXT.rstrip(".").split(". ")]
FRA = ref("country:FRA", "France", "FRA", kind="country")
ITA = ref("country:ITA", "Italy", "ITA", kind="country")
USA = ref("country:USA", "United States", "USA", kind="country")


def gold_event(id: str, sentence: str, type: str = "CONSULT", source=("country:FRA",),
               target=("country:ITA",), **kw: object) -> GoldEvent:
    item: dict[str, object] = {"id": id, "mentions": [{"article": ARTICLE, "sentence": sentence}],
                               "type": type, "source": list(source), "target": list(target)}
    return seeds_gold._gold_event(item | kw)


def stored(sentence: str, source, target, **kw) -> object:
    at = TEXT.index(sentence)
    kw.setdefault("date", "2023-03-04")
    assert at >= 0
    return make_event(source, target, article=ARTICLE, sentence=sentence, trigger_start=2,
                      **kw)


def texts() -> Texts:
    return Texts({ARTICLE: TEXT})


def test_a_fully_right_event_counts_on_both_sides() -> None:
    gold = Gold([gold_event("talks", S_TALKS, date="2023-03-04")], [])
    report = score_gold([stored(S_TALKS, [FRA], [ITA])], gold, texts())
    assert report.recall() == (1, 1)
    assert report.precision() == (1, 1)


def test_each_wrong_field_is_named() -> None:
    gold = Gold([gold_event("talks", S_TALKS, date="2023-03-04")], [])
    wrong = stored(S_TALKS, [FRA], [USA], date="2023-03-05")
    report = score_gold([wrong], gold, texts())
    assert report.recall() == (0, 1)
    assert report.gold_errors() == {"target": 1, "date": 1}
    assert report.stored_errors() == {"target": 1, "date": 1}


def test_no_date_is_right_for_an_event_told_in_passing_and_a_date_is_not() -> None:
    gold = Gold([gold_event("spying", S_ACCUSE, type="ACCUSE", source=["country:ITA"],
                            target=["country:FRA"], date="none")], [])
    undated = stored(S_ACCUSE, [ITA], [FRA], type="ACCUSE", date=None, precision=None)
    dated = stored(S_ACCUSE, [ITA], [FRA], type="ACCUSE", date="2023-03-05")
    assert score_gold([undated], gold, texts()).recall() == (1, 1)
    assert score_gold([dated], gold, texts()).gold_errors() == {"date": 1}


def test_a_month_is_compared_at_the_precision_stored() -> None:
    gold = Gold([gold_event("talks", S_TALKS, date="2023-03")], [])
    month = stored(S_TALKS, [FRA], [ITA], date="2023-03-01", precision="month")
    day = stored(S_TALKS, [FRA], [ITA], date="2023-03-01", precision="day")
    assert score_gold([month], gold, texts()).recall() == (1, 1)
    assert score_gold([day], gold, texts()).recall() == (0, 1)


def test_a_second_copy_is_a_duplicate_and_an_event_in_no_gold_sentence_is_spurious() -> None:
    gold = Gold([gold_event("talks", S_TALKS, date="2023-03-04")], [])
    events = [stored(S_TALKS, [FRA], [ITA]), stored(S_TALKS, [FRA], [ITA]),
              stored(S_WEATHER, [FRA], [ITA])]
    report = score_gold(events, gold, texts())
    assert report.recall() == (1, 1)
    assert report.precision() == (1, 3)
    assert report.stored_errors() == {"duplicate": 1, "spurious": 1}


def test_only_asserted_events_count_in_precision_but_all_can_match_the_gold() -> None:
    gold = Gold([gold_event("spying", S_ACCUSE, type="ASSAULT", date="none",
                            modality="denied")], [])
    denied = stored(S_ACCUSE, [FRA], [ITA], type="ASSAULT", date=None, modality="denied")
    report = score_gold([denied], gold, texts())
    assert report.recall() == (1, 1)
    assert report.precision() == (0, 0)


def test_an_event_goes_to_the_gold_event_of_its_own_type_in_a_shared_sentence() -> None:
    gold = Gold([gold_event("accuse", S_ACCUSE, type="ACCUSE", source=["country:ITA"],
                            target=["country:FRA"], date="none"),
                 gold_event("spying", S_ACCUSE, type="COERCE", date="none",
                            modality="alleged")], [])
    accuse = stored(S_ACCUSE, [ITA], [FRA], type="ACCUSE", date=None)
    report = score_gold([accuse], gold, texts())
    assert [o.gold.id for o in report.stored] == ["accuse"]
    assert [o.right for o in report.golds] == [True, False]
    assert report.golds[1].wrong == ["missed"]


def test_reciprocal_events_take_both_parties_on_either_side_or_both_on_one() -> None:
    gold = Gold([gold_event("agree", S_AGREE, type="AGREE", reciprocal=True,
                            date="none")], [])
    for source, target in (([ITA], [FRA]), ([FRA, ITA], []), ([FRA], [ITA])):
        event = stored(S_AGREE, source, target, type="AGREE", date=None)
        assert score_gold([event], gold, texts()).recall() == (1, 1), (source, target)
    one_sided = Gold([gold_event("agree", S_AGREE, type="AGREE", date="none")], [])
    swapped = stored(S_AGREE, [ITA], [FRA], type="AGREE", date=None)
    assert score_gold([swapped], one_sided, texts()).recall() == (0, 1)


def test_a_split_side_may_be_stored_as_one_event_per_actor_all_of_which_must_be_there() -> None:
    gold = Gold([gold_event("strikes", S_TALKS, type="ASSAULT", source=["country:FRA",
                            "country:USA"], split_ok="source", date="none")], [])
    both = stored(S_TALKS, [FRA, USA], [ITA], type="ASSAULT", date=None)
    fra = stored(S_TALKS, [FRA], [ITA], type="ASSAULT", date=None)
    usa = stored(S_TALKS, [USA], [ITA], type="ASSAULT", date=None)
    assert score_gold([both], gold, texts()).recall() == (1, 1)
    assert score_gold([fra], gold, texts()).recall() == (0, 1)
    halves = score_gold([fra, usa], gold, texts())
    assert halves.recall() == (1, 1) and halves.precision() == (2, 2)


def test_slots_take_any_of_their_ids_one_to_one() -> None:
    slots = (frozenset({"person:a", "country:X"}), frozenset({"country:Y"}))
    assert fits(["country:Y", "country:X"], slots)
    assert not fits(["country:X"], slots)
    assert fits(["country:X"], slots, partial=True)
    assert not fits(["country:X", "person:a"], slots)
    assert fits([], ())


def test_sides_also_gives_a_second_accepted_reading() -> None:
    gold = Gold([gold_event("talks", S_TALKS, target=[], date="2023-03-04",
                            sides_also=[{"source": ["country:FRA"],
                                         "target": ["country:ITA"]}])], [])
    assert score_gold([stored(S_TALKS, [FRA], [])], gold, texts()).recall() == (1, 1)
    assert score_gold([stored(S_TALKS, [FRA], [ITA])], gold, texts()).recall() == (1, 1)
    assert score_gold([stored(S_TALKS, [FRA], [USA])], gold, texts()).recall() == (0, 1)


def test_must_not_checks_type_modality_parties_and_sentence() -> None:
    rule = MustNot(what="no asserted spying", article=ARTICLE, types=["ASSAULT"],
                   sentence="accused Paris of spying", source=["FRA"])
    gold = Gold([], [rule])
    bad = stored(S_ACCUSE, [FRA], [ITA], type="ASSAULT")
    alleged = stored(S_ACCUSE, [FRA], [ITA], type="ASSAULT", modality="alleged")
    elsewhere = stored(S_TALKS, [FRA], [ITA], type="ASSAULT")
    other_doer = stored(S_ACCUSE, [ITA], [FRA], type="ASSAULT")
    report = score_gold([bad, alleged, elsewhere, other_doer], gold, texts())
    assert [v.event for v in report.violations] == [bad]


def test_optional_events_are_outside_recall_but_right_when_stored() -> None:
    gold = Gold([gold_event("talks", S_TALKS, date="2023-03-04", optional=True)], [])
    report = score_gold([stored(S_TALKS, [FRA], [ITA])], gold, texts())
    assert report.recall() == (0, 0)
    assert report.precision() == (1, 1)


def test_halves_follow_the_gold_event_id() -> None:
    ids = ["talks", "spying", "agree", "x1", "x2", "x3"]
    gold = Gold([gold_event(i, S_TALKS, date="2023-03-04") for i in ids], [])
    report = score_gold([], gold, texts())
    for half in ("dev", "test"):
        assert report.recall(half)[1] == sum(half_of("seeds", i) == half for i in ids)


def test_a_bad_entry_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "gold.yaml"
    path.write_text("events:\n  - {id: x, type: CONSULT}\n")
    with pytest.raises(ConfigError, match=r"event 1 \(x\)"):
        load_gold(path)
    path.write_text("events:\n  - {id: x, type: A, mentions: []}\n  - {id: x, type: A, "
                    "mentions: []}\n")
    with pytest.raises(ConfigError, match="used twice"):
        load_gold(path)


def test_a_sentence_not_in_its_article_is_refused() -> None:
    gold = Gold([gold_event("talks", "Paris and Rome fought.")], [])
    with pytest.raises(ConfigError, match="sentence not found"):
        texts().check(gold)


# ------------------------------------------------------------------ the shipped gold file

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


@pytest.fixture(scope="module")
def shipped() -> Gold:
    return load_gold()


@needs_seeds
def test_every_quoted_sentence_is_in_its_seed_article(shipped: Gold) -> None:
    Texts.read(sorted(SEEDS.glob("*.txt"))).check(shipped)


def test_the_gold_is_the_full_list_and_both_halves_hold_some(shipped: Gold) -> None:
    required = [g for g in shipped.events if not g.optional]
    assert len(required) >= 40
    assert {g.half for g in required} == {"dev", "test"}
    assert shipped.must_not
    for g in shipped.events:
        assert g.mentions and g.types and g.dates and g.modalities, g.id
        assert set(g.modalities) <= {"asserted", "future", "hypothetical", "negated", "denied",
                                     "alleged"}, g.id
        for value in g.dates:
            assert value == "none" or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?", value), g.id


def test_every_actor_id_of_the_gold_is_known(shipped: Gold) -> None:
    kb = KnowledgeBase.load()
    composed = re.compile(r"(group:[A-Z]{3}:[a-z]+|unidentified:[A-Z]{3})")
    ids = {i for g in shipped.events for s, t in g.sides for slot in s + t for i in slot}
    unknown = sorted(i for i in ids if kb.get(i) is None and not composed.fullmatch(i))
    assert not unknown


@needs_seeds
@pytest.mark.slow
def test_the_seeds_suite_scores_every_stored_event_once() -> None:
    from newsgraph.evaluation.seeds import evaluate_seeds

    report = evaluate_seeds(SEEDS)
    assert report.gold is not None
    assert len(report.gold.stored) == report.events
    right, n = report.gold.precision()
    assert n == sum(report.asserted_per_article.values()) - _told_twice(report) and right <= n
    found, required = report.gold.recall()
    assert required == sum(not g.optional for g in load_gold().events) and found <= required


def _told_twice(report) -> int:
    """Asserted events reported by two articles count once in the gold's precision."""
    return sum(len({m.article_id for m in o.event.mentions}) - 1 for o in report.gold.stored
               if o.event.modality == "asserted")


def test_figures_name_both_targets_and_errors_are_listed_for_the_asked_half_only() -> None:
    ids = ["talks", "spying", "agree", "x1", "x2", "x3"]
    gold = Gold([gold_event(i, S_TALKS, date="2023-03-04") for i in ids], [])
    report = score_gold([stored(S_TALKS, [FRA], [USA])], gold, texts())
    rows = {name: (value, support, gated) for name, value, support, gated
            in seeds_gold.figures(report, "dev")}
    dev = sum(half_of("seeds", i) == "dev" for i in ids)
    assert rows["seeds.full_recall"] == (0.0, dev, True)
    assert rows["seeds.full_precision"][2] and not rows["seeds.gold_wrong.date"][2]
    target_half = report.stored[0].half
    assert any("target" in line for line in seeds_gold.error_lines(report, target_half))
    other = "test" if target_half == "dev" else "dev"
    assert not any(line.startswith("stored") for line in seeds_gold.error_lines(report, other))


def test_mode_and_claimant_are_reported_beside_fully_right_not_inside_it() -> None:
    gold = Gold([gold_event("spying", S_ACCUSE, type="COERCE", source=["country:FRA"],
                            target=["country:ITA"], date="none", modality="alleged",
                            mode="seize", claimed_by=["country:ITA"])], [])
    event = stored(S_ACCUSE, [FRA], [ITA], type="COERCE", date=None, modality="alleged")
    event.mode = "arrest"
    event.claimed_by = [ITA]
    report = score_gold([event], gold, texts())
    assert report.recall() == (1, 1)
    wrong, checked = report.beside()
    assert (wrong["mode"], checked["mode"]) == (1, 1)
    assert (wrong["claimed_by"], checked["claimed_by"]) == (0, 1)


def test_a_reshaped_sentence_is_placed_by_the_shift_its_article_showed() -> None:
    gold = Gold([gold_event("agree", S_AGREE, type="AGREE", reciprocal=True, date="none")], [])
    body = TEXT  # stored offsets count from here; the file has a header before it
    file_texts = Texts({ARTICLE: " date 2023-03-05 " + body})
    plain = stored(S_TALKS, [FRA], [ITA])
    plain.mentions[0].start = body.index(S_TALKS)
    plain.mentions[0].trigger_start = plain.mentions[0].start + 2
    reshaped = stored(S_AGREE, [FRA, ITA], [], type="AGREE", date=None)
    reshaped.mentions[0].sentence = "Both  leaders agreed to meet again."
    reshaped.mentions[0].start = body.index(S_AGREE)
    reshaped.mentions[0].trigger_start = reshaped.mentions[0].start + 14
    assert score_gold([plain, reshaped], gold, file_texts).recall() == (1, 1)
