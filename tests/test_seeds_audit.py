"""The second coder's list of the seeds' events, and its comparison with the gold list."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from newsgraph.actors.knowledge_base import KnowledgeBase
from newsgraph.evaluation.seeds_audit import (
    AUDIT,
    Agreement,
    compare,
    judge,
    lines,
    run,
    sentences,
)
from newsgraph.evaluation.seeds_gold import GOLD, GoldEvent, GoldMention, Texts, load_gold
from newsgraph.ontology import Ontology

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")


@pytest.fixture(scope="module")
def agreement() -> Agreement:
    return run(SEEDS)


def _texts() -> Texts:
    return Texts.read(sorted(SEEDS.glob("*.txt")))


def test_the_audit_loads_and_quotes_its_sentences_exactly() -> None:
    audit = load_gold(AUDIT)
    _texts().check(audit, AUDIT)  # raises on a sentence not in its article
    assert audit.events and audit.must_not
    assert {m.article for e in audit.events for m in e.mentions} == {
        p.stem for p in SEEDS.glob("*.txt")}


def test_the_audit_names_known_actors_or_composed_ones() -> None:
    kb = KnowledgeBase.load()
    audit = load_gold(AUDIT)
    ids = {i for e in audit.events for s, t in e.sides for slot in s + t for i in slot}
    unknown = {i for i in ids if kb.get(i) is None}
    # groups of a country's people and unnamed doers are composed by the coder, not listed
    assert all(i.startswith(("group:", "unidentified:")) for i in unknown), unknown


def test_every_event_is_paired_or_left_over_once(agreement: Agreement) -> None:
    for side, only, events in (("gold", agreement.only_gold, agreement.gold.events),
                               ("audit", agreement.only_audit, agreement.audit.events)):
        paired = [getattr(p, side).id for p in agreement.pairs]
        assert len(paired) == len(set(paired))
        assert sorted(paired + [e.id for e in only]) == sorted(e.id for e in events)
        required = [e for e in events if not e.optional]
        assert (sum(not getattr(p, side).optional for p in agreement.pairs)
                + sum(not e.optional for e in only)) == len(required)


def test_field_counts_are_those_of_the_pairs(agreement: Agreement) -> None:
    both = [p for p in agreement.pairs if p.both_required]
    for primary in (False, True):
        per = agreement.fields(primary=primary)
        for f, (agree, n) in per.items():
            assert n == len(both)
            assert agree == sum((p.primary if primary else p.accepted)[f] for p in both)
        # a first reading the two share is a reading both accept
    for p in agreement.pairs:
        assert all(p.accepted[f] for f in p.primary if p.primary[f])
    text = "\n".join(lines(agreement))
    assert f"pairs required in both: {len(both)}" in text


def test_kappa_cells_are_those_of_the_lists(agreement: Agreement) -> None:
    k = agreement.kappa_all
    n_sentences = sum(len(sentences(p.read_text(encoding="utf-8"))) for p in SEEDS.glob("*.txt"))
    assert k.cells == n_sentences * len(Ontology.load().types())
    assert -1.0 <= k.kappa <= 1.0 and 0.0 <= k.chance <= 1.0
    assert k.both + k.only_gold + k.only_audit <= k.cells


def test_a_list_agrees_fully_with_itself() -> None:
    audit = load_gold(AUDIT)
    same = compare(audit, audit, _texts(), Ontology.load().types())
    assert not same.only_gold and not same.only_audit
    assert same.kappa_all.kappa == 1.0
    agree, n = same.fully(primary=True)
    assert agree == n == sum(not e.optional for e in audit.events)
    assert len(same.must_not_both) == len(audit.must_not)


def _event(**kw: object) -> GoldEvent:
    base: dict = dict(id="x", what="", mentions=[GoldMention("a", "s")], types=["CONSULT"],
                      sides=[((frozenset({"person:a"}),), (frozenset({"person:b"}),))],
                      dates=["2024-10-13"], modalities=["asserted"])
    base.update(kw)
    return GoldEvent(**base)  # type: ignore[arg-type]


def test_judge_reads_reciprocal_sides_either_way_and_accepted_dates() -> None:
    flipped = ((frozenset({"person:b"}),), (frozenset({"person:a"}),))
    accepted, primary = judge(_event(reciprocal=True), _event(sides=[flipped]))
    assert accepted["source"] and accepted["target"] and primary["source"]
    accepted, primary = judge(_event(dates=["2024-10", "2024-10-13"]), _event())
    assert accepted["date"] and not primary["date"]
    accepted, _ = judge(_event(), _event(sides=[flipped]))  # not reciprocal: sides swapped
    assert not accepted["source"] and not accepted["target"]


def test_sentences_keep_initials_and_split_run_ons() -> None:
    text = "Israeli and U.S. airstrikes hit targets.Macron said \"yes.\" Then Sept. 20 came"
    got = [text[a:b].strip() for a, b in sentences(text)]
    assert got == ["Israeli and U.S. airstrikes hit targets.", "Macron said \"yes.\"",
                   "Then Sept. 20 came"]


def test_the_gold_file_is_the_one_compared(agreement: Agreement) -> None:
    assert len(agreement.gold.events) == len(load_gold(GOLD).events)
    assert Path(AUDIT).name == "seeds_audit.yaml"
