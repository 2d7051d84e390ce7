"""Start-up CPU of the read-only commands (issue 10: each <= 0.2 CPU-s), in one run.

    python benchmarks/startup.py [--db FILE] [--events 1000] [--runs 9]

Builds a small SYNTHETIC database once (benchmarks/web_load.py's builder, no NLP), then runs
each read-only command ``--runs`` times, output thrown away, and prints the median CPU time
(user + system, of the whole process: interpreter, imports, the command itself) beside the
interpreter's own start, with the target. The commands run with their bytecode cached (in a
temporary ``PYTHONPYCACHEPREFIX``, after one run to write it), as an installed package has it:
this checkout is an editable install and the development machine sets
``PYTHONDONTWRITEBYTECODE``, so without the cache every start compiles newsgraph's modules from
source (about 0.06 CPU-s more; printed once, for ``--help``). ``serve`` cannot be timed to an exit (it serves until
stopped): its row is ``serve --help`` (what the command line costs), and a second row is the
real start: ``newsgraph serve`` on a free port, asked for ``/api/stats`` until it answers, with
the server process's CPU time when the first answer arrived (interpreter, FastAPI, uvicorn, the
app and that one request) and the wall time to it. ``events`` is timed twice: as JSON Lines,
and as the default table. Figures move with the machine's load: compare rows of one run.
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_S = 0.2
NEWSGRAPH = str(Path(sys.executable).with_name("newsgraph"))


#: the environment of the measured runs: bytecode written once and read after, outside the tree
CACHED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CACHED["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "newsgraph-startup-pycache")


def child_cpu(argv: list[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) that one run of ``argv`` took, its output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=env or CACHED)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(argv: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    child_cpu(argv, env)  # writes the bytecode (and warms the page cache): not counted
    return statistics.median(child_cpu(argv, env) for _ in range(runs))


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
        ("events --limit 20 (table)", ["events", *db_args, "--limit", "20"]),
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
    # the libraries' own bytecode (pip wrote it beside them) read, newsgraph's not written
    bare = {k: v for k, v in CACHED.items() if k != "PYTHONPYCACHEPREFIX"}
    cpu = median_cpu([NEWSGRAPH, "--help"], args.runs, {**bare, "PYTHONDONTWRITEBYTECODE": "1"})
    print(f"  (newsgraph --help compiling its modules each start, no bytecode: {cpu:.3f} s)")
    starts = [first_answer(args.db) for _ in range(max(3, args.runs // 3))]
    if None in starts:
        print("  serve: did not answer (is the 'web' extra installed?)")
    else:
        cpu = statistics.median(s[0] for s in starts if s)
        wall = statistics.median(s[1] for s in starts if s)
        print(f"  newsgraph serve, to its first answered request {cpu:.3f} s  "
              f"{'ok' if cpu <= TARGET_S else 'OVER'}  ({wall:.2f} s wall; FastAPI, uvicorn, "
              "the app and one /api/stats)")
    Path(out).unlink(missing_ok=True)


def first_answer(db: str, timeout_s: float = 60.0) -> tuple[float, float] | None:
    """(CPU seconds of the server process when its first answer to ``/api/stats`` arrived,
    wall seconds from its start to then) for ``newsgraph serve`` on a free port; None when it
    never answers. The CPU is read from /proc while the server still runs, then it is
    stopped."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api/stats"
    started = time.perf_counter()
    server = subprocess.Popen([NEWSGRAPH, "serve", "--db", db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CACHED)
    try:
        while time.perf_counter() - started < timeout_s and server.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    answer.read()
                return process_cpu(server.pid), time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.02)  # not listening yet
        return None
    finally:
        server.terminate()
        server.wait()


def process_cpu(pid: int) -> float:
    """User + system CPU seconds a running process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
