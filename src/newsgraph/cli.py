"""The ``newsgraph`` command: each command parses options, calls one API method, prints.

Run ``newsgraph --help`` for the list; docs/cli.md is generated from the same help texts.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from . import api
from .errors import NewsgraphError
from .evaluation.icews import ICEWS_SUITES, predictions_to
from .evaluation.suites import CASED_SUITES
from .evaluation.suites import CASINGS as EVAL_CASINGS
from .evaluation.suites import SUITES as EVAL_SUITES
from .events import Event
from .exports import FORMATS, event_record, write_events
from .forecast.command import forecast as forecast_command
from .store import SchemaTooOld
from .store.external import COLUMNS as EXTERNAL_COLUMNS
from .store.places import parse_near
from .store.queries import MODALITY_CHOICES, EventQuery
from .stories_command import stories as stories_command

SAMPLE_DIR = Path(__file__).parent / "sample"
TABLE_FORMATS = ("table", "json", "jsonl", "csv")

db_option = click.option(
    "--db", "db", envvar="NEWSGRAPH_DB", default=api.DEFAULT_DB, show_default=True,
    help="Database file, or a postgresql://USER@HOST/DB URL (env NEWSGRAPH_DB).",
    type=click.Path(dir_okay=False),
)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD") from None


# exit codes: 0 done (every input stored), 1 some inputs failed, 2 a usage or database error
EXIT_INPUTS_FAILED = 1
EXIT_ERROR = 2


def _fail(exc: Exception, code: int = EXIT_ERROR) -> NoReturn:
    """One line on stderr and the exit code; the traceback only with --debug."""
    click.echo(f"error: {exc}", err=True)
    if _debugging():
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    sys.exit(code)


def _debugging() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().meta.get("newsgraph.debug"))


class _Main(click.Group):
    """The command group: an error no command expected is one line and exit 2, not a
    traceback (``--debug`` shows it)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except NewsgraphError as exc:
            _fail(exc)
        except Exception as exc:
            if ctx.meta.get("newsgraph.debug"):
                raise
            _fail(RuntimeError(f"internal error: {type(exc).__name__}: {exc} (rerun with "
                               "--debug for the traceback, and please report it)"))


def _reading(db: str) -> api.Newsgraph:
    """Read commands open the database read-only, so a read-only file or file system works; a
    database from an older newsgraph is migrated first where the file can be written."""
    try:
        return api.open(db, readonly=True)
    except SchemaTooOld as old:
        try:
            api.open(db).close()
        except NewsgraphError as exc:
            raise NewsgraphError(f"{old}; it cannot be migrated here ({exc})") from None
        return api.open(db, readonly=True)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsgraph")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging (for reports).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """newsgraph: dated news articles in; who did what to whom, when, as reported by whom, out.

    Exit status: 0 done, 1 some inputs could not be stored (each named on stderr), 2 a usage or
    database error.
    """
    ctx.meta["newsgraph.debug"] = debug
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr,
                            format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=False))
@db_option
@click.option("--date", callback=_date, help="Publication date for .txt files without a header.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True),
              help="Your own actor file (YAML/CSV, or a PETRARCH .txt dictionary); repeatable. "
                   "Read as --dictionary is.")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(exists=True),
              help="A PETRARCH/Phoenix dictionary file or folder: actors, agents, CAMEO verbs, "
                   "discards (the kind is told from the content), or our YAML/CSV; repeatable.")
@click.option("--workers", default=1, show_default=True, help="Processes for the NLP.")
@click.option("--dask", metavar="local[:N]|tcp://HOST:8786",
              help="Parse on Dask workers instead: a local cluster of N processes, or a "
                   "running scheduler (needs the dask extra; docs/scale.md).")
@click.option("--id-from-hash", is_flag=True,
              help="Name each article by a hash of its text, not its file name (for files "
                   "whose names repeat across folders or runs).")
@click.option("--repair-encoding", is_flag=True,
              help="Fix mojibake ('donâ€™t') and damaged UTF-8 with ftfy instead of refusing "
                   "the input.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def ingest(paths: tuple[str, ...], db: str, date: dt.date | None, actor_files: tuple[str, ...],
           dictionaries: tuple[str, ...], workers: int, dask: str | None, id_from_hash: bool,
           repair_encoding: bool, quiet: bool) -> None:
    """Read articles from files or folders (txt, jsonl, json, csv, html, rss; .gz too).

    Exit status 0 when every input was stored (or was stored already), 1 when some could not
    be (each named in an error line), 2 on a usage or database error.
    """
    report = _run_ingest(db, list(paths), date, actor_files, workers, quiet, dictionaries,
                         id_from_hash=id_from_hash, repair_encoding=repair_encoding, dask=dask)
    sys.exit(0 if report.ok else EXIT_INPUTS_FAILED)


def _run_ingest(db: str, paths: list[str], date: dt.date | None, actor_files: tuple[str, ...],
                workers: int, quiet: bool, dictionaries: tuple[str, ...] = (),
                id_from_hash: bool = False, repair_encoding: bool = False,
                dask: str | None = None) -> Any:
    from rich.console import Console  # rich loads only where a command draws with it

    err = Console(stderr=True)
    try:
        if dask:
            from .workers import parse_dask_spec

            parse_dask_spec(dask)  # a bad address is refused before anything is opened
        files = (*actor_files, *dictionaries)  # one list: each file is read by its kind
        if files:
            from .actors.dictionaries import read_dictionaries

            for line in read_dictionaries(files).warnings():
                click.echo(f"warning: {line}", err=True)
        with api.open(db, actor_files=files) as graph:
            if note := graph.coding_change():
                click.echo(f"note: {note}", err=True)
            show = not quiet and err.is_terminal
            if show:
                from rich.progress import Progress

                with Progress(console=err, transient=True) as bar:
                    task = bar.add_task("ingesting", total=None)
                    report = graph.ingest(paths, date=date, workers=workers,
                                          progress=lambda n: bar.advance(task, n),
                                          id_from_hash=id_from_hash,
                                          repair_encoding=repair_encoding, dask=dask)
            else:
                report = graph.ingest(paths, date=date, workers=workers,
                                      id_from_hash=id_from_hash, repair_encoding=repair_encoding,
                                      dask=dask)
    except NewsgraphError as exc:
        _fail(exc)
    for line in report.errors:
        click.echo(f"error: {line}", err=True)
    if report.lower_case:
        click.echo(f"warning: {len(report.lower_case)} article(s) are written in lower case "
                   f"(e.g. {report.lower_case[0]}): they were truecased before coding "
                   "(capitals restored from known names, sentence starts and words no English "
                   "word list holds), but names the knowledge base lacks may still be missed; "
                   "ingest the original casing if you can", err=True)
    others = report.other_languages
    if others:
        named = ", ".join(f"{origin} ({language})" for origin, language in others[:5])
        more = f" and {len(others) - 5} more" if len(others) > 5 else ""
        click.echo(f"warning: {len(others)} article(s) not in English: {named}{more}; they are "
                   "stored, but the event coder reads English only, so few or wrong events "
                   "come from them", err=True)
    if not quiet:
        foreign = f" ({len(others)} not in English)" if others else ""
        click.echo(
            f"{report.ingested} ingested{foreign}, {report.duplicates} duplicate, "
            f"{report.near_duplicates} near-duplicate, {report.failed} failed; "
            f"{report.events} new events from {report.mentions} mentions "
            f"({report.merged_across} merged with stored events) in {report.seconds:.1f}s",
            err=True,
        )
    return report


@main.command()
@db_option
@click.option("--since", callback=_date,
              help="Only articles published on or after this date (and those sharing events "
                   "with them).")
@click.option("--dry-run", is_flag=True, help="Say what would change; change nothing.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True),
              help="Actor files to code with, as for ingest; repeatable.")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(exists=True),
              help="PETRARCH/Phoenix dictionaries to code with, as for ingest; repeatable.")
@click.option("--quiet", "-q", is_flag=True, help="No summary.")
def recode(db: str, since: dt.date | None, dry_run: bool, actor_files: tuple[str, ...],
           dictionaries: tuple[str, ...], quiet: bool) -> None:
    """Code stored articles again with the current coder, lexicon and dictionaries.

    Removes the events the articles gave and codes them again as ingest does (merges and
    learned roles included), in one transaction, then prints what changed: events added,
    removed, and changed by field. Stored databases do not go stale when the coder improves.
    """
    try:
        files = (*actor_files, *dictionaries)
        with api.open(db, actor_files=files) as graph:
            report = graph.recode(since=since, dry_run=dry_run)
    except NewsgraphError as exc:
        _fail(exc)
    if not quiet:
        for line in report.examples:
            click.echo(line)
        click.echo(report.summary(), err=True)


def _events_options(f: Any) -> Any:
    f = click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table",
                     show_default=True)(f)
    return _filter_options("asserted")(f)


def _filter_options(modality: str) -> Any:
    """The filters of ``events`` (and ``export``), ``modality`` the default modality."""
    return lambda f: _with_filters(f, modality)


def _with_filters(f: Any, modality: str) -> Any:
    options = [
        click.option("--actor", help="Actor name or id (countries match their nationals too)."),
        click.option("--country", help="ISO 3166-1 alpha-3 code of a party."),
        click.option("--dyad", nargs=2, help="Two actors: events between them, either way."),
        click.option("--type", "type_", help="PLOVER type (ASSAULT) or CAMEO code prefix (19)."),
        click.option("--since", callback=_date, help="From this date (YYYY-MM-DD)."),
        click.option("--until", callback=_date, help="Up to this date (YYYY-MM-DD)."),
        click.option("--modality", type=click.Choice(MODALITY_CHOICES), default=modality,
                     show_default=True, help="asserted only, or all / future / negated / ..."),
        click.option("--search", "text", help="Full-text search in the source sentences."),
        click.option("--place", help="Where it happened: a place name (Beirut, Gaza Strip, "
                     "Lebanon) or an ISO3 country code."),
        click.option("--near", metavar="LAT,LON,KM",
                     help="Where it happened: within KM kilometres of a point (cities only)."),
        click.option("--limit", type=int, default=None, help="At most this many events."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


origin_option = click.option(
    "--origin", default="newsgraph", show_default=True, metavar="NAME|all",
    help="Events imported with import-events under this origin (gdelt, icews, plover, ...), or "
         "all: those and newsgraph's own, in one row shape.")


@main.command()
@db_option
@_events_options
@origin_option
def events(db: str, actor: str | None, country: str | None, dyad: tuple[str, str] | None,
           type_: str | None, since: dt.date | None, until: dt.date | None, modality: str,
           text: str | None, place: str | None, near: str | None, limit: int | None, fmt: str,
           origin: str) -> None:
    """List events, oldest first."""
    if origin != "newsgraph":
        query = EventQuery(actor=actor, country=country, dyad=dyad or None, type=type_,
                           since=since, until=until, modality=modality, text=text, limit=limit)
        try:
            with _reading(db) as graph:
                rows = graph.external_rows(origin, query)
        except NewsgraphError as exc:
            _fail(exc)
        _print_rows(rows, fmt, EXTERNAL_COLUMNS if fmt != "table" else (
            "date", "source_name", "type", "cameo", "target_name", "origin", "external_id"))
        return
    try:
        with _reading(db) as graph:
            found = graph.events(actor=actor, country=country, dyad=dyad or None, type=type_,
                                 since=since, until=until, modality=modality, text=text,
                                 limit=limit, place=place, near=near)
    except NewsgraphError as exc:
        _fail(exc)
    _print_events(found, fmt)


@main.command()
@click.argument("actor_a")
@click.argument("actor_b", required=False)
@db_option
@click.option("--since", callback=_date)
@click.option("--until", callback=_date)
@click.option("--modality", type=click.Choice(MODALITY_CHOICES), default="asserted")
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table")
def timeline(actor_a: str, actor_b: str | None, db: str, since: dt.date | None,
             until: dt.date | None, modality: str, fmt: str) -> None:
    """Events of one actor, or between two, in date order."""
    try:
        with _reading(db) as graph:
            found = graph.timeline(actor_a, actor_b, since=since, until=until, modality=modality)
    except NewsgraphError as exc:
        _fail(exc)
    _print_events(found, fmt)


@main.command()
@click.argument("event_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
def show(event_id: str, db: str, fmt: str) -> None:
    """One event with every source sentence, claim and merge reason."""
    try:
        with _reading(db) as graph:
            event = graph.event(event_id)
    except NewsgraphError as exc:
        _fail(exc)
    if event is None:
        _fail(NewsgraphError(f"no event with id '{event_id}' in {db} (see: newsgraph events)"))
    assert event is not None
    if fmt == "json":
        click.echo(json.dumps(event_record(event), ensure_ascii=False, indent=2))
        return
    click.echo(_describe(event))


def _describe(event: Event) -> str:
    names = lambda refs: ", ".join(r.name for r in refs) or "-"  # noqa: E731
    lines = [
        f"{event.id}  {_when(event)}",
        f"  {names(event.source)} --{event.type}"
        + (f"/{event.mode}" if event.mode else "")
        + f"--> {names(event.target)}",
        f"  CAMEO {event.cameo}, QuadClass {event.quad_class}, Goldstein {event.goldstein}, "
        f"modality {event.modality}, confidence {event.confidence:.2f}",
    ]
    if event.claimed_by:
        lines.append(f"  claimed by: {names(event.claimed_by)}")
    if event.place:
        p = event.place
        lines.append(f"  place: {p.name} ({p.country or 'country unknown'}, {p.kind}; "
                     f"'{p.words}'; {p.reason})")
    for i, m in enumerate(event.mentions):
        lines.append(f"  [{m.article_id} {m.published}] {m.sentence.strip()}")
        lines.append(f"      trigger '{m.trigger}' ({m.rule})"
                     + (f"; claimed by {names(m.claimed_by)}" if m.claimed_by else ""))
        reason = getattr(m, "merge_reason", None)
        if i and reason:
            lines.append(f"      merged: {reason}")
    return "\n".join(lines)


def _when(event: Event) -> str:
    """ "2022-08-02 (day, relative: 'Tuesday')", or "undated (unknown: not given: ...)": the
    text of an undated event is our explanation, not words quoted from the article."""
    bounds = [f"on or after {event.date_after}"] if event.date_after else []
    bounds += [f"on or before {event.date_before}"] if event.date_before else []
    within = ", " + ", ".join(bounds) if bounds else ""
    if event.date is None:
        why = f": {event.date_text}" if event.date_text else ""
        return f"undated{within} ({event.date_basis or 'unknown'}{why})"
    said = f": '{event.date_text}'" if event.date_text else ""
    return f"{event.date}{within} ({event.date_precision}, {event.date_basis}{said})"


def _print_events(found: list[Event], fmt: str) -> None:
    if fmt in ("json", "jsonl", "csv"):
        write_events(found, sys.stdout, fmt)
        return
    from .terminal import text_table

    click.echo(text_table(("date", "source", "event", "target", "modality", "src", "id"), (
        (e.date or "undated", ", ".join(r.name for r in e.source),
         e.type + (f"/{e.mode}" if e.mode else ""), ", ".join(r.name for r in e.target),
         e.modality, str(len({m.article_id for m in e.mentions})), e.id or "")
        for e in found)))
    click.echo(f"{len(found)} events")


@main.command()
@db_option
@click.option("--search", help="Part of a name or alias.")
@click.option("--kind", help="country, person, organisation, igo, armed_group, media")
@click.option("--country", help="ISO3 code.")
@click.option("--all", "everything", is_flag=True,
              help="The whole knowledge base (shipped, your files), not only actors seen.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True))
@click.option("--limit", type=int, default=200, show_default=True)
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table")
def actors(db: str, search: str | None, kind: str | None, country: str | None, everything: bool,
           actor_files: tuple[str, ...], limit: int, fmt: str) -> None:
    """List actors with their roles over time and aliases."""
    try:
        if everything:
            rows = _kb_rows(actor_files, search, kind, country, limit)
        else:
            with _reading(db) as graph:
                rows = [vars(a) for a in graph.actors(search, kind, country, limit)]
    except NewsgraphError as exc:
        _fail(exc)
    _print_rows(rows, fmt, ("id", "name", "kind", "country", "sector", "roles", "aliases"))


def _kb_rows(actor_files: tuple[str, ...], search: str | None, kind: str | None,
             country: str | None, limit: int) -> list[dict[str, Any]]:
    from .actors import KnowledgeBase

    kb = KnowledgeBase.load([Path(p) for p in actor_files])
    rows = []
    for a in kb.actors():
        if kind and a.kind != kind or country and a.country != country.upper():
            continue
        if search and search.lower() not in (a.name + " " + " ".join(a.aliases)).lower():
            continue
        roles = [
            {"office": r.office, "country": r.country, "start": r.start and r.start.isoformat(),
             "end": r.end and r.end.isoformat(), "source": r.source, "learned": r.learned}
            for r in kb.roles_of(a.id)
        ]
        rows.append(vars(a) | {"roles": roles})
        if len(rows) >= limit:
            break
    return rows


def _roles_text(roles: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{r['office']} {r['country']} {r.get('start') or '?'}..{r.get('end') or ''}"
        + (" (learned)" if r.get("learned") else "")
        for r in roles
    )


def _print_rows(rows: list[dict[str, Any]], fmt: str, columns: tuple[str, ...]) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row | {"roles": _roles_text(row.get("roles", [])),
                                   "aliases": "|".join(row.get("aliases", []))})
    else:
        from .terminal import text_table

        click.echo(text_table(columns, ([
            _roles_text(row.get("roles", [])) if c == "roles"
            else ", ".join(row.get("aliases", [])[:4]) if c == "aliases"
            else str(row.get(c) or "")
            for c in columns
        ] for row in rows)))


@main.command()
@db_option
@_filter_options("all")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl/json: the event format; csv/parquet: one flat row per event; gdelt, "
                   "icews, plover: those datasets' layouts (docs/formats.md).")
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="File to write (default: standard output; required for parquet).")
@origin_option
def export(db: str, actor: str | None, country: str | None, dyad: tuple[str, str] | None,
           type_: str | None, since: dt.date | None, until: dt.date | None, modality: str,
           text: str | None, place: str | None, near: str | None, limit: int | None, fmt: str,
           output: str | None, origin: str) -> None:
    """Export the events the filters select (those of 'events'), streamed: memory stays flat
    however large the database."""
    try:
        query = EventQuery(actor=actor, country=country, dyad=dyad or None, type=type_,
                           since=since, until=until, modality=modality, text=text, limit=limit,
                           place=place, near=parse_near(near) if near else None)
    except NewsgraphError as exc:
        _fail(exc)
    try:
        with _reading(db) as graph:
            if origin != "newsgraph":
                from .imports import export_external

                n = export_external(graph.external_rows(origin, query), fmt, output)
            else:
                n = graph.export(query, fmt, output)
    except NewsgraphError as exc:
        _fail(exc)
    click.echo(f"{n} events exported", err=True)


@main.command("import-events")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
@click.option("--format", "fmt", type=click.Choice(("gdelt", "icews", "plover")), required=True,
              help="The file's layout (docs/formats.md).")
@click.option("--origin", default=None, help="Name the events go under (default: the format).")
def import_events(file: str, db: str, fmt: str, origin: str | None) -> None:
    """Load another coder's event file as events of their own origin, never merged with
    newsgraph's: see them with 'events --origin NAME'. Bad lines are reported, one line each;
    the rest is imported (exit code 2 when any line was bad)."""
    try:
        with api.open(db) as graph:
            report = graph.import_events(file, fmt, origin)
    except NewsgraphError as exc:
        _fail(exc)
    for line in report.errors:
        click.echo(f"error: {line}", err=True)
    click.echo(f"{report.imported} events imported as {origin or fmt}"
               + (f", {report.duplicates} already there" if report.duplicates else "")
               + (f", {len(report.errors)} lines skipped" if report.errors else ""), err=True)
    if report.errors:
        sys.exit(EXIT_ERROR)


@main.command()
@db_option
@click.option("--unit", type=click.Choice(("dyad", "country")), default="dyad",
              show_default=True, help="Rows per (source, target) country pair or per country.")
@click.option("--interval", type=click.Choice(("week", "month", "year")), default="month",
              show_default=True)
@click.option("--by", type=click.Choice(("type", "quad")), default=None,
              help="A row per PLOVER type or QuadClass too.")
@click.option("--min-confidence", type=float, default=None, help="Only events at least this sure.")
@click.option("--modality", type=click.Choice(MODALITY_CHOICES), default="asserted",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True,
              help="CSV file, or Parquet when it ends in .parquet.")
def panel(db: str, unit: str, interval: str, by: str | None, min_confidence: float | None,
          modality: str, output: str) -> None:
    """A zero-filled panel for research: events, reports and mean Goldstein per unit and
    period, with ISO3 codes, Gleditsch-Ward and Correlates of War state numbers."""
    from .panel import write_panel

    try:
        with api.open(db, readonly=True) as graph:
            n = write_panel(graph.panel(unit, interval, by, min_confidence, modality), output)
    except NewsgraphError as exc:
        _fail(exc)
    click.echo(f"{n} panel rows written to {output}", err=True)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
def stats(db: str, fmt: str) -> None:
    """Counts of articles, events, merges, actors and learned roles."""
    try:
        with _reading(db) as graph:
            figures = graph.stats()
    except NewsgraphError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        click.echo(f"{key.replace('_', ' '):>22}: {value}")


@main.command()
@db_option
@click.option("--quiet", "-q", is_flag=True)
def demo(db: str, quiet: bool) -> None:
    """Ingest the bundled sample corpus and print a timeline."""
    report = _run_ingest(db, [str(SAMPLE_DIR)], None, (), 1, quiet)
    with api.open(db) as graph:
        figures = graph.stats()
        busiest = graph.graph(limit=5)["edges"]
        click.echo(f"\n{figures['events']} events ({figures['multi_source_events']} told by "
                   f"several articles) from {figures['articles']} articles.\n")
        if busiest:
            a, b = busiest[0]["source"], busiest[0]["target"]
            names = {n["id"]: n["name"] for n in graph.graph(limit=5)["nodes"]}
            click.echo(f"Timeline of the busiest pair, {names.get(a, a)} and {names.get(b, b)}:")
            _print_events(graph.timeline(a, b), "table")
        several = [e for e in graph.events() if len({m.article_id for m in e.mentions}) > 1]
        if several:
            click.echo("\nOne event, several sources (merged across articles):")
            _print_events(several, "table")
    click.echo(
        f"\nNext: newsgraph events --db {db} --modality all   (future, negated, denied, alleged too)\n"
        f"      newsgraph show EVENT_ID --db {db}              (every source sentence)\n"
        f"      newsgraph serve --db {db}                       (then open http://127.0.0.1:8000:\n"
        f"          busiest pairs, actor and dyad timelines with a cooperation/conflict chart,\n"
        f"          every event with its source sentences, and the relations graph)"
    )
    sys.exit(0 if report.ok else 1)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default serves this machine only.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", envvar="NEWSGRAPH_TOKEN", default=None,
              help="Allow POST /api/articles with 'Authorization: Bearer TOKEN' (env "
                   "NEWSGRAPH_TOKEN); without it the database is opened read-only.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (repeatable; '*' for any). "
                   "By default only localhost, 127.0.0.1 and ::1, against DNS rebinding.")
@click.option("--max-upload-mb", default=10.0, show_default=True, type=click.FloatRange(0.001),
              help="The largest body POST /api/articles reads, in megabytes.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes. One process answers one request at a time in Python; "
                   "give it about one per core for many concurrent users.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 256),
              help="Requests each process works on at once. Their SQL runs side by side, the "
                   "Python in turns: more threads than about two a core only lengthen each "
                   "request (benchmarks/web_load.py).")
def serve(db: str, host: str, port: int, token: str | None, allow_hosts: tuple[str, ...],
          max_upload_mb: float, workers: int, threads: int) -> None:
    """Explore the database in the browser, with a JSON API under /api."""
    try:
        import uvicorn

        from .web import create_app
        from .web.app import SERVE_ENV, serve_settings, vendor_missing
        from .web.guard import LOOPBACK_HOSTS

        hosts = [*LOOPBACK_HOSTS, *allow_hosts]
        if host not in ("0.0.0.0", "::", ""):
            hosts.append(host)  # the name it was started on
        max_upload = int(max_upload_mb * 1024 * 1024)
        # built here in any case, so a bad database fails before any worker starts
        app = create_app(db, token=token, allowed_hosts=hosts, max_upload=max_upload,
                         threads=threads)
        if vendor_missing():
            click.echo(f"warning: {vendor_missing()}", err=True)
    except ImportError:
        _fail(NewsgraphError("newsgraph serve needs the 'web' extra: "
                             "pip install 'newsgraph[web]'"))
    except NewsgraphError as exc:
        _fail(exc)
    mode = "read-write (POST /api/articles needs the token)" if token else "read-only"
    processes = f", {workers} processes" if workers > 1 else ""
    click.echo(f"Serving {db} ({mode}{processes}) at http://{host}:{port}/  (Ctrl-C stops)",
               err=True)
    # h11 (no Nagle delay) with a large line limit: an over-long URL reaches the app and gets
    # its JSON 414
    from .web.serving import PROTOCOL

    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning",
                               "http": PROTOCOL, "h11_max_incomplete_event_size": 1024 * 1024}
    if workers == 1:
        from .heap import set_aside_for_good

        set_aside_for_good()  # the app, never garbage: out of the collector's walks
        uvicorn.run(app, **options)
        return
    import os

    app.state.databases.close()  # each worker opens its own
    os.environ[SERVE_ENV] = serve_settings(db, token, hosts, max_upload, threads)
    uvicorn.run("newsgraph.web.app:app_from_environment", factory=True, workers=workers,
                **options)


@main.command("eval")
@click.argument("suite", type=click.Choice((*EVAL_SUITES, *ICEWS_SUITES, "all")))
@click.option("--half", type=click.Choice(("dev", "test")), default="dev", show_default=True,
              help="Which fixed half of each suite to score: dev shows its errors, test shows "
                   "figures only (never read its errors, so no rule is written from them).")
@click.option("--data", type=click.Path(file_okay=False),
              help="The suite's data folder (for 'all': the shared folder holding data/ and "
                   "seeds/). Default: ../shared found beside the checkout, or $NEWSGRAPH_SHARED.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table",
              show_default=True)
@click.option("--limit", type=int, default=None,
              help="Score only the first N items of each suite's half (documents per corpus "
                   "for tempeval), for a quick run.")
@click.option("--update-floors", is_flag=True,
              help="Pin the measured figures as the floors in the baseline file (a run with "
                   "--limit pins the suite's quick floors).")
@click.option("--allow-lower", is_flag=True, help="With --update-floors: allow lowering floors.")
@click.option("--reason", help="With --allow-lower: why, recorded in the baseline file.")
@click.option("--predictions", type=click.Path(dir_okay=False),
              help="icews14/icews18: write each query's top-100 ranking as JSONL to FILE.")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(exists=True),
              help="Score with these PETRARCH/Phoenix dictionaries (or our YAML/CSV) loaded, "
                   "as ingest --dictionary loads them; repeatable. Floors are not checked: "
                   "they are pinned for the plain coder.")
@click.option("--casing", type=click.Choice(EVAL_CASINGS), default=None,
              help="Lower-case or upper-case each record's text before it is coded (default: "
                   "as written); figures are named for it (plover.dev.lower.triple_f1). Only "
                   f"for {', '.join(CASED_SUITES)}.")
def eval_(suite: str, half: str, data: str | None, fmt: str, limit: int | None,
          update_floors: bool, allow_lower: bool, reason: str | None,
          predictions: str | None, dictionaries: tuple[str, ...], casing: str | None) -> None:
    """Measure accuracy on public gold data: figures with support and the worst errors."""
    from .evaluation import suites as ev
    from .evaluation.dictionaries import loaded

    names = (ev.CASED_SUITES if casing else ev.SUITES) if suite == "all" else (suite,)
    if dictionaries and update_floors:
        _fail(click.UsageError("--update-floors pins the plain coder's floors: run it without "
                               "--dictionary"), EXIT_ERROR)
    if dictionaries:
        click.echo(f"with dictionaries: {', '.join(dictionaries)} (floors not checked)", err=True)
    try:
        results = []
        for name in names:
            folder = (Path(data) / ev.DATA_FOLDERS[name] if data and suite == "all"
                      else Path(data) if data else None)
            with predictions_to(Path(predictions) if predictions else None), \
                    loaded(dictionaries):
                results.append(ev.run_suite(name, folder, limit, half=half,  # type: ignore[arg-type]
                                            casing=casing))
            if fmt == "table":
                click.echo(ev.format_table(results[-1], ev.load_baseline()) + "\n")
        if fmt == "json":
            click.echo(ev.as_json(results))
        if update_floors:
            for line in ev.update_floors(results, allow_lower=allow_lower, reason=reason):
                click.echo(f"floor {line}", err=True)
    except NewsgraphError as exc:
        _fail(exc)
    baseline = ev.load_baseline()
    failures = [] if update_floors or dictionaries else ev.check_floors(
        [r for r in results if ev.pinned_floors(r, baseline) is not None], baseline)
    for line in failures:
        click.echo(f"below floor: {line}", err=True)
    sys.exit(1 if failures else 0)


main.add_command(forecast_command)
main.add_command(stories_command)
