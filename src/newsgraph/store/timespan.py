"""Date spans for range queries; the logic lives in ``newsgraph.dates``."""

from __future__ import annotations

from ..dates import date_bounds

__all__ = ["date_bounds"]
