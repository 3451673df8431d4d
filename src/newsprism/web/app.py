"""The web app: browse stories and compare outlets, read-only, over one SQLite store.

Every page is rendered on the server (Jinja2, autoescaped) and has a ``.json`` twin with the
same data. Nothing is loaded from the network and no script runs: the Content-Security-Policy
forbids scripts, and article text, titles and URLs are untrusted input (escaped everywhere,
URLs linked only when they are http(s)).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsprism.errors import StoreError
from newsprism.web.db import LRU, ReadOnlyPool
from newsprism.web.pages import Page, Pages, template_env
from newsprism.web.params import WebError, parse_list
from newsprism.web.views import Analysis, Compare, Views

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
)


_RAW_SECURITY_HEADERS = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS]
_SECURITY_NAMES = frozenset(k for k, _ in _RAW_SECURITY_HEADERS)


class SecurityHeaders:
    """Adds the security headers to every response (a route may set its own CSP) and a
    ``Server-Timing`` header (time in the app until the response starts), and turns an
    unexpected exception into a plain 500 page that still carries them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        t0 = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                # raw (bytes) headers, lower-case: cheaper than MutableHeaders per request
                headers = list(message.get("headers", ()))
                have = {k for k, _ in headers if k in _SECURITY_NAMES}
                headers += [kv for kv in _RAW_SECURITY_HEADERS if kv[0] not in have]
                timing = f"app;dur={(time.perf_counter() - t0) * 1000:.1f}"
                headers.append((b"server-timing", timing.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("error while serving %s", scope.get("path"))
            if started:
                raise
            body = b"500 Internal Server Error: the error is in the server's log."
            response = Response(body, status_code=500, media_type="text/plain")
            await response(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


Render = Callable[..., Page]
# Pages rendered on the event loop: an article is read by primary key and rendered in about
# half a millisecond, less than the hand-off to a worker thread, where it would also queue
# behind comparisons and listings.
INLINE = frozenset({"article", "article_json"})


@dataclass(slots=True)
class Site:
    """Routes over :class:`Pages`: pages are cached per store version and rendered on a miss
    in a worker thread (except :data:`INLINE` ones), so that a cached page never waits behind
    a comparison. Each kind of page has its own cache, so that many article pages do not
    evict the story pages."""

    pages: Pages
    pool: ReadOnlyPool
    cache_size: int
    caches: dict[str, LRU[Page]] = field(default_factory=dict)

    async def cached(self, kind: str, key: Hashable, render: Callable[[], Page]) -> Response:
        cache = self.caches.get(kind)
        if cache is None:
            cache = self.caches.setdefault(kind, LRU(self.cache_size))
        full = (self.pool.version(), key)
        page = cache.peek(full)
        if page is None and kind in INLINE:
            page = cache.get(full, render)
        elif page is None:
            page = await run_in_threadpool(cache.get, full, render)
        return page.response()

    def endpoint(self, render: Render, listing: bool) -> Callable[[Request], Awaitable[Response]]:
        """A route calling ``render`` with the path parameters (and, for a listing, the
        validated query parameters as ``p``)."""

        async def handle(request: Request) -> Response:
            args: dict[str, Any] = dict(request.path_params)
            if listing:
                query = dict(request.query_params)
                if "name" in args:
                    query["outlet"] = args["name"]
                args["p"] = parse_list(query)
            key = tuple(sorted(args.items()))
            return await self.cached(render.__name__, key, lambda: render(**args))

        return handle

    def error(self, request: Request, status: int, message: str, **headers: str) -> Response:
        response = self.pages.error(status, message, _wants_json(request)).response()
        response.headers.update(headers)
        return response


def _routes(p: Pages) -> list[tuple[str, Render, bool]]:
    """Paths, renderers, and whether they take list parameters; a ``.json`` twin comes
    before the page it would otherwise match."""
    return [
        ("/", p.index, True),
        ("/index.json", p.index_json, True),
        ("/stories/{story_id}.json", p.story_json, False),
        ("/stories/{story_id}/report.html", p.story_report, False),
        ("/stories/{story_id}", p.story, False),
        ("/articles/{article_id}.json", p.article_json, False),
        ("/articles/{article_id}", p.article, False),
        ("/outlets", p.outlets, False),
        ("/outlets.json", p.outlets_json, False),
        ("/outlets/{name:path}.json", p.outlet_json, True),
        ("/outlets/{name:path}", p.outlet, True),
    ]


def _install_error_handlers(app: FastAPI, site: Site) -> None:
    async def web_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, WebError)
        return site.error(request, exc.status, exc.message)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404:
            return site.error(request, 404, f"No page at {request.url.path}")
        if exc.status_code == 405:
            allow = (exc.headers or {}).get("Allow", "GET")
            message = f"This site is read-only: {request.method} is not allowed (use {allow})"
            return site.error(request, 405, message, Allow=allow)
        return site.error(request, exc.status_code, str(exc.detail))

    async def validation_error(request: Request, exc: Exception) -> Response:
        return site.error(request, 400, f"Bad request: {exc}")

    app.add_exception_handler(WebError, web_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


def create_app(
    db_path: Path | str,
    *,
    allowed_hosts: Sequence[str] | None = None,
    compare: Compare | None = None,
    analyses: Sequence[Analysis] | None = None,
    cache_size: int = 256,
    page_cache_size: int = 256,
) -> FastAPI:
    """The web app over the store at ``db_path``, which it opens read-only.

    ``allowed_hosts`` (e.g. ``["127.0.0.1", "localhost"]``) rejects requests for any other
    Host header, which keeps DNS-rebinding pages away from a server on the loopback.
    ``compare`` replaces :func:`newsprism.compare.compare` (tests) and ``analyses`` what is
    added to each comparison (default: quotes and numbers, then reuse, corroboration and
    framing; see :func:`newsprism.web.views.default_analyses`). ``cache_size`` bounds the
    cached comparisons, story views and query results; ``page_cache_size`` the rendered pages
    of each kind.
    """
    path = Path(db_path)
    if not path.is_file():
        raise StoreError(f"{path}: no such store (create it with `newsprism ingest --db {path}`)")
    pool = ReadOnlyPool(path)
    pool.check()
    if compare is None:
        from newsprism.compare import compare as compare_articles

        compare = compare_articles
    pages = Pages(Views(pool, compare, cache_size, analyses), template_env(), path.name)
    site = Site(pages, pool, page_cache_size)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        title="newsprism", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    # Plain Starlette routes: each handler reads its own parameters (validated in
    # params.py), so FastAPI's per-request dependency solving would only cost time.
    for route, render, listing in _routes(pages):
        app.add_route(route, site.endpoint(render, listing), methods=["GET", "HEAD"])
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _install_error_handlers(app, site)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)  # outermost: every response carries the headers
    app.state.site = site
    return app


def loopback_hosts(host: str) -> list[str] | None:
    """The Host headers to accept for a server bound to ``host`` (None: any)."""
    if host in ("127.0.0.1", "localhost"):
        return ["127.0.0.1", "localhost"]
    return None


def serve(
    db_path: Path | str, host: str = "127.0.0.1", port: int = 8000, *, log_level: str = "info"
) -> None:
    """Serve the web UI over the store at ``db_path`` until interrupted (uvicorn)."""
    import uvicorn

    app = create_app(db_path, allowed_hosts=loopback_hosts(host))
    shown = f"[{host}]" if ":" in host else host
    log.info("newsprism web UI on http://%s:%d/ (read-only: %s)", shown, port, db_path)
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: anyone who can reach this address can read the store", host)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
