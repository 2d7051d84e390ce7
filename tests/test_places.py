"""Where events happened (newsgraph.places): phrases, attachment and resolution on Docs built by
hand; stored places and the --place / --near filters on real databases; the export fields; the
real model on real sentences; and the places gold against the seeds and the sample corpus."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from conftest import SEEDS, make_event, ref
from newsgraph.actors import Actor
from newsgraph.articles import Article
from newsgraph.coreference import event_id
from newsgraph.errors import ConfigError
from newsgraph.exports.geo import gdelt_geo, icews_geo
from newsgraph.exports.records import event_record, flat_record
from newsgraph.places import Locator, Place, PlaceWords
from newsgraph.store import Store
from newsgraph.store.places import parse_near
from newsgraph.store.queries import ROW_COLUMNS, EventQuery, QueryError

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case), no model
# token: (word, head offset from the token, dep, pos, entity label)
Row = tuple[str, int, str, str, str]


def doc_of(rows: list[Row]) -> Doc:
    """A parsed Doc from hand-written rows, as the unit tests of spaCy's own components do."""
    words = [r[0] for r in rows]
    return Doc(VOCAB, words=words, heads=[i + r[1] for i, r in enumerate(rows)],
               deps=[r[2] for r in rows], pos=[r[3] for r in rows],
               ents=[r[4] for r in rows], spaces=[True] * (len(rows) - 1) + [False])


@pytest.fixture(scope="module")
def locator() -> Locator:
    return Locator()


def where(locator: Locator, rows: list[Row], trigger: int,
          countries: tuple[str, ...] = ()) -> Place | None:
    doc = doc_of(rows)
    return locator.in_sentence(doc[trigger:trigger + 1], list(countries))


STRIKES_IN_IRAN = [  # "Israel launched strikes on targets in Iran ."
    ("Israel", 1, "nsubj", "PROPN", "B-GPE"), ("launched", 0, "ROOT", "VERB", "O"),
    ("strikes", -1, "dobj", "NOUN", "O"), ("on", -1, "prep", "ADP", "O"),
    ("targets", -1, "pobj", "NOUN", "O"), ("in", -1, "prep", "ADP", "O"),
    ("Iran", -1, "pobj", "PROPN", "B-GPE"), (".", -6, "punct", "PUNCT", "O")]


@pytest.mark.parametrize("trigger", [1, 2])
def test_a_place_behind_the_acts_noun_phrase_is_where_it_happened(locator, trigger):
    place = where(locator, STRIKES_IN_IRAN, trigger)
    assert place is not None
    assert (place.name, place.country, place.kind, place.words) == ("Iran", "IRN", "country",
                                                                     "in Iran")
    assert place.latitude is None  # a country has no point of its own


def test_a_place_of_another_acts_noun_is_not_the_events():
    # "Macron called for a ceasefire in Gaza ." : the call is not in Gaza
    rows = [("Macron", 1, "nsubj", "PROPN", "B-PERSON"), ("called", 0, "ROOT", "VERB", "O"),
            ("for", -1, "prep", "ADP", "O"), ("a", 1, "det", "DET", "O"),
            ("ceasefire", -2, "pobj", "NOUN", "O"), ("in", -1, "prep", "ADP", "O"),
            ("Gaza", -1, "pobj", "PROPN", "B-GPE"), (".", -6, "punct", "PUNCT", "O")]
    assert where(Locator(), rows, 1) is None


def test_a_place_of_another_verb_is_not_the_events(locator):
    # "Blinken said Russia attacked Kyiv in Ukraine ." read for "said": the place is the attack's
    rows = [("Blinken", 1, "nsubj", "PROPN", "B-PERSON"), ("said", 0, "ROOT", "VERB", "O"),
            ("Russia", 1, "nsubj", "PROPN", "B-GPE"), ("attacked", -2, "ccomp", "VERB", "O"),
            ("Kyiv", -1, "dobj", "PROPN", "B-GPE"), ("in", -2, "prep", "ADP", "O"),
            ("Ukraine", -1, "pobj", "PROPN", "B-GPE"), (".", -6, "punct", "PUNCT", "O")]
    assert where(locator, rows, 1) is None
    assert where(locator, rows, 3).name == "Ukraine"


KAZAN = [  # "Modi met Xi in the Russian city of Kazan ."
    ("Modi", 1, "nsubj", "PROPN", "B-PERSON"), ("met", 0, "ROOT", "VERB", "O"),
    ("Xi", -1, "dobj", "PROPN", "B-PERSON"), ("in", -2, "prep", "ADP", "O"),
    ("the", 3, "det", "DET", "O"), ("Russian", 2, "amod", "ADJ", "B-NORP"),
    ("city", -3, "pobj", "NOUN", "O"), ("of", -1, "prep", "ADP", "O"),
    ("Kazan", -1, "pobj", "PROPN", "B-GPE"), (".", -8, "punct", "PUNCT", "O")]


def test_a_city_named_with_its_countrys_demonym_is_that_countrys(locator):
    place = where(locator, KAZAN, 1, ("IND", "CHN"))
    assert (place.name, place.country, place.kind, place.words) == (
        "Kazan", "RUS", "city", "in the Russian city of Kazan")
    assert place.latitude == pytest.approx(55.79, abs=0.05)
    assert place.geonames_id


def tripoli(region: str | None = None) -> list[Row]:
    """ "Fighting broke out in [region] Tripoli ." """
    rows: list[Row] = [("Fighting", 1, "nsubj", "NOUN", "O"), ("broke", 0, "ROOT", "VERB", "O"),
                       ("out", -1, "prt", "ADP", "O"), ("in", -2, "prep", "ADP", "O")]
    if region:
        rows.append((region, 1, "amod", "ADJ", "O"))
    rows += [("Tripoli", -1 - bool(region), "pobj", "PROPN", "B-GPE"),
             (".", -4 - bool(region), "punct", "PUNCT", "O")]
    return rows


@pytest.mark.parametrize("countries,expected", [((), "LBY"), (("LBN",), "LBN"),
                                                (("LBN", "ISR"), "LBN")])
def test_a_shared_city_name_goes_to_an_actors_country_else_the_most_populous(
        locator, countries, expected):
    place = where(locator, tripoli(), 0, countries)
    assert (place.name, place.country, place.kind) == ("Tripoli", expected, "city")
    assert "share the name" in place.reason


def test_a_part_of_a_city_keeps_the_name_and_country_but_not_the_point(locator):
    place = where(locator, tripoli("northern"), 0, ("LBN",))
    assert (place.name, place.country, place.kind, place.latitude) == (
        "Tripoli", "LBN", "region", None)
    assert place.words == "in northern Tripoli"


def test_a_region_word_narrows_a_country_to_itself(locator):
    rows = [("Troops", 1, "nsubj", "NOUN", "O"), ("withdrew", 0, "ROOT", "VERB", "O"),
            ("from", -1, "prep", "ADP", "O"), ("southern", 1, "amod", "ADJ", "O"),
            ("Lebanon", -2, "pobj", "PROPN", "B-GPE"), (".", -5, "punct", "PUNCT", "O")]
    assert where(locator, rows, 1) is None  # "from" is no locative preposition
    rows[2] = ("in", -1, "prep", "ADP", "O")
    place = where(locator, rows, 1)
    assert (place.name, place.country, place.kind) == ("Lebanon", "LBN", "country")


def test_a_capitalised_compass_word_is_part_of_the_name(locator):
    rows = [("A", 1, "det", "DET", "O"), ("jet", 1, "nsubj", "NOUN", "O"),
            ("crashed", 0, "ROOT", "VERB", "O"), ("in", -1, "prep", "ADP", "O"),
            ("South", 1, "compound", "PROPN", "B-GPE"), ("Carolina", -2, "pobj", "PROPN", "I-GPE"),
            (".", -4, "punct", "PUNCT", "O")]
    place = where(locator, rows, 2)
    assert (place.name, place.country, place.kind) == ("South Carolina", "USA", "region")


WOODSIDE = [  # "Leaders met in Woodside , south of San Francisco ."
    ("Leaders", 1, "nsubj", "NOUN", "O"), ("met", 0, "ROOT", "VERB", "O"),
    ("in", -1, "prep", "ADP", "O"), ("Woodside", -1, "pobj", "PROPN", "B-GPE"),
    (",", -1, "punct", "PUNCT", "O"), ("south", -2, "advmod", "ADV", "O"),
    ("of", -1, "prep", "ADP", "O"), ("San", 1, "compound", "PROPN", "B-GPE"),
    ("Francisco", -2, "pobj", "PROPN", "I-GPE"), (".", -9, "punct", "PUNCT", "O")]


def test_a_name_the_gazetteer_lacks_keeps_its_words_and_is_never_snapped(locator):
    place = where(locator, WOODSIDE, 1, ("USA", "CHN"))
    assert (place.name, place.kind, place.words) == ("Woodside", "unlisted", "in Woodside")
    assert place.country == "USA"  # of San Francisco, named beside it
    # the gazetteer's one Woodside is in Queens, New York: 4,000 km from the landmark
    assert [e.country for e in locator.gazetteer.lookup("Woodside")] == ["USA"]
    assert (place.latitude, place.longitude, place.geonames_id) == (None, None, None)


def test_an_unlisted_name_takes_the_one_country_of_the_actors(locator):
    rows = WOODSIDE[:3] + [("Kananaskis", -1, "pobj", "PROPN", "B-GPE"),
                           (".", -3, "punct", "PUNCT", "O")]
    assert where(locator, rows, 1, ("CAN", "CAN")).country == "CAN"
    assert where(locator, rows, 1, ("CAN", "IND")).country is None


@pytest.mark.parametrize("word,label", [("August", "B-DATE"), ("Twitter", "B-ORG"),
                                        ("Narnia", "O")])
def test_a_month_an_organisation_or_an_unknown_word_is_no_place(locator, word, label):
    rows = [("They", 1, "nsubj", "PRON", "O"), ("met", 0, "ROOT", "VERB", "O"),
            ("in", -1, "prep", "ADP", "O"), (word, -1, "pobj", "PROPN", label),
            (".", -3, "punct", "PUNCT", "O")]
    assert where(locator, rows, 1) is None


def test_a_place_file_without_its_keys_is_named(tmp_path):
    bad = tmp_path / "places.yaml"
    bad.write_text("prepositions: [in]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="places.yaml: not a places file"):
        PlaceWords.load(str(bad))


def test_the_shipped_place_words_read_on_and_off_as_words():
    words = PlaceWords.load()
    assert {"on", "off"} <= words.crossing
    assert ("off", "the", "coast", "of") in words.prepositions


# --------------------------------------------------------------------------- stored

KYIV = Place("in Kyiv", "Kyiv", "UKR", "city", 50.45466, 30.5238, 703448, "a1", 20, 27,
             "city in the gazetteer")
LVIV = Place("in Lviv", "Lviv", "UKR", "city", 49.83826, 24.02324, 702550, "a1", 20, 27, "")
BEIRUT_REGION = Place("in southern Lebanon", "Lebanon", "LBN", "country", reason="")


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    with s.transaction():
        s.add_article(Article(id="a1", published=dt.date(2023, 3, 5), text="x" * 60,
                              content_hash="hash-a1", origin="a1.txt"), words=3)
        for day, place in (("2023-03-01", KYIV), ("2023-03-02", LVIV),
                           ("2023-03-03", BEIRUT_REGION), ("2023-03-04", None)):
            event = make_event([ref("RUS", "Russia", "RUS", kind="country")],
                               [ref("UKR", "Ukraine", "UKR", kind="country")], date=day)
            for r in event.source + event.target:
                s.upsert_actor(Actor(r.actor_id, r.name, r.kind, r.country, r.sector))
            event.place = place
            event.mentions[0].trigger_start = event.mentions[0].trigger_end = int(day[-1])
            event.id = event_id(event)
            s.add_event(event)
    yield s
    s.close()


def found(store: Store, **fields) -> list[str | None]:
    page = store.query_events(EventQuery(modality="all", **fields))
    return [e.place.name if e.place else None for e in page.events]


def test_a_stored_place_reads_back_whole(store):
    assert found(store) == ["Kyiv", "Lviv", "Lebanon", None]
    back = store.query_events(EventQuery(place="Kyiv")).events[0].place
    assert back == KYIV


@pytest.mark.parametrize("name,expected", [("kyiv", ["Kyiv"]), ("UKR", ["Kyiv", "Lviv"]),
                                           ("Lebanon", ["Lebanon"]), ("lbn", ["Lebanon"])])
def test_place_filter_takes_a_name_in_any_case_or_a_country_code(store, name, expected):
    assert found(store, place=name) == expected


def test_an_unknown_place_is_an_error_that_says_what_to_give(store):
    with pytest.raises(QueryError, match="place: no stored event happened in a place named"):
        found(store, place="Atlantis")


@pytest.mark.parametrize("near,expected", [
    ("50.45,30.52,10", ["Kyiv"]),    # central Kyiv
    ("50.0,27.5,300", ["Kyiv", "Lviv"]),  # Kyiv ~220 km away, Lviv ~250 km
    ("50.45,30.52,400", ["Kyiv"]),   # Lviv is ~470 km from Kyiv
    ("33.9,35.5,300", []),           # a country-level place has no point
])
def test_near_keeps_the_cities_within_the_radius(store, near, expected):
    assert found(store, near=parse_near(near)) == expected


@pytest.mark.parametrize("text,message", [
    ("50,30", "is not LAT,LON,KM"), ("x,1,2", "is not LAT,LON,KM"),
    ("91,0,10", "latitude must be in -90..90"), ("0,0,0", "above 0"),
    ("nan,0,5", "must be finite")])
def test_a_bad_near_is_one_clear_line(text, message):
    with pytest.raises(QueryError, match=message):
        parse_near(text)


def test_rows_carry_the_place_columns_as_the_flat_record_does(store):
    rows = store.query_rows(EventQuery(modality="all", place="Kyiv")).rows
    row = dict(zip(ROW_COLUMNS, rows[0], strict=True))
    assert (row["place_name"], row["place_country"], row["place_kind"]) == ("Kyiv", "UKR", "city")
    event = store.query_events(EventQuery(place="Kyiv")).events[0]
    flat = flat_record(event)
    assert {k: flat[k] for k in ROW_COLUMNS if k.startswith("place_")} == \
        {k: row[k] for k in ROW_COLUMNS if k.startswith("place_")}
    assert event_record(event)["place"]["words"] == "in Kyiv"


def test_a_rekeyed_event_keeps_its_place(store):
    old = store.query_events(EventQuery(place="Lviv")).events[0].id
    with store.transaction():
        store.rekey_event(old, "ev_new")
    assert store.query_events(EventQuery(place="Lviv")).events[0].id == "ev_new"


def test_a_merged_report_fills_a_place_the_stored_event_lacked(store):
    stored = store.query_events(EventQuery(modality="all", since=dt.date(2023, 3, 4)))
    event = stored.events[0]
    assert event.place is None
    with store.transaction():
        store.update_event(dataclasses.replace(event, place=LVIV), [], "test")
    assert found(store, since=dt.date(2023, 3, 4)) == ["Lviv"]


# --------------------------------------------------------------------------- exports

@pytest.mark.parametrize("place,fields", [
    (KYIV, ["4", "Kyiv, Ukraine", "UP", "", "", "50.4547", "30.5238", "703448"]),
    (Place("in Lebanon", "Lebanon", "LBN", "country"), ["1", "Lebanon", "LE", "LE", "", "", "",
                                                        "LE"]),
    (Place("in California", "California", "USA", "region"),
     ["2", "California, United States", "US", "USCA", "", "", "", ""]),
    (Place("in Woodside", "Woodside", "USA", "unlisted"),
     ["1", "Woodside, United States", "US", "US", "", "", "", "US"]),
    (None, [""] * 8),
])
def test_gdelt_action_geo_fields(place, fields):
    assert gdelt_geo(place) == fields


def test_icews_city_province_country_and_point():
    assert icews_geo(KYIV) == ["Kyiv", "", "", "Ukraine", "50.4547", "30.5238"]
    assert icews_geo(Place("in Bali", "Bali", "IDN", "region")) == \
        ["", "", "Bali", "Indonesia", "", ""]


# --------------------------------------------------------------------------- the real model

@pytest.mark.parametrize("text,trigger,expected", [
    ("Pelosi landed in Taipei on Tuesday evening.", "landed", ("Taipei", "TWN")),
    ("Israel launched strikes on military targets in Iran early on Saturday.", "strikes",
     ("Iran", "IRN")),
    ("The two leaders held talks at the Filoli estate in Woodside, south of San Francisco.",
     "talks", ("Woodside", "USA")),
    ("Macron called for a ceasefire in Gaza.", "called", None),
])
def test_the_model_parse_places_real_sentences(nlp, locator, text, trigger, expected):
    doc = nlp(text)
    start = text.index(trigger)
    span = doc.char_span(start, start + len(trigger))
    place = locator.in_sentence(span, ["USA", "CHN"])
    assert (None if place is None else (place.name, place.country)) == expected


def test_the_gold_quotes_its_sentences_and_splits_by_article():
    import re

    from newsgraph.evaluation.places import SAMPLE, load_gold

    gold = load_gold()
    assert len({g.id for g in gold}) == len(gold)
    for g in gold:
        path = SEEDS / f"{g.article}.txt"
        path = path if path.exists() else SAMPLE / f"{g.article}.txt"
        assert g.sentence in re.sub(r"\s+", " ", path.read_text(encoding="utf-8")), g.id
    assert {g.half for g in gold} == {"dev", "test"}



def test_the_parquet_export_carries_the_place_columns_the_rows_do(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from newsgraph.exports.export import export_events

    out = tmp_path / "events.parquet"
    export_events(store, EventQuery(modality="all", limit=None), "parquet", str(out))
    table = pq.read_table(out).to_pylist()
    assert [(r["place_name"], r["place_kind"], r["place_latitude"]) for r in table] == [
        ("Kyiv", "city", KYIV.latitude), ("Lviv", "city", LVIV.latitude),
        ("Lebanon", "country", None), ("", "", None)]


@pytest.mark.parametrize("name,country", [("Odessa", "UKR"), ("Kiev", "UKR"), ("Paris", "FRA")])
def test_a_big_citys_alternate_name_beats_a_small_citys_own(locator, name, country):
    rows = tripoli()
    rows[4] = (name, -1, "pobj", "PROPN", "B-GPE")
    assert where(locator, rows, 0).country == country


def test_a_conjunct_without_its_own_subject_shares_its_verbs_place(locator):
    # "Pelosi landed in Taipei and met Tsai ." / "... and the ministry halted exports ."
    rows = [("Pelosi", 1, "nsubj", "PROPN", "B-PERSON"), ("landed", 0, "ROOT", "VERB", "O"),
            ("in", -1, "prep", "ADP", "O"), ("Taipei", -1, "pobj", "PROPN", "B-GPE"),
            ("and", -3, "cc", "CCONJ", "O"), ("met", -4, "conj", "VERB", "O"),
            ("Tsai", -1, "dobj", "PROPN", "B-PERSON"), (".", -7, "punct", "PUNCT", "O")]
    assert where(locator, rows, 5).name == "Taipei"
    rows[5:6] = [("Ministry", 1, "nsubj", "PROPN", "B-ORG"), ("met", -5, "conj", "VERB", "O")]
    rows[7] = ("Tsai", -1, "dobj", "PROPN", "B-PERSON")
    rows[8] = (".", -8, "punct", "PUNCT", "O")
    assert where(locator, rows, 6) is None


def test_show_and_the_event_page_say_where_it_happened(tmp_path):
    pytest.importorskip("fastapi")
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from newsgraph.cli import main
    from newsgraph.web import create_app

    path = tmp_path / "one.db"
    with Store(path) as s, s.transaction():
        s.add_article(Article(id="a1", published=dt.date(2023, 3, 5), text="x" * 60,
                              content_hash="hash-a1", origin="a1.txt"), words=3)
        event = make_event([ref("RUS", "Russia", "RUS", kind="country")], [])
        event.place, event.id = KYIV, "ev_kyiv"
        s.add_event(event)
    shown = CliRunner().invoke(main, ["show", "ev_kyiv", "--db", str(path)])
    assert "place: Kyiv (UKR, city; 'in Kyiv'; city in the gazetteer)" in shown.output
    page = TestClient(create_app(path), base_url="http://127.0.0.1").get("/event/ev_kyiv")
    assert 'href="/place?place=Kyiv&amp;modality=all">Kyiv</a>, UKR' in page.text


def test_the_city_index_keeps_english_alternate_names_once_each(locator):
    # a city is listed once per name, its own name first; alternate names that are codes or
    # lower-case transliterations are not names in English text
    from newsgraph.places import _english_names

    assert _english_names(["Kiev", "KBP", "kyiv", "Rio de Janeiro", "Odessa\u2019s", "Al-Quds"]) \
        == ["Kiev", "Rio de Janeiro", "Al-Quds"]
    kyiv = locator.gazetteer.lookup("Kyiv")
    assert [e.primary for e in kyiv if e.country == "UKR"][:1] == [True]
    assert len({(e.geonames_id, e.primary) for e in kyiv}) == len(kyiv)
    assert [e.country for e in locator.gazetteer.lookup("kiev") if e.kind == "city"][:1] == ["UKR"]
    assert locator.gazetteer.lookup("Kiev") is locator.gazetteer.lookup("KIEV")  # looked up once
