"""History features of a candidate answer ``e`` for a query ``(s, r, ?, t)``, from facts before t.

Candidates are the entities ``s`` has met before (any relation, either direction): the recurrency
literature's finding is that what comes next between two actors is mostly what passed between
them already. Each candidate gets, with ``2 ** (-lambda * age)`` decays at several rates:

- the same triple ``(s, r, e)`` (strict recurrency) and its count and age;
- the inverse triple ``(e, r, s)`` (the same act the other way: reciprocity);
- the pair ``(s, e)`` under any relation (relaxed recurrency per pair);
- rules in the style of TLogic: relations ``r'`` seen on the pair, weighted by the confidence
  that ``r'`` between two actors is later followed by ``r`` (mined from the fitting history);
- relation-level frequency of ``e`` as object of ``r``, and ``e``'s recent activity.

Entities that ``s`` never met are not enumerated: they rank below every candidate, among
themselves by how often they were the relation's object (the relaxed recurrency baseline).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .history import inverse_relation
from .queries import Day, Timeline, ragged_ranges

TRIPLE_RATES = (0.0, 0.1, 0.5)
PAIR_RATES = (0.0, 0.1, 1.0)
INVERSE_RATES = (0.0, 0.1)
RULE_RATE = 0.1
TWO_HOP_DAYS = 14  # older edges weigh under 2**-7 in paths; leaving them out keeps paths sparse
POP_RATE = 0.2

FEATURE_NAMES = (
    [f"triple_decay_{x}" for x in TRIPLE_RATES] + ["triple_seen", "triple_age"]
    + [f"inverse_decay_{x}" for x in INVERSE_RATES]
    + [f"pair_decay_{x}" for x in PAIR_RATES] + ["pair_age"]
    + ["rule", "rule_max", "two_hop", "same_country", "relation_repeat", "entity_yesterday"]
    + ["object_share", "object_recent", "entity_recent"]
)


def rule_confidence(tl: Timeline, before: int) -> np.ndarray:
    """``(relations, relations)``: how often a pair's relation ``r'`` is later followed by ``r``.

    Confidence of ``r' -> r`` = pairs where ``r'`` happened strictly before a later ``r`` /
    pairs where ``r'`` happened, over facts before ``before`` (TLogic-style rules of length one,
    with the time order kept and smoothed by 1 in the denominator).
    """
    n = tl.prefix(before)
    h = tl.history
    key = tl.pair_of[:n] * tl.n_rel + h.r[:n]
    uniq, first_idx = np.unique(key, return_index=True)
    first = h.t[:n][first_idx]
    last = np.full(len(uniq), -1)
    np.maximum.at(last, np.searchsorted(uniq, key), h.t[:n])
    pair, rel = uniq // tl.n_rel, uniq % tl.n_rel
    # join every (pair, r') with every (pair, r) of the same pair
    lo = np.searchsorted(pair, pair, side="left")
    hi = np.searchsorted(pair, pair, side="right")
    owner, other = ragged_ranges(lo, hi)
    follows = first[owner] < last[other]
    support = np.bincount(rel[owner[follows]] * tl.n_rel + rel[other[follows]],
                          minlength=tl.n_rel * tl.n_rel).reshape(tl.n_rel, tl.n_rel)
    body = np.bincount(rel, minlength=tl.n_rel).astype(np.float64)
    return support / (body[:, None] + 1.0)


@dataclass
class DayFeatures:
    """Features of one day's candidates and the background table of that day."""

    query: np.ndarray
    entity: np.ndarray
    x: np.ndarray  # candidates x FEATURE_NAMES
    share: np.ndarray  # (relations, entities): each relation's past objects, as shares


def _lookup(sorted_keys: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pos = np.clip(np.searchsorted(sorted_keys, keys), 0, len(sorted_keys) - 1)
    return pos, sorted_keys[pos] == keys


def entity_countries(names: list[str], n: int) -> np.ndarray:
    """An id per entity's country: the name in its last parentheses (``Citizen_(Nigeria)``),
    else the name itself (a country names itself); -1 when the name is unknown."""
    index: dict[str, int] = {}
    out = np.full(n, -1, dtype=np.int64)
    for i, name in enumerate(names[:n]):
        if not name:
            continue
        place = name.rsplit("(", 1)[1].rstrip(")") if name.endswith(")") and "(" in name else name
        out[i] = index.setdefault(place.replace("_", " ").strip(), len(index))
    return out


class FeatureBuilder:
    """Per-day candidate features over one timeline; rule confidences mined once."""

    def __init__(self, tl: Timeline, rules: np.ndarray, top_objects: int = 20) -> None:
        self.tl = tl
        self.rules = rules
        self.top_objects = top_objects
        self.country = entity_countries(tl.history.entity_names, tl.n)
        key_first = np.full(len(tl.keys), np.iinfo(np.int64).max)
        np.minimum.at(key_first, tl.key_of, tl.history.t)
        self.repeat = key_first[tl.key_of] < tl.history.t  # fact repeats an earlier triple
        self.ro, self.ro_of = np.unique(tl.history.r * tl.n + tl.history.o, return_inverse=True)

    def _relation_repeat(self, n: int) -> np.ndarray:
        """Per relation: the share of its facts before the day that repeated an earlier triple."""
        r = self.tl.history.r[:n]
        total = np.bincount(r, minlength=self.tl.n_rel)
        rep = np.bincount(r, self.repeat[:n], self.tl.n_rel)
        return np.divide(rep, total, out=np.zeros(self.tl.n_rel), where=total > 0)

    def _two_hop(self, d: Day, n: int, q: np.ndarray, e: np.ndarray) -> np.ndarray:
        """Recent paths ``s - x - e`` through any relation (decay 0.5 per day on each edge)."""
        tl, h = self.tl, self.tl.history
        lo = h.before(d.day - TWO_HOP_DAYS)
        w = np.exp2(0.5 * (h.t[lo:n] - d.day))
        adj = sparse.csr_matrix((w, (h.s[lo:n], h.o[lo:n])), shape=(tl.n, tl.n))
        subj, inv_idx = np.unique(d.s[q], return_inverse=True)
        paths = (adj[subj] @ adj).tocsr()
        return np.log1p(np.asarray(paths[inv_idx, e]).ravel())

    def _pair_relations(self, day: int, n: int) -> sparse.csr_matrix:
        """(pairs, relations): decayed weight of each relation on each pair before ``day``."""
        tl, h = self.tl, self.tl.history
        w = np.exp2(RULE_RATE * (h.t[:n] - day))
        return sparse.csr_matrix((w, (tl.pair_of[:n], h.r[:n])),
                                 shape=(len(tl.pairs), tl.n_rel))

    def background(self, d: Day, n: int, q: np.ndarray, e: np.ndarray) -> list[np.ndarray]:
        """Share of ``r``'s past objects that were ``e``, the same with decay, ``e``'s activity."""
        tl, h = self.tl, self.tl.history
        w = np.exp2(POP_RATE * (h.t[:n] - d.day))
        pos, found = _lookup(self.ro, d.r[q] * tl.n + e)
        per_key = np.bincount(self.ro_of[:n], minlength=len(self.ro))
        rel_total = np.bincount(h.r[:n], minlength=tl.n_rel)
        share = np.where(found, per_key[pos], 0) / np.maximum(rel_total[d.r[q]], 1)
        recent = np.where(found, np.bincount(self.ro_of[:n], w, len(self.ro))[pos], 0.0)
        active = np.bincount(h.o[:n], w, tl.n)[e]
        return [np.log1p(1000 * share), np.log1p(recent), np.log1p(active)]

    def candidates(self, d: Day, n: int, share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(query, entity): the entities each subject met before, plus the relation's
        ``top_objects`` most frequent objects."""
        tl = self.tl
        pair_count = np.bincount(tl.pair_of[:n], minlength=len(tl.pairs))
        lo = np.searchsorted(tl.pairs, d.s * tl.n, side="left")
        hi = np.searchsorted(tl.pairs, (d.s + 1) * tl.n, side="left")
        q, pidx = ragged_ranges(lo, hi)
        seen = pair_count[pidx] > 0
        q, e = q[seen], tl.pairs[pidx[seen]] % tl.n
        k = min(self.top_objects, tl.n - 1)
        if k > 0 and len(d):
            rels, inv_idx = np.unique(d.r, return_inverse=True)
            top = np.argpartition(-share[rels], k, axis=1)[:, :k]
            top_ok = share[rels[:, None], top] > 0
            tq = np.repeat(np.arange(len(d)), k)
            te = top[inv_idx].ravel()
            ok = top_ok[inv_idx].ravel()
            key = np.unique(np.concatenate([q * tl.n + e, tq[ok] * tl.n + te[ok]]))
            q, e = key // tl.n, key % tl.n
        return q, e

    def build(self, d: Day) -> DayFeatures:
        """Candidates with their features, and the day's background table."""
        tl, h = self.tl, self.tl.history
        n = tl.prefix(d.day)
        share = tl.object_frequency(d.day)
        q, e = self.candidates(d, n, share)
        cols: list[np.ndarray] = []
        counts = tl.counts(d.day)
        last = tl.last_seen(d.day)
        never = np.log1p(10000.0)
        pos, found = _lookup(tl.keys, (d.s[q] * tl.n_rel + d.r[q]) * tl.n + e)
        found &= counts[pos] > 0
        for rate in TRIPLE_RATES:
            cols.append(np.where(found, np.log1p(tl.decayed(d.day, rate)[pos]), 0.0))
        cols.append(found.astype(np.float64))
        cols.append(np.where(found, np.log1p(d.day - last[pos]), never))
        inv = inverse_relation(d.r[q], tl.history.n_relations)
        pos, found = _lookup(tl.keys, (d.s[q] * tl.n_rel + inv) * tl.n + e)
        found &= counts[pos] > 0
        for rate in INVERSE_RATES:
            cols.append(np.where(found, np.log1p(tl.decayed(d.day, rate)[pos]), 0.0))
        pidx, pfound = _lookup(tl.pairs, d.s[q] * tl.n + e)
        pair_count = np.bincount(tl.pair_of[:n], minlength=len(tl.pairs))
        pfound &= pair_count[pidx] > 0
        for rate in PAIR_RATES:
            pw = np.bincount(tl.pair_of[:n], np.exp2(rate * (h.t[:n] - d.day)), len(tl.pairs))
            cols.append(np.where(pfound, np.log1p(pw[pidx]), 0.0))
        plast = np.full(len(tl.pairs), -1)
        np.maximum.at(plast, tl.pair_of[:n], h.t[:n])
        cols.append(np.where(pfound, np.log1p(d.day - plast[pidx]), never))
        rule, rule_max = np.zeros(len(q)), np.zeros(len(q))
        if pfound.any():
            sel = np.flatnonzero(pfound)
            rule[sel], rule_max[sel] = self._rule_features(d, n, q[sel], pidx[sel])
        cols += [rule, rule_max]
        cols.append(self._two_hop(d, n, q, e) if len(q) else np.zeros(0))
        cs, ce = self.country[d.s[q]], self.country[e]
        cols.append(((cs == ce) & (cs >= 0)).astype(np.float64))
        cols.append(self._relation_repeat(n)[d.r[q]])
        yesterday = np.bincount(h.o[:n], np.exp2(2.0 * (h.t[:n] - d.day)), tl.n)
        cols.append(np.log1p(yesterday[e]))
        x = np.column_stack(cols + self.background(d, n, q, e))
        return DayFeatures(q, e, x, share)

    def _rule_features(self, d: Day, n: int, q: np.ndarray, pidx: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray]:
        """Sum and max over the pair's past relations of confidence x decayed weight."""
        upair, inv_idx = np.unique(pidx, return_inverse=True)
        w = self._pair_relations(d.day, n)[upair]  # needed pairs x relations
        coo = w[inv_idx].tocoo()  # candidates x relations (sparse)
        contrib = coo.data * self.rules[coo.col, d.r[q][coo.row]]
        total = np.bincount(coo.row, contrib, len(q))
        peak = np.zeros(len(q))
        np.maximum.at(peak, coo.row, contrib)
        return np.log1p(10 * total), np.log1p(10 * peak)
