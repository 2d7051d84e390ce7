"""The records of the date layer: a temporal expression, an event's date, and a value's span."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass


@dataclass
class Timex:
    """A temporal expression: character span, TimeML type and normalised value."""

    start: int
    end: int
    text: str
    type: str
    value: str
    # a range ("2019-2021", "between 2010 and 2015", "from March to May"): the values of its
    # first and last point (TimeML's beginPoint/endPoint); None for a single time
    begin_point: str | None = None
    end_point: str | None = None


@dataclass
class EventDate:
    """When an event happened, how precisely we know, and why we think so.

    ``value`` and ``precision`` are None when the text does not say when (basis ``unknown``, a
    background event such as "since the coup"); ``text`` then says why and what is known.
    """

    value: str | None
    precision: str | None
    basis: str
    text: str | None = None
    # an undated event happened before or during this period (a TimeML value), when known;
    # what coreference matches a background report with
    bound: str | None = None
    # the days the text bounds the event by, both ways (ISO days, inclusive): "following the
    # July 1 call" is on or after 2025-07-01, "before the June 28 vote" on or before 2025-06-28,
    # "since August" from 2024-08-01 up to publication. None where the text gives no bound
    after: str | None = None
    before: str | None = None


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
