"""What every PETRARCH dictionary shares: comments, reading the file, and lines skipped.

PETRARCH's dictionaries are flat text: ``#`` (or ``;``) starts a comment, ``<!-- ... -->`` blocks are
comments (over several lines too). Real dictionaries hold lines PETRARCH itself reads past
(a date with seven digits, a code block it cannot parse); a reader here does the same: it skips
the line, counts it and keeps the first few reasons, so an analyst's years of work load with a
warning instead of aborting the ingest.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ConfigError

_XML_COMMENT = re.compile(r"<!\s*--.*?-->", re.S)
SHOWN_PROBLEMS = 5  # reasons kept per file; the rest are only counted


@dataclass
class Skipped:
    """Lines of one file that were read past, with the first few reasons (``file:line: why``)."""

    count: int = 0
    first: list[str] = field(default_factory=list)

    def add(self, reason: str) -> None:
        self.count += 1
        if len(self.first) < SHOWN_PROBLEMS:
            self.first.append(reason)

    def summary(self, name: str) -> str:
        """One line for a warning: how many lines of ``name`` were skipped and why (the first)."""
        shown = "; ".join(self.first)
        more = f"; and {self.count - len(self.first)} more" if self.count > len(self.first) else ""
        return f"{name}: {self.count} line(s) skipped ({shown}{more})"


class LineError(ValueError):
    """A line a reader cannot use; the reader skips it and records the message."""


def read_text(path: Path) -> str:
    """The file's text (undecodable bytes replaced, as PETRARCH's files mix encodings)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder; pass it with --dictionary DIR") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None


def sha256_of(path: Path) -> str:
    """The file's content hash, recorded with every article it helped code."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def strip_comments(text: str) -> list[str]:
    """Lines with XML comment blocks blanked (line numbers kept) and ``#`` comments removed,
    and ``;`` ones too (the KEDS/TABARI comment PETRARCH still reads past)."""
    text = _XML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return [line.split("#", 1)[0].split(";", 1)[0].rstrip() for line in text.splitlines()]
