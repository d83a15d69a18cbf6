"""`evalcatalog serve`: the web application, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import ipaddress
import os
import threading
import webbrowser

import click

from .base import cli, db_option

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@cli.command()
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Address to listen on; any other than 127.0.0.1 lets others read the catalogue.",
)  # fmt: skip
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")  # fmt: skip
@click.option(
    "--workers", type=click.IntRange(1, 16), default=1, show_default=True,
    help="Server processes: 2 on a 2-core machine answers more searches at once.",
)  # fmt: skip
@click.option("--open", "open_browser", is_flag=True, help="Open the search page in a browser.")
def serve(db_path: str, host: str, port: int, workers: int, open_browser: bool) -> None:
    """Search, browse and read the catalogue in a web browser.

    Serves a read-only view of the catalogue: search with filters, browse by theme and
    intervention, each report's details and pages, statistics, the PDFs themselves, and a
    JSON API under /api/. Reports ingested while it runs appear without a restart.

    \b
    Examples:
      evalcatalog serve --open
      evalcatalog serve --db catalog.db --port 8080
      evalcatalog serve --host 0.0.0.0   # others on the network can read the catalogue
    """
    import uvicorn  # here: the other commands should not pay for importing the server

    from ..web.app import DB_ENV, create_app
    from ..web.pool import open_read_only

    with open_read_only(db_path) as catalog:
        catalog.store  # noqa: B018  (a missing, older or foreign file: one line, before serving)
    if not is_loopback(host):
        click.echo(f"Warning: listening on {host}: anyone who can reach port {port} can read "
                   "the whole catalogue and its PDFs.", err=True)  # fmt: skip
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/"
    click.echo(f"Serving {db_path} at {address} (Ctrl+C to stop)")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [address]).start()
    if workers == 1:
        uvicorn.run(create_app(db_path), host=host, port=port, log_level="warning")
        return
    os.environ[DB_ENV] = os.path.abspath(db_path)  # each worker process reads it
    uvicorn.run("evalcatalog.web.app:app_from_environment", factory=True, host=host,
                port=port, workers=workers, log_level="warning")  # fmt: skip
