"""Resolving values against the anchor: calendar arithmetic from the publication date."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil.easter import easter

from .lexicon import DateLexicon, Unit


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
    if det in ("last", "past", "previous", "the past", "this past"):
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
    if m := re.fullmatch(r"(\d+) 1/2", text):
        return int(m[1]) + 0.5
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
    """ISO 8601 duration: P2W, PT90M; a fraction goes to the next smaller unit as TimeBank
    writes it (P2Y6M for two and a half years, PT5H30M); PXY when the count is vague."""
    prefix = "PT" if unit.time else "P"
    if n is None:
        return f"{prefix}X{unit.letter}"
    n *= unit.scale
    letter = unit.letter
    if n == int(n) or letter not in _SMALLER or (letter == "M" and not unit.time):
        count = int(n) if n == int(n) else round(n, 2)
        return f"{prefix}{count}{letter}"
    factor, smaller = _SMALLER[letter]
    whole, rest = int(n), round((n - int(n)) * factor, 2)
    rest_text = f"{int(rest) if rest == int(rest) else rest}{smaller}"
    if letter == "D":  # a day and a half: the hours go after the T
        return f"P{whole}DT{rest_text}" if whole else f"PT{rest_text}"
    return f"{prefix}{whole}{letter}{rest_text}" if whole else f"{prefix}{rest_text}"


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
    # "the Tuesday after the first Monday": a day counted from the n-th weekday
    return matching[nth - 1 if nth > 0 else nth] + dt.timedelta(days=int(rule.get("offset", 0)))
