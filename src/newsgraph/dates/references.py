"""Reference time: the date a story has moved to, for expressions that lean on it.

"Farkas was promoted on May 22, 1995, and the following year ..." means 1996 whatever the
publication date: TimeML resolves such anaphoric expressions ("the following year", "that same
day", "later that month") against the last date the text mentioned. Company news has a second
reference, the reporting quarter: once "the third quarter" is named, "a year earlier" and "the
year-ago period" mean that quarter a year back. Deictic expressions ("last year", "Tuesday")
keep hanging on the publication date; only the expressions marked here follow the story.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .anchoring import _add_months, _quarter_of, _shift_quarter, _shifted, _week

_TEMPLATE = re.compile(r"@ref:(?P<unit>[a-z]+):(?P<step>[+-]?\d+)(?::(?P<year>\d{4}))?"
                       r"(?:/(?P<part>[A-Z]+\d))?$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})(?:-(?:SP|SU|FA|WI|H[12]))?$")
_MONTHS = re.compile(r"^P(\d+)M$")


def anaphor(unit: str, step: int, year: int | None = None, part: str | None = None) -> str:
    """The placeholder value of an anaphoric expression: ``unit`` moved by ``step`` from the
    reference time (``year`` fixes the year where the words give it: "the 1988 period";
    ``part`` names a quarter or half of the year found: "the first half of the previous
    year" is ``Q``/``H`` and its number)."""
    return (f"@ref:{unit}:{step:+d}" + (f":{year}" if year is not None else "")
            + (f"/{part}" if part else ""))


def is_anaphor(value: str) -> bool:
    """Whether ``value`` still waits for the reference time."""
    return value.startswith("@ref:")


@dataclass
class _Point:
    """A mentioned date at the precision the text gave it (a year, a month or a day)."""

    year: int
    month: int | None = None
    day: dt.date | None = None


def _point(value: str) -> _Point | None:
    """ "1995-05-22T..." / "1995-W21" / "1995-05" / "1995-Q2" / "1995" -> a point; None for
    values that name no calendar span (PRESENT_REF, durations)."""
    try:
        if m := _DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return _Point(day.year, day.month, day)
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return _Point(monday.year, monday.month)
    except ValueError:
        return None
    if m := _MONTH.match(value):
        return _Point(int(m[1]), int(m[2]))
    if m := _QUARTER.match(value) or _YEAR.match(value):
        return _Point(int(m[1]))
    return None


def _coarser(new: _Point, old: _Point | None) -> bool:
    """Whether ``new`` is known less precisely than ``old`` (a year after a day)."""
    if old is None:
        return False
    rank = (new.day is not None) + (new.month is not None)
    return rank < (old.day is not None) + (old.month is not None)


@dataclass
class Narrative:
    """Where the story stands while a text is read from start to end.

    ``point`` is the last calendar date mentioned; ``quarter`` the last quarter named outright
    (the reporting period of company news). Both start empty: then the anchor stands in.
    """

    anchor: dt.date
    point: _Point | None = None
    quarter: tuple[int, int] | None = None

    def observe(self, value: str, names_quarter: bool = False, refine_only: bool = False) -> None:
        """Move the reference time to a date the text has just mentioned; with ``refine_only``
        (a date that was itself resolved against the reference) never to a coarser one, so that
        "later that year ... that same day" keeps the day."""
        point = _point(value)
        if point is not None and not (refine_only and _coarser(point, self.point)):
            self.point = point
        if names_quarter and (m := _QUARTER.match(value)) and self._reported(int(m[1]), int(m[2])):
            self.quarter = int(m[1]), int(m[2])

    def observe_period(self, text: str, value: str) -> None:
        """A reporting period longer than a quarter named after it ("in the first nine months,
        net rose from $2 million a year earlier") is what the next year-back comparison is set
        against: no longer the quarter, so "a year earlier" is the year before."""
        m = _MONTHS.match(value)
        if m and int(m[1]) > 3 and text.lower().startswith("the "):
            self.quarter = None

    def _reported(self, year: int, quarter: int) -> bool:
        """Whether a quarter can be the one a report covers: ended by the anchor, within a year."""
        now_year, now_quarter = _quarter_of(self.anchor)
        behind = (now_year * 4 + now_quarter) - (year * 4 + quarter)
        return 1 <= behind <= 4

    def resolve(self, template: str) -> str:
        """The value of an anaphoric placeholder, from the reference time or else the anchor."""
        t = _TEMPLATE.match(template)
        if t is None:
            return template
        unit, step = t["unit"], int(t["step"])
        year = int(t["year"]) if t["year"] else None
        if unit == "quarter":
            return self._quarter(step, year)
        if unit == "yearback":
            return self._year_back_of_point()
        if t["part"]:  # "the first half of the previous year"
            base = self.point.year if self.point else self.anchor.year
            return f"{base + step}-{t['part']}"
        p = self.point
        if p is None:
            return _shifted(self.anchor, step, unit) or str(self.anchor.year)
        if unit == "year":
            return str(p.year + step)
        if unit == "month":
            if p.month is None:
                return f"{p.year}-XX"
            y, m = _add_months(p.year, p.month, step)
            return f"{y}-{m:02d}"
        if unit == "week":
            return _week(p.day + dt.timedelta(weeks=step)) if p.day else f"{p.year}-WXX"
        if p.day is not None:
            return (p.day + dt.timedelta(days=step)).isoformat()
        return f"{p.year}-{p.month:02d}-XX" if p.month else f"{p.year}-XX-XX"

    def _quarter(self, step: int, year: int | None) -> str:
        """A quarter counted from the reporting quarter; before one is named, the quarter just
        ended at the anchor (the one company news reports on)."""
        base = self.quarter or _quarter_of(self.anchor)
        if year is not None:
            return f"{year}-Q{base[1]}" if self.quarter else str(year)
        if self.quarter is None:
            step -= 1
        return _shift_quarter(base[0], base[1], step)

    def _year_back_of_point(self) -> str:
        """The story's period a year back: the reporting quarter when one is named, else the
        last date mentioned at its own precision (a month, a year), else the anchor's year."""
        if self.quarter:
            return _shift_quarter(*self.quarter, -4)
        p = self.point
        if p is None:
            return str(self.anchor.year - 1)
        if p.month is not None:
            return f"{p.year - 1}-{p.month:02d}"
        return str(p.year - 1)

    def year_back(self) -> str | None:
        """The reporting quarter a year earlier ("profit rose from a year ago"), if one is named."""
        return _shift_quarter(*self.quarter, -4) if self.quarter else None
