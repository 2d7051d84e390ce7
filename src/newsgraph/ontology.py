"""The event ontology: PLOVER types and modes, with CAMEO codes, QuadClass and Goldstein beside them.

PLOVER is what newsgraph codes in; CAMEO codes and Goldstein scores are kept because most
existing event data (GDELT, ICEWS, Phoenix) is in CAMEO and analysts compare against it. The
facts live in ``data/plover.yaml`` (types, modes, quad classes, the CAMEO code standing for each
type/mode), ``data/cameo.csv`` (CAMEO codes and Goldstein scores) and ``data/cameo_plover.csv``
(the CAMEO -> PLOVER map); users extend or replace any of them with their own files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .knowledge import data_path, load_csv, load_yaml

PLOVER_FILE = "plover.yaml"
CAMEO_FILE = "cameo.csv"
MAP_FILE = "cameo_plover.csv"


@dataclass(frozen=True)
class EventCode:
    """One PLOVER type (and mode) with the CAMEO code, quad class and scores that go with it."""

    type: str
    mode: str | None
    cameo: str | None
    quad_class: int | None
    goldstein: float | None
    plover_score: float | None = None


@dataclass
class _Type:
    quad_class: int
    cameo: str
    plover_score: float | None
    modes: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Ontology:
    """PLOVER types and modes; CAMEO codes with Goldstein scores; the CAMEO -> PLOVER map."""

    _types: dict[str, _Type]
    _goldstein: dict[str, float]
    _cameo_names: dict[str, str]
    _map: dict[str, tuple[str, str | None]]
    decisions: list[dict[str, str]] = field(default_factory=list)
    _root_quads: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, files: Iterable[str | Path] = ()) -> Ontology:
        """The shipped ontology, then each user file on top (``.yaml`` types, ``.csv`` codes or map).

        A user YAML has the shape of ``plover.yaml``; a user CSV is told apart by its header:
        ``code,goldstein[,name]`` adds CAMEO codes, ``cameo,type[,mode]`` adds map rows.
        """
        onto = cls({}, {}, {}, {})
        onto._add_yaml(load_yaml(data_path(PLOVER_FILE)), data_path(PLOVER_FILE))
        onto._add_csv(data_path(CAMEO_FILE))
        onto._add_csv(data_path(MAP_FILE))
        for f in files:
            if Path(f).suffix.lower() in (".yaml", ".yml"):
                onto._add_yaml(load_yaml(f), Path(f))
            elif Path(f).suffix.lower() == ".csv":
                onto._add_csv(Path(f))
            else:
                raise ConfigError(f"{f}: ontology files are .yaml or .csv")
        onto._check()
        return onto

    # -- loading -------------------------------------------------------------------------------

    def _add_yaml(self, data: Any, path: Path) -> None:
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a mapping with a 'types' key")
        self.decisions.extend(data.get("decisions") or [])
        for root, quad in (data.get("cameo_quad_classes") or {}).items():
            self._root_quads[str(root).zfill(2)] = int(quad)
        for name, spec in (data.get("types") or {}).items():
            self._add_type(str(name).upper(), spec or {}, path)

    def _add_type(self, name: str, spec: dict[str, Any], path: Path) -> None:
        old = self._types.get(name)
        try:
            quad = int(spec["quad_class"]) if "quad_class" in spec else old.quad_class  # type: ignore[union-attr]
            cameo = str(spec["cameo"]) if "cameo" in spec else old.cameo  # type: ignore[union-attr]
        except (AttributeError, TypeError, ValueError):
            raise ConfigError(f"{path}: type {name} needs quad_class (1-4) and cameo") from None
        score = spec.get("plover_score", old.plover_score if old else None)
        modes = dict(old.modes) if old else {}
        for mode, mspec in (spec.get("modes") or {}).items():
            modes[str(mode)] = {**modes.get(str(mode), {}), **(mspec or {})}
        self._types[name] = _Type(quad, cameo, score, modes)

    def _add_csv(self, path: Path) -> None:
        for row in load_csv(path):
            if "goldstein" in row and "code" in row:
                self._goldstein[row["code"].strip()] = float(row["goldstein"])
                if row.get("name"):
                    self._cameo_names[row["code"].strip()] = row["name"]
            elif "cameo" in row and "type" in row:
                self._map[row["cameo"].strip()] = (row["type"].strip(), row.get("mode", "").strip() or None)
            else:
                raise ConfigError(f"{path}: header must be code,goldstein[,name] or cameo,type[,mode]")

    def _check(self) -> None:
        """Fail on load, not mid-ingest, when a type or map row names something unknown."""
        for name, t in self._types.items():
            if t.quad_class not in (1, 2, 3, 4):
                raise ConfigError(f"ontology: {name} has quad_class {t.quad_class}; use 1-4")
        for root, quad in self._root_quads.items():
            if quad not in (1, 2, 3, 4):
                raise ConfigError(f"ontology: CAMEO root {root} has quad class {quad}; use 1-4")
        for code, (type_, mode) in self._map.items():
            if type_ not in self._types:
                raise ConfigError(f"ontology: CAMEO {code} maps to unknown type {type_}")
            if mode is not None and mode not in self._types[type_].modes:
                raise ConfigError(f"ontology: CAMEO {code} maps to unknown mode {type_}/{mode}")

    # -- queries -------------------------------------------------------------------------------

    def types(self) -> list[str]:
        """The PLOVER event types, in the manual's order (cooperation to conflict)."""
        return list(self._types)

    def modes(self, type: str) -> list[str]:
        """The modes of one type (empty for types without modes)."""
        return list(self._type(type).modes)

    def describe(self, type: str, mode: str | None = None) -> EventCode:
        """Everything stored about a type and mode; an unknown mode falls back to the bare type."""
        t = self._type(type)
        spec = t.modes.get(mode) if mode else None
        cameo = str(spec["cameo"]) if spec and spec.get("cameo") else t.cameo
        score = spec.get("plover_score") if spec else t.plover_score
        return EventCode(type.upper(), mode if spec else None, cameo,
                         self.quad_class(cameo, t.quad_class), self.goldstein(cameo), score)

    def describe_cameo(self, code: str) -> EventCode | None:
        """An EventCode for a specific CAMEO code (e.g. ``0256`` for an appeal to de-escalate)."""
        found = self.from_cameo(code)
        if found is None:
            return None
        base = self.describe(*found)
        return EventCode(base.type, base.mode, code, self.quad_class(code, base.quad_class),
                         self.goldstein(code), base.plover_score)

    def from_cameo(self, code: str) -> tuple[str, str | None] | None:
        """PLOVER type and mode of a CAMEO code, trying ever shorter prefixes; None if uncoded."""
        code = code.strip()
        for n in range(len(code), 1, -1):
            if code[:n] in self._map:
                return self._map[code[:n]]
        return None

    def to_cameo(self, type: str, mode: str | None = None) -> str:
        """The CAMEO code chosen to stand for a PLOVER type and mode (see plover.yaml)."""
        code = self.describe(type, mode).cameo
        assert code is not None
        return code

    def type_quad_class(self, type: str) -> int:
        """The quad category the PLOVER manual gives a type (what kind of act it is), whatever
        CAMEO code a single event of it carries."""
        return self._type(type).quad_class

    def quad_class(self, code: str | None, default: int | None) -> int | None:
        """The QuadClass of a CAMEO code, from its root (``plover.yaml`` decision
        quad-from-cameo); ``default`` (the PLOVER type's) when the code or root is unknown."""
        if not code:
            return default
        return self._root_quads.get(code.strip()[:2], default)

    def goldstein(self, code: str) -> float | None:
        """CAMEO's Goldstein score for a code, falling back to its nearest listed parent."""
        for n in range(len(code), 1, -1):
            if code[:n] in self._goldstein:
                return self._goldstein[code[:n]]
        return None

    def cameo_name(self, code: str) -> str | None:
        """The CAMEO codebook's name of a code."""
        return self._cameo_names.get(code)

    def _type(self, type: str) -> _Type:
        try:
            return self._types[type.upper()]
        except KeyError:
            known = ", ".join(self._types)
            raise ConfigError(f"unknown PLOVER type {type!r}; known: {known}") from None
