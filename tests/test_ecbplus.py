"""ECB+ reading, key alignment and the coreference metrics, on the real corpus in ../shared."""

from __future__ import annotations

import math
import random

import pytest

from conftest import SHARED
from newsgraph.errors import NewsgraphError
from newsgraph.evaluation import ecbplus as E

FOLDER = SHARED / "data" / "ecbplus"
needs_data = pytest.mark.skipif(not (FOLDER / "cybulska_setup").is_dir(),
                                reason=f"{FOLDER}: ECB+ data folder not found")


@pytest.fixture(scope="module")
def test_split() -> E.Split:
    return E.read_split(FOLDER, "test")


@needs_data
def test_the_test_split_has_the_published_counts(test_split: E.Split) -> None:
    assert len(test_split.mentions) == 1780
    assert len({m.chain for m in test_split.mentions}) == 805
    assert sorted(test_split.topics(), key=int) == [str(t) for t in range(36, 46)]


@needs_data
def test_gold_scored_against_the_official_key_is_100(test_split: E.Split) -> None:
    key = E.align_key(test_split.mentions, E.read_key(FOLDER / E.KEY_FILE))
    gold = E.clusters_of([m.chain for m in test_split.mentions])
    scores = E.score_clusters(E.clusters_of(key), gold)
    for name in ("muc", "b3", "ceafe", "lea", "conll"):
        assert scores[name].f1 == pytest.approx(1.0), name


@needs_data
def test_the_key_is_the_same_partition_as_the_gold_chains(test_split: E.Split) -> None:
    """Aligned key chains and gold chains group the mentions identically."""
    key = E.align_key(test_split.mentions, E.read_key(FOLDER / E.KEY_FILE))
    as_sets = {frozenset(c) for c in E.clusters_of(key)}
    assert as_sets == {frozenset(c) for c in E.clusters_of([m.chain for m in test_split.mentions])}


@needs_data
def test_a_key_of_other_documents_is_refused(test_split: E.Split) -> None:
    key = E.read_key(FOLDER / E.KEY_FILE)
    with pytest.raises(NewsgraphError, match="mention lines"):
        E.align_key(test_split.mentions[:-1], key)
    shuffled = list(key)
    random.Random(1).shuffle(shuffled)
    with pytest.raises(NewsgraphError, match="does not fit"):
        E.align_key(test_split.mentions, shuffled)


@needs_data
def test_the_reader_keeps_tokens_and_not_the_gold_column(test_split: E.Split) -> None:
    sentence = test_split.sentences[("36_1ecb", 1)]
    assert sentence.tokens[12] == "arrested"
    assert all("ACT" not in t and "HUM" not in t for t in sentence.tokens)


def test_a_missing_folder_is_one_line_naming_it(tmp_path) -> None:
    with pytest.raises(NewsgraphError, match="ECB_Test_corpus.txt: ECB\\+ file not found"):
        E.read_split(tmp_path, "test")
    with pytest.raises(NewsgraphError, match="data folder not found"):
        E.data_folder(tmp_path)


def test_all_singletons_and_one_big_cluster_score_as_the_reference_does() -> None:
    key = [{0, 1, 2}, {3, 4}, {5}]
    alone = [{i} for i in range(6)]
    s = E.score_clusters(key, alone)
    assert s["muc"].f1 == 0.0  # no links found, as the v8.01 scorer gives
    assert s["b3"].recall == pytest.approx((3 * 1 / 3 + 2 * 1 / 2 + 1) / 6)
    assert s["b3"].precision == pytest.approx(1.0)
    one = [set(range(6))]
    s = E.score_clusters(key, one)
    assert s["muc"].recall == pytest.approx(1.0)
    assert s["muc"].precision == pytest.approx(3 / 5)


def test_lea_follows_its_definition_on_a_small_case() -> None:
    """Key {a b c} {d e}; response {a b} {c d} {e}. LEA recall: entity abc has 3 links, 1 found
    (ab), weight 3; entity de has 1 link, 0 found, weight 2 -> (3*1/3 + 0) / 5 = 0.2. Precision:
    ab 1/1 found (w 2), cd 0/1 (w 2), e a singleton not alone in the key (w 1) -> 2/5 = 0.4."""
    s = E.lea([{0, 1, 2}, {3, 4}], [{0, 1}, {2, 3}, {4}])
    assert s.recall == pytest.approx(0.2)
    assert s.precision == pytest.approx(0.4)
    assert s.f1 == pytest.approx(2 * 0.2 * 0.4 / 0.6)
    assert E.lea([{0}, {1, 2}], [{0}, {1, 2}]).f1 == pytest.approx(1.0)


def test_conll_f1_is_the_mean_of_muc_b3_and_ceafe() -> None:
    s = E.score_clusters([{0, 1, 2}, {3, 4}, {5}], [{0, 1}, {2, 3}, {4, 5}])
    assert s["conll"].f1 == pytest.approx((s["muc"].f1 + s["b3"].f1 + s["ceafe"].f1) / 3)
    assert math.isnan(s["conll"].recall)


def test_documents_are_seen_through_opaque_keys() -> None:
    """A sub-topic is written in a document's name (``ecb`` / ``ecbplus``): the engine gets a
    digest that says only which mentions share a document."""
    a, b = E.opaque("36_1ecb"), E.opaque("36_1ecbplus")
    assert a != b and "ecb" not in a + b and a == E.opaque("36_1ecb")
