"""newsgraph's own merges, checked against gold: ECB+ documents and the seed articles.

    python scripts/ingest_coreference.py ecbplus --split test   # report only; never tune on it
    python scripts/ingest_coreference.py ecbplus --split dev --threshold 0 --pairs dev.tsv
    python scripts/ingest_coreference.py seeds [--threshold 0 --pairs seeds.tsv]

``ecbplus`` writes each document of an ECB+ split as an article (its tokens joined by spaces,
one sentence a line, one made-up publication day for all: ECB+ has no dates), named by an
opaque digest, ingests them into a fresh database the way ``newsgraph ingest`` does, and reads
the stored merges back: each mention is tied to the gold event mention whose tokens hold its
trigger, and each pair of mentions of one stored event is right when both are of one gold chain.
``seeds`` does the same over ../shared/seeds with the seeds gold (a mention belongs to the gold
events of its type that list its sentence), counting only pairs whose gold events lie in the
dev half unless ``--all-halves`` is given.

``--threshold`` overrides the ingest threshold (0: every pair the rules allow merges), and
``--pairs`` writes one line per merge made (its engine score and whether it is right), so the
threshold can be chosen on a dev split: ``--choose`` prints pairwise precision, recall and F1
of the merges at each threshold from those lines.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import newsgraph
import newsgraph.coreference as coreference
from newsgraph.evaluation.ecbplus import data_folder, opaque, read_split

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
DAY = "2020-06-15"
_SCORE = re.compile(r"engine p=([0-9.]+)")


@dataclass
class Merge:
    """One mention merged into a stored event: where, with what score, and the gold verdict."""

    kind: str  # "same article" / "across articles"
    score: float
    right: bool | None  # None: a mention the gold does not tie to an event


def ecbplus_articles(split: str, folder: Path) -> tuple[list[dict[str, str]], dict]:
    """The split's documents as articles, and where each gold mention's tokens lie in them:
    (article id, character start) -> chain."""
    data = read_split(folder, split)
    offsets: dict[tuple[str, int, int], int] = {}
    articles = []
    for document, sentences in data.documents.items():
        key, lines, at = opaque(document), [], 0
        for s in sentences:
            for t, token in enumerate(s.tokens):
                offsets[(document, s.index, t)] = at
                at += len(token) + 1
            lines.append(" ".join(s.tokens))
        articles.append({"id": key, "date": DAY, "text": "\n".join(lines)})
    chains = {}
    for m in data.mentions:
        for t in m.tokens:
            if (m.document, m.sentence, t) in offsets:
                chains[(opaque(m.document), offsets[(m.document, m.sentence, t)])] = m.chain
    return sorted(articles, key=lambda a: a["id"]), chains


def ingest(articles: list[dict[str, str]], db: Path) -> None:
    path = db.with_suffix(".jsonl")
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    with newsgraph.open(db) as graph:
        report = graph.ingest(path)
    print(f"{report.ingested} articles, {report.events} events from {report.mentions} mentions, "
          f"{report.merged_across} merged across articles", file=sys.stderr)


def stored_mentions(db: Path) -> dict[str, list[tuple[str, int, int, str | None]]]:
    """Each stored event's mentions: (article, trigger start, trigger end, merge reason)."""
    import sqlite3

    conn = sqlite3.connect(db)
    out: dict[str, list[tuple[str, int, int, str | None]]] = defaultdict(list)
    for row in conn.execute("SELECT event_id, article_id, trigger_start, trigger_end, "
                            "merge_reason FROM mentions ORDER BY rowid"):
        out[row[0]].append((row[1], row[2], row[3], row[4]))
    conn.close()
    return out


def ecbplus_merges(db: Path, chains: dict) -> tuple[list[Merge], tuple[int, int, int]]:
    """Every merge as it was made, with its verdict (right when the mention's gold chain is
    that of a mention the event held before it), and the cross-document mention pairs of the
    stored events: (pairs, of one gold chain, with a mention the gold does not tie to one)."""
    by_article: dict[str, dict[int, str]] = defaultdict(dict)
    for (a, at), chain in chains.items():
        by_article[a][at] = chain

    def chain(article: str, start: int, end: int) -> str | None:
        return next((c for at, c in by_article[article].items() if start <= at < end), None)

    merges = []
    pairs = same = unknown = 0
    for mentions in stored_mentions(db).values():
        seen = [chain(*mentions[0][:3])]
        for article, start, end, reason in mentions[1:]:
            kind = "across articles" if reason and reason.startswith("across") else "same article"
            found = _SCORE.search(reason or "")
            other = chain(article, start, end)
            right = None if other is None or None in seen else other in seen
            merges.append(Merge(kind, float(found.group(1)) if found else -1.0, right))
            seen.append(other)
        for i, a in enumerate(mentions):
            for j in range(i + 1, len(mentions)):
                if a[0] != mentions[j][0]:
                    pairs += 1
                    ca, cb = seen[i], seen[j]
                    unknown += ca is None or cb is None
                    same += ca is not None and ca == cb
    return merges, (pairs, same, unknown)


def report(merges: list[Merge], pairs: Path | None) -> None:
    for kind in ("same article", "across articles"):
        these = [m for m in merges if m.kind == kind]
        right = sum(m.right is True for m in these)
        wrong = sum(m.right is False for m in these)
        print(f"{kind}: {len(these)} merges; {right} right, {wrong} wrong, "
              f"{len(these) - right - wrong} with a mention the gold does not tie to an event")
    if pairs:
        pairs.write_text("".join(f"{m.kind}\t{m.score}\t{m.right}\n" for m in merges),
                         encoding="utf-8")


def choose(paths: list[Path]) -> None:
    """Precision of the merges kept at each threshold, and the share of right ones kept."""
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            _, score, right = line.split("\t")
            if right != "None":
                rows.append((float(score), right == "True"))
    total_right = sum(r for _, r in rows)
    print(f"{len(rows)} judged merges, {total_right} right")
    for t in (0.0, 0.05, 0.1, 0.12, 0.14, 0.15, 0.16, 0.18, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 0.9):
        kept = [r for s, r in rows if s >= t]
        tp = sum(kept)
        p = tp / len(kept) if kept else 1.0
        r = tp / total_right if total_right else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"threshold {t:.2f}: {len(kept)} kept, precision {100 * p:5.1f}, "
              f"right kept {100 * r:5.1f}, F1 {100 * f:5.1f}")


def seeds_merges(db: Path, all_halves: bool) -> list[Merge]:
    """Merges over the seeds, judged by the seeds gold (dev-half gold events only)."""
    import sqlite3

    from newsgraph.evaluation.seeds_gold import load_gold

    gold = load_gold()
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    for event in gold.events:
        if not all_halves and event.half != "dev":
            continue
        for m in event.mentions:
            where[(m.article, " ".join(m.sentence.split()))].update(
                f"{event.id}|{t}" for t in event.types)
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT m.event_id, m.article_id, m.sentence, m.merge_reason, e.type "
                        "FROM mentions m JOIN events e ON e.id = m.event_id ORDER BY m.rowid")
    events: dict[str, list[tuple[set[str], str | None]]] = defaultdict(list)
    for event_id, article, sentence, reason, type_ in rows:
        ids = {g.split("|")[0] for g in where.get((article, " ".join(sentence.split())), set())
               if g.split("|")[1] == type_}
        events[event_id].append((ids, reason))
    conn.close()
    merges = []
    for mentions in events.values():
        first = mentions[0][0]
        for ids, reason in mentions[1:]:
            kind = "across articles" if reason and reason.startswith("across") else "same article"
            found = _SCORE.search(reason or "")
            right = None if not first or not ids else bool(first & ids)
            merges.append(Merge(kind, float(found.group(1)) if found else -1.0, right))
    return merges


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", choices=("ecbplus", "seeds", "choose"))
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--pairs", type=Path, default=None)
    ap.add_argument("--all-halves", action="store_true")
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()
    if args.corpus == "choose":
        choose(args.files)
        return
    if args.threshold is not None:
        chosen = args.threshold
        coreference.ingest_threshold = lambda: chosen  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "check.db"
        if args.corpus == "ecbplus":
            articles, chains = ecbplus_articles(args.split, data_folder(args.data))
            ingest(articles, db)
            merges, (pairs, same, unknown) = ecbplus_merges(db, chains)
            print(f"cross-document mention pairs in stored events: {pairs}; {same} of one gold "
                  f"chain, {pairs - same - unknown} of two, {unknown} with a mention the gold "
                  "does not tie to an event")
        else:
            with newsgraph.open(db) as graph:
                graph.ingest(SEEDS)
            merges = seeds_merges(db, args.all_halves)
        report(merges, args.pairs)


if __name__ == "__main__":
    main()
