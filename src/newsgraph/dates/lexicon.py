"""The date lexicon: date words are data (``data/dates.yaml``); the grammar is compiled from them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..knowledge import data_path, load_yaml, shipped_yaml
from .prefilter import guarded, required_words


@dataclass(frozen=True)
class Unit:
    """A unit of time as an ISO 8601 duration letter; ``time`` units go after the ``T``."""

    letter: str
    time: bool = False
    scale: int = 1


@dataclass(frozen=True)
class BackgroundMarker:
    """Words that open a background phrase ("since", "prior to"): where the event they
    introduce lies against the event the phrase hangs off (``before`` or ``after``), whether the
    phrase must hang under a clause (``clause``) or may hang off a noun too (``any``),
    whether the words also mean "because" before a present-tense verb, and whether the
    background event came shortly before the one it hangs off (``close``: "after", not
    "since"), so that event's date bounds it."""

    relation: str
    under: str = "clause"
    causal_in_present: bool = False
    close: bool = False


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
    background_markers: dict[str, BackgroundMarker] = field(default_factory=dict)
    # endings of regular past-tense verbs ("-ed"): a weaker tense cue than the listed words
    past_endings: list[str] = field(default_factory=lambda: ["ed"])
    # irregular past forms read as the "-ed" verbs are ("brought", "paid")
    past_forms: list[str] = field(default_factory=list)
    # words before an "-ed" word that make it a participle ("is expected", "be published")
    participle_auxiliaries: frozenset[str] = frozenset()
    # a past form after one of ``modal_passive_be`` and one of ``modal_auxiliaries`` ("will be
    # held", "is to be held") is a participle of a time to come, no past cue
    modal_auxiliaries: frozenset[str] = frozenset()
    modal_passive_be: frozenset[str] = frozenset()
    # participles of a plan ("a summit set for April"): on an event noun, no day it happened
    planning_participles: frozenset[str] = frozenset()
    # words before a future cue that put the plan itself in the past ("had been due to expire
    # Friday"): the time it names is behind the anchor
    plan_in_past: list[str] = field(default_factory=list)
    # "between" -> ["and"]: the words that join two times into a range after the opener
    range_openers: dict[str, list[str]] = field(default_factory=dict)
    range_dashes: list[str] = field(default_factory=list)
    # "first" -> 1, "last" -> -1: which week of a named month
    month_weeks: dict[str, int] = field(default_factory=dict)
    year_back_words: list[str] = field(default_factory=list)
    same_period_words: list[str] = field(default_factory=list)
    period_words: list[str] = field(default_factory=list)
    season_intro: list[str] = field(default_factory=list)
    # words before "that day" / "that night" that make it the story's day ("on that day")
    day_of_story: list[str] = field(default_factory=list)
    # nouns of events an article may date once ("the July 1 call") and name again undated
    dated_event_nouns: frozenset[str] = frozenset()
    # words before "May" that make it the month, not the modal verb or the surname
    month_intro: list[str] = field(default_factory=list)
    # "end" of "the end of the month": a part of a period that makes "the month" the story's own
    period_edges: list[str] = field(default_factory=list)
    # "full" of "for the full year": the year as a whole, the year reported on, not a span
    whole_words: list[str] = field(default_factory=list)
    # adverbs that tell an act as repeated over a span ("has continuously called for"): no day
    habitual: frozenset[str] = frozenset()
    # words on an event noun that tell it as past ("a recent call", "previous talks")
    past_event_modifiers: frozenset[str] = frozenset()
    # words whose object is an act they react to ("condemned the bombing"): that act came first
    reaction_words: frozenset[str] = frozenset()
    # words of a duration that make it a span reaching back to now ("over the past three weeks")
    past_span_words: frozenset[str] = frozenset()
    # words before a unit that make it the one just behind now ("the past year", "the last
    # decade"): dated as that calendar unit, a span reaching back for the events it holds
    look_back_words: frozenset[str] = frozenset()
    # first words of a period that put the event on one side of publication ("later this year")
    leaning_words: dict[str, str] = field(default_factory=dict)
    # nouns that name a time of day without a number ("noon" -> "12:00")
    clock_words: dict[str, str] = field(default_factory=dict)
    # parts of the day after "in the" that put a bare clock hour in its half of the day ("4 in
    # the morning"), and the words that may follow one, where any other word makes it a noun's
    # modifier ("killed 4 in the morning raid")
    clock_day_parts: list[str] = field(default_factory=list)
    clock_part_followers: list[str] = field(default_factory=list)
    # parts of the day a narrative steps to ("the next morning", "that same evening")
    story_day_parts: list[str] = field(default_factory=list)
    grammar: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    # per grammar rule, words one of which every match contains (None: no screen), so a text
    # without any of them skips the rule (prefilter.py)
    screens: list[frozenset[str] | None] = field(default_factory=list)

    def written_out(self) -> tuple[list[str], list[str]]:
        """The month and weekday names written in full ("March", "May", "Friday"), without
        the abbreviations ("Mar", "Sept", "Sat")."""
        months = [m for m in self.months if len(m) > 4 or m in ("May", "June", "July")]
        return months, [d for d in self.weekdays if d.endswith("day")]

    @classmethod
    def load(cls, path: str | Path | None = None, prefilter: bool = True) -> DateLexicon:
        """Read the date words (the shipped file when ``path`` is None) and compile the grammar.

        With ``prefilter`` (the default) each rule gets its first-character guard and its word
        screen (``prefilter.py``); without, the plain rules, which find exactly the same
        expressions (a test compares them)."""
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
                background_markers=_background_markers(raw.get("background_markers", {})),
                habitual=frozenset(w.lower() for w in raw.get("habitual", [])),
                past_event_modifiers=frozenset(
                    w.lower() for w in raw.get("past_event_modifiers", [])),
                reaction_words=frozenset(w.lower() for w in raw.get("reaction_words", [])),
                past_span_words=frozenset(w.lower() for w in raw.get("past_span_words", [])),
                look_back_words=frozenset(w.lower() for w in raw.get("look_back_words", [])),
                leaning_words={k.lower(): str(v) for k, v in raw.get("leaning_words", {}).items()},
                clock_words={k.lower(): str(v) for k, v in
                             raw.get("clock_words", {"noon": "12:00", "midday": "12:00",
                                                     "midnight": "24:00"}).items()},
                clock_day_parts=_day_parts_of(raw, "clock_day_parts"),
                story_day_parts=_day_parts_of(raw, "story_day_parts"),
                clock_part_followers=[w.lower() for w in _or_shipped(raw,
                                                                     "clock_part_followers")],
                past_endings=list(raw.get("past_endings", ["ed"])),
                past_forms=[w.lower() for w in raw.get("past_forms", [])],
                participle_auxiliaries=frozenset(
                    w.lower() for w in raw.get("participle_auxiliaries", [])),
                modal_auxiliaries=frozenset(
                    w.lower() for w in raw.get("modal_passive", {}).get("auxiliaries", [])),
                modal_passive_be=frozenset(
                    w.lower() for w in raw.get("modal_passive", {}).get("be", [])),
                planning_participles=frozenset(
                    w.lower() for w in raw.get("planning_participles", [])),
                plan_in_past=[" ".join(w.lower().split()) for w in raw.get("plan_in_past", [])],
                range_openers={k.lower(): [w.lower() for w in v]
                               for k, v in raw.get("range_openers", {}).items()},
                range_dashes=list(raw.get("range_dashes", [])),
                month_weeks={k.lower(): int(v) for k, v in raw.get("month_weeks", {}).items()},
                year_back_words=list(raw.get("year_back_words", [])),
                same_period_words=list(raw.get("same_period_words", [])),
                period_words=list(raw.get("period_words", [])),
                season_intro=list(raw.get("season_intro", [])),
                day_of_story=list(raw.get("day_of_story", [])),
                month_intro=list(raw.get("month_intro", [])),
                period_edges=list(raw.get("period_edges", [])),
                whole_words=list(raw.get("whole_words", [])),
                dated_event_nouns=frozenset(
                    w.lower() for w in raw.get("dated_event_nouns", [])),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            where = path or data_path("dates.yaml")
            raise ConfigError(f"{where}: malformed date lexicon ({exc!r}); compare with the "
                              "shipped data/dates.yaml") from None
        lex.grammar = _compile_grammar(lex, prefilter)
        lex.screens = [required_words(p.pattern) if prefilter else None for _, p in lex.grammar]
        return lex


def _or_shipped(raw: dict[str, Any], key: str) -> Any:
    """``raw[key]``, or the shipped file's where a user's file from before the key has none."""
    return raw[key] if key in raw else shipped_yaml("dates.yaml")[key]


def _day_parts_of(raw: dict[str, Any], key: str) -> list[str]:
    """A list of parts of the day (``clock_day_parts``: "4 in the morning"; ``story_day_parts``:
    "the next morning"): each must be one of ``day_parts``, whose code the resolvers read."""
    parts = [w.lower() for w in _or_shipped(raw, key)]
    unknown = [w for w in parts if w not in raw["day_parts"]]
    if unknown:
        raise ValueError(f"{key} {unknown} are not in day_parts")
    return parts


def _background_markers(raw: dict[str, Any]) -> dict[str, BackgroundMarker]:
    """The background markers of a date file, lower-cased, longest first (so that "prior to"
    is tried before a shorter marker ending in the same word). A user's file from before the
    markers existed has none: its events are dated as they were."""
    markers = {}
    for words, spec in sorted(raw.items(), key=lambda kv: -len(kv[0].split())):
        relation, under = spec["relation"], spec.get("under", "clause")
        if relation not in ("before", "after") or under not in ("any", "clause"):
            raise ValueError(f"background marker '{words}': relation must be before or after, "
                             "under any or clause")
        markers[" ".join(words.lower().split())] = BackgroundMarker(
            relation, under, bool(spec.get("causal_in_present", False)),
            bool(spec.get("close", False)))
    return markers


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
    full_months, full_days = lex.written_out()
    abbr_months = [m for m in lex.months if m not in full_months]
    abbr_days = [d for d in lex.weekdays if d not in full_days]
    number = _alt(w for w in lex.numbers if w not in ("a", "an"))
    return {
        "MON": r"\b(?P<mon>" + _alt(lex.months, abbr_months) + r")(?!\w)",
        "MONB": r"\b(?P<mon>" + _alt(full_months) + "|" + "|".join(
            re.escape(m) + r"\." for m in abbr_months) + r")(?!\w)",
        "WDA": r"\b(?P<wd>" + _alt(lex.weekdays, abbr_days) + r")(?!\w)",
        "WDB": r"\b(?P<wd>" + _alt(full_days) + "|" + "|".join(
            re.escape(d) + r"\." for d in abbr_days) + r")(?!\w)",
        "NUM": r"(?<![\w.,-])(?P<num>\d+(?:\.\d+|\s+1/2)?|(?i:" + number + r"(?:[\s-]+" + number
               + r")?|an?\b))",
        "VAGUE": r"\b(?P<vague>(?i:" + _alt(lex.vague) + "))",
        "UNIT": r"(?P<unit>(?i:" + _alt(lex.unit_forms) + r"))(?!\w)",
        "ORD": r"(?P<ord>(?i:" + _alt(lex.ordinals) + "))",
        "PART": r"(?P<part>(?i:" + _alt(lex.day_parts) + "))",
        # plurals: a weekday or a part of one told as recurring ("on Sundays", "Tuesday nights")
        "PARTS": r"(?P<parts>(?i:" + _alt(lex.day_parts) + "))s",
        "NPARTS": r"(?P<nparts>(?i:" + _alt(lex.day_parts) + "))s",
        "WDS": r"\b(?P<wds>" + _alt(full_days) + r")s(?!\w)",
        "WDF": _alt(full_days),
        "SEASON": r"(?P<season>(?i:" + _alt(lex.seasons) + "))",
        "HOL": r"\b(?P<hol>" + _alt(lex.holidays) + r")(?!\w)",
        "WORD": r"(?<![\w-])(?P<word>(?i:" + _alt(lex.words) + r"))(?![\w-])",
        "SET": r"\b(?P<set>(?i:" + _alt(lex.sets) + r"))(?!\w)",
        "TZ": r"(?P<tz>" + _alt(lex.time_zones) + r")\b",
        "SY": _spelled_year(lex),
        "CLOCKW": _alt(lex.clock_words or {"noon": "12:00"}),
        "CPART": _alt(lex.clock_day_parts),
        "CNEXT": _alt(lex.clock_part_followers),
        "SPART": _alt(lex.story_day_parts),
        "DASH": "(?:" + "|".join(re.escape(d) for d in lex.range_dashes or ["-"]) + ")",
        "MWEEK": r"(?P<nth>(?i:" + _alt(lex.month_weeks or {"first": 1}) + "))",
        "YBACK": r"(?P<back>(?i:" + _alt(lex.year_back_words or ["a year earlier"]) + r"))(?!\w)",
        "SAME": r"(?i:" + _alt(lex.same_period_words or ["same"]) + ")",
        "PERIOD": r"(?P<period>(?i:" + _alt(lex.period_words or ["period"]) + r"))(?!\w)",
        "WHOLE": r"(?P<whole>(?i:" + _alt(lex.whole_words or ["full"]) + r"))",
        # fixed-width lookbehinds, one per word: "(?<=end of )" ...
        "EDGE": "(?:" + "|".join(r"(?<=(?i:" + re.escape(w) + r") of )"
                                 for w in lex.period_edges or ["end"]) + ")",
    }


def _spelled_year(lex: DateLexicon) -> str:
    """ "nineteen ninety-six", "two thousand and one": a year said in words (broadcast
    transcripts write years this way). The century word must be a teen so that counts such as
    "twenty five" are not read as years."""
    units = [w for w, n in lex.numbers.items() if n == int(n) and 1 <= n <= 9 and " " not in w
             and w not in ("a", "an")]
    teens = [w for w, n in lex.numbers.items() if 10 <= n <= 19 and " " not in w]
    tens = [w for w, n in lex.numbers.items() if n in (20, 30, 40, 50, 60, 70, 80, 90)]
    two = (_alt(tens) + r"(?:[\s-]+" + _alt(units) + ")?|" + _alt(teens)
           + r"|(?:oh|o)[\s-]+" + _alt(units))
    century = _alt(w for w, n in lex.numbers.items() if n in (17, 18, 19))
    return (r"(?P<sy>(?i:" + century + r"[\s-]+(?:hundred\b|(?:" + two + r")(?!\w))"
            r"|two\s+thousand(?:\s+(?:and\s+)?(?:" + two + "|" + _alt(units) + r"))?(?!\w)))")


# Each rule: a name (which resolver reads it) and a pattern; %(X)s are the fragments above.
_RULES: list[tuple[str, str]] = [
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("numeric", r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    ("day_month", r"(?:%(WDA)s,?\s+(?:(?i:the)\s+)?)?%(MON)s\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?"
     r"(?!\d|:\d)(?!\s*(?:%%|percent|million|billion|per\b))(?:,?\s+(?P<y>\d{4})\b)?"),
    ("day_month", r"(?:%(WDA)s,?\s+(?:(?i:the)\s+)?)?\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+"
     r"(?:(?i:of)\s+)?%(MON)s(?:,?\s+(?P<y>\d{4})\b)?"),
    ("month_year", r"%(MON)s,?\s+(?:(?i:of)\s+)?(?:(?P<y>\d{4})\b|%(SY)s)"),
    ("month_rel_year", r"%(MONB)s,?\s+(?:(?i:of)\s+)?(?P<rel>(?i:this|last|next))\s+(?i:year)\b"
     r"(?!-|'s)"),
    ("year_range", r"(?<![$\d,.#\w-])(?P<y>1[6-9]\d\d|20\d\d)\s?%(DASH)s\s?"
     r"(?P<y2>(?:1[6-9]|20)\d\d|\d\d)(?![\d%%-]|\s*(?:%%|percent))"),
    ("month_week", r"(?:(?i:the)\s+)?%(MWEEK)s\s+(?P<unit>(?i:week|weekend))\s+(?i:of)\s+"
     r"(?:%(MON)s(?:,?\s+(?P<y>\d{4})\b)?|(?P<rel>(?i:this|last|next))\s+(?i:month)\b)"),
    # "the same period a year earlier", and the bare "the quarter a year ago" (one expression)
    ("same_period", r"(?:(?:(?i:the|that)\s+)?%(SAME)s\s+|(?i:the)\s+)%(PERIOD)s\s+%(YBACK)s(?!'s)"),
    ("season", r"%(SEASON)s(?!\w)(?!\s+(?i:of)\s+\d)"),
    ("part_of", r"(?:(?i:the)\s+)?%(PART)s\s+(?i:of|on)\s+(?:%(WDB)s|%(MON)s\s*(?P<d>\d{1,2})"
     r"(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>\d{4})\b)?)"),
    ("anaphoric_after", r"(?P<det>(?i:the))\s+(?P<unit>(?i:day|week|month|year))\s+"
     r"(?P<dir>(?i:after|before))(?=\s*(?:[,.;:!?)]|$))"),
    ("month", r"(?:(?P<rel>(?i:last|this|next|past|previous|coming))\s+)?%(MONB)s(?!\s*\d)"),
    ("spelled_year", r"(?:(?P<the>(?i:the\s+year))\s+)?%(SY)s"),
    ("year", r"(?<![$\d,.#])(?:(?P<fy>(?i:fiscal(?:\s+year)?|FY|the\s+(?:%(WHOLE)s\s+)?year))\s*)?"
     r"(?P<y>1[6-9]\d\d|20\d\d)(?![\d-]|,\d|\s*(?:%%|percent))"
     r"(?!\s+(?!(?:as|was|has|is|this|its|his|us|thus|plus)\b)[a-z]+s\b)"),
    ("decade", r"(?:(?i:the)\s+)?\b(?P<c>1[6-9]|20)(?P<d>\d)0'?s\b"),
    ("decade", r"(?:(?i:the)\s+)?(?<!\w)'(?P<d>\d)0s\b"),
    ("century", r"(?:(?i:the)\s+)?\b(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+(?i:century)\b"),
    ("quarter", r"(?:(?P<det>(?i:the|this|last|next|this\s+year's|last\s+year's|next\s+year's))"
     r"\s+(?!(?:\w+\s+)?\w+-(?i:quarter|half)))?(?:(?i:fiscal|calendar)\s+)?\b%(ORD)s[\s-]+(?P<kind>(?i:quarter|half))(?!\w)"
     r"(?!\s+(?i:of)\s+(?!(?:fiscal\s+)?\d|[$#\u00a3\u20ac]|(?i:this|last|next)\s+(?i:year)\b|(?i:the\s+"
     r"(?:previous|prior|following)\s+year)\b))"
     r"(?:\s+(?i:of)\s+(?:(?:(?i:fiscal)\s+)?(?P<y>\d{4})|(?P<ry>(?i:this|last|next))\s+"
     r"(?i:year)\b(?!-|'s)|(?i:the)\s+(?P<ay>(?i:previous|prior|following))\s+(?i:year)\b))?"
     # "the third quarter a year earlier": that quarter of the year before, one expression
     r"(?:\s+(?P<qback>(?i:a\s+year\s+(?:ago|earlier|before)))(?!\w))?"),
    ("quarter", r"\b(?P<q>Q[1-4])(?:\s+(?P<y>\d{4}))?\b"),
    ("rel_unit", r"(?:(?P<el>(?i:earlier|later))\s+(?:(?i:in)\s+)?)?(?P<det>(?i:this\s+past|this|"
     r"last|next|past|previous|coming|current|the\s+(?:past|last|next|coming|current|latest)))\s+"
     r"(?:(?i:fiscal)\s+)?(?P<unit>(?i:week|month|year|quarter|decade|century|weekend))(?!\w)(?!-)"),
    ("anaphoric", r"(?:(?P<el>(?i:earlier|later))\s+(?:(?i:in)\s+)?)?(?P<det>(?i:that(?:\s+same)?|"
     r"the\s+(?:same|following|previous|prior)))\s+(?P<unit>(?i:day|%(SPART)s|week|month|year|"
     r"quarter))(?![\w-])"),
    ("anaphoric", r"(?P<det>(?i:the\s+next))\s+(?P<unit>(?i:day|%(SPART)s))(?![\w-])"),
    # "later in the day", "earlier in the day": the story's own day (TimeML's extent: "the day")
    ("anaphoric", r"(?:(?<=[Ll]ater in )|(?<=[Ee]arlier in ))(?P<det>the)\s+(?P<unit>day)(?![\w-])"),
    ("anaphoric", r"(?P<det>(?i:the\s+latest))\s+(?P<unit>(?i:period))(?![\w-])"),
    # "by the end of the month": the story's month (TimeML's extent takes in "the end of")
    ("anaphoric", r"%(EDGE)s(?P<det>the)\s+(?P<unit>(?i:month|week))(?![\w-])"),
    # "the first two quarters of 1990": its first half (the last two: the second)
    ("quarter", r"(?:(?i:the)\s+)?(?P<hq>(?i:first|last|final))\s+(?i:two)\s+(?i:quarters)\s+"
     r"(?i:of)\s+(?:(?i:fiscal)\s+)?(?P<y>(?:1[6-9]|20)\d\d)\b"),
    # "the September quarter", "the June 1990 quarter": the quarter that month is in
    ("month_quarter", r"(?:(?i:the)\s+)?%(MONB)s(?:\s+(?P<y>\d{4}))?[\s-]+(?i:quarter)(?![\w-])"),
    # "1990's first quarter", "fiscal 1989's second half": that year's (not the 1990s)
    ("quarter", r"(?:(?i:fiscal)\s+)?(?P<y>(?:1[6-9]|20)\d\d)'s\s+(?:(?i:fiscal)\s+)?%(ORD)s[\s-]+"
     r"(?P<kind>(?i:quarter|half))(?!\w)"),
    ("rel_season", r"(?:(?P<det>(?i:this\s+past|this|last|next|past|previous|coming|the|the\s+past|"
     r"the\s+coming))\s+)%(SEASON)s(?!\w)(?!\s+(?i:of)\s+\d)"),
    ("season_year", r"(?:(?i:the)\s+)?%(SEASON)s\s+(?:(?i:of)\s+)?(?:(?P<y>\d{4})\b|%(SY)s"
     r"|(?P<rel>(?i:this|last|next))\s+(?i:year)\b(?!-|'s))"),
    ("the_unit", r"\b(?P<det>(?i:the))\s+(?:%(WHOLE)s\s+)?(?:(?i:fiscal)\s+(?=(?i:year)))?"
     r"(?P<unit>(?i:year|quarter|weekend))(?![\w-])"),
    ("year_quarter", r"(?:(?i:the)\s+)?(?:(?i:comparable|corresponding|same)\s+)?(?:(?P<yy>"
     r"(?:1[6-9]|20)\d\d)|(?P<back>(?i:year-(?:ago|earlier)|last\s+year's)))\s+(?:(?i:fiscal)\s+)?"
     r"(?:%(ORD)s[\s-]+)?(?P<kind>(?i:quarter|period))(?![\w-])"),
    ("ago", r"(?:%(NUM)s|%(VAGUE)s)[\s-]+%(UNIT)s(?:\s+(?i:or\s+so))?\s+(?P<dir>(?i:ago|earlier|from\s+now|"
     r"hence|before(?=\s*[,.;)])|after(?=\s*[,.;)])))(?!\w)"),
    ("duration", r"(?:(?P<det>(?i:(?:the\s+)?(?:first|last|past|next|previous|coming|final|"
     r"following|latest|full|entire|whole|additional|more)|the))\s+)?(?:%(NUM)s|%(VAGUE)s)"
     r"(?P<half>[\s-]+(?i:and\s+a\s+half))?[\s-]+(?:(?i:more|full|straight|consecutive|trading|"
     r"business|working)\s+)?"
     r"%(UNIT)s(?!-old|\s+old\b)(?P<half_after>\s+(?i:and\s+a\s+half))?"),
    ("per", r"\b(?i:per)\s+%(UNIT)s"),
    ("bare_plural", r"\b(?P<unit>(?i:years|months|weeks|decades|centuries))\b"),
    ("every", r"\b(?i:every|each)\s+(?:(?P<other>(?i:other))\s+)?(?:%(NUM)s\s+)?%(UNIT)s"),
    ("every_day", r"\b(?i:every|each)\s+%(WDA)s(?:\s+%(PART)s(?!\w))?"),
    # "Tuesday nights", "on Sundays", and the first of "on Monday and Tuesday nights"
    ("weekday_set", r"%(WDB)s(?:\s+%(PARTS)s|(?=,?\s+(?i:and|or)\s+(?:%(WDF)s)\s+%(NPARTS)s(?!\w)))"
     r"(?!\w)"),
    ("weekday_set", r"%(WDS)s"),
    ("times_per", r"\b(?i:once|twice|thrice|\w+\s+times)\s+(?i:a|an|per|each|every)\s+%(UNIT)s"),
    ("set_word", r"%(SET)s"),
    ("weekday", r"(?:(?P<rel>(?i:last|this|next|coming|past))\s+)?%(WDB)s(?:\s+%(PART)s)?(?!\w)"),
    ("day_part", r"\b(?P<day>(?i:this|yesterday|tomorrow|today))\s+%(PART)s(?!\w)"),
    ("day_part", r"\b%(PART)s\s+(?P<day>(?i:yesterday|tomorrow|today))(?!\w)"),
    ("clock", r"(?<![\d:.])(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<ap>(?i:a\.m\.?|p\.m\.?|am|pm))"
     r"(?!\w)(?:\s+%(TZ)s)?(?:,?\s+(?:(?i:on)\s+)?(?:%(WDB)s|(?P<rd>(?i:today|yesterday|"
     r"tomorrow))|%(MONB)s\s*(?P<d>\d{1,2})(?!\d)))?"),
    ("clock", r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):?(?P<mi>[0-5]\d)\s+%(TZ)s(?:,?\s+(?:(?i:on)\s+)?"
     r"(?:%(WDB)s|(?P<rd>(?i:today|yesterday|tomorrow))))?"),
    ("clock", r"(?<=\s)(?P<h>1[0-2]|[1-9])(?::(?P<mi>[0-5]\d))?(?:\s+(?i:o'clock))?\s+(?i:in\s+the)"
     r"\s+(?P<dp>(?i:%(CPART)s))(?:,?\s+(?:(?i:on)\s+)?"
     r"(?:%(WDB)s|(?P<rd>(?i:today|yesterday|tomorrow))))?"
     # not "killed 4 in the morning raid": the part of the day is no noun's modifier
     r"(?![ \t]+(?!%(CNEXT)s\b)[a-z])"),
    ("clock", r"\b(?P<nm>(?i:%(CLOCKW)s))(?:\s+%(TZ)s)?(?:,?\s+(?:(?i:on)\s+)?"
     r"(?:%(WDB)s|(?P<rd>(?i:today|yesterday|tomorrow))))?"),
    ("holiday", r"(?:(?P<rel>(?i:last|this|next))\s+)?%(HOL)s(?:,?\s+(?P<y>\d{4})\b)?"),
    ("word", r"%(WORD)s"),
]


def _compile_grammar(lex: DateLexicon, prefilter: bool = True
                     ) -> list[tuple[str, re.Pattern[str]]]:
    frags = _fragments(lex)
    shape = guarded if prefilter else str
    return [(name, re.compile(shape(pattern % frags))) for name, pattern in _RULES]
