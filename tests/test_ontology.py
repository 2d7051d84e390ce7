"""The PLOVER ontology: types, modes, CAMEO both ways, and the recorded decisions."""

from __future__ import annotations

import pytest

from newsgraph.errors import ConfigError
from newsgraph.ontology import Ontology

PLOVER_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT"]


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology.load()


def test_types_are_the_sixteen_plover_types(onto):
    assert onto.types() == PLOVER_TYPES


@pytest.mark.parametrize("type_,quad", [("CONSULT", 1), ("AID", 2), ("REQUEST", 3),
                                        ("SANCTION", 4), ("ASSAULT", 4)])
def test_describe_quad_class(onto, type_, quad):
    assert onto.describe(type_).quad_class == quad


def test_describe_mode_gives_its_cameo_and_goldstein(onto):
    code = onto.describe("CONSULT", "phone")
    assert (code.cameo, code.goldstein, code.mode) == ("041", 1.0, "phone")


def test_describe_unknown_mode_falls_back_to_type(onto):
    assert onto.describe("ASSAULT", "catapult").mode is None


def test_accuse_score_is_negative(onto):
    assert onto.describe("ACCUSE").plover_score == -3.0


@pytest.mark.parametrize("code,expected", [("041", ("CONSULT", "phone")), ("195", ("ASSAULT", "aerial")),
                                           ("163", ("SANCTION", "discontinue")),
                                           ("0256", ("REQUEST", "yield"))])
def test_from_cameo(onto, code, expected):
    assert onto.from_cameo(code) == expected


def test_from_cameo_longest_prefix_fallback(onto):
    assert onto.from_cameo("1999") == ("ASSAULT", None)


def test_from_cameo_statements_are_not_events(onto):
    assert onto.from_cameo("010") is None


def test_to_cameo_round_trips_through_map(onto):
    for type_ in onto.types():
        for mode in [None, *onto.modes(type_)]:
            assert onto.from_cameo(onto.to_cameo(type_, mode))[0] in (type_, "CONCEDE"), (type_, mode)


def test_every_mode_has_a_goldstein_score(onto):
    for type_ in onto.types():
        for mode in [None, *onto.modes(type_)]:
            assert onto.describe(type_, mode).goldstein is not None, (type_, mode)


def test_decisions_are_recorded(onto):
    ids = {d["id"] for d in onto.decisions}
    assert {"sanction-quad", "accuse-score"} <= ids


def test_user_yaml_adds_a_mode(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("types:\n  ASSAULT:\n    modes:\n      naval: {cameo: '190', plover_score: -9}\n")
    onto = Ontology.load([extra])
    assert "naval" in onto.modes("ASSAULT") and "aerial" in onto.modes("ASSAULT")


def test_user_csv_remaps_a_code(tmp_path):
    extra = tmp_path / "map.csv"
    extra.write_text("cameo,type,mode\n016,REJECT,\n")
    assert Ontology.load([extra]).from_cameo("016") == ("REJECT", None)


def test_user_map_to_unknown_type_is_a_config_error(tmp_path):
    extra = tmp_path / "map.csv"
    extra.write_text("cameo,type,mode\n016,GOSSIP,\n")
    with pytest.raises(ConfigError, match="unknown type GOSSIP"):
        Ontology.load([extra])


def test_unknown_type_names_the_known_ones(onto):
    with pytest.raises(ConfigError, match="known: AGREE"):
        onto.describe("GOSSIP")


@pytest.mark.parametrize("cameo, quad", [("020", 1), ("0256", 1), ("100", 3), ("1041", 3),
                                         ("061", 2), ("081", 2), ("163", 4), ("195", 4),
                                         ("120", 3), ("036", 1)])
def test_quad_class_follows_the_cameo_root_not_the_type(onto, cameo, quad):
    code = onto.describe_cameo(cameo)
    assert code is not None and code.quad_class == quad


def test_an_appeal_and_a_demand_are_both_request_but_not_the_same_quad(onto):
    appeal, demand = onto.describe_cameo("020"), onto.describe_cameo("100")
    assert appeal is not None and demand is not None
    assert appeal.type == demand.type == "REQUEST"
    assert (appeal.quad_class, demand.quad_class) == (1, 3)
    assert onto.type_quad_class("REQUEST") == 3


def test_a_user_file_cannot_give_a_root_an_impossible_quad(tmp_path):
    from newsgraph.errors import ConfigError
    from newsgraph.ontology import Ontology

    bad = tmp_path / "mine.yaml"
    bad.write_text('cameo_quad_classes:\n  "02": 7\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="root 02"):
        Ontology.load([bad])
