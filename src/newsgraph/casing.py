"""Truecasing: capitals given back to text that has lost them, before it is parsed.

Sentence splitting, the name scan and NER all read capitals: in a text distributed lower-cased
(some corpora are) a whole paragraph is one "sentence" and no name is found, and a headline in
capitals reads as a row of unknown names. Such text is given its capitals back on a copy of the
same length, so every character offset of the copy is an offset of the original and provenance
stays exact; cased text is left alone (the check is a few regular-expression scans).

What gets a capital, in order: forms the knowledge base knows (names, aliases, seats, places,
demonyms, ethnic and faith peoples; the words of one name may be joined by a plural's apostrophe,
"kurdistan workers' party"; a single word that is also an ordinary English word only when it
names a country or people, never an acronym that is a word, "car", and the ``keep_lower`` words
only where they read as the name: "the us", "us troops", "us and british forces", "niger's
ambassador", "in guinea"), the names among the parts of a hyphenated word ("bosnia-style",
"anti-israel"), titles before names ("mr", "shri"), month and weekday
names (those of the date lexicon, written out in full; one that is also an ordinary word, "march",
"may", "august", only where it is used as a date: after a ``calendar_intro`` word, after a
``calendar_rel`` word that no determiner comes before, or before a day or a year, "in march",
"last may", "march 15", "august 2000", never "a peace march", "the last march" or "police may act"; a
month's abbreviation only before a day or a year, "sept. 30", "dec 6"),
words no English word list holds (in news, nearly always a name: "sharma", "lucknow"), the
pronoun "i", and the first letter of each sentence and line. The word lists are data
(``data/casing.yaml``; the calendar names come from ``data/dates.yaml``).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from .actors.knowledge_base import KnowledgeBase
from .actors.names import fold
from .articles import written_in_lower_case
from .dates.lexicon import default_lexicon
from .knowledge import shipped_yaml

# a line with no lower-case letter (a headline in capitals); judged by its capital words
_NO_LOWER_LINE = re.compile(r"^[^a-z\n]+$", re.M)
_CAPITAL_WORD = re.compile(r"\b[A-Z]{2,}\b")
CAPITAL_WORDS_IN_A_HEADLINE = 3  # "US STRIKES IRAN", not "NATO" or "(AP)" alone on a line
_WORD = re.compile(r"[^\W\d_]+(?:[.-][^\W\d_]+)*")
# where a sentence starts: the text's start, a line's start, or after an end mark and space
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])[\"'”’)\]]*\s+|\n)[\"“‘'(\[]*([^\W\d_])", re.M)
_LONGEST_NAME = 6  # words
_NAME_GAP = " \t'’"  # what may stand between two words of one name ("Kurdistan Workers' Party")
_PARTS = re.compile(r"[.-]")  # what joins the parts of one _WORD
# after a month name that is also an ordinary word or a month's abbreviation: a day of the month
# or a year ("march 15", "august 2000", "may 3rd", "sept. 30") makes it the month
_DAY_OR_YEAR_AFTER = re.compile(r"\.?[ \t]+(?:\d{1,2}(?:st|nd|rd|th)?|\d{4})(?![\w.,]\d)")


@dataclass(frozen=True)
class CasingWords:
    """The word lists of ``data/casing.yaml``."""

    keep_lower: frozenset[str]
    titles: frozenset[str]
    always_lower: frozenset[str]
    calendar_intro: frozenset[str] = frozenset()
    calendar_rel: frozenset[str] = frozenset()
    calendar_rel_not_after: frozenset[str] = frozenset()
    names_over_words: frozenset[str] = frozenset()
    pronoun_names: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    place_intro: frozenset[str] = frozenset()

    @classmethod
    def shipped(cls) -> CasingWords:
        data = shipped_yaml("casing.yaml") or {}
        return cls(*(frozenset(str(w).lower() for w in data.get(k) or ())
                     for k in ("keep_lower", "titles", "always_lower", "calendar_intro",
                               "calendar_rel", "calendar_rel_not_after", "names_over_words",
                               "pronoun_names", "determiners", "place_intro")))


def calendar_names() -> frozenset[str]:
    """The month and weekday names of the date lexicon written out in full, lower-cased
    ("march", "friday"; not "sat", "sun", "wed", "jan", which are words or names first)."""
    months, days = default_lexicon().written_out()
    return frozenset(w.lower() for w in months + days)


def month_abbreviations() -> frozenset[str]:
    """The months' abbreviations of the date lexicon, lower-cased ("jan", "sept", "dec")."""
    lex = default_lexicon()
    return frozenset(m.lower() for m in lex.months) - frozenset(
        m.lower() for m in lex.written_out()[0])


def needs_truecasing(text: str) -> bool:
    """Has the text, or a headline line of it, lost its capitals?"""
    return lost_capitals(text) or bool(capital_lines(text))


def lost_capitals(text: str) -> bool:
    """Is the text written in lower case? Either it has next to no capitals, or its sentences
    mostly start in lower case (a lower-cased story under a cased header or agency tag)."""
    if written_in_lower_case(text) or no_capital_at_all(text):
        return True
    lower = len(_LOWER_START.findall(text))
    return lower >= LOWER_STARTS and lower >= 2 * len(_UPPER_START.findall(text))


def no_capital_at_all(text: str) -> bool:
    """A text of a few words (too short for ``written_in_lower_case`` to judge: a sentence, a
    snippet, a headline) with not one capital letter: written sentences start with one."""
    return len(_WORD.findall(text)) >= FEW_WORDS and not any(c.isupper() for c in text)


FEW_WORDS = 4  # "police arrest three": a sentence; "ok" or "see below" is not judged

# sentence starts after an end mark: in lower case, and in capitals
_LOWER_START = re.compile(r"(?:(?<=[a-z]{2})|(?<=\d))[.!?][\"'”’)\]]*\s+[\"“‘'(\[]*[a-z]")
_UPPER_START = re.compile(r"[.!?][\"'”’)\]]*\s+[\"“‘'(\[]*[A-Z]")
LOWER_STARTS = 3  # an "e.g. this" or two in cased text is not a lower-cased text


def capital_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines written all in capitals (at least three capital words, no lower case)."""
    return [(m.start(), m.end()) for m in _NO_LOWER_LINE.finditer(text)
            if len(_CAPITAL_WORD.findall(m.group(0))) >= CAPITAL_WORDS_IN_A_HEADLINE]


class Truecaser:
    """Gives lower-cased and all-caps text its capitals back, by one knowledge base's names."""

    def __init__(self, kb: KnowledgeBase, common: frozenset[str],
                 words: CasingWords | None = None, calendar: frozenset[str] | None = None) -> None:
        self.common = common
        self.words = words or CasingWords.shipped()
        self.calendar = calendar_names() if calendar is None else calendar
        self.abbreviations = month_abbreviations()
        self.forms, self.prefixes, self.held, self.national = _cased_forms(
            kb, common, self.words)
        # words that follow a country's name used as an adjective ("us officials", "us troops")
        self.after_adjective = frozenset(k[0] for k in kb.agents) | frozenset(
            w.split()[0].lower() for o in kb.offices.values() for w in o.words if w.strip())

    def __call__(self, text: str) -> str:
        """``text`` with capitals restored where it lost them; the same length, else unchanged."""
        if lost_capitals(text):
            return self.restore(text, [(0, len(text))], lower_first=False)
        lines = capital_lines(text)
        return self.restore(text, lines, lower_first=True) if lines else text

    def restore(self, text: str, spans: Iterable[tuple[int, int]], lower_first: bool) -> str:
        """Capitals restored inside ``spans`` (lower-cased first when ``lower_first``)."""
        chars = list(text)
        for start, end in spans:
            piece = text[start:end]
            if lower_first:
                lowered = piece.lower()
                piece = lowered if len(lowered) == len(piece) else "".join(
                    c.lower() if len(c.lower()) == 1 else c for c in piece)
                chars[start:end] = piece
            self._restore_piece(chars, piece, start)
        out = "".join(chars)
        return out if len(out) == len(text) else text

    def _restore_piece(self, chars: list[str], piece: str, offset: int) -> None:
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(piece)]
        i = 0
        while i < len(words):
            n = self._known_name(piece, words, i)
            if n:
                form = self.forms[" ".join(fold(w) for _a, _b, w in words[i:i + n])]
                for (a, b, w), f in zip(words[i:i + n], form, strict=False):
                    chars[offset + a:offset + b] = _written_as(w, f)
                i += n
                continue
            a, b, w = words[i]
            low = w.lower()
            if any(p in self.calendar or p in self.abbreviations for p in _PARTS.split(low)):
                for at in self._calendar_capitals(piece, words, i):
                    chars[offset + at] = piece[at].upper()
            elif low in self.held and self._held_name_here(piece, words, i, low):
                chars[offset + a:offset + b] = _written_as(w, self.held[low][0])
            elif low in self.words.titles or low == "i" or self._probably_a_name(low):
                chars[offset + a] = w[0].upper()
            elif "-" in w:  # "bosnia-style", "anti-israel": the parts that are names
                for at, part in _hyphen_parts(w):
                    cased = self.forms.get(fold(part)) or []
                    if len(cased) == 1:
                        chars[offset + a + at:offset + a + at + len(part)] = _written_as(
                            part, cased[0])
            i += 1
        for m in _SENTENCE_START.finditer(piece):
            chars[offset + m.start(1)] = chars[offset + m.start(1)].upper()

    def _known_name(self, piece: str, words: list[tuple[int, int, str]], i: int) -> int:
        """How many words from ``i`` make the longest known form (0: none)."""
        key, best = "", 0
        for j in range(i, min(len(words), i + _LONGEST_NAME)):
            if j > i and piece[words[j - 1][1]:words[j][0]].strip(_NAME_GAP):
                break  # only spaces between the words of one name ("workers' party": and a
                # plural's apostrophe)
            key = f"{key} {fold(words[j][2])}" if key else fold(words[j][2])
            if key not in self.prefixes:
                break
            if key in self.forms:
                best = j - i + 1
        return best

    def _calendar_capitals(self, piece: str, words: list[tuple[int, int, str]], i: int
                           ) -> list[int]:
        """Where the month and weekday names of word ``i`` start ("friday", "mid-march",
        "september-october", "friday.the" written without its space); those that are also
        ordinary words only when told as dates."""
        a, b, w = words[i]
        before, told_as_date = self._word_before(piece, words, i), False
        if before in self.words.calendar_intro:
            told_as_date = True
        elif before in self.words.calendar_rel:  # "last march", not "the last march"
            told_as_date = self._word_before(piece, words, i - 1) not in \
                self.words.calendar_rel_not_after
        out, at = [], a
        parts = _PARTS.split(w)
        for j, part in enumerate(parts):
            low = part.lower()
            dated = j == len(parts) - 1 and _DAY_OR_YEAR_AFTER.match(piece, b) is not None
            if dated and low in self.abbreviations or low in self.calendar and (
                    low not in self.words.keep_lower or dated
                    or (parts[j - 1].lower() in self.words.calendar_intro if j else told_as_date)):
                out.append(at)
            at += len(part) + 1
        return out

    def _held_name_here(self, piece: str, words: list[tuple[int, int, str]], i: int,
                        low: str) -> bool:
        """Is a name held back as more often a word the name here? A pronoun name ("us") after
        a determiner ("the us", "a us offer", since no pronoun follows one) or before an organ's
        or a title's word ("us officials", "us troops", "us president"); a country's name that
        is also a word ("niger", "guinea", "turkey") as an owner ("niger's ambassador") or
        after a preposition of place ("in guinea", "from chad")."""
        if low in self.words.pronoun_names:
            after = self._word_after(piece, words, i)
            return (self._word_before(piece, words, i) in self.words.determiners
                    or after in self.after_adjective
                    or (after == "and" and self._word_after(piece, words, i + 1) in self.national))
        if low not in self.national:
            return False
        end = words[i][1]
        return (piece[end:end + 2] in ("'s", "’s")
                or self._word_before(piece, words, i) in self.words.place_intro)

    @staticmethod
    def _word_after(piece: str, words: list[tuple[int, int, str]], i: int) -> str:
        """The word after word ``i``, lower-cased, when only spaces stand between ("")."""
        if i + 1 < len(words) and not piece[words[i][1]:words[i + 1][0]].strip():
            return words[i + 1][2].lower()
        return ""

    @staticmethod
    def _word_before(piece: str, words: list[tuple[int, int, str]], i: int) -> str:
        """The word before word ``i``, lower-cased, when only spaces stand between ("")."""
        if i and not piece[words[i - 1][1]:words[i][0]].strip():
            return words[i - 1][2].lower()
        return ""

    def _probably_a_name(self, low: str) -> bool:
        """A word no English word list holds is, in news, nearly always a name."""
        return (len(low) >= 3 and low.isalpha() and low.isascii() and low not in STOP_WORDS
                and low not in self.words.always_lower and low not in self.words.keep_lower
                and not any(stem in self.common for stem in _stems(low)))


# inflections an English word list leaves out: (ending, what replaces it)
_ENDINGS = (("s", ""), ("es", ""), ("ies", "y"), ("ied", "y"), ("ed", ""), ("ed", "e"),
            ("d", ""), ("ing", ""), ("ing", "e"), ("er", ""), ("ers", ""), ("est", ""),
            ("ly", ""), ("ily", "y"), ("ness", ""), ("ment", ""), ("ments", ""))


# the endings of a word's own forms (not "-er", "-ly", "-ness": words made from it): a known name
# is held back as a word only when the word list holds it in one of these ("Bills"), not when it
# holds a word it could be made from ("Slinker", from "slink")
_INFLECTIONS = tuple(e for e in _ENDINGS if e[0] in ("s", "es", "ies", "ied", "ed", "d", "ing"))


def _stems(word: str, endings: tuple[tuple[str, str], ...] = _ENDINGS) -> list[str]:
    """The word and what it may be inflected from ("died", "bodies", "stopped" -> "stop")."""
    out = [word]
    for ending, tail in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[:-len(ending)]
            out.append(stem + tail)
            if len(stem) > 2 and stem[-1] == stem[-2] and not tail:
                out.append(stem[:-1])  # doubled consonant
    return out


def _hyphen_parts(word: str) -> list[tuple[int, str]]:
    """The parts of a hyphenated word with where each starts in it."""
    out, at = [], 0
    for part in word.split("-"):
        out.append((at, part))
        at += len(part) + 1
    return out


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


def _cased_forms(kb: KnowledgeBase, common: frozenset[str],
                 words: CasingWords
                 ) -> tuple[dict[str, list[str]], set[str], dict[str, list[str]], frozenset[str]]:
    """Folded form -> how each of its words is written, for every form worth a capital; the
    prefixes of the forms, in words (a scan stops as soon as no form goes on); the one-word
    forms held back as more often ordinary words ("US", "Bill"), written the same way; and
    the one-word forms, held or not, that name a country or a people ("Niger", "British")."""
    countries = {a.id for a in kb.actors() if a.kind == "country"}
    surfaces: list[tuple[str, bool]] = []  # (form, names a country or a people)
    for actor in kb.actors():
        for form in [actor.name, *actor.aliases, *kb.seats.get(actor.id, []),
                     *kb.places.get(actor.id, [])]:
            surfaces.append((form, actor.id in countries))
    # ethnic and faith communities ("Kurds", "Tamil"), whose nouns are written in lower case
    surfaces += [("-".join(_capitalised(p) for p in w.split("-")), True)
                 for pair in kb.peoples.items() for w in pair]
    for people in kb.demonyms.values():
        surfaces += [(w, True) for w in people]
        surfaces += [(w + "s", True) for w in people if not w.endswith(("s", "ese", "sh", "ch"))]
    forms: dict[str, list[str]] = {}
    prefixes: set[str] = set()
    held: dict[str, list[str]] = {}
    nationals: set[str] = set()
    for surface, national in surfaces:
        split = _WORD.findall(re.sub(r"^(?i:the)\s+", "", surface.strip()))
        if not split or not any(c.isupper() for w in split for c in w):
            continue  # a form written in lower case gives no capital
        if any(c.isdigit() for c in surface):
            continue  # "Group of 77": its words alone ("a group of") are no name
        parts = [fold(w) for w in split]
        key = " ".join(parts)
        if len(parts) == 1 and key not in words.names_over_words and (
                key in words.keep_lower or key in STOP_WORDS or len(key) < 2
                or (split[0].isupper() and key in common)  # "CAR", "AID": the word, in lower case
                or (not national and any(s in common for s in _stems(key, _INFLECTIONS)))):
            held.setdefault(key, split)
            if national:
                nationals.add(key)
            continue  # "Bill", "May": far more often the ordinary word
        if national and len(parts) == 1:
            nationals.add(key)
        if key not in forms:
            forms[key] = split
            prefixes.update(" ".join(parts[:k]) for k in range(1, len(parts) + 1))
    return forms, prefixes, held, frozenset(nationals)


def _written_as(word: str, form: str) -> str:
    """``word`` with the capitals of ``form`` where both are the same letters, else a capital
    first letter (the lengths of the text never change)."""
    if len(word) == len(form) and fold(word) == fold(form):
        return "".join(f if f.lower() == c.lower() else c for c, f in zip(word, form, strict=True))
    return _capitalised(word)


def recased(text: str, casing: str) -> str:
    """``text`` all in lower case or all in capitals, the same length: a letter whose other case
    is longer ("İ".lower(), "ß".upper()) stays as it is, so every offset still holds."""
    if casing not in ("lower", "upper"):
        raise ValueError(f"unknown casing {casing!r}; choose lower or upper")
    out = text.lower() if casing == "lower" else text.upper()
    if len(out) == len(text):
        return out
    change = str.lower if casing == "lower" else str.upper
    return "".join(c if len(change(c)) != 1 else change(c) for c in text)


_CASERS: weakref.WeakKeyDictionary[KnowledgeBase, tuple[int, Truecaser]] = (
    weakref.WeakKeyDictionary())


def truecaser_for(kb: KnowledgeBase, common: frozenset[str]) -> Truecaser:
    """The truecaser of a knowledge base, rebuilt when the knowledge base has learned names."""
    version = kb.index().version
    known = _CASERS.get(kb)
    if known is None or known[0] != version:
        known = _CASERS[kb] = (version, Truecaser(kb, common))
    return known[1]
