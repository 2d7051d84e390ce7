"""The PETRARCH2 unit-test records: (source code, target code, CAMEO root) triples.

The records (openeventdata/petrarch2, ``PETR.UnitTest.records.xml``) are stylised sentences about
fictional actors, each with the events PETRARCH must code. newsgraph reads the suite's own actor
dictionary (``PETR.Validate.actors.txt``) through :mod:`newsgraph.actors.dictionaries`, the same import a user
gets with ``--actors FILE.txt``, and codes each sentence at the record's date.

Scoring: per record, the gold triples are ``(sourcecode, targetcode, eventcode[:2])``; the system
triples come from every event the pipeline finds in the sentence (all modalities; a reciprocal
event gives both directions). An actor's code is its country code followed by its sector
(``HOB`` + ``GOV``), the code PETRARCH would print. Precision, recall and F1 are summed over
records, overall, per record category (the file's own labels: DATE, AGENT, COMPOUND...) and for
the DATE category, which tests codes bounded in time. A record marked ``noevents`` expects none;
records marked ``error`` test PETRARCH's input checks and are skipped.

Beware the event codes: the suite's verb dictionary (``PETR.Validate.verbs.txt``) is a toy that
gives verbs old WEIS-style codes (ATTACK 223, AGREE 081, CRITICIZE 121), not CAMEO, so the
CAMEO root of a correct coding rarely matches. What the records really test is *who*: actor
codes, agents, compounds and codes valid on a date. Hence the (source, target) **dyad** figures
beside the triple ones, and the DATE category scored on dyads.
"""

from __future__ import annotations

import datetime as dt
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors import ActorRef
from ..errors import NewsgraphError
from ..events import Event
from .splits import Half, in_half

RECORDS = "PETR.UnitTest.records.xml"
ACTORS = "PETR.Validate.actors.txt"
AGENTS = "PETR.Validate.agents.txt"
VERBS = "PETR.Validate.verbs.txt"
NULL = "---"

Triple = tuple[str, str, str]


@dataclass
class Record:
    """One unit-test sentence: its date, category and the triples it must yield."""

    id: str
    date: dt.date
    category: str
    text: str
    triples: list[Triple]


@dataclass
class Tally:
    """True positives, system and gold triple counts: sums across records."""

    tp: int = 0
    system: int = 0
    gold: int = 0
    records: int = 0

    def add(self, gold: set[Triple], system: set[Triple]) -> None:
        self.tp += len(gold & system)
        self.system += len(system)
        self.gold += len(gold)
        self.records += 1

    @property
    def precision(self) -> float:
        return self.tp / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class PetrarchScores:
    """Overall and per-category tallies, field accuracies and the commonest mistakes."""

    overall: Tally
    by_category: dict[str, Tally]
    dyads: Tally = field(default_factory=Tally)
    dyads_by_category: dict[str, Tally] = field(default_factory=dict)
    source_ok: int = 0
    target_ok: int = 0
    root_ok: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    @property
    def date(self) -> Tally:
        return self.by_category.get("DATE", Tally())

    @property
    def date_dyads(self) -> Tally:
        return self.dyads_by_category.get("DATE", Tally())


def _date(text: str, where: str) -> dt.date:
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise NewsgraphError(f"{where}: date '{text}' is not YYYYMMDD") from None


def read_records(path: Path) -> list[Record]:
    """The unit-test records in file order, without those testing input errors."""
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise NewsgraphError(f"{path}: PETRARCH records file not found") from None
    except ET.ParseError as exc:
        raise NewsgraphError(f"{path}: not XML ({exc})") from None
    records = []
    for s in root.iter("Sentence"):
        codings = s.findall("EventCoding")
        if any("error" in c.attrib for c in codings):
            continue
        rid = s.get("id", "")
        triples = [
            (c.get("sourcecode", "").upper(), c.get("targetcode", "").upper(),
             c.get("eventcode", "")[:2])
            for c in codings if "eventcode" in c.attrib
        ]
        text = " ".join((s.findtext("Text") or "").split())
        records.append(Record(rid, _date(s.get("date", ""), f"{path}: {rid}"),
                              s.get("category", "").upper().rstrip("X"), text, triples))
    return records


def ref_code(ref: ActorRef) -> str:
    """The PETRARCH code of an actor as the pipeline resolved it: country then sector."""
    return (ref.country or NULL) + (ref.sector or "")


def event_triples(event: Event) -> set[Triple]:
    """(source, target, CAMEO root) for every source-target pair; both ways if reciprocal."""
    root = (event.cameo or "")[:2]
    sources = [ref_code(r) for r in event.source] or [NULL]
    targets = [ref_code(r) for r in event.target] or [NULL]
    found = {(s, t, root) for s in sources for t in targets if s != t}
    if event.reciprocal:
        found |= {(t, s, r) for s, t, r in found}
    return found


def score(pairs: Iterable[tuple[Record, set[Triple]]]) -> PetrarchScores:
    """Sum the triple counts over records, overall and per category."""
    scores = PetrarchScores(Tally(), {})
    for record, system in pairs:
        gold = set(record.triples)
        scores.overall.add(gold, system)
        scores.by_category.setdefault(record.category, Tally()).add(gold, system)
        gold_dyads, system_dyads = _dyads(gold), _dyads(system)
        scores.dyads.add(gold_dyads, system_dyads)  # type: ignore[arg-type]
        scores.dyads_by_category.setdefault(record.category, Tally()).add(
            gold_dyads, system_dyads)  # type: ignore[arg-type]
        # sorted: a set's order follows string hashing, which changes from run to run, and
        # the closest triple decides the miss's kind
        for g in sorted(gold - system):
            near = sorted(s for s in system if s[2] == g[2]) or sorted(system)
            kind = _miss_kind(g, near)
            scores.misses[kind] += 1
            scores.examples.setdefault(kind, record.id)
        for g in gold:
            scores.source_ok += any(s[0] == g[0] for s in system)
            scores.target_ok += any(s[1] == g[1] for s in system)
            scores.root_ok += any(s[2] == g[2] for s in system)
    scores.by_category = dict(sorted(scores.by_category.items()))
    return scores


def _dyads(triples: set[Triple]) -> set[tuple[str, str]]:
    return {(s, t) for s, t, _ in triples}


def _miss_kind(gold: Triple, near: Sequence[Triple]) -> str:
    """Why a gold triple was missed, judged against the closest system triple."""
    if not near:
        return "no event found"
    s = near[0]
    wrong = [name for name, a, b in (("root", gold[2], s[2]), ("source", gold[0], s[0]),
                                     ("target", gold[1], s[1])) if a != b]
    if "root" not in wrong and len(wrong) == 1:
        side = wrong[0]
        i = 0 if side == "source" else 1
        if gold[i][:3] == s[i][:3]:
            return f"{side} sector wrong ({gold[i]} vs {s[i]})"
        return f"{side} wrong"
    return " and ".join(wrong) + " wrong"


Coder = Callable[[list[Record]], list[set[Triple]]]


def annotator_coder(annotator: Any, batch: int = 64) -> Coder:
    """Code each record's sentence at its date with a loaded pipeline (``Annotator``)."""
    from ..articles import Article

    def code(records: list[Record]) -> list[set[Triple]]:
        out: list[set[Triple]] = []
        for i in range(0, len(records), batch):
            articles = [Article(r.id, r.date, r.text) for r in records[i:i + batch]]
            for result in annotator.annotate(articles):
                out.append(set().union(*(event_triples(e) for e in result.events)))
        return out

    return code


def _dictionary_files(data_dir: Path) -> list[Path]:
    return [Path(data_dir) / name for name in (ACTORS, AGENTS) if (Path(data_dir) / name).is_file()]


def pipeline_coder(data_dir: Path, batch: int = 64) -> Coder:
    """Code each record's sentence at its date with the suite's actor and agent dictionaries
    loaded, as an analyst would pass them with ``--actors``."""
    from .dictionaries import suite_annotator

    return annotator_coder(suite_annotator(*_dictionary_files(data_dir)), batch)


def verb_dictionary_coder(data_dir: Path, batch: int = 64) -> Coder | None:
    """The pipeline with the suite's own verb dictionary loaded beside its actor and agent
    dictionaries, or ``None`` while the coder cannot load PETRARCH verb dictionaries.

    The hook for issue 8 part 2: once ``Annotator`` takes ``dictionaries=`` (the files
    ``newsgraph ingest --dictionary`` reads), this coder is built and the suite reports the
    ``petrarch.HALF.verbs.*`` figures beside the actor-only ones.
    """
    import inspect

    from ..pipeline import Annotator
    from .dictionaries import suite_annotator

    verbs = Path(data_dir) / VERBS
    if "dictionaries" not in inspect.signature(Annotator).parameters or not verbs.is_file():
        return None
    annotator = suite_annotator(*_dictionary_files(data_dir), verbs)
    return annotator_coder(annotator, batch)


def evaluate_petrarch(data_dir: Path, limit: int | None = None, coder: Coder | None = None,
                      half: Half | None = None) -> tuple[PetrarchScores, float]:
    """Score the pipeline on the unit-test records of ``half`` (all when ``None``; the first
    ``limit`` of them). The half of a record follows its id."""
    data_dir = Path(data_dir)
    if not (data_dir / RECORDS).is_file() or not (data_dir / ACTORS).is_file():
        raise NewsgraphError(f"{data_dir}: needs {RECORDS} and {ACTORS}; pass --data DIR "
                             "pointing at the PETRARCH validation folder")
    records = [r for r in read_records(data_dir / RECORDS) if in_half("petrarch", r.id, half)]
    records = records[:limit] if limit else records
    started = time.perf_counter()
    coded = (coder or pipeline_coder(data_dir))(records)
    return score(zip(records, coded, strict=True)), time.perf_counter() - started
