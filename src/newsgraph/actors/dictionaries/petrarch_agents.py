"""PETRARCH / Phoenix agent dictionaries: generic agents such as ``POLICE [~COP]``.

An agent is a sector added to whatever actor it is attached to ("Iranian police" is IRNCOP).
``~GOV`` puts the code after the actor's, ``NGO~`` before it; ``{}`` after the name asks for the
regular plural, ``{A, B}`` lists irregular ones, and ``!SET! = A, B`` lines define substitutions
(``CONGRESS!PERSON!``). A line whose code has no ``~`` is skipped and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .petrarch_actors import CODE_BLOCK, display_name
from .text import Skipped, read_text, strip_comments

_AGENT_LINE = re.compile(r"^\s*([^\[{=]+?)\s*(?:\{([^}]*)\})?\s*\[\s*([^\]]*?)\s*\]")


@dataclass
class PetrarchAgent:
    """A generic agent (``POLICE [~COP]``): a sector added to whatever actor it is attached to.

    ``prefix`` is True for ``[NGO~]`` (the code goes before the actor's code), False for ``[~GOV]``.
    """

    name: str
    plurals: list[str]
    code: str
    prefix: bool = False


def _substitutions(lines: list[str]) -> dict[str, list[str]]:
    subs: dict[str, list[str]] = {}
    for line in lines:
        if line.strip().startswith("!") and "=" in line:
            key, values = line.split("=", 1)
            subs[key.strip()] = [v.strip() for v in values.split(",") if v.strip()]
    return subs


def _expand(name: str, subs: dict[str, list[str]]) -> list[str]:
    for key, values in subs.items():
        if key in name:
            return [n for v in values for n in _expand(name.replace(key, v), subs)]
    return [name]


def read_petrarch_agents(path: Path, skipped: Skipped | None = None) -> list[PetrarchAgent]:
    """Generic agents (``POLICE {} [~COP]``) with ``!SET!`` substitutions expanded.

    ``{}`` means the regular plural (``S`` added); ``{A, B}`` lists irregular plurals.
    """
    path = Path(path)
    skipped = Skipped() if skipped is None else skipped
    lines = strip_comments(read_text(path))
    subs = _substitutions(lines)
    agents: list[PetrarchAgent] = []
    for number, line in enumerate(lines, start=1):
        m = _AGENT_LINE.match(line)
        if m is None or "=" in line.split("[")[0]:
            continue
        raw_code = m[3].strip()
        if not raw_code or "~" not in raw_code:
            skipped.add(f"line {number}: agent code '[{raw_code}]' needs '~' (~GOV appends to "
                        "the actor's code, NGO~ prefixes it)")
            continue
        for name in _expand(m[1], subs):
            plurals = ([p.strip() for p in m[2].split(",") if p.strip()] if m[2] else [])
            if m[2] is not None and not plurals:
                plurals = [name + "S"]
            agents.append(PetrarchAgent(
                display_name(name), [display_name(p) for p in plurals],
                raw_code.replace("~", "").strip(), prefix=raw_code.endswith("~"),
            ))
    return agents


def first_code_is_agent(lines: list[str]) -> bool:
    """Agent codes carry ``~`` (where the agent's code goes); actor codes never do. The first
    code block of the file decides."""
    for line in lines:
        block = CODE_BLOCK.search(line)
        if block is not None and not line.strip().startswith("!"):
            return "~" in block.group(1)
    return False
