"""Finding actors in a document: names, titles, seats and demonyms, then references to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..knowledge import shipped_yaml
from ..parsing import UNPARSED_DEP, ner_skipped, token_lowers
from .agents import find_agents
from .appositions import explain_roles
from .demonyms import SECTOR_OF_WORD, sector_after
from .knowledge_base import KnowledgeBase
from .metonyms import speaks
from .names import Match, scan, slug
from .peoples import find_peoples
from .records import Actor, ActorRef
from .references import resolve_references
from .titles import TitledName, office_owner, title_affiliation, titled_names


def find_actors(doc: Doc, kb: KnowledgeBase, published: dt.date) -> list[ActorRef]:
    """Every actor mention in the article, sorted by start (character offsets in ``doc.text``)."""
    refs = [r for r in _direct_refs(doc, kb, published) if not _predicative_role(doc, r)]
    refs = find_peoples(doc, kb, refs)
    agents, absorbed = find_agents(doc, kb.agents, refs, kb.past_words)
    refs = [r for r in refs if (r.start, r.end) not in absorbed] + agents
    extra = resolve_references(doc, refs, kb, published)
    replaced = {(r.start, r.end) for r in extra if r.how == "description"}
    refs = [r for r in refs if (r.start, r.end) not in replaced or r.how != "role"] + extra
    refs = explain_roles(doc, refs)
    return sorted(refs, key=lambda r: (r.start, r.end))


def _predicative_role(doc: Doc, ref: ActorRef) -> bool:
    """"sworn in as president", "Trump's inauguration as U.S. president": a role after "as" says
    what someone is or becomes, it names no second person (and the office's holder on the day
    may be someone else). "such as" and "as well as" do list people."""
    if ref.how != "role":
        return False
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    words = token_lowers(doc)
    i = span.start - 1
    while i >= 0 and words[i] in ("the", "a", "an"):
        i -= 1
    if i < 0 or words[i] != "as" or (i > 0 and words[i - 1] in ("such", "well")):
        return False
    # "as" the preposition, not the conjunction: "..., as the Iranian president held talks"
    # has the role as the subject of its own clause
    root = span.root
    return root.dep_ == "pobj" and root.head.i == i


def _direct_refs(doc: Doc, kb: KnowledgeBase, published: dt.date) -> list[ActorRef]:
    """Names, titles, roles, demonyms and seats, before pronouns and descriptions."""
    matches = scan(doc, kb)
    taken: set[int] = set()
    refs: list[ActorRef] = []
    seen: set[str] = set()  # people named in full so far: their surnames resolve
    offices: dict[int, ActorRef] = {}  # a title standing alone, by the token it ends before
    for t in titled_names(doc, kb, matches, published):
        ref = _titled_ref(doc, kb, t, published)
        if ref is not None:
            refs.append(ref)
            taken.update(range(t.span_start, t.span_end))
            seen.add(ref.actor_id)
            if t.name_end == t.name_start and not t.former:
                offices[t.span_end] = ref
    for m in matches:
        if taken.intersection(range(m.start, m.end)):
            continue
        ref = _match_ref(doc, kb, m, published, seen)
        if ref is not None:
            refs.append(_titled_sector(ref, offices.get(m.start)))
    return refs


def _titled_sector(ref: ActorRef, title: ActorRef | None) -> ActorRef:
    """A name the knowledge base gives no sector, right after a title of its own country
    ("Bree Prime Minister Romendacil", where a dictionary lists the name with a country code
    only): the holder acts in that office, so the office's sector is the name's."""
    if title is None or ref.sector is not None or ref.kind not in ("person", "country") \
            or ref.country != title.country:
        return ref
    return replace(ref, sector=title.sector)


def _match_ref(doc: Doc, kb: KnowledgeBase, m: Match, published: dt.date,
               seen: set[str]) -> ActorRef | None:
    """The actor a matched name stands for here, or None (an ambiguous surname, part of a
    longer name...). A seat that does not speak ("in Baghdad") is its country as a place."""
    span = doc[m.start:m.end]
    if _inside_longer_name(doc, m, kb) or _stance(doc, m, kb):
        return None
    nxt = doc[m.end] if m.end < len(doc) else None
    demonym = m.of("demonym")
    names = m.of("name", "alias")
    if demonym and (not names or _modifies(nxt)):
        if nxt is not None and nxt.lower_ in ("counterpart", "counterparts"):
            return None  # "his Iranian counterpart": references resolves it
        return _ref(kb, demonym[0].target, span, "demonym", published, sector_after(doc, m.end))
    if names:
        actor_id = names[0].target
        if (actor := kb.get(actor_id)) is not None and actor.kind == "person":
            seen.add(actor_id)
        return _ref(kb, actor_id, span, names[0].how, published)
    if m.of("metonym"):
        seat = m.of("metonym")[0].target
        if kb.country_on(seat, published)[1] and speaks(span):
            return _ref(kb, seat, span, "metonym", published, "GOV")
        place = _ref(kb, seat, span, "place", published)
        return place if place is not None and place.kind == "country" else None
    if m.of("place"):  # a city that only locates ("a market in Haifa")
        place = _ref(kb, m.of("place")[0].target, span, "place", published)
        return place if place is not None and place.kind == "country" else None
    surnames = [e.target for e in m.of("surname")]
    if surnames:
        picked = _pick_surname(kb, surnames, span, published, seen)
        return _ref(kb, picked, span, "surname", published) if picked else None
    return None


# capitalised words that make a country's name part of a place's name ("South China Sea"):
# ``geographic_words`` of data/names.yaml
GEOGRAPHIC_WORDS = frozenset(str(w).lower()
                       for w in shipped_yaml("names.yaml").get("geographic_words") or [])


def _inside_longer_name(doc: Doc, m: Match, kb: KnowledgeBase) -> bool:
    """"South China Sea" is no China; "National Security Council" is no UN Security Council:
    a geographic word after the name, "New" before a country's name ("New Mexico", "New
    Jersey", "New Guinea": a place named after it, never the country; names that are the
    country, "New Zealand", are known whole), or (for a short alias of an organisation) a
    capitalised word before it inside the same named entity."""
    nxt = doc[m.end] if m.end < len(doc) else None
    if nxt is not None and nxt.is_title and nxt.lower_ in GEOGRAPHIC_WORDS:
        return True
    if m.start > 0 and doc[m.start - 1].text == "New" and not doc[m.start - 1].is_sent_start \
            and m.of("name", "alias"):
        return True
    if m.start == 0 or m.of("name", "demonym", "office"):
        return False
    prev, first = doc[m.start - 1], doc[m.start]
    organisation = any((a := kb.get(e.target)) is not None and a.kind in ("igo", "organisation")
                       for e in m.of("alias"))
    return organisation and prev.is_title and not prev.is_sent_start \
        and first.ent_iob_ == "I" and prev.ent_type_ == first.ent_type_


# ``stance_prefixes`` of data/names.yaml: "anti-Israel", "pro-Russian" say what one stands for
STANCE_PREFIXES = frozenset(str(w).lower()
                            for w in shipped_yaml("names.yaml").get("stance_prefixes") or [])


def _stance(doc: Doc, m: Match, kb: KnowledgeBase) -> bool:
    """Is the name the object of a stance ("anti-Israel protesters", "pro-Russian separatists"),
    not the affiliation of the people it is written before? Not "pro-" before a state's organ
    ("pro-Syrian government forces" are that state's forces and their allies)."""
    if m.start < 2 or doc[m.start - 1].text != "-" or doc[m.start - 2].lower_ not in STANCE_PREFIXES:
        return False
    if doc[m.start - 2].lower_ == "anti" or m.end >= len(doc):
        return True
    word = kb.agents.get((doc[m.end].lower_,))
    return word is None or word.group


def _modifies(nxt: Token | None) -> bool:
    """Is a word like "US" an adjective here ("US officials") rather than a name ("the US said")?"""
    if nxt is None or not (nxt.is_lower and nxt.is_alpha):
        return False
    if nxt.pos_:
        return nxt.pos_ in ("NOUN", "ADJ", "PROPN") and nxt.dep_ != UNPARSED_DEP
    return nxt.lower_ in SECTOR_OF_WORD


def _pick_surname(kb: KnowledgeBase, ids: list[str], span: Span, published: dt.date,
                  seen: set[str]) -> str | None:
    """A surname alone: the person named in full earlier, else (if NER agrees it is a person)
    the one person of that surname in office on the day."""
    earlier = [i for i in ids if i in seen]
    if earlier:
        return earlier[-1]
    serving = [i for i in ids if kb.role_on(i, published) is not None]
    if ner_skipped(span[0]):
        # NER skipped the sentence: its every capitalised word is known, so the surname stands
        # alone, as when NER calls it a person
        return ids[0] if len(ids) == 1 else serving[0] if len(serving) == 1 else None
    if not any(t.ent_type_ == "PERSON" for t in span):
        # NER missed it ("Lavrov agreed."): accept a serving official unless the word is part of
        # a longer name ("Trump Tower")
        doc = span.doc
        other = span[0].ent_iob_ == "I" or (span.end < len(doc) and doc[span.end].ent_iob_ == "I")
        return serving[0] if len(ids) == 1 and serving and not other else None
    if len(ids) == 1:
        return ids[0]
    return serving[0] if len(serving) == 1 else None


def _ref(kb: KnowledgeBase, actor_id: str, span: Span, how: str, published: dt.date,
         sector: str | None = None) -> ActorRef | None:
    """The ref of a named actor on the day; a country not yet born then is what it was part of."""
    actor = kb.get(kb.country_on(actor_id, published)[0])
    if actor is None:
        return None
    country, own_sector = kb.affiliation(actor_id, published) if actor.kind == "person" else (
        actor.country, actor.sector)
    return ActorRef(actor.id, actor.name, actor.kind, country, sector or own_sector, span.text,
                    span.start_char, span.end_char, how)


def _titled_ref(doc: Doc, kb: KnowledgeBase, t: TitledName, published: dt.date) -> ActorRef | None:
    """A person named with a title, or an office holder named by the title alone."""
    span = doc[t.span_start:t.span_end]
    office = (t.office, t.country) if t.office and t.country and not t.former else None
    actor = kb.get(t.person_id) if t.person_id else None
    how = t.how
    if actor is None and t.name_end > t.name_start and t.past and t.country:
        # "former president Carlos Menem": a former elite of the title's country, not learned
        name = doc[t.name_start:t.name_end].text
        return ActorRef(f"person:{slug(name)}", name, "person", title_affiliation(kb, t)[0],
                        "ELI", span.text, span.start_char, span.end_char, "learned")
    if actor is None and t.name_end > t.name_start:  # an unknown person with a title: learned
        if t.former or not t.country:
            return None
        name = doc[t.name_start:t.name_end].text
        actor = Actor(f"person:{slug(name)}", name, "person", title_affiliation(kb, t)[0], None,
                      [], "learned")
        how = "learned"
    if actor is None and office is not None:  # "the Iranian foreign minister"
        actor = kb.holder(office[0], office[1], published)
        how = "role"
        if actor is None:
            return _office_ref(kb, t, span, office)
    if actor is None:
        return None
    country, sector = kb.affiliation(actor.id, published)
    if how == "learned" or country is None:
        country, sector = title_affiliation(kb, t)
    if t.past and kb.role_on(actor.id, published) is None:
        sector = "ELI"  # "former President Obama", out of office on the day: a former elite
    elif sector is None and (office is not None or office_owner(kb, t) is not None):
        # "Hezbollah commander X", "Prime Minister X" of a person known with no sector: the
        # title says for which part of its owner the holder acts
        sector = title_affiliation(kb, t)[1]
    return ActorRef(actor.id, actor.name, actor.kind, country, sector, span.text,
                    span.start_char, span.end_char, how, office)


def _office_ref(kb: KnowledgeBase, t: TitledName, span: Span,
                office: tuple[str, str]) -> ActorRef:
    """A title whose holder is unknown stands for what owns the office: the state ("the Iranian
    foreign minister" -> Iran) or the organisation ("a Hamas spokesman" -> Hamas)."""
    owner = office_owner(kb, t)
    if owner is None:
        return ActorRef(f"country:{office[1]}", office[1], "country", office[1],
                        kb.office_sector(office[0], t.title), span.text, span.start_char,
                        span.end_char, "role", office)
    return ActorRef(owner.id, owner.name, owner.kind, owner.country,
                    owner.sector or kb.office_sector(office[0], t.title), span.text,
                    span.start_char, span.end_char, "role", office)



def span_of(doc: Doc, ref: ActorRef) -> Span | None:
    """The tokens of a reference (for rules that read the parse)."""
    return doc.char_span(ref.start, ref.end, alignment_mode="expand")
