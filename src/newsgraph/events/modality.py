"""Modality: asserted, future, hypothetical, negated, denied or alleged, read from the parse."""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import Lexicon
from .sources import be_to, lifted_conjunct, passive_controller, shares_auxiliary
from .triggers import Hit

_EMBEDDING = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "advcl", "relcl"}


def markers(tok: Token, lexicon: Lexicon) -> str | None:
    """Modality written on one verb or noun: negation, future or modal auxiliaries, "if"."""
    kids = list(tok.children)
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in kids):
        return "negated"
    if any(c.dep_ == "advmod" and c.lower_ in lexicon.cue("alleged", "adverbs") for c in kids):
        return "alleged"  # "X allegedly shelled Y"
    aux = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
    if aux & lexicon.cue("future", "aux"):
        return "future"
    if aux & lexicon.cue("hypothetical", "aux"):
        return "hypothetical"
    if any(c.dep_ == "mark" and c.lower_ in lexicon.cue("hypothetical", "marks") for c in kids):
        return "hypothetical"
    return None


def modality_of(hit: Hit, lexicon: Lexicon) -> str:
    """The trigger's own clause first, then the verbs that embed it, nearest first.

    A reporting verb ends the climb: "X said Y attacked Z" keeps the modality of "attacked". An
    accusation is looked for first, since "allege" both reports and accuses.
    """
    tok = hit.token
    own = markers(tok, lexicon)
    light = hit.nominal and lexicon.is_light(tok.head.lemma_, tok.head.text)
    if own is None and (light or be_to(tok) or bool(passive_controller(tok, lexicon))
                        or (tok.dep_ == "conj" and shares_auxiliary(tok)
                            and not any(c.dep_ == "aux" for c in tok.children))):
        # the verb group's own markers: "a judge should be appointed to probe X" (should)
        own = markers(tok.head, lexicon)
    adverbial = hit.nominal and hit.anchor is not None  # "struck in retaliation"
    if own is None and adverbial and hit.anchor is not None:
        own = markers(hit.anchor, lexicon)
    if own is not None:
        return own
    if hit.nominal and not light and not adverbial:
        return _noun_governed(tok, lexicon) or _unreal_object(tok, lexicon) or "asserted"
    x, edge = (tok.head, tok.head.dep_) if light else (tok, tok.dep_)
    above = None if hit.nominal else lifted_conjunct(tok)
    if above is not None:  # coordinated with the verb above: its clause, not the one it hangs on
        x, edge = above, "conj"
    if hit.anchor is not None:
        x, edge = hit.anchor, hit.anchor.dep_
    return _climb(x, edge, lexicon)


# what an unreal governing verb passes on to a new event noun it takes as object; a negation or
# denial of that verb does not ("did not condemn the attack": the attack still happened)
_UNREAL = {"future", "hypothetical", "alleged"}


def _unreal_object(tok: Token, lexicon: Lexicon) -> str | None:
    """A new (indefinite) event noun that is the object of a verb is as unreal as that verb:
    "discussed ways to secure a truce", "hopes to sign an accord", "would broker a ceasefire"
    name no truce, accord or ceasefire that exists. A definite noun ("avenge the killing")
    points to an event told as real, so it keeps its own modality."""
    verb = tok.head
    if tok.dep_ != "dobj" or verb.pos_ != "VERB" or any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in lexicon.cue(
                "hypothetical", "definite_dets")) for c in tok.children):
        return None
    if verb.lemma_.lower() in lexicon.cue("attribution", "reporting_verbs"):
        return None
    found = markers(verb, lexicon) or _climb(verb, verb.dep_, lexicon)
    if found not in _UNREAL and found != "negated" \
            and verb.lemma_.lower() in lexicon.cue("hypothetical", "governors"):
        # what is asked for is not yet done: "sought deployment of the army", "urged restraint"
        return "hypothetical"
    return found if found in _UNREAL else None


def _climb(x: Token, edge: str, lexicon: Lexicon) -> str:
    """The modality the verbs above ``x`` (reached through ``edge``) give it, nearest first."""
    for _ in range(8):
        if x.head.i == x.i or edge in ("nsubj", "nsubjpass", "csubj"):
            break
        x, child = x.head, x
        lemma = x.lemma_.lower()
        accused = allegation(x, child, lexicon) if edge in _EMBEDDING else None
        if accused is not None:
            return accused
        if lemma in lexicon.cue("attribution", "reporting_verbs") and x.pos_ == "VERB":
            break
        if edge in _EMBEDDING:
            found = _governed(x, child, lemma, lexicon)
            if found is not None:
                return found
        edge = x.dep_
    return "asserted"


def _noun_governed(tok: Token, lexicon: Lexicon) -> str | None:
    """An event noun takes a governor's modality only as its object: "denied the attack"."""
    head, child = tok.head, tok
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head, child = head.head, head
    if tok.dep_ == "pobj" and head.pos_ == "NOUN":  # "support for strikes on X"
        return allegation(head, child, lexicon) or _stance(head, lexicon)
    if tok.dep_ not in ("dobj", "pobj") or head.pos_ != "VERB":
        return None
    return _governed(head, child, head.lemma_.lower(), lexicon)


def _stance(noun: Token, lexicon: Lexicon) -> str | None:
    """A noun of attitude or intent makes what it is about unreal: "opposition to X striking"."""
    lemma = noun.lemma_.lower()
    if lemma in lexicon.cue("future", "nouns"):
        return "future"
    if lemma in lexicon.cue("hypothetical", "nouns"):
        return "hypothetical"
    return None


def allegation(x: Token, child: Token, lexicon: Lexicon) -> str | None:
    """``alleged`` when ``x`` makes what ``child`` carries the content of an accusation.

    "accused X of supplying Y", "blamed X for shelling Y", "alleged that X struck Y", "the
    allegation that X armed Y": as far as the text says, the act did not happen; someone says
    it did. A rejected allegation ("dismissed accusations that X ...") is ``denied``.
    """
    lemma = x.lemma_.lower()
    carries = child.dep_ in ("ccomp", "xcomp") or (
        child.dep_ == "prep" and child.lower_ in lexicon.cue("alleged", "preps"))
    if x.pos_ == "VERB" and lemma in lexicon.cue("alleged", "governors") and carries:
        return "alleged"
    if x.pos_ == "NOUN" and lemma in lexicon.cue("alleged", "nouns") and (
            carries or child.dep_ == "acl"):
        rejected = x.dep_ == "dobj" and x.head.lemma_.lower() in lexicon.cue(
            "denied", "content_governors")
        return "denied" if rejected else "alleged"
    return None


def _governed(x: Token, child: Token, lemma: str, lexicon: Lexicon) -> str | None:
    accused = allegation(x, child, lexicon)
    if accused is not None:
        return accused
    if x.pos_ == "NOUN" and child.dep_ in ("acl", "ccomp", "prep") \
            and x.lemma_.lower() in lexicon.cue("hypothetical", "evidence_nouns"):
        return _evidence(x, lexicon)
    if lemma in lexicon.cue("negated", "attempts") and failed(x, lexicon) and (
            child.dep_ in ("xcomp", "prep", "acl", "pcomp", "relcl") or _infinitive(child)):
        return "negated"  # "an unsuccessful attempt to broker a truce", "tried in vain to seize"
    if x.pos_ == "NOUN" and (child.dep_ in ("prep", "acl", "pcomp") or (
            child.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                          for c in child.children))):
        return _stance(x, lexicon)  # "ways to reach a truce" hangs "reach" on "ways" as relcl
    if lemma in lexicon.cue("denied", "governors"):
        return "denied"
    if lemma in lexicon.cue("denied", "content_nouns") and x.head.lemma_.lower() in lexicon.cue(
            "denied", "content_governors"):
        return "denied"
    if lemma in lexicon.cue("negated", "governors") and child.dep_ in ("xcomp", "pcomp", "prep"):
        return "negated"
    if lemma in lexicon.cue("future", "governors"):
        return "negated" if markers(x, lexicon) == "negated" else "future"
    # "called for talks" wants talks; "in his conversation, X called for ..." is only the setting
    if lemma in lexicon.cue("hypothetical", "governors") and (
            child.dep_ in ("xcomp", "ccomp") or (child.dep_ == "prep" and child.lower_ == "for")
            or _infinitive(child)):
        return "hypothetical"
    return None


def failed(attempt: Token, lexicon: Lexicon) -> bool:
    """Is this attempt told as having failed? A word of ``negated.failure`` on it ("a failed
    bid", "an unsuccessful attempt", "tried unsuccessfully", "tried in vain"), or the attempt is
    what a verb of failing has as its subject or "in" phrase ("the bid failed", "failed in
    their efforts to"). What a failed attempt was for did not happen: it is no event."""
    failure = lexicon.cue("negated", "failure")
    if any(c.dep_ in ("amod", "advmod", "acomp", "compound") and (
            c.lower_ in failure or c.lemma_.lower() in failure) for c in attempt.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ in failure for g in c.children)
           for c in attempt.children):
        return True  # "in vain"
    verb = attempt.head.head if attempt.dep_ == "pobj" else attempt.head
    return attempt.dep_ in ("nsubj", "pobj") and verb.pos_ == "VERB" and \
        verb.lemma_.lower() in lexicon.cue("negated", "fail_verbs")


def _infinitive(tok: Token) -> bool:
    """"called on partners to impose sanctions": the parser often hangs the wanted act off the
    verb as an adverbial clause; its "to" shows it is still what was asked for."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _evidence(noun: Token, lexicon: Lexicon) -> str | None:
    """What evidence would show is only ``hypothetical`` ("no evidence that X armed Y", "had
    not seen evidence that X did"), unless the evidence was found: "found evidence that X armed
    Y" is as real as the finding, so the climb goes on (None)."""
    head = noun.head
    found = noun.dep_ == "dobj" and head.lemma_.lower() in lexicon.cue(
        "hypothetical", "evidence_found")
    if found and markers(noun, lexicon) is None and markers(head, lexicon) is None:
        return None
    return "hypothetical"
