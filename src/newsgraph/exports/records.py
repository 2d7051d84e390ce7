"""Event records as plain dicts: the documented event format and its flat row.

``event_record`` is the documented event format (docs/event-format.md): the CLI, the HTTP API and
the exports all emit it, so a user learns one shape. ``flat_record`` is one CSV/Parquet row; the
store reads the same row straight from SQL (``queries.ROW_COLUMNS``), and a test holds the two
equal.
"""

from __future__ import annotations

from typing import Any

from ..actors import ActorRef
from ..events import Event, Mention
from ..places import Place
from ..store.places import PLACE_COLUMNS, place_fields
from ..store.queries import ROW_COLUMNS

CSV_COLUMNS = list(ROW_COLUMNS)


def actor_record(ref: ActorRef) -> dict[str, Any]:
    return {"id": ref.actor_id, "name": ref.name, "country": ref.country, "sector": ref.sector,
            "kind": ref.kind, "text": ref.text, "how": ref.how}


def mention_record(m: Mention) -> dict[str, Any]:
    record: dict[str, Any] = {
        "article_id": m.article_id, "published": m.published.isoformat(), "sentence": m.sentence,
        "start": m.start, "end": m.end, "trigger": m.trigger, "trigger_start": m.trigger_start,
        "trigger_end": m.trigger_end, "rule": m.rule,
        "claimed_by": [actor_record(r) for r in m.claimed_by],
        "modality": m.modality, "confidence": m.confidence, "date": m.date,
        "date_basis": m.date_basis, "date_text": m.date_text, "merge_reason": m.merge_reason,
        "source": [actor_record(r) for r in m.source],
        "target": [actor_record(r) for r in m.target],
    }
    return record


def event_record(event: Event) -> dict[str, Any]:
    """The event as the documented JSON object."""
    return {
        "id": event.id, "type": event.type, "mode": event.mode, "cameo": event.cameo,
        "quad_class": event.quad_class, "goldstein": event.goldstein, "date": event.date,
        "date_precision": event.date_precision, "date_basis": event.date_basis,
        "date_text": event.date_text, "date_after": event.date_after,
        "date_before": event.date_before, "modality": event.modality,
        "confidence": round(event.confidence, 3),
        "reciprocal": event.reciprocal,
        "source": [actor_record(r) for r in event.source],
        "target": [actor_record(r) for r in event.target],
        "claimed_by": [actor_record(r) for r in event.claimed_by],
        "mentions": [mention_record(m) for m in event.mentions],
        "n_articles": len({m.article_id for m in event.mentions}),
        "merge_reasons": list(event.merge_reasons),
        "place": place_record(event.place),
    }


def place_record(place: Place | None) -> dict[str, Any] | None:
    """Where the event happened (docs/event-format.md), or None when no sentence says."""
    if place is None:
        return None
    return {"words": place.words, "name": place.name, "country": place.country,
            "kind": place.kind, "latitude": place.latitude, "longitude": place.longitude,
            "geonames_id": place.geonames_id, "article_id": place.article_id,
            "start": place.start, "end": place.end, "reason": place.reason}


def flat_record(event: Event) -> dict[str, Any]:
    """One CSV row per event; lists joined with '|'."""
    first = event.mentions[0] if event.mentions else None
    join = "|".join
    return {
        "id": event.id, "date": event.date, "date_precision": event.date_precision,
        "date_basis": event.date_basis, "date_text": event.date_text,
        "date_after": event.date_after, "date_before": event.date_before, "type": event.type,
        "mode": event.mode, "cameo": event.cameo, "quad_class": event.quad_class,
        "goldstein": event.goldstein, "modality": event.modality,
        "confidence": round(event.confidence, 3),
        "source_ids": join(r.actor_id for r in event.source),
        "source_names": join(r.name for r in event.source),
        "source_countries": join(r.country or "" for r in event.source),
        "target_ids": join(r.actor_id for r in event.target),
        "target_names": join(r.name for r in event.target),
        "target_countries": join(r.country or "" for r in event.target),
        "claimed_by": join(r.name for r in event.claimed_by),
        "n_mentions": len(event.mentions),
        "n_articles": len({m.article_id for m in event.mentions}),
        "article_ids": join(sorted({m.article_id for m in event.mentions})),
        "sentence": first.sentence if first else "",
        **dict(zip(PLACE_COLUMNS, place_fields(event.place), strict=True)),
    }
