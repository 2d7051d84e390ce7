"""Near-duplicate detection: syndicated copies and light rewrites of an article already read.

Agencies' stories are republished by many outlets with a new headline, a byline or a
boilerplate line, and sometimes a few words changed. Coding each copy again would count one
report many times, so the pipeline stores a copy as a duplicate of the first article it saw.
Two *different* articles about the same event are not duplicates: they are separate sources,
merged later at event level by :mod:`newsgraph.coreference`.

A new text is a copy of an earlier one when most of its words are the earlier text's:
:func:`coverage`, the share of its words that lie in a run of ``shingle`` consecutive words
(of the normalised, case-folded text) found in the earlier text, reaches the threshold. That
measure tells a light rewrite from a follow-up: words changed at scattered places cost the
rewrite only themselves (and the odd short run between two changes), while an article that
quotes the earlier one whole and adds a third as much again is a quarter new. Jaccard on
shingles cannot tell the two apart (a rewrite loses shingles on both sides, an addition on one).

Finding the candidates is a MinHash of the shingle sets searched with LSH banding, with bands
narrow enough to find pairs whose Jaccard index is only ``CANDIDATE_JACCARD`` (a 5 % rewrite
keeps about 0.6, a copy cut to a third of its original about 0.33); each candidate's estimated
Jaccard must reach that too, and then the two texts decide. An indexed article whose text the
index does not have (a bare signature) is decided on the estimated Jaccard against the
threshold, as before texts were kept. The MinHash is implemented here, not taken from a library,
because its signatures are stored in the database and must stay comparable across library
versions:

- each shingle is hashed once to 64 bits with BLAKE2b (stable across runs and platforms);
- permutation ``k`` maps a hash ``h`` to ``a_k * h + b_k mod 2**64`` (``a_k`` odd, so it is a
  bijection); ``a_k, b_k`` come from BLAKE2b of the permutation number, so no random generator
  is involved;
- the signature keeps the top 32 bits of each permutation's minimum.

Serialised signature (``bytes``, stored as a BLOB): ``b"NGMH"``, format version (1 byte),
shingle size (1 byte), number of permutations (2 bytes, little-endian), then one little-endian
``uint32`` per permutation: 520 bytes for the default 128 permutations.

Memory stays flat however large the corpus: with a ``BandStore`` (the database), the LSH bands
and texts of stored articles live there, the bands as 32-bit keys (``band_keys``), and the index
holds in memory only the articles read but not yet stored. Without one, everything is kept in
memory.
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
# LSH finds pairs of at least this Jaccard index (99.5 % of them), and a candidate's estimated
# Jaccard must reach it before its text is read
CANDIDATE_JACCARD = 0.3
# A text is a copy when at least this share of its words is the earlier text's: a rewrite of
# 5 % of the words with a new headline keeps about 0.9, an article followed by 30 % more about
# 0.77 (benchmarks/near_duplicates.py measures both; docs/coreference.md has the figures)
THRESHOLD = 0.82


@dataclass
class Near:
    """The earlier article a text nearly duplicates, and how much of the text is its: the
    coverage (or, for an earlier article known by its signature only, the estimated Jaccard)."""

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


def coverage(text: str, earlier: str, size: int = 5) -> float:
    """The share of ``text``'s words that lie in a run of ``size`` consecutive words that
    ``earlier`` also has: 1.0 for a copy (or a cut copy), about 1 - r for a rewrite that
    changed a share r of the words at scattered places, about 1 / (1 + a) for the earlier text
    followed by a share a of new words. A text of ``size`` words or fewer is one run."""
    tokens = words(text)
    if not tokens:
        return 0.0
    grams = shingles(earlier, size)
    if len(tokens) <= size:
        return float(" ".join(tokens) in grams)
    covered = np.zeros(len(tokens), dtype=bool)
    for i in range(len(tokens) - size + 1):
        if " ".join(tokens[i:i + size]) in grams:
            covered[i:i + size] = True
    return float(covered.mean())


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


def _bands(num_perm: int, target: float) -> tuple[int, int]:
    """(bands, rows): the most selective banding that still finds nearly every candidate.

    A pair of similarity ``s`` shares at least one band with probability
    ``1 - (1 - s**rows)**bands``; we ask for 99.5 % at ``target``.
    """
    target = max(target, 0.05)
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

    def texts_of(self, article_ids: list[str]) -> dict[str, str]:
        """The stored texts of these articles."""
        ...


class NearDuplicateIndex:
    """Signatures of articles seen so far, searchable for near-duplicates of a new text.

    ``threshold`` is the :func:`coverage` at or above which a text counts as a copy (the
    estimated Jaccard, for an article indexed without its text); ``shingle`` the number of
    words per shingle and per run. Signatures are only comparable between indexes built with
    the same ``num_perm`` and ``shingle``; ``add_signature`` refuses others.
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = 128, shingle: int = 5,
                 store: BandStore | None = None) -> None:
        if not 0 < threshold <= 1:
            raise ConfigError(f"near-duplicate threshold must be in (0, 1], got {threshold}")
        if not 1 <= shingle <= 255 or not 1 <= num_perm <= 65535:
            raise ConfigError("shingle must be 1..255 words and num_perm 1..65535")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self._a, self._b = _permutations(num_perm)
        self._bands, self._rows = _bands(num_perm, min(CANDIDATE_JACCARD, threshold))
        self._buckets: list[dict[bytes, list[str]]] = [{} for _ in range(self._bands)]
        self._signatures: dict[str, np.ndarray] = {}
        self._texts: dict[str, str] = {}
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

    def add_signature(self, article_id: str, signature: bytes, text: str | None = None) -> None:
        """Index an article's signature and text (by default the text this index last made a
        signature of, when this is that signature); adding an id again keeps the first."""
        values = self._checked(article_id, signature)
        if article_id in self._signatures or bool(np.all(values == _EMPTY)):
            return
        if text is None and self._last is not None and self._last[1] == signature:
            text = self._last[0]
        if text is not None:
            self._texts[article_id] = text
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
        self._texts.pop(article_id, None)
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
        """The indexed article ``text`` copies most (the earliest on ties): candidates from the
        LSH bands whose estimated Jaccard reaches ``CANDIDATE_JACCARD``, kept when the
        :func:`coverage` of ``text`` by theirs reaches the threshold. Stored articles (if
        there is a store) come before those only held in memory."""
        signature = self.signature(text)
        values = _values(signature)
        if bool(np.all(values == _EMPTY)):
            return None
        floor = min(CANDIDATE_JACCARD, self.threshold)
        candidates: list[tuple[str, float]] = []
        stored_ids: list[str] = []
        if self.store is not None:
            ids = [i for i in self.store.articles_in_bands(self.band_keys(signature))
                   if i not in self._signatures]
            stored = self.store.signatures_of(ids) if ids else {}
            for i in ids:
                if i in stored and (v := _values(stored[i])).shape == values.shape \
                        and (score := float(np.mean(v == values))) >= floor:
                    candidates.append((i, score))
                    stored_ids.append(i)
        in_memory: set[str] = set()
        for band, key in enumerate(self._band_keys(values)):
            in_memory.update(self._buckets[band].get(key, ()))
        for i in sorted(in_memory, key=self._order.__getitem__):
            if (score := float(np.mean(self._signatures[i] == values))) >= floor:
                candidates.append((i, score))
        texts = self.store.texts_of(stored_ids) if stored_ids and self.store is not None else {}
        best: Near | None = None
        for article_id, jaccard in candidates:
            earlier = self._texts.get(article_id, texts.get(article_id))
            score = jaccard if earlier is None else coverage(text, earlier, self.shingle)
            if score >= self.threshold and (best is None or score > best.similarity):
                best = Near(article_id, score)
        return best
