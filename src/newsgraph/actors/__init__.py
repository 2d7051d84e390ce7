"""Actors: a time-aware knowledge base of countries, people, organisations and their roles.

The knowledge base (``KnowledgeBase``) answers "who held this office on that day" and "what does
this name mean"; ``find_actors`` turns a parsed article into ``ActorRef`` records, and
``learn_roles`` adds titles it reads ("Iranian President Masoud Pezeshkian") to the knowledge base
so that later articles resolve. Facts live in ``newsgraph/data`` (see ``ACTORS_SOURCES.md``).

Modules, by concept: ``records`` (Actor, Role, ActorRef), ``knowledge_base`` (KnowledgeBase),
``dictionaries`` (the one reader of every actor, agent, verb and discard file: ours
and PETRARCH's), ``names`` (the name index and scanning),
``titles`` ("French President Emmanuel Macron"), ``metonyms`` ("Tehran said"), ``demonyms``
("Israeli airstrikes"), ``peoples`` ("Lebanese Shiites", "thousands of Kenyans": people, not their
state), ``mentions`` (find_actors), ``references`` (pronouns and descriptions), ``appositions``
("China's top diplomat, Wang Yi,") and ``roles`` (learning titles read in articles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .records import KINDS, Actor, ActorRef, Role

if TYPE_CHECKING:
    from .knowledge_base import LEARNED_WINDOW, KnowledgeBase, Office
    from .mentions import find_actors, span_of
    from .names import fold, may_name_unknown, slug
    from .roles import could_teach_role, learn_roles

# the records are all a reader of the database needs; the rest imports spaCy, so on first use
__getattr__ = lazy_attributes(__name__, {
    "LEARNED_WINDOW": "knowledge_base", "KnowledgeBase": "knowledge_base",
    "Office": "knowledge_base", "find_actors": "mentions", "span_of": "mentions",
    "fold": "names", "may_name_unknown": "names", "slug": "names",
    "could_teach_role": "roles", "learn_roles": "roles",
})

__all__ = [
    "KINDS",
    "LEARNED_WINDOW",
    "Actor",
    "ActorRef",
    "KnowledgeBase",
    "Office",
    "Role",
    "could_teach_role",
    "find_actors",
    "fold",
    "learn_roles",
    "may_name_unknown",
    "slug",
    "span_of",
]


