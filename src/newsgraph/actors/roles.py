"""Learning roles: titles read in an article become learned roles in the knowledge base."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from .knowledge_base import KnowledgeBase
from .names import slug
from .records import Actor, Role
from .titles import TitledName, office_owner, title_affiliation, titled_names


def learn_roles(doc: Doc, kb: KnowledgeBase, article_id: str, published: dt.date) -> list[Role]:
    """Titles read in the article ("Russian President Vladimir Putin") as learned roles.

    Only present tense, named titles are learned; "former President X" or "the next president"
    never are. New roles (and new people) are added to ``kb`` so later articles resolve.
    """
    learned: list[Role] = []
    for t in titled_names(doc, kb, on=published):
        if t.former or not t.office or not t.country or t.name_end <= t.name_start:
            continue
        if t.office in _NOT_LEARNED:
            continue  # too vague to stand as an office of the country
        name = doc[t.name_start:t.name_end].text
        actor = kb.get(t.person_id) if t.person_id else None
        if actor is None:
            actor = Actor(f"person:{slug(name)}", name, "person", title_affiliation(kb, t)[0],
                          None, [], f"article:{article_id}")
            if kb.get(actor.id) is None:
                kb.add_actor(actor)
            actor = kb.get(actor.id) or actor
        if any(r.office == t.office and (r.organisation or r.country) == t.country
               and r.covers(published) for r in kb.roles(actor.id) if not r.learned):
            continue
        role = _role_read(kb, t, actor, f"article:{article_id}", published)
        role.evidence = doc[t.span_start].sent.text.strip()
        kb.add_role(role)
        learned.append(role)
    return learned


# offices many people hold at once, or too vague to stand as an office of a country
_NOT_LEARNED = frozenset({"leader", "head_of_state", "head_of_government", "spokesperson",
                          "chairman", "commander", "chief", "judge", "cleric"})


def _role_read(kb: KnowledgeBase, t: TitledName, actor: Actor, source: str,
               published: dt.date) -> Role:
    """The role a title states on the day it was read; an organisation's office ("IAEA Director
    General X") is held for the organisation, in its country, as the curated roles are."""
    owner = office_owner(kb, t)
    if owner is None:
        return Role(actor.id, t.office or "", t.country or "", published, published, source, True)
    return Role(actor.id, t.office or "", owner.country or t.country or "", published, published,
                source, True, sector=owner.sector, organisation=owner.id)


def could_teach_role(sentence: str, kb: KnowledgeBase) -> bool:
    """Cheap test (no spaCy): an office word next to a capitalised name."""
    return kb.teach_pattern().search(sentence) is not None
