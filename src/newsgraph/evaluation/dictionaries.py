"""``newsgraph eval SUITE --dictionary DIR|FILE``: the suites scored with dictionaries loaded.

Many event-data users own PETRARCH/Phoenix dictionaries; what loading them does to the figures
is a question they ask before they ingest with them. The suites build their annotator (or open
their database) through :func:`suite_annotator` and :func:`suite_dictionaries`, which add the
dictionaries of the run in progress (set by :func:`loaded`) to whatever the suite loads itself
(the PETRARCH suite loads its own actor dictionary). Floors are pinned for the plain coder, so a
run with dictionaries reports figures without checking them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..pipeline import Annotator

_LOADED: ContextVar[tuple[Path, ...]] = ContextVar("eval_dictionaries", default=())


@contextmanager
def loaded(paths: Iterable[str | Path]) -> Iterator[tuple[Path, ...]]:
    """Score the suites run inside the block with ``paths`` loaded too."""
    files = tuple(Path(p) for p in paths)
    token = _LOADED.set(files)
    try:
        yield files
    finally:
        _LOADED.reset(token)


def suite_dictionaries(*own: Path) -> list[Path]:
    """The dictionaries a suite codes with: its own, then those of the run."""
    return [*own, *_LOADED.get()]


def suite_annotator(*own: Path, **kwargs: Any) -> Annotator:
    """An annotator with the suite's own dictionaries and those of the run."""
    from ..pipeline import Annotator

    return Annotator(dictionaries=suite_dictionaries(*own), **kwargs)
