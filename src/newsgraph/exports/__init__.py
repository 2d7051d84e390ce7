"""Exports: the event format and the formats users of the field already load.

Modules, by concept: ``records`` (the documented event object and its flat row), ``writers``
(JSON Lines, JSON, CSV and Parquet, streamed a page at a time), ``arrow`` (flat rows read
straight into Arrow for Parquet), ``gdelt``, ``icews`` and ``plover`` (those datasets' own
layouts, written and read back), ``export`` (one entry point for the CLI and the API) and
``compare`` (what differs between two databases).
"""

from __future__ import annotations

from .compare import RUN_DEPENDENT_FIELDS, comparable_lines, compare_databases
from .records import CSV_COLUMNS, actor_record, event_record, flat_record, mention_record
from .writers import FORMATS, write_events, write_parquet, write_rows

__all__ = [
    "CSV_COLUMNS", "FORMATS", "RUN_DEPENDENT_FIELDS", "actor_record", "comparable_lines",
    "compare_databases", "event_record", "flat_record", "mention_record", "write_events",
    "write_parquet", "write_rows",
]
