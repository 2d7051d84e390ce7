"""Hostile and odd inputs, one table: every input is read or named in one error line, no
exception escapes, nothing hangs or grows without bound. Inputs are generated here, at run
time, in a temporary folder (nothing big is committed).

Cases that could block (a FIFO) or read for ever (``/dev/zero``) run in a child process with a
time limit and a memory limit, so a regression fails the test instead of stopping the suite.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsgraph.articles import Article, read_articles
from newsgraph.errors import InputError
from readers_checks import assert_well_formed

DATE = " date 2024-03-05 "
SENTENCE = "The foreign ministers of Chile and Peru met in Lima on Monday to discuss trade."


@dataclass(frozen=True)
class Case:
    """One input: how to make it, and what reading it must give.

    ``error`` is a fragment of the one error expected (None: no error); ``articles`` how many
    articles must come out; ``either`` accepts an error or articles (for inputs where both are
    fair readings, such as an unterminated CSV quote).
    """

    name: str
    build: Callable[[Path], Path]
    error: str | None = None
    articles: int = 0
    repair: bool = False
    date: dt.date | None = None
    either: bool = False
    special: bool = False  # may block or read for ever: run in a child process
    check: Callable[[list[Article]], bool] | None = None


def file(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path
    return build


def record(**fields: object) -> str:
    return json.dumps({"date": "2024-03-05", **fields})


def raw_record(text_json: str) -> str:
    """A JSON record whose text value is written as given (escapes and all)."""
    return '{"date": "2024-03-05", "text": ' + text_json + "}"


def gz(name: str, data: bytes) -> Callable[[Path], Path]:
    return file(name, gzip.compress(data))


def folder(*entries: tuple[bytes, bytes | None]) -> Callable[[Path], Path]:
    """A folder of files named by bytes (not necessarily UTF-8); None makes a FIFO."""
    def build(tmp: Path) -> Path:
        root = tmp / "in"
        root.mkdir()
        for name, data in entries:
            target = os.path.join(os.fsencode(root), name)
            if data is None:
                os.mkfifo(target)
            else:
                with open(target, "wb") as fh:
                    fh.write(data)
        return root
    return build


def named(name: bytes, data: bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        target = os.path.join(os.fsencode(tmp), name)
        with open(target, "wb") as fh:
            fh.write(data)
        return Path(os.fsdecode(target))
    return build


def link(name: str, target: str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.symlink_to(target)
        return path
    return build


def fifo(tmp: Path) -> Path:
    path = tmp / "x.txt"
    os.mkfifo(path)
    return path


def unix_socket(tmp: Path) -> Path:
    path = tmp / "s.txt"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()
    return path


def looped_folder(tmp: Path) -> Path:
    root = tmp / "in"
    root.mkdir()
    (root / "a.txt").write_text(DATE + SENTENCE)
    (root / "loop").symlink_to(root)
    return root


def sparse(name: str, size: int) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        with open(path, "wb") as fh:
            fh.write(DATE.encode())
            fh.truncate(size)
        return path
    return build


def empty_folder(tmp: Path) -> Path:
    root = tmp / "in"
    root.mkdir()
    (root / "notes.md").write_text("# notes")
    return root


def corrupt_gzip() -> bytes:
    packed = bytearray(gzip.compress((DATE + SENTENCE * 50).encode()))
    packed[20:40] = b"\xff" * 20  # inside the deflate stream
    return bytes(packed)


def text_of(n: int) -> str:
    return (SENTENCE + " ") * (n // (len(SENTENCE) + 1) + 1)


def has(fragment: str) -> Callable[[list[Article]], bool]:
    return lambda found: all(fragment in a.text for a in found)


BOMB = gzip.compress(b" " * (51 * 1024 * 1024))
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lollollollollollollollollol">'
          + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True))
          + ']><rss version="2.0"><channel><title>t</title><item><title>&i;</title>'
            "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><description>&i;</description>"
            "</item></channel></rss>")

CASES = [
    # structure
    Case("json nested 100,000 deep", file("deep.json", "[" * 100_000 + "]" * 100_000), "nested too deeply"),
    Case("json object nested 100,000 deep", file("deep.json", '{"a":' * 100_000 + "1" + "}" * 100_000), "nested too deeply"),
    Case("jsonl line nested 100,000 deep", file("deep.jsonl", record(text=SENTENCE) + "\n" + "[" * 100_000 + "]" * 100_000), "nested too deeply", articles=1),
    Case("json integer of 5,000 digits", file("n.json", '{"date": "2024-03-05", "text": "x y", "id": ' + "9" * 5000 + "}"), "unreadable JSON value"),
    Case("json NaN as text", file("nan.json", '{"date": "2024-03-05", "text": NaN}'), "'text' field is a number"),
    Case("json top-level string", file("s.json", '"just a string"'), "expected a JSON object or a list"),
    Case("json empty list", file("e.json", "[]"), "empty JSON list"),
    Case("json list of numbers", file("l.json", "[1]"), "expected a JSON object, got a number"),
    # lone surrogates and mojibake after JSON unescaping
    Case("jsonl lone surrogate in text", file("s.jsonl", raw_record('"a \\ud800 b talks"')), "lone surrogate U+D800"),
    Case("jsonl lone low surrogate in title", file("s.jsonl", record(text=SENTENCE)[:-1] + ', "title": "x \\udc80"}'), "lone surrogate U+DC80"),
    Case("jsonl lone surrogate repaired", file("s.jsonl", raw_record('"Chile \\ud800 and Peru met."')), articles=1, repair=True, check=has("\ufffd")),
    Case("jsonl surrogate pair is one character", file("s.jsonl", raw_record('"Talks \\ud83d\\ude00 ended."')), articles=1, check=has("\U0001f600")),
    Case("json escaped mojibake", file("m.json", raw_record('"Peru don\\u00e2\\u0080\\u0099t agree, Chile said."')), "looks mis-decoded"),
    Case("json escaped mojibake repaired", file("m.json", raw_record('"Peru don\\u00e2\\u0080\\u0099t agree, Chile said."')), articles=1, repair=True, check=has("don’t")),
    Case("txt one mojibake sequence", file("m.txt", DATE + "Peru donâ€™t agree, Chile said."), "looks mis-decoded"),
    Case("txt mojibake repaired", file("m.txt", DATE + "Peru donâ€™t agree, CafÃ© said."), articles=1, repair=True, check=has("don’t agree, Café")),
    # encodings
    Case("damaged UTF-8 in an ASCII file", file("d.txt", (DATE + "The talks in Caf").encode() + b"\xc3 ended on Monday."), "damaged UTF-8 (byte 0xc3 at offset 33"),
    Case("damaged UTF-8 beside valid UTF-8", file("d.txt", (DATE + "Café talks in ").encode() + b"Lim\xe1 ended."), "damaged UTF-8 (byte 0xe1"),
    Case("damaged UTF-8 repaired", file("d.txt", (DATE + "Café talks in ").encode() + b"Lim\xe1 ended."), articles=1, repair=True, check=has("Café talks")),
    Case("UTF-8 encoded surrogate bytes", file("d.txt", DATE.encode() + b"a \xed\xa0\x80 b"), "damaged UTF-8 (byte 0xed"),
    Case("cp1252 file still read", file("w.txt", (DATE + "Café talks, don’t stop.").encode("cp1252")), articles=1, check=has("Café talks, don’t")),
    Case("UTF-16 LE without BOM", file("u.txt", (DATE + "Café talks.").encode("utf-16-le")), articles=1, check=has("Café talks.")),
    Case("UTF-16 BE without BOM", file("u.txt", (DATE + "Café talks.").encode("utf-16-be")), articles=1, check=has("Café talks.")),
    Case("UTF-16 with BOM", file("u.txt", (DATE + "Café talks.").encode("utf-16")), articles=1),
    Case("UTF-32 with BOM", file("u.txt", (DATE + "Café talks.").encode("utf-32")), articles=1, check=has("Café talks.")),
    Case("binary PNG header", file("b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "binary file"),
    # empty inputs
    Case("empty txt", file("e.txt", b""), "empty file"),
    Case("whitespace-only txt", file("e.txt", " \n\t \r\n  "), "empty file"),
    Case("BOM only", file("e.txt", b"\xef\xbb\xbf\n"), "empty file"),
    Case("empty json", file("e.json", b""), "empty file"),
    Case("empty jsonl", file("e.jsonl", "\n\n"), "empty file"),
    Case("empty csv", file("e.csv", b""), "empty file"),
    Case("empty gzip member", gz("e.txt.gz", b""), "empty file"),
    Case("header and no body", file("h.txt", " date 2024-01-05 \n\n"), "empty text"),
    Case("only punctuation", file("p.txt", DATE + "... !!! ---"), "no words"),
    Case("only zero-width spaces", file("z.jsonl", record(text="\u200b\u200b")), "no words"),
    # JSON in the wrong file, values of the wrong type
    Case("JSON array in .jsonl", file("a.jsonl", "[\n" + record(text=SENTENCE) + ",\n" + record(text=SENTENCE) + "\n]\n"), "looks like a JSON array"),
    Case("one-line JSON array in .jsonl", file("a.jsonl", "[" + record(text=SENTENCE) + "]"), "name the file .json"),
    Case("pretty-printed object in .jsonl", file("p.jsonl", json.dumps({"date": "2024-03-05", "text": SENTENCE}, indent=2)), "spread over several lines"),
    Case("text is a list", file("t.jsonl", record(text=["Chile", "Peru"])), "'text' field is a list"),
    Case("text is a number", file("t.jsonl", record(text=42)), "'text' field is a number"),
    Case("text is an object", file("t.json", record(text={"p": SENTENCE})), "'text' field is an object"),
    Case("text is true", file("t.jsonl", record(text=True)), "'text' field is true/false"),
    Case("title is an object", file("t.jsonl", record(text=SENTENCE, title={"x": 1})), "'title' field is an object"),
    Case("date is a number", file("t.jsonl", record(text=SENTENCE) .replace('"2024-03-05"', "20240305")), "'date' field is a number"),
    Case("id is a list", file("t.jsonl", record(text=SENTENCE, id=[1])), "'id' field is a list"),
    Case("id is a number", file("t.jsonl", record(text=SENTENCE, id=17)), articles=1),
    Case("U+2028 inside a JSONL string", file("l.jsonl", raw_record('"Chile\u2028and Peru met."')), articles=1),
    Case("C1 control (NEL) in text, a cp1252 ellipsis misread", file("l.jsonl", raw_record('"Chile\u0085and Peru met."')), "looks mis-decoded"),
    Case("NUL escape inside text", file("n.jsonl", raw_record('"Chile\\u0000 and Peru met."')), articles=1, check=lambda f: "\x00" not in f[0].text),
    # CSV
    Case("csv header only", file("h.csv", "id,date,text\n"), "a header line and no records"),
    Case("csv with semicolons", file("s.csv", "id;date;text\n1;2024-03-05;Talks\n"), "separated by semicolons"),
    Case("csv unterminated quote", file("q.csv", 'date,text\n2024-03-05,"Chile and Peru\n'), either=True),
    Case("csv field over the size limit", file("f.csv", "date,text\n2024-03-05," + "x" * (5 * 1024 * 1024) + "\n"), "malformed CSV"),
    Case("csv short row", file("r.csv", "date,title,text\n2024-03-05\n"), "no 'text'"),
    # sizes
    Case("text of 1.5 million characters", file("big.txt", DATE + text_of(1_500_000)), articles=1, check=lambda f: len(f[0].text) > 1_000_000),
    Case("text over 2 MB", file("big.jsonl", record(text=text_of(2_200_000))), "over the 2 MB limit"),
    Case("sparse file over 50 MB", sparse("s.txt", 60 * 1024 * 1024), "over the 50 MB limit"),
    Case("gzip bomb", file("bomb.txt.gz", BOMB), "once decompressed"),
    Case("gzip with a corrupt body", file("c.txt.gz", corrupt_gzip()), "not a valid gzip file"),
    Case("gzip cut short", file("c.txt.gz", gzip.compress((DATE + SENTENCE).encode())[:-12]), "not a valid gzip file"),
    Case("not gzip at all", file("c.txt.gz", b"plain text"), "not a valid gzip file"),
    # names and folders
    Case("folder holding bad\\xffname.txt", folder((b"bad\xffname.txt", (DATE + SENTENCE).encode())), articles=1, check=lambda f: "\\xff" in (f[0].origin or "") and "\\xff" in f[0].id),
    Case("bad\\xffname.txt named", named(b"bad\xffname.txt", b"no header"), "no date header"),
    Case("newline in a file name", named(b"a\nb.txt", b"no header"), "no date header"),
    Case("terminal escape in a file name", named(b"\x1b[31mred.txt", b"no header"), "no date header"),
    Case("NUL in a path", lambda tmp: Path(str(tmp / "a\x00b.txt")), "cannot"),
    Case("missing file", lambda tmp: tmp / "nowhere.txt", "no such file"),
    Case("missing file without extension", lambda tmp: tmp / "nowhere", "no such file"),
    Case("unknown extension", file("notes.md", "# notes"), "unknown extension"),
    Case("broken symlink", link("b.txt", "/nonexistent/target.txt"), "broken symbolic link"),
    Case("symlink loop in a folder", looped_folder, articles=1),
    Case("folder with no article files", empty_folder, "no article files in the folder"),
    Case("unix socket named s.txt", unix_socket, "socket"),
    Case(".txt symlink to /dev/zero", link("z.txt", "/dev/zero"), "character device", special=True),
    Case(".txt symlink to /dev/urandom", link("r.txt", "/dev/urandom"), "character device", special=True),
    Case("gzip symlink to /dev/zero", link("z.txt.gz", "/dev/zero"), "character device", special=True),
    Case("FIFO named x.txt", fifo, "named pipe", special=True),
    Case("folder holding a FIFO and a file", folder((b"a.txt", (DATE + SENTENCE).encode()), (b"x.txt", None)), "named pipe", articles=1, special=True),
    # dates
    Case("year 99999 in the header", file("y.txt", " date 99999-01-01 Talks."), "invalid date"),
    Case("date 2024-02-30", file("d.jsonl", record(text=SENTENCE).replace("2024-03-05", "2024-02-30")), "invalid date"),
    Case("very long date value", file("d.jsonl", record(text=SENTENCE).replace("2024-03-05", "9" * 10_000)), "invalid date"),
    # web formats
    Case("html nested 100,000 deep", file("d.html", "<html><body>" + "<div>" * 100_000 + SENTENCE + "</div>" * 100_000 + "</body></html>"), date=dt.date(2024, 3, 5), either=True),
    Case("html without main text", file("e.html", "<html><head></head><body></body></html>"), "no main text"),
    Case("feed with entity expansion", file("l.rss", LAUGHS), either=True),
    Case("feed entry without a date", file("n.rss", '<rss version="2.0"><channel><title>t</title><item><description>Talks.</description></item></channel></rss>'), "no published or updated date"),
    Case("xml that is not a feed", file("x.xml", "<catalog><book/></catalog>"), "not an RSS or Atom feed"),
    Case("CR-only line ends", file("cr.txt", " date 2024-03-05\rChile and Peru met.\rThey agreed."), articles=1),
]


def read_case(case: Case, tmp: Path) -> list[Article | InputError]:
    path = case.build(tmp)
    return list(read_articles([path], case.date, repair_encoding=case.repair))


def assert_expected(case: Case, results: list[Article | InputError]) -> None:
    assert_well_formed(results)
    found = [r for r in results if isinstance(r, Article)]
    errors = [r for r in results if isinstance(r, InputError)]
    if case.either:
        return
    assert len(found) == case.articles, [str(e)[:300] for e in errors]
    if case.error is None:
        assert not errors, [str(e)[:300] for e in errors]
    else:
        assert len(errors) == 1, [str(e)[:300] for e in errors]
        assert case.error in errors[0].reason, errors[0].reason[:300]
    if case.check is not None:
        assert case.check(found)


ORDINARY = [c for c in CASES if not c.special]
SPECIAL = [c for c in CASES if c.special]


@pytest.mark.parametrize("case", ORDINARY, ids=[c.name for c in ORDINARY])
def test_hostile_input_is_read_or_named(case: Case, tmp_path: Path) -> None:
    assert_expected(case, read_case(case, tmp_path))


CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from newsgraph.articles import Article, read_articles
for path in sys.argv[1:]:
    out = [["article", r.text[:100]] if isinstance(r, Article) else ["error", r.reason]
           for r in read_articles([path])]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"results": out, "peak_mb": peak}), flush=True)
"""


@pytest.fixture(scope="module")
def special_answers(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """All special cases read in one child process (one interpreter start), in table order."""
    paths = [str(case.build(tmp_path_factory.mktemp("special"))) for case in SPECIAL]
    done = subprocess.run([sys.executable, "-c", CHILD, *paths], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.strip().splitlines()]


@pytest.mark.parametrize("index", range(len(SPECIAL)), ids=[c.name for c in SPECIAL])
def test_special_files_are_refused_without_reading(
        index: int, special_answers: list[dict[str, Any]]) -> None:
    case, answer = SPECIAL[index], special_answers[index]
    kinds = [kind for kind, _ in answer["results"]]
    assert kinds.count("article") == case.articles
    assert kinds.count("error") == 1
    assert any(case.error in reason for kind, reason in answer["results"] if kind == "error")
    assert answer["peak_mb"] < 1500  # the interpreter and newsgraph's imports, not a device
