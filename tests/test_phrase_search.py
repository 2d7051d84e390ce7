"""PhraseSearch finds what the whole alternation's ``re.search`` finds: the same text at the
same place, on real sentences, with the real Phoenix discard list."""

from __future__ import annotations

import random
import re

import pytest

from conftest import SHARED
from newsgraph.actors.dictionaries.discards import Discards, compile_phrases, read_discards
from newsgraph.actors.dictionaries.phrase_search import Alternative, PhraseSearch
from newsgraph.articles import Article, read_articles
from newsgraph.parsing import split_sentences

DISCARDS = SHARED / "data" / "petrarch-dictionaries" / "Phoenix.discards.txt"


def whole(search: PhraseSearch) -> re.Pattern[str]:
    """The one alternation PhraseSearch stands for."""
    return re.compile("|".join(a.pattern for a in search.alternatives), search.flags)


def found(m: re.Match[str] | None) -> tuple[tuple[int, int], str] | None:
    return (m.span(), m.group(0)) if m else None


def discard_search() -> PhraseSearch:
    """The search ``Discards.in_sentence`` makes of the real list's phrases."""
    discards = read_discards(DISCARDS)
    return compile_phrases(discards.sentence_phrases + discards.story_phrases)


@pytest.mark.skipif(not DISCARDS.exists(), reason=f"{DISCARDS} not present")
def test_same_matches_as_the_alternation_on_real_sentences() -> None:
    search = discard_search()
    pattern = whole(search)
    phrases = [a.pattern for a in search.alternatives]
    assert len(phrases) > 400
    articles = [a for a in read_articles([SHARED / "seeds"]) if isinstance(a, Article)]
    sentences = [a.text[s:e] for a in articles for s, e in split_sentences(a.text)]
    # the same sentences with a discard phrase written into them, as a word, inside a word,
    # lower-cased, or followed by more letters (stems match, exact phrases must not)
    rng = random.Random(3)
    raw = read_discards(DISCARDS)
    written = raw.sentence_phrases + raw.story_phrases
    planted = []
    for sentence in sentences:
        words = sentence.split()
        phrase = rng.choice(written).strip("_").replace("_", " ")
        phrase = phrase.lower() if rng.random() < 0.5 else phrase
        phrase += rng.choice(["", "s", "-", "ing"])
        phrase = ("x" + phrase) if rng.random() < 0.2 else phrase
        words.insert(rng.randint(0, len(words)), phrase)
        planted.append(" ".join(words))
    texts = [a.text for a in articles] + sentences + planted
    results = [(found(pattern.search(t)), found(search.search(t))) for t in texts]
    assert all(slow == fast for slow, fast in results)
    assert sum(slow is not None for slow, _ in results) > len(planted) // 2  # it was tested


def test_first_listed_phrase_wins_at_one_place_and_the_leftmost_place_first() -> None:
    search = PhraseSearch([Alternative("w", r"(?<!\w)war(?!\w)"),
                           Alternative("w", r"(?<!\w)war\s+crimes"),
                           Alternative("c", r"(?<!\w)crimes")])
    assert found(search.search("on war crimes")) == ((3, 6), "war")
    assert found(search.search("warlike crimes")) == ((8, 14), "crimes")
    assert found(search.search("on War Crimes")) == found(whole(search).search("on War Crimes"))
    assert search.search("postwar wars") is None  # not at a word's start; exact "war"


def test_case_folding_is_the_regex_engines() -> None:
    """Characters ``re.IGNORECASE`` folds together (the Kelvin sign and K, long s and s) are
    tried alike."""
    search = PhraseSearch([Alternative("k", r"(?<!\w)kick"), Alternative("s", r"(?<!\w)strike")])
    for text in ["\u212aICK off", "the \u017ftrike", "KICK", "no match here"]:
        assert found(search.search(text)) == found(whole(search).search(text))


def test_no_phrases_find_nothing() -> None:
    assert PhraseSearch([]).search("anything") is None
    assert Discards().in_sentence("anything") is None
