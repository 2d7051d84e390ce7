"""``create_app``: the FastAPI application behind ``newsgraph serve``."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from . import api_routes, maps, pages
from . import stories as story_routes
from .databases import Databases
from .errors import install_error_handlers
from .filters import QUAD_NAMES
from .guard import LOOPBACK_HOSTS, RequestGuard

HERE = Path(__file__).parent
VENDOR = HERE / "static" / "vendor"
TOKEN_ENV = "NEWSGRAPH_TOKEN"
#: the largest upload POST /api/articles reads, unless the server is started with another
DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024
log = logging.getLogger(__name__)
# Pages load only their own scripts (no eval: Vega runs through its interpreter); styles may be
# set inline because the chart and graph libraries position their elements with style
# attributes. Article text is escaped everywhere, so it cannot add an element of any kind.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
    )
    env.filters["u"] = lambda value: quote(str(value), safe="")
    env.filters["signed"] = lambda x: "" if x is None else f"{x:+.1f}"
    env.globals["version"] = __version__
    env.globals["quad_names"] = QUAD_NAMES  # macros imported with "from" see globals only
    return Jinja2Templates(env=env)


def vendor_missing() -> str | None:
    """Why the pages cannot draw charts, the graph and the map (their libraries are not built,
    or were built before one was added), or None."""
    built = ("vega.min.js", "sigma.min.js", "topojson-client.min.js", "countries-110m.json")
    if all((VENDOR / name).is_file() for name in built):
        return None
    return (f"{VENDOR} has not been built, so pages show lists but no charts, graph or map; "
            "run 'make web' (npm ci, then python scripts/build_web.py) in the source checkout")


def create_app(db_path: str | Path, token: str | None = None,
               allowed_hosts: Iterable[str] = LOOPBACK_HOSTS,
               max_upload: int = DEFAULT_MAX_UPLOAD, threads: int | None = None) -> FastAPI:
    """The web app over one database, read-only unless ``token`` is set.

    With a token, ``POST /api/articles`` ingests articles sent with
    ``Authorization: Bearer <token>``; without one the database is opened read-only. Requests
    must name one of ``allowed_hosts`` in their Host header ("*" allows any); an upload larger
    than ``max_upload`` bytes is refused before it is read. ``threads`` caps the requests the
    process works on at once (None: the server library's default, 40).
    """
    token = token or None
    databases = Databases(db_path, writable=token is not None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if threads is not None:
            import anyio.to_thread

            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        databases.close()

    app = FastAPI(
        title="newsgraph", version=__version__, lifespan=lifespan,
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN; /openapi.json stays
        description="International events extracted from news articles: who did what to whom, "
                    "when, as reported by whom. Every error has the shape "
                    '{"error": {"status", "parameter", "message"}}.',
    )
    app.state.databases = databases
    app.state.token = token
    app.state.max_upload = max_upload
    app.state.home_cache = {}
    app.state.vendor_missing = vendor_missing()
    if app.state.vendor_missing:
        log.warning("%s", app.state.vendor_missing)
    app.state.templates = _templates()
    install_error_handlers(app)

    app.include_router(api_routes.router)
    app.include_router(story_routes.api)
    app.include_router(maps.api)
    app.include_router(pages.router)
    app.include_router(maps.pages)
    app.include_router(story_routes.pages)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(RequestGuard, allowed_hosts=list(allowed_hosts),
                       headers=SECURITY_HEADERS)
    return app


def token_from_env() -> str | None:
    """The write token from ``$NEWSGRAPH_TOKEN``, if set and not empty."""
    return os.environ.get(TOKEN_ENV) or None


#: the settings ``serve --workers N`` hands its worker processes (JSON in this environment
#: variable: uvicorn starts each worker from an import string, not from an app object)
SERVE_ENV = "NEWSGRAPH_SERVE"


def serve_settings(db_path: str | Path, token: str | None, allowed_hosts: Iterable[str],
                   max_upload: int, threads: int | None) -> str:
    """What ``app_from_environment`` reads back in each worker."""
    return json.dumps({"db": str(db_path), "token": token, "allowed_hosts": list(allowed_hosts),
                       "max_upload": max_upload, "threads": threads})


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``newsgraph serve --workers N``, built from the
    settings the command put in ``$NEWSGRAPH_SERVE``. Each process opens its own readers (and,
    with a token, its own writer: SQLite and PostgreSQL serialise writes between processes as
    they do for several ``ingest`` runs)."""
    from ..heap import set_aside_for_good

    settings = json.loads(os.environ[SERVE_ENV])
    app = create_app(settings["db"], token=settings["token"],
                     allowed_hosts=settings["allowed_hosts"], max_upload=settings["max_upload"],
                     threads=settings["threads"])
    set_aside_for_good()  # the app, never garbage: out of the collector's walks
    return app
