"""One real event, one record: merging the mentions of an event within and across articles.

Two mentions report the same real event when they have the same event type and modality, the
same actors (in either order for reciprocal events such as a phone call), and dates that can be
the same day. An undated event (a background mention: "after the coup") is the same as another
undated one of the same article, or as the one dated report of its pair and type that falls
within its bound (the time of the event it hangs off); otherwise nothing ties it to a report.
Each merge records a sentence saying why, so an analyst can check it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from ..actors import ActorRef
from ..dates import date_bounds
from ..events import UNIDENTIFIED, Event

BASIS_RANK = {"explicit": 3, "relative": 2, "publication": 1, "unknown": 0, None: 0}
PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1, None: 0}
# An event dated only by its article's publication day happened then or a few days earlier.
PUBLICATION_SLACK_DAYS = 7


def event_id(event: Event) -> str:
    """A stable id from the first mention: the same article always gives the same id."""
    m = event.mentions[0]
    key = f"{m.article_id}:{m.trigger_start}:{event.type}:{event.modality}"
    return "ev_" + hashlib.sha1(key.encode()).hexdigest()[:14]


def actor_set(refs: list[ActorRef]) -> frozenset[str]:
    return frozenset(r.actor_id for r in refs)


def same_parties(a: Event, b: Event) -> bool:
    """Same source and target; for reciprocal events the two sides may be swapped. Attacks by
    unidentified attackers of one country are the same only with the same named victims and no
    conflicting mode: two bombings in Iraq on one day are two events unless the reports say who
    was hit, and say it alike."""
    if _unidentified(a) or _unidentified(b):
        return (actor_set(a.source) == actor_set(b.source) and bool(a.target)
                and actor_set(a.target) == actor_set(b.target)
                and (a.mode is None or b.mode is None or a.mode == b.mode))
    if actor_set(a.source) == actor_set(b.source) and actor_set(a.target) == actor_set(b.target):
        return True
    reciprocal = a.reciprocal and b.reciprocal
    return reciprocal and (actor_set(a.source) | actor_set(a.target)) == (
        actor_set(b.source) | actor_set(b.target)
    )


def _unidentified(event: Event) -> bool:
    return any(r.actor_id.startswith(f"{UNIDENTIFIED}:") for r in event.source)


def _span(event: Event) -> tuple[dt.date, dt.date] | None:
    lo, hi = date_bounds(event.date)
    if lo is None or hi is None:
        return None
    if event.date_basis == "publication":
        lo = lo - dt.timedelta(days=PUBLICATION_SLACK_DAYS)
    return lo, hi


def _articles(event: Event) -> set[str]:
    return {m.article_id for m in event.mentions}


def bound_span(bound: str | None) -> tuple[dt.date, dt.date] | None:
    """Where a background event with this bound may lie: within the bound's period, or in the
    few days before it when the bound is a day ("reported after the two leaders met")."""
    lo, hi = date_bounds(bound)
    if lo is None or hi is None:
        return None
    if lo == hi:
        lo = lo - dt.timedelta(days=PUBLICATION_SLACK_DAYS)
    return lo, hi


def _within_bound(dated: Event, bound: str | None) -> bool:
    span, allowed = _span(dated), bound_span(bound)
    return span is not None and allowed is not None and allowed[0] <= span[0] \
        and span[1] <= allowed[1]


def dates_agree(a: Event, b: Event) -> bool:
    """The two dates can name the same day. An undated event agrees with another undated one
    of the same article (two background mentions of one war, say), and with a dated report
    that falls within its bound ("in August ... after a visit by X": the visit of early
    August); with nothing else, since its date is not given."""
    if a.date is None and b.date is None:
        return bool(_articles(a) & _articles(b))
    if a.date is None or b.date is None:
        undated, dated = (a, b) if a.date is None else (b, a)
        return _within_bound(dated, undated.date_bound)
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return True
    return sa[0] <= sb[1] and sb[0] <= sa[1]


def merge_reason(a: Event, b: Event) -> str | None:
    """Why ``b`` reports the same real event as ``a``, or None when it does not."""
    if a.type != b.type or a.modality != b.modality:
        return None
    if not same_parties(a, b) or not dates_agree(a, b):
        return None
    names = sorted({r.name for r in a.source + a.target})
    if a.date is None and b.date is None:
        when = "both undated"
    elif a.date is None or b.date is None:
        undated, dated = (a, b) if a.date is None else (b, a)
        when = (f"the undated mention lies before or during {undated.date_bound}, and "
                f"{dated.date} does")
    else:
        when = f"dates agree ({a.date} [{a.date_basis}] ~ {b.date} [{b.date_basis}])"
    return f"same {a.type} ({a.modality}) between {' and '.join(names)}; {when}"


def _better_date(a: Event, b: Event) -> Event:
    """The mention whose date is better founded: explicit > relative > publication, then finer."""

    def rank(e: Event) -> tuple[int, int]:
        return BASIS_RANK.get(e.date_basis, 0), PRECISION_RANK.get(e.date_precision, 0)

    return b if rank(b) > rank(a) else a


def merge_into(target: Event, other: Event, reason: str) -> Event:
    """Fold ``other``'s mentions into ``target``; the best date and the finest mode win."""
    best = _better_date(target, other)
    if best is other:
        target.date, target.date_precision = other.date, other.date_precision
        target.date_basis, target.date_text = other.date_basis, other.date_text
        target.date_bound = other.date_bound
    if target.mode is None and other.mode is not None:
        target.mode, target.cameo = other.mode, other.cameo
        target.goldstein, target.quad_class = other.goldstein, other.quad_class
    seen = {r.actor_id for r in target.claimed_by}
    target.claimed_by += [r for r in other.claimed_by if r.actor_id not in seen]
    target.mentions += other.mentions
    target.merge_reasons += [reason] * len(other.mentions)
    # independent reports raise confidence: 1 - prod(1 - c)
    target.confidence = round(1 - (1 - target.confidence) * (1 - other.confidence), 3)
    return target


def merge_events(events: list[Event]) -> list[Event]:
    """Merge the events of one article that report the same real event (greedy, in order)."""
    merged: list[Event] = []
    for event in events:
        for kept in merged:
            reason = merge_reason(kept, event)
            if reason:
                merge_into(kept, event, "same article: " + reason)
                break
        else:
            merged.append(event)
    for event in merged:
        event.id = event.id or event_id(event)
    return merged


def match_event(
    event: Event, candidates: list[Event], explain: Callable[[Event, Event], str | None] = merge_reason
) -> tuple[Event, str] | None:
    """The stored event that ``event`` reports again, with the reason, if any. An undated
    background mention must fit exactly one: among several same-pair events in its bound
    (daily strikes in a war, say) nothing says which one it repeats."""
    found = [(c, reason) for c in candidates if (reason := explain(c, event))]
    if event.date is None and len(found) > 1:
        return None
    return found[0] if found else None
