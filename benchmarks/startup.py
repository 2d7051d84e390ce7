"""Start-up CPU of the read-only commands (issue 10: each <= 0.2 CPU-s), in one run.

    python benchmarks/startup.py [--db FILE] [--events 1000] [--runs 9]

Builds a small SYNTHETIC database once (benchmarks/web_load.py's builder, no NLP), then runs
each read-only command ``--runs`` times, output thrown away, and prints the median CPU time
(user + system, of the whole process: interpreter, imports, the command itself) beside the
interpreter's own start, with the target. ``serve`` cannot be timed to an exit (it serves until
stopped): its row is ``serve --help`` (what the command line costs), and a second row times
building the app as ``serve`` does before it binds the port, which is FastAPI's and the pages'
start, not the command line's. ``events`` is timed twice: as JSON Lines, and as the default
table, which loads rich and lays the table out (drawing, not starting). Figures move with the
machine's load: compare rows of one run.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_S = 0.2
NEWSGRAPH = str(Path(sys.executable).with_name("newsgraph"))


def child_cpu(argv: list[str]) -> float:
    """CPU seconds (user + system) that one run of ``argv`` took, its output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(argv: list[str], runs: int) -> float:
    return statistics.median(child_cpu(argv) for _ in range(runs))


def commands(db: str, out: str) -> list[tuple[str, list[str]]]:
    """The read-only commands, with an actor and an event the database holds."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        actor = conn.execute("SELECT source_id FROM dyad_counts ORDER BY n DESC "
                             "LIMIT 1").fetchone()[0]
        event = conn.execute("SELECT id FROM events ORDER BY id LIMIT 1").fetchone()[0]
    db_args = ["--db", db]
    return [
        ("--help", ["--help"]),
        ("stats", ["stats", *db_args]),
        ("events --limit 20 (jsonl)", ["events", *db_args, "--limit", "20", "--format",
                                       "jsonl"]),
        ("events --limit 20 (rich table)", ["events", *db_args, "--limit", "20"]),
        ("timeline ACTOR", ["timeline", *db_args, actor, "--format", "jsonl"]),
        ("show EVENT", ["show", *db_args, event]),
        ("export --limit 100 (jsonl)", ["export", *db_args, "--limit", "100", "-o", out]),
        ("serve --help", ["serve", "--help"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/newsgraph-startup-bench.db")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import web_load

    if web_load.count_events(Path(args.db)) < args.events:
        Path(args.db).unlink(missing_ok=True)
        web_load.build(Path(args.db), args.events)
    import newsgraph

    newsgraph.open(args.db).close()  # a database built by an older newsgraph is migrated first
    out = str(Path(args.db).with_suffix(".jsonl"))
    python = median_cpu([sys.executable, "-c", "pass"], args.runs)
    print(f"start-up CPU, median of {args.runs} runs, {args.events} SYNTHETIC events "
          f"(python alone: {python:.3f} s; target <= {TARGET_S} s)")
    for label, argv in commands(args.db, out):
        cpu = median_cpu([NEWSGRAPH, *argv], args.runs)
        print(f"  newsgraph {label:31s} {cpu:.3f} s  {'ok' if cpu <= TARGET_S else 'OVER'}")
    app = ("import sys; from newsgraph.web import create_app; "
           "create_app(sys.argv[1], allowed_hosts=['127.0.0.1'])")
    try:
        cpu = median_cpu([sys.executable, "-c", app, args.db], max(3, args.runs // 3))
        print(f"  (serve's app, built as serve builds it: {cpu:.3f} s; FastAPI and the pages)")
    except subprocess.CalledProcessError:
        print("  (serve's app: not built; the 'web' extra is missing)")
    Path(out).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
