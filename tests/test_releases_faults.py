"""Every fault a release page or its server can serve: a one-line reason in the result and the
catalogue, nothing half-written, and the next run tries again (and succeeds once it is fixed)."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import REPORTS
from release_site import Route, Site, gzip_bomb

from evalcatalog import Catalog
from evalcatalog.errors import EvalcatalogError
from evalcatalog.releases.fetch import FetchOptions, FetchResult
from evalcatalog.releases.http import FetchLimits
from evalcatalog.store import releases as records

PDF = (REPORTS / "divert-technical-report.pdf").read_bytes()  # 141,689 bytes
NAME = "divert-technical-report.pdf"
LINK = "DIVERT: Full technical report (pdf) 2.99 MB"


def publish(site: Site, href: str, route: Route | None = None, extra: str = "") -> None:
    page = (f'<h2>Session 1</h2><h3>Serious violence – diversion interventions</h3>'
            f'<ul><li><a href="{href}">{LINK}</a></li>{extra}</ul>')  # fmt: skip
    site.routes["/seminars"] = Route(page.encode(), "text/html")
    if route is not None:
        site.routes[f"/files/{NAME}"] = route


def fetch(catalog: Catalog, site: Site, folder: Path, **limits: float) -> FetchResult:
    settings = FetchLimits(**{"timeout": 2.0, **limits})  # type: ignore[arg-type]
    return catalog.fetch(site.url("/seminars"), FetchOptions(into=str(folder), limits=settings))


def failed_then_fixed(
    catalog: Catalog, site: Site, folder: Path, route: Route, reason: str, **limits: float
) -> None:
    """The link fails with `reason`, leaves nothing in `folder`, is recorded; once the
    server serves the PDF, the next run fetches and ingests it."""
    publish(site, f"files/{NAME}", route)
    result = fetch(catalog, site, folder, **limits)
    [link] = result.links
    assert (link.status, link.error) == ("failed", reason)
    assert "\n" not in reason
    assert sorted(os.listdir(folder)) == []  # no PDF, no temporary file
    state = records.fetch_state(catalog.store, site.url(f"/files/{NAME}"))
    assert state is not None and (state.error, state.attempts) == (reason, 1)
    assert catalog.reports() == []
    site.routes[f"/files/{NAME}"] = Route(PDF)
    again = fetch(catalog, site, folder)
    assert [(link.status, link.change) for link in again.links] == [("fetched", "added")]
    assert (folder / NAME).read_bytes() == PDF
    assert records.fetch_state(catalog.store, site.url(f"/files/{NAME}")).error is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("status", "reason"),
    [(404, "HTTP 404 Not Found"), (410, "HTTP 410 Gone"), (500, "HTTP 500 Internal Server Error")],
)
def test_http_errors(
    site: Site, catalog: Catalog, tmp_path: Path, status: int, reason: str
) -> None:
    route = Route(b"<html>no</html>", "text/html", status=status)
    failed_then_fixed(catalog, site, tmp_path / "reports", route, reason)


def test_a_slow_server_runs_out_of_time(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    route = Route(PDF, delay=1.0)
    reason = "timed out: no answer within 0.3 s"
    failed_then_fixed(catalog, site, tmp_path / "reports", route, reason, timeout=0.3)


def test_a_server_that_drips_runs_out_of_time(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    route = Route(PDF, fault="drip", delay=0.15)  # each piece within the limit, not the whole
    reason = "timed out: the body took longer than the time limit"
    failed_then_fixed(catalog, site, tmp_path / "reports", route, reason, timeout=0.5)


def test_a_redirect_loop(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    route = Route(b"", fault="loop")
    reason = "redirect loop: more than 5 redirects"
    failed_then_fixed(catalog, site, tmp_path / "reports", route, reason)


def test_html_served_for_a_pdf_link(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    route = Route(b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html")
    reason = "not a PDF: the server sent something else (text/html) starting '<!DOCTYPE html><html'"
    failed_then_fixed(catalog, site, tmp_path / "reports", route, reason)


def test_a_truncated_body(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    route = Route(PDF, fault="truncate")
    reason = f"truncated: {len(PDF) // 2} of {len(PDF)} bytes arrived"
    failed_then_fixed(catalog, site, tmp_path / "reports", route, reason)


def test_an_oversized_file(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    reason = "too large: 141689 bytes listed, the limit is 50000"
    failed_then_fixed(catalog, site, tmp_path / "a", Route(PDF), reason, max_bytes=50_000)


def test_an_oversized_file_without_a_length(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    reason = "too large: more than 50000 bytes (decompressed)"
    route = Route(PDF, fault="no-length")
    failed_then_fixed(catalog, site, tmp_path / "a", route, reason, max_bytes=50_000)


def test_a_gzip_bomb_stops_at_the_limit(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    bomb = gzip_bomb(64)  # 64 MB of zeros in about 64 KB
    assert len(bomb) < 100_000
    reason = "too large: more than 1048576 bytes (decompressed)"
    tracemalloc.start()
    try:
        failed_then_fixed(catalog, site, tmp_path / "a", Route(bomb, fault="gzip"), reason,
                          max_bytes=1024 * 1024)  # fmt: skip
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # never inflated whole


def test_an_unreachable_server_is_tried_again(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/{NAME}"
    publish(site, url)
    folder = tmp_path / "reports"
    for attempt in (1, 2):
        [link] = fetch(catalog, site, folder).links
        assert link.status == "failed"
        assert (link.error or "").startswith(f"unreachable: cannot connect to 127.0.0.1:{port}")
        assert records.fetch_state(catalog.store, url).attempts == attempt  # type: ignore[union-attr]
        assert os.listdir(folder) == []


def test_other_schemes_are_ignored_and_relative_links_resolved(
    site: Site, catalog: Catalog, tmp_path: Path
) -> None:
    extra = (
        '<li><a href="file:///etc/passwd.pdf">Local (pdf)</a></li>'
        '<li><a href="javascript:alert(1)">Evil (pdf) 1 KB</a></li>'
        '<li><a href="data:application/pdf;base64,JVBERi0=">Inline (pdf)</a></li>'
    )
    publish(site, f"../files/{NAME}", Route(PDF), extra)
    site.routes["/pages/seminars"] = site.routes.pop("/seminars")
    settings = FetchOptions(into=str(tmp_path / "r"), limits=FetchLimits(timeout=2))
    result = catalog.fetch(site.url("/pages/seminars"), settings)
    assert [(link.status, link.url, link.error) for link in result.links] == [
        ("fetched", site.url(f"/files/{NAME}"), None),
        ("ignored", "file:///etc/passwd.pdf",
         "ignored: file: links are not fetched (only http and https)"),
        ("ignored", "javascript:alert(1)",
         "ignored: javascript: links are not fetched (only http and https)"),
        ("ignored", "data:application/pdf;base64,JVBERi0=",
         "ignored: data: links are not fetched (only http and https)"),
    ]  # fmt: skip
    assert sorted(path for path, _ in site.requests) == ["/files/" + NAME, "/pages/seminars"]


def test_a_moved_page_resolves_its_relative_links_where_it_now_is(
    site: Site, catalog: Catalog, tmp_path: Path
) -> None:
    publish(site, f"../files/{NAME}", Route(PDF))
    site.routes["/pages/seminars"] = site.routes.pop("/seminars")
    site.routes["/archive/2021/seminars"] = Route(b"/pages/seminars", fault="moved")
    settings = FetchOptions(into=str(tmp_path / "r"), limits=FetchLimits(timeout=2))
    result = catalog.fetch(site.url("/archive/2021/seminars"), settings)
    assert [(link.status, link.url) for link in result.links] == [
        ("fetched", site.url(f"/files/{NAME}"))
    ]


def test_an_unreachable_page_is_one_error(catalog: Catalog, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(EvalcatalogError) as caught:
        catalog.fetch(f"http://127.0.0.1:{port}/page", FetchOptions(into=str(tmp_path / "r")))
    assert str(caught.value).startswith(
        f"cannot fetch the release page http://127.0.0.1:{port}/page: unreachable:"
    )
    assert not (tmp_path / "r").exists()


def test_a_kill_mid_download_leaves_no_partial_file(
    site: Site, catalog: Catalog, tmp_path: Path
) -> None:
    folder, db = tmp_path / "reports", tmp_path / "catalog.db"
    publish(site, f"files/{NAME}", Route(PDF, fault="stall"))
    command = [sys.executable, "-m", "evalcatalog", "fetch", site.url("/seminars"),
               "--into", str(folder), "--db", str(db)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert site.stalled.wait(30), "the download never started"
        assert wait_for_partial(folder), "no bytes reached the temporary file"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    assert not (folder / NAME).exists()
    assert [name for name in os.listdir(folder) if not name.startswith(".")] == []
    site.routes[f"/files/{NAME}"] = Route(PDF)
    result = fetch(catalog, site, folder)
    assert [(link.status, link.change) for link in result.links] == [("fetched", "added")]
    assert result.leftovers == 1  # the killed run's temporary file, removed
    assert os.listdir(folder) == [NAME]
    assert (folder / NAME).read_bytes() == PDF


def wait_for_partial(folder: Path, seconds: float = 20) -> bool:
    """Until the half body the server sent is in the fetch's temporary file."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        parts = list(folder.glob(".evalcatalog-fetch-*.part")) if folder.is_dir() else []
        if parts and parts[0].stat().st_size > 0:
            return True
        time.sleep(0.05)
    return False


def test_bytes_that_fail_to_ingest_are_tried_again(
    site: Site, catalog: Catalog, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    publish(site, f"files/{NAME}", Route(b"%PDF-1.4\nnot really a PDF\n"))
    for attempt in (1, 2):
        [link] = fetch(catalog, site, folder).links
        [failure] = catalog.store.failures()  # ingest's reason, whichever engine read it
        assert (link.status, link.error, failure["attempts"]) == (
            "failed",
            failure["reason"],
            attempt,
        )
    site.routes[f"/files/{NAME}"] = Route(PDF)
    result = fetch(catalog, site, folder)
    assert [(link.status, link.change) for link in result.links] == [("fetched", "added")]
    assert catalog.store.failures() == []


def test_two_links_with_one_file_name_get_two_files(
    site: Site, catalog: Catalog, tmp_path: Path
) -> None:
    other = (REPORTS / "cirv-technical-report.pdf").read_bytes()
    site.routes["/a/report.pdf"] = Route(PDF)
    site.routes["/b/report.pdf"] = Route(other)
    page = '<a href="/a/report.pdf">A (pdf)</a><a href="/b/report.pdf">B (pdf)</a>'
    site.routes["/seminars"] = Route(page.encode(), "text/html")
    folder = tmp_path / "reports"
    result = fetch(catalog, site, folder)
    assert [(link.status, link.change) for link in result.links] == [("fetched", "added")] * 2
    second = f"report-{hashlib.sha256(site.url('/b/report.pdf').encode()).hexdigest()[:8]}.pdf"
    assert sorted(os.listdir(folder)) == sorted(["report.pdf", second])
    assert (folder / "report.pdf").read_bytes() == PDF
    assert (folder / second).read_bytes() == other
    again = fetch(catalog, site, folder)  # each link keeps its file
    assert [link.status for link in again.links] == ["unchanged", "unchanged"]
