"""CASE 2021 Task 2: real news snippets with ACLED-style event labels, scored as PLOVER.

The snippets (``test_set_final_release_with_labels.tsv``: id, snippet, label; 1,019 of them, 30
labels) are one to three sentences of real news each, which the rules were never written from.
``case2021_labels.yaml`` maps every label to a PLOVER type and the modes that are right for it,
or to "no event expected" where PLOVER has no counterpart; an unmapped label is an error.

Each snippet is coded alone at one fixed placeholder date (snippets carry none; dates are not
scored) and gets one label: the type of its most confident asserted event (the earliest among
equals), else no event. Figures, over the snippets of one half (split by snippet id):

- **detection recall**: snippets whose label expects an event where we code any asserted event;
- **type accuracy**: of those, the share whose one label has the expected PLOVER type;
- **weighted F1**: per PLOVER type F1 (an event on a no-event snippet is a false positive of its
  type), averaged with each type's gold support as weight; "no event" is not a class averaged;
- the same at (type, mode) level: the classes are the mapping's (type, modes) pairs, and a
  prediction is right when its type matches and its mode is one of the listed ones (any mode
  when the label fixes none);
- **no-event quiet**: the share of no-event snippets where we code no asserted event.

The best CASE 2021 systems reached 83.9 weighted F1 on the 25 finer ACLED types: a different
label set and task, so not comparable with these figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError, NewsgraphError
from ..events import Event
from ..knowledge import load_yaml
from .splits import Half, in_half
from .suites import Figure, SuiteResult

FILE_NAME = "test_set_final_release_with_labels.tsv"
LABELS = Path(__file__).with_name("case2021_labels.yaml")
PLACEHOLDER_DATE = dt.date(2020, 1, 1)  # snippets carry no date; one fixed one for all
NONE = "NONE"
ANY_MODE = "*"


@dataclass(frozen=True)
class LabelMapping:
    """What one CASE label is in PLOVER: a type and its right modes, or no event (type None)."""

    label: str
    type: str | None
    modes: tuple[str, ...] = ()
    why: str = ""

    @property
    def type_class(self) -> str:
        return self.type or NONE

    @property
    def mode_class(self) -> str:
        """The (type, mode) class: ``ASSAULT/aerial|drone``, ``ASSAULT/*`` or ``NONE``."""
        if self.type is None:
            return NONE
        return f"{self.type}/{'|'.join(self.modes) or ANY_MODE}"

    def accepts(self, type_: str | None, mode: str | None) -> bool:
        """Is a predicted (type, mode) right for this label at (type, mode) level?"""
        return type_ == self.type and (not self.modes or mode in self.modes)


@dataclass
class Snippet:
    """One labelled news snippet."""

    id: str
    text: str
    label: str


@dataclass
class Prediction:
    """The one label we give a snippet: its most confident asserted event's type and mode."""

    type: str | None = None
    mode: str | None = None


@dataclass
class ClassScore:
    """Precision, recall and F1 of one class, with its gold support."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class CaseScores:
    """The suite's figures, per-class tables and the commonest confusions."""

    snippets: int
    expected: int  # snippets whose label expects an event
    detected: int
    type_right: int
    type_mode_right: int
    quiet: int  # no-event snippets where we coded nothing
    weighted_f1: float
    type_mode_weighted_f1: float
    per_type: dict[str, ClassScore]
    per_mode_class: dict[str, ClassScore]
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], str] = field(default_factory=dict)


def load_mapping(path: Path = LABELS) -> dict[str, LabelMapping]:
    """The label mapping file; a bad entry names the file and the label."""
    data = load_yaml(path) or {}
    out: dict[str, LabelMapping] = {}
    for label, spec in (data.get("labels") or {}).items():
        if not isinstance(spec, dict) or "type" not in spec:
            raise ConfigError(f"{path}: label {label}: needs 'type' (a PLOVER type or null)")
        modes = tuple(str(m) for m in spec.get("modes") or ())
        if spec["type"] is None and modes:
            raise ConfigError(f"{path}: label {label}: no event expected, so no modes")
        out[str(label)] = LabelMapping(str(label), spec["type"], modes, str(spec.get("why", "")))
    return out


def check_mapping(mapping: dict[str, LabelMapping], types: dict[str, list[str]]) -> None:
    """Every mapped type and mode must exist in the ontology (``types``: type -> its modes)."""
    for m in mapping.values():
        if m.type is not None and m.type not in types:
            raise ConfigError(f"{LABELS.name}: label {m.label}: {m.type} is not a PLOVER type")
        for mode in m.modes:
            if m.type is not None and mode not in types[m.type]:
                raise ConfigError(f"{LABELS.name}: label {m.label}: {m.type} has no mode {mode}")


def read_snippets(path: Path, mapping: dict[str, LabelMapping]) -> list[Snippet]:
    """The snippets in file order; a label the mapping does not cover is an error."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    except FileNotFoundError:
        raise NewsgraphError(f"{path}: CASE 2021 snippets not found; pass --data DIR holding "
                             f"{FILE_NAME}") from None
    snippets = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != 3:
            raise NewsgraphError(f"{path}:{line}: expected 3 tab-separated fields (id, snippet, "
                                 f"label), found {len(row)}")
        if row[2] not in mapping:
            raise NewsgraphError(f"{path}:{line}: label {row[2]} is not in {LABELS.name}; map it "
                                 "to a PLOVER type or to null (no event expected)")
        snippets.append(Snippet(row[0], row[1], row[2]))
    return snippets


def one_label(events: Sequence[Event]) -> Prediction:
    """The snippet's label: its most confident asserted event, the earliest among equals."""
    asserted = [e for e in events if e.modality == "asserted"]
    if not asserted:
        return Prediction()

    def start(e: Event) -> int:
        return min((m.trigger_start for m in e.mentions), default=0)

    best = min(asserted, key=lambda e: (-e.confidence, start(e)))
    return Prediction(best.type, best.mode)


def _mode_class(p: Prediction, gold: LabelMapping, classes: Sequence[LabelMapping]) -> str:
    """The (type, mode) class a prediction falls in: the gold's when it is right, else the
    first class that accepts it (specific modes before any-mode ones), else its own name."""
    if p.type is None:
        return NONE
    if gold.accepts(p.type, p.mode):
        return gold.mode_class
    ordered = sorted(classes, key=lambda c: not c.modes)
    hit = next((c for c in ordered if c.type is not None and c.accepts(p.type, p.mode)), None)
    return hit.mode_class if hit else f"{p.type}/{p.mode or '-'}"


def weighted_f1(pairs: Sequence[tuple[str, str]]) -> tuple[float, dict[str, ClassScore]]:
    """Support-weighted F1 over the gold classes of ``(gold, predicted)`` pairs, NONE aside."""
    gold_count = Counter(g for g, _ in pairs)
    predicted = Counter(p for _, p in pairs)
    right = Counter(g for g, p in pairs if g == p)
    per: dict[str, ClassScore] = {}
    for c in sorted(k for k in gold_count if k != NONE):
        precision = right[c] / predicted[c] if predicted[c] else 0.0
        recall = right[c] / gold_count[c]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[c] = ClassScore(precision, recall, f1, gold_count[c])
    total = sum(s.support for s in per.values())
    return (sum(s.f1 * s.support for s in per.values()) / total if total else 0.0), per


def score(pairs: Iterable[tuple[Snippet, Prediction]],
          mapping: dict[str, LabelMapping]) -> CaseScores:
    """Score one label per snippet against the mapped gold."""
    classes = list({m.mode_class: m for m in mapping.values()}.values())
    type_pairs: list[tuple[str, str]] = []
    mode_pairs: list[tuple[str, str]] = []
    s = CaseScores(0, 0, 0, 0, 0, 0, 0.0, 0.0, {}, {})
    for snippet, p in pairs:
        gold = mapping[snippet.label]
        s.snippets += 1
        type_pairs.append((gold.type_class, p.type or NONE))
        mode_pairs.append((gold.mode_class, _mode_class(p, gold, classes)))
        if gold.type is None:
            s.quiet += p.type is None
        else:
            s.expected += 1
            s.detected += p.type is not None
            s.type_right += p.type == gold.type
            s.type_mode_right += gold.accepts(p.type, p.mode)
        if p.type != gold.type:
            key = (snippet.label, p.type or NONE)
            s.confusions[key] += 1
            s.examples.setdefault(key, f"{snippet.id}: {' '.join(snippet.text.split())[:90]}")
    s.weighted_f1, s.per_type = weighted_f1(type_pairs)
    s.type_mode_weighted_f1, s.per_mode_class = weighted_f1(mode_pairs)
    return s


Coder = Callable[[list[Snippet]], list[Prediction]]


def pipeline_coder(batch: int = 64) -> Coder:
    """Code each snippet alone, at the placeholder date, with the pipeline as ingest runs it."""
    from ..articles import Article
    from .dictionaries import suite_annotator

    annotator = suite_annotator()

    def code(snippets: list[Snippet]) -> list[Prediction]:
        out: list[Prediction] = []
        for i in range(0, len(snippets), batch):
            articles = [Article(s.id, PLACEHOLDER_DATE, s.text) for s in snippets[i:i + batch]]
            out += [one_label(r.events) for r in annotator.annotate(articles)]
        return out

    return code


def evaluate_case2021(data_dir: Path, limit: int | None = None, half: Half | None = None,
                      coder: Coder | None = None) -> tuple[CaseScores, float]:
    """Code and score the snippets of ``half`` (all when ``None``; the first ``limit``)."""
    from ..ontology import Ontology

    path = Path(data_dir) / FILE_NAME
    if not path.is_file():
        raise NewsgraphError(f"{data_dir}: no {FILE_NAME} there; pass --data DIR pointing at the "
                             "CASE 2021 Task 2 folder")
    mapping = load_mapping()
    onto = Ontology.load()
    check_mapping(mapping, {t: onto.modes(t) for t in onto.types()})
    snippets = [s for s in read_snippets(path, mapping) if in_half("case2021", s.id, half)]
    snippets = snippets[:limit] if limit else snippets
    started = time.perf_counter()
    predictions = (coder or pipeline_coder())(snippets)
    return score(zip(snippets, predictions, strict=True), mapping), time.perf_counter() - started


def suite_result(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    """The suite's figures for ``newsgraph eval case2021`` (names get their half added)."""
    s, seconds = evaluate_case2021(folder, limit, half)
    pct = _pct
    figures = [
        Figure("case2021.detection_recall", pct(s.detected, s.expected), s.expected),
        Figure("case2021.type_accuracy", pct(s.type_right, s.expected), s.expected),
        Figure("case2021.weighted_f1", round(100 * s.weighted_f1, 2), s.expected),
        Figure("case2021.type_mode_accuracy", pct(s.type_mode_right, s.expected), s.expected),
        Figure("case2021.type_mode_weighted_f1", round(100 * s.type_mode_weighted_f1, 2),
               s.expected),
        Figure("case2021.no_event_quiet", pct(s.quiet, s.snippets - s.expected),
               s.snippets - s.expected),
    ]
    details = [f"  {s.snippets} snippets, {s.expected} expecting an event; one label each; "
               "CASE 2021's best 83.9 weighted F1 (25 finer ACLED types) is not comparable",
               "  PLOVER type      P      R     F1  support"]
    details += [f"  {c:<12} {_prf(v)}  {v.support}" for c, v in s.per_type.items()]
    details.append("  (type, mode) class")
    details += [f"  {c:<44} {_prf(v)}  {v.support}" for c, v in s.per_mode_class.items()]
    errors = [f"{n:4d}x {label} -> ours {ours}  e.g. {s.examples[(label, ours)]}"
              for (label, ours), n in s.confusions.most_common(20)]
    return SuiteResult("case2021", figures, details, errors, seconds, limit)


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def _prf(c: ClassScore) -> str:
    return f"{100 * c.precision:5.1f}  {100 * c.recall:5.1f}  {100 * c.f1:5.1f}"
