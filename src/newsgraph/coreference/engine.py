"""The coreference engine: a pairwise model over text features, then average-link clustering.

:func:`link_probabilities` scores every pair of a set of mentions (one topic, or the candidates
of an ingest) with the logistic model shipped in ``weights.json``: the text model when sentence
embeddings are unavailable, the embedding model when they are. :func:`cluster` joins mentions
whose average link probability reaches the model's threshold, chosen on the ECB+ dev topics.
The weights are trained by ``scripts/train_coreference.py`` on the ECB+ train topics.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .clustering import average_link
from .embeddings import Embedder
from .features import (
    EMBEDDING_FEATURES,
    FEATURES,
    DocumentView,
    MentionView,
    Senses,
    embedding_tensor,
    feature_tensor,
    spread,
)

WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class PairModel:
    """A logistic model over named features and the clustering threshold chosen for it."""

    name: str
    features: tuple[str, ...]
    coef: tuple[float, ...]
    threshold: float

    @property
    def uses_embeddings(self) -> bool:
        return any(f in EMBEDDING_FEATURES for f in self.features)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """P(same event) for each row of a feature matrix in :attr:`features` order."""
        z = x @ np.asarray(self.coef)
        return 1.0 / (1.0 + np.exp(-z))


def load_models(path: Path = WEIGHTS) -> dict[str, PairModel]:
    """The shipped models by name (``text``, ``embeddings``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {name: PairModel(name, tuple(m["features"]), tuple(m["coef"]), float(m["threshold"]))
            for name, m in data["models"].items()}


@cache
def shipped_models() -> dict[str, PairModel]:
    return load_models()


def choose_model(embedder: Embedder | None) -> PairModel:
    """The embedding model when embeddings can be computed, else the text model."""
    models = shipped_models()
    return models["embeddings"] if embedder is not None and "embeddings" in models \
        else models["text"]


def feature_matrix(mentions: Sequence[MentionView], documents: Sequence[DocumentView],
                   senses: Senses, embedder: Embedder | None = None
                   ) -> tuple[np.ndarray, list[tuple[int, int]], tuple[str, ...]]:
    """Features of every pair i < j (rows), the pairs, and the feature names."""
    tensor = feature_tensor(mentions, documents, senses)
    names: tuple[str, ...] = FEATURES
    if embedder is not None:
        trig = embedder.encode([m.lemma for m in mentions])
        ctx = embedder.encode([m.context for m in mentions])
        win = embedder.encode([m.window or m.trigger for m in mentions])
        doc_sim = tensor[:, :, FEATURES.index("doc_similarity")]
        where = {d.key: i for i, d in enumerate(documents)}
        doc_emb = spread(document_embeddings(documents, embedder),
                         np.array([where.get(m.document, -1) for m in mentions]))
        tensor = np.concatenate(
            [tensor, embedding_tensor(trig @ trig.T, ctx @ ctx.T, doc_sim, doc_emb, win @ win.T)],
            axis=-1)
        names = FEATURES + EMBEDDING_FEATURES
    ii, jj = np.triu_indices(len(mentions), k=1)
    return tensor[ii, jj], list(zip(ii.tolist(), jj.tolist(), strict=True)), names


def document_embeddings(documents: Sequence[DocumentView], embedder: Embedder) -> np.ndarray:
    """Cosine between documents' mean sentence embeddings."""
    if not documents:
        return np.zeros((0, 0))
    rows = []
    for d in documents:
        v = embedder.encode(list(d.sentences) or [""]).mean(axis=0)
        rows.append(v / (np.linalg.norm(v) or 1.0))
    m = np.stack(rows)
    return m @ m.T


def select(x: np.ndarray, names: Sequence[str], wanted: Sequence[str]) -> np.ndarray:
    """The columns of ``x`` named ``wanted``, in that order."""
    index = {n: i for i, n in enumerate(names)}
    return x[:, [index[w] for w in wanted]]


def link_probabilities(mentions: Sequence[MentionView], documents: Sequence[DocumentView],
                       senses: Senses, embedder: Embedder | None = None,
                       model: PairModel | None = None) -> np.ndarray:
    """The symmetric matrix of P(same event) for all pairs of ``mentions``."""
    model = model or choose_model(embedder)
    n = len(mentions)
    prob = np.zeros((n, n))
    if n < 2:
        return prob
    x, pairs, names = feature_matrix(mentions, documents, senses,
                                     embedder if model.uses_embeddings else None)
    p = model.probabilities(select(x, names, model.features))
    ii, jj = np.array(pairs).T
    prob[ii, jj] = p
    prob[jj, ii] = p
    return prob


def cluster(mentions: Sequence[MentionView], documents: Sequence[DocumentView], senses: Senses,
            embedder: Embedder | None = None, model: PairModel | None = None,
            threshold: float | None = None) -> list[list[int]]:
    """Mentions grouped into events (indexes into ``mentions``)."""
    model = model or choose_model(embedder)
    prob = link_probabilities(mentions, documents, senses, embedder, model)
    return average_link(prob, model.threshold if threshold is None else threshold)


def logit(p: float) -> float:
    return math.log(p / (1 - p))
