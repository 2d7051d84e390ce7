"""Near-duplicate detection: syndicated copies and light rewrites of an article already read.

Agencies' stories are republished by many outlets with a new headline, a byline or a
boilerplate line, and sometimes a few words changed. Coding each copy again would count one
report many times, so the pipeline stores a copy as a duplicate of the first article it saw.
Two *different* articles about the same event are not duplicates: they are separate sources,
merged later at event level by :mod:`newsgraph.coreference`.

Similarity is the Jaccard index of the two texts' sets of word shingles (``shingle``
consecutive words of the normalised, case-folded text), estimated with MinHash and searched
with LSH banding. The MinHash is implemented here, not taken from a library, because its
signatures are stored in the database and must stay comparable across library versions:

- each shingle is hashed once to 64 bits with BLAKE2b (stable across runs and platforms);
- permutation ``k`` maps a hash ``h`` to ``a_k * h + b_k mod 2**64`` (``a_k`` odd, so it is a
  bijection); ``a_k, b_k`` come from BLAKE2b of the permutation number, so no random generator
  is involved;
- the signature keeps the top 32 bits of each permutation's minimum.

Serialised signature (``bytes``, stored as a BLOB): ``b"NGMH"``, format version (1 byte),
shingle size (1 byte), number of permutations (2 bytes, little-endian), then one little-endian
``uint32`` per permutation: 520 bytes for the default 128 permutations.

Memory stays flat however large the corpus: with a ``BandStore`` (the database), the LSH bands of
stored articles live there, as 32-bit keys (``band_keys``), and the index holds in memory only
the articles read but not yet stored. Without one, everything is kept in memory.
"""

from __future__ import annotations

import hashlib
import logging
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .articles import normalise_text
from .errors import ConfigError

log = logging.getLogger(__name__)

MAGIC = b"NGMH"
FORMAT_VERSION = 1
_HEADER = struct.Struct("<4sBBH")
_WORD = re.compile(r"\w+")
_EMPTY = np.uint32(0xFFFFFFFF)
_RECALL_MARGIN = 0.1  # LSH finds pairs this far below the threshold; signatures then decide


@dataclass
class Near:
    """The earlier article a text nearly duplicates, and their estimated Jaccard similarity."""

    article_id: str
    similarity: float


def words(text: str) -> list[str]:
    """Case-folded words of the normalised text; punctuation and layout do not count."""
    return _WORD.findall(normalise_text(text).casefold())


def shingles(text: str, size: int = 5) -> set[str]:
    """Sets of ``size`` consecutive words; a text shorter than that is one shingle."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def _hash64(value: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(value, digest_size=8).digest(), "little")


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients ``a`` (odd) and ``b`` of the affine permutations, derived without an RNG."""
    a = np.array([_hash64(b"a%d" % k) | 1 for k in range(num_perm)], dtype=np.uint64)
    b = np.array([_hash64(b"b%d" % k) for k in range(num_perm)], dtype=np.uint64)
    return a, b


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two serialised signatures made with the same settings."""
    a, b = _values(first), _values(second)
    if a.shape != b.shape:
        raise ValueError("signatures have different numbers of permutations; cannot compare")
    return float(np.mean(a == b))


def _values(signature: bytes) -> np.ndarray:
    """The uint32 minimums of a serialised signature (header checked for shape only)."""
    if len(signature) < _HEADER.size or signature[:4] != MAGIC:
        raise ValueError("not a newsgraph MinHash signature")
    _, _, _, num_perm = _HEADER.unpack_from(signature)
    if len(signature) != _HEADER.size + 4 * num_perm:
        raise ValueError("truncated MinHash signature")
    return np.frombuffer(signature, dtype="<u4", offset=_HEADER.size)


def _bands(num_perm: int, threshold: float) -> tuple[int, int]:
    """(bands, rows): the most selective banding that still finds nearly every true match.

    A pair of similarity ``s`` shares at least one band with probability
    ``1 - (1 - s**rows)**bands``; we ask for 99.5 % at ``threshold - 0.1`` so that MinHash's
    estimation noise does not hide pairs just above the threshold.
    """
    target = max(threshold - _RECALL_MARGIN, 0.05)
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - target**rows) ** bands >= 0.995:
            best = (bands, rows)
    return best


class BandStore(Protocol):
    """Where the LSH bands and signatures of stored articles live (the database)."""

    def articles_in_bands(self, keys: list[int]) -> list[str]:
        """Ids of stored articles sharing any of these band keys, earliest stored first."""
        ...

    def signatures_of(self, article_ids: list[str]) -> dict[str, bytes]:
        """The stored signatures of these articles."""
        ...


class NearDuplicateIndex:
    """Signatures of articles seen so far, searchable for near-duplicates of a new text.

    ``threshold`` is the estimated Jaccard similarity at or above which a text counts as a
    copy; ``shingle`` the number of words per shingle. Signatures are only comparable between
    indexes built with the same ``num_perm`` and ``shingle``; ``add_signature`` refuses others.
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128, shingle: int = 5,
                 store: BandStore | None = None) -> None:
        if not 0 < threshold <= 1:
            raise ConfigError(f"near-duplicate threshold must be in (0, 1], got {threshold}")
        if not 1 <= shingle <= 255 or not 1 <= num_perm <= 65535:
            raise ConfigError("shingle must be 1..255 words and num_perm 1..65535")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self._a, self._b = _permutations(num_perm)
        self._bands, self._rows = _bands(num_perm, threshold)
        self._buckets: list[dict[bytes, list[str]]] = [{} for _ in range(self._bands)]
        self._signatures: dict[str, np.ndarray] = {}
        self._order: dict[str, int] = {}
        self._last: tuple[str, bytes] | None = None
        self.store = store

    @property
    def layout(self) -> str:
        """What band keys depend on: keys stored under another layout cannot be compared."""
        return f"minhash-v{FORMAT_VERSION} {self.num_perm}x{self.shingle}w {self._bands}b{self._rows}r"

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def signature(self, text: str) -> bytes:
        """Compact serialisable MinHash signature of ``text`` (cached for the last text)."""
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        mins = self._minimums(shingles(text, self.shingle))
        header = _HEADER.pack(MAGIC, FORMAT_VERSION, self.shingle, self.num_perm)
        signature = header + mins.astype("<u4").tobytes()
        self._last = (text, signature)
        return signature

    def _minimums(self, grams: Iterable[str]) -> np.ndarray:
        """Top 32 bits of each permutation's minimum over the shingle hashes."""
        hashes = np.array([_hash64(g.encode("utf-8")) for g in grams], dtype=np.uint64)
        if hashes.size == 0:
            return np.full(self.num_perm, _EMPTY, dtype=np.uint32)
        permuted = np.outer(hashes, self._a) + self._b  # uint64 arithmetic wraps: mod 2**64
        return (permuted.min(axis=0) >> np.uint64(32)).astype(np.uint32)

    def add_signature(self, article_id: str, signature: bytes) -> None:
        """Index an article's signature; adding an id again keeps the first signature."""
        values = self._checked(article_id, signature)
        if article_id in self._signatures or bool(np.all(values == _EMPTY)):
            return
        self._signatures[article_id] = values
        self._order[article_id] = len(self._order)
        for band, key in enumerate(self._band_keys(values)):
            self._buckets[band].setdefault(key, []).append(article_id)

    def _checked(self, article_id: str, signature: bytes) -> np.ndarray:
        """Signature values, or a ConfigError when it was made with other settings."""
        try:
            values = _values(signature)
            _, version, size, num_perm = _HEADER.unpack_from(signature)
        except (ValueError, struct.error, TypeError) as exc:
            raise ConfigError(f"near-duplicate signature of article {article_id}: {exc}") from None
        if (version, size, num_perm) != (FORMAT_VERSION, self.shingle, self.num_perm):
            raise ConfigError(
                f"near-duplicate signature of article {article_id} was made with "
                f"shingle={size}, num_perm={num_perm} (format {version}); this index uses "
                f"shingle={self.shingle}, num_perm={self.num_perm}; use the same settings"
            )
        return values

    def forget(self, article_id: str) -> None:
        """Drop an article from memory (once stored, a ``BandStore`` holds its bands)."""
        values = self._signatures.pop(article_id, None)
        self._order.pop(article_id, None)
        if values is None:
            return
        for band, key in enumerate(self._band_keys(values)):
            ids = self._buckets[band].get(key, [])
            if article_id in ids:
                ids.remove(article_id)
            if not ids:
                self._buckets[band].pop(key, None)

    def band_keys(self, signature: bytes) -> list[int]:
        """One 32-bit key per LSH band, for storing: two texts that share a band share its key
        (the band number is part of it). A chance collision only adds a candidate, which the
        full signature then rules out."""
        values = self._checked("(new)", signature)
        if bool(np.all(values == _EMPTY)):
            return []
        return [int.from_bytes(hashlib.blake2b(bytes([band % 256, band // 256]) + key,
                                               digest_size=4).digest(), "little", signed=True)
                for band, key in enumerate(self._band_keys(values))]

    def _band_keys(self, values: np.ndarray) -> list[bytes]:
        rows = self._rows
        return [values[i * rows:(i + 1) * rows].tobytes() for i in range(self._bands)]

    def query(self, text: str) -> Near | None:
        """The most similar indexed article at or above the threshold (earliest on ties):
        stored articles (if there is a store) come before those only held in memory."""
        signature = self.signature(text)
        values = _values(signature)
        if bool(np.all(values == _EMPTY)):
            return None
        candidates: list[tuple[str, np.ndarray]] = []
        if self.store is not None:
            ids = [i for i in self.store.articles_in_bands(self.band_keys(signature))
                   if i not in self._signatures]
            stored = self.store.signatures_of(ids) if ids else {}
            candidates += [(i, v) for i in ids if i in stored
                           and (v := _values(stored[i])).shape == values.shape]
        in_memory: set[str] = set()
        for band, key in enumerate(self._band_keys(values)):
            in_memory.update(self._buckets[band].get(key, ()))
        candidates += [(i, self._signatures[i]) for i in sorted(in_memory, key=self._order.__getitem__)]
        best: Near | None = None
        for article_id, other in candidates:
            score = float(np.mean(other == values))
            if score >= self.threshold and (best is None or score > best.similarity):
                best = Near(article_id, score)
        return best
