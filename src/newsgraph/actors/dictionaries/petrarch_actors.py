"""PETRARCH / Phoenix / TABARI actor dictionaries.

Analysts keep years of work in these flat-text dictionaries, so newsgraph reads them as they are
(``--dictionary FILE`` or ``--actors FILE.txt``) instead of asking for a conversion. The format,
in short:

- an entry is a name, words joined by ``_`` (or spaces), then its code in brackets:
  ``NORTH_KOREA [PRK]``; a trailing ``_`` only marks an exact (unstemmed) word;
- following lines starting with ``+`` are synonyms of the entry;
- following indented ``[CODE ...]`` lines are further codes, optionally time-bounded:
  ``[XXXGOV 20080120-20121109]`` (range), ``[XXX <950601]`` (before), ``[XXXREB >990816]``
  (after); dates are ``YYYYMMDD`` or ``YYMMDD``; an undated code is the default;
- a code is a 3-letter country (or IGO/NGO...) code followed by 3-letter sector codes
  (``PSEREBHMS``: Palestine, rebels, Hamas); ``---`` is the null code;
- ``#`` starts a comment; ``<!-- ... -->`` blocks are comments.

A code block that cannot be read (a seven-digit date, ``>201005011``) is skipped with its line
counted in ``Skipped``, as PETRARCH reads past it; the rest of the entry and file still load.

Each entry becomes an :class:`~newsgraph.actors.Actor`; each dated code becomes an
``affiliation`` :class:`~newsgraph.actors.Role`, so the code valid on an event's date can be
looked up. Where dated codes overlap, the one listed first wins (as in PETRARCH): later ranges
are clipped so the roles never overlap. A range ``a-b`` includes both days; as for every
:class:`~newsgraph.actors.Role`, the role's ``end`` is the first day it no longer holds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..records import Actor, Role
from .text import LineError, Skipped, read_text, strip_comments

AFFILIATION = "affiliation"
NULL_CODE = "---"
CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_CODE = re.compile(
    r"^\s*(?P<code>[^\s<>\d][^\s<>]*)?\s*"
    r"(?:(?P<op>[<>])\s*(?P<when>\d{6,8})|(?P<start>\d{6,8})\s*-\s*(?P<end>\d{6,8}))?\s*$"
)
_ARMED = ("REB", "INS", "IMG", "UAF", "SEP")
_INITIALS = re.compile(r"^(?:[A-Za-z]{1,2}\.)+[A-Za-z]?\.?$")  # U.S., U.S.S.R, W.
_YY_PIVOT = 30  # 6-digit dates: YY < 30 is 20YY, else 19YY (the dictionaries date from 1990 on)


@dataclass
class DatedCode:
    """One code of an entry and the dates it is valid between (None: open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class PetrarchEntry:
    """One dictionary entry as written: its name, synonyms and codes, with the line it starts on."""

    name: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    codes: list[DatedCode] = field(default_factory=list)


def parse_date(text: str, where: str) -> dt.date:
    """``19950601`` or ``950601`` -> 1995-06-01; a bad date names the file and line."""
    try:
        if len(text) == 6:
            yy = int(text[:2])
            text = f"{2000 + yy if yy < _YY_PIVOT else 1900 + yy}{text[2:]}"
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise LineError(f"{where}: '{text}' is not a date; use YYYYMMDD or YYMMDD") from None


def parse_code(block: str, where: str) -> DatedCode | None:
    """``HOBGOV 19950601 - 19990815`` -> DatedCode; ``<d`` is strictly before, ``>d`` after."""
    m = _CODE.match(block)
    if m is None:
        raise LineError(
            f"{where}: cannot read code block '[{block}]'; expected [CODE], [CODE <YYYYMMDD], "
            "[CODE >YYYYMMDD] or [CODE YYYYMMDD-YYYYMMDD]"
        )
    code = (m["code"] or "").upper().split("/")[0].strip("~")
    if not code:
        return None
    one_day = dt.timedelta(days=1)
    if m["op"] == "<":
        return DatedCode(code, None, parse_date(m["when"], where) - one_day)
    if m["op"] == ">":
        return DatedCode(code, parse_date(m["when"], where) + one_day, None)
    if m["start"]:
        return DatedCode(code, parse_date(m["start"], where), parse_date(m["end"], where))
    return DatedCode(code)


def read_entries(path: Path, skipped: Skipped | None = None) -> list[PetrarchEntry]:
    """The entries of an actor dictionary, in file order, with synonyms and codes attached.

    A line whose code block cannot be read is skipped (its entry keeps its other lines) and
    counted in ``skipped``."""
    skipped = Skipped() if skipped is None else skipped
    entries: list[PetrarchEntry] = []
    for number, line in enumerate(strip_comments(read_text(path)), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        where = f"line {number}"
        if stripped.startswith("+") and entries:
            name = CODE_BLOCK.split(stripped[1:], maxsplit=1)[0].strip()
            if name:
                entries[-1].synonyms.append(name)
            continue
        try:
            codes = [c for block in CODE_BLOCK.findall(stripped)
                     if (c := parse_code(block, where)) is not None]
        except LineError as exc:
            skipped.add(str(exc))
            codes = None
        if not (stripped.startswith("[") and entries):
            name = CODE_BLOCK.split(stripped, maxsplit=1)[0].strip()
            if not name or name.startswith("<"):
                continue
            entries.append(PetrarchEntry(name, number))
        entries[-1].codes += codes or []
    return entries


def display_name(raw: str) -> str:
    """``PRESIDENT_GEORGE_W._BUSH`` -> ``President George W. Bush``; ``U.S.`` stays ``U.S.``."""
    words = raw.replace("_", " ").split()
    if len(words) == 1 and len(words[0]) <= 3:  # IMF, PLO, UAE: acronyms keep their case
        return words[0].upper()
    return " ".join(_word_case(w) for w in words)


def _word_case(word: str) -> str:
    if _INITIALS.match(word):
        return word.upper()
    return "-".join(part.capitalize() for part in word.split("-"))


def _variants(raw: str) -> list[str]:
    """The display form, plus the upper-case form of a short one-word name (USSR, NATO)."""
    shown = display_name(raw)
    upper = " ".join(raw.replace("_", " ").split()).upper()
    short = len(upper.split()) == 1 and len(upper.replace(".", "")) <= 4
    return [shown, upper] if short and upper != shown else [shown]


def split_code(code: str) -> tuple[str | None, str | None]:
    """``PSEREBHMS`` -> (``PSE``, ``REBHMS``); the null code has no country."""
    if code.startswith(NULL_CODE) or not code[:3].isalpha():
        return None, code[3:] or None
    return code[:3], code[3:] or None


def _kind(entry: PetrarchEntry, default: DatedCode | None) -> str:
    code = (default or entry.codes[0]).code
    if len(code) == 3 and code.isalpha() and all(c.code == code for c in entry.codes):
        return "country"  # one bare country code, in every period a line names ("IRAQ_")
    if any(c.start or c.end for c in entry.codes):  # else only people's codes change with time
        return "person"
    country, sector = split_code(code)
    if country == "IGO":
        return "igo"
    if country == "IMG" or sector and any(sector.startswith(a) for a in _ARMED):
        return "armed_group"
    if sector and sector.startswith("MED"):
        return "media"
    return "country" if sector is None and len(code) == 3 else "organisation"


def _minus(span: DatedCode, taken: list[DatedCode]) -> list[DatedCode]:
    """The parts of ``span`` not covered by any span in ``taken`` (earlier entries win)."""
    pieces = [span]
    for t in taken:
        lo_t, hi_t = t.start or dt.date.min, t.end or dt.date.max
        kept: list[DatedCode] = []
        for p in pieces:
            lo, hi = p.start or dt.date.min, p.end or dt.date.max
            if hi < lo_t or lo > hi_t:
                kept.append(p)
                continue
            if lo < lo_t:
                kept.append(DatedCode(p.code, p.start, lo_t - dt.timedelta(days=1)))
            if hi > hi_t:
                kept.append(DatedCode(p.code, hi_t + dt.timedelta(days=1), p.end))
        pieces = kept
    return pieces


def _roles(actor_id: str, entry: PetrarchEntry, source: str) -> list[Role]:
    roles: list[Role] = []
    taken: list[DatedCode] = []
    for code in entry.codes:
        if code.start is None and code.end is None:
            continue
        for piece in _minus(code, taken):
            country, sector = split_code(piece.code)
            if country is not None:  # a null-coded period: the actor is not coded then
                end = piece.end + dt.timedelta(days=1) if piece.end else None  # Role: exclusive
                roles.append(Role(actor_id, AFFILIATION, country, piece.start, end,
                                  source=source, sector=sector))
        taken.append(code)
    return roles


def entry_actor(entry: PetrarchEntry, source: str) -> tuple[Actor, list[Role]] | None:
    """The actor and affiliation roles of one entry; None for an entry with no code."""
    if not entry.codes:
        return None
    default = next((c for c in entry.codes if c.start is None and c.end is None), None)
    country, sector = split_code((default or entry.codes[0]).code)
    if default is None:
        sector = None
    names = _variants(entry.name)
    aliases = names[1:] + [v for s in entry.synonyms for v in _variants(s)]
    key = "_".join(entry.name.replace("_", " ").split()).upper()
    actor = Actor(
        id=f"petrarch:{key}", name=names[0], kind=_kind(entry, default), country=country,
        sector=sector, aliases=list(dict.fromkeys(a for a in aliases if a != names[0])),
        source=source,
    )
    return actor, _roles(actor.id, entry, source)


def read_petrarch_actors(path: Path, skipped: Skipped | None = None
                         ) -> tuple[list[Actor], list[Role]]:
    """Actors and dated affiliation roles from a PETRARCH/Phoenix actor dictionary.

    Ids are ``petrarch:<NAME>`` (codes are shared by many entries, names are not); country is
    the code's first three letters and sector the rest. Unreadable lines go to ``skipped``.
    """
    path = Path(path)
    actors: dict[str, Actor] = {}
    roles: list[Role] = []
    for entry in read_entries(path, skipped):
        made = entry_actor(entry, f"{path}:{entry.line}")
        if made is None:
            continue
        actor, entry_roles = made
        if actor.id in actors:  # a repeated entry adds names, as in PETRARCH
            known = actors[actor.id]
            known.aliases += [a for a in actor.aliases if a not in known.aliases]
            continue
        actors[actor.id] = actor
        roles += entry_roles
    return list(actors.values()), roles
