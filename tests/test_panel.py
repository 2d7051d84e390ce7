"""Research panels counted from a real, hand-made SQLite database (tests/webdata.py)."""

from __future__ import annotations

import csv

import pytest

from newsgraph import api
from newsgraph.panel import build_panel, period_of, write_panel


@pytest.fixture()
def db(db_url):
    from webdata import build_db

    build_db(db_url)
    return db_url


def _panel(db, **options):
    with api.open(db, readonly=True) as graph:
        return graph.panel(**options)


def test_a_dyad_month_panel_is_zero_filled_over_every_month(db):
    panel = _panel(db, unit="dyad", interval="month")
    rows = [dict(zip(panel.columns(), r, strict=True)) for r in panel.rows()]
    fra_irn = [r for r in rows if (r["source_iso3"], r["target_iso3"]) == ("FRA", "IRN")]
    assert [r["period"] for r in fra_irn] == ["2024-01", "2024-02", "2024-03", "2024-04",
                                              "2024-05", "2024-06"]
    by_month = {r["period"]: r for r in fra_irn}
    # February: the merged accord (two reports), Lena Varga's meeting, the condemnation
    assert (by_month["2024-02"]["events"], by_month["2024-02"]["mentions"]) == (3, 4)
    assert by_month["2024-06"]["goldstein_mean"] == pytest.approx((-10.0 + 1.0) / 2)
    assert fra_irn[0]["source_gw"] == 220 and fra_irn[0]["target_gw"] == 630
    assert fra_irn[0]["source_cow"] == 220 and fra_irn[0]["target_cow"] == 630
    # Germany's envoys were negated: not in an asserted panel; a zero row never invents one
    assert not [r for r in rows if r["source_iso3"] == "DEU"]


def test_a_country_panel_counts_an_event_for_each_side_once(db):
    panel = _panel(db, unit="country", interval="year")
    rows = {r[0]: dict(zip(panel.columns(), r, strict=True)) for r in panel.rows()}
    with api.open(db, readonly=True) as graph:
        total = len(graph.events())
    assert rows["FRA"]["events"] == rows["IRN"]["events"] == total  # every asserted event is France-Iran


def test_a_panel_by_quad_has_a_row_for_each_quad_class(db):
    panel = _panel(db, unit="dyad", interval="year", by="quad")
    quads = [r[panel.columns().index("quad")] for r in panel.rows() if r[0] == "FRA"]
    assert quads == [1, 2, 3, 4]


def test_min_confidence_leaves_less_sure_events_out(db):
    assert not _panel(db, min_confidence=0.99).cells
    assert _panel(db, min_confidence=0.5).cells


@pytest.mark.parametrize("day, interval, label", [
    ("2024-12-30", "week", "2025-W01"), ("2024-02-29", "month", "2024-02"),
    ("2024-02-29", "year", "2024")])
def test_period_labels(day, interval, label):
    import datetime as dt

    assert period_of(dt.date.fromisoformat(day), interval) == label


def test_panels_write_csv_and_parquet_with_the_same_rows(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    panel = _panel(db, unit="country", interval="month", by="type")
    n = write_panel(panel, tmp_path / "p.csv")
    assert write_panel(panel, tmp_path / "p.parquet") == n
    with open(tmp_path / "p.csv", encoding="utf-8") as fh:
        from_csv = list(csv.DictReader(fh))
    table = pq.read_table(tmp_path / "p.parquet").to_pylist()
    assert [r["events"] for r in table] == [int(r["events"]) for r in from_csv]
    assert list(from_csv[0]) == panel.columns()


def test_an_unknown_unit_names_the_choices(db):
    from newsgraph.errors import NewsgraphError

    with api.open(db, readonly=True) as graph, pytest.raises(NewsgraphError, match="dyad, country"):
        build_panel(graph.store, unit="region")


def test_cow_numbers_are_the_correlates_of_war_ones_where_they_differ_from_gleditsch_ward():
    from newsgraph.panel import cow_code, gw_code

    # united Germany is COW 255 (260 was the Federal Republic), Serbia continues Yugoslavia
    assert (cow_code("DEU"), gw_code("DEU")) == (255, 260)
    assert (cow_code("SRB"), gw_code("SRB")) == (345, 340)
    assert cow_code("USA") == 2 and cow_code("RUS") == 365 and cow_code("SSD") == 626
    assert cow_code("PSE") is None  # not a member of the state system list


def test_every_cow_row_is_a_shipped_country_and_no_number_is_used_twice():
    from newsgraph.knowledge import shipped_csv

    rows = shipped_csv("cow.csv")
    countries = {r["iso3"] for r in shipped_csv("countries.csv")}
    assert not [r["iso3"] for r in rows if r["iso3"] not in countries]
    assert len({r["cow"] for r in rows}) == len(rows) > 190


def test_a_country_panel_has_a_cow_column_beside_gw(db, tmp_path):
    panel = _panel(db, unit="country", interval="year")
    columns = panel.columns()
    assert columns[:3] == ["iso3", "gw", "cow"]
    write_panel(panel, tmp_path / "p.csv")
    with open(tmp_path / "p.csv", encoding="utf-8") as fh:
        rows = {r["iso3"]: r for r in csv.DictReader(fh)}
    assert (rows["FRA"]["cow"], rows["IRN"]["cow"]) == ("220", "630")
