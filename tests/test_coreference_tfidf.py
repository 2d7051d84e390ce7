"""The document tf-idf of the merge path: the matrix gives the numbers of the term-by-term
definition bit for bit, and the matrices ingest keeps equal fresh ones (a guard for whoever
makes it faster: the database after ingest must not move)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from conftest import SEEDS
from newsgraph.articles import Article, read_articles
from newsgraph.coreference.features import document_matrices
from newsgraph.coreference.linking import (
    ArticleBags,
    _document_matrices,
    background,
    document_view_from_text,
    vocabulary,
)
from newsgraph.coreference.tfidf import TermIds, tfidf_cosines, tfidf_matrix


def _by_the_definition(bags: list[Counter[str]], extra: dict[str, int], extra_n: int
                       ) -> np.ndarray:
    """Term by term: columns in order of first use, idf over the bags and the background."""
    index: dict[str, int] = {}
    cells = [(r, index.setdefault(t, len(index)), c) for r, bag in enumerate(bags)
             for t, c in bag.items()]
    df = np.zeros(max(len(index), 1))
    for t, k in index.items():
        df[k] = sum(t in bag for bag in bags) + extra.get(t, 0)
    idf = np.log((1 + len(bags) + extra_n) / (1 + df))
    m = np.zeros((len(bags), max(len(index), 1)))
    for r, k, c in cells:
        m[r, k] = (1 + np.log(float(c))) * idf[k]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    m = np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)
    return m @ m.T


@pytest.fixture(scope="module")
def seeds() -> list[tuple[str, str]]:
    found = [(a.id, a.text) for a in read_articles([SEEDS]) if isinstance(a, Article)]
    if len(found) < 3:
        pytest.skip("the seed articles are not there")
    return found


def test_tfidf_matrix_gives_the_numbers_of_the_definition_on_seed_articles(seeds):
    views = [document_view_from_text(k, text, vocabulary()) for k, text in seeds]
    bg = background()
    for bags, extra in (([v.terms for v in views], bg.terms),
                        ([v.specifics for v in views], bg.specifics)):
        got = tfidf_matrix(bags, extra, bg.n)
        assert np.array_equal(got, _by_the_definition(bags, dict(extra), bg.n))
        assert 0 < got[0, 1] < 1 and np.allclose(np.diag(got), 1)
    # without a background, and with an empty bag among them
    bags = [views[0].terms, Counter(), views[1].terms]
    got = tfidf_matrix(bags)
    assert np.array_equal(got, _by_the_definition(bags, {}, 0)) and got[1].sum() == 0


def test_kept_document_matrices_equal_fresh_ones_whatever_came_before(seeds):
    texts = seeds[:3]
    batches = [tuple(texts[:2]), tuple(texts[1:3]), tuple(texts), tuple(texts[::2])]
    for batch in batches:  # the later batches read articles the earlier ones read
        kept = _document_matrices(batch)
        fresh = document_matrices([document_view_from_text(k, t, vocabulary()) for k, t in batch],
                                  background())
        for a, b in zip(kept, fresh, strict=True):
            assert np.array_equal(a, b)
    # an article's similarity to another depends on the batch (the idf counts its bags)
    two, three = _document_matrices(batches[0]), _document_matrices(batches[2])
    assert two[0][0, 1] != three[0][0, 1]


def test_bags_kept_across_batches_give_the_fresh_numbers_and_start_afresh_when_full(seeds):
    texts = seeds[:4]
    batches = [texts[:2], texts[1:3], texts[::-1], texts[:1], texts[2:], texts]
    # kept for every later batch; and small: articles drop out, the ids start afresh
    for bags in (ArticleBags(), ArticleBags(articles=2, terms=50)):
        for batch in batches:
            views = [document_view_from_text(k, t, vocabulary()) for k, t in batch]
            kept = document_matrices(views, background(), bags.batch(batch))
            fresh = document_matrices(views, background())
            for a, b in zip(kept, fresh, strict=True):
                assert np.array_equal(a, b)
    assert len(bags._kept) <= 2


def test_a_bag_reads_its_counts_and_background_once():
    ids = TermIds()
    bag = ids.bag(Counter({"quake": 3, "tremor": 1}), {"quake": 4})
    again = ids.bag(Counter({"tremor": 2, "rescue": 1}))
    assert list(bag.ids) == [0, 1] and list(again.ids) == [1, 2]
    assert np.allclose(bag.tf, [1 + np.log(3), 1.0]) and list(bag.background_df) == [4, 0]
    got = tfidf_cosines([bag, again], background_n=5)
    assert np.array_equal(got, tfidf_matrix([Counter({"quake": 3, "tremor": 1}),
                                             Counter({"tremor": 2, "rescue": 1})],
                                            {"quake": 4}, 5))
