"""The rules: one resolver per grammar rule, turning a match into a TimeML type and value."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .anchoring import (
    _add_months,
    _day_in_some_year,
    _duration,
    _holiday,
    _month_in_some_year,
    _number,
    _pick,
    _season_value,
    _shifted,
    _week,
    _weekday_date,
    _weekend,
)
from .lexicon import DateLexicon, Unit, _alt
from .references import anaphor

# (TimeML type, value), or for a range (type, value, first point, last point)
Found = tuple[str, str] | tuple[str, str, str, str]

# how many words before a bare weekday or month are read for its tense cue: "will reopen its
# embassy in Lome on Friday" puts "will" seven words back (8 rather than 6: tempeval dev value
# F1 80.99 -> 81.09, one more timex right; 10 and 12 give the same)
CUE_WORDS = 8
# how many words after a time that opens its sentence are read for the verb that tells its
# tense: more than before it, as the subject in between may be a long name ("On Tuesday, the
# National Association of Broadcasters will ..."; tempeval dev 8 -> 12: one more value right)
AFTER_WORDS = 12
# how near a bare month a regular past verb must be to tell its tense ("resigned in October":
# the verb, the preposition)
NEAR_WORDS = 1
# how many words before a past form are read for "be" and the auxiliary before it ("would not
# be formally signed": the auxiliary, one word, "be", one word)
MODAL_SPAN = 4


@dataclass
class _Context:
    """What every resolver may look at: the text, the anchor and the lexicon."""

    text: str
    anchor: dt.date
    lex: DateLexicon
    cues: re.Pattern[str]

    def direction(self, start: int, regular: bool = True, end: int | None = None) -> int:
        """+1 when the nearest tense cue in the CUE_WORDS words before ``start`` points ahead, -1
        behind.

        Cheap stand-in for the verb tense HeidelTime reads from a tagger: "will meet on
        Tuesday" resolves forward, "met on Tuesday" and unmarked news prose backward. Without
        ``regular``, a word with a past ending ("-ed") is no cue: as often a participle
        ("expected in December", "to be published in November") as a past verb, which a bare
        month, a year wide, cannot afford to follow.
        """
        window = re.split(r"[.;!?\n]\s", self.text[max(0, start - 80):start])[-1]
        words = " ".join(window.split()[-CUE_WORDS:])
        cues = [c for c in self.cues.finditer(words)
                if (regular or c.lastgroup != "regular" or self._past_verb(words, c))
                and not self._modal_passive(words, c)]
        if not cues:  # a time opening its sentence ("In January, ..."): read the verb after
            opens = len(window.split()) <= 1
            return self._direction_after(end) if end is not None and opens else 0
        if cues[-1].lastgroup != "future":
            return -1
        before = " " + " ".join(words[:cues[-1].start()].lower().split())
        return -1 if any(before.endswith(" " + w) for w in self.lex.plan_in_past) else 1

    def _direction_after(self, end: int) -> int:
        """With no cue before it, the verb after a time opening its clause tells its tense
        ("In January, the firm brought in ...", "On Tuesday, the league will ..."): the first
        cue in the CUE_WORDS words after it, a regular past verb counting unless an auxiliary
        makes it a participle ("are expected")."""
        window = re.split(r"[.;!?\n]\s", self.text[end:end + 80])[0]
        words = " ".join(window.split()[:AFTER_WORDS])
        for cue in self.cues.finditer(words):
            before = words[:cue.start()].split()
            if cue.lastgroup == "regular" and before and \
                    before[-1].lower() in self.lex.participle_auxiliaries:
                continue
            return 1 if cue.lastgroup == "future" else -1
        return 0

    def _modal_passive(self, words: str, cue: re.Match[str]) -> bool:
        """A past form after "be" and a future or modal auxiliary ("will be held", "is to be
        held", "would not be allowed"): a participle, no past cue, so the auxiliary before it
        tells the tense (one other word may stand on either side of "be")."""
        if cue.lastgroup == "future":
            return False
        before = words[:cue.start()].lower().split()[-MODAL_SPAN:]
        bes = [i for i, w in enumerate(before) if w in self.lex.modal_passive_be]
        return bool(bes) and bes[-1] >= len(before) - 2 and any(
            w in self.lex.modal_auxiliaries for w in before[max(0, bes[-1] - 2):bes[-1]])

    def _past_verb(self, words: str, cue: re.Match[str]) -> bool:
        """An "-ed" word right before the time ("resigned in October"), not a participle
        after an auxiliary ("is expected in December", "to be published in November")."""
        before, after = words[:cue.start()].split(), words[cue.end():].split()
        return (len(after) <= NEAR_WORDS
                and not (before and before[-1].lower() in self.lex.participle_auxiliaries))

    def after_word(self, start: int, words: list[str]) -> bool:
        """Whether one of ``words`` (a word list of the lexicon) ends the text before ``start``."""
        return bool(words) and self.before(
            start, r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + ")")

    def before(self, start: int, pattern: str) -> bool:
        """Whether the text just before ``start`` ends with ``pattern`` (case-insensitive)."""
        return re.search(r"(?i:" + pattern + r")\s*$", self.text[max(0, start - 30):start]) is not None


def _cue_pattern(lex: DateLexicon) -> re.Pattern[str]:
    """Tense cues: the listed future and past words, and regular past verbs, written in
    lower case ("announced"; "United States" or "Ahmed" is a name, not a verb)."""
    return re.compile(r"(?i)(?<!\w)(?:(?P<future>" + _alt(lex.future_cues) + r")|(?P<past>"
                      + _alt(lex.past_cues) + r")|(?P<regular>(?-i:[a-z])\w{2,}" + _alt(lex.past_endings)
                      + (r"|(?-i:" + _alt(lex.past_forms) + ")" if lex.past_forms else "")
                      + r"))(?!\w)")


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


def _spelled(words: str, lex: DateLexicon) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001, "eighteen hundred" -> 1800."""
    parts = [w for w in re.split(r"[\s-]+", words.lower()) if w not in ("and", "oh", "o")]
    if parts[:2] == ["two", "thousand"]:
        rest = _number(" ".join(parts[2:]), lex) if parts[2:] else 0.0
        return 2000 + int(rest) if rest is not None else None
    century = lex.numbers.get(parts[0])
    if century is None:
        return None
    rest = 0.0 if parts[1:] == ["hundred"] else _number(" ".join(parts[1:]), lex)
    return int(century) * 100 + int(rest) if rest is not None else None


def _year_of(m: re.Match[str], c: _Context) -> int | None:
    """The year of a match, written in digits (``y``) or in words (``sy``)."""
    if m.groupdict().get("y"):
        return int(m["y"])
    return _spelled(m["sy"], c.lex) if m.groupdict().get("sy") else None


def _month_year(m: re.Match[str], c: _Context) -> Found | None:
    year = _year_of(m, c)
    return ("DATE", f"{year:04d}-{_month_number(m['mon'], c.lex):02d}") if year else None


def _month_rel_year(m: re.Match[str], c: _Context) -> Found | None:
    """ "June last year", "January this year": the month of the year the words name."""
    year = c.anchor.year + {"last": -1, "next": 1}.get(_lower(m, "rel"), 0)
    return "DATE", f"{year:04d}-{_month_number(m['mon'], c.lex):02d}"


def _spelled_year(m: re.Match[str], c: _Context) -> Found | None:
    if not m["the"] and _lower(m, "sy").startswith("two thousand"):
        return None  # "two thousand people": a count unless "the year" says otherwise
    year = _year_of(m, c)
    return ("DATE", str(year)) if year else None


def _month(m: re.Match[str], c: _Context) -> Found | None:
    rel = _lower(m, "rel")
    if m["mon"] == "May" and not rel and not c.after_word(m.start(), c.lex.month_intro):
        return None  # the modal verb or the surname, not the month
    if not rel and re.match(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]", c.text[m.end():]):
        return None  # "the March for Life": a name
    month = _month_number(m["mon"], c.lex)
    year = _month_in_some_year(month, c.anchor, rel,
                               c.direction(m.start(), regular=False, end=m.end()))
    return "DATE", f"{year}-{month:02d}"


def _month_quarter(m: re.Match[str], c: _Context) -> Found | None:
    """ "the September quarter" (company news): the quarter holding the month, in the year the
    bare month would have."""
    month = _month_number(m["mon"], c.lex)
    year = int(m["y"]) if m["y"] else _month_in_some_year(
        month, c.anchor, "", c.direction(m.start(), regular=False))
    return "DATE", f"{year}-Q{(month - 1) // 3 + 1}"


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
    elif groups.get("hq"):  # "the first two quarters of 1990": a half
        part, number = "H", 1 if _lower(m, "hq") == "first" else 2
    else:
        part = "Q" if _lower(m, "kind") == "quarter" else "H"
        number = c.lex.ordinals[_lower(m, "ord")]
        if part == "H" and number > 2:
            return None
    det = _lower(m, "det") if "det" in groups else ""
    if m["y"]:
        year = int(m["y"])
    elif groups.get("ry"):  # "the first quarter of last year"
        year = c.anchor.year + _STEP[_lower(m, "ry")]
    elif groups.get("ay"):  # "the first half of the previous year": the narrative's year
        return "DATE", anaphor("year", _STEP[_lower(m, "ay")], part=f"{part}{number}")
    elif det.endswith("year's"):
        year = c.anchor.year + {"last": -1, "next": 1}.get(det.split()[0], 0)
    else:
        year = c.anchor.year
        months_per = 3 if part == "Q" else 6
        starts_after = dt.date(year, months_per * (number - 1) + 1, 1) > c.anchor
        if starts_after and det != "this" and c.direction(m.start()) <= 0:
            year -= 1
        if groups.get("qback"):  # "the third quarter a year earlier"
            year -= 1
    return "DATE", f"{year}-{part}{number}"


_STEP = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "prior": -1,
         "latest": -1, "next": 1, "coming": 1, "following": 1}


def _rel_unit(m: re.Match[str], c: _Context) -> Found | None:
    det, unit = _lower(m, "det"), _lower(m, "unit")
    word = det.split()[-1]
    if word == "same":
        return None  # anaphoric: needs the narrative's own time
    final = re.match(r"\s+of\b", c.text[m.end():]) is not None  # "the last year of the war"
    if unit != "weekend" and (det == "the next" or final and _looks_back(det, c.lex)):
        return "DURATION", _duration(1, c.lex.units[unit])
    if unit != "weekend" and _looks_back(det, c.lex):
        return "DATE", _shifted(c.anchor, -1, unit) or ""  # "over the past year": last year
    k = _STEP[word]
    if unit == "weekend":
        return "DATE", _weekend(c.anchor, k)
    value = _shifted(c.anchor, k, unit)
    return ("DATE", value) if value else None


def _looks_back(det: str, lex: DateLexicon) -> bool:
    """ "the past year", "the last decade", "past year": the unit just behind now, which
    TimeBank dates as the calendar unit before the anchor's (1997 for "the past year" told in
    March 1998), as it does "last year"; a stated count keeps the span ("the past two years",
    P2Y)."""
    words = det.split()
    return len(words) <= 2 and words[-1] in lex.look_back_words and words[0] in (
        "the", "this", words[-1])


def _rel_season(m: re.Match[str], c: _Context) -> Found | None:
    code = c.lex.seasons[_lower(m, "season")][0]
    return "DATE", _season_value(code, c.anchor, _lower(m, "det"), c.lex)


def _season_year(m: re.Match[str], c: _Context) -> Found | None:
    """ "the summer of 2023", "spring 1999", "the winter of last year"."""
    year = c.anchor.year + _STEP[_lower(m, "rel")] if m["rel"] else _year_of(m, c)
    return ("DATE", f"{year}-{c.lex.seasons[_lower(m, 'season')][0]}") if year else None


def _opens_clause(m: re.Match[str], c: _Context) -> bool:
    """ "That day, ...", "On that day", "by that night": a day the story has reached, not the
    generic day of "trades made that day"."""
    return (_SENTENCE_START.search(c.text[max(0, m.start() - 3):m.start()]) is not None
            or c.after_word(m.start(), c.lex.day_of_story))


_ANAPHORIC_STEP = {"the": 0, "that": 0, "that same": 0, "the same": 0, "the following": 1, "the next": 1,
                   "the previous": -1, "the prior": -1, "the latest": 0}


def _anaphoric_after(m: re.Match[str], c: _Context) -> Found | None:
    """ "The day after, ...", "the year before.": a step from the narrative's date, when
    nothing follows that names what it is after (not "the day after the attack")."""
    return "DATE", anaphor(_lower(m, "unit"), 1 if _lower(m, "dir") == "after" else -1)


def _year_range(m: re.Match[str], c: _Context) -> Found | None:
    """ "2019-2021", "2016-17": the years from the first to the last, as one expression."""
    first, last = int(m["y"]), m["y2"]
    end = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    if not first < end <= first + 100:
        return None  # "2021-05": an ISO month, not a range
    return "DURATION", f"P{end - first + 1}Y", str(first), str(end)


def _month_week(m: re.Match[str], c: _Context) -> Found | None:
    """ "the last week of March", "the first week of next month": the ISO week holding the
    n-th seven days of the month (the last: the week of its last day)."""
    if m["mon"]:
        month = _month_number(m["mon"], c.lex)
        year = int(m["y"]) if m["y"] else _month_in_some_year(
            month, c.anchor, "", c.direction(m.start(), regular=False))
    else:
        year, month = _add_months(c.anchor.year, c.anchor.month, _STEP[_lower(m, "rel")])
    nth = c.lex.month_weeks[_lower(m, "nth")]
    last_day = calendar.monthrange(year, month)[1]
    # as ISO counts weeks: the first week holds the 4th, the last the fourth day from the end
    day = dt.date(year, month, last_day - 3 if nth < 0 else min(4 + 7 * (nth - 1), last_day))
    week = _week(day)
    return "DATE", week + "-WE" if _lower(m, "unit") == "weekend" else week


def _same_period(m: re.Match[str], c: _Context) -> Found | None:
    """ "the same period a year earlier", "the same quarter last year": the period the story
    is about, a year back (the reporting quarter in company news); a quarter named so is one,
    so "the quarter a year ago" with no quarter named yet is the quarter just ended, a year
    back."""
    if _lower(m, "period") == "quarter":
        return "DATE", anaphor("quarter", -4)
    return "DATE", anaphor("yearback", -1)


def _season(m: re.Match[str], c: _Context) -> Found | None:
    """A bare season after a word that makes it a time ("in summer", "during winter")."""
    if not c.after_word(m.start(), c.lex.season_intro):
        return None
    return "DATE", _season_value(c.lex.seasons[_lower(m, "season")][0], c.anchor, "", c.lex)


def _part_of(m: re.Match[str], c: _Context) -> Found | None:
    """ "dawn on Friday", "the morning of March 3": that day's part."""
    code = c.lex.day_parts[_lower(m, "part")]
    if m["wd"]:
        day = _weekday_date(_weekday_number(m["wd"], c.lex), c.anchor, "", c.direction(m.start()))
    else:
        month = _month_number(m["mon"], c.lex)
        found = dt.date(int(m["y"]), month, int(m["d"])) if m["y"] else _day_in_some_year(
            month, int(m["d"]), c.anchor, 0)
        if found is None:
            return None
        day = found
    return "TIME", f"{day.isoformat()}T{code}"


def _anaphoric(m: re.Match[str], c: _Context) -> Found | None:
    """ "the following year", "that same day", "later that month": a step from the date the
    narrative last mentioned, resolved by ``references.follow_narrative`` once all are found."""
    unit, det = _lower(m, "unit"), _lower(m, "det")
    if (det == "that" and not m.groupdict().get("el") and unit in ("day", *c.lex.day_parts)
            and not _opens_clause(m, c)):
        return None  # "trades made that day": as often a generic day as a dated one
    if unit in c.lex.day_parts:
        unit = "day"  # "the next morning": TimeBank dates the day
    if unit == "period":
        unit = "quarter"  # "the latest period": the reporting quarter of company news
    return "DATE", anaphor(unit, _ANAPHORIC_STEP[det])


def _the_unit(m: re.Match[str], c: _Context) -> Found | None:
    unit = _lower(m, "unit")
    if unit == "year":
        if m.groupdict().get("whole"):  # "for the full year": the year reported on
            return "DATE", str(c.anchor.year)
        if c.before(m.start(), r"\b(?:for|over|during|through|throughout)") or \
                _ENDED.match(c.text, m.end()):
            return "DURATION", "P1Y"  # "in the year ended March 31": a span of twelve months
        return "DATE", str(c.anchor.year)
    if unit == "quarter":  # in company news: the quarter reported on (else the one just ended)
        return "DATE", anaphor("quarter", 0)
    return "DATE", _weekend(c.anchor, 0 if _this_weekend(m, c) else -1)


def _this_weekend(m: re.Match[str], c: _Context) -> bool:
    """Whether "the weekend" is the one of the anchor's week: told on the weekend itself, or
    told as to come; told as past ("protests erupted over the weekend") on a weekday, the one
    before; with no tense cue, the coming one from Thursday on."""
    weekday = c.anchor.isoweekday()
    if weekday >= 6:
        return True
    direction = c.direction(m.start(), end=m.end())
    return direction > 0 or direction == 0 and weekday >= 4


# a period told by the day it ends ("the year ended March 31", "the year ending tomorrow")
# (not "the year ends with a loss": the calendar year)
_ENDED = re.compile(r"\s+(?:that\s+end(?:ed|s)|end(?:ed|ing))\b")


def _year_quarter(m: re.Match[str], c: _Context) -> Found | None:
    """ "the year-ago quarter", "the 1988 third quarter", "the 1988 period": a quarter whose
    year the words give; which quarter, the report's own (the one last named) unless stated."""
    number = c.lex.ordinals[_lower(m, "ord")] if m["ord"] else None
    if m["yy"]:
        year = int(m["yy"])
        return "DATE", f"{year}-Q{number}" if number else anaphor("quarter", 0, year)
    if number:
        return "DATE", f"{c.anchor.year - 1}-Q{number}"
    return "DATE", anaphor("quarter", -4)


def _ago(m: re.Match[str], c: _Context) -> Found | None:
    sign = -1 if _lower(m, "dir") in ("ago", "earlier", "before") else 1
    n = _number(m.groupdict().get("num"), c.lex)
    unit, _ = _unit(m["unit"], c.lex)
    if n is None or n != int(n):
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    value = _shifted(c.anchor, sign * int(n), unit)
    return ("DATE", value) if value else None


_RATE_BEFORE = r"(?:\d|%|percent|cents?|dollars?|times|once|twice|euros?|pounds?)"
# an amount counted per unit of time: "$500 million a year", "700 seats a week", "4% a year"
_AMOUNT_PER = (r"(?:\d[\d,.]*\s*(?:%|percent|(?:[mb]illion|thousand)?(?:\s+[a-z]+s)?)"
               r"|cents?|dollars?|euros?|pounds?)")


def _duration_rule(m: re.Match[str], c: _Context) -> Found | None:
    num = _lower(m, "num") if m.groupdict().get("num") else None
    unit_name, unit = _unit(m["unit"], c.lex)
    if num in ("a", "an") and unit_name in ("second", "quarter"):
        return None  # "a second round", "a quarter of the votes"
    if unit_name == "quarter" and re.match(r"\s+of\b", c.text[m.end():]) \
            and not m.groupdict().get("vague"):
        return None  # "three quarters of the votes"; a vague count is time: "several quarters"
    if num in ("a", "an") and not m["det"] and c.before(m.start(), _AMOUNT_PER):
        return None  # a rate of an amount, not a time: TimeBank leaves it untagged
    if num in ("a", "an") and not m["det"] and c.before(m.start(), _RATE_BEFORE):
        return "SET", _duration(1, unit)  # "$5 a year", "twice a week"
    if m.groupdict().get("vague") and m["det"] and _looks_back(_lower(m, "det"), c.lex):
        return "DATE", "PAST_REF"  # "the last few months": some time back, as "recently"
    n = _number(num, c.lex) if num else None
    if num and n is None:
        return None
    if n is not None and (m["half"] or m["half_after"]):
        n += 0.5
    return "DURATION", _duration(n, unit)


def _per(m: re.Match[str], c: _Context) -> Found | None:
    return "SET", _duration(1, _unit(m["unit"], c.lex)[1])


def _bare_plural(m: re.Match[str], c: _Context) -> Found | None:
    """ "for years", "within weeks", "after months of talks": a vague span, where a word
    before it or "of" after it ("months of twists and turns") makes the plural a time; not
    after an article or a conjunction ("the months of the year", "weeks or months of")."""
    if not c.before(m.start(), r"\b(?:for|over|in|within|after|took|take|takes)") and not (
            re.match(r"\s+of\s+\w", c.text[m.end():])
            and not c.before(m.start(), r"\b(?:the|these|those|or|and)")):
        return None
    return "DURATION", _duration(None, _unit(m["unit"], c.lex)[1])


def _every(m: re.Match[str], c: _Context) -> Found | None:
    n = _number(m.groupdict().get("num"), c.lex) if m.groupdict().get("num") else 1.0
    if m["other"]:
        n = 2.0
    return "SET", _duration(n, _unit(m["unit"], c.lex)[1])


def _every_day(m: re.Match[str], c: _Context) -> Found | None:
    part = f"T{c.lex.day_parts[_lower(m, 'part')]}" if m["part"] else ""
    return "SET", f"XXXX-WXX-{_weekday_number(m['wd'], c.lex)}{part}"


def _weekday_set(m: re.Match[str], c: _Context) -> Found | None:
    """ "on Sundays", "Tuesday nights", "on Monday and Tuesday nights": a weekday (or a part of
    it) told in the plural recurs every week, as TimeML writes it (XXXX-WXX-2TNI)."""
    groups = m.groupdict()
    day = _weekday_number(m["wds"] if groups.get("wds") else m["wd"], c.lex)
    part = groups.get("parts") or groups.get("nparts")
    code = f"T{c.lex.day_parts[part.lower()]}" if part else ""
    return "SET", f"XXXX-WXX-{day}{code}"


def _times_per(m: re.Match[str], c: _Context) -> Found | None:
    return "SET", _duration(1, _unit(m["unit"], c.lex)[1])


def _set_word(m: re.Match[str], c: _Context) -> Found | None:
    return "SET", c.lex.sets[_lower(m, "set")]


def _weekday(m: re.Match[str], c: _Context) -> Found | None:
    day = _weekday_date(_weekday_number(m["wd"], c.lex), c.anchor, _lower(m, "rel"),
                        c.direction(m.start(), end=m.end()))
    if m["part"]:  # TIME, as TimeML's guidelines and the seed examples have it (TimeBank: DATE)
        return "TIME", f"{day.isoformat()}T{c.lex.day_parts[_lower(m, 'part')]}"
    return "DATE", day.isoformat()


_RELATIVE_DAY = {"today": 0, "this": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _day_part(m: re.Match[str], c: _Context) -> Found | None:
    day = c.anchor + dt.timedelta(days=_RELATIVE_DAY[_lower(m, "day")])
    return "TIME", f"{day.isoformat()}T{c.lex.day_parts[_lower(m, 'part')]}"


def _half_of_day(part: str | None, hour: int, lex: DateLexicon) -> str:
    """ "4 in the morning" is a.m., "3 in the afternoon" p.m., "11 at night" p.m. and "2 at
    night" a.m.: the half of the day a part of it puts a clock hour in ("" without one)."""
    if not part:
        return ""
    code = lex.day_parts[part.lower()]
    if code == "MO":
        return "a"
    return "a" if code == "NI" and hour < 6 else "p"


def _clock(m: re.Match[str], c: _Context) -> Found | None:
    """A clock time, on the day the words give, else on the publication day, except that an
    hour a part of the day puts in the morning or the small hours, told as to come and with no
    day ("will leave at 4 in the morning", "the curfew ends at 5 in the morning"), is the coming
    one: the next day's, as "in the morning" is said of tomorrow's morning. An hour told by
    "a.m." alone keeps the publication day (a preview may mean today's)."""
    groups = m.groupdict()
    if c.before(m.start(), r"(?:\d|[ap]\.?m\.?|local\s+time|(?-i:" + _alt(c.lex.time_zones)
                + r"))\s*\("):
        return None  # "10:35 a.m. (0735 GMT)", "10 a.m. local time (0700 GMT)": a restatement
    coming_morning = False
    if groups.get("nm"):
        hour, minute = (int(x) for x in c.lex.clock_words[_lower(m, "nm")].split(":"))
    else:
        hour, minute = int(m["h"]), int(m["mi"] or 0)
        by_part = _half_of_day(groups.get("dp"), hour, c.lex)
        half = (groups.get("ap") or "").lower()[:1] or by_part
        if half and not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0) if half else hour
        coming_morning = by_part == "a"
    weekday = groups.get("wd") or _weekday_after_restatement(m.end(), c)
    if weekday:
        day = _weekday_date(_weekday_number(weekday, c.lex), c.anchor, "", c.direction(m.start()))
    elif groups.get("mon"):  # "5 p.m. EST, Nov. 6"
        found = _day_in_some_year(_month_number(m["mon"], c.lex), int(m["d"]), c.anchor, 0)
        if found is None:
            return None
        day = found
    elif not groups.get("rd") and coming_morning and c.direction(m.start()) > 0:
        day = c.anchor + dt.timedelta(days=1)  # "will leave at 4 in the morning": the next one
    else:
        day = c.anchor + dt.timedelta(days=_RELATIVE_DAY.get(_lower(m, "rd") or "today", 0))
    return "TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def _weekday_after_restatement(end: int, c: _Context) -> str | None:
    """The weekday right after the same time restated in brackets ("at 10:35 a.m. (0735 GMT)
    Friday"): the clock time's day, as if it followed the time directly."""
    days = [d for d in c.lex.weekdays if d.endswith("day")]
    found = re.match(r"\s*\([^()\n]{1,30}\)\s*,?\s*(?:on\s+)?(" + "|".join(days) + r")(?!\w)",
                     c.text[end:end + 60])
    return found[1] if found else None


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


_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"'`]\s*|\n)\s*$")


def _discourse_now(m: re.Match[str], c: _Context) -> bool:
    """ "Now, he says, ...": a sentence-opening "Now," turns the argument, it dates nothing."""
    return (_lower(m, "word") == "now" and c.text[m.end():m.end() + 1] == ","
            and _SENTENCE_START.search(c.text[max(0, m.start() - 3):m.start()]) is not None)


def _word(m: re.Match[str], c: _Context) -> Found | None:
    if _discourse_now(m, c):
        return None
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
    "month": _month, "month_quarter": _month_quarter, "year": _year, "decade": _decade, "century": _century,
    "quarter": _quarter, "rel_unit": _rel_unit, "rel_season": _rel_season,
    "season_year": _season_year, "the_unit": _the_unit, "year_quarter": _year_quarter,
    "month_rel_year": _month_rel_year, "spelled_year": _spelled_year, "anaphoric": _anaphoric,
    "anaphoric_after": _anaphoric_after, "year_range": _year_range, "month_week": _month_week,
    "same_period": _same_period, "season": _season, "part_of": _part_of,
    "ago": _ago, "duration": _duration_rule, "per": _per, "bare_plural": _bare_plural,
    "every": _every, "every_day": _every_day, "weekday_set": _weekday_set, "times_per": _times_per, "set_word": _set_word,
    "weekday": _weekday, "day_part": _day_part, "clock": _clock, "holiday": _holiday_rule,
    "word": _word,
}
