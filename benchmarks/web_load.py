"""Load check for the HTTP API: ``GET /api/events`` and the aggregate pages on 100k-1M events.

    python benchmarks/web_load.py [--db FILE] [--events 100000] [--requests 2000] [--concurrency 8]
                                  [--aggregate-requests 30] [--search-requests 400] [--graph]
                                  [--skip-events] [--workers N] [--threads N]

The events are SYNTHETIC: made up from the shipped country list, a few hundred people and dates
spread over ten years, written straight through ``Store`` in one transaction (no NLP). The script
builds the database once (reused when it already holds enough events), prints the query plans of
the main event queries, starts ``newsgraph serve`` on a free loopback port, fires a bounded number
of requests from a thread pool (a mix of filters and cursor follow-ups) and prints requests/s and
latency percentiles. Then it times each aggregate endpoint (home page, actors, graph, busiest
dyads, one actor, one dyad series) with sequential requests, and prints their query plans: none
may scan the whole events table. It stops by itself. ``--events`` goes up to 1,000,000 (building
that many takes minutes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import orjson

from newsgraph.actors import Actor, ActorRef
from newsgraph.articles import Article
from newsgraph.events import Event, Mention
from newsgraph.knowledge import shipped_csv
from newsgraph.store import Store, summaries
from newsgraph.store.queries import EventQuery, event_filter

TYPES = [("CONSULT", "040", 1, 1.0), ("AGREE", "057", 1, 8.0), ("AID", "070", 2, 7.0),
         ("ACCUSE", "112", 3, -2.0), ("THREATEN", "138", 3, -7.0), ("ASSAULT", "190", 4, -10.0),
         ("SANCTION", "163", 3, -8.0), ("COOPERATE", "061", 2, 6.4)]
VERBS = {"CONSULT": "met", "AGREE": "signed", "AID": "sent aid to", "ACCUSE": "accused",
         "THREATEN": "threatened", "ASSAULT": "shelled", "SANCTION": "sanctioned",
         "COOPERATE": "worked with"}
MODALITIES = ["asserted"] * 8 + ["future", "negated", "denied", "hypothetical"]
START = dt.date(2015, 1, 1)
DAYS = 3650
EVENTS_PER_ARTICLE = 4
# a plan line that reads one of the tables that grow with the events, end to end
BIG_SCAN = re.compile(r"SCAN (e|ea|me|other|events|event_actors|mentions)\b")


def synthetic_actors(rng: random.Random) -> list[Actor]:
    """The shipped countries plus 200 made-up officials with real country codes."""
    countries = [Actor(r["iso3"], r["name"], "country", r["iso3"]) for r in shipped_csv(
        "countries.csv") if r.get("iso3")]
    people = [Actor(f"person:synthetic-{i}", f"Official {i}", "person",
                    rng.choice(countries).id, "GOV") for i in range(200)]
    return countries + people


def _ref(a: Actor) -> ActorRef:
    return ActorRef(a.id, a.name, a.kind, a.country, a.sector, a.name, -1, -1)


def _event(rng: random.Random, n: int, src: Actor, tgt: Actor, article: Article) -> Event:
    etype, cameo, quad, goldstein = rng.choice(TYPES)
    sentence = f"{src.name} {VERBS[etype]} {tgt.name} in report {n}."
    mention = Mention(article.id, article.published, sentence, 0, len(sentence), VERBS[etype],
                      len(src.name) + 1, len(src.name) + 1 + len(VERBS[etype]), "synthetic")
    day = article.published - dt.timedelta(days=rng.randint(0, 2))
    return Event(etype, None, cameo, quad, goldstein, [_ref(src)], [_ref(tgt)],
                 modality=rng.choice(MODALITIES), confidence=0.6, date=day.isoformat(),
                 date_precision="day", date_basis="explicit", mentions=[mention],
                 id=f"ev_syn{n:09d}")


def build(path: Path, n_events: int, seed: int = 7) -> None:
    """Write ``n_events`` synthetic events (busy pairs get most of them, like real news)."""
    rng = random.Random(seed)
    actors = synthetic_actors(rng)
    busy = [(rng.choice(actors), rng.choice(actors)) for _ in range(60)]
    started = time.perf_counter()
    with Store(path) as store, store.transaction():
        for a in actors:
            store.upsert_actor(a)
        article = None
        for n in range(n_events):
            if n % EVENTS_PER_ARTICLE == 0:
                day = START + dt.timedelta(days=rng.randrange(DAYS))
                text = f"Synthetic wire report {n} for the load check."
                article = Article(f"syn-{n}", day, text, title=f"Synthetic {n}",
                                  source="synthetic", origin="web_load.py",
                                  content_hash=f"syn-{n}")
                store.add_article(article, words=8)
            src, tgt = rng.choice(busy) if rng.random() < 0.5 else rng.sample(actors, 2)
            assert article is not None
            store.add_event(_event(rng, n, src, tgt, article))
    print(f"built {n_events} SYNTHETIC events, {len(actors)} actors in "
          f"{time.perf_counter() - started:.1f} s -> {path}")


def count_events(path: Path) -> int:
    if not path.exists():
        return 0
    with Store(path) as store:
        return int(store.conn.execute("SELECT count(*) FROM events").fetchone()[0])


def show_plans(path: Path) -> None:
    """EXPLAIN QUERY PLAN of the page query for a few filters: no full sort, indexes used."""
    with Store(path, readonly=True) as store:
        for label, q in [("no filter", EventQuery()), ("actor", EventQuery(actor="FRA")),
                         ("type+since", EventQuery(type="ASSAULT", since=dt.date(2020, 1, 1)))]:
            clauses, params = event_filter(store.conn, q)
            where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
            sql = (f"SELECT e.id FROM events e {where} ORDER BY COALESCE(e.date_start, ''), e.id "
                   "LIMIT 51")
            plan = [r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
            print(f"  plan [{label}]: " + " | ".join(plan))


def aggregate_paths(path: Path) -> dict[str, str]:
    """One URL per aggregate endpoint, aimed at the busiest actor and pair (the worst case)."""
    with Store(path, readonly=True) as store:
        top = summaries.busiest_dyads(store.conn, 1)
        actor = summaries.list_actors(store.conn, limit=1)
    a, b = (top[0]["a"], top[0]["b"]) if top else ("FRA", "IRN")
    busiest = actor[0].id if actor else a
    return {
        "home": "/",
        "actors": "/api/actors",
        "graph": "/api/graph",
        "graph 1y": "/api/graph?since=2019-01-01&until=2019-12-31",
        "dyads": "/api/dyads",
        "actor": f"/api/actors/{busiest}",
        "dyad series": f"/api/dyads/{a}/{b}/series",
        "stats": "/api/stats",
    }


def aggregate_plans(path: Path) -> None:
    """EXPLAIN QUERY PLAN of every statement the aggregate endpoints run; flags event scans."""
    with Store(path, readonly=True) as store:
        conn = store.conn
        a, b = "FRA", "IRN"
        calls = {
            "busiest_dyads": lambda: summaries.busiest_dyads(conn, 12),
            "list_actors": lambda: summaries.list_actors(conn, limit=50),
            "get_actor": lambda: summaries.get_actor(conn, a),
            "counterparts": lambda: summaries.counterparts(conn, a, 10),
            "graph": lambda: summaries.relations_graph(conn, limit=150),
            "graph 1y": lambda: summaries.relations_graph(
                conn, dt.date(2019, 1, 1), dt.date(2019, 12, 31), limit=150),
            "dyad_series": lambda: summaries.dyad_series(conn, EventQuery(dyad=(a, b))),
            "stats": lambda: summaries.stats(conn),
        }
        for label, call in calls.items():
            plans = _plans_of(conn, call)
            scans = [p for p in plans if BIG_SCAN.match(p)]
            print(f"  plan [{label}]: {len(plans)} statements"
                  + (f"; FULL SCAN OF EVENTS: {scans}" if scans else "; no scan of events"))


def _plans_of(conn: sqlite3.Connection, call: Callable[[], object]) -> list[str]:
    """Run ``call`` while recording each SELECT it sends, then EXPLAIN those statements."""
    sent: list[str] = []
    conn.set_trace_callback(lambda sql: sent.append(sql))
    try:
        call()
    finally:
        conn.set_trace_callback(None)
    out = []
    for sql in dict.fromkeys(s for s in sent if s.lstrip().upper().startswith(("SELECT", "WITH"))):
        out += [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
    return out


def time_aggregates(base: str, paths: dict[str, str], n: int) -> None:
    """Sequential GETs of each aggregate endpoint: p50 and p99 latency in ms."""
    with httpx.Client(base_url=base, timeout=120) as client:
        for label, url in paths.items():
            client.get(url)  # warm-up
            ms = []
            for _ in range(n):
                t = time.perf_counter()
                r = client.get(url)
                ms.append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {r.status_code} {r.text[:200]}")
            ms.sort()
            p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
            print(f"  {label:12s} {url:55s} p50 {statistics.median(ms):8.1f} ms  "
                  f"p99 {p99:8.1f} ms  ({n} requests)")


def request_mix(rng: random.Random, actor_ids: list[str]) -> list[str]:
    """Query strings: a mix of the filters users send; some pages are followed by cursor."""
    def one() -> str:
        kind = rng.randrange(9)
        day = START + dt.timedelta(days=rng.randrange(DAYS - 60))
        a, b = rng.sample(actor_ids, 2)
        return [
            "limit=50",
            f"actor={a}&limit=50",
            f"dyad={a},{b}&modality=all&limit=50",
            f"type={rng.choice(TYPES)[0]}&limit=100",
            f"since={day}&until={day + dt.timedelta(days=30)}&limit=50",
            f"country={rng.choice(['FRA', 'IRN', 'USA', 'CHN', 'RUS'])}&order=desc&limit=50",
            f"q=report {rng.randrange(1000)}&modality=all&limit=20",
            f"modality=all&since={day}&limit=200",
            f"actor={a}&type=CONSULT&order=desc&limit=20",
        ][kind]
    return [one() for _ in range(4000)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, workers: int = 1,
                 threads: int | None = None) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-c", "from newsgraph.cli import main; main()",
                             "serve", "--db", str(db), "--workers", str(workers),
                             *(["--threads", str(threads)] if threads else []),
                             "--port", str(port)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start")


def fire(base: str, queries: list[str], n_requests: int, concurrency: int,
         prefix: str = "/api/events?") -> tuple[list[float], int, float]:
    """Send n_requests (a third of them cursor follow-ups); returns latencies, errors, seconds."""
    latencies: list[float] = []
    errors = 0
    per_worker = n_requests // concurrency

    def worker(k: int) -> None:
        nonlocal errors
        rng = random.Random(k)
        with httpx.Client(base_url=base, timeout=30) as client:
            cursor_url = None
            for _ in range(per_worker):
                url = cursor_url or prefix + rng.choice(queries)
                t = time.perf_counter()
                r = client.get(url)
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors += 1
                    cursor_url = None
                    continue
                # orjson: the client shares the machine's cores with the server, and the
                # standard parser spent 3 ms of them on an average page
                nxt = orjson.loads(r.content).get("next_cursor")
                follow = nxt and rng.random() < 0.33
                cursor_url = f"{url.split('&cursor=')[0]}&cursor={nxt}" if follow else None

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, range(concurrency)))
    return latencies, errors, time.perf_counter() - started


def time_graph_page(base: str, limits: tuple[int, ...] = (200, 2000)) -> None:
    """Open /graph in headless Chromium (SwiftShader WebGL) and print the time the page itself
    measured from the API request to sigma's first frame (fetch + ForceAtlas2 + render)."""
    import shutil

    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if chromium is None:
        print("  graph page: skipped (needs chromium and python playwright)")
        return
    args = ["--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
            "--ignore-gpu-blocklist"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        for limit in limits:
            for _attempt in range(2):  # the first load also compiles the scripts
                t = time.perf_counter()
                page.goto(f"{base}/graph?limit={limit}")
                page.wait_for_selector(".graph[data-ready]", timeout=120_000)
                wall = (time.perf_counter() - t) * 1000
                shape = page.evaluate("[window.newsgraphGraph.graph.order, "
                                      "window.newsgraphGraph.graph.size, "
                                      "window.newsgraphGraph.renderMs]")
            print(f"  graph page, {limit} edges: {shape[0]} nodes, {shape[1]} edges drawn in "
                  f"{shape[2]} ms (in-page), {wall:.0f} ms from navigation")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path("test-output/web_load.db"))
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (newsgraph serve --workers)")
    parser.add_argument("--threads", type=int, default=None,
                        help="requests each server process works on at once (serve --threads)")
    parser.add_argument("--aggregate-requests", type=int, default=30,
                        help="sequential requests per aggregate endpoint (0: skip)")
    parser.add_argument("--search-requests", type=int, default=400,
                        help="requests of a common-word /api/search after the mix (0: skip)")
    parser.add_argument("--graph", action="store_true",
                        help="also time the /graph page in headless Chromium (200, 2000 edges)")
    parser.add_argument("--skip-events", action="store_true",
                        help="leave out the /api/events mix")
    args = parser.parse_args()
    if not 1 <= args.events <= 1_000_000:
        parser.error("--events: give 1 to 1000000")
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if count_events(args.db) < args.events:
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
        build(args.db, args.events)
    n = count_events(args.db)
    print(f"database: {args.db} with {n} events (synthetic)")
    show_plans(args.db)
    aggregate_plans(args.db)
    with Store(args.db, readonly=True) as store:
        actor_ids = [r[0] for r in store.conn.execute("SELECT id FROM actors")]
    queries = request_mix(random.Random(1), actor_ids)
    port = free_port()
    server = start_server(args.db, port, args.workers, args.threads)
    print(f"server: newsgraph serve --workers {args.workers}"
          + (f" --threads {args.threads}" if args.threads else ""))
    base = f"http://127.0.0.1:{port}"
    try:
        if args.aggregate_requests:
            print("aggregate endpoints, sequential:")
            time_aggregates(base, aggregate_paths(args.db), args.aggregate_requests)
        if args.graph:
            print("relations graph page (real Chromium):")
            time_graph_page(base)
        latencies: list[float] = []
        errors, seconds, cpu, client_cpu = 0, 1.0, 0.0, 0.0
        if not args.skip_events:
            fire(base, queries, 40, 4)  # warm-up: connections, page cache
            before, mine = server_cpu(server.pid), time.process_time()
            latencies, errors, seconds = fire(base, queries, args.requests, args.concurrency)
            cpu = server_cpu(server.pid) - before
            client_cpu = time.process_time() - mine
        if args.search_requests:
            # a word every synthetic sentence holds: the worst case of /api/search
            words = [f"q={w}&limit=20&offset={k * 20}" for w in ("report", "in report")
                     for k in range(5)]
            fire(base, words, 16, 4, "/api/search?")  # warm-up
            before, mine = server_cpu(server.pid), time.process_time()
            found, search_errors, search_seconds = fire(base, words, args.search_requests,
                                                        args.concurrency, "/api/search?")
            report("GET /api/search (a word in every sentence)", found, search_errors,
                   search_seconds, args.concurrency, server_cpu(server.pid) - before,
                   time.process_time() - mine)
    finally:
        server.terminate()
        server.wait(timeout=20)
    if latencies:
        report("GET /api/events", latencies, errors, seconds, args.concurrency, cpu,
               client_cpu)


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the server has used, its worker processes included: on a
    shared machine the figure that other load does not inflate. 0.0 where /proc is not
    there."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(server_cpu(int(child)) for child in children)


def report(label: str, latencies: list[float], errors: int, seconds: float,
           concurrency: int, cpu: float = 0.0, client_cpu: float = 0.0) -> None:
    """One line: requests, errors, requests/s, latency percentiles in ms, and the server's CPU
    time per request (the figure that the machine's other load does not inflate), beside the
    load generator's own (on the same cores, it is load the latency also measures)."""
    ms = sorted(x * 1000 for x in latencies)
    pct = lambda p: ms[min(len(ms) - 1, int(p / 100 * len(ms)))]  # noqa: E731
    print(f"{label}: {len(ms)} requests, concurrency {concurrency}, {errors} errors, "
          f"{len(ms) / seconds:.0f} requests/s; latency p50 {pct(50):.1f} ms, "
          f"p90 {pct(90):.1f} ms, p99 {pct(99):.1f} ms, max {ms[-1]:.1f} ms, "
          f"mean {statistics.mean(ms):.1f} ms"
          + (f"; server CPU {cpu * 1000 / len(ms):.1f} ms a request" if cpu else "")
          + (f", client CPU {client_cpu * 1000 / len(ms):.1f} ms" if client_cpu else ""))


if __name__ == "__main__":
    main()
