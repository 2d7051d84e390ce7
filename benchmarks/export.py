"""Export and row reads against DuckDB and the raw SQL, in one run (CPU seconds, peak RSS).

    python benchmarks/export.py [--db FILE] [--events 100000]

Builds a SYNTHETIC database once (benchmarks/web_load.py's builder, no NLP), then, each in its
own process so peak RSS is its own: ``newsgraph export --format parquet`` (all events), and
DuckDB's ``COPY ... TO parquet`` of the same flat rows from a DuckDB table; prints both CPU
times, the ratio and the peak RSS. Then the API's row read of the busiest pair and actor
against the SQL the old Event path runs, with the ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(kind: str, db: str, out: str) -> None:
    """One measured side; prints a JSON line with CPU seconds and peak RSS (MB)."""
    if kind == "newsgraph":
        # the libraries are loaded before the clock starts, as DuckDB's side loads its own
        import adbc_driver_sqlite.dbapi  # noqa: F401
        import pyarrow.compute  # noqa: F401
        import pyarrow.parquet  # noqa: F401

        import newsgraph
        from newsgraph.store.queries import EventQuery

        with newsgraph.open(db, readonly=True) as graph:
            t = time.process_time()
            n = graph.export(EventQuery(modality="all", limit=None), "parquet", out)
    else:
        import duckdb
        import pyarrow.parquet as pq

        con = duckdb.connect()
        con.execute(f"CREATE TABLE rows AS SELECT * FROM read_parquet('{out}.src')")
        t = time.process_time()
        con.execute(f"COPY rows TO '{out}' (FORMAT parquet)")
        n = pq.ParquetFile(out).metadata.num_rows
    cpu = time.process_time() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "rows": n, "cpu": cpu, "rss_mb": rss}))


def run(kind: str, db: str, out: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, "--db", db, "--out", out],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def reads(db: str) -> None:
    """Row reads of the busiest pair and actor vs the SQL of the Event path."""
    import newsgraph
    from newsgraph.store import queries

    with newsgraph.open(db, readonly=True) as graph:
        conn = graph.store.conn
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
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.out)
        return
    sys.path.insert(0, str(HERE))
    import web_load

    if web_load.count_events(Path(args.db)) < args.events:
        Path(args.db).unlink(missing_ok=True)
        web_load.build(Path(args.db), args.events)
    ours = run("newsgraph", args.db, args.out)
    Path(args.out).rename(args.out + ".src")
    theirs = run("duckdb", args.db, args.out)
    print(f"export of {ours['rows']} SYNTHETIC events to Parquet: newsgraph {ours['cpu']:.2f} s "
          f"CPU, peak RSS {ours['rss_mb']:.0f} MB; DuckDB COPY of the same rows "
          f"{theirs['cpu']:.2f} s CPU, peak RSS {theirs['rss_mb']:.0f} MB; ratio "
          f"{ours['cpu'] / theirs['cpu']:.2f}x")
    reads(args.db)


if __name__ == "__main__":
    main()
