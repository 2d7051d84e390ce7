"""One trigger word gives one event (issue 8 section 3): where patterns of different types
match one word, the most confident reading stays; one type coded per target stays."""

from __future__ import annotations

import datetime as dt

from newsgraph.actors import ActorRef
from newsgraph.events import Event, Mention
from newsgraph.events.coder import one_per_trigger

DAY = dt.date(2024, 3, 1)
SENTENCE = "Rebels beat the army and the police in Kidal."


def _ref(actor_id: str) -> ActorRef:
    return ActorRef(actor_id, actor_id, "country", None, None, actor_id, -1, -1)


def _event(type_: str, confidence: float, target: str, trigger_start: int = 7) -> Event:
    mention = Mention("a1", DAY, SENTENCE, 0, len(SENTENCE), "beat", trigger_start,
                      trigger_start + 4, f"test.{type_.lower()}")
    return Event(type_, None, None, None, None, [_ref("rebels")], [_ref(target)],
                 confidence=confidence, mentions=[mention])


def test_the_most_confident_type_of_one_trigger_stays():
    fight, aid = _event("ASSAULT", 0.8, "army"), _event("AID", 0.5, "army")
    assert one_per_trigger([aid, fight]) == [fight]


def test_a_tie_keeps_the_first_reading():
    first, second = _event("ASSAULT", 0.6, "army"), _event("COERCE", 0.6, "army")
    assert one_per_trigger([first, second]) == [first]


def test_one_type_coded_per_target_stays_whole():
    army, police = _event("ASSAULT", 0.8, "army"), _event("ASSAULT", 0.7, "police")
    other = _event("COERCE", 0.4, "police")
    assert one_per_trigger([army, other, police]) == [army, police]


def test_events_of_other_triggers_are_untouched():
    beat = _event("ASSAULT", 0.8, "army")
    elsewhere = _event("AID", 0.3, "army", trigger_start=30)
    assert one_per_trigger([beat, elsewhere]) == [beat, elsewhere]
