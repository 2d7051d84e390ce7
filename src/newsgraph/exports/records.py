"""Event records as plain dicts: the documented event format and its flat row.

``event_record`` is the documented event format (docs/event-format.md): the CLI, the HTTP API and
the exports all emit it, so a user learns one shape. ``flat_record`` is one CSV/Parquet row; the
store reads the same row straight from SQL (``queries.ROW_COLUMNS``), and a test holds the two
equal.
"""

from __future__ import annotations

import json
from typing import Any

from ..actors import ActorRef
from ..events import Event, Mention
from ..places import Place
from ..store.places import PLACE_COLUMNS, place_fields
from ..store.queries import ROW_COLUMNS, EventParts, iso_day

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
        "story_id": event.story_id,
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
        "story_id": event.story_id,
    }


def _stored_actor(row: tuple[Any, ...]) -> dict[str, Any]:
    """An event_actors row (``queries.ACTOR_COLUMNS``) as ``actor_record`` writes it."""
    return {"id": row[2], "name": row[3], "country": row[5], "sector": row[6],
            "kind": row[4] or "", "text": row[7] or "", "how": row[8] or ""}


def _json_actors(text: str | None) -> list[dict[str, Any]]:
    """A mention's stored reference list (JSON) as ``actor_record`` writes each one."""
    if not text or text == "[]":  # most claims lists: skip the parser
        return []
    return [{"id": d["actor_id"], "name": d["name"], "country": d["country"],
             "sector": d["sector"], "kind": d["kind"], "text": d["text"],
             "how": d.get("how", "name")} for d in json.loads(text or "[]")]


def _stored_mention(row: tuple[Any, ...]) -> dict[str, Any]:
    """A mentions row (``queries.MENTION_COLUMNS``) as ``mention_record`` writes it."""
    return {
        "article_id": row[1], "published": iso_day(row[2]), "sentence": row[3], "start": row[4],
        "end": row[5], "trigger": row[6], "trigger_start": row[7], "trigger_end": row[8],
        "rule": row[9], "claimed_by": _json_actors(row[10]), "modality": row[11],
        "confidence": row[12], "date": row[13], "date_basis": row[14], "date_text": row[15],
        "merge_reason": row[18], "source": _json_actors(row[16]),
        "target": _json_actors(row[17]),
    }


def records_of(parts: EventParts) -> list[dict[str, Any]]:
    """``event_record`` of each event in ``parts``, in their order, built from the stored rows
    without ``Event`` objects: a page of 200 events costs about what its SQL costs, where
    building the objects first cost three times as much (a test holds the two equal)."""
    out = []
    for event_id in parts.ids:
        row = parts.events.get(event_id)
        if row is None:
            continue
        roles = parts.actors.get(event_id, {})
        mentions = parts.mentions.get(event_id, [])
        out.append({
            "id": row[0], "type": row[1], "mode": row[2], "cameo": row[3],
            "quad_class": row[4], "goldstein": row[5], "date": row[8],
            "date_precision": row[9], "date_basis": row[10], "date_text": row[11],
            "date_after": row[12], "date_before": row[13], "modality": row[6],
            "confidence": round(row[7], 3), "reciprocal": bool(row[14]),
            "source": [_stored_actor(r) for r in roles.get("source", ())],
            "target": [_stored_actor(r) for r in roles.get("target", ())],
            "claimed_by": [_stored_actor(r) for r in roles.get("claimed_by", ())],
            "mentions": [_stored_mention(m) for m in mentions],
            "n_articles": len({m[1] for m in mentions}),
            "merge_reasons": [m[18] for m in mentions[1:] if m[18]],
            "place": place_record(parts.places.get(event_id)),
            "story_id": parts.stories.get(event_id),
        })
    return out
