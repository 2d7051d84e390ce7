"""The embedding cache of coreference/embeddings.py: written whole, by any number of processes
sharing one cache folder (an evaluation of the dev and the test half side by side did, and the
second one failed renaming a temporary file the first had already renamed)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from newsgraph.coreference.embeddings import Embedder


class _Model:
    """A stand-in sentence encoder: a unit vector per text (its sign from the text's length),
    no download, no torch."""

    def encode(self, texts, **_):
        return [np.full(384, (-1.0) ** len(t), dtype=np.float32) / np.sqrt(384) for t in texts]


def _embed(folder: str, texts: list[str]) -> int:
    return len(Embedder(_Model(), Path(folder)).encode(texts))


def test_a_cache_saved_by_two_processes_at_once_is_whole_and_leaves_no_temporary_file(tmp_path):
    batches = [[f"sentence {i} of batch {b}" for i in range(200)] for b in range(8)]
    with ProcessPoolExecutor(2) as pool:
        assert list(pool.map(_embed, [str(tmp_path)] * len(batches), batches)) == [200] * 8
    assert [p.name for p in tmp_path.iterdir()] == ["minilm.npz"]
    again = Embedder(_Model(), tmp_path)
    assert again.cache and all(v.shape == (384,) for v in again.cache.values())


def test_what_the_cache_holds_is_read_back_instead_of_encoded(tmp_path):
    Embedder(_Model(), tmp_path).encode(["Police arrested six men."])

    class _Refuses:
        def encode(self, texts, **_):
            raise AssertionError(f"encoded again: {texts}")

    (row,) = Embedder(_Refuses(), tmp_path).encode(["Police arrested six men."])
    assert np.allclose(row, _Model().encode(["Police arrested six men."])[0])
