"""newsgraph's own events as a typed history, and the outlook for one pair of actors.

Each asserted, dated event becomes one directed fact per (source, target) actor pair (both
directions when the event is reciprocal), typed twice: by its PLOVER type and by its CAMEO root
(the first two digits of its CAMEO code). The day is the first day of the event's date. The
actors asked about may each stand for several actor ids (a name matching several); their events
are read as one actor each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..dates import date_bounds
from ..errors import NewsgraphError
from ..events import Event
from .outlook import Backtest, OutlookModel, TypedHistory, features

A, B = 0, 1  # the two asked actors' indices in the history


@dataclass
class Fact:
    """One directed, typed fact read from an event."""

    src: str
    dst: str
    plover: str
    cameo_root: str | None
    day: dt.date
    event_id: str


@dataclass
class TypeOutlook:
    """P(at least one event of ``type`` on ``direction`` in the window), with what drives it."""

    vocabulary: str  # "plover" or "cameo"
    type: str
    direction: str  # "a->b" or "b->a"
    probability: float
    past_same: int  # events of this type on this direction before the window
    past_reverse: int
    evidence: list[dict[str, str]] = field(default_factory=list)


@dataclass
class PairOutlook:
    """The outlook of one pair at one date for one horizon."""

    a: str
    b: str
    on: dt.date
    horizon_days: int
    outlooks: list[TypeOutlook]
    history_events: int
    model: str


def event_facts(events: Iterable[Event]) -> list[Fact]:
    """Directed typed facts of the dated events with a source and a target."""
    out = []
    for e in events:
        start, _ = date_bounds(e.date)
        if start is None or not e.id:
            continue
        root = e.cameo[:2] if e.cameo and len(e.cameo) >= 2 else None
        for s in e.source:
            for t in e.target:
                if s.actor_id == t.actor_id:
                    continue
                out.append(Fact(s.actor_id, t.actor_id, e.type, root, start, e.id))
                if e.reciprocal:
                    out.append(Fact(t.actor_id, s.actor_id, e.type, root, start, e.id))
    return out


def typed_history(facts: Sequence[Fact], a_ids: set[str], b_ids: set[str], vocabulary: str,
                  types: list[str]) -> TypedHistory:
    """The facts as a :class:`TypedHistory` with actor A at index 0 and actor B at index 1."""
    index: dict[str, int] = {}

    def actor(x: str) -> int:
        if x in a_ids:
            return A
        if x in b_ids:
            return B
        return index.setdefault(x, len(index) + 2)

    type_index = {t: i for i, t in enumerate(types)}
    rows = [(actor(f.src), actor(f.dst), type_index[k], f.day.toordinal(), f.event_id)
            for f in facts if (k := (f.plover if vocabulary == "plover" else f.cameo_root))
            in type_index]
    rows = [r for r in rows if r[0] != r[1]]
    cols = list(zip(*rows, strict=True)) if rows else [(), (), (), (), ()]
    return TypedHistory(np.array(cols[0], dtype=np.int64), np.array(cols[1], dtype=np.int64),
                        np.array(cols[2], dtype=np.int64), np.array(cols[3], dtype=np.int64),
                        len(index) + 2, types, [str(x) for x in cols[4]])


def _evidence(h: TypedHistory, n: int, src: int, dst: int, kind: int, limit: int = 3
              ) -> tuple[int, list[dict[str, str]]]:
    """How many such events came before, and the latest ``limit`` of them."""
    hit = np.flatnonzero((h.src[:n] == src) & (h.dst[:n] == dst) & (h.kind[:n] == kind))
    latest = hit[::-1][:limit]
    return len(hit), [{"event_id": h.ref[i], "date": dt.date.fromordinal(int(h.day[i])).isoformat()}
                      for i in latest.tolist()]


def outlook_of(h: TypedHistory, vocabulary: str, on: dt.date, horizon: int,
               model: OutlookModel) -> list[TypeOutlook]:
    """Every type, both directions, for actors A and B of the history."""
    cutoff = on.toordinal()
    n = h.upto(cutoff)
    nt = len(h.types)
    src = np.repeat(np.array([A, B]), nt)
    dst = np.repeat(np.array([B, A]), nt)
    kind = np.tile(np.arange(nt), 2)
    p = model.probability(features(h, cutoff, horizon, src, dst, kind))
    out = []
    for i in range(len(src)):
        s, d, k = int(src[i]), int(dst[i]), int(kind[i])
        same, ev = _evidence(h, n, s, d, k)
        rev, rev_ev = _evidence(h, n, d, s, k)
        out.append(TypeOutlook(vocabulary, h.types[k], "a->b" if s == A else "b->a",
                               round(float(p[i]), 4), same, rev, ev or rev_ev))
    return out


def pair_outlook(events: Iterable[Event], a_ids: Sequence[str], b_ids: Sequence[str],
                 a: str, b: str, on: dt.date | None, horizon: int, plover_types: list[str],
                 model: OutlookModel | None = None) -> PairOutlook:
    """The outlook of ``a`` and ``b`` (each one or more actor ids) after ``on`` (default: the
    day of the latest dated event)."""
    if not a_ids:
        raise NewsgraphError(f"{a}: no actor of that name or id; see newsgraph actors --search")
    if not b_ids:
        raise NewsgraphError(f"{b}: no actor of that name or id; see newsgraph actors --search")
    if horizon < 1:
        raise NewsgraphError(f"horizon {horizon}: give at least one day (e.g. 30d)")
    m = model or OutlookModel.load()
    facts = event_facts(events)
    if on is None:
        on = max((f.day for f in facts), default=dt.date.today())
    sa, sb = set(a_ids), set(b_ids)
    roots = [f"{i:02d}" for i in range(1, 21)]
    outlooks = []
    for vocab, types in (("plover", plover_types), ("cameo", roots)):
        outlooks += outlook_of(typed_history(facts, sa, sb, vocab, types), vocab, on, horizon, m)
    used = sum(1 for f in facts if f.day <= on)
    return PairOutlook(a, b, on, horizon, outlooks, used, m.fitted_on)


def parse_horizon(text: str) -> int:
    """``30d``, ``2w``, ``3m`` (30-day months) or a bare number of days -> days."""
    t = text.strip().lower()
    units = {"d": 1, "w": 7, "m": 30, "y": 365}
    try:
        if t and t[-1] in units:
            return int(t[:-1]) * units[t[-1]]
        return int(t)
    except ValueError:
        raise NewsgraphError(f"horizon '{text}': use days like 30d, weeks like 2w or months "
                             "like 3m") from None


def backtest_events(events: Iterable[Event], since: dt.date, horizon: int,
                    plover_types: list[str], model: OutlookModel | None = None) -> Backtest:
    """Replay a database: cutoffs every ``horizon`` days from ``since`` while a whole window
    remains, every active pair, PLOVER types; calibration of the outlook on what followed."""
    from .outlook import backtest

    facts = event_facts(events)
    h = typed_history(facts, set(), set(), "plover", plover_types)
    if not len(h.day):
        raise NewsgraphError("no dated events with a source and a target to replay")
    last = int(h.day.max())
    cutoffs = list(range(since.toordinal(), last - horizon + 1, horizon))
    if not cutoffs:
        raise NewsgraphError(f"since {since}: no whole {horizon}-day window between it and the "
                             f"latest event ({dt.date.fromordinal(last)}); pick an earlier date")
    return backtest(h, model or OutlookModel.load(), cutoffs, horizon)


def outlook_rows(outlook: PairOutlook, vocabulary: str = "plover", limit: int = 8
                 ) -> list[dict[str, Any]]:
    """One row per type, both directions side by side, most likely first (for tables)."""
    by_type: dict[str, dict[str, TypeOutlook]] = {}
    for o in outlook.outlooks:
        if o.vocabulary == vocabulary:
            by_type.setdefault(o.type, {})[o.direction] = o
    rows: list[dict[str, Any]] = []
    for name, d in by_type.items():
        ab, ba = d["a->b"], d["b->a"]
        rows.append({"type": name, "p_ab": ab.probability, "p_ba": ba.probability,
                     "past_ab": ab.past_same, "past_ba": ba.past_same,
                     "evidence": (ab.evidence or ba.evidence)[:2]})
    rows.sort(key=lambda r: -max(float(r["p_ab"]), float(r["p_ba"])))
    return rows[:limit]
