"""Context dates: an undated event in a sentence that elaborates an earlier, dated one shares
its date ("Macron spoke with Raisi on Saturday. He warned of ...")."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from ..events import Event
from .background import in_past
from .records import date_bounds

# how far back an elaborating sentence may look for its time, and how old that time may be
CONTEXT_SENTENCES = 2
CONTEXT_DAYS = 14


def carry_context_dates(events: list[Event], doc: Doc, published: dt.date) -> None:
    """An undated event shares the recent date of an event one or two sentences earlier that
    has one of its parties: news elaborates its lead ("Macron spoke with Raisi on Saturday.
    He warned of ...") without repeating the day. Only day or week dates from the fortnight
    before publication are carried, and the date text says where the date came from. A
    background event (basis "unknown": "since the coup") is told as happening at another time
    than its neighbours, so it takes no date from them; nor does an event told in the present
    ("Iran denies the charge"), which is of the publication day, not of the lead's."""
    starts = {s.start_char: i for i, s in enumerate(doc.sents)}
    earlier: list[tuple[int, Event]] = []
    for event in sorted(events, key=lambda e: e.mentions[0].trigger_start):
        span = doc.char_span(event.mentions[0].trigger_start, event.mentions[0].trigger_end,
                             alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        here = starts[span.sent.start_char]
        if event.date_basis == "unknown":
            continue  # a background event ("since the coup") neither lends nor borrows a date
        if event.date_basis != "publication":
            earlier.append((here, event))
            continue
        if not in_past(span[0]):
            continue  # "Iran denies the charge": told as of now, not of the lead's day
        parties = {r.actor_id for r in event.source + event.target}
        for there, lead in reversed(earlier):
            if here - there > CONTEXT_SENTENCES:
                break
            if there < here and _recent(lead, published) and parties & {
                    r.actor_id for r in lead.source + lead.target}:
                event.date, event.date_precision = lead.date, lead.date_precision
                event.date_basis = lead.date_basis
                event.date_text = f"{lead.date_text} (from an earlier sentence)"
                m = event.mentions[0]
                m.date, m.date_basis, m.date_text = event.date, event.date_basis, event.date_text
                break


def _recent(event: Event, published: dt.date) -> bool:
    lo, hi = date_bounds(event.date)
    return (event.date_precision in ("day", "week") and lo is not None and hi is not None
            and published - dt.timedelta(days=CONTEXT_DAYS) <= lo and hi <= published)
