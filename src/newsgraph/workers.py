"""Where the spaCy parse runs: this process, a pool of local processes, or Dask workers.

Only the parse leaves the ingesting process. It reads no learned knowledge (its sentence filters
read the untaught knowledge base, see ``Annotator``), so whichever worker parses an article, the
Doc that comes back is the same; the knowledge-dependent half and the writes stay in the one
ingesting process, in input order (``Ingestor``). That is what makes local, ``--workers N`` and
``--dask`` ingest give the same database.

A parse pool is anything with ``submit(texts) -> future`` whose ``result()`` is the Docs as
bytes, and ``slots``, how many batches to keep in flight. Dask's ``Client.submit`` returns such
futures, so one loop (``Ingestor._parsed``) drives both. On Dask the model is loaded once per
worker by a worker plugin, and a task whose worker is lost is run again on another (Dask's own
retry of lost tasks, plus ``retries`` for a worker that fails outright): nothing is lost, and
since results are taken in input order, nothing is stored out of turn.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import weakref
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .errors import NewsgraphError
from .heap import set_aside_for_good

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from .dates import Timex
    from .pipeline import Annotator

__all__ = ["DaskSpec", "ParsePool", "WorkerError", "parse_dask_spec", "parse_pool", "parse_texts",
           "parsed_docs", "shipped_timexes", "start_annotator"]

_ANNOTATOR: Annotator | None = None
"""The annotator of this worker process (a pool process, or a Dask worker's process)."""
_PARSING = threading.Lock()  # a Dask worker started with several threads parses one batch at a time

class WorkerError(NewsgraphError):
    """A parse pool could not be started (a bad --dask address, Dask not installed)."""


class Future(Protocol):
    def result(self) -> bytes: ...


class ParsePool(Protocol):
    slots: int

    def submit(self, texts: list[str], anchors: list[str] | None = None) -> Future: ...


@dataclass(frozen=True)
class DaskSpec:
    """``local``, ``local:N`` (a LocalCluster of N worker processes) or a scheduler address."""

    address: str | None  # None: start a LocalCluster here
    workers: int = 2


_LOCAL = re.compile(r"local(?::(\d+))?")
_ADDRESS = re.compile(r"(tcp|tls|inproc|ws|wss)://\S+")


def parse_dask_spec(text: str) -> DaskSpec:
    """Read ``--dask``: ``local``, ``local:N`` or ``tcp://HOST:PORT``; anything else is refused
    with what was expected, before any worker starts."""
    text = text.strip()
    if m := _LOCAL.fullmatch(text):
        n = int(m.group(1) or 2)
        if n < 1:
            raise WorkerError(f"--dask {text}: a local cluster needs at least one worker")
        return DaskSpec(None, n)
    if _ADDRESS.fullmatch(text):
        return DaskSpec(text)
    raise WorkerError(f"--dask {text!r}: expected local, local:N or a scheduler address such as "
                      "tcp://HOST:8786")


_INHERITED: Annotator | None = None
"""The ingesting process's annotator while its pool of parse processes runs. A pool process
forked from it (the start method on Linux) finds it here, loaded: the model, the dictionaries
and the untaught knowledge the parse reads, in pages shared with the parent until written, so
the process starts without loading its own (with every PETRARCH dictionary that cost several
CPU-seconds per process). A process started otherwise (spawn) finds None and loads its own."""


def start_annotator(actor_files: list[Path], parse_all: bool) -> None:
    """Load the model and the knowledge once per worker process, or take the ingesting
    process's, inherited loaded (``_INHERITED``), when it was loaded from the same files with
    the same ``parse_all``. The parse reads only the untaught knowledge (``filter_kb``), the
    lexicon and the model, never what articles taught, so either parses the same."""
    global _ANNOTATOR
    from .pipeline import Annotator, loaded_from

    inherited = _INHERITED
    if inherited is not None and inherited.loaded_from == loaded_from(actor_files, parse_all):
        _ANNOTATOR = inherited
        return
    _ANNOTATOR = Annotator(actor_files=actor_files, parse_all=parse_all)
    _ANNOTATOR.start_run(())  # parse decisions from the untaught knowledge, as in the parent


def _start_pool_process(actor_files: list[Path], parse_all: bool) -> None:
    """``start_annotator`` in a pool process, which lives only to parse: the collector need not
    walk the model and knowledge it loaded (newsgraph.heap). A Dask worker, which may be the
    user's own long-lived process, is left to collect as it does."""
    start_annotator(actor_files, parse_all)
    set_aside_for_good()


#: the token attributes a parse carries back from a worker: those the joined Doc holds (what
#: ``Doc.from_docs`` copies), in one ``DocBin`` per batch: a sixth of the bytes of each Doc's
#: ``to_bytes`` and read back in half the time, the same Docs (no tensors: no rule reads them)
CARRIED = ["ORTH", "SPACY", "NORM", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID",
           "ENT_ID", "LEMMA", "MORPH", "POS", "SENT_START"]


#: where a worker puts an article's temporal expressions in its Doc's user data for the trip
_TIMEXES_KEY = "newsgraph_timexes"
# the temporal expressions a worker tagged, by the Doc read back here (``shipped_timexes``)
_SHIPPED: weakref.WeakKeyDictionary[Doc, list[Timex]] = weakref.WeakKeyDictionary()


def parse_texts(texts: list[str], anchors: list[str] | None = None) -> bytes:
    """Parse in a worker; the Docs travel back as one serialised ``DocBin``.

    With ``anchors`` (each text's publication date, ISO), the worker also tags each text's
    temporal expressions: they depend on the text and the date alone, never on learned
    knowledge, so the ingesting process, whose serial work bounds every parallel ingest, need
    not (``shipped_timexes``)."""
    from spacy.tokens import DocBin

    from .dates import tag_timexes
    from .parsing import doc_text

    assert _ANNOTATOR is not None, "start_annotator runs first in every worker"
    with _PARSING:
        docs = list(_ANNOTATOR.parse(texts))
    for doc, anchor in zip(docs, anchors or [], strict=anchors is not None):
        found = tag_timexes(doc_text(doc), dt.date.fromisoformat(anchor))
        doc.user_data[_TIMEXES_KEY] = [astuple(t) for t in found]
    return DocBin(attrs=CARRIED, store_user_data=anchors is not None, docs=docs).to_bytes()


def parsed_docs(vocab: Vocab, data: bytes) -> Iterator[Doc]:
    """The Docs of ``parse_texts``, in order, read into this process's vocabulary; the
    temporal expressions a worker tagged are set aside for ``shipped_timexes`` and the Doc's
    user data left empty, as a parse here leaves it."""
    from spacy.tokens import DocBin

    from .dates import Timex

    for doc in DocBin().from_bytes(data).get_docs(vocab):
        found = doc.user_data.pop(_TIMEXES_KEY, None)
        if found is not None:
            _SHIPPED[doc] = [Timex(*t) for t in found]
        yield doc


def shipped_timexes(doc: Doc) -> list[Timex] | None:
    """The temporal expressions the worker that parsed ``doc`` tagged (anchored on the
    publication date it was sent with), or None when it tagged none."""
    return _SHIPPED.get(doc)


class _Processes:
    def __init__(self, pool: ProcessPoolExecutor, workers: int) -> None:
        self.pool, self.slots = pool, workers * 2

    def submit(self, texts: list[str], anchors: list[str] | None = None) -> Future:
        return self.pool.submit(parse_texts, texts, anchors)


@contextmanager
def parse_pool(workers: int = 1, dask: str | None = None, actor_files: list[Path] | None = None,
               parse_all: bool = False, loaded: Annotator | None = None
               ) -> Iterator[ParsePool | None]:
    """The pool the parse runs in; None means this process parses itself. ``loaded``: this
    process's annotator, which forked pool processes take instead of loading their own."""
    global _INHERITED
    files = list(actor_files or [])
    if dask:
        spec = parse_dask_spec(dask)
        try:
            from .cluster import dask_pool
        except ImportError as exc:
            raise WorkerError("--dask needs Dask: pip install 'newsgraph[dask]'") from exc
        with dask_pool(spec, files, parse_all) as pool:
            yield pool
    elif workers > 1:
        _INHERITED = loaded  # the processes are forked on the first submit, inside the block
        try:
            with ProcessPoolExecutor(workers, initializer=_start_pool_process,
                                     initargs=(files, parse_all)) as executor:
                yield _Processes(executor, workers)
        finally:
            _INHERITED = None
    else:
        yield None
