"""Re-coding stored articles with the current coder (``newsgraph recode``).

A database must not go stale when the coder, the lexicon or the dictionaries improve: recode
takes the stored article texts, removes the events they gave, and codes them again through the
same path ingest takes (parse, actors, events, dates, merges, learned roles), so a full recode
gives the database a fresh ingest of the same articles in the same order would give.

``since`` limits it to articles published on or after a date. An event is one record across
articles, so an event that an earlier article shares with a later one cannot be re-coded
half-way: every article that shares an event with a chosen article is chosen too (the closure
over shared events; merges stay within days, so it stays small), and what those articles taught
the knowledge base is forgotten and learned again after the facts of the others.

Everything happens in one transaction: an interrupted recode leaves the database as it was, and
``dry_run`` rolls the transaction back after computing what would change. The report compares
the events of the chosen articles before and after, by event id (ids are canonical, a function
of the earliest mention, so an event found again keeps its id), field by field.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .articles import Article
from .exports import event_record
from .pipeline import Annotator, store_coding
from .store import Store

__all__ = ["RecodeReport", "recode"]

#: fields that do not say what the coder found (they follow from the mentions or the run)
_NOT_COMPARED = frozenset({"id", "mentions", "ingested_at"})


@dataclass
class RecodeReport:
    """What a recode changed (or, with ``dry_run``, would change)."""

    articles: int = 0            # articles coded again
    pulled_in: int = 0           # of them, earlier than --since, sharing an event with a later one
    added: int = 0               # events found now that were not stored
    removed: int = 0             # stored events not found again
    changed: int = 0             # events found again with another value in some field
    unchanged: int = 0
    fields: Counter[str] = field(default_factory=Counter)  # events changed, per field
    examples: list[str] = field(default_factory=list)     # a few lines naming what changed
    dry_run: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        verb = "would re-code" if self.dry_run else "re-coded"
        pulled = (f" ({self.pulled_in} earlier, sharing events with later ones)"
                  if self.pulled_in else "")
        by_field = ", ".join(f"{name} {n}" for name, n in self.fields.most_common())
        return (f"{verb} {self.articles} article(s){pulled}: {self.added} event(s) added, "
                f"{self.removed} removed, {self.changed} changed"
                + (f" ({by_field})" if by_field else "") + f", {self.unchanged} unchanged "
                f"in {self.seconds:.1f}s")


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def recode(store: Store, annotator: Annotator, since: dt.date | None = None,
           dry_run: bool = False, batch_size: int = 16,
           progress: Callable[[int], None] | None = None,
           after_coding: Callable[[Sequence[str]], None] | None = None) -> RecodeReport:
    """Code the stored originals again (those published on or after ``since``, and what shares
    events with them); near-duplicates keep pointing at their original and have no events.
    ``after_coding`` gets the ids of the re-coded articles inside the transaction (the API
    marks them with the current coding there)."""
    report = RecodeReport(dry_run=dry_run)
    started = time.perf_counter()
    try:
        with store.transaction():
            chosen, pulled_in = _closure(store, since)
            ids = [a.id for a in chosen]
            report.articles, report.pulled_in = len(chosen), pulled_in
            old_ids = _events_of(store, ids)
            before = _comparable(store, old_ids)
            for event_id in old_ids:
                store.remove_event(event_id)
            store.forget_learned(ids)
            annotator.start_run(store.learned_facts(), store.fact_seq())
            for batch in _batches(chosen, batch_size):
                docs = annotator.parse(a.text for a in batch)
                for article, doc in zip(batch, docs, strict=True):
                    result = annotator.annotate_doc(article, doc)
                    store_coding(store, result)
                    annotator.known_facts = store.fact_seq()
                    if progress:
                        progress(1)
            after = _comparable(store, _events_of(store, ids))
            _compare(before, after, report)
            if after_coding is not None:
                after_coding(ids)
            report.seconds = time.perf_counter() - started
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _closure(store: Store, since: dt.date | None) -> tuple[list[Article], int]:
    """The originals to re-code, in the order they were stored (their learning order), and
    how many of them come before ``since``."""
    originals = store.original_articles()
    if since is None:
        return originals, 0
    chosen = {a.id for a in originals if a.published >= since}
    frontier = set(chosen)
    while frontier:
        sharing = store.articles_sharing_events(sorted(frontier)) - chosen
        chosen |= sharing
        frontier = sharing
    picked = [a for a in originals if a.id in chosen]
    return picked, sum(1 for a in picked if a.published < since)


def _events_of(store: Store, article_ids: Sequence[str]) -> list[str]:
    return sorted(store.events_of_articles(list(article_ids)))


def _comparable(store: Store, event_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each event as its export record, without the fields that are not the coder's finding."""
    records: dict[str, dict[str, Any]] = {}
    for start in range(0, len(event_ids), 500):
        for event in store.load_events(event_ids[start:start + 500]):
            record = event_record(event)
            assert event.id is not None
            records[event.id] = {k: v for k, v in record.items() if k not in _NOT_COMPARED}
    return records


def _compare(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]],
             report: RecodeReport, examples: int = 8) -> None:
    for event_id in sorted(before.keys() | after.keys()):
        old, new = before.get(event_id), after.get(event_id)
        if old is None:
            report.added += 1
            line = f"+ {event_id} {new and new.get('type')}"
        elif new is None:
            report.removed += 1
            line = f"- {event_id} {old.get('type')}"
        else:
            moved = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
            if not moved:
                report.unchanged += 1
                continue
            report.changed += 1
            report.fields.update(moved)
            line = f"~ {event_id} " + ", ".join(
                f"{k}: {_short(old.get(k))} -> {_short(new.get(k))}" for k in moved[:3])
        if len(report.examples) < examples:
            report.examples.append(line)


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _batches(items: list[Article], size: int) -> Iterator[list[Article]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]

