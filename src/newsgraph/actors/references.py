"""References within one article: pronouns and descriptions that point back to a named person.

News text names a person once ("Iranian President Masoud Pezeshkian") and then says "him", "the
Iranian leader", "his French counterpart" or "the two leaders". An event coded on those words
needs the person, so each becomes an ``ActorRef`` with ``how`` = ``pronoun`` or ``description``.
The rules are deliberately simple and local (a few sentences back), in the spirit of
rule-based coreference: gender agreement, a preference for subjects, and no antecedent that the
grammar forbids ("Macron spoke to X and called on him": him is not Macron).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..parsing import UNPARSED_DEP, doc_text, ner_skipped, token_lowers
from .knowledge_base import KnowledgeBase
from .records import ActorRef

WINDOW_SENTENCES = 2  # how many sentences back a pronoun may reach
_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_PLURAL = {"they", "them", "their", "themselves"}
_OBJECT_DEPS = {"dobj", "pobj", "dative", "iobj"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent"}
_GROUP = re.compile(
    r"\b(?:the two|both(?: the)?|the)\s+(?:two\s+)?"
    r"(?:leaders|presidents|heads of state|ministers|foreign ministers|prime ministers|men|women)\b",
    re.I,
)


@dataclass
class _Person:
    """A person mention seen so far, with what the parse says about it."""

    ref: ActorRef
    sent: int  # sentence number
    subject: bool
    token: Token


def resolve_references(doc: Doc, refs: list[ActorRef], kb: KnowledgeBase,
                       published: dt.date) -> list[ActorRef]:
    """New refs for pronouns, "the two leaders", "his Iranian counterpart" and descriptions
    ("the French president" -> the French person already named); ``refs`` are the direct ones."""
    sents = list(doc.sents)
    sent_of = {i: n for n, s in enumerate(sents) for i in range(s.start, s.end)}
    people = _people(doc, refs, sent_of)
    new: list[ActorRef] = _descriptions(doc, refs, people, kb, published)
    people = sorted(people + _people(doc, new, sent_of), key=lambda p: p.ref.start)
    officials = [p for p in people if kb.role_on(p.ref.actor_id, published) is not None]
    new += _groups(doc, officials or people)
    new += _counterparts(doc, officials or people, kb, published)
    new += _pronouns(doc, people, kb, sent_of, {r.start for r in new})
    return new


def _people(doc: Doc, refs: list[ActorRef], sent_of: dict[int, int]) -> list[_Person]:
    found = []
    for ref in refs:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if ref.kind != "person" or span is None or len(span) == 0:
            continue
        root = span.root
        found.append(_Person(ref, sent_of[root.i], _is_subject(root), root))
    return found


def _is_subject(tok: Token) -> bool:
    while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in _SUBJECT_DEPS


def _before(people: list[_Person], start: int) -> list[_Person]:
    return [p for p in people if p.ref.end <= start]


def _as(ref: ActorRef, span: Span | Token, how: str, office: tuple[str, str] | None = None) -> ActorRef:
    start = span.idx if isinstance(span, Token) else span.start_char
    text = span.text
    # a pronoun names the person, not an office: only descriptions keep one to re-resolve
    return replace(ref, text=text, start=start, end=start + len(text), how=how, office=office)


# -- "the French president", "the Iranian leader" --------------------------------------------
def _descriptions(doc: Doc, refs: list[ActorRef], people: list[_Person], kb: KnowledgeBase,
                  published: dt.date) -> list[ActorRef]:
    """A role ref after "the" means the person of that country already named, if any."""
    out = []
    for ref in refs:
        if ref.how != "role" or ref.office is None:
            continue
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None or span.start == 0 or doc[span.start - 1].lower_ != "the":
            continue
        office, country = ref.office
        match = [p for p in _before(people, ref.start)
                 if _country_of(p.ref, kb, published) == country
                 and (office == "leader" or _holds(kb, p.ref, office, country, published))]
        if match:
            out.append(_as(match[-1].ref, span, "description", ref.office))
    return out


def _country_of(ref: ActorRef, kb: KnowledgeBase, published: dt.date) -> str | None:
    actor = kb.get(ref.actor_id)
    return (actor.country if actor is not None else None) or ref.country


def _holds(kb: KnowledgeBase, ref: ActorRef, office: str, country: str, published: dt.date) -> bool:
    if ref.office and ref.office[0] == office:
        return True
    holder = kb.holder(office, country, published)
    return holder is not None and holder.id == ref.actor_id


# -- "the two leaders", "both leaders" ------------------------------------------------------
def _groups(doc: Doc, people: list[_Person]) -> list[ActorRef]:
    out = []
    for m in _GROUP.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        if m.group(0).lower().startswith("the ") and " two " not in m.group(0).lower():
            continue  # "the leaders" alone is too loose
        before = _before(people, m.start())
        pair = _named_together(before) or _last_two(before)
        out += [_as(p.ref, span, "description") for p in pair]
    return out


def _named_together(people: list[_Person]) -> list[_Person]:
    """The two people of the latest sentence that names exactly two: "the two leaders" are the
    pair the story brought together ("X held talks with Y"), not whoever was named last in
    passing ("... three days before Z's inauguration")."""
    by_sentence: dict[int, list[_Person]] = {}
    for p in people:
        by_sentence.setdefault(p.sent, []).append(p)
    for sent in sorted(by_sentence, reverse=True):
        distinct = {p.ref.actor_id: p for p in by_sentence[sent]}
        if len(distinct) == 2:
            return sorted(distinct.values(), key=lambda p: p.ref.start)
        if len(distinct) > 2:
            return []  # "X, Y and Z met": which two is anyone's guess
    return []


def _last_two(people: list[_Person]) -> list[_Person]:
    picked: list[_Person] = []
    for p in reversed(people):
        if all(q.ref.actor_id != p.ref.actor_id for q in picked):
            picked.append(p)
        if len(picked) == 2:
            return picked[::-1]
    return []


# -- "his Iranian counterpart" --------------------------------------------------------------
def _counterparts(doc: Doc, people: list[_Person], kb: KnowledgeBase,
                  published: dt.date) -> list[ActorRef]:
    out = []
    index = kb.index()
    for i, word in enumerate(token_lowers(doc)):
        if word != "counterpart" or i < 2:
            continue
        tok = doc[i]
        dem = doc[tok.i - 1]
        if doc[tok.i - 2].lower_ not in ("his", "her", "their"):
            continue
        countries = [e.target for e in index.lookup(dem.text) if e.how == "demonym"]
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if not countries or (after is not None and (after.ent_type_ == "PERSON" or (
                ner_skipped(after) and after.is_title))):
            continue  # "his French counterpart Emmanuel Macron": the name already resolves
        country = countries[0].split(":", 1)[1]
        span = doc[tok.i - 1:tok.i + 1]
        before = _before(people, span.start_char)
        holder = _counterpart_holder(tok, before, country, kb, published)
        found = [p for p in before if _country_of(p.ref, kb, published) == country]
        if holder is not None:
            out.append(_as(holder, span, "description"))
        elif found:
            out.append(_as(found[-1].ref, span, "description"))
    return out


def _counterpart_holder(tok: Token, before: list[_Person], country: str, kb: KnowledgeBase,
                        published: dt.date) -> ActorRef | None:
    """"Chinese Foreign Minister Wang Yi ... his Japanese counterpart": whoever holds the
    owner's ministry in the other country on the day, rather than the last Japanese person named
    (who may be the prime minister). The owner: the person named earlier in the sentence."""
    sent = tok.sent
    owners = [p for p in before if p.token.sent.start == sent.start
              and _country_of(p.ref, kb, published) != country]
    if not owners:
        return None
    owner = next((p for p in owners if p.subject), owners[-1]).ref
    role = kb.role_on(owner.actor_id, published)
    office = owner.office[0] if owner.office else role.office if role is not None else None
    if office is None or office == "prime_minister" or not office.endswith("_minister"):
        return None  # a leader's counterpart is the other leader, whichever office is theirs
    holder = kb.holder(office, country, published)
    if holder is None:
        return None
    home, sector = kb.affiliation(holder.id, published)
    return ActorRef(holder.id, holder.name, holder.kind, home or country, sector, "", 0, 0,
                    "description")


# -- he / she / him / her / they ------------------------------------------------------------
def _pronouns(doc: Doc, people: list[_Person], kb: KnowledgeBase, sent_of: dict[int, int],
              skip: set[int]) -> list[ActorRef]:
    """Pronouns outside direct quotes first; then those inside, which need the quote's speaker
    (often itself a pronoun: '"I warned him," he said')."""
    quotes = _quotes(doc)
    out = []
    pronouns = _MALE | _FEMALE | _PLURAL
    for i, word in enumerate(token_lowers(doc)):
        if word not in pronouns:
            continue  # _pronoun finds nothing for any other word
        tok = doc[i]
        if tok.idx not in skip and _quote_of(tok, quotes) is None:
            out += _pronoun(tok, people, kb, sent_of)
    for quote in quotes:
        speaker = _speaker(doc, quote, people, out)
        for tok in doc.char_span(*quote, alignment_mode="expand") or []:
            if tok.idx not in skip:
                out += _quoted_pronoun(tok, quote, speaker, people, kb, sent_of)
    return out


def _pronoun(tok: Token, people: list[_Person], kb: KnowledgeBase, sent_of: dict[int, int],
             exclude: str | None = None) -> list[ActorRef]:
    """The person(s) a third-person pronoun stands for; ``exclude``: an actor it cannot be."""
    word = tok.lower_
    if word not in _MALE | _FEMALE | _PLURAL:
        return []
    n = sent_of[tok.i]
    near = [p for p in _before(people, tok.idx) if n - WINDOW_SENTENCES <= p.sent <= n
            and p.ref.actor_id != exclude]
    if word in _PLURAL:
        pair = _last_two(near)
        distinct = {p.ref.actor_id for p in near}
        return [_as(p.ref, tok, "pronoun") for p in pair] if len(distinct) == 2 else []
    gender = "m" if word in _MALE else "f"
    later = _forward_subject(tok, people)
    if later is not None and _gender(kb, later.ref) in (gender, None):
        return [_as(later.ref, tok, "pronoun")]
    near = [p for p in near if _gender(kb, p.ref) in (gender, None)]
    best = _antecedent(tok, near, n)
    return [_as(best.ref, tok, "pronoun")] if best is not None else []


def _forward_subject(tok: Token, people: list[_Person]) -> _Person | None:
    """A possessive before the subject of its own clause refers forward to that subject:
    "In his call with Macron, Pezeshkian asked ..." (his = Pezeshkian)."""
    if tok.dep_ != "poss" or tok.lower_ not in ("his", "her"):
        return None
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i]
    for subject in subjects:
        inside = {t.i for t in subject.subtree}
        if tok.i in inside:
            continue
        found = [p for p in people if p.token.i in inside]
        if found:
            return found[0]
    return None


# -- direct quotes: "I" is the speaker, "him" is someone else ---------------------------------
_FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
_SPEECH_VERBS = {"say", "tell", "add", "state", "declare", "insist", "warn", "write", "tweet",
                 "announce", "stress", "note", "reply", "explain", "vow", "argue", "claim"}
_QUOTE = re.compile(r"[“\"][^“”\"\n]*[”\"]")  # within a paragraph; news mixes the marks


def _quotes(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of direct quotes (curly or straight double quotes), marks included."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(doc_text(doc))]


def _quote_of(tok: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next((q for q in quotes if q[0] <= tok.idx < q[1]), None)


def _speaker(doc: Doc, quote: tuple[int, int], people: list[_Person],
             resolved: list[ActorRef]) -> ActorRef | None:
    """The person whom a speech verb next to the quote, in the same sentence(s), attributes it
    to: '"...," Scholz said', 'he said: "..."'. None when the sentence names no speaker."""
    span = doc.char_span(*quote, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    around = doc[span[0].sent.start:span[-1].sent.end]
    verbs = [t for t in around if t.lemma_ in _SPEECH_VERBS and t.pos_ in ("VERB", "AUX")
             and not quote[0] <= t.idx < quote[1]]
    verbs.sort(key=lambda t: min(abs(t.idx - quote[0]), abs(t.idx - quote[1])))
    by_start = {r.start: r for r in resolved}
    for verb in verbs:
        for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            if subject.idx in by_start:
                return by_start[subject.idx]
            found = [p.ref for p in people if p.token.i in {t.i for t in subject.subtree}]
            if found:
                return found[0]
    return None


def _quoted_pronoun(tok: Token, quote: tuple[int, int], speaker: ActorRef | None,
                    people: list[_Person], kb: KnowledgeBase,
                    sent_of: dict[int, int]) -> list[ActorRef]:
    """Inside a quote "I"/"me" is the speaker and "he"/"him" someone other than the speaker:
    a person named before the pronoun, or in the attribution ('said of Xi')."""
    if speaker is None:
        return _pronoun(tok, people, kb, sent_of) if tok.lower_ not in _FIRST_PERSON else []
    if tok.lower_ in _FIRST_PERSON:
        return [_as(speaker, tok, "pronoun")]
    named_after = [p for p in people if p.ref.start >= quote[1] and sent_of[tok.i] == p.sent]
    candidates = [p for p in people if p not in named_after] + [
        replace(p, ref=replace(p.ref, start=quote[0], end=quote[0])) for p in named_after]
    return _pronoun(tok, sorted(candidates, key=lambda p: p.ref.start), kb, sent_of,
                    speaker.actor_id)


def _gender(kb: KnowledgeBase, ref: ActorRef) -> str | None:
    actor = kb.get(ref.actor_id)
    return actor.gender if actor is not None else None


def _antecedent(tok: Token, near: list[_Person], n: int) -> _Person | None:
    """Most recent compatible person; subjects first; never the subject of the pronoun's clause
    when the pronoun is its object."""
    if not near:
        return None
    parsed = tok.dep_ != UNPARSED_DEP and not (tok.dep_ == "ROOT" and tok.i > tok.sent.start)
    if tok.lower_ in ("him", "her", "himself", "herself") or tok.dep_ in _OBJECT_DEPS:
        banned = _clause_subjects(tok) if parsed else set()
        if tok.lower_ in ("himself", "herself"):
            return next((p for p in reversed(near) if p.token.i in banned), near[-1])
        same = [p for p in near if p.sent == n and p.token.i not in banned]
        if same:
            return same[-1]
        if not parsed:  # an unparsed sentence: the first person named is the likely subject
            first = [p for p in near if p.sent == n]
            if first:
                rest = [p for p in near if p.sent == n and p is not first[0]]
                return rest[-1] if rest else None
        return _subject_first([p for p in near if p.token.i not in banned])
    same = [p for p in near if p.sent == n]
    subjects = [p for p in same if p.subject] if parsed else same[:1]
    if subjects:
        return subjects[0]
    return _subject_first(near)


def _subject_first(near: list[_Person]) -> _Person | None:
    """In the latest sentence that names someone: its subject, else its first person."""
    if not near:
        return None
    last = max(p.sent for p in near)
    in_last = [p for p in near if p.sent == last]
    subjects = [p for p in in_last if p.subject]
    return (subjects or in_last)[0] if len(in_last) == 1 or subjects else in_last[-1]


def _clause_subjects(tok: Token) -> set[int]:
    """Token ids of the subjects of the verb governing ``tok`` (and of verbs it is conjoined to)."""
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    found: set[int] = set()
    while True:
        found |= {c.i for c in verb.children if c.dep_ in _SUBJECT_DEPS}
        found |= {t.i for c in verb.children if c.dep_ in _SUBJECT_DEPS for t in c.subtree}
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return found
        verb = verb.head
