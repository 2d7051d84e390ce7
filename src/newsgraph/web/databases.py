"""Database handles for the web server: one read-only connection per worker thread, one writer.

FastAPI runs plain ``def`` endpoints in a thread pool. A SQLite connection must not be used by two
threads at once, so each thread gets its own read-only ``Newsgraph``; ingesting (the only write)
goes through a single read-write ``Newsgraph`` behind a lock, and only when a token was set.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..api import Newsgraph
from ..store import StoreError
from ..store.connection import locate


class Databases:
    """Hands out per-thread readers and the writer for one database file."""

    def __init__(self, path: str | Path, writable: bool) -> None:
        self.path = str(path)
        self.writable = writable
        self._local = threading.local()
        self._opened: list[Newsgraph] = []
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()
        self._writer: Newsgraph | None = None
        if writable:
            self._writer = Newsgraph(self.path)  # creates or migrates the file first
        elif locate(self.path).dialect.name == "sqlite" and not Path(
                locate(self.path).target).exists():  # a PostgreSQL URL is tried by reader()
            raise StoreError(
                f"{self.path}: no such database; create one with newsgraph ingest or "
                "newsgraph demo, or start the server with a token to ingest over HTTP"
            )
        self.reader()  # fail at startup, not on the first request, if the file is unusable

    def reader(self) -> Newsgraph:
        """This thread's read-only handle, opened on first use."""
        graph: Newsgraph | None = getattr(self._local, "graph", None)
        if graph is None:
            graph = Newsgraph(self.path, readonly=True)
            self._local.graph = graph
            with self._lock:
                self._opened.append(graph)
        return graph

    def writer(self) -> Newsgraph:
        """The one read-write handle; callers hold ``write_lock`` while using it."""
        if self._writer is None:
            raise PermissionError("the server is read-only")
        return self._writer

    def close(self) -> None:
        with self._lock:
            for graph in self._opened:
                try:
                    graph.close()
                except Exception:  # noqa: BLE001 - closing from another thread; best effort
                    pass
            self._opened.clear()
        if self._writer is not None:
            self._writer.close()
