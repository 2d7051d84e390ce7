"""One exception hierarchy, so callers can catch newsgraph's errors and nothing else.

Every message names the input, what went wrong and what to do about it.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class of every error newsgraph raises on purpose."""


class InputError(NewsgraphError):
    """An input (file, line, record) cannot be read as an article.

    ``origin`` names the input (``path`` or ``path:line``) so batch runs can report it and go on.
    """

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ConfigError(NewsgraphError):
    """A data file, user override or setting is malformed."""


class MissingExtraError(NewsgraphError):
    """An optional part is used without its extra installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the '{extra}' extra: pip install 'newsgraph[{extra}]'")
        self.feature = feature
        self.extra = extra
