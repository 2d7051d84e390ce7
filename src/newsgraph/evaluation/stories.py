"""Stories on ECB+ at document level (``newsgraph eval stories``).

Each ECB+ topic holds two sub-topics: the ``ecb`` and the ``ecbplus`` documents report two
different real events of one kind (two earthquakes, two arrests of two people). The documents of
each topic are grouped into stories by :func:`newsgraph.stories.group` from their text alone
(the tokens of column 4, joined; ECB+ has no dates, titles or coded events, so every document
gets one date and only the words decide), and the groups are scored against the sub-topics:
pairwise precision, recall and F1 over the pairs of documents of one topic (pooled over topics),
and the adjusted Rand index (scikit-learn's ``adjusted_rand_score``) per topic, averaged.
Document names, which encode the sub-topic, are read only to score.

Halves: ECB+'s own topic split, as ``newsgraph eval ecbplus`` uses it: ``dev`` is the dev topics
(2 5 12 18 21 23 34 35), where the threshold was chosen (:func:`sweep`); ``test`` the test
topics 36-45.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..stories import DEFAULT_RULE, Member, StoryRule, group, signature
from .ecbplus import Split, read_split, topic_of

if TYPE_CHECKING:
    from .splits import Half
    from .suites import SuiteResult

ONE_DAY = dt.date(2000, 1, 1)  # ECB+ has no publication dates: every document gets this one


@dataclass
class PairScore:
    """Pairwise counts over the document pairs of each topic, and the topics' mean ARI."""

    true_pos: int
    predicted: int
    gold: int
    ari: float
    topics: int
    documents: int
    stories: int

    @property
    def precision(self) -> float:
        return self.true_pos / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def document_text(split: Split, document: str) -> str:
    """A document's validated sentences, one per line, tokens joined by spaces."""
    return "\n".join(" ".join(s.tokens) for s in split.documents[document])


def sub_topic(document: str) -> str:
    """The gold sub-topic of a document name (read only to score): ``36_4ecbplus`` ->
    ``36/ecbplus``."""
    return topic_of(document) + ("/ecbplus" if document.endswith("ecbplus") else "/ecb")


def topic_members(split: Split) -> dict[str, list[Member]]:
    """The documents of each topic as grouping sees them: an opaque position, one date and the
    signature of the text."""
    by_topic: dict[str, list[Member]] = defaultdict(list)
    for document in sorted(split.documents):
        by_topic[topic_of(document)].append(
            Member(document, ONE_DAY, signature(document_text(split, document))))
    return dict(sorted(by_topic.items(), key=lambda kv: int(kv[0])))


def score(topics: dict[str, list[Member]], predicted: dict[str, list[list[Member]]]) -> PairScore:
    """Pairwise P/R and mean ARI of the predicted stories of each topic against the
    sub-topics."""
    from sklearn.metrics import adjusted_rand_score

    tp = n_pred = n_gold = 0
    aris: list[float] = []
    stories = 0
    for topic, members in topics.items():
        story_of = {m.article_id: i for i, g in enumerate(predicted[topic]) for m in g}
        stories += len(predicted[topic])
        docs = [m.article_id for m in members]
        gold = [sub_topic(d) for d in docs]
        pred = [story_of[d] for d in docs]
        for i in range(len(docs)):
            for j in range(i):
                same_pred, same_gold = pred[i] == pred[j], gold[i] == gold[j]
                tp += same_pred and same_gold
                n_pred += same_pred
                n_gold += same_gold
        aris.append(float(adjusted_rand_score(gold, pred)))
    return PairScore(tp, n_pred, n_gold, sum(aris) / len(aris) if aris else 0.0, len(topics),
                     sum(len(m) for m in topics.values()), stories)


def evaluate(split: Split, rule: StoryRule = DEFAULT_RULE,
             topics: dict[str, list[Member]] | None = None) -> PairScore:
    """Group each topic's documents with ``rule`` and score them."""
    topics = topics if topics is not None else topic_members(split)
    return score(topics, {t: group(m, rule) for t, m in topics.items()})


def one_story_per_topic(topics: dict[str, list[Member]]) -> PairScore:
    """The baseline of no grouping at all: every document of a topic in one story."""
    return score(topics, {t: [list(m)] for t, m in topics.items()})


def sweep(folder: Path, split: str = "dev",
          thresholds: Iterable[float] = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
          ) -> list[tuple[float, PairScore]]:
    """The scores at each threshold: how the shipped threshold was chosen (on dev only)."""
    data = read_split(folder, split)
    topics = topic_members(data)
    return [(t, evaluate(data, StoryRule(t, DEFAULT_RULE.window_days), topics))
            for t in thresholds]


def _figures(prefix: str, s: PairScore, gated: bool = True) -> list:
    from .suites import Figure

    pairs = s.predicted
    return [Figure(f"stories.{prefix}pair_precision", round(100 * s.precision, 2), pairs, gated),
            Figure(f"stories.{prefix}pair_recall", round(100 * s.recall, 2), s.gold, gated),
            Figure(f"stories.{prefix}pair_f1", round(100 * s.f1, 2), s.gold, gated),
            Figure(f"stories.{prefix}ari", round(100 * s.ari, 2), s.topics, gated)]


def suite_result(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    """``newsgraph eval stories``: the dev half is ECB+'s dev topics, test its test topics."""
    from .suites import SuiteResult

    started = time.time()
    data = read_split(folder, half)
    topics = topic_members(data)
    if limit:
        topics = dict(list(topics.items())[:limit])
    cpu = time.process_time()
    found = evaluate(data, DEFAULT_RULE, topics)
    cpu = time.process_time() - cpu
    flat = one_story_per_topic(topics)
    details = [f"  {half} topics {found.topics}, documents {found.documents}, stories "
               f"{found.stories} (gold sub-topics {2 * found.topics}); threshold "
               f"{DEFAULT_RULE.threshold}; grouping {cpu:.2f} s CPU",
               _line("stories", found), _line("one story per topic", flat)]
    figures = _figures("", found) + _figures("one_per_topic.", flat, gated=False)
    return SuiteResult("stories", figures, details, _errors(data, topics) if half == "dev"
                       else [], time.time() - started, limit)


def _line(name: str, s: PairScore) -> str:
    return (f"  {name:<22} pairwise P {100 * s.precision:5.1f} R {100 * s.recall:5.1f} "
            f"F1 {100 * s.f1:5.1f}  ARI {100 * s.ari:5.1f}")


def _errors(data: Split, topics: dict[str, list[Member]]) -> list[str]:
    """Dev only: the topics whose stories differ from their sub-topics, with the group sizes."""
    lines = []
    for topic, members in topics.items():
        stories = group(members, DEFAULT_RULE)
        shapes = sorted((_shape(g) for g in stories), reverse=True)
        if len(stories) != 2 or any(":" in s for s in shapes):
            lines.append(f"topic {topic}: {len(stories)} stories: {', '.join(shapes[:6])}")
    return lines


def _shape(members: Sequence[Member]) -> str:
    """"ecb 5" or "ecb 3 : ecbplus 2": which sub-topics a predicted story holds."""
    counts: dict[str, int] = defaultdict(int)
    for m in members:
        counts[sub_topic(m.article_id).split("/")[1]] += 1
    return " : ".join(f"{k} {v}" for k, v in sorted(counts.items()))
