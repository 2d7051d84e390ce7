"""Knowledge read once per machine, not once per process.

Every process that codes (an ingest, each parse worker, an evaluation) reads the same
dictionaries and builds the same knowledge base: with every PETRARCH/Phoenix dictionary about
3 CPU-s to parse the files, 1.2 to build the knowledge base and 2.3 to index its 50,000 names,
before the first article. What they make depends only on their inputs, so it is kept in files
in the user's cache folder (the one the city index uses, ``city_index.cache_folder``) and read
back by the next process: a parsed dictionary file under a key of its path and sha256, the
knowledge base (as the snapshot runs start from, and a copy with its name index built) under a
key of every dictionary file it was made from.

Every key also holds :func:`code_version`, a hash of the package's code and shipped data, so a
change to either makes new files; the file holds its own key too, and one whose key is not the
one asked for (stale), or that cannot be read (damaged, truncated), is ignored with one warning
and built again. Where the folder cannot be written nothing is cached and all is built in memory,
as before. What is read back equals what would be built: the same records in the same order.
The files are pickles: like the code itself they are trusted, written by this user only.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast

from .city_index import cache_folder

log = logging.getLogger(__name__)

#: bump when what a cache file holds changes shape
FORMAT = 1
#: files of one kind kept in the cache folder (the most recently used; a dictionary set is
#: several files)
KEEP_PER_KIND = 32

T = TypeVar("T")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of every Python file and shipped data file of the package: what the cached
    knowledge is made by, besides its inputs."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.is_file()
                   and (p.suffix == ".py" or "data" in p.relative_to(root).parts[:1]))
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cached(kind: str, key_parts: Sequence[str], build: Callable[[], T]) -> T:
    """What ``build`` makes from the inputs ``key_parts`` name: read from its cache file when
    there is a good one, else built and written there for the next process."""
    key = hashlib.sha256("\n".join([f"format {FORMAT}", code_version(), kind, *key_parts])
                         .encode()).hexdigest()
    path = cache_folder() / f"{kind}-{key[:24]}.pickle"
    found = _read(path, key)
    if found is not None:
        return cast(T, found[1])
    value = build()
    _write(path, key, value)
    return value


def _read(path: Path, key: str) -> tuple[str, object] | None:
    """``(key, value)`` from a cache file; None when there is none, or (with one warning) when
    it is damaged or made for other inputs."""
    try:
        with open(path, "rb") as f:
            found = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - any damage means: build it again
        log.warning("%s: cache file unreadable (%s: %s); building it again", path,
                    type(exc).__name__, exc)
        return None
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == key):
        log.warning("%s: cache file made for other inputs; building it again", path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used: kept by the pruning
    return found


def _write(path: Path, key: str, value: object) -> None:
    """Write ``(key, value)`` whole or not at all (another process may write it too); keep
    only the most recently used files of the kind."""
    import tempfile  # here: it pulls shutil and the compressors into every read-only command

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.stem, suffix=".tmp", dir=path.parent)
    except OSError as exc:
        log.debug("knowledge not cached at %s (%s): kept in memory", path, exc)
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump((key, value), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError) as exc:
        log.debug("knowledge not cached at %s (%s): kept in memory", path, exc)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    _prune(path)


def _prune(path: Path) -> None:
    """Remove all but the :data:`KEEP_PER_KIND` most recently used files of ``path``'s kind."""
    kind = path.name.rsplit("-", 1)[0]
    with contextlib.suppress(OSError):
        mine = [p for p in path.parent.glob(f"{kind}-*.pickle")
                if p.name.rsplit("-", 1)[0] == kind]
        mine.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in mine[KEEP_PER_KIND:]:
            with contextlib.suppress(OSError):
                old.unlink()
