"""Where the parse runs (newsgraph.workers, newsgraph.cluster): the ``--dask`` address is
checked before anything starts, and ingest on Dask workers gives the database a sequential run
gives, also when a worker is killed in the middle of the run."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsgraph
from conftest import SEEDS
from newsgraph.cli import main
from newsgraph.exports import compare_databases
from newsgraph.workers import DaskSpec, WorkerError, parse_dask_spec

SAMPLE = Path(newsgraph.__file__).parent / "sample"


@pytest.mark.parametrize("text, spec", [
    ("local", DaskSpec(None, 2)),
    ("local:3", DaskSpec(None, 3)),
    (" tcp://10.0.0.5:8786 ", DaskSpec("tcp://10.0.0.5:8786")),
    ("tls://scheduler.example.org:8786", DaskSpec("tls://scheduler.example.org:8786")),
])
def test_dask_addresses(text, spec):
    assert parse_dask_spec(text) == spec


@pytest.mark.parametrize("text", ["local:0", "localhost", "10.0.0.5:8786", "local:two", ""])
def test_a_bad_dask_address_says_what_is_expected(text):
    with pytest.raises(WorkerError, match="expected local, local:N|at least one worker"):
        parse_dask_spec(text)


def test_the_cli_refuses_a_bad_address_before_opening_the_database(tmp_path):
    db = tmp_path / "never.db"
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE), "--db", str(db),
                                       "--dask", "scheduler:8786"])
    assert result.exit_code == 2
    assert "--dask 'scheduler:8786': expected local, local:N" in result.output
    assert not db.exists()


distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(SEEDS.glob("*.txt")) + sorted(SAMPLE.glob("*.txt"))[:6]:
        shutil.copy(path, folder / path.name)
    return [str(p) for p in sorted(folder.iterdir())]


@pytest.fixture(scope="module")
def sequential(corpus, tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("seq") / "seq.db")
    with newsgraph.open(path) as graph:
        report = graph.ingest(corpus)
    assert report.failed == 0 and report.events > 40, report.errors
    return path


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    yield cluster
    cluster.close()


@pytest.mark.slow
def test_dask_local_gives_the_sequential_database(corpus, sequential, tmp_path):
    path = str(tmp_path / "dask.db")
    with newsgraph.open(path) as graph:
        report = graph.ingest(corpus, dask="local:2", batch_size=2)
    assert report.failed == 0 and report.ingested == len(corpus), report.errors
    assert compare_databases(sequential, path) == []


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_nothing(corpus, sequential, cluster, tmp_path):
    """One worker is SIGKILLed after the first article is stored, while batches are in
    flight on it; the scheduler runs them again elsewhere and the nanny restarts the worker
    (its plugin loads the model again). Nothing is lost and nothing is stored out of turn."""
    client = distributed.Client(cluster)
    killed: list[int] = []

    def kill_one(_: int) -> None:
        if not killed:
            pid = sorted(client.run(os.getpid).values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    path = str(tmp_path / "killed.db")
    try:
        with newsgraph.open(path) as graph:
            report = graph.ingest(corpus, dask=cluster.scheduler_address, batch_size=1,
                                  progress=kill_one)
    finally:
        client.close()
    assert killed, "no worker was killed: the test did not test anything"
    assert report.failed == 0 and report.ingested == len(corpus), report.errors
    assert compare_databases(sequential, path) == []


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, monkeypatch):
    from newsgraph import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2)
    with pytest.raises(WorkerError, match="cannot reach the scheduler"):
        with newsgraph.open(str(tmp_path / "x.db")) as graph:
            graph.ingest([str(SAMPLE)], dask="tcp://127.0.0.1:9")


def test_a_worker_ships_the_temporal_expressions_the_ingesting_process_would_tag(nlp):
    import datetime as dt

    from newsgraph import workers
    from newsgraph.dates import tag_timexes
    from newsgraph.parsing import doc_text

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:2]]
    texts.append("Ministers met on Tuesday and will meet again next month.")
    anchors = ["2024-10-14", "2023-06-10", "2024-03-06"]
    workers.start_annotator([], False)  # as a pool process starts
    vocab = nlp.vocab  # the ingesting process's own: the strings travel in the DocBin
    docs = list(workers.parsed_docs(vocab, workers.parse_texts(texts, anchors)))
    for doc, anchor in zip(docs, anchors, strict=True):
        expected = tag_timexes(doc_text(doc), dt.date.fromisoformat(anchor))
        assert expected and workers.shipped_timexes(doc) == expected
        assert doc.user_data == {}  # the trip leaves nothing behind in the Doc
    plain = list(workers.parsed_docs(vocab, workers.parse_texts(texts)))
    assert [workers.shipped_timexes(d) for d in plain] == [None] * len(texts)
    assert [d.to_bytes() for d in plain] == [d.to_bytes() for d in docs]


@pytest.mark.slow
def test_two_worker_processes_give_the_sequential_database(corpus, sequential, tmp_path):
    """The pool processes are forked from the ingesting process and parse with its annotator,
    inherited loaded: the database is the one a sequential run gives."""
    path = str(tmp_path / "workers.db")
    with newsgraph.open(path) as graph:
        report = graph.ingest(corpus, workers=2, batch_size=2)
    assert report.failed == 0 and report.ingested == len(corpus), report.errors
    assert compare_databases(sequential, path) == []


def _annotator_in_this_process() -> tuple[int, int]:
    from newsgraph import workers

    return os.getpid(), id(workers._ANNOTATOR)


def test_a_forked_pool_process_parses_with_the_annotator_it_inherits(nlp, monkeypatch):
    from newsgraph import workers
    from newsgraph.pipeline import Annotator

    monkeypatch.setattr(workers, "_ANNOTATOR", None)
    parent = Annotator()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:2]]
    with workers.parse_pool(2, loaded=parent) as pool:
        assert isinstance(pool, workers._Processes)
        pid, held = pool.pool.submit(_annotator_in_this_process).result()
        parsed = list(workers.parsed_docs(parent.nlp.vocab, pool.submit(texts).result()))
    assert pid != os.getpid() and held == id(parent)  # the parent's object, not a new load
    assert workers._INHERITED is None  # only while the pool runs
    own = list(parent.parse(texts))
    assert [d.to_bytes() for d in parsed] == [d.to_bytes() for d in own]


def test_a_pool_process_loads_its_own_annotator_unless_loaded_from_the_same_files(
        nlp, monkeypatch, tmp_path):
    from newsgraph import workers
    from newsgraph.pipeline import Annotator

    monkeypatch.setattr(workers, "_ANNOTATOR", None)
    parent = Annotator()
    monkeypatch.setattr(workers, "_INHERITED", parent)
    workers.start_annotator([], False)
    assert workers._ANNOTATOR is parent
    workers.start_annotator([], True)  # every sentence parsed: not what the parent loaded
    assert workers._ANNOTATOR is not parent and workers._ANNOTATOR.parse_all
    people = tmp_path / "people.yaml"
    people.write_text("actors:\n  - {name: Romendacil Tarannon, country: GBR}\n",
                      encoding="utf-8")
    workers.start_annotator([people], False)  # other knowledge: its own
    assert workers._ANNOTATOR is not parent
    assert workers._ANNOTATOR.loaded_from == (tuple([str(people)]), False)
