"""Where events happened, against the places gold (``places_gold.yaml``).

The four seeds and the thirty sample articles are ingested into a fresh database, as a user
would; each stored event takes the gold entry of its first mention's sentence whose trigger
words its trigger holds (none: the sentence names no place for that act). Its place is right
when the country is the entry's (or an ``also``'s) and the name is that entry's place or lies in
its words ("Woodside" in "in Woodside"). Records are articles: the half of an event is
``splits.half_of("places", article)``.

- precision: right places over stored events given a place;
- recall: right places over stored events whose entry is required (an event the coder never
  stored is outside both; ``coverage`` counts the required entries some stored event reached).
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NewsgraphError
from ..events import Event
from ..knowledge import load_yaml
from .splits import Half, half_of

GOLD = Path(__file__).with_name("places_gold.yaml")
SAMPLE = Path(__file__).resolve().parents[1] / "sample"
SUITE = "places"


@dataclass(frozen=True)
class GoldPlace:
    """One act whose sentence names where it happened."""

    id: str
    article: str
    sentence: str
    triggers: tuple[str, ...]
    words: str
    accepted: tuple[tuple[str, str], ...]  # (place name, ISO3)
    optional: bool = False

    @property
    def half(self) -> Half:
        return half_of(SUITE, self.article)


def load_gold(path: Path = GOLD) -> list[GoldPlace]:
    out = []
    for e in load_yaml(path)["places"]:
        accepted = [(e["place"], e["country"])] + [(a["place"], a["country"])
                                                  for a in e.get("also") or []]
        out.append(GoldPlace(e["id"], e["article"], e["sentence"],
                             tuple(t.lower() for t in e["event"]), e["words"],
                             tuple(accepted), bool(e.get("optional"))))
    return out


@dataclass
class Outcome:
    """One stored event, its gold entry (if any) and whether its place is right."""

    event_id: str
    article: str
    trigger: str
    sentence: str
    place: str | None
    gold: GoldPlace | None
    right: bool

    @property
    def half(self) -> Half:
        return half_of(SUITE, self.article)


@dataclass
class PlaceReport:
    outcomes: list[Outcome] = field(default_factory=list)
    gold: list[GoldPlace] = field(default_factory=list)

    def figures(self, half: Half) -> dict[str, tuple[float, int]]:
        """precision, recall and coverage (percent, support) of one half."""
        mine = [o for o in self.outcomes if o.half == half]
        placed = [o for o in mine if o.place is not None]
        required = [o for o in mine if o.gold is not None and not o.gold.optional]
        reached = {o.gold.id for o in required if o.gold is not None}
        entries = [g for g in self.gold if g.half == half and not g.optional]
        return {
            "precision": (_pct(sum(o.right for o in placed), len(placed)), len(placed)),
            "recall": (_pct(sum(o.right for o in required), len(required)), len(required)),
            "coverage": (_pct(len(reached), len(entries)), len(entries)),
        }

    def errors(self, half: Half = "dev") -> list[str]:
        """The dev half's wrong places and misses, one line each (never the test half)."""
        lines = []
        for o in self.outcomes:
            if o.half != half or o.right or (o.place is None and (o.gold is None
                                                                   or o.gold.optional)):
                continue
            want = "no place" if o.gold is None else \
                " or ".join(f"{n} ({c})" for n, c in o.gold.accepted)
            lines.append(f"{o.article} '{o.trigger}': stored {o.place or 'no place'}, "
                         f"gold {want} | {o.sentence[:90]}")
        return lines


def _pct(n: int, d: int) -> float:
    return round(100.0 * n / d, 1) if d else 0.0


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def entry_of(event: Event, gold: list[GoldPlace]) -> GoldPlace | None:
    """The gold entry of the event's first mention: its sentence, and a trigger word of the
    entry inside the stored trigger (or the stored trigger inside an entry's trigger words)."""
    m = event.mentions[0]
    sentence, trigger = _squash(m.sentence), m.trigger.lower()
    for g in gold:
        if g.article == m.article_id and g.sentence in sentence and any(
                t in trigger or trigger in t for t in g.triggers):
            return g
    return None


def is_right(event: Event, entry: GoldPlace | None) -> bool:
    p = event.place
    if entry is None or p is None:
        return p is None and (entry is None or entry.optional)
    for name, country in entry.accepted:
        if p.country == country and (p.name.lower() == name.lower()
                                     or p.name.lower() in entry.words.lower()):
            return True
    return False


def score(events: list[Event], gold: list[GoldPlace]) -> PlaceReport:
    report = PlaceReport(gold=gold)
    for event in events:
        if not event.mentions:
            continue
        entry = entry_of(event, gold)
        m = event.mentions[0]
        place = f"{event.place.name} ({event.place.country})" if event.place else None
        report.outcomes.append(Outcome(event.id or "", m.article_id, m.trigger,
                                       _squash(m.sentence), place, entry,
                                       is_right(event, entry)))
    return report


def article_paths(seeds_dir: Path, sample_dir: Path = SAMPLE,
                  half: Half | None = None) -> list[Path]:
    """The seeds and the sample articles (of one half, when given), in file order."""
    paths = sorted(Path(seeds_dir).glob("*.txt")) + sorted(Path(sample_dir).glob("0*.txt"))
    if not paths:
        raise NewsgraphError(f"{seeds_dir}: no seed .txt files there; pass --data DIR holding "
                             "the seed articles")
    return [p for p in paths if half is None or half_of(SUITE, p.stem) == half]


def evaluate_places(seeds_dir: Path, sample_dir: Path = SAMPLE, half: Half | None = None,
                    limit: int | None = None) -> PlaceReport:
    """Ingest the seeds and the sample articles (all, or those of one half: the first
    ``limit``) into a temporary database and score their places."""
    from ..api import open as open_graph

    paths = article_paths(seeds_dir, sample_dir, half)[:limit]
    with tempfile.TemporaryDirectory() as tmp, open_graph(Path(tmp) / "places.db") as graph:
        report = graph.ingest(paths)
        if report.failed:  # a figure over part of the articles would read as a real one
            raise NewsgraphError(f"places: {report.failed} articles not ingested: "
                                 f"{'; '.join(report.errors[:3])}")
        events = list(graph.events(modality="all", limit=None))
    return score(events, load_gold())


def suite_result(folder: Path, limit: int | None, half: Half) -> Any:
    """``newsgraph eval places``: only the half's articles are ingested (an article is a
    record), so the halves never meet, not even by merging across articles."""
    from .suites import Figure, SuiteResult

    started = time.time()
    report = evaluate_places(folder, half=half, limit=limit)
    found = report.figures(half)
    figures = [Figure(f"places.{k}", v, n, gated=k != "coverage") for k, (v, n) in found.items()]
    details = [f"  {half}: {found['precision'][1]} stored events given a place, "
               f"{found['recall'][1]} whose entry is required, {found['coverage'][1]} required "
               "entries (coverage: reached by a stored event)"]
    return SuiteResult(SUITE, figures, details, report.errors(half) if half == "dev" else [],
                       time.time() - started, limit)
