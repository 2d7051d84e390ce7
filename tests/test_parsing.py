from __future__ import annotations

import pytest

from newsgraph.parsing import UNPARSED_DEP, parse_articles, split_sentences

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
