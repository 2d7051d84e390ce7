"""The coreference engine: a pairwise model over text features, then average-link clustering.

:func:`link_probabilities` scores every pair of a set of mentions (one topic, or the candidates
of an ingest) with the logistic model shipped in ``weights.json``: the text model when sentence
embeddings are unavailable, the embedding model when they are. :func:`cluster` joins mentions
whose average link probability reaches the model's threshold, chosen on the ECB+ dev topics.
The weights are trained by ``scripts/train_coreference.py`` on the ECB+ train topics.

A model may first group the *documents* into stories (:func:`document_links`): a first pair
model scores the mentions, a document model weighs, for every two documents, how alike their
story signatures (:func:`newsgraph.stories.signature`), sentence embeddings and tf-idf
vectors are and the best mention link between them, and average link groups them. The final
model then reads whether two mentions' documents are one story, and mentions of different
stories are never linked: two arrests of two people in one batch rarely share a story.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .clustering import average_link
from .embeddings import Embedder
from .features import (
    DOCUMENT_FEATURES,
    EMBEDDING_FEATURES,
    FEATURES,
    STORY_FEATURES,
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
    first: str = ""  # the model whose links the document stage reads ("" for none)
    documents: str = ""  # the document model that groups documents into stories first

    @property
    def uses_embeddings(self) -> bool:
        return any(f in EMBEDDING_FEATURES or f == "doc_embedding" for f in self.features)

    @property
    def uses_stories(self) -> bool:
        return bool(self.documents)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """P(same event) for each row of a feature matrix in :attr:`features` order."""
        z = x @ np.asarray(self.coef)
        return 1.0 / (1.0 + np.exp(-z))


def load_models(path: Path = WEIGHTS) -> dict[str, PairModel]:
    """The shipped models by name (``text``, ``embeddings``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {name: PairModel(name, tuple(m["features"]), tuple(m["coef"]), float(m["threshold"]),
                            str(m.get("first", "")), str(m.get("documents", "")))
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
        span = embedder.encode_spans([m.in_context() for m in mentions])
        head = embedder.encode_spans([m.in_context(head=True) for m in mentions])
        tensor = np.concatenate(
            [tensor, embedding_tensor(trig @ trig.T, ctx @ ctx.T, doc_sim, doc_emb, win @ win.T,
                                      span @ span.T, head @ head.T)],
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


def symmetric(n: int, pairs: Sequence[tuple[int, int]], values: np.ndarray) -> np.ndarray:
    """An n x n matrix holding ``values`` at each pair (i, j) and (j, i), 0 elsewhere."""
    m = np.zeros((n, n))
    if len(pairs):
        ii, jj = np.array(pairs).T
        m[ii, jj] = values
        m[jj, ii] = values
    return m


def document_features(mentions: Sequence[MentionView], documents: Sequence[DocumentView],
                      x: np.ndarray, names: Sequence[str], pairs: Sequence[tuple[int, int]],
                      first: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The :data:`DOCUMENT_FEATURES` of every two documents a < b (rows) and the pairs:
    ``first`` holds the first model's link of each mention pair of ``x``. Documents are read
    through their views (their sentences for the story signature), never their names."""
    from ..stories import signature, similarity

    k = len(documents)
    where = {d.key: i for i, d in enumerate(documents)}
    di = np.array([where.get(m.document, -1) for m in mentions])
    sigs = [signature("\n".join(d.sentences)) for d in documents]
    story = np.array([[similarity(sigs[a], sigs[b]) for b in range(k)] for a in range(k)])
    cols = {"story_signature": story}
    ii, jj = (np.array(pairs).T if len(pairs) else (np.zeros(0, int), np.zeros(0, int)))
    da, db = di[ii], di[jj]
    known = (da >= 0) & (db >= 0)
    best = np.zeros((k, k))
    np.maximum.at(best, (da[known], db[known]), first[known])
    cols["best_link"] = np.maximum(best, best.T)
    for name in ("doc_embedding", "doc_similarity", "doc_specifics"):
        m = np.zeros((k, k))
        if name in names:
            m[da[known], db[known]] = x[known, list(names).index(name)]
            m = np.maximum(m, m.T)
        cols[name] = m
    a, b = np.triu_indices(k, k=1)
    rows = np.column_stack([np.ones(len(a)) if f == "bias" else cols[f][a, b]
                            for f in DOCUMENT_FEATURES]) if len(a) else \
        np.zeros((0, len(DOCUMENT_FEATURES)))
    return rows, list(zip(a.tolist(), b.tolist(), strict=True))


def two_step(prob: np.ndarray, pairs: Sequence[tuple[int, int]], chunk: int = 20000
             ) -> np.ndarray:
    """For each pair (i, j): the best path through a third mention, max over k of
    min(prob[i, k], prob[k, j]) (the diagonal of ``prob`` is 0, so k is neither)."""
    out = np.zeros(len(pairs))
    if not len(pairs):
        return out
    ii, jj = np.array(pairs).T
    for s in range(0, len(ii), chunk):
        a, b = ii[s:s + chunk], jj[s:s + chunk]
        out[s:s + chunk] = np.minimum(prob[a], prob[b]).max(axis=1)
    return out


def document_links(mentions: Sequence[MentionView], documents: Sequence[DocumentView],
                   x: np.ndarray, names: Sequence[str], pairs: Sequence[tuple[int, int]],
                   model: PairModel, models: Mapping[str, PairModel] | None = None
                   ) -> np.ndarray:
    """The :data:`STORY_FEATURES` of every mention pair of ``x`` (columns): whether the two
    mentions' documents fall in one story (average link of the document model's
    probabilities at its threshold), the probability of that document pair (1 within a
    document) and the first model's best path through a third mention. ``models`` holds the
    first and document models by name (the shipped ones by default; training passes its
    own)."""
    models = models or shipped_models()
    first = models[model.first]
    doc_model = models[model.documents]
    p_first = first.probabilities(select(x, names, first.features))
    rows, doc_pairs = document_features(mentions, documents, x, names, pairs, p_first)
    prob = symmetric(len(documents), doc_pairs, doc_model.probabilities(
        select(rows, DOCUMENT_FEATURES, doc_model.features)) if len(rows) else np.zeros(0))
    np.fill_diagonal(prob, 1.0)
    story = np.full(len(documents), -1)
    for s, members in enumerate(average_link(prob, doc_model.threshold)):
        story[members] = s
    where = {d.key: i for i, d in enumerate(documents)}
    di = np.array([where.get(m.document, -1) for m in mentions])
    ii, jj = np.array(pairs).T
    a, b = di[ii], di[jj]
    known = (a >= 0) & (b >= 0)
    same = known & (story[np.maximum(a, 0)] == story[np.maximum(b, 0)])
    link = np.where(known, prob[np.maximum(a, 0), np.maximum(b, 0)], 0.0)
    paths = two_step(symmetric(len(mentions), pairs, p_first), pairs)
    return np.column_stack([same.astype(float), link, paths])


def link_probabilities(mentions: Sequence[MentionView], documents: Sequence[DocumentView],
                       senses: Senses, embedder: Embedder | None = None,
                       model: PairModel | None = None,
                       models: Mapping[str, PairModel] | None = None) -> np.ndarray:
    """The symmetric matrix of P(same event) for all pairs of ``mentions``; with a model that
    groups documents first, 0 for mentions of two stories (``models``: as
    :func:`document_links` reads them)."""
    model = model or choose_model(embedder)
    n = len(mentions)
    if n < 2:
        return np.zeros((n, n))
    x, pairs, names = feature_matrix(mentions, documents, senses,
                                     embedder if model.uses_embeddings else None)
    if model.uses_stories:
        staged = document_links(mentions, documents, x, names, pairs, model, models)
        x = np.column_stack([x, staged])
        names = tuple(names) + STORY_FEATURES
        p = model.probabilities(select(x, names, model.features)) * staged[:, 0]
    else:
        p = model.probabilities(select(x, names, model.features))
    return symmetric(n, pairs, p)


def cluster(mentions: Sequence[MentionView], documents: Sequence[DocumentView], senses: Senses,
            embedder: Embedder | None = None, model: PairModel | None = None,
            threshold: float | None = None,
            models: Mapping[str, PairModel] | None = None) -> list[list[int]]:
    """Mentions grouped into events (indexes into ``mentions``)."""
    model = model or choose_model(embedder)
    prob = link_probabilities(mentions, documents, senses, embedder, model, models)
    return average_link(prob, model.threshold if threshold is None else threshold)


def logit(p: float) -> float:
    return math.log(p / (1 - p))
