"""An event history as quadruples ``(subject, relation, object, time)``, the one input of forecasting.

Relations are integers ``0..n_relations-1``; :meth:`History.with_inverses` adds, for every fact
``(s, r, o, t)``, its inverse ``(o, r + n_relations, s, t)`` so that predicting a subject is
predicting the object of an inverse relation (the convention of the temporal knowledge-graph
forecasting literature). Times are whole steps (days); facts are kept sorted by time so that
"everything strictly before t" is a prefix, found by binary search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputError

IntArray = np.ndarray


@dataclass
class History:
    """Facts sorted by time, with the sizes of the entity and relation vocabularies.

    ``n_relations`` counts the relations of the original direction; after
    :meth:`with_inverses` the relation ids run to ``2 * n_relations``.
    """

    s: IntArray
    r: IntArray
    o: IntArray
    t: IntArray
    n_entities: int
    n_relations: int
    inverted: bool = False
    entity_names: list[str] = field(default_factory=list)
    relation_names: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        order = np.argsort(self.t, kind="stable")
        self.s, self.r, self.o, self.t = (np.asarray(a, dtype=np.int64)[order]
                                          for a in (self.s, self.r, self.o, self.t))

    def __len__(self) -> int:
        return len(self.t)

    @property
    def relation_count(self) -> int:
        """Relation ids in use: doubled once inverses are added."""
        return 2 * self.n_relations if self.inverted else self.n_relations

    def with_inverses(self) -> History:
        """The facts plus their inverses ``(o, r + n_relations, s, t)``."""
        if self.inverted:
            return self
        return History(np.concatenate([self.s, self.o]), np.concatenate([self.r, self.r + self.n_relations]),
                       np.concatenate([self.o, self.s]), np.concatenate([self.t, self.t]),
                       self.n_entities, self.n_relations, True, self.entity_names,
                       self.relation_names)

    def before(self, time: int) -> int:
        """How many facts lie strictly before ``time`` (the prefix a forecast may read)."""
        return int(np.searchsorted(self.t, time, side="left"))

    def upto(self, time: int) -> History:
        """The facts strictly before ``time``: what a forecast made at ``time`` may read."""
        n = self.before(time)
        return History(self.s[:n], self.r[:n], self.o[:n], self.t[:n], self.n_entities,
                       self.n_relations, self.inverted, self.entity_names, self.relation_names)

    def concat(self, other: History) -> History:
        """Both histories' facts together (same vocabularies)."""
        return History(np.concatenate([self.s, other.s]), np.concatenate([self.r, other.r]),
                       np.concatenate([self.o, other.o]), np.concatenate([self.t, other.t]),
                       max(self.n_entities, other.n_entities), self.n_relations, self.inverted,
                       self.entity_names, self.relation_names)

    def times(self) -> IntArray:
        """The distinct time steps, ascending."""
        return np.unique(self.t)


def inverse_relation(r: int | IntArray, n_relations: int) -> int | IntArray:
    """The id of the inverse of relation ``r`` (and back)."""
    return np.where(np.asarray(r) >= n_relations, np.asarray(r) - n_relations,
                    np.asarray(r) + n_relations) if isinstance(r, np.ndarray) else (
        r - n_relations if r >= n_relations else r + n_relations)


def _read_names(path: Path) -> list[str]:
    if not path.is_file():
        return []
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            name, _, idx = line.rpartition("\t")
            pairs.append((int(idx), name))
    names = [""] * (max(i for i, _ in pairs) + 1 if pairs else 0)
    for i, name in pairs:
        names[i] = name
    return names


def read_quadruples(path: Path, step: int) -> IntArray:
    """One split file (``s r o t [x]``, tab separated) as an ``(n, 4)`` array, time in steps."""
    try:
        raw = np.loadtxt(path, dtype=np.int64, ndmin=2)
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"not a quadruple file (s r o t per line): {exc}") from exc
    if raw.shape[1] < 4:
        raise InputError(str(path), f"expected at least 4 columns (s r o t), found {raw.shape[1]}")
    quads = raw[:, :4].copy()
    quads[:, 3] //= step
    return quads


@dataclass
class Splits:
    """A benchmark's train / valid / test histories over one vocabulary."""

    train: History
    valid: History
    test: History
    name: str = ""


def read_splits(folder: Path, name: str = "") -> Splits:
    """A RE-GCN style folder (``train.txt``, ``valid.txt``, ``test.txt``, ``stat.txt``).

    Times are converted from hours to days by the smallest gap between distinct timestamps.
    """
    folder = Path(folder)
    for part in ("train.txt", "valid.txt", "test.txt", "stat.txt"):
        if not (folder / part).is_file():
            raise InputError(str(folder), f"no {part}; expected a RE-GCN split folder "
                             "(train.txt, valid.txt, test.txt, stat.txt)")
    n_ent, n_rel = (int(x) for x in (folder / "stat.txt").read_text().split()[:2])
    first = np.loadtxt(folder / "train.txt", dtype=np.int64, ndmin=2)[:, 3]
    gaps = np.diff(np.unique(first))
    step = int(gaps.min()) if len(gaps) else 1
    entities = _read_names(folder / "entity2id.txt")
    relations = _read_names(folder / "relation2id.txt")
    parts = []
    for part in ("train", "valid", "test"):
        q = read_quadruples(folder / f"{part}.txt", step)
        parts.append(History(q[:, 0], q[:, 1], q[:, 2], q[:, 3], n_ent, n_rel,
                             entity_names=entities, relation_names=relations))
    return Splits(parts[0], parts[1], parts[2], name=name or folder.name)
