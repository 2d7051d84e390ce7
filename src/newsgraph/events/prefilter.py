"""Which sentences are worth a full parse: a cheap test on the raw text, no spaCy.

Parsing is the costly step of the pipeline, so the test is as selective as it can be without
losing events: a sentence passes only when (1) some word may stand for an actor and (2) some word
inflects a trigger whose pattern's other words could be there too ("lifted" needs a curfew, a ban
or the like; "step" needs "down"; "told" needs "to"). Over-passing costs time; under-passing
loses events, so every check errs towards passing.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon, Pattern

_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")
# words that open a sentence capitalised without naming anyone
_OPENERS = frozenset("""a an the this that these those there here in on at of for from by with
after before during since until while when as if but and or so yet also still however meanwhile
later earlier last next today yesterday tomorrow some many most more all no one two three
several what why how where who which""".split())


def could_hold_event(sentence: str, lexicon: Lexicon) -> bool:
    """Could this sentence hold an event? A possible actor and a fitting trigger word, or a
    trigger of a type the coder composes a doer for when none is named (violence, a state's
    coercion, a crowd's protest: ``unidentified`` in ``verbs.yaml``): "a bomb exploded",
    "weapons were seized", "a string of protests"."""
    tokens = _WORD.findall(sentence)
    if not tokens:
        return False
    actor = _has_actor(tokens, lexicon)
    u = lexicon.unidentified
    unnamed = u.types | u.authority_types | u.crowd_types
    words = {w.lower() for w in tokens}
    words |= {p for w in list(words) for p in re.split(r"[-']", w)}
    lemmas = {lemma for w in words for lemma in lexicon.lemmas_of.get(w, ())}
    lemmas |= _split_lemmas(words, lexicon)
    return any((actor or p.type in unnamed) and _could_fit(p, lemma, words, lexicon)
               for lemma in lemmas for p in lexicon.patterns_for(lemma))


def _split_lemmas(words: set[str], lexicon: Lexicon) -> set[str]:
    """The one-word triggers written split in two whose both words are there ("lathi charged":
    ``split_words``), which the coder reads as the one word (events.lemmas)."""
    return {joined for pair, joined in lexicon.split_words.items()
            if (parts := pair.split())[0] in words and words & lexicon.forms(parts[-1])}


def _has_actor(tokens: list[str], lexicon: Lexicon) -> bool:
    """A capitalised word (a name, a demonym), a pronoun or a description ("troops")."""
    first = tokens[0]
    if first[0].isupper() and first.lower() not in _OPENERS:
        return True
    return any(t[0].isupper() for t in tokens[1:]) or any(
        w in lexicon.actor_words or w.removesuffix("s") in lexicon.actor_words
        for w in (t.lower() for t in tokens))


def _could_fit(p: Pattern, lemma: str, words: set[str], lexicon: Lexicon) -> bool:
    """The words a pattern needs besides its trigger: a particle, an object word, a preposition."""
    if lemma in p.verbs or lemma in p.nouns:
        pass
    elif not any(v.split()[0] == lemma and v.split()[-1] in words for v in p.verbs):
        return False  # "step down", "pull out": the particle must be there
    return all(_may_hold(r, words, lexicon) for r in p.requires)


def _may_hold(requirement: str, words: set[str], lexicon: Lexicon) -> bool:
    kind, _, arg = requirement.partition(":")
    if kind == "ccomp_aux":
        return any(w in words for w in arg.split("|"))
    if kind in ("object", "mod"):
        return any(words & lexicon.forms(w) for w in arg.split("|"))
    if kind in ("prep", "near"):
        return any(w in words for w in arg.split("|"))
    if kind == "xcomp":
        return "to" in words or any(w.endswith("ing") for w in words)
    return True  # dobj, ccomp, actor_object...: only the parse can tell
