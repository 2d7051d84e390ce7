"""Statements of intent: the THREATEN mode of an announced act comes from plover.yaml's table."""

from __future__ import annotations

from newsgraph.events.intent import threat_mode
from newsgraph.knowledge import shipped_yaml
from newsgraph.ontology import PLOVER_FILE, Ontology


def test_every_threat_mode_in_the_table_is_a_threaten_mode_of_a_known_type() -> None:
    onto = Ontology.load()
    table = shipped_yaml(PLOVER_FILE)["threat_modes"]
    assert table
    for key, mode in table.items():
        type_, _, act_mode = key.partition("/")
        assert type_ in onto.types(), key
        assert not act_mode or act_mode in onto.modes(type_), key
        assert mode is None or mode in onto.modes("THREATEN"), key


def test_an_act_mode_row_beats_its_type_row() -> None:
    assert threat_mode("COERCE", "arrest") == "arrest"
    assert threat_mode("COERCE", None) == "restrict"
    assert threat_mode("SANCTION", "expel") == "expel"
    assert threat_mode("ASSAULT", "aerial") == "violence"


def test_an_act_with_no_row_threatens_nothing_in_particular() -> None:
    assert threat_mode("PROTEST", None) is None
    assert threat_mode("AID", None) is None
