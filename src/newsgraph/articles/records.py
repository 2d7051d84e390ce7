"""The ``Article`` record and the checks every reader ends with, so articles read the same
whatever their format: normalised text, a sane date, a size limit, clean Unicode, a language.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from .decoding import clean_field
from .languages import identify_language

MAX_TEXT_BYTES = 2 * 1024 * 1024
EARLIEST_DATE = dt.date(1900, 1, 1)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_LETTERS = re.compile(r"[^\W\d_]+")
# C0 controls other than tab and newline, and DEL: never part of a news text, and a NUL would
# cut the text short in tools downstream
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Article:
    """One dated news article, as read from an input.

    ``text`` is the body only; ``origin`` names the input (``path`` or ``path:line``) so that
    errors and provenance can point back to it. ``language`` is an ISO 639-1 code when the text
    is long enough to tell (only English is coded into events), else None.
    """

    id: str
    published: dt.date
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None
    content_hash: str = ""
    language: str | None = None


Result = Article | InputError


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: the date of undated inputs, and whether mojibake is repaired
    (with ftfy) instead of refused."""

    default_date: dt.date | None = None
    repair_encoding: bool = False


def normalise_text(text: str) -> str:
    """Body text as stored: NFC, ``\\n`` line ends, no trailing spaces, paragraphs kept.

    Offsets of every later stage point into this string, so it is normalised once, here.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


def written_in_lower_case(text: str) -> bool:
    """Has the text lost its capitals (some corpora are distributed lower-cased)? Names are
    then hard to tell from words ("turkey", "may"), so the user should know why so few actors
    and events come out. Short texts are not judged."""
    letters = sum(map(len, _LETTERS.findall(text)))
    if letters < 200:
        return False
    needed = -(-letters // 500)  # stop counting capitals once there are enough
    capitals = sum(1 for _ in itertools.islice(_capital().finditer(text), needed))
    return capitals < letters / 500


@functools.cache
def _capital() -> re.Pattern[str]:
    """Any upper-case letter of the Basic Multilingual Plane (``re`` has no class for it)."""
    upper = "".join(chr(i) for i in range(0x10000) if chr(i).isupper())
    return re.compile(f"[{re.escape(upper)}]")


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


def make_article(
    origin: str,
    text: str,
    published: dt.date | InputError | None,
    id_: str | None,
    options: ReadOptions,
    **meta: str | None,
) -> Result:
    """Validate and normalise one article; every reader ends here so checks read the same."""
    if isinstance(published, InputError):
        return published
    if published is None:
        return InputError(origin, "no date; add a date field or pass --date YYYY-MM-DD")
    bad_date = check_date(published, origin)
    if bad_date:
        return bad_date
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        limit = MAX_TEXT_BYTES // (1024 * 1024)
        return InputError(
            origin,
            f"article text is {size / (1024 * 1024):.1f} MB, over the {limit} MB limit; "
            "split it into smaller articles",
        )
    cleaned = clean_field(text, "text", origin, options.repair_encoding)
    if isinstance(cleaned, InputError):
        return cleaned
    body = normalise_text(cleaned)
    if not body:
        return InputError(origin, "empty text; nothing to read")
    if not re.search(r"\w", body):
        return InputError(origin, "no words in the text (only punctuation or symbols); skipped")
    clean: dict[str, str | None] = {}
    for name, value in [("id", id_), *meta.items()]:
        if not isinstance(value, str) or not value:
            clean[name] = None
            continue
        field = clean_field(value, name, origin, options.repair_encoding)
        if isinstance(field, InputError):
            return field
        clean[name] = field.strip() or None
    return Article(
        id=clean.pop("id") or text_id(body), published=published, text=body, origin=origin,
        content_hash=content_hash(body), language=identify_language(body), **clean,
    )


def check_date(published: dt.date, origin: str) -> InputError | None:
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
    shown = raw if len(raw) <= 40 else raw[:40] + "..."
    try:
        if _ISO_DATE.fullmatch(raw):
            return dt.date.fromisoformat(raw)
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        return InputError(
            origin, f"invalid date {shown!r}; write it as YYYY-MM-DD or an ISO datetime"
        )
