"""Dates: temporal expressions (TimeML) and the date of each event."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateutil.easter import easter

from .errors import ConfigError
from .knowledge import data_path, load_yaml, shipped_yaml
from .parsing import UNPARSED_DEP

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass
class Timex:
    """A temporal expression: character span, TimeML type and normalised value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class EventDate:
    """When an event happened, how precisely we know, and why we think so."""

    value: str
    precision: str
    basis: str
    text: str | None = None


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def date_bounds(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """``("2024-10", ...)`` -> 2024-10-01, 2024-10-31; values that name no span give Nones."""
    if not value:
        return None, None
    try:
        if m := _DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        if m := _QUARTER.match(value):
            year, q = int(m[1]), int(m[2])
            first = dt.date(year, 3 * q - 2, 1)
            last_month = 3 * q
            return first, dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None, None
    return None, None


# --- the lexicon: date words are data (data/dates.yaml), the rules below are logic -------------


@dataclass(frozen=True)
class Unit:
    """A unit of time as an ISO 8601 duration letter; ``time`` units go after the ``T``."""

    letter: str
    time: bool = False
    scale: int = 1


@dataclass
class DateLexicon:
    """Month, weekday, number and unit words, and the grammar compiled from them.

    Loaded once from ``data/dates.yaml`` (or a user's copy) so that another language or house
    style is a data change, not a code change.
    """

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    vague: list[str]
    ordinals: dict[str, int]
    units: dict[str, Unit]
    unit_forms: dict[str, str]
    words: dict[str, tuple[str, str]]
    sets: dict[str, str]
    day_parts: dict[str, str]
    seasons: dict[str, tuple[str, int]]
    holidays: dict[str, dict[str, Any]]
    modifiers: list[str]
    approximators: list[str]
    future_cues: list[str]
    past_cues: list[str]
    time_zones: list[str]
    grammar: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path | None = None) -> DateLexicon:
        """Read the date words (the shipped file when ``path`` is None) and compile the grammar."""
        raw = load_yaml(path) if path is not None else shipped_yaml("dates.yaml")
        try:
            units = {name: Unit(u["letter"], bool(u.get("time")), int(u.get("scale", 1)))
                     for name, u in raw["units"].items()}
            plurals = raw.get("unit_plurals", {})
            forms = {name: name for name in units}
            forms.update({plurals.get(name, name + "s"): name for name in units})
            lex = cls(
                months=dict(raw["months"]), weekdays=dict(raw["weekdays"]),
                numbers={k: float(v) for k, v in raw["numbers"].items()},
                vague=list(raw["vague_numbers"]), ordinals=dict(raw["ordinals"]),
                units=units, unit_forms=forms,
                words={k.lower(): (v["type"], str(v["value"])) for k, v in raw["words"].items()},
                sets=dict(raw["sets"]), day_parts=dict(raw["day_parts"]),
                seasons={k: (v["code"], int(v["month"])) for k, v in raw["seasons"].items()},
                holidays=dict(raw["holidays"]), modifiers=list(raw["modifiers"]),
                approximators=list(raw["approximators"]),
                future_cues=list(raw["future_cues"]), past_cues=list(raw["past_cues"]),
                time_zones=list(raw["time_zones"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            where = path or data_path("dates.yaml")
            raise ConfigError(f"{where}: malformed date lexicon ({exc!r}); compare with the "
                              "shipped data/dates.yaml") from None
        lex.grammar = _compile_grammar(lex)
        return lex


@lru_cache(maxsize=1)
def default_lexicon() -> DateLexicon:
    """The shipped lexicon, compiled once per process (it is never mutated after loading)."""
    return DateLexicon.load()


def _alt(words: Iterable[str], dotted: Iterable[str] = ()) -> str:
    """A regex alternation, longest first; spaces match any whitespace; ``dotted`` words
    (abbreviations) may carry a full stop."""
    parts = sorted(set(words), key=len, reverse=True)
    abbreviations = set(dotted)
    escaped = [re.escape(w).replace(r"\ ", r"\s+") + (r"\.?" if w in abbreviations else "")
               for w in parts]
    return "(?:" + "|".join(escaped) + ")"


def _fragments(lex: DateLexicon) -> dict[str, str]:
    """Named pieces of the grammar built from the lexicon."""
    full_months = [m for m in lex.months if len(m) > 4 or m in ("May", "June", "July")]
    abbr_months = [m for m in lex.months if m not in full_months]
    full_days = [d for d in lex.weekdays if d.endswith("day")]
    abbr_days = [d for d in lex.weekdays if d not in full_days]
    number = _alt(w for w in lex.numbers if w not in ("a", "an"))
    return {
        "MON": r"\b(?P<mon>" + _alt(lex.months, abbr_months) + r")(?!\w)",
        "MONB": r"\b(?P<mon>" + _alt(full_months) + "|" + "|".join(
            re.escape(m) + r"\." for m in abbr_months) + r")(?!\w)",
        "WDA": r"\b(?P<wd>" + _alt(lex.weekdays, abbr_days) + r")(?!\w)",
        "WDB": r"\b(?P<wd>" + _alt(full_days) + "|" + "|".join(
            re.escape(d) + r"\." for d in abbr_days) + r")(?!\w)",
        "NUM": r"(?<![\w.,-])(?P<num>\d+(?:\.\d+)?|(?i:" + number + r"(?:[\s-]+" + number
               + r")?|an?\b))",
        "VAGUE": r"\b(?P<vague>(?i:" + _alt(lex.vague) + "))",
        "UNIT": r"(?P<unit>(?i:" + _alt(lex.unit_forms) + r"))(?!\w)",
        "ORD": r"(?P<ord>(?i:" + _alt(lex.ordinals) + "))",
        "PART": r"(?P<part>(?i:" + _alt(lex.day_parts) + "))",
        "SEASON": r"(?P<season>(?i:" + _alt(lex.seasons) + "))",
        "HOL": r"\b(?P<hol>" + _alt(lex.holidays) + r")(?!\w)",
        "WORD": r"(?<![\w-])(?P<word>(?i:" + _alt(lex.words) + r"))(?![\w-])",
        "SET": r"\b(?P<set>(?i:" + _alt(lex.sets) + r"))(?!\w)",
        "TZ": r"(?P<tz>" + _alt(lex.time_zones) + r")\b",
    }


# Each rule: a name (which resolver reads it) and a pattern; %(X)s are the fragments above.
_RULES: list[tuple[str, str]] = [
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("numeric", r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    ("day_month", r"(?:%(WDA)s,?\s+(?:(?i:the)\s+)?)?%(MON)s\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?"
     r"(?!\d|:\d)(?!\s*(?:%%|percent|million|billion|per\b))(?:,?\s+(?P<y>\d{4})\b)?"),
    ("day_month", r"(?:%(WDA)s,?\s+(?:(?i:the)\s+)?)?\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+"
     r"(?:(?i:of)\s+)?%(MON)s(?:,?\s+(?P<y>\d{4})\b)?"),
    ("month_year", r"%(MON)s,?\s+(?:(?i:of)\s+)?(?P<y>\d{4})\b"),
    ("month", r"(?:(?P<rel>(?i:last|this|next|past|previous|coming))\s+)?%(MONB)s"),
    ("year", r"(?<![$\d,.#])(?:(?P<fy>(?i:fiscal(?:\s+year)?|FY|the\s+year))\s*)?"
     r"(?P<y>1[6-9]\d\d|20\d\d)(?![\d-]|,\d|\s*(?:%%|percent))"
     r"(?!\s+(?!(?:as|was|has|is|this|its|his|us|thus|plus)\b)[a-z]+s\b)"),
    ("decade", r"(?:(?i:the)\s+)?\b(?P<c>1[6-9]|20)(?P<d>\d)0'?s\b"),
    ("decade", r"(?:(?i:the)\s+)?(?<!\w)'(?P<d>\d)0s\b"),
    ("century", r"(?:(?i:the)\s+)?\b(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+(?i:century)\b"),
    ("quarter", r"(?:(?P<det>(?i:the|this|last|next|this\s+year's|last\s+year's|next\s+year's))"
     r"\s+(?!(?:\w+\s+)?\w+-(?i:quarter|half)))?(?:(?i:fiscal|calendar)\s+)?\b%(ORD)s[\s-]+(?P<kind>(?i:quarter|half))(?!\w)"
     r"(?!\s+(?i:of)\s+(?!(?:fiscal\s+)?\d))"
     r"(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?(?P<y>\d{4}))?"),
    ("quarter", r"\b(?P<q>Q[1-4])(?:\s+(?P<y>\d{4}))?\b"),
    ("rel_unit", r"(?:(?P<el>(?i:earlier|later))\s+(?:(?i:in)\s+)?)?(?P<det>(?i:this|last|next|"
     r"past|previous|coming|current|the\s+(?:past|previous|last|next|coming|current|latest|same|"
     r"following|prior)))\s+(?P<unit>(?i:week|month|year|quarter|decade|century|weekend))(?!\w)"
     r"(?!-)"),
    ("rel_season", r"(?:(?P<det>(?i:this|last|next|past|previous|coming|the|the\s+past|"
     r"the\s+coming))\s+)%(SEASON)s(?!\w)(?!\s+(?i:of)\s+\d)"),
    ("season_year", r"(?:(?i:the)\s+)?%(SEASON)s\s+(?:(?i:of)\s+)?(?P<y>\d{4})\b"),
    ("the_unit", r"\b(?P<det>(?i:the))\s+(?P<unit>(?i:year|quarter|weekend))(?![\w-])"),
    ("year_ago_quarter", r"(?i:the\s+year-(?:ago|earlier)\s+(?P<unit>quarter|period))\b"),
    ("ago", r"(?:%(NUM)s|%(VAGUE)s)[\s-]+%(UNIT)s\s+(?P<dir>(?i:ago|earlier|later|from\s+now|"
     r"hence|before(?=\s*[,.;)])|after(?=\s*[,.;)])))(?!\w)"),
    ("duration", r"(?:(?P<det>(?i:(?:the\s+)?(?:first|last|past|next|previous|coming|final|"
     r"following|latest|full|entire|whole|additional|more)|the))\s+)?(?:%(NUM)s|%(VAGUE)s)"
     r"(?P<half>[\s-]+(?i:and\s+a\s+half))?[\s-]+(?:(?i:more|full|straight|consecutive)\s+)?"
     r"%(UNIT)s(?!-old)"),
    ("per", r"\b(?i:per)\s+%(UNIT)s"),
    ("bare_plural", r"\b(?P<unit>(?i:years|months|weeks|decades|centuries))\b"),
    ("every", r"\b(?i:every|each)\s+(?:(?P<other>(?i:other))\s+)?(?:%(NUM)s\s+)?%(UNIT)s"),
    ("every_day", r"\b(?i:every|each)\s+%(WDA)s"),
    ("times_per", r"\b(?i:once|twice|thrice|\w+\s+times)\s+(?i:a|an|per|each|every)\s+%(UNIT)s"),
    ("set_word", r"%(SET)s"),
    ("weekday", r"(?:(?P<rel>(?i:last|this|next|coming|past))\s+)?%(WDB)s(?:\s+%(PART)s)?(?!\w)"),
    ("day_part", r"\b(?P<day>(?i:this|yesterday|tomorrow|today))\s+%(PART)s(?!\w)"),
    ("clock", r"(?<![\d:.])(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<ap>(?i:a\.m\.?|p\.m\.?|am|pm))"
     r"(?!\w)(?:\s+%(TZ)s)?(?:,?\s+(?:(?i:on)\s+)?(?:%(WDB)s|(?P<rd>(?i:today|yesterday|"
     r"tomorrow))))?"),
    ("clock", r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):?(?P<mi>[0-5]\d)\s+%(TZ)s"),
    ("clock", r"\b(?P<nm>(?i:noon|midday|midnight))(?:\s+(?:%(WDB)s|(?P<rd>(?i:today|yesterday|"
     r"tomorrow))))?"),
    ("holiday", r"(?:(?P<rel>(?i:last|this|next))\s+)?%(HOL)s(?:,?\s+(?P<y>\d{4})\b)?"),
    ("word", r"%(WORD)s"),
]


def _compile_grammar(lex: DateLexicon) -> list[tuple[str, re.Pattern[str]]]:
    frags = _fragments(lex)
    return [(name, re.compile(pattern % frags)) for name, pattern in _RULES]


# --- resolving values against the anchor -------------------------------------------------------


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + k
    return index // 12, index % 12 + 1


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _shift_quarter(year: int, quarter: int, k: int) -> str:
    index = year * 4 + quarter - 1 + k
    return f"{index // 4}-Q{index % 4 + 1}"


# News looks back more than ahead: an open date lies ahead only when it is clearly nearer that
# way (ahead < 0.6 x behind, about 4.5 of 12 months; tuned on TempEval-3 training data).
_AHEAD = 0.6


def _pick(candidates: list[dt.date], anchor: dt.date, direction: int) -> dt.date | None:
    """The candidate the tense points to; else the nearest, with the past preferred."""
    ahead = [d for d in candidates if d > anchor]
    behind = [d for d in candidates if d <= anchor]
    if direction > 0 and (ahead or anchor in behind):
        return anchor if anchor in behind else min(ahead)
    if not ahead or (direction < 0 and behind):
        return max(behind) if behind else None
    if not behind:
        return min(ahead)
    nxt, prev = min(ahead), max(behind)
    return nxt if (nxt - anchor).days < _AHEAD * (anchor - prev).days else prev


def _day_in_some_year(month: int, day: int, anchor: dt.date, direction: int,
                      weekday: int | None = None) -> dt.date | None:
    """A month-day without a year: the year whose date the tense (or nearness) points to.

    A named weekday ("Saturday, June 10") wins over both when it fits only one year.
    """
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    fitting = [d for d in candidates if weekday is None or d.isoweekday() == weekday]
    return _pick(fitting or candidates, anchor, direction)


def _month_in_some_year(month: int, anchor: dt.date, rel: str, direction: int) -> int:
    """The year of a bare month name: "last August", "next March", or by tense and nearness."""
    now = anchor.month
    if rel in ("last", "past", "previous"):
        return anchor.year if month < now else anchor.year - 1
    if rel in ("next", "coming"):
        return anchor.year if month > now else anchor.year + 1
    if rel == "this" or month == now:
        return anchor.year
    if direction > 0:
        return anchor.year if month > now else anchor.year + 1
    if direction < 0:
        return anchor.year if month < now else anchor.year - 1
    ahead = (month - now) % 12
    if ahead < _AHEAD * (12 - ahead):
        return anchor.year + (month < now)
    return anchor.year - (month > now)


def _weekday_date(weekday: int, anchor: dt.date, rel: str, direction: int) -> dt.date:
    """A weekday name: the same day as the anchor, else backward (news default) or forward."""
    today = anchor.isoweekday()
    if rel in ("last", "past"):
        return anchor - dt.timedelta(days=(today - weekday) % 7 or 7)
    if rel in ("next", "coming"):
        return anchor + dt.timedelta(days=(weekday - today) % 7 or 7)
    if rel == "this":
        return anchor + dt.timedelta(days=weekday - today)
    if weekday == today:
        return anchor
    if direction > 0:
        return anchor + dt.timedelta(days=(weekday - today) % 7)
    return anchor - dt.timedelta(days=(today - weekday) % 7)


def _weekend(anchor: dt.date, k: int) -> str:
    return _week(anchor + dt.timedelta(weeks=k)) + "-WE"


def _season_index(day: dt.date, starts: list[tuple[int, str]]) -> int:
    """Seasons counted from year 0: four a year, winter belonging to the year it starts in."""
    months = [m for m, _ in starts]
    before = [i for i, m in enumerate(months) if m <= day.month]
    if before:
        return day.year * 4 + before[-1]
    return (day.year - 1) * 4 + len(months) - 1


def _season_value(code: str, anchor: dt.date, det: str, lex: DateLexicon) -> str:
    """ "last summer", "this winter", "the fall" -> ``YYYY-SU`` etc."""
    starts = sorted({(m, c) for c, m in lex.seasons.values()})
    target = [c for _, c in starts].index(code)
    now = _season_index(anchor, starts)
    if det in ("last", "past", "previous", "the past"):
        occurrence = now - ((now - target) % 4 or 4)
    elif det in ("next", "coming", "the coming"):
        occurrence = now + ((target - now) % 4 or 4)
    else:
        occurrence = (now // 4) * 4 + target
    return f"{occurrence // 4}-{code}"


def _number(text: str | None, lex: DateLexicon) -> float | None:
    """ "90", "two", "twenty-five", "a hundred" -> a number; None when it cannot be read."""
    if text is None:
        return None
    text = re.sub(r"\s+", " ", text.lower())
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text in lex.numbers:
        return lex.numbers[text]
    total = 0.0
    for part in re.split(r"[\s-]+", text):
        if part not in lex.numbers:
            return None
        value = lex.numbers[part]
        total = total * value if value == 100 and total else total + value
    return total


_SMALLER = {"Y": (12, "M"), "W": (7, "D"), "D": (24, "H"), "H": (60, "M"), "M": (60, "S")}


def _duration(n: float | None, unit: Unit) -> str:
    """ISO 8601 duration: P2W, PT90M, P18M for 1.5 years, PXY when the count is vague."""
    prefix = "PT" if unit.time else "P"
    if n is None:
        return f"{prefix}X{unit.letter}"
    n *= unit.scale
    letter = unit.letter
    if n != int(n) and letter in _SMALLER and not (letter == "M" and not unit.time):
        factor, letter = _SMALLER[letter]
        n *= factor
    count = int(n) if n == int(n) else round(n, 2)
    return f"{prefix}{count}{letter}"


def _shifted(anchor: dt.date, n: int, unit: str) -> str | None:
    """The anchor moved by ``n`` units, written at the unit's precision ("two weeks ago")."""
    if unit == "day":
        return (anchor + dt.timedelta(days=n)).isoformat()
    if unit in ("week", "fortnight"):
        return _week(anchor + dt.timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit == "month":
        y, m = _add_months(anchor.year, anchor.month, n)
        return f"{y}-{m:02d}"
    if unit == "quarter":
        return _shift_quarter(*_quarter_of(anchor), n)
    if unit == "year":
        return str(anchor.year + n)
    if unit == "decade":
        return str(anchor.year // 10 + n)
    if unit == "century":
        return f"{anchor.year // 100 + n:02d}"
    if unit in ("hour", "minute", "second"):
        return anchor.isoformat()
    return None


def _holiday(name: str, year: int, lex: DateLexicon) -> dt.date | None:
    rule = lex.holidays[name]
    if "date" in rule:
        return dt.date(year, *rule["date"])
    if "easter" in rule:
        return easter(year) + dt.timedelta(days=int(rule["easter"]))
    month, weekday, nth = rule["nth_weekday"]
    days = [dt.date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
    matching = [d for d in days if d.isoweekday() == weekday]
    return matching[nth - 1 if nth > 0 else nth]


# --- the rules: one resolver per grammar rule --------------------------------------------------

Found = tuple[str, str]  # (TimeML type, value)


@dataclass
class _Context:
    """What every resolver may look at: the text, the anchor and the lexicon."""

    text: str
    anchor: dt.date
    lex: DateLexicon
    cues: re.Pattern[str]

    def direction(self, start: int) -> int:
        """+1 when the nearest tense cue in the six words before ``start`` points ahead, -1 behind.

        Cheap stand-in for the verb tense HeidelTime reads from a tagger: "will meet on
        Tuesday" resolves forward, "met on Tuesday" and unmarked news prose backward.
        """
        window = re.split(r"[.;!?\n]\s", self.text[max(0, start - 80):start])[-1]
        cues = list(self.cues.finditer(" ".join(window.split()[-6:])))
        if not cues:
            return 0
        return 1 if cues[-1].lastgroup == "future" else -1

    def before(self, start: int, pattern: str) -> bool:
        """Whether the text just before ``start`` ends with ``pattern`` (case-insensitive)."""
        return re.search(r"(?i:" + pattern + r")\s*$", self.text[max(0, start - 30):start]) is not None


def _cue_pattern(lex: DateLexicon) -> re.Pattern[str]:
    return re.compile(r"(?i)(?<!\w)(?:(?P<future>" + _alt(lex.future_cues) + r")|(?P<past>"
                      + _alt(lex.past_cues) + r"|\w{3,}ed))(?!\w)")


def _month_number(name: str, lex: DateLexicon) -> int:
    return lex.months[name.rstrip(".")]


def _weekday_number(name: str, lex: DateLexicon) -> int:
    return lex.weekdays[name.rstrip(".")]


def _unit(name: str, lex: DateLexicon) -> tuple[str, Unit]:
    unit = lex.unit_forms[re.sub(r"\s+", " ", name.lower())]
    return unit, lex.units[unit]


def _lower(m: re.Match[str], group: str) -> str:
    return re.sub(r"\s+", " ", (m.group(group) or "").lower())


def _iso(m: re.Match[str], c: _Context) -> Found | None:
    day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    return "DATE", day.isoformat()


def _numeric(m: re.Match[str], c: _Context) -> Found | None:
    year = int(m["y"])
    if year < 100:
        year += 1900 if year > 30 else 2000
    return "DATE", dt.date(year, int(m["m"]), int(m["d"])).isoformat()


def _day_month(m: re.Match[str], c: _Context) -> Found | None:
    month, day = _month_number(m["mon"], c.lex), int(m["d"])
    if m["y"]:
        return "DATE", dt.date(int(m["y"]), month, day).isoformat()
    weekday = _weekday_number(m["wd"], c.lex) if m["wd"] else None
    found = _day_in_some_year(month, day, c.anchor, 0, weekday)
    return ("DATE", found.isoformat()) if found else None


def _month_year(m: re.Match[str], c: _Context) -> Found | None:
    return "DATE", f"{int(m['y']):04d}-{_month_number(m['mon'], c.lex):02d}"


_MONTH_INTRO = (r"\b(?:in|since|by|until|till|of|from|through|to|before|after|during|early|late|"
                r"mid-?|and|or|between)")


def _month(m: re.Match[str], c: _Context) -> Found | None:
    rel = _lower(m, "rel")
    if m["mon"] == "May" and not rel and not c.before(m.start(), _MONTH_INTRO):
        return None  # the modal verb or the surname, not the month
    if not rel and re.match(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]", c.text[m.end():]):
        return None  # "the March for Life": a name
    month = _month_number(m["mon"], c.lex)
    year = _month_in_some_year(month, c.anchor, rel, 0)
    return "DATE", f"{year}-{month:02d}"


def _year(m: re.Match[str], c: _Context) -> Found | None:
    return "DATE", m["y"]


def _decade(m: re.Match[str], c: _Context) -> Found | None:
    century = m.groupdict().get("c") or ("19" if int(m["d"]) >= 3 else "20")
    return "DATE", f"{century}{m['d']}"


def _century(m: re.Match[str], c: _Context) -> Found | None:
    return "DATE", f"{int(m['n']) - 1:02d}"


def _quarter(m: re.Match[str], c: _Context) -> Found | None:
    groups = m.groupdict()
    if groups.get("q"):
        part, number = "Q", int(m["q"][1])
    else:
        part = "Q" if _lower(m, "kind") == "quarter" else "H"
        number = c.lex.ordinals[_lower(m, "ord")]
        if part == "H" and number > 2:
            return None
    det = _lower(m, "det") if "det" in groups else ""
    if m["y"]:
        year = int(m["y"])
    elif det.endswith("year's"):
        year = c.anchor.year + {"last": -1, "next": 1}.get(det.split()[0], 0)
    else:
        year = c.anchor.year
        months_per = 3 if part == "Q" else 6
        starts_after = dt.date(year, months_per * (number - 1) + 1, 1) > c.anchor
        if starts_after and det != "this" and c.direction(m.start()) <= 0:
            year -= 1
    return "DATE", f"{year}-{part}{number}"


_STEP = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "prior": -1,
         "latest": -1, "next": 1, "coming": 1, "following": 1}


def _rel_unit(m: re.Match[str], c: _Context) -> Found | None:
    det, unit = _lower(m, "det"), _lower(m, "unit")
    word = det.split()[-1]
    if word == "same":
        return None  # anaphoric: needs the narrative's own time
    if unit != "weekend" and (det in ("the past", "the last", "the next", "past")):
        return "DURATION", _duration(1, c.lex.units[unit])
    k = _STEP[word]
    if unit == "weekend":
        return "DATE", _weekend(c.anchor, k)
    value = _shifted(c.anchor, k, unit)
    return ("DATE", value) if value else None


def _rel_season(m: re.Match[str], c: _Context) -> Found | None:
    code = c.lex.seasons[_lower(m, "season")][0]
    return "DATE", _season_value(code, c.anchor, _lower(m, "det"), c.lex)


def _season_year(m: re.Match[str], c: _Context) -> Found | None:
    return "DATE", f"{m['y']}-{c.lex.seasons[_lower(m, 'season')][0]}"


def _the_unit(m: re.Match[str], c: _Context) -> Found | None:
    unit = _lower(m, "unit")
    if unit == "year":
        if c.before(m.start(), r"\b(?:for|over|during|through|throughout)"):
            return "DURATION", "P1Y"
        return "DATE", str(c.anchor.year)
    if unit == "quarter":  # in company news: the quarter just reported
        return "DATE", _shift_quarter(*_quarter_of(c.anchor), -1)
    ahead = c.direction(m.start()) > 0 or c.anchor.isoweekday() >= 4
    return "DATE", _weekend(c.anchor, 0 if ahead else -1)


def _year_ago_quarter(m: re.Match[str], c: _Context) -> Found | None:
    if _lower(m, "unit") == "quarter":
        return "DATE", _shift_quarter(*_quarter_of(c.anchor), -5)
    return "DATE", str(c.anchor.year - 1)


def _ago(m: re.Match[str], c: _Context) -> Found | None:
    sign = -1 if _lower(m, "dir") in ("ago", "earlier", "before") else 1
    n = _number(m.groupdict().get("num"), c.lex)
    unit, _ = _unit(m["unit"], c.lex)
    if n is None or n != int(n):
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    value = _shifted(c.anchor, sign * int(n), unit)
    return ("DATE", value) if value else None


_RATE_BEFORE = r"(?:\d|%|percent|cents?|dollars?|times|once|twice|euros?|pounds?)"


def _duration_rule(m: re.Match[str], c: _Context) -> Found | None:
    num = _lower(m, "num") if m.groupdict().get("num") else None
    unit_name, unit = _unit(m["unit"], c.lex)
    if num in ("a", "an") and unit_name in ("second", "quarter"):
        return None  # "a second round", "a quarter of the votes"
    if unit_name == "quarter" and re.match(r"\s+of\b", c.text[m.end():]):
        return None
    if num in ("a", "an") and not m["det"] and c.before(m.start(), _RATE_BEFORE):
        return "SET", _duration(1, unit)  # "$5 a year", "twice a week"
    n = _number(num, c.lex) if num else None
    if num and n is None:
        return None
    if n is not None and m["half"]:
        n += 0.5
    return "DURATION", _duration(n, unit)


def _per(m: re.Match[str], c: _Context) -> Found | None:
    return "SET", _duration(1, _unit(m["unit"], c.lex)[1])


def _bare_plural(m: re.Match[str], c: _Context) -> Found | None:
    if not c.before(m.start(), r"\b(?:for|over|in|within|after|took|take|takes)"):
        return None
    return "DURATION", _duration(None, _unit(m["unit"], c.lex)[1])


def _every(m: re.Match[str], c: _Context) -> Found | None:
    n = _number(m.groupdict().get("num"), c.lex) if m.groupdict().get("num") else 1.0
    if m["other"]:
        n = 2.0
    return "SET", _duration(n, _unit(m["unit"], c.lex)[1])


def _every_day(m: re.Match[str], c: _Context) -> Found | None:
    return "SET", f"XXXX-WXX-{_weekday_number(m['wd'], c.lex)}"


def _times_per(m: re.Match[str], c: _Context) -> Found | None:
    return "SET", _duration(1, _unit(m["unit"], c.lex)[1])


def _set_word(m: re.Match[str], c: _Context) -> Found | None:
    return "SET", c.lex.sets[_lower(m, "set")]


def _weekday(m: re.Match[str], c: _Context) -> Found | None:
    day = _weekday_date(_weekday_number(m["wd"], c.lex), c.anchor, _lower(m, "rel"),
                        c.direction(m.start()))
    if m["part"]:
        return "TIME", f"{day.isoformat()}T{c.lex.day_parts[_lower(m, 'part')]}"
    return "DATE", day.isoformat()


_RELATIVE_DAY = {"today": 0, "this": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _day_part(m: re.Match[str], c: _Context) -> Found | None:
    day = c.anchor + dt.timedelta(days=_RELATIVE_DAY[_lower(m, "day")])
    return "TIME", f"{day.isoformat()}T{c.lex.day_parts[_lower(m, 'part')]}"


def _clock(m: re.Match[str], c: _Context) -> Found | None:
    groups = m.groupdict()
    if groups.get("nm"):
        hour, minute = (0, 0) if _lower(m, "nm") == "midnight" else (12, 0)
    else:
        hour, minute = int(m["h"]), int(m["mi"] or 0)
        half = (groups.get("ap") or "").lower()[:1]
        if half and not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0) if half else hour
    if groups.get("wd"):
        day = _weekday_date(_weekday_number(m["wd"], c.lex), c.anchor, "", c.direction(m.start()))
    else:
        day = c.anchor + dt.timedelta(days=_RELATIVE_DAY.get(_lower(m, "rd") or "today", 0))
    return "TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def _holiday_rule(m: re.Match[str], c: _Context) -> Found | None:
    name, rel = m["hol"], _lower(m, "rel")
    if m["y"]:
        day = _holiday(name, int(m["y"]), c.lex)
    else:
        days = [d for y in range(c.anchor.year - 1, c.anchor.year + 2)
                if (d := _holiday(name, y, c.lex)) is not None]
        if rel == "last":
            days = [d for d in days if d < c.anchor]
        elif rel == "next":
            days = [d for d in days if d > c.anchor]
        direction = {"last": -1, "next": 1}.get(rel, c.direction(m.start()))
        day = _pick(days, c.anchor, direction)
    return ("DATE", day.isoformat()) if day else None


_TEMPLATE = re.compile(r"@(anchor|year)([+-]\d+)?(.*)")


def _word(m: re.Match[str], c: _Context) -> Found | None:
    kind, value = c.lex.words[_lower(m, "word")]
    t = _TEMPLATE.fullmatch(value)
    if t is None:
        return kind, value
    k = int(t[2] or 0)
    if t[1] == "year":
        return kind, f"{c.anchor.year + k}{t[3]}"
    return kind, f"{(c.anchor + dt.timedelta(days=k)).isoformat()}{t[3]}"


_RESOLVERS: dict[str, Callable[[re.Match[str], _Context], Found | None]] = {
    "iso": _iso, "numeric": _numeric, "day_month": _day_month, "month_year": _month_year,
    "month": _month, "year": _year, "decade": _decade, "century": _century,
    "quarter": _quarter, "rel_unit": _rel_unit, "rel_season": _rel_season,
    "season_year": _season_year, "the_unit": _the_unit, "year_ago_quarter": _year_ago_quarter,
    "ago": _ago, "duration": _duration_rule, "per": _per, "bare_plural": _bare_plural,
    "every": _every, "every_day": _every_day, "times_per": _times_per, "set_word": _set_word,
    "weekday": _weekday, "day_part": _day_part, "clock": _clock, "holiday": _holiday_rule,
    "word": _word,
}


# --- tagging -----------------------------------------------------------------------------------


@dataclass
class _Candidate:
    start: int
    end: int
    type: str
    value: str
    rule: str


def _candidates(text: str, c: _Context) -> list[_Candidate]:
    found: list[_Candidate] = []
    for rule, pattern in c.lex.grammar:
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            try:
                result = _RESOLVERS[rule](m, c)
            except (ValueError, KeyError, IndexError, OverflowError):
                result = None  # "Feb. 30", an unknown word form: not a date after all
            if result is not None:
                found.append(_Candidate(m.start(), m.end(), result[0], result[1], rule))
    return found


def _longest_first(found: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest expressions; a shorter one inside or across a kept one is dropped."""
    kept: list[_Candidate] = []
    for cand in sorted(found, key=lambda x: (-(x.end - x.start), x.start)):
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda x: x.start)


def _prefix_pattern(words: list[str]) -> re.Pattern[str]:
    alts = sorted(words, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") + ("" if w.endswith("-") else r"\s+")
                    for w in alts)
    return re.compile(r"(?i)(?<![\w-])(?:" + body + r")$")


def _widen(kept: list[_Candidate], text: str, lex: DateLexicon) -> None:
    """Take in "early", "the end of", "nearly" before a timex: TimeML counts them in the extent."""
    modifiers = _prefix_pattern(lex.modifiers)
    hedges = _prefix_pattern(lex.approximators)
    floor = 0
    for cand in kept:
        before = text[max(floor, cand.start - 40):cand.start]
        for pattern, applies in ((modifiers, cand.type in ("DATE", "TIME")),
                                 (hedges, cand.type == "DURATION" or cand.rule == "ago")):
            if applies and (m := pattern.search(before)):
                cand.start -= len(m.group(0))
                before = text[max(floor, cand.start - 40):cand.start]
        floor = cand.end


_YEAR_BACK = re.compile(r"(?i)(?:a\s+year\s+(?:ago|earlier|before)|(?:the\s+)?year-(?:earlier|ago)"
                        r"(?:\s+period)?)$")
_QUARTER_VALUE = re.compile(r"^(\d{4})-(Q[1-4]|H[12])$")


def _follow_quarters(kept: list[_Candidate], text: str, reach: int = 300) -> None:
    """ "Profit rose in the third quarter ... from $2 million a year earlier": a year back from
    the quarter just named (1988-Q3), not from the anchor, as company news means it."""
    last: _Candidate | None = None
    for cand in kept:
        if (last is not None and _YEAR_BACK.search(text[cand.start:cand.end])
                and cand.start - last.end <= reach and "\n\n" not in text[last.end:cand.start]):
            m = _QUARTER_VALUE.match(last.value)
            if m:
                cand.value = f"{int(m[1]) - 1}-{m[2]}"
        if _QUARTER_VALUE.match(cand.value):
            last = cand


def tag_timexes(text: str, anchor: dt.date, lexicon: DateLexicon | None = None) -> list[Timex]:
    """Every temporal expression in ``text`` with its TimeML type and value.

    Relative expressions ("on Sunday", "two weeks ago", "last August") are resolved against
    ``anchor``, the publication date; where the year or week is open, the tense of the clause
    decides when it is cheap to see, and nearness to the anchor otherwise.
    """
    lex = lexicon or default_lexicon()
    context = _Context(text, anchor, lex, _cue_pattern(lex))
    kept = _longest_first(_candidates(text, context))
    _follow_quarters(kept, text)
    _widen(kept, text, lex)
    return [Timex(c.start, c.end, text[c.start:c.end], c.type, c.value) for c in kept]


# --- dating events -----------------------------------------------------------------------------

_DATING = ("DATE", "TIME")
_VERBAL = ("VERB", "AUX")
_PRECISION = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}"), "day", 10),
    (re.compile(r"^\d{4}-W\d{2}"), "week", 8),
    (re.compile(r"^\d{4}-\d{2}$"), "month", 7),
    (re.compile(r"^\d{4}-Q[1-4]$"), "year", 7),  # a quarter: coarser than a month
    (re.compile(r"^\d{4}(?:-(?:SP|SU|FA|WI|H[12]))?$"), "year", 4),
]
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)|\d{1,2}/\d{1,2}/\d{2,4}")


def _event_value(value: str, published: dt.date) -> tuple[str, str] | None:
    """A timex value as an event date and its precision; None when it names no calendar span."""
    if value == "PRESENT_REF":
        return published.isoformat(), "day"
    for pattern, precision, keep in _PRECISION:
        if pattern.match(value):
            return value[:keep], precision
    return None


def _is_absolute(text: str, lex: DateLexicon) -> bool:
    """ "June 10", "Sept. 20, 2022", "2022": the words alone fix the date, no anchor needed."""
    if _YEAR_IN_TEXT.search(text):
        return True
    day_month = lex.grammar[2][1], lex.grammar[3][1]
    return any(p.search(text) for p in day_month)


def _clause_head(token: Token) -> Token:
    """The nearest verb at or above ``token``: the clause it belongs to."""
    while token.pos_ not in _VERBAL and token.head is not token:
        token = token.head
    return token


def _attachment(timex: Timex, sentence: Span, trigger: Token) -> int:
    """0 when the timex hangs off the trigger (through nouns and prepositions, not another
    verb), 1 when it is in the trigger's clause, 2 otherwise."""
    span = sentence.doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 2
    if span.start <= trigger.i < span.end:
        return 0
    token = span.root
    while token.head is not token:
        token = token.head
        if token.i == trigger.i:
            return 0
        if token.pos_ in _VERBAL:
            break
    return 1 if _clause_head(token).i == _clause_head(trigger).i else 2


def _governs(timex: Timex, sentence: Span, trigger: Token) -> bool:
    """The timex hangs off the trigger, its clause, or a clause above it (main-clause dates
    reach into reported speech: "On Friday, X said Y struck Z")."""
    if _attachment(timex, sentence, trigger) < 2:
        return True
    span = sentence.doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    head = _clause_head(span.root)
    if head.i == trigger.i or head in trigger.ancestors:
        return True
    # an adverbial clause of the trigger itself ("according to the summary of the July 1 call,
    # they agreed"), but not a relative clause further down
    return head.head.i == trigger.i and head.dep_ not in ("relcl", "acl", "ccomp")


def _distance(timex: Timex, trigger: Token) -> int:
    at = trigger.idx
    return 0 if timex.start <= at < timex.end else min(abs(timex.start - at), abs(timex.end - at))


def date_event(sentence: Span, trigger: Token, published: dt.date, timexes: list[Timex],
               lexicon: DateLexicon | None = None) -> EventDate:
    """When the event of ``trigger`` happened, from the timexes of its sentence.

    The timex attached to the trigger in the parse wins, then one in the same clause, then the
    nearest; durations, sets and vague references ("recently") do not date an event. Without
    any, the publication date stands in, with basis "publication" saying so.
    """
    lex = lexicon or default_lexicon()
    inside = [
        t for t in timexes
        if sentence.start_char <= t.start and t.end <= sentence.end_char and t.type in _DATING
        and _event_value(t.value, published) is not None
    ]
    if not inside:
        return EventDate(published.isoformat(), "day", "publication", None)
    parsed = not any(tok.dep_ == UNPARSED_DEP for tok in sentence)
    if parsed:
        # a timex inside another clause that does not govern the trigger ("talks that remain
        # stalled since last August") dates that clause, not this event
        inside = [t for t in inside if _governs(t, sentence, trigger)]
        if not inside:
            return EventDate(published.isoformat(), "day", "publication", None)

    def rank(t: Timex) -> tuple[int, int]:
        return (_attachment(t, sentence, trigger) if parsed else 2, _distance(t, trigger))

    best = min(inside, key=rank)
    value, precision = _event_value(best.value, published) or (published.isoformat(), "day")
    basis = "explicit" if _is_absolute(best.text, lex) else "relative"
    return EventDate(value, precision, basis, best.text)


EVENT_NOUNS = frozenset({"call", "conversation", "meeting", "talk", "talks", "summit", "visit",
                         "phone", "strike", "attack", "agreement", "deal"})


def dated_event_nouns(doc: Doc, timexes: list[Timex], published: dt.date,
                      nouns: frozenset[str] = EVENT_NOUNS) -> dict[str, EventDate]:
    """Event nouns that carry their own date in the article: "the July 1 call".

    An article often names an event once with its date ("the July 1 call") and elsewhere
    without ("his recent phone call"); within one article the undated mention can borrow it.
    Returns the first dated mention per noun lemma.
    """
    lex = default_lexicon()
    found: dict[str, EventDate] = {}
    for timex in timexes:
        if timex.type not in _DATING or (value := _event_value(timex.value, published)) is None:
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        after = doc[span.end] if span.end < len(doc) else None
        for noun in (span.root.head, after):
            lemma = noun.lemma_.lower() if noun is not None else ""
            if noun is not None and noun.i >= span.end and lemma in nouns:
                basis = "explicit" if _is_absolute(timex.text, lex) else "relative"
                found.setdefault(lemma, EventDate(value[0], value[1], basis, timex.text))
                break
    return found
