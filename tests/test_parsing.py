from __future__ import annotations

import pytest
import spacy

from conftest import SEEDS
from newsgraph.parsing import (
    MODEL,
    UNPARSED_DEP,
    RememberingAttributeRuler,
    RememberingLemmatizer,
    ner_skipped,
    parse_articles,
    split_sentences,
)

TEXT = (
    "The ministers met in Nairobi on Tuesday. The weather was mild.\n\n"
    "Kenya's president later thanked the U.S. delegation for the visit. Officials were upbeat."
)


def test_split_sentences_tiles_the_text_exactly():
    spans = split_sentences(TEXT)
    assert "".join(TEXT[a:b] for a, b in spans) == TEXT
    assert len(spans) == 4


def test_split_sentences_keeps_abbreviations_together():
    text = "The U.S. envoy met Gen. Ahmed in Khartoum. Talks resumed."
    assert len(split_sentences(text)) == 2


def test_split_sentences_splits_glued_sentences():
    text = "Troops crossed the border.Officials denied it."
    assert len(split_sentences(text)) == 2


def test_parse_articles_rebuilds_the_text_with_offsets(nlp):
    (doc,) = parse_articles(nlp, [TEXT], wants_parse=lambda s: "met" in s)
    assert doc.text == TEXT
    assert len(list(doc.sents)) == 4


def test_only_wanted_sentences_are_parsed(nlp):
    (doc,) = parse_articles(nlp, [TEXT], wants_parse=lambda s: "met" in s)
    first, second = list(doc.sents)[:2]
    assert {t.dep_ for t in first} & {"nsubj", "prep"}
    assert {t.dep_ for t in second} <= {"ROOT", UNPARSED_DEP}


def test_unparsed_sentences_still_get_entities(nlp):
    (doc,) = parse_articles(nlp, [TEXT], wants_parse=lambda s: False)
    assert "Nairobi" in {e.text for e in doc.ents}


@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_batching_does_not_change_results(nlp, batch_size):
    texts = [TEXT, "Oman mediated talks between the two sides.", ""]
    docs = list(parse_articles(nlp, texts, wants_parse=None, batch_size=batch_size))
    assert [d.text for d in docs] == texts


def test_sentences_that_want_no_entities_skip_ner(nlp):
    (doc,) = parse_articles(nlp, [TEXT], wants_parse=None,
                            wants_entities=lambda d: "Nairobi" not in d.text)
    first, second = list(doc.sents)[:2]
    assert all(ner_skipped(t) for t in first)  # NER never looked: no "O" either
    assert not any(ner_skipped(t) for t in second)
    assert "Nairobi" not in {e.text for e in doc.ents}
    assert "Kenya" in {e.text for e in doc.ents}
    assert {t.dep_ for t in first} & {"nsubj", "prep"}  # the parse is still there


def test_a_sentence_may_skip_both_parse_and_ner(nlp):
    (doc,) = parse_articles(nlp, [TEXT], wants_parse=lambda s: False,
                            wants_entities=lambda d: False)
    assert doc.text == TEXT
    assert len(list(doc.sents)) == 4
    assert not doc.ents


# Sentences for the attribute ruler: its one-token rules (tags, "not", auxiliaries, whitespace)
# and the rules that span tokens ("There were", "gon na", "let 's"), which take the full path.
RULER_TEXTS = [
    "There were no talks on Friday, and there is little hope.",
    "We're gonna hold the line, y'all, the commander said; let's not pretend otherwise.",
    "The envoy didn't attend because the talks had stalled.",
    "Oman's foreign minister, who has mediated before, is expected in Tehran.\n\nNothin' moved.",
    "  Ministers   met\tagain .",
    "He ain't leaving, c'mon.",
]


def test_the_remembering_attribute_ruler_matches_spacys(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), RememberingAttributeRuler)
    plain = spacy.load(MODEL)
    assert not isinstance(plain.get_pipe("attribute_ruler"), RememberingAttributeRuler)
    for _ in range(2):  # the second pass reads what the first remembered
        for ours, theirs in zip(nlp.pipe(RULER_TEXTS), plain.pipe(RULER_TEXTS), strict=True):
            assert ours.to_bytes(exclude=["tensor"]) == theirs.to_bytes(exclude=["tensor"])
            assert [t.pos_ for t in ours] == [t.pos_ for t in theirs]
            assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
            assert [str(t.morph) for t in ours] == [str(t.morph) for t in theirs]


def test_truecasing_before_the_split_keeps_the_offsets(nlp):
    text = "the talks ended. both sides left the hall. a new round is due. no date was set. "
    doc = next(parse_articles(nlp, [text], truecase=lambda t: ". ".join(
        s[:1].upper() + s[1:] for s in t.split(". "))))
    assert len(doc.text) == len(text) and doc.text.lower() == text.lower()
    assert [s.text[:4] for s in doc.sents] == ["The ", "Both", "A ne", "No d"]
    assert [s.start_char for s in doc.sents] == [0, 17, 43, 63]


def test_the_remembering_lemmatizer_gives_spacys_lemmas(nlp):
    assert isinstance(nlp.get_pipe("lemmatizer"), RememberingLemmatizer)
    plain = spacy.load(MODEL)
    assert not isinstance(plain.get_pipe("lemmatizer"), RememberingLemmatizer)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + RULER_TEXTS
    for _ in range(2):  # the second pass reads the lemmas the first remembered
        for ours, theirs in zip(nlp.pipe(texts), plain.pipe(texts), strict=True):
            assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]


def test_the_ruler_runs_its_matcher_only_where_a_spanning_rule_can_match(nlp):
    """A sentence lacking every word or label the ruler's rules of several tokens need skips
    the Matcher; on the seed articles' sentences none of the skipped ones held a match, and the
    ruled tokens are spaCy's."""
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, RememberingAttributeRuler) and ruler._needs  # every rule has a need
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    sentences = [t[a:b] for t in texts for a, b in split_sentences(t)] + RULER_TEXTS
    before = nlp.pipe(sentences, disable=["attribute_ruler", "lemmatizer", "ner"])
    skipped = 0
    for doc in before:
        if not ruler._may_span(doc.to_array(["TAG", "LOWER", "DEP"])):
            assert not ruler._spanning(doc), doc.text
            skipped += 1
    assert 0 < skipped < len(sentences)
    for text in [RULER_TEXTS[i] for i in (0, 1, 5)]:  # "There were", "gon na", "ai n't"
        doc = next(nlp.pipe([text], disable=["attribute_ruler", "lemmatizer", "ner"]))
        assert ruler._may_span(doc.to_array(["TAG", "LOWER", "DEP"]))
    plain = spacy.load(MODEL)
    for ours, theirs in zip(nlp.pipe(sentences), plain.pipe(sentences), strict=True):
        assert ours.to_bytes(exclude=["tensor"]) == theirs.to_bytes(exclude=["tensor"])
