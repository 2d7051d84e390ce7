"""The checks every request passes before any route sees it: the Host allow-list, the URL length,
and ``HEAD`` answered as ``GET`` without a body; and the headers every response carries.

A server on a loopback address is still reachable from a web page through DNS rebinding (a name
the attacker controls that resolves to 127.0.0.1), so requests must name an allowed host; by
default only the loopback names. Errors here have the API's one JSON shape.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any

from .errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
#: longer request targets get a JSON 414 (uvicorn's own limit answers in plain text far later)
MAX_URL = 8192


def host_name(header: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:8000`` -> ``::1``; lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    if header.count(":") == 1:
        return header.split(":", 1)[0]
    return header


async def _send_error(send: Send, status: int, message: str, parameter: str | None) -> None:
    body = json.dumps(error_body(status, message, parameter)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RequestGuard:
    """ASGI middleware: refuse unknown Host headers and over-long URLs; serve HEAD as GET; add
    ``headers`` (the security headers) to every response that does not set them itself. Plain
    ASGI rather than Starlette's ``BaseHTTPMiddleware``, which streams every body through a
    memory channel: about a millisecond of CPU on each API page."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = LOOPBACK_HOSTS,
                 headers: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.allowed = {host_name(h) for h in allowed_hosts if h}
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                        for k, v in (headers or {}).items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.headers:
            send = _with_headers(send, self.headers)
        headers = dict(scope.get("headers") or [])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if "*" not in self.allowed and host not in self.allowed:
            shown = host[:100] or "(none)"
            await _send_error(send, 400, f"Host '{shown}' is not served here; start the server "
                                         f"with --allow-host {shown} to serve that name", "Host")
            return
        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if target > MAX_URL:
            await _send_error(send, 414, f"the URL is {target} bytes long; at most {MAX_URL}",
                              None)
            return
        if scope["method"] == "HEAD":
            await self.app(dict(scope, method="GET"), receive, _bodiless(send))
            return
        await self.app(scope, receive, send)


def _with_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    """A ``send`` that adds each of ``extra`` to the response start unless the app set it."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers") or [])
            present = {k.lower() for k, _ in headers}
            headers += [(k, v) for k, v in extra if k not in present]
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


def _bodiless(send: Send) -> Send:
    """A ``send`` that passes the headers (Content-Length included) and drops the body."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.body":
            if not message.get("more_body"):
                await send({"type": "http.response.body", "body": b""})
            return
        await send(message)

    return wrapped
