"""Near-duplicate detection measured on generated rewrites of the sample and seed articles.

    python benchmarks/near_duplicates.py [--seeds DIR]

For every article (the shipped sample and ../shared/seeds) it makes, with a random generator
seeded by the article's id:

- *light rewrites*, which must match their original: 3 % and 5 % of the words replaced at
  scattered places (by words of other articles), a new headline line and a byline;
- *substantial additions*, which must not: the original followed by 30 %, 50 % or 100 % as many
  words again from other articles (a follow-up story that quotes the first one whole);
- *other reports*: every other article of the set, which must not match.

Each variant is queried against an index of all originals, for each setting (shingle size,
threshold, and whether the index holds the originals' texts, so that coverage decides, or only
their signatures, so that the estimated Jaccard does, as before texts were kept); recall is
the share of rewrites matched to their own original, precision the share of the matches of
variants that were right. Originals that match another original are listed, not counted: the
sample holds one real syndicated pair (017 and 019), which should match. The default (5-word
shingles, coverage 0.82) is marked.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

from newsgraph.articles import Article, read_articles
from newsgraph.syndication import THRESHOLD, NearDuplicateIndex

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "src" / "newsgraph" / "sample"
# (shingle, threshold, texts kept): coverage decides with texts, estimated Jaccard without
SETTINGS = [(5, THRESHOLD, True), (5, 0.75, True), (5, 0.8, True), (5, 0.85, True),
            (5, 0.9, True), (3, THRESHOLD, True), (5, 0.8, False), (3, 0.7, False)]
REWRITE_RATES = (0.03, 0.05)
ADDITION_RATES = (0.3, 0.5, 1.0)


@dataclass
class Variant:
    kind: str  # "rewrite 3%", "addition 50%", ...
    original: str  # the article id it derives from
    text: str
    should_match: bool


def load(paths: list[Path]) -> list[Article]:
    arts = [a for a in read_articles(paths) if isinstance(a, Article)]
    return [a for a in arts if len(a.text.split()) >= 80]


def rewrite(article: Article, rate: float, pool: list[str], rng: random.Random) -> str:
    """Words replaced at scattered places, a new headline line and a byline."""
    words = article.text.split(" ")
    n = max(1, round(rate * len(words)))
    for pos in rng.sample(range(len(words)), n):
        words[pos] = rng.choice(pool)
    return f"Update: {rng.choice(pool)} {rng.choice(pool)}\n\nBy Staff Writer\n\n" + " ".join(words)


def addition(article: Article, rate: float, others: list[Article], rng: random.Random) -> str:
    """The original whole, then as many words again as ``rate`` of its length, from others."""
    need = round(rate * len(article.text.split()))
    extra: list[str] = []
    while len(extra) < need:
        extra += rng.choice(others).text.split()
    return article.text + "\n\n" + " ".join(extra[:need])


def variants(articles: list[Article]) -> list[Variant]:
    out = []
    for a in articles:
        rng = random.Random(a.id)
        others = [b for b in articles if b.id != a.id]
        pool = [w for b in others for w in b.text.split()]
        for rate in REWRITE_RATES:
            out.append(Variant(f"rewrite {rate:.0%}", a.id, rewrite(a, rate, pool, rng), True))
        for rate in ADDITION_RATES:
            out.append(Variant(f"addition {rate:.0%}", a.id, addition(a, rate, others, rng),
                               False))
    return out


def indexed(articles: list[Article], shingle: int, threshold: float, texts: bool
            ) -> NearDuplicateIndex:
    """An index of ``articles``, with their texts or with their signatures only."""
    index = NearDuplicateIndex(threshold=threshold, shingle=shingle)
    maker = NearDuplicateIndex(threshold=threshold, shingle=shingle)
    for a in articles:
        if texts:
            index.add_signature(a.id, index.signature(a.text), a.text)
        else:  # a signature made elsewhere: the index does not know its text
            index.add_signature(a.id, maker.signature(a.text))
    return index


def measure(articles: list[Article], cases: list[Variant], shingle: int, threshold: float,
            texts: bool) -> dict[str, tuple[int, int]]:
    """Per kind: (right outcomes, cases); plus "false matches among other reports"."""
    index = indexed(articles, shingle, threshold, texts)
    out: dict[str, tuple[int, int]] = {}
    tp = fp = 0
    for v in cases:
        near = index.query(v.text)
        matched_own = near is not None and near.article_id == v.original
        wrong = near is not None and not matched_own
        right = matched_own if v.should_match else near is None
        tp += matched_own and v.should_match
        fp += wrong or (matched_own and not v.should_match)
        ok, n = out.get(v.kind, (0, 0))
        out[v.kind] = (ok + right, n + 1)
    matched_other = []
    for a in articles:  # another report: query each original against an index without it
        solo = indexed([b for b in articles if b.id != a.id], shingle, threshold, texts)
        if (near := solo.query(a.text)) is not None:
            matched_other.append(f"{a.id}->{near.article_id}")
    out["other reports kept apart"] = (len(articles) - len(matched_other), len(articles))
    out["_tp_fp"] = (tp, fp)
    out["_matched_other"] = matched_other  # type: ignore[assignment]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=Path, default=HERE.parent.parent / "shared" / "seeds")
    args = ap.parse_args()
    paths = [SAMPLE] + ([args.seeds] if args.seeds.is_dir() else [])
    articles = load(paths)
    cases = variants(articles)
    print(f"{len(articles)} articles, {len(cases)} variants")
    rewrites = sum(v.should_match for v in cases)
    for shingle, threshold, texts in SETTINGS:
        r = measure(articles, cases, shingle, threshold, texts)
        tp, fp = r.pop("_tp_fp")
        others = r.pop("_matched_other")
        recall = tp / rewrites
        precision = tp / (tp + fp) if tp + fp else 1.0
        cells = "  ".join(f"{k} {ok}/{n}" for k, (ok, n) in r.items())
        rule = "coverage" if texts else "jaccard "
        mark = " (default)" if (shingle, threshold, texts) == SETTINGS[0] else ""
        print(f"shingle {shingle} {rule} {threshold:.2f}{mark}: rewrite recall {100 * recall:5.1f} "
              f"precision {100 * precision:5.1f} | {cells} | originals matching another "
              f"original (read them: a real copy is right): {' '.join(others) or '-'}")


if __name__ == "__main__":
    main()
