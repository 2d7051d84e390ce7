from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from conftest import make_event, ref
from newsgraph.articles import Article
from newsgraph.coreference import (
    DatesCannotOverlap,
    date_range,
    dates_agree,
    match_event,
    merge_events,
    merge_into,
    merge_reason,
)
from newsgraph.coreference.clustering import average_link
from newsgraph.coreference.engine import choose_model, cluster, load_models
from newsgraph.coreference.features import (
    FEATURES,
    document_view_from_parses,
    feature_tensor,
    mention_view,
    senses_from_lexicon,
)
from newsgraph.events import Event, Mention

BLINKEN = ref("person:antony-blinken", "Antony Blinken", "USA")
WANG = ref("person:wang-yi", "Wang Yi", "CHN")
LAVROV = ref("person:sergei-lavrov", "Sergei Lavrov", "RUS")


def test_merge_reason_same_call_told_from_each_side_when_reciprocal():
    a = make_event([BLINKEN], [WANG], reciprocal=True)
    b = make_event([WANG], [BLINKEN], reciprocal=True, article="a2")
    reason = merge_reason(a, b)
    assert reason is not None and "Antony Blinken" in reason and "Wang Yi" in reason


def test_merge_reason_refuses_swapped_parties_when_directed():
    accuse = make_event([BLINKEN], [WANG], type="ACCUSE")
    counter = make_event([WANG], [BLINKEN], type="ACCUSE", article="a2")
    assert merge_reason(accuse, counter) is None


def test_merge_reason_refuses_other_counterpart():
    assert merge_reason(make_event([BLINKEN], [WANG]), make_event([BLINKEN], [LAVROV])) is None


def test_merge_reason_refuses_different_modality():
    done = make_event([BLINKEN], [WANG])
    planned = make_event([BLINKEN], [WANG], modality="future")
    assert merge_reason(done, planned) is None


def test_dates_agree_month_contains_day():
    day = make_event([BLINKEN], [WANG], date="2023-06-18")
    month = make_event([BLINKEN], [WANG], date="2023-06", precision="month", basis="relative")
    assert dates_agree(day, month)


def test_dates_disagree_week_apart():
    assert not dates_agree(make_event([BLINKEN], [WANG], date="2023-06-18"),
                           make_event([BLINKEN], [WANG], date="2023-06-26"))


def test_publication_date_fallback_reaches_back_a_few_days():
    explicit = make_event([BLINKEN], [WANG], date="2023-06-18")
    undated = make_event([BLINKEN], [WANG], date="2023-06-20", basis="publication")
    assert dates_agree(explicit, undated)


def test_merge_events_keeps_best_date_and_all_mentions():
    text = ("Blinken met Wang Yi in Beijing, officials said. Blinken met Wang on Sunday for "
            "seven hours.")
    vague = report(text, "Blinken met Wang Yi in Beijing, officials said.", "met", [BLINKEN],
                   [WANG], type="CONSULT", rule="consult.meet", date="2023-06-20",
                   basis="publication")
    exact = report(text, "Blinken met Wang on Sunday for seven hours.", "met", [BLINKEN], [WANG],
                   type="CONSULT", rule="consult.meet", date="2023-06-18", basis="relative")
    merged = merge_events([vague, exact], {"a1": text})
    assert len(merged) == 1
    event = merged[0]
    assert event.date == "2023-06-18" and event.date_basis == "relative"
    assert len(event.mentions) == 2 and len(event.merge_reasons) == 1
    assert event.confidence > 0.6 and event.id and event.id.startswith("ev_")


def test_merge_events_keeps_distinct_events_apart():
    merged = merge_events([make_event([BLINKEN], [WANG]),
                           make_event([BLINKEN], [LAVROV], trigger_start=50)])
    assert len(merged) == 2


def _background(bound: str | None, article: str = "a2"):
    event = make_event([BLINKEN], [WANG], article=article)
    event.date, event.date_precision, event.date_basis = None, None, "unknown"
    event.date_bound = bound
    return event


def test_a_background_mention_joins_the_report_within_its_bound():
    visit = make_event([BLINKEN], [WANG], date="2023-06-18")
    assert dates_agree(visit, _background("2023-06"))  # "in June ... after the visit"
    assert dates_agree(visit, _background("2023-06-20"))  # a day bound reaches back a week
    assert not dates_agree(visit, _background("2023-06-10"))  # the visit came later
    assert not dates_agree(visit, _background("2023-07-30"))  # too long before a day bound
    assert not dates_agree(visit, _background(None))  # "since the visit": no bound
    reason = merge_reason(visit, _background("2023-06"))
    assert reason is not None and "before or during 2023-06" in reason


def test_a_background_mention_that_fits_several_reports_joins_none():
    from newsgraph.coreference import match_event

    first = make_event([BLINKEN], [WANG], date="2023-06-05")
    second = make_event([BLINKEN], [WANG], date="2023-06-18", article="a3")
    mention = _background("2023-06")
    assert match_event(mention, [first]) is not None
    assert match_event(mention, [first, second]) is None


def test_merging_a_dated_report_into_a_background_mention_takes_its_date():
    text = "In June, after Blinken met Wang, talks resumed. Blinken met Wang on June 18."
    background = report(text, "In June, after Blinken met Wang, talks resumed.", "met",
                        [BLINKEN], [WANG], type="CONSULT", rule="consult.meet", bound="2023-06")
    dated = report(text, "Blinken met Wang on June 18.", "met", [BLINKEN], [WANG],
                   type="CONSULT", rule="consult.meet", date="2023-06-18")
    (event,) = merge_events([background, dated], {"a1": text})
    assert (event.date, event.date_basis, event.date_bound) == ("2023-06-18", "explicit", None)


UNKNOWN_IRQ = ref("unidentified:IRQ", "Unidentified attackers (Iraq)", "IRQ", kind="armed_group",
                  sector="UAF", how="unidentified")
US_TROOPS = ref("group:USA:military", "American soldiers", "USA", kind="group", sector="MIL")


def test_unnamed_attacks_merge_only_with_the_same_named_victims():
    bombing = make_event([UNKNOWN_IRQ], [], type="ASSAULT", date="2006-05-02")
    other = make_event([UNKNOWN_IRQ], [], type="ASSAULT", date="2006-05-02", article="a2")
    assert merge_reason(bombing, other) is None  # two attacks in Iraq that day, nothing in common
    hit = make_event([UNKNOWN_IRQ], [US_TROOPS], type="ASSAULT", date="2006-05-02")
    again = make_event([UNKNOWN_IRQ], [US_TROOPS], type="ASSAULT", date="2006-05-02", article="a2")
    assert merge_reason(hit, again) is not None
    again.mode = "firearms"
    hit.mode = "explosives"
    assert merge_reason(hit, again) is None


# --------------------------------------------------------------------------- the pairwise engine

def test_average_link_joins_while_the_mean_link_reaches_the_threshold():
    p = np.array([[0, .9, .8, .1], [.9, 0, .2, .1], [.8, .2, 0, .1], [.1, .1, .1, 0]])
    # {0,1} join first (0.9); {0,1}+{2} has mean (0.8+0.2)/2 = 0.5
    assert average_link(p, 0.5) == [[0, 1, 2], [3]]
    assert average_link(p, 0.6) == [[0, 1], [2], [3]]


def test_average_link_does_not_depend_on_the_order_of_the_mentions():
    rng = np.random.default_rng(7)
    p = rng.random((12, 12))
    p = (p + p.T) / 2
    base = {frozenset(c) for c in average_link(p, 0.55)}
    order = rng.permutation(12)
    shuffled = average_link(p[np.ix_(order, order)], 0.55)
    assert {frozenset(int(order[i]) for i in c) for c in shuffled} == base


def test_the_shipped_models_name_only_known_features_and_the_text_one_needs_no_embeddings():
    models = load_models()
    assert set(models) >= {"text"}
    for m in models.values():
        assert len(m.features) == len(m.coef) and 0 < m.threshold < 1
    assert choose_model(None).name == "text" and not choose_model(None).uses_embeddings
    assert set(models["text"].features) <= set(FEATURES)


def _views(nlp, texts):
    docs = [nlp(t) for t in texts]
    views, documents = [], []
    for i, (doc, trigger) in enumerate(docs_with_triggers(docs)):
        views.append(mention_view(doc, trigger, trigger + 1, f"d{i}", 0))
        documents.append(document_view_from_parses(f"d{i}", [doc]))
    return views, documents


def docs_with_triggers(docs):
    """Each sentence's event trigger: its root verb, or the first noun after the root."""
    for doc in docs:
        yield doc, next(t.i for t in doc if t.dep_ == "ROOT")


def test_the_text_engine_joins_reports_of_one_arrest_and_keeps_a_quake_apart(nlp):
    from newsgraph.evaluation.ecbplus import lexicon_senses

    views, documents = _views(nlp, [
        "Police in British Columbia arrested Winston Blackmore in Bountiful on Wednesday.",
        "Canadian police arrested Winston Blackmore, a polygamist leader, in Bountiful.",
        "A strong earthquake struck northern Sumatra in Indonesia on Sunday.",
    ])
    assert [v.lemma for v in views] == ["arrest", "arrest", "strike"]
    assert "bountiful" in views[0].places | views[0].participants
    clusters = cluster(views, documents, lexicon_senses(), embedder=None)
    assert sorted(clusters) == [[0, 1], [2]]


def test_features_read_what_the_pair_shares(nlp):
    views, documents = _views(nlp, [
        "Apple unveiled the iPhone in San Francisco on Tuesday.",
        "Apple unveiled a new laptop in Cupertino on Monday.",
    ])
    x = feature_tensor(views, documents, senses_from_lexicon([]))[0, 1]
    f = dict(zip(FEATURES, x, strict=True))
    assert f["same_lemma"] == 1.0 and f["same_document"] == 0.0
    assert f["places_conflict"] == 1.0 and f["times_conflict"] == 1.0
    assert f["participants_share"] == 1.0  # Apple


# --------------------------------------------------------------------------- the engine at ingest

RUSSIA = ref("country:RUS", "Russia", "RUS", kind="country", sector=None)
UKRAINE = ref("country:UKR", "Ukraine", "UKR", kind="country", sector=None)
HAMAS = ref("org:hamas", "Hamas", "PSE", kind="organization", sector="REB")
ISRAEL = ref("country:ISR", "Israel", "ISR", kind="country", sector=None)
MACRON = ref("person:emmanuel-macron", "Emmanuel Macron", "FRA")
XI = ref("person:xi-jinping", "Xi Jinping", "CHN")


def report(text: str, sentence: str, trigger: str, source: list, target: list, *,
           type: str = "ASSAULT", rule: str = "assault.noun", date: str | None = None,
           basis: str = "explicit", bound: str | None = None, article: str = "a1",
           published: str = "2024-03-12", reciprocal: bool = False) -> Event:
    """An event as the coder stores it: one mention of ``trigger`` in ``sentence`` of ``text``."""
    start = text.index(sentence)
    at = start + sentence.index(trigger)
    mention = Mention(article_id=article, published=dt.date.fromisoformat(published),
                      sentence=sentence, start=start, end=start + len(sentence), trigger=trigger,
                      trigger_start=at, trigger_end=at + len(trigger), rule=rule, date=date,
                      date_basis=basis if date else "unknown", source=source, target=target)
    return Event(type=type, mode=None, cameo=None, quad_class=4, goldstein=-10.0, source=source,
                 target=target, date=date, date_precision="day" if date and len(date) == 10
                 else ("week" if date else None), date_basis=basis if date else "unknown",
                 date_bound=bound, mentions=[mention], reciprocal=reciprocal)


# one attack told once with its date and again in passing, undated, later in the article
REPEATED_ATTACKS = [
    pytest.param(
        "Russia launched a massive drone attack on Kyiv on Monday, Ukrainian officials said. "
        "The air force said it shot down most of the drones. The day after Russia's attack, "
        "President Volodymyr Zelensky asked allies for more air defence systems.",
        "Russia launched a massive drone attack on Kyiv on Monday, Ukrainian officials said.",
        "The day after Russia's attack, President Volodymyr Zelensky asked allies for more air "
        "defence systems.", "attack", [RUSSIA], [UKRAINE], "2024-03-11", id="drone-attack"),
    pytest.param(
        "Hamas fired a barrage of rockets at Israel two weeks ago, the army said. Since the "
        "barrage, schools in the south have stayed closed. Israeli officials said after the "
        "barrage that the country would respond.",
        "Hamas fired a barrage of rockets at Israel two weeks ago, the army said.",
        "Israeli officials said after the barrage that the country would respond.", "barrage",
        [HAMAS], [ISRAEL], "2024-W09", id="rocket-barrage"),
]


@pytest.mark.parametrize(("text", "first", "again", "trigger", "source", "target", "date"),
                         REPEATED_ATTACKS)
def test_an_attack_told_again_in_passing_in_the_same_article_is_one_event(
        text, first, again, trigger, source, target, date):
    dated = report(text, first, trigger, source, target, date=date, basis="relative")
    undated = report(text, again, trigger, source, [], bound="2024-03-12")  # publication day
    (event,) = merge_events([dated, undated], {"a1": text})
    assert len(event.mentions) == 2 and event.date == date
    assert [r.actor_id for r in event.target] == [target[0].actor_id]
    reason = event.merge_reasons[0]
    assert "bounded by publication only" in reason and "engine p=" in reason
    assert "same_lemma=1.00" in reason


def test_an_undated_mention_whose_bound_rules_out_the_dated_report_stays_apart():
    text, first, again, trigger, source, target, date = REPEATED_ATTACKS[0].values
    dated = report(text, first, trigger, source, target, date=date)
    earlier = report(text, again, trigger, source, [], bound="2024-02-20")  # "after a Feb 20 X"
    assert len(merge_events([dated, earlier], {"a1": text})) == 2


def _bounded(after: str | None, before: str | None, **kw) -> Event:
    """An undated event the text bounds ("between July 1 and July 3", "after the July 15
    summit"), as the dater gives it."""
    event = make_event([BLINKEN], [WANG], date=None, basis="unknown", precision=None, **kw)
    event.date, event.date_precision = None, None
    event.date_after, event.date_before = after, before
    return event


def test_two_undated_mentions_of_one_article_whose_bounds_share_no_day_stay_apart():
    early, late = _bounded("2025-07-01", "2025-07-03"), _bounded("2025-07-15", "2025-07-25")
    assert not dates_agree(early, late) and merge_reason(early, late) is None
    overlapping = _bounded("2025-07-02", "2025-07-20")
    assert dates_agree(early, overlapping) and dates_agree(overlapping, late)


def test_a_dated_report_outside_an_undated_ones_bounds_does_not_agree_with_it():
    within = _bounded("2023-03-01", "2023-03-10", article="a2")
    assert not dates_agree(make_event([BLINKEN], [WANG], date="2023-03-20"), within)
    day = make_event([BLINKEN], [WANG], date="2023-03-04")
    day.date_before = "2023-03-02"  # a text that bounds a dated event leaves it no day
    assert date_range(day) == (dt.date(2023, 3, 4), dt.date(2023, 3, 2))
    assert not dates_agree(day, make_event([BLINKEN], [WANG], date="2023-03-04"))


def test_merge_into_refuses_two_events_whose_dates_cannot_overlap_and_narrows_the_bounds():
    early, late = _bounded("2025-07-01", "2025-07-03"), _bounded("2025-07-15", None)
    with pytest.raises(DatesCannotOverlap, match="cannot overlap"):
        merge_into(early, late, "test")
    assert len(early.mentions) == 1 and early.date_after == "2025-07-01"
    wide = _bounded("2025-07-02", "2025-07-30")
    merged = merge_into(_bounded("2025-07-01", "2025-07-10"), wide, "test")
    assert (merged.date_after, merged.date_before, len(merged.mentions)) == (
        "2025-07-02", "2025-07-10", 2)


def test_a_side_left_unsaid_joins_only_within_one_article():
    text, first, again, trigger, source, target, date = REPEATED_ATTACKS[0].values
    dated = report(text, first, trigger, source, target, date=date)
    elsewhere = report(text, again, trigger, source, [], date=date, article="a2")
    assert merge_reason(dated, elsewhere) is None


def test_another_act_of_the_same_type_with_a_side_unsaid_stays_apart():
    zelensky = ref("person:volodymyr-zelensky", "Volodymyr Zelensky", "UKR")
    germany = ref("country:DEU", "Germany", "DEU", kind="country", sector=None)
    text = ("Zelensky called for more air defence systems on Monday. Zelensky asked Germany to "
            "send more tanks, his office said.")
    plea = report(text, "Zelensky called for more air defence systems on Monday.", "called",
                  [zelensky], [], type="REQUEST", rule="request.call_for", date="2024-03-11")
    ask = report(text, "Zelensky asked Germany to send more tanks, his office said.", "asked",
                 [zelensky], [germany], type="REQUEST", rule="request.urge", date="2024-03-11")
    assert merge_reason(plea, ask) is None
    assert len(merge_events([plea, ask], {"a1": text})) == 2


CALL_A = ("Chinese President Xi Jinping held a phone call with French President Emmanuel Macron "
          "on Friday, the Chinese foreign ministry said. The two leaders discussed the war in "
          "Ukraine and trade.")
CALL_B = ("Emmanuel Macron spoke with Xi Jinping by telephone on Friday, the Elysee said. During "
          "the conversation, which lasted an hour, Macron urged Xi to help end the war in Ukraine.")
CALL_C = ("French President Emmanuel Macron held a phone call with Chinese President Xi Jinping "
          "on Wednesday, his office said. They discussed trade and climate.")


def _call(text: str, trigger: str, date: str, article: str, published: str) -> Event:
    sentence = text.split(". ")[0] + "."
    return report(text, sentence, trigger, [XI], [MACRON], type="CONSULT", rule="consult.speak",
                  date=date, basis="relative", article=article, published=published,
                  reciprocal=True)


def test_two_reports_of_one_call_in_other_words_merge_across_articles():
    stored = _call(CALL_A, "call", "2023-03-31", "b1", "2023-04-01")
    stored.id = "ev_stored"
    again = _call(CALL_B, "spoke", "2023-03-31", "b2", "2023-04-01")
    found = match_event(again, [stored], {"b1": CALL_A, "b2": CALL_B})
    assert found is not None and found[0] is stored
    assert "dates agree" in found[1] and "engine p=" in found[1] and "same_type=1.00" in found[1]


def test_the_same_pair_and_type_on_different_days_are_two_events():
    first = _call(CALL_C, "call", "2023-03-01", "c1", "2023-03-02")
    first.id = "ev_first"
    later = _call(CALL_A, "call", "2023-03-31", "b1", "2023-04-01")
    assert match_event(later, [first], {"b1": CALL_A, "c1": CALL_C}) is None
    both = CALL_C + " " + CALL_A  # and told in one article: still two
    one = report(both, CALL_C.split(". ")[0] + ".", "call", [XI], [MACRON], type="CONSULT",
                 date="2023-03-01", reciprocal=True)
    two = report(both, CALL_A.split(". ")[0] + ".", "call", [XI], [MACRON], type="CONSULT",
                 date="2023-03-31", reciprocal=True)
    assert len(merge_events([one, two], {"a1": both})) == 2


def test_a_candidate_the_engine_scores_below_the_threshold_is_not_joined(monkeypatch):
    import newsgraph.coreference as coreference

    stored = _call(CALL_A, "call", "2023-03-31", "b1", "2023-04-01")
    again = _call(CALL_B, "spoke", "2023-03-31", "b2", "2023-04-01")
    monkeypatch.setattr(coreference, "ingest_threshold", lambda: 0.999)
    assert match_event(again, [stored], {"b1": CALL_A, "b2": CALL_B}) is None


def test_merges_within_an_article_do_not_depend_on_the_order_of_its_events():
    text, first, again, trigger, source, target, date = REPEATED_ATTACKS[0].values

    def events():
        return [report(text, first, trigger, source, target, date=date),
                report(text, again, trigger, source, [], bound="2024-03-12"),
                report(text, first, "launched", [UKRAINE], [RUSSIA], date=date)]

    forward = merge_events(events(), {"a1": text})
    backward = merge_events(events()[::-1], {"a1": text})

    def key(merged: list[Event]) -> list[list[int]]:
        return sorted(sorted(m.trigger_start for m in e.mentions) for e in merged)

    told = text.index("attack"), text.index("Russia's attack") + len("Russia's ")
    assert key(forward) == key(backward) == sorted([sorted(told), [text.index("launched")]])


def test_candidate_events_reach_a_year_long_event_and_stay_within_the_window(tmp_path):
    from newsgraph.store import Store

    year = make_event([BLINKEN], [WANG], date="2023", precision="year", sentence="They met.")
    year.id = "ev_year"
    old = make_event([BLINKEN], [WANG], date="2023-01-02", article="a0", sentence="They met.")
    old.id = "ev_old"
    with Store(tmp_path / "c.db") as store, store.transaction():
        for article in ("a0", "a1"):
            store.add_article(Article(article, dt.date(2023, 3, 5), f"Text {article}.",
                                      content_hash=article), 2)
        store.add_event(year)
        store.add_event(old)
        late = make_event([BLINKEN], [WANG], date="2023-12-20", article="a2")
        assert [e.id for e in store.candidate_events(late, window_days=7)] == ["ev_year"]
        early = make_event([BLINKEN], [WANG], date="2023-01-05", article="a3")
        assert [e.id for e in store.candidate_events(early, window_days=7)] == [
            "ev_year", "ev_old"]


# ------------------------------------------------- merges at ingest, end to end (the real coder)
def _ingest(tmp_path, articles: dict[str, tuple[str, str]]):
    import newsgraph

    paths = []
    for name, (day, text) in articles.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(f" date {day}\n{text}\n", encoding="utf-8")
        paths.append(path)
    db = tmp_path / "merges.db"
    with newsgraph.open(db) as graph:
        report = graph.ingest(paths)
    assert report.failed == 0, report.errors
    import sqlite3

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT e.id, e.type, e.date, e.dyad, m.article_id, m.trigger, "
                        "m.merge_reason FROM events e JOIN mentions m ON m.event_id = e.id "
                        "ORDER BY e.id, m.rowid").fetchall()
    conn.close()
    return rows


@pytest.mark.slow
def test_ingest_merges_an_attack_told_again_in_passing(tmp_path):
    rows = _ingest(tmp_path, {"a1": ("2024-03-12", REPEATED_ATTACKS[0].values[0])})
    attacks = [r for r in rows if r[1] == "ASSAULT" and r[3].startswith("country:RUS>")]
    assert len({r[0] for r in attacks}) == 1 and len(attacks) == 2, attacks
    assert attacks[1][6].startswith("same article:") and "engine p=" in attacks[1][6]


@pytest.mark.slow
def test_ingest_keeps_two_meetings_of_one_article_apart_when_their_bounds_share_no_day(tmp_path):
    text = ("French President Emmanuel Macron met Iranian President Masoud Pezeshkian between "
            "July 1 and July 3, the Elysee said. Macron met Pezeshkian again after the July 15 "
            "summit in Geneva, officials said.")
    rows = _ingest(tmp_path, {"m1": ("2025-07-25", text)})
    meetings = [r for r in rows if r[1] == "CONSULT"]
    assert len(meetings) == 2 and len({r[0] for r in meetings}) == 2, meetings
    import sqlite3

    conn = sqlite3.connect(tmp_path / "merges.db")
    bounds = sorted(conn.execute("SELECT date_after, date_before FROM events "
                                 "WHERE type = 'CONSULT'").fetchall())
    conn.close()
    assert bounds == [("2025-07-01", "2025-07-03"), ("2025-07-15", "2025-07-25")]


@pytest.mark.slow
def test_ingest_merges_two_reports_of_a_call_and_keeps_an_earlier_call_apart(tmp_path):
    rows = _ingest(tmp_path, {"b1": ("2023-04-01", CALL_A), "b2": ("2023-04-01", CALL_B),
                              "c1": ("2023-03-02", CALL_C)})
    calls = [r for r in rows if r[1] == "CONSULT"]
    by_event: dict[str, set[str]] = {}
    for r in calls:
        by_event.setdefault(r[0], set()).add(r[4])
    assert sorted(map(sorted, by_event.values())) == [["b1", "b2"], ["c1"]], calls
    across = [r[6] for r in calls if r[6] and r[6].startswith("across articles:")]
    assert across and all("engine p=" in reason for reason in across)
