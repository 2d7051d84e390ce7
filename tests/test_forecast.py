"""Forecasting: ranks counted without dense matrices, ties, no leakage, the recurrency baseline,
the pair outlook on a synthetic history with known structure, and the CLI on a real database."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import make_event, ref
from newsgraph.actors import Actor
from newsgraph.articles import Article
from newsgraph.cli import main
from newsgraph.coreference import event_id
from newsgraph.errors import NewsgraphError
from newsgraph.forecast.features import FeatureBuilder, rule_confidence
from newsgraph.forecast.history import History
from newsgraph.forecast.metrics import TOL, Background, Candidates, Ranks, rank_answers
from newsgraph.forecast.outlook import OutlookModel
from newsgraph.forecast.pairs import backtest_events, pair_outlook, parse_horizon
from newsgraph.forecast.queries import Timeline
from newsgraph.forecast.recurrency import RecurrencyParams, recurrency_scores
from newsgraph.store import Store

PLOVER = ["CONSULT", "ASSAULT", "ACCUSE", "AGREE"]


def random_history(seed: int = 1, n_ent: int = 30, n_rel: int = 4, days: int = 40,
                   per_day: int = 25) -> History:
    """Facts with repeats (a few pairs recur), so the baseline has something to find."""
    rng = np.random.default_rng(seed)
    s = rng.integers(0, n_ent, days * per_day)
    o = (s + rng.integers(1, 4, len(s))) % n_ent
    r = rng.integers(0, n_rel, len(s))
    t = np.repeat(np.arange(days), per_day)
    return History(s, r, o, t, n_ent, n_rel)


def dense_ranks(day, cands: Candidates, bg: Background) -> tuple[np.ndarray, np.ndarray]:
    """The same count from the full queries x entities matrix."""
    q, n = len(day), day.timeline.n
    m = bg.scale[:, None] * bg.table[bg.row]
    m[cands.query, cands.entity] = cands.score
    target = m[np.arange(q), day.o][:, None]
    fq, fe = day.filter_pairs()
    filtered = np.zeros((q, n), dtype=bool)
    filtered[fq, fe] = True
    filtered[np.arange(q), day.o] = True
    tol = TOL * np.abs(target)
    better = ((m > target + tol) & ~filtered).sum(1)
    ties = ((np.abs(m - target) <= tol) & ~filtered).sum(1)
    return better, ties


@pytest.mark.parametrize("use_psi, use_xi", [(True, True), (True, False), (False, True)])
def test_rank_answers_matches_the_dense_count(use_psi: bool, use_xi: bool) -> None:
    tl = Timeline(random_history())
    params = RecurrencyParams.uniform(tl.n_rel, 0.1, 0.9)
    for d in (10, 25, 39):
        day = tl.day(d)
        cands, bg = recurrency_scores(day, params, use_psi, use_xi)
        fq, fe = day.filter_pairs()
        ranks = rank_answers(day.o, cands, bg, fq, fe)
        better, ties = dense_ranks(day, cands, bg)
        assert np.array_equal(ranks.better, better)
        assert np.array_equal(ranks.ties, ties)


def test_ties_are_never_ranked_in_the_answers_favour() -> None:
    ranks = Ranks(better=np.array([0, 0, 2]), ties=np.array([0, 9, 0]))
    rr = ranks.reciprocal()
    assert rr[0] == pytest.approx(1.0)
    # ten entities tied for first: the expected reciprocal rank under random tie-breaking
    assert rr[1] == pytest.approx(np.mean(1 / np.arange(1, 11)))
    assert ranks.pessimistic_reciprocal()[1] == pytest.approx(0.1)
    assert rr[2] == pytest.approx(1 / 3)
    assert ranks.hits(1)[1] == pytest.approx(0.1)


def test_strict_recurrency_ranks_the_most_recent_object_first() -> None:
    # s=0 did r=0 to 1 long ago (twice) and to 2 yesterday; the query day is 10
    h = History(np.array([0, 0, 0, 0]), np.array([0, 0, 0, 0]), np.array([1, 1, 2, 3]),
                np.array([0, 1, 9, 10]), 5, 1)
    tl = Timeline(h)
    day = tl.day(10)
    q = np.flatnonzero(day.r == 0)
    cands, _ = recurrency_scores(day, RecurrencyParams.uniform(tl.n_rel, 0.5, 1.0), use_xi=False)
    mine = cands.query == q[0]
    best = cands.entity[mine][np.argmax(cands.score[mine])]
    assert best == 2


def _future_changed(h: History, day: int, seed: int) -> History:
    rng = np.random.default_rng(seed)
    keep = h.t <= day
    later = int((~keep).sum())
    return History(np.concatenate([h.s[keep], rng.integers(0, h.n_entities, later)]),
                   np.concatenate([h.r[keep], rng.integers(0, h.n_relations, later)]),
                   np.concatenate([h.o[keep], rng.integers(0, h.n_entities, later)]),
                   h.t, h.n_entities, h.n_relations)


def test_changing_the_future_changes_nothing() -> None:
    h = random_history(days=40)
    d = 30
    before, after = Timeline(h), Timeline(_future_changed(h, d, seed=7))
    params = RecurrencyParams.uniform(before.n_rel, 0.1, 0.9)
    for tl_a, tl_b in [(before, after)]:
        a, b = tl_a.day(d), tl_b.day(d)
        ca, ba = recurrency_scores(a, params)
        cb, bb = recurrency_scores(b, params)
        assert np.array_equal(ca.entity, cb.entity) and np.allclose(ca.score, cb.score)
        assert np.allclose(ba.table, bb.table)
        fa = FeatureBuilder(tl_a, rule_confidence(tl_a, 20)).build(a)
        fb = FeatureBuilder(tl_b, rule_confidence(tl_b, 20)).build(b)
        assert np.array_equal(fa.entity, fb.entity)
        assert np.allclose(fa.x, fb.x)


def test_rules_are_mined_from_the_past_only() -> None:
    h = random_history(days=40)
    assert np.allclose(rule_confidence(Timeline(h), 20),
                       rule_confidence(Timeline(_future_changed(h, 19, seed=3)), 20))


# --------------------------------------------------------------------------- pair outlook

A = ref("A", "Alpha", "AAA", kind="country", sector=None)
B = ref("B", "Beta", "BBB", kind="country", sector=None)
C = ref("C", "Gamma", "CCC", kind="country", sector=None)
D = ref("D", "Delta", "DDD", kind="country", sector=None)
E = ref("E", "Epsilon", "EEE", kind="country", sector=None)


def synthetic_events(days: int = 400) -> list:
    """Known structure: Alpha consults Beta every 5 days, Beta accuses Alpha every 20 days,
    Gamma and Delta agree once in a while at random, Epsilon talks to everyone rarely."""
    rng = np.random.default_rng(0)
    start = dt.date(2020, 1, 1)
    out = []
    for i in range(days):
        day = (start + dt.timedelta(days=i)).isoformat()
        if i % 5 == 0:
            out.append(make_event([A], [B], type="CONSULT", date=day))
        if i % 20 == 3:
            out.append(make_event([B], [A], type="ACCUSE", date=day))
        if rng.random() < 0.02:
            out.append(make_event([C], [D], type="AGREE", date=day))
        if rng.random() < 0.05:
            out.append(make_event([E], [[A, B, C, D][int(rng.integers(4))]], type="CONSULT",
                                  date=day))
    for k, e in enumerate(out):
        e.id = f"ev_{k:05d}"
        e.mentions[0].trigger_start = 10 * k  # a distinct mention: a distinct stored id
    return out


def _p(outlook, kind: str, direction: str) -> float:
    return next(o.probability for o in outlook.outlooks
                if o.vocabulary == "plover" and o.type == kind and o.direction == direction)


def test_the_outlook_recovers_known_structure() -> None:
    events = synthetic_events()
    out = pair_outlook(events, ["A"], ["B"], "Alpha", "Beta", dt.date(2021, 1, 1), 30, PLOVER)
    # what the pair does often is likely; what it never did is not
    assert _p(out, "CONSULT", "a->b") > 0.5
    assert _p(out, "CONSULT", "a->b") > 5 * _p(out, "ASSAULT", "a->b")
    # direction matters: Beta accuses Alpha, not the other way round
    assert _p(out, "ACCUSE", "b->a") > 2 * _p(out, "ACCUSE", "a->b")
    consult = next(o for o in out.outlooks if o.type == "CONSULT" and o.direction == "a->b")
    assert consult.past_same > 50 and consult.evidence
    assert consult.evidence[0]["date"] <= "2021-01-01"


def test_the_backtest_beats_the_base_rate_on_known_structure() -> None:
    bt = backtest_events(synthetic_events(), dt.date(2020, 6, 1), 30, PLOVER)
    assert bt.positives > 0
    assert bt.brier < bt.base_rate_brier


def test_the_outlook_reads_only_the_past() -> None:
    events = synthetic_events()
    cut = dt.date(2020, 9, 1)
    past = [e for e in events if e.date <= cut.isoformat()]
    changed = past + [make_event([A], [B], type="ASSAULT", date="2020-10-05")]
    changed[-1].id = "ev_future"
    a = pair_outlook(events, ["A"], ["B"], "Alpha", "Beta", cut, 30, PLOVER)
    b = pair_outlook(changed, ["A"], ["B"], "Alpha", "Beta", cut, 30, PLOVER)
    assert [o.probability for o in a.outlooks] == [o.probability for o in b.outlooks]


@pytest.mark.parametrize("text, days", [("30d", 30), ("2w", 14), ("3m", 90), ("7", 7)])
def test_parse_horizon(text: str, days: int) -> None:
    assert parse_horizon(text) == days


def test_a_bad_horizon_says_what_to_write() -> None:
    with pytest.raises(NewsgraphError, match="horizon 'soon': use days like 30d"):
        parse_horizon("soon")


def test_an_unknown_actor_is_one_clear_error() -> None:
    with pytest.raises(NewsgraphError, match="Nowhere: no actor of that name"):
        pair_outlook([], [], ["B"], "Nowhere", "Beta", None, 30, PLOVER)


def test_the_shipped_weights_load() -> None:
    model = OutlookModel.load()
    assert len(model.weights) == 10 and "ICEWS14" in model.fitted_on.upper()


@pytest.fixture
def synthetic_db(tmp_path):
    path = tmp_path / "events.db"
    with Store(path) as store, store.transaction():
        store.add_article(Article(id="a1", published=dt.date(2021, 1, 2), text="Alpha met Beta.",
                                  content_hash="hash-a1", origin="a1.txt"), words=3)
        for r in (A, B, C, D, E):
            store.upsert_actor(Actor(r.actor_id, r.name, r.kind, r.country, r.sector))
        for e in synthetic_events(200):
            e.id = event_id(e)
            store.add_event(e)
    return path


def test_cli_forecast_prints_both_directions_with_evidence(synthetic_db) -> None:
    res = CliRunner().invoke(main, ["forecast", "Alpha", "Beta", "--db", str(synthetic_db),
                                    "--on", "2020-07-01", "--horizon", "30d"])
    assert res.exit_code == 0, res.output
    assert "Alpha and Beta: the next 30 days after 2020-07-01" in res.output
    consult = next(line for line in res.output.splitlines() if line.startswith("CONSULT"))
    assert float(consult.split()[1]) > float(consult.split()[2])  # a->b beats b->a
    assert "ev_" in consult


def test_cli_forecast_json_and_backtest(synthetic_db) -> None:
    res = CliRunner().invoke(main, ["forecast", "Alpha", "Beta", "--db", str(synthetic_db),
                                    "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert {o["vocabulary"] for o in data["outlooks"]} == {"plover", "cameo"}
    res = CliRunner().invoke(main, ["forecast", "--backtest", "--since", "2020-03-01",
                                    "--db", str(synthetic_db)])
    assert res.exit_code == 0, res.output
    assert "Brier" in res.output and "base rate" in res.output


def test_cli_backtest_needs_since(synthetic_db) -> None:
    res = CliRunner().invoke(main, ["forecast", "--backtest", "--db", str(synthetic_db)])
    assert res.exit_code != 0
    assert "--backtest needs --since DATE" in res.output


def test_http_forecast_and_the_pair_page(synthetic_db) -> None:
    from fastapi.testclient import TestClient

    from newsgraph.web.app import create_app

    client = TestClient(create_app(synthetic_db), base_url="http://127.0.0.1")
    res = client.get("/api/forecast", params={"a": "Alpha", "b": "Beta", "on": "2020-07-01"})
    assert res.status_code == 200
    body = res.json()
    assert body["on"] == "2020-07-01" and body["horizon_days"] == 30
    consult = [o for o in body["outlooks"] if o["type"] == "CONSULT" and o["vocabulary"] == "plover"]
    assert {o["direction"] for o in consult} == {"a->b", "b->a"}
    bad = client.get("/api/forecast", params={"a": "Alpha", "b": "Beta", "horizon": "soon"})
    assert bad.status_code == 400 and bad.json()["error"]["parameter"] == "horizon"
    page = client.get("/dyad/A/B")
    assert page.status_code == 200 and "Outlook: the next 30 days" in page.text
    assert "/event/ev_" in page.text
