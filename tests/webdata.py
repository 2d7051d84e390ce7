"""A small hand-made event database for the web tests, written through ``Store``.

Sentences are written for these tests. Offsets are computed from the article text, as the
pipeline stores them, so the event page can highlight triggers and actors. One article carries
``<script>`` and HTML in its title and text to check that nothing from an article renders as
markup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from newsgraph.actors import Actor, ActorRef, Role
from newsgraph.articles import Article
from newsgraph.coreference import event_id
from newsgraph.events import Event, Mention
from newsgraph.store import Store

ACTORS = {
    "FRA": Actor("FRA", "France", "country", "FRA", None, ["French Republic"], "test"),
    "IRN": Actor("IRN", "Iran", "country", "IRN", None, ["Islamic Republic of Iran"], "test"),
    "DEU": Actor("DEU", "Germany", "country", "DEU", None, [], "test"),
    "person:lena-varga": Actor("person:lena-varga", "Lena Varga", "person", "FRA", "GOV", [],
                               "test"),
    "grp:shadow": Actor("grp:shadow", "<i>Shadow</i> Group", "armed_group", "IRN", "REB", [],
                        "test"),
}

HOSTILE_TITLE = '<script>window.__pwned = 1</script><b>Bold</b> claims & "quotes"'
HOSTILE_TEXT = (
    'Officials said <img src=x onerror="window.__pwned=2"> that France condemned Iran '
    "<script>window.__pwned = 3</script> over the seizure of a tanker.\n"
    "<b>Nothing here</b> should render as markup."
)


def article(article_id: str, day: str, text: str, title: str | None = None,
            source: str = "Test Wire") -> Article:
    digest = hashlib.sha1(text.encode()).hexdigest()
    return Article(id=article_id, published=dt.date.fromisoformat(day), text=text, title=title,
                   source=source, url=f"https://news.example/{article_id}", origin="webdata",
                   content_hash=digest)


def actor_ref(actor_id: str, text: str, sentence_at: int, sentence: str) -> ActorRef:
    """A reference whose offsets point at ``text`` inside the sentence starting at sentence_at."""
    a = ACTORS[actor_id]
    start = sentence_at + sentence.index(text)
    return ActorRef(actor_id=a.id, name=a.name, kind=a.kind, country=a.country, sector=a.sector,
                    text=text, start=start, end=start + len(text), how="name")


def mention(art: Article, sentence: str, trigger: str, source: list[tuple[str, str]],
            target: list[tuple[str, str]], reason: str | None = None) -> Mention:
    """A mention of ``sentence`` in ``art``; source/target are (actor id, text in sentence)."""
    at = art.text.index(sentence)
    t_at = at + sentence.index(trigger)
    m = Mention(article_id=art.id, published=art.published, sentence=sentence, start=at,
                end=at + len(sentence), trigger=trigger, trigger_start=t_at,
                trigger_end=t_at + len(trigger), rule="test.rule")
    m.source = [actor_ref(i, t, at, sentence) for i, t in source]
    m.target = [actor_ref(i, t, at, sentence) for i, t in target]
    m.merge_reason = reason
    return m


def event(mentions: list[Mention], type: str, quad: int, goldstein: float, date: str,
          modality: str = "asserted", basis: str = "explicit") -> Event:
    first = mentions[0]
    e = Event(type=type, mode=None, cameo={1: "040", 2: "057", 3: "112", 4: "190"}[quad],
              quad_class=quad, goldstein=goldstein, source=first.source, target=first.target,
              modality=modality, confidence=0.7, date=date, date_precision="day",
              date_basis=basis, date_text=None, mentions=mentions,
              merge_reasons=[m.merge_reason or "" for m in mentions[1:]])
    e.id = event_id(e)
    return e


def build_db(path: str | Path) -> dict[str, str]:
    """Write the database; returns ids the tests look up (event and article ids by name)."""
    ids: dict[str, str] = {}
    with Store(path) as store, store.transaction():
        for a in ACTORS.values():
            store.upsert_actor(a)
        store.upsert_role(Role("person:lena-varga", "foreign_minister", "FRA",
                               dt.date(2023, 5, 1), None, "test"))
        store.upsert_role(Role("person:lena-varga", "spokesperson", "FRA", dt.date(2024, 2, 1),
                               dt.date(2024, 2, 1), "learned", True,
                               "Lena Varga, the government's spokesperson, said on Monday"))
        _merged_event(store, ids)
        _monthly_events(store)
        _hostile_article(store, ids)
    return ids


def _merged_event(store: Store, ids: dict[str, str]) -> None:
    s1 = "France and Iran signed a trade accord in Geneva on Tuesday."
    s2 = "Germany welcomed the accord that France and Iran signed in Geneva."
    a1 = article("wire-1", "2024-02-07", "Geneva talks ended. " + s1, "Accord in Geneva")
    a2 = article("paper-2", "2024-02-08", s2 + " More talks are planned.", "Berlin reacts",
                 source="Daily Test")
    store.add_article(a1, words=14)
    store.add_article(a2, words=16)
    m1 = mention(a1, s1, "signed", [("FRA", "France")], [("IRN", "Iran")])
    m2 = mention(a2, s2, "signed", [("FRA", "France")], [("IRN", "Iran")],
                 reason="same pair and type (AGREE), dates agree (2024-02-06)")
    e = event([m1, m2], "AGREE", 1, 4.0, "2024-02-06")
    store.add_event(e)
    ids["merged"] = e.id
    s3 = "Germany will not send envoys to Tehran, officials said."
    a3 = article("wire-3", "2024-02-09", s3, "No envoys")
    store.add_article(a3, words=9)
    neg = event([mention(a3, s3, "send", [("DEU", "Germany")], [("IRN", "Tehran")])],
                "CONSULT", 1, 1.0, "2024-02-09", modality="negated")
    store.add_event(neg)
    ids["negated"] = neg.id


def _monthly_events(store: Store) -> None:
    """France-Iran events over six months, cooperation early and conflict later."""
    plan = [("2024-01-15", 1, 3.0), ("2024-03-03", 2, 6.0), ("2024-03-20", 3, -2.0),
            ("2024-04-11", 3, -4.0), ("2024-05-02", 4, -9.0), ("2024-06-18", 4, -10.0),
            ("2024-06-25", 1, 1.0)]
    for i, (day, quad, goldstein) in enumerate(plan):
        sentence = f"On that day France and Iran had exchange number {i}."
        art = article(f"month-{i}", day, sentence, f"Exchange {i}")
        store.add_article(art, words=10)
        m = mention(art, sentence, "exchange", [("FRA", "France")], [("IRN", "Iran")])
        store.add_event(event([m], "CONSULT" if quad < 3 else "ACCUSE", quad, goldstein, day))
    s = "Lena Varga met Iran's envoy in Paris."
    art = article("varga-1", "2024-02-12", s, "Varga meets envoy")
    store.add_article(art, words=7)
    m = mention(art, s, "met", [("person:lena-varga", "Lena Varga")], [("IRN", "Iran")])
    store.add_event(event([m], "CONSULT", 1, 1.0, "2024-02-11"))


def _hostile_article(store: Store, ids: dict[str, str]) -> None:
    art = article("evil", "2024-03-01", HOSTILE_TEXT, HOSTILE_TITLE, source="<u>Outlet</u>")
    store.add_article(art, words=30)
    sentence = HOSTILE_TEXT.split("\n")[0]
    m = mention(art, sentence, "condemned", [("FRA", "France")], [("IRN", "Iran")])
    m.target.append(actor_ref("grp:shadow", "tanker", art.text.index(sentence), sentence))
    e = event([m], "ACCUSE", 3, -5.0, "2024-02-29")
    store.add_event(e)
    ids["hostile"] = e.id
    ids["hostile_article"] = art.id


class ServerThread:
    """uvicorn serving an app on a free loopback port in a daemon thread, for browser tests."""

    def __init__(self, app: object) -> None:
        import socket

        import uvicorn

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        import threading
        import time

        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


SAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "sample"


def build_sample_db(path: str | Path) -> str | None:
    """Ingest the bundled sample corpus with the real pipeline; returns why not, or None."""
    if not SAMPLE.is_dir():
        return f"no sample corpus at {SAMPLE}"
    try:
        import newsgraph

        with newsgraph.open(path) as graph:
            report = graph.ingest(SAMPLE)
    except ImportError as exc:
        return f"the NLP pipeline is not importable: {exc}"
    if report.ingested == 0 or report.events == 0:
        return f"the sample corpus gave no events ({report.errors[:2]})"
    return None
