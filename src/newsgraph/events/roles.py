"""The words that mark argument roles (``data/roles.yaml``): place, aim, stance, condition and
complement prepositions, and the nouns and verbs the role finders test.

The finders in ``arguments``, ``targets``, ``sources`` and ``nominal`` take no lexicon, so the
shipped file is read once, through the one loader, into a frozen record; nothing in it changes
after loading.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

from ..errors import ConfigError
from ..knowledge import data_path, load_yaml

ROLES_FILE = "roles.yaml"


@dataclass(frozen=True)
class RoleWords:
    """The lists of ``roles.yaml``; see that file for what each one decides."""

    group_place_preps: frozenset[str]
    aim_preps: frozenset[str]
    stance_nouns: frozenset[str]
    condition_marks: frozenset[str]
    complement_preps: frozenset[str]
    place_preps: frozenset[str]
    stance_preps: frozenset[str]
    instrument_verbs: frozenset[str]
    placing_verbs: frozenset[str]
    documents: frozenset[str]
    cessation: frozenset[str]
    background_marks: frozenset[str]
    antecedent_possessives: frozenset[str]
    compulsion_verbs: frozenset[str]
    origin_preps: frozenset[str]
    claim_verbs: frozenset[str]
    responsibility_nouns: frozenset[str]
    responsibility_verbs: frozenset[str]
    recourse_verbs: frozenset[str]


def load_role_words(path: str | None = None) -> RoleWords:
    """Read a roles file; a missing list names the file and the key."""
    where = path or data_path(ROLES_FILE)
    data = load_yaml(where) or {}
    lists = {}
    for f in fields(RoleWords):
        if not isinstance(data.get(f.name), list):
            raise ConfigError(f"{where}: '{f.name}' must be a list of words")
        lists[f.name] = frozenset(str(w).lower() for w in data[f.name])
    return RoleWords(**lists)


@lru_cache(maxsize=1)
def role_words() -> RoleWords:
    """The shipped role words, read on first use."""
    return load_role_words()
