"""What articles teach the knowledge base, recorded and replayed in learning order.

An article can teach a new person ("Swedish Prime Minister Ulf Kristersson") and a role read from
a title; later articles then resolve "the Swedish prime minister" to him. For every run to equal
one sequential run (split, interrupted and resumed, or with workers), an article must see exactly
the knowledge a sequential run would have when it reaches it: the shipped data, the user's
files, and every fact taught by the articles stored before it, applied in the order taught.
The store keeps those facts (``Store.add_learned``); ``replay`` applies them to a fresh copy of
the knowledge base.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from .actors import Actor, KnowledgeBase, Role

Fact = tuple[str, dict[str, Any]]
"""One learned fact as the store gives it back: ("actor" | "role", its fields)."""

_ROLE_FIELDS = {f.name for f in fields(Role)}
_ACTOR_FIELDS = {f.name for f in fields(Actor)}


def snapshot(kb: KnowledgeBase) -> bytes:
    """The knowledge base as it stands, to start runs from (cheap: the name index is left out
    while it is unbuilt)."""
    return pickle.dumps(kb)


def restore(frozen: bytes) -> KnowledgeBase:
    kb: KnowledgeBase = pickle.loads(frozen)
    return kb


def taught(kb: KnowledgeBase, article_id: str, roles: Iterable[Role]) -> list[Actor]:
    """The people ``article_id`` added to ``kb`` (``learn_roles`` marks them with the article
    as their source), in the order of the roles that taught them."""
    source = f"article:{article_id}"
    found: dict[str, Actor] = {}
    for role in roles:
        actor = kb.get(role.actor_id)
        if role.learned and actor is not None and actor.source == source:
            found.setdefault(actor.id, actor)
    return list(found.values())


def replay(kb: KnowledgeBase, facts: Iterable[Fact]) -> None:
    """Apply stored facts as ``learn_roles`` applied them: a person only when unknown, every
    role appended in order."""
    for kind, record in facts:
        if kind == "actor":
            actor = Actor(**{k: v for k, v in record.items() if k in _ACTOR_FIELDS})
            if kb.get(actor.id) is None:
                kb.add_actor(actor)
        elif kind == "role":
            kb.add_role(_role(record))


def _role(record: dict[str, Any]) -> Role:
    values = {k: v for k, v in record.items() if k in _ROLE_FIELDS}
    for key in ("start", "end"):
        if isinstance(values.get(key), str):
            values[key] = dt.date.fromisoformat(values[key])
    values["learned"] = bool(values.get("learned", True))
    return Role(**values)
