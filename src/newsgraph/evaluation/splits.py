"""The fixed dev/test split of every evaluation suite, by rule rather than by choice.

A record is in the test half when ``sha256(f"{suite}:{record_id}")`` is odd, so the split cannot
be nudged by whoever writes the rules: it depends only on the suite's name and the record's own
id (for IndiaPoliceEvents, the document id). Errors are read on the dev half only; the test half
gives figures and nothing else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Literal, TypeVar

Half = Literal["dev", "test"]
HALVES: tuple[Half, ...] = ("dev", "test")
T = TypeVar("T")


def half_of(suite: str, record_id: str) -> Half:
    """``"test"`` when the record's hash is odd, else ``"dev"``."""
    digest = hashlib.sha256(f"{suite}:{record_id}".encode()).hexdigest()
    return "test" if int(digest, 16) % 2 else "dev"


def in_half(suite: str, record_id: str, half: Half | None) -> bool:
    """Whether the record belongs to ``half`` (``None`` keeps every record)."""
    return half is None or half_of(suite, record_id) == half


def split(suite: str, records: Iterable[T], key: str = "id") -> dict[Half, list[T]]:
    """Records sorted into their halves; ``key`` names the attribute (or dict key) holding the id."""
    out: dict[Half, list[T]] = {"dev": [], "test": []}
    for record in records:
        rid = record[key] if isinstance(record, dict) else getattr(record, key)  # type: ignore[index]
        out[half_of(suite, str(rid))].append(record)
    return out
