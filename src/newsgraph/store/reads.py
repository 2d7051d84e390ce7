"""The read questions of the store, as methods of ``Store``: what the API, the exports and the
tests ask, so none of them reaches for the connection (and the two writes that belong to a
read: marking articles coded, storing an imported event file's records).

``StoreReads`` is a part of ``Store`` (as ``ArticleRows`` and ``EventRows`` are): each method
binds one function of ``queries``, ``summaries``, ``stories``, ``places``, ``external``,
``codings`` or ``browse`` to the store's connection. The SQL stays in those modules, where
``dialect`` tells SQLite's from PostgreSQL's; nothing here builds a statement. The modules that
only some commands need are imported on first use, so a read-only command starts without them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from . import queries, summaries
from .queries import EventParts, EventQuery, Page, RowPage

if TYPE_CHECKING:
    from ..events import Event
    from .browse import ActorMatch, Browser
    from .codings import Coding
    from .external import ExternalEvent
    from .stories import Story, StorySummary


class StoreReads:
    """Events, rows, counts, actors, articles, stories and places, read from the store."""

    conn: sqlite3.Connection
    path: str

    if TYPE_CHECKING:
        def transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...

    # -- events -----------------------------------------------------------------------------
    def query_events(self, q: EventQuery) -> Page:
        """One page of the events ``q`` selects, as full records (``queries.query_events``)."""
        return queries.query_events(self.conn, q)

    def page_ids(self, q: EventQuery) -> tuple[list[str], str | None]:
        """One page's event ids, in order, and the next page's cursor."""
        return queries.page_ids(self.conn, q)

    def event_parts(self, ids: Sequence[str]) -> EventParts:
        """The stored rows of the events ``ids``, as plain tuples (``queries.EventParts``)."""
        return queries.read_event_parts(self.conn, ids)

    def load_events(self, ids: Sequence[str]) -> list[Event]:
        """Full ``Event`` records for ``ids``, in that order (unknown ids left out)."""
        return queries.load_events(self.conn, ids)

    def query_rows(self, q: EventQuery) -> RowPage:
        """One page of flat rows (``queries.ROW_COLUMNS``), without ``Event`` objects."""
        return queries.query_rows(self.conn, q)

    def row_page_sql(self, q: EventQuery) -> tuple[str, list[Any]]:
        """The page statement of ``query_rows`` (and its parameters), for a reader with its own
        connection to this file: the Parquet export reads it through ADBC, straight to Arrow."""
        return queries.row_page_sql(self.conn, q)

    def count_events(self, q: EventQuery) -> int:
        return queries.count_events(self.conn, q)

    def resolve_actor_ids(self, name_or_id: str) -> list[str]:
        """Actor ids for an id, a name or an alias (case-insensitive); exact matches win."""
        return queries.resolve_actor_ids(self.conn, name_or_id)

    def panel_events(self, modality: str = "asserted",
                     min_confidence: float | None = None) -> Iterator[tuple[Any, ...]]:
        """What a research panel counts of every dated event (``queries.panel_events``)."""
        return queries.panel_events(self.conn, modality, min_confidence)

    def article_sources(self, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """(url, source, title, published) of each article id."""
        return queries.article_sources(self.conn, ids)

    def country_names(self) -> dict[str, str]:
        """ISO3 code -> name of every stored country actor."""
        return queries.country_names(self.conn)

    def place_counts(self, q: EventQuery, limit: int = 1000) -> list[dict[str, Any]]:
        """Each place of the events ``q`` selects, with its event count, busiest first."""
        from .places import place_counts

        return place_counts(self.conn, q, limit)

    # -- imported events (store/external.py) --------------------------------------------------
    def origins(self) -> list[str]:
        """The origins of the imported event files (``import-events``)."""
        from .external import origins

        return origins(self.conn)

    def external_rows(self, origin: str, q: EventQuery) -> Iterator[dict[str, Any]]:
        """Imported events of ``origin`` ('all': every origin) as flat rows."""
        from .external import external_rows

        return external_rows(self.conn, origin, q)

    def pair_month_counts(self, origin: str) -> dict[tuple[str, str, str], int]:
        """Imported events of ``origin`` counted per (source country, target country, month):
        what a comparison with newsgraph's own counts reads."""
        from .external import pair_month_counts

        return pair_month_counts(self.conn, origin)

    def add_external_events(self, events: Iterable[tuple[ExternalEvent, Any]]) -> int:
        """Store (event, original record) pairs of an imported file in one transaction under
        the write lock (all or none), run again while another writer holds the database (store
        contract 3); a record already stored under its origin and id is skipped. Returns how
        many were new."""
        from .connection import retrying
        from .external import add_external

        rows = list(events)  # read once: a retried attempt writes the same rows

        def write() -> int:
            with self.transaction() as conn:
                return add_external(conn, rows)

        return retrying(write, f"{self.path}: importing events")

    # -- summaries ----------------------------------------------------------------------------
    def dyad_series(self, q: EventQuery, interval: str = "month") -> list[dict[str, Any]]:
        return summaries.dyad_series(self.conn, q, interval)

    def relations_graph(self, since: dt.date | None = None, until: dt.date | None = None,
                        min_events: int = 1, limit: int = 300) -> dict[str, Any]:
        return summaries.relations_graph(self.conn, since, until, min_events, limit)

    def busiest_dyads(self, limit: int = 10) -> list[dict[str, Any]]:
        return summaries.busiest_dyads(self.conn, limit)

    def list_actors(self, search: str | None = None, kind: str | None = None,
                    country: str | None = None, limit: int | None = 200,
                    offset: int = 0) -> list[summaries.ActorSummary]:
        return summaries.list_actors(self.conn, search, kind, country, limit, offset)

    def get_actor(self, actor_id: str) -> summaries.ActorSummary | None:
        return summaries.get_actor(self.conn, actor_id)

    def counterparts(self, actor_id: str, limit: int = 10) -> list[dict[str, Any]]:
        """Actors this one most often meets in asserted events, with mean Goldstein."""
        return summaries.counterparts(self.conn, actor_id, limit)

    def roles_of(self, actor_id: str) -> list[dict[str, Any]]:
        return summaries.roles_of(self.conn, actor_id)

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        return summaries.get_article(self.conn, article_id)

    def stats(self) -> dict[str, Any]:
        return summaries.stats(self.conn)

    def browser(self) -> Browser:
        """The read questions of the web pages (``browse.Browser``) on this store."""
        from .browse import Browser

        return Browser(self.conn)

    def find_actor(self, text: str) -> ActorMatch | None:
        """The stored actor an id, name, alias or ISO3 code names exactly, or None."""
        from .browse import find_actor

        return find_actor(self.conn, text)

    # -- stories (store/stories.py) -----------------------------------------------------------
    def list_stories(self, since: dt.date | None = None, until: dt.date | None = None,
                     actor_ids: Sequence[str] | None = None, countries: Sequence[str] = (),
                     limit: int = 50, offset: int = 0) -> tuple[list[StorySummary], int]:
        from .stories import list_stories

        return list_stories(self.conn, since, until, actor_ids, countries, limit, offset)

    def load_story(self, story_id: str) -> Story | None:
        from .stories import load_story

        return load_story(self.conn, story_id)

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article is filed in, or None."""
        from .stories import story_of

        return story_of(self.conn, article_id)

    # -- codings (store/codings.py) -----------------------------------------------------------
    def coding_change(self, current: Coding) -> str | None:
        """A line saying that stored articles were coded otherwise than ``current``, or None."""
        from .codings import coding_change

        return coding_change(self.conn, current)

    def codings_in_use(self) -> list[tuple[Coding, int]]:
        from .codings import codings_in_use

        return codings_in_use(self.conn)

    def article_coding(self, article_id: str) -> Coding | None:
        from .codings import article_coding

        return article_coding(self.conn, article_id)

    def mark_coded(self, coding: Coding, article_ids: Sequence[str] | None = None) -> None:
        """Record ``coding`` and mark the articles ``article_ids`` (None: every article not
        marked yet) as coded with it, in one transaction."""
        from .codings import mark_articles, mark_new_articles, record_coding

        with self.transaction() as conn:
            coding_id = record_coding(conn, coding)
            if article_ids is None:
                mark_new_articles(conn, coding_id)
            else:
                mark_articles(conn, coding_id, list(article_ids))
