"""The field's own layouts (GDELT, ICEWS, PLOVER): their writers, by format name."""

from __future__ import annotations

from typing import Any

LAYOUT_WRITERS: dict[str, Any] = {}
