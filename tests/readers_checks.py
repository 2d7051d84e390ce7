"""What every result of reading must be, whatever the input: shared by the hostile-input table
(test_readers_hostile) and the property tests (test_readers_properties)."""

from __future__ import annotations

from newsgraph.articles import Article
from newsgraph.errors import InputError


def assert_well_formed(results: list[Article | InputError]) -> None:
    """The input was read or named in an error; each error is one printable line, and each
    article can be written as UTF-8 (to the terminal and to SQLite)."""
    assert results, "the input was neither read nor named in an error"
    for item in results:
        assert isinstance(item, Article | InputError), type(item)
        if isinstance(item, InputError):
            line = f"error: {item}"
            assert "\n" not in line and "\r" not in line, line
            line.encode("utf-8")
            # the readers' last guard turns an unforeseen exception into this line: it must
            # not be what a bad input gets, or "no exception escapes" would prove nothing
            assert "this is a bug in newsgraph" not in line, line
        else:
            for value in (item.id, item.text, item.title, item.url, item.source, item.origin):
                if value is not None:
                    value.encode("utf-8")
