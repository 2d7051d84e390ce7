"""TempEval-3 Task A: how well ``dates.tag_timexes`` finds and normalises temporal expressions.

The figures follow the task's definition (UzZaman et al., SemEval 2013) so that they can be set
beside published systems (HeidelTime: 77.61 value F1 on TE3-Platinum):

- a system timex and a gold timex *match relaxed* when their extents overlap, *strict* when the
  extents are the same; each gold timex is matched to at most one system timex and back;
- precision = matches / system timexes, recall = matches / gold timexes, F1 their harmonic mean;
- attribute accuracy (``type``, ``value``) is measured over the relaxed matches;
- **value F1 = relaxed F1 x value accuracy**, the task's ranking metric.

The document creation time (DCT) is the anchor given to the tagger and is never scored.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..dates import Timex, tag_timexes
from ..errors import InputError, NewsgraphError
from .splits import Half, in_half

log = logging.getLogger(__name__)

Tagger = Callable[[str, date], list[Timex]]

_MARKUP = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>|&#?\w+;|[^<&]+|[<&]")
_ATTR = re.compile(r'([A-Za-z_]+)\s*=\s*"([^"]*)"')
_DCT = re.compile(r"<TIMEX3\b[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>")


@dataclass
class TmlDocument:
    """One annotated document: its name, creation date, plain text and gold timexes."""

    name: str
    dct: date
    text: str
    timexes: list[Timex]


@dataclass
class Counts:
    """Raw tallies; kept apart from the ratios so that corpora can be summed."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        """Accumulate another document's or corpus's tallies."""
        for name in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class TimexScores:
    """Task A figures for one set of documents, with the support behind them."""

    strict_precision: float
    strict_recall: float
    strict_f1: float
    relaxed_precision: float
    relaxed_recall: float
    relaxed_f1: float
    type_accuracy: float
    value_accuracy: float
    value_f1: float
    counts: Counts


@dataclass
class TimexError:
    """One kind of mistake, with how often it occurred: what to fix first."""

    kind: str  # missed | spurious | value | type | extent
    text: str
    gold: str | None
    system: str | None
    count: int
    example: str  # a document where it occurred


@dataclass
class TempEvalReport:
    """Scores per corpus folder and overall, the commonest errors, and the run's cost."""

    overall: TimexScores
    by_corpus: dict[str, TimexScores]
    errors: list[TimexError] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0


def _attributes(tag: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(tag)}


def _dct_of(source: str, name: str) -> date:
    """The creation date: the anchor every relative expression of the document hangs on."""
    match = _DCT.search(source)
    value = _attributes(match.group(0)).get("value", "") if match else ""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(
            name, "no TIMEX3 with functionInDocument=\"CREATION_TIME\" and a YYYY-MM-DD value; "
            "TempEval-3 documents need one as the anchor"
        ) from None


def read_tml(source: str, name: str = "<string>") -> TmlDocument:
    """Parse TimeML: plain ``<TEXT>`` content (all tags stripped) and gold TIMEX3 offsets into it.

    A regex walk rather than an XML parser: it keeps exact character offsets and tolerates the
    odd malformed file in the distributed corpora.
    """
    dct = _dct_of(source, name)
    begin, end = source.find("<TEXT>"), source.find("</TEXT>")
    if begin < 0 or end < begin:
        raise InputError(name, "no <TEXT>...</TEXT> element; is this a TimeML (.tml) file?")
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[Timex] = []
    for m in _MARKUP.finditer(source, begin + len("<TEXT>"), end):
        if m.group(2) is None:  # text or entity
            piece = html.unescape(m.group(0))
            parts.append(piece)
            length += len(piece)
        elif m.group(2) == "TIMEX3" and not m.group(1) and not m.group(4):
            open_timex = (length, _attributes(m.group(3)))
        elif m.group(2) == "TIMEX3" and m.group(1) and open_timex is not None:
            start, attrs = open_timex
            text = "".join(parts)[start:length]
            if attrs.get("functionInDocument") != "CREATION_TIME":  # the anchor is not scored
                timexes.append(
                    Timex(start, length, text, attrs.get("type", ""), attrs.get("value", ""))
                )
            open_timex = None
    return TmlDocument(name, dct, "".join(parts), timexes)


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _same_extent(a: Timex, b: Timex) -> bool:
    return (a.start, a.end) == (b.start, b.end)


def align(gold: list[Timex], system: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one pairs of overlapping timexes, largest overlaps first (as TE3's id alignment).

    Among equal overlaps an exact extent goes first, so that a strict match is never lost to a
    longer system timex that covers the same gold one.
    """
    candidates = [
        (_overlap(g, s), not _same_extent(g, s), i, j)
        for i, g in enumerate(gold)
        for j, s in enumerate(system)
        if _overlap(g, s) > 0
    ]
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2], c[3])):
        if i not in used_gold and j not in used_system:
            used_gold.add(i)
            used_system.add(j)
            pairs.append((i, j))
    return [(gold[i], system[j]) for i, j in sorted(pairs)]


def score_document(
    gold: list[Timex], system: list[Timex]
) -> tuple[Counts, list[tuple[str, str, str | None, str | None]]]:
    """Tallies for one document and its mistakes as ``(kind, text, gold value, our value)``."""
    pairs = align(gold, system)
    counts = Counts(gold=len(gold), system=len(system), relaxed=len(pairs))
    mistakes: list[tuple[str, str, str | None, str | None]] = []
    for g, s in pairs:
        same_extent = _same_extent(g, s)
        counts.strict += same_extent
        counts.type_ok += g.type == s.type
        counts.value_ok += g.value == s.value
        if g.value != s.value:
            mistakes.append(("value", g.text, g.value, s.value))
        elif g.type != s.type:
            mistakes.append(("type", g.text, g.type, s.type))
        elif not same_extent:
            mistakes.append(("extent", g.text, g.text, s.text))
    matched_gold = {id(g) for g, _ in pairs}
    matched_system = {id(s) for _, s in pairs}
    mistakes += [("missed", g.text, g.value, None) for g in gold if id(g) not in matched_gold]
    mistakes += [("spurious", s.text, None, s.value) for s in system if id(s) not in matched_system]
    return counts, mistakes


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def scores_from(counts: Counts) -> TimexScores:
    """Turn tallies into the Task A figures (value F1 = relaxed F1 x value accuracy)."""
    sp, sr = _ratio(counts.strict, counts.system), _ratio(counts.strict, counts.gold)
    rp, rr = _ratio(counts.relaxed, counts.system), _ratio(counts.relaxed, counts.gold)
    value_accuracy = _ratio(counts.value_ok, counts.relaxed)
    return TimexScores(
        strict_precision=sp,
        strict_recall=sr,
        strict_f1=_f1(sp, sr),
        relaxed_precision=rp,
        relaxed_recall=rr,
        relaxed_f1=_f1(rp, rr),
        type_accuracy=_ratio(counts.type_ok, counts.relaxed),
        value_accuracy=value_accuracy,
        value_f1=_f1(rp, rr) * value_accuracy,
        counts=counts,
    )


def _documents(data_dir: Path, limit: int | None, half: Half | None = None
               ) -> Iterable[tuple[str, Path]]:
    """``(corpus, path)`` for each ``.tml`` file of ``half`` (split by document: the file name
    without ``.tml``); the corpus is the folder holding it."""
    by_folder: dict[Path, list[Path]] = {}
    for path in sorted(data_dir.rglob("*.tml")):
        if in_half("tempeval", path.stem, half):
            by_folder.setdefault(path.parent, []).append(path)
    for folder, paths in sorted(by_folder.items()):
        for path in paths[:limit] if limit is not None else paths:
            yield folder.name, path


def _worst(tally: Counter[tuple[str, str, str | None, str | None]], examples: dict, n: int
           ) -> list[TimexError]:
    return [
        TimexError(kind, text, g, s, count, examples[(kind, text, g, s)])
        for (kind, text, g, s), count in tally.most_common(n)
    ]


def evaluate_tempeval(
    data_dir: Path, limit: int | None = None, tagger: Tagger = tag_timexes, worst: int = 40,
    half: Half | None = None,
) -> TempEvalReport:
    """Tag every ``.tml`` document under ``data_dir`` (of ``half``, all when ``None``) anchored
    at its DCT and score Task A.

    ``limit`` caps the documents read from each corpus folder (TimeBank, AQUAINT...), so that a
    quick run still samples every corpus.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise NewsgraphError(
            f"{data_dir}: TempEval-3 folder not found; pass the folder holding the .tml files "
            "(e.g. .../tempeval3/train)"
        )
    started = time.perf_counter()
    per_corpus: dict[str, Counts] = {}
    tally: Counter[tuple[str, str, str | None, str | None]] = Counter()
    examples: dict[tuple[str, str, str | None, str | None], str] = {}
    n = 0
    for corpus, path in _documents(data_dir, limit, half):
        doc = read_tml(path.read_text(encoding="utf-8"), str(path))
        counts, mistakes = score_document(doc.timexes, tagger(doc.text, doc.dct))
        per_corpus.setdefault(corpus, Counts()).add(counts)
        for m in mistakes:
            key = (m[0], m[1].lower(), m[2], m[3])
            tally[key] += 1
            examples.setdefault(key, path.name)
        n += 1
    if n == 0:
        raise NewsgraphError(f"{data_dir}: no .tml files found; point at a TempEval-3 data folder")
    total = Counts()
    for counts in per_corpus.values():
        total.add(counts)
    return TempEvalReport(
        overall=scores_from(total),
        by_corpus={name: scores_from(c) for name, c in sorted(per_corpus.items())},
        errors=_worst(tally, examples, worst),
        documents=n,
        seconds=time.perf_counter() - started,
    )


def _row(name: str, s: TimexScores) -> str:
    c = s.counts
    return (
        f"{name:<10} {s.strict_precision:6.2%} {s.strict_recall:6.2%} {s.strict_f1:6.2%}  "
        f"{s.relaxed_precision:6.2%} {s.relaxed_recall:6.2%} {s.relaxed_f1:6.2%}  "
        f"{s.type_accuracy:6.2%} {s.value_accuracy:6.2%} {s.value_f1:6.2%}  "
        f"gold={c.gold} sys={c.system} strict={c.strict} relaxed={c.relaxed} value_ok={c.value_ok}"
    )


def format_report(report: TempEvalReport, errors: int = 25) -> str:
    """A plain-text table of the figures with support counts, then the commonest errors."""
    head = (
        f"{'corpus':<10} {'sP':>6} {'sR':>6} {'sF1':>6}  {'rP':>6} {'rR':>6} {'rF1':>6}  "
        f"{'type':>6} {'value':>6} {'valF1':>6}  support"
    )
    lines = [head]
    lines += [_row(name, s) for name, s in report.by_corpus.items()]
    lines.append(_row("all", report.overall))
    lines.append(f"{report.documents} documents in {report.seconds:.1f} s")
    for e in report.errors[:errors]:
        lines.append(f"{e.count:4d} {e.kind:<8} {e.text!r:<32} gold={e.gold} ours={e.system}"
                     f"  e.g. {e.example}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - a convenience for development runs
    import sys

    shown = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    print(format_report(evaluate_tempeval(Path(sys.argv[1]), worst=max(shown, 40)), errors=shown))
