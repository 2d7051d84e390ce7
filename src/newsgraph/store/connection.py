"""Opening a database (a SQLite file or a PostgreSQL URL), with errors a user can act on, and
waiting on a busy one.

``locate`` reads what ``--db`` / ``NEWSGRAPH_DB`` / ``newsgraph.open`` were given: a file path
(SQLite, the default), ``sqlite://PATH``, or ``postgresql://`` / ``postgres://`` (PostgreSQL via
psycopg 3, the ``postgres`` extra); any other URL scheme is refused in one line. A PostgreSQL
connection is wrapped in ``PgConnection``, which offers the DB-API surface the store uses
(``execute``, ``executemany``, ``fetch*``, rows readable by position and by name) and runs each
statement through ``dialect.POSTGRES.translate``.

Every failure to open is one ``StoreError`` line that names the file and says what to do: a
folder that cannot be made, a file that is not a database, a database of another program. A
read-only open works on a read-only file system too (SQLite's ``immutable`` mode is the fallback
when even the WAL index cannot be read), so looking at a database never needs write access.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

from ..errors import MissingExtraError, NewsgraphError
from .dialect import POSTGRES, RETRY_SQLSTATES, SQLITE, Dialect

log = logging.getLogger(__name__)

T = TypeVar("T")

#: how long one statement waits for another writer's lock before SQLite says "busy"
BUSY_TIMEOUT_S = 30.0
#: how many times a whole article transaction is tried again when the database stays busy
BUSY_RETRIES = 5


class StoreError(NewsgraphError):
    """The database cannot be opened, migrated or written."""


@dataclass(frozen=True)
class Location:
    """Where a database lives: a SQLite file path or a PostgreSQL connection URL."""

    dialect: Dialect
    target: str  # the file path, or the URL given to libpq
    shown: str  # what messages name (a URL without its password)


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def locate(db: str) -> Location:
    """Read a ``--db`` value: a path, ``sqlite://PATH``, or a ``postgresql://`` URL."""
    found = _SCHEME.match(db)
    if not found:
        return Location(SQLITE, db, db)
    scheme = found.group(1).lower()
    if scheme == "sqlite":
        path = db[found.end():]
        return Location(SQLITE, path, path)
    if scheme in ("postgresql", "postgres"):
        return Location(POSTGRES, db, _without_password(db))
    raise StoreError(f"{db}: the database URL scheme '{scheme}' is not supported; pass a file "
                     "path (SQLite) or postgresql://USER@HOST/DBNAME")


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def connect(path: str, readonly: bool) -> sqlite3.Connection:
    """An open connection (autocommit; transactions are explicit), or a ``StoreError``. A
    PostgreSQL URL gives a ``PgConnection``, which answers to the same calls."""
    location = locate(path)
    if location.dialect is POSTGRES:
        return cast(sqlite3.Connection, connect_postgres(location, readonly))
    path = location.target
    if readonly:
        conn = _connect_readonly(path)
    else:
        _make_folder(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_S)
        except sqlite3.DatabaseError as exc:
            raise _open_error(path, exc) from None
        patiently(lambda: conn.execute("SELECT count(*) FROM sqlite_master").fetchone(), path)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.row_factory = sqlite3.Row
    return conn


def use_wal(conn: sqlite3.Connection, path: str) -> None:
    """Write-ahead logging (readers never wait for the writer); set only on a file known to be
    newsgraph's, since it changes the file's format bytes."""

    def switch() -> None:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")

    patiently(switch, path)


def patiently(step: Callable[[], T], path: str) -> T:
    """Run one step of opening a database again while it reports busy, until the busy timeout.

    Two ingests starting on one new file once failed in CI with "cannot open the database
    (database is locked)" although every connection has a busy timeout: SQLite skips its busy
    handler where waiting could deadlock, and switching the journal to WAL while another process
    creates the schema is such a moment. The steps of opening only read or set pragmas, so
    trying again is safe; an error that is not "busy" is raised at once."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.01
    while True:
        try:
            return step()
        except sqlite3.DatabaseError as exc:
            if not busy(exc) or time.monotonic() + pause > deadline:
                raise _open_error(path, exc) from None
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


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


#: readers map the file instead of copying pages into each connection's small page cache: the
#: server's threads share the operating system's pages, and an events page of a large database
#: reads about a third faster (benchmarks/web_load.py)
READ_MMAP_BYTES = 1 << 30


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
            conn.execute(f"PRAGMA mmap_size={READ_MMAP_BYTES}")
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
    """Whether an error means another process holds the write lock, or (PostgreSQL) that the
    transaction lost a serialization, deadlock or lock-timeout race: worth a retry."""
    if isinstance(exc, sqlite3.OperationalError):
        return "locked" in str(exc) or "busy" in str(exc)
    return getattr(exc, "sqlstate", None) in RETRY_SQLSTATES


def retrying(write: Callable[[], T], what: str, retries: int = BUSY_RETRIES,
             before_retry: Callable[[], None] | None = None) -> T:
    """Run ``write`` (one whole transaction), again after a pause while the database is busy;
    ``before_retry`` undoes what a failed attempt left in memory."""
    for attempt in range(retries + 1):
        try:
            return write()
        except Exception as exc:
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


# -- PostgreSQL ---------------------------------------------------------------------------------

def connect_postgres(location: Location, readonly: bool) -> PgConnection:
    """A PostgreSQL connection (autocommit; transactions are explicit), read-only for the
    whole session when ``readonly``: the server refuses any write, whatever the code asks."""
    try:
        import psycopg
    except ImportError:
        raise MissingExtraError("PostgreSQL databases", "postgres") from None
    try:
        raw = psycopg.connect(location.target, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        reason = lines[0] if lines else type(exc).__name__
        raise StoreError(f"{location.shown}: cannot connect to PostgreSQL ({reason}); check the "
                         "URL, that the server runs and that the role may log in") from None
    raw.adapters.register_loader("numeric", _numeric_loader(psycopg))
    raw.execute(f"SET lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
    if readonly:
        raw.execute("SET default_transaction_read_only = on")
    return PgConnection(raw)


@functools.cache
def _numeric_loader(psycopg: Any) -> type:
    """``numeric`` (what PostgreSQL's sum of bigints is) as int or float, as SQLite gives it."""

    class NumericLoader(psycopg.adapt.Loader):  # type: ignore[misc, name-defined]
        def load(self, data: Any) -> int | float:
            text = bytes(data).decode()
            return int(text) if text.lstrip("-").isdigit() else float(text)

    return NumericLoader


class Row(tuple):  # type: ignore[type-arg]
    """A result row readable by position and by column name, as ``sqlite3.Row`` is."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@functools.cache
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    names = tuple(c.name for c in cursor.description or ())
    return _row_class(names)


class PgCursor:
    """A cursor whose statements are written in the store's shared SQL."""

    def __init__(self, conn: PgConnection) -> None:
        self._conn = conn
        self._cur = conn.raw.cursor(row_factory=_row_factory)
        self.rowcount = -1
        self.row_factory: object = None  # set by callers for sqlite3; rows are cheap here

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        params = tuple(params) if params is not None else ()
        text = POSTGRES.translate(sql, bool(params), self._conn.primary_key)
        if text is None:
            self.rowcount = -1
            return self
        self._cur.execute(text, params if params else None)
        self.rowcount = self._cur.rowcount
        self._conn.count_changes(self.rowcount)
        return self

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        rows = [tuple(p) for p in seq]
        if not rows:
            self.rowcount = 0
            return self
        text = POSTGRES.translate(sql, True, self._conn.primary_key)
        if text is None:
            return self
        self._cur.executemany(text, rows)
        self.rowcount = self._cur.rowcount
        self._conn.count_changes(self.rowcount)
        return self

    def fetchone(self) -> Row | None:
        return self._cur.fetchone() if self._cur.description else None

    def fetchall(self) -> list[Row]:
        return self._cur.fetchall() if self._cur.description else []

    def fetchmany(self, size: int = 1) -> list[Row]:
        return self._cur.fetchmany(size) if self._cur.description else []

    def __iter__(self) -> Iterator[Row]:
        return iter(self._cur) if self._cur.description else iter(())

    def close(self) -> None:
        self._cur.close()


class PgConnection:
    """A psycopg connection with the calls the store makes of a ``sqlite3.Connection``."""

    dialect = POSTGRES

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.total_changes = 0
        self.row_factory: object = None
        self._keys: dict[str, tuple[str, ...]] = {}

    def cursor(self) -> PgCursor:
        return PgCursor(self)

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        return self.cursor().execute(sql, params)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        return self.cursor().executemany(sql, seq)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self.raw.info.transaction_status != TransactionStatus.IDLE)

    def __enter__(self) -> PgConnection:
        """``with conn:`` as sqlite3 means it: commit an open transaction at the end, or roll
        it back on an error (the connection stays open)."""
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK" if kind is not None else "COMMIT")

    def count_changes(self, rowcount: int) -> None:
        self.total_changes += max(rowcount, 0)

    def primary_key(self, table: str) -> tuple[str, ...]:
        """The primary key columns of ``table`` (what ``INSERT OR REPLACE`` conflicts on)."""
        if table not in self._keys:
            rows = self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND "
                "i.indisprimary ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)",
                (table,)).fetchall()
            self._keys[table] = tuple(r[0] for r in rows)
        return self._keys[table]

    def close(self) -> None:
        self.raw.close()
