"""carry_context_dates: an elaborating sentence shares its lead's date, and what does not.

The sentences are written for these tests; none comes from an evaluation set.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_event, ref
from newsgraph.dates import carry_context_dates
from newsgraph.parsing import parse_articles

PUBLISHED = dt.date(2024, 3, 12)


@pytest.mark.parametrize("second, trigger, carried", [
    ("He urged her to free the detained sailors.", "urged", True),
    ("Ecuador denies holding any sailors.", "denies", False),
])
def test_only_a_past_elaboration_borrows_the_lead_date(nlp, second: str, trigger: str,
                                                       carried: bool) -> None:
    chile = ref("person:boric", "Boric", "CHL")
    ecuador = ref("person:noboa", "Noboa", "ECU")
    text = "Boric spoke with Noboa on Sunday. " + second
    doc = next(parse_articles(nlp, [text], None))
    lead = make_event([chile], [ecuador], date="2024-03-10", basis="relative",
                      trigger_start=text.index("spoke"), published="2024-03-12")
    other = make_event([chile], [ecuador], type="REQUEST", date=PUBLISHED.isoformat(),
                       basis="publication", trigger_start=text.index(trigger),
                       published="2024-03-12")
    carry_context_dates([lead, other], doc, PUBLISHED)
    assert (other.date == "2024-03-10") is carried
    assert other.date_basis == ("relative" if carried else "publication")
