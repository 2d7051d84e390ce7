"""Tf-idf cosines of bags of words, with the per-bag work done once per bag.

The idf of a batch counts the batch's own bags (and, at ingest, the document frequencies of a
background corpus), so two articles' cosine depends on which batch they are read in and a
batch's matrix cannot be kept per article. What does not depend on the batch can: which terms a
bag holds (as integer ids), their ``1 + ln(count)`` and their background document frequency.
:class:`TermIds` makes that :class:`WeightedBag` once; :func:`tfidf_cosines` then builds a
batch's matrix with numpy alone, the same numbers bit for bit as the term-by-term definition
(columns in order of first use, tests/test_coreference_tfidf.py), so a database ingested with
kept bags is the one ingested without them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WeightedBag:
    """A bag of words as the tf-idf reads it: its terms' ids (of one :class:`TermIds`), their
    ``1 + ln(count)``, and how many background documents use each."""

    ids: np.ndarray
    tf: np.ndarray
    background_df: np.ndarray


class TermIds:
    """Integer ids for terms, so that a batch's bags meet in numpy rather than in dicts. Bags
    made by two instances cannot be mixed in one batch (their ids mean different terms)."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def bag(self, bag: Counter[str], background: Mapping[str, int] | None = None
            ) -> WeightedBag:
        """``bag`` weighed for the tf-idf, with ``background``'s document frequencies."""
        extra = background or {}
        ids = np.fromiter((self._ids.setdefault(t, len(self._ids)) for t in bag),
                          dtype=np.int64, count=len(bag))
        counts = np.fromiter(bag.values(), dtype=float, count=len(bag))
        df = np.fromiter((extra.get(t, 0) for t in bag), dtype=float, count=len(bag))
        return WeightedBag(ids, 1 + np.log(counts), df)


def tfidf_cosines(bags: Sequence[WeightedBag], background_n: int = 0) -> np.ndarray:
    """Cosine of tf-idf vectors for every pair of ``bags`` (idf over the bags given and over
    ``background_n`` more documents, whose frequencies the bags carry)."""
    lengths = [len(b.ids) for b in bags]
    total = sum(lengths)
    rows = np.repeat(np.arange(len(bags)), lengths)
    ids = np.concatenate([b.ids for b in bags]) if total else np.zeros(0, dtype=np.int64)
    # columns in order of first use, as the term-by-term definition numbers them
    _, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    cols = rank[inverse]
    width = len(first)
    extra = np.zeros(width)
    if total:
        extra[cols] = np.concatenate([b.background_df for b in bags])
    df = np.bincount(cols, minlength=width) + extra
    idf = np.log((1 + len(bags) + background_n) / (1 + df))
    m = np.zeros((len(bags), max(width, 1)))
    if total:
        m[rows, cols] = np.concatenate([b.tf for b in bags]) * idf[cols]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    m = np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)
    return m @ m.T


def tfidf_matrix(bags: Sequence[Counter[str]], background: Mapping[str, int] | None = None,
                 background_n: int = 0) -> np.ndarray:
    """Cosine of tf-idf vectors for every pair of bags of words (idf over the bags given, and
    over ``background_n`` more documents with the document frequencies ``background``)."""
    ids = TermIds()
    return tfidf_cosines([ids.bag(b, background) for b in bags], background_n)
