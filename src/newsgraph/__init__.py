"""newsgraph: dated news articles in; a deduplicated, provenance-linked event database out.

>>> import newsgraph
>>> graph = newsgraph.open("newsgraph.db")          # doctest: +SKIP
>>> graph.ingest("articles/")                        # doctest: +SKIP
>>> graph.events(dyad=("France", "Iran"))            # doctest: +SKIP
"""

from __future__ import annotations

from .actors import Actor, ActorRef, Role
from .api import Newsgraph, open
from .articles import Article
from .dates import EventDate, Timex
from .errors import ConfigError, InputError, MissingExtraError, NewsgraphError
from .events import Event, Mention
from .store.queries import EventQuery, Page, QueryError

__all__ = [
    "Actor", "ActorRef", "Article", "ConfigError", "Event", "EventDate", "EventQuery",
    "InputError", "Mention", "MissingExtraError", "Newsgraph", "NewsgraphError", "Page",
    "QueryError", "Role", "Timex", "open",
]
__version__ = "0.1.0"
