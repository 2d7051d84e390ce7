"""The accuracy suites behind ``newsgraph eval``, their figures and the floors that gate them.

Each suite reads public data where it lies (never copied into the project), runs the real
pipeline and returns :class:`Figure` values (percentages) with the support behind each, plus the
worst errors. ``baseline.json`` pins a floor per figure; :func:`check_floors` names each figure
that fell below its floor by more than the noise margin. Raising floors is a plain update;
lowering one needs ``allow_lower`` and a reason, which is recorded in the file.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NewsgraphError

SUITES = ("plover", "petrarch", "tempeval", "seeds")
BASELINE = Path(__file__).with_name("baseline.json")
DEFAULT_MARGIN = 0.5  # points: run-to-run noise allowed below a floor
# where each suite's data lies under the shared folder (``../shared`` of a checkout)
DATA_FOLDERS = {
    "plover": "data/plover",
    "petrarch": "data/petrarch-cameo-validation",
    "tempeval": "data/tempeval3/train/TBAQ-cleaned",
    "seeds": "seeds",
}
ANCHORS = {
    "tempeval.value_f1": "HeidelTime 77.61 value F1 (TE3-Platinum test set)",
    "plover.type_accuracy": "GDELT's own spot-check: ~81% event codes right",
}


@dataclass
class Figure:
    """One measured figure, in percent, with its support; ``gated`` ones have floors."""

    name: str
    value: float
    support: int
    gated: bool = True


@dataclass
class SuiteResult:
    """What one suite measured, the detail tables, the worst errors and the run's cost."""

    suite: str
    figures: list[Figure]
    details: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    limit: int | None = None


def shared_root() -> Path:
    """The folder holding ``data/`` and ``seeds/``: ``$NEWSGRAPH_SHARED`` or a ``shared`` beside
    the checkout (found upwards from the working directory, then from this file)."""
    if env := os.environ.get("NEWSGRAPH_SHARED"):
        return Path(env)
    for start in (Path.cwd(), Path(__file__).resolve()):
        for folder in (start, *start.parents):
            candidate = folder.parent / "shared"
            if (candidate / "data").is_dir():
                return candidate
    return Path.cwd().parent / "shared"


def data_dir(suite: str, given: Path | None = None) -> Path:
    """The suite's data folder, checked: a missing one is a one-line error saying what to pass."""
    folder = Path(given) if given else shared_root() / DATA_FOLDERS[suite]
    if not folder.is_dir():
        raise NewsgraphError(
            f"{folder}: {suite} data folder not found; pass --data DIR (or set NEWSGRAPH_SHARED "
            f"to the folder holding {DATA_FOLDERS[suite]})"
        )
    return folder


def _pct(x: float) -> float:
    return round(100 * x, 2)


def run_plover(folder: Path, limit: int | None) -> SuiteResult:
    from .plover import evaluate_plover

    s, golds, seconds = evaluate_plover(folder, limit)
    n = len(golds)
    figures = [
        Figure("plover.type_accuracy", _pct(s.type_accuracy.value), s.type_accuracy.total),
        Figure("plover.type_macro_f1", _pct(s.macro_f1), n),
        Figure("plover.mode_accuracy", _pct(s.mode_accuracy.value), s.mode_accuracy.total),
        Figure("plover.source_country_accuracy", _pct(s.source_accuracy.value),
               s.source_accuracy.total),
        Figure("plover.target_country_accuracy", _pct(s.target_accuracy.value),
               s.target_accuracy.total),
        Figure("plover.triple_precision", _pct(s.triple_precision), s.triple_system),
        Figure("plover.triple_recall", _pct(s.triple_recall), s.triple_gold),
        Figure("plover.triple_f1", _pct(s.triple_f1), s.triple_gold),
    ]
    details = [f"  {t:<10} F1 {100 * f1:6.2f}  support {sup}" for t, (f1, sup) in
               sorted(s.per_type_f1.items())]
    errors = [f"{count:4d}x gold {g} -> ours {p}  e.g. {s.examples[(g, p)]}"
              for (g, p), count in s.confusions.most_common(15)]
    return SuiteResult("plover", figures, details, errors, seconds, limit)


def run_petrarch(folder: Path, limit: int | None) -> SuiteResult:
    from .petrarch import evaluate_petrarch

    s, seconds = evaluate_petrarch(folder, limit)
    o, d, y, dy = s.overall, s.date, s.dyads, s.date_dyads
    figures = [
        Figure("petrarch.triple_precision", _pct(o.precision), o.system),
        Figure("petrarch.triple_recall", _pct(o.recall), o.gold),
        Figure("petrarch.triple_f1", _pct(o.f1), o.gold),
        Figure("petrarch.date_triple_f1", _pct(d.f1), d.gold),
        Figure("petrarch.dyad_precision", _pct(y.precision), y.system),
        Figure("petrarch.dyad_recall", _pct(y.recall), y.gold),
        Figure("petrarch.dyad_f1", _pct(y.f1), y.gold),
        Figure("petrarch.date_dyad_f1", _pct(dy.f1), dy.gold),
        Figure("petrarch.source_code_recall", _pct(s.source_ok / o.gold if o.gold else 0), o.gold),
        Figure("petrarch.target_code_recall", _pct(s.target_ok / o.gold if o.gold else 0), o.gold),
        Figure("petrarch.root_recall", _pct(s.root_ok / o.gold if o.gold else 0), o.gold),
    ]
    details = ["  category   triple P/R/F1        dyad P/R/F1          support"]
    details += [f"  {c:<10} {_prf(t)}  {_prf(s.dyads_by_category[c])}  records {t.records} "
                f"gold {t.gold} ours {t.system}" for c, t in s.by_category.items()]
    errors = [f"{count:4d}x {kind}  e.g. {s.examples[kind]}"
              for kind, count in s.misses.most_common(15)]
    return SuiteResult("petrarch", figures, details, errors, seconds, limit)


def _prf(t: Any) -> str:
    return f"{100 * t.precision:5.1f} {100 * t.recall:5.1f} {100 * t.f1:5.1f}"


def run_tempeval(folder: Path, limit: int | None) -> SuiteResult:
    from .tempeval import evaluate_tempeval, format_report

    report = evaluate_tempeval(folder, limit=limit)
    o, c = report.overall, report.overall.counts
    figures = [
        Figure("tempeval.strict_f1", _pct(o.strict_f1), c.gold),
        Figure("tempeval.relaxed_f1", _pct(o.relaxed_f1), c.gold),
        Figure("tempeval.type_accuracy", _pct(o.type_accuracy), c.relaxed),
        Figure("tempeval.value_accuracy", _pct(o.value_accuracy), c.relaxed),
        Figure("tempeval.value_f1", _pct(o.value_f1), c.gold),
    ]
    text = format_report(report, errors=15).splitlines()
    is_error = [line[:4].strip().isdigit() and " documents in " not in line for line in text]
    table = [line for line, e in zip(text, is_error, strict=True) if not e]
    worst = [line.strip() for line, e in zip(text, is_error, strict=True) if e]
    return SuiteResult("tempeval", figures, ["  " + t for t in table], worst,
                       report.seconds, limit)


def run_seeds(folder: Path, limit: int | None) -> SuiteResult:
    from .seeds import evaluate_seeds

    r = evaluate_seeds(folder)
    n = len(r.outcomes)
    figures = [Figure("seeds.found", _pct(r.found / n if n else 0), n)]
    figures += [Figure(f"seeds.asserted.{a}", float(k), k, gated=False)
                for a, k in r.asserted_per_article.items()]
    details = [f"  {'ok  ' if o.met else 'MISS'} {o.expectation.id}: {o.expectation.what}"
               for o in r.outcomes]
    errors = []
    for o in r.outcomes:
        if not o.met:
            e = o.event
            seen = (f"{e.type}/{e.modality} {[x.name for x in e.source]} -> "
                    f"{[x.name for x in e.target]} {e.date}") if e else "-"
            errors.append(f"{o.expectation.id}: {o.note}: {seen}")
    return SuiteResult("seeds", figures, details, errors, r.seconds, None)


RUNNERS: dict[str, Callable[[Path, int | None], SuiteResult]] = {
    "plover": run_plover, "petrarch": run_petrarch, "tempeval": run_tempeval, "seeds": run_seeds,
}


def run_suite(suite: str, data: Path | None = None, limit: int | None = None) -> SuiteResult:
    """Run one suite on its data folder (``data`` or the default) and return its figures."""
    if suite not in RUNNERS:
        raise NewsgraphError(f"unknown suite '{suite}'; choose from {', '.join(SUITES)}")
    return RUNNERS[suite](data_dir(suite, data), limit)


# --------------------------------------------------------------------------- floors


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    """The pinned floors; an absent file is an empty baseline."""
    if not Path(path).is_file():
        return {"margin": DEFAULT_MARGIN, "limits": {}, "floors": {}, "history": []}
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    for key, default in (("margin", DEFAULT_MARGIN), ("limits", {}), ("floors", {}),
                         ("history", [])):
        data.setdefault(key, default)
    return data


def check_floors(results: list[SuiteResult], baseline: dict[str, Any]) -> list[str]:
    """One line per gated figure below its floor minus the margin (empty: all good)."""
    margin = float(baseline.get("margin", DEFAULT_MARGIN))
    failures = []
    for result in results:
        pinned = baseline["limits"].get(result.suite)
        if pinned != result.limit:
            failures.append(f"{result.suite}: run with limit {result.limit}, floors pinned with "
                            f"limit {pinned}; run it as pinned")
        for fig in result.figures:
            floor = baseline["floors"].get(fig.name)
            if fig.gated and floor is not None and fig.value < floor - margin:
                failures.append(f"{fig.name} = {fig.value:.2f} fell below its floor {floor:.2f} "
                                f"(margin {margin}) (support {fig.support})")
    return failures


def floor_of(value: float) -> float:
    """The floor pinned for a measured value: rounded down to a tenth of a point."""
    return math.floor(value * 10) / 10


def update_floors(results: list[SuiteResult], path: Path = BASELINE, allow_lower: bool = False,
                  reason: str | None = None) -> list[str]:
    """Pin the measured figures as floors; returns one line per change.

    Lowering any floor refuses unless ``allow_lower`` and a ``reason`` are given; the reason is
    kept in the file's history with the figures it lowered.
    """
    baseline = load_baseline(path)
    floors: dict[str, float] = baseline["floors"]
    changes, lowered = [], {}
    for result in results:
        baseline["limits"][result.suite] = result.limit
        for fig in (f for f in result.figures if f.gated):
            new, old = floor_of(fig.value), floors.get(fig.name)
            if old is not None and new < old:
                lowered[fig.name] = (old, new)
            if old != new:
                changes.append(f"{fig.name}: {old} -> {new}")
    if lowered and not (allow_lower and reason):
        names = ", ".join(f"{k} {o} -> {n}" for k, (o, n) in lowered.items())
        raise NewsgraphError(f"refusing to lower floors ({names}); pass --allow-lower and "
                             "--reason \"why\" if this is intended")
    for result in results:
        for fig in (f for f in result.figures if f.gated):
            floors[fig.name] = floor_of(fig.value)
    if lowered:
        baseline["history"].append({
            "date": dt.date.today().isoformat(), "lowered": {k: list(v) for k, v in lowered.items()},
            "reason": reason,
        })
    baseline["floors"] = dict(sorted(floors.items()))
    Path(path).write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    return changes


# --------------------------------------------------------------------------- output


def format_table(result: SuiteResult, baseline: dict[str, Any] | None = None) -> str:
    """Figures with support, floors and anchors, then the details and the worst errors."""
    floors = (baseline or {}).get("floors", {})
    lines = [f"{result.suite}  ({result.seconds:.1f} s"
             + (f", limit {result.limit}" if result.limit else "") + ")"]
    for f in result.figures:
        floor = floors.get(f.name)
        extra = f"  floor {floor:.1f}" if floor is not None and f.gated else ""
        anchor = f"  [anchor: {ANCHORS[f.name]}]" if f.name in ANCHORS else ""
        lines.append(f"  {f.name:<36} {f.value:7.2f}  support {f.support:<5}{extra}{anchor}")
    if result.details:
        lines.append("  detail:")
        lines += result.details
    if result.errors:
        lines.append("  worst errors:")
        lines += ["    " + e for e in result.errors]
    return "\n".join(lines)


def as_json(results: list[SuiteResult]) -> str:
    """All results as one JSON document."""
    return json.dumps([asdict(r) for r in results], indent=2, ensure_ascii=False)
