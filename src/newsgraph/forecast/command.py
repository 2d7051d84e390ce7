"""``newsgraph forecast``: the outlook of a pair of actors, or a backtest of the database.

A thin adapter over :meth:`newsgraph.api.Newsgraph.forecast` and
:meth:`~newsgraph.api.Newsgraph.forecast_backtest`; registered in ``newsgraph.cli``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

import click

from ..errors import NewsgraphError

HELP = """The probability of at least one event of each PLOVER type (and CAMEO root) from A to B
and from B to A in (DATE, DATE + HORIZON], from the asserted events up to DATE, each with the
latest past events that drive it. With --backtest: replay the database from --since and report
how well calibrated those probabilities were (Brier score, ECE) beside the base rate."""


DAY = click.DateTime(formats=["%Y-%m-%d"])


def _table(outlook: Any, vocabulary: str, limit: int) -> list[str]:
    from .pairs import outlook_rows

    head = "PLOVER type" if vocabulary == "plover" else "CAMEO root"
    lines = [f"{head:<14} {'P(a->b)':>8} {'P(b->a)':>8}  {'past a->b':>9} {'past b->a':>9}  "
             "evidence (latest)"]
    for r in outlook_rows(outlook, vocabulary, limit):
        ev = ", ".join(f"{x['event_id']} {x['date']}" for x in r["evidence"])
        lines.append(f"{r['type']:<14} {r['p_ab']:8.3f} {r['p_ba']:8.3f}  "
                     f"{r['past_ab']:9d} {r['past_ba']:9d}  {ev}")
    return lines


@click.command("forecast", help=HELP)
@click.argument("actor_a", required=False)
@click.argument("actor_b", required=False)
@click.option("--db", envvar="NEWSGRAPH_DB", default="newsgraph.db", show_default=True,
              help="The database file or postgresql:// URL ($NEWSGRAPH_DB).")
@click.option("--on", "on", type=DAY, help="Forecast after this day (default: the latest "
              "event's day).")
@click.option("--horizon", default="30d", show_default=True, help="Window length: 7d, 2w, 3m.")
@click.option("--backtest", "run_backtest", is_flag=True, help="Replay the database instead.")
@click.option("--since", type=DAY, help="With --backtest: the first cutoff day.")
@click.option("--top", default=8, show_default=True, help="Rows per table (most likely first).")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table",
              show_default=True)
def forecast(actor_a: str | None, actor_b: str | None, db: str, on: dt.datetime | None,
             horizon: str, run_backtest: bool, since: dt.datetime | None, top: int,
             fmt: str) -> None:
    from ..api import Newsgraph

    try:
        with Newsgraph(db, readonly=True) as graph:
            if run_backtest:
                if since is None:
                    raise click.UsageError("--backtest needs --since DATE (the first cutoff)")
                bt = graph.forecast_backtest(since.date(), horizon)
                if fmt == "json":
                    click.echo(json.dumps(asdict(bt), indent=2))
                    return
                click.echo(f"backtest: {len(bt.cutoffs)} cutoffs every {bt.horizon} days from "
                           f"{since.date()}; {bt.rows} (pair, direction, type) rows, {bt.positives} "
                           f"happened\n  Brier {bt.brier:.4f} (base rate {bt.base_rate_brier:.4f})"
                           f", ECE {bt.ece:.4f}")
                return
            if not actor_a or not actor_b:
                raise click.UsageError("give two actors (names or ids), or --backtest --since D")
            outlook = graph.forecast(actor_a, actor_b, on=on.date() if on else None,
                                     horizon=horizon)
    except (NewsgraphError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(asdict(outlook), indent=2, default=str))
        return
    click.echo(f"{outlook.a} and {outlook.b}: the next {outlook.horizon_days} days after "
               f"{outlook.on} (from {outlook.history_events} past facts)")
    for vocab in ("plover", "cameo"):
        click.echo("\n" + "\n".join(_table(outlook, vocab, top)))
