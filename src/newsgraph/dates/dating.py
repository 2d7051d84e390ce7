"""Dating events: which timex of a sentence dates an event."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..parsing import UNPARSED_DEP
from .background import Background, background_position, in_past, placed_before
from .lexicon import DateLexicon, default_lexicon
from .passing import Passing, passing_mention, past_span, span_start
from .records import EventDate, Timex, date_bounds

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


DATING_TYPES = ("DATE", "TIME")  # the timex types that can date an event
_VERBAL = ("VERB", "AUX")
_NOMINAL = ("NOUN", "PROPN")
_PRECISION = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}"), "day", 10),
    (re.compile(r"^\d{4}-W\d{2}"), "week", 8),
    (re.compile(r"^\d{4}-\d{2}$"), "month", 7),
    (re.compile(r"^\d{4}-Q[1-4]$"), "year", 7),  # a quarter: coarser than a month
    (re.compile(r"^\d{4}(?:-(?:SP|SU|FA|WI|H[12]))?$"), "year", 4),
    (re.compile(r"^\d{4}-\d{2}-XX$"), "month", 7),  # "that same day" after a month: its month
    (re.compile(r"^\d{4}-(?:XX|WXX|QX|XX-XX)$"), "year", 4),
]
# links by which a time word modifies the noun of an event ("the July 1 call", "Monday's vote")
_NOUN_MODIFIER = ("nmod", "compound", "poss", "amod", "nummod", "npadvmod")
_ABSOLUTE_RULES = ("day_month", "spelled_year")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)|\d{1,2}/\d{1,2}/\d{2,4}")


def event_value(value: str, published: dt.date) -> tuple[str, str] | None:
    """A timex value as an event date and its precision; None when it names no calendar span."""
    if value == "PRESENT_REF":
        return published.isoformat(), "day"
    for pattern, precision, keep in _PRECISION:
        if pattern.match(value):
            return value[:keep], precision
    return None


def is_absolute(text: str, lex: DateLexicon) -> bool:
    """ "June 10", "Sept. 20, 2022", "2022", "nineteen ninety-six": the words alone fix the date,
    no anchor needed."""
    if _YEAR_IN_TEXT.search(text):
        return True
    return any(p.search(text) for name, p in lex.grammar if name in _ABSOLUTE_RULES)


def _clause_head(token: Token) -> Token:
    """The nearest verb at or above ``token``: the clause it belongs to."""
    while token.pos_ not in _VERBAL and token.head.i != token.i:
        token = token.head
    return token


def _attachment(timex: Timex, sentence: Span, trigger: Token, lex: DateLexicon) -> int:
    """0 when the timex hangs off the trigger (through nouns and prepositions, not another
    verb), 1 when it is in the trigger's clause, 2 otherwise."""
    span = sentence.doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 2
    if span.start <= trigger.i < span.end:
        return 0
    token = span.root
    while token.head.i != token.i:
        token = token.head
        if token.i == trigger.i:
            return 0
        if token.pos_ in _VERBAL:
            break
    if _own_clause(token, trigger, lex):
        return 0
    return 1 if _clause_head(token).i == _clause_head(trigger).i else 2


def _own_clause(verb: Token, trigger: Token, lex: DateLexicon) -> bool:
    """``verb`` heads a relative clause of the event noun ``trigger`` told in the past ("the
    missile attack that Iran carried out against Israel earlier this month", "the raid which
    troops had launched on Monday"; spaCy calls some of them ``acl``): it tells the event
    itself, so its time words are the event's own. A clause in the present tells a later state
    ("talks that remain stalled since last August"), one to come or a bare participle a plan
    ("the talks scheduled for Friday"); neither dates the event."""
    if verb.dep_ not in ("relcl", "acl") or verb.head.i != trigger.i or trigger.pos_ not in _NOMINAL:
        return False
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(
            c.dep_ in ("aux", "auxpass") for c in verb.children):
        # "the attack launched by Hamas on Saturday", "the talks held on Wednesday", but not
        # a plan's participle ("a summit set for April", "talks scheduled for Friday")
        return verb.lower_ not in lex.planning_participles
    return in_past(verb)


def _governs(timex: Timex, sentence: Span, trigger: Token, lex: DateLexicon) -> bool:
    """The timex hangs off the trigger, its clause, or a clause above it (main-clause dates
    reach into reported speech: "On Friday, X said Y struck Z")."""
    if _attachment(timex, sentence, trigger, lex) < 2:
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


def _in_other_background(timex: Timex, sentence: Span, trigger: Token, lex: DateLexicon) -> bool:
    """The timex dates a background clause or phrase that does not hold the trigger."""
    span = sentence.doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    background = background_position(_clause_head(span.root), lex)
    if background is None:
        return False
    head = background.head
    return not head.left_edge.i <= trigger.i <= head.right_edge.i


def _distance(timex: Timex, trigger: Token) -> int:
    at = trigger.idx
    return 0 if timex.start <= at < timex.end else min(abs(timex.start - at), abs(timex.end - at))


def date_event(sentence: Span, trigger: Token, published: dt.date, timexes: list[Timex],
               lexicon: DateLexicon | None = None) -> EventDate:
    """When the event of ``trigger`` happened, from the timexes of its sentence.

    The timex attached to the trigger in the parse wins, then one in the same clause, then the
    nearest; durations, sets and vague references ("recently") do not date an event. Without
    any, the publication date stands in, with basis "publication" saying so. An event in a
    background phrase ("since the rebels seized the port") is dated only by the time words of
    its own phrase; without any it gets no date (basis "unknown"), the text saying why.

    What the text bounds it by comes back too, both ways (``after``/``before``): a time in a
    background phrase that does not hold the trigger dates that phrase's event and only bounds
    this one ("Following the July 1 call, Iran suspended ..." is undated, on or after July 1);
    a range holds it ("between 2010 and 2015"); "since August" dates where it began and bounds
    it up to publication; a background event lies before or after the event it hangs off.
    """
    lex = lexicon or default_lexicon()
    inside = [
        t for t in timexes
        if sentence.start_char <= t.start and t.end <= sentence.end_char and (
            t.type in DATING_TYPES and event_value(t.value, published) is not None
            and not past_span(t, lex) or _range_bounds(t) is not None)
    ]
    parsed = not any(tok.dep_ == UNPARSED_DEP for tok in sentence)
    background = background_position(trigger, lex) if parsed else None
    if background is not None:
        own = [t for t in inside
               if _below(t, sentence, background.head) and _governs(t, sentence, trigger, lex)]
        if not own and background.governor is not None and _modal(background.governor):
            # "will strike in retaliation for the attack two weeks ago": a past time cannot
            # date the act to come, whatever the parse hangs it on; it is the background's
            own = [t for t in inside if _past_time(t, published)
                   and _governs(t, sentence, background.governor, lex)]
        if not own:
            return _undated(background, sentence, trigger, published, timexes, lex)
        inside = own
    if parsed and background is None and (passing := passing_mention(trigger, lex)) is not None:
        # "condemned the bombing", "a recent call": only a time word of its own dates it
        own = [t for t in inside if _attachment(t, sentence, trigger, lex) == 0]
        if not own:
            return _in_passing(passing, sentence, trigger, published, timexes, lex)
        inside = own
    if not inside:
        return _habitual(trigger, published, lex) or _in_past_span(
            sentence, trigger, published, timexes, lex, parsed) or (
            _before_another(trigger, published, lex) if parsed else None) or EventDate(
            published.isoformat(), "day", "publication", None)
    if parsed:
        # a timex inside another clause that does not govern the trigger ("talks that remain
        # stalled since last August") dates that clause, not this event; nor does one inside a
        # background clause the trigger is not in ("recalled its envoy after the militia
        # shelled the embassy on Thursday": Thursday is the shelling's)
        inside = [t for t in inside if _governs(t, sentence, trigger, lex)
                  and not _in_other_background(t, sentence, trigger, lex)]
        if not inside:
            return _in_past_span(sentence, trigger, published, timexes, lex, parsed) or \
                EventDate(published.isoformat(), "day", "publication", None)

    def rank(t: Timex) -> tuple[int, int]:
        return (_attachment(t, sentence, trigger, lex) if parsed else 2, _distance(t, trigger))

    best = min(inside, key=rank)
    phrase = _bounding_phrase(best, sentence, trigger, lex) if parsed else None
    if phrase is not None:
        dating = [t for t in inside if _bounding_phrase(t, sentence, trigger, lex) is None]
        if not _opens_period(best, phrase, sentence):
            if not dating:
                return _bounded(best, phrase, trigger, published)
            best = min(dating, key=rank)
            phrase = None
    if (span := _range_bounds(best)) is not None:
        return EventDate(None, None, "unknown", f"not given: within {best.begin_point} to "
                         f"{best.end_point}; on or after {span[0]}, on or before {span[1]}",
                         after=span[0], before=span[1])
    value, precision = event_value(best.value, published) or (published.isoformat(), "day")
    basis = "explicit" if is_absolute(best.text, lex) else "relative"
    if phrase is not None:  # "have held the town since August": from then up to now
        after, _ = _day_bounds(best.value)
        before = published.isoformat() if in_past(trigger) else None
        return EventDate(value, precision, basis, best.text, after=after, before=before)
    after, before = _leaning(best, published, lex)
    return EventDate(value, precision, basis, best.text, after=after, before=before)


def _leaning(timex: Timex, published: dt.date, lex: DateLexicon) -> tuple[str | None, str | None]:
    """The side of publication a period of now puts the event on ("later this year": on or
    after the publication day, "earlier this month": on or before it), as bounds; Nones
    otherwise."""
    words = timex.text.lower().split()
    if "this" not in words[1:3]:
        return None, None  # "later that year" is the story's year, not the publication's
    side = lex.leaning_words.get(words[0])
    lo, hi = date_bounds(timex.value)
    if side is None or lo is None or hi is None or not lo <= published <= hi:
        return None, None
    day = published.isoformat()
    return (day, None) if side == "after" else (None, day)


def _range_bounds(timex: Timex) -> tuple[str, str] | None:
    """The first and last day of a range timex ("2019-2021", "between March and May"): an
    event it holds lies somewhere within, on no day the text gives."""
    lo, _ = _day_bounds(timex.begin_point)
    _, hi = _day_bounds(timex.end_point)
    return (lo, hi) if lo and hi and lo <= hi else None


def _day_bounds(value: str | None) -> tuple[str | None, str | None]:
    """The first and last day of a value's span as ISO days (Nones where it names none)."""
    lo, hi = date_bounds(value)
    return (lo.isoformat() if lo else None), (hi.isoformat() if hi else None)


def _earliest(a: str | None, b: str | None) -> str | None:
    """The earlier of two ISO days, either of which may be missing."""
    return min(d for d in (a, b) if d) if a or b else None


def _bounding_phrase(timex: Timex, sentence: Span, trigger: Token,
                     lex: DateLexicon) -> Background | None:
    """The background phrase the timex sits in when that phrase does not hold the trigger
    ("following the July 1 call, Iran suspended ...", "withdrew before the June 28 vote",
    "have held the town since August"): the time dates what the phrase tells, and only bounds
    the trigger's event."""
    span = sentence.doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    while token.dep_ in _NOUN_MODIFIER and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head  # "the July 1 call": the time names the call's day
    phrase = background_position(token, lex)
    if phrase is None or phrase.head.left_edge.i <= trigger.i <= phrase.head.right_edge.i:
        return None
    return phrase


def _opens_period(timex: Timex, phrase: Background, sentence: Span) -> bool:
    """ "since August", "since May 3": the marker's object is the time itself and the marker
    opens a period (not "after", which is close), so the time is where the event began."""
    span = sentence.doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return (span is not None and span.start <= phrase.head.i < span.end
            and phrase.spec.relation == "before" and not phrase.spec.close)


def _bounded(timex: Timex, phrase: Background, trigger: Token, published: dt.date) -> EventDate:
    """No date for an event placed only against the time of a background phrase, and the
    bound that time gives it: on or after it for "after"/"following"/"since", on or before
    it for "before"/"prior to"; before publication too when it is told in the past."""
    lo, hi = _day_bounds(timex.value)
    after = lo if phrase.spec.relation == "before" else None
    before = hi if phrase.spec.relation == "after" else None
    if in_past(trigger):
        before = _earliest(before, published.isoformat())
    known = [f"on or after {after}"] if after else []
    known += [f"on or before {before}"] if before else []
    text = (f"not given: placed against '{timex.text}' in {phrase.describe()}"
            + ("; " + ", ".join(known) if known else ""))
    return EventDate(None, None, "unknown", text, after=after, before=before)


def _habitual(trigger: Token, published: dt.date, lex: DateLexicon) -> EventDate | None:
    """No date for an act told as repeated over an unstated span ("has continuously called
    for a ceasefire"): the publication date would pin a habit to one day."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    words = [c.lower_ for c in verb.children if c.dep_ == "advmod" and c.lower_ in lex.habitual]
    if not words:
        return None
    return EventDate(None, None, "unknown",
                     f"not given: told as repeated ('{words[0]}'); before {published.isoformat()}",
                     before=published.isoformat())


def _modal(token: Token) -> bool:
    """The clause of ``token`` is told with a modal ("will strike", "would support")."""
    verb = token if token.pos_ in _VERBAL else token.head
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in verb.children)


def _past_time(timex: Timex, published: dt.date) -> bool:
    """The timex lies wholly before the publication day ("two weeks ago", "last month")."""
    _, hi = date_bounds(timex.value)
    return hi is not None and hi < published


def _in_passing(passing: Passing, sentence: Span, trigger: Token, published: dt.date,
                timexes: list[Timex], lex: DateLexicon) -> EventDate:
    """No date for an event noun told in passing ("a recent call", "condemned the bombing"):
    it came before the reaction it is told against (when that is dated) and before
    publication; the bound lets a dated report of the same act in the article take it."""
    before = published.isoformat()
    known = f"before {before}"
    if passing.reaction is not None:
        main = date_event(sentence, passing.reaction, published, timexes, lex)
        _, hi = _day_bounds(main.value)
        if main.value is not None and main.basis in ("explicit", "relative") and hi:
            known, before = _relative_to("before", main), _earliest(hi, before) or before
        elif main.value is None and main.before:
            before = _earliest(main.before, before) or before
            known = f"before {before}"
    return EventDate(None, None, "unknown", f"not given: told in passing ({passing.reason}); "
                     f"{known}", before, after=None, before=before)


def _in_past_span(sentence: Span, trigger: Token, published: dt.date, timexes: list[Timex],
                  lex: DateLexicon, parsed: bool) -> EventDate | None:
    """No date for an event held by a past span that names no day of it ("have imposed
    sanctions in recent months", "recently visited"): on or after the span's start when its
    length is stated, on or before publication."""
    spans = [t for t in timexes
             if sentence.start_char <= t.start and t.end <= sentence.end_char
             and past_span(t, lex) and (not parsed or _attachment(t, sentence, trigger, lex) < 2)]
    if not spans:
        return None
    span = min(spans, key=lambda t: _distance(t, trigger))
    start = span_start(span, published, lex)
    after = start.isoformat() if start else None
    known = (f"on or after {after}, " if after else "") + f"on or before {published.isoformat()}"
    return EventDate(None, None, "unknown", f"not given: within '{span.text}'; {known}",
                     after=after, before=published.isoformat())


def _before_another(trigger: Token, published: dt.date, lex: DateLexicon) -> EventDate | None:
    """No date for a past act placed before another event named without a time ("drones
    were supplied to Russia before the war"): it happened some time before that, not today."""
    marker = placed_before(trigger, lex)
    if marker is None or not in_past(trigger):
        return None
    return EventDate(None, None, "unknown", f"not given: placed '{marker}' an event the text "
                     f"does not date; before {published.isoformat()}",
                     before=published.isoformat())


# modalities of acts not told as having happened (yet)
_UNREAL = ("future", "hypothetical")


def unreal_date(when: EventDate, modality: str, trigger: Token, published: dt.date) -> EventDate:
    """The date of an act told as planned, wanted or ruled out ("will strike", "would support",
    "will not strike"): it has no day it happened, so neither the publication date nor a past
    time word of the sentence ("in retaliation for the attack two weeks ago") dates it; a time
    word of its own that lies ahead ("will visit on Monday") still does."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    modal = any(c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in verb.children)
    if modality not in _UNREAL and not (modality == "negated" and modal):
        return when
    _, hi = date_bounds(when.value)
    if when.value is not None and when.basis != "publication" and (hi is None or hi >= published):
        return when
    ahead = modality == "future" or modal
    after = f"; on or after {published.isoformat()}" if ahead else ""
    return EventDate(None, None, "unknown", f"not given: told as {modality}{after}",
                     after=published.isoformat() if ahead else None)


def _below(timex: Timex, sentence: Span, head: Token) -> bool:
    """The timex lies inside the phrase of ``head`` (its subtree is a contiguous span)."""
    span = sentence.doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return (span is not None and len(span) > 0 and head.left_edge.i <= span.start
            and span.end - 1 <= head.right_edge.i)


def _relative_to(relation: str, main: EventDate) -> str:
    """ "before 2024-03-08"; against a month or a year the background event may fall inside it
    ("before or during 2022-05": the invasion came before the application made in May)."""
    if main.precision == "day":
        return f"{relation} {main.value}"
    if relation == "before":
        return f"before or during {main.value}"
    return f"during or after {main.value}"


def _undated(background: Background, sentence: Span, trigger: Token, published: dt.date,
             timexes: list[Timex], lex: DateLexicon) -> EventDate:
    """No date for a background event, and what is known instead: it lies before (or after)
    the dated event its phrase hangs off, and before publication when it is told as past."""
    known = []
    bound = after = before = None
    relation = background.spec.relation
    governor = background.governor
    if governor is not None:
        main = date_event(sentence, governor, published, timexes, lex)
        if main.value is not None and main.basis in ("explicit", "relative"):
            known.append(_relative_to(relation, main))
            bound = main.value
            lo, hi = _day_bounds(main.value)
            after, before = (None, hi) if relation == "before" else (lo, None)
        elif main.value is None:  # the event it hangs off is itself only bounded
            after, before = (None, main.before) if relation == "before" else (main.after, None)
    # a clause tells its own tense ("since the rebels seized"); an event noun takes that of
    # the clause it hangs off, which only bounds it when it came first ("after the blockade")
    before_main = relation == "before"
    told_as_past = (in_past(trigger) if background.form == "clause"
                    else before_main and governor is not None and in_past(governor))
    if told_as_past and not (known and before_main):
        known.append(f"before {published.isoformat()}")
        bound = bound or published.isoformat()
    if told_as_past:
        before = _earliest(before, published.isoformat())
    if not (background.spec.close and before_main):
        bound = None  # "since the coup": the start of a period, maybe long before
    text = f"not given: in {background.describe()}" + ("; " + ", ".join(known) if known else "")
    return EventDate(None, None, "unknown", text, bound, after=after, before=before)
