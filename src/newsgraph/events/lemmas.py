"""Lemmas the coder can trust: the lemmatiser's slips mended before any trigger is looked up.

spaCy's lemmatiser reads "raped" as "rap", "hopes" as "hop" and "caned" as "can": the trigger
of an event, or the cue of its modality, is lost. ``lemma_fixes`` in ``verbs.yaml`` lists such
word forms with their right lemma. And a gerund standing as a noun ("killed in police firing",
"died in the shelling") is often tagged a verb and given the verb's lemma ("fire", "shell"), so
the event noun of the lexicon is never seen: such a word keeps its own form as its lemma when
that form is an event noun and the verb's lemma is not. And a trigger some writers split in two
("police lathi charged the mob", ``split_words`` in ``verbs.yaml``) reads as the accusation
"charged": its second word takes the one word's lemma.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .lexicon import Lexicon
from .triggers import is_nominal


def mend_lemmas(doc: Doc, lexicon: Lexicon) -> None:
    """Set the right lemma on the tokens whose lemma the lemmatiser got wrong (in place, before
    the coder reads any lemma; the same call twice changes nothing)."""
    fixes, nouns, split = lexicon.lemma_fixes, lexicon.noun_index, lexicon.split_words
    for tok in doc:
        word = tok.text.lower()
        joined = split.get(f"{doc[tok.i - 1].lower_} {tok.lemma_.lower()}") if tok.i and split else None
        if joined is not None:
            tok.lemma_ = joined
        elif word in fixes:
            tok.lemma_ = fixes[word]
        elif word.endswith("ing") and word in nouns and tok.lemma_.lower() not in nouns \
                and is_nominal(tok):
            tok.lemma_ = word
