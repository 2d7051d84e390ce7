"""Which coder and dictionaries coded each article (migration 8).

A *coding* is a coder version and the (name, sha256) of every dictionary file loaded. Each
ingest records its coding and marks the articles it stored with it, so a database can say how
any article's events were made, and an ingest whose coding differs from what the stored
articles were coded with can say so (their events stay as they were coded).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

UNKNOWN = "unknown"  # coding 1: articles stored before codings were recorded


@dataclass(frozen=True)
class Coding:
    """A coder version and the dictionary files, as (name, sha256) pairs in load order."""

    coder_version: str
    dictionaries: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """``newsgraph 0.1.0+data.1a2b3c4d with A.txt (sha256 9f86d081), B.txt (...)``."""
        if self.coder_version == UNKNOWN:
            return "an unrecorded coder (stored before codings were kept)"
        files = ", ".join(f"{name} (sha256 {sha[:8]})" for name, sha in self.dictionaries)
        return f"{self.coder_version} with " + (files or "no dictionaries")


def record_coding(conn: sqlite3.Connection, coding: Coding) -> int:
    """The id of ``coding``, added if new."""
    files = json.dumps([list(pair) for pair in coding.dictionaries])
    conn.execute("INSERT OR IGNORE INTO codings(coder_version, dictionaries) VALUES (?, ?)",
                 (coding.coder_version, files))
    row = conn.execute("SELECT id FROM codings WHERE coder_version = ? AND dictionaries = ?",
                       (coding.coder_version, files)).fetchone()
    return int(row[0])


def mark_new_articles(conn: sqlite3.Connection, coding_id: int) -> int:
    """Mark every article not yet marked (those this ingest stored) with ``coding_id``."""
    cursor = conn.execute(
        "INSERT INTO article_codings(article_id, coding_id) SELECT a.id, ? FROM articles a "
        "WHERE NOT EXISTS (SELECT 1 FROM article_codings c WHERE c.article_id = a.id)",
        (coding_id,))
    return cursor.rowcount


def mark_articles(conn: sqlite3.Connection, coding_id: int, article_ids: list[str]) -> None:
    """Mark ``article_ids`` (just coded again by ``newsgraph recode``) with ``coding_id``."""
    conn.executemany("DELETE FROM article_codings WHERE article_id = ?",
                     [(a,) for a in article_ids])
    conn.executemany("INSERT INTO article_codings(article_id, coding_id) VALUES (?, ?)",
                     [(a, coding_id) for a in article_ids])


def codings_in_use(conn: sqlite3.Connection) -> list[tuple[Coding, int]]:
    """Each coding that coded stored articles, with how many, most used first."""
    rows = conn.execute(
        "SELECT k.coder_version, k.dictionaries, COUNT(*) FROM article_codings c "
        "JOIN codings k ON k.id = c.coding_id GROUP BY k.id ORDER BY COUNT(*) DESC, k.id"
    ).fetchall()
    return [(Coding(version, tuple((n, s) for n, s in json.loads(files))), int(count))
            for version, files, count in rows]


def article_coding(conn: sqlite3.Connection, article_id: str) -> Coding | None:
    """The coding of one stored article (None: not stored)."""
    row = conn.execute(
        "SELECT k.coder_version, k.dictionaries FROM article_codings c JOIN codings k "
        "ON k.id = c.coding_id WHERE c.article_id = ?", (article_id,)).fetchone()
    return Coding(row[0], tuple((n, s) for n, s in json.loads(row[1]))) if row else None


def coding_change(conn: sqlite3.Connection, current: Coding) -> str | None:
    """One line when stored articles were coded otherwise than ``current`` would, else None."""
    others = [(c, n) for c, n in codings_in_use(conn) if c != current]
    if not others:
        return None
    total = sum(n for _, n in others)
    seen = "; ".join(f"{n} by {c.describe()}" for c, n in others[:3])
    more = f"; and {len(others) - 3} more codings" if len(others) > 3 else ""
    return (f"{total} stored article(s) were coded otherwise ({seen}{more}); this ingest codes "
            f"with {current.describe()}. Their events stay as they were coded.")
