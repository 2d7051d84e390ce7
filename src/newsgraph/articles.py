"""Reading dated news articles from files into ``Article`` records.

One entry point, :func:`read_articles`, takes files or folders and yields an ``Article`` per
article and an :class:`~newsgraph.errors.InputError` per bad input, so a batch run can report
one line per failure and go on. Formats (each also gzip-compressed, ``name.txt.gz``):

- ``.txt``: the seed layout, `` date YYYY-MM-DD`` then the body (on the same line or the next);
  without the header the caller's ``default_date`` (``--date``) is used, never a guess.
- ``.jsonl``, ``.json`` (one object or a list) and ``.csv``: records with ``id?``,
  ``date|published``, ``title?``, ``text|body``, ``url?``, ``source?``.
- ``.html`` / ``.htm``: main text, title and date extracted with trafilatura.
- ``.rss`` / ``.atom`` / ``.xml`` feeds: one article per entry, read with feedparser.

Origins name where an article came from: ``path`` for a file, ``path:LINE`` for a JSONL or CSV
record (line where the record starts) and ``path#N`` for the N-th item of a JSON list or feed.

Encoding: UTF-8 (a BOM is allowed; UTF-16 with a BOM too). A file that is not valid UTF-8 is
read as cp1252 only when it decodes cleanly *and* holds no UTF-8-like byte sequences (which
would mean a damaged UTF-8 file that cp1252 would turn into mojibake); that fallback is logged
as a warning. Text that already contains typical mojibake (``â€™``, ``Ã©``) is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import gzip
import hashlib
import io
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .errors import InputError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TEXT_BYTES = 2 * 1024 * 1024
EARLIEST_DATE = dt.date(1900, 1, 1)

FORMATS = {
    ".txt": "txt", ".jsonl": "jsonl", ".json": "json", ".csv": "csv",
    ".html": "html", ".htm": "html", ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
KNOWN_SUFFIXES = ", ".join(FORMATS) + " (each optionally .gz)"

# the value must start with a digit, so that a body opening with "Date growers ..." is no header
_HEADER = re.compile(r"\A\s*date[ \t]+(\d\S*)(?:[ \t]+|[ \t]*\r?\n|\Z)", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_MOJIBAKE = re.compile("â€[\u0080-\u00ff\u0152-\u2122]|Ã[\u00a0-\u00bf\u0152-\u2122]")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass
class Article:
    """One dated news article, as read from an input.

    ``text`` is the body only; ``origin`` names the input (``path`` or ``path:line``) so that
    errors and provenance can point back to it.
    """

    id: str
    published: dt.date
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None
    content_hash: str = ""


Result = Article | InputError


# --------------------------------------------------------------------------- public helpers


def normalise_text(text: str) -> str:
    """Body text as stored: NFC, ``\\n`` line ends, no trailing spaces, paragraphs kept.

    Offsets of every later stage point into this string, so it is normalised once, here.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


def written_in_lower_case(text: str) -> bool:
    """Has the text lost its capitals (some corpora are distributed lower-cased)? Names are
    then hard to tell from words ("turkey", "may"), so the user should know why so few actors
    and events come out. Short texts are not judged."""
    letters = sum(1 for c in text if c.isalpha())
    capitals = sum(1 for c in text if c.isupper())
    return letters >= 200 and capitals < letters / 500


def _hash_key(text: str) -> str:
    """Text reduced so that whitespace, case and Unicode form do not change its hash."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def content_hash(text: str) -> str:
    """sha256 of the normalised text; the store uses it to make re-ingesting a no-op."""
    return hashlib.sha256(_hash_key(text).encode("utf-8")).hexdigest()


def text_id(text: str) -> str:
    """Id for a record that has none: stable across runs, first 16 hex of sha1."""
    return hashlib.sha1(_hash_key(text).encode("utf-8")).hexdigest()[:16]


def count_words(text: str) -> int:
    """Number of words (hyphenated and apostrophe words count once)."""
    return len(_WORD.findall(text))


def read_articles(
    paths: Iterable[str | Path], default_date: dt.date | None = None
) -> Iterator[Result]:
    """Yield an ``Article`` per article and an ``InputError`` per bad input; never raise.

    Folders are walked recursively in sorted order (hidden files and files of unknown type
    skipped) so that runs are reproducible. ``default_date`` dates inputs that carry no date
    of their own.
    """
    for path in _expand(paths):
        if isinstance(path, InputError):
            yield path
            continue
        yield from read_file(path, default_date)


def read_file(path: Path, default_date: dt.date | None = None) -> Iterator[Result]:
    """Articles and errors of one file, dispatched on its extension."""
    origin = str(path)
    stem, fmt, gz = split_name(path)
    if fmt is None:
        yield InputError(origin, f"unknown extension; newsgraph reads {KNOWN_SUFFIXES}; skipped")
        return
    data = _read_bytes(path, gz)
    if isinstance(data, InputError):
        yield data
        return
    text = _decode(data, origin)
    if isinstance(text, InputError):
        yield text
        return
    reader = _READERS[fmt]
    yield from reader(text, origin, stem, default_date)


def split_name(path: Path) -> tuple[str, str | None, bool]:
    """(name without its extensions, format or None, gzip?) of a file name."""
    name = path.name
    gz = name.lower().endswith(".gz")
    if gz:
        name = name[:-3]
    suffix = Path(name).suffix.lower()
    fmt = FORMATS.get(suffix)
    stem = name[: -len(suffix)] if fmt else name
    return stem, fmt, gz


# --------------------------------------------------------------------------- files and bytes


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files named or found under the folders named, in a reproducible order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file() or p.is_symlink())
            visible = (p for p in found if not _hidden(p.relative_to(path)))
            yield from sorted(filter(_readable_or_logged, visible),
                              key=lambda p: p.relative_to(path).as_posix())
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield InputError(str(path), "no such file or folder; check the path")


def _readable_or_logged(path: Path) -> bool:
    """A file found in a folder with no article extension (README.md) is skipped, not an error.

    Only files named explicitly are reported as unreadable; a folder may hold notes.
    """
    if split_name(path)[1] is not None:
        return True
    log.info("%s: not an article file (unknown extension); skipped", path)
    return False


def _hidden(relative: Path) -> bool:
    """Dot files and folders (``.git``, ``.DS_Store``) are not articles."""
    return any(part.startswith(".") for part in relative.parts)


def _read_bytes(path: Path, gz: bool) -> bytes | InputError:
    """The file's bytes (decompressed), refusing files over ``MAX_FILE_BYTES``."""
    origin = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return _too_big(origin, path.stat().st_size)
        if not gz:
            return path.read_bytes()
        with gzip.open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        return InputError(origin, "permission denied; make the file readable (chmod +r)")
    except (gzip.BadGzipFile, EOFError, OSError) as exc:
        if gz and not isinstance(exc, FileNotFoundError | IsADirectoryError):
            return InputError(origin, f"not a valid gzip file ({exc}); re-compress it or drop .gz")
        reason = getattr(exc, "strerror", None) or exc
        return InputError(origin, f"cannot read the file ({reason}); check the path")
    if len(data) > MAX_FILE_BYTES:
        return _too_big(origin, len(data), "once decompressed, ")
    return data


def _too_big(origin: str, size: int, how: str = "") -> InputError:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return InputError(
        origin,
        f"file is {how}{_mb(size)}, over the {limit} MB limit; split it into smaller files",
    )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _decode(data: bytes, origin: str) -> str | InputError:
    """Bytes to text without ever silently producing mojibake (see the module docstring)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return InputError(origin, f"bad UTF-16 text ({exc.reason}); save it as UTF-8")
    if b"\x00" in data or _mostly_control(data):
        return InputError(origin, "binary file (NUL or control bytes), not text; skipped")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text_or_error = _decode_cp1252(data, origin, exc)
        if isinstance(text_or_error, InputError):
            return text_or_error
        text = text_or_error
    if len(_MOJIBAKE.findall(text)) >= 2:
        return InputError(
            origin,
            "text looks mis-decoded (mojibake such as 'â€™' or 'Ã©'); "
            "re-export it as UTF-8 from the original",
        )
    return text


def _mostly_control(data: bytes) -> bool:
    """More than 1% C0 control bytes (other than tab, newlines, form feed) means binary."""
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls > len(sample) // 100


def _decode_cp1252(data: bytes, origin: str, exc: UnicodeDecodeError) -> str | InputError:
    """cp1252 fallback, refused when the bytes look like damaged UTF-8."""
    fix = "save it as UTF-8 (e.g. iconv -f YOUR_ENCODING -t UTF-8)"
    if _UTF8_SEQUENCE.search(data):
        return InputError(
            origin, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); {fix}"
        )
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return InputError(origin, f"not UTF-8 nor cp1252 (offset {exc.start}); {fix}")
    log.warning("%s: not UTF-8; read as cp1252 (Windows Western European)", origin)
    return text


# --------------------------------------------------------------------------- building articles


def _make_article(
    origin: str,
    text: str,
    published: dt.date | InputError | None,
    id_: str | None,
    **meta: str | None,
) -> Result:
    """Validate and normalise one article; every reader ends here so checks read the same."""
    if isinstance(published, InputError):
        return published
    if published is None:
        return InputError(origin, "no date; add a date field or pass --date YYYY-MM-DD")
    bad_date = _check_date(published, origin)
    if bad_date:
        return bad_date
    body = normalise_text(text)
    if not body:
        return InputError(origin, "empty text; nothing to read")
    size = len(body.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        limit = MAX_TEXT_BYTES // (1024 * 1024)
        return InputError(
            origin,
            f"article text is {_mb(size)}, over the {limit} MB limit; split it into smaller articles",
        )
    clean = {k: (v.strip() or None) if isinstance(v, str) else None for k, v in meta.items()}
    return Article(
        id=id_ or text_id(body), published=published, text=body, origin=origin,
        content_hash=content_hash(body), **clean,
    )


def _check_date(published: dt.date, origin: str) -> InputError | None:
    """Dates before 1900 or after tomorrow are typos or parse errors, not news."""
    latest = dt.date.today() + dt.timedelta(days=1)
    if EARLIEST_DATE <= published <= latest:
        return None
    return InputError(
        origin,
        f"absurd date {published.isoformat()} (before 1900 or after tomorrow); "
        "fix the date or pass --date YYYY-MM-DD",
    )


def parse_date(value: Any, origin: str) -> dt.date | InputError:
    """``YYYY-MM-DD`` or an ISO datetime (its own local date is kept); nothing looser."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip()
    try:
        if _ISO_DATE.fullmatch(raw):
            return dt.date.fromisoformat(raw)
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        return InputError(
            origin, f"invalid date {raw!r}; write it as YYYY-MM-DD or an ISO datetime"
        )


# --------------------------------------------------------------------------- readers


def _read_txt(text: str, origin: str, stem: str, default_date: dt.date | None) -> Iterator[Result]:
    """The seed layout: `` date YYYY-MM-DD`` header, then the body."""
    match = _HEADER.match(text)
    if match:
        published: dt.date | InputError | None = parse_date(match.group(1), origin)
        if isinstance(published, InputError):
            published = InputError(
                origin, f"invalid date {match.group(1)!r} in the date header; write YYYY-MM-DD"
            )
        body = text[match.end():]
    elif default_date is None:
        yield InputError(
            origin, "no date header (' date YYYY-MM-DD' on the first line); "
            "add one or pass --date YYYY-MM-DD"
        )
        return
    else:
        published, body = default_date, text
    if not body.strip():
        yield InputError(origin, "empty text; nothing to read")
        return
    yield _make_article(origin, body, published, stem)


def _from_record(
    record: Any, origin: str, default_date: dt.date | None, id_fallback: str | None
) -> Result:
    """One JSON/CSV record to an article: ``text|body`` and ``date|published`` required."""
    if not isinstance(record, dict):
        return InputError(origin, f"expected a JSON object, got {type(record).__name__}; skipped")
    fields = {str(k).strip().lower(): v for k, v in record.items()}
    text = _first(fields, "text", "body")
    if text is None or not str(text).strip():
        what = "empty text" if text is not None else "no 'text' (or 'body') field"
        return InputError(origin, f"{what}; skipped")
    raw_date = _first(fields, "date", "published")
    published: dt.date | InputError | None = default_date
    if raw_date not in (None, ""):
        published = parse_date(raw_date, origin)
    given_id = _first(fields, "id")
    id_ = str(given_id).strip() if given_id not in (None, "") else id_fallback
    return _make_article(
        origin, str(text), published, id_,
        title=_text_or_none(fields.get("title")), url=_text_or_none(fields.get("url")),
        source=_text_or_none(fields.get("source")),
    )


def _first(fields: dict[str, Any], *names: str) -> Any:
    for name in names:
        if fields.get(name) not in (None, ""):
            return fields[name]
    return None


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _read_jsonl(
    text: str, origin: str, stem: str, default_date: dt.date | None
) -> Iterator[Result]:
    """One JSON object per line; a bad line is reported and the rest goes on."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno}); skipped")
            continue
        yield _from_record(record, where, default_date, None)


def _read_json(text: str, origin: str, stem: str, default_date: dt.date | None) -> Iterator[Result]:
    """One object (the file's article, named after the file) or a list of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(f"{origin}:{exc.lineno}", f"malformed JSON ({exc.msg}); fix the file")
        return
    if isinstance(data, dict):
        yield _from_record(data, origin, default_date, stem)
        return
    if not isinstance(data, list):
        yield InputError(origin, "expected a JSON object or a list of objects; skipped")
        return
    for number, record in enumerate(data, start=1):
        yield _from_record(record, f"{origin}#{number}", default_date, None)


def _read_csv(text: str, origin: str, stem: str, default_date: dt.date | None) -> Iterator[Result]:
    """CSV with a header line; origins give the line where each record starts."""
    csv.field_size_limit(max(csv.field_size_limit(), 2 * MAX_TEXT_BYTES))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [str(c).strip().lower() for c in reader.fieldnames or []]
    if not {"text", "body"} & set(columns):
        shown = ", ".join(columns) or "none"
        yield InputError(origin, f"no 'text' or 'body' column (columns: {shown}); add a header")
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(f"{origin}:{start}", f"malformed CSV ({exc}); fix the file")
            return
        record = {k: v for k, v in row.items() if k is not None}
        yield _from_record(record, f"{origin}:{start}", default_date, None)
        start = reader.line_num + 1


def _read_html(text: str, origin: str, stem: str, default_date: dt.date | None) -> Iterator[Result]:
    """Main text, title and date of a saved page, with trafilatura (metadata dates only)."""
    import trafilatura

    extracted = trafilatura.extract(
        text, output_format="json", with_metadata=True, include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    doc = json.loads(extracted) if extracted else {}
    body = doc.get("text") or ""
    if not body.strip():
        yield InputError(origin, "no main text found in the page; save the article page itself")
        return
    title = doc.get("title")
    lines = [line for line in body.split("\n") if line.strip()]
    if title and lines and lines[0].strip() == title.strip():
        lines = lines[1:]
    published: dt.date | InputError | None = default_date
    if doc.get("date"):
        published = parse_date(doc["date"], origin)
    elif default_date is None:
        yield InputError(origin, "no date found in the page; pass --date YYYY-MM-DD")
        return
    yield _make_article(
        origin, "\n\n".join(lines), published, stem,
        title=title, url=doc.get("source"), source=doc.get("source-hostname"),
    )


def _read_feed(text: str, origin: str, stem: str, default_date: dt.date | None) -> Iterator[Result]:
    """RSS/Atom: one article per entry, text from content or summary stripped of HTML."""
    import feedparser

    if not re.search(r"<(rss|feed|rdf:RDF)\b", text[:4096]):
        yield InputError(origin, "XML file is not an RSS or Atom feed; skipped")
        return
    feed = feedparser.parse(text)
    if not feed.entries:
        why = f" ({feed.bozo_exception})" if feed.bozo else ""
        yield InputError(origin, f"feed has no entries{why}; check the file")
        return
    source = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        yield _from_entry(entry, f"{origin}#{number}", default_date, source)


def _from_entry(entry: Any, origin: str, default_date: dt.date | None, source: str | None) -> Result:
    """One feed entry, dated by its own local date like JSON and CSV records are."""
    published = _entry_date(entry) or default_date
    if published is None:
        return InputError(origin, "entry has no published or updated date; pass --date YYYY-MM-DD")
    content = entry.get("content") or []
    detail = content[0] if content else entry.get("summary_detail") or {}
    value = detail.get("value") or entry.get("summary") or ""
    text = value if detail.get("type") == "text/plain" else strip_html(value)
    if not text.strip():
        return InputError(origin, "entry has no content or summary; skipped")
    return _make_article(
        origin, text, published, entry.get("id") or entry.get("link"),
        title=entry.get("title"), url=entry.get("link"), source=source,
    )


def _entry_date(entry: Any) -> dt.date | None:
    """The entry's date as written (RFC 822 or ISO), not feedparser's UTC ``struct_time``.

    Converting to UTC would move an article published at 01:30 in Seoul to the previous day,
    and relative dates in its text ("on Thursday") would then be anchored wrongly.
    """
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
        parsed = parse_date(raw, "")
        if not isinstance(parsed, InputError):
            return parsed
        fallback = entry.get(f"{key}_parsed")
        if fallback:
            return dt.date(*fallback[:3])
    return None


class _TextCollector(HTMLParser):
    """Text of an HTML fragment with block elements turned into paragraph breaks."""

    BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
              "blockquote", "tr", "table", "section", "article", "pre", "hr"}
    SKIP = {"script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def strip_html(fragment: str) -> str:
    """Plain text of an HTML fragment, paragraphs separated by a blank line."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    paragraphs = ("".join(collector.parts)).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


_READERS = {
    "txt": _read_txt, "jsonl": _read_jsonl, "json": _read_json, "csv": _read_csv,
    "html": _read_html, "feed": _read_feed,
}
