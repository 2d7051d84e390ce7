"""Shared fixtures: records built by hand, and the real spaCy model loaded once per session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from newsgraph.actors import ActorRef
from newsgraph.evaluation.suites import shared_root
from newsgraph.events import Event, Mention

#: the shared data beside the checkout, or $NEWSGRAPH_SHARED: found as `newsgraph eval` finds it, so
#: the tests read the same files from a second worktree elsewhere
SHARED = shared_root()
SEEDS = SHARED / "seeds"
#: the PostgreSQL database the ``postgres`` cases use (each in a fresh schema of its own)
POSTGRES_ENV = "NEWSGRAPH_TEST_POSTGRES"


#: English word attributes (lower case, shape, ...) with no trained model, for parses built by hand
VOCAB = English().vocab


def hand_parse(rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """A one-sentence Doc from (word, head index, dependency, lemma, coarse tag) rows, as spaCy's
    own component tests build parses: the rules are tested without the model's choices."""
    words, heads, deps, lemmas, pos = (list(c) for c in zip(*rows, strict=True))
    return Doc(VOCAB, words=words, heads=heads, deps=deps, lemmas=lemmas, pos=pos,
               sent_starts=[True] + [False] * (len(rows) - 1))


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.parsing import load_pipeline

    return load_pipeline()


def ref(actor_id: str, name: str, country: str | None = None, kind: str = "person",
        sector: str | None = "GOV", how: str = "name") -> ActorRef:
    """An ActorRef as find_actors would give it (offsets unknown: -1)."""
    return ActorRef(actor_id=actor_id, name=name, kind=kind, country=country, sector=sector,
                    text=name, start=-1, end=-1, how=how)


def make_event(source: list[ActorRef], target: list[ActorRef], *, type: str = "CONSULT",
               date: str = "2023-03-04", basis: str = "explicit", precision: str = "day",
               article: str = "a1", published: str = "2023-03-05", modality: str = "asserted",
               reciprocal: bool = False, sentence: str = "They met.", trigger_start: int = 5,
               confidence: float = 0.6) -> Event:
    """An Event with one mention, as the coder and the dater would produce it."""
    mention = Mention(article_id=article, published=dt.date.fromisoformat(published),
                      sentence=sentence, start=0, end=len(sentence), trigger="met",
                      trigger_start=trigger_start, trigger_end=trigger_start + 3, rule="test.meet")
    event = Event(type=type, mode=None, cameo="040", quad_class=1, goldstein=1.0,
                  source=source, target=target, modality=modality, confidence=confidence,
                  date=date, date_precision=precision, date_basis=basis, mentions=[mention],
                  reciprocal=reciprocal)
    return event


# Layers: a test that loads the real model is `slow`; the browser module is `browser`. Marked
# here once, from what a test uses, so a new test lands in the right layer without remembering to.
_MODEL_MODULES = {"test_pipeline", "test_cli", "test_floors", "test_web_api", "test_web_browser"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if getattr(item, "module", None) else ""
        if "nlp" in getattr(item, "fixturenames", ()) or module in _MODEL_MODULES:
            item.add_marker(pytest.mark.slow)
        if module == "test_web_browser":
            item.add_marker(pytest.mark.browser)


# Backends: a test that takes ``db_url`` runs once on a SQLite file and once on PostgreSQL (marker
# ``postgres``), the latter in a fresh schema of the database $NEWSGRAPH_TEST_POSTGRES names, and
# skipped with a message when that is unset or no server answers.
def postgres_url() -> str:
    """A URL of a fresh, empty schema in the test PostgreSQL database (skips when none)."""
    import os
    import uuid

    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL cases need {POSTGRES_ENV}=postgresql://USER@HOST/DB")
    try:
        import psycopg
    except ImportError:
        pytest.skip("PostgreSQL cases need psycopg (pip install -e '.[postgres]')")
    schema = "t_" + uuid.uuid4().hex[:12]
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.Error as exc:
        pytest.skip(f"no PostgreSQL server at {POSTGRES_ENV} ({str(exc).strip()[:120]})")
    _SCHEMAS.append((base, schema))
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


_SCHEMAS: list[tuple[str, str]] = []


def drop_postgres_schemas() -> None:
    """Drop the schemas the cases made (their tables with them)."""
    import psycopg

    while _SCHEMAS:
        base, schema = _SCHEMAS.pop()
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):
    """A database to open: a SQLite file path, or a PostgreSQL URL of a fresh schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "events.db")
        return
    yield postgres_url()
    drop_postgres_schemas()


@pytest.fixture(scope="session",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest):
    """The backend of session-wide databases ("sqlite" or "postgres"); the PostgreSQL schemas
    made through ``session_db`` are dropped at the end of the session."""
    yield request.param
    if request.param == "postgres":
        drop_postgres_schemas()


def session_db(backend: str, folder: Path, name: str) -> str:
    """A database of the given backend: a file ``name`` in ``folder``, or a fresh schema."""
    return str(folder / name) if backend == "sqlite" else postgres_url()


@pytest.fixture
def pg_url():
    """A PostgreSQL URL of a fresh schema (for the cases that only make sense there)."""
    yield postgres_url()
    drop_postgres_schemas()
