"""`create_app(db_path)`: the ASGI application `evalcatalog serve` runs.

Starlette routes to a few page handlers (pages.py), the JSON API and downloads (api.py) and the
PDFs (pdf.py); every catalogue call runs on the pool's threads over a read-only catalogue. Every
response carries a Content-Security-Policy that allows scripts and styles from our own files
only, and nosniff; every error is a page in the site's style (JSON under /api/), never a
traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import EvalcatalogError, NotFoundError
from . import api, evidence_page, pages, pdf
from .params import BadRequest, NotFound
from .pool import DEFAULT_THREADS, CatalogPool
from .render import environment

log = logging.getLogger("evalcatalog.web")
STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
DB_ENV = "EVALCATALOG_WEB_DB"  # how `serve --workers N` tells each worker process the catalogue


class SecurityHeaders:
    """Adds the headers above to every response; the CSP to all but PDFs, which the browser's
    own viewer shows (a policy on them can stop it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                pdf_response = (b"content-type", b"application/pdf") in headers
                headers += SECURITY_HEADERS
                if not pdf_response:
                    headers.append((b"content-security-policy", CSP.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith((".json", ".csv"))


def error_response(request: Request, status: int, title: str, message: str) -> Response:
    if wants_json(request):
        return api.json_response({"error": message, "status": status}, status)
    message = message[:1].upper() + message[1:]
    return pages.render(request, "error.html", status, title=title, message=message, nav="")


async def handle_known(request: Request, exc: Exception) -> Response:
    """Errors a request can cause: 404 for what is not there, 400 for what cannot be asked."""
    message = str(exc)
    if isinstance(exc, HTTPException):
        status = exc.status_code
        if status == 404:
            message = "there is nothing at this address: start again from the search page"
        elif status == 405:
            message = "this address only answers GET requests"
    elif isinstance(exc, NotFound | NotFoundError):
        status = 404
        if "report_id" in request.path_params and isinstance(exc, NotFoundError):
            message = (f"there is no report {request.path_params['report_id']} in the catalogue "
                       "(it may have been pruned): search or browse for it")  # fmt: skip
    elif isinstance(exc, BadRequest) or getattr(exc, "exit_code", 1) == 2:
        status = 400  # a UsageError: a malformed query, an unknown filter value
    else:
        return await handle_unexpected(request, exc)
    title = {404: "Not found", 405: "Not allowed"}.get(status, "Bad request")
    return error_response(request, status, title, message)


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    if isinstance(exc, EvalcatalogError):  # the catalogue cannot be opened or read
        return error_response(request, 500, "The catalogue cannot be read", str(exc))
    message = "something went wrong on our side; the error is in the server's log"
    return error_response(request, 500, "Server error", message)


ROUTES = [
    Route("/", pages.search),
    Route("/browse", pages.browse),
    Route("/stats", pages.stats),
    Route("/evidence", evidence_page.evidence),
    Route("/evidence.json", evidence_page.evidence_json),
    Route("/reports/{report_id}", pages.report),
    Route("/reports/{report_id}/pdf", pdf.report_pdf),
    Route("/reports/{report_id}/view", pages.viewer),
    Route("/search.json", api.search_json),
    Route("/search.csv", api.search_csv),
    Route("/reports.{fmt:str}", api.reports_download),
    Route("/stats.json", api.stats_json),
    Route("/api/", api.api_index),
    Route("/api/search", api.api_search),
    Route("/api/reports", api.api_reports),
    Route("/api/reports/{report_id}", api.api_report),
    Route("/api/stats", api.api_stats),
]


def create_app(db_path: str, *, threads: int = DEFAULT_THREADS) -> Starlette:
    """The web application over the catalogue at `db_path`, which it only reads."""
    pool = CatalogPool(db_path, threads)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        pool.close()

    handlers = {
        HTTPException: handle_known,
        EvalcatalogError: handle_known,
        BadRequest: handle_known,
        NotFound: handle_known,
        Exception: handle_unexpected,
    }
    routes = [*ROUTES, Mount("/static", StaticFiles(directory=STATIC), name="static")]
    app = Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)
    app.add_middleware(SecurityHeaders)
    app.state.pool = pool
    app.state.templates = environment()
    app.state.db_path = db_path
    return app


def app_from_environment() -> Starlette:
    """For uvicorn's worker processes (`serve --workers N`), which import the app by name. One
    catalogue thread each: the processes give the parallelism, and each thread holds its own
    typo vocabulary (some 100 MB at 100,000 pages)."""
    return create_app(os.environ[DB_ENV], threads=1)
