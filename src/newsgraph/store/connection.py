"""Opening a SQLite database file, with errors a user can act on, and waiting on a busy one.

Every failure to open is one ``StoreError`` line that names the file and says what to do: a
folder that cannot be made, a file that is not a database, a database of another program. A
read-only open works on a read-only file system too (SQLite's ``immutable`` mode is the fallback
when even the WAL index cannot be read), so looking at a database never needs write access.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..errors import NewsgraphError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: how long one statement waits for another writer's lock before SQLite says "busy"
BUSY_TIMEOUT_S = 30.0
#: how many times a whole article transaction is tried again when the database stays busy
BUSY_RETRIES = 5


class StoreError(NewsgraphError):
    """The database cannot be opened, migrated or written."""


def connect(path: str, readonly: bool) -> sqlite3.Connection:
    """An open connection (autocommit; transactions are explicit), or a ``StoreError``."""
    if readonly:
        conn = _connect_readonly(path)
    else:
        _make_folder(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_S)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise _open_error(path, exc) from None
    conn.execute("PRAGMA foreign_keys=ON")
    conn.row_factory = sqlite3.Row
    return conn


def use_wal(conn: sqlite3.Connection, path: str) -> None:
    """Write-ahead logging (readers never wait for the writer); set only on a file known to be
    newsgraph's, since it changes the file's format bytes."""
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.DatabaseError as exc:
        raise _open_error(path, exc) from None


def _make_folder(path: str) -> None:
    folder = Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the folder {folder} for the database "
                         f"({exc.strerror or exc}); pass a --db path in a folder you can "
                         "write") from None
    if Path(path).is_dir():
        raise StoreError(f"{path}: is a folder, not a database file; pass a file path as --db")


def _connect_readonly(path: str) -> sqlite3.Connection:
    """``mode=ro`` first; ``immutable=1`` where the file system refuses even the WAL index."""
    if not Path(path).is_file():
        what = "is a folder, not a database file" if Path(path).is_dir() else "no such database"
        raise StoreError(f"{path}: {what}; create one with: newsgraph ingest FILES --db {path}")
    uri = Path(path).resolve().as_uri()
    last: sqlite3.DatabaseError | None = None
    for flags in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(uri + flags, uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=BUSY_TIMEOUT_S)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            last = exc
            if "not a database" in str(exc) or "malformed" in str(exc):
                break
    assert last is not None
    raise _open_error(path, last) from None


def _open_error(path: str, exc: sqlite3.DatabaseError) -> StoreError:
    text = str(exc)
    if "not a database" in text:
        return StoreError(f"{path}: is not a SQLite database; pass another --db path")
    if "malformed" in text:
        return StoreError(f"{path}: the database file is damaged ({text}); restore it from a "
                          "copy, or ingest into a new --db path")
    return StoreError(f"{path}: cannot open the database ({text})")


def busy(exc: BaseException) -> bool:
    """Whether a SQLite error means another process holds the write lock (worth a retry)."""
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc))


def retrying(write: Callable[[], T], what: str, retries: int = BUSY_RETRIES,
             before_retry: Callable[[], None] | None = None) -> T:
    """Run ``write`` (one whole transaction), again after a pause while the database is busy;
    ``before_retry`` undoes what a failed attempt left in memory."""
    for attempt in range(retries + 1):
        try:
            return write()
        except sqlite3.OperationalError as exc:
            if not busy(exc) or attempt == retries:
                if busy(exc):
                    raise StoreError(f"{what}: the database stayed busy (another newsgraph "
                                     "process is writing it); run again later") from None
                raise
            log.info("%s: database busy, trying again (%d)", what, attempt + 1)
            time.sleep(0.2 * (attempt + 1))
            if before_retry is not None:
                before_retry()
    raise AssertionError("unreachable")
