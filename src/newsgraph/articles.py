"""Reading dated news articles from files into ``Article`` records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
