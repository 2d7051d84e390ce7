"""``newsgraph stories``: the stored stories, and ``newsgraph stories show ID``: one of them.

A thin adapter over :meth:`newsgraph.api.Newsgraph.stories` and
:meth:`~newsgraph.api.Newsgraph.story`; registered in ``newsgraph.cli``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from dataclasses import asdict
from typing import Any

import click

from .errors import NewsgraphError

DAY = click.DateTime(formats=["%Y-%m-%d"])
LIST_COLUMNS = ("id", "first_published", "last_published", "n_articles", "n_events", "outlets",
                "label")


def _open(db: str) -> Any:
    """The database read-only; one from an older newsgraph is migrated first where it can be
    written (stories need schema migration 10)."""
    from .api import Newsgraph
    from .store import SchemaTooOld

    try:
        return Newsgraph(db, readonly=True)
    except SchemaTooOld:
        Newsgraph(db).close()
        return Newsgraph(db, readonly=True)


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


@click.group("stories", invoke_without_command=True)
@click.option("--db", envvar="NEWSGRAPH_DB", default="newsgraph.db", show_default=True,
              help="The database file ($NEWSGRAPH_DB).")
@click.option("--since", type=DAY, help="Stories still reported on or after this day.")
@click.option("--until", type=DAY, help="Stories first reported on or before this day.")
@click.option("--actor", help="Only stories with an event of this actor (id, name or alias; a "
              "country also matches its nationals).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option("--format", "fmt", type=click.Choice(("table", "json", "jsonl", "csv")),
              default="table", show_default=True)
@click.pass_context
def stories(ctx: click.Context, db: str, since: dt.datetime | None, until: dt.datetime | None,
            actor: str | None, limit: int, offset: int, fmt: str) -> None:
    """Stories: the articles about one real-world happening, across outlets and days, latest
    first, each labelled by its central event. 'newsgraph stories show ID' shows one."""
    if ctx.invoked_subcommand is not None:
        return
    try:
        with _open(db) as graph:
            found, total = graph.stories(_day(since), _day(until), actor, limit, offset)
    except (NewsgraphError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    rows = [asdict(s) for s in found]
    if fmt == "json":
        click.echo(json.dumps({"stories": rows, "total": total, "limit": limit,
                               "offset": offset}, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(LIST_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row | {"outlets": "|".join(row["outlets"])})
    else:
        for row in rows:
            click.echo(f"{row['id']}  {row['first_published']}..{row['last_published']}  "
                       f"{row['n_articles']} articles, {row['n_events']} events  "
                       f"{', '.join(row['outlets'][:3]) or '-'}")
            click.echo(f"  {row['label']}")
        shown = f"{offset + 1}-{offset + len(rows)}" if rows else "none"
        click.echo(f"{shown} of {total} stories", err=True)


@stories.command("show")
@click.argument("story_id")
@click.option("--db", envvar="NEWSGRAPH_DB", default="newsgraph.db", show_default=True,
              help="The database file ($NEWSGRAPH_DB).")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table",
              show_default=True)
def show(story_id: str, db: str, fmt: str) -> None:
    """One story: its span, its articles by date and outlet, its events in date order."""
    try:
        with _open(db) as graph:
            story = graph.story(story_id)
    except (NewsgraphError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if story is None:
        click.echo(f"error: no story with id '{story_id}' (newsgraph stories lists them)",
                   err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps(story.record(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{story.id}  {story.label}")
    click.echo(f"  {story.first_published}..{story.last_published}, {story.n_articles} "
               f"articles, {story.n_events} events; outlets: {', '.join(story.outlets) or '-'}")
    click.echo("articles:")
    for a in story.articles:
        copy = f" (copy of {a['duplicate_of']})" if a["duplicate_of"] else ""
        click.echo(f"  {a['published']}  {a['source'] or '-'}  {a['id']}  "
                   f"{a['title'] or ''}{copy}")
    click.echo("events:")
    for e in story.events:
        names = lambda refs: ", ".join(r.name for r in refs) or "-"  # noqa: E731
        centre = " *" if e.id == story.central_event else ""
        click.echo(f"  {e.date or 'undated'}  {names(e.source)} --{e.type}--> "
                   f"{names(e.target)}  [{e.id}, {e.modality}]{centre}")
