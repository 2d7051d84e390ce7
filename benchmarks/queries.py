"""Read latencies on a large database, SQLite and PostgreSQL, each beside the raw SQL it runs.

    python benchmarks/queries.py [--db FILE] [--events 1000000] [--postgres URL] [--repeat 5]

The events are SYNTHETIC (benchmarks/web_load.py's builder: shipped countries, a few hundred
people, ten years of dates, busy pairs getting half the events), written through ``Store`` once
and reused while the file (or the PostgreSQL schema) holds enough; an empty PostgreSQL database
gets the SQLite file's rows by COPY. For each query the API call
and the SQL it runs (executed and fetched in full) are timed ``--repeat`` times; the median wall
milliseconds and the API/SQL ratio are printed, in one run, so the ratio holds on a noisy
machine. The queries: the busiest pair's timeline as rows (``Newsgraph.rows``, no ``Event``
objects), the busiest actor's events as rows, the first page of events (50, newest first),
a page of a common word's full-text matches, the count of an actor's events (beside the
summary-table lookup, marked *), and the merge candidate lookup of ingest
(``Store.candidate_events``, bounded on both sides by date).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import web_load  # noqa: E402

from newsgraph.store import Store  # noqa: E402
from newsgraph.store.queries import (  # noqa: E402
    PAGE_ACTORS_SQL,
    PAGE_MENTIONS_SQL,
    EventQuery,
    load_events,
    row_page_sql,
)


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, int]:
    """Median wall milliseconds of ``call`` and the size of what it returned."""
    times, size = [], 0
    for _ in range(repeat):
        began = time.perf_counter()
        out = call()
        times.append((time.perf_counter() - began) * 1000)
        size = len(out) if hasattr(out, "__len__") else int(out)
    return statistics.median(times), size


def raw_rows(conn: Any, q: EventQuery) -> list[Any]:
    """What the row read runs: the page's ids, then its actors and first sentences."""
    import json

    sql, params = row_page_sql(conn, q)
    rows = conn.execute(sql, params).fetchall()
    page = json.dumps([r[0] for r in rows])
    conn.execute(PAGE_ACTORS_SQL, (page,)).fetchall()
    conn.execute(PAGE_MENTIONS_SQL, (page,)).fetchall()
    return rows


def measure(target: str, repeat: int) -> None:
    import newsgraph

    with newsgraph.open(target, readonly=True) as graph:
        conn = graph.store.conn
        n = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        a, b = conn.execute("SELECT source_id, target_id FROM dyad_counts ORDER BY n DESC "
                            "LIMIT 1").fetchone()
        busiest = conn.execute("SELECT actor_id FROM actor_counts ORDER BY n DESC "
                               "LIMIT 1").fetchone()[0]
        word = "report"  # in every synthetic sentence: the worst case of a common word
        pair = EventQuery(dyad=(a, b), modality="all", limit=None)
        actor = EventQuery(actor=busiest, modality="all", limit=None)
        page = EventQuery(modality="all", limit=50)
        search = EventQuery(text=word.lower(), modality="all", limit=50)
        print(f"{target}: {n:,} SYNTHETIC events; median of {repeat} runs, wall ms")
        cases: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
            ("pair timeline (rows)", lambda: graph.rows(pair), lambda: raw_rows(conn, pair)),
            ("actor events (rows)", lambda: graph.rows(actor), lambda: raw_rows(conn, actor)),
            # a page builds Event objects (the web's lists): beside the SQL of the row read
            ("first page of 50 events", lambda: graph.events_page(page).events,
             lambda: raw_rows(conn, page)),
            (f"search '{word}', page of 50", lambda: graph.events_page(search).events,
             lambda: raw_rows(conn, search)),
            # beside the summary-table lookup the aggregate pages use, not its own COUNT
            ("count of an actor's events*", lambda: graph.count(actor=busiest, modality="all"),
             lambda: conn.execute("SELECT n FROM actor_counts WHERE actor_id = ?",
                                  (busiest,)).fetchone()[0]),
        ]
        store: Store = graph.store
        sample = load_events(conn, [conn.execute(
            "SELECT id FROM events WHERE source_id = ? AND target_id = ? ORDER BY date_start "
            "DESC LIMIT 1", (a, b)).fetchone()[0]])[0]
        probe = dataclasses.replace(sample, id=None)
        cases.append(("merge candidates (ingest)", lambda: store.candidate_events(probe, 7),
                      lambda: store.candidate_events(probe, 7)))
        for name, api, sql in cases:
            api_ms, size = timed(api, repeat)
            sql_ms, _ = timed(sql, repeat)
            print(f"  {name:<30} {size:>7} rows  API {api_ms:8.1f} ms  SQL {sql_ms:8.1f} ms  "
                  f"ratio {api_ms / max(sql_ms, 1e-3):5.2f}x")


def ensure(target: str, n_events: int, copy_from: str | None = None) -> None:
    """Build the synthetic events into ``target`` unless it holds enough already; a
    PostgreSQL target is filled from the SQLite file ``copy_from`` when that holds them (the
    same rows, by COPY: writing a million events through the store is hours there)."""
    with Store(target) as store:
        have = int(store.conn.execute("SELECT count(*) FROM events").fetchone()[0])
    if have >= n_events:
        return
    if have:
        sys.exit(f"{target} holds {have} events, fewer than {n_events}: remove it first")
    if copy_from:
        copy_to_postgres(copy_from, target)
        return
    web_load.build(target, n_events)  # type: ignore[arg-type]


#: the stored tables in an order that keeps every foreign key satisfied while copying
COPY_ORDER = ("articles", "actors", "events", "event_actors", "mentions", "event_places",
              "dyad_counts", "actor_counts", "actor_pairs", "event_counts", "roles",
              "article_bands", "learned_facts", "codings", "article_codings", "external_events",
              "stories", "story_articles", "story_terms")


def copy_to_postgres(sqlite_path: str, url: str) -> None:
    """Every row of the newsgraph SQLite file into the (migrated, empty) PostgreSQL database
    at ``url``, table by table with COPY; generated columns (the tsvectors) fill themselves."""
    import sqlite3

    import psycopg

    src = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    began = time.perf_counter()
    with psycopg.connect(url, autocommit=False) as pg:
        for table in COPY_ORDER:
            have = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
            takes = {r[0] for r in pg.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = %s AND is_generated = 'NEVER' AND "
                "(identity_generation IS NULL OR identity_generation = 'BY DEFAULT')",
                (table,))}
            columns = ", ".join(f'"{c}"' for c in have if c in takes)
            if not columns:
                continue
            pg.execute(f"DELETE FROM {table}")  # what the migrations wrote (the first coding)
            with pg.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in src.execute(f"SELECT {columns} FROM {table}"):
                    copy.write_row(row)
            print(f"  copied {table} ({time.perf_counter() - began:.0f} s)", flush=True)
        # the identity of mentions continues after the copied ids
        pg.execute("SELECT setval(pg_get_serial_sequence('mentions', 'id'), "
                   "(SELECT max(id) FROM mentions))")
        pg.execute("ANALYZE")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default="/tmp/newsgraph-queries-bench.db")
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--postgres", help="also measure this PostgreSQL database (postgresql://...)")
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    ensure(args.db, args.events)
    measure(args.db, args.repeat)
    if args.postgres:
        ensure(args.postgres, args.events, copy_from=args.db)
        measure(args.postgres, args.repeat)


if __name__ == "__main__":
    main()
