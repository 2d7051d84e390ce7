"""The HTTP protocol ``newsgraph serve`` runs: uvicorn's h11 protocol with Nagle's algorithm off
on every connection.

asyncio turns Nagle off only for sockets whose protocol number says TCP. The listening socket
uvicorn binds itself for ``--workers N`` and hands to its worker processes says 0, so in that
mode every response went out as a header segment and a body segment held back until the
client's delayed acknowledgement, about 40 ms later (``benchmarks/web_load.py``: a home page
answered in 48 ms instead of 5 with two workers).
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

#: what ``uvicorn.run(http=...)`` takes: importable by name in each worker process
PROTOCOL = "newsgraph.web.serving:NoDelayH11Protocol"


class NoDelayH11Protocol(H11Protocol):
    """h11, with TCP_NODELAY set on the connection's socket before the first request."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # a socket the platform will not tune: serve it as it is
                pass
        super().connection_made(transport)
