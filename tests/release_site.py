"""A release page served on 127.0.0.1 in the seed page's shape, week by week, built from the
seed page's text and the shipped reports/, with faults on demand."""

from __future__ import annotations

import gzip
import hashlib
import html
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import REPORTS, ROOT

SEED = ROOT.parent / "shared" / "seeds" / "000_63fd4e379d8cd75c.txt"
LAST_MODIFIED = "Tue, 06 Jul 2021 09:00:00 GMT"
WEEK_ENDS = {1: "## Session 2", 2: "## Session 3", 3: "## **Session 4**", 4: "## **Session 4**"}
SLUGS = {"DIVERT": "divert", "CIRV": "cirv", "TAWs": "taws", "TFEI": "tfei", "FSPs": "fsps",
         "HHPU": "hhpu", "SARA/SAM": "sara-sam", "Op Divan": "op-divan",
         "Op Met Divan": "op-met-divan"}  # fmt: skip
LINK = re.compile(r"^- \[(?P<text>.*)\]\(#\)$")


def file_for(text: str) -> str:
    """The shipped report a seed-page link stands for."""
    prefix = text.split(":")[0]
    if "Key findings" in text:
        kind = "key-findings"
    elif "technical report" in text:
        kind = "technical-report"
    else:
        kind = "edges-of-knife-crime"
    return f"{SLUGS[prefix]}-{kind}.pdf"


def seed_links(week: int) -> list[str]:
    """The link texts the page lists in `week`."""
    text = SEED.read_text(encoding="utf-8")
    text = text[: text.index(WEEK_ENDS[week])]
    links = [unescape(m["text"]) for m in map(LINK.match, text.splitlines()) if m]
    return links


def unescape(text: str) -> str:
    return text.replace("\\(", "(").replace("\\)", ")")


def page_html(week: int, withdrawn: tuple[str, ...] = (), extra: str = "") -> str:
    """The seed page up to the week's last session as HTML: markdown headings as h1-h6, links
    as <a> to files/<report>.pdf (relative), the rest as paragraphs."""
    text = SEED.read_text(encoding="utf-8")
    text = text[: text.index(WEEK_ENDS[week])]
    body = []
    for line in text.splitlines():
        line = line.strip()
        heading = re.match(r"^(#{1,6}) (.*)$", line)
        link = LINK.match(line)
        if heading:
            level, words = len(heading[1]), heading[2].replace("**", "")
            body.append(f"<h{level}>{html.escape(words)}</h{level}>")
        elif link:
            words = unescape(link["text"])
            if file_for(words) not in withdrawn:
                href = f"files/{file_for(words)}"
                body.append(f'<li><a href="{href}">{html.escape(words)}</a></li>')
        elif line:
            body.append(f"<p>{html.escape(line.replace('**', ''))}</p>")
    body.append(extra)
    return (
        "<!DOCTYPE html>\n<html><head><title>Seminars</title></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


@dataclass
class Route:
    body: bytes
    content_type: str = "application/pdf"
    status: int = 200
    fault: str | None = None  # truncate, loop, moved, gzip, stall, drip, no-length, no-etag
    delay: float = 0.0


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    stalled: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def publish_week(self, week: int, withdrawn: tuple[str, ...] = (), extra: str = "") -> None:
        """The page as it stands in `week`, and every report it links to."""
        self.routes["/seminars"] = Route(page_html(week, withdrawn, extra).encode(), "text/html")
        for text in seed_links(week):
            name = file_for(text)
            self.routes.setdefault(f"/files/{name}", Route((REPORTS / name).read_bytes()))

    def requests_since(self, start: int) -> list[str]:
        return [path for path, _ in self.requests[start:]]


class Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self.site.requests.append((self.path, dict(self.headers.items())))
        route = self.site.routes.get(self.path)
        if route is None:
            self.reply(404, b"not found", "text/plain")
            return
        if route.delay and route.fault != "drip":
            time.sleep(route.delay)
        if route.fault in ("loop", "moved"):  # moved: the body is where to go
            self.send_response(302)
            self.send_header(
                "Location", route.body.decode() if route.fault == "moved" else self.path
            )
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
        if route.fault != "no-etag" and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_body(route, etag)

    def send_body(self, route: Route, etag: str) -> None:
        body = route.body
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        if route.fault != "no-etag":
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
        if route.fault == "gzip":
            self.send_header("Content-Encoding", "gzip")
        if route.fault == "no-length":
            self.send_header("Connection", "close")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if route.fault in ("truncate", "stall"):
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            if route.fault == "stall":
                self.site.stalled.set()
                self.site.release.wait(30)
            self.close_connection = True
            return
        if route.fault == "drip":  # each piece in time, the whole far too slow
            for start in range(0, len(body), len(body) // 10 + 1):
                self.wfile.write(body[start : start + len(body) // 10 + 1])
                self.wfile.flush()
                time.sleep(route.delay)
            return
        self.wfile.write(body)
        if route.fault == "no-length":
            self.close_connection = True

    def reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve() -> Iterator[Site]:
    """A Site on 127.0.0.1 (never beyond) on a free port, shut down afterwards."""
    site = Site()
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()


def gzip_bomb(decoded_mb: int) -> bytes:
    """A gzip body that inflates to `decoded_mb` MB of zeros (about 1,000 times its size)."""
    return gzip.compress(b"%PDF-1.4\n" + bytes(decoded_mb * 1024 * 1024), compresslevel=9)
