"""The one loader of newsgraph's package data and of users' own override files.

Ontology, actor knowledge and verb lexicons live as YAML/CSV in ``newsgraph/data``. Users edit
copies or pass their own files; both go through the functions here so that errors read the same.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import ConfigError


def data_path(name: str) -> Path:
    """Path of a shipped data file, e.g. ``data_path("plover.yaml")``."""
    from importlib import resources  # here, as yaml below: read-only commands load no data

    return Path(str(resources.files("newsgraph") / "data" / name))


def _read_text(path: str | Path) -> str:
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML data file; a syntax error names the file and line."""
    import yaml

    try:
        # libyaml's loader, where installed, is ~8x faster: the actor data is loaded per worker
        return yaml.load(_read_text(path), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{where}: invalid YAML ({getattr(exc, 'problem', exc)})") from None


def load_csv(path: str | Path) -> Iterator[dict[str, str]]:
    """Rows of a CSV data file with a header line; ``#`` lines are comments."""
    text = _read_text(path)
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(io.StringIO("\n".join(lines)))


def shipped_yaml(name: str) -> Any:
    """Load a YAML file shipped in ``newsgraph/data``."""
    return load_yaml(data_path(name))


def shipped_csv(name: str) -> list[dict[str, str]]:
    """Load a CSV file shipped in ``newsgraph/data``."""
    return list(load_csv(data_path(name)))
