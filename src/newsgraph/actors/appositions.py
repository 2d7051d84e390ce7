"""Appositions: a name set off by commas explains the role before it.

"his Japanese counterpart, Yoshimasa Hayashi," or "China's top diplomat, Wang Yi," name the
person the role stands for here, whoever the knowledge base says holds that office (the writer
knows better than our term dates, and "top diplomat" is not always the foreign minister). The
parse says so with an ``appos`` arc; an unparsed sentence (or a missed arc) falls back to the
comma pattern "ROLE, NAME," with the name closed by a comma or the end of the sentence.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from ..parsing import UNPARSED_DEP
from .names import slug
from .records import ActorRef

# refs that stand for a role rather than a name: an apposition name may explain them
_ROLE_HOWS = {"role", "description"}
# refs that name a person: they may explain a role
_NAME_HOWS = {"name", "alias", "surname", "learned"}
# what may close an apposition name
_CLOSERS = {",", ".", ";", ":", "--", "—", "–", ")"}


def explain_roles(doc: Doc, refs: list[ActorRef]) -> list[ActorRef]:
    """``refs`` with every role or description that a following apposition name explains
    replaced by that person (``how`` = ``apposition``, no office: the name is not re-resolved
    by date). An unknown person name (NER) after a role with a country is learned."""
    names = {r.start: r for r in refs if r.kind == "person" and r.how in _NAME_HOWS}
    out = []
    for ref in refs:
        named = _explained_by(doc, ref, names) if ref.how in _ROLE_HOWS else None
        out.append(named if named is not None else ref)
    return out


def _explained_by(doc: Doc, ref: ActorRef, names: dict[int, ActorRef]) -> ActorRef | None:
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None or len(span) == 0 or span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    first = doc[span.end + 1]
    person = names.get(first.idx)
    if person is not None:
        name = doc.char_span(person.start, person.end, alignment_mode="expand")
        if name is None or not _apposition(span, name):
            return None
        return replace(person, text=ref.text, start=ref.start, end=ref.end, how="apposition",
                       office=None)
    return _learned(doc, ref, span)


def _learned(doc: Doc, ref: ActorRef, span: Span) -> ActorRef | None:
    """"the Indian foreign minister, Ramesh Kumar,": a person NER finds but we do not know,
    after a role of a country, is that role's holder here."""
    first = doc[span.end + 1]
    if ref.how != "role" or ref.office is None or ref.country is None or first.ent_type_ != "PERSON":
        return None
    ent = next((e for e in doc.ents if e.start == first.i and e.label_ == "PERSON"), None)
    if ent is None or len(ent) < 2 or not _apposition(span, ent):
        return None
    return ActorRef(f"person:{slug(ent.text)}", ent.text, "person", ref.country, ref.sector,
                    ref.text, ref.start, ref.end, "apposition")


def _apposition(role: Span, name: Span) -> bool:
    """Is ``name`` (right after "ROLE,") in apposition to ``role``? The parse's ``appos`` arc
    where the sentence is parsed; the closing comma (or sentence end) always suffices."""
    doc = role.doc
    after = doc[name.end] if name.end < len(doc) else None
    if after is None or after.text in _CLOSERS or after.is_sent_start:
        return after is None or after.text != "," or not _list_follows(doc, name.end)
    head = name.root
    return head.dep_ != UNPARSED_DEP and head.dep_ == "appos" and role.start <= head.head.i < role.end


def _list_follows(doc: Doc, comma: int) -> bool:
    """"the ministers, Lavrov, Wang and Blinken": a name followed by another name and "and"
    starts a list, not an apposition."""
    nxt = doc[comma + 1:comma + 4]
    return len(nxt) > 0 and nxt[0].ent_type_ == "PERSON" and any(t.lower_ == "and" for t in nxt)
