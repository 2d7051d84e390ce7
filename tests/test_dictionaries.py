"""Reading dictionaries: PETRARCH/Phoenix actors (entries, synonyms, dated codes), agents,
CAMEO verbs and discards; each kind told from the content; errors skipped and counted."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from conftest import SHARED
from newsgraph.actors.dictionaries import (
    display_name,
    read_dictionaries,
    read_dictionary,
)
from newsgraph.actors.dictionaries.cameo_verbs import read_cameo_verbs
from newsgraph.actors.dictionaries.discards import read_discards
from newsgraph.actors.dictionaries.petrarch_actors import read_petrarch_actors
from newsgraph.actors.dictionaries.petrarch_agents import read_petrarch_agents
from newsgraph.actors.dictionaries.text import Skipped
from newsgraph.errors import ConfigError

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


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def dictionary(tmp_path: Path) -> Path:
    return write(tmp_path, "actors.txt", DICTIONARY)


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


def test_read_actors_bad_code_lines_are_skipped_counted_and_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("ZED [ZED]\n\t[ZEDGOV 20101301-20111231]\n\t[ZEDMIL >201005011]\n"
                    "\t[ZEDJUD 20120101-20121231]\nYON [YON]\n", encoding="utf-8")
    skipped = Skipped()
    actors, roles = read_petrarch_actors(path, skipped)
    assert [a.id for a in actors] == ["petrarch:ZED", "petrarch:YON"]
    assert [(r.sector, r.start) for r in roles] == [("JUD", dt.date(2012, 1, 1))]
    assert skipped.count == 2
    assert skipped.first[0].startswith("line 2: '20101301' is not a date")
    assert skipped.first[1].startswith("line 3: cannot read code block '[ZEDMIL >201005011]'")
    assert skipped.summary("bad.txt").startswith("bad.txt: 2 line(s) skipped (line 2: ")


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


# -- the CAMEO verb dictionary ---------------------------------------------------------------

VERBS = """\
# a hand-written verb dictionary in PETRARCH's format
&WEAPON_
+RIFLE
+HEAVY_MORTAR

####### VERB PATTERNS #######

---  SHELVE   [---]  ---
SHELVE
PARK {PARKS PARKING PARKED }
+CALL_OFF [160]
RE_+SHELVE
- * TALKS                 [164:164]   # SHELVE
- * &WEAPON               [087]
- * (WITH WARNING)        [012]
- * SEARCH                [---]
- &MILITARY *             [154]
- * {AIR RAIDS}           [087]
- * TALKS (WITH) (ON)     [164]

---  UPBRAID   [111]  ---
UPBRAID
PILLORY {PILLORIES PILLORYING PILLORIED} ;tony 3/9/91
- * (AGAINST)             [112]
- * &UNDEFINED            [111]
- * PLAN                  [903]
"""


@pytest.fixture
def verbs_file(tmp_path: Path) -> Path:
    return write(tmp_path, "verbs.txt", VERBS)


def test_read_verbs_patterns_give_verb_object_and_code(verbs_file: Path) -> None:
    found = read_cameo_verbs(verbs_file)
    talks = found.triggers[0]
    assert (talks.verbs, talks.objects, talks.code, talks.reciprocal) == (
        ("shelve", "park", "call off"), ("talks", "talk"), "164", True)
    assert talks.where == "verbs.txt:13" and talks.block == "SHELVE"


def test_read_verbs_synsets_noun_phrases_and_prepositions(verbs_file: Path) -> None:
    by_line = {t.where: t for t in read_cameo_verbs(verbs_file).triggers}
    assert by_line["verbs.txt:14"].objects == ("rifle", "mortar")
    assert by_line["verbs.txt:15"].verbs == ("shelve with", "park with", "call off with")
    assert by_line["verbs.txt:15"].preposition == "with"
    assert by_line["verbs.txt:16"].code is None  # "- * SEARCH [---]": no event
    assert by_line["verbs.txt:18"].objects == ("raids", "raid")


def test_read_verbs_bare_verbs_by_their_own_or_the_block_code(verbs_file: Path) -> None:
    bare = [(t.verbs, t.code) for t in read_cameo_verbs(verbs_file).triggers if not t.objects
            and t.preposition is None]
    assert bare == [(("call off",), "160"), (("upbraid",), "111"), (("pillory",), "111")]


def test_read_verbs_irregular_forms_and_legacy_comments(verbs_file: Path) -> None:
    found = read_cameo_verbs(verbs_file)
    assert found.forms["park"] == ("parks", "parking", "parked")
    assert found.forms["pillory"] == ("pillories", "pillorying", "pilloried")
    assert found.skipped.count == 0


def test_read_verbs_what_triggers_cannot_express_is_left_out_and_counted(verbs_file: Path) -> None:
    found = read_cameo_verbs(verbs_file)
    assert found.left_out == {"words before the verb": 1, "verb with words before it": 1,
                              "more than one prepositional phrase": 1,
                              "undefined synonym set": 1}


def test_lexicon_maps_verb_triggers_to_plover_through_cameo(verbs_file: Path) -> None:
    from newsgraph.events.lexicon import dictionary_patterns
    from newsgraph.ontology import Ontology

    patterns, unmapped = dictionary_patterns(read_cameo_verbs(verbs_file), Ontology.load())
    by_id = {p.id: p for p in patterns}
    talks = by_id["verbs.txt:13"]
    assert (talks.type, talks.mode, talks.cameo, talks.reciprocal) == (
        "SANCTION", "withdraw", "164", True)
    assert talks.requires == ("object:talks|talk",) and talks.dictionary == "verbs.txt"
    assert by_id["verbs.txt:24"].type == "ACCUSE"  # "- * (AGAINST) [112]"
    assert unmapped == {"012": 1, "903": 1}  # CAMEO 01 is not coded; 903 is no CAMEO code


def test_lexicon_bare_verbs_do_not_fire_on_objects_coded_as_no_event(verbs_file: Path) -> None:
    from newsgraph.events.lexicon import dictionary_patterns
    from newsgraph.ontology import Ontology

    patterns, _ = dictionary_patterns(read_cameo_verbs(verbs_file), Ontology.load())
    call_off = next(p for p in patterns if p.verbs == ("call off",))
    assert call_off.requires == ("not_object:search",)
    assert (call_off.type, call_off.cameo) == ("SANCTION", "160")


def test_load_lexicon_puts_dictionary_patterns_after_ours(verbs_file: Path) -> None:
    from newsgraph.events.lexicon import load_lexicon

    plain = load_lexicon()
    extended = load_lexicon(verbs=[read_cameo_verbs(verbs_file)])
    assert extended.patterns[:len(plain.patterns)] == plain.patterns
    assert "upbraid" in extended.verb_index and "upbraid" not in plain.verb_index
    assert "pilloried" in extended.lemmas_of  # the prefilter knows the irregular forms
    assert extended.stance_verbs == plain.stance_verbs


# -- discards ---------------------------------------------------------------------------------

DISCARDS = """\
# Story-level discards are indicated with a '+'.
+WORLD CUP   # ab 13 Jun 2005
BASEBALL
CHESS_
"""


@pytest.fixture
def discards_file(tmp_path: Path) -> Path:
    return write(tmp_path, "discards.txt", DISCARDS)


@pytest.mark.parametrize("sentence, phrase", [
    ("Northland beat Southland at baseball.", "baseball"),
    ("The Baseballs were thrown.", "Baseball"),  # a stem: any ending
    ("They played chess.", "chess"),
    ("They bought a chessboard.", None),  # CHESS_ ends at a word's end
    ("The world  cup final was held.", "world  cup"),
    ("Northland attacked Southland.", None),
])
def test_discards_match_words_from_their_start(discards_file: Path, sentence: str,
                                               phrase: str | None) -> None:
    assert read_discards(discards_file).in_sentence(sentence) == phrase


def test_discards_story_phrase_voids_every_sentence(discards_file: Path) -> None:
    found = read_dictionaries([discards_file])
    story = "Northland attacked Southland. The World Cup went on."
    assert found.voids(story, "Northland attacked Southland.") == "World Cup"
    assert found.voids("Northland attacked Southland.", "Northland attacked Southland.") is None


# -- kinds, folders, what is recorded ---------------------------------------------------------

AGENTS = "POLICE {} [~COP]\n"
OUR_ACTORS = "actors:\n  - {name: Northland, kind: country, country: NTH}\n"
OUR_PATTERNS = "patterns:\n  - {id: user.upbraid, verbs: [upbraid], type: ACCUSE}\n"


@pytest.mark.parametrize("name, text, kind", [
    ("a.txt", DICTIONARY, "actors"),
    ("b.txt", AGENTS, "agents"),
    ("c.txt", VERBS, "verbs"),
    ("d.txt", DISCARDS, "discards"),
    ("e.yaml", OUR_ACTORS, "actors"),
    ("f.yaml", OUR_PATTERNS, "lexicon"),
])
def test_dictionary_kind_is_told_from_the_content(tmp_path: Path, name: str, text: str,
                                                  kind: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert read_dictionary(path).kind == kind


def test_read_dictionaries_folder_reads_every_file_by_name(tmp_path: Path) -> None:
    for name, text in (("b.txt", AGENTS), ("a.txt", DICTIONARY), ("c.txt", VERBS),
                       ("notes.md", "not a dictionary")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = read_dictionaries([tmp_path])
    assert [(f.name, f.kind) for f in found.files] == [
        ("a.txt", "actors"), ("b.txt", "agents"), ("c.txt", "verbs")]
    assert found.identity()[0] == ("a.txt", hashlib.sha256(DICTIONARY.encode()).hexdigest())


def test_read_dictionaries_empty_folder_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no dictionary files"):
        read_dictionaries([tmp_path])


def test_read_dictionary_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "actors.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown actor file format '.json'"):
        read_dictionary(path)


def test_read_dictionary_copies_so_a_change_does_not_reach_the_next_reader(
        dictionary: Path) -> None:
    first = read_dictionary(dictionary)
    first.actors[0].aliases.append("Changed")
    assert "Changed" not in read_dictionary(dictionary).actors[0].aliases


def test_knowledge_base_reads_actors_and_agents_and_passes_verbs_by(
        dictionary: Path, verbs_file: Path, tmp_path: Path) -> None:
    from newsgraph.actors import KnowledgeBase

    agents = tmp_path / "agents.txt"
    agents.write_text("RIVER_PILOT [~MILNAV]\n", encoding="utf-8")
    kb = KnowledgeBase.load([dictionary, agents, verbs_file])
    assert kb.get("petrarch:NORTHLAND") is not None
    assert kb.agents[("river", "pilot")].sector == "MILNAV"


# -- the real PETRARCH and Phoenix dictionaries (../shared) -----------------------------------

REAL = SHARED / "data" / "petrarch-dictionaries"
VALIDATION = SHARED / "data" / "petrarch-cameo-validation"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"no PETRARCH dictionaries at {REAL}")


@needs_real
def test_real_dictionaries_load_with_their_errors_skipped_and_named() -> None:
    found = read_dictionaries([REAL])
    assert {f.name: f.kind for f in found.files} == {
        "CAMEO.2.0.txt": "verbs", "Phoenix.Countries.actors.txt": "actors",
        "Phoenix.International.actors.txt": "actors", "Phoenix.MilNonState.actors.txt": "actors",
        "Phoenix.agents.txt": "agents", "Phoenix.discards.txt": "discards"}
    countries = next(f for f in found.files if f.name == "Phoenix.Countries.actors.txt")
    assert countries.skipped.first[0].startswith("line 2039: '9008223' is not a date")
    assert countries.skipped.first[1].startswith("line 18010: cannot read code block "
                                                 "'[GBRGOV >201005011]'")
    armenia = [(r.country, r.start, r.end) for r in countries.roles
               if r.actor_id == "petrarch:ARMENIA"]
    assert armenia == [("USR", None, dt.date(1990, 8, 23)), ("ARM", dt.date(1991, 12, 22), None)]
    assert any(a.id == "petrarch:ALAN_JOHNSON" for a in countries.actors)  # read on past 18010
    assert any(line.startswith("Phoenix.Countries.actors.txt: ") for line in found.warnings())


@needs_real
def test_real_cameo_verbs_become_lexicon_patterns_named_by_file_and_line() -> None:
    from newsgraph.events.lexicon import load_lexicon

    verbs = read_dictionary(REAL / "CAMEO.2.0.txt").verbs
    assert verbs is not None and len(verbs.triggers) > 3000
    lexicon = load_lexicon(verbs=[verbs])
    ours = [p for p in lexicon.patterns if p.dictionary == "CAMEO.2.0.txt"]
    assert len(ours) > 3000
    assert all(p.id.startswith("CAMEO.2.0.txt:") and p.cameo and not p.cameo.startswith("01")
               for p in ours)


@pytest.mark.skipif(not VALIDATION.is_dir(), reason=f"no PETRARCH validation data at {VALIDATION}")
def test_real_validation_dictionaries_kinds() -> None:
    kinds = {f.name: f.kind for f in read_dictionaries([VALIDATION]).files}
    assert kinds == {"PETR.Validate.actors.txt": "actors", "PETR.Validate.agents.txt": "agents",
                     "PETR.Validate.discards.txt": "discards", "PETR.Validate.verbs.txt": "verbs"}


def test_knowledge_base_petrarch_entry_of_a_known_country_adds_its_names(tmp_path: Path) -> None:
    from newsgraph.actors import KnowledgeBase

    path = write(tmp_path, "countries.txt", "IRAN_ [IRN]\n+ZAGROSHAHR_\nNORTHLAND [NTH]\n")
    kb = KnowledgeBase.load([path])
    assert kb.get("petrarch:IRAN") is None
    assert "Zagroshahr" in kb.get("country:IRN").aliases  # type: ignore[union-attr]
    assert [a.id for a in kb.lookup("Zagroshahr")] == ["country:IRN"]
    assert kb.get("petrarch:NORTHLAND") is not None  # no country of ours has that code


def test_knowledge_base_petrarch_entry_of_a_known_person_keeps_our_terms(tmp_path: Path) -> None:
    from newsgraph.actors import KnowledgeBase

    path = write(tmp_path, "people.txt",
                 "EMMANUEL_MACRON\n+MACRON_THE_YOUNGER\n\t[FRAELI 20120101-20121231]\n")
    plain = KnowledgeBase.load()
    kb = KnowledgeBase.load([path])
    assert kb.get("petrarch:EMMANUEL_MACRON") is None
    macron = kb.lookup("Macron The Younger")
    assert [a.id for a in macron] == [plain.lookup("Emmanuel Macron")[0].id]
    assert kb.roles(macron[0].id) == plain.roles(macron[0].id)  # our terms of office stay
    day = dt.date(2012, 6, 1)  # but the user's code of the day codes him
    assert kb.affiliation(macron[0].id, day) == ("FRA", "ELI") != plain.affiliation(
        macron[0].id, day)


def test_knowledge_base_user_petrarch_code_wins_over_the_shipped_one(tmp_path: Path) -> None:
    """A user's entry naming an organisation we ship gives it the user's code (issue 8: the
    user's own file wins), as PETRARCH would print it, and no second actor."""
    from newsgraph.actors import KnowledgeBase

    path = write(tmp_path, "igos.txt", "INTERNATIONAL_CRIMINAL_COURT_ [IGOJUDICC]\n"
                                       "HAMAS [PSEREBHMS]\n")
    plain = KnowledgeBase.load()
    kb = KnowledgeBase.load([path])
    for name, code in (("International Criminal Court", "IGOJUDICC"), ("Hamas", "PSEREBHMS")):
        shipped, = plain.lookup(name)
        mine, = kb.lookup(name)
        assert mine.id == shipped.id and (mine.country or "") + (mine.sector or "") == code
        assert (shipped.country or "") + (shipped.sector or "") != code


@pytest.mark.skipif(not VALIDATION.is_dir(), reason=f"no PETRARCH validation data at {VALIDATION}")
def test_annotator_codes_a_known_organisation_with_the_users_code(nlp, tmp_path: Path) -> None:
    """The suite's record ICC-01 names the International Criminal Court, which the suite's
    dictionary lacks and ours ships (ICC, JUD); a user's entry for it gives its code."""
    from newsgraph.articles import Article
    from newsgraph.evaluation.petrarch import RECORDS, event_triples, read_records
    from newsgraph.pipeline import Annotator

    record, = [r for r in read_records(VALIDATION / RECORDS) if r.id == "ICC-01"]
    path = write(tmp_path, "igos.txt", "INTERNATIONAL_CRIMINAL_COURT_ [IGOJUDICC]\n")

    def sources(*files: Path) -> set[str]:
        article = Article(record.id, record.date, record.text)
        events = Annotator(nlp=nlp, dictionaries=list(files)).annotate([article])[0].events
        return {s for e in events for s, _, _ in event_triples(e)}

    assert "ICCJUD" in sources()
    assert "IGOJUDICC" in sources(path) and "ICCJUD" not in sources(path)


def test_read_actors_one_bare_country_code_in_every_period_is_a_country(tmp_path: Path) -> None:
    path = write(tmp_path, "iraq.txt", "MESOPOTAMIA_\n\t[MSP <20030320]\n\t[MSP >20060520]\n")
    actors, _ = read_petrarch_actors(path)
    assert (actors[0].kind, actors[0].country) == ("country", "MSP")
# -- coding with a verb dictionary (the real model) -------------------------------------------

def test_annotator_codes_a_dictionary_verb_with_the_dictionary_rule(
        nlp, dictionary: Path, verbs_file: Path) -> None:
    from newsgraph.articles import Article
    from newsgraph.pipeline import Annotator

    text = "Northland upbraided the Old Republic on Monday."
    plain = Annotator(nlp=nlp, actor_files=[dictionary])
    coded = Annotator(nlp=nlp, actor_files=[dictionary], dictionaries=[verbs_file])
    article = Article("a1", dt.date(2012, 5, 9), text)
    assert plain.annotate([article])[0].events == []
    events = coded.annotate([article])[0].events
    assert [(e.type, e.cameo, [r.actor_id for r in e.source], [r.actor_id for r in e.target],
             e.mentions[0].rule) for e in events] == [
        ("ACCUSE", "111", ["petrarch:NORTHLAND"], ["petrarch:OLD_REPUBLIC"], "verbs.txt:22")]


def test_annotator_drops_events_of_discarded_sentences(nlp, dictionary: Path,
                                                        discards_file: Path) -> None:
    from newsgraph.articles import Article
    from newsgraph.pipeline import Annotator

    text = "Northland attacked the Old Republic. Northland attacked the Old Republic at baseball."
    annotator = Annotator(nlp=nlp, actor_files=[dictionary], dictionaries=[discards_file])
    events = annotator.annotate([Article("a1", dt.date(2012, 5, 9), text)])[0].events
    assert [e.mentions[0].sentence for e in events] == ["Northland attacked the Old Republic."]


def test_annotator_drops_every_event_of_a_discarded_story(nlp, dictionary: Path,
                                                          discards_file: Path) -> None:
    from newsgraph.articles import Article
    from newsgraph.pipeline import Annotator

    text = ("Northland attacked the Old Republic. Northland attacked the Old Republic again. "
            "The World Cup went on.")
    annotator = Annotator(nlp=nlp, actor_files=[dictionary], dictionaries=[discards_file])
    assert annotator.annotate([Article("a1", dt.date(2012, 5, 9), text)])[0].events == []
    plain = text.replace(" The World Cup went on.", "")
    kept = annotator.annotate([Article("a2", dt.date(2012, 5, 9), plain)])[0].events
    assert kept  # without the story's phrase the same attacks are coded


@pytest.mark.skipif(not VALIDATION.is_dir(), reason=f"no PETRARCH validation data at {VALIDATION}")
def test_officials_of_a_dictionary_organ_of_a_state_are_the_states(nlp, tmp_path: Path) -> None:
    """The suite's dictionary codes the White House USAGOV: its security officials are the
    United States' (record AGENTS-18); officials of an armed group coded with a country
    (HAMAS [PSEREBHMS]) are not the state's."""
    from newsgraph.actors import KnowledgeBase, find_actors
    from newsgraph.evaluation.petrarch import RECORDS, read_records
    from newsgraph.parsing import parse_articles

    record = next(r for r in read_records(VALIDATION / RECORDS)
                  if r.text.startswith("White House security officials"))
    hamas = write(tmp_path, "hamas.txt", "HAMAS [PSEREBHMS]\n")
    kb = KnowledgeBase.load([VALIDATION / "PETR.Validate.actors.txt", hamas])
    doc = next(parse_articles(nlp, [record.text]))
    codes = {(r.text, (r.country or "") + (r.sector or ""))
             for r in find_actors(doc, kb, record.date)}
    assert ("White House security officials", "USAGOV") in codes
    doc = next(parse_articles(nlp, ["Hamas security officials rejected the truce offer."]))
    assert {r.actor_id for r in find_actors(doc, kb, record.date)} == {"org:hamas"}


def test_each_read_gets_its_own_actors_copied_only_when_read(tmp_path, monkeypatch):
    """Two reads of one file share its parse; each copies the actors only when they are read,
    and a change to one read's actors (a knowledge base adding aliases) is not seen by the
    other or by a later read."""
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "made_up.actors.txt"
    path.write_text("QUORLANDIA_  [QRL]\nZED_QUORLIN_  [QRLGOV]\n", encoding="utf-8")
    first, second = read_dictionary(path), read_dictionary(path)
    assert second._actors is None  # nothing copied yet
    names = [a.name for a in first.actors]
    assert names and names == [a.name for a in second.actors]
    first.actors[0].aliases.append("Quorly")
    first.actors[0].name = "changed"
    assert second.actors[0].name != "changed"
    assert "Quorly" not in second.actors[0].aliases
    assert "Quorly" not in read_dictionary(path).actors[0].aliases
