"""The entry point: paths in, an ``Article`` or an ``InputError`` per input out, never an
exception, so that one bad file is one error line and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from .decoding import decode
from .files import KNOWN_SUFFIXES, expand_paths, read_bytes, shown, split_name
from .records import ReadOptions, Result, make_article, parse_date
from .structured import read_csv, read_json, read_jsonl
from .web import read_feed, read_html

log = logging.getLogger(__name__)

# the value must start with a digit, so that a body opening with "Date growers ..." is no header
_HEADER = re.compile(r"\A\s*date[ \t]+(\d\S*)(?:[ \t]+|[ \t]*(?:\r\n|\r|\n)|\Z)", re.IGNORECASE)

Reader = Callable[[str, str, str, ReadOptions], Iterator[Result]]


def read_articles(
    paths: Iterable[str | Path], default_date: dt.date | None = None,
    repair_encoding: bool = False,
) -> Iterator[Result]:
    """Yield an ``Article`` per article and an ``InputError`` per bad input; never raise.

    Folders are walked recursively in sorted order (hidden files and files of unknown type
    skipped) so that runs are reproducible. ``default_date`` dates inputs that carry no date
    of their own; ``repair_encoding`` fixes mojibake with ftfy instead of refusing the input.
    """
    options = ReadOptions(default_date, repair_encoding)
    for path in expand_paths(paths):
        if isinstance(path, InputError):
            yield path
            continue
        yield from read_file(path, options)


def read_file(path: Path, options: ReadOptions | dt.date | None = None) -> Iterator[Result]:
    """Articles and errors of one file, dispatched on its extension."""
    if not isinstance(options, ReadOptions):
        options = ReadOptions(default_date=options)
    origin = shown(path)
    stem, fmt, gz = split_name(path)
    if fmt is None:
        if not os.path.lexists(path):
            yield InputError(origin, "no such file or folder; check the path")
        else:
            yield InputError(origin, f"unknown extension; newsgraph reads {KNOWN_SUFFIXES}; "
                                     "skipped")
        return
    data = read_bytes(path, gz)
    if isinstance(data, InputError):
        yield data
        return
    text = decode(data, origin, options.repair_encoding)
    if isinstance(text, InputError):
        yield text
        return
    if not text.strip():
        yield InputError(origin, "empty file (no text, or only white space); nothing to read")
        return
    yield from _guarded(READERS[fmt], text, origin, shown(stem), options)


def _guarded(reader: Reader, text: str, origin: str, stem: str,
             options: ReadOptions) -> Iterator[Result]:
    """The reader's results; an exception from a parser (ours or a library's, on input no one
    foresaw) ends this file with one error line instead of ending the batch."""
    try:
        yield from reader(text, origin, stem, options)
    except Exception as exc:  # noqa: BLE001 - the promise is one error line per bad input
        log.debug("reading %s failed", origin, exc_info=True)
        yield InputError(origin, f"could not be read ({type(exc).__name__}: {exc}); this is a "
                                 "bug in newsgraph: please report it with the file")


def read_txt(text: str, origin: str, stem: str, options: ReadOptions) -> Iterator[Result]:
    """The seed layout: `` date YYYY-MM-DD`` header, then the body."""
    match = _HEADER.match(text)
    if match:
        published: dt.date | InputError | None = parse_date(match.group(1), origin)
        if isinstance(published, InputError):
            published = InputError(
                origin, f"invalid date {match.group(1)[:40]!r} in the date header; write "
                        "YYYY-MM-DD"
            )
        body = text[match.end():]
    elif options.default_date is None:
        yield InputError(
            origin, "no date header (' date YYYY-MM-DD' on the first line); "
            "add one or pass --date YYYY-MM-DD"
        )
        return
    else:
        published, body = options.default_date, text
    if not body.strip():
        yield InputError(origin, "empty text; nothing to read")
        return
    yield make_article(origin, body, published, stem, options)


READERS: dict[str, Reader] = {
    "txt": read_txt, "jsonl": read_jsonl, "json": read_json, "csv": read_csv,
    "html": read_html, "feed": read_feed,
}
