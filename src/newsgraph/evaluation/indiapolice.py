"""IndiaPoliceEvents: does the coder find what the police did, sentence by sentence?

The corpus (Halterman et al. 2021) is every Times of India article of March 2002 about Gujarat:
1,257 real, lower-cased articles, 21,391 sentences labelled with what the police did in them
(KILL, ARREST, FAIL to act, FORCE, ANY_ACTION). The rules were never written from it.

How it is run: each article's ``full_text`` goes through the pipeline as ingest runs it, dated
with its publication date. The gold sentences are pieces of that text, in order; an event
belongs to the gold sentence holding its trigger (by character offset). ``indiapolice_labels.
yaml`` says which events make a sentence positive for a label: an asserted event of one of the
label's PLOVER types (and modes) whose source is the police or no one named (the gold counts
agentless passives such as "over 50 persons were arrested"). FAIL is not scored. Figures:
precision, recall and F1 per label over the sentences of one half (split by document).

Mojibake: many articles carry UTF-8 punctuation read as cp1252 (``â€™`` for a right quote,
``Â`` before a space for a no-break space). They are repaired with ``ftfy`` before coding, run
by run (each run of non-ASCII characters and the space after it), which keeps the offsets of
every other character exact; no article is dropped. How many were repaired is printed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..actors import ActorRef
from ..errors import ConfigError, NewsgraphError
from ..events import UNIDENTIFIED, Event
from ..knowledge import load_yaml
from .petrarch import Tally
from .splits import Half, in_half
from .suites import Figure, SuiteResult

DOCS = "metadata.jsonl"
SENTENCES = "sents.jsonl"
LABELS = Path(__file__).with_name("indiapolice_labels.yaml")
SCORED = ("KILL", "ARREST", "FORCE", "ANY_ACTION")
_RUN = re.compile(r"[^\x00-\x7f]+ ?")  # where cp1252 mojibake can lie
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class EventKind:
    """A PLOVER type and the modes of it that count (none listed: any mode), and whether an
    act of it with no doer named counts (``unnamed``: off for violence, which mobs do too)."""

    type: str
    modes: tuple[str, ...] = ()
    unnamed: bool = True

    def matches(self, type_: str, mode: str | None) -> bool:
        return type_ == self.type and (not self.modes or mode in self.modes)


@dataclass(frozen=True)
class LabelMap:
    """The mapping file: events per label, and which sources count as the police or unnamed."""

    labels: dict[str, tuple[EventKind, ...]]
    sectors: frozenset[str]
    unnamed: bool
    # labels that also need their sentence to tell it (``told_by``): KILL needs a death told,
    # since no PLOVER type or mode says the victim died
    told_by: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class Sentence:
    """One gold sentence: its span in the (repaired) article text and its labels."""

    doc_id: str
    sent_id: int
    start: int
    end: int
    labels: frozenset[str]


@dataclass
class Document:
    """One article as coded: repaired text, publication date and its gold sentences."""

    id: str
    published: dt.date
    text: str
    sentences: list[Sentence]
    repaired: bool = False


@dataclass
class Coded:
    """What the scorer needs of one coded event mention."""

    type: str
    mode: str | None
    sources: list[ActorRef]
    modality: str
    offset: int  # the trigger's start in the article text


@dataclass
class IndiaScores:
    """Per-label counts, what was coded, and examples of misses and false alarms."""

    labels: dict[str, Tally]  # per label: sentences right, ours positive, gold positive
    documents: int = 0
    sentences: int = 0
    repaired: int = 0
    asserted_events: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)


def load_mapping(path: Path = LABELS) -> LabelMap:
    """The mapping file; a bad entry names the file and the label."""
    data = load_yaml(path) or {}
    labels: dict[str, tuple[EventKind, ...]] = {}
    for label, spec in (data.get("labels") or {}).items():
        try:
            labels[str(label)] = tuple(EventKind(str(e["type"]), tuple(e.get("modes") or ()),
                                                 bool(e.get("unnamed", True)))
                                       for e in spec["events"])
        except (KeyError, TypeError):
            raise ConfigError(f"{path}: label {label}: needs 'events', a list of "
                              "{type: TYPE, modes: [...]}") from None
    missing = [label for label in SCORED if label not in labels]
    if missing:
        raise ConfigError(f"{path}: no mapping for {', '.join(missing)}")
    told_by = {str(label): frozenset(str(w).lower() for w in spec["told_by"])
               for label, spec in (data.get("labels") or {}).items() if spec.get("told_by")}
    sources = data.get("sources") or {}
    return LabelMap(labels, frozenset(sources.get("sectors") or ()), bool(sources.get("unnamed")),
                    told_by)


def told(label: str, sentence: str, mapping: LabelMap) -> bool:
    """Does the sentence tell what the label needs beyond an event's type (a death for KILL:
    one of its ``told_by`` words)? Labels with no such words need nothing more."""
    words = mapping.told_by.get(label)
    return words is None or not words.isdisjoint(_WORD.findall(sentence.lower()))


def repair_mojibake(text: str) -> tuple[str, Callable[[int], int]]:
    """The text with cp1252 mojibake repaired, and a function moving an offset of the original
    into the repaired text (an offset inside a repaired run moves to the run's end)."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
        fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        fix_surrogates=False, remove_control_chars=False, normalization=None, explain=False)
    parts: list[str] = []
    runs: list[tuple[int, int, int, int]] = []  # original start, end; repaired start, end
    pos = length = 0
    for m in _RUN.finditer(text):
        fixed = ftfy.fix_text(m.group(0), config)
        if fixed == m.group(0):
            continue
        parts.append(text[pos:m.start()])
        length += m.start() - pos
        parts.append(fixed)
        runs.append((m.start(), m.end(), length, length + len(fixed)))
        length += len(fixed)
        pos = m.end()
    parts.append(text[pos:])
    starts = [r[0] for r in runs]

    def move(i: int) -> int:
        k = bisect.bisect_right(starts, i) - 1
        if k < 0:
            return i
        start, end, fixed_start, fixed_end = runs[k]
        if i >= end:
            return fixed_end + i - end
        return fixed_start if i == start else fixed_end

    return "".join(parts), move


def _jsonl(path: Path) -> Iterable[dict]:
    try:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise NewsgraphError(f"{path}:{n}: not JSON ({exc.msg})") from None
    except FileNotFoundError:
        raise NewsgraphError(f"{path}: not found; pass --data DIR holding the IndiaPoliceEvents "
                             f"{DOCS} and {SENTENCES}") from None


def read_documents(folder: Path, half: Half | None = None) -> list[Document]:
    """The articles of ``half`` (all when ``None``) in file order, repaired, with their gold
    sentences placed by offset."""
    by_doc: dict[str, list[dict]] = {}
    for s in _jsonl(Path(folder) / SENTENCES):
        by_doc.setdefault(str(s["doc_id"]), []).append(s)
    docs = []
    for d in _jsonl(Path(folder) / DOCS):
        doc_id = str(d["doc_id"])
        if not in_half("indiapolice", doc_id, half):
            continue
        original = d["full_text"]
        text, move = repair_mojibake(original)
        sentences, pos = [], 0
        for s in sorted(by_doc.get(doc_id, []), key=lambda s: s["sent_id"]):
            start = original.find(s["sent_text"], pos)
            if start < 0:
                raise NewsgraphError(f"{Path(folder) / SENTENCES}: doc {doc_id} sentence "
                                     f"{s['sent_id']} is not in the article's full_text")
            pos = start + len(s["sent_text"])
            sentences.append(Sentence(doc_id, int(s["sent_id"]), move(start), move(pos),
                                      frozenset(s.get("sent_labels") or ())))
        docs.append(Document(doc_id, dt.date.fromisoformat(d["date"][:10]), text, sentences,
                             text != original))
    return docs


def sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    """The gold sentence holding a character offset (sentences are in text order)."""
    k = bisect.bisect_right([s.start for s in sentences], offset) - 1
    return sentences[k] if k >= 0 and offset < sentences[k].end else None


def police_or_unnamed(sources: Sequence[ActorRef], mapping: LabelMap) -> bool:
    """Is the doer the police, or is no doer named (none, or only unidentified attackers)?"""
    return is_police(sources, mapping) or (mapping.unnamed and unnamed(sources))


def is_police(sources: Sequence[ActorRef], mapping: LabelMap) -> bool:
    """Is a doer of the police (or forces deployed with them), named or an unnamed organ?"""
    return any(r.sector in mapping.sectors for r in sources)


def unnamed(sources: Sequence[ActorRef]) -> bool:
    """Is no doer named: none, or only the unidentified stand-ins the coder composes?"""
    return all(r.how == UNIDENTIFIED for r in sources)


def labels_of(coded: Coded, mapping: LabelMap) -> set[str]:
    """The labels one coded mention makes its sentence positive for."""
    if coded.modality != "asserted" or not police_or_unnamed(coded.sources, mapping):
        return set()
    police = is_police(coded.sources, mapping)
    return {label for label, kinds in mapping.labels.items()
            if any(k.matches(coded.type, coded.mode) and (police or k.unnamed) for k in kinds)}


def score(docs: Sequence[Document], coded: Sequence[Sequence[Coded]],
          mapping: LabelMap) -> IndiaScores:
    """Per-label sentence counts over the documents and what was coded in each."""
    scores = IndiaScores({label: Tally() for label in SCORED}, documents=len(docs))
    for doc, found in zip(docs, coded, strict=True):
        scores.sentences += len(doc.sentences)
        scores.repaired += doc.repaired
        scores.asserted_events += sum(c.modality == "asserted" for c in found)
        ours: dict[int, set[str]] = {}
        why: dict[tuple[int, str], str] = {}
        for c in found:
            sentence = sentence_at(doc.sentences, c.offset)
            if sentence is not None:
                text = doc.text[sentence.start:sentence.end]
                for label in labels_of(c, mapping) - {
                        lab for lab in mapping.told_by if not told(lab, text, mapping)}:
                    ours.setdefault(sentence.sent_id, set()).add(label)
                    why.setdefault((sentence.sent_id, label), f"{c.type}/{c.mode}")
        for s in doc.sentences:
            for label in SCORED:
                gold, system = label in s.labels, label in ours.get(s.sent_id, set())
                tally = scores.labels[label]
                tally.tp += gold and system
                tally.system += system
                tally.gold += gold
                if gold != system:
                    kind = (f"{label} missed" if gold else
                            f"{label} false alarm from {why[(s.sent_id, label)]}")
                    scores.errors[kind] += 1
                    scores.examples.setdefault(
                        kind, f"doc {doc.id} sentence {s.sent_id}: "
                              f"{' '.join(doc.text[s.start:s.end].split())[:100]}")
    return scores


Coder = Callable[[list[Document]], list[list[Coded]]]


def coded_mentions(events: Iterable[Event]) -> list[Coded]:
    """One entry per mention of each event, at its trigger, with the mention's own doer and
    modality: what its sentence says, not what the event it was merged into says."""
    return [Coded(e.type, e.mode, m.source or e.source, m.modality, m.trigger_start)
            for e in events for m in e.mentions]


def pipeline_coder(batch: int = 16) -> Coder:
    """Code each article with the pipeline as ingest runs it, at its publication date."""
    from ..articles import Article
    from .dictionaries import suite_annotator

    annotator = suite_annotator()

    def code(docs: list[Document]) -> list[list[Coded]]:
        out: list[list[Coded]] = []
        for i in range(0, len(docs), batch):
            articles = [Article(d.id, d.published, d.text) for d in docs[i:i + batch]]
            out += [coded_mentions(r.events) for r in annotator.annotate(articles)]
        return out

    return code


def evaluate_indiapolice(data_dir: Path, limit: int | None = None, half: Half | None = None,
                         coder: Coder | None = None) -> tuple[IndiaScores, float]:
    """Code and score the articles of ``half`` (all when ``None``; the first ``limit``)."""
    mapping = load_mapping()
    docs = read_documents(Path(data_dir), half)
    docs = docs[:limit] if limit else docs
    started = time.perf_counter()
    coded = (coder or pipeline_coder())(docs)
    return score(docs, coded, mapping), time.perf_counter() - started


def suite_result(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    """The suite's figures for ``newsgraph eval indiapolice`` (names get their half added)."""
    s, seconds = evaluate_indiapolice(folder, limit, half)
    figures = []
    for label in SCORED:
        t, name = s.labels[label], f"indiapolice.{label.lower()}"
        figures += [Figure(f"{name}_precision", round(100 * t.precision, 2), t.system),
                    Figure(f"{name}_recall", round(100 * t.recall, 2), t.gold),
                    Figure(f"{name}_f1", round(100 * t.f1, 2), t.gold)]
    details = [f"  {s.documents} articles ({s.repaired} repaired with ftfy), {s.sentences} "
               f"sentences, {s.asserted_events} asserted event mentions coded; FAIL not scored",
               "  label         TP    FP    FN"]
    details += [f"  {label:<12} {t.tp:4d}  {t.system - t.tp:4d}  {t.gold - t.tp:4d}"
                for label, t in s.labels.items()]
    errors = [f"{n:5d}x {kind}  e.g. {s.examples[kind]}" for kind, n in s.errors.most_common(15)]
    return SuiteResult("indiapolice", figures, details, errors, seconds, limit)
