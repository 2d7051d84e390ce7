"""The event database: an embedded SQLite file by default, or PostgreSQL by URL.

``Store`` owns one connection (``connection.connect``: a SQLite file, or a ``postgresql://`` URL
whose connection translates the shared SQL through ``dialect.POSTGRES``). Writes for one article happen inside ``transaction()``, so a crash
or Ctrl-C never leaves an article half-stored and a rerun picks up where it stopped. Reads live
in ``newsgraph.store.queries`` and take the store's connection.

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

import datetime as dt
import functools
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..actors import Actor, ActorRef, Role
from ..coreference import bound_span
from ..events import Event, Mention
from .articles import ArticleIdTaken, ArticleRows, DuplicateArticle
from .connection import StoreError, connect, locate, retrying, use_wal
from .places import rekey_place, write_place
from .schema import MIGRATIONS, SCHEMA_VERSION
from .timespan import date_bounds

log = logging.getLogger(__name__)

__all__ = ["ArticleIdTaken", "DuplicateArticle", "SchemaTooOld", "Store", "StoreError",
           "date_bounds", "dyad_key", "retrying"]


class SchemaTooOld(StoreError):
    """A read-only open of a database that needs migrating first."""


# The summary tables of schema migration 4: table -> (key columns, counted columns). The first
# counted column is the number of events; a row whose count falls to 0 is dropped.
SUMMARY_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "dyad_counts": (("source_id", "target_id", "modality"), ("n", "goldstein_sum", "goldstein_n")),
    "actor_counts": (("actor_id",), ("n",)),
    "actor_pairs": (("actor_id", "other_id"), ("n", "goldstein_sum", "goldstein_weight")),
    "event_counts": (("type", "modality"), ("n", "merged", "multi_source")),
}
# the longest span of a stored event the merge lookup reaches back for (a year-precise date)
LONGEST_SPAN_DAYS = 366
Shares = dict[tuple[str, tuple[str, ...]], tuple[float, ...]]
"""What one stored event adds to each summary row: (table, key) -> counts."""


def dyad_key(event: Event) -> str:
    """Key shared by every report of the same pair: ordered, or unordered when reciprocal."""
    src = sorted({a.actor_id for a in event.source})
    tgt = sorted({a.actor_id for a in event.target})
    if event.reciprocal:
        return "~".join(sorted(set(src) | set(tgt)))
    return ",".join(src) + ">" + ",".join(tgt)


class Store(ArticleRows):
    """An open newsgraph database."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        self.dialect = locate(self.path).dialect
        self.conn = self._connect()
        if not readonly:
            self.migrate()
            return
        found = self.schema_version()
        if found == 0:
            self._refuse_foreign()
            if self.dialect.name != "sqlite":  # reading never creates tables in a server's db
                self.close()
                shown = locate(self.path).shown
                raise StoreError(f"{shown}: holds no newsgraph tables yet; create them with: "
                                 f"newsgraph ingest FILES --db {shown}")
        if found > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: database schema version {found} is newer than this "
                             f"newsgraph ({SCHEMA_VERSION}); upgrade newsgraph")
        if found < SCHEMA_VERSION:
            self.close()
            raise SchemaTooOld(
                f"{self.path}: database schema is version {found}, this newsgraph needs "
                f"{SCHEMA_VERSION}; open it once read-write (e.g. newsgraph ingest) to migrate")

    def _connect(self) -> sqlite3.Connection:
        return connect(self.path, self.readonly)

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

    # -- actors ------------------------------------------------------------------------------
    def upsert_actor(self, actor: Actor) -> None:
        self.conn.execute(
            """INSERT INTO actors(id, name, kind, country, sector, aliases, source)
               VALUES (?,?,?,?,?,?,?)
               ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind,
               country=excluded.country, sector=excluded.sector, aliases=excluded.aliases,
               source=excluded.source""",
            (actor.id, actor.name, actor.kind, actor.country, actor.sector,
             json.dumps(actor.aliases, ensure_ascii=False), actor.source),
        )

    def upsert_role(self, role: Role) -> None:
        """Store a role; a learned role widens its observed interval with each new evidence."""
        start = role.start.isoformat() if role.start else None
        end = role.end.isoformat() if role.end else None
        self.conn.execute(
            """INSERT INTO roles(actor_id, office, country, start, "end", source, learned, evidence,
               term)
               VALUES (?,?,?,?,?,?,?,?,?)
               ON CONFLICT(actor_id, office, country, learned, term) DO UPDATE SET
               start = CASE WHEN excluded.start < roles.start OR roles.start IS NULL
                            THEN excluded.start ELSE roles.start END,
               "end" = CASE WHEN roles.learned = 0 THEN excluded."end"
                            WHEN excluded."end" > roles."end" OR roles."end" IS NULL
                            THEN excluded."end" ELSE roles."end" END,
               evidence = COALESCE(roles.evidence, excluded.evidence)""",
            (role.actor_id, role.office, role.country, start, end, role.source,
             int(role.learned), role.evidence, "" if role.learned else (start or "")),
        )

    # -- events ------------------------------------------------------------------------------
    def candidate_events(self, event: Event, window_days: int = 3) -> list[Event]:
        """Stored events that could be the same real event: same pair, type and modality, near
        in time, earliest first. The caller (``coreference``) decides; this only narrows the
        search by index. The index range on ``date_start`` is bounded on both sides: a stored
        event spanning more than ``LONGEST_SPAN_DAYS`` that starts before the window is not
        looked for."""
        from .queries import load_events

        if event.date is None:  # a background mention: wherever its bound allows
            lo, hi = bound_span(event.date_bound) or (None, None)
        else:
            lo, hi = date_bounds(event.date)
        if lo is None or hi is None:
            return []
        lo_s = (lo - dt.timedelta(days=window_days)).isoformat()
        hi_s = (hi + dt.timedelta(days=window_days)).isoformat()
        earliest = (lo - dt.timedelta(days=window_days + LONGEST_SPAN_DAYS)).isoformat()
        rows = self.conn.execute(
            """SELECT id FROM events WHERE dyad = ? AND type = ? AND modality = ?
               AND date_start BETWEEN ? AND ? AND date_end >= ?
               ORDER BY date_start, id LIMIT 50""",
            (dyad_key(event), event.type, event.modality, earliest, hi_s, lo_s),
        ).fetchall()
        return load_events(self.conn, [r[0] for r in rows])

    def add_event(self, event: Event) -> str:
        """Insert a new event with its mentions; returns its id."""
        assert event.id, "event id is assigned by coreference before storing"
        lo, hi = date_bounds(event.date) if event.date else (None, None)
        first = min((m.published for m in event.mentions), default=None)
        self.conn.execute(
            """INSERT INTO events(id, type, mode, cameo, quad_class, goldstein, date, date_start,
               date_end, date_precision, date_basis, date_text, date_after, date_before,
               modality, confidence, reciprocal, source_id, target_id, dyad, n_mentions,
               n_articles, first_published)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                event.id, event.type, event.mode, event.cameo, event.quad_class, event.goldstein,
                event.date, lo.isoformat() if lo else None, hi.isoformat() if hi else None,
                event.date_precision, event.date_basis, event.date_text, event.date_after,
                event.date_before, event.modality,
                event.confidence, int(event.reciprocal),
                event.source[0].actor_id if event.source else None,
                event.target[0].actor_id if event.target else None,
                dyad_key(event), len(event.mentions),
                len({m.article_id for m in event.mentions}),
                first.isoformat() if first else None,
            ),
        )
        self._write_actors(event)
        write_place(self.conn, event)
        for mention, reason in zip(event.mentions, _reasons(event), strict=True):
            self._write_mention(event, mention, reason)
        self._count_shares({}, *self.event_shares(event.id))
        return event.id

    def update_event(self, event: Event, new_mentions: list[Mention], reason: str) -> None:
        """Record more mentions of a stored event and refresh what merging changed."""
        assert event.id, "only a stored event (with its id) can be updated"
        lo, hi = date_bounds(event.date) if event.date else (None, None)
        before, _ = self.event_shares(event.id)
        self.conn.execute(
            """UPDATE events SET date=?, date_start=?, date_end=?, date_precision=?, date_basis=?,
               date_text=?, date_after=?, date_before=?, confidence=?, n_mentions=?,
               n_articles=?, first_published=? WHERE id=?""",
            (
                event.date, lo.isoformat() if lo else None, hi.isoformat() if hi else None,
                event.date_precision, event.date_basis, event.date_text, event.date_after,
                event.date_before, event.confidence,
                len(event.mentions), len({m.article_id for m in event.mentions}),
                min(m.published for m in event.mentions).isoformat(), event.id,
            ),
        )
        self.conn.execute("DELETE FROM event_actors WHERE event_id = ?", (event.id,))
        self._write_actors(event)
        write_place(self.conn, event)
        for mention in new_mentions:
            self._write_mention(event, mention, reason)
        self._count_shares(before, *self.event_shares(event.id))

    # -- summary tables -------------------------------------------------------------------------
    def event_shares(self, event_id: str) -> tuple[Shares, dict[str, str]]:
        """What a stored event contributes to the summary tables, read back from its rows (so
        the tallies follow what was written, whatever the Event object said), and the names of
        its actors. The aggregate pages read these tallies instead of every event."""
        row = self.conn.execute(
            """SELECT type, modality, goldstein, source_id, target_id, n_mentions, n_articles
               FROM events WHERE id = ?""",
            (event_id,),
        ).fetchone()
        if row is None:
            return {}, {}
        goldstein = row["goldstein"]
        has_g = goldstein is not None
        shares: Shares = {("event_counts", (row["type"], row["modality"])): (
            1, int(row["n_mentions"] > 1), int(row["n_articles"] > 1))}
        if row["source_id"] is not None and row["target_id"] is not None:
            shares[("dyad_counts", (row["source_id"], row["target_id"], row["modality"]))] = (
                1, goldstein if has_g else 0.0, int(has_g))
        refs = self.conn.execute(
            "SELECT actor_id, name FROM event_actors WHERE event_id = ? "
            "AND role IN ('source', 'target') ORDER BY role, position",
            (event_id,),
        ).fetchall()
        times = Counter(r["actor_id"] for r in refs)
        names = {r["actor_id"]: r["name"] for r in refs}
        for actor in times:
            shares[("actor_counts", (actor,))] = (1,)
            if row["modality"] != "asserted":
                continue
            for other in times:
                if other != actor:
                    weight = times[actor] * times[other] if has_g else 0
                    shares[("actor_pairs", (actor, other))] = (
                        1, goldstein * weight if has_g else 0.0, weight)
        return shares, names

    def _count_shares(self, before: Shares, after: Shares, names: dict[str, str]) -> None:
        """Move the summary tables from an event's old shares to its new ones (only rows that
        change are written)."""
        for key in sorted(before.keys() | after.keys()):
            table, values = key
            counts = SUMMARY_TABLES[table][1]
            old = before.get(key, (0,) * len(counts))
            new = after.get(key, (0,) * len(counts))
            delta = tuple(b - a for a, b in zip(old, new, strict=True))
            if not any(delta):
                continue
            named = table == "actor_pairs"  # keeps the other actor's latest name
            params = values + delta + ((names.get(values[1], values[1]),) if named else ())
            self.conn.execute(_upsert_sql(table), params)
            if delta[0] < 0:
                self.conn.execute(_drop_empty_sql(table), values)

    def _write_actors(self, event: Event) -> None:
        for role, refs in (("source", event.source), ("target", event.target),
                           ("claimed_by", event.claimed_by)):
            for position, ref in enumerate(refs):
                self.conn.execute(
                    """INSERT OR REPLACE INTO event_actors(event_id, role, position, actor_id,
                       name, kind, country, sector, text, how) VALUES (?,?,?,?,?,?,?,?,?,?)""",
                    (event.id, role, position, ref.actor_id, ref.name, ref.kind, ref.country,
                     ref.sector, ref.text, ref.how),
                )

    def _write_mention(self, event: Event, m: Mention, reason: str | None) -> None:
        self.conn.execute(
            """INSERT INTO mentions(event_id, article_id, published, sentence, start, "end",
               trigger, trigger_start, trigger_end, rule, modality, confidence, date, date_basis,
               date_text, source, target, claimed_by, merge_reason)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                event.id, m.article_id, m.published.isoformat(), m.sentence, m.start, m.end,
                m.trigger, m.trigger_start, m.trigger_end, m.rule,
                getattr(m, "modality", None) or event.modality,
                getattr(m, "confidence", None) or event.confidence,
                getattr(m, "date", None), getattr(m, "date_basis", None),
                getattr(m, "date_text", None),
                _refs_json(getattr(m, "source", None) or []),
                _refs_json(getattr(m, "target", None) or []),
                _refs_json(m.claimed_by), reason,
            ),
        )

    def set_article_events(self, article_id: str, n_events: int) -> None:
        self.conn.execute("UPDATE articles SET n_events = ? WHERE id = ?", (n_events, article_id))

    def rekey_event(self, old_id: str, new_id: str) -> None:
        """Give a stored event a new id (contract 4: an earlier mention joined it), moving its
        actors and mentions along; the summary tables are keyed by actors, not events."""
        if old_id == new_id:
            return
        self.conn.execute("PRAGMA defer_foreign_keys = ON")  # children follow in this transaction
        self.conn.execute("UPDATE events SET id = ? WHERE id = ?", (new_id, old_id))
        self.conn.execute("UPDATE event_actors SET event_id = ? WHERE event_id = ?",
                          (new_id, old_id))
        self.conn.execute("UPDATE mentions SET event_id = ? WHERE event_id = ?", (new_id, old_id))
        rekey_place(self.conn, old_id, new_id)

    # -- re-coding (newsgraph recode) -----------------------------------------------------------
    def events_of_articles(self, article_ids: list[str]) -> set[str]:
        """The ids of the events with a mention in any of ``article_ids``."""
        found: set[str] = set()
        for part in _chunks(article_ids):
            marks = ",".join("?" * len(part))
            found.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT event_id FROM mentions WHERE article_id IN ({marks})", part))
        return found

    def articles_sharing_events(self, article_ids: list[str]) -> set[str]:
        """The articles with a mention of an event that one of ``article_ids`` mentions."""
        found: set[str] = set()
        events = sorted(self.events_of_articles(article_ids))
        for part in _chunks(events):
            marks = ",".join("?" * len(part))
            found.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT article_id FROM mentions WHERE event_id IN ({marks})", part))
        return found

    def remove_event(self, event_id: str) -> None:
        """Delete a stored event with its actors, mentions and place, and take its shares out
        of the summary tables."""
        before, names = self.event_shares(event_id)
        self._count_shares(before, {}, names)
        for table in ("mentions", "event_actors", "event_places"):
            self.conn.execute(f"DELETE FROM {table} WHERE event_id = ?", (event_id,))
        self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))

    def forget_learned(self, article_ids: list[str]) -> None:
        """Drop what ``article_ids`` taught the knowledge base (they are about to teach it
        again)."""
        for part in _chunks(article_ids):
            marks = ",".join("?" * len(part))
            self.conn.execute(f"DELETE FROM learned_facts WHERE article_id IN ({marks})", part)

    # -- learned knowledge (contract 5) ---------------------------------------------------------
    def add_learned(self, article_id: str, actors: list[Actor], roles: list[Role]) -> None:
        """Record what one article taught the knowledge base, people first, in learning order."""
        rows = [(article_id, "actor", json.dumps(asdict(a), ensure_ascii=False)) for a in actors]
        rows += [(article_id, "role", json.dumps(asdict(r), ensure_ascii=False, default=str))
                 for r in roles]
        self.conn.executemany("INSERT INTO learned_facts(article_id, kind, record) VALUES (?,?,?)",
                              rows)

    def learned_facts(self, after: int = 0) -> list[tuple[str, dict[str, Any]]]:
        """The learned facts after position ``after`` as (kind, fields), in the order the
        articles taught them (commit order: writers take turns, contract 1)."""
        rows = self.conn.execute("SELECT kind, record FROM learned_facts WHERE seq > ? "
                                 "ORDER BY seq", (after,)).fetchall()
        return [(r[0], json.loads(r[1])) for r in rows]

    def fact_seq(self) -> int:
        """The position of the last learned fact stored (0: none)."""
        return int(self.conn.execute("SELECT COALESCE(max(seq), 0) FROM learned_facts")
                   .fetchone()[0])


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    """Lists short enough for one ``IN (...)`` (SQLite allows 32766 parameters; stay far below)."""
    return [items[i:i + size] for i in range(0, len(items), size)]


@functools.cache
def _upsert_sql(table: str) -> str:
    """Add counts to a summary row, creating it when missing."""
    keys, counts = SUMMARY_TABLES[table]
    named = table == "actor_pairs"
    columns = keys + counts + (("name",) if named else ())
    updates = [f"{c} = {table}.{c} + excluded.{c}" for c in counts]
    updates += ["name = excluded.name"] if named else []
    return (f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT({', '.join(keys)}) DO UPDATE SET {', '.join(updates)}")


@functools.cache
def _drop_empty_sql(table: str) -> str:
    """Remove a summary row whose events are all gone."""
    keys, _ = SUMMARY_TABLES[table]
    return f"DELETE FROM {table} WHERE {' AND '.join(f'{c} = ?' for c in keys)} AND n <= 0"


def _reasons(event: Event) -> list[str | None]:
    """One merge reason per mention: none for the first, then the recorded reasons in order."""
    reasons: list[str | None] = [None]
    reasons += list(event.merge_reasons[: len(event.mentions) - 1])
    reasons += [None] * (len(event.mentions) - len(reasons))
    return reasons


def _refs_json(refs: list[ActorRef]) -> str:
    return json.dumps([asdict(r) for r in refs], ensure_ascii=False, default=str)
