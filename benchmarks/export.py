"""Export and row reads against DuckDB and the raw SQL, in one run (CPU seconds, peak RSS).

    python benchmarks/export.py [--db FILE] [--events 100000]

Builds a SYNTHETIC database once (benchmarks/web_load.py's builder, no NLP), then, each in its
own process so peak RSS is its own: ``newsgraph export --format parquet`` (all events) and two
DuckDB sides, and prints their CPU times (the median of ``--repeat`` runs in each process, every
thread counted), the ratios and the peak RSS:

- DuckDB from the same store: the tables the flat rows are made of (events, event_actors,
  mentions, event_places, story_articles) read whole through the ADBC SQLite driver, the
  export's own reader (DuckDB cannot open SQLite files without its sqlite extension, which is
  not installed here), joined by DuckDB's SQL and written by its ``COPY (...) TO parquet``.
  Its output is compared with ours value by value ("same rows"): this is the like-for-like
  figure;
- DuckDB's ``COPY`` of our finished rows from a table it already holds: the Parquet writing
  alone, with no read of the store and no join (the figure issue 10 first quoted);

and how much of ours the SQLite reads alone cost (the export's own statements, replayed through
ADBC without building the rows): no change to the Arrow side can go below that. Then the API's
row read of the busiest pair and actor against the SQL the old Event path runs, with the ratio.
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
    elif kind == "duckdb-store":
        import adbc_driver_sqlite.dbapi  # noqa: F401
        import duckdb  # noqa: F401

        reads = []
        for _ in range(repeat):
            t = time.process_time()
            n, read = duckdb_from_store(db, out)
            times.append(time.process_time() - t)
            reads.append(read)
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
    result = {"kind": kind, "rows": n, "cpu": statistics.median(times), "rss_mb": rss}
    if kind == "duckdb-store":
        result["read_cpu"] = statistics.median(reads)
    print(json.dumps(result))


#: the store's tables the flat rows are made of, read whole
STORE_TABLES = {
    "events": "SELECT id, date, date_precision, date_basis, date_text, date_after, date_before, "
              "type, mode, cameo, quad_class, goldstein, modality, confidence, n_mentions, "
              "n_articles, date_start FROM events",
    "actors": "SELECT event_id, role, position, actor_id, name, country FROM event_actors",
    "reports": "SELECT event_id, id, article_id, published, sentence FROM mentions",
    "places": "SELECT event_id, words, name, country, kind, latitude, longitude "
              "FROM event_places",
    "filed": "SELECT article_id, story_id FROM story_articles",
}
_TEXT = ("id", "date", "date_precision", "date_basis", "date_text", "date_after", "date_before",
         "type", "mode", "cameo")
_LISTS = {"source_ids": ("actor_id", "source"), "source_names": ("name", "source"),
          "source_countries": ("coalesce(country, '')", "source"),
          "target_ids": ("actor_id", "target"), "target_names": ("name", "target"),
          "target_countries": ("coalesce(country, '')", "target"),
          "claimed_by": ("name", "claimed_by")}


def _flat_sql() -> str:
    """The flat rows of ``ROW_COLUMNS`` in DuckDB's SQL, in export order: the joins the Arrow
    pages make (each role's actors in position order, the distinct article ids sorted, the first
    report's sentence, the place, the story of the earliest filed report). A column that holds
    no value in the file (no places in a synthetic store) is typed as the export types it."""
    lists = ",\n    ".join(
        f"coalesce(string_agg({value}, '|' ORDER BY position) FILTER (WHERE role = '{role}'), "
        f"'') AS {name}" for name, (value, role) in _LISTS.items())
    columns = [f"e.{c}::VARCHAR AS {c}" for c in _TEXT]
    columns += ["e.quad_class::BIGINT AS quad_class", "e.goldstein::DOUBLE AS goldstein",
                "e.modality::VARCHAR AS modality",
                "round(e.confidence::DOUBLE, 3) AS confidence"]
    columns += [f"coalesce(a.{name}, '') AS {name}" for name in _LISTS]
    columns += ["e.n_mentions::BIGINT AS n_mentions", "e.n_articles::BIGINT AS n_articles",
                "coalesce(r.article_ids, '') AS article_ids",
                "coalesce(r.sentence, '') AS sentence"]
    columns += [f"coalesce(p.{c}::VARCHAR, '') AS place_{c}" for c in
                ("words", "name", "country", "kind")]
    columns += ["p.latitude::DOUBLE AS place_latitude", "p.longitude::DOUBLE AS place_longitude",
                "s.story_id::VARCHAR AS story_id"]
    select = ",\n  ".join(columns)
    return f"""WITH a AS (
  SELECT event_id,
    {lists}
  FROM actors GROUP BY event_id),
r AS (
  SELECT event_id, string_agg(DISTINCT article_id, '|' ORDER BY article_id) AS article_ids,
    arg_min(sentence, id) AS sentence
  FROM reports GROUP BY event_id),
s AS (
  SELECT r.event_id, arg_min(f.story_id, (r.published, r.article_id)) AS story_id
  FROM reports r JOIN filed f ON f.article_id = r.article_id GROUP BY r.event_id)
SELECT {select}
FROM events e LEFT JOIN a ON a.event_id = e.id LEFT JOIN r ON r.event_id = e.id
  LEFT JOIN places p ON p.event_id = e.id LEFT JOIN s ON s.event_id = e.id
ORDER BY coalesce(e.date_start, ''), e.id"""


def duckdb_from_store(db: str, out: str) -> tuple[int, float]:
    """DuckDB writing the export's rows from the same store: the tables read into Arrow through
    the ADBC SQLite driver (the export's own reader), joined and written by DuckDB. Returns the
    rows written and the CPU seconds of the reads alone."""
    import adbc_driver_sqlite.dbapi as adbc
    import duckdb

    con = duckdb.connect()
    began = time.process_time()
    with adbc.connect(Path(db).resolve().as_uri() + "?mode=ro") as ro, ro.cursor() as cur:
        # one batch per table, so the driver types each column from all its values
        cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(2**30)})
        for name, sql in STORE_TABLES.items():
            cur.execute(sql)
            con.register(name, cur.fetch_arrow_table())
    read = time.process_time() - began
    con.execute(f"COPY ({_flat_sql()}) TO '{out}' (FORMAT parquet)")
    found = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()
    con.close()
    return (int(found[0]) if found else 0), read


def same_rows(ours: str, theirs: str) -> str:
    """Whether two Parquet files hold the same rows in the same order, value by value (types
    aside: what DuckDB types as a number where the column is all null)."""
    import pyarrow.parquet as pq

    a, b = pq.read_table(ours), pq.read_table(theirs)
    if a.column_names != b.column_names or a.num_rows != b.num_rows:
        return f"no: {a.num_rows} vs {b.num_rows} rows, columns {a.column_names == b.column_names}"
    differ = [c for c in a.column_names
              if not a.column(c).equals(b.column(c).cast(a.schema.field(c).type))]
    return "yes" if not differ else "no: " + ", ".join(differ)


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
    store_side = run("duckdb-store", args.db, args.out + ".duckdb", args.repeat)
    theirs = run("duckdb", args.db, args.out, args.repeat)
    floor = run("sql", args.db, args.out, args.repeat)
    print(f"export of {ours['rows']} SYNTHETIC events to Parquet (median of {args.repeat}, CPU of "
          f"all threads): newsgraph {ours['cpu']:.2f} s CPU, peak RSS {ours['rss_mb']:.0f} MB")
    print(f"  DuckDB from the same store (tables read through ADBC, joined and written by "
          f"DuckDB): {store_side['cpu']:.2f} s CPU (its reads {store_side['read_cpu']:.2f} s), "
          f"peak RSS {store_side['rss_mb']:.0f} MB; newsgraph / DuckDB "
          f"{ours['cpu'] / store_side['cpu']:.2f}x (target <= 2x); same rows: "
          f"{same_rows(args.out + '.src', args.out + '.duckdb')}")
    print(f"  DuckDB COPY of our finished rows from a table it holds (the writing alone, no read "
          f"of the store, no join): {theirs['cpu']:.2f} s CPU, peak RSS "
          f"{theirs['rss_mb']:.0f} MB; newsgraph / that {ours['cpu'] / theirs['cpu']:.2f}x")
    print(f"  of which the SQLite reads alone: {floor['cpu']:.2f} s CPU "
          f"({floor['cpu'] / theirs['cpu']:.2f}x DuckDB's COPY of a table it holds)")
    reads(args.db)


if __name__ == "__main__":
    main()
