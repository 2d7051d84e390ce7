"""Events: who did what to whom, coded in PLOVER with CAMEO, QuadClass and Goldstein beside it.

The package reads a parsed document and the actors found in it and writes ``Event`` records:
``lexicon`` (patterns and cues, from YAML), ``prefilter`` (which sentences to parse),
``triggers`` and ``arguments`` (what happened, between whom), ``codes`` (PLOVER/CAMEO code),
``modality`` and ``attribution`` (is it said to have happened, and by whom), ``unidentified``
(violence whose doer is not named), ``coder`` (all of it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .records import MODALITIES, UNIDENTIFIED, Event, Mention

if TYPE_CHECKING:
    from .coder import code_events, group_actors
    from .lexicon import MODALITY_FILE, VERBS_FILE, Lexicon, Pattern, inflections, load_lexicon
    from .prefilter import could_hold_event

# the records are all a reader of the database needs; the coder imports spaCy, so on first use
__getattr__ = lazy_attributes(__name__, {
    "code_events": "coder", "group_actors": "coder", "MODALITY_FILE": "lexicon",
    "VERBS_FILE": "lexicon", "Lexicon": "lexicon", "Pattern": "lexicon",
    "inflections": "lexicon", "load_lexicon": "lexicon", "could_hold_event": "prefilter",
})

__all__ = [
    "MODALITIES", "MODALITY_FILE", "UNIDENTIFIED", "VERBS_FILE", "Event", "Lexicon", "Mention",
    "Pattern",
    "code_events", "could_hold_event", "group_actors", "inflections", "load_lexicon",
]
