"""The store seam (issue 10, section 1): outside ``newsgraph.store`` nothing touches the
database connection; every read and write goes through a ``Store`` method, so a second backend
(PostgreSQL) needs only the store and its dialect module, not a hunt through the callers."""

from __future__ import annotations

import re
from pathlib import Path

import newsgraph

PACKAGE = Path(newsgraph.__file__).parent
CONNECTION = re.compile(r"\.conn\b")


def modules_outside_the_store() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if PACKAGE / "store" not in p.parents]


def test_the_package_has_modules_outside_the_store() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in modules_outside_the_store()}
    assert {"api.py", "pipeline.py", "recoding.py", "imports.py", "panel.py",
            "web/app.py"} <= names


def test_no_module_outside_the_store_touches_its_connection() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}"
        for path in modules_outside_the_store()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CONNECTION.search(line)
    ]
    assert offenders == []


def test_the_check_sees_a_connection_use() -> None:
    assert CONNECTION.search("rows = graph.store.conn.execute(sql)")
    assert not CONNECTION.search("self.connect(url)")
