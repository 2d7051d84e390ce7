"""What comes next between two actors: the probability of at least one event of each type.

For a directed pair ``(a, b)``, a day ``D`` and a horizon ``H``, the outlook gives, per event type
``k``, ``P(at least one k event a -> b in (D, D + H])``, from the events up to ``D`` only. One
logistic model serves every type and horizon: its features are recency-decayed counts of the
same type on the same direction, the reverse direction, the pair's other activity, the source's
use of that type with anyone, the type's base rate and the horizon, so weights fitted on one
history (ICEWS14, shipped as ``outlook_weights.json``) apply to another vocabulary of types.

Rows scored at a cutoff: every pair that met (either direction) in the year before ``D``, both
directions, for the types that pair has shown plus the ``COMMON_TYPES`` most frequent ones; a
type outside those rows gets its base rate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .metrics import brier, expected_calibration_error
from .queries import ragged_ranges

WEIGHTS = Path(__file__).with_name("outlook_weights.json")
RATES = (1 / 7, 1 / 30, 1 / 365)  # per day: half-lives of a week, a month, a year
ACTIVE_DAYS = 365
COMMON_TYPES = 20
NEVER = 3650
FEATURES = ("same_week", "same_month", "same_year", "same_age", "reverse_month", "pair_month",
            "pair_year", "source_type_month", "type_share", "horizon")


@dataclass
class TypedHistory:
    """Directed typed events: ``src[i]`` did type ``kind[i]`` to ``dst[i]`` on day ``day[i]``.

    ``ref`` holds each event's id (or row number) so an outlook can cite its evidence.
    """

    src: np.ndarray
    dst: np.ndarray
    kind: np.ndarray
    day: np.ndarray
    n_actors: int
    types: list[str]
    ref: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        order = np.argsort(self.day, kind="stable")
        self.src, self.dst, self.kind, self.day = (np.asarray(a, dtype=np.int64)[order] for a in
                                                   (self.src, self.dst, self.kind, self.day))
        if self.ref:
            self.ref = [self.ref[i] for i in order.tolist()]

    def upto(self, day: int) -> int:
        """How many events lie on or before ``day``."""
        return int(np.searchsorted(self.day, day, side="right"))


@dataclass
class Rows:
    """Scored rows at one cutoff: directed pair and type, with features (and labels)."""

    src: np.ndarray
    dst: np.ndarray
    kind: np.ndarray
    x: np.ndarray
    y: np.ndarray | None = None


def _decayed(keys: np.ndarray, ages: np.ndarray, rate: float, uniq: np.ndarray) -> np.ndarray:
    pos = np.searchsorted(uniq, keys)
    return np.bincount(pos, np.exp2(-rate * ages), len(uniq))


def _lookup(uniq: np.ndarray, values: np.ndarray, keys: np.ndarray, fill: float) -> np.ndarray:
    if not len(uniq):
        return np.full(len(keys), fill)
    pos = np.clip(np.searchsorted(uniq, keys), 0, len(uniq) - 1)
    return np.where(uniq[pos] == keys, values[pos], fill)


def candidate_rows(h: TypedHistory, cutoff: int,
                   pairs: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, ...]:
    """(src, dst, kind) to score at ``cutoff``: active pairs (or the given ones), both directions,
    their own types plus the commonest ones."""
    n = h.upto(cutoff)
    nt = len(h.types)
    recent = h.day[:n] > cutoff - ACTIVE_DAYS
    if pairs is None:
        a, b = h.src[:n][recent], h.dst[:n][recent]
        und = np.unique(np.minimum(a, b) * h.n_actors + np.maximum(a, b))
        lo_, hi_ = und // h.n_actors, und % h.n_actors
        keep = lo_ != hi_
        src = np.concatenate([lo_[keep], hi_[keep]])
        dst = np.concatenate([hi_[keep], lo_[keep]])
    else:
        src, dst = pairs
    counts = np.bincount(h.kind[:n], minlength=nt)
    common = np.argsort(-counts, kind="stable")[:COMMON_TYPES]
    common = common[counts[common] > 0] if counts.sum() else common
    # types shown by the undirected pair
    und_ev = np.minimum(h.src[:n], h.dst[:n]) * h.n_actors + np.maximum(h.src[:n], h.dst[:n])
    shown = np.unique(und_ev * nt + h.kind[:n])
    pkey = np.minimum(src, dst) * h.n_actors + np.maximum(src, dst)
    lo = np.searchsorted(shown, pkey * nt)
    hi = np.searchsorted(shown, (pkey + 1) * nt)
    owner, pos = ragged_ranges(lo, hi)
    own_kind = shown[pos] % nt
    row_pair = np.concatenate([owner, np.repeat(np.arange(len(src)), len(common))])
    row_kind = np.concatenate([own_kind, np.tile(common, len(src))])
    key = np.unique(row_pair * nt + row_kind)
    row_pair, row_kind = key // nt, key % nt
    return src[row_pair], dst[row_pair], row_kind


def features(h: TypedHistory, cutoff: int, horizon: int, src: np.ndarray, dst: np.ndarray,
             kind: np.ndarray) -> np.ndarray:
    """The ``FEATURES`` of each (src, dst, kind) row from the events on or before ``cutoff``."""
    n = h.upto(cutoff)
    na, nt = h.n_actors, len(h.types)
    es, ed, ek, age = h.src[:n], h.dst[:n], h.kind[:n], cutoff - h.day[:n]
    triple = (es * na + ed) * nt + ek
    ut = np.unique(triple)
    cols = []
    row_triple = (src * na + dst) * nt + kind
    for rate in RATES:
        cols.append(np.log1p(_lookup(ut, _decayed(triple, age, rate, ut), row_triple, 0.0)))
    last = np.full(len(ut), -np.inf)
    np.maximum.at(last, np.searchsorted(ut, triple), h.day[:n].astype(np.float64))
    since = cutoff - _lookup(ut, last, row_triple, -np.inf)
    cols.append(np.log1p(np.minimum(since, NEVER)))
    rev = (dst * na + src) * nt + kind
    cols.append(np.log1p(_lookup(ut, _decayed(triple, age, RATES[1], ut), rev, 0.0)))
    pair = es * na + ed
    up = np.unique(pair)
    for rate in RATES[1:]:
        cols.append(np.log1p(_lookup(up, _decayed(pair, age, rate, up), src * na + dst, 0.0)))
    sk = es * nt + ek
    us = np.unique(sk)
    cols.append(np.log1p(_lookup(us, _decayed(sk, age, RATES[1], us), src * nt + kind, 0.0)))
    recent = age < ACTIVE_DAYS
    share = np.bincount(ek[recent], minlength=nt) / max(int(recent.sum()), 1)
    cols.append(np.log(share[kind] + 1e-4))
    cols.append(np.full(len(src), np.log(horizon)))
    return np.column_stack(cols) if len(src) else np.zeros((0, len(FEATURES)))


def labels(h: TypedHistory, cutoff: int, horizon: int, src: np.ndarray, dst: np.ndarray,
           kind: np.ndarray) -> np.ndarray:
    """Whether each row's type happened on its direction in ``(cutoff, cutoff + horizon]``."""
    lo, hi = h.upto(cutoff), h.upto(cutoff + horizon)
    na, nt = h.n_actors, len(h.types)
    happened = np.unique((h.src[lo:hi] * na + h.dst[lo:hi]) * nt + h.kind[lo:hi])
    return np.isin((src * na + dst) * nt + kind, happened)


def rows_at(h: TypedHistory, cutoff: int, horizon: int, with_labels: bool = True) -> Rows:
    """The scored rows of one cutoff with features (and labels)."""
    src, dst, kind = candidate_rows(h, cutoff)
    x = features(h, cutoff, horizon, src, dst, kind)
    y = labels(h, cutoff, horizon, src, dst, kind) if with_labels else None
    return Rows(src, dst, kind, x, y)


@dataclass
class OutlookModel:
    """Logistic weights over ``FEATURES``."""

    weights: np.ndarray
    intercept: float
    fitted_on: str = ""

    def probability(self, x: np.ndarray) -> np.ndarray:
        """Probability of at least one event for each row."""
        return 1 / (1 + np.exp(-(x @ self.weights + self.intercept)))

    def to_json(self) -> str:
        """The weights by feature name, with what they were fitted on."""
        return json.dumps({"fitted_on": self.fitted_on, "intercept": self.intercept,
                           "weights": dict(zip(FEATURES, map(float, self.weights), strict=True))},
                          indent=2) + "\n"

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> OutlookModel:
        """The shipped weights (or a file written by :meth:`to_json`)."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(np.array([float(data["weights"][f]) for f in FEATURES]),
                   float(data["intercept"]), str(data.get("fitted_on", "")))


def fit_outlook(h: TypedHistory, cutoffs: list[int], horizons: list[int],
                fitted_on: str = "") -> OutlookModel:
    """Logistic regression (scikit-learn) on the rows of every cutoff and horizon."""
    from sklearn.linear_model import LogisticRegression

    parts = [rows_at(h, c, hz) for c in cutoffs for hz in horizons]
    x = np.concatenate([p.x for p in parts])
    y = np.concatenate([p.y for p in parts if p.y is not None])
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    return OutlookModel(model.coef_[0].astype(np.float64), float(model.intercept_[0]), fitted_on)


@dataclass
class Backtest:
    """Calibration of the outlook over replayed cutoffs, beside the base-rate forecast."""

    rows: int
    positives: int
    brier: float
    ece: float
    base_rate_brier: float
    cutoffs: list[int]
    horizon: int


def backtest(h: TypedHistory, model: OutlookModel, cutoffs: list[int], horizon: int) -> Backtest:
    """Replay each cutoff: forecast from the events up to it, compare with what followed.

    The base-rate forecast gives every row of a type that type's share of positive rows at the
    same cutoff among the rows the model scored (an upper bound on what a per-type constant
    fitted in hindsight can do).
    """
    probs, ys, base = [], [], []
    for c in cutoffs:
        r = rows_at(h, c, horizon)
        assert r.y is not None
        probs.append(model.probability(r.x))
        ys.append(r.y.astype(np.float64))
        pos = np.bincount(r.kind, r.y, len(h.types))
        tot = np.bincount(r.kind, minlength=len(h.types))
        base.append((pos / np.maximum(tot, 1))[r.kind])
    p, y, b = np.concatenate(probs), np.concatenate(ys), np.concatenate(base)
    return Backtest(len(y), int(y.sum()), brier(p, y), expected_calibration_error(p, y),
                    brier(b, y), cutoffs, horizon)


def typed_from_quadruples(src: np.ndarray, rel: np.ndarray, dst: np.ndarray, day: np.ndarray,
                          n_actors: int, types: list[str]) -> TypedHistory:
    """A benchmark's quadruples as typed events (relations as the types)."""
    return TypedHistory(src, dst, rel, day, n_actors, types)
