"""The event database: an embedded SQLite file by default.

``Store`` owns one connection. Writes for one article happen inside ``transaction()``, so a crash
or Ctrl-C never leaves an article half-stored and a rerun picks up where it stopped. Reads live
in ``newsgraph.store.queries`` and take the store's connection.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from ..actors import Actor, ActorRef, Role
from ..articles import Article
from ..errors import NewsgraphError
from ..events import Event, Mention
from .schema import MIGRATIONS, SCHEMA_VERSION
from .timespan import date_bounds

log = logging.getLogger(__name__)

__all__ = ["Store", "StoreError", "date_bounds", "dyad_key"]


class StoreError(NewsgraphError):
    """The database cannot be opened, migrated or written."""


def dyad_key(event: Event) -> str:
    """Key shared by every report of the same pair: ordered, or unordered when reciprocal."""
    src = sorted({a.actor_id for a in event.source})
    tgt = sorted({a.actor_id for a in event.target})
    if event.reciprocal:
        return "~".join(sorted(set(src) | set(tgt)))
    return ",".join(src) + ">" + ",".join(tgt)


class Store:
    """An open newsgraph database."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        self.conn = self._connect()
        if not readonly:
            self.migrate()
        elif self.schema_version() != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: database schema is version {self.schema_version()}, this newsgraph "
                f"needs {SCHEMA_VERSION}; open it once read-write (e.g. newsgraph stats) to migrate"
            )

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.readonly:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.row_factory = sqlite3.Row
            return conn
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc})") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------
    def schema_version(self) -> int:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0]) if row else 0

    def migrate(self) -> int:
        """Apply the migrations this database has not seen yet; returns the new version."""
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: database schema version {current} is newer than this newsgraph "
                f"({SCHEMA_VERSION}); upgrade newsgraph"
            )
        for number in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in MIGRATIONS[number - 1]:
                    self.conn.execute(statement)
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
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- articles ---------------------------------------------------------------------------
    def find_article(self, article_id: str, content_hash: str) -> str | None:
        """Id of a stored article with this id or this content, if any."""
        row = self.conn.execute(
            "SELECT id FROM articles WHERE id = ? OR content_hash = ? LIMIT 1",
            (article_id, content_hash),
        ).fetchone()
        return row[0] if row else None

    def add_article(
        self,
        article: Article,
        words: int,
        minhash: bytes | None = None,
        duplicate_of: str | None = None,
        similarity: float | None = None,
    ) -> None:
        self.conn.execute(
            """INSERT INTO articles(id, published, title, url, source, origin, content_hash, text,
               words, duplicate_of, similarity, minhash, ingested_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                article.id, article.published.isoformat(), article.title, article.url,
                article.source, article.origin, article.content_hash, article.text, words,
                duplicate_of, similarity, minhash,
                dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            ),
        )

    def minhash_signatures(self) -> Iterator[tuple[str, bytes]]:
        """Stored near-duplicate signatures of original (non-duplicate) articles."""
        for row in self.conn.execute(
            "SELECT id, minhash FROM articles WHERE minhash IS NOT NULL AND duplicate_of IS NULL"
        ):
            yield row[0], row[1]

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
            """INSERT INTO roles(actor_id, office, country, start, "end", source, learned, evidence)
               VALUES (?,?,?,?,?,?,?,?)
               ON CONFLICT(actor_id, office, country, learned) DO UPDATE SET
               start = CASE WHEN excluded.start < roles.start OR roles.start IS NULL
                            THEN excluded.start ELSE roles.start END,
               "end" = CASE WHEN roles.learned = 0 THEN excluded."end"
                            WHEN excluded."end" > roles."end" OR roles."end" IS NULL
                            THEN excluded."end" ELSE roles."end" END,
               evidence = COALESCE(roles.evidence, excluded.evidence)""",
            (role.actor_id, role.office, role.country, start, end, role.source,
             int(role.learned), role.evidence),
        )

    # -- events ------------------------------------------------------------------------------
    def candidate_events(self, event: Event, window_days: int = 3) -> list[Event]:
        """Stored events that could be the same real event: same pair, type and modality, near
        in time. The caller (``stories``) decides; this only narrows the search by index."""
        from .queries import load_events

        lo, hi = date_bounds(event.date) if event.date else (None, None)
        if lo is None or hi is None:
            return []
        lo_s = (lo - dt.timedelta(days=window_days)).isoformat()
        hi_s = (hi + dt.timedelta(days=window_days)).isoformat()
        rows = self.conn.execute(
            """SELECT id FROM events WHERE dyad = ? AND type = ? AND modality = ?
               AND date_start <= ? AND date_end >= ? LIMIT 50""",
            (dyad_key(event), event.type, event.modality, hi_s, lo_s),
        ).fetchall()
        return load_events(self.conn, [r[0] for r in rows])

    def add_event(self, event: Event) -> str:
        """Insert a new event with its mentions; returns its id."""
        assert event.id, "event id is assigned by stories before storing"
        lo, hi = date_bounds(event.date) if event.date else (None, None)
        first = min((m.published for m in event.mentions), default=None)
        self.conn.execute(
            """INSERT INTO events(id, type, mode, cameo, quad_class, goldstein, date, date_start,
               date_end, date_precision, date_basis, date_text, modality, confidence, reciprocal,
               source_id, target_id, dyad, n_mentions, n_articles, first_published)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                event.id, event.type, event.mode, event.cameo, event.quad_class, event.goldstein,
                event.date, lo.isoformat() if lo else None, hi.isoformat() if hi else None,
                event.date_precision, event.date_basis, event.date_text, event.modality,
                event.confidence, int(event.reciprocal),
                event.source[0].actor_id if event.source else None,
                event.target[0].actor_id if event.target else None,
                dyad_key(event), len(event.mentions),
                len({m.article_id for m in event.mentions}),
                first.isoformat() if first else None,
            ),
        )
        self._write_actors(event)
        for mention, reason in zip(event.mentions, _reasons(event), strict=True):
            self._write_mention(event, mention, reason)
        return event.id

    def update_event(self, event: Event, new_mentions: list[Mention], reason: str) -> None:
        """Record more mentions of a stored event and refresh what merging changed."""
        lo, hi = date_bounds(event.date) if event.date else (None, None)
        self.conn.execute(
            """UPDATE events SET date=?, date_start=?, date_end=?, date_precision=?, date_basis=?,
               date_text=?, confidence=?, n_mentions=?, n_articles=?, first_published=? WHERE id=?""",
            (
                event.date, lo.isoformat() if lo else None, hi.isoformat() if hi else None,
                event.date_precision, event.date_basis, event.date_text, event.confidence,
                len(event.mentions), len({m.article_id for m in event.mentions}),
                min(m.published for m in event.mentions).isoformat(), event.id,
            ),
        )
        self.conn.execute("DELETE FROM event_actors WHERE event_id = ?", (event.id,))
        self._write_actors(event)
        for mention in new_mentions:
            self._write_mention(event, mention, reason)

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


def _reasons(event: Event) -> list[str | None]:
    """One merge reason per mention: none for the first, then the recorded reasons in order."""
    reasons: list[str | None] = [None]
    reasons += list(event.merge_reasons[: len(event.mentions) - 1])
    reasons += [None] * (len(event.mentions) - len(reasons))
    return reasons


def _refs_json(refs: list[ActorRef]) -> str:
    return json.dumps([asdict(r) for r in refs], ensure_ascii=False, default=str)
