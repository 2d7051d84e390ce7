"""The Python API checks its arguments: a wrong one fails at once, naming the parameter."""

from __future__ import annotations

import datetime as dt

import pytest

import newsgraph
from conftest import make_event, ref
from newsgraph.actors import Actor
from newsgraph.articles import Article
from newsgraph.coreference import event_id
from newsgraph.parameters import as_count, as_date, as_pair, date_range
from newsgraph.store import Store

CHILE = ref("CHL", "Chile", "CHL", kind="country", sector=None)
PERU = ref("PER", "Peru", "PER", kind="country", sector=None)


@pytest.fixture
def graph(tmp_path):
    path = tmp_path / "api.db"
    with Store(path) as store, store.transaction():
        store.add_article(Article(id="a1", published=dt.date(2024, 3, 5), text="Chile, Peru.",
                                  content_hash="h1"), words=2)
        for r in (CHILE, PERU):
            store.upsert_actor(Actor(r.actor_id, r.name, r.kind, r.country, r.sector))
        for day in ("2022-12-30", "2023-01-02"):
            event = make_event([CHILE], [PERU], date=day, trigger_start=int(day[-2:]))
            event.id = event_id(event)
            store.add_event(event)
    with newsgraph.open(path, readonly=True) as g:
        yield g


@pytest.mark.parametrize("value", ["2023-01-01", dt.date(2023, 1, 1),
                                   dt.datetime(2023, 1, 1, 15, 30)])
def test_events_take_a_date_an_iso_string_or_a_datetime(graph, value):
    assert [e.date for e in graph.events(since=value)] == ["2023-01-02"]
    assert [e.date for e in graph.events(until=value)] == ["2022-12-30"]


@pytest.mark.parametrize("kwargs, error, words", [
    ({"until": 0}, TypeError, "until: takes a datetime.date"),
    ({"since": 20230101}, TypeError, "since: takes a datetime.date"),
    ({"since": "01/02/2023"}, ValueError, "since: '01/02/2023' is not a date"),
    ({"since": "2023-02-01", "until": "2023-01-01"}, ValueError, "since (2023-02-01) is after"),
    ({"limit": "10"}, TypeError, "limit: takes a whole number"),
    ({"limit": -1}, ValueError, "limit: must be at least 0"),
    ({"limit": True}, TypeError, "limit: takes a whole number"),
    ({"dyad": "FRA"}, TypeError, "dyad: takes two actors"),
    ({"dyad": ("FRA", 3)}, TypeError, "dyad[1]: takes a string"),
    ({"actor": 42}, TypeError, "actor: takes a string"),
    ({"modality": "sure"}, ValueError, "modality: must be one of asserted"),
    ({"as_dataframe": "yes"}, TypeError, "as_dataframe: takes True or False"),
])
def test_a_wrong_argument_names_the_parameter(graph, kwargs, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]")):
        graph.events(**kwargs)


def test_timeline_and_graph_take_iso_strings_too(graph):
    assert [e.date for e in graph.timeline("Chile", "Peru", since="2023-01-01")] == ["2023-01-02"]
    assert graph.graph(since="2023-01-01", until="2023-12-31")["edges"]
    with pytest.raises(TypeError, match="until"):
        graph.timeline("Chile", until=0)


def test_the_checks_themselves():
    assert as_date("since", None) is None
    assert as_pair("dyad", ["FRA", "IRN"]) == ("FRA", "IRN")
    assert as_count("limit", 0) == 0
    assert date_range("2023-01-01", None) == (dt.date(2023, 1, 1), None)
