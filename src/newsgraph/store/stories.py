"""Stories in the store: filing an article into its thread and story, and reading stories back.

The rule is :mod:`newsgraph.stories`; this keeps its state (schema migration 10): each filed
article's signature, thread and story (``story_articles``), its signature terms by date
(``story_terms``, where a new article finds the stored articles it may link to) and one row per
story (``stories``: its span and size, what lists page through). :func:`file_article` runs
inside the article's transaction (ingest calls it after the article's events are stored), so an
article is in a story exactly when it is stored. The SQL keeps to what SQLite and PostgreSQL
share (``store.dialect`` translates the rest).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..articles import Article
from ..events import Event
from ..stories import (
    DEFAULT_RULE,
    Member,
    Settled,
    Signature,
    StoryRule,
    central_event,
    event_label,
    linked,
    signature,
    split_window,
    story_id,
)

CHUNK = 500  # ids per IN (...) list: under SQLite's and PostgreSQL's parameter limits


@dataclass
class StorySummary:
    """One story as lists show it: its label (from its central event), span and sizes."""

    id: str
    label: str
    first_published: str
    last_published: str
    n_articles: int
    n_events: int
    outlets: list[str]
    central_event: str | None


@dataclass
class Story(StorySummary):
    """One story in full: its articles (date order) and its events (date order, undated
    last)."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        """The story as JSON (CLI and HTTP API): its fields, its articles, and its events in
        the documented event format (``exports.event_record``)."""
        from dataclasses import asdict

        from ..exports import event_record

        body = asdict(self)
        body["events"] = [event_record(e) for e in self.events]
        return body


def file_article(conn: sqlite3.Connection, article: Article, events: Iterable[Event] = (),
                 rule: StoryRule = DEFAULT_RULE) -> str:
    """File a stored article into its story (inside the caller's transaction) and return the
    story's id: link it to the stored articles it matches, join their threads, split the
    thread into stories again. An article filed before keeps its story."""
    found = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                         (article.id,)).fetchone()
    if found is not None:
        return str(found[0])
    terms = signature(article.text, list(events), article.title)
    return _file(conn, Member(article.id, article.published, terms), rule)


def file_copy(conn: sqlite3.Connection, article: Article, original_id: str,
              rule: StoryRule = DEFAULT_RULE) -> str:
    """File a near-duplicate with its original's signature: the copy is in the original's
    story (it matches it fully), and no new wording changes any other link."""
    filed = story_of(conn, article.id)
    if filed is not None:
        return filed
    row = conn.execute("SELECT signature FROM story_articles WHERE article_id = ?",
                       (original_id,)).fetchone()
    if row is None:
        return file_article(conn, article, (), rule)
    return _file(conn, Member(article.id, article.published, _terms(row[0])), rule)


def file_unfiled(conn: sqlite3.Connection, rule: StoryRule = DEFAULT_RULE,
                 batch: int = 200) -> int:
    """File the stored articles that are in no story (stored before migration 10), with the
    events stored from them; returns how many. Any order gives the same stories."""
    done = 0
    while True:
        rows = conn.execute(
            "SELECT id, published, title, text, duplicate_of FROM articles WHERE id NOT IN "
            "(SELECT article_id FROM story_articles) ORDER BY published, id LIMIT ?",
            (batch,)).fetchall()
        if not rows:
            return done
        for r in rows:
            article = Article(r["id"], dt.date.fromisoformat(r["published"]), r["text"],
                              title=r["title"])
            if r["duplicate_of"]:
                file_copy(conn, article, r["duplicate_of"], rule)
            else:
                file_article(conn, article, _stored_events(conn, r["id"]), rule)
            done += 1


def _stored_events(conn: sqlite3.Connection, article_id: str) -> list[Event]:
    from .queries import load_events

    ids = [r[0] for r in conn.execute(
        "SELECT DISTINCT event_id FROM mentions WHERE article_id = ? ORDER BY event_id",
        (article_id,))]
    return load_events(conn, ids)


def _file(conn: sqlite3.Connection, me: Member, rule: StoryRule) -> str:
    """Link ``me``, join its thread, and split the thread's window again: the thread's
    articles within ``2 x window_days`` of ``me`` are clustered afresh, each free to join one
    of the thread's settled stories (their articles outside the window, never split again).
    With the input in date order the result does not depend on the order within a date, and
    the cost of an article is bounded by how many articles a few days hold, not by the
    thread."""
    lo = (me.published - dt.timedelta(days=rule.window_days)).isoformat()
    hi = (me.published + dt.timedelta(days=rule.window_days)).isoformat()
    threads: dict[str, str] = {}
    terms = sorted(me.terms)
    for part in _chunks(terms):
        marks = ",".join("?" * len(part))
        for r in conn.execute(
                f"""SELECT DISTINCT a.article_id, a.published, a.signature, a.thread_id
                    FROM story_terms t JOIN story_articles a ON a.article_id = t.article_id
                    WHERE t.term IN ({marks}) AND t.published >= ? AND t.published <= ?""",
                (*part, lo, hi)):
            other = Member(r["article_id"], dt.date.fromisoformat(r["published"]),
                           _terms(r["signature"]))
            if linked(me.terms, me.published, other.terms, other.published, rule):
                threads[other.article_id] = r["thread_id"]
    joined = sorted(set(threads.values()))
    firsts = [me.order]
    for part in _chunks(joined):
        marks = ",".join("?" * len(part))
        row = conn.execute(f"SELECT min(published || ' ' || article_id) FROM story_articles "
                           f"WHERE thread_id IN ({marks})", tuple(part)).fetchone()
        if row and row[0]:
            day, _, first_id = str(row[0]).partition(" ")
            firsts.append((day, first_id))
    day, first_id = min(firsts)
    thread = "t" + story_id(dt.date.fromisoformat(day), first_id)[1:]
    conn.execute("INSERT INTO story_articles(article_id, thread_id, story_id, published, "
                 "signature) VALUES (?,?,?,?,?)",
                 (me.article_id, thread, "", me.published.isoformat(),
                  json.dumps(me.terms, sort_keys=True)))
    conn.executemany("INSERT INTO story_terms(term, published, article_id) VALUES (?,?,?)",
                     [(t, me.published.isoformat(), me.article_id) for t in terms])
    renamed = [t for t in joined if t != thread]
    for part in _chunks(renamed):
        marks = ",".join("?" * len(part))
        conn.execute(f"UPDATE story_articles SET thread_id = ? WHERE thread_id IN ({marks})",
                     (thread, *part))
        conn.execute(f"UPDATE stories SET thread_id = ? WHERE thread_id IN ({marks})",
                     (thread, *part))
    return _split(conn, thread, me, rule)


def _split(conn: sqlite3.Connection, thread: str, me: Member, rule: StoryRule) -> str:
    """Cluster the thread's window afresh (see ``_file``) and write the stories it touched."""
    start = me.published - dt.timedelta(days=2 * rule.window_days)
    end = me.published + dt.timedelta(days=2 * rule.window_days)
    margin = dt.timedelta(days=rule.window_days)
    rows = conn.execute(
        "SELECT article_id, published, signature, story_id FROM story_articles "
        "WHERE thread_id = ? AND published >= ? AND published <= ? "
        "ORDER BY published, article_id",
        (thread, (start - margin).isoformat(), (end + margin).isoformat())).fetchall()
    active: list[Member] = []
    near: dict[str, list[Member]] = {}
    before: set[str] = set()
    for r in rows:
        m = Member(r["article_id"], dt.date.fromisoformat(r["published"]), _terms(r["signature"]))
        if start <= m.published <= end:
            active.append(m)
            before.add(r["story_id"])
        else:
            near.setdefault(r["story_id"], []).append(m)
    sizes = {r[0]: int(r[1]) for r in conn.execute(
        "SELECT story_id, count(*) FROM story_articles WHERE thread_id = ? "
        "AND (published < ? OR published > ?) GROUP BY story_id",
        (thread, start.isoformat(), end.isoformat()))}
    settled = [Settled(sid, sizes[sid], tuple(ms)) for sid, ms in sorted(near.items())]
    mine, touched = "", set(before)
    for kept, members in split_window(active, settled, rule):
        sid = kept or story_id(members[0].published, members[0].article_id)
        touched.add(sid)
        for part in _chunks([m.article_id for m in members]):
            marks = ",".join("?" * len(part))
            conn.execute(f"UPDATE story_articles SET story_id = ? WHERE article_id IN ({marks})",
                         (sid, *part))
        if any(m.article_id == me.article_id for m in members):
            mine = sid
    for sid in sorted(touched - {""}):
        _refresh_story(conn, sid, thread)
    return mine


def _refresh_story(conn: sqlite3.Connection, sid: str, thread: str) -> None:
    """A story's row from its articles (gone when it has none left)."""
    conn.execute("DELETE FROM stories WHERE id = ?", (sid,))
    row = conn.execute("SELECT min(published), max(published), count(*) FROM story_articles "
                       "WHERE story_id = ?", (sid,)).fetchone()
    if row and row[2]:
        conn.execute("INSERT INTO stories(id, thread_id, first_published, last_published, "
                     "n_articles) VALUES (?,?,?,?,?)", (sid, thread, row[0], row[1], int(row[2])))


def _terms(text: str) -> Signature:
    return {str(k): float(v) for k, v in json.loads(text).items()}


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]


# --------------------------------------------------------------------------- reading


def story_of(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The story an article is filed in, or None."""
    row = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                       (article_id,)).fetchone()
    return str(row[0]) if row else None


def list_stories(conn: sqlite3.Connection, since: dt.date | None = None,
                 until: dt.date | None = None, actor_ids: Sequence[str] | None = None,
                 countries: Sequence[str] = (), limit: int = 50,
                 offset: int = 0) -> tuple[list[StorySummary], int]:
    """Stories whose span meets [since, until] (and, given ``actor_ids``, with an event of one
    of them or of an actor of one of ``countries``), latest first (by last article, then id),
    one page; and how many there are."""
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("s.last_published >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append("s.first_published <= ?")
        params.append(until.isoformat())
    if actor_ids is not None:
        if not actor_ids:
            return [], 0
        marks = ",".join("?" * len(actor_ids))
        nationals = (f" OR ea.country IN ({','.join('?' * len(countries))})"
                     if countries else "")
        where.append(f"""s.id IN (SELECT sa.story_id FROM story_articles sa
                         JOIN mentions m ON m.article_id = sa.article_id
                         JOIN event_actors ea ON ea.event_id = m.event_id
                         WHERE ea.actor_id IN ({marks}){nationals})""")
        params += [*actor_ids, *countries]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    total = int(conn.execute(f"SELECT count(*) FROM stories s {clause}", params).fetchone()[0])
    rows = conn.execute(
        f"""SELECT s.id FROM stories s {clause}
            ORDER BY s.last_published DESC, s.id DESC LIMIT ? OFFSET ?""",
        (*params, limit, offset)).fetchall()
    found = [load_story(conn, r[0]) for r in rows]
    return [_summary(s) for s in found if s is not None], total


def load_story(conn: sqlite3.Connection, sid: str) -> Story | None:
    """One story with its articles and events, or None."""
    from .queries import load_events

    row = conn.execute("SELECT id, first_published, last_published, n_articles FROM stories "
                       "WHERE id = ?", (sid,)).fetchone()
    if row is None:
        return None
    articles = [dict(r) for r in conn.execute(
        """SELECT a.id, a.published, a.title, a.url, a.source, a.duplicate_of
           FROM story_articles sa JOIN articles a ON a.id = sa.article_id
           WHERE sa.story_id = ? ORDER BY sa.published, sa.article_id""", (sid,))]
    ids = [r[0] for r in conn.execute(
        """SELECT DISTINCT m.event_id FROM story_articles sa
           JOIN mentions m ON m.article_id = sa.article_id
           WHERE sa.story_id = ? ORDER BY m.event_id""", (sid,))]
    events = load_events(conn, ids)
    mine = {a["id"] for a in articles}
    events.sort(key=lambda e: (e.date is None, e.date or "", e.id or ""))
    centre = central_event([_within(e, mine) for e in events],
                           dt.date.fromisoformat(row["first_published"]),
                           dt.date.fromisoformat(row["last_published"]))
    outlets = Counter(a["source"] for a in articles if a["source"])
    label = event_label(centre) if centre else (articles[0]["title"] if articles
                                                and articles[0]["title"] else sid)
    return Story(row["id"], label, row["first_published"], row["last_published"],
                 int(row["n_articles"]), len(events),
                 [name for name, _ in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))],
                 centre.id if centre else None, articles, events)


def _within(event: Event, articles: set[str]) -> Event:
    """The event with only the mentions of the story's articles (what centrality counts)."""
    from dataclasses import replace

    return replace(event, mentions=[m for m in event.mentions if m.article_id in articles])


def _summary(story: Story) -> StorySummary:
    return StorySummary(story.id, story.label, story.first_published, story.last_published,
                        story.n_articles, story.n_events, story.outlets, story.central_event)
