"""Property tests of the readers: for any bytes, any JSON and any CSV, no exception escapes
``read_articles`` and every input (file, line, record) is either read or named in an error."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.articles import Article, read_articles
from newsgraph.errors import InputError
from readers_checks import assert_well_formed

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = [".txt", ".json", ".jsonl", ".csv", ".html", ".rss", ".xml", ".txt.gz"]

# text with everything Unicode has, lone surrogates included (JSON can escape them)
any_text = st.text(st.characters(exclude_categories=()), max_size=80)
scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | any_text | st.sampled_from(["2024-03-05", "2024-03-05T23:30:00+09:00", ""]))
any_json = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(any_text, inner, max_size=4), max_leaves=12)
# records that look like articles, with any value in any field
records = st.fixed_dictionaries(
    {"text": any_json | any_text | st.just("Chile and Peru met in Lima on Monday.")},
    optional={"date": any_json | st.just("2024-03-05"), "id": any_json, "title": any_json,
              "url": any_json, "source": any_json, "body": any_json, "published": any_json},
)
columns = st.sampled_from(["id", "date", "published", "text", "body", "title", "url", "x"])
csv_rows = st.lists(st.lists(any_text, max_size=5), max_size=5)


def read_one(name: str, data: bytes) -> list[Article | InputError]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_articles([path]))


def encoded(text: str) -> bytes:
    """UTF-8, keeping a lone surrogate as the (invalid) bytes it would have on disk."""
    return text.encode("utf-8", "surrogatepass")


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_are_read_or_named(data: bytes, suffix: str) -> None:
    if suffix.endswith(".gz"):
        data = gzip.compress(data)
    assert_well_formed(read_one("input" + suffix, data))


@SETTINGS
@given(value=any_json | records, ascii_only=st.booleans())
def test_any_json_file_is_read_or_named(value: Any, ascii_only: bool) -> None:
    results = read_one("input.json", encoded(json.dumps(value, ensure_ascii=ascii_only)))
    assert_well_formed(results)
    if isinstance(value, list) and value and len(results) > 1:
        assert len(results) == len(value)  # one result per item of a list


@SETTINGS
@given(lines=st.lists(records | any_json, min_size=1, max_size=6), ascii_only=st.booleans())
def test_any_jsonl_line_is_read_or_named(lines: list[Any], ascii_only: bool) -> None:
    text = "\n".join(json.dumps(v, ensure_ascii=ascii_only) for v in lines)
    results = read_one("input.jsonl", encoded(text))
    assert_well_formed(results)
    if len(results) > 1:  # not refused as a whole (an array, or not UTF-8): one per line
        assert len(results) == len(lines)


@SETTINGS
@given(header=st.lists(columns, min_size=1, max_size=5), rows=csv_rows)
def test_any_csv_is_read_or_named(header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    results = read_one("input.csv", encoded(out.getvalue()))
    assert_well_formed(results)
    if len(results) > 1:  # one per record; csv writes an empty row as a blank line, skipped
        assert len(results) == len([row for row in rows if row])


@SETTINGS
@given(text=any_text)
def test_any_txt_with_a_header_is_read_or_named(text: str) -> None:
    assert_well_formed(read_one("input.txt", encoded(" date 2024-03-05 " + text)))
