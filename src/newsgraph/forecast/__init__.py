"""Forecasting what comes next between actors, from their event history.

- :mod:`.history`: quadruples ``(s, r, o, t)`` and benchmark splits;
- :mod:`.queries`: per-day views of a history (what a forecast at ``t`` may read);
- :mod:`.recurrency`: the recurrency baselines of Gastinger et al. (2024);
- :mod:`.features` and :mod:`.scorer`: history features and the learned scorer that beats them;
- :mod:`.metrics` and :mod:`.ranking`: time-aware filtered MRR / Hits@k, Brier score and ECE.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "History": "history", "Splits": "history", "read_splits": "history",
    "RecurrencyParams": "recurrency", "fit_recurrency": "recurrency",
    "recurrency_scores": "recurrency", "PairOutlook": "pairs", "TypeOutlook": "pairs",
    "pair_outlook": "pairs", "OutlookModel": "outlook", "Backtest": "outlook",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Load on first use: the CLI imports this package for one command; numpy waits."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
