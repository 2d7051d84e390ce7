"""Ingest throughput and memory: newsgraph against plain spaCy over the same texts.

Builds a corpus of N articles from the bundled sample corpus (each article a fresh mix of
sentences drawn from the whole sample, so neither the exact nor the near-duplicate check skips
it), then, each in its own process so peak RSS is its own:

- ``spacy``: ``nlp.pipe`` with the full English pipeline over the article texts;
- ``newsgraph``: ``Newsgraph.ingest`` into a fresh SQLite file (read, selective parse, actors,
  events, dates, dedupe, store);

and prints articles/s, words/s, peak RSS and the throughput ratio. With ``--scale K`` the
newsgraph run is repeated on K x N articles to show whether peak RSS stays flat.
Model loading is excluded from the timings of both. ``--pool DIR`` draws the sentences from
other articles instead (e.g. ``../shared/seeds``, real wire copy, less dense with events than
the sample corpus written for the demo).

    python benchmarks/ingest.py --articles 200 --scale 10
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsgraph.articles import read_articles
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
            words += len(text.split())
            day = start + dt.timedelta(days=i % 700)
            out.write(json.dumps({"id": f"bench-{i:06d}", "date": day.isoformat(),
                                  "text": text}) + "\n")
    return words


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_spacy(folder: Path) -> dict:
    import spacy

    from newsgraph.parsing import MODEL

    nlp = spacy.load(MODEL)  # plain spaCy: not newsgraph's load_pipeline, which tunes it
    texts = [json.loads(line)["text"] for line in open(folder / "bench.jsonl", encoding="utf-8")]
    began = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return {"seconds": time.perf_counter() - began, "articles": len(texts),
            "words": sum(len(t.split()) for t in texts), "peak_rss_mb": peak_rss_mb()}


def run_newsgraph(folder: Path, workers: int) -> dict:
    import newsgraph

    with newsgraph.open(folder / "bench.db") as graph:
        if workers <= 1:
            graph.annotator()  # load the model outside the timing, as for spaCy
        began = time.perf_counter()
        report = graph.ingest(folder / "bench.jsonl", workers=workers)
        seconds = time.perf_counter() - began
        stats = graph.stats()
    return {"seconds": seconds, "articles": report.ingested, "words": report.words,
            "events": stats["events"], "near_duplicates": report.near_duplicates,
            "failed": report.failed, "peak_rss_mb": peak_rss_mb()}


def measure(mode: str, n: int, workers: int, pool: Path = SAMPLE) -> dict:
    """Run one mode in a fresh process on a fresh corpus of ``n`` articles."""
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), n, pool_folder=pool)
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, "--folder", tmp, "--workers", str(workers)],
            check=True, capture_output=True, text=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def line(name: str, r: dict) -> str:
    return (f"{name:<22} {r['articles']:>7} articles {r['words']:>9} words "
            f"{r['seconds']:8.1f} s {r['articles'] / r['seconds']:8.1f} art/s "
            f"{r['words'] / r['seconds']:8.0f} words/s  peak RSS {r['peak_rss_mb']:7.0f} MB")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=200, help="N, articles in the base run")
    p.add_argument("--scale", type=int, default=10, help="repeat newsgraph on N x scale (0: skip)")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--pool", type=Path, default=SAMPLE,
                   help="draw sentences from the articles under this folder (default: the sample)")
    p.add_argument("--child", choices=("spacy", "newsgraph"), help=argparse.SUPPRESS)
    p.add_argument("--folder", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        folder = Path(args.folder)
        result = run_spacy(folder) if args.child == "spacy" else run_newsgraph(folder, args.workers)
        print(json.dumps(result))
        return
    spacy_r = measure("spacy", args.articles, 1, args.pool)
    ours = measure("newsgraph", args.articles, args.workers, args.pool)
    print(line("spaCy nlp.pipe (full)", spacy_r))
    print(line(f"newsgraph ingest w={args.workers}", ours))
    print(f"events stored: {ours['events']}, failed: {ours['failed']}, "
          f"near-duplicates skipped: {ours['near_duplicates']}")
    ratio = (ours["words"] / ours["seconds"]) / (spacy_r["words"] / spacy_r["seconds"])
    print(f"throughput ratio newsgraph / spaCy: {ratio:.2f}x (target >= 1.0x)")
    if args.scale > 1:
        big = measure("newsgraph", args.articles * args.scale, args.workers, args.pool)
        print(line(f"newsgraph x{args.scale}", big))
        print(f"peak RSS ratio at {args.scale}x articles: "
              f"{big['peak_rss_mb'] / ours['peak_rss_mb']:.2f}x (target: flat, ~1.0x)")


if __name__ == "__main__":
    main()
