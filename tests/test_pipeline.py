"""End to end on the four seed articles: the events issue #2 names come out, right, and once.

These are integration tests of the whole flow (read, parse, actors, events, dates, merge, store)
against a real SQLite file. They check what an analyst would check, not exact strings.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

import newsgraph
from conftest import SEEDS, session_db
from newsgraph.events import Event

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")

CALL_2024 = "000_0d530d55418f6c52"
RAISI_A, RAISI_B = "002_4a83e60193c08f48", "003_d908e43bd5f5a866"
PUTIN_CALL = "004_d4e985c3c0d8891d"


@pytest.fixture(scope="module")
def graph(backend, tmp_path_factory):
    path = session_db(backend, tmp_path_factory.mktemp("seeds"), "seeds.db")
    with newsgraph.open(path) as g:
        report = g.ingest(SEEDS)
        assert report.ingested == 4 and report.failed == 0, report.errors
        yield g


@pytest.fixture(scope="module")
def every(graph) -> list[Event]:
    return graph.events(modality="all", limit=10_000)


def _ids(refs) -> set[str]:
    return {r.actor_id for r in refs}


def _countries(refs) -> set[str | None]:
    return {r.country for r in refs}


def _parties(event: Event) -> set[str]:
    return _ids(event.source) | _ids(event.target)


def _from(event: Event, article: str) -> bool:
    return any(m.article_id == article for m in event.mentions)


def test_macron_pezeshkian_call_is_one_reciprocal_event_dated_sunday(every):
    calls = [e for e in every if e.type == "CONSULT" and _from(e, CALL_2024)
             and {"person:emmanuel-macron", "person:masoud-pezeshkian"} <= _parties(e)]
    assert len(calls) == 1
    call = calls[0]
    assert call.modality == "asserted" and call.reciprocal
    assert (call.date, call.date_precision, call.date_basis) == ("2024-10-13", "day", "relative")


def test_macron_calls_on_iran_to_de_escalate(every):
    asks = [e for e in every if e.type == "REQUEST" and _from(e, CALL_2024)
            and "person:emmanuel-macron" in _ids(e.source)]
    assert asks, "Macron's call on Pezeshkian/Iran to de-escalate was not coded"
    assert any("IRN" in _countries(e.target) for e in asks)


def test_expected_retaliation_is_future_not_asserted(every):
    israel_on_iran = [e for e in every if _from(e, CALL_2024) and e.type == "ASSAULT"
                      and "ISR" in _countries(e.source) and "IRN" in _countries(e.target)]
    assert israel_on_iran, "the expected Israeli retaliation was not coded at all"
    assert all(e.modality != "asserted" for e in israel_on_iran)
    assert {e.modality for e in israel_on_iran} & {"future", "negated"}


def test_raisi_call_told_by_two_outlets_is_one_event(every):
    calls = [e for e in every if e.type == "CONSULT"
             and {"person:emmanuel-macron", "person:ebrahim-raisi"} <= _parties(e)
             and (_from(e, RAISI_A) or _from(e, RAISI_B)) and e.date.startswith("2023-06")]
    assert len(calls) == 1, [(e.id, e.date, [m.article_id for m in e.mentions]) for e in calls]
    call = calls[0]
    assert {m.article_id for m in call.mentions} == {RAISI_A, RAISI_B}
    assert call.date == "2023-06-10" and call.merge_reasons


def test_macron_presses_tehran_over_drones_for_russia(every):
    pressed = [e for e in every if _from(e, RAISI_B) and e.type in {"REQUEST", "THREATEN", "ACCUSE"}
               and ("person:emmanuel-macron" in _ids(e.source) or "FRA" in _countries(e.source))
               and "IRN" in _countries(e.target)]
    assert pressed


def test_israeli_and_us_airstrikes_on_iran(every):
    strikes = [e for e in every if _from(e, PUTIN_CALL) and e.type == "ASSAULT"
               and "IRN" in _countries(e.target)]
    assert strikes
    assert {"ISR", "USA"} <= set().union(*(_countries(e.source) for e in strikes))
    assert all(e.modality == "asserted" for e in strikes)


def test_iran_halts_cooperation_with_iaea(every):
    halts = [e for e in every if _from(e, PUTIN_CALL) and "IRN" in _countries(e.source)
             and "igo:IAEA" in _ids(e.target)]
    # Iran's accusation of "the UN watchdog" is against the IAEA too: look for the halt among them
    assert any(e.type in {"SANCTION", "REJECT", "RETREAT"} for e in halts), [e.type for e in halts]


def test_july_first_call_dated_from_the_text(every):
    calls = [e for e in every if _from(e, PUTIN_CALL) and e.type == "CONSULT"
             and {"person:emmanuel-macron", "person:vladimir-putin"} <= _parties(e)]
    assert calls and any(e.date == "2025-07-01" for e in calls)


def test_nothing_absurd(every):
    assert len(every) >= 20, "the seeds hold dozens of events: too few were coded to check"
    for e in every:
        assert e.source, f"{e.id} has no source actor"
        assert not (_ids(e.source) & _ids(e.target)), f"{e.id} has an actor acting on itself"
        for m in e.mentions:
            assert m.trigger in m.sentence
        if e.modality == "asserted" and e.date_precision == "day":
            assert e.date <= max(m.published for m in e.mentions).isoformat()


def test_every_stored_actor_exists(graph):
    stored, missing = graph.store.conn.execute(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE actor_id NOT IN (SELECT id FROM actors)) "
        "FROM event_actors").fetchone()
    assert stored > 0 and missing == 0


def test_ingesting_again_changes_nothing(graph):
    before = graph.stats()
    report = graph.ingest(SEEDS)
    assert report.ingested == 0 and report.duplicates == 4
    assert graph.stats() == before


def test_a_failing_article_is_rolled_back_and_a_rerun_resumes(tmp_path, monkeypatch):
    from newsgraph.store import Store

    real_add_event = Store.add_event
    doomed = RAISI_B

    def failing_add_event(self, event):
        if any(m.article_id == doomed for m in event.mentions):
            raise RuntimeError("disk full (simulated)")
        return real_add_event(self, event)

    path = tmp_path / "resume.db"
    with newsgraph.open(path) as g:
        monkeypatch.setattr(Store, "add_event", failing_add_event)
        report = g.ingest(SEEDS)
        assert report.failed == 1 and report.ingested == 3
        assert any(doomed in line and "disk full" in line for line in report.errors)
        assert g.article(doomed) is None  # nothing of it half-written
        monkeypatch.setattr(Store, "add_event", real_add_event)
        again = g.ingest(SEEDS)
        assert again.ingested == 1 and again.duplicates == 3 and again.failed == 0
        assert g.article(doomed) is not None


def _annotate(text: str, published: str):
    from newsgraph.articles import Article, content_hash
    from newsgraph.pipeline import Annotator

    article = Article(id="t", published=dt.date.fromisoformat(published), text=text,
                      content_hash=content_hash(text))
    return Annotator().annotate([article])[0].events


def test_an_elaborating_sentence_shares_the_lead_date():
    events = _annotate("Indian Prime Minister Narendra Modi met Australian Prime Minister Anthony"
                       " Albanese in Sydney on Saturday. Modi also urged Albanese to ease visa"
                       " rules for Indian students.", "2023-05-29")
    ask = [e for e in events if e.type == "REQUEST"]
    assert ask and ask[0].date == "2023-05-27" and "earlier sentence" in ask[0].date_text


def test_an_old_lead_date_is_not_carried():
    events = _annotate("Narendra Modi met Anthony Albanese in March 2022. Modi also urged"
                       " Albanese to ease visa rules for Indian students.", "2023-05-29")
    ask = [e for e in events if e.type == "REQUEST"]
    assert ask and ask[0].date_basis == "publication"


def test_an_office_is_resolved_again_at_the_event_date():
    events = _annotate("The Iranian president criticised the sanctions in a speech on June 10,"
                       " 2023.", "2024-10-14")
    (event,) = [e for e in events if e.source]
    assert _ids(event.source) == {"person:ebrahim-raisi"}


def test_a_named_person_is_not_swapped_for_the_office_holder_of_the_event_date():
    # the writer named the person: trust the name over our term dates
    events = _annotate("Iranian President Masoud Pezeshkian criticised the sanctions in a speech"
                       " on June 10, 2023.", "2024-10-14")
    (event,) = [e for e in events if e.source]
    assert _ids(event.source) == {"person:masoud-pezeshkian"}


# --- what a run counts and what the next run knows ------------------------------------------------


def test_the_summary_counts_only_committed_events(tmp_path, monkeypatch):
    """A write that fails after the events went in (a full disk) rolls the article back; its
    events must not be counted."""
    from newsgraph.store import Store

    real = Store.set_article_events

    def full_disk(self, article_id, n_events):
        if article_id == RAISI_B:
            raise OSError("No space left on device (simulated)")
        return real(self, article_id, n_events)

    monkeypatch.setattr(Store, "set_article_events", full_disk)
    with newsgraph.open(tmp_path / "full.db") as g:
        report = g.ingest(SEEDS)
        stored = g.stats()
    assert report.failed == 1 and report.ingested == 3
    conn = sqlite3.connect(tmp_path / "full.db")
    mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    conn.close()
    assert report.events == stored["events"] > 0
    assert report.mentions == mentions


def test_a_role_learned_in_one_run_is_known_to_the_next(tmp_path):
    """"Estonian Defence Minister Kalle Tamm" teaches a role; a later run reads "the Estonian
    defence minister" as him, as one run over both articles does."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(" date 2026-11-03\nEstonian Defence Minister Kalle Tamm met NATO officials in"
                     " Brussels on Monday.\n")
    second.write_text(" date 2026-11-06\nThe Estonian defence minister criticised Russia on"
                      " Wednesday.\n")
    with newsgraph.open(tmp_path / "two.db") as g:
        assert g.ingest([first]).ingested == 1
    with newsgraph.open(tmp_path / "two.db") as g:  # a new run: nothing learned in memory
        assert g.ingest([second]).ingested == 1
        (accused,) = g.events(type="ACCUSE")
    assert _ids(accused.source) == {"person:kalle-tamm"}


def test_a_text_another_writer_stored_meanwhile_is_a_duplicate_not_an_error(tmp_path,
                                                                              monkeypatch):
    from newsgraph.store import Store

    with newsgraph.open(tmp_path / "race.db") as g:
        g.ingest(SEEDS / f"{CALL_2024}.txt")
        real = Store.stored_as
        calls: list[str] = []

        def not_yet(self, article):  # screening sees nothing: the other writer is not done
            calls.append(article.id)
            return None if calls.count(article.id) == 1 else real(self, article)

        monkeypatch.setattr(Store, "stored_as", not_yet)
        report = g.ingest(SEEDS / f"{CALL_2024}.txt")
    assert (report.duplicates, report.failed, report.errors) == (1, 0, [])


def test_an_insert_that_loses_the_race_is_a_duplicate(tmp_path, monkeypatch):
    """Contract 2 without the pre-check: the insert itself (ON CONFLICT DO NOTHING) tells."""
    from newsgraph.store import Store

    with newsgraph.open(tmp_path / "race2.db") as g:
        g.ingest(SEEDS / f"{CALL_2024}.txt")
        real = Store.stored_as
        calls: list[str] = []

        def blind(self, article):  # both checks miss it; only the insert can tell
            calls.append(article.id)
            return None if len(calls) <= 2 else real(self, article)

        monkeypatch.setattr(Store, "stored_as", blind)
        report = g.ingest(SEEDS / f"{CALL_2024}.txt")
    assert (report.duplicates, report.failed) == (1, 0), report.errors


def test_an_event_id_does_not_depend_on_which_report_was_stored_first(tmp_path):
    """Two outlets report the Macron-Raisi call; whichever is ingested first, the merged event
    gets the id of its earliest mention (store contract 4)."""
    ids = []
    for order in ((RAISI_A, RAISI_B), (RAISI_B, RAISI_A)):
        with newsgraph.open(tmp_path / f"{order[0]}.db") as g:
            for article in order:
                assert g.ingest(SEEDS / f"{article}.txt").ingested == 1
            both = [e for e in g.events(modality="all", limit=10_000)
                    if {m.article_id for m in e.mentions} == {RAISI_A, RAISI_B}]
        assert both, "the call told by both outlets was not merged: nothing to compare"
        ids.append(sorted(e.id for e in both))
    assert ids[0] == ids[1]


def test_a_run_unpickles_the_untaught_knowledge_once_per_use(nlp, tmp_path, monkeypatch):
    """The knowledge an annotator starts from is read from the cache; the parse filters' copy
    and the copy the first run teaches are restored when it loads, so the run's start unpickles
    nothing more; a second run restores its own (not the taught one again)."""
    from newsgraph import learning
    from newsgraph.pipeline import Annotator

    monkeypatch.setenv("NEWSGRAPH_CACHE", str(tmp_path / "cache"))
    Annotator(nlp=nlp)  # builds the cache files
    restored: list[int] = []
    restore = learning.restore

    def counted(frozen: bytes):
        restored.append(len(frozen))
        return restore(frozen)

    monkeypatch.setattr(learning, "restore", counted)
    annotator = Annotator(nlp=nlp)
    assert len(restored) == 2  # the parse filters' knowledge (with its index), the first run's
    annotator.start_run([])
    assert len(restored) == 2  # taken, not unpickled again
    assert annotator.kb.lookup("Iran") and annotator.filter_kb.lookup("Iran")
    first = annotator.kb
    annotator.start_run([])
    assert len(restored) == 3 and annotator.kb is not first


def test_the_spare_knowledge_is_handed_out_once(nlp):
    """Whoever takes the knowledge restored at load (a reader of ``kb`` or the first run), the
    next run starts from untaught knowledge, not from what the first one was taught."""
    from newsgraph.actors import Actor
    from newsgraph.pipeline import Annotator

    annotator = Annotator(nlp=nlp)
    taught = annotator.kb  # read before any run: takes the spare
    taught.add_actor(Actor("person:zed-quorlin", "Zed Quorlin", "person", "FRA", None, [],
                           "article:x"))
    annotator.start_run([])
    assert annotator.kb is not taught
    assert annotator.kb.get("person:zed-quorlin") is None
    assert annotator.filter_kb.get("person:zed-quorlin") is None


def test_annotator_imports_the_annotating_modules_when_it_loads():
    """A fresh process: loading the annotator imports what annotating a seed article imports,
    so no article (and no forked parse worker) pays for the imports."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from newsgraph.pipeline import Annotator\n"
        "from newsgraph.articles import read_articles\n"
        "annotator = Annotator()\n"
        "before = set(sys.modules)\n"
        f"article = next(a for a in read_articles([{str(SEEDS)!r}]) if hasattr(a, 'text'))\n"
        "annotator.start_run(())\n"
        "annotator.annotate([article])\n"
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('newsgraph.')\n"
        "             and m.split('.')[1] in ('actors', 'events', 'dates')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
