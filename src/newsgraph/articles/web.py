"""Readers of web formats: saved HTML pages (main text, title and date with trafilatura) and
RSS/Atom feeds (one article per entry, with feedparser), and the HTML stripping they share.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from ..errors import InputError
from .records import ReadOptions, Result, make_article, parse_date


def read_html(text: str, origin: str, stem: str, options: ReadOptions) -> Iterator[Result]:
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
    published: dt.date | InputError | None = options.default_date
    if doc.get("date"):
        published = parse_date(doc["date"], origin)
    elif options.default_date is None:
        yield InputError(origin, "no date found in the page; pass --date YYYY-MM-DD")
        return
    yield make_article(
        origin, "\n\n".join(lines), published, stem, options,
        title=title, url=doc.get("source"), source=doc.get("source-hostname"),
    )


def read_feed(text: str, origin: str, stem: str, options: ReadOptions) -> Iterator[Result]:
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
        yield _from_entry(entry, f"{origin}#{number}", options, source)


def _from_entry(entry: Any, origin: str, options: ReadOptions, source: str | None) -> Result:
    """One feed entry, dated by its own local date like JSON and CSV records are."""
    published = _entry_date(entry) or options.default_date
    if published is None:
        return InputError(origin, "entry has no published or updated date; pass --date YYYY-MM-DD")
    content = entry.get("content") or []
    detail = content[0] if content else entry.get("summary_detail") or {}
    value = detail.get("value") or entry.get("summary") or ""
    text = value if detail.get("type") == "text/plain" else strip_html(value)
    if not text.strip():
        return InputError(origin, "entry has no content or summary; skipped")
    return make_article(
        origin, text, published, _string(entry.get("id") or entry.get("link")), options,
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


def _string(value: Any) -> str | None:
    """A feed value as text: feedparser gives strings, but a hostile feed may not."""
    return value if isinstance(value, str) else None
