"""Statements of intent: an act announced by its own actor is itself an event.

PLOVER codes "X will withdraw its troops" as AGREE (a promise of cooperation) and "X will impose
a blockade" as THREATEN, while the announced act stays coded with modality ``future``. The rule is
general: the announced act's quad class decides (cooperation -> AGREE, material conflict ->
THREATEN), and a refusal to agree ("will not accept") or to yield ("will not lift the ban", "will
not withdraw": CAMEO 124, refuse to yield) is REJECT. Only the actor's own word counts: a third
party's forecast ("analysts say Iran will strike") is not a promise or a threat. A help
announced to be withheld *unless* another party acts ("will withdraw its peacekeepers unless Y
agrees to a ceasefire") is leverage on that party: a THREATEN aimed at it, not a promise.
"""

from __future__ import annotations

from functools import lru_cache

from ..actors import ActorRef
from ..knowledge import shipped_yaml
from ..ontology import PLOVER_FILE, EventCode, Ontology
from .records import Event, Mention

# quad class of the announced act -> what announcing it is
_BY_QUAD = {1: "AGREE", 2: "AGREE", 4: "THREATEN"}
# what is threatened -> THREATEN mode: the `threat_modes` table of plover.yaml
_ANNOUNCED = ("future", "hypothetical")
# acts whose announced refusal is a REJECT: agreeing, conceding, stepping back
_REFUSABLE = ("AGREE", "CONCEDE", "RETREAT")
_RULE = "intent"


def intent_event(event: Event, onto: Ontology, announced_by_actor: bool,
                 unless: list[ActorRef] | None = None) -> Event | None:
    """The AGREE / THREATEN / REJECT an announced act amounts to, or None.

    ``announced_by_actor``: the clause carries a future auxiliary or verb of intent ("will",
    "would", "plans to") and no one other than the source is said to claim it. ``unless``: the
    actors whose conduct an "unless" clause on the act names; they turn a promise into a threat.
    """
    if announced_by_actor and event.type in _REFUSABLE and event.modality == "negated":
        return _derived(event, onto.describe("REJECT", None), "asserted")
    if not announced_by_actor or event.type in ("AGREE", "THREATEN", "REJECT"):
        return None
    # what the act is (the type's quad category), not the quad class of its CAMEO code
    quad = onto.type_quad_class(event.type)
    if event.modality not in _ANNOUNCED or quad not in _BY_QUAD:
        return None
    kind = _BY_QUAD[quad]
    sources = {r.actor_id for r in event.source}
    pressed = [r for r in unless or [] if r.actor_id not in sources]
    if kind == "AGREE" and pressed:
        return _derived(event, onto.describe("THREATEN", None), "asserted", pressed)
    mode = threat_mode(event.type, event.mode) if kind == "THREATEN" else None
    return _derived(event, onto.describe(kind, mode), "asserted")


@lru_cache(maxsize=1)
def _threat_table() -> dict[str, str | None]:
    return dict(shipped_yaml(PLOVER_FILE).get("threat_modes") or {})


def threat_mode(type_: str, mode: str | None) -> str | None:
    """The THREATEN mode of announcing an act of ``type_`` (and ``mode``): its mode's row of
    plover.yaml's ``threat_modes`` when there is one ("will expel" threatens expulsion), else
    its type's ("will impose sanctions" threatens relations)."""
    table = _threat_table()
    return table.get(f"{type_}/{mode}", table.get(type_)) if mode else table.get(type_)


def _derived(event: Event, code: EventCode, modality: str,
             target: list[ActorRef] | None = None) -> Event:
    m = event.mentions[0]
    target = list(event.target) if target is None else target
    confidence = round(event.confidence * 0.9, 2)
    mention = Mention(
        article_id=m.article_id, published=m.published, sentence=m.sentence, start=m.start,
        end=m.end, trigger=m.trigger, trigger_start=m.trigger_start, trigger_end=m.trigger_end,
        rule=f"{_RULE}.{m.rule}", claimed_by=list(m.claimed_by), modality=modality,
        confidence=confidence, source=list(event.source), target=list(target))
    return Event(type=code.type, mode=code.mode, cameo=code.cameo, quad_class=code.quad_class,
                 goldstein=code.goldstein, source=list(event.source), target=list(target),
                 modality=modality, confidence=confidence, claimed_by=list(event.claimed_by),
                 mentions=[mention], reciprocal=event.reciprocal)
