"""ECB+ cross-document event coreference (Cybulska & Vossen setup), scored as the field scores it.

The corpus is read where it lies (``../shared/data/ecbplus``): the validated sentences of each
split (``cybulska_setup/ECB_<Split>_corpus.txt``) and the gold event mentions
(``ECB_<Split>_Event_gold_mentions.json``). Mentions are clustered within each gold *topic*
(the number before the underscore of a document id), never within a gold sub-topic: the
``ecb``/``ecbplus`` halves of a topic are two real events of one kind, and telling them apart is
part of the task. What the engine may read is the text: the tokens of column 4, the mention
spans, and which document and sentence a mention sits in, through opaque keys. The gold chain
(column 5 and ``coref_chain``) is read only to score and to train.

The test figure is scored against ``gold_keys/CD_test_event_mention_based.key_conll``, the key of
Barhom et al. (2019): one line per mention of all test documents, in an order of their making.
Its lines are tied to our mentions by document (the key walks the ``ecb`` documents of each topic,
then the ``ecbplus`` ones, each in name order) and then by chain: two key chains that occur in
the same documents the same number of times are interchangeable for every metric, so the
alignment is exact. MUC, B-cubed and CEAF-e come from ``scorch`` (the reference scorer's
formulas); CoNLL F1 is their mean; LEA (Moosavi & Strube 2016) is computed here.

Splits: ECB+ has its own train/dev/test topics (train 1-35 less dev and 15, 17; dev 2, 5, 12,
18, 21, 23, 34, 35; test 36-45). The hash dev/test halves of the other suites do not apply.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..coreference.embeddings import Embedder
from ..coreference.engine import PairModel, cluster
from ..coreference.features import (
    DocumentView,
    MentionView,
    Senses,
    document_view_from_parses,
    load_synonyms,
    mention_view,
    senses_from_lexicon,
)
from ..errors import NewsgraphError

if TYPE_CHECKING:
    from .splits import Half
    from .suites import SuiteResult

SPLITS = ("train", "dev", "test")
DATA_FOLDER = "data/ecbplus"
CACHE_DIR = Path(".cache/coreference")  # parses and embeddings, git-ignored
KEY_FILE = "gold_keys/CD_test_event_mention_based.key_conll"
# published anchors on the test topics (gold mentions, CoNLL F1)
ANCHOR_LEMMA = 76.4


@dataclass(frozen=True)
class Sentence:
    """One validated sentence of a document: its tokens, as the corpus gives them."""

    document: str
    index: int
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class GoldMention:
    """One gold event mention: where it is (document, sentence, token positions) and, kept apart
    from everything a system reads, the chain it belongs to."""

    document: str
    sentence: int
    tokens: tuple[int, ...]
    chain: str

    @property
    def topic(self) -> str:
        return topic_of(self.document)


@dataclass
class Split:
    """The documents and gold event mentions of one ECB+ split."""

    name: str
    sentences: dict[tuple[str, int], Sentence]
    mentions: list[GoldMention]
    documents: dict[str, list[Sentence]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.documents:
            docs: dict[str, list[Sentence]] = defaultdict(list)
            for s in sorted(self.sentences.values(), key=lambda s: (s.document, s.index)):
                docs[s.document].append(s)
            self.documents = dict(docs)

    def topics(self) -> dict[str, list[int]]:
        """Mention indexes grouped by gold topic, the unit every system clusters within."""
        out: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(self.mentions):
            out[m.topic].append(i)
        return dict(sorted(out.items(), key=lambda kv: int(kv[0])))


def topic_of(document: str) -> str:
    """The gold topic of a document id such as ``36_4ecbplus``: ``36``."""
    return document.split("_", 1)[0]


def read_split(folder: Path, split: str) -> Split:
    """Read one split's sentences (column 4 only; the gold tag column is skipped) and its gold
    event mentions. A missing or malformed file is one line naming it."""
    if split not in SPLITS:
        raise NewsgraphError(f"unknown ECB+ split '{split}'; choose from {', '.join(SPLITS)}")
    name = split.capitalize()
    corpus = Path(folder) / "cybulska_setup" / f"ECB_{name}_corpus.txt"
    gold = Path(folder) / "cybulska_setup" / f"ECB_{name}_Event_gold_mentions.json"
    for path in (corpus, gold):
        if not path.is_file():
            raise NewsgraphError(f"{path}: ECB+ file not found; pass --data with the ecbplus folder "
                                 "(the one holding cybulska_setup/ and gold_keys/)")
    tokens: dict[tuple[str, int], list[str]] = defaultdict(list)
    for n, line in enumerate(corpus.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) < 4:
            raise NewsgraphError(f"{corpus}:{n}: expected doc, sentence, token id and token "
                                 "separated by tabs")
        tokens[(cols[0], int(cols[1]))].append(cols[3])
    sentences = {k: Sentence(k[0], k[1], tuple(v)) for k, v in tokens.items()}
    try:
        records = json.loads(gold.read_text(encoding="utf-8"))
        mentions = [GoldMention(r["doc_id"], int(r["sent_id"]),
                                tuple(int(t) for t in r["tokens_number"]), str(r["coref_chain"]))
                    for r in records]
    except (ValueError, KeyError, TypeError) as exc:
        raise NewsgraphError(f"{gold}: not an ECB+ mention list ({exc})") from None
    missing = [m for m in mentions if (m.document, m.sentence) not in sentences]
    if missing:
        raise NewsgraphError(f"{gold}: {len(missing)} mentions lie in sentences the corpus file "
                             f"lacks (first: {missing[0].document} sentence {missing[0].sentence})")
    return Split(split, sentences, mentions)


# --------------------------------------------------------------------------- the key


def read_key(path: Path) -> list[str]:
    """The chain of each line of a mention-based CoNLL key (``ECB+/ecbplus_all\\t(12)``)."""
    if not Path(path).is_file():
        raise NewsgraphError(f"{path}: ECB+ key file not found")
    chains = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 2 or not (cols[1].startswith("(") and cols[1].endswith(")")):
            raise NewsgraphError(f"{path}:{n}: expected 'document<TAB>(chain)' per mention line")
        chains.append(cols[1][1:-1])
    return chains


def key_document_order(documents: Iterable[str]) -> list[str]:
    """The order the key walks documents: per topic the ``ecb`` ones, then per topic the
    ``ecbplus`` ones, each by name (how Barhom et al. wrote it). Used only to align lines."""
    def place(doc: str) -> tuple[bool, str, str]:
        topic, rest = doc.split("_", 1)
        return ("plus" in rest, topic, doc)
    return sorted(set(documents), key=place)


def align_key(mentions: Sequence[GoldMention], key: Sequence[str]) -> list[str]:
    """The key chain of each mention. Lines are cut into documents in key order; a key chain is
    matched to a gold chain with the same documents and counts. Chains with the same footprint
    are interchangeable under every metric, so any match among them scores the same. A key that
    does not fit the mentions is refused with the reason."""
    if len(key) != len(mentions):
        raise NewsgraphError(f"the key has {len(key)} mention lines, the gold mentions "
                             f"{len(mentions)}: not the same documents")
    per_doc = Counter(m.document for m in mentions)
    lines_of: dict[str, list[str]] = {}
    pos = 0
    for doc in key_document_order(per_doc):
        lines_of[doc] = list(key[pos:pos + per_doc[doc]])
        pos += per_doc[doc]
    key_print: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, chains in lines_of.items():
        for c in chains:
            key_print[c][doc] += 1
    gold_print: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        gold_print[m.chain][m.document] += 1
    by_print: dict[tuple[tuple[str, int], ...], list[str]] = defaultdict(list)
    for c, fp in key_print.items():
        by_print[tuple(sorted(fp.items()))].append(c)
    to_key: dict[str, str] = {}
    for g, fp in sorted(gold_print.items()):
        free = by_print.get(tuple(sorted(fp.items())))
        if not free:
            raise NewsgraphError(f"gold chain {g} has no key chain over the same documents: the "
                                 "key does not fit these mentions")
        to_key[g] = free.pop()
    return [to_key[m.chain] for m in mentions]


# --------------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class Scores:
    """Recall, precision and F1 (fractions) of one metric."""

    recall: float
    precision: float
    f1: float


def clusters_of(labels: Sequence[str | int]) -> list[set[int]]:
    """Mention indexes grouped by label (singletons included)."""
    groups: dict[str | int, set[int]] = defaultdict(set)
    for i, label in enumerate(labels):
        groups[label].add(i)
    return list(groups.values())


def lea(key: Sequence[set[int]], response: Sequence[set[int]]) -> Scores:
    """LEA (Moosavi & Strube 2016): each entity weighs by its size and is credited with the
    share of its links found; a singleton's one "self link" is found when it stays alone."""
    def side(a: Sequence[set[int]], b: Sequence[set[int]]) -> float:
        where = {x: j for j, c in enumerate(b) for x in c}
        num = den = 0.0
        for e in a:
            size = len(e)
            links = size * (size - 1) / 2 if size > 1 else 1.0
            counts = Counter(where[x] for x in e if x in where)
            if size > 1:
                found = sum(n * (n - 1) / 2 for n in counts.values())
            else:
                x = next(iter(e))
                found = 1.0 if x in where and len(b[where[x]]) == 1 else 0.0
            num += size * found / links
            den += size
        return num / den if den else 0.0
    r, p = side(key, response), side(response, key)
    return Scores(r, p, 2 * p * r / (p + r) if p + r else 0.0)


def score_clusters(key: Sequence[set[int]], response: Sequence[set[int]]) -> dict[str, Scores]:
    """MUC, B-cubed, CEAF-e (scorch, the reference formulas), CoNLL F1 (their mean) and LEA."""
    try:
        from scorch import scores as sc
    except ImportError:  # pragma: no cover - scorch is a core dependency
        raise NewsgraphError("the ECB+ scorer needs scorch: pip install scorch") from None
    out = {
        "muc": Scores(*sc.muc(key, response)),
        "b3": Scores(*sc.b_cubed(key, response)),
        "ceafe": Scores(*sc.ceaf_e(key, response)),
        "lea": lea(key, response),
    }
    conll = (out["muc"].f1 + out["b3"].f1 + out["ceafe"].f1) / 3
    out["conll"] = Scores(math.nan, math.nan, conll)
    return out


def labels_from_topics(n: int, clusters: Iterable[Iterable[int]]) -> list[int]:
    """One label per mention from clusters of mention indexes (each mention in one cluster)."""
    labels = [-1] * n
    for c, members in enumerate(clusters):
        for i in members:
            labels[i] = c
    if -1 in labels:
        raise ValueError(f"mention {labels.index(-1)} is in no cluster")
    return labels


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call ``fn`` and return its result with the process CPU seconds it took."""
    t = time.process_time()
    result = fn(*args, **kwargs)
    return result, time.process_time() - t


# --------------------------------------------------------------------------- systems


@dataclass
class Prepared:
    """A split as the engine sees it: one view per gold mention (same order) and the documents,
    all under opaque keys (a digest of the document id, so no name can leak a sub-topic)."""

    split: Split
    views: list[MentionView]
    documents: dict[str, DocumentView]

    def topic_batches(self) -> list[tuple[str, list[int]]]:
        return list(self.split.topics().items())


def opaque(document: str) -> str:
    """A key that tells two documents apart and nothing else about them."""
    return hashlib.sha1(document.encode()).hexdigest()[:12]


def parse_split(split: Split, nlp: Language, cache_dir: Path | None = None) -> dict[
        tuple[str, int], Doc]:
    """spaCy Docs of the split's sentences, on the corpus's own tokens (so mention token numbers
    index them), cached as a DocBin under ``cache_dir``."""
    keys = sorted(split.sentences)
    digest = hashlib.sha1(
        (nlp.meta.get("name", "") + nlp.meta.get("version", "") + "\n".join(
            f"{k[0]}:{k[1]}:{' '.join(split.sentences[k].tokens)}" for k in keys)).encode()
    ).hexdigest()[:16]
    path = Path(cache_dir) / f"ecbplus-{split.name}-{digest}.spacy" if cache_dir else None
    if path and path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        raw = [Doc(nlp.vocab, words=list(split.sentences[k].tokens)) for k in keys]
        docs = list(nlp.pipe(raw, batch_size=64))
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            bin_ = DocBin(attrs=["LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE",
                                 "IS_STOP", "SENT_START"])
            for d in docs:
                bin_.add(d)
            bin_.to_disk(path)
    return dict(zip(keys, docs, strict=True))


def prepare(split: Split, nlp: Language, cache_dir: Path | None = None) -> Prepared:
    """Parse the split and build the engine's views of its mentions and documents."""
    docs = parse_split(split, nlp, cache_dir)
    views = []
    for m in split.mentions:
        doc = docs[(m.document, m.sentence)]
        start, end = min(m.tokens), max(m.tokens) + 1
        views.append(mention_view(doc, start, end, opaque(m.document), m.sentence))
    documents = {}
    for name, sentences in split.documents.items():
        key = opaque(name)
        documents[key] = document_view_from_parses(key, [docs[(s.document, s.index)] for s in sentences])
    return Prepared(split, views, documents)


def lemma_clusters(views: Sequence[MentionView], members: Sequence[int]) -> list[list[int]]:
    """The lemma baseline: mentions of one topic with the same trigger head lemma are one event."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i in members:
        groups[views[i].lemma].append(i)
    return list(groups.values())


def engine_clusters(prep: Prepared, members: Sequence[int], senses: Senses,
                    embedder: Embedder | None, model: PairModel | None = None,
                    threshold: float | None = None,
                    models: Mapping[str, PairModel] | None = None) -> list[list[int]]:
    """The engine's clusters of one topic's mentions (indexes into the split's mentions)."""
    views = [prep.views[i] for i in members]
    keys = sorted({v.document for v in views})
    docs = [prep.documents[k] for k in keys]
    local = cluster(views, docs, senses, embedder, model, threshold, models)
    return [[members[i] for i in c] for c in local]


def gold_labels(prep: Prepared, folder: Path | None = None) -> list[str]:
    """The gold chain of each mention: for the test split, the chains of the official key."""
    if prep.split.name == "test" and folder is not None:
        return align_key(prep.split.mentions, read_key(Path(folder) / KEY_FILE))
    return [m.chain for m in prep.split.mentions]


@dataclass
class SystemScore:
    """One system on one split."""

    system: str
    split: str
    scores: dict[str, Scores]
    seconds: float
    mentions: int


def score_system(prep: Prepared, clusters: Iterable[Iterable[int]], gold: Sequence[str],
                 system: str, seconds: float) -> SystemScore:
    labels = labels_from_topics(len(prep.views), clusters)
    return SystemScore(system, prep.split.name,
                       score_clusters(clusters_of(gold), clusters_of(labels)), seconds,
                       len(labels))


def load_nlp() -> Language:
    """The project's spaCy pipeline."""
    from ..parsing import load_pipeline

    return load_pipeline()


def lexicon_senses() -> Senses:
    """Trigger senses and types from the shipped event lexicon, and the synonym classes."""
    from ..events.lexicon import load_lexicon

    lexicon = load_lexicon()
    reporting = lexicon.modality.get("attribution", {}).get("reporting_verbs", frozenset())
    return senses_from_lexicon(lexicon.patterns, reporting, load_synonyms())


def data_folder(given: Path | None = None) -> Path:
    """The ECB+ folder: ``given`` or ``data/ecbplus`` under the shared folder, checked."""
    from .suites import shared_root

    folder = Path(given) if given else shared_root() / DATA_FOLDER
    if not (folder / "cybulska_setup").is_dir():
        raise NewsgraphError(f"{folder}: ECB+ data folder not found (no cybulska_setup/ in it); pass "
                             "--data DIR or set NEWSGRAPH_SHARED to the folder holding "
                             f"{DATA_FOLDER}")
    return folder


# --------------------------------------------------------------------------- the suite


@dataclass
class Evaluation:
    """The lemma baseline and the engine on one split, with what the run cost."""

    split: str
    lemma: SystemScore
    engine: SystemScore
    model: str
    topics: int
    parse_seconds: float


def evaluate(folder: Path, split: str, limit: int | None = None,
             cache_dir: Path | None = CACHE_DIR, use_embeddings: bool = True) -> Evaluation:
    """Score the lemma baseline and the engine on one split (the first ``limit`` topics only,
    for a quick run; the test split is then scored on those topics' mentions alone)."""
    data = read_split(folder, split)
    gold_all = [m.chain for m in data.mentions]
    if split == "test":
        gold_all = align_key(data.mentions, read_key(Path(folder) / KEY_FILE))
    if limit:
        keep = set(list(data.topics())[:limit])
        idx = [i for i, m in enumerate(data.mentions) if m.topic in keep]
        gold_all = [gold_all[i] for i in idx]
        data = Split(split, {k: s for k, s in data.sentences.items() if topic_of(k[0]) in keep},
                     [data.mentions[i] for i in idx])
    t = time.process_time()
    prep = prepare(data, load_nlp(), cache_dir)
    parse_seconds = time.process_time() - t
    batches = prep.topic_batches()
    lemma, secs = timed(lambda: [c for _, m in batches for c in lemma_clusters(prep.views, m)])
    lemma_score = score_system(prep, lemma, gold_all, "lemma", secs)
    from ..coreference.embeddings import load_embedder
    from ..coreference.engine import choose_model

    embedder = load_embedder(cache_dir) if use_embeddings else None
    model = choose_model(embedder)
    senses = lexicon_senses()
    warm_embeddings(prep, embedder)
    engine, secs = timed(lambda: [c for _, m in batches
                                  for c in engine_clusters(prep, m, senses, embedder, model)])
    engine_score = score_system(prep, engine, gold_all, f"engine ({model.name})", secs)
    return Evaluation(split, lemma_score, engine_score, model.name, len(batches), parse_seconds)


def suite_result(folder: Path, limit: int | None, half: Half) -> SuiteResult:
    """``newsgraph eval ecbplus``: the ``dev`` half is the ECB+ dev topics, ``test`` the test
    topics 36-45 scored against the official key (ECB+'s own split, not the hash halves)."""
    from .suites import Figure, SuiteResult

    t = time.time()
    ev = evaluate(folder, half, limit)
    e, b = ev.engine.scores, ev.lemma.scores
    figures = [Figure(f"ecbplus.{m}_f1", round(100 * e[m].f1, 2), ev.engine.mentions)
               for m in ("conll", "muc", "b3", "ceafe", "lea")]
    figures += [Figure(f"ecbplus.lemma_{m}_f1", round(100 * b[m].f1, 2), ev.lemma.mentions,
                       gated=False) for m in ("conll", "muc", "b3", "ceafe", "lea")]
    details = [f"  {half} topics {ev.topics}, mentions {ev.engine.mentions}; model "
               f"'{ev.model}'; parse {ev.parse_seconds:.1f} s CPU, lemma "
               f"{ev.lemma.seconds:.1f} s, engine {ev.engine.seconds:.1f} s CPU"]
    for s in (ev.lemma, ev.engine):
        details.append("  " + s.system.ljust(22) + "  ".join(
            f"{m} R {100 * s.scores[m].recall:5.1f} P {100 * s.scores[m].precision:5.1f} "
            f"F1 {100 * s.scores[m].f1:5.1f}" for m in ("muc", "b3", "ceafe", "lea"))
            + f"  CoNLL F1 {100 * s.scores['conll'].f1:5.2f}")
    return SuiteResult("ecbplus", figures, details, [], time.time() - t, limit)


def warm_embeddings(prep: Prepared, embedder: Embedder | None) -> None:
    """Embed every text the engine will ask for in one batch (one cache write, not one per
    topic)."""
    if embedder is None:
        return
    texts = [v.lemma for v in prep.views] + [v.context for v in prep.views]
    texts += [v.window or v.trigger for v in prep.views]
    texts += [s for d in prep.documents.values() for s in d.sentences] + [""]
    embedder.encode(texts)
    embedder.encode_spans([v.in_context(head) for v in prep.views for head in (False, True)])
