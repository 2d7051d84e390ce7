from __future__ import annotations

import csv
import io
import json

from conftest import make_event, ref
from newsgraph.exports import CSV_COLUMNS, event_record, write_events
from newsgraph.stories import merge_events

REQUIRED = {"id", "type", "mode", "cameo", "quad_class", "goldstein", "date", "date_precision",
            "date_basis", "date_text", "modality", "confidence", "source", "target",
            "claimed_by", "mentions"}


def _event():
    (event,) = merge_events([make_event([ref("person:a", "Ana Brnabic", "SRB")],
                                        [ref("XKX", "Kosovo", "XKX", kind="country")])])
    return event


def test_event_record_has_every_documented_field():
    record = event_record(_event())
    assert REQUIRED <= set(record)
    assert set(record["source"][0]) >= {"id", "name", "country", "sector", "text"}
    assert set(record["mentions"][0]) >= {"article_id", "published", "sentence", "start", "end"}


def test_jsonl_is_one_object_per_line():
    out = io.StringIO()
    assert write_events([_event(), _event()], out, "jsonl") == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["source"][0]["name"] == "Ana Brnabic"


def test_csv_has_header_and_flat_actors():
    out = io.StringIO()
    write_events([_event()], out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == CSV_COLUMNS and rows[0]["target_countries"] == "XKX"
