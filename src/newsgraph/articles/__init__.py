"""Reading dated news articles from files into ``Article`` records.

One entry point, :func:`read_articles`, takes files or folders and yields an ``Article`` per
article and an :class:`~newsgraph.errors.InputError` per bad input, so a batch run can report
one line per failure and go on. Formats (each also gzip-compressed, ``name.txt.gz``):

- ``.txt``: the seed layout, `` date YYYY-MM-DD`` then the body (on the same line or the next);
  without the header the caller's ``default_date`` (``--date``) is used, never a guess.
- ``.jsonl``, ``.json`` (one object or a list) and ``.csv``: records with ``id?``,
  ``date|published``, ``title?``, ``text|body``, ``url?``, ``source?`` (``structured``).
- ``.html`` / ``.htm``: main text, title and date extracted with trafilatura (``web``).
- ``.rss`` / ``.atom`` / ``.xml`` feeds: one article per entry, read with feedparser (``web``).

Origins name where an article came from: ``path`` for a file, ``path:LINE`` for a JSONL or CSV
record (line where the record starts) and ``path#N`` for the N-th item of a JSON list or feed.

The parts, by job: ``records`` (the ``Article`` record, ids, hashes, the checks every reader
ends with), ``files`` (finding files, reading only regular files within the size limit),
``decoding`` (bytes to text without mojibake), ``structured`` and ``web`` (readers per
format), ``languages`` (which language an article is in), ``reading`` (the entry point).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .records import (
    EARLIEST_DATE,
    MAX_TEXT_BYTES,
    Article,
    ReadOptions,
    Result,
    content_hash,
    count_words,
    normalise_text,
    parse_date,
    text_id,
    written_in_lower_case,
)

if TYPE_CHECKING:
    from .decoding import decode, mis_decoded_at
    from .files import FORMATS, KNOWN_SUFFIXES, MAX_FILE_BYTES, shown, split_name
    from .languages import identify_language
    from .reading import read_articles, read_file
    from .web import strip_html

# the record is all a reader of the database needs; the readers (trafilatura, feedparser,
# dateutil, the language model) load on first use
__getattr__ = lazy_attributes(__name__, {
    "decode": "decoding", "mis_decoded_at": "decoding", "FORMATS": "files",
    "KNOWN_SUFFIXES": "files", "MAX_FILE_BYTES": "files", "shown": "files",
    "split_name": "files", "identify_language": "languages", "read_articles": "reading",
    "read_file": "reading", "strip_html": "web",
})

__all__ = [
    "EARLIEST_DATE", "FORMATS", "KNOWN_SUFFIXES", "MAX_FILE_BYTES", "MAX_TEXT_BYTES", "Article",
    "ReadOptions", "Result", "content_hash", "count_words", "decode", "identify_language",
    "mis_decoded_at", "normalise_text", "parse_date", "read_articles", "read_file", "shown",
    "split_name", "strip_html", "text_id", "written_in_lower_case",
]
