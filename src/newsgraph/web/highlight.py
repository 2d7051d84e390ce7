"""Cutting a source sentence into plain and highlighted pieces, for the event page.

Offsets in a mention are character offsets in the article; the sentence starts at
``mention.start``. The result is a list of ``Piece``s; the template escapes each piece's text, so
article text never reaches the page as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..actors import ActorRef
from ..events import Mention


@dataclass
class Piece:
    """A run of sentence text; ``kind`` is None (plain), ``trigger``, ``source``, ``target`` or
    ``claim``; ``label`` says what a highlighted run was resolved to."""

    text: str
    kind: str | None = None
    label: str = ""


def _spans(m: Mention) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, label) relative to the sentence; trigger first, so it wins overlaps."""
    spans = [(m.trigger_start - m.start, m.trigger_end - m.start, "trigger", m.trigger)]
    groups: list[tuple[str, list[ActorRef]]] = [
        ("source", m.source), ("target", m.target), ("claim", m.claimed_by),
    ]
    for kind, refs in groups:
        for ref in refs:
            if ref.start >= 0 and ref.end > ref.start:
                label = f"{ref.name} ({ref.actor_id}, via {ref.how})"
                spans.append((ref.start - m.start, ref.end - m.start, kind, label))
    return spans


def highlight(m: Mention) -> list[Piece]:
    """The mention's sentence as pieces; spans outside the sentence or overlapping are dropped."""
    text = m.sentence
    taken: list[tuple[int, int, str, str]] = []
    for start, end, kind, label in _spans(m):
        if start < 0 or end > len(text) or start >= end:
            continue
        if any(start < t_end and t_start < end for t_start, t_end, _, _ in taken):
            continue
        taken.append((start, end, kind, label))
    taken.sort()
    pieces: list[Piece] = []
    at = 0
    for start, end, kind, label in taken:
        if start > at:
            pieces.append(Piece(text[at:start]))
        pieces.append(Piece(text[start:end], kind, label))
        at = end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces
