"""The summary tables (schema migration 4) kept in step with every event write: what one
stored event adds to each tally row, and moving the rows from an event's old shares to its new
ones. ``Tallies`` is a part of ``Store`` (it needs the store's connection); the aggregate pages
read these rows instead of every event (``store.summaries``, ``store.browse``).
"""

from __future__ import annotations

import functools
import sqlite3
from collections import Counter

# The summary tables of schema migration 4: table -> (key columns, counted columns). The first
# counted column is the number of events; a row whose count falls to 0 is dropped.
SUMMARY_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "dyad_counts": (("source_id", "target_id", "modality"), ("n", "goldstein_sum", "goldstein_n")),
    "actor_counts": (("actor_id",), ("n",)),
    "actor_pairs": (("actor_id", "other_id"), ("n", "goldstein_sum", "goldstein_weight")),
    "event_counts": (("type", "modality"), ("n", "merged", "multi_source")),
}
Shares = dict[tuple[str, tuple[str, ...]], tuple[float, ...]]
"""What one stored event adds to each summary row: (table, key) -> counts."""



class Tallies:
    """Reads and writes of the summary tables for one event at a time."""

    conn: sqlite3.Connection

    def event_shares(self, event_id: str) -> tuple[Shares, dict[str, str]]:
        """What a stored event contributes to the summary tables, read back from its rows (so
        the tallies follow what was written, whatever the Event object said), and the names of
        its actors. The aggregate pages read these tallies instead of every event."""
        row = self.conn.execute(
            """SELECT type, modality, goldstein, source_id, target_id, n_mentions, n_articles
               FROM events WHERE id = ?""",
            (event_id,),
        ).fetchone()
        if row is None:
            return {}, {}
        goldstein = row["goldstein"]
        has_g = goldstein is not None
        shares: Shares = {("event_counts", (row["type"], row["modality"])): (
            1, int(row["n_mentions"] > 1), int(row["n_articles"] > 1))}
        if row["source_id"] is not None and row["target_id"] is not None:
            shares[("dyad_counts", (row["source_id"], row["target_id"], row["modality"]))] = (
                1, goldstein if has_g else 0.0, int(has_g))
        refs = self.conn.execute(
            "SELECT actor_id, name FROM event_actors WHERE event_id = ? "
            "AND role IN ('source', 'target') ORDER BY role, position",
            (event_id,),
        ).fetchall()
        times = Counter(r["actor_id"] for r in refs)
        names = {r["actor_id"]: r["name"] for r in refs}
        for actor in times:
            shares[("actor_counts", (actor,))] = (1,)
            if row["modality"] != "asserted":
                continue
            for other in times:
                if other != actor:
                    weight = times[actor] * times[other] if has_g else 0
                    shares[("actor_pairs", (actor, other))] = (
                        1, goldstein * weight if has_g else 0.0, weight)
        return shares, names

    def _count_shares(self, before: Shares, after: Shares, names: dict[str, str]) -> None:
        """Move the summary tables from an event's old shares to its new ones (only rows that
        change are written)."""
        for key in sorted(before.keys() | after.keys()):
            table, values = key
            counts = SUMMARY_TABLES[table][1]
            old = before.get(key, (0,) * len(counts))
            new = after.get(key, (0,) * len(counts))
            delta = tuple(b - a for a, b in zip(old, new, strict=True))
            if not any(delta):
                continue
            named = table == "actor_pairs"  # keeps the other actor's latest name
            params = values + delta + ((names.get(values[1], values[1]),) if named else ())
            self.conn.execute(_upsert_sql(table), params)
            if delta[0] < 0:
                self.conn.execute(_drop_empty_sql(table), values)


@functools.cache
def _upsert_sql(table: str) -> str:
    """Add counts to a summary row, creating it when missing."""
    keys, counts = SUMMARY_TABLES[table]
    named = table == "actor_pairs"
    columns = keys + counts + (("name",) if named else ())
    updates = [f"{c} = {table}.{c} + excluded.{c}" for c in counts]
    updates += ["name = excluded.name"] if named else []
    return (f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT({', '.join(keys)}) DO UPDATE SET {', '.join(updates)}")


@functools.cache
def _drop_empty_sql(table: str) -> str:
    """Remove a summary row whose events are all gone."""
    keys, _ = SUMMARY_TABLES[table]
    return f"DELETE FROM {table} WHERE {' AND '.join(f'{c} = ?' for c in keys)} AND n <= 0"
