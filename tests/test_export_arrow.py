"""The Parquet export's rows (``newsgraph.exports.arrow``) on the cases its list-cutting must get
right: an event reported twice by one article and once by another (the article list is distinct
and sorted, the sentence is the first report's), several sources kept in their stored order, a
claim, an undated event, events with no actor of a role, and pages that split all of these.
Every row must equal ``flat_record`` of the full event, whatever the page size."""

from __future__ import annotations

import pytest

from webdata import ACTORS, actor_ref, article, event, mention

pytest.importorskip("adbc_driver_sqlite")
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from newsgraph.store import Store

    path = tmp_path_factory.mktemp("arrow") / "arrow.db"
    s1 = "Germany and France accused Iran of the attack, a spokesman said."
    s2 = "Iran was accused again by Germany and France."
    s3 = "Germany and France repeated the accusation against Iran."
    late = article("zz-late", "2024-03-02", "Opening line. " + s1 + " " + s3, "Accusation")
    early = article("aa-early", "2024-03-03", s2, "Again")
    with Store(path) as store, store.transaction():
        for actor in ACTORS.values():
            store.upsert_actor(actor)
        for art in (late, early):
            store.add_article(art, words=20)
        sides = ([("DEU", "Germany"), ("FRA", "France")], [("IRN", "Iran")])
        reports = [mention(late, s1, "accused", *sides), mention(early, s2, "accused", *sides),
                   mention(late, s3, "repeated", *sides)]
        told = event(reports, "ACCUSE", 3, -2.0, "2024-03-01")
        at = late.text.index(s1)
        told.claimed_by = [actor_ref("person:lena-varga", "a spokesman", at, s1)]
        store.add_event(told)
        for i in range(5):
            text = f"France and Iran talked, report {i}."
            art = article(f"talk-{i}", f"2024-01-{10 + i:02d}", text)
            store.add_article(art, words=6)
            store.add_event(event([mention(art, text, "talked", [("FRA", "France")], [])],
                                  "CONSULT", 1, 1.0, None if i == 2 else f"2024-01-0{i + 1}"))
    return str(path)


def _flat_rows(db):
    from newsgraph import api
    from newsgraph.exports import flat_record
    from newsgraph.exports.writers import iter_events
    from newsgraph.store.queries import EventQuery

    with api.open(db, readonly=True) as graph:
        return [tuple(flat_record(e).values())
                for e in iter_events(graph.store, EventQuery(modality="all", limit=None))]


@pytest.mark.parametrize("page_size", [1, 2, 4, 50_000])
def test_parquet_rows_equal_the_flat_records_whatever_the_page(db, tmp_path, page_size):
    from newsgraph import api
    from newsgraph.exports.arrow import row_tables
    from newsgraph.exports.writers import write_parquet_tables
    from newsgraph.store.queries import EventQuery

    out = str(tmp_path / "rows.parquet")
    with api.open(db, readonly=True) as graph:
        n = write_parquet_tables(row_tables(graph.store, EventQuery(modality="all", limit=None),
                                            page_size=page_size), out)
    rows = [tuple(r.values()) for r in pq.read_table(out).to_pylist()]
    expected = _flat_rows(db)
    assert n == len(expected) == 6 and rows == expected
    (told,) = [r for r in pq.read_table(out).to_pylist() if r["type"] == "ACCUSE"]
    assert told["article_ids"] == "aa-early|zz-late" and told["n_mentions"] == 3
    assert told["sentence"].startswith("Germany and France accused")
    assert told["source_ids"] == "DEU|FRA" and told["claimed_by"] == "Lena Varga"
    assert any(r["date"] is None for r in pq.read_table(out).to_pylist())


def test_the_writer_keeps_dictionaries_and_statistics_where_they_serve(db, tmp_path):
    from newsgraph import api
    from newsgraph.store.queries import EventQuery

    out = str(tmp_path / "rows.parquet")
    with api.open(db, readonly=True) as graph:
        graph.export(EventQuery(modality="all", limit=None), "parquet", out)
    group = pq.ParquetFile(out).metadata.row_group(0)
    column = {group.column(i).path_in_schema: group.column(i) for i in range(group.num_columns)}
    assert "RLE_DICTIONARY" in column["type"].encodings
    assert "RLE_DICTIONARY" not in column["id"].encodings
    assert column["date"].is_stats_set and not column["sentence"].is_stats_set
