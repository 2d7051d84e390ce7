"""The recurrency baselines of Gastinger et al. (IJCAI 2024), "History repeats itself".

- **strict recurrency** ``psi``: an object scores by how often, and how recently, the very triple
  ``(s, r, o)`` happened before: ``sum_i 2 ** (lambda * (t_i - t))``, divided by the same sum
  over every step the relation's history spans (so it is comparable with ``xi``);
- **relaxed recurrency** ``xi``: the share of the relation's past facts that had ``o`` as object,
  whoever the subject;
- **combined**: ``alpha * psi + (1 - alpha) * xi``, with ``lambda`` and ``alpha`` chosen per
  relation on the validation split (grids as in the paper); ``alpha = 1`` is used as 0.99999 so
  that ``xi`` still orders what ``psi`` leaves tied, as in the authors' code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .metrics import Background, Candidates
from .queries import Day, Timeline

LAMBDAS = (0.0, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.5, 0.9, 1.0001)
ALPHAS = (0.0, 0.00001, 0.0001, 0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999, 1.0)
DEFAULT_LAMBDA, DEFAULT_ALPHA = LAMBDAS[-1], ALPHAS[-2]


@dataclass
class RecurrencyParams:
    """One decay rate and one mixing weight per relation id (inverses included)."""

    lam: np.ndarray
    alpha: np.ndarray
    notes: dict[str, float] = field(default_factory=dict)

    @classmethod
    def uniform(cls, n_rel: int, lam: float = DEFAULT_LAMBDA,
                alpha: float = DEFAULT_ALPHA) -> RecurrencyParams:
        """The same ``lambda`` and ``alpha`` for every relation."""
        return cls(np.full(n_rel, lam), np.full(n_rel, alpha))


def span_norm(tl: Timeline, day: int, lam: np.ndarray) -> np.ndarray:
    """Per relation: ``sum 2 ** (lam * (tau - day))`` over the steps its history spans.

    The steps run from the relation's first fact to the step before its last (as in the
    authors' code); an empty span gives 1e-15, their guard against division by zero.
    """
    n = tl.prefix(day)
    h = tl.history
    first = np.full(tl.n_rel, np.iinfo(np.int64).max)
    last = np.full(tl.n_rel, -1)
    np.minimum.at(first, h.r[:n], h.t[:n])
    np.maximum.at(last, h.r[:n], h.t[:n])
    out = np.full(tl.n_rel, 1e-15)
    for r in np.flatnonzero(last > first):
        steps = np.arange(first[r], last[r])
        out[r] = max(float(np.exp2(lam[r] * (steps - day)).sum()), 1e-15)
    return out


def strict_scores(day: Day, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(query, entity, psi) for every object each query's ``(s, r)`` had before the day."""
    tl = day.timeline
    counts = tl.counts(day.day)
    q, key = day.history_keys(counts)
    psi = tl.decayed(day.day, lam)[key] / span_norm(tl, day.day, lam)[tl.key_r[key]]
    return q, tl.key_o[key], psi


def recurrency_scores(day: Day, params: RecurrencyParams, use_psi: bool = True,
                      use_xi: bool = True) -> tuple[Candidates, Background]:
    """The baseline's scores for one day's queries, as candidates plus a background."""
    tl = day.timeline
    alpha = np.where(params.alpha >= 1.0, 0.99999, params.alpha) if use_xi else np.ones(tl.n_rel)
    if use_psi:
        q, e, psi = strict_scores(day, params.lam)
    else:
        q = e = np.zeros(0, dtype=np.int64)
        psi = np.zeros(0)
    if use_xi:
        xi = tl.object_frequency(day.day)
        a = alpha[day.r]
        cands = Candidates(q, e, a[q] * psi + (1 - a[q]) * xi[day.r[q], e])
        return cands, Background(xi, day.r, 1 - a)
    zero = np.zeros((1, tl.n))
    return (Candidates(q, e, psi),
            Background(zero, np.zeros(len(day), dtype=np.int64), np.ones(len(day))))


def _pick(grid: tuple[float, ...], per_relation: list[np.ndarray], has_query: np.ndarray,
          default: float) -> tuple[np.ndarray, np.ndarray]:
    """Per relation, the first grid value with the best MRR (``default`` where no query)."""
    table = np.stack(per_relation)  # grid x relations
    best = np.asarray(grid)[np.argmax(table, axis=0)]
    return np.where(has_query, best, default), table.max(axis=0)


def _scorer(params: RecurrencyParams, use_psi: bool = True, use_xi: bool = True
            ) -> Callable[[Day], tuple[Candidates, Background]]:
    """The baseline with fixed parameters, as a per-day scorer."""
    def score(day: Day) -> tuple[Candidates, Background]:
        return recurrency_scores(day, params, use_psi, use_xi)
    return score


def fit_recurrency(tl: Timeline, valid_days: np.ndarray) -> RecurrencyParams:
    """Choose ``lambda`` then ``alpha`` per relation by validation MRR, as the paper does.

    ``tl`` holds the training and validation facts; each validation day reads all facts before it.
    """
    from .ranking import rank_days

    n_rel = tl.n_rel
    fixed = RecurrencyParams.uniform(n_rel)
    runs, has_query = [], np.zeros(n_rel, dtype=bool)
    for lam in LAMBDAS:
        p = RecurrencyParams.uniform(n_rel, lam, 1.0)
        qr = rank_days(tl, valid_days, _scorer(p, use_xi=False))
        runs.append(qr.per_relation(n_rel))
        has_query[qr.r] = True
    lam_best, _ = _pick(LAMBDAS, runs, has_query, DEFAULT_LAMBDA)
    runs = []
    for alpha in ALPHAS:
        p = RecurrencyParams(lam_best, np.full(n_rel, alpha))
        qr = rank_days(tl, valid_days, _scorer(p))
        runs.append(qr.per_relation(n_rel))
    alpha_best, mrr = _pick(ALPHAS, runs, has_query, fixed.alpha[0])
    return RecurrencyParams(lam_best, alpha_best)
