"""Bytes to text, and text that is really text: never silently produce mojibake.

A file is UTF-8 (a BOM is allowed), UTF-16 or UTF-32 with a BOM, or UTF-16 without one (told
by its NUL bytes on every other position). A file that is not valid UTF-8 is read as cp1252
only when nothing in it looks like UTF-8: damaged UTF-8 would turn into mojibake, so it is
refused with the byte offset of the damage. Text fields (after JSON unescaping, so
``\\u00e2\\u0080\\u0099`` is caught too) are refused when they hold typical mojibake (``â€™``)
or a lone surrogate. ``repair`` (``--repair-encoding``) fixes mojibake with ftfy instead.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator

from ..errors import InputError

log = logging.getLogger(__name__)

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_NON_ASCII_BYTE = re.compile(rb"[\x80-\xff]")
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32)])
# UTF-8 read as cp1252: a lead byte's character followed by what a continuation byte becomes;
# C1 controls never belong in text and are what JSON-escaped mojibake holds
_CONTINUATION = "".join(
    bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)
)
_MOJIBAKE_CANDIDATE = re.compile(
    f"[\u00c2-\u00f4][{re.escape(_CONTINUATION)}\u0080-\u00bf]|[\u0080-\u009f]"
)
_SAMPLE = 65536
_WINDOW = 24
_CANDIDATES = 20
FIX_FILE = "save it as UTF-8 (e.g. iconv -f YOUR_ENCODING -t UTF-8)"


def decode(data: bytes, origin: str, repair: bool = False) -> str | InputError:
    """The text of a file's bytes, or why it cannot be trusted as text."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_unicode(data[len(bom):], codec, origin, len(bom), repair)
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = _decode_unicode(data, utf16, origin, 0, repair)
        if isinstance(text, str) and _mostly_control(text[:_SAMPLE].encode("utf-8", "replace")):
            return InputError(origin, "binary file (NUL or control bytes), not text; skipped")
        return text
    if b"\x00" in data or _mostly_control(data):
        return InputError(origin, "binary file (NUL or control bytes), not text; skipped")
    return _decode_unicode(data, "utf-8", origin, 0, repair)


def _decode_unicode(data: bytes, codec: str, origin: str, skipped: int,
                    repair: bool) -> str | InputError:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec != "utf-8":
            return InputError(origin, f"bad {codec.upper()} text (offset {exc.start + skipped}: "
                                      f"{exc.reason}); {FIX_FILE}")
        return _not_utf8(data, origin, exc, skipped, repair)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 of mostly Latin text has a NUL in every other byte: the high byte of each unit."""
    sample = data[: _SAMPLE & ~1]
    if len(sample) < 4 or len(data) % 2:
        return None
    units = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.3 * units and even <= 0.02 * units:
        return "utf-16-le"
    if even >= 0.3 * units and odd <= 0.02 * units:
        return "utf-16-be"
    return None


def _mostly_control(data: bytes) -> bool:
    """More than 1% C0 control bytes (other than tab, newlines, form feed) means binary."""
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and controls > len(sample) // 100


def _not_utf8(data: bytes, origin: str, exc: UnicodeDecodeError, skipped: int,
              repair: bool) -> str | InputError:
    """A file that is not UTF-8: legacy cp1252 text, or damaged UTF-8 (refused or repaired)."""
    offset = exc.start + skipped
    line = data.count(b"\n", 0, exc.start) + 1
    damaged = InputError(
        origin,
        f"damaged UTF-8 (byte 0x{data[exc.start]:02x} at offset {offset}, line {line}); "
        f"fix the file, {FIX_FILE}, or pass --repair-encoding",
    )
    if _UTF8_SEQUENCE.search(data):
        return _repaired_bytes(data, origin) if repair else damaged
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return InputError(origin, f"neither UTF-8 nor cp1252 (offset {offset}); {FIX_FILE}")
    if _bytes_look_mis_decoded(data, text):
        return _repaired_bytes(data, origin) if repair else damaged
    log.warning("%s: not UTF-8; read as cp1252 (Windows Western European)", origin)
    return text


def _bytes_look_mis_decoded(data: bytes, text: str) -> bool:
    """Does the cp1252 reading look like mojibake around its first non-ASCII bytes?

    cp1252 is one byte per character, so byte offsets are character offsets.
    """
    starts = (m.start() for m in _NON_ASCII_BYTE.finditer(data))
    return _first_bad(text, starts) is not None


def _first_bad(text: str, starts: Iterator[int]) -> int | None:
    """The first of the candidate offsets (at most ``_CANDIDATES`` of them) where ftfy's
    badness measure, on a window around it, says the text is mojibake."""
    from ftfy.badness import is_bad

    for start in itertools.islice(starts, _CANDIDATES):
        if is_bad(text[max(0, start - _WINDOW): start + _WINDOW]):
            return start
    return None


def _repaired_bytes(data: bytes, origin: str) -> str:
    """Damaged UTF-8 read byte by byte, then the UTF-8 sequences in it restored by ftfy."""
    import ftfy
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    log.warning("%s: damaged UTF-8; repaired with ftfy (--repair-encoding)", origin)
    return ftfy.fix_encoding(data.decode("sloppy-windows-1252"))


def clean_field(value: str, name: str, origin: str, repair: bool = False) -> str | InputError:
    """A text field as it may be stored: no lone surrogates (they cannot be written as UTF-8)
    and no mojibake; ``repair`` replaces the first and fixes the second instead."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        if not repair:
            return InputError(
                origin,
                f"lone surrogate U+{ord(value[exc.start]):04X} at character {exc.start} of the "
                f"'{name}' field (a broken \\u escape); fix the file or pass --repair-encoding",
            )
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    where = mis_decoded_at(value)
    if where is None:
        return value
    if repair:
        import ftfy

        return ftfy.fix_encoding(value)
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                    for c in value[where: where + 3])
    return InputError(
        origin,
        f"the '{name}' field looks mis-decoded (mojibake such as 'â€™' or 'Ã©': '{shown}' at "
        f"character {where}); re-export it as UTF-8 from the original, or pass "
        "--repair-encoding",
    )


def mis_decoded_at(text: str) -> int | None:
    """Offset of the first mojibake in ``text`` (UTF-8 read as cp1252 or Latin-1), or None.

    A cheap pattern finds candidates; ftfy's badness measure confirms them, on a window around
    each, so a long text costs no more than its first few candidates.
    """
    if text.isascii():
        return None
    return _first_bad(text, (m.start() for m in _MOJIBAKE_CANDIDATE.finditer(text)))
