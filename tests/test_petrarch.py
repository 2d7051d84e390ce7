"""The PETRARCH/Phoenix dictionary import: entries, synonyms, dated codes, agents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.petrarch import display_name, read_petrarch_actors, read_petrarch_agents

DICTIONARY = """\
<!-- a test dictionary
# spanning lines -->
NORTHLAND [NTH]  # a country
+NORTHLANDER
+NORTH_LAND

KARL_VOSS   # a person with dated codes
+VOSS
\t[NTHMIL 19990101-20031231]
\t[NTHGOV >20031231]
\t[NTH <990101]

RIVER_FRONT_FIGHTERS [NTHREBRFF]
OLD_REPUBLIC
\t[ORP <911226]
\t[SLD]
GRETA HOLM [NTHGOV]
\t[NTHJUD 20100101-20101231]
\t[NTHLEG 20100601-20110630]
"""


@pytest.fixture
def dictionary(tmp_path: Path) -> Path:
    path = tmp_path / "actors.txt"
    path.write_text(DICTIONARY, encoding="utf-8")
    return path


def by_id(path: Path) -> dict:
    actors, _ = read_petrarch_actors(path)
    return {a.id: a for a in actors}


def test_read_actors_entry_with_synonyms(dictionary: Path) -> None:
    north = by_id(dictionary)["petrarch:NORTHLAND"]
    assert (north.name, north.country, north.sector, north.kind) == (
        "Northland", "NTH", None, "country")
    assert north.aliases == ["Northlander", "North Land"]


def test_read_actors_code_splits_country_and_sector(dictionary: Path) -> None:
    group = by_id(dictionary)["petrarch:RIVER_FRONT_FIGHTERS"]
    assert (group.country, group.sector, group.kind) == ("NTH", "REBRFF", "armed_group")


def test_read_actors_dated_codes_become_affiliation_roles(dictionary: Path) -> None:
    _, roles = read_petrarch_actors(dictionary)
    voss = [(r.country, r.sector, r.start, r.end) for r in roles
            if r.actor_id == "petrarch:KARL_VOSS"]
    assert voss == [
        ("NTH", "MIL", dt.date(1999, 1, 1), dt.date(2004, 1, 1)),
        ("NTH", "GOV", dt.date(2004, 1, 1), None),
        ("NTH", None, None, dt.date(1999, 1, 1)),
    ]
    assert all(r.office == "affiliation" and r.source.endswith("actors.txt:7") for r in roles
               if r.actor_id == "petrarch:KARL_VOSS")


def test_read_actors_earlier_code_wins_where_ranges_overlap(dictionary: Path) -> None:
    _, roles = read_petrarch_actors(dictionary)
    holm = [(r.sector, r.start, r.end) for r in roles if r.actor_id == "petrarch:GRETA_HOLM"]
    assert holm == [
        ("JUD", dt.date(2010, 1, 1), dt.date(2011, 1, 1)),
        ("LEG", dt.date(2011, 1, 1), dt.date(2011, 7, 1)),
    ]


def test_read_actors_undated_code_is_the_default(dictionary: Path) -> None:
    republic = by_id(dictionary)["petrarch:OLD_REPUBLIC"]
    assert republic.country == "SLD"
    _, roles = read_petrarch_actors(dictionary)
    assert [(r.country, r.end) for r in roles if r.actor_id == republic.id] == [
        ("ORP", dt.date(1991, 12, 26))]


def test_read_actors_person_without_default_code(dictionary: Path) -> None:
    voss = by_id(dictionary)["petrarch:KARL_VOSS"]
    assert (voss.name, voss.kind, voss.country, voss.aliases) == (
        "Karl Voss", "person", "NTH", ["Voss", "VOSS"])


def test_read_actors_bad_date_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("ZED [ZED]\n\t[ZEDGOV 20101301-20111231]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.txt:2: '20101301' is not a date"):
        read_petrarch_actors(path)


def test_read_actors_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        read_petrarch_actors(tmp_path / "none.txt")


@pytest.mark.parametrize("raw, shown", [
    ("PRESIDENT_JANE_Q._DOE", "President Jane Q. Doe"),
    ("U.S.S.R", "U.S.S.R"),
    ("WTO", "WTO"),
    ("AL-FARUQ_BRIGADE", "Al-Faruq Brigade"),
    ("ARNOR_", "Arnor"),
])
def test_display_name(raw: str, shown: str) -> None:
    assert display_name(raw) == shown


def test_read_agents_suffix_prefix_plurals_and_sets(tmp_path: Path) -> None:
    path = tmp_path / "agents.txt"
    path.write_text(
        "!GUARD! = GUARD, GUARDS\n"
        "COAST_!GUARD! [~MILNAV]\n"
        "RELIEF_AGENCY {} [NGO~]  # prefix code\n"
        "JUDGE {JUDGES_OF_APPEAL} [~JUD]\n", encoding="utf-8")
    agents = read_petrarch_agents(path)
    assert [(a.name, a.code, a.prefix) for a in agents] == [
        ("Coast Guard", "MILNAV", False), ("Coast Guards", "MILNAV", False),
        ("Relief Agency", "NGO", True), ("Judge", "JUD", False)]
    assert agents[2].plurals == ["Relief Agencys"] or agents[2].plurals == ["Relief Agencies"]
    assert agents[3].plurals == ["Judges Of Appeal"]


def test_knowledge_base_gives_the_code_valid_on_a_day(dictionary: Path) -> None:
    from newsgraph.actors import KnowledgeBase

    kb = KnowledgeBase.load([dictionary])
    voss = "petrarch:KARL_VOSS"
    assert kb.affiliation(voss, dt.date(1998, 12, 31)) == ("NTH", None)
    assert kb.affiliation(voss, dt.date(1999, 1, 1)) == ("NTH", "MIL")
    assert kb.affiliation(voss, dt.date(2003, 12, 31)) == ("NTH", "MIL")
    assert kb.affiliation(voss, dt.date(2004, 1, 1)) == ("NTH", "GOV")
