"""Tagging: every temporal expression in a text, longest first, widened by its modifiers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import DateLexicon, default_lexicon
from .prefilter import screenable
from .records import Timex
from .references import Narrative, is_anaphor
from .resolvers import _RESOLVERS, _Context, _cue_pattern


@dataclass
class _Candidate:
    start: int
    end: int
    type: str
    value: str
    rule: str
    begin_point: str | None = None
    end_point: str | None = None


def _candidates(text: str, c: _Context) -> list[_Candidate]:
    found: list[_Candidate] = []
    lowered = screenable(text) if any(c.lex.screens) else None
    for (rule, pattern), words in zip(c.lex.grammar, c.lex.screens or [None] * len(c.lex.grammar),
                                      strict=True):
        if words is not None and lowered is not None and not any(w in lowered for w in words):
            continue  # no match of this rule can be in a text without one of its words
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            try:
                result = _RESOLVERS[rule](m, c)
            except (ValueError, KeyError, IndexError, OverflowError):
                result = None  # "Feb. 30", an unknown word form: not a date after all
            if result is not None:
                found.append(_Candidate(m.start(), m.end(), result[0], result[1], rule,
                                        *result[2:]))
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


_OR_SO = re.compile(r"\s+or\s+so\b")


def _widen(kept: list[_Candidate], text: str, lex: DateLexicon) -> None:
    """Take in "early", "the end of", "nearly" before a timex and "or so" after it: TimeML
    counts them in the extent."""
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
        if m := _OR_SO.match(text, cand.end):
            cand.end = m.end()
        floor = cand.end


_YEAR_BACK = re.compile(r"(?i)^(?:a\s+year\s+(?:ago|earlier|before)|(?:the\s+)?year-(?:earlier|ago)"
                        r"(?:\s+period)?)$")
_AMOUNT_BEFORE = re.compile(r"(?i)(?:\d|%|million|billion|cents?|a\s+share)\s*,?\s*$")


def _compares_with_year_back(cand: _Candidate, text: str) -> bool:
    """ "up from $10 million a year ago", "compared with $3 million last year": a figure set
    against the same period a year back."""
    words = text[cand.start:cand.end]
    if _YEAR_BACK.match(words):
        return True
    return (words.lower() == "last year" and cand.rule == "rel_unit"
            and _AMOUNT_BEFORE.search(text[max(0, cand.start - 40):cand.start]) is not None)


def _follow_narrative(kept: list[_Candidate], text: str, anchor: dt.date) -> None:
    """Resolve what leans on the story's own time rather than the anchor: anaphoric
    expressions ("the following year") on the last date mentioned, and year-back comparisons
    ("profit rose in the third quarter ... from $2 million a year earlier") on the reporting
    quarter (1988-Q3, not 1988), as company news means them."""
    story = Narrative(anchor)
    for cand in kept:
        anaphoric = is_anaphor(cand.value)
        if anaphoric:
            cand.value = story.resolve(cand.value)
        elif _compares_with_year_back(cand, text) and (back := story.year_back()):
            cand.value = back
            continue
        if cand.type in ("DATE", "TIME"):
            story.observe(cand.value, names_quarter=cand.rule in ("quarter", "month_quarter"),
                          refine_only=anaphoric)
        elif cand.type == "DURATION":
            story.observe_period(text[cand.start:cand.end], cand.value)


def tag_timexes(text: str, anchor: dt.date, lexicon: DateLexicon | None = None) -> list[Timex]:
    """Every temporal expression in ``text`` with its TimeML type and value.

    Relative expressions ("on Sunday", "two weeks ago", "last August") are resolved against
    ``anchor``, the publication date; where the year or week is open, the tense of the clause
    decides when it is cheap to see, and nearness to the anchor otherwise.
    """
    lex = lexicon or default_lexicon()
    context = _Context(text, anchor, lex, _cue_pattern(lex))
    kept = [c for c in _longest_first(_candidates(text, context)) if not _quoted_title(c, text, lex)]
    for cand in kept:
        _drop_noun_article(cand, text, lex)
    _follow_narrative(kept, text, anchor)
    _widen(kept, text, lex)
    _join_ranges(kept, text, lex)
    return [Timex(c.start, c.end, text[c.start:c.end], c.type, c.value, c.begin_point,
                  c.end_point) for c in kept]


def _drop_noun_article(cand: _Candidate, text: str, lex: DateLexicon) -> None:
    """ "the two-week crisis", "the 23-year occupation", "the two day rally": a duration told
    as a modifier (a number and a singular unit) before its noun leaves "the" to the noun, as
    TimeML's extent does ("two-week"); "the four days he spent" keeps it (a plural unit)."""
    article = re.match(r"(?i)the\s+", text[cand.start:cand.end])
    words = re.split(r"[\s-]+", text[cand.start:cand.end])
    if cand.type != "DURATION" or article is None or len(words) != 3:
        return
    number, unit = words[1].lower(), words[2].lower()
    if unit in lex.units and (number.isdigit() or number in lex.numbers) and number not in (
            "a", "an") and re.match(r"[ \t]+[A-Za-z]", text[cand.end:cand.end + 3]):
        cand.start += article.end()


_OPENING_QUOTE = re.compile(r"(?:[\"\u201c\u2018']|``)$")


def _quoted_title(cand: _Candidate, text: str, lex: DateLexicon) -> bool:
    """ "ABC News' \"This Week,\"", "\"This Week With David Brinkley\"": words of a time
    opening a quotation, each with a capital, past the first one a word that has none of its
    own (not a month, weekday or holiday name), are the title of a programme, film or book,
    not a time (a quoted sentence writes "\"This week we ...")."""
    words = text[cand.start:cand.end].split()
    if len(words) < 2 or not _OPENING_QUOTE.search(text[max(0, cand.start - 2):cand.start]):
        return False
    proper = set(lex.months) | set(lex.weekdays) | {w for h in lex.holidays for w in h.split()}
    return all(w[:1].isupper() for w in words) and any(
        w not in proper for w in words[1:] if w[:1].isalpha())


def _join_ranges(kept: list[_Candidate], text: str, lex: DateLexicon) -> None:
    """ "between 2010 and 2015", "from March to May": two dates joined by a range's words
    stay two timexes (as TimeML tags them), each carrying the range's first and last point."""
    for first, second in zip(kept, kept[1:], strict=False):
        if first.type not in ("DATE", "TIME") or second.type != first.type:
            continue
        between = " ".join(text[first.end:second.end - len(text[second.start:second.end])]
                           .split()).lower()
        opener = text[max(0, first.start - 12):first.start].split()
        joins = lex.range_openers.get(opener[-1].lower(), []) if opener else []
        if between in joins:
            for cand in (first, second):
                cand.begin_point, cand.end_point = first.value, second.value
