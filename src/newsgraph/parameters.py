"""Checking the arguments of the Python API, so a wrong one fails at once and says which.

A wrong type raises ``TypeError``, a value of the right type that cannot be used raises
``ValueError``; both name the parameter and what it takes. Dates are ``datetime.date`` or ISO
strings ("2023-01-01"), as a user types them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .store.queries import MODALITY_CHOICES


def as_date(name: str, value: Any) -> dt.date | None:
    """``value`` as a date: a ``datetime.date`` (a datetime gives its day), an ISO string, or
    None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{name}: {value!r} is not a date; use YYYY-MM-DD or a "
                             "datetime.date") from None
    raise TypeError(f"{name}: takes a datetime.date or a 'YYYY-MM-DD' string, not "
                    f"{type(value).__name__} {value!r}")


def as_text(name: str, value: Any) -> str | None:
    """A string parameter (a name, an id, a code), or None."""
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{name}: takes a string, not {type(value).__name__} {value!r}")


def as_pair(name: str, value: Any) -> tuple[str, str] | None:
    """Two actors (names, ids or ISO3 codes), or None."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(f"{name}: takes two actors, e.g. ('FRA', 'IRN'), not {value!r}")
    first, second = value
    return as_text(f"{name}[0]", first) or "", as_text(f"{name}[1]", second) or ""


def as_count(name: str, value: Any, minimum: int = 0) -> int | None:
    """A whole number of at least ``minimum``, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: takes a whole number, not {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name}: must be at least {minimum}, not {value}")
    return value


def as_modality(name: str, value: Any) -> str:
    text = as_text(name, value)
    if text not in MODALITY_CHOICES:
        raise ValueError(f"{name}: must be one of {', '.join(MODALITY_CHOICES)}, not {value!r}")
    return text


def as_flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name}: takes True or False, not {type(value).__name__} {value!r}")
    return value


def date_range(since: Any, until: Any) -> tuple[dt.date | None, dt.date | None]:
    """``since`` and ``until`` checked, and in order."""
    lo, hi = as_date("since", since), as_date("until", until)
    if lo and hi and lo > hi:
        raise ValueError(f"since ({lo}) is after until ({hi}); swap them")
    return lo, hi
