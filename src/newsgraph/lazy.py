"""Package attributes loaded on first use.

The read-only commands (``stats``, ``events``, ``export``, ``serve``) only need the record
dataclasses, but the NLP modules beside them import spaCy, which costs about a CPU-second.
A package lists its spaCy-backed names here and they are imported when first asked for, so
``from newsgraph.actors import ActorRef`` stays cheap and ``KnowledgeBase`` still works.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_attributes(package: str, names: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports ``names[attr]`` (a submodule)
    the first time ``attr`` is read and keeps the value in the package's namespace."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(importlib.import_module(package), name, value)
        return value

    return __getattr__
