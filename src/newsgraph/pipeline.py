"""Ingest: read -> parse -> find actors -> code events -> date -> merge -> store, one article at a
time in one transaction, so a crash never leaves an article half-stored and a rerun resumes.

The NLP half (``Annotator``) holds no database; its spaCy parse can run in worker processes. The
knowledge-dependent half (actors, events, dates) and the storing run in the main process, one
article after another in input order, so every article sees exactly the knowledge a sequential
run has when it gets there (``learning``): whatever the workers, splits or interruptions, the
same inputs in the same order give the same database (docs/design.md, "Deterministic ingest").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import actors as actors_mod
from . import dates as dates_mod
from . import events as events_mod
from . import heap, knowledge_cache, learning
from .actors import Actor, ActorRef, KnowledgeBase, Role
from .actors.dictionaries import Dictionaries, gather_dictionaries
from .articles import Article, count_words, read_articles, text_id, written_in_lower_case
from .casing import needs_truecasing, truecaser_for
from .coreference import event_id, match_event, merge_events, merge_into
from .dates.context import carry_context_dates
from .errors import InputError
from .events import Event
from .ontology import Ontology
from .parsing import common_words, doc_text, irregular_forms, load_pipeline, parse_articles
from .places import Locator
from .store import DuplicateArticle, Store, StoreError, retrying
from .syndication import NearDuplicateIndex
from .workers import parse_pool, parsed_docs, shipped_timexes

log = logging.getLogger(__name__)


@dataclass
class ArticleResult:
    """What the NLP half found in one article: events (merged within the article) and roles."""

    article: Article
    events: list[Event]
    roles: list[Role]
    actors: list[Actor]
    words: int
    minhash: bytes | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    taught: list[Actor] = field(default_factory=list)  # people this article added to the KB


def loaded_from(files: Iterable[Path], parse_all: bool) -> tuple[tuple[str, ...], bool]:
    """What an annotator loaded from ``files`` (actor files and dictionaries, in order) with
    ``parse_all`` is told by (``Annotator.loaded_from``)."""
    return tuple(str(Path(f)) for f in files), parse_all


@dataclass
class IngestReport:
    """Counts printed at the end of an ingest; ``errors`` holds one line per failed input."""

    ingested: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    events: int = 0
    mentions: int = 0
    merged_across: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    lower_case: list[str] = field(default_factory=list)  # ids of articles with no capitals
    # (origin, language) of articles not in English: stored, but the coder reads English only
    other_languages: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


class Annotator:
    """The NLP half: a loaded spaCy pipeline, the knowledge base, the ontology and the lexicon."""

    def __init__(
        self,
        kb: KnowledgeBase | None = None,
        onto: Ontology | None = None,
        nlp: Language | None = None,
        actor_files: Iterable[Path] = (),
        parse_all: bool = False,
        dictionaries: Iterable[Path] | Dictionaries = (),
    ) -> None:
        actor_files = list(actor_files)
        # what a process loading its own annotator from files would load this one from (a
        # forked parse worker takes this one instead: ``workers.start_annotator``); None when
        # given loaded parts
        self.loaded_from: tuple[tuple[str, ...], bool] | None = None
        if kb is None and onto is None and nlp is None and not isinstance(dictionaries,
                                                                        Dictionaries):
            dictionaries = list(dictionaries)
            self.loaded_from = loaded_from([*actor_files, *dictionaries], parse_all)
        # actor files and dictionaries are one list, each file read by its kind
        self.dictionaries = gather_dictionaries(actor_files, dictionaries)
        # what decides which sentences get the parser and NER: the untaught knowledge, so the
        # parse of an article never depends on which articles came before it in this run, in
        # this worker, or in an evaluation, which parses as ingest does
        self._kb: KnowledgeBase | None = kb or None  # the knowledge articles teach (``kb``)
        # the untaught knowledge base restored ahead, for the first run or the first reader of
        # ``kb`` to take (``_untaught``): the one unpickling a run needs, done in the load
        self._spare: KnowledgeBase | None = None
        if kb:
            self._pristine = learning.snapshot(kb)  # before any article taught it anything
            self.filter_kb = learning.restore(self._pristine)
        else:  # the shipped knowledge and the dictionaries: read from the cache if made before
            self._pristine, indexed = untaught_knowledge(self.dictionaries)
            self.filter_kb = learning.restore(indexed)
            self._spare = self._restored()
        self.known_facts = 0  # the store's position (fact_seq) that self.kb has caught up to
        self.onto = onto or Ontology.load()
        self.lexicon = events_mod.load_lexicon(self.dictionaries.lexicon_files,
                                               self.dictionaries.verbs, self.onto)
        self.nlp = nlp or load_pipeline()
        dates_mod.default_lexicon()  # the date grammar, compiled once with the other knowledge
        _import_annotating_modules()
        self.parse_all = parse_all
        self.common_words = common_words(self.nlp)
        self._english: frozenset[str] | None = None  # what truecasing counts as English words
        self._locator: Locator | None = None  # the gazetteer, loaded on the first article

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base articles are coded with and teach: the untaught one until a run
        starts (taken when first read: an ingest's ``start_run`` takes its own, so a load
        followed by an ingest unpickles the snapshot once, not twice)."""
        if self._kb is None:
            self._kb = self._untaught()
        return self._kb

    @kb.setter
    def kb(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def start_run(self, facts: Sequence[learning.Fact], position: int = 0) -> None:
        """Start from the knowledge a sequential run has after the stored articles: the shipped
        data and user files, then ``facts`` (what stored articles taught) in order, up to the
        store's fact ``position``."""
        self.kb = self._untaught()
        learning.replay(self.kb, facts)
        self.known_facts = position

    def _untaught(self) -> KnowledgeBase:
        """A knowledge base no article taught: the one restored when the annotator loaded, the
        first time (with every PETRARCH dictionary, unpickling it is 0.6 CPU-s, which the
        run's start paid before the first article, inside every ingest's timing), then a
        fresh one. The spare is never handed out twice, so it is as untaught as a fresh one."""
        spare, self._spare = self._spare, None
        return spare if spare is not None else self._restored()

    def _restored(self) -> KnowledgeBase:
        """The untaught knowledge base, unpickled, with a copy of the parse filters' name index
        (the same untaught knowledge: the index it would build)."""
        kb = learning.restore(self._pristine)
        kb.share_index(self.filter_kb)
        return kb

    def wants_parse(self, sentence: str) -> bool:
        """Parse a sentence only if it could hold an event or teach the KB a role."""
        return events_mod.could_hold_event(sentence, self.lexicon) or actors_mod.could_teach_role(
            sentence, self.filter_kb
        )

    def wants_entities(self, sentence: Doc) -> bool:
        """Run NER on a sentence only if it holds a capitalised word the KB cannot explain."""
        return actors_mod.may_name_unknown(sentence, self.filter_kb, self.common_words)

    def truecase(self, text: str) -> str:
        """A lower-cased or all-caps text with its capitals back (same length); cased text as
        it is. Read from the untaught knowledge, like the parse filters."""
        if not needs_truecasing(text):
            return text
        if self._english is None:
            self._english = self.common_words | irregular_forms(self.nlp)
        return truecaser_for(self.filter_kb, self._english)(text)

    def parse(self, texts: Iterable[str]) -> Iterator[Doc]:
        """The spaCy half alone (what worker processes run), selective unless ``parse_all``."""
        if self.parse_all:
            return parse_articles(self.nlp, texts, truecase=self.truecase)
        return parse_articles(self.nlp, texts, self.wants_parse, wants_entities=self.wants_entities,
                              truecase=self.truecase)

    def annotate(self, articles: list[Article]) -> list[ArticleResult]:
        """Run the NLP half on a batch of articles."""
        docs = self.parse(a.text for a in articles)
        return [self.annotate_doc(a, d) for a, d in zip(articles, docs, strict=True)]

    def annotate_doc(self, article: Article, doc: Doc) -> ArticleResult:
        roles = actors_mod.learn_roles(doc, self.kb, article.id, article.published)
        refs = actors_mod.find_actors(doc, self.kb, article.published)
        events = events_mod.code_events(
            doc, refs, article.id, article.published, self.onto, self.lexicon
        )
        if self.dictionaries.discards:  # a PETRARCH discard list: sports, films, chronologies
            events = self._not_voided(article.text, events)
        timexes = shipped_timexes(doc)  # tagged by the worker that parsed it, if one did
        if timexes is None:
            timexes = dates_mod.tag_timexes(doc_text(doc), article.published)
        named = dates_mod.dated_mentions(doc, timexes, article.published, events)
        for event in events:
            self._date(event, doc, timexes, article.published, named)
        carry_context_dates(events, doc, article.published)
        if doc_text(doc) != article.text:  # coded from a truecased copy of the same length
            quote_as_written(events, article.text)
        for event in events:
            self._reresolve_roles(event)
        merged = merge_events(events, {article.id: article.text})
        self.locator.locate(merged, doc)  # where each happened, when its sentence says
        used = {r.actor_id for e in merged for r in e.source + e.target + e.claimed_by}
        learned = {r.actor_id for r in roles}
        known = [a for i in sorted(used | learned) if (a := self.kb.get(i)) is not None]
        # curated terms of the people involved go into the database too, so it is self-contained
        roles += [r for a in known if a.kind == "person" for r in self.kb.roles(a.id)
                  if not r.learned]
        known += events_mod.group_actors(merged)  # "Egyptian demonstrators": composed by the coder
        result = ArticleResult(article, merged, roles, known, count_words(article.text))
        result.taught = learning.taught(self.kb, article.id, roles)
        return result

    def _not_voided(self, story: str, events: list[Event]) -> list[Event]:
        """The events no discard phrase voids: the story's phrases are looked for once per
        article and each sentence's once, not once per event (a long alternation of phrases
        over the whole text for every event was a sixth of ingest with the dictionaries)."""
        if not events or self.dictionaries.voids(story, ""):
            return []
        voided = {sentence: bool(self.dictionaries.voids("", sentence))
                  for sentence in {e.mentions[0].sentence for e in events}}
        return [e for e in events if not voided[e.mentions[0].sentence]]

    @property
    def locator(self) -> Locator:
        """Finds events' places; built when first needed, so parse workers never load it."""
        if self._locator is None:
            self._locator = Locator()
            heap.set_aside_more()  # loaded for good, as the knowledge before it
        return self._locator

    def _date(self, event: Event, doc: Doc, timexes: list, published: dt.date,
              named: list[dates_mod.DatedMention]) -> None:
        m = event.mentions[0]
        span = doc.char_span(m.trigger_start, m.trigger_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            when = dates_mod.EventDate(published.isoformat(), "day", "publication", None)
        else:
            when = dates_mod.date_event(span[0].sent, span[0], published, timexes)
            # "his recent phone call" borrows the date of "the July 1 call" between the same parties
            when = dates_mod.borrowed_date(when, event, span[-1], named)
            when = dates_mod.unreal_date(when, event.modality, span[0], published)
        event.date, event.date_precision = when.value, when.precision
        event.date_basis, event.date_text = when.basis, when.text
        event.date_bound = when.bound
        event.date_after, event.date_before = when.after, when.before
        m.date, m.date_basis, m.date_text = event.date, event.date_basis, event.date_text

    def _reresolve_roles(self, event: Event) -> None:
        """"The Iranian president" means whoever held the office on the event's date. Only a
        mention that stands for an office is re-resolved: "Iranian President Masoud
        Pezeshkian" names the person, and the writer's name beats our term dates."""
        lo = dates_mod.date_bounds(event.date)[0] if event.date else None
        if lo is None:
            return
        for refs in (event.source, event.target, event.claimed_by):
            for i, ref in enumerate(refs):
                if ref.office is None or ref.how not in _OFFICE_HOWS:
                    continue
                holder = self.kb.holder(ref.office[0], ref.office[1], lo)
                if holder is not None and holder.id != ref.actor_id:
                    refs[i] = _retarget(ref, holder, lo)


#: what annotating an article calls in the packages that import their spaCy-backed modules on
#: first use (``newsgraph.lazy``): read when the annotator loads, so the modules are imported
#: with the model and the knowledge, not inside the first article (a forked parse worker and
#: the ingesting process each paid them there: 0.07-0.17 CPU-s of a 150-article run)
_ANNOTATING = ((actors_mod, ("find_actors", "learn_roles", "could_teach_role", "may_name_unknown")),
               (events_mod, ("code_events", "group_actors", "could_hold_event")),
               (dates_mod, ("tag_timexes", "dated_mentions", "date_event", "borrowed_date",
                            "unreal_date", "background_position")))


def _import_annotating_modules() -> None:
    for package, names in _ANNOTATING:
        for name in names:
            getattr(package, name)


def untaught_knowledge(dictionaries: Dictionaries) -> tuple[bytes, bytes]:
    """The knowledge base of the shipped data and ``dictionaries`` as runs start from (its
    snapshot, no article taught), and the same with its name index built, as the parse filters
    read it: made once and kept in the cache (``knowledge_cache``) under every file's path,
    kind and sha256, so the next process and each parse worker read them back instead of
    building them (with every PETRARCH dictionary, building is the most of a start)."""

    def build() -> tuple[bytes, bytes]:
        pristine = learning.snapshot(KnowledgeBase.load(dictionaries=dictionaries))
        indexed = learning.restore(pristine)
        indexed.index()
        return pristine, learning.snapshot(indexed)

    return knowledge_cache.cached(
        "knowledge", [f"{f.path}\t{f.kind}\t{f.sha256}" for f in dictionaries.files], build)


def quote_as_written(events: Iterable[Event], text: str) -> None:
    """Give the mentions of events coded from a truecased copy the original text's wording
    (their sentence and trigger), so what is stored quotes the article as it was written."""
    for event in events:
        for m in event.mentions:
            m.sentence = _as_written(text, m.start, m.sentence)
            m.trigger = _as_written(text, m.trigger_start, m.trigger)


def _as_written(text: str, start: int, copy: str) -> str:
    """The original of ``copy`` (read from the truecased text at ``start``); ``copy`` itself
    where the two are not the same letters."""
    original = text[start:start + len(copy)]
    return original if original.lower() == copy.lower() else copy


# mentions that stand for an office rather than name a person
_OFFICE_HOWS = {"role", "description"}

def _retarget(ref: ActorRef, actor: Actor, on: dt.date) -> ActorRef:
    return ActorRef(
        actor_id=actor.id, name=actor.name, kind=actor.kind, country=actor.country or ref.country,
        sector=actor.sector or ref.sector, text=ref.text, start=ref.start, end=ref.end,
        how=f"{ref.how} (office holder on {on.isoformat()})", office=ref.office,
    )


@dataclass
class _Tally:
    """What one article's transaction adds to the report, added only once it is committed."""

    events: int = 0
    mentions: int = 0
    merged_across: int = 0

    def add_to(self, report: IngestReport) -> None:
        report.events += self.events
        report.mentions += self.mentions
        report.merged_across += self.merged_across


def store_result(store: Store, result: ArticleResult, report: IngestReport,
                 minhash: bytes | None, bands: Sequence[int] = ()) -> None:
    """Write one article and its events in one transaction, merging with stored events; the
    report counts only what was committed. Raises ``DuplicateArticle`` (nothing written) when
    another writer stored the same text meanwhile."""
    with store.transaction():
        tally = _write_result(store, result, minhash, bands)
    tally.add_to(report)


def _write_result(store: Store, result: ArticleResult, minhash: bytes | None,
                  bands: Sequence[int]) -> _Tally:
    """The writes of one article (inside the caller's transaction) and what they add."""
    store.add_article(result.article, result.words, minhash=minhash)
    store.add_bands(result.article.id, list(bands))
    tally = store_coding(store, result)
    store.file_story(result.article, result.events)  # after its events
    return tally


def store_coding(store: Store, result: ArticleResult) -> _Tally:
    """What coding one stored article gave: its actors, roles, learned facts and events
    (merged with stored ones). Ingest calls it after the article row; ``newsgraph recode``
    calls it for an article whose old events it removed."""
    tally = _Tally()
    for actor in result.actors:
        store.upsert_actor(actor)
    for role in result.roles:
        store.upsert_role(role)
    store.add_learned(result.article.id, result.taught, [r for r in result.roles if r.learned])
    for event in result.events:
        _store_event(store, dataclasses.replace(event), tally)
    store.set_article_events(result.article.id, len(result.events))
    return tally


def canonical_id(event: Event) -> str:
    """The id of an event whoever stored it first: from its earliest mention by publication
    date, article id and offset (store contract 4)."""
    first = min(event.mentions, key=lambda m: (m.published, m.article_id, m.trigger_start))
    return event_id(dataclasses.replace(event, mentions=[first]))


def _store_event(store: Store, event: Event, tally: _Tally) -> None:
    tally.mentions += len(event.mentions)
    found = match_event(event, store.candidate_events(event, window_days=7), store.texts_of)
    if found is None:
        event.id = canonical_id(event)
        store.add_event(event)
        tally.events += 1
        return
    stored, reason = found
    new_mentions = list(event.mentions)
    merge_into(stored, event, "across articles: " + reason)
    stored.place = stored.place or event.place  # a later report may be the one naming it
    assert stored.id is not None
    store.update_event(stored, new_mentions, "across articles: " + reason)
    store.rekey_event(stored.id, canonical_id(stored))
    tally.merged_across += 1


class Ingestor:
    """Feeds articles through the annotator into the store, with dedupe and error reporting."""

    def __init__(self, store: Store, annotator_factory: Callable[[], Annotator],
                 workers: int = 1, batch_size: int = 16, actor_files: Iterable[Path] = (),
                 parse_all: bool = False, id_from_hash: bool = False,
                 dask: str | None = None) -> None:
        self.store = store
        self.annotator_factory = annotator_factory
        self.workers = workers
        self.dask = dask  # a Dask cluster to parse on (newsgraph.workers), instead of processes
        self.batch_size = batch_size
        self.actor_files = list(actor_files)
        self.parse_all = parse_all
        self.id_from_hash = id_from_hash
        self.index = NearDuplicateIndex(store=store)
        self._fill_bands()
        with store.transaction():  # articles stored before stories were (migration 10)
            store.file_unfiled_stories()

    def _fill_bands(self) -> None:
        """Band keys for stored originals that lack them: a database from before migration 6,
        or one whose keys were made with other near-duplicate settings. Done once per file: the
        layout is marked complete at the end, and a fill cut short resumes where it stopped."""
        layout, filling = self.index.layout, "filling:" + self.index.layout
        found = self.store.band_layout()
        if found == layout:
            return
        if found != filling:
            self.store.reset_bands(filling)
        after = ""
        while page := self.store.articles_without_bands(after):
            with self.store.transaction():
                for article_id, signature in page:
                    self.store.add_bands(article_id, self.index.band_keys(signature))
            after = page[-1][0]
        self.store.set_band_layout(layout)

    def ingest(self, inputs: Iterable[str | Path], default_date: dt.date | None = None,
               progress: Callable[[int], None] | None = None,
               repair_encoding: bool = False) -> IngestReport:
        """Read, annotate and store every article under ``inputs``; never stops on bad input."""
        report = IngestReport()
        started = time.perf_counter()
        annotator = self.annotator_factory()
        self._restart(annotator)
        read = read_articles(inputs, default_date, repair_encoding=repair_encoding)
        fresh = self._screen(read, report, progress)
        # the collector skips the knowledge loaded by now while the articles flow (newsgraph.heap)
        for pending, doc in heap.set_aside_while(self._parsed(fresh, annotator)):
            try:
                self._store(pending, doc, annotator, report)
            except Exception as exc:  # one article's failure must not stop the batch
                report.failed += 1
                report.errors.append(_not_stored(pending.article, exc))
                log.debug("storing %s failed", pending.article.id, exc_info=True)
                # what it taught was rolled back with it: later articles must not know it
                try:
                    self._restart(annotator)
                except Exception:  # the database is failing: the next article will say so
                    log.debug("reloading learned facts failed", exc_info=True)
            finally:
                self.index.forget(pending.article.id)  # stored (bands on disk) or not at all
            if progress:
                progress(1)
        report.seconds = time.perf_counter() - started
        return report

    def _restart(self, annotator: Annotator) -> None:
        """Knowledge as the store holds it now (at the start, and after a rolled-back article)."""
        with self.store.transaction():  # one consistent reading of the facts and their position
            annotator.start_run(self.store.learned_facts(), self.store.fact_seq())

    def _store(self, pending: ArticleResult, doc: Doc | None, annotator: Annotator,
               report: IngestReport) -> None:
        """Annotate and store one article in one transaction, holding the write lock, so the
        knowledge it is annotated with is exactly what the articles committed before it taught,
        whichever process committed them; a text another writer stored meanwhile is a
        duplicate, not an error."""

        def write() -> tuple[ArticleResult, _Tally] | None:
            with self.store.transaction():
                refused = self.store.stored_as(pending.article)
                if refused is not None:
                    raise refused
                if doc is None:
                    self._store_near_duplicate(pending)
                    return None
                if self.store.fact_seq() != annotator.known_facts:  # another writer's articles
                    learning.replay(annotator.kb, self.store.learned_facts(annotator.known_facts))
                result = annotator.annotate_doc(pending.article, doc)
                result.minhash = pending.minhash
                bands = self.index.band_keys(result.minhash) if result.minhash else []
                tally = _write_result(self.store, result, result.minhash, bands)
                annotator.known_facts = self.store.fact_seq()
                return result, tally

        what = pending.article.origin or pending.article.id
        try:
            written = retrying(write, what, before_retry=lambda: self._restart(annotator))
        except DuplicateArticle:
            report.duplicates += 1
            return
        if written is None:
            report.near_duplicates += 1
            return
        result, tally = written
        tally.add_to(report)  # committed: only now does the summary count it
        report.ingested += 1
        report.words += result.words

    def _store_near_duplicate(self, result: ArticleResult) -> None:
        with self.store.transaction():
            self.store.add_article(result.article, result.words, None,
                                   duplicate_of=result.duplicate_of, similarity=result.similarity)
            if result.duplicate_of:
                self.store.file_copy_story(result.article, result.duplicate_of)

    def _screen(self, items: Iterable[Article | InputError], report: IngestReport,
                progress: Callable[[int], None] | None) -> Iterator[ArticleResult]:
        """Report bad inputs, drop what is already stored, mark near-duplicates; keep order.

        Near-duplicates pass through (unannotated) so they are stored after their original.
        An id that is stored with another text is refused, so nothing is dropped silently.
        """
        seen: set[str] = set()
        for item in items:
            if isinstance(item, InputError):
                report.failed += 1
                report.errors.append(str(item))
                continue
            if self.id_from_hash:
                item = dataclasses.replace(item, id=text_id(item.text))
            refused = None if item.content_hash in seen else self.store.stored_as(item)
            if item.content_hash in seen or isinstance(refused, DuplicateArticle):
                report.duplicates += 1
                if progress:
                    progress(1)
                continue
            if isinstance(refused, StoreError):
                report.failed += 1
                report.errors.append(str(refused))
                continue
            seen.add(item.content_hash)
            if written_in_lower_case(item.text):
                report.lower_case.append(item.id)
            if item.language not in (None, "en"):
                report.other_languages.append((item.origin or item.id, str(item.language)))
            pending = ArticleResult(item, [], [], [], count_words(item.text))
            near = self.index.query(item.text)
            if near is not None:
                pending.duplicate_of, pending.similarity = near.article_id, near.similarity
            else:
                pending.minhash = self.index.signature(item.text)
                self.index.add_signature(item.id, pending.minhash)
            yield pending

    def _parsed(self, pending: Iterator[ArticleResult],
                annotator: Annotator) -> Iterator[tuple[ArticleResult, Doc | None]]:
        """Each article with its parse (None for a near-duplicate), in input order; the parse
        runs in batches, in worker processes or on Dask workers when asked (newsgraph.workers).
        Parsing reads no learned knowledge, so where it runs changes nothing."""
        batches = _batches(pending, self.batch_size)
        with parse_pool(self.workers, self.dask, self.actor_files, self.parse_all,
                        loaded=annotator) as pool:
            if pool is None:
                for batch in batches:
                    yield from _fill(batch, annotator.parse(r.article.text for r in batch
                                                            if _original(r)))
                return
            vocab = annotator.nlp.vocab
            queue: list[tuple[list[ArticleResult], Any]] = []
            for batch in batches:
                originals = [r.article for r in batch if _original(r)]
                queue.append((batch, pool.submit([a.text for a in originals],
                                                 [a.published.isoformat() for a in originals])))
                if len(queue) >= pool.slots:
                    done, future = queue.pop(0)
                    yield from _fill(done, parsed_docs(vocab, future.result()))
            for done, future in queue:
                yield from _fill(done, parsed_docs(vocab, future.result()))


def _not_stored(article: Article, exc: Exception) -> str:
    """The error line of an article that could not be stored: a refusal says it all."""
    if isinstance(exc, StoreError) and str(exc).startswith(article.origin or article.id):
        return str(exc)
    return f"{article.origin or article.id}: not stored ({exc})"


def _original(result: ArticleResult) -> bool:
    return result.duplicate_of is None


def _fill(batch: list[ArticleResult],
          docs: Iterable[Doc]) -> Iterator[tuple[ArticleResult, Doc | None]]:
    """Pair each original in the batch with its parse; near-duplicates get None."""
    parsed = iter(docs)
    for pending in batch:
        yield pending, (next(parsed) if _original(pending) else None)


def _batches(items: Iterator[ArticleResult], size: int) -> Iterator[list[ArticleResult]]:
    batch: list[ArticleResult] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
