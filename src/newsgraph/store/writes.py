"""The event rows of the store: actors and roles, events with their actors and mentions, merges
into a stored event, rekeying, and the learned facts (store contracts 4 and 5).

``EventRows`` is a part of ``Store`` (it needs the store's connection; the summary tables move
with every event write through ``Tallies``); the transaction and the write lock are the store's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, fields
from typing import Any

from ..actors import Actor, ActorRef, Role
from ..articles import Article
from ..events import Event, Mention
from . import stories
from .places import rekey_place, write_place
from .tallies import Tallies
from .timespan import date_bounds

# the longest span of a stored event the merge lookup reaches back for (a year-precise date)
LONGEST_SPAN_DAYS = 366

def dyad_key(event: Event) -> str:
    """Key shared by every report of the same pair: ordered, or unordered when reciprocal."""
    src = sorted({a.actor_id for a in event.source})
    tgt = sorted({a.actor_id for a in event.target})
    if event.reciprocal:
        return "~".join(sorted(set(src) | set(tgt)))
    return ",".join(src) + ">" + ",".join(tgt)


class EventRows(Tallies):
    """Writes (and the merge lookup) of actors, roles, events, mentions and learned facts."""

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
        # imported here: coreference imports numpy and spaCy, which read commands never need
        from ..coreference import bound_span
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

    def _write_actors(self, event: Event) -> None:
        rows = [(event.id, role, position, ref.actor_id, ref.name, ref.kind, ref.country,
                 ref.sector, ref.text, ref.how)
                for role, refs in (("source", event.source), ("target", event.target),
                                   ("claimed_by", event.claimed_by))
                for position, ref in enumerate(refs)]
        if rows:  # one statement for the event's actors, in the order they were written
            self.conn.executemany(
                """INSERT OR REPLACE INTO event_actors(event_id, role, position, actor_id,
                   name, kind, country, sector, text, how) VALUES (?,?,?,?,?,?,?,?,?,?)""",
                rows)

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

    # -- stories (inside the caller's transaction) ---------------------------------------------
    def file_story(self, article: Article, events: Iterable[Event] = ()) -> str:
        """File a stored article, after its events, into its story; returns the story's id."""
        return stories.file_article(self.conn, article, events)

    def file_copy_story(self, article: Article, original_id: str) -> str:
        """File a near-duplicate into its original's story; returns the story's id."""
        return stories.file_copy(self.conn, article, original_id)

    def file_unfiled_stories(self) -> int:
        """File the articles stored before stories were (migration 10); returns how many."""
        return stories.file_unfiled(self.conn)

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


def _reasons(event: Event) -> list[str | None]:
    """One merge reason per mention: none for the first, then the recorded reasons in order."""
    reasons: list[str | None] = [None]
    reasons += list(event.merge_reasons[: len(event.mentions) - 1])
    reasons += [None] * (len(event.mentions) - len(reasons))
    return reasons


_REF_FIELDS = tuple(f.name for f in fields(ActorRef))


def _refs_json(refs: list[ActorRef]) -> str:
    """The references as JSON, field by field: ``asdict``'s deep copy gives the same text (an
    ActorRef holds only strings, numbers and a pair of strings) at several times the cost."""
    return json.dumps([{name: getattr(r, name) for name in _REF_FIELDS} for r in refs],
                      ensure_ascii=False, default=str)
