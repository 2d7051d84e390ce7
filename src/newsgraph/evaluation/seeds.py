"""The seed articles as a regression suite: are the events issue #2 names still found, and how
much of a careful human coder's full list (``seeds_gold.yaml``, scored in :mod:`.seeds_gold`) is
found fully right?

The four seeds are ingested together into a fresh SQLite database (so merging across articles
is exercised, as in real use), and each expectation in ``seeds.yaml`` is looked for among the
stored events, of every modality. The figure is found / expected; an ``absent`` expectation is
met when no such event exists. The number of asserted events per seed article is reported beside
it as a sanity figure: a coder that suddenly finds 40, or 0, has changed. The same stored events
are then scored against the human list (recall and precision of fully right events, per half).
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors import ActorRef
from ..errors import ConfigError, NewsgraphError
from ..events import Event
from ..knowledge import load_yaml
from .seeds_gold import GoldReport, Texts, load_gold, score_gold

EXPECTATIONS = Path(__file__).with_name("seeds.yaml")


@dataclass
class Expectation:
    """One event the seeds must (or, with ``absent``, must not) yield."""

    id: str
    what: str
    article: str
    types: list[str]
    source: dict[str, Any] = field(default_factory=dict)
    target: dict[str, Any] = field(default_factory=dict)
    reciprocal: bool = False
    date: str | None = None
    modality: str | None = None
    min_articles: int = 1
    absent: bool = False


@dataclass
class Outcome:
    """An expectation, whether it was met, and the event that met it (or the nearest miss)."""

    expectation: Expectation
    met: bool
    event: Event | None = None
    note: str = ""


@dataclass
class SeedReport:
    """Found / expected, one line per expectation, and asserted events per article."""

    outcomes: list[Outcome]
    asserted_per_article: dict[str, int]
    events: int
    seconds: float = 0.0
    gold: GoldReport | None = None  # the stored events against the human list

    @property
    def found(self) -> int:
        return sum(o.met for o in self.outcomes)


def load_expectations(path: Path = EXPECTATIONS) -> list[Expectation]:
    """Read the expectations file; a bad entry names itself."""
    data = load_yaml(path) or {}
    out = []
    for i, item in enumerate(data.get("expectations", [])):
        try:
            out.append(Expectation(**item))
        except TypeError as exc:
            raise ConfigError(f"{path}: expectation {i + 1}: {exc}") from None
    return out


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def ref_matches(ref: ActorRef, spec: dict[str, Any]) -> bool:
    """Does one mentioned actor satisfy a spec (``country`` and/or a piece of its name)?"""
    if "country" in spec and (ref.country or "").upper() not in {
        c.upper() for c in _as_list(spec["country"])
    }:
        return False
    if "actor" in spec:
        hay = f"{ref.name} {ref.actor_id} {ref.text}".lower()
        return any(piece.lower() in hay for piece in _as_list(spec["actor"]))
    return True


def _side(refs: list[ActorRef], spec: dict[str, Any]) -> bool:
    return not spec or any(ref_matches(r, spec) for r in refs)


def event_matches(event: Event, exp: Expectation) -> bool:
    """Type, parties, date, modality, article and number of articles, as the expectation says."""
    articles = {m.article_id for m in event.mentions}
    if event.type not in exp.types or exp.article not in articles:
        return False
    if exp.modality and event.modality != exp.modality:
        return False
    if exp.date and not (event.date or "").startswith(exp.date):
        return False
    if len(articles) < exp.min_articles:
        return False
    forward = _side(event.source, exp.source) and _side(event.target, exp.target)
    if forward:
        return True
    unordered = exp.reciprocal or event.reciprocal
    return unordered and _side(event.target, exp.source) and _side(event.source, exp.target)


def _near_miss(events: list[Event], exp: Expectation) -> Event | None:
    """The event closest to an unmet expectation, to show why it failed."""
    same_article = [e for e in events if exp.article in {m.article_id for m in e.mentions}]
    for e in same_article:
        if e.type in exp.types:
            return e
    return None


def score(events: list[Event], expectations: list[Expectation]) -> list[Outcome]:
    """Check each expectation against the stored events."""
    outcomes = []
    for exp in expectations:
        hit = next((e for e in events if event_matches(e, exp)), None)
        if exp.absent:
            outcomes.append(Outcome(exp, hit is None, hit, "unexpected event" if hit else ""))
        elif hit is not None:
            outcomes.append(Outcome(exp, True, hit))
        else:
            near = _near_miss(events, exp)
            outcomes.append(Outcome(exp, False, near, "nearest: same type" if near else
                                    "no event of that type in the article"))
    return outcomes


def asserted_per_article(events: list[Event]) -> dict[str, int]:
    """Asserted events reported by each article (an event told by two counts for both)."""
    counts: Counter[str] = Counter()
    for e in events:
        if e.modality == "asserted":
            for article in {m.article_id for m in e.mentions}:
                counts[article] += 1
    return dict(sorted(counts.items()))


def evaluate_seeds(data_dir: Path, limit: int | None = None) -> SeedReport:
    """Ingest the seed articles into a temporary database and check the expectations."""
    from ..api import open as open_graph
    from .dictionaries import suite_dictionaries

    data_dir = Path(data_dir)
    paths = sorted(data_dir.glob("*.txt"))
    if not paths:
        raise NewsgraphError(f"{data_dir}: no seed .txt files there; pass --data DIR holding "
                             "the seed articles")
    expectations = load_expectations()
    gold = load_gold()
    texts = Texts.read(paths)
    texts.check(gold)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, open_graph(
            Path(tmp) / "seeds.db", dictionaries=suite_dictionaries()) as graph:
        report = graph.ingest(paths)
        if report.failed:
            raise NewsgraphError(f"{data_dir}: seeds not ingested: {'; '.join(report.errors)}")
        events = list(graph.events(modality="all", limit=None))
    outcomes = score(events, expectations)
    return SeedReport(outcomes, asserted_per_article(events), len(events),
                      time.perf_counter() - started, score_gold(events, gold, texts))
