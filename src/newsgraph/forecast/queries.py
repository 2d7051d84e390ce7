"""Queries ``(s, r, ?, t)`` and what a forecast made at ``t`` may read: the facts before ``t``.

:class:`Timeline` indexes one history (inverses included) once: each distinct ``(s, r, o)``
triple gets a key, so per-day aggregates are ``bincount`` calls over the prefix of facts that lie
strictly before the query day. :class:`Day` is one query day: its queries (every fact of that
day, both directions), the time-aware filter (the other true answers of the same ``(s, r)`` that
day) and the candidate ranges of each query.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .history import History


def ragged_ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges ``[lo[i], hi[i])``: (owner index i, position) of every element, flat."""
    lengths = np.maximum(hi - lo, 0)
    owner = np.repeat(np.arange(len(lo)), lengths)
    starts = np.cumsum(lengths) - lengths
    pos = np.arange(int(lengths.sum())) - np.repeat(starts, lengths) + np.repeat(lo, lengths)
    return owner, pos


class Timeline:
    """A history with inverses, keyed for fast per-day aggregates."""

    def __init__(self, history: History) -> None:
        h = history.with_inverses()
        self.history = h
        self.n = h.n_entities
        self.n_rel = h.relation_count
        self.sr = h.s * self.n_rel + h.r
        keys = self.sr * self.n + h.o
        self.keys, self.key_of = np.unique(keys, return_inverse=True)
        self.key_sr = self.keys // self.n
        self.key_o = self.keys % self.n
        self.key_r = self.key_sr % self.n_rel
        self.key_s = self.key_sr // self.n_rel
        pairs = h.s * self.n + h.o
        self.pairs, self.pair_of = np.unique(pairs, return_inverse=True)
        self.days = np.unique(h.t)

    def prefix(self, day: int) -> int:
        """Number of facts strictly before ``day``."""
        return self.history.before(day)

    def decayed(self, day: int, lam: np.ndarray | float) -> np.ndarray:
        """Per triple key: the sum of ``2 ** (-lam * (day - t_i))`` over its facts before ``day``.

        ``lam`` is one decay rate, or one per relation id.
        """
        n = self.prefix(day)
        h = self.history
        rate = lam[h.r[:n]] if isinstance(lam, np.ndarray) else lam
        weights = np.exp2(rate * (h.t[:n] - day))
        return np.bincount(self.key_of[:n], weights, len(self.keys))

    def counts(self, day: int) -> np.ndarray:
        """Per triple key: how many of its facts lie before ``day``."""
        return np.bincount(self.key_of[: self.prefix(day)], minlength=len(self.keys))

    def last_seen(self, day: int) -> np.ndarray:
        """Per triple key: the day of its latest fact before ``day`` (-1: never)."""
        n = self.prefix(day)
        out = np.full(len(self.keys), -1, dtype=np.int64)
        np.maximum.at(out, self.key_of[:n], self.history.t[:n])
        return out

    def object_frequency(self, day: int) -> np.ndarray:
        """``(relations, entities)``: share of each relation's facts before ``day`` with that object."""
        n = self.prefix(day)
        h = self.history
        table = np.bincount(h.r[:n] * self.n + h.o[:n], minlength=self.n_rel * self.n)
        table = table.reshape(self.n_rel, self.n).astype(np.float64)
        totals = table.sum(axis=1, keepdims=True)
        return np.divide(table, totals, out=np.zeros_like(table), where=totals > 0)

    def day(self, day: int) -> Day:
        """The queries of ``day``: each of its facts, inverses included."""
        h = self.history
        lo, hi = h.before(day), int(np.searchsorted(h.t, day, side="right"))
        return Day(self, day, h.s[lo:hi], h.r[lo:hi], h.o[lo:hi])


@dataclass
class Day:
    """One query day: query ``q`` asks ``(s[q], r[q], ?, day)``; its answer is ``o[q]``."""

    timeline: Timeline
    day: int
    s: np.ndarray
    r: np.ndarray
    o: np.ndarray

    def __len__(self) -> int:
        return len(self.s)

    def filter_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """(query, entity), each once, for every true answer of each query's ``(s, r)`` on
        this day."""
        sr = self.s * self.timeline.n_rel + self.r
        order = np.argsort(sr, kind="stable")
        sorted_sr = sr[order]
        lo = np.searchsorted(sorted_sr, sr, side="left")
        hi = np.searchsorted(sorted_sr, sr, side="right")
        owner, pos = ragged_ranges(lo, hi)
        n = self.timeline.n
        pairs = np.unique(owner * n + self.o[order][pos])  # a fact stated twice filters once
        return pairs // n, pairs % n

    def history_keys(self, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(query, key) for every triple ``(s, r, e)`` of each query seen before this day."""
        tl = self.timeline
        sr = self.s * tl.n_rel + self.r
        lo = np.searchsorted(tl.key_sr, sr, side="left")
        hi = np.searchsorted(tl.key_sr, sr, side="right")
        owner, key = ragged_ranges(lo, hi)
        seen = counts[key] > 0
        return owner[seen], key[seen]
