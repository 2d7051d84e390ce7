"""Events: who did what to whom, coded in PLOVER with CAMEO, QuadClass and Goldstein beside it.

The package reads a parsed document and the actors found in it and writes ``Event`` records:
``lexicon`` (patterns and cues, from YAML), ``prefilter`` (which sentences to parse),
``triggers`` and ``arguments`` (what happened, between whom), ``codes`` (PLOVER/CAMEO code),
``modality`` and ``attribution`` (is it said to have happened, and by whom), ``unidentified``
(violence whose doer is not named), ``coder`` (all of it).
"""

from __future__ import annotations

from .coder import code_events, group_actors
from .lexicon import MODALITY_FILE, VERBS_FILE, Lexicon, Pattern, inflections, load_lexicon
from .prefilter import could_hold_event
from .records import MODALITIES, Event, Mention
from .unidentified import UNIDENTIFIED

__all__ = [
    "MODALITIES", "MODALITY_FILE", "UNIDENTIFIED", "VERBS_FILE", "Event", "Lexicon", "Mention",
    "Pattern",
    "code_events", "could_hold_event", "group_actors", "inflections", "load_lexicon",
]
