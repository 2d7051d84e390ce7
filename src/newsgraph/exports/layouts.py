"""The field's own layouts: GDELT 2.0 events, ICEWS event files and PLOVER JSON records.

Each writer fills what newsgraph knows and leaves the rest empty (never guessed); each reader
turns such a file back into plain records, so a round trip can be tested and other coders'
files compared with ours. docs/formats.md gives every field.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..actors import ActorRef
from ..errors import InputError
from ..events import Event
from ..ontology import Ontology
from .geo import gdelt_geo, icews_geo

if TYPE_CHECKING:
    from ..store import Store

GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
         "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
#: the GDELT 2.0 event table, in the codebook's order (61 columns, headerless TSV)
GDELT_COLUMNS = (
    ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in ACTOR) + tuple(f"Actor2{c}" for c in ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{c}" for c in GEO) + tuple(f"Actor2Geo_{c}" for c in GEO)
    + tuple(f"ActionGeo_{c}" for c in GEO) + ("DATEADDED", "SOURCEURL")
)
#: the columns of an ICEWS event file (tab-separated, with this header)
ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
)
BATCH = 1000


class Sources:
    """The articles and country names the layouts cite, looked up a batch of events at a
    time."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.articles: dict[str, tuple[Any, ...]] = {}
        self.countries = store.country_names()
        self.ontology = Ontology.load()

    def batches(self, events: Iterable[Event]) -> Iterator[Event]:
        batch: list[Event] = []
        for event in events:
            batch.append(event)
            if len(batch) >= BATCH:
                yield from self._load(batch)
                batch = []
        yield from self._load(batch)

    def _load(self, batch: list[Event]) -> list[Event]:
        self.articles = self.store.article_sources(sorted({m.article_id for e in batch
                                                           for m in e.mentions}))
        return batch

    def first(self, event: Event) -> tuple[str, str, str, str]:
        """(article id, url, publisher, title) of the event's first report."""
        if not event.mentions:
            return "", "", "", ""
        aid = event.mentions[0].article_id
        url, source, title, _ = self.articles.get(aid, ("", "", "", ""))
        return aid, url or "", source or "", title or ""

    def publishers(self, event: Event) -> set[str]:
        return {self.articles.get(m.article_id, ("", m.article_id))[1] or m.article_id
                for m in event.mentions}


def numeric_id(event_id: str | None) -> str:
    """GDELT ids are integers: ours is ``ev_`` and 14 hex digits, read as one number."""
    if event_id and event_id.startswith("ev_"):
        try:
            return str(int(event_id[3:], 16))
        except ValueError:
            pass
    return event_id or ""


def _day(event: Event) -> dt.date | None:
    return dt.date.fromisoformat(event.date[:10]) if event.date_precision == "day" and \
        event.date else None


def _gdelt_actor(refs: list[ActorRef]) -> list[str]:
    """Actor code (country + sector, as CAMEO writes them), name, country, known group and
    sector, from the first actor of a side; the rest of the ten fields empty."""
    if not refs:
        return [""] * len(ACTOR)
    a = refs[0]
    country = a.country or ""
    igo = country if a.kind == "igo" else ""
    code = (country if not igo else "IGO" + igo) + (a.sector or "" if a.sector != igo else "")
    return [code, a.name, "" if igo else country, igo, "", "", "", a.sector or "", "", ""]


def gdelt_row(event: Event, sources: Sources) -> list[str]:
    """One GDELT 2.0 event row (61 fields) for an event."""
    day = _day(event)
    year = event.date[:4] if event.date else ""
    month = event.date[:7].replace("-", "") if event.date and len(event.date) >= 7 \
        and event.date[5:7].isdigit() else ""
    fraction = f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else ""
    cameo = event.cameo or ""
    _, url, _, _ = sources.first(event)
    first = min((m.published for m in event.mentions), default=None)
    row = [numeric_id(event.id), day.strftime("%Y%m%d") if day else "", month, year, fraction]
    row += _gdelt_actor(event.source) + _gdelt_actor(event.target)
    row += ["", cameo, cameo[:3], cameo[:2], _text(event.quad_class), _text(event.goldstein),
            str(len(event.mentions)), str(len(sources.publishers(event))),
            str(len({m.article_id for m in event.mentions})), ""]
    row += [""] * (2 * len(GEO)) + gdelt_geo(event.place)  # actors' places unknown
    row += [first.strftime("%Y%m%d") + "000000" if first else "", url or
            (event.mentions[0].article_id if event.mentions else "")]
    return row


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def write_gdelt(store: Store, events: Iterable[Event], out: IO[str]) -> int:
    """GDELT 2.0 event rows, tab-separated without a header, as GDELT ships them."""
    sources = Sources(store)
    n = 0
    for event in sources.batches(events):
        out.write("\t".join(v.replace("\t", " ").replace("\n", " ")
                            for v in gdelt_row(event, sources)) + "\n")
        n += 1
    return n


def icews_row(event: Event, sources: Sources) -> list[str]:
    """One ICEWS event row for an event (the first actor of each side)."""
    aid, _, publisher, _ = sources.first(event)
    side = [_icews_actor(event.source, sources), _icews_actor(event.target, sources)]
    name = sources.ontology.cameo_name(event.cameo) if event.cameo else None
    return [event.id or "", event.date if event.date_precision == "day" and event.date else "",
            *side[0], name or event.type.title(), event.cameo or "", _text(event.goldstein),
            *side[1], aid, "", publisher, *icews_geo(event.place)]


def _icews_actor(refs: list[ActorRef], sources: Sources) -> list[str]:
    if not refs:
        return ["", "", ""]
    a = refs[0]
    return [a.name, a.sector or "", sources.countries.get(a.country or "", a.country or "")]


def write_icews(store: Store, events: Iterable[Event], out: IO[str]) -> int:
    """ICEWS event rows, tab-separated with the ICEWS header line."""
    sources = Sources(store)
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(ICEWS_COLUMNS)
    n = 0
    for event in sources.batches(events):
        writer.writerow(icews_row(event, sources))
        n += 1
    return n


def plover_record(event: Event, sources: Sources) -> dict[str, Any]:
    """The event as a PLOVER JSON record (the manual's field names, snake_case)."""
    from .. import __version__

    aid, url, publisher, title = sources.first(event)
    first = event.mentions[0] if event.mentions else None
    described = sources.ontology.describe(event.type, event.mode)
    return {
        "id": event.id, "date": event.date, "actor": [_entity(a) for a in event.source],
        "recipient": [_entity(a) for a in event.target], "event": [event.type],
        "mode": [event.mode] if event.mode else [], "context": [],
        "quad_code": event.quad_class, "event_scale": getattr(described, "plover_score", None),
        "event_text": [m.trigger for m in event.mentions[:1]],
        "text": first.sentence if first else None,
        "text_info": {"start": first.start, "end": first.end} if first else None,
        "cite_info": {"corpus": aid, "url": url or None, "title": title or None,
                      "publication": publisher or None, "coder": f"newsgraph {__version__}",
                      "codebook": "plover"},
        "coder": f"newsgraph {__version__}",
        # beyond PLOVER's own fields (the manual allows named extras): what newsgraph adds
        "modality": event.modality, "confidence": round(event.confidence, 3),
        "date_precision": event.date_precision, "date_after": event.date_after,
        "date_before": event.date_before, "cameo": event.cameo,
        "goldstein": event.goldstein, "n_articles": len({m.article_id for m in event.mentions}),
    }


def _entity(a: ActorRef) -> dict[str, Any]:
    return {"code": a.country, "sector": a.sector, "entity_text": a.text or a.name,
            "identifier_id": a.actor_id, "identifier_text": a.name}


def write_plover(store: Store, events: Iterable[Event], out: IO[str]) -> int:
    """PLOVER records as JSON Lines, as the manual suggests."""
    sources = Sources(store)
    n = 0
    for event in sources.batches(events):
        out.write(json.dumps(plover_record(event, sources), ensure_ascii=False) + "\n")
        n += 1
    return n


LAYOUT_WRITERS: dict[str, Callable[[Store, Iterable[Event], IO[str]], int]] = {
    "gdelt": write_gdelt, "icews": write_icews, "plover": write_plover,
}


# --------------------------------------------------------------------------- reading back

def read_layout(path: str | Path, fmt: str) -> Iterator[dict[str, Any]]:
    """The records of a GDELT, ICEWS or PLOVER file, as dicts keyed by that layout's fields;
    a malformed line raises InputError naming the file and line."""
    path = Path(path)
    with open(path, encoding="utf-8", newline="") as fh:
        if fmt == "gdelt":
            for n, line in enumerate(fh, 1):
                fields = line.rstrip("\r\n").split("\t")
                if len(fields) != len(GDELT_COLUMNS):
                    raise InputError(f"{path}:{n}", f"{len(fields)} fields, a GDELT 2.0 "
                                     f"event row has {len(GDELT_COLUMNS)}")
                yield dict(zip(GDELT_COLUMNS, fields, strict=True))
        elif fmt == "icews":
            reader = csv.DictReader(fh, delimiter="\t")
            missing = [c for c in ("Event ID", "Event Date", "Source Name", "Target Name",
                                   "CAMEO Code") if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(str(path), f"not an ICEWS event file: no column {missing[0]!r}")
            yield from reader
        elif fmt == "plover":
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise InputError(f"{path}:{n}", f"not a JSON record ({exc.msg})") from None
        else:
            raise InputError(str(path), f"unknown format {fmt!r}: choose gdelt, icews or plover")
