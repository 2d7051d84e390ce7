"""The web app: HTML pages to explore the event graph and a JSON API over the same data.

``create_app(db_path, token)`` returns a FastAPI application; ``newsgraph serve`` runs it with
uvicorn. Needs the ``web`` extra (fastapi, uvicorn, jinja2).
"""

from __future__ import annotations

from ..errors import MissingExtraError

try:
    from .app import create_app
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    if exc.name not in ("fastapi", "jinja2", "starlette", "pydantic"):
        raise

    def create_app(*args: object, **kwargs: object) -> object:  # type: ignore[misc]
        raise MissingExtraError("the web app", "web")


__all__ = ["create_app"]
