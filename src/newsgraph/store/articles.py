"""The article rows of the store: idempotent inserts on the content hash, refusals that say
what to do, and the near-duplicate band keys (``syndication.BandStore``).

``ArticleRows`` is a part of ``Store`` (it needs the store's connection and transactions);
contract 2 of the store's write contract lives here.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ..articles import Article
from .connection import StoreError


class DuplicateArticle(StoreError):
    """The article's text is stored already (perhaps by another process a moment ago)."""

    def __init__(self, article: Article, stored_id: str) -> None:
        super().__init__(f"{article.origin or article.id}: already stored as {stored_id}")
        self.stored_id = stored_id


class ArticleIdTaken(StoreError):
    """Another text is stored under the article's id: refused, so nothing is silently lost."""

    def __init__(self, article: Article) -> None:
        super().__init__(f"{article.origin or article.id}: id {article.id} is already stored with "
                         "different text; rename the file or pass --id-from-hash")


class ArticleRows:
    """Reads and writes of the ``articles`` and ``article_bands`` tables."""

    conn: sqlite3.Connection
    path: str

    if TYPE_CHECKING:
        def transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...

    # -- articles ---------------------------------------------------------------------------
    def find_article(self, article_id: str, content_hash: str) -> str | None:
        """Id of a stored article with this id or this content, if any."""
        row = self.conn.execute(
            "SELECT id FROM articles WHERE id = ? OR content_hash = ? LIMIT 1",
            (article_id, content_hash),
        ).fetchone()
        return row[0] if row else None

    def original_articles(self) -> list[Article]:
        """Every stored article that is not a near-duplicate, in the order they were stored
        (the order they taught the knowledge base in): what ``newsgraph recode`` codes again."""
        rows = self.conn.execute(
            """SELECT id, published, text, title, url, source, origin, content_hash FROM articles
               WHERE duplicate_of IS NULL ORDER BY ingested_at, rowid""").fetchall()
        return [Article(id=r[0], published=dt.date.fromisoformat(r[1]), text=r[2], title=r[3],
                        url=r[4], source=r[5], origin=r[6], content_hash=r[7]) for r in rows]

    def stored_as(self, article: Article) -> StoreError | None:
        """Why ``article`` cannot be stored: its text is there (``DuplicateArticle``) or its id
        holds another text (``ArticleIdTaken``); None when it is new."""
        row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?",
                                (article.content_hash,)).fetchone()
        if row is not None:
            return DuplicateArticle(article, row[0])
        if self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
            return ArticleIdTaken(article)
        return None

    def add_article(
        self,
        article: Article,
        words: int,
        minhash: bytes | None = None,
        duplicate_of: str | None = None,
        similarity: float | None = None,
    ) -> None:
        """Insert the article; raises ``DuplicateArticle`` or ``ArticleIdTaken`` (contract 2)
        when its text or its id is stored already, whoever stored it."""
        inserted = self.conn.execute(
            """INSERT INTO articles(id, published, title, url, source, origin, content_hash, text,
               words, duplicate_of, similarity, minhash, ingested_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING""",
            (
                article.id, article.published.isoformat(), article.title, article.url,
                article.source, article.origin, article.content_hash, article.text, words,
                duplicate_of, similarity, minhash,
                dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            ),
        ).rowcount
        if not inserted:
            raise self.stored_as(article) or StoreError(
                f"{article.origin or article.id}: not stored (the database refused the row)")

    # -- near-duplicate bands (syndication.BandStore) ------------------------------------------
    def band_layout(self) -> str | None:
        """The settings the stored band keys were made with, prefixed ``filling:`` until every
        stored original has its keys (None before any were stored)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key='band_layout'").fetchone()
        return row[0] if row else None

    def set_band_layout(self, layout: str) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('band_layout', ?)",
                              (layout,))

    def reset_bands(self, layout: str) -> None:
        """Forget every band key (made with other settings) before filling them as ``layout``."""
        with self.transaction():
            self.conn.execute("DELETE FROM article_bands")
            self.set_band_layout(layout)

    def add_bands(self, article_id: str, keys: list[int]) -> None:
        self.conn.executemany("INSERT INTO article_bands(band_key, article_id) VALUES (?, ?)",
                              [(key, article_id) for key in keys])

    def articles_without_bands(self, after: str = "", limit: int = 1000) -> list[tuple[str, bytes]]:
        """Originals with a signature but no band keys yet (stored before migration 6), by id,
        a page at a time so that a large database is never read into memory at once."""
        return self.conn.execute(
            """SELECT id, minhash FROM articles a WHERE id > ? AND minhash IS NOT NULL
               AND duplicate_of IS NULL
               AND NOT EXISTS (SELECT 1 FROM article_bands b WHERE b.article_id = a.id)
               ORDER BY id LIMIT ?""", (after, limit)).fetchall()

    def articles_in_bands(self, keys: list[int]) -> list[str]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"""SELECT a.id FROM articles a WHERE a.id IN
                (SELECT article_id FROM article_bands WHERE band_key IN ({marks}))
                ORDER BY a.ingested_at, a.rowid""", keys)
        return [r[0] for r in rows]

    def signatures_of(self, article_ids: list[str]) -> dict[str, bytes]:
        return self._column_of("minhash", article_ids)

    def texts_of(self, article_ids: list[str]) -> dict[str, str]:
        """The texts of these articles: the near-duplicate check reads its candidates' texts."""
        return self._column_of("text", article_ids)

    def _column_of(self, column: str, article_ids: list[str]) -> dict[str, Any]:
        """One column of these articles by id (rows where it is NULL left out), 500 at a time."""
        out: dict[str, Any] = {}
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(
                f"SELECT id, {column} FROM articles WHERE id IN ({marks}) "
                f"AND {column} IS NOT NULL", chunk).fetchall())
        return out
