"""A small learned scorer over history features: gradient-boosted trees (scikit-learn), on CPU.

Rows are (query, candidate) pairs from fitting days; the label says whether the candidate was a
true answer that day. Trees capture what a linear mix of the recurrency scores cannot (a triple
seen yesterday means more for some relations than a triple seen often long ago; a pair that
met under many relations predicts a new one). Entities the subject never met are ranked below
every candidate, among themselves by the relaxed recurrency score.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .features import FeatureBuilder
from .metrics import Background, Candidates
from .queries import Day

BELOW = 1e-3  # scale of the relaxed-recurrency score given to entities never met (all < 1)


@dataclass
class ScorerSettings:
    """How the scorer is fitted: fitting days, negatives kept per query, trees."""

    fit_days: int = 40
    negatives: int = 50
    trees: int = 100
    learning_rate: float = 0.1
    leaves: int = 31
    seed: int = 0


def unique_queries(d: Day) -> Day:
    """The day's distinct ``(s, r)`` queries (their answers are read from the day's facts)."""
    sr = d.s * d.timeline.n_rel + d.r
    _, first = np.unique(sr, return_index=True)
    return Day(d.timeline, d.day, d.s[first], d.r[first], d.o[first])


def labelled_rows(builder: FeatureBuilder, days: Iterable[int], negatives: int = 0,
                  seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the candidates of every distinct query of ``days``.

    ``negatives`` > 0 keeps at most that many wrong candidates per query, chosen at random
    (every right one is kept).
    """
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    tl = builder.tl
    for d in days:
        day = tl.day(int(d))
        if not len(day):
            continue
        uq = unique_queries(day)
        f = builder.build(uq)
        answers = np.unique((day.s * tl.n_rel + day.r) * tl.n + day.o)
        y = np.isin((uq.s[f.query] * tl.n_rel + uq.r[f.query]) * tl.n + f.entity, answers)
        keep = np.ones(len(y), dtype=bool)
        if negatives:
            order = np.lexsort((rng.random(len(y)), f.query))
            first = np.searchsorted(f.query[order], f.query[order], side="left")
            place = np.empty(len(y), dtype=np.int64)
            place[order] = np.arange(len(y)) - first
            keep = y | (place < negatives)
        xs.append(f.x[keep])
        ys.append(y[keep])
    return np.concatenate(xs), np.concatenate(ys)


@dataclass
class FittedScorer:
    """The trees and what fitting them cost."""

    model: object
    rows: int
    positives: int
    seconds: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        """Probability that each candidate is a true answer."""
        if not len(x):
            return np.zeros(0)
        return self.model.predict_proba(x)[:, 1]  # type: ignore[attr-defined, no-any-return]


def fit_scorer(builder: FeatureBuilder, days: np.ndarray,
               settings: ScorerSettings | None = None) -> FittedScorer:
    """Fit the trees on the distinct queries of ``days`` (facts before each day as history)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    s = settings or ScorerSettings()
    start = time.process_time()
    x, y = labelled_rows(builder, days, s.negatives, s.seed)
    model = HistGradientBoostingClassifier(max_iter=s.trees, learning_rate=s.learning_rate,
                                           max_leaf_nodes=s.leaves, random_state=s.seed)
    model.fit(x, y)
    return FittedScorer(model, len(y), int(y.sum()), time.process_time() - start)


def learned_scores(builder: FeatureBuilder, fitted: FittedScorer
                   ) -> Callable[[Day], tuple[Candidates, Background]]:
    """A per-day scorer for :func:`~.ranking.rank_days`: candidates score ``1 + p``, entities
    never met ``BELOW * share`` (so they rank after every candidate)."""
    def score(day: Day) -> tuple[Candidates, Background]:
        f = builder.build(day)
        p = fitted.probability(f.x)
        return (Candidates(f.query, f.entity, 1 + p),
                Background(f.share, day.r, np.full(len(day), BELOW)))
    return score
