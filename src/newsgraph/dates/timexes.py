"""Tagging: every temporal expression in a text, longest first, widened by its modifiers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import DateLexicon, default_lexicon
from .records import Timex
from .resolvers import _RESOLVERS, _Context, _cue_pattern


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
