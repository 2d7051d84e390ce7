"""Finding input files and reading their bytes safely: only regular files, size checked before
reading, gzip bounded, and every path shown in a printable form (a file name need not be UTF-8,
and may hold a newline or a terminal escape).
"""

from __future__ import annotations

import gzip
import logging
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024

FORMATS = {
    ".txt": "txt", ".jsonl": "jsonl", ".json": "json", ".csv": "csv",
    ".html": "html", ".htm": "html", ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
KNOWN_SUFFIXES = ", ".join(FORMATS) + " (each optionally .gz)"

_KINDS = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def shown(path: str | Path) -> str:
    """The path as it can be printed on one line: undecodable bytes as ``\\xff``, control
    characters escaped. Used for origins and ids, which are printed and stored as UTF-8."""
    text = str(path)
    if text.isprintable():
        try:
            text.encode("utf-8")
            return text
        except UnicodeEncodeError:
            pass
    raw = os.fsencode(text) if isinstance(path, Path) else text.encode("utf-8", "surrogateescape")
    decoded = raw.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in decoded)


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


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files named or found under the folders named, in a reproducible order."""
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError) as exc:
            yield InputError(shown(path), f"cannot look at the path ({_why(exc)}); check it")
            continue
        if is_dir:
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """Article files under a folder (not following links to folders), sorted by relative path;
    hidden files and files of other types are skipped, an unreadable subfolder is reported."""
    problems: list[InputError] = []

    def report(exc: OSError) -> None:
        problems.append(InputError(shown(exc.filename or folder),
                                   f"cannot list the folder ({_why(exc)}); skipped"))

    found: list[tuple[str, Path]] = []
    for root, dirs, files in os.walk(folder, onerror=report):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(root)
        for name in files:
            path = base / name
            if name.startswith(".") or not _article_file(path):
                continue
            found.append((path.relative_to(folder).as_posix(), path))
    yield from problems
    if not found and not problems:
        yield InputError(shown(folder), f"no article files in the folder (newsgraph reads "
                                        f"{KNOWN_SUFFIXES}); check the path")
    for _, path in sorted(found, key=lambda item: item[0]):
        yield path


def _article_file(path: Path) -> bool:
    """A file found in a folder with no article extension (README.md) is skipped, not an error.

    Only files named explicitly are reported as unreadable; a folder may hold notes.
    """
    if split_name(path)[1] is not None:
        return True
    log.info("%s: not an article file (unknown extension); skipped", shown(path))
    return False


def read_bytes(path: Path, gz: bool) -> bytes | InputError:
    """The file's bytes (decompressed), refusing anything but a regular file and files over
    ``MAX_FILE_BYTES``, before reading them: a FIFO would block, ``/dev/zero`` never ends."""
    origin = shown(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            return InputError(origin, "broken symbolic link (its target does not exist); "
                                      "fix or remove the link")
        return InputError(origin, "no such file or folder; check the path")
    except PermissionError:
        return InputError(origin, "permission denied; make the file readable (chmod +r)")
    except (OSError, ValueError) as exc:
        kind = _kind(path)
        if kind:
            return _not_regular(origin, kind)
        return InputError(origin, f"cannot open the file ({_why(exc)}); only regular files "
                                  "are read")
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return _not_regular(origin, _kind_of(info.st_mode))
        if info.st_size > MAX_FILE_BYTES:
            return _too_big(origin, info.st_size)
        try:
            data = _read_limited(fh, gz)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            return InputError(origin, f"not a valid gzip file ({exc}); re-compress it or drop .gz")
        except OSError as exc:
            if gz:
                return InputError(origin, f"not a valid gzip file ({_why(exc)}); re-compress "
                                          "it or drop .gz")
            return InputError(origin, f"cannot read the file ({_why(exc)}); check the path")
    if len(data) > MAX_FILE_BYTES:
        return _too_big(origin, len(data), "once decompressed, " if gz else "")
    return data


def _read_limited(fh: BinaryIO, gz: bool) -> bytes:
    """At most one byte past the limit, so an over-long file is told, never read whole."""
    if gz:
        with gzip.GzipFile(fileobj=fh, mode="rb") as unpacked:
            return unpacked.read(MAX_FILE_BYTES + 1)
    return fh.read(MAX_FILE_BYTES + 1)


def _kind(path: Path) -> str | None:
    """What the path is, when it is there but is not a regular file (a socket cannot even be
    opened)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return None if stat.S_ISREG(mode) else _kind_of(mode)


def _kind_of(mode: int) -> str:
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def _not_regular(origin: str, kind: str) -> InputError:
    return InputError(origin, f"{kind}, not a regular file; only regular files are read")


def _why(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)


def _too_big(origin: str, size: int, how: str = "") -> InputError:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return InputError(
        origin,
        f"file is {how}{size / (1024 * 1024):.1f} MB, over the {limit} MB limit; "
        "split it into smaller files",
    )
