"""scripts/cv_coreference.py: cross-validation of the engine by topic over the ECB+ train
topics in ../shared, read at test time (a few topics, the text model)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import SHARED
from newsgraph.evaluation import ecbplus as E

FOLDER = SHARED / "data" / "ecbplus"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (FOLDER / "cybulska_setup").is_dir(),
                                 reason=f"{FOLDER}: ECB+ data folder not found")]
pytest.importorskip("sklearn")


def _script(name: str):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cv():  # type: ignore[no-untyped-def]
    return _script("cv_coreference")


@pytest.fixture(scope="module")
def batches(nlp, cv):  # type: ignore[no-untyped-def]
    """The first four train topics as the training script batches them (text features)."""
    split = E.read_split(FOLDER, "train")
    keep = set(list(split.topics())[:4])
    small = E.Split("train", {k: s for k, s in split.sentences.items()
                              if E.topic_of(k[0]) in keep},
                    [m for m in split.mentions if m.topic in keep])
    prep = E.prepare(small, nlp, None)
    return cv.T.batches(prep, E.lexicon_senses(), None)


@pytest.mark.parametrize(("topics", "k"), [(25, 5), (4, 2), (7, 3)])
def test_every_topic_is_held_out_once(cv, topics, k):  # type: ignore[no-untyped-def]
    folds = cv.folds_of(topics, k)
    assert len(folds) == k
    assert sorted(i for f in folds for i in f) == list(range(topics))


def test_a_held_out_topic_is_never_fitted_on(cv, batches, monkeypatch):  # type: ignore[no-untyped-def]
    fitted = []
    real = cv.fit_fold

    def spy(fit, *args):  # type: ignore[no-untyped-def]
        fitted.append({id(b) for b in fit})
        return real(fit, *args)

    monkeypatch.setattr(cv, "fit_fold", spy)
    out = cv.cross_validate(batches, 2, staged=False, grid=(0.3, 0.5), log=lambda *_: None)
    for fold, seen in zip(cv.folds_of(len(batches), 2), fitted, strict=True):
        assert not seen & {id(batches[i]) for i in fold}
        assert len(seen) == len(batches) - len(fold)
    assert len(out["per_fold"]) == 2 and set(out["curve"]) == {0.3, 0.5}


def test_the_held_out_figure_beats_leaving_every_mention_alone(cv, batches):  # type: ignore[no-untyped-def]
    out = cv.cross_validate(batches, 2, staged=False, grid=(0.3, 0.5), log=lambda *_: None)
    gold = [f"{n}:{c}" for n, b in enumerate(batches) for c in b.chains]
    alone = E.score_clusters(E.clusters_of(gold), [{i} for i in range(len(gold))])
    assert out["pooled"]["conll"].f1 > alone["conll"].f1 + 0.1
