"""Average-link agglomerative clustering over pairwise coreference probabilities.

Two clusters merge while the mean probability over all their cross pairs is at least the
threshold; cannot-link pairs (probability 0 forced by a constraint) pull that mean down rather
than forbidding the merge outright. Ties break on the lowest indexes, so the result does not
depend on the order clusters were formed in, only on the matrix.
"""

from __future__ import annotations

import numpy as np


def average_link(prob: np.ndarray, threshold: float) -> list[list[int]]:
    """Clusters of row indexes of the symmetric probability matrix ``prob``."""
    n = prob.shape[0]
    if n == 0:
        return []
    sums = prob.astype(np.float64).copy()
    np.fill_diagonal(sums, 0.0)
    sizes = np.ones(n)
    alive = np.ones(n, dtype=bool)
    members: list[list[int]] = [[i] for i in range(n)]
    while True:
        mean = sums / np.outer(sizes, sizes)
        mask = np.outer(alive, alive)
        np.fill_diagonal(mask, False)
        mean[~mask] = -1.0
        flat = int(np.argmax(mean))
        i, j = divmod(flat, n)
        if mean[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sums[i, i] = 0.0
        sums[j, :] = 0.0
        sums[:, j] = 0.0
        sizes[i] += sizes[j]
        alive[j] = False
        members[i].extend(members[j])
        members[j] = []
    return [sorted(m) for m in members if m]
