"""What differs between the SQL of SQLite and of PostgreSQL, in one place.

The store's queries and migrations are written once, in the subset both engines share plus a
few SQLite spellings (``?`` placeholders, ``INSERT OR IGNORE``, ``COLLATE NOCASE``, ``rowid``,
``json_each``). ``SQLITE`` runs them as written. ``POSTGRES`` translates each statement once
(cached) into PostgreSQL's SQL, and supplies what cannot be translated word for word: the
full-text search (a generated ``tsvector`` column with a GIN index instead of FTS5 tables), date
periods, the write lock (``pg_advisory_xact_lock`` instead of ``BEGIN IMMEDIATE``) and which
errors are worth a retry.

Choices that keep both backends giving the same answers:

- Every text column is ``COLLATE "C"`` on PostgreSQL: ordering and comparisons are by code
  point, as in SQLite, whatever locale the server was set up with, so pages, cursors and ties
  come out in the same order.
- A table without an ``INTEGER PRIMARY KEY`` gets a ``rowid`` identity column, so the queries
  that read insertion order (``ORDER BY rowid``) mean the same thing; ``INTEGER PRIMARY KEY``
  becomes an identity column whose sequence follows explicitly inserted ids.
- ``LIKE`` is ``ILIKE`` (SQLite's ``LIKE`` ignores ASCII case); ``x = ? COLLATE NOCASE`` is
  ``lower(x) = lower(?)``; foreign keys are ``DEFERRABLE`` so that ``PRAGMA defer_foreign_keys``
  (``rekey_event``) becomes ``SET CONSTRAINTS ALL DEFERRED``.
- Full-text search folds Latin diacritics and case and splits on every character that is not a
  letter or digit, as FTS5's ``unicode61`` tokenizer does, and uses the ``simple`` text search
  configuration (no stemming, no stop words): a query of plain words matches the same sentences
  on both backends (tests/test_postgres.py checks it on real articles); ranking and snippets
  may differ.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import NewsgraphError

#: SQLSTATE codes after which a whole article transaction is worth running again:
#: serialization failure, deadlock, lock not available (lock_timeout)
RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})

#: periods of the web chart, as SQLite date expressions of ``{0}`` (a YYYY-MM-DD text)
_SQLITE_PERIODS = {
    "day": "date({0})",
    "week": "date({0}, '-6 days', 'weekday 1')",
    "month": "strftime('%Y-%m-01', {0})",
    "year": "strftime('%Y-01-01', {0})",
}
_POSTGRES_PERIODS = {
    "day": "to_char(CAST({0} AS date), 'YYYY-MM-DD')",
    "week": "to_char(date_trunc('week', CAST({0} AS date)), 'YYYY-MM-DD')",
    "month": "to_char(CAST({0} AS date), 'YYYY-MM-01')",
    "year": "to_char(CAST({0} AS date), 'YYYY-01-01')",
}
#: the strftime formats the series use, as PostgreSQL expressions (%W: SQLite's week of the
#: year, 00-53, weeks starting on Monday, days before the first Monday in week 00)
_POSTGRES_FORMATS = {
    "%Y-%m-%d": "to_char(CAST({0} AS date), 'YYYY-MM-DD')",
    "%Y-%m": "to_char(CAST({0} AS date), 'YYYY-MM')",
    "%Y": "to_char(CAST({0} AS date), 'YYYY')",
    "%Y-W%W": ("(to_char(CAST({0} AS date), 'YYYY') || '-W' || lpad(CAST(("
               "CAST(extract(doy FROM CAST({0} AS date)) AS integer) + 7 - "
               "CAST(extract(isodow FROM CAST({0} AS date)) AS integer)) / 7 AS text), 2, '0'))"),
}


class UnsupportedSql(NewsgraphError):
    """A statement uses a SQLite feature the PostgreSQL translation does not cover."""


@dataclass(frozen=True)
class TextSearch:
    """How one backend finds the mentions whose sentence holds all the words of a query.

    ``source`` is the FROM clause that gives ``mentions m`` (joined to the index where it is a
    table of its own); ``match`` the condition, with one parameter (``query(text)``);
    ``snippet`` the highlighted excerpt, or where ``highlight`` is set the sentence that
    ``highlight`` cuts and marks in Python; ``newest`` the key that orders matches latest stored
    first."""

    source: str
    match: str
    snippet: str
    newest: str
    highlight: Callable[[str, list[str], str, str], str] | None = None


class Dialect:
    """SQLite: statements run as written."""

    name = "sqlite"
    #: SQLite's FTS5 can count and page matches in its own index without the mentions table
    fts5 = True

    def translate(self, sql: str, with_params: bool,
                  primary_key: Callable[[str], Sequence[str]] | None = None) -> str | None:
        """The statement in this backend's SQL; None: nothing to run (a SQLite-only PRAGMA)."""
        return sql

    def migration(self, statements: list[str]) -> list[str]:
        """The statements of one migration as this backend runs them."""
        return statements

    def table_names(self, conn: Any) -> list[str]:
        """The tables of the database (newsgraph's or another program's)."""
        return [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]

    def after_migration(self, conn: Any) -> None:
        """Whatever the backend needs once a migration's statements ran."""

    def begin_write(self) -> list[str]:
        """Statements that open a transaction holding the database's one write lock (store
        contract 1: the merge lookup and the insert that follows are serialised)."""
        return ["BEGIN IMMEDIATE"]

    def period_start(self, interval: str, column: str) -> str:
        """The first day (YYYY-MM-DD) of the day, week (Monday), month or year of ``column``."""
        return _SQLITE_PERIODS[interval].format(column)

    def strftime(self, fmt: str, column: str) -> str:
        """SQLite's ``strftime(fmt, column)`` for the formats the series use."""
        return f"strftime('{fmt}', {column})"

    def text_search(self) -> TextSearch:
        return TextSearch(
            source="mentions_fts JOIN mentions m ON m.id = mentions_fts.rowid",
            match="mentions_fts MATCH ?",
            snippet="snippet(mentions_fts, 0, '{start}', '{end}', '…', 24)",
            newest="mentions_fts.rowid")

    def mentions_matching(self) -> str:
        """A subquery of the ids of mentions matching one text parameter."""
        return "SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH ?"

    def text_query(self, words: list[str]) -> str:
        """User words as the one parameter of ``text_search().match``: each word quoted, so
        user text is never read as FTS syntax, and all of them required."""
        return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class PostgresDialect(Dialect):
    """PostgreSQL 13+: statements translated once each (see the module docstring)."""

    name = "postgresql"
    fts5 = False

    def translate(self, sql: str, with_params: bool,
                  primary_key: Callable[[str], Sequence[str]] | None = None) -> str | None:
        key = (sql, with_params)
        if key not in _TRANSLATED:
            _TRANSLATED[key] = _to_postgres(sql, with_params, primary_key)
        return _TRANSLATED[key]

    def migration(self, statements: list[str]) -> list[str]:
        if any(_FTS5.search(s) for s in statements):
            return list(POSTGRES_TEXT_SEARCH)  # the FTS5 migration, in tsvector
        return [s for s in statements if not _TRIGGER.match(s)]

    def table_names(self, conn: Any) -> list[str]:
        return [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() ORDER BY table_name")]

    def after_migration(self, conn: Any) -> None:
        """Identity sequences move past ids a migration inserted itself (coding 1), so the
        next generated id is free, as SQLite's next rowid is."""
        for table, column in conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE "
                "table_schema = current_schema() AND is_identity = 'YES'").fetchall():
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                         f"COALESCE((SELECT max({column}) FROM {table}), 0) + 1, false)")

    def begin_write(self) -> list[str]:
        # one key per newsgraph database (its schema): READ COMMITTED statements after the
        # lock see every transaction committed before it, as SQLite's BEGIN IMMEDIATE does
        return ["BEGIN", "SELECT pg_advisory_xact_lock(hashtext(current_schema()))"]

    def period_start(self, interval: str, column: str) -> str:
        return _POSTGRES_PERIODS[interval].format(column)

    def strftime(self, fmt: str, column: str) -> str:
        if fmt not in _POSTGRES_FORMATS:
            raise UnsupportedSql(f"strftime format {fmt!r} has no PostgreSQL spelling yet")
        return _POSTGRES_FORMATS[fmt].format(column)

    def text_search(self) -> TextSearch:
        return TextSearch(
            # ts_headline would drop whatever its parser takes for markup from the sentence;
            # the excerpt is cut in Python instead, keeping the text as stored
            source="mentions m", match="m.sentence_tsv @@ to_tsquery('simple', ?)",
            snippet="m.sentence", newest="m.id", highlight=highlight)

    def mentions_matching(self) -> str:
        return "SELECT id FROM mentions WHERE sentence_tsv @@ to_tsquery('simple', ?)"

    def text_query(self, words: list[str]) -> str:
        """All words required; a word that is several tokens (``U.S.``) is a phrase of them,
        as an FTS5 quoted word is. A word with no letter or digit matches nothing."""
        parts = []
        for word in words:
            tokens = fold_tokens(word)
            parts.append("(" + " <-> ".join(f"'{t}'" for t in tokens) + ")" if tokens
                         else "('' & !'')")
        return " & ".join(parts)


SQLITE = Dialect()
POSTGRES = PostgresDialect()


def dialect_of(conn: object) -> Dialect:
    """The dialect of a store connection (a plain ``sqlite3.Connection`` is SQLite's)."""
    found = getattr(conn, "dialect", SQLITE)
    return found if isinstance(found, Dialect) else SQLITE


# -- full-text search folding ---------------------------------------------------------------

@functools.cache
def _folding() -> tuple[str, str]:
    """Latin letters with diacritics and their plain lower-case letters (``É`` -> ``e``), the
    folding FTS5's unicode61 tokenizer does, as the two strings of SQL ``translate``."""
    source, target = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            source.append(char)
            target.append(base.lower())
    return "".join(source), "".join(target)


def fold_tokens(text: str) -> list[str]:
    """The search tokens of ``text`` as the PostgreSQL index holds them: diacritics and case
    folded, split on everything that is not a letter or a digit."""
    source, target = _folding()
    folded = text.translate(str.maketrans(source, target)).lower()
    return re.findall(r"[^\W_]+", folded)


def highlight(text: str, words: list[str], start: str, end: str, width: int = 24) -> str:
    """An excerpt of at most ``width`` tokens of ``text`` around its first token that one of
    ``words`` holds, each such token between ``start`` and ``end``, "…" where it was cut (what
    FTS5's ``snippet`` gives)."""
    wanted = {t for w in words for t in fold_tokens(w)}
    tokens = list(re.finditer(r"[^\W_]+", text))
    hits = [i for i, m in enumerate(tokens) if fold_tokens(m.group()) and
            all(t in wanted for t in fold_tokens(m.group()))]
    if not tokens:
        return text
    first = hits[0] if hits else 0
    lo = max(0, min(first - 3, len(tokens) - width))
    hi = min(len(tokens), lo + width)
    out, at = [], tokens[lo].start() if lo else 0
    for i in range(lo, hi):
        m = tokens[i]
        out.append(text[at:m.start()])
        out.append(f"{start}{m.group()}{end}" if i in hits else m.group())
        at = m.end()
    out.append(text[at:] if hi == len(tokens) else "")
    return ("…" if lo else "") + "".join(out) + ("…" if hi < len(tokens) else "")


def _folded_sql(column: str) -> str:
    source, target = _folding()
    return (f"regexp_replace(lower(translate({column}, '{source}', '{target}') "
            "COLLATE \"default\"), '[^[:alnum:]]+', ' ', 'g')")


_TITLE = "COALESCE(title, '')"
#: the full-text migration on PostgreSQL: generated tsvector columns (kept in step by the
#: engine, no triggers) and their GIN indexes
POSTGRES_TEXT_SEARCH = (
    "ALTER TABLE mentions ADD COLUMN sentence_tsv tsvector GENERATED ALWAYS AS "
    f"(to_tsvector('simple', {_folded_sql('sentence')})) STORED",
    "CREATE INDEX mentions_fts ON mentions USING GIN (sentence_tsv)",
    "ALTER TABLE articles ADD COLUMN text_tsv tsvector GENERATED ALWAYS AS "
    f"(to_tsvector('simple', {_folded_sql(_TITLE)} || ' ' || "
    f"{_folded_sql('text')})) STORED",
    "CREATE INDEX articles_fts ON articles USING GIN (text_tsv)",
)

# -- translation ------------------------------------------------------------------------------

_TRANSLATED: dict[tuple[str, bool], str | None] = {}
_FTS5 = re.compile(r"USING\s+fts5", re.I)
_TRIGGER = re.compile(r"\s*CREATE\s+TRIGGER\b", re.I)
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_MARK = "\x00{}\x00"
_NAME = r"(?:\w+|\x00\d+\x00)"
_COLUMN_TYPE = re.compile(rf"(^|,|\()(\s*{_NAME}\s+)(TEXT|INTEGER|REAL|BLOB)\b", re.I | re.M)
_ADD_COLUMN_TYPE = re.compile(rf"(ADD\s+COLUMN\s+{_NAME}\s+)(TEXT|INTEGER|REAL|BLOB)\b", re.I)
_INTEGER_KEY = re.compile(rf"(^|,|\()(\s*{_NAME})\s+INTEGER\s+PRIMARY\s+KEY\b", re.I | re.M)
_REFERENCES = re.compile(r"(REFERENCES\s+\w+\s*\([^)]*\)(?:\s+ON\s+(?:DELETE|UPDATE)\s+"
                         r"(?:CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT|NO\s+ACTION))*)", re.I)
_TYPES = {"TEXT": 'TEXT COLLATE "C"', "INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION",
          "BLOB": "BYTEA"}
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"([\w.]+)\s*=\s*\?\s+COLLATE\s+NOCASE", re.I), r"lower(\1) = lower(?)"),
    (re.compile(r"([\w.]+)\s+COLLATE\s+NOCASE", re.I), r"lower(\1)"),
    (re.compile(r"\bLIKE\b", re.I), "ILIKE"),
    (re.compile(r"\binstr\(", re.I), "strpos("),
    (re.compile(r"\bjson_each\(\s*\?\s*\)", re.I), "json_array_elements_text(CAST(? AS json))"),
    (re.compile(r"\bjson_object\(", re.I), "json_build_object("),
    (re.compile(r"\bjson\(([^()]*)\)", re.I), r"CAST(\1 AS json)"),
)


def _to_postgres(sql: str, with_params: bool,
                 primary_key: Callable[[str], Sequence[str]] | None) -> str | None:
    """Translate one statement (string literals and quoted names are left as they are)."""
    quoted: list[str] = []

    def keep(m: re.Match[str]) -> str:
        quoted.append(m.group(0))
        return _MARK.format(len(quoted) - 1)

    code = _QUOTED.sub(keep, sql).strip()
    head = code[:40].upper()
    if head.startswith("PRAGMA"):
        if re.match(r"PRAGMA\s+defer_foreign_keys\s*=\s*(ON|1|TRUE)", code, re.I):
            code = "SET CONSTRAINTS ALL DEFERRED"
        else:
            return None  # journal mode, synchronous, foreign_keys: SQLite's own settings
    elif re.match(r"CREATE\s+(TABLE|TEMP)", head):
        code = _create_table(code)
    elif head.startswith("ALTER"):
        code = _ADD_COLUMN_TYPE.sub(lambda m: m.group(1) + _TYPES[m.group(2).upper()], code)
    elif re.match(r"CREATE\s+(VIRTUAL|TRIGGER)", head):
        raise UnsupportedSql("SQLite virtual tables and triggers have no PostgreSQL "
                             f"translation: {sql[:60]}")
    code = _insert_or(code, primary_key)
    for pattern, replacement in _REWRITES:
        code = pattern.sub(replacement, code)
    if with_params:
        code = code.replace("%", "%%").replace("?", "%s")
        quoted = [q.replace("%", "%%") for q in quoted]
    return re.sub("\x00(\\d+)\x00", lambda m: quoted[int(m.group(1))], code)


def _create_table(code: str) -> str:
    """Column types, identity keys, deferrable foreign keys and the ``rowid`` column."""
    has_key = bool(_INTEGER_KEY.search(code))
    code = _INTEGER_KEY.sub(r"\1\2 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", code)
    code = _COLUMN_TYPE.sub(lambda m: m.group(1) + m.group(2) + _TYPES[m.group(3).upper()], code)
    code = _REFERENCES.sub(r"\1 DEFERRABLE INITIALLY IMMEDIATE", code)
    if not has_key:
        code = code.replace("(", "(rowid BIGINT GENERATED ALWAYS AS IDENTITY, ", 1)
    return code


def _insert_or(code: str, primary_key: Callable[[str], Sequence[str]] | None) -> str:
    """``INSERT OR IGNORE`` and ``INSERT OR REPLACE`` as ``ON CONFLICT`` clauses."""
    found = re.match(r"INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", code, re.I)
    if not found:
        return code
    action, table, columns = found.group(1).upper(), found.group(2), found.group(3)
    code = re.sub(r"INSERT\s+OR\s+\w+\s+INTO", "INSERT INTO", code, count=1, flags=re.I)
    if action == "IGNORE":
        return code + " ON CONFLICT DO NOTHING"
    if primary_key is None:
        raise UnsupportedSql(f"INSERT OR REPLACE INTO {table} needs the table's key")
    keys = list(primary_key(table))
    rest = [c.strip() for c in columns.split(",") if c.strip() not in keys]
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in rest)
    return code + f" ON CONFLICT ({', '.join(keys)}) " + (f"DO UPDATE SET {sets}" if sets
                                                           else "DO NOTHING")
