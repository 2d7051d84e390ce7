"""The engine deciding newsgraph's own merges: how likely two coded events report one event.

At ingest an event is not a gold mention in a parsed sentence but what the coder stored: its
mentions (sentence, trigger, the lexicon rule that fired), its type, modality, parties and
date. :func:`mention_views` reads those into the engine's :class:`MentionView` (the trigger's
lemma through the lexicon's inflections, its sense from the rule, the parties as
participants, a day-precise date as a time, the sentence's words and numbers); articles
become :class:`DocumentView` from their text. The engine's text model
(``weights.json``, trained on the ECB+ train topics) then gives the probability for every pair
of mentions, and an event pair's score is the mean over its mention pairs (average link, as
the engine clusters).

The lexical document features need an idf, which a batch of two or three articles cannot give
(a word both share would weigh nothing): the document frequencies of the shipped sample corpus
are added to every batch's (read once). An event is read through its first ``MENTIONS_READ``
mentions, so a report of an event told hundreds of times costs no more than any other.

The score decides only among pairs the cannot-link rules of :mod:`newsgraph.coreference`
allow (same type and modality, the same parties, dates that can be the same day);
:data:`INGEST_THRESHOLD` is the score from which they merge, chosen on dev data (see
``weights.json`` ``ingest`` and docs/coreference.md).
"""

from __future__ import annotations

import json
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from ..events import Event
from .engine import WEIGHTS, PairModel, select, shipped_models
from .features import (
    FEATURES,
    Background,
    DocumentView,
    MentionView,
    Senses,
    document_matrices,
    feature_tensor,
    load_synonyms,
    senses_from_lexicon,
)
from .tfidf import TermIds, WeightedBag

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d.,:]*")
SAMPLE = Path(__file__).resolve().parents[1] / "sample"
WINDOW = 5  # words either side of the trigger, as the engine's window feature reads them
# an event is read through its first reports: a stored event told hundreds of times would
# otherwise cost each new report hundreds of mention pairs
MENTIONS_READ = 8
ARTICLES_KEPT = 256  # articles whose view and tf-idf bags are kept for the next batches
TERM_IDS_KEPT = 200_000  # distinct terms numbered before the kept bags start afresh


@dataclass(frozen=True)
class Link:
    """How likely two events report one real event, and what the engine read to say so."""

    score: float
    features: dict[str, float]

    def describe(self) -> str:
        """The score and the features that are on, for the stored merge reason."""
        on = [f"{name}={value:.2f}" for name, value in self.features.items()
              if name != "bias" and abs(value) > 1e-9]
        return f"engine p={self.score:.3f} ({', '.join(on) or 'no shared features'})"


@dataclass(frozen=True)
class Vocabulary:
    """What the lexicon says about trigger words: their lemmas, and which are verbs."""

    lemmas_of: Mapping[str, frozenset[str]]
    verbs: frozenset[str]
    senses: Senses
    stop: frozenset[str]

    def lemma(self, trigger: str) -> str:
        """The lexicon lemma of a trigger's head word ("spoke" -> "speak", "talks" -> "talk");
        the last word, lower-cased, when the lexicon does not know it."""
        words = [w.lower() for w in _WORD.findall(trigger)] or [trigger.lower()]
        for word in reversed(words):
            found = sorted(self.lemmas_of.get(word, ()))
            if found:
                return found[0]
        return words[-1]


@cache
def vocabulary() -> Vocabulary:
    """The shipped lexicon's trigger lemmas and senses (loaded once per process)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from ..events.lexicon import load_lexicon

    lexicon = load_lexicon()
    verbs = frozenset(v.split()[0] for p in lexicon.patterns for v in p.verbs)
    reporting = lexicon.modality.get("attribution", {}).get("reporting_verbs", frozenset())
    return Vocabulary(lexicon.lemmas_of, verbs,
                      senses_from_lexicon(lexicon.patterns, reporting, load_synonyms()),
                      frozenset(STOP_WORDS))


def _content(text: str, stop: frozenset[str]) -> list[str]:
    return [w for w in (t.lower() for t in _WORD.findall(text)) if w not in stop]


def _numbers(text: str) -> frozenset[str]:
    return frozenset(t for t in _WORD.findall(text) if t[0].isdigit())


def _sense(rule: str) -> str:
    """The lexicon pattern a rule names ("intent.assault.attack" -> "assault.attack")."""
    return rule.removeprefix("intent.")


def mention_views(event: Event, vocab: Vocabulary) -> list[MentionView]:
    """The engine's view of each mention of a coded event (its first ``MENTIONS_READ``)."""
    views = []
    for m in event.mentions[:MENTIONS_READ]:
        lemma = vocab.lemma(m.trigger)
        offset = max(m.trigger_start - m.start, 0)
        before = m.sentence[:offset].split()[-WINDOW:]
        after = m.sentence[offset + len(m.trigger):].split()[:WINDOW]
        parties = frozenset(r.actor_id for r in (m.source or event.source) + (m.target or event.target))
        day = m.date or event.date
        precise = day is not None and len(day) == 10 and (m.date_basis or event.date_basis) in (
            "explicit", "relative")
        words = frozenset(_content(m.sentence, vocab.stop)) - {m.trigger.lower()}
        views.append(MentionView(
            document=m.article_id, sentence=m.start, trigger=m.trigger, lemma=lemma,
            pos="VERB" if lemma in vocab.verbs and "noun" not in m.rule else "NOUN",
            context=m.sentence, context_lemmas=words, participants=parties,
            times=frozenset({day}) if precise and day else frozenset(),
            numbers=_numbers(m.sentence),
            window=" ".join([*before, m.trigger, *after]), sense=_sense(m.rule)))
    return views


def document_view_from_text(key: str, text: str, vocab: Vocabulary) -> DocumentView:
    """An article as the engine's document features read it at ingest, from its raw text
    (no parse): its content words, its capitalised words inside sentences (names) and its
    numbers. Parsed documents (ECB+) use :func:`.features.document_view_from_parses`."""
    tokens = _WORD.findall(text)
    names = Counter(t.lower() for i, t in enumerate(tokens)
                    if i and t[0].isupper() and tokens[i - 1][-1:] not in ".!?")
    numbers = Counter(t for t in tokens if t[0].isdigit())
    return DocumentView(key, Counter(_content(text, vocab.stop)), frozenset(names),
                        names + numbers, ())


@lru_cache(maxsize=ARTICLES_KEPT)
def _article_view(key: str, text: str) -> DocumentView:
    """An article's view, kept for the next events that read it (the recent articles are the
    ones new reports are compared with)."""
    return document_view_from_text(key, text, vocabulary())


class ArticleBags:
    """The recently read articles' terms and specifics weighed for the tf-idf
    (:class:`.tfidf.WeightedBag`), made once per article: most batches are new (a new event's
    candidates differ), but their articles are mostly ones read a moment ago. At most
    ``articles`` are kept; the term ids start afresh, with nothing kept, once more than
    ``terms`` have been given (names and numbers never stop coming), between two batches, so a
    batch never mixes ids of two numberings."""

    def __init__(self, articles: int = ARTICLES_KEPT, terms: int = TERM_IDS_KEPT) -> None:
        self._articles, self._terms = articles, terms
        self._ids = TermIds()
        self._kept: OrderedDict[tuple[str, str], tuple[WeightedBag, WeightedBag]] = OrderedDict()

    def batch(self, read: Sequence[tuple[str, str]]) -> list[tuple[WeightedBag, WeightedBag]]:
        """The bags of each article (key, text) of one batch, in its order."""
        if len(self._ids) > self._terms:
            self._ids, self._kept = TermIds(), OrderedDict()
        return [self._of(key, text) for key, text in read]

    def _of(self, key: str, text: str) -> tuple[WeightedBag, WeightedBag]:
        found = self._kept.get((key, text))
        if found is not None:
            self._kept.move_to_end((key, text))
            return found
        view, bg = _article_view(key, text), background()
        found = (self._ids.bag(view.terms, bg.terms), self._ids.bag(view.specifics, bg.specifics))
        self._kept[key, text] = found
        if len(self._kept) > self._articles:
            self._kept.popitem(last=False)
        return found


@cache
def _article_bags() -> ArticleBags:
    """The process's kept article bags."""
    return ArticleBags()


@lru_cache(maxsize=64)
def _document_matrices(read: tuple[tuple[str, str], ...]
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The document similarities of a batch of articles (key, text), kept: the events of one
    new article are each compared with mostly the same stored articles."""
    return document_matrices([_article_view(k, text) for k, text in read], background(),
                             _article_bags().batch(read))


@cache
def background() -> Background:
    """The sample corpus's document frequencies, for the idf (read once)."""
    from ..articles import Article, read_articles

    vocab = vocabulary()
    views = [document_view_from_text(a.id, a.text, vocab)
             for a in read_articles([SAMPLE]) if isinstance(a, Article)]
    terms: Counter[str] = Counter()
    specifics: Counter[str] = Counter()
    for v in views:
        terms.update(set(v.terms))
        specifics.update(set(v.specifics))
    return Background(dict(terms), dict(specifics), len(views))


@cache
def ingest_settings(path: Path = WEIGHTS) -> tuple[PairModel, float]:
    """The model and the merge threshold ingest uses (``weights.json``, ``ingest``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    chosen = data.get("ingest", {})
    return shipped_models()[chosen.get("model", "text")], float(chosen.get("threshold", 0.5))


def link_matrix(groups: Sequence[Sequence[MentionView]], texts: Mapping[str, str]
                ) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Mention-pair probabilities of the mentions of ``groups`` (one group per event), the
    feature rows behind them, and each mention's group."""
    vocab = vocabulary()
    model, _ = ingest_settings()
    views = [v for g in groups for v in g]
    owner = [i for i, g in enumerate(groups) for _ in g]
    told: dict[str, list[str]] = {}
    for v in views:  # an article whose text is not given is read from its mentions' sentences
        told.setdefault(v.document, []).append(v.context)
    read = tuple((k, texts.get(k) or " ".join(dict.fromkeys(told[k]))) for k in sorted(told))
    documents = [_article_view(k, text) for k, text in read]
    tensor = feature_tensor(views, documents, _senses_for(views, vocab), background(),
                            _document_matrices(read))
    x = select(tensor.reshape(-1, tensor.shape[-1]), FEATURES, model.features)
    prob = model.probabilities(x).reshape(len(views), len(views))
    return prob, tensor, owner


def _senses_for(views: Sequence[MentionView], vocab: Vocabulary) -> Senses:
    """The lexicon's senses, with the pattern that fired on each mention added to its lemma's
    (the coder knows which pattern it was; the lexicon alone can only list the word's)."""
    senses: dict[str, set[str]] = {}
    for v in views:  # only the batch's lemmas are looked up
        senses.setdefault(v.lemma, set(vocab.senses.senses.get(v.lemma, ())))
        if v.sense:
            senses[v.lemma].add(v.sense)
    return Senses({k: frozenset(v) for k, v in senses.items()}, vocab.senses.types,
                  vocab.senses.reporting, vocab.senses.classes)


def event_links(events: Sequence[Event], texts: Mapping[str, str],
                pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Link]:
    """The :class:`Link` of each pair (i, j), i < j, of ``events`` asked for."""
    vocab = vocabulary()
    groups = [mention_views(e, vocab) for e in events]
    prob, tensor, owner = link_matrix(groups, texts)
    index = np.array(owner)
    rows_of = [np.where(index == i)[0] for i in range(len(events))]
    links = {}
    for i, j in pairs:
        rows, cols = rows_of[i], rows_of[j]
        block = prob[np.ix_(rows, cols)]
        feats = tensor[np.ix_(rows, cols)].reshape(-1, tensor.shape[-1]).mean(axis=0)
        links[i, j] = Link(round(float(block.mean()), 6),
                           {name: round(float(v), 4) for name, v in zip(FEATURES, feats,
                                                                          strict=True)})
    return links
