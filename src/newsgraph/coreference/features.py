"""What the coreference engine reads of a pair of event mentions, from their text alone.

A mention is seen through :class:`MentionView`: the trigger's head lemma and part of speech, the
sentence it stands in, and the arguments that sentence names (participants, places, times and
numbers, from spaCy's entities and the trigger's own dependents). A document is seen through
:class:`DocumentView`: the content lemmas, names, proper nouns and numbers it uses, and its
sentences. :func:`feature_tensor` turns a set of views into the numbers the engine's model
weighs for every pair; nothing here reads a document's name or id,
only whether two mentions share one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span, Token

from .tfidf import TermIds, WeightedBag, tfidf_cosines

# spaCy entity labels by the argument role they fill for an event
PARTICIPANT_LABELS = frozenset({"PERSON", "ORG", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_LABELS = frozenset({"DATE", "TIME"})
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
# dependents of a trigger that name who did it or to whom
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "agent", "pobj", "poss",
                           "compound", "amod", "nmod"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
STEM_CHARS = 5  # lemmas sharing this long a start are one word family ("acquire", "acquisition")

FEATURES = (
    "bias", "same_lemma", "same_stem", "same_sense", "same_type", "both_verbs",
    "same_document", "same_sentence", "doc_similarity", "doc_names", "doc_specifics", "context_overlap",
    "participants_share", "participants_conflict", "places_share", "places_conflict",
    "times_share", "times_conflict", "numbers_share", "numbers_conflict",
    "lemma_x_doc", "stem_x_doc", "stem_x_specifics", "reporting", "lemma_x_reporting",
    "lemma_spread", "lemma_x_spread", "synonym", "synonym_x_doc",
)
EMBEDDING_FEATURES = ("trigger_similarity", "context_similarity", "doc_embedding",
                      "trigger_x_doc", "context_x_doc", "trigger_x_doc_embedding",
                      "window_similarity", "window_x_doc",
                      "trigger_in_context", "head_in_context", "trigger_in_context_x_doc",
                      "head_in_context_x_doc")
# what the engine's document stage reads of two documents (engine.document_links), and the
# pair features it then adds: whether the two mentions' documents fell in one story, how
# likely the two documents are one story, and the best path through a third mention (the
# highest min(p(i, k), p(k, j)) of the first model: two reports that each match a third)
DOCUMENT_FEATURES = ("bias", "story_signature", "doc_embedding", "doc_similarity",
                     "doc_specifics", "best_link")
STORY_FEATURES = ("same_story", "story_link", "two_step")
WINDOW = 5  # words either side of the trigger that the window embedding reads
SYNONYMS_FILE = "event_synonyms.yaml"  # trigger synonym classes, in newsgraph/data


@dataclass(frozen=True)
class MentionView:
    """An event mention as the engine sees it: text-derived facts only."""

    document: str  # an opaque key: mentions with the same key share a document
    sentence: int
    trigger: str
    lemma: str
    pos: str
    context: str
    context_lemmas: frozenset[str] = frozenset()
    participants: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    window: str = ""  # the trigger with a few words either side
    sense: str = ""  # the lexicon pattern the coder fired on it, where known (ingest)
    trigger_chars: tuple[int, int] = (0, 0)  # the trigger's characters in ``context``
    head_chars: tuple[int, int] = (0, 0)  # its head word's characters in ``context``

    def in_context(self, head: bool = False) -> tuple[str, int, int]:
        """The sentence and the trigger's (or its head's) character span in it, for
        :meth:`Embedder.encode_spans`; the whole sentence where no span is known."""
        start, end = self.head_chars if head else self.trigger_chars
        return (self.context, start, end) if end > start else (self.context, 0,
                                                               len(self.context))


@dataclass
class DocumentView:
    """A document as the engine sees it: its content lemmas (for tf-idf), its names, its proper
    nouns and numbers (``specifics``: what tells two earthquakes apart), and its sentences."""

    key: str
    terms: Counter[str] = field(default_factory=Counter)
    names: frozenset[str] = frozenset()
    specifics: Counter[str] = field(default_factory=Counter)
    sentences: tuple[str, ...] = ()


def head_of(span: Span) -> Token:
    """The token of a span whose head lies outside it (the last one when several do): the
    trigger word of "6.1-magnitude quake" is "quake"."""
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    return outside[-1] if outside else span[-1]


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def mention_view(doc: Doc, start: int, end: int, document: str, sentence: int) -> MentionView:
    """The view of the mention ``doc[start:end]`` in a Doc holding one sentence."""
    span = doc[start:end]
    head = head_of(span)
    groups: dict[str, set[str]] = {"p": set(), "l": set(), "t": set(), "n": set()}
    for ent in doc.ents:
        if ent.start < end and start < ent.end:
            continue
        text = _norm(ent.text)
        for key, labels in (("p", PARTICIPANT_LABELS), ("l", PLACE_LABELS), ("t", TIME_LABELS),
                            ("n", NUMBER_LABELS)):
            if ent.label_ in labels:
                groups[key].add(text)
    for child in head.children:
        if child.dep_ in ARGUMENT_DEPS and child.pos_ in ("NOUN", "PROPN") \
                and not (start <= child.i < end):
            groups["p"].add(child.lemma_.lower())
        if child.dep_ == "prep":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN") and not obj.ent_type_:
                    groups["p"].add(obj.lemma_.lower())
    lemmas = frozenset(t.lemma_.lower() for t in doc if t.pos_ in CONTENT_POS
                       and not (start <= t.i < end) and not t.is_stop)
    window = doc[max(start - WINDOW, 0):min(end + WINDOW, len(doc))].text
    return MentionView(document, sentence, span.text, head.lemma_.lower(), head.pos_, doc.text,
                       lemmas, frozenset(groups["p"]), frozenset(groups["l"]),
                       frozenset(groups["t"]), frozenset(groups["n"]), window,
                       trigger_chars=(span.start_char, span.end_char),
                       head_chars=(head.idx, head.idx + len(head.text)))


def document_view_from_parses(key: str, docs: Iterable[Doc]) -> DocumentView:
    """The view of a document from its spaCy-parsed sentences (lemmas, parts of speech and
    entities: ECB+ and the tests); ingest reads articles from raw text with
    :func:`newsgraph.coreference.linking.document_view_from_text` instead."""
    terms: Counter[str] = Counter()
    specifics: Counter[str] = Counter()
    names: set[str] = set()
    texts = []
    for doc in docs:
        terms.update(t.lemma_.lower() for t in doc if t.pos_ in CONTENT_POS and not t.is_stop)
        specifics.update(t.lemma_.lower() for t in doc if t.pos_ in ("PROPN", "NUM"))
        names.update(_norm(e.text) for e in doc.ents
                     if e.label_ in PARTICIPANT_LABELS | PLACE_LABELS | TIME_LABELS)
        texts.append(doc.text)
    return DocumentView(key, terms, frozenset(names), specifics, tuple(texts))


@dataclass(frozen=True)
class Background:
    """How many of some other documents (no mention sits in them) use each term and each
    specific: the idf of a batch of two or three documents means nothing on its own (a word
    both use would weigh nothing), so ingest counts these too."""

    terms: Mapping[str, int]
    specifics: Mapping[str, int]
    n: int


@dataclass(frozen=True)
class Senses:
    """Which lemmas share a sense (an event pattern of the lexicon) and which event types they
    can code; read from the lexicon so synonyms live in data, not here."""

    senses: Mapping[str, frozenset[str]]
    types: Mapping[str, frozenset[str]]
    reporting: frozenset[str] = frozenset()  # "say", "announce": verbs that introduce speech
    # the synonym classes each lemma is in (data/event_synonyms.yaml): "capture" and "arrest"
    classes: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def same_sense(self, a: str, b: str) -> bool:
        return bool(self.senses.get(a, frozenset()) & self.senses.get(b, frozenset()))

    def same_type(self, a: str, b: str) -> bool:
        return bool(self.types.get(a, frozenset()) & self.types.get(b, frozenset()))


def load_synonyms(path: str | Path | None = None) -> dict[str, frozenset[str]]:
    """The synonym classes each trigger lemma is in, from ``data/event_synonyms.yaml`` (or a
    file of that shape): ``{"capture": {"arrest"}, "arrest": {"arrest"}, ...}``. A class that
    is not a list of words is refused with its name."""
    from ..errors import ConfigError
    from ..knowledge import load_yaml, shipped_yaml

    data = shipped_yaml(SYNONYMS_FILE) if path is None else load_yaml(path)
    classes = (data or {}).get("classes", {}) if isinstance(data, dict) else None
    if not isinstance(classes, dict):
        raise ConfigError(f"{path or SYNONYMS_FILE}: expected a top-level 'classes:' mapping of "
                          "class names to lists of lemmas")
    out: dict[str, set[str]] = {}
    for name, words in classes.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ConfigError(f"{path or SYNONYMS_FILE}: class '{name}' must be a list of "
                              "lemmas")
        for w in words:
            out.setdefault(w.lower(), set()).add(str(name))
    return {k: frozenset(v) for k, v in out.items()}


def senses_from_lexicon(patterns: Iterable[object], reporting: Iterable[str] = (),
                        classes: Mapping[str, frozenset[str]] | None = None) -> Senses:
    """Senses and types per lemma from the lexicon's event patterns (``verbs`` and ``nouns``),
    the reporting verbs of its attribution cues, and the synonym classes (``classes``, as
    :func:`load_synonyms` gives them; none by default)."""
    senses: dict[str, set[str]] = {}
    types: dict[str, set[str]] = {}
    for p in patterns:
        words = tuple(getattr(p, "verbs", ())) + tuple(getattr(p, "nouns", ()))
        for w in words:
            senses.setdefault(w, set()).add(str(getattr(p, "id", "")))
            types.setdefault(w, set()).add(str(getattr(p, "type", "")))
    return Senses({k: frozenset(v) for k, v in senses.items()},
                  {k: frozenset(v) for k, v in types.items()}, frozenset(reporting),
                  dict(classes or {}))


def _incidence(sets: Sequence[frozenset[str]]) -> np.ndarray:
    """A 0/1 matrix, one row per set, one column per distinct member."""
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for r, items in enumerate(sets):
        for x in items:
            rows.append(r)
            cols.append(index.setdefault(x, len(index)))
    m = np.zeros((len(sets), max(len(index), 1)))
    m[rows, cols] = 1.0  # one numpy assignment, not one per member
    return m


def _shared(sets: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    """For every pair: how many members the two sets share, and how many the two hold in all."""
    m = _incidence(sets)
    inter = m @ m.T
    size = m.sum(axis=1)
    return inter, size[:, None] + size[None, :] - inter


def _jaccard(sets: Sequence[frozenset[str]]) -> np.ndarray:
    inter, union = _shared(sets)
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def _share_conflict(sets: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: 1 in the first matrix when the two name something in common; 1 in the second
    when both name something and nothing in common; 0 in both when either is silent."""
    inter, _ = _shared(sets)
    filled = np.array([bool(s) for s in sets])
    both = filled[:, None] & filled[None, :]
    return (inter > 0).astype(float), (both & (inter == 0)).astype(float)


def _equal(values: Sequence[object]) -> np.ndarray:
    codes: dict[object, int] = {}
    arr = np.array([codes.setdefault(v, len(codes)) for v in values])
    return (arr[:, None] == arr[None, :]).astype(float)


def document_matrices(documents: Sequence[DocumentView], background: Background | None = None,
                      weighted: Sequence[tuple[WeightedBag, WeightedBag]] | None = None
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Document by document: the tf-idf cosine of their terms, the Jaccard index of their
    names, the tf-idf cosine of their specifics (``background``: as :func:`feature_tensor`).
    ``weighted``, where the caller keeps them, are each document's terms and specifics as
    :class:`.tfidf.WeightedBag` with ``background``'s frequencies (the same numbers, made once
    per article at ingest)."""
    bg_terms, bg_specifics, bg_n = (background.terms, background.specifics, background.n) \
        if background else (None, None, 0)
    if weighted is None:
        ids = TermIds()
        weighted = [(ids.bag(d.terms, bg_terms), ids.bag(d.specifics, bg_specifics))
                    for d in documents]
    return (tfidf_cosines([t for t, _ in weighted], bg_n),
            _jaccard([d.names for d in documents]),
            tfidf_cosines([s for _, s in weighted], bg_n))


def feature_tensor(mentions: Sequence[MentionView], documents: Sequence[DocumentView],
                   senses: Senses, background: Background | None = None,
                   doc_matrices: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
                   ) -> np.ndarray:
    """The text features of every pair of mentions: an (n, n, len(FEATURES)) array in the
    order of :data:`FEATURES`. Documents not given count as unrelated (similarity 0);
    ``background`` adds other documents to the idf of the document similarities;
    ``doc_matrices``, where the caller has them, are :func:`document_matrices` of
    ``documents`` (ingest keeps them for the articles the next event reads again)."""
    n = len(mentions)
    doc_keys = [d.key for d in documents]
    where = {k: i for i, k in enumerate(doc_keys)}
    di = np.array([where.get(m.document, -1) for m in mentions])
    doc_sim, doc_names, doc_specifics = (
        spread(m, di) for m in (doc_matrices or document_matrices(documents, background)))
    lemmas = [m.lemma for m in mentions]
    same_lemma = _equal(lemmas)
    stems = [m.lemma[:STEM_CHARS] if len(m.lemma) >= STEM_CHARS else f"={m.lemma}"
             for m in mentions]
    same_stem = np.maximum(same_lemma, _equal(stems))
    same_sense = (_shared([senses.senses.get(x, frozenset()) for x in lemmas])[0] > 0)
    same_type = (_shared([senses.types.get(x, frozenset()) for x in lemmas])[0] > 0)
    verb = np.array([m.pos == "VERB" for m in mentions])
    same_doc = _equal([m.document for m in mentions])
    report = np.array([x in senses.reporting for x in lemmas])
    either_report = (report[:, None] | report[None, :]).astype(float)
    docs_with: dict[str, set[str]] = {}
    for m in mentions:
        docs_with.setdefault(m.lemma, set()).add(m.document)
    n_docs = max(len({m.document for m in mentions}), 1)
    spread_of = np.array([len(docs_with[x]) / n_docs for x in lemmas])
    lemma_spread = np.minimum(spread_of[:, None], spread_of[None, :])
    same_sent = same_doc * _equal([m.sentence for m in mentions])
    synonym = (_shared([senses.classes.get(x, frozenset()) for x in lemmas])[0] > 0) \
        * (1.0 - same_lemma)
    columns = [
        np.ones((n, n)), same_lemma, same_stem, same_sense.astype(float), same_type.astype(float),
        (verb[:, None] & verb[None, :]).astype(float), same_doc, same_sent, doc_sim, doc_names,
        doc_specifics, _jaccard([m.context_lemmas for m in mentions]),
        *_share_conflict([m.participants for m in mentions]),
        *_share_conflict([m.places for m in mentions]),
        *_share_conflict([m.times for m in mentions]),
        *_share_conflict([m.numbers for m in mentions]),
        same_lemma * doc_sim, same_stem * doc_sim, same_stem * doc_specifics,
        either_report, same_lemma * either_report, lemma_spread, same_lemma * lemma_spread,
        synonym, synonym * doc_sim,
    ]
    return np.stack(columns, axis=-1)


def spread(doc_matrix: np.ndarray, doc_index: np.ndarray) -> np.ndarray:
    """A document-by-document matrix seen per mention pair (``doc_index[i]`` is mention i's
    document, -1 for one not given: its pairs get 0)."""
    n = len(doc_index)
    if doc_matrix.size == 0:
        return np.zeros((n, n))
    safe = np.maximum(doc_index, 0)
    known = doc_index >= 0
    return np.where(known[:, None] & known[None, :], doc_matrix[np.ix_(safe, safe)], 0.0)


def embedding_tensor(trigger_sim: np.ndarray, context_sim: np.ndarray, doc_sim: np.ndarray,
                     doc_embedding: np.ndarray, window_sim: np.ndarray, span_sim: np.ndarray,
                     head_sim: np.ndarray) -> np.ndarray:
    """The embedding features of every pair, in the order of :data:`EMBEDDING_FEATURES`
    (``span_sim`` and ``head_sim``: cosines of the trigger and of its head read in their
    sentences)."""
    return np.stack([trigger_sim, context_sim, doc_embedding, trigger_sim * doc_sim,
                     context_sim * doc_sim, trigger_sim * doc_embedding, window_sim,
                     window_sim * doc_sim, span_sim, head_sim, span_sim * doc_sim,
                     head_sim * doc_sim], axis=-1)
