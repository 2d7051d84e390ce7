"""Which language an article is written in, so that non-English articles are named, not
silently coded into nothing (the event coder reads English only).

The identifier is py3langid (langid.py's model of 97 languages, shipped inside its wheel, no
download). Loading it costs about two seconds, so a text whose words are mostly English
function words ("the", "of", "said") is English without asking it: those words make up a large
share of any English prose and almost none of another language's. Only a sample of a long text
is read: the language of a news article does not change after its first paragraphs.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..knowledge import shipped_yaml

SAMPLE_CHARS = 4000
_PUNCTUATION = re.compile(r"[^\w\s]")


@functools.cache
def _settings() -> dict[str, Any]:
    data = shipped_yaml("languages.yaml")
    words = frozenset(str(w) for w in data["english_function_words"])
    return {**data, "english_function_words": words}


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or too
    unlike any language to tell."""
    settings = _settings()
    sample = text[:SAMPLE_CHARS]
    words = _PUNCTUATION.sub(" ", sample.lower()).split()
    if len(words) < settings["min_words"]:
        return None
    share = sum(map(settings["english_function_words"].__contains__, words)) / len(words)
    if share >= settings["english_share"]:
        return "en"
    language, probability = _identifier().classify(sample)
    if probability < settings["min_probability"]:
        return None
    return str(language)
