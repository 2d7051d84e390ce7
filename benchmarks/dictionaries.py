"""The cost of loading PETRARCH/Phoenix dictionaries, stage by stage, in CPU seconds.

Reads every file of a folder (default: ``../shared/data/petrarch-dictionaries``, the CAMEO verb
dictionary and the Phoenix actor, agent and discard files), builds the knowledge base and its
name index, and the lexicon with the verb dictionary's triggers, and prints each stage's CPU
time beside the cost of the shipped knowledge alone, so the ratio shows what a user's
dictionaries add to starting an ingest. The issue's target: under 10 s for all of them.

    python benchmarks/dictionaries.py [DIR ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "petrarch-dictionaries"


def _timed(label: str, work, out: dict[str, float]):  # type: ignore[no-untyped-def]
    started = time.process_time()
    value = work()
    out[label] = time.process_time() - started
    return value


def stages(folders: list[Path]) -> dict[str, float]:
    """CPU seconds of each loading stage, with the dictionaries and without (``plain ...``)."""
    from newsgraph.actors import KnowledgeBase
    from newsgraph.actors.dictionaries import read_dictionaries
    from newsgraph.events.lexicon import load_lexicon
    from newsgraph.ontology import Ontology

    out: dict[str, float] = {}
    onto = Ontology.load()
    plain = _timed("plain knowledge base", KnowledgeBase.load, out)
    _timed("plain name index", plain.index, out)
    _timed("plain lexicon", load_lexicon, out)
    found = _timed("read dictionaries", lambda: read_dictionaries(folders), out)
    kb = _timed("knowledge base", lambda: KnowledgeBase.load(dictionaries=found), out)
    _timed("name index", kb.index, out)
    _timed("lexicon", lambda: load_lexicon(found.lexicon_files, found.verbs, onto), out)
    return out


def main(argv: list[str]) -> None:
    folders = [Path(a) for a in argv] or [SHARED]
    if not all(f.exists() for f in folders):
        sys.exit(f"no dictionaries at {', '.join(map(str, folders))}; pass DIR")
    out = stages(folders)
    plain = sum(v for k, v in out.items() if k.startswith("plain"))
    loaded = sum(v for k, v in out.items() if not k.startswith("plain"))
    for label, seconds in out.items():
        print(f"{label:<22} {seconds:6.2f} CPU-s")
    print(f"with the dictionaries  {loaded:6.2f} CPU-s, {loaded / plain:.1f}x the shipped "
          f"knowledge alone ({plain:.2f} CPU-s); target under 10 s")


if __name__ == "__main__":
    main(sys.argv[1:])
