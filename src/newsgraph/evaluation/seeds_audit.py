"""The seeds' gold list against an independent second coder's list (``seeds_audit.yaml``).

The gold (``seeds_gold.yaml``) was checked only by the engineer who wrote it. A second coder, who
did not read it, listed the same articles' events in the same format; this module says how far
the two readings agree, so the gold's figures can be read with the human disagreement beside them.

Two events are the same event when they are told in a common sentence (their quoted sentences
overlap in one article) and share an accepted type; what is left is then paired by a common
sentence and agreeing parties, the type being the field they disagree on. For each pair, every
field is judged twice: *accepted* (the two lists accept some reading in common: a type, a side,
a date, a modality) and *primary* (their first readings are the same). Beside the pairs, a
Cohen's kappa over every (sentence, PLOVER type) cell of the four articles asks whether the two
coders put an event of that type in that sentence, which counts the sentences both leave empty.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..actors.knowledge_base import KnowledgeBase
from ..ontology import Ontology
from .seeds_gold import FIELDS, GOLD, Gold, GoldEvent, MustNot, Slot, Texts, load_gold

AUDIT = Path(__file__).with_name("seeds_audit.yaml")
# a sentence ends at . ! ? (and a closing quote) before a capital or an opening quote, spaces or
# none ("targets.Macron" in a run-on page), unless the word ending there is an initial ("U.S.")
# or a short abbreviation ("Sept. 20")
_END = re.compile(r"(?<=[.!?])[\"”]?(?![\"”])(?=\s*[A-Z“\"])")
_ABBREVIATIONS = {"sept", "mr", "mrs", "ms", "dr", "st", "gen", "no", "jan", "feb", "aug", "oct",
                  "nov", "dec"}
Span = tuple[str, int, int]
Orientation = tuple[tuple[Slot, ...], tuple[Slot, ...]]


@dataclass
class Pair:
    """One event in both lists, and per field whether the two readings agree."""

    gold: GoldEvent
    audit: GoldEvent
    accepted: dict[str, bool]
    primary: dict[str, bool]

    @property
    def both_required(self) -> bool:
        return not self.gold.optional and not self.audit.optional


@dataclass
class Kappa:
    """Cohen's kappa on yes/no cells: observed and chance agreement, and the cell counts."""

    cells: int
    both: int
    only_gold: int
    only_audit: int

    @property
    def observed(self) -> float:
        return (self.cells - self.only_gold - self.only_audit) / self.cells if self.cells else 0.0

    @property
    def chance(self) -> float:
        if not self.cells:
            return 0.0
        g = (self.both + self.only_gold) / self.cells
        a = (self.both + self.only_audit) / self.cells
        return g * a + (1 - g) * (1 - a)

    @property
    def kappa(self) -> float:
        return (self.observed - self.chance) / (1 - self.chance) if self.chance < 1 else 1.0


@dataclass
class Agreement:
    """How the gold and the audit agree: pairs, events of one list only, kappa, must-not checks."""

    gold: Gold
    audit: Gold
    pairs: list[Pair]
    only_gold: list[GoldEvent]
    only_audit: list[GoldEvent]
    kappa_required: Kappa
    kappa_all: Kappa
    must_not_both: list[tuple[MustNot, MustNot]] = field(default_factory=list)
    must_not_only_gold: list[MustNot] = field(default_factory=list)
    must_not_only_audit: list[MustNot] = field(default_factory=list)

    def fields(self, primary: bool = False, required: bool = True) -> dict[str, tuple[int, int]]:
        """Per field, (pairs agreeing, pairs): on pairs required in both lists unless not
        ``required``; ``primary`` judges first readings, else any reading accepted by both."""
        rows = [p for p in self.pairs if p.both_required or not required]
        return {f: (sum((p.primary if primary else p.accepted)[f] for p in rows), len(rows))
                for f in FIELDS}

    def fully(self, primary: bool = False) -> tuple[int, int]:
        """(pairs agreeing on every field, pairs), on pairs required in both lists."""
        rows = [p for p in self.pairs if p.both_required]
        return sum(all((p.primary if primary else p.accepted).values()) for p in rows), len(rows)


# ---------------------------------------------------------------------------------- matching


def _spans(event: GoldEvent, texts: Texts) -> list[Span]:
    out = []
    for m in event.mentions:
        at = texts.span(m.article, m.sentence)
        if at:
            out.append((m.article, at[0], at[1]))
    return out


def _overlap(a: list[Span], b: list[Span]) -> int:
    """How many mentions of one event share a sentence with a mention of the other."""
    return sum(any(x[0] == y[0] and x[1] < y[2] and y[1] < x[2] for y in b) for x in a)


def _compatible(a: tuple[Slot, ...], b: tuple[Slot, ...]) -> bool:
    """Same number of slots, each of one list sharing an accepted id with one of the other."""
    if len(a) != len(b):
        return False
    return any(all(x & y for x, y in zip(a, chosen, strict=True))
               for chosen in itertools.permutations(b))


def _orientations(event: GoldEvent) -> list[Orientation]:
    out = list(event.sides)
    if event.reciprocal:
        out += [(t, s) for s, t in event.sides]
    return out


def _sides(gold: GoldEvent, audit: GoldEvent) -> tuple[bool, bool]:
    """(source agrees, target agrees) on the closest pair of accepted readings. A reciprocal
    event agrees on both sides when both lists name the same parties, on whichever side."""
    if gold.reciprocal or audit.reciprocal:
        if any(_compatible(gs + gt, as_ + at)
               for gs, gt in gold.sides for as_, at in audit.sides):
            return True, True
    best = (False, False)
    for (gs, gt), (as_, at) in itertools.product(_orientations(gold), _orientations(audit)):
        got = (_compatible(gs, as_), _compatible(gt, at))
        if sum(got) > sum(best):
            best = got
    return best


def judge(gold: GoldEvent, audit: GoldEvent) -> tuple[dict[str, bool], dict[str, bool]]:
    """Per field: (any reading accepted by both, the first readings equal)."""
    source, target = _sides(gold, audit)
    accepted = {"type": bool(set(gold.types) & set(audit.types)), "source": source,
                "target": target, "date": bool(set(gold.dates) & set(audit.dates)),
                "modality": bool(set(gold.modalities) & set(audit.modalities))}
    (gs, gt), (as_, at) = gold.sides[0], audit.sides[0]
    same_sides = (gs, gt) == (as_, at) or ((gold.reciprocal or audit.reciprocal)
                                          and (gt, gs) == (as_, at))
    primary = {"type": gold.types[0] == audit.types[0],
               "source": same_sides or gs == as_, "target": same_sides or gt == at,
               "date": gold.dates[0] == audit.dates[0],
               "modality": gold.modalities[0] == audit.modalities[0]}
    return accepted, primary


def _pairs(gold: Gold, audit: Gold, texts: Texts) -> list[Pair]:
    """Pair events of the two lists one to one: first those sharing a sentence and a type,
    then those sharing a sentence and both sides. Among candidates, the pair agreeing on most
    fields goes first (a matching that favours agreement, as a coder pairing readings by eye
    would), then the one sharing most sentences, then required events, then file order."""
    gspans = {g.id: _spans(g, texts) for g in gold.events}
    aspans = {a.id: _spans(a, texts) for a in audit.events}
    used_g: set[str] = set()
    used_a: set[str] = set()
    out: list[Pair] = []
    for stage in ("type", "sides"):
        scored = []
        for (i, g), (j, a) in itertools.product(enumerate(gold.events), enumerate(audit.events)):
            shared = _overlap(gspans[g.id], aspans[a.id])
            if not shared or g.id in used_g or a.id in used_a:
                continue
            accepted, primary = judge(g, a)
            if stage == "type" and not accepted["type"]:
                continue
            if stage == "sides" and not (accepted["source"] and accepted["target"]):
                continue
            agree = sum(accepted.values())
            scored.append(((-agree, -shared, g.optional + a.optional, i, j), g, a, accepted, primary))
        for _, g, a, accepted, primary in sorted(scored, key=lambda row: row[0]):
            if g.id not in used_g and a.id not in used_a:
                used_g.add(g.id)
                used_a.add(a.id)
                out.append(Pair(g, a, accepted, primary))
    return out


# ---------------------------------------------------------------------------------- kappa


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of an article, by punctuation (no parser needed here)."""
    cuts, start = [], 0
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _END.finditer(line.group()):
            word = re.findall(r"(\w+)\.[\"”]?$", line.group()[:m.end()])
            if word and (len(word[-1]) == 1 or word[-1].lower() in _ABBREVIATIONS):
                continue
            cuts.append((start, line.start() + m.end()))
            start = line.start() + m.end()
        if start < line.end():
            cuts.append((start, line.end()))
    return [(a, b) for a, b in cuts if text[a:b].strip()]


def _cells(gold: Gold, texts: Texts, required: bool) -> set[tuple[str, int, str]]:
    """(article, sentence number, type) of every event of the list (its first type)."""
    bounds = {a: sentences(t) for a, t in texts.texts.items()}
    out = set()
    for e in gold.events:
        if required and e.optional:
            continue
        for article, start, end in _spans(e, texts):
            for n, (a, b) in enumerate(bounds.get(article, [])):
                if a < end and start < b:
                    out.add((article, n, e.types[0]))
    return out


def kappa(gold: Gold, audit: Gold, texts: Texts, types: list[str], required: bool) -> Kappa:
    """Cohen's kappa over every (sentence, type) cell of the articles: is an event there?"""
    cells = sum(len(sentences(t)) for t in texts.texts.values()) * len(types)
    g, a = _cells(gold, texts, required), _cells(audit, texts, required)
    return Kappa(cells, len(g & a), len(g - a), len(a - g))


# ---------------------------------------------------------------------------------- must not


def _parties(ids: list[str], country_of: dict[str, str]) -> set[str]:
    """A must-not party as an ISO3 code or an id, with its country: "country:ISR" and "ISR" are
    one party, and "person:joe-biden" stands beside "USA" (the scorer's own reading of a rule)."""
    out = {i.removeprefix("country:") for i in ids}
    return out | {country_of[i] for i in ids if i in country_of}


def _same_sentence(article: str, x: str, y: str, texts: Texts) -> bool:
    sx, sy = texts.span(article, x), texts.span(article, y)
    if not sx or not sy:
        return False
    return any(a <= sx[0] < b and a <= sy[0] < b for a, b in sentences(texts.texts[article]))


def _rule_matches(x: MustNot, y: MustNot, texts: Texts, country_of: dict[str, str]) -> bool:
    """Same article, a common type, no clash of parties or sentence, and one of them shared: two
    rules naming sentences must name the same one; a rule without one must share a party."""
    if x.article != y.article or not set(x.types) & set(y.types):
        return False
    shared_party = False
    for a, b in ((x.source, y.source), (x.target, y.target)):
        if a and b:
            if not _parties(a, country_of) & _parties(b, country_of):
                return False
            shared_party = True
    if x.sentence and y.sentence:
        return _same_sentence(x.article, x.sentence, y.sentence, texts)
    return shared_party


def _must_nots(gold: Gold, audit: Gold, texts: Texts, country_of: dict[str, str]) -> tuple[
        list[tuple[MustNot, MustNot]], list[MustNot], list[MustNot]]:
    both, used = [], set()
    for x in gold.must_not:
        for k, y in enumerate(audit.must_not):
            if k not in used and _rule_matches(x, y, texts, country_of):
                both.append((x, y))
                used.add(k)
                break
    matched = {id(x) for x, _ in both}
    return (both, [x for x in gold.must_not if id(x) not in matched],
            [y for k, y in enumerate(audit.must_not) if k not in used])


# ---------------------------------------------------------------------------------- report


def compare(gold: Gold, audit: Gold, texts: Texts, types: list[str],
            country_of: dict[str, str] | None = None) -> Agreement:
    """Pair the two lists and count where they agree (``types``: the ontology's event types;
    ``country_of``: actor id -> ISO3, to read must-not parties given as a country code)."""
    pairs = _pairs(gold, audit, texts)
    paired_g = {p.gold.id for p in pairs}
    paired_a = {p.audit.id for p in pairs}
    both, only_g, only_a = _must_nots(gold, audit, texts, country_of or {})
    return Agreement(
        gold, audit, pairs,
        [g for g in gold.events if g.id not in paired_g],
        [a for a in audit.events if a.id not in paired_a],
        kappa(gold, audit, texts, types, required=True),
        kappa(gold, audit, texts, types, required=False),
        both, only_g, only_a)


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.1f}%)" if d else f"{n}/0"


def lines(ag: Agreement) -> list[str]:
    """The comparison as text, one figure or disagreement a line."""
    req_g = [g for g in ag.gold.events if not g.optional]
    req_a = [a for a in ag.audit.events if not a.optional]
    paired_req_g = [p for p in ag.pairs if not p.gold.optional]
    paired_req_a = [p for p in ag.pairs if not p.audit.optional]
    out = [f"gold: {len(ag.gold.events)} events ({len(req_g)} required), "
           f"{len(ag.gold.must_not)} must-not; audit: {len(ag.audit.events)} events "
           f"({len(req_a)} required), {len(ag.audit.must_not)} must-not",
           f"required gold events the audit also lists: {_pct(len(paired_req_g), len(req_g))} "
           f"(as optional there: {sum(p.audit.optional for p in paired_req_g)})",
           f"required audit events the gold also lists: {_pct(len(paired_req_a), len(req_a))} "
           f"(as optional there: {sum(p.gold.optional for p in paired_req_a)})",
           f"pairs required in both: {sum(p.both_required for p in ag.pairs)}"]
    for name, primary in (("accepted readings overlap", False), ("first readings equal", True)):
        per = ag.fields(primary=primary)
        out.append(f"field agreement ({name}): " + ", ".join(
            f"{f} {_pct(*per[f])}" for f in FIELDS) + f"; all fields {_pct(*ag.fully(primary))}")
    for name, k in (("required", ag.kappa_required), ("all", ag.kappa_all)):
        out.append(f"kappa over (sentence, type) cells, {name} events: {k.kappa:.3f} (observed "
                   f"{k.observed:.3f}, chance {k.chance:.3f}; both {k.both}, gold only "
                   f"{k.only_gold}, audit only {k.only_audit}, of {k.cells})")
    out.append(f"must-not checks in both: {len(ag.must_not_both)}, gold only "
               f"{len(ag.must_not_only_gold)}, audit only {len(ag.must_not_only_audit)}")
    for p in ag.pairs:
        wrong = [f for f in FIELDS if not p.accepted[f]]
        if wrong and p.both_required:
            out.append(f"disagree {p.gold.id} ~ {p.audit.id}: {', '.join(wrong)}")
    out += [f"gold only{' (optional)' if g.optional else ''}: {g.id}: {g.what}"
            for g in ag.only_gold]
    out += [f"audit only{' (optional)' if a.optional else ''}: {a.id}: {a.what}"
            for a in ag.only_audit]
    return out


def run(seeds: Path, gold_path: Path = GOLD, audit_path: Path = AUDIT) -> Agreement:
    """Load both lists and the seed articles from ``seeds`` and compare them."""
    gold, audit = load_gold(gold_path), load_gold(audit_path)
    texts = Texts.read(sorted(seeds.glob("*.txt")))
    texts.check(gold, gold_path)
    texts.check(audit, audit_path)
    kb = KnowledgeBase.load()
    ids = {i for r in gold.must_not + audit.must_not for i in r.source + r.target}
    country_of = {i: a.country for i in ids if (a := kb.get(i)) is not None and a.country}
    return compare(gold, audit, texts, sorted(Ontology.load().types()), country_of)


if __name__ == "__main__":  # python -m newsgraph.evaluation.seeds_audit ../shared/seeds
    import sys

    print("\n".join(lines(run(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")))))
