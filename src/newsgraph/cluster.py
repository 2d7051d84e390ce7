"""Parsing on a Dask cluster (``newsgraph ingest --dask``): imported only when asked for.

The model is loaded once per worker by a worker plugin, also on a worker that joins later; each
batch of texts is one task. A task whose worker is lost is run again elsewhere by the scheduler,
and one whose worker raises is retried ``TASK_RETRIES`` times, so a lost worker loses no
article. The ingesting process takes results in input order (``newsgraph.workers``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from .workers import DaskSpec, Future, ParsePool, WorkerError, parse_texts, start_annotator

TASK_RETRIES = 3
CONNECT_TIMEOUT_S = 20  # how long to wait for a scheduler named by its address


class AnnotatorPlugin(WorkerPlugin):
    """Loads newsgraph's annotator in a worker when it starts."""

    name = "newsgraph-annotator"

    def __init__(self, actor_files: list[Path], parse_all: bool) -> None:
        self.actor_files, self.parse_all = [str(p) for p in actor_files], parse_all

    def setup(self, worker: Any) -> None:
        start_annotator([Path(p) for p in self.actor_files], self.parse_all)


class _DaskPool:
    def __init__(self, client: Client) -> None:
        self.client = client
        self.slots = max(2, 2 * sum(client.nthreads().values()))

    def submit(self, texts: list[str], anchors: list[str] | None = None) -> Future:
        # pure=False: two batches with the same texts are still two tasks
        future: Future = self.client.submit(parse_texts, texts, anchors, pure=False,
                                            retries=TASK_RETRIES)
        return future


@contextmanager
def dask_pool(spec: DaskSpec, actor_files: list[Path], parse_all: bool) -> Iterator[ParsePool]:
    """A client on the cluster ``spec`` names (a LocalCluster started here for ``local:N``)."""
    cluster = None
    try:
        if spec.address is None:
            cluster = LocalCluster(n_workers=spec.workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(spec.address, timeout=f"{CONNECT_TIMEOUT_S}s")
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise WorkerError(f"--dask {spec.address or 'local'}: cannot reach the scheduler "
                          f"({exc}); start one with `dask scheduler` or use --dask local:N"
                          ) from exc
    try:
        client.register_plugin(AnnotatorPlugin(actor_files, parse_all))
        yield _DaskPool(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
