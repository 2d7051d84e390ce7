"""The PLOVER gold-standard records: does the coder find each sentence's event, type and dyad?

The file (openeventdata/PLOVER, ``PLOVER_GSR_CAMEO.txt``) holds one coded event per sentence,
written with PLOVER v0.5 names in places; those are mapped to the current ones (DEMAND ->
REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT) and old protest modes to the
2021 ones. Dates there are placeholders and are not scored.

How a sentence with several system events is scored:

- **type, mode, country accuracy**: the sentence's gold event is compared with the *one* system
  event that agrees with it best (same type first, then most shared countries). Extra events in
  the sentence are not penalised here: the gold codes one event per sentence, and sentences often
  hold others. No system event at all counts as wrong (predicted type ``NONE``).
- **triples**: every system event of the sentence contributes its (source country, type, target
  country) triples, so extra events *do* cost precision. A compound gold (``SRC/TAR``: both sides
  did it) and a reciprocal system event are compared without order.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from ..actors import ActorRef
from ..errors import NewsgraphError
from ..events import Event
from .splits import Half, in_half

OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
             "INVESTIGATE": "ACCUSE"}
OLD_MODES = {"strike-hun": "hunger", "strike-gen": "strike", "riot-spon": "riot",
             "demo-org": "demo", "demo-spon": "demo"}
# CAMEO country codes in the gold that are not ISO 3166-1 alpha-3
OLD_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NO_ACTOR = "-"
NONE = "NONE"
FILE_NAME = "PLOVER_GSR_CAMEO.txt"


@dataclass
class GoldEvent:
    """One gold record: the sentence and the event coded in it (codes normalised)."""

    id: str
    text: str
    type: str
    mode: str | None
    sources: list[str]
    targets: list[str]
    reciprocal: bool = False


@dataclass
class SystemEvent:
    """What the scorer needs of a coded event: type, mode and the parties' country codes."""

    type: str
    mode: str | None
    sources: list[str]
    targets: list[str]
    reciprocal: bool = False


@dataclass
class Rate:
    """A ratio with the count behind it."""

    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1


@dataclass
class PloverScores:
    """The suite's figures with their support, and the commonest mistakes."""

    type_accuracy: Rate
    macro_f1: float
    per_type_f1: dict[str, tuple[float, int]]
    mode_accuracy: Rate
    source_accuracy: Rate
    target_accuracy: Rate
    triple_tp: int
    triple_system: int
    triple_gold: int
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def triple_precision(self) -> float:
        return self.triple_tp / self.triple_system if self.triple_system else 0.0

    @property
    def triple_recall(self) -> float:
        return self.triple_tp / self.triple_gold if self.triple_gold else 0.0

    @property
    def triple_f1(self) -> float:
        p, r = self.triple_precision, self.triple_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _country(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()[:3]
    return OLD_COUNTRIES.get(code, code)


def _codes(actors: object) -> list[str]:
    if not isinstance(actors, list):  # "" or a stray string: no coded actor
        return []
    found = [_country(a.get("code")) for a in actors if isinstance(a, dict)]
    return list(dict.fromkeys(c for c in found if c))


def gold_event(record: dict) -> GoldEvent | None:
    """Normalise one JSON record; None for the file's documentation record."""
    old = str(record.get("event") or "").upper()
    if not old or old == "DOCUMENT" or not record.get("text"):
        return None
    mode = (record.get("mode") or "").strip().lower() or None
    info = record.get("textInfo")
    markup = str(info.get("markup", "") if isinstance(info, dict) else info or "")
    return GoldEvent(
        id=str(record.get("id", "")), text=" ".join(str(record["text"]).split()),
        type=OLD_TYPES.get(old, old), mode=OLD_MODES.get(mode, mode) if mode else None,
        sources=_codes(record.get("source")), targets=_codes(record.get("target")),
        reciprocal="SRC/TAR" in markup,
    )


def read_gold(path: Path) -> list[GoldEvent]:
    """Gold events from ``PLOVER_GSR_CAMEO.txt`` (a JSON array), in file order."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsgraphError(f"{path}: PLOVER gold file not found; pass --data DIR holding "
                             f"{FILE_NAME}") from None
    except json.JSONDecodeError as exc:
        raise NewsgraphError(f"{path}:{exc.lineno}: not JSON ({exc.msg})") from None
    return [g for r in records if isinstance(r, dict) and (g := gold_event(r)) is not None]


def ref_code(ref: ActorRef) -> str:
    """The country code the gold would give this actor. The gold codes an IGO, and anyone
    acting for one (the UN Secretary-General), as ``IGO``; our records keep the
    organisation's own code in ``country`` (``UNO``, ``ARL``) with sector ``IGO``, so both
    are projected here."""
    if ref.kind == "igo" or ref.sector == "IGO":
        return "IGO"
    return _country(ref.country) or NO_ACTOR


def system_event(event: Event) -> SystemEvent:
    """Project a pipeline event onto the fields this suite scores."""
    sources = list(dict.fromkeys(ref_code(r) for r in event.source))
    targets = list(dict.fromkeys(ref_code(r) for r in event.target))
    return SystemEvent(event.type, event.mode, sources, targets, event.reciprocal)


def _parties(e: GoldEvent | SystemEvent) -> list[str]:
    return list(dict.fromkeys(e.sources + e.targets))


def _pairs(sources: list[str], targets: list[str], reciprocal: bool,
           parties: list[str]) -> set[tuple[str, str]]:
    if reciprocal:
        if len(parties) == 1:
            return {(parties[0], NO_ACTOR)}
        return {_unordered(a, b) for a, b in combinations(parties, 2)}
    return {(s, t) for s in sources or [NO_ACTOR] for t in targets or [NO_ACTOR]}


def gold_triples(g: GoldEvent) -> set[tuple[str, str, str]]:
    """(source, type, target) triples of a gold event; compound golds are unordered pairs."""
    return {(a, g.type, b) for a, b in _pairs(g.sources, g.targets, g.reciprocal, _parties(g))}


def _unordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if NO_ACTOR in (a, b) else tuple(sorted((a, b)))  # type: ignore[return-value]


def system_triples(g: GoldEvent, events: Sequence[SystemEvent]) -> set[tuple[str, str, str]]:
    """The sentence's system triples, oriented like the gold where order does not matter."""
    gold = gold_triples(g)
    found: set[tuple[str, str, str]] = set()
    for e in events:
        for a, b in _pairs(e.sources, e.targets, e.reciprocal, _parties(e)):
            if g.reciprocal:
                a, b = _unordered(a, b)
            elif e.reciprocal and (b, e.type, a) in gold:
                a, b = b, a
            found.add((a, e.type, b))
    return found


def best_event(g: GoldEvent, events: Sequence[SystemEvent]) -> SystemEvent | None:
    """The system event that agrees best with the gold: same type, then shared countries."""
    if not events:
        return None

    def agreement(e: SystemEvent) -> tuple[int, int, int]:
        shared = len(set(_parties(e)) & set(_parties(g)))
        return (e.type == g.type, e.mode == g.mode, shared)

    return max(events, key=agreement)


def _side_ok(gold: list[str], system: list[str]) -> bool:
    return bool(set(gold) & set(system))


def _macro_f1(labels: list[tuple[str, str]]) -> tuple[float, dict[str, tuple[float, int]]]:
    gold_labels = sorted({g for g, _ in labels})
    per: dict[str, tuple[float, int]] = {}
    for label in gold_labels:
        tp = sum(g == label and p == label for g, p in labels)
        fp = sum(g != label and p == label for g, p in labels)
        fn = sum(g == label and p != label for g, p in labels)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        per[label] = (f1, tp + fn)
    macro = sum(f for f, _ in per.values()) / len(per) if per else 0.0
    return macro, per


def score(pairs: Iterable[tuple[GoldEvent, Sequence[SystemEvent]]]) -> PloverScores:
    """Score gold events against the system events found in their sentences."""
    type_acc, mode_acc, src_acc, tgt_acc = Rate(), Rate(), Rate(), Rate()
    labels: list[tuple[str, str]] = []
    tp = n_sys = n_gold = 0
    confusions: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for g, events in pairs:
        best = best_event(g, events)
        predicted = best.type if best else NONE
        labels.append((g.type, predicted))
        type_acc.add(predicted == g.type)
        if predicted != g.type:
            confusions[(g.type, predicted)] += 1
            examples.setdefault((g.type, predicted), g.id)
        if g.mode and predicted == g.type and best is not None:
            mode_acc.add(best.mode == g.mode)
        sys_src = (_parties(best) if best and (best.reciprocal or g.reciprocal)
                   else best.sources if best else [])
        sys_tgt = (_parties(best) if best and (best.reciprocal or g.reciprocal)
                   else best.targets if best else [])
        gold_src = _parties(g) if g.reciprocal else g.sources
        gold_tgt = _parties(g) if g.reciprocal else g.targets
        if gold_src:
            src_acc.add(_side_ok(gold_src, sys_src))
        if gold_tgt:
            tgt_acc.add(_side_ok(gold_tgt, sys_tgt))
        gold_set, sys_set = gold_triples(g), system_triples(g, events)
        tp += len(gold_set & sys_set)
        n_sys += len(sys_set)
        n_gold += len(gold_set)
    macro, per = _macro_f1(labels)
    return PloverScores(type_acc, macro, per, mode_acc, src_acc, tgt_acc, tp, n_sys, n_gold,
                        confusions, examples)


Coder = Callable[[list[GoldEvent]], list[list[SystemEvent]]]


def pipeline_coder(batch: int = 64) -> Coder:
    """Code each gold sentence with the pipeline as ingest runs it (selective parse and NER)."""
    import datetime as dt

    from ..articles import Article
    from .dictionaries import suite_annotator

    annotator = suite_annotator()

    def code(golds: list[GoldEvent]) -> list[list[SystemEvent]]:
        out: list[list[SystemEvent]] = []
        for i in range(0, len(golds), batch):
            articles = [Article(g.id, dt.date(2000, 1, 1), g.text) for g in golds[i:i + batch]]
            for result in annotator.annotate(articles):
                out.append([system_event(e) for e in result.events])
        return out

    return code


def evaluate_plover(data_dir: Path, limit: int | None = None, coder: Coder | None = None,
                    half: Half | None = None) -> tuple[PloverScores, list[GoldEvent], float]:
    """Run the coder over the gold sentences of ``half`` (all when ``None``; the first
    ``limit`` of them) and score them. The half of a record follows its id."""
    path = Path(data_dir) / FILE_NAME
    if not path.is_file():
        raise NewsgraphError(f"{data_dir}: no {FILE_NAME} there; pass --data DIR pointing at the "
                             "PLOVER gold-standard folder")
    golds = [g for g in read_gold(path) if in_half("plover", g.id, half)]
    golds = golds[:limit] if limit else golds
    started = time.perf_counter()
    coded = (coder or pipeline_coder())(golds)
    return score(zip(golds, coded, strict=True)), golds, time.perf_counter() - started
