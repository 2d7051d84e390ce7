"""Time-aware filtered ranking metrics and calibration, computed without materialising scores.

A query ``(s, r, ?, t)`` scores every entity. Most entities carry only a *background* score that
depends on the relation alone (for the recurrency baseline: how often the entity was the object
of ``r``); a few *candidates* carry a query-specific score. The rank of the true answer is
counted from both without building the dense ``queries x entities`` matrix:

- entities strictly better than the answer are counted (time-aware filter: the other true
  answers of the same query at the same time are removed first);
- ties are never broken in the answer's favour. The reported figure is the **expected**
  reciprocal rank when ties are broken uniformly at random, ``(H(b+k) - H(b)) / k`` for ``b``
  strictly better entities and ``k`` tied ones (the answer included). This is the expectation of
  Gastinger et al.'s evaluation code, which adds tiny random values to the scores before sorting;
  the pessimistic figure (every tie ranked above the answer) is reported beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import digamma

TOL = 1e-9  # relative: scores this close count as a tie (sums of decayed counts round differently)


@dataclass
class Candidates:
    """Query-specific scores, flat: entity ``entity[i]`` of query ``query[i]`` scores ``score[i]``.

    ``score`` is the entity's whole score for that query (background part included).
    """

    query: np.ndarray
    entity: np.ndarray
    score: np.ndarray


@dataclass
class Background:
    """Relation-level scores: query ``q`` gives entity ``e`` the score ``scale[q] * table[row[q], e]``.

    ``scale`` must be positive; ``table`` rows are sorted once (``sorted_rows``) for counting.
    """

    table: np.ndarray
    row: np.ndarray
    scale: np.ndarray

    def value(self, q: np.ndarray, e: np.ndarray) -> np.ndarray:
        """The background score of entity ``e`` for query ``q`` (elementwise)."""
        return self.scale[q] * self.table[self.row[q], e]


@dataclass
class Ranks:
    """Per query: entities strictly better than the answer and entities tied with it."""

    better: np.ndarray
    ties: np.ndarray  # excluding the answer itself

    def reciprocal(self) -> np.ndarray:
        """Expected reciprocal rank under uniformly random tie-breaking."""
        b, k = self.better.astype(np.float64), self.ties.astype(np.float64) + 1
        return (digamma(b + k + 1) - digamma(b + 1)) / k

    def pessimistic_reciprocal(self) -> np.ndarray:
        """Reciprocal rank when every tie is ranked above the answer."""
        return 1.0 / (self.better + self.ties + 1)

    def hits(self, k: int) -> np.ndarray:
        """Probability, under random tie-breaking, that the answer lands in the top ``k``."""
        n = self.ties + 1
        return np.clip(k - self.better, 0, n) / n


def _greater(values: np.ndarray, target: np.ndarray) -> np.ndarray:
    return values > target + TOL * np.abs(target)


def _tied(values: np.ndarray, target: np.ndarray) -> np.ndarray:
    return np.abs(values - target) <= TOL * np.abs(target)


def _count_background(bg: Background, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per query: entities whose background score beats, or ties, the answer's score."""
    n = bg.table.shape[1]
    better = np.zeros(len(target), dtype=np.int64)
    ge = np.zeros(len(target), dtype=np.int64)
    for row in np.unique(bg.row):
        qs = np.flatnonzero(bg.row == row)
        ordered = np.sort(bg.table[row])
        thr = target[qs] / bg.scale[qs]
        tol = TOL * np.abs(thr)
        better[qs] = n - np.searchsorted(ordered, thr + tol, side="right")
        ge[qs] = n - np.searchsorted(ordered, thr - tol, side="left")
    return better, ge - better


def rank_answers(answer: np.ndarray, cands: Candidates, bg: Background,
                 filter_query: np.ndarray, filter_entity: np.ndarray) -> Ranks:
    """Time-aware filtered ranks of ``answer[q]`` for every query ``q``.

    ``filter_query``/``filter_entity`` list the true answers of each query at its time (the
    answer itself may be among them; it is never filtered).
    """
    nq = len(answer)
    n = bg.table.shape[1]
    ckey = cands.query * n + cands.entity
    order = np.argsort(ckey)
    ckey, cscore = ckey[order], cands.score[order]
    cq, ce = cands.query[order], cands.entity[order]

    def lookup(q: np.ndarray, e: np.ndarray) -> np.ndarray:
        """Each (q, e)'s whole score: its candidate score, else its background score."""
        key = q * n + e
        pos = np.clip(np.searchsorted(ckey, key), 0, max(len(ckey) - 1, 0))
        found = (ckey[pos] == key) if len(ckey) else np.zeros(len(key), dtype=bool)
        out = bg.value(q, e)
        out[found] = cscore[pos[found]]
        return out

    qs = np.arange(nq)
    target = lookup(qs, answer)
    better, ties = _count_background(bg, target)
    # the answer's own background score was counted; it is no competitor
    own = bg.value(qs, answer)
    better -= _greater(own, target)
    ties -= _tied(own, target)
    # candidates replace their background score by their own
    other = ce != answer[cq]
    oq, oe, oscore = cq[other], ce[other], cscore[other]
    obg = bg.value(oq, oe)
    t = target[oq]
    better += np.bincount(oq, _greater(oscore, t).astype(np.int64) - _greater(obg, t),
                          nq).astype(np.int64)
    ties += np.bincount(oq, _tied(oscore, t).astype(np.int64) - _tied(obg, t),
                        nq).astype(np.int64)
    # the other true answers at that time are filtered out
    keep = filter_entity != answer[filter_query]
    fq, fe = filter_query[keep], filter_entity[keep]
    fv = lookup(fq, fe)
    better -= np.bincount(fq, _greater(fv, target[fq]), nq).astype(np.int64)
    ties -= np.bincount(fq, _tied(fv, target[fq]), nq).astype(np.int64)
    return Ranks(better, ties)


@dataclass
class RankSummary:
    """Time-aware filtered MRR and Hits@k, in percent, over ``queries`` queries."""

    mrr: float
    hits1: float
    hits3: float
    hits10: float
    mrr_pessimistic: float
    queries: int


def summarise(reciprocal: np.ndarray, hits1: np.ndarray, hits3: np.ndarray, hits10: np.ndarray,
              pessimistic: np.ndarray) -> RankSummary:
    """Means of the per-query figures, in percent."""
    def pct(a: np.ndarray) -> float:
        return round(100 * float(np.mean(a)), 2) if len(a) else 0.0

    return RankSummary(pct(reciprocal), pct(hits1), pct(hits3), pct(hits10), pct(pessimistic),
                       len(reciprocal))


def brier(prob: np.ndarray, outcome: np.ndarray) -> float:
    """Mean squared gap between predicted probabilities and what happened (0 best)."""
    return float(np.mean((prob - outcome) ** 2)) if len(prob) else 0.0


def expected_calibration_error(prob: np.ndarray, outcome: np.ndarray, bins: int = 10) -> float:
    """The support-weighted mean gap between confidence and frequency over equal-width bins."""
    if not len(prob):
        return 0.0
    which = np.minimum((prob * bins).astype(np.int64), bins - 1)
    count = np.bincount(which, minlength=bins)
    conf = np.bincount(which, prob, minlength=bins)
    freq = np.bincount(which, outcome.astype(np.float64), minlength=bins)
    used = count > 0
    return float(np.sum(np.abs(conf[used] - freq[used])) / len(prob))
