"""Ingest throughput and memory: newsgraph against plain spaCy over the same texts.

Builds a corpus of N articles from the bundled sample corpus (each article a fresh mix of
sentences drawn from the whole sample, so neither the exact nor the near-duplicate check skips
it), then, each in its own process so its CPU time and memory are its own:

- ``spacy``: ``nlp.pipe`` with the full English pipeline over the article texts;
- ``newsgraph``: ``Newsgraph.ingest`` into a fresh SQLite file (read, selective parse, actors,
  events, dates, dedupe, store), in one process, with ``--workers 2``, and on a Dask
  ``LocalCluster`` of 2 workers (``--dask local:2``, when the dask extra is installed);

and prints for each: CPU seconds (this process and every worker process it started, from
``getrusage``), wall seconds, words per CPU-second and per wall-second, and the peak RSS summed
over the process tree (sampled every 50 ms with psutil; without psutil, this process only).
Both sides count words with the same function (``newsgraph.articles.count_words``) on the same
texts. The ratios: newsgraph / spaCy in CPU time (one process), and 2 workers / 1 worker and
Dask / 1 worker in wall time (what more cores buy). The share of sentences the selective parse
sends through the parser is printed beside them: a gain from parsing fewer sentences counts
only if the eval figures of the same commit (``newsgraph eval all``, printed with ``--eval``)
do not fall. ``--dictionary DIR`` runs the newsgraph side with PETRARCH dictionaries loaded.
With ``--scale K`` the one-process run is repeated on K x N articles to show whether peak RSS
stays flat. The ingesting process's model and knowledge load is excluded from every timing
(spaCy's load is excluded from its own), so a parallel mode and the one-process run it is
divided by time like with like; starting the parallel mode's processes is inside its timing
(a forked pool process inherits the loaded annotator, a Dask worker loads its own). The load
average of the machine is printed beside each run, with how many cores other jobs used during
it (the machine's CPU-seconds from ``/proc/stat`` less the run's own, per wall-second): CPU
time ratios hold under load, a wall-time ratio only when the cores were left alone, and each
parallel pair says which it was. ``--pool DIR`` draws the sentences from
other articles instead (e.g. ``../shared/seeds``, real wire copy, less dense with events than the
sample corpus written for the demo). ``--repeat K`` measures the spaCy / newsgraph pair K times and
prints the median ratio (on a shared machine CPU time varies with the load), and each parallel
mode K times against a one-process run of its own, printing beside the wall-time ratio the
speedup the CPU time allows (the one-process CPU over the longer of the ingesting process's
serial CPU and the workers' CPU per worker), which other jobs on the machine do not move, on
idle cores and on this machine's cores (which run no more CPU-seconds a second than they are);
``--no-dask`` keeps the ``--workers`` run and skips the Dask one.

    python benchmarks/ingest.py --articles 200 --scale 10
    python benchmarks/ingest.py --articles 100 --scale 0 --pool ../shared/seeds
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from newsgraph.articles import count_words, read_articles
from newsgraph.parsing import split_sentences

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "sample"


def sample_sentences(folder: Path = SAMPLE) -> list[str]:
    """Every sentence of the articles under ``folder``: the pool benchmark articles are drawn from."""
    pool: list[str] = []
    for item in read_articles([folder]):
        if hasattr(item, "text"):
            pool += [s.strip() for _, _, s in _sentences(item.text) if len(s.split()) > 3]
    if not pool:
        sys.exit(f"benchmarks/ingest.py: no articles under {folder}")
    return pool


def _sentences(text: str) -> list[tuple[int, int, str]]:
    return [(a, b, text[a:b]) for a, b in split_sentences(text)]


def write_corpus(folder: Path, n: int, seed: int = 7, pool_folder: Path = SAMPLE) -> int:
    """N articles of 6-12 sentences each, as one JSON Lines file; returns the word count."""
    rng = random.Random(seed)
    pool = sample_sentences(pool_folder)
    start = dt.date(2023, 1, 1)
    words = 0
    with open(folder / "bench.jsonl", "w", encoding="utf-8") as out:
        for i in range(n):
            text = " ".join(rng.sample(pool, rng.randint(6, 12)))
            words += count_words(text)
            day = start + dt.timedelta(days=i % 700)
            out.write(json.dumps({"id": f"bench-{i:06d}", "date": day.isoformat(),
                                  "text": text}) + "\n")
    return words


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds(children: bool = True) -> float:
    """CPU time of this process and (unless ``children`` is false) of every child process it
    has waited for."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    own = me.ru_utime + me.ru_stime
    if not children:
        return own
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + kids.ru_utime + kids.ru_stime


@contextmanager
def tree_rss(into: dict):
    """Sample the RSS of this process and all its descendants; ``into["peak_rss_mb"]`` gets the
    peak of their sum (workers included, which ``ru_maxrss`` of the parent does not see)."""
    try:
        import psutil
    except ImportError:
        yield
        into["peak_rss_mb"] = peak_rss_mb()
        into["rss_of"] = "parent only (no psutil)"
        return
    me, peak, done = psutil.Process(), [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            peak[0] = max(peak[0], total)
            done.wait(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        into["peak_rss_mb"] = max(peak[0] / 2**20, peak_rss_mb())
        into["rss_of"] = "all processes"


def machine_busy_seconds() -> float | None:
    """CPU-seconds every process on the machine has used since boot (all cores: the
    ``/proc/stat`` counters less idle and I/O wait), or None without psutil."""
    try:
        import psutil
    except ImportError:
        return None
    t = psutil.cpu_times()
    return float(sum(t) - t.idle - getattr(t, "iowait", 0.0) - getattr(t, "guest", 0.0)
                 - getattr(t, "guest_nice", 0.0))


@contextmanager
def others_cpu(into: dict):
    """What other jobs used of the machine while the block ran: ``into["others_cores"]``, the
    CPU-seconds of every process on the machine less this run's own (``into["cpu"]``, set by
    the block) per wall-second, in cores (0: the machine was ours; 1.5 on 2 cores: three
    quarters of it was someone else's), and ``into["cores"]``."""
    before, began = machine_busy_seconds(), time.perf_counter()
    yield
    after, wall = machine_busy_seconds(), time.perf_counter() - began
    into["cores"] = os.cpu_count() or 1
    if before is not None and after is not None and wall > 0:
        into["others_cores"] = max(0.0, (after - before - into.get("cpu", 0.0)) / wall)


def _texts(folder: Path) -> list[str]:
    return [json.loads(line)["text"] for line in open(folder / "bench.jsonl", encoding="utf-8")]


def run_spacy(folder: Path) -> dict:
    import spacy

    from newsgraph.parsing import MODEL

    nlp = spacy.load(MODEL)  # plain spaCy: not newsgraph's load_pipeline, which tunes it
    texts = _texts(folder)
    result: dict = {"articles": len(texts), "words": sum(count_words(t) for t in texts)}
    with others_cpu(result), tree_rss(result):
        began, cpu = time.perf_counter(), cpu_seconds()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        result.update(seconds=time.perf_counter() - began, cpu=cpu_seconds() - cpu)
    return result


def run_newsgraph(folder: Path, workers: int, dask: str | None,
                  dictionaries: list[str]) -> dict:
    import newsgraph

    result: dict = {}
    with newsgraph.open(folder / "bench.db", dictionaries=dictionaries) as graph:
        # the ingesting process's model and knowledge load outside the timing in every mode,
        # as spaCy's load is: like with like. What a parallel mode adds stays inside: starting
        # its processes (forked ones inherit this load; Dask workers load their own)
        graph.annotator()
        with others_cpu(result), tree_rss(result):
            began, cpu, own = time.perf_counter(), cpu_seconds(), cpu_seconds(children=False)
            report = graph.ingest(folder / "bench.jsonl", workers=workers, dask=dask)
            result.update(seconds=time.perf_counter() - began, cpu=cpu_seconds() - cpu,
                          parent_cpu=cpu_seconds(children=False) - own)
        stats = graph.stats()
        annotator = graph.annotator()
        sentences = [s for t in _texts(folder) for _, _, s in _sentences(t)]
        parsed = sum(annotator.wants_parse(s) for s in sentences)  # outside the timing
    texts = _texts(folder)
    from newsgraph.articles import languages

    # an English text with few function words makes the reader ask py3langid, whose model
    # (about 70 MB, loaded on first use) is then part of this run's peak RSS
    result["langid_loaded"] = languages._identifier.cache_info().currsize > 0
    result.update(articles=report.ingested, words=sum(count_words(t) for t in texts),
                  events=stats["events"], near_duplicates=report.near_duplicates,
                  failed=report.failed, parsed_share=parsed / max(1, len(sentences)))
    return result


def measure(mode: str, n: int, workers: int = 1, pool: Path = SAMPLE, dask: str | None = None,
            dictionaries: tuple[str, ...] = ()) -> dict:
    """Run one mode in a fresh process on a fresh corpus of ``n`` articles."""
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), n, pool_folder=pool)
        cmd = [sys.executable, __file__, "--child", mode, "--folder", tmp, "--workers", str(workers)]
        cmd += ["--dask", dask] if dask else []
        for d in dictionaries:
            cmd += ["--dictionary", d]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def line(name: str, r: dict) -> str:
    return (f"{name:<26} {r['articles']:>6} art {r['words']:>8} words "
            f"cpu {r['cpu']:7.1f} s wall {r['seconds']:7.1f} s "
            f"{r['words'] / r['cpu']:7.0f} w/cpu-s {r['words'] / r['seconds']:7.0f} w/s  "
            f"peak RSS {r['peak_rss_mb']:6.0f} MB"
            + (" (py3langid loaded)" if r.get("langid_loaded") else "") + f"  load {load()}"
            + (f", others used {r['others_cores']:.1f} of {r['cores']} cores"
               if "others_cores" in r else ""))


def load() -> str:
    """The machine's 1-minute load average now: other jobs move CPU time as well as wall time."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True, cwd=SAMPLE).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, cwd=SAMPLE).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes)" if dirty else "")


def spread(cpus: dict[str, list[float]]) -> str:
    """How much the CPU time of the same work moved between the repeats of one invocation:
    the noise a ratio carries here, whatever other jobs were seen to use (on a virtual
    machine, the host's other tenants and its clock move CPU time too, unseen from inside)."""
    parts = [f"{name} {min(v):.1f}-{max(v):.1f} s ({max(v) / min(v) - 1:.0%})"
             for name, v in cpus.items() if v and min(v) > 0]
    return ("CPU time of the same work over the repeats: " + ", ".join(parts)
            + "; a ratio moves with it")


#: other jobs' use of the machine, in cores, under which a wall-time ratio is read as a speedup
QUIET_CORES = 0.2


def parallel_figures(one: dict, r: dict, workers: int) -> dict:
    """The ratios of a parallel run ``r`` against the one-process run ``one`` of its pair.

    ``wall``: one-process wall time over the parallel run's. ``cpu_bound``: the speedup the
    CPU time allows on idle cores, as many as it needs (the one-process CPU over the longer of
    the ingesting process's serial CPU and the workers' CPU per worker), which other jobs do
    not move. ``cores_bound``: the same on this machine's cores, which also cannot run more
    CPU-seconds a second than they are (with 3 busy processes on 2 cores, the run's total CPU
    over 2 bounds it). ``readable``: whether other jobs left the cores alone during both runs
    (under ``QUIET_CORES``), the only case in which the wall-time ratio is this code's."""
    serial = r["parent_cpu"]
    per_worker = (r["cpu"] - serial) / workers
    cores = r.get("cores") or os.cpu_count() or 1
    seen = [x["others_cores"] for x in (one, r) if "others_cores" in x]
    others = max(seen) if len(seen) == 2 else float("nan")  # NaN: not measured in both runs
    return {"wall": one["seconds"] / r["seconds"],
            "cpu_bound": one["cpu"] / max(serial, per_worker),
            "cores_bound": one["cpu"] / max(serial, per_worker, r["cpu"] / cores),
            "cores": cores, "others_cores": others,
            "readable": others == others and others < QUIET_CORES}


def what_it_shows(f: dict) -> str:
    """One plain sentence on what a pair's wall-time ratio says on this machine."""
    if f["others_cores"] != f["others_cores"]:  # NaN: no psutil, other jobs not measured
        return "other jobs' use of the cores not measured (no psutil): read the CPU figures only"
    if f["readable"]:
        return (f"other jobs used at most {f['others_cores']:.1f} of {f['cores']} cores: the "
                f"wall-time ratio is this code's, {f['wall'] / f['cores_bound']:.0%} of what "
                f"{f['cores']} cores allow")
    return (f"other jobs used up to {f['others_cores']:.1f} of {f['cores']} cores: the "
            f"wall-time ratio measures their load as much as this code; read the CPU figures")


def parallel_runs(name: str, how: dict, args: argparse.Namespace, dicts: tuple[str, ...]) -> None:
    """``--repeat`` pairs of one process and the parallel mode ``how``, one right after the
    other, with the median of each ratio (``parallel_figures``).

    In wall time, what the run took (the ingesting process's model load excluded on both
    sides, the pool's start included); on a machine others share, the other jobs' load moves
    it by tens of percent, so each pair says how many cores other jobs used meanwhile
    (``others_cpu``) and whether that leaves the wall-time ratio readable. Beside it the
    speedups the CPU time allows, on as many idle cores as the run needs and on this
    machine's cores: on idle cores the wall-time figure reaches the latter at best."""
    figures: list[dict] = []
    cpus: dict[str, list[float]] = {"one process": [], name: []}
    for _ in range(max(1, args.repeat)):
        one = measure("newsgraph", args.articles, 1, args.pool, dictionaries=dicts)
        r = measure("newsgraph", args.articles, pool=args.pool, dictionaries=dicts,
                    **how)  # type: ignore[arg-type]
        f = parallel_figures(one, r, args.workers)
        figures.append(f)
        cpus["one process"].append(one["cpu"])
        cpus[name].append(r["cpu"])
        print(line("newsgraph one process", one))
        print(line(f"newsgraph {name}", r))
        print(f"  {name} / one process: {f['wall']:.2f}x in wall time (target >= 1.8x for 2 "
              f"workers; the ingesting process's load excluded as in the one-process run, "
              f"the pool's start included), {f['cpu_bound']:.2f}x allowed by CPU time on idle "
              f"cores, {f['cores_bound']:.2f}x on this machine's {f['cores']}; CPU of all "
              f"processes {r['cpu'] / one['cpu']:.2f}x one process's, peak RSS "
              f"{r['peak_rss_mb']:.0f} MB ({r['rss_of']})")
        print(f"  the ingesting process alone (screen, annotate, merge, write): "
              f"{1000 * r['parent_cpu'] / r['articles']:.0f} CPU-ms per article, the workers "
              f"{1000 * (r['cpu'] - r['parent_cpu']) / r['articles']:.0f}; one process: "
              f"{1000 * one['cpu'] / one['articles']:.0f}; sentences parsed "
              f"{r['parsed_share']:.1%}, events stored {r['events']} "
              f"(one process: {one['events']})")
        print(f"  {what_it_shows(f)}")
    if len(figures) > 1:
        def span(key: str) -> str:
            values = [f[key] for f in figures]
            return (f"median {statistics.median(values):.2f}x "
                    f"(range {min(values):.2f}-{max(values):.2f}x)")

        readable = [f for f in figures if f["readable"]]
        print(f"  {name} / one process over {len(figures)} pairs: {span('wall')} in wall time, "
              f"{span('cpu_bound')} allowed by CPU time on idle cores, {span('cores_bound')} "
              f"on {figures[0]['cores']} cores; pairs with the cores left alone: "
              f"{len(readable)} of {len(figures)}"
              + (f", their wall-time median "
                 f"{statistics.median(f['wall'] for f in readable):.2f}x" if readable else ""))
        print(f"  {spread(cpus)}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=200, help="N, articles in the base run")
    p.add_argument("--scale", type=int, default=10, help="repeat newsgraph on N x scale (0: skip)")
    p.add_argument("--workers", type=int, default=2, help="workers of the parallel runs")
    p.add_argument("--pool", type=Path, default=SAMPLE,
                   help="draw sentences from the articles under this folder (default: the sample)")
    p.add_argument("--dictionary", action="append", default=[],
                   help="PETRARCH dictionary file or folder for the newsgraph side (repeatable)")
    p.add_argument("--no-parallel", action="store_true", help="skip the workers and Dask runs")
    p.add_argument("--no-dask", action="store_true", help="skip the Dask run (keep --workers)")
    p.add_argument("--repeat", type=int, default=1,
                   help="measure the spaCy / newsgraph pair this many times and print the median "
                        "ratio (a loaded machine's CPU time varies from run to run)")
    p.add_argument("--eval", action="store_true",
                   help="print the dev figures of `newsgraph eval all` at the end (minutes)")
    p.add_argument("--child", choices=("spacy", "newsgraph"), help=argparse.SUPPRESS)
    p.add_argument("--folder", help=argparse.SUPPRESS)
    p.add_argument("--dask", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        folder = Path(args.folder)
        if args.child == "spacy":
            result = run_spacy(folder)
        else:
            result = run_newsgraph(folder, args.workers, args.dask, args.dictionary)
        print(json.dumps(result))
        return
    dicts = tuple(args.dictionary)
    print(f"commit {commit()}; {args.articles} articles from {args.pool}"
          + (f"; dictionaries: {', '.join(dicts)}" if dicts else ""))
    ratios: list[float] = []
    cpus: dict[str, list[float]] = {"spaCy": [], "newsgraph": []}
    for _ in range(max(1, args.repeat)):  # pairs, one side right after the other
        spacy_r = measure("spacy", args.articles, 1, args.pool)
        ours = measure("newsgraph", args.articles, 1, args.pool, dictionaries=dicts)
        print(line("spaCy nlp.pipe (full)", spacy_r))
        print(line("newsgraph ingest", ours))
        print(f"events stored: {ours['events']}, failed: {ours['failed']}, near-duplicates "
              f"skipped: {ours['near_duplicates']}, sentences parsed: {ours['parsed_share']:.1%}")
        cpu_ratio = (ours["words"] / ours["cpu"]) / (spacy_r["words"] / spacy_r["cpu"])
        wall_ratio = (ours["words"] / ours["seconds"]) / (spacy_r["words"] / spacy_r["seconds"])
        ratios.append(cpu_ratio)
        cpus["spaCy"].append(spacy_r["cpu"])
        cpus["newsgraph"].append(ours["cpu"])
        print(f"newsgraph / spaCy: {cpu_ratio:.2f}x in CPU time, {wall_ratio:.2f}x in wall time "
              "(targets: >= 1.0x, issue 8; >= 1.5x, issue 10)")
    if len(ratios) > 1:
        print(f"newsgraph / spaCy in CPU time over {len(ratios)} pairs: median "
              f"{statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f}x)")
        print(f"  {spread(cpus)}")
    if not args.no_parallel:
        modes = [(f"--workers {args.workers}", {"workers": args.workers})]
        if args.no_dask:
            pass
        elif dask_available():
            modes.append((f"--dask local:{args.workers}", {"dask": f"local:{args.workers}"}))
        else:
            print("dask not installed: no Dask run (pip install 'newsgraph[dask]')")
        for name, how in modes:
            parallel_runs(name, how, args, dicts)
    if args.scale > 1:
        big = measure("newsgraph", args.articles * args.scale, 1, args.pool, dictionaries=dicts)
        print(line(f"newsgraph x{args.scale}", big))
        print(f"peak RSS ratio at {args.scale}x articles: "
              f"{big['peak_rss_mb'] / ours['peak_rss_mb']:.2f}x (target: flat, ~1.0x)")
    if args.eval:
        print("eval figures of this commit (dev halves):", flush=True)
        subprocess.run([sys.executable, "-c", "from newsgraph.cli import main; main()", "eval",
                        "all"], check=False)


if __name__ == "__main__":
    main()
