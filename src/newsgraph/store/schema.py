"""The database schema, as numbered forward migrations.

Each migration is a list of statements applied in one transaction; ``meta.schema_version`` says
which have run. The SQL keeps to what SQLite and PostgreSQL share, except the FTS5 tables and
triggers, which live in their own migration so a PostgreSQL backend can swap them for tsvector.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    # 1: articles, actors, events and their mentions
    [
        """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            published TEXT NOT NULL,
            title TEXT,
            url TEXT,
            source TEXT,
            origin TEXT,
            content_hash TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            words INTEGER NOT NULL DEFAULT 0,
            duplicate_of TEXT REFERENCES articles(id),
            similarity REAL,
            minhash BLOB,
            n_events INTEGER NOT NULL DEFAULT 0,
            ingested_at TEXT NOT NULL
        )""",
        """CREATE INDEX articles_published ON articles(published)""",
        """CREATE TABLE actors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            country TEXT,
            sector TEXT,
            aliases TEXT NOT NULL DEFAULT '[]',
            source TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE INDEX actors_name ON actors(name COLLATE NOCASE)""",
        """CREATE INDEX actors_country ON actors(country)""",
        """CREATE TABLE roles (
            actor_id TEXT NOT NULL REFERENCES actors(id),
            office TEXT NOT NULL,
            country TEXT NOT NULL,
            start TEXT,
            "end" TEXT,
            source TEXT NOT NULL DEFAULT '',
            learned INTEGER NOT NULL DEFAULT 0,
            evidence TEXT,
            PRIMARY KEY (actor_id, office, country, learned)
        )""",
        """CREATE TABLE events (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            mode TEXT,
            cameo TEXT,
            quad_class INTEGER,
            goldstein REAL,
            date TEXT,
            date_start TEXT,
            date_end TEXT,
            date_precision TEXT,
            date_basis TEXT,
            date_text TEXT,
            modality TEXT NOT NULL,
            confidence REAL NOT NULL,
            reciprocal INTEGER NOT NULL DEFAULT 0,
            source_id TEXT,
            target_id TEXT,
            dyad TEXT NOT NULL,
            n_mentions INTEGER NOT NULL DEFAULT 1,
            n_articles INTEGER NOT NULL DEFAULT 1,
            first_published TEXT
        )""",
        """CREATE INDEX events_date ON events(date_start, id)""",
        """CREATE INDEX events_dyad ON events(dyad, type, date_start)""",
        """CREATE INDEX events_type ON events(type, date_start)""",
        """CREATE INDEX events_source ON events(source_id, date_start)""",
        """CREATE INDEX events_target ON events(target_id, date_start)""",
        """CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            position INTEGER NOT NULL,
            actor_id TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT,
            country TEXT,
            sector TEXT,
            text TEXT,
            how TEXT,
            PRIMARY KEY (event_id, role, position)
        )""",
        """CREATE INDEX event_actors_actor ON event_actors(actor_id, event_id)""",
        """CREATE INDEX event_actors_country ON event_actors(country, event_id)""",
        """CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id),
            published TEXT NOT NULL,
            sentence TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            trigger TEXT NOT NULL,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL,
            rule TEXT NOT NULL,
            modality TEXT NOT NULL,
            confidence REAL NOT NULL,
            date TEXT,
            date_basis TEXT,
            date_text TEXT,
            source TEXT NOT NULL DEFAULT '[]',
            target TEXT NOT NULL DEFAULT '[]',
            claimed_by TEXT NOT NULL DEFAULT '[]',
            merge_reason TEXT
        )""",
        """CREATE INDEX mentions_event ON mentions(event_id)""",
        """CREATE INDEX mentions_article ON mentions(article_id)""",
    ],
    # 2: full-text search (SQLite FTS5; a PostgreSQL backend replaces this migration)
    [
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid')""",
        """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END""",
        """CREATE VIRTUAL TABLE mentions_fts USING fts5(
            sentence, content='mentions', content_rowid='id')""",
        """CREATE TRIGGER mentions_ai AFTER INSERT ON mentions BEGIN
            INSERT INTO mentions_fts(rowid, sentence) VALUES (new.id, new.sentence);
        END""",
        """CREATE TRIGGER mentions_ad AFTER DELETE ON mentions BEGIN
            INSERT INTO mentions_fts(mentions_fts, rowid, sentence)
            VALUES ('delete', old.id, old.sentence);
        END""",
    ],
    # 3: event pages walk this index in their sort order (date, id) and seek to a cursor, so a
    # page costs the same on the first and the thousandth page of a million events
    [
        """CREATE INDEX events_order ON events((COALESCE(date_start, '')), id)""",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
