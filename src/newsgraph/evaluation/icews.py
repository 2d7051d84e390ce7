"""ICEWS14 and ICEWS18: temporal knowledge-graph forecasting, the standard protocol.

Data: the RE-GCN splits in ``../shared/data/icews14`` and ``icews18`` (train / valid / test by
time). These suites do not use the hash halves of :mod:`.splits`: the benchmark's own splits are
the protocol, so the **dev half is the valid split** and the **test half is the test split**.
Train is for fitting, valid for choosing (the recurrency baseline's decay and mixing weight per
relation, as in Gastinger et al. 2024), test for the figure.

Single step: a query on day ``t`` reads every fact before ``t`` (train, valid and the earlier
test days), never day ``t`` itself. Each fact ``(s, r, o, t)`` is two queries, ``(s, r, ?, t)``
and ``(o, r^-1, ?, t)``. Figures (percent): time-aware filtered MRR and Hits@1/3/10 with ties
counted at their expected rank (see :mod:`newsgraph.forecast.metrics`), for the learned scorer
and for the reproduced recurrency baseline; the pessimistic MRR beside them; Brier score and
expected calibration error of the scorer's probabilities over each query's ten best candidates.

A run with ``limit`` is the smoke run of ``make test``: a scorer fitted on few days, scored on the
first ``limit`` query days; its figures are named ``smoke.*`` and are never the result.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .splits import Half

if TYPE_CHECKING:
    import numpy as np

    from ..forecast.history import Splits
    from ..forecast.metrics import Background, Candidates, Ranks
    from ..forecast.queries import Day
    from ..forecast.ranking import QueryRanks
    from .suites import Figure, SuiteResult

ICEWS_SUITES = ("icews14", "icews18")
ANCHORS = {
    "icews14": {"recurrency": 37.4, "TiRGN": 44.0, "target": 45.0},
    "icews18": {"recurrency": 28.7, "TiRGN": 33.7, "target": 34.0},
}
SMOKE = {"fit_days": 5, "negatives": 20, "trees": 30}  # ScorerSettings of the smoke run
TOP_PREDICTIONS = 100
CALIBRATION_TOP = 10
_predictions: ContextVar[Path | None] = ContextVar("icews_predictions", default=None)


@contextlib.contextmanager
def predictions_to(path: Path | None) -> Iterator[None]:
    """Within the block, ICEWS runs write their rankings as JSONL to ``path``."""
    token = _predictions.set(path)
    try:
        yield
    finally:
        _predictions.reset(token)


def _query_days(splits: Splits, half: Half, limit: int | None) -> np.ndarray:
    import numpy as np

    days = np.unique((splits.valid if half == "dev" else splits.test).t)
    return days[:limit] if limit else days


class _Collector:
    """Per-day hook: calibration pairs and, when asked, the top-100 rankings as JSONL."""

    def __init__(self, n_rel: int, out: IO[str] | None) -> None:
        self.n_rel = n_rel
        self.out = out
        self.prob: list[np.ndarray] = []
        self.hit: list[np.ndarray] = []

    def __call__(self, day: Day, cands: Candidates, bg: Background, ranks: Ranks) -> None:
        import numpy as np

        order = np.lexsort((-cands.score, cands.query))
        q, e, sc = cands.query[order], cands.entity[order], cands.score[order]
        first = np.searchsorted(q, q, side="left")
        place = np.arange(len(q)) - first
        top = place < CALIBRATION_TOP
        answers = np.unique((day.s * self.n_rel + day.r) * day.timeline.n + day.o)
        key = (day.s[q[top]] * self.n_rel + day.r[q[top]]) * day.timeline.n + e[top]
        self.prob.append(np.clip(sc[top] - 1.0, 0.0, 1.0))
        self.hit.append(np.isin(key, answers).astype(np.float64))
        if self.out is not None:
            self._write(day, q, e, sc, place, bg)

    def _write(self, day: Day, q: np.ndarray, e: np.ndarray, sc: np.ndarray, place: np.ndarray,
               bg: Background) -> None:
        import numpy as np

        n = self.n_rel // 2
        keep = place < TOP_PREDICTIONS
        by_query: dict[int, list[list[float]]] = {}
        for qi, ei, si in zip(q[keep].tolist(), e[keep].tolist(), sc[keep].tolist(), strict=True):
            by_query.setdefault(qi, []).append([ei, round(si, 6)])
        for i in range(len(day)):
            ranking = by_query.get(i, [])
            if len(ranking) < TOP_PREDICTIONS:  # fill from the background order
                row = bg.table[bg.row[i]]
                seen = {x[0] for x in ranking}
                for ei in np.argsort(-row, kind="stable")[: TOP_PREDICTIONS + len(seen)].tolist():
                    if ei not in seen and len(ranking) < TOP_PREDICTIONS:
                        ranking.append([ei, round(float(bg.scale[i] * row[ei]), 9)])
            r = int(day.r[i])
            inverse = r >= n
            s, o = (int(day.o[i]), int(day.s[i])) if inverse else (int(day.s[i]), int(day.o[i]))
            line = {"query": [s, r - n if inverse else r, o, int(day.day)],
                    "predict": "subject" if inverse else "object", "ranking": ranking}
            self.out.write(json.dumps(line) + "\n")  # type: ignore[union-attr]


def _figures(prefix: str, qr: QueryRanks) -> list[Figure]:
    from .suites import Figure

    s = qr.summary()
    return [Figure(f"{prefix}mrr", s.mrr, s.queries), Figure(f"{prefix}hits1", s.hits1, s.queries),
            Figure(f"{prefix}hits3", s.hits3, s.queries),
            Figure(f"{prefix}hits10", s.hits10, s.queries),
            Figure(f"{prefix}mrr_pessimistic", s.mrr_pessimistic, s.queries, gated=False)]


def evaluate_icews(suite: str, folder: Path, limit: int | None, half: Half) -> SuiteResult:
    """Fit on train, choose on valid, score ``half`` (dev = valid, test = test)."""
    import numpy as np

    from ..forecast.features import FeatureBuilder, rule_confidence
    from ..forecast.history import read_splits
    from ..forecast.metrics import brier, expected_calibration_error
    from ..forecast.queries import Timeline
    from ..forecast.ranking import rank_days
    from ..forecast.recurrency import fit_recurrency, recurrency_scores
    from ..forecast.scorer import ScorerSettings, fit_scorer, learned_scores
    from .suites import Figure, SuiteResult

    wall, cpu = time.time(), time.process_time()
    splits = read_splits(folder, suite)
    settings = ScorerSettings(**SMOKE) if limit else ScorerSettings()
    smoke = "smoke." if limit else ""
    fit_tl = Timeline(splits.train.concat(splits.valid))
    valid_days = np.unique(splits.valid.t)
    params = fit_recurrency(fit_tl, valid_days[:limit] if limit else valid_days)
    baseline_seconds = time.process_time() - cpu
    fit_days = np.unique(splits.train.t)[-settings.fit_days:]
    rules = rule_confidence(fit_tl, int(fit_days[0]))
    fitted = fit_scorer(FeatureBuilder(fit_tl, rules), fit_days, settings)
    eval_tl = fit_tl if half == "dev" else Timeline(
        splits.train.concat(splits.valid).concat(splits.test))
    days = _query_days(splits, half, limit)
    base = rank_days(eval_tl, days, lambda d: recurrency_scores(d, params))
    strict = rank_days(eval_tl, days, lambda d: recurrency_scores(d, params, use_xi=False))
    path = _predictions.get()
    with (open(path, "w", encoding="utf-8") if path else contextlib.nullcontext()) as out:
        hook = _Collector(eval_tl.n_rel, out)  # type: ignore[arg-type]
        learned = rank_days(eval_tl, days, learned_scores(FeatureBuilder(eval_tl, rules), fitted),
                            on_day=hook)
    prob, hit = np.concatenate(hook.prob), np.concatenate(hook.hit)
    figures = _figures(f"{suite}.{smoke}", learned)
    figures += _figures(f"{suite}.{smoke}recurrency.", base)
    figures.append(Figure(f"{suite}.{smoke}strict_recurrency.mrr", strict.summary().mrr,
                          len(strict.r), gated=False))
    figures += [Figure(f"{suite}.{smoke}brier", round(100 * brier(prob, hit), 2), len(prob),
                       gated=False),
                Figure(f"{suite}.{smoke}ece", round(100 * expected_calibration_error(prob, hit), 2),
                       len(prob), gated=False)]
    seconds, cpu_s = time.time() - wall, time.process_time() - cpu
    a = ANCHORS[suite]
    details = [
        f"  split: {'valid' if half == 'dev' else 'test'} ({len(days)} query days, "
        f"{len(learned.r)} queries, both directions); fitted on train"
        + ("; the baseline's per-relation parameters were chosen on these same valid days"
           if half == "dev" else ""),
        f"  anchors (test MRR): recurrency {a['recurrency']}, TiRGN {a['TiRGN']}, "
        f"target {a['target']}",
        f"  scorer: {settings.trees} trees on {fitted.rows} rows ({fitted.positives} right) from "
        f"the last {settings.fit_days} train days, fitted in {fitted.seconds:.0f} s CPU",
        f"  recurrency baseline chosen on valid in {baseline_seconds:.0f} s CPU",
        f"  time: {seconds:.0f} s wall, {cpu_s:.0f} s CPU, fitting included (nothing cached)",
    ]
    return SuiteResult(suite, figures, details, [], seconds, limit)


def run_icews14(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    """The ICEWS14 suite (RE-GCN split)."""
    return evaluate_icews("icews14", folder, limit, half)


def run_icews18(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    """The ICEWS18 suite (RE-GCN split)."""
    return evaluate_icews("icews18", folder, limit, half)
