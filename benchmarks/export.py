"""Export and row reads against DuckDB and the raw SQL, in one run (CPU seconds, peak RSS).

    python benchmarks/export.py [--db FILE] [--events 100000]

Builds a SYNTHETIC database once (benchmarks/web_load.py's builder, no NLP), then, each in its
own process so peak RSS is its own: ``newsgraph export --format parquet`` (all events), and
DuckDB's ``COPY ... TO parquet`` of the same flat rows from a DuckDB table; prints both CPU
times (the median of ``--repeat`` runs in each process), the ratio and the peak RSS, and how
much of ours the SQLite reads alone cost (the export's own statements, replayed through ADBC
without building the rows): no change to the Arrow side can go below that. Then the API's row
read of the busiest pair and actor against the SQL the old Event path runs, with the ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def child(kind: str, db: str, out: str, repeat: int) -> None:
    """One measured side; prints a JSON line with the median CPU seconds of ``repeat`` runs
    and peak RSS (MB)."""
    times = []
    if kind in ("newsgraph", "sql"):
        # the libraries are loaded before the clock starts, as DuckDB's side loads its own
        import adbc_driver_sqlite.dbapi  # noqa: F401
        import pyarrow.compute  # noqa: F401
        import pyarrow.parquet  # noqa: F401

        import newsgraph
        from newsgraph.store.queries import EventQuery

        with newsgraph.open(db, readonly=True) as graph:
            for _ in range(repeat):
                t = time.process_time()
                if kind == "sql":
                    n = sql_reads(graph.store, db)
                else:
                    n = graph.export(EventQuery(modality="all", limit=None), "parquet", out)
                times.append(time.process_time() - t)
    else:
        import duckdb
        import pyarrow.parquet as pq

        con = duckdb.connect()
        con.execute(f"CREATE TABLE rows AS SELECT * FROM read_parquet('{out}.src')")
        for _ in range(repeat):
            t = time.process_time()
            con.execute(f"COPY rows TO '{out}' (FORMAT parquet)")
            times.append(time.process_time() - t)
        n = pq.ParquetFile(out).metadata.num_rows
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "rows": n, "cpu": statistics.median(times), "rss_mb": rss}))


def sql_reads(store: Any, db: str) -> int:
    """The statements the Parquet export runs, each result fetched as Arrow and dropped:
    the event pages in export order, then each page's actors, reports and places."""
    import json as js

    import adbc_driver_sqlite.dbapi as adbc

    from newsgraph.exports import arrow
    from newsgraph.store.queries import EventQuery, encode_cursor

    q = EventQuery(modality="all", limit=arrow.PAGE_SIZE)
    n = 0
    with adbc.connect(Path(db).resolve().as_uri() + "?mode=ro") as ro, ro.cursor() as cur:
        cur.adbc_statement.set_options(
            **{"adbc.sqlite.query.batch_rows": str(arrow.PAGE_SIZE + 1)})
        while True:
            cur.execute(*store.row_page_sql(q))
            page = cur.fetch_arrow_table().slice(0, arrow.PAGE_SIZE)
            ids = js.dumps(sorted(page.column(0).to_pylist()))
            for sql in (arrow.PAGE_ACTORS_BY_KEY, arrow.PAGE_REPORTS_BY_KEY,
                        arrow.PAGE_PLACES_BY_KEY):
                cur.execute(sql, [ids])
                cur.fetch_arrow_table()
            n += page.num_rows
            if page.num_rows < arrow.PAGE_SIZE:
                return n
            last = page.slice(page.num_rows - 1).to_pylist()[0]
            q.cursor = encode_cursor(last["date_start"], last["id"])


def run(kind: str, db: str, out: str, repeat: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, "--db", db, "--out", out,
                           "--repeat", str(repeat)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def reads(db: str) -> None:
    """Row reads of the busiest pair and actor vs the SQL of the Event path."""
    import newsgraph
    from newsgraph.store import queries

    with newsgraph.open(db, readonly=True) as graph:
        conn = graph.store.conn  # the raw SQL is what the API's rows are measured against
        a, b = conn.execute("SELECT source_id, target_id FROM dyad_counts ORDER BY n DESC "
                            "LIMIT 1").fetchone()
        for label, query in (("pair", queries.EventQuery(dyad=(a, b), modality="all",
                                                          limit=None)),
                             ("actor", queries.EventQuery(actor=a, modality="all", limit=None))):
            t = time.process_time()
            rows = graph.rows(query)
            api_cpu = time.process_time() - t
            t = time.process_time()
            sql, params = queries.row_page_sql(conn, query)
            ids = [r[0] for r in conn.execute(sql, params).fetchall()]
            page = json.dumps(ids)
            conn.execute(queries.PAGE_ACTORS_SQL, (page,)).fetchall()
            conn.execute(queries.PAGE_MENTIONS_SQL, (page,)).fetchall()
            sql_cpu = time.process_time() - t
            print(f"  {label:5s} {len(rows):6d} rows: API rows {api_cpu * 1000:7.1f} ms CPU, "
                  f"its SQL {sql_cpu * 1000:7.1f} ms, ratio {api_cpu / sql_cpu:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/newsgraph-export-bench.db")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--child")
    parser.add_argument("--out", default="/tmp/newsgraph-export-bench.parquet")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.out, args.repeat)
        return
    sys.path.insert(0, str(HERE))
    import web_load

    if web_load.count_events(Path(args.db)) < args.events:
        Path(args.db).unlink(missing_ok=True)
        web_load.build(Path(args.db), args.events)
    import newsgraph

    newsgraph.open(args.db).close()  # a database built by an older newsgraph is migrated first
    ours = run("newsgraph", args.db, args.out, args.repeat)
    Path(args.out).rename(args.out + ".src")
    theirs = run("duckdb", args.db, args.out, args.repeat)
    floor = run("sql", args.db, args.out, args.repeat)
    print(f"export of {ours['rows']} SYNTHETIC events to Parquet (median of {args.repeat}): "
          f"newsgraph {ours['cpu']:.2f} s CPU, peak RSS {ours['rss_mb']:.0f} MB; DuckDB COPY of "
          f"the same rows {theirs['cpu']:.2f} s CPU, peak RSS {theirs['rss_mb']:.0f} MB; ratio "
          f"{ours['cpu'] / theirs['cpu']:.2f}x (target <= 2x)")
    print(f"  of which the SQLite reads alone: {floor['cpu']:.2f} s CPU "
          f"({floor['cpu'] / theirs['cpu']:.2f}x DuckDB's COPY)")
    reads(args.db)


if __name__ == "__main__":
    main()
