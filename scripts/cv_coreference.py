"""Cross-validate the coreference engine over the ECB+ train topics, by topic.

Usage: .venv/bin/python scripts/cv_coreference.py [--data DIR] [--folds 5] [--text-only]

A second yardstick beside the dev topics (8 topics, too few to judge a gain of 0.4). The train
topics are cut into ``--folds`` groups by topic (topic i goes to group i mod k, in topic order).
For each group: every model of ``scripts/train_coreference.py`` is fitted on the other groups
(the first pair model, the document model, the final pair model with the document threshold as
shipped), the mention threshold is the one with the best CoNLL F1 on those same fitting topics
("inside": no held-out topic chooses it), and the held-out group's topics are clustered at it.
The clusters of every held-out topic are then **pooled** and scored once with the ECB+ scorer
(MUC, B-cubed, CEAF-e, CoNLL F1); the mean and spread of the per-group CoNLL F1 are printed
beside it, and the pooled figure at each threshold of the grid, to show how flat it is. Never
reads the dev or test topics. ``--text-only`` runs the flat text model (no embeddings).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_coreference as T  # noqa: E402

from newsgraph.coreference.clustering import average_link  # noqa: E402
from newsgraph.coreference.embeddings import load_embedder  # noqa: E402
from newsgraph.coreference.engine import PairModel, load_models  # noqa: E402
from newsgraph.coreference.features import (  # noqa: E402
    DOCUMENT_FEATURES,
    EMBEDDING_FEATURES,
    FEATURES,
    STORY_FEATURES,
)
from newsgraph.evaluation import ecbplus as E  # noqa: E402

GRID = [round(x, 4) for x in np.arange(0.15, 0.4251, 0.025)]


def folds_of(n_topics: int, k: int) -> list[list[int]]:
    """Batch indexes of each fold: topic i (in topic order) goes to fold i mod k."""
    return [[i for i in range(n_topics) if i % k == f] for f in range(k)]


def conll(data: Sequence[T.Batch], probs: Sequence[np.ndarray],
          threshold: float | Sequence[float]) -> dict[str, E.Scores]:
    """The ECB+ scores of the batches clustered at ``threshold`` (one for all, or one per
    batch), pooled over them (the gold chains are read here only to score)."""
    cuts = [threshold] * len(data) if isinstance(threshold, float) else list(threshold)
    gold, system = [], []
    for n, (b, p, t) in enumerate(zip(data, probs, cuts, strict=True)):
        gold += [f"{n}:{c}" for c in b.chains]
        labels = [0] * len(b.members)
        for c, members in enumerate(average_link(p, t)):
            for i in members:
                labels[i] = c
        system += [f"{n}:{c}" for c in labels]
    return E.score_clusters(E.clusters_of(gold), E.clusters_of(system))


def fit_fold(fit: Sequence[T.Batch], shipped: dict[str, PairModel], staged: bool, c: float
             ) -> tuple[PairModel, dict[str, PairModel]]:
    """The engine's models fitted on ``fit`` alone (the final one at threshold 0.5)."""
    x = np.vstack([b.x for b in fit])
    y = np.concatenate([b.y for b in fit])
    names = fit[0].names
    if not staged:
        text = PairModel("text", FEATURES, T.fit(x, y, names, FEATURES, c), 0.5)
        return text, {"text": text}
    first = PairModel("embeddings_first", FEATURES + EMBEDDING_FEATURES,
                      T.fit(x, y, names, FEATURES + EMBEDDING_FEATURES, c), 0.5)
    rows, labels = T.story_rows(list(fit), first)
    models = {"embeddings_first": first, "documents": PairModel(
        "documents", DOCUMENT_FEATURES, T.fit(rows, labels, DOCUMENT_FEATURES,
                                              DOCUMENT_FEATURES, c),
        shipped["documents"].threshold)}
    wanted = FEATURES + EMBEDDING_FEATURES + STORY_FEATURES
    final = PairModel("embeddings", wanted, (0.0,) * len(wanted), 0.5, "embeddings_first",
                      "documents")
    xs = np.column_stack([x, T.story_columns(list(fit), final, models)])
    final = replace(final, coef=T.fit(xs, y, names + STORY_FEATURES, wanted, c))
    return final, dict(models, embeddings=final)


def cross_validate(data: Sequence[T.Batch], k: int, staged: bool, c: float = 1.0,
                   grid: Sequence[float] = GRID, log=print  # type: ignore[no-untyped-def]
                   ) -> dict[str, object]:
    """Fit on k-1 folds, choose the threshold on them, score the held-out fold; pooled."""
    shipped = load_models()
    held_probs: list[np.ndarray] = [np.zeros(0)] * len(data)
    chosen: list[float] = [0.0] * len(data)
    per_fold = []
    for f, held in enumerate(folds_of(len(data), k)):
        fit = [b for i, b in enumerate(data) if i not in held]
        model, models = fit_fold(fit, shipped, staged, c)
        inside = [T.probabilities(b, model, models) for b in fit]
        best = max((100 * conll(fit, inside, t)["conll"].f1, t) for t in grid)
        for i in held:
            held_probs[i] = T.probabilities(data[i], model, models)
            chosen[i] = best[1]
        fold_f1 = 100 * conll([data[i] for i in held], [held_probs[i] for i in held],
                              best[1])["conll"].f1
        per_fold.append(fold_f1)
        log(f"  fold {f + 1}/{k}: {len(held)} topics held out, threshold {best[1]} (inside "
            f"{best[0]:.2f}), held-out CoNLL F1 {fold_f1:.2f}")
    pooled = conll(data, held_probs, chosen)  # each topic at its fold's threshold
    curve = {t: 100 * conll(data, held_probs, t)["conll"].f1 for t in grid}
    return {"pooled": pooled, "per_fold": per_fold, "curve": curve}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--text-only", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.time()
    folder = E.data_folder(args.data)
    embedder = None if args.text_only else load_embedder(T.CACHE)
    train = E.prepare(E.read_split(folder, "train"), E.load_nlp(), T.CACHE)
    E.warm_embeddings(train, embedder)
    data = T.batches(train, E.lexicon_senses(), embedder)
    staged = embedder is not None
    print(f"train topics {len(data)}, mentions {len(train.views)}, folds {args.folds}, model "
          f"{'staged (embeddings)' if staged else 'text'}", flush=True)
    out = cross_validate(data, args.folds, staged, args.c)
    s = out["pooled"]
    assert isinstance(s, dict)
    folds = out["per_fold"]
    assert isinstance(folds, list)
    print("train CV, pooled held-out topics: CoNLL F1 {:.2f} (MUC {:.2f}, B3 {:.2f}, CEAF-e "
          "{:.2f}, LEA {:.2f})".format(*(100 * s[m].f1 for m in ("conll", "muc", "b3",
                                                                    "ceafe", "lea"))))
    print(f"per fold: {', '.join(f'{v:.2f}' for v in folds)}; mean {statistics.mean(folds):.2f},"
          f" sd {statistics.stdev(folds) if len(folds) > 1 else 0.0:.2f}")
    curve = out["curve"]
    assert isinstance(curve, dict)
    print("pooled at each threshold: " + ", ".join(f"{t}: {v:.2f}" for t, v in curve.items()))
    print(f"{time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
