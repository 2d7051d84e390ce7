"""One error shape for the whole HTTP API.

Every error, whatever raised it, reaches the client as
``{"error": {"status": 404, "parameter": null, "message": "..."}}``; ``parameter`` names the query
or body field at fault when there is one. Browsers asking for a page get the same facts as HTML.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import NewsgraphError
from ..store import StoreError
from ..store.queries import QueryError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """Raised by endpoints to answer with a given status, parameter and message."""

    def __init__(self, status: int, message: str, parameter: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter
        self.headers = headers


def error_body(status: int, message: str, parameter: str | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "parameter": parameter, "message": message}}


def _wants_html(request: Request) -> bool:
    return (not request.url.path.startswith("/api/")
            and "text/html" in request.headers.get("accept", ""))


def _respond(request: Request, status: int, message: str, parameter: str | None = None,
             headers: dict[str, str] | None = None) -> Response:
    if _wants_html(request):
        templates = request.app.state.templates
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message, "parameter": parameter},
            status_code=status, headers=headers,
        )
    return JSONResponse(error_body(status, message, parameter), status_code=status,
                        headers=headers)


def _validation_parameter(error: dict[str, Any]) -> str | None:
    """The field a pydantic error is about: ``("query", "limit")`` -> ``limit``."""
    loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body", "header")]
    return ".".join(loc) or None


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception type the app can see through ``_respond``."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _respond(request, exc.status, exc.message, exc.parameter, exc.headers)

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return _respond(request, 400, str(exc), exc.parameter)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        first = errors[0] if errors else {}
        parameter = _validation_parameter(first)
        message = first.get("msg", "invalid request")
        if parameter:
            message = f"{parameter}: {message}"
        # a bad query, path or header value is a 400 (as every check of ours answers); a body
        # that does not validate is a 422
        in_body = bool(first.get("loc")) and first["loc"][0] == "body"
        return _respond(request, 422 if in_body else 400, message, parameter)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page or endpoint at {request.url.path}"
        return _respond(request, exc.status_code, message, None, getattr(exc, "headers", None))

    @app.exception_handler(OverflowError)
    async def overflow(request: Request, exc: OverflowError) -> Response:
        return _respond(request, 400, "a number in the request is too large")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("database error on %s: %s", request.url.path, exc)
        return _respond(request, 503, str(exc))

    @app.exception_handler(NewsgraphError)
    async def newsgraph_error(request: Request, exc: NewsgraphError) -> Response:
        return _respond(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _respond(request, 500, "internal error; the server log has the details")
