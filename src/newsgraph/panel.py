"""Research panels: events counted per country or dyad and per week, month or year.

The table political scientists regress on: one row per unit and period, zero-filled (a dyad
with no event in a month has a row of zeros, not a missing row), with ISO3 codes,
Gleditsch-Ward state numbers (country-converter's table) and Correlates of War state numbers
(the shipped ``data/cow.csv``; the two differ for a few states, e.g. Germany GW 260 vs COW 255,
Serbia 340 vs 345), the number of real events, the number of reports (mentions) and the mean
Goldstein score. Counted from the stored events, a dated event at a time, so memory holds only the cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.resources
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import MissingExtraError, NewsgraphError
from .knowledge import shipped_csv

if TYPE_CHECKING:
    from .store import Store

UNITS = ("dyad", "country")
INTERVALS = ("week", "month", "year")
BY = ("type", "quad")
# an event dated to a coarser span than the interval cannot be placed in one period
_FINENESS = {"day": 0, "week": 1, "month": 2, "year": 3}
_NEEDS = {"week": 1, "month": 2, "year": 3}


@dataclass
class Cell:
    """What one unit and period (and category) adds up to."""

    events: int = 0
    mentions: int = 0
    goldstein_sum: float = 0.0
    goldstein_n: int = 0


@dataclass
class Panel:
    """A zero-filled panel: the key columns, then the counts, one row per unit x period."""

    unit: str
    interval: str
    by: str | None
    cells: dict[tuple[Any, ...], Cell] = field(default_factory=dict)

    def columns(self) -> list[str]:
        keys = (["source_iso3", "source_gw", "source_cow", "target_iso3", "target_gw",
                 "target_cow"] if self.unit == "dyad" else ["iso3", "gw", "cow"])
        return keys + ["period"] + ([self.by] if self.by else []) + [
            "events", "mentions", "goldstein_mean"]

    def rows(self) -> Iterator[list[Any]]:
        """Every unit x period (x category) from the first period to the last, zeros where
        nothing happened, sorted."""
        units = sorted({k[0] for k in self.cells})
        periods = sorted({k[1] for k in self.cells})
        if periods:
            periods = list(_periods(periods[0], periods[-1], self.interval))
        categories = sorted({k[2] for k in self.cells}) if self.by != "quad" else [1, 2, 3, 4]
        if not self.by:
            categories = [None]
        for unit in units:
            codes = [c for iso3 in unit for c in (iso3, gw_code(iso3), cow_code(iso3))]
            for period in periods:
                for category in categories:
                    cell = self.cells.get((unit, period, category), Cell())
                    mean = (round(cell.goldstein_sum / cell.goldstein_n, 3)
                            if cell.goldstein_n else None)
                    yield (codes + [period] + ([category] if self.by else [])
                           + [cell.events, cell.mentions, mean])


def build_panel(store: Store, unit: str = "dyad", interval: str = "month",
                by: str | None = None, min_confidence: float | None = None,
                modality: str = "asserted") -> Panel:
    """Count the events of ``store`` (``Store.panel_events``) into a panel (see the module
    docstring)."""
    _check(unit, UNITS, "unit")
    _check(interval, INTERVALS, "interval")
    if by is not None:
        _check(by, BY, "by")
    panel = Panel(unit, interval, by)
    for start, precision, etype, quad, goldstein, mentions, src, tgt in store.panel_events(
            modality, min_confidence):
        if _FINENESS.get(precision or "", 9) > _NEEDS[interval]:
            continue
        period = period_of(dt.date.fromisoformat(start), interval)
        category = etype if by == "type" else quad if by == "quad" else None
        for key in _units(unit, src, tgt):
            cell = panel.cells.setdefault((key, period, category), Cell())
            cell.events += 1
            cell.mentions += mentions or 0
            if goldstein is not None:
                cell.goldstein_sum += goldstein
                cell.goldstein_n += 1
    return panel


def _units(unit: str, src: str | None, tgt: str | None) -> list[tuple[str, ...]]:
    """The units an event counts for: its (source, target) country pair, or each country
    taking part (once, when both sides are of one country)."""
    if unit == "dyad":
        return [(src, tgt)] if src and tgt else []
    return [(c,) for c in dict.fromkeys(c for c in (src, tgt) if c)]


def period_of(day: dt.date, interval: str) -> str:
    """The period label: ISO week ``2024-W05``, month ``2024-02`` or year ``2024``."""
    if interval == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.strftime("%Y-%m") if interval == "month" else str(day.year)


def _periods(first: str, last: str, interval: str) -> Iterator[str]:
    """Every period label from ``first`` to ``last``."""
    day = _period_start(first, interval)
    while (label := period_of(day, interval)) <= last:
        yield label
        if interval == "week":
            day += dt.timedelta(days=7)
        elif interval == "month":
            day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        else:
            day = day.replace(year=day.year + 1)


def _period_start(label: str, interval: str) -> dt.date:
    if interval == "week":
        return dt.date.fromisocalendar(int(label[:4]), int(label[6:]), 1)
    if interval == "month":
        return dt.date(int(label[:4]), int(label[5:7]), 1)
    return dt.date(int(label), 1, 1)


@lru_cache(maxsize=1)
def _gw_table() -> dict[str, int]:
    """ISO3 -> Gleditsch-Ward state number, from country-converter's country table."""
    try:
        data = importlib.resources.files("country_converter") / "country_data.tsv"
    except ModuleNotFoundError:
        raise MissingExtraError("state numbers in panels", "panel") from None
    with data.open(encoding="utf-8") as fh:
        return {r["ISO3"]: int(r["GWcode"]) for r in csv.DictReader(fh, delimiter="\t")
                if r.get("ISO3") and (r.get("GWcode") or "").isdigit()}


def gw_code(iso3: str) -> int | None:
    """The Gleditsch-Ward state number of an ISO3 code; None where it lists none (IGOs)."""
    return _gw_table().get(iso3)


@lru_cache(maxsize=1)
def _cow_table() -> dict[str, int]:
    """ISO3 -> Correlates of War state number, from the shipped ``cow.csv``."""
    return {r["iso3"]: int(r["cow"]) for r in shipped_csv("cow.csv")}


def cow_code(iso3: str) -> int | None:
    """The Correlates of War state number (ccode) of an ISO3 code; None for what the COW
    state list does not hold (IGOs, territories, Palestine)."""
    return _cow_table().get(iso3)


def write_panel(panel: Panel, path: str | Path) -> int:
    """Write the panel as CSV, or Parquet when ``path`` ends in .parquet; returns rows."""
    path = str(path)
    if path.endswith(".parquet"):
        return _write_parquet(panel, path)
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(panel.columns())
        for row in panel.rows():
            writer.writerow(["" if v is None else v for v in row])
            n += 1
    return n


def _write_parquet(panel: Panel, path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError("Parquet panels", "pandas") from None
    columns = panel.columns()
    n = 0
    with pq.ParquetWriter(path, _schema(pa, columns, panel.by)) as writer:
        for chunk in _chunks(panel.rows(), 50_000):
            writer.write_table(pa.Table.from_pylist([dict(zip(columns, r, strict=True))
                                                     for r in chunk],
                                                    schema=_schema(pa, columns, panel.by)))
            n += len(chunk)
    return n


def _schema(pa: Any, columns: list[str], by: str | None) -> Any:
    ints = {"source_gw", "target_gw", "gw", "source_cow", "target_cow", "cow", "events",
            "mentions"} | (
        {"quad"} if by == "quad" else set())
    return pa.schema([(c, pa.int64() if c in ints else pa.float64() if c == "goldstein_mean"
                       else pa.string()) for c in columns])


def _chunks(rows: Iterable[list[Any]], size: int) -> Iterator[list[list[Any]]]:
    chunk: list[list[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check(value: str, choices: tuple[str, ...], name: str) -> None:
    if value not in choices:
        raise NewsgraphError(f"panel {name} '{value}': choose one of {', '.join(choices)}")
