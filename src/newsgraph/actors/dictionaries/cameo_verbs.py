"""PETRARCH's CAMEO verb dictionary (``CAMEO.2.0.txt``) read as trigger records.

The file holds synonym sets (``&CURRENCY`` then ``+DOLLAR`` lines), then verb blocks::

    ---  CANCEL   [---]  ---        a block: its name and default code (--- : no event)
    ABORT [160]                     a verb with its own code
    QUIT {QUITS QUITTING }          irregular forms in braces
    +CALL_OFF [160]                 a phrasal verb: the word after + is the verb
    - * TALKS          [160]        a phrase pattern: * is the verb, then its object
    - * (WITH WARNING) [012]        a prepositional phrase
    - * {AIR RAIDS}    [087]        a noun phrase (its last word is the head)
    - * &FIGHT         [0871]       any phrase of a synonym set
    - * VISIT          [042:043]    a code pair: the second is coded the other way round

Each verb and each pattern becomes a :class:`VerbTrigger`: a verb lemma (with its particle or
preposition), the object head words that must be there (any one) and the CAMEO code. What
newsgraph's trigger patterns cannot express is not guessed at: a pattern with words before the
verb (its subject or an adverb), with more than one object, or with a word joined to a synonym
set is left out and counted by reason in :attr:`VerbDictionary.left_out`; a line that cannot
be read at all is skipped and counted in ``skipped``. The lexicon maps the CAMEO codes to PLOVER
(``events.lexicon``), so this module knows nothing of event types.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .text import Skipped, read_text, strip_comments

_HEADER = re.compile(r"^---\s+(?P<name>.*?)\s*(?:\[(?P<code>[^\]]*)\])?\s*---\s*$")
_PATTERN = re.compile(r"^-\s+(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]\s*$")
_VERB = re.compile(r"^(?P<word>[^\s\[{]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
_ITEM = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")
_CODE = re.compile(r"^\d{2,4}$")
_MARKERS = {"+", "$", "%", "^"}
NULL = "---"


@dataclass(frozen=True)
class VerbTrigger:
    """One trigger read from a verb dictionary: ``verbs`` (lemmas, a phrasal verb as "call off",
    a verb and its preposition as "look into"), the object head words one of which must be
    there (empty: none needed), the ``preposition`` of a prepositional phrase (already joined to
    the verbs) and the CAMEO ``code`` (None: the phrase codes no event, and the block's bare
    verbs must not fire on it). ``where`` names the file and line."""

    verbs: tuple[str, ...]
    objects: tuple[str, ...]
    preposition: str | None
    code: str | None
    reciprocal: bool
    where: str
    block: str


@dataclass
class VerbDictionary:
    """The triggers of one verb dictionary in file order, the irregular forms of its verbs and
    what was left out (by reason) or skipped."""

    name: str
    triggers: list[VerbTrigger] = field(default_factory=list)
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    left_out: Counter[str] = field(default_factory=Counter)
    skipped: Skipped = field(default_factory=Skipped)


@dataclass
class _Block:
    name: str
    code: str | None
    verbs: list[tuple[str, str | None, int]] = field(default_factory=list)  # lemma, code, line
    patterns: list[tuple[str, str, int]] = field(default_factory=list)  # body, code, line


def looks_like_verbs(lines: list[str]) -> bool:
    """A verb dictionary has ``--- NAME [CODE] ---`` block headers."""
    return any(_HEADER.match(line.strip()) for line in lines if line.startswith("---"))


def read_cameo_verbs(path: Path, skipped: Skipped | None = None) -> VerbDictionary:
    """The triggers of a PETRARCH verb dictionary (see the module docstring)."""
    path = Path(path)
    found = VerbDictionary(path.name, skipped=Skipped() if skipped is None else skipped)
    synsets: dict[str, list[str]] = {}
    blocks: list[_Block] = []
    synset: str | None = None
    for number, raw in enumerate(strip_comments(read_text(path)), start=1):
        line = raw.strip()
        if not line or line.startswith("~") or line.startswith("####"):
            continue
        header = _HEADER.match(line)
        if header:
            blocks.append(_Block(header["name"], _code(header["code"])))
            synset = None
        elif line.startswith("&"):
            synset = line.split()[0].rstrip("_")  # "&WEAPON_" (no plurals) is "&WEAPON" too
            synsets.setdefault(synset, [])
        elif line.startswith("+") and synset is not None:
            synsets[synset].append(line[1:].strip())
        elif not blocks:
            found.skipped.add(f"line {number}: '{line[:40]}' is outside any verb block")
        elif line.startswith("-"):
            m = _PATTERN.match(line)
            if m is None:
                found.skipped.add(f"line {number}: pattern '{line[:40]}' has no [CODE]")
                continue
            blocks[-1].patterns.append((m["body"], m["code"].strip(), number))
        else:
            _add_verb(blocks[-1], line, number, found)
    for block in blocks:
        _block_triggers(block, synsets, found)
    return found


def _code(raw: str | None) -> str | None:
    raw = (raw or "").strip()
    return None if not raw or raw == NULL else raw


def _add_verb(block: _Block, line: str, number: int, found: VerbDictionary) -> None:
    """A verb line: its lemma (a phrasal verb's words after the +), forms and own code."""
    m = _VERB.match(line)
    if m is None:
        found.skipped.add(f"line {number}: cannot read verb line '{line[:40]}'")
        return
    words = m["word"].lower().split("_")
    if len(words) > 1 and not words[0].startswith("+"):
        found.left_out["verb with words before it"] += 1
        return
    lemma = " ".join(w.lstrip("+") for w in words if w.lstrip("+"))
    if not lemma:
        return
    head = lemma.split()[0]
    forms = [f.lower().lstrip("+").split("_")[0] for f in (m["forms"] or "").split()]
    if forms:
        found.forms[head] = tuple(dict.fromkeys(found.forms.get(head, ()) + tuple(forms)))
    block.verbs.append((lemma, _code(m["code"]) if m["code"] is not None else block.code, number))


def _block_triggers(block: _Block, synsets: dict[str, list[str]], found: VerbDictionary) -> None:
    """The block's phrase patterns (for every verb of the block), then its bare verbs by code."""
    if not block.verbs:
        return
    lemmas = tuple(dict.fromkeys(v for v, _, _ in block.verbs))
    for body, code, number in block.patterns:
        where = f"{found.name}:{number}"
        read = _read_pattern(body, synsets)
        if isinstance(read, str):
            found.left_out[read] += 1
            continue
        prep, objects = read
        codes = code.split(":")
        if codes[0].strip() != NULL and not _CODE.match(codes[0].strip()):
            found.left_out["code that is not CAMEO"] += 1
            continue
        verbs = tuple(f"{v} {prep}" for v in lemmas) if prep else lemmas
        first = _code(codes[0])
        pair = len(codes) == 2 and codes[0].strip() == codes[1].strip()
        found.triggers.append(VerbTrigger(verbs, objects, prep, first, pair, where, block.name))
    _bare_triggers(block, found)


def _bare_triggers(block: _Block, found: VerbDictionary) -> None:
    """A trigger for each of the block's verbs alone (its own code, else the block's), named
    by the verb's own line."""
    for lemma, own, number in block.verbs:
        if own is None:
            continue
        if not _CODE.match(own.split(":")[0]):
            found.left_out["code that is not CAMEO"] += 1
            continue
        found.triggers.append(VerbTrigger((lemma,), (), None, own.split(":")[0], False,
                                          f"{found.name}:{number}", block.name))


def _read_pattern(body: str, synsets: dict[str, list[str]]) -> tuple[str | None, tuple[str, ...]] | str:
    """(preposition, object head words) of a pattern body, or the reason it is left out."""
    items = _ITEM.findall(body)
    if "*" not in items:
        return "verb marker joined to a word"
    star = items.index("*")
    if any(i not in _MARKERS for i in items[:star]):
        return "words before the verb"
    content = [i for i in items[star + 1:] if i not in _MARKERS]
    prep: str | None = None
    nouns: list[str] = []
    for item in content:
        if item.startswith("("):
            words = item.strip("()").split()
            if prep is not None or not words:
                return "more than one prepositional phrase"
            prep = words[0].lower()
        else:
            nouns.append(item)
    if len(nouns) > 1:
        return "more than one object"
    if not nouns:
        return prep, ()
    heads = _heads(nouns[0], synsets)
    return heads if isinstance(heads, str) else (prep, heads)


def _heads(item: str, synsets: dict[str, list[str]]) -> tuple[str, ...] | str:
    """The head words an object item stands for: a word, a {noun phrase}'s last word, or the
    heads of every phrase of a synonym set; each with its singular."""
    phrase = item.strip("{}").replace("_", " ").split()
    if not phrase:
        return "empty object"
    last = phrase[-1].rstrip("_")
    if last.startswith("&"):
        if last not in synsets:
            return "undefined synonym set"
        members = [m.replace("_", " ").split() for m in synsets[last]]
        words = [m[-1] for m in members if m and not m[-1].startswith("&")]
    elif any(w.startswith("&") for w in phrase):
        return "synonym set inside a phrase"
    else:
        words = [last]
    return tuple(dict.fromkeys(f for w in words for f in _noun_forms(w.lower())))


def _noun_forms(word: str) -> tuple[str, ...]:
    """A dictionary word and the singular a lemmatiser gives it ("embassies" -> "embassy")."""
    if word.endswith("ies") and len(word) > 4:
        return word, word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word, word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word, word[:-1]
    return (word,)
