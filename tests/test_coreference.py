from __future__ import annotations

import numpy as np

from conftest import make_event, ref
from newsgraph.coreference import dates_agree, merge_events, merge_reason
from newsgraph.coreference.clustering import average_link
from newsgraph.coreference.engine import choose_model, cluster, load_models
from newsgraph.coreference.features import (
    FEATURES,
    document_view,
    feature_tensor,
    mention_view,
    senses_from_lexicon,
)

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
    vague = make_event([BLINKEN], [WANG], date="2023-06-20", basis="publication", trigger_start=1)
    exact = make_event([BLINKEN], [WANG], date="2023-06-18", basis="relative", trigger_start=40)
    merged = merge_events([vague, exact])
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
    (event,) = merge_events([_background("2023-06", article="a1"),
                             make_event([BLINKEN], [WANG], date="2023-06-18", trigger_start=40)])
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
        documents.append(document_view(f"d{i}", [doc]))
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
