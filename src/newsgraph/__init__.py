"""newsgraph: dated news articles in; a deduplicated, provenance-linked event database out.

>>> import newsgraph
>>> graph = newsgraph.open("newsgraph.db")          # doctest: +SKIP
>>> graph.ingest("articles/")                        # doctest: +SKIP
>>> graph.events(dyad=("France", "Iran"))            # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_attributes

if TYPE_CHECKING:
    from .actors import Actor, ActorRef, Role
    from .api import Newsgraph, open
    from .articles import Article
    from .dates import EventDate, Timex
    from .errors import ConfigError, InputError, MissingExtraError, NewsgraphError
    from .events import Event, Mention
    from .store.queries import EventQuery, Page, QueryError

# every name loads its module on first use: ``newsgraph --help`` and the read-only commands
# import only what they run (issue 10: they start in <= 0.2 CPU-s), ``newsgraph.open`` still works
__getattr__ = lazy_attributes(__name__, {
    "Actor": "actors", "ActorRef": "actors", "Role": "actors", "Newsgraph": "api",
    "open": "api", "Article": "articles", "EventDate": "dates", "Timex": "dates",
    "ConfigError": "errors", "InputError": "errors", "MissingExtraError": "errors",
    "NewsgraphError": "errors", "Event": "events", "Mention": "events",
    "EventQuery": "store.queries", "Page": "store.queries", "QueryError": "store.queries",
})

__all__ = [
    "Actor", "ActorRef", "Article", "ConfigError", "Event", "EventDate", "EventQuery",
    "InputError", "Mention", "MissingExtraError", "Newsgraph", "NewsgraphError", "Page",
    "QueryError", "Role", "Timex", "open",
]
__version__ = "0.1.0"
