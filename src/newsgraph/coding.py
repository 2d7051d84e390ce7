"""The coding an ingest applies: the coder's version and the dictionaries it loaded.

The version names the release and a hash of the shipped data (lexicon, ontology, knowledge
base), since most coder changes are data changes: ``newsgraph 0.1.0+data.1a2b3c4d``. With the
(name, sha256) of each dictionary file it is what ``store.codings`` records per article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata, resources
from typing import Any

from .store.codings import Coding


@lru_cache(maxsize=1)
def coder_version() -> str:
    """The release and an 8-hex hash of every shipped data file (names and contents)."""
    try:
        release = metadata.version("newsgraph")
    except metadata.PackageNotFoundError:  # run from a source tree
        release = "unreleased"
    digest = hashlib.sha256()
    data = resources.files("newsgraph") / "data"
    for item in sorted(data.iterdir(), key=lambda p: p.name):
        if item.is_file():
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return f"newsgraph {release}+data.{digest.hexdigest()[:8]}"


def current_coding(dictionaries: Any) -> Coding:
    """The coding of this coder with ``dictionaries`` (``actors.dictionaries.Dictionaries``)."""
    return coding_of(dictionaries.identity())


def coding_of(identity: Iterable[tuple[str, str]]) -> Coding:
    """The coding of this coder with the dictionary files named by (name, sha256)."""
    return Coding(coder_version(), tuple(identity))
