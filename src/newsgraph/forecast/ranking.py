"""Single-step ranking over query days: each day's queries read every fact before that day.

``rank_days`` walks the days of a split, asks a scorer for each day's candidates and background
and keeps, per query, the relation and the expected reciprocal rank and hits; callers average
them (overall, or per relation when choosing parameters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .metrics import Background, Candidates, Ranks, RankSummary, rank_answers, summarise
from .queries import Day, Timeline

Scorer = Callable[[Day], tuple[Candidates, Background]]


@dataclass
class QueryRanks:
    """Per query of the walked days: day, subject, relation, answer and its rank figures."""

    day: np.ndarray
    s: np.ndarray
    r: np.ndarray
    o: np.ndarray
    reciprocal: np.ndarray
    pessimistic: np.ndarray
    hits1: np.ndarray
    hits3: np.ndarray
    hits10: np.ndarray

    def summary(self, mask: np.ndarray | None = None) -> RankSummary:
        """MRR and Hits@k in percent (over the queries ``mask`` keeps)."""
        m = slice(None) if mask is None else mask
        return summarise(self.reciprocal[m], self.hits1[m], self.hits3[m], self.hits10[m],
                         self.pessimistic[m])

    def per_relation(self, n_rel: int) -> np.ndarray:
        """Mean reciprocal rank per relation id (0 where a relation has no query)."""
        total = np.bincount(self.r, self.reciprocal, n_rel)
        count = np.bincount(self.r, minlength=n_rel)
        return np.divide(total, count, out=np.zeros(n_rel), where=count > 0)


def _concat(parts: list[np.ndarray], dtype: type = np.float64) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def rank_days(tl: Timeline, days: Iterable[int], scorer: Scorer,
              on_day: Callable[[Day, Candidates, Background, Ranks], None] | None = None
              ) -> QueryRanks:
    """Rank every query of ``days`` (time-aware filtered), one day at a time."""
    cols: dict[str, list[np.ndarray]] = {k: [] for k in QueryRanks.__dataclass_fields__}
    for d in days:
        day = tl.day(int(d))
        if not len(day):
            continue
        cands, bg = scorer(day)
        fq, fe = day.filter_pairs()
        ranks = rank_answers(day.o, cands, bg, fq, fe)
        if on_day is not None:
            on_day(day, cands, bg, ranks)
        cols["day"].append(np.full(len(day), day.day))
        cols["s"].append(day.s)
        cols["r"].append(day.r)
        cols["o"].append(day.o)
        cols["reciprocal"].append(ranks.reciprocal())
        cols["pessimistic"].append(ranks.pessimistic_reciprocal())
        for k in (1, 3, 10):
            cols[f"hits{k}"].append(ranks.hits(k))
    ints = ("day", "s", "r", "o")
    return QueryRanks(**{k: _concat(v, np.int64 if k in ints else np.float64)
                         for k, v in cols.items()})
