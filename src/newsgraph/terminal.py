"""Plain text tables for the terminal: what ``events``, ``timeline`` and ``actors`` print.

A read-only command must start in at most 0.2 CPU-seconds (issue 10), and loading rich to lay
out a table cost about a third of that. The tables here need no styling: columns two spaces
apart, each as wide as its widest value, the widest columns narrowed (their values wrapped at
spaces, or cut where a word is longer than the column) when the row would pass the width.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Iterable, Sequence

#: a table is never laid out narrower than this, even in a narrow terminal or a pipe
MIN_WIDTH = 120
GAP = "  "


def table_width() -> int:
    """The terminal's width, at least ``MIN_WIDTH``; a pipe counts as 80 columns. Read as
    shutil reads it (``$COLUMNS``, then the terminal) without importing shutil, whose
    imports cost 4 ms of a start."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.stdout.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(MIN_WIDTH, columns)


def column_widths(natural: Sequence[int], width: int) -> list[int]:
    """Each column's width: its natural (widest value) width, the widest columns narrowed
    one character at a time, never below 4, until the row with its gaps fits ``width``."""
    widths = list(natural)
    room = width - len(GAP) * max(len(widths) - 1, 0)
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= 4:
            break
        widths[widest] -= 1
    return widths


def _lines(text: str, width: int) -> list[str]:
    """A cell's text in lines of at most ``width`` characters (wrapped at spaces, long words
    cut), one empty line for an empty cell."""
    if len(text) <= width and "\n" not in text:
        return [text]
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False,
                         replace_whitespace=True) or [""]


def text_table(columns: Sequence[str], rows: Iterable[Sequence[str]],
               width: int | None = None) -> str:
    """``rows`` under a header of ``columns`` as aligned text, no line wider than ``width``
    (default: ``table_width()``) unless the columns cannot narrow further."""
    cells = [[str(v) for v in row] for row in rows]
    natural = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    widths = column_widths(natural, width or table_width())
    out = []
    for row in [list(columns), *cells]:
        wrapped = [_lines(v, w) for v, w in zip(row, widths, strict=True)]
        for n in range(max(len(lines) for lines in wrapped)):
            parts = [(lines[n] if n < len(lines) else "").ljust(w)
                     for lines, w in zip(wrapped, widths, strict=True)]
            out.append(GAP.join(parts).rstrip())
    return "\n".join(out)
