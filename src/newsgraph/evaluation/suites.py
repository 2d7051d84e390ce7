"""The accuracy suites behind ``newsgraph eval``, their figures and the floors that gate them.

Each suite reads public data where it lies (never copied into the project), runs the real
pipeline and returns :class:`Figure` values (percentages) with the support behind each, plus the
worst errors. Every suite has a fixed dev half and test half (:mod:`.splits`: by record id, or
by document where records share one); a runner is called as ``runner(folder, limit, half)`` and
scores only that half's records. Figure names say suite, half and measure
(``case2021.test.weighted_f1``). Errors are shown for the dev half only: the test half gives
figures and nothing else, and suites whose rules were written while reading them (``SEEN``) say
"seen" beside their test figures.

``casing`` ("lower", "upper") runs a suite on its text lower-cased or in capitals, as some
corpora and most headline feeds come, against the same gold (``CASED_SUITES``): every record's
text is recased before it is parsed and coded, offsets unchanged, so what the truecasing step
gives back is measured. Its figures say the variant (``plover.dev.lower.triple_f1``).

``baseline.json`` pins a floor per figure of each half; :func:`check_floors` names each figure
that fell below its floor by more than the noise margin. A suite that is long to run also has a
``quick`` entry: floors pinned for a run limited to its first records, which ``make test`` runs
(the full run is ``@pytest.mark.heavy``). Raising floors is a plain update; lowering one needs
``allow_lower`` and a reason, which is recorded in the file.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import NewsgraphError
from .splits import HALVES, Half

SUITES = ("plover", "petrarch", "tempeval", "seeds", "case2021", "indiapolice", "ecbplus",
          "stories", "places")
# suites the rules were written from: their test half is not unseen data, and says so
SEEN = frozenset({"plover", "petrarch", "tempeval", "seeds"})
# suites that can be run recased (their text is cased news or example sentences; IndiaPoliceEvents
# is lower-cased already, ECB+, places and ICEWS score other things)
CASED_SUITES = ("plover", "case2021", "petrarch", "seeds", "tempeval")
CASINGS = ("lower", "upper")  # newsgraph.casing.recased
BASELINE = Path(__file__).with_name("baseline.json")
DEFAULT_MARGIN = 0.5  # points: run-to-run noise allowed below a floor
# where each suite's data lies under the shared folder (``../shared`` of a checkout)
DATA_FOLDERS = {
    "plover": "data/plover",
    "petrarch": "data/petrarch-cameo-validation",
    "tempeval": "data/tempeval3/train/TBAQ-cleaned",
    "seeds": "seeds",
    "case2021": "data/case2021-task2",
    "indiapolice": "data/indiapoliceevents",
    # ECB+ has its own topic split (train 1-35 less dev, dev 2 5 12 18 21 23 34 35, test 36-45):
    # --half dev is its dev topics, --half test its test topics, not hash halves
    "ecbplus": "data/ecbplus",
    # stories: ECB+ at document level (sub-topics as gold stories), the same topic split
    "stories": "data/ecbplus",
    # places: the seeds and the bundled sample corpus against evaluation/places_gold.yaml
    "places": "seeds",
    # ICEWS: RE-GCN train/valid/test splits, not hash halves (dev = valid, test = test); long,
    # so not in SUITES (``eval all``): run by name, gated in tests/test_icews.py
    "icews14": "data/icews14",
    "icews18": "data/icews18",
}
# keyed by suite and measure, without the half
ANCHORS = {
    "tempeval.value_f1": "HeidelTime 77.61 value F1 (TE3-Platinum test set)",
    "plover.type_accuracy": "GDELT's own spot-check: ~81% event codes right",
    "case2021.weighted_f1": "CASE 2021 best 83.9 weighted F1 is on the 25 finer ACLED types: "
                            "not comparable",
    "ecbplus.conll_f1": "ECB+ test, gold mentions: lemma baseline 76.4 (published), lemma + "
                        "cross-encoder 81.7, best with a large encoder 85.7",
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
    half: Half = "dev"
    seen: bool = False  # the suite's rules were written while reading it (SEEN)
    casing: str | None = None  # "lower" or "upper": the text was recased (None: as written)


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


def run_plover(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    from .plover import evaluate_plover

    s, golds, seconds = evaluate_plover(folder, limit, half=half)
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


def run_petrarch(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    from .petrarch import VERBS, evaluate_petrarch, verb_dictionary_coder

    s, seconds = evaluate_petrarch(folder, limit, half=half)
    figures = _petrarch_figures(s, "petrarch")
    details = ["  category   triple P/R/F1        dyad P/R/F1          support"]
    details += [f"  {c:<10} {_prf(t)}  {_prf(s.dyads_by_category[c])}  records {t.records} "
                f"gold {t.gold} ours {t.system}" for c, t in s.by_category.items()]
    errors = [f"{count:4d}x {kind}  e.g. {s.examples[kind]}"
              for kind, count in s.misses.most_common(15)]
    with_verbs = verb_dictionary_coder(folder)
    if with_verbs is None:
        details.append(f"  with the suite's verb dictionary ({VERBS}) loaded too: not available "
                       "yet (the coder cannot load PETRARCH verb dictionaries; issue 8 part 2)")
    else:
        v, more = evaluate_petrarch(folder, limit, coder=with_verbs, half=half)
        figures += _petrarch_figures(v, "petrarch.verbs")
        details.append(f"  with {VERBS} loaded too: dyad P/R/F1 {_prf(v.dyads)}, "
                       f"triple P/R/F1 {_prf(v.overall)}")
        seconds += more
    return SuiteResult("petrarch", figures, details, errors, seconds, limit)


def _petrarch_figures(s: Any, prefix: str) -> list[Figure]:
    """The PETRARCH figures of one scoring, named under ``prefix``."""
    o, d, y, dy = s.overall, s.date, s.dyads, s.date_dyads
    figures = [
        Figure(f"{prefix}.triple_precision", _pct(o.precision), o.system),
        Figure(f"{prefix}.triple_recall", _pct(o.recall), o.gold),
        Figure(f"{prefix}.triple_f1", _pct(o.f1), o.gold),
        Figure(f"{prefix}.date_triple_f1", _pct(d.f1), d.gold),
        Figure(f"{prefix}.dyad_precision", _pct(y.precision), y.system),
        Figure(f"{prefix}.dyad_recall", _pct(y.recall), y.gold),
        Figure(f"{prefix}.dyad_f1", _pct(y.f1), y.gold),
        Figure(f"{prefix}.date_dyad_f1", _pct(dy.f1), dy.gold),
        Figure(f"{prefix}.source_code_recall", _pct(s.source_ok / o.gold if o.gold else 0),
               o.gold),
        Figure(f"{prefix}.target_code_recall", _pct(s.target_ok / o.gold if o.gold else 0),
               o.gold),
        Figure(f"{prefix}.root_recall", _pct(s.root_ok / o.gold if o.gold else 0), o.gold),
    ]
    return figures


def _prf(t: Any) -> str:
    return f"{100 * t.precision:5.1f} {100 * t.recall:5.1f} {100 * t.f1:5.1f}"


def run_tempeval(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    from .tempeval import evaluate_tempeval, format_report

    casing = _CASING.get()
    if casing is None:
        report = evaluate_tempeval(folder, limit=limit, half=half)
    else:  # recased, then truecased as ingest truecases it, then tagged
        from ..casing import recased
        from ..dates import tag_timexes
        from .dictionaries import suite_annotator

        truecase = suite_annotator().truecase
        report = evaluate_tempeval(
            folder, limit=limit, half=half,
            tagger=lambda text, dct: tag_timexes(truecase(recased(text, casing)), dct))
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


def run_seeds(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    from .seeds import evaluate_seeds
    from .splits import in_half

    r = evaluate_seeds(folder)
    # the four articles are ingested together (merging across them is tested); the expectations
    # are what is split, by their ids
    outcomes = [o for o in r.outcomes if in_half("seeds", o.expectation.id, half)]
    n = len(outcomes)
    found = sum(o.met for o in outcomes)
    figures = [Figure("seeds.found", _pct(found / n if n else 0), n)]
    figures += [Figure(f"seeds.asserted.{a}", float(k), k, gated=False)
                for a, k in r.asserted_per_article.items()]
    details = [f"  {'ok  ' if o.met else 'MISS'} {o.expectation.id}: {o.expectation.what}"
               for o in outcomes] if half == "dev" else [f"  {found} of {n} found"]
    errors = []
    for o in outcomes:
        if not o.met:
            e = o.event
            seen = (f"{e.type}/{e.modality} {[x.name for x in e.source]} -> "
                    f"{[x.name for x in e.target]} {e.date}") if e else "-"
            errors.append(f"{o.expectation.id}: {o.note}: {seen}")
    if r.gold is not None:  # the careful coder's full list (seeds_gold.yaml)
        from . import seeds_gold

        figures += [Figure(*row) for row in seeds_gold.figures(r.gold, half)]
        errors += seeds_gold.error_lines(r.gold, half) if half == "dev" else []
    return SuiteResult("seeds", figures, details, errors, r.seconds, None)


def run_case2021(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    from .case2021 import suite_result

    return suite_result(folder, limit, half)


def run_indiapolice(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    from .indiapolice import suite_result

    return suite_result(folder, limit, half)


def run_ecbplus(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    from .ecbplus import suite_result

    return suite_result(folder, limit, half)


def run_stories(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    from .stories import suite_result

    return suite_result(folder, limit, half)


def run_places(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    from .places import suite_result

    return suite_result(folder, limit, half)  # type: ignore[no-any-return]


Runner = Callable[[Path, int | None, Half], SuiteResult]


def _icews(suite: str) -> Runner:
    def run(folder: Path, limit: int | None, half: Half) -> SuiteResult:
        from .icews import evaluate_icews

        return evaluate_icews(suite, folder, limit, half)
    return run


RUNNERS: dict[str, Runner] = {
    "plover": run_plover, "petrarch": run_petrarch, "tempeval": run_tempeval, "seeds": run_seeds,
    "case2021": run_case2021, "indiapolice": run_indiapolice, "ecbplus": run_ecbplus,
    "stories": run_stories, "places": run_places,
    "icews14": _icews("icews14"), "icews18": _icews("icews18"),
}


def figure_name(name: str, suite: str, half: Half, casing: str | None = None) -> str:
    """``plover.type_accuracy`` -> ``plover.dev.type_accuracy``: every name says its half, and
    its casing when recased (``plover.dev.lower.type_accuracy``)."""
    measure = name[len(suite) + 1:] if name.startswith(suite + ".") else name
    return f"{suite}.{half}.{casing}.{measure}" if casing else f"{suite}.{half}.{measure}"


_CASING: ContextVar[str | None] = ContextVar("casing", default=None)


@contextmanager
def recasing(casing: str | None) -> Iterator[None]:
    """Inside the block, every text the pipeline parses and codes is first recased (``None``:
    as written). The annotator's two entry points are wrapped for the block (every suite and
    ingest reach the coder through them): ``parse`` reads the recased texts and
    ``annotate_doc`` codes against the recased article, which is what ingest of a text written
    that way does; the events' mentions then quote the text as written (same offsets), so that
    scorers placing them in the original find them. Evaluation only; restored on leaving."""
    if casing is None:
        yield
        return
    from ..casing import recased
    from ..pipeline import Annotator, quote_as_written

    parse, annotate_doc = Annotator.parse, Annotator.annotate_doc

    def parse_recased(self: Annotator, texts: Any) -> Any:
        return parse(self, (recased(t, casing) for t in texts))

    def annotate_recased(self: Annotator, article: Any, doc: Any) -> Any:
        result = annotate_doc(self, replace(article, text=recased(article.text, casing)), doc)
        quote_as_written(result.events, article.text)  # quoted as written, for the scorers
        return result

    token = _CASING.set(casing)
    Annotator.parse, Annotator.annotate_doc = parse_recased, annotate_recased  # type: ignore[method-assign]
    try:
        yield
    finally:
        Annotator.parse, Annotator.annotate_doc = parse, annotate_doc  # type: ignore[method-assign]
        _CASING.reset(token)


def measure_of(name: str) -> str:
    """``plover.dev.type_accuracy`` -> ``plover.type_accuracy`` (the name without its half)."""
    parts = name.split(".")
    return ".".join(p for i, p in enumerate(parts) if not (i == 1 and p in HALVES))


def run_suite(suite: str, data: Path | None = None, limit: int | None = None,
              half: Half = "dev", casing: str | None = None) -> SuiteResult:
    """Run one suite on one half of its data (``data`` or the default folder), its text as
    written or recased (``casing``, one of ``CASED_SUITES``).

    The test half never carries errors: what the test records got wrong is not read, so that
    no rule is written from them.
    """
    if suite not in RUNNERS:
        raise NewsgraphError(f"unknown suite '{suite}'; choose from {', '.join(SUITES)}")
    if half not in HALVES:
        raise NewsgraphError(f"unknown half '{half}'; choose dev or test")
    if casing is not None and (casing not in CASINGS or suite not in CASED_SUITES):
        raise NewsgraphError(f"--casing {casing}: only {' or '.join(CASINGS)}, and only for "
                             f"{', '.join(CASED_SUITES)}")
    with recasing(casing):
        result = RUNNERS[suite](data_dir(suite, data), limit, half)
    result.figures = [replace(f, name=figure_name(f.name, suite, half, casing))
                      for f in result.figures]
    result.half, result.seen, result.casing = half, suite in SEEN, casing
    if half == "test":
        result.errors = []
    return result


# --------------------------------------------------------------------------- floors


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    """The pinned floors; an absent file is an empty baseline."""
    data: dict[str, Any] = (json.loads(Path(path).read_text(encoding="utf-8"))
                            if Path(path).is_file() else {})
    for key, default in (("margin", DEFAULT_MARGIN), ("limits", {}), ("floors", {}),
                         ("quick", {}), ("history", [])):
        data.setdefault(key, default)
    return data


def pinned_floors(result: SuiteResult, baseline: dict[str, Any]) -> dict[str, float] | None:
    """The floors a run is compared with: the full run's, or the suite's quick run's when run
    with its quick limit; ``None`` when the run's limit matches neither."""
    if result.limit == baseline.get("limits", {}).get(result.suite, result.limit):
        return dict(baseline.get("floors", {}))
    quick = baseline.get("quick", {}).get(result.suite)
    if quick and quick.get("limit") == result.limit:
        return dict(quick.get("floors", {}))
    return None


def check_floors(results: list[SuiteResult], baseline: dict[str, Any]) -> list[str]:
    """One line per gated figure below its floor minus the margin (empty: all good)."""
    margin = float(baseline.get("margin", DEFAULT_MARGIN))
    failures = []
    for result in results:
        floors = pinned_floors(result, baseline)
        if floors is None:
            quick = baseline.get("quick", {}).get(result.suite, {}).get("limit")
            failures.append(f"{result.suite}: run with limit {result.limit}, floors pinned with "
                            f"limit {baseline.get('limits', {}).get(result.suite)}"
                            + (f" (quick run: limit {quick})" if quick else "")
                            + "; run it as pinned")
            continue
        for fig in result.figures:
            floor = floors.get(fig.name)
            if fig.gated and floor is not None and fig.value < floor - margin:
                failures.append(f"{fig.name} = {fig.value:.2f} fell below its floor {floor:.2f} "
                                f"(margin {margin}) (support {fig.support})")
    return failures


def floor_of(value: float) -> float:
    """The floor pinned for a measured value: rounded down to a tenth of a point."""
    return math.floor(value * 10) / 10


def _table_for(result: SuiteResult, baseline: dict[str, Any]) -> dict[str, float]:
    """Where a run's floors are pinned: a run without a limit pins the full floors; a limited
    run pins the suite's quick floors (and its limit)."""
    if result.limit is None:
        baseline["limits"][result.suite] = None
        floors: dict[str, float] = baseline["floors"]
        return floors
    quick = baseline["quick"].setdefault(result.suite, {"limit": result.limit, "floors": {}})
    if quick.get("limit") != result.limit:
        quick.update(limit=result.limit, floors={})
    table: dict[str, float] = quick.setdefault("floors", {})
    return table


def update_floors(results: list[SuiteResult], path: Path = BASELINE, allow_lower: bool = False,
                  reason: str | None = None) -> list[str]:
    """Pin the measured figures as floors; returns one line per change.

    Lowering any floor refuses unless ``allow_lower`` and a ``reason`` are given; the reason is
    kept in the file's history with the figures it lowered.
    """
    baseline = load_baseline(path)
    changes, lowered = [], {}
    tables = [(result, _table_for(result, baseline)) for result in results]
    for result, floors in tables:
        for fig in (f for f in result.figures if f.gated):
            new, old = floor_of(fig.value), floors.get(fig.name)
            if old is not None and new < old:
                lowered[fig.name] = (old, new)
            if old != new:
                changes.append(f"{fig.name}: {old} -> {new}"
                               + (f" (quick, limit {result.limit})" if result.limit else ""))
    if lowered and not (allow_lower and reason):
        names = ", ".join(f"{k} {o} -> {n}" for k, (o, n) in lowered.items())
        raise NewsgraphError(f"refusing to lower floors ({names}); pass --allow-lower and "
                             "--reason \"why\" if this is intended")
    for result, floors in tables:
        for fig in (f for f in result.figures if f.gated):
            floors[fig.name] = floor_of(fig.value)
    if lowered:
        baseline["history"].append({
            "date": dt.date.today().isoformat(), "lowered": {k: list(v) for k, v in lowered.items()},
            "reason": reason,
        })
    baseline["floors"] = dict(sorted(baseline["floors"].items()))
    for quick in baseline["quick"].values():
        quick["floors"] = dict(sorted(quick.get("floors", {}).items()))
    Path(path).write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    return changes


# --------------------------------------------------------------------------- output


def format_table(result: SuiteResult, baseline: dict[str, Any] | None = None) -> str:
    """Figures with support, floors and anchors, then the details and (dev half) the worst
    errors. Test figures of a suite the rules were written from say "seen"."""
    floors = pinned_floors(result, load_baseline() if baseline is None else baseline) or {}
    seen = result.seen and result.half == "test"
    lines = [f"{result.suite} {result.half} half"
             + (f", {result.casing}-cased" if result.casing else "")
             + f"  ({result.seconds:.1f} s"
             + (f", limit {result.limit}" if result.limit else "") + ")"
             + ("  seen: the rules were written while reading this suite" if seen else "")]
    for f in result.figures:
        floor = floors.get(f.name)
        extra = f"  floor {floor:.1f}" if floor is not None and f.gated else ""
        extra += "  seen" if seen else ""
        anchor = ANCHORS.get(measure_of(f.name))
        extra += f"  [anchor: {anchor}]" if anchor else ""
        lines.append(f"  {f.name:<40} {f.value:7.2f}  support {f.support:<5}{extra}")
    if result.details:
        lines.append("  detail:")
        lines += result.details
    if result.errors:
        lines.append("  worst errors (dev half):")
        lines += ["    " + e for e in result.errors]
    return "\n".join(lines)


def as_json(results: list[SuiteResult]) -> str:
    """All results as one JSON document: per suite and half, its figures by full name."""
    return json.dumps([asdict(r) for r in results], indent=2, ensure_ascii=False)
