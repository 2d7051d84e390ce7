"""One real event, one record: merging the mentions of an event within and across articles.

Two coded events can only be one real event when they have the same event type and modality,
the same actors (in either order for reciprocal events such as a phone call), and dates that
can be the same day (:func:`merge_reason`; anything else is a cannot-link). An undated event (a
background mention: "after the coup") can be the same as another undated one of the same
article, as a dated one of the same article unless its bound (the time of the event it hangs
off) rules that out, and as a dated report elsewhere that falls within its bound.

Among the pairs those rules allow, the coreference engine decides (:mod:`.linking`: the pair
model of ``weights.json`` over the trigger lemma and sense, participants, times, numbers, the
sentences' words and the articles' similarity): they merge when its score reaches the ingest
threshold. Within an article the events are clustered on those scores (average link, the
rules' cannot-links forbidding); across articles a new event joins the stored candidate it
scores best with. Each merge records a sentence saying why, with the engine's score and the
features it read, so an analyst can check it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping

import numpy as np

from ..actors import ActorRef
from ..dates import date_bounds
from ..events import UNIDENTIFIED, Event
from .clustering import average_link
from .linking import MENTIONS_READ, event_links, ingest_settings, vocabulary

BASIS_RANK = {"explicit": 3, "relative": 2, "publication": 1, "unknown": 0, None: 0}
PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1, None: 0}
# An event dated only by its article's publication day happened then or a few days earlier.
PUBLICATION_SLACK_DAYS = 7
FORBIDDEN = -1e6  # the link of a cannot-link pair: no average reaches a threshold with it


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
    if reciprocal and (actor_set(a.source) | actor_set(a.target)) == (
            actor_set(b.source) | actor_set(b.target)):
        return True
    return _one_side_unsaid(a, b)


def _one_side_unsaid(a: Event, b: Event) -> bool:
    """Within one article, a later mention of an act often names one side only ("the day after
    Russia's attack" for "Russia's drone attack on Kyiv"): told with the same word or the same
    lexicon pattern, the same source with no target said, or the same target with no source
    said, does not contradict; the engine then decides. Another act of the same type by the
    same party ("called for an end to crimes", "asked the French president") is not that."""
    if not _articles(a) & _articles(b) or a.reciprocal or b.reciprocal or not _same_act(a, b):
        return False
    src_a, src_b = actor_set(a.source), actor_set(b.source)
    tgt_a, tgt_b = actor_set(a.target), actor_set(b.target)
    return (bool(src_a) and src_a == src_b and not (tgt_a and tgt_b)) or (
        bool(tgt_a) and tgt_a == tgt_b and not (src_a and src_b))


def _same_act(a: Event, b: Event) -> bool:
    """Some mention of each is told with the same trigger lemma or lexicon pattern."""
    vocab = vocabulary()

    def acts(e: Event) -> set[str]:
        return {vocab.lemma(m.trigger) for m in e.mentions} | {
            "rule:" + m.rule.removeprefix("intent.") for m in e.mentions}

    return bool(acts(a) & acts(b))


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


def _told_as_past_only(event: Event) -> bool:
    """An undated event whose bound says no more than that it came shortly before something
    dated only by its article's publication (the bound is the publication day itself), so any
    dated event of its article before then can be it. An event with no bound at all ("since
    the coup": the start of a period, maybe long before) is not."""
    published = {m.published.isoformat() for m in event.mentions}
    return event.date_bound in published


def date_range(event: Event) -> tuple[dt.date | None, dt.date | None]:
    """The days the event can lie in: its date's span (with the publication slack), narrowed
    by the bounds its text gives (``date_after``, ``date_before``: "following the July 1
    call"); None for a side nothing bounds."""
    span = _span(event) if event.date is not None else None
    lo, hi = span if span is not None else (None, None)
    after, _ = date_bounds(event.date_after)
    _, before = date_bounds(event.date_before)
    if after is not None and (lo is None or after > lo):
        lo = after
    if before is not None and (hi is None or before < hi):
        hi = before
    return lo, hi


def ranges_overlap(a: Event, b: Event) -> bool:
    """Whether some day lies in both events' :func:`date_range`: two events that cannot share
    a day are never one event, whatever else they share."""
    (lo_a, hi_a), (lo_b, hi_b) = date_range(a), date_range(b)
    lows = [d for d in (lo_a, lo_b) if d is not None]
    highs = [d for d in (hi_a, hi_b) if d is not None]
    return not lows or not highs or max(lows) <= min(highs)


def dates_agree(a: Event, b: Event) -> bool:
    """The two dates can name the same day. An undated event agrees with another undated one
    of the same article (two background mentions of one war, say), with a dated report that
    falls within its bound ("in August ... after a visit by X": the visit of early August),
    and with a dated one of its own article when its bound says no more than "before this
    was published" ("Iran's missile attack two weeks ago ... the day after Iran's attack,
    Biden stated", where Biden's statement is dated only by publication: the engine then
    decides); with nothing else, since its date is not given. Never when the bounds the
    texts give (:func:`ranges_overlap`) leave no day to both."""
    if not ranges_overlap(a, b):
        return False
    if a.date is None and b.date is None:
        return bool(_articles(a) & _articles(b))
    if a.date is None or b.date is None:
        undated, dated = (a, b) if a.date is None else (b, a)
        if _articles(a) & _articles(b) and _told_as_past_only(undated):
            span = _span(dated)
            return span is None or span[0].isoformat() <= str(undated.date_bound)
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
                f"{dated.date} does") if not _told_as_past_only(undated) else (
                f"the undated mention is bounded by publication only; {dated.date} is of the same "
                "article")
    else:
        when = f"dates agree ({a.date} [{a.date_basis}] ~ {b.date} [{b.date_basis}])"
    return f"same {a.type} ({a.modality}) between {' and '.join(names)}; {when}"


def _better_date(a: Event, b: Event) -> Event:
    """The mention whose date is better founded: explicit > relative > publication, then finer."""

    def rank(e: Event) -> tuple[int, int]:
        return BASIS_RANK.get(e.date_basis, 0), PRECISION_RANK.get(e.date_precision, 0)

    return b if rank(b) > rank(a) else a


class DatesCannotOverlap(ValueError):
    """Two events were asked to merge whose date ranges share no day."""


def merge_into(target: Event, other: Event, reason: str) -> Event:
    """Fold ``other``'s mentions into ``target``; the best date and the finest mode win, and
    the bounds narrow to the days both allow. Two events whose date ranges cannot overlap
    (:func:`ranges_overlap`) are refused with :class:`DatesCannotOverlap`: the rules of
    :func:`merge_reason` never allow such a pair, so reaching here with one is a bug of the
    caller, not a merge to make quietly."""
    if not ranges_overlap(target, other):
        raise DatesCannotOverlap(
            f"cannot merge event {other.id or '(new)'} into {target.id or '(new)'}: their dates "
            f"cannot overlap ({_range_text(target)} against {_range_text(other)})")
    after = max((d for d in (target.date_after, other.date_after) if d), default=None)
    before = min((d for d in (target.date_before, other.date_before) if d), default=None)
    best = _better_date(target, other)
    if best is other:
        target.date, target.date_precision = other.date, other.date_precision
        target.date_basis, target.date_text = other.date_basis, other.date_text
        target.date_bound = other.date_bound
    if not target.target and other.target:  # a side one mention left unsaid (same article)
        target.target = list(other.target)
    if not target.source and other.source:
        target.source = list(other.source)
    if target.mode is None and other.mode is not None:
        target.mode, target.cameo = other.mode, other.cameo
        target.goldstein, target.quad_class = other.goldstein, other.quad_class
    seen = {r.actor_id for r in target.claimed_by}
    target.claimed_by += [r for r in other.claimed_by if r.actor_id not in seen]
    target.date_after, target.date_before = after, before
    target.mentions += other.mentions
    target.merge_reasons += [reason] * len(other.mentions)
    # independent reports raise confidence: 1 - prod(1 - c)
    target.confidence = round(1 - (1 - target.confidence) * (1 - other.confidence), 3)
    return target


def _range_text(event: Event) -> str:
    lo, hi = date_range(event)
    return f"{event.date or 'undated'} [{lo or '...'} .. {hi or '...'}]"


def merge_events(events: list[Event], texts: Mapping[str, str] | None = None) -> list[Event]:
    """Merge the events of one article that report the same real event: average-link
    clusters of the engine's scores over the pairs the rules allow (a cannot-link forbids
    any cluster holding both), each folded into its earliest event. ``texts`` gives the
    article's text by id, for the engine's document features."""
    allowed = {(i, j): reason for i in range(len(events)) for j in range(i + 1, len(events))
               if (reason := merge_reason(events[i], events[j]))}
    involved = sorted({k for pair in allowed for k in pair})  # the others stay alone
    where = {k: n for n, k in enumerate(involved)}
    links = event_links([events[k] for k in involved], texts or {},
                        [(where[i], where[j]) for i, j in allowed]) if allowed else {}
    prob = np.full((len(involved), len(involved)), FORBIDDEN)
    for (i, j) in allowed:
        prob[where[i], where[j]] = prob[where[j], where[i]] = links[where[i], where[j]].score
    clusters = [[involved[n] for n in c] for c in average_link(prob, ingest_threshold())]
    clusters += [[k] for k in range(len(events)) if k not in where]
    merged: list[Event] = []
    for members in sorted(clusters):
        kept = events[members[0]]
        for k in members[1:]:  # a cluster holds no cannot-link: every pair in it is allowed
            link = links[where[members[0]], where[k]]
            merge_into(kept, events[k],
                       f"same article: {link.describe()}; {allowed[members[0], k]}")
        merged.append(kept)
    for event in merged:
        event.id = event.id or event_id(event)
    return merged


def match_event(
    event: Event, candidates: list[Event], texts: Callable[[list[str]], Mapping[str, str]]
    | Mapping[str, str] | None = None,
) -> tuple[Event, str] | None:
    """The stored event that ``event`` reports again, with the reason, if any: among the
    candidates the rules allow, the one the engine scores highest (the earliest on ties) when
    its score reaches the ingest threshold. An undated background mention must fit exactly
    one: among several same-pair events in its bound (daily strikes in a war, say) nothing says
    which one it repeats. ``texts`` gives articles' texts by id (or reads them), for the
    engine's document features."""
    allowed = [(c, reason) for c in candidates if (reason := merge_reason(c, event))]
    if not allowed:
        return None
    if event.date is None and len(allowed) > 1:
        return None
    ids = sorted({m.article_id for e in [event, *(c for c, _ in allowed)]
                  for m in e.mentions[:MENTIONS_READ]})
    given = texts(ids) if callable(texts) else (texts or {})
    found = event_links([event, *(c for c, _ in allowed)], given,
                        [(0, k) for k in range(1, len(allowed) + 1)])
    links = [found[0, k] for k in range(1, len(allowed) + 1)]
    threshold = ingest_threshold()
    best: tuple[Event, str] | None = None
    best_score = -1.0
    for (candidate, reason), link in zip(allowed, links, strict=True):
        if link.score >= threshold and link.score > best_score:
            best, best_score = (candidate, f"{link.describe()}; {reason}"), link.score
    return best


def ingest_threshold() -> float:
    """The engine score from which two events the rules allow merge (weights.json)."""
    return ingest_settings()[1]
