"""The event database: an embedded SQLite file by default, or PostgreSQL by URL.

``Store`` (here: connection, schema, transactions; its rows in ``articles``, ``writes`` and
``tallies``) owns one connection (``connection.connect``: a SQLite file, or a ``postgresql://`` URL
whose connection translates the shared SQL through ``dialect.POSTGRES``). Writes for one article happen inside ``transaction()``, so a crash
or Ctrl-C never leaves an article half-stored and a rerun picks up where it stopped. Reads live
in ``newsgraph.store.queries`` (and ``summaries``, ``stories``...); ``Store`` answers them as
methods (``store.reads``), so callers never hold the connection.

The write contract (any backend, SQLite here and PostgreSQL later, keeps all of it; the
determinism tests in tests/test_reliability.py hold it to it):

1. **One transaction per article.** The article row, its band keys, actors, roles, learned facts
   and events are written together or not at all; ``transaction()`` takes the write lock at its
   start (SQLite ``BEGIN IMMEDIATE``; PostgreSQL: ``pg_advisory_xact_lock`` on one key), so the
   merge lookup (``candidate_events``) and the insert or update that follows are serialised:
   two writers can never both miss each other's event.
2. **Idempotent insert on the content hash.** ``add_article`` inserts with ``ON CONFLICT DO
   NOTHING``; a row already there with the same content hash raises ``DuplicateArticle`` (the
   caller rolls back and counts a duplicate, never an error), one with the same id and another
   text raises ``ArticleIdTaken`` (the caller counts the input as failed).
3. **A busy database is waited for.** Each statement waits ``BUSY_TIMEOUT_S`` for the lock and
   the caller runs a whole article transaction again through ``retrying`` (it holds no state
   across attempts), so two ``newsgraph ingest`` processes on one file both finish.
4. **Canonical event ids.** An event's id is a function of its earliest mention (publication
   date, article id, offset), never of which writer stored it first; ``rekey_event`` moves a
   stored event (with its actors and mentions) to a new id when an earlier mention joins it.
5. **Learned knowledge is replayable.** ``add_learned`` appends what an article taught the
   knowledge base (new people, roles read from titles) in learning order, and
   ``learned_facts`` gives it back in that order, so every run and every worker starts from
   the knowledge a single sequential run would have at that point.
6. **Read-only opens never write**: no migration, no WAL switch; ``mode=ro`` with
   ``immutable=1`` as the fallback on a read-only file system.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .articles import ArticleIdTaken, ArticleRows, DuplicateArticle
from .connection import StoreError, connect, locate, retrying, use_wal
from .reads import StoreReads
from .schema import MIGRATIONS, SCHEMA_VERSION
from .tallies import SUMMARY_TABLES, Shares
from .timespan import date_bounds
from .writes import LONGEST_SPAN_DAYS, EventRows, dyad_key

log = logging.getLogger(__name__)

__all__ = ["LONGEST_SPAN_DAYS", "SUMMARY_TABLES", "ArticleIdTaken", "DuplicateArticle",
           "SchemaTooOld", "Shares", "Store", "StoreError", "date_bounds", "dyad_key", "retrying"]


class SchemaTooOld(StoreError):
    """A read-only open of a database that needs migrating first."""


class Store(ArticleRows, EventRows, StoreReads):
    """An open newsgraph database: the connection, the schema and the transactions here; the
    article rows in ``store.articles``, the event writes in ``store.writes``, the summary tables
    in ``store.tallies``, the reads (events, rows, actors, stories...) in ``store.reads``."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self._given = str(path)  # what connect() reads; ``path`` is what messages name
        location = locate(self._given)
        self.path = location.shown  # a SQLite file's path; a URL without its password
        self.readonly = readonly
        self.dialect = location.dialect
        self.conn = self._connect()
        if not readonly:
            self.migrate()
            return
        found = self.schema_version()
        if found == 0:
            self._refuse_foreign()
            if self.dialect.name != "sqlite":  # reading never creates tables in a server's db
                self.close()
                raise StoreError(f"{self.path}: holds no newsgraph tables yet; create them "
                                 f"with: newsgraph ingest FILES --db {self.path}")
        if found > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: database schema version {found} is newer than this "
                             f"newsgraph ({SCHEMA_VERSION}); upgrade newsgraph")
        if found < SCHEMA_VERSION:
            self.close()
            raise SchemaTooOld(
                f"{self.path}: database schema is version {found}, this newsgraph needs "
                f"{SCHEMA_VERSION}; open it once read-write (e.g. newsgraph ingest) to migrate")

    def _connect(self) -> sqlite3.Connection:
        return connect(self._given, self.readonly)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The newsgraph schema version of the file (0: no newsgraph tables yet)."""
        if self.dialect.name != "sqlite" and "meta" not in self.dialect.table_names(self.conn):
            return 0  # asked first: a failed statement would end a PostgreSQL transaction
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return 0
            raise StoreError(f"{self.path}: cannot read the database ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: is not a newsgraph database ({exc}); pass another "
                             "--db path") from None
        try:
            return int(row[0]) if row else 0
        except (TypeError, ValueError):
            raise StoreError(f"{self.path}: its meta table is not newsgraph's (schema_version "
                             f"{row[0]!r}); pass another --db path") from None

    def _refuse_foreign(self) -> None:
        """A file with tables but without newsgraph's schema is another program's database:
        refused before anything is written to it."""
        tables = self.dialect.table_names(self.conn)
        if tables:
            self.close()
            kind = "a SQLite" if self.dialect.name == "sqlite" else "a PostgreSQL"
            raise StoreError(
                f"{self.path}: is {kind} database of another program (tables: "
                f"{', '.join(tables[:5])}{', ...' if len(tables) > 5 else ''}), not newsgraph's; "
                "pass another --db path")

    def migrate(self) -> int:
        """Apply the migrations this database has not seen yet; returns the new version."""
        current = self.schema_version()
        if current == 0:
            self._refuse_foreign()
        if self.dialect.name == "sqlite":
            use_wal(self.conn, self.path)
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: database schema version {current} is newer than this newsgraph "
                f"({SCHEMA_VERSION}); upgrade newsgraph"
            )
        for number in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                if self.schema_version() >= number:
                    continue  # another process migrated it while this one waited for the lock
                for statement in self.dialect.migration(MIGRATIONS[number - 1]):
                    self.conn.execute(statement)
                self.dialect.after_migration(self.conn)
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (str(number),),
                )
            log.info("%s: migrated to schema version %d", self.path, number)
        return SCHEMA_VERSION

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing writes; nested calls join the outer transaction."""
        if self.conn.in_transaction:
            yield self.conn
            return
        begin, *lock = self.dialect.begin_write()
        self.conn.execute(begin)
        try:
            for statement in lock:
                self.conn.execute(statement)
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
