"""Word senses in which a trigger word is no event: months, markets, sport, and senses told by
a trigger's arguments (``data/senses.yaml``).

"Talks resumed in March" holds no protest, "shares hit a record high" no attack, and "Brazil
beat Argentina 2-1 in the final" no fight. The trigger's own lemma says nothing here; its
neighbours do: a month name next to a date word or a number, a subject or object that is a
market word, a sentence about a game, an argument that says which sense the word is in
("fighting deportation" is a case in court, "a shooting that left two guards dead" tells what
another act did). A trigger in one of these senses gives no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..knowledge import data_path, load_yaml

SENSES_FILE = "senses.yaml"
_SCORE = re.compile(r"^\d{1,3}[-–]\d{1,3}$")
_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "attr"}


@dataclass(frozen=True)
class Senses:
    """The word lists of ``senses.yaml`` (see that file for what each says)."""

    months: frozenset[str] = frozenset()
    month_words: frozenset[str] = frozenset()
    market_nouns: frozenset[str] = frozenset()
    sport_verbs: frozenset[str] = frozenset()
    sport_words: frozenset[str] = frozenset()
    # words of sport that have other senses too ("an investigation team", "set fire", "the
    # death penalty"): two different ones make a game, one alone does not
    sport_hints: frozenset[str] = frozenset()
    # a verb's senses told by what the act is done with or ends in: sense name -> the words
    # of its "with", "to" or "into" phrase ("hacked with machetes", "hacked to death": cutting)
    instrument_senses: dict[str, frozenset[str]] = field(default_factory=dict)
    # senses told by an argument, in which the trigger names no event ("fighting deportation")
    argument_senses: tuple[ArgumentSense, ...] = ()


@dataclass(frozen=True)
class ArgumentSense:
    """One row of ``argument_senses``: the trigger words of ``triggers`` whose argument (see
    ``sense_arguments``) is one of ``words`` name no event."""

    name: str
    triggers: frozenset[str]
    words: frozenset[str]


def load_senses(path: str | None = None) -> Senses:
    """The shipped senses file, read through the one loader."""
    data = load_yaml(path or data_path(SENSES_FILE)) or {}

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or [])

    instruments = {str(name): frozenset(str(w).lower() for w in ws or [])
                   for name, ws in (data.get("instrument_senses") or {}).items()}
    rows = tuple(ArgumentSense(str(name), _lower(spec.get("triggers")), _lower(spec.get("words")))
                 for name, spec in (data.get("argument_senses") or {}).items())
    return Senses(words("months"), words("month_words"), words("market_nouns"),
                  words("sport_verbs"), words("sport_words"), words("sport_hints"), instruments,
                  rows)


def _lower(values: object) -> frozenset[str]:
    return frozenset(str(w).lower() for w in values or []) if isinstance(values, list) \
        else frozenset()


_INSTRUMENT_PREPS = ("with", "to", "into")


def instrument_sense(tok: Token, name: str, senses: Senses) -> bool:
    """Is the verb used in the sense ``name`` of ``instrument_senses``: does its "with", "to"
    or "into" phrase name one of the sense's words ("hacked with machetes", "hacked him to
    death", "hacked into pieces")? A name the file does not hold is no sense of any word."""
    words = senses.instrument_senses.get(name, frozenset())
    return any(g.lemma_.lower() in words or g.text.lower() in words
               for c in tok.children if c.dep_ == "prep" and c.text.lower() in _INSTRUMENT_PREPS
               for g in c.children if g.dep_ == "pobj")


def other_sense(tok: Token, senses: Senses) -> bool:
    """Is this trigger word used in a sense that is no event: a month, markets, a game, or a
    sense its arguments tell (``argument_senses``)?"""
    return _month(tok, senses) or _markets(tok, senses) or _sport(tok, senses) \
        or argument_sense(tok, senses) is not None


def argument_sense(tok: Token, senses: Senses) -> str | None:
    """The name of the ``argument_senses`` row the trigger is in, or None: its lemma is one of
    the row's triggers and one of its arguments one of the row's words."""
    lemma = tok.lemma_.lower()
    rows = [r for r in senses.argument_senses if lemma in r.triggers]
    if not rows:
        return None
    words = {w for a in sense_arguments(tok) for w in (a.lemma_.lower(), a.text.lower())}
    return next((r.name for r in rows if words & r.words), None)


# the phrases of an event noun that say what it is about: "in support of Nigerian forces", "an
# investigation into the crash"
_NOUN_ARGUMENT_PREPS = ("of", "against", "into")


def sense_arguments(tok: Token) -> list[Token]:
    """The words that tell a trigger's sense: its object and the object's predicate ("left two
    guards dead", "left dozens injured"), and an event noun's "of"/"against"/"into" phrase
    ("in support of Nigerian forces", "an investigation into the crash")."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "oprd")]
    found = objs + [g for o in objs for g in o.children if g.dep_ in ("acl", "amod", "oprd")]
    if tok.pos_ in ("NOUN", "PROPN"):
        found += [g for c in tok.children if c.dep_ == "prep" and c.text.lower() in _NOUN_ARGUMENT_PREPS
                  for g in c.children if g.dep_ == "pobj"]
    return found


def _month(tok: Token, senses: Senses) -> bool:
    """"in March", "March 3", "3 March", "last March", "March last year": the month. A
    capitalised month word elsewhere than the sentence's start is the month too."""
    if tok.text.lower() not in senses.months or not tok.text[:1].isupper():
        return False
    if tok.i != tok.sent.start:
        return True
    doc = tok.doc
    near = [doc[i] for i in (tok.i - 1, tok.i + 1) if tok.sent.start <= i < tok.sent.end]
    return any(t.text.isdigit() or t.like_num or t.text.lower() in senses.month_words for t in near)


def _markets(tok: Token, senses: Senses) -> bool:
    """The trigger's subject or object is a market word: "shares fell", "stocks hit a record",
    "beat predictions", "markets rallied", "oil prices surged"."""
    args = [c for c in tok.children if c.dep_ in _ARGUMENT_DEPS]
    if tok.dep_ in ("compound", "amod") or (tok.dep_ in _ARGUMENT_DEPS and tok.pos_ == "NOUN"):
        args.append(tok.head)  # "a market rally", "the rally in stocks"
    args += [g for c in tok.children if c.dep_ == "prep" and c.text.lower() in ("in", "of")
             for g in c.children if g.dep_ == "pobj"] if tok.pos_ == "NOUN" else []
    return any(a.lemma_.lower() in senses.market_nouns or any(
        c.dep_ == "compound" and c.lemma_.lower() in senses.market_nouns for c in a.children)
        for a in args)


def _sport(tok: Token, senses: Senses) -> bool:
    """A trigger of ``sport_verbs`` in a sentence about a game: a word of ``sport_words``, a
    score ("2-1"), or two different words of ``sport_hints`` ("the cup final"); one hint alone
    ("a UN team found that ... attack") is no game."""
    lemma = tok.lemma_.lower()
    particles = {f"{lemma} {c.text.lower()}" for c in tok.children if c.dep_ == "prt"}
    if lemma not in senses.sport_verbs and not particles & senses.sport_verbs:
        return False
    words = {w for t in tok.sent for w in (t.lemma_.lower(), t.text.lower())}
    return bool(words & senses.sport_words) or len(words & senses.sport_hints) >= 2 \
        or any(_SCORE.match(t.text) for t in tok.sent)
