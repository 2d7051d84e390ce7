"""Near-duplicate detection: copies and light rewrites match, separate reports of one event don't."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsgraph.articles import Article, read_articles
from newsgraph.errors import ConfigError
from newsgraph.syndication import Near, NearDuplicateIndex, coverage, shingles, similarity

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "sample"

ORIGINAL = """The foreign ministers of Chile and Argentina signed an agreement in Santiago on Thursday to
coordinate the mining and export of lithium, the two governments said in a joint statement.

Under the accord, the two countries will share geological data on the salt flats that straddle
their border, harmonise environmental rules for brine extraction and consult each other before
granting new concessions to foreign companies. A working group of officials from both ministries
is to meet every three months, starting in the spring.

Chile's foreign minister said the agreement would help both countries capture more of the value
of a mineral that is in growing demand from makers of electric car batteries. Her Argentine
counterpart said the two neighbours had spent too long competing for the same investors.

Bolivia, which holds some of the largest lithium deposits in the world, was invited to join the
working group as an observer but has not yet replied, officials said. Environmental groups in
both countries urged the governments to publish the terms of the accord in full and to consult
indigenous communities living near the salt flats before approving new mines."""

SAME_EVENT_OTHER_OUTLET = """Argentina and Chile have agreed to work together on lithium, ending years in which
the neighbours competed for foreign mining investment, after a meeting of their top diplomats in
the Chilean capital on Thursday.

The pact commits Buenos Aires and Santiago to exchange survey data on shared salt flats and to
align their environmental standards. Officials will meet quarterly to review new mining permits.

Industry analysts said the deal could strengthen the two countries' hand with battery makers
from China, Europe and the United States, though it stops short of the joint pricing body that
some Chilean lawmakers had called for. Bolivia has been asked to take part as an observer.

Indigenous leaders from the Atacama region criticised the agreement, saying they had not been
consulted and that brine extraction was already depleting scarce water supplies."""


def edited(text: str, positions: list[int]) -> str:
    """``text`` with the words at ``positions`` replaced, as a light rewrite would."""
    words = text.split(" ")
    for position in positions:
        words[position] = f"changed{position}"
    return " ".join(words)


@pytest.fixture
def index() -> NearDuplicateIndex:
    idx = NearDuplicateIndex()
    idx.add_signature("original", idx.signature(ORIGINAL))
    return idx


def test_signature_is_compact_and_stable() -> None:
    first, second = NearDuplicateIndex(), NearDuplicateIndex()
    signature = first.signature(ORIGINAL)
    assert isinstance(signature, bytes)
    assert len(signature) == 8 + 4 * 128
    assert second.signature(ORIGINAL) == signature  # stored signatures stay comparable


def test_signature_ignores_case_punctuation_and_layout() -> None:
    idx = NearDuplicateIndex()
    relaid = ORIGINAL.upper().replace("\n", "  ").replace(",", " ,")
    assert idx.signature(relaid) == idx.signature(ORIGINAL)


def test_shingles_of_a_short_text_are_the_whole_text() -> None:
    assert shingles("Talks resumed.", size=5) == {"talks resumed"}
    assert shingles("", size=5) == set()


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(ORIGINAL, id="exact-copy"),
        pytest.param("By Maria Lopez, Latin America correspondent\n\n" + ORIGINAL, id="byline"),
        pytest.param(
            "Lithium pact signed\n\nReporting by our Santiago bureau\n\n" + ORIGINAL
            + "\n\nThis article was supplied by a news agency.", id="headline-byline-trailer",
        ),
    ],
)
def test_query_finds_syndicated_copies(index: NearDuplicateIndex, copy: str) -> None:
    near = index.query(copy)
    assert near is not None and near.article_id == "original"
    assert near.similarity >= 0.9


def test_query_finds_a_rewrite_with_a_few_words_changed(index: NearDuplicateIndex) -> None:
    near = index.query(edited(ORIGINAL, [12, 60, 110]))
    assert near is not None and near.article_id == "original"
    assert 0.8 <= near.similarity < 1.0


def test_query_finds_a_rewrite_with_one_sentence_reworded(index: NearDuplicateIndex) -> None:
    reworded = ORIGINAL.replace(
        "Her Argentine\ncounterpart said the two neighbours had spent too long competing",
        "The Argentine minister remarked that both countries had wasted years competing",
    )
    assert reworded != ORIGINAL
    assert index.query(reworded) is not None


def scattered(text: str, share: float, step: int = 7) -> str:
    """A light rewrite: a share of the words replaced, spread evenly over the text (a stride
    that is not a multiple of the shingle size), with a new headline line and a byline."""
    n = len(text.split(" "))
    count = max(1, round(share * n))
    positions = [(3 + i * (n // count)) % n for i in range(count)]
    return "Lithium deal: what it means\n\nBy Staff Writer\n\n" + edited(text, positions)


@pytest.mark.parametrize("share", [0.03, 0.05])
def test_query_finds_a_rewrite_with_words_changed_at_scattered_places(
        index: NearDuplicateIndex, share: float) -> None:
    near = index.query(scattered(ORIGINAL, share))
    assert near is not None and near.article_id == "original"
    assert similarity(index.signature(ORIGINAL), index.signature(scattered(ORIGINAL, share))) < 0.8


@pytest.mark.parametrize("share", [0.3, 0.5])
def test_query_keeps_apart_an_article_that_adds_substantial_content(
        index: NearDuplicateIndex, share: float) -> None:
    extra = SAME_EVENT_OTHER_OUTLET.split()
    added = " ".join((extra * 2)[:round(share * len(ORIGINAL.split()))])
    assert index.query(ORIGINAL + "\n\n" + added) is None


def test_query_finds_a_copy_cut_to_its_first_half(index: NearDuplicateIndex) -> None:
    words = ORIGINAL.split(" ")
    near = index.query(" ".join(words[:len(words) // 2]))
    assert near is not None and near.article_id == "original" and near.similarity == 1.0


def test_coverage_is_the_share_of_words_found_in_runs_of_the_earlier_text() -> None:
    assert coverage(ORIGINAL, ORIGINAL) == 1.0
    assert coverage("", ORIGINAL) == 0.0
    words = ORIGINAL.split(" ")
    one_change = coverage(edited(ORIGINAL, [40]), ORIGINAL)
    assert abs(one_change - (1 - 1 / len(words))) < 0.01  # only the changed word is lost
    assert coverage(ORIGINAL + " " + ORIGINAL.upper(), ORIGINAL) == 1.0  # case and repeats
    every_fourth = edited(ORIGINAL, list(range(0, len(words), 4)))
    assert coverage(every_fourth, ORIGINAL) < 0.05  # hardly a run of five words survives


def test_query_rejects_another_report_of_the_same_event(index: NearDuplicateIndex) -> None:
    assert index.query(SAME_EVENT_OTHER_OUTLET) is None
    assert similarity(index.signature(ORIGINAL), index.signature(SAME_EVENT_OTHER_OUTLET)) < 0.1


def test_query_rejects_heavily_edited_text(index: NearDuplicateIndex) -> None:
    every_fifth_word = list(range(0, len(ORIGINAL.split(" ")), 5))
    assert index.query(edited(ORIGINAL, every_fifth_word)) is None


def test_query_on_an_empty_index_or_empty_text_finds_nothing() -> None:
    idx = NearDuplicateIndex()
    assert idx.query(ORIGINAL) is None
    idx.add_signature("blank", idx.signature(""))
    assert len(idx) == 0
    assert idx.query("") is None


def test_query_returns_the_most_similar_and_the_earliest_on_ties() -> None:
    idx = NearDuplicateIndex()
    idx.add_signature("rewrite", idx.signature(edited(ORIGINAL, [12, 60, 110])))
    idx.add_signature("first", idx.signature(ORIGINAL))
    idx.add_signature("second", idx.signature("Breaking: " + ORIGINAL))
    assert idx.query(ORIGINAL) == Near("first", 1.0)


def test_add_signature_keeps_the_first_signature_of_an_id(index: NearDuplicateIndex) -> None:
    index.add_signature("original", index.signature(SAME_EVENT_OTHER_OUTLET))
    assert len(index) == 1
    assert index.query(ORIGINAL) == Near("original", 1.0)


def test_signatures_survive_a_round_trip_through_sqlite(tmp_path: Path) -> None:
    writer = NearDuplicateIndex()
    with sqlite3.connect(tmp_path / "sigs.db") as conn:
        conn.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, minhash BLOB)")
        conn.execute("INSERT INTO articles VALUES (?, ?)", ("a1", writer.signature(ORIGINAL)))
    reader = NearDuplicateIndex()
    with sqlite3.connect(tmp_path / "sigs.db") as conn:
        for article_id, blob in conn.execute("SELECT id, minhash FROM articles"):
            reader.add_signature(article_id, blob)
    conn.close()
    assert reader.query("By a staff writer\n\n" + ORIGINAL) is not None


@pytest.mark.parametrize("settings", [{"num_perm": 64}, {"shingle": 3}])
def test_add_signature_refuses_signatures_made_with_other_settings(settings: dict[str, int]) -> None:
    other = NearDuplicateIndex(**settings).signature(ORIGINAL)
    with pytest.raises(ConfigError, match=r"article x1 was made with .*use the same settings"):
        NearDuplicateIndex().add_signature("x1", other)


def test_add_signature_refuses_garbage() -> None:
    with pytest.raises(ConfigError, match="not a newsgraph MinHash signature"):
        NearDuplicateIndex().add_signature("x2", b"\x00" * 520)


def test_threshold_must_be_a_similarity() -> None:
    with pytest.raises(ConfigError, match="threshold"):
        NearDuplicateIndex(threshold=1.5)


@pytest.mark.parametrize("changes", [0, 2, 5, 10, 20, 30])
def test_estimate_is_close_to_the_exact_jaccard(changes: int) -> None:
    idx = NearDuplicateIndex()
    text = edited(ORIGINAL, list(range(3, 3 + 5 * changes, 5)))
    a, b = shingles(ORIGINAL), shingles(text)
    exact = len(a & b) / len(a | b)
    assert abs(similarity(idx.signature(ORIGINAL), idx.signature(text)) - exact) < 0.12


def test_sample_corpus_holds_exactly_one_near_duplicate() -> None:
    """The shipped corpus: the syndicated copy matches its original; two-outlet pairs do not."""
    idx = NearDuplicateIndex()
    found = {}
    for article in read_articles([SAMPLE]):
        assert isinstance(article, Article), article
        near = idx.query(article.text)
        if near is None:
            idx.add_signature(article.id, idx.signature(article.text))
        else:
            found[article.id] = near.article_id
    assert found == {"019_biden-xi-woodside-syndicated": "017_biden-xi-woodside"}


# -- the index over a database: bands on disk, memory flat ---------------------------------------
def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(" date 2024-03-07\n" + text, encoding="utf-8")
    return path


def test_a_copy_is_found_on_disk_by_a_later_run_that_holds_no_signatures(tmp_path: Path) -> None:
    import newsgraph
    from newsgraph.pipeline import Ingestor
    from newsgraph.store import Store

    db = tmp_path / "news.db"
    with newsgraph.open(db) as graph:
        graph.ingest(_write(tmp_path, "original", ORIGINAL))
    with Store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM article_bands").fetchone()[0] == 64
        ingestor = Ingestor(store, annotator_factory=lambda: None)  # type: ignore[arg-type, return-value]
        assert len(ingestor.index) == 0  # nothing loaded into memory
        near = ingestor.index.query("By a staff writer\n\n" + ORIGINAL)
    assert near is not None and near.article_id == "original" and near.similarity >= 0.9
    with newsgraph.open(db) as graph:
        report = graph.ingest(_write(tmp_path, "copy", "Lithium pact\n\n" + ORIGINAL))
    assert (report.near_duplicates, report.ingested) == (1, 0)


def test_a_light_rewrite_is_found_against_the_stored_text(tmp_path: Path) -> None:
    import newsgraph

    db = tmp_path / "news.db"
    with newsgraph.open(db) as graph:
        graph.ingest(_write(tmp_path, "original", ORIGINAL))
    with newsgraph.open(db) as graph:
        report = graph.ingest([_write(tmp_path, "rewrite", scattered(ORIGINAL, 0.05)),
                               _write(tmp_path, "follow-up", ORIGINAL + "\n\n"
                                      + SAME_EVENT_OTHER_OUTLET)])
    assert (report.near_duplicates, report.ingested) == (1, 1)


def test_bands_are_filled_for_a_database_stored_before_they_existed(tmp_path: Path) -> None:
    import newsgraph
    from newsgraph.store import Store

    db = tmp_path / "news.db"
    with newsgraph.open(db) as graph:
        graph.ingest(_write(tmp_path, "original", ORIGINAL))
    with Store(db) as store, store.transaction():  # as an older version left it
        store.conn.execute("DELETE FROM article_bands")
        store.conn.execute("DELETE FROM meta WHERE key = 'band_layout'")
    with newsgraph.open(db) as graph:
        report = graph.ingest(_write(tmp_path, "copy", ORIGINAL + "\n\nSupplied by an agency."))
    assert report.near_duplicates == 1


def test_bands_made_with_other_settings_are_made_again(tmp_path: Path) -> None:
    import newsgraph
    from newsgraph.store import Store

    db = tmp_path / "news.db"
    with newsgraph.open(db) as graph:
        graph.ingest(_write(tmp_path, "original", ORIGINAL))
    with Store(db) as store, store.transaction():
        store.conn.execute("UPDATE article_bands SET band_key = band_key + 1")
        store.conn.execute("UPDATE meta SET value = 'other settings' WHERE key = 'band_layout'")
    with newsgraph.open(db) as graph:
        report = graph.ingest(_write(tmp_path, "copy", "Lithium pact\n\n" + ORIGINAL))
    assert report.near_duplicates == 1
    with Store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM article_bands").fetchone()[0] == 64


def test_a_forgotten_pending_article_is_no_longer_found(tmp_path: Path) -> None:
    # the ingestor forgets each article once stored (its bands are on disk) or failed
    from newsgraph.pipeline import Ingestor
    from newsgraph.store import Store

    with Store(tmp_path / "news.db") as store:
        ingestor = Ingestor(store, annotator_factory=lambda: None)  # type: ignore[arg-type, return-value]
        index = ingestor.index
        index.add_signature("pending", index.signature(ORIGINAL))
        assert index.query(ORIGINAL) == Near("pending", 1.0)
        index.forget("pending")
        assert len(index) == 0 and index.query(ORIGINAL) is None


def test_bands_are_looked_for_once_and_a_cut_short_fill_resumes(tmp_path: Path) -> None:
    import newsgraph
    from newsgraph.pipeline import Ingestor
    from newsgraph.store import Store

    db = tmp_path / "news.db"
    with newsgraph.open(db) as graph:
        graph.ingest(_write(tmp_path, "original", ORIGINAL))
        graph.ingest(_write(tmp_path, "other", SAME_EVENT_OTHER_OUTLET))
    with Store(db) as store:
        sent: list[str] = []
        store.conn.set_trace_callback(sent.append)
        Ingestor(store, annotator_factory=lambda: None)  # type: ignore[arg-type, return-value]
        store.conn.set_trace_callback(None)
        assert not [s for s in sent if "NOT EXISTS" in s]  # complete: no scan of the articles
        layout = store.band_layout()
        assert layout is not None and not layout.startswith("filling:")
        with store.transaction():  # a fill cut short: one article done, one not
            store.conn.execute("DELETE FROM article_bands WHERE article_id = 'other'")
            store.conn.execute("UPDATE meta SET value = ? WHERE key = 'band_layout'",
                               ("filling:" + layout,))
        Ingestor(store, annotator_factory=lambda: None)  # type: ignore[arg-type, return-value]
        counts = dict(store.conn.execute(
            "SELECT article_id, count(*) FROM article_bands GROUP BY article_id").fetchall())
        assert counts == {"original": 64, "other": 64} and store.band_layout() == layout
