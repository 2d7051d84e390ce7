"""The seeds against a careful human coder's full list of their events (``seeds_gold.yaml``).

The old expectations (``seeds.yaml``) ask whether eleven chosen events are there; this asks how
much of everything a person extracts is found fully right, and how much of what is stored is
right. A stored event belongs to a gold event when one of its triggers lies in a sentence the gold
event is told in; among the gold events of that sentence it goes to the one it fits best. It is
*fully right* when its type, both actor sets, date (or correctly no date) and modality are those
of the gold. Two figures follow:

A reciprocal gold event (a call, an agreement) is right with both parties on either side, or
both on one side ("they agreed" is stored that way).

- recall: share of the required gold events with a fully right stored event;
- precision: share of the stored asserted events that are fully right (a second stored copy of a
  gold event already found is a duplicate, and a stored event in no gold sentence is spurious:
  both count as wrong).

Records are split into dev and test halves by gold event id (``splits.half_of("seeds", id)``); a
stored event takes the half of its gold event, or, when it belongs to none, of the gold event told
nearest to it. The coder was written while reading these articles, so both halves are "seen".
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors import ActorRef
from ..errors import ConfigError
from ..events import Event
from ..knowledge import load_yaml
from .splits import Half, half_of

GOLD = Path(__file__).with_name("seeds_gold.yaml")
FIELDS = ("type", "source", "target", "date", "modality")
NO_DATE = "none"
_WHOLE = frozenset({"*"})  # a right stored event standing for the whole gold event
Slot = frozenset[str]
Sides = tuple[tuple[Slot, ...], tuple[Slot, ...]]


@dataclass(frozen=True)
class GoldMention:
    """Where a gold event is told: an article and one of its sentences, quoted."""

    article: str
    sentence: str


@dataclass
class GoldEvent:
    """One event of the human list, with every reading of it that counts as right."""

    id: str
    what: str
    mentions: list[GoldMention]
    types: list[str]
    sides: list[Sides]
    dates: list[str]
    modalities: list[str]
    mode: str | None = None
    reciprocal: bool = False
    split_ok: str | None = None
    bounds: tuple[str | None, str | None] | None = None
    claimed_by: tuple[Slot, ...] = ()
    optional: bool = False
    note: str = ""

    @property
    def half(self) -> Half:
        return half_of("seeds", self.id)


@dataclass
class MustNot:
    """An event that must not be stored: a claim, plan or refusal read as a deed, a wrong IGO."""

    what: str
    article: str
    types: list[str]
    sentence: str | None = None
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    modality: str = "asserted"


@dataclass
class Gold:
    """The human list and the must-not checks, as read from the file."""

    events: list[GoldEvent]
    must_not: list[MustNot]


@dataclass
class GoldOutcome:
    """A gold event, whether it was found fully right, and the fields wrong on its best match."""

    gold: GoldEvent
    right: bool
    matched: list[Event]
    wrong: list[str]
    best: Event | None = None  # the stored event found fully right (the first, or first part)


@dataclass
class StoredOutcome:
    """A stored event, the gold event it belongs to, and what is wrong with it ([] when right)."""

    event: Event
    gold: GoldEvent | None
    wrong: list[str]
    half: Half

    @property
    def right(self) -> bool:
        return not self.wrong


@dataclass
class Violation:
    """A stored event that a must-not check forbids."""

    rule: MustNot
    event: Event


@dataclass
class GoldReport:
    """Outcomes on both sides of the comparison, with figures per half."""

    golds: list[GoldOutcome]
    stored: list[StoredOutcome]
    violations: list[Violation]

    def recall(self, half: Half | None = None) -> tuple[int, int]:
        """(found fully right, required gold events) in ``half`` (None: both)."""
        rows = [o for o in self.golds if not o.gold.optional and _in(o.gold.half, half)]
        return sum(o.right for o in rows), len(rows)

    def precision(self, half: Half | None = None) -> tuple[int, int]:
        """(fully right, stored asserted events) in ``half`` (None: both)."""
        rows = self.asserted(half)
        return sum(o.right for o in rows), len(rows)

    def asserted(self, half: Half | None = None) -> list[StoredOutcome]:
        return [o for o in self.stored if o.event.modality == "asserted" and _in(o.half, half)]

    def gold_errors(self, half: Half | None = None) -> Counter[str]:
        """Per field, how many required gold events were found with that field wrong, or missed."""
        out: Counter[str] = Counter()
        for o in self.golds:
            if not o.gold.optional and not o.right and _in(o.gold.half, half):
                out.update(o.wrong)
        return out

    def beside(self, half: Half | None = None) -> tuple[Counter[str], Counter[str]]:
        """(wrong, checked): on required gold events found fully right whose gold names a mode or
        a claimant, how often the stored mode or ``claimed_by`` differs. Not part of "fully
        right" (issue #8 defines that by type, actors, date and modality); reported beside it."""
        wrong: Counter[str] = Counter()
        checked: Counter[str] = Counter()
        for o in self.golds:
            if o.gold.optional or not o.right or o.best is None or not _in(o.gold.half, half):
                continue
            if o.gold.mode:
                checked["mode"] += 1
                wrong["mode"] += o.best.mode != o.gold.mode
            if o.gold.claimed_by:
                checked["claimed_by"] += 1
                claimants = {i for slot in o.gold.claimed_by for i in slot}
                wrong["claimed_by"] += not claimants & set(_ids(o.best.claimed_by))
        return wrong, checked

    def stored_errors(self, half: Half | None = None) -> Counter[str]:
        """Per field, how many stored asserted events have it wrong (or are duplicates, spurious)."""
        out: Counter[str] = Counter()
        for o in self.asserted(half):
            out.update(o.wrong)
        return out


def _in(half: Half, wanted: Half | None) -> bool:
    return wanted is None or half == wanted


# ---------------------------------------------------------------------------------- reading


def _slot(value: Any) -> Slot:
    return frozenset(str(v) for v in value) if isinstance(value, list) else frozenset([str(value)])


def _slots(value: Any) -> tuple[Slot, ...]:
    return tuple(_slot(v) for v in value or [])


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _gold_event(item: dict[str, Any]) -> GoldEvent:
    sides = [(_slots(item.get("source")), _slots(item.get("target")))]
    sides += [(_slots(alt.get("source")), _slots(alt.get("target")))
              for alt in item.get("sides_also") or []]
    bounds = item.get("bounds")
    return GoldEvent(
        id=str(item["id"]), what=str(item.get("what", "")),
        mentions=[GoldMention(str(m["article"]), str(m["sentence"])) for m in item["mentions"]],
        types=_strings(item["type"]), sides=sides,
        dates=_strings(item.get("date", NO_DATE)) + _strings(item.get("date_also")),
        modalities=_strings(item.get("modality", "asserted")), mode=item.get("mode"),
        reciprocal=bool(item.get("reciprocal", False)), split_ok=item.get("split_ok"),
        bounds=(bounds[0], bounds[1]) if bounds else None,
        claimed_by=_slots(item.get("claimed_by")), optional=bool(item.get("optional", False)),
        note=str(item.get("note", "")))


def load_gold(path: Path = GOLD) -> Gold:
    """Read the gold file; a bad entry names itself and what is wrong with it."""
    data = load_yaml(path) or {}
    events, rules = [], []
    for i, item in enumerate(data.get("events", [])):
        try:
            events.append(_gold_event(item))
        except (KeyError, TypeError, IndexError) as exc:
            raise ConfigError(f"{path}: event {i + 1} ({item.get('id', '?')}): missing or bad "
                              f"{exc}; see the key list at the top of the file") from None
    for i, item in enumerate(data.get("must_not", [])):
        try:
            rules.append(MustNot(
                what=str(item.get("what", "")), article=str(item["article"]),
                types=_strings(item["type"]), sentence=item.get("sentence"),
                source=_strings(item.get("source")), target=_strings(item.get("target")),
                modality=str(item.get("modality", "asserted"))))
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"{path}: must_not {i + 1}: missing or bad {exc}") from None
    ids = Counter(e.id for e in events)
    if twice := [i for i, n in ids.items() if n > 1]:
        raise ConfigError(f"{path}: event ids used twice: {', '.join(twice)}")
    return Gold(events, rules)


# ---------------------------------------------------------------------------------- locating


class Texts:
    """The seed articles' text, to place gold sentences and stored triggers on one scale."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        # file position minus stored offset, per article, learned from a sentence found as is
        self.shift: dict[str, int] = {}

    @classmethod
    def read(cls, paths: list[Path]) -> Texts:
        return cls({p.stem: p.read_text(encoding="utf-8") for p in paths})

    def span(self, article: str, sentence: str) -> tuple[int, int] | None:
        """Where a quoted sentence lies in its article, or None when it is not there."""
        at = self.texts.get(article, "").find(sentence)
        return (at, at + len(sentence)) if at >= 0 else None

    def triggers(self, event: Event) -> list[tuple[str, int]]:
        """(article, position) of each mention's trigger, found through the mention's sentence:
        the stored offsets are in the article body, which may differ from the file by a header.
        A sentence the reader reshaped (not found as is) is placed by the article's shift."""
        out = []
        for m in event.mentions:
            at = self.texts.get(m.article_id, "").find(m.sentence)
            if at >= 0:
                self.shift.setdefault(m.article_id, at - m.start)
                out.append((m.article_id, at + max(0, m.trigger_start - m.start)))
            elif m.article_id in self.shift:
                out.append((m.article_id, self.shift[m.article_id] + m.trigger_start))
        return out

    def check(self, gold: Gold, path: Path = GOLD) -> None:
        """Every quoted sentence must be in its article, or the gold points nowhere."""
        for g in gold.events:
            for m in g.mentions:
                if self.span(m.article, m.sentence) is None:
                    raise ConfigError(f"{path}: {g.id}: sentence not found in {m.article}: "
                                      f"{m.sentence[:60]!r}...; quote it exactly")
        for r in gold.must_not:
            if r.sentence and self.span(r.article, r.sentence) is None:
                raise ConfigError(f"{path}: must_not {r.what!r}: {r.sentence!r} is not in "
                                  f"{r.article}")


# ---------------------------------------------------------------------------------- fields


def _ids(refs: list[ActorRef]) -> list[str]:
    return list(dict.fromkeys(r.actor_id for r in refs))


def fits(ids: list[str], slots: tuple[Slot, ...], partial: bool = False) -> bool:
    """Do the stored actor ids fill the gold slots one to one (``partial``: some of them)?"""
    if len(ids) > len(slots) or (not partial and len(ids) != len(slots)):
        return False
    if partial and not ids:
        return False
    return any(all(i in s for i, s in zip(ids, chosen, strict=False))
               for chosen in itertools.permutations(slots, len(ids)))


def _orientations(gold: GoldEvent) -> list[Sides]:
    out = list(gold.sides)
    if gold.reciprocal:
        out += [(t, s) for s, t in gold.sides]
    return out


def side_errors(event: Event, gold: GoldEvent, partial: bool = False) -> list[str]:
    """[] when some accepted reading fits both sides, else the sides wrong in the closest one."""
    source, target = _ids(event.source), _ids(event.target)
    if gold.reciprocal and any(fits(list(dict.fromkeys(source + target)), s + t)
                               for s, t in gold.sides):
        return []  # "they agreed": both parties, whichever side the store puts them on
    best: list[str] = ["source", "target"]
    for s, t in _orientations(gold):
        wrong = []
        if not fits(source, s, partial and gold.split_ok == "source"):
            wrong.append("source")
        if not fits(target, t, partial and gold.split_ok == "target"):
            wrong.append("target")
        if len(wrong) < len(best):
            best = wrong
    return best


def stored_date(event: Event) -> str:
    """The stored date at its own precision (``2024-08`` for a month), or ``none``."""
    if not event.date:
        return NO_DATE
    cut = {"day": 10, "month": 7, "year": 4}.get(event.date_precision or "", len(event.date))
    return event.date[:cut]


def field_errors(event: Event, gold: GoldEvent, partial: bool = False) -> list[str]:
    """The fields of ``event`` that disagree with every accepted reading of ``gold``."""
    wrong = [] if event.type in gold.types else ["type"]
    wrong += side_errors(event, gold, partial)
    if stored_date(event) not in gold.dates:
        wrong.append("date")
    if event.modality not in gold.modalities:
        wrong.append("modality")
    return wrong


# ---------------------------------------------------------------------------------- matching


def _gold_spans(gold: Gold, texts: Texts) -> list[tuple[GoldEvent, str, int, int]]:
    out = []
    for g in gold.events:
        for m in g.mentions:
            span = texts.span(m.article, m.sentence)
            if span:
                out.append((g, m.article, span[0], span[1]))
    return out


def candidates(event: Event, spans: list[tuple[GoldEvent, str, int, int]],
               texts: Texts) -> list[GoldEvent]:
    """Gold events told in a sentence holding one of the event's triggers, in file order."""
    found: dict[str, GoldEvent] = {}
    for article, at in texts.triggers(event):
        for g, a, start, end in spans:
            if a == article and start <= at < end:
                found.setdefault(g.id, g)
    return list(found.values())


def _nearest_half(event: Event, spans: list[tuple[GoldEvent, str, int, int]],
                  texts: Texts) -> Half:
    """The half of the gold event told nearest to a stored event that belongs to none."""
    best: tuple[int, str] | None = None
    for article, at in texts.triggers(event):
        for g, a, start, end in spans:
            if a == article:
                gap = min(abs(at - start), abs(at - end))
                if best is None or (gap, g.id) < best:
                    best = (gap, g.id)
    return half_of("seeds", best[1]) if best else half_of("seeds", event.id or event.type)


def _best(event: Event, golds: list[GoldEvent]) -> tuple[GoldEvent, list[str], bool]:
    """The candidate the event fits best: fewest wrong fields, a wrong type weighing most."""
    scored = []
    for order, g in enumerate(golds):
        whole = field_errors(event, g)
        part = field_errors(event, g, partial=True) if g.split_ok else whole
        wrong, is_part = (part, True) if len(part) < len(whole) else (whole, False)
        scored.append(((("type" in wrong), len(wrong), order), g, wrong, is_part))
    _, g, wrong, is_part = min(scored, key=lambda row: row[0])
    return g, wrong, is_part


def violates(event: Event, rule: MustNot) -> bool:
    """Does a stored event match a must-not check (type, modality, parties, article, sentence)?"""
    if event.type not in rule.types:
        return False
    if rule.modality != "any" and event.modality != rule.modality:
        return False
    if not (_party(event.source, rule.source) and _party(event.target, rule.target)):
        return False
    for m in event.mentions:
        if m.article_id != rule.article:
            continue
        if rule.sentence is None or rule.sentence in m.sentence:
            return True
    return False


def _party(refs: list[ActorRef], wanted: list[str]) -> bool:
    """No constraint, or some actor is one of ``wanted`` (an id, or an ISO3 code of its country)."""
    return not wanted or any(r.actor_id in wanted or (r.country or "") in wanted for r in refs)


def score_gold(events: list[Event], gold: Gold, texts: Texts) -> GoldReport:
    """Match stored events (all modalities) to the gold and judge both sides."""
    spans = _gold_spans(gold, texts)
    matched: dict[str, list[tuple[Event, list[str], bool]]] = {g.id: [] for g in gold.events}
    stored: list[StoredOutcome] = []
    covered: dict[str, set[frozenset[str]]] = {}
    for e in events:
        golds = candidates(e, spans, texts)
        if not golds:
            stored.append(StoredOutcome(e, None, ["spurious"], _nearest_half(e, spans, texts)))
            continue
        g, wrong, is_part = _best(e, golds)
        matched[g.id].append((e, wrong, is_part))
        if not wrong:
            wrong = _duplicate(e, g, is_part, covered.setdefault(g.id, set()))
        stored.append(StoredOutcome(e, g, wrong, g.half))
    outcomes = [_gold_outcome(g, matched[g.id]) for g in gold.events]
    violations = [Violation(r, e) for r in gold.must_not for e in events if violates(e, r)]
    return GoldReport(outcomes, stored, violations)


def _duplicate(event: Event, gold: GoldEvent, is_part: bool,
               seen: set[frozenset[str]]) -> list[str]:
    """``["duplicate"]`` when a right stored event already stands for this gold event (or this
    part of a split one), else []; records what this one covers."""
    side = event.target if gold.split_ok == "target" else event.source
    key = frozenset(_ids(side)) if is_part else _WHOLE
    again = _WHOLE in seen or key in seen or (key == _WHOLE and bool(seen))
    seen.add(key)
    return ["duplicate"] if again else []


def _gold_outcome(g: GoldEvent, rows: list[tuple[Event, list[str], bool]]) -> GoldOutcome:
    """Found fully right: one stored event right as a whole, or right parts covering the split
    side; else the fields wrong on the closest stored event of its type, ``type`` when its
    sentences hold only events of other types, or ``missed`` when they hold none."""
    events = [e for e, _, _ in rows]
    whole = [e for e, wrong, part in rows if not wrong and not part]
    if whole:
        return GoldOutcome(g, True, events, [], whole[0])
    if g.split_ok:
        side = g.split_ok
        parts = [e for e, wrong, part in rows if not wrong and part]
        have = {i for e in parts for i in _ids(e.source if side == "source" else e.target)}
        slots = g.sides[0][0] if side == "source" else g.sides[0][1]
        if parts and all(slot & have for slot in slots):
            return GoldOutcome(g, True, events, [], parts[0])
    if not rows:
        return GoldOutcome(g, False, [], ["missed"])
    typed = [wrong for _, wrong, _ in rows if "type" not in wrong]
    if not typed:
        return GoldOutcome(g, False, events, ["type"])
    return GoldOutcome(g, False, events, min(typed, key=len) or ["incomplete"])


# ---------------------------------------------------------------------------------- reporting


def _pct(right: int, n: int) -> float:
    return round(100 * right / n, 2) if n else 0.0


def _rule_half(rule: MustNot) -> Half:
    """Must-not checks have no id of their own: their article and wording split them."""
    return half_of("seeds", f"must_not:{rule.article}:{rule.what}")


def figures(report: GoldReport, half: Half) -> list[tuple[str, float, int, bool]]:
    """(name, value, support, gated) for one half: the two targets of issue #8 (percent, gated),
    then counts of wrong fields on each side, of modes and claimants that differ on events
    otherwise right, and of must-not violations (not gated)."""
    found, required = report.recall(half)
    right, stored = report.precision(half)
    out = [("seeds.full_recall", _pct(found, required), required, True),
           ("seeds.full_precision", _pct(right, stored), stored, True)]
    gold_wrong, stored_wrong = report.gold_errors(half), report.stored_errors(half)
    out += [(f"seeds.gold_wrong.{k}", float(gold_wrong[k]), required, False)
            for k in (*FIELDS, "missed")]
    out += [(f"seeds.stored_wrong.{k}", float(stored_wrong[k]), stored, False)
            for k in (*FIELDS, "duplicate", "spurious")]
    wrong, checked = report.beside(half)
    out += [(f"seeds.right_but_{k}_differs", float(wrong[k]), checked[k], False)
            for k in ("mode", "claimed_by")]
    rules = [r for r in {id(v.rule): v.rule for v in report.violations}.values()
             if _rule_half(r) == half]
    out.append(("seeds.must_not_violations", float(len(rules)), len(rules), False))
    return out


def _names(refs: list[ActorRef]) -> str:
    return "+".join(_ids(refs)) or "-"


def _brief(event: Event) -> str:
    return (f"{event.type}/{event.modality} {_names(event.source)} -> {_names(event.target)} "
            f"{stored_date(event)} [{event.mentions[0].trigger if event.mentions else ''}]")


def error_lines(report: GoldReport, half: Half) -> list[str]:
    """What the dev half got wrong, one line each (never called for the test half)."""
    lines = []
    for o in report.golds:
        if not o.right and not o.gold.optional and o.gold.half == half:
            near = f": {_brief(o.matched[0])}" if o.matched else ""
            lines.append(f"gold {o.gold.id}: {', '.join(o.wrong)}{near}")
    for s in report.asserted(half):
        if s.wrong:
            where = s.gold.id if s.gold else "no gold sentence"
            lines.append(f"stored {_brief(s.event)}: {', '.join(s.wrong)} ({where})")
    for v in report.violations:
        if _rule_half(v.rule) == half:
            lines.append(f"must not: {v.rule.what}: {_brief(v.event)}")
    return lines
