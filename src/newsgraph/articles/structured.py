"""Readers of records: JSON Lines, JSON (one object or a list) and CSV with a header.

A record has ``id?``, ``date|published``, ``title?``, ``text|body``, ``url?``, ``source?``.
Values must be strings (an id may be a number): a list or a number where text belongs is an
error, never its Python repr. Origins are ``path:LINE`` (JSONL, CSV) or ``path#N`` (JSON list).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from .records import MAX_TEXT_BYTES, ReadOptions, Result, make_article, parse_date

_META = ("title", "url", "source")
_JSON_TYPES = {dict: "an object", list: "a list", bool: "true/false", int: "a number",
               float: "a number", type(None): "null"}


def read_jsonl(text: str, origin: str, stem: str, options: ReadOptions) -> Iterator[Result]:
    """One JSON object per line; a bad line is reported and the rest goes on."""
    if text.lstrip().startswith("["):
        yield InputError(origin, "this looks like a JSON array, not JSON Lines (one object per "
                                 "line); name the file .json")
        return
    # lines end at "\n" only: str.splitlines would also split at U+2028 or NEL inside a string
    first = True
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        record = _loads(line, where)
        if isinstance(record, InputError):
            if first and _one_value(text):
                yield InputError(origin, "the file is one JSON value spread over several lines, "
                                         "not JSON Lines (one object per line); name it .json")
                return
            yield record
        else:
            yield from_record(record, where, options, None)
        first = False


def _one_value(text: str) -> bool:
    """Is the whole text a single JSON value (a pretty-printed object in a .jsonl file)?"""
    return not isinstance(_loads(text, ""), InputError)


def _loads(text: str, where: str, numbered: bool = False) -> Any:
    """Parsed JSON, or an error that names the place (with the line when ``numbered``); never
    an exception: deep nesting, huge numbers and bad syntax are all errors of the input."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if numbered:
            where = f"{where}:{exc.lineno}"
        return InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno}); fix the file")
    except RecursionError:
        return InputError(where, "JSON nested too deeply to be an article; fix the file")
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        return InputError(where, f"unreadable JSON value ({exc}); fix the file")


def read_json(text: str, origin: str, stem: str, options: ReadOptions) -> Iterator[Result]:
    """One object (the file's article, named after the file) or a list of objects."""
    data = _loads(text, origin, numbered=True)
    if isinstance(data, InputError):
        yield data
        return
    if isinstance(data, dict):
        yield from_record(data, origin, options, stem)
        return
    if not isinstance(data, list):
        yield InputError(origin, "expected a JSON object or a list of objects; skipped")
        return
    if not data:
        yield InputError(origin, "an empty JSON list: no articles in the file")
        return
    for number, record in enumerate(data, start=1):
        yield from_record(record, f"{origin}#{number}", options, None)


def read_csv(text: str, origin: str, stem: str, options: ReadOptions) -> Iterator[Result]:
    """CSV with a header line; origins give the line where each record starts."""
    csv.field_size_limit(max(csv.field_size_limit(), 2 * MAX_TEXT_BYTES))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        names = reader.fieldnames or []
    except csv.Error as exc:
        yield InputError(f"{origin}:1", f"malformed CSV header ({exc}); fix the file")
        return
    columns = [str(c).strip().lower() for c in names]
    if not {"text", "body"} & set(columns):
        yield InputError(origin, _no_text_column(columns))
        return
    start, rows = reader.line_num + 1, 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield InputError(f"{origin}:{start}", f"malformed CSV ({exc}); fix the file")
            return
        rows += 1
        record = {k: v for k, v in row.items() if k is not None}
        yield from_record(record, f"{origin}:{start}", options, None)
        start = reader.line_num + 1
    if not rows:
        yield InputError(origin, "a header line and no records; nothing to read")


def _no_text_column(columns: list[str]) -> str:
    shown = ", ".join(columns) or "none"
    reason = f"no 'text' or 'body' column (columns: {shown}); add a header"
    for separator, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
        if any(separator in c for c in columns):
            return f"{reason} (the columns seem separated by {name}; use commas)"
    return reason


def from_record(record: Any, origin: str, options: ReadOptions, id_fallback: str | None) -> Result:
    """One JSON/CSV record to an article: ``text|body`` and ``date|published`` required."""
    if not isinstance(record, dict):
        return InputError(origin, f"expected a JSON object, got {_kind(record)}; skipped")
    fields = {str(k).strip().lower(): v for k, v in record.items()}
    name, text = _first(fields, "text", "body")
    if text is None:
        return InputError(origin, "no 'text' (or 'body') field; skipped")
    if not isinstance(text, str):
        return _not_a_string(origin, name, text)
    if not text.strip():
        return InputError(origin, "empty text; skipped")
    date_name, raw_date = _first(fields, "date", "published")
    published: Any = options.default_date
    if raw_date is not None:
        if not isinstance(raw_date, str):
            return _not_a_string(origin, date_name, raw_date, "like YYYY-MM-DD")
        published = parse_date(raw_date, origin)
    _, given_id = _first(fields, "id")
    if isinstance(given_id, int) and not isinstance(given_id, bool):
        given_id = str(given_id)
    if given_id is not None and not isinstance(given_id, str):
        return _not_a_string(origin, "id", given_id)
    meta: dict[str, str | None] = {}
    for key in _META:
        value = fields.get(key)
        if value is not None and not isinstance(value, str):
            return _not_a_string(origin, key, value)
        meta[key] = value
    return make_article(origin, text, published, given_id or id_fallback, options, **meta)


def _first(fields: dict[str, Any], *names: str) -> tuple[str, Any]:
    """The first of the names present with a value (empty strings count as absent)."""
    for name in names:
        if fields.get(name) not in (None, ""):
            return name, fields[name]
    return names[0], None


def _kind(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _not_a_string(origin: str, name: str, value: Any, like: str = "") -> InputError:
    wanted = f"a string {like}".strip()
    return InputError(origin, f"the '{name}' field is {_kind(value)}, not {wanted}; fix the record")
