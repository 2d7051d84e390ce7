"""Reading articles: every format, ids and hashes, and one clear InputError per bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from newsgraph import articles
from newsgraph.articles import (
    Article,
    content_hash,
    count_words,
    normalise_text,
    read_articles,
    split_name,
    text_id,
)
from newsgraph.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
ALL_FIXTURES = sorted(p.name for p in FIXTURES.iterdir() if p.name != "headerless.txt")
DAY = dt.date(2024, 4, 2)


def read(*paths: Path | str, default_date: dt.date | None = None) -> list[Article | InputError]:
    return list(read_articles(paths, default_date))


def only_articles(results: list[Article | InputError]) -> list[Article]:
    assert all(isinstance(r, Article) for r in results), [str(r) for r in results]
    return [r for r in results if isinstance(r, Article)]


def only_error(results: list[Article | InputError]) -> InputError:
    assert len(results) == 1 and isinstance(results[0], InputError), results
    return results[0]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- .txt


def test_txt_seed_layout_gives_date_and_body() -> None:
    [article] = only_articles(read(FIXTURES / "plain.txt"))
    assert article.published == dt.date(2024, 3, 5)
    assert article.text.startswith("The foreign ministers of Norway and Chile met in Oslo")
    assert "date" not in article.text[:10]
    assert "end of the year.\n\nA spokesperson" in article.text  # paragraphs kept, spaces trimmed
    assert article.origin == str(FIXTURES / "plain.txt")
    assert article.title is None and article.url is None and article.source is None


def test_txt_header_on_a_line_of_its_own(tmp_path: Path) -> None:
    path = write(tmp_path / "own_line.txt", "date 2023-01-09\r\nPeru and Ecuador met.\r\n")
    [article] = only_articles(read(path))
    assert (article.published, article.text) == (dt.date(2023, 1, 9), "Peru and Ecuador met.")


def test_headerless_txt_without_date_is_a_one_line_error_naming_the_file() -> None:
    path = FIXTURES / "headerless.txt"
    error = only_error(read(path))
    assert error.origin == str(path)
    assert str(error).startswith(f"{path}: no date header")
    assert "--date" in str(error) and "\n" not in str(error)


def test_headerless_txt_with_default_date_is_read() -> None:
    [article] = only_articles(read(FIXTURES / "headerless.txt", default_date=DAY))
    assert article.published == DAY
    assert article.text.startswith("Officials in Lisbon said on Monday")


def test_txt_header_wins_over_default_date() -> None:
    [article] = only_articles(read(FIXTURES / "plain.txt", default_date=DAY))
    assert article.published == dt.date(2024, 3, 5)


def test_txt_invalid_header_date_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", " date 2024-13-45 Chile and Peru met.")
    error = only_error(read(path, default_date=DAY))
    assert "invalid date '2024-13-45' in the date header" in error.reason


def test_txt_body_opening_with_the_word_date_is_not_a_header(tmp_path: Path) -> None:
    path = write(tmp_path / "palms.txt", "Date growers in Tunisia asked Algeria to reopen a border post.")
    [article] = only_articles(read(path, default_date=DAY))
    assert article.text.startswith("Date growers")


def test_txt_with_a_header_and_no_body_is_empty(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "empty.txt", " date 2024-01-05 \n\n")))
    assert "empty text" in error.reason


# --------------------------------------------------------------------------- JSON, JSONL, CSV


def test_jsonl_records_with_their_fields_and_origins() -> None:
    path = FIXTURES / "batch.jsonl"
    first, second, third = only_articles(read(path))
    assert (first.id, first.title, first.url, first.source) == (
        "kenya-1", "Kenya and Uganda sign rail deal", "https://example.org/kenya-1", "Example Wire")
    assert second.published == dt.date(2022, 11, 3)  # ISO datetime: its own local date
    assert second.text.startswith("The Ugandan transport minister")  # 'body' field
    assert second.id == text_id(second.text)
    assert third.id == "17"
    assert [a.origin for a in (first, second, third)] == [f"{path}:{n}" for n in (1, 2, 3)]


def test_jsonl_bad_rows_are_reported_and_the_other_rows_come_through() -> None:
    path = FIXTURES / "mixed.jsonl"
    results = read(path)
    good = [r.id for r in results if isinstance(r, Article)]
    errors = {r.origin: r.reason for r in results if isinstance(r, InputError)}
    assert good == ["nz-1", "nz-5"]
    assert errors[f"{path}:2"].startswith("malformed JSON")
    assert errors[f"{path}:3"] == "no 'text' (or 'body') field; skipped"
    assert errors[f"{path}:4"].startswith("invalid date '09/03/2021'")
    assert len(errors) == 3


def test_json_list_items_are_numbered() -> None:
    path = FIXTURES / "batch.json"
    first, second = only_articles(read(path))
    assert (first.id, first.published) == ("json-a", dt.date(2020, 1, 15))
    assert second.id == text_id(second.text)
    assert [first.origin, second.origin] == [f"{path}#1", f"{path}#2"]


def test_json_single_object_is_named_after_its_file() -> None:
    [article] = only_articles(read(FIXTURES / "single.json"))
    assert (article.id, article.title) == ("single", "Ghana hosts trade forum")
    assert article.published == dt.date(2019, 9, 9)


def test_json_object_without_date_needs_default_date(tmp_path: Path) -> None:
    path = write(tmp_path / "undated.json", '{"text": "Laos and Thailand opened a new bridge."}')
    assert "no date" in only_error(read(path)).reason
    [article] = only_articles(read(path, default_date=DAY))
    assert article.published == DAY


def test_malformed_json_file_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.json", '[\n{"date": "2020-01-01", "text": "x"},\n{oops}\n]')
    error = only_error(read(path))
    assert error.origin == f"{path}:3" and error.reason.startswith("malformed JSON")


def test_csv_records_keep_their_start_lines() -> None:
    path = FIXTURES / "batch.csv"
    first, second = only_articles(read(path))
    assert (first.id, first.title, first.source) == ("csv-1", "Peru recalls envoy", "Example Daily")
    assert "crossing.\n\nThe foreign ministry in Lima" in first.text
    assert (second.id, second.title, second.url) == (text_id(second.text), None, None)
    assert [first.origin, second.origin] == [f"{path}:2", f"{path}:5"]


def test_csv_without_a_text_column_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "notext.csv", "id,date,headline\n1,2020-02-02,Talks\n")
    error = only_error(read(path))
    assert error.reason == "no 'text' or 'body' column (columns: id, date, headline); add a header"


# --------------------------------------------------------------------------- HTML and feeds


def test_html_page_gives_main_text_title_date_and_url() -> None:
    [article] = only_articles(read(FIXTURES / "page.html"))
    assert article.id == "page"
    assert article.published == dt.date(2023, 8, 22)
    assert article.title == "Mongolia and South Korea agree on mining cooperation"
    assert article.url == "https://example.net/world/mongolia-korea-mining"
    assert article.text.startswith("The governments of Mongolia and South Korea signed")
    assert "A follow-up meeting is planned" in article.text
    assert "Privacy policy" not in article.text and "Sport" not in article.text


def test_html_without_a_date_needs_default_date(tmp_path: Path) -> None:
    body = ("<p>Officials from Chad and Niger met in N'Djamena to discuss security along their "
            "border and agreed to hold joint patrols in the coming months.</p><p>They also "
            "discussed refugees and trade routes, and will meet again in Niamey.</p>")
    path = write(tmp_path / "undated.html", f"<html><body><article>{body}</article></body></html>")
    assert only_error(read(path)).reason == "no date found in the page; pass --date YYYY-MM-DD"
    [article] = only_articles(read(path, default_date=DAY))
    assert article.published == DAY and article.text.startswith("Officials from Chad")


def test_rss_entries_become_articles_without_html() -> None:
    path = FIXTURES / "feed.rss"
    first, second = only_articles(read(path))
    assert first.id == first.url == "https://example.com/news/vn-ph-talks"
    assert first.published == dt.date(2024, 6, 12)
    assert first.source == "Example Regional News"
    assert first.text == ("Coast guard commanders from Vietnam and the Philippines met in Hanoi "
                          "on Wednesday.\n\nThey agreed on a hotline for incidents at sea.")
    assert second.id == "https://example.com/news/id-mediate"  # no guid: the link
    assert [first.origin, second.origin] == [f"{path}#1", f"{path}#2"]


def test_atom_entry_becomes_an_article() -> None:
    [article] = only_articles(read(FIXTURES / "feed.atom"))
    assert (article.id, article.published) == ("urn:example:atom-desk:entry-1", dt.date(2024, 2, 1))
    assert article.title == "Austria and Slovenia discuss energy grid"
    assert article.text.endswith("They discussed a shared high-voltage line.")


@pytest.mark.parametrize("date_tag, stamp", [
    ("pubDate", "Thu, 13 Jun 2024 01:30:00 +0900"),
    ("pubDate", "Wed, 12 Jun 2024 23:30:00 -0500"),
])
def test_feed_entry_keeps_its_own_local_date(tmp_path: Path, date_tag: str, stamp: str) -> None:
    rss = (f'<rss version="2.0"><channel><title>Desk</title><item><guid>g</guid>'
           f"<{date_tag}>{stamp}</{date_tag}><description>Seoul and Tokyo held talks."
           "</description></item></channel></rss>")
    [article] = only_articles(read(write(tmp_path / "tz.rss", rss)))
    assert article.published.isoformat() == {"T": "2024-06-13", "W": "2024-06-12"}[stamp[0]]


def test_atom_entry_keeps_its_own_local_date(tmp_path: Path) -> None:
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>u1</id>'
            "<updated>2024-06-13T01:30:00+09:00</updated>"
            '<content type="text">Seoul and Tokyo held talks.</content></entry></feed>')
    [article] = only_articles(read(write(tmp_path / "tz.atom", atom)))
    assert article.published == dt.date(2024, 6, 13)


def test_xml_that_is_not_a_feed_is_refused(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "data.xml", "<catalog><book/></catalog>")))
    assert error.reason == "XML file is not an RSS or Atom feed; skipped"


# --------------------------------------------------------------------------- gzip


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_gzip_file_gives_the_same_articles_and_ids(tmp_path: Path, name: str) -> None:
    packed = tmp_path / f"{name}.gz"
    packed.write_bytes(gzip.compress((FIXTURES / name).read_bytes()))
    plain, unpacked = read(FIXTURES / name), read(packed)
    assert [key(a) for a in unpacked] == [key(a) for a in plain]


def key(result: Article | InputError) -> tuple[object, ...]:
    """What must not depend on compression: the article, or the error's reason."""
    if isinstance(result, InputError):
        return (result.reason,)
    return (result.id, result.published, result.text, result.title, result.content_hash)


def test_bad_gzip_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(b"this is not gzip at all")
    assert "not a valid gzip file" in only_error(read(path)).reason


@pytest.mark.parametrize("name, expected", [
    ("a.txt", ("a", "txt", False)),
    ("a.TXT.gz", ("a", "txt", True)),
    ("feed.atom", ("feed", "feed", False)),
    ("notes.md", ("notes.md", None, False)),
])
def test_split_name(name: str, expected: tuple[str, str | None, bool]) -> None:
    assert split_name(Path(name)) == expected


# --------------------------------------------------------------------------- ids and hashes


def test_single_article_file_is_identified_by_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "000_0d530d55418f6c52.txt"
    shutil.copy(FIXTURES / "plain.txt", path)
    [article] = only_articles(read(path))
    assert article.id == "000_0d530d55418f6c52"


def test_record_without_id_is_identified_by_its_normalised_text(tmp_path: Path) -> None:
    one = write(tmp_path / "one.jsonl", '{"date": "2020-05-05", "text": "Oman hosted talks."}\n')
    other = write(tmp_path / "two.jsonl",
                  '{"date": "2021-06-06", "text": "  Oman hosted talks.\\r\\n", "title": "X"}\n')
    [first], [second] = only_articles(read(one)), only_articles(read(other))
    assert first.id == second.id == text_id("Oman hosted talks.")
    assert len(first.id) == 16


def test_content_hash_ignores_case_whitespace_and_unicode_form() -> None:
    assert content_hash("Café  talks\nheld") == content_hash("cafe\u0301 TALKS held")
    assert content_hash("Talks held") != content_hash("Talks failed")


def test_normalise_text_keeps_paragraphs_and_trims_lines() -> None:
    composed = "Tw\u00f3"  # NFC of "Two" + combining acute accent
    assert normalise_text("\r\nOne  \r\n\r\n\r\n\r\nTwo\u0301\t\n") == f"One\n\n{composed}"


def test_count_words_counts_hyphenated_words_once() -> None:
    assert count_words("The Franco-German talks, held in Berlin's centre, ended.") == 8


# --------------------------------------------------------------------------- folders, encodings, limits


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not available")
def test_seeds_folder_gives_four_dated_articles() -> None:
    found = only_articles(read(SEEDS))
    assert [(a.id, a.published.isoformat()) for a in found] == [
        ("000_0d530d55418f6c52", "2024-10-14"),
        ("002_4a83e60193c08f48", "2023-06-10"),
        ("003_d908e43bd5f5a866", "2023-06-11"),
        ("004_d4e985c3c0d8891d", "2025-07-07"),
    ]
    assert all(not a.text.startswith("date") and a.text[0].isupper() for a in found)


def test_folders_are_walked_in_order_skipping_hidden_and_unknown_files(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", " date 2020-01-02 Second.")
    (tmp_path / "a").mkdir()
    write(tmp_path / "a" / "z.txt", " date 2020-01-01 First.")
    write(tmp_path / ".draft.txt", " date 2020-01-03 Hidden.")
    write(tmp_path / "README.md", "# notes")
    assert [a.text for a in only_articles(read(tmp_path))] == ["First.", "Second."]
    assert "unknown extension" in only_error(read(tmp_path / "README.md")).reason


def test_missing_path_is_reported(tmp_path: Path) -> None:
    error = only_error(read(tmp_path / "nowhere.txt"))
    assert error.reason == "no such file or folder; check the path"


@pytest.mark.parametrize("published", ["1850-01-01", "2999-01-01"])
def test_absurd_dates_are_refused(tmp_path: Path, published: str) -> None:
    error = only_error(read(write(tmp_path / "old.txt", f" date {published} Talks.")))
    assert error.reason.startswith(f"absurd date {published}")


@pytest.mark.parametrize("data", [
    "\ufeff date 2021-02-03 Café talks.".encode(),
    " date 2021-02-03 Café talks.".encode("utf-16"),
    " date 2021-02-03 Café talks.".encode("cp1252"),
])
def test_encodings_are_decoded(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "enc.txt"
    path.write_bytes(data)
    [article] = only_articles(read(path))
    assert article.text == "Café talks."


def test_cp1252_fallback_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes(" date 2021-02-03 Café talks.".encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="newsgraph.articles"):
        only_articles(read(path))
    assert "read as cp1252" in caplog.text


@pytest.mark.parametrize("data, reason", [
    (" date 2021-02-03 CafÃ© talks donâ€™t end.".encode(), "mis-decoded"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
])
def test_damaged_text_is_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert reason in only_error(read(path)).reason


def test_files_over_the_size_limit_are_refused(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(articles.files, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "big.txt"
    path.write_bytes(b" date 2020-01-01 " + b"word " * 300_000)
    error = only_error(read(path))
    assert error.reason == "file is 1.4 MB, over the 1 MB limit; split it into smaller files"


LOWERED = ("the ministers of the two countries met in the capital on monday and agreed to reopen "
           "the border crossing, officials said. the talks, the first in a year, were held behind "
           "closed doors and ended with a joint statement on trade and security cooperation.")


def test_a_lower_cased_text_is_told_apart() -> None:
    assert articles.written_in_lower_case(LOWERED)
    restored = LOWERED.replace("the ministers", "The ministers").replace(". the", ". The")
    assert not articles.written_in_lower_case(restored.replace("monday", "Monday"))
    assert not articles.written_in_lower_case("too short to judge")


# --------------------------------------------------------------------------- languages


FRENCH = ("Le ministre des Affaires étrangères a rencontré lundi son homologue allemand à Paris "
          "pour parler de la guerre et des sanctions, a indiqué le ministère dans un communiqué.")
GERMAN = ("Der Außenminister traf sich am Montag mit seinem französischen Kollegen in Berlin, um "
          "über die Lage an der Grenze und neue Sanktionen zu sprechen, teilte das Amt mit.")
SPANISH = ("El ministro de Asuntos Exteriores se reunió el lunes con su homólogo peruano en Lima "
           "para hablar del comercio y de la frontera, informó la cancillería en un comunicado.")
ENGLISH = ("The foreign minister met his German counterpart in Paris on Monday to discuss the war "
           "and new sanctions, the ministry said in a statement after the talks.")


@pytest.mark.parametrize("text, language", [
    (FRENCH, "fr"), (GERMAN, "de"), (SPANISH, "es"), (ENGLISH, "en"),
])
def test_each_article_is_tagged_with_its_language(tmp_path: Path, text: str,
                                                  language: str) -> None:
    [article] = only_articles(read(write(tmp_path / "a.txt", f" date 2024-03-05 {text}")))
    assert article.language == language


def test_a_text_too_short_to_tell_has_no_language() -> None:
    assert articles.identify_language("Oman hosted talks.") is None


def test_english_prose_is_told_without_loading_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the statistical identifier was asked")

    monkeypatch.setattr(articles.languages, "_identifier", refuse)
    assert articles.identify_language(ENGLISH) == "en"


# --------------------------------------------------------------------------- mojibake


@pytest.mark.parametrize("text", [
    "São Paulo and Ångström, Straße, naïve résumé, “quoted” — and 1 000 €.",
    "Москва и Киев", "Zürich, Kraków, Bogotá, Reykjavík, Đà Nẵng", "«café» Ça va, Ève?",
])
def test_accented_text_is_not_taken_for_mojibake(text: str) -> None:
    assert articles.mis_decoded_at(text) is None


@pytest.mark.parametrize("text, at", [
    ("Peru donâ€™t agree", 8), ("CafÃ© talks", 3), ("Peru don\u00e2\u0080\u0099t", 8),
])
def test_mojibake_is_found_where_it_is(text: str, at: int) -> None:
    assert articles.mis_decoded_at(text) == at


def test_an_unforeseen_parser_failure_is_one_error_line(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> object:
        raise KeyError("surprise")

    monkeypatch.setitem(articles.reading.READERS, "txt", broken)
    error = only_error(read(write(tmp_path / "a.txt", " date 2024-03-05 Talks.")))
    assert error.reason.startswith("could not be read (KeyError: 'surprise'); this is a bug")
