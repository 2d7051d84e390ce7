"""Plain text tables (newsgraph.terminal): aligned columns, narrowed to the width, every value
kept."""

from __future__ import annotations

from newsgraph.terminal import GAP, column_widths, text_table


def test_columns_are_as_wide_as_their_widest_value_and_two_spaces_apart():
    out = text_table(("date", "source"), [("2023-03-04", "Olaf Scholz"), ("undated", "EU")],
                     width=120)
    assert out.splitlines() == ["date        source", "2023-03-04  Olaf Scholz",
                                "undated     EU"]


def test_a_row_wider_than_the_width_wraps_its_widest_column_and_keeps_every_word():
    sentence = "Emmanuel Macron, Olaf Scholz, Giorgia Meloni and Pedro Sanchez"
    out = text_table(("date", "parties", "id"), [("2023-03-04", sentence, "ev_1")], width=40)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 40
    parties = 40 - 2 * len(GAP) - len("2023-03-04") - len("ev_1")  # what is left for it
    assert " ".join(line[12:12 + parties].strip() for line in lines[1:]) == sentence
    assert lines[1].startswith("2023-03-04  ") and lines[1].endswith("  ev_1")
    assert all(line.startswith(" " * 12) for line in lines[2:])  # continuation lines align


def test_a_word_longer_than_its_column_is_cut_not_lost():
    word = "x" * 30
    out = text_table(("a", "b"), [(word, "y" * 30)], width=40)
    lines = out.splitlines()[1:]
    assert max(len(line) for line in out.splitlines()) <= 40
    assert "".join(line[:19].strip() for line in lines) == word


def test_columns_never_narrow_below_four_characters():
    widths = column_widths([10, 10, 10], width=5)
    assert widths == [4, 4, 4] and len(GAP) == 2


def test_an_empty_table_is_its_header():
    assert text_table(("date", "id"), [], width=120) == "date  id"


def test_the_width_is_the_terminal_s_but_never_under_the_minimum(monkeypatch):
    from newsgraph.terminal import MIN_WIDTH, table_width

    monkeypatch.setenv("COLUMNS", "200")
    assert table_width() == 200
    monkeypatch.setenv("COLUMNS", "40")
    assert table_width() == MIN_WIDTH
