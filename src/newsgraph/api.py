"""The Python API: ``newsgraph.open(path)`` returns a ``Newsgraph`` over one database.

Every CLI command and web endpoint is a thin adapter over a method here.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import parameters as args
from .errors import MissingExtraError
from .events import Event
from .exports import flat_record
from .store import Store, queries, summaries
from .store.places import parse_near
from .store.queries import EventQuery, Page

DEFAULT_DB = "newsgraph.db"
PAGE_SIZE = 1000


def default_db_path() -> str:
    """``$NEWSGRAPH_DB`` if set, else ``./newsgraph.db``."""
    return os.environ.get("NEWSGRAPH_DB") or DEFAULT_DB


class Newsgraph:
    """An open newsgraph database: ingest articles, ask for events, actors and timelines."""

    def __init__(self, path: str | Path | None = None, readonly: bool = False,
                 actor_files: Iterable[str | Path] = (),
                 dictionaries: Iterable[str | Path] = ()) -> None:
        self.path = str(path or default_db_path())
        self.store = Store(self.path, readonly=readonly)
        self.actor_files = [Path(p) for p in actor_files]
        self.dictionary_files = [Path(p) for p in dictionaries]
        self._coding: Any = None
        self._annotator: Any = None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Newsgraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ------------------------------------------------------------------------------
    def annotator(self) -> Any:
        """The NLP half, loaded once per Newsgraph (spaCy, knowledge base, ontology)."""
        if self._annotator is None:
            from .pipeline import Annotator

            # the same files the workers get; each is parsed once per process (cached)
            self._annotator = Annotator(actor_files=[*self.actor_files, *self.dictionary_files])
        return self._annotator

    def ingest(self, paths: Iterable[str | Path] | str | Path, date: dt.date | None = None,
               workers: int = 1, progress: Callable[[int], None] | None = None,
               batch_size: int = 16, id_from_hash: bool = False,
               repair_encoding: bool = False, dask: str | None = None) -> Any:
        """Ingest files or folders; returns an ``IngestReport`` (counts and one line per error).
        ``id_from_hash``: name articles by a hash of their text instead of their file name.
        ``repair_encoding``: fix mojibake with ftfy instead of refusing the input.
        ``dask``: parse on Dask workers (``local``, ``local:N`` or ``tcp://HOST:8786``) instead
        of ``workers`` local processes; the database is the same either way."""
        from .pipeline import Ingestor

        if isinstance(paths, (str, Path)):
            paths = [paths]
        ingestor = Ingestor(self.store, self.annotator, workers=workers, batch_size=batch_size,
                            actor_files=[*self.actor_files, *self.dictionary_files],
                            id_from_hash=args.as_flag("id_from_hash", id_from_hash), dask=dask)
        report = ingestor.ingest(paths, default_date=date, progress=progress,
                                 repair_encoding=args.as_flag("repair_encoding", repair_encoding))
        self._record_coding()
        return report

    def recode(self, since: dt.date | None = None, dry_run: bool = False,
               progress: Callable[[int], None] | None = None) -> Any:
        """Code the stored articles again with the current coder, lexicon and dictionaries
        (only those published since ``since``, with what shares events with them); returns a
        ``RecodeReport`` of what changed. ``dry_run``: report without changing anything."""
        from .recoding import recode

        def mark(ids: Any) -> None:
            self.store.mark_coded(self.coding(), list(ids))

        return recode(self.store, self.annotator(), since=args.as_date("since", since),
                      dry_run=args.as_flag("dry_run", dry_run), progress=progress,
                      after_coding=mark)

    def coding_change(self) -> str | None:
        """A line saying that stored articles were coded by another coder version or with
        other dictionaries than this Newsgraph codes with, or None (``store.codings``)."""
        return self.store.coding_change(self.coding())

    def coding(self) -> Any:
        """This Newsgraph's ``Coding`` (the coder version, each dictionary file's name and
        sha256), hashed from the files once: the same record ``current_coding`` gives for the
        parsed dictionaries, without parsing them again after the annotator has."""
        if self._coding is None:
            from .actors.dictionaries import dictionary_identity
            from .coding import coding_of

            self._coding = coding_of(dictionary_identity([*self.actor_files,
                                                          *self.dictionary_files]))
        return self._coding

    def _record_coding(self) -> None:
        """Mark the articles just stored with this coder version and these dictionaries."""
        self.store.mark_coded(self.coding())

    # -- events ------------------------------------------------------------------------------
    def events_page(self, query: EventQuery | None = None, **filters: Any) -> Page:
        """One page of events; pass ``cursor=page.next_cursor`` for the next."""
        q = query or EventQuery(**filters)
        return self.store.query_events(q)

    def event_records(self, query: EventQuery | None = None,
                      **filters: Any) -> tuple[list[dict[str, Any]], str | None]:
        """One page of events as the documented records (docs/event-format.md) and the next
        page's cursor (None on the last): what the HTTP API sends, read straight from the rows
        without building ``Event`` objects."""
        from .exports.records import records_of

        q = query or EventQuery(**filters)
        ids, cursor = self.store.page_ids(q)
        return records_of(self.store.event_parts(ids)), cursor

    def iter_events(self, query: EventQuery | None = None, **filters: Any) -> Iterator[Event]:
        """Every matching event, fetched page by page (memory stays flat)."""
        q = query or EventQuery(**filters)
        q.limit = q.limit or PAGE_SIZE
        while True:
            page = self.store.query_events(q)
            yield from page.events
            if page.next_cursor is None:
                return
            q.cursor = page.next_cursor

    def rows(self, query: EventQuery | None = None, **filters: Any) -> list[dict[str, Any]]:
        """The matching events as flat rows (the CSV columns: ids, names and countries joined
        with '|', the first sentence), read without building ``Event`` objects: a timeline of
        10k events costs about what its SQL costs. ``limit`` None: all of them."""
        from .exports.writers import iter_rows

        q = query or EventQuery(**{"limit": None, **filters})
        columns = queries.ROW_COLUMNS
        return [dict(zip(columns, row, strict=True)) for row in iter_rows(self.store, q)]

    def places(self, query: EventQuery | None = None, limit: int = 1000,
               **filters: Any) -> list[dict[str, Any]]:
        """Where the matching events happened: each place (name, country, kind, coordinates
        for a city) with its event count, busiest first."""
        return self.store.place_counts(query or EventQuery(**filters), limit)

    def export(self, query: EventQuery, fmt: str, output: str | None = None) -> int:
        """Write the events ``query`` selects as ``fmt`` (``exports.FORMATS``) to the file
        ``output`` (standard output when None), streamed; returns how many were written."""
        from .exports.export import export_events

        return export_events(self.store, query, fmt, output)

    def import_events(self, path: str | Path, fmt: str, origin: str | None = None) -> Any:
        """Load a GDELT, ICEWS or PLOVER file as events of their own origin (default: the
        format's name), kept apart from the coded events; returns an ``imports.ImportReport``
        (bad lines listed there, the rest imported)."""
        from .imports import import_events

        return import_events(self.store, path, fmt, origin)

    def external_rows(self, origin: str, query: EventQuery | None = None,
                      **filters: Any) -> list[dict[str, Any]]:
        """Imported events of ``origin`` ('all': every imported origin) as flat rows, with
        the query's country, dyad, type and date filters; with 'all', newsgraph's own events
        of the query too, in the same columns, by date."""
        from .store.external import OWN, own_as_external

        q = query or EventQuery(**filters)
        if origin not in (OWN, "all") and origin not in (known := self.store.origins()):
            raise queries.QueryError("origin", f"no events imported as {origin!r}; imported: "
                                     f"{', '.join(known) or 'none (see import-events)'}")
        if origin == OWN:
            return [own_as_external(r) for r in self.rows(q)]
        found = list(self.store.external_rows(origin, q))
        if origin == "all":
            found = sorted([own_as_external(r) for r in self.rows(q)] + found,
                           key=lambda r: (r["date"] or "", r["origin"], r["external_id"]))
            found = found[:q.limit] if q.limit else found
        return found

    def panel(self, unit: str = "dyad", interval: str = "month", by: str | None = None,
              min_confidence: float | None = None, modality: str = "asserted") -> Any:
        """A zero-filled research panel (``panel.Panel``) of the stored events: per country
        pair or country and per week, month or year; ``panel.write_panel`` writes it."""
        from .panel import build_panel

        return build_panel(self.store, unit, interval, by, min_confidence, modality)

    def events(self, actor: str | None = None, country: str | None = None,
               dyad: tuple[str, str] | None = None, type: str | None = None,
               since: dt.date | str | None = None, until: dt.date | str | None = None,
               modality: str = "asserted", text: str | None = None, limit: int | None = None,
               as_dataframe: bool = False, place: str | None = None,
               near: str | None = None) -> Any:
        """Events matching the filters, sorted by date (a pandas DataFrame on request). Dates
        are ``datetime.date`` or ISO strings; a wrong argument raises TypeError or ValueError
        naming it. ``place``: a place name or ISO3 code; ``near``: "LAT,LON,KM"."""
        lo, hi = args.date_range(since, until)
        limit = args.as_count("limit", limit)
        as_dataframe = args.as_flag("as_dataframe", as_dataframe)
        q = EventQuery(actor=args.as_text("actor", actor), country=args.as_text("country", country),
                       dyad=args.as_pair("dyad", dyad), type=args.as_text("type", type), since=lo,
                       until=hi, modality=args.as_modality("modality", modality),
                       text=args.as_text("text", text), limit=PAGE_SIZE,
                       place=args.as_text("place", place),
                       near=parse_near(near) if near is not None else None)
        out: list[Event] = []
        for event in self.iter_events(q):
            out.append(event)
            if limit is not None and len(out) >= limit:
                break
        return _frame(out) if as_dataframe else out

    def count(self, **filters: Any) -> int:
        return self.store.count_events(EventQuery(**filters))

    def event(self, event_id: str) -> Event | None:
        found = self.store.load_events([event_id])
        return found[0] if found else None

    def timeline(self, a: str, b: str | None = None, since: dt.date | str | None = None,
                 until: dt.date | str | None = None, modality: str = "asserted",
                 limit: int | None = None) -> list[Event]:
        """Events of one actor, or between two, in date order; undated ones (background
        mentions: "since the invasion") after the dated, since a timeline cannot place them."""
        a, b = args.as_text("a", a) or "", args.as_text("b", b)
        if b is None:
            found = self.events(actor=a, since=since, until=until, modality=modality, limit=limit)
        else:
            found = self.events(dyad=(a, b), since=since, until=until, modality=modality,
                                limit=limit)
        return [e for e in found if e.date] + [e for e in found if not e.date]

    def forecast(self, a: str, b: str, on: dt.date | str | None = None,
                 horizon: int | str = "30d") -> Any:
        """P(at least one event of each PLOVER type and CAMEO root) a -> b and b -> a in
        (on, on + horizon], from the asserted events up to ``on`` (default: the latest event
        date), each with the past events that drive it (``forecast.PairOutlook``)."""
        from .forecast.pairs import pair_outlook, parse_horizon
        from .ontology import Ontology

        a, b = args.as_text("a", a) or "", args.as_text("b", b) or ""
        days = horizon if isinstance(horizon, int) else parse_horizon(horizon)
        events = self.iter_events(EventQuery(modality="asserted", limit=None))
        return pair_outlook(events, self.store.resolve_actor_ids(a),
                            self.store.resolve_actor_ids(b), a, b,
                            args.as_date("on", on), days, Ontology.load().types())

    def forecast_backtest(self, since: dt.date | str, horizon: int | str = "30d") -> Any:
        """Replay the database from ``since``: how calibrated :meth:`forecast` was on what
        followed each cutoff (``forecast.outlook.Backtest``: Brier, ECE, base-rate Brier)."""
        from .forecast.pairs import backtest_events, parse_horizon
        from .ontology import Ontology

        start = args.as_date("since", since)
        if start is None:
            raise ValueError("since: give the first cutoff date (YYYY-MM-DD)")
        days = horizon if isinstance(horizon, int) else parse_horizon(horizon)
        return backtest_events(self.iter_events(EventQuery(modality="asserted", limit=None)),
                               start, days, Ontology.load().types())

    def dyad_series(self, a: str, b: str, interval: str = "month",
                    since: dt.date | str | None = None,
                    until: dt.date | str | None = None) -> list[dict]:
        lo, hi = args.date_range(since, until)
        q = EventQuery(dyad=args.as_pair("a, b", (a, b)), since=lo, until=hi)
        return self.store.dyad_series(q, interval)

    def graph(self, since: dt.date | str | None = None, until: dt.date | str | None = None,
              min_events: int = 1, limit: int = 300) -> dict:
        lo, hi = args.date_range(since, until)
        return self.store.relations_graph(lo, hi, args.as_count("min_events", min_events, 1) or 1,
                                          args.as_count("limit", limit, 1) or 1)

    # -- actors, articles, stats ---------------------------------------------------------------
    def actors(self, search: str | None = None, kind: str | None = None,
               country: str | None = None, limit: int | None = 200,
               as_dataframe: bool = False) -> Any:
        found = self.store.list_actors(search, kind, country, limit)
        if as_dataframe:
            return _frame_of_dicts([vars(a) for a in found])
        return found

    def actor(self, actor_id: str) -> summaries.ActorSummary | None:
        return self.store.get_actor(actor_id)

    def article(self, article_id: str) -> dict | None:
        return self.store.get_article(article_id)

    def stats(self) -> dict:
        return self.store.stats()

    def browse(self) -> Any:
        """The read questions of the web pages (``store.browse.Browser``): exact actor lookup,
        pickers, counterparts, charts and search hits under one ``EventQuery``, outlets."""
        return self.store.browser()

    # -- stories (newsgraph.stories) -----------------------------------------------------------
    def stories(self, since: dt.date | str | None = None, until: dt.date | str | None = None,
                actor: str | None = None, limit: int = 50, offset: int = 0) -> Any:
        """Stories (articles about one happening, across outlets and days) whose span meets
        [since, until], with an event of ``actor`` (id, name or alias; a country also matches
        its nationals) if given, latest first: ``(list of store.stories.StorySummary, total)``."""
        lo, hi = args.date_range(since, until)
        ids, countries = self._story_parties(args.as_text("actor", actor))
        return self.store.list_stories(lo, hi, ids, countries,
                                       args.as_count("limit", limit, 1) or 50,
                                       args.as_count("offset", offset) or 0)

    def story(self, story_id: str) -> Any:
        """One story (``store.stories.Story``: its articles, its events in date order, its
        label from its central event), or None."""
        return self.store.load_story(args.as_text("story_id", story_id) or "")

    def _story_parties(self, actor: str | None) -> tuple[list[str] | None, list[str]]:
        """The actor id and country codes an actor filter stands for, looked up exactly (id,
        name, alias or ISO3 code, as the web's filters); ValueError when none matches."""
        if actor is None:
            return None, []
        found = self.store.find_actor(actor)
        if found is None:
            raise ValueError(f"actor: no stored actor is named '{actor}' (give an id, a name, "
                             "an alias or an ISO3 code; newsgraph actors --search lists them)")
        return [found.id], [found.country] if found.kind == "country" and found.country else []


def open(path: str | Path | None = None, readonly: bool = False,  # noqa: A001 - public API name
         actor_files: Iterable[str | Path] = (),
         dictionaries: Iterable[str | Path] = ()) -> Newsgraph:
    """Open (creating or migrating as needed) a newsgraph database. ``dictionaries``: files or
    folders of PETRARCH/Phoenix dictionaries (actors, agents, CAMEO verbs, discards) or our
    YAML/CSV, used by ``ingest``; ``actor_files`` is the same list, kept for old callers."""
    return Newsgraph(path, readonly=readonly, actor_files=actor_files, dictionaries=dictionaries)


def _frame(events: list[Event]) -> Any:
    return _frame_of_dicts([flat_record(e) for e in events])


def _frame_of_dicts(rows: list[dict]) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("DataFrame results", "pandas") from None
    return pd.DataFrame(rows)
