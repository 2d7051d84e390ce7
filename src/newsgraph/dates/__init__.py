"""Dates: temporal expressions (TimeML) and the date of each event.

Modules, by concept: ``records`` (Timex, EventDate, date_bounds), ``lexicon`` (the date words of
``data/dates.yaml`` and the grammar built from them), ``anchoring`` (calendar arithmetic against
the publication date), ``resolvers`` (one resolver per grammar rule), ``references`` (the
story's own reference time for "the following year" and year-back comparisons), ``timexes``
(tag_timexes), ``background`` (events mentioned in passing, "since the coup", which the text
does not date), ``dating`` (date_event, unreal_date: which timex dates an event), ``named`` (dated_mentions,
borrowed_date: "the phone call" takes the date of "the July 1 call" between the same parties)
and ``context`` (carry_context_dates: an elaborating sentence shares its lead's date).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .records import EventDate, Timex, date_bounds

if TYPE_CHECKING:
    from .background import Background, background_position
    from .context import carry_context_dates
    from .dating import date_event, unreal_date
    from .lexicon import BackgroundMarker, DateLexicon, Unit, default_lexicon
    from .named import (
        EVENT_NOUNS,
        DatedMention,
        borrowed_date,
        dated_mentions,
        same_parties,
    )
    from .timexes import tag_timexes

# dating reads parsed documents (it imports spaCy through parsing), and the tagger's lexicon and
# resolvers cost a read-only command more than the rest of its start: all load on first use
__getattr__ = lazy_attributes(__name__, {
    "EVENT_NOUNS": "named", "date_event": "dating",
    "DatedMention": "named", "dated_mentions": "named", "borrowed_date": "named",
    "same_parties": "named",
    "unreal_date": "dating", "carry_context_dates": "context", "Background": "background",
    "background_position": "background", "BackgroundMarker": "lexicon",
    "DateLexicon": "lexicon", "Unit": "lexicon", "default_lexicon": "lexicon",
    "tag_timexes": "timexes",
})

__all__ = [
    "EVENT_NOUNS",
    "Background",
    "BackgroundMarker",
    "DateLexicon",
    "DatedMention",
    "EventDate",
    "Timex",
    "Unit",
    "background_position",
    "borrowed_date",
    "carry_context_dates",
    "date_bounds",
    "date_event",
    "dated_mentions",
    "default_lexicon",
    "same_parties",
    "tag_timexes",
    "unreal_date",
]


