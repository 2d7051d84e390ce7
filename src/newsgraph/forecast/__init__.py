"""Forecasting what comes next between actors, from their event history.

- :mod:`.history`: quadruples ``(s, r, o, t)`` and benchmark splits;
- :mod:`.queries`: per-day views of a history (what a forecast at ``t`` may read);
- :mod:`.recurrency`: the recurrency baselines of Gastinger et al. (2024);
- :mod:`.features` and :mod:`.scorer`: history features and the learned scorer that beats them;
- :mod:`.metrics` and :mod:`.ranking`: time-aware filtered MRR / Hits@k, Brier score and ECE.
"""

from .history import History, Splits, read_splits
from .recurrency import RecurrencyParams, fit_recurrency, recurrency_scores

__all__ = ["History", "RecurrencyParams", "Splits", "fit_recurrency", "read_splits",
           "recurrency_scores"]
