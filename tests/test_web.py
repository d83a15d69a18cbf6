"""The web app (`evalcatalog serve`) through Starlette's test client, over a catalogue of the
shipped reports and one of hostile PDFs: order, facets, highlights, escaping, statuses, headers."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPORTS
from markupsafe import escape
from pdfs import make_pdf
from starlette.testclient import TestClient

from evalcatalog import Catalog
from evalcatalog.cli import cli
from evalcatalog.web import create_app

HOSTILE = '<script>window.__xss=1</script>"><img src=x onerror=alert(1)>'
HOSTILE_TEXT = (
    f"Stalking evidence {HOSTILE} javascript:alert(2) control \x1b[31m bidi \u202egnp.exe "
    '<a href="javascript:alert(3)">link</a>'
)
HOSTILE_NAME = 'evil"<img src=x onerror=alert(1)>.pdf'
FACET = re.compile(
    r'<a href="([^"]*)"( aria-current="true")?><bdi>([^<]*)</bdi> <span class="count">(\d+)</span>'
)


@pytest.fixture(scope="module")
def catalogue(shipped_db: str) -> str:
    return shipped_db  # reports/ catalogued (conftest)


@pytest.fixture(scope="module")
def client(catalogue: str) -> Iterator[TestClient]:
    with TestClient(create_app(catalogue)) as test_client:
        yield test_client


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[str, Path]:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    make_pdf(folder / HOSTILE_NAME, [HOSTILE_TEXT, "Second page about stalking risk."],
             heading=HOSTILE, title=HOSTILE + " \u202egnp.exe",
             author="javascript:alert(4) \x1b[31m\u2066")  # fmt: skip
    shutil.copy(REPORTS / "cirv-key-findings.pdf", folder / "cirv.pdf")
    db = str(tmp_path / "hostile.db")
    with Catalog(db) as catalog:
        catalog.ingest([str(folder)])
    return db, folder


def cli_json(catalogue: str, *args: str) -> object:
    result = CliRunner().invoke(cli, [*args, "--db", catalogue, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def hit_titles(page: str) -> list[str]:
    found = re.findall(r'<h3><a href="/reports/[0-9a-f]+[^"]*"><bdi>([^<]*)</bdi></a></h3>', page)
    return [html.unescape(title) for title in found]


def facets(page: str) -> dict[str, tuple[int, bool]]:
    return {html.unescape(name): (int(count), bool(active))
            for _, active, name, count in FACET.findall(page)}  # fmt: skip


def test_search_page_order_is_the_librarys(client: TestClient, catalogue: str) -> None:
    response = client.get("/", params={"q": "stalkng"})
    assert response.status_code == 200
    with Catalog(catalogue, create=False) as catalog:
        expected = [hit.title for hit in catalog.search("stalkng", limit=20).hits]
    assert hit_titles(response.text) == expected
    assert expected[0].startswith("SARA/SAM")
    assert '<p role="status" class="count">3 reports match.</p>' in response.text


def test_correction_links_to_the_words_as_typed(client: TestClient) -> None:
    page = client.get("/", params={"q": "stalkng risk"}).text
    assert "Showing results for <strong><bdi>stalking risk</bdi></strong>." in page
    assert 'Search instead for <a href="/?q=%22stalkng%22+risk"><bdi>stalkng risk</bdi></a>' in page
    typed = client.get("/?q=%22stalkng%22+risk").text
    assert "No reports match" in typed


def test_did_you_mean(client: TestClient) -> None:
    page = client.get("/", params={"q": "risc"}).text
    assert "No reports match <bdi>risc</bdi>." in page
    assert 'Did you mean <a href="/?q=risk"><bdi>risk</bdi></a>' in page


def test_facet_counts_and_chips(client: TestClient) -> None:
    page = client.get("/", params={"q": "stalkng"}).text
    counts = facets(page)
    assert counts["Risk assessment and management"] == (3, False)
    assert counts["SAM / SARAv3 national pilot"] == (2, False)
    assert counts["High harm perpetrator unit (HHPU)"] == (1, False)
    hits = client.get("/api/search", params={"q": "stalkng"}).json()["hits"]
    created = [client.get(f"/api/reports/{hit['report_id']}").json()["created"] for hit in hits]
    assert counts["2021"] == (sum(1 for date in created if date and date[:4] == "2021"), False)
    link = next(url for url, _, name, _ in FACET.findall(page) if name.startswith("High harm"))
    narrowed = client.get(html.unescape(link)).text
    assert '<p role="status" class="count">1 report matches.</p>' in narrowed
    assert hit_titles(narrowed) == ["HHPU: Full technical report"]
    assert facets(narrowed)["High harm perpetrator unit (HHPU)"] == (1, True)
    chip = re.search(r'<a class="chip" href="([^"]*)" aria-label="Remove the filter '
                     r'Intervention: High harm perpetrator unit \(HHPU\)"', narrowed)  # fmt: skip
    assert chip and html.unescape(chip[1]) == "/?q=stalkng"


def test_home_page_counts_the_whole_catalogue(client: TestClient) -> None:
    page = client.get("/").text
    assert "19 reports in the catalogue." in page
    assert facets(page)["Knife crime – early intervention"] == (5, False)


def test_snippets_highlight_and_link_to_the_pdf_page(client: TestClient) -> None:
    page = client.get("/", params={"q": "stalkng"}).text
    assert "<mark>stalking</mark>" in page
    links = re.findall(
        r'<a class="page-link" href="/reports/([0-9a-f]{12})/pdf#page=(\d+)" '
        r'data-viewer="/reports/\1/view#page=\2&amp;search=stalking">',
        page,
    )
    assert links and all(int(number) >= 1 for _, number in links)
    report_id, number = links[0]
    pdf = client.get(f"/reports/{report_id}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline; filename=")
    text = client.get(f"/reports/{report_id}", params={"q": "stalkng", "page": number}).text
    assert f'id="page-{number}"' in text and "<mark>stalking</mark>" in text


def test_report_page_shows_what_show_prints(client: TestClient, catalogue: str) -> None:
    details = cli_json(catalogue, "show", "cirv-key-findings.pdf")
    assert isinstance(details, dict)
    page = client.get(f"/reports/{details['id']}").text
    assert f"<h1><bdi>{escape(details['title'])}</bdi></h1>" in page
    for tag in details["tag_reasons"]:
        assert escape(tag["reason"]) in page
    for other in details["companions"]:
        public_id = cli_json(catalogue, "show", str(other["id"]))["public_id"]  # type: ignore[index]
        assert f'href="/reports/{public_id}"' in page
    assert details["sha256"] in page and 'id="page-1"' in page
    with Catalog(catalogue, read_only=True) as catalog:
        sections = catalog.sections(str(details["id"]))
    assert sections and all(f"<bdi>{escape(section.title)}</bdi>" in page for section in sections)
    first = sections[0].first_page
    assert f'?page={first}#page-{first}"><bdi>{escape(sections[0].title)}</bdi>' in page


def test_browse_groups_and_sorts(client: TestClient) -> None:
    page = client.get("/browse", params={"sort": "pages", "order": "desc"}).text
    assert "19 reports, grouped by theme" in page
    section = page.split("Op Met Divan</bdi> <span", 1)[1].split("</table>", 1)[0]
    assert re.findall(r'class="num">(\d+)</td>', section) == ["31", "18", "7"]
    assert (
        '<th scope="col" aria-sort="descending"><a href="/browse?sort=pages&amp;order=asc">' in page
    )


def test_stats_page_draws_bars(client: TestClient) -> None:
    page = client.get("/stats").text
    assert "19 reports, 511 pages" in page
    assert page.count('<svg class="bar"') == sum(len(v) for v in cli_stats_by(client).values())


def cli_stats_by(client: TestClient) -> dict[str, dict[str, int]]:
    by = client.get("/api/stats").json()["by"]
    return {kind: by[kind] for kind in ("theme", "intervention", "force", "type", "year")}


def test_api_answers_in_the_clis_shapes(client: TestClient, catalogue: str) -> None:
    found = client.get("/api/search", params={"q": "knife"}).json()
    expected = cli_json(catalogue, "search", "knife")
    assert isinstance(expected, dict)
    public = {report["id"]: report["public_id"] for report in client.get("/api/reports").json()}
    for hit in expected["hits"]:  # the CLI's hit, its public id beside the integer id
        hit["public_id"] = public[hit["report_id"]]
    assert found == expected
    assert client.get("/api/reports").json() == cli_json(catalogue, "list")
    assert client.get("/api/reports/3").json() == cli_json(catalogue, "show", "3")
    stats = cli_json(catalogue, "stats")
    assert client.get("/api/stats").json() == stats
    assert client.get("/stats.json").json() == stats
    taws = client.get("/api/reports", params={"intervention": "taws"}).json()
    assert [report["file_name"] for report in taws] == ["taws-technical-report.pdf",
                                                        "taws-key-findings.pdf"]  # fmt: skip


def test_downloads(client: TestClient, catalogue: str) -> None:
    csv_text = client.get("/search.csv", params={"q": "stalkng"})
    assert csv_text.headers["content-disposition"] == 'attachment; filename="search.csv"'
    cli_csv = CliRunner().invoke(cli, ["search", "stalkng", "--db", catalogue, "--csv"]).output
    assert csv_text.text.splitlines() == cli_csv.splitlines()
    assert len(cli_csv.splitlines()) == 4
    exported = CliRunner().invoke(cli, ["export", "--format", "csv", "--db", catalogue]).output
    assert client.get("/reports.csv").text.splitlines() == exported.splitlines()
    assert client.get("/search.json", params={"q": "stalkng"}).json()["total"] == 3


@pytest.mark.parametrize(
    ("address", "status", "words"),
    [
        ("/reports/999", 404, "there is no report 999 in the catalogue"),
        ("/reports/999/pdf", 404, "there is no report 999 in the catalogue"),
        ("/reports/abc", 404, "report addresses end in a number"),
        ("/nowhere", 404, "nothing at this address"),
        ("/reports.xml", 404, "reports.csv or reports.json"),
        ("/?q=" + "a" * 600, 400, "at most 500"),
        ("/?limit=abc", 400, "limit='abc' is not a number"),
        ("/reports/1?page=999", 400, "page 999 is not in this report"),
        ("/reports/1?page=-1", 400, "is not a number"),
        ("/?theme=nonsense", 400, "no theme called 'nonsense'"),
        ("/?q=-knife", 400, "nothing to search for"),
        ("/browse?sort=colour", 400, "sort by one of"),
        ("/?q=%22unclosed+OR+(x", 200, "No reports match"),
    ],
)
def test_bad_requests_get_pages_in_the_sites_style(
    client: TestClient, address: str, status: int, words: str
) -> None:
    response = client.get(address)
    assert response.status_code == status
    assert words.lower() in html.unescape(response.text).lower()
    assert '<a class="brand" href="/">evalcatalog</a>' in response.text
    assert "Traceback" not in response.text


def test_api_errors_are_json(client: TestClient) -> None:
    response = client.get("/api/reports/999")
    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert client.get("/api/search").status_code == 400
    assert client.post("/").status_code == 405


def test_unreadable_catalogue_is_a_500_page(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("not a database " * 100)
    with TestClient(create_app(str(bogus)), raise_server_exceptions=False) as test_client:
        response = test_client.get("/")
    assert response.status_code == 500
    assert "The catalogue cannot be read" in response.text and "Traceback" not in response.text


def test_security_headers(client: TestClient) -> None:
    for address in ("/", "/api/stats", "/reports/1/pdf", "/nowhere", "/static/style.css"):
        response = client.get(address)
        assert response.headers["x-content-type-options"] == "nosniff", address
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert '<script src="/static/app.js" defer></script>' in client.get("/").text


def test_hostile_pdf_text_is_escaped_everywhere(hostile: tuple[str, Path]) -> None:
    db, _ = hostile
    with TestClient(create_app(db)) as test_client:
        found = test_client.get("/", params={"q": "stalking"})
        (report_id,) = {hit["report_id"] for hit in test_client.get(
            "/api/search", params={"q": "javascript"}).json()["hits"]}  # fmt: skip
        pages = [found.text] + [
            test_client.get(address).text
            for address in ("/browse", "/stats", f"/reports/{report_id}?q=stalking",
                            "/?q=" + HOSTILE, f"/reports/{report_id}?q=" + HOSTILE)
        ]  # fmt: skip
        api = test_client.get(f"/api/reports/{report_id}")
        pdf = test_client.get(f"/reports/{report_id}/pdf")
    for page in pages:
        assert "<script>" not in page and "<img" not in page and 'href="javascript' not in page
        assert "\x1b" not in page and "\u202e" not in page and "\u2066" not in page
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in pages[3]
    assert "\\u202egnp.exe" in pages[3] and "\\u2066" in pages[3]
    assert "<" not in api.text and api.json()["file_name"] == HOSTILE_NAME
    disposition = pdf.headers["content-disposition"]
    assert disposition == (
        'inline; filename="evil_<img src=x onerror=alert(1)>.pdf"; '
        "filename*=UTF-8''evil%22%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.pdf"
    )


def test_pdf_is_served_only_while_it_matches(hostile: tuple[str, Path]) -> None:
    db, folder = hostile
    with TestClient(create_app(db)) as test_client:
        report = test_client.get("/api/reports", params={"intervention": "cirv"}).json()[0]
        assert test_client.get(f"/reports/{report['id']}/pdf").status_code == 200
        info = os.stat(folder / "cirv.pdf")
        os.utime(folder / "cirv.pdf", ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
        changed = test_client.get(f"/reports/{report['id']}/pdf")
    assert changed.status_code == 404
    assert "changed or moved since it was catalogued" in changed.text


def test_new_reports_appear_without_a_restart(hostile: tuple[str, Path], tmp_path: Path) -> None:
    db, _ = hostile
    with TestClient(create_app(db)) as test_client:
        assert test_client.get("/api/search", params={"q": "divan"}).json()["total"] == 0
        assert "2 reports in the catalogue." in test_client.get("/").text
        more = tmp_path / "more"
        more.mkdir()
        shutil.copy(REPORTS / "op-divan-key-findings.pdf", more / "divan.pdf")
        with Catalog(db) as catalog:
            catalog.ingest([str(more)])
        assert test_client.get("/api/search", params={"q": "divan"}).json()["total"] == 1
        assert "3 reports in the catalogue." in test_client.get("/").text
        assert facets(test_client.get("/", params={"q": "divan"}).text)["Op Divan"] == (1, False)


def test_answers_while_an_ingest_writes(hostile: tuple[str, Path], tmp_path: Path) -> None:
    db, _ = hostile
    more = tmp_path / "more"
    more.mkdir()
    others = [pdf for pdf in sorted(REPORTS.glob("*.pdf")) if pdf.name != "cirv-key-findings.pdf"]
    for pdf in others[:8]:  # eight reports the catalogue does not have yet
        shutil.copy(pdf, more / pdf.name)
    statuses: list[int] = []
    with TestClient(create_app(db)) as test_client:
        writer = threading.Thread(target=ingest_into, args=(db, more))
        writer.start()
        while writer.is_alive() or not statuses:
            for address in ("/?q=risk", "/browse", "/api/stats"):
                statuses.append(test_client.get(address).status_code)
        writer.join()
        shown = re.findall(r"(\d+) reports in the catalogue", test_client.get("/").text)
        with Catalog(db, read_only=True) as catalog:
            stored = len(catalog.reports())
        assert (shown, stored) == (["10"], 10)  # the ingest's reports, shown without a restart
    assert set(statuses) == {200}


def ingest_into(db: str, folder: Path) -> None:
    with Catalog(db) as catalog:
        catalog.ingest([str(folder)])


def test_viewer_page_loads_pdfjs_and_links_the_plain_pdf(client: TestClient) -> None:
    page = client.get("/reports/3/view").text
    public_id = client.get("/api/reports/3").json()["public_id"]
    assert '<script type="module" src="/static/viewer.js"></script>' in page
    assert f'data-pdf="/reports/{public_id}/pdf"' in page
    assert f'<a id="viewer-fallback" href="/reports/{public_id}/pdf">' in page
    assert client.get("/reports/999/view").status_code == 404
    script = client.get("/static/pdfjs/pdf.min.mjs")
    assert script.status_code == 200 and script.headers["content-type"].startswith(
        "text/javascript"
    )


def test_serve_refuses_a_missing_catalogue(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "no catalogue at" in result.output and not (tmp_path / "none.db").exists()


def test_serve_warns_beyond_loopback(catalogue: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    started: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(options))
    for host, warned in (("127.0.0.1", False), ("::1", False), ("0.0.0.0", True)):
        result = CliRunner().invoke(cli, ["serve", "--db", catalogue, "--host", host])
        assert result.exit_code == 0, result.output
        assert ("anyone who can reach port 8000 can read" in result.output) is warned
    assert f"Serving {catalogue} at http://0.0.0.0:8000/" in result.output
    assert [options["host"] for options in started] == ["127.0.0.1", "::1", "0.0.0.0"]


def test_serving_never_writes_the_catalogue(catalogue: str) -> None:
    before = Path(catalogue).read_bytes()
    with TestClient(create_app(catalogue)) as test_client:
        for address in ("/", "/?q=stalkng", "/browse", "/stats", "/reports/1", "/api/stats"):
            assert test_client.get(address).status_code == 200
    assert Path(catalogue).read_bytes() == before


def test_reports_answer_at_their_public_ids(client: TestClient) -> None:
    details = client.get("/api/reports/3").json()
    public_id = details["public_id"]
    assert public_id == details["sha256"][:12]  # from the file's content: any catalogue of it
    assert client.get(f"/api/reports/{public_id}").json() == details
    assert client.get(f"/api/reports/{public_id.upper()}").json() == details
    page = client.get(f"/reports/{public_id}").text
    assert client.get("/reports/3").text == page
    assert f'<a class="button" href="/reports/{public_id}/pdf"' in page
    assert f'href="/api/reports/{public_id}">Details as JSON' in page
    pdf = client.get(f"/reports/{public_id}/pdf")
    assert pdf.status_code == 200 and pdf.content == client.get("/reports/3/pdf").content
    assert client.get(f"/reports/{public_id}/view").status_code == 200
    assert f'href="/reports/{public_id}"' in client.get("/browse").text
    for address in (
        "/reports/0123456789ab",
        "/reports/0123456789ab/pdf",
        "/api/reports/0123456789ab",
    ):
        response = client.get(address)
        assert response.status_code == 404
        assert "no report 0123456789ab in the catalogue" in response.text


def test_search_links_and_api_carry_public_ids(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "stalkng"}).json()["hits"]
    reports = {report["id"]: report["public_id"] for report in client.get("/api/reports").json()}
    assert hits and all(hit["public_id"] == reports[hit["report_id"]] for hit in hits)
    assert list(hits[0])[:2] == ["report_id", "public_id"]
    page = client.get("/", params={"q": "stalkng"}).text
    first = hits[0]["public_id"]
    assert f'<h3><a href="/reports/{first}?q=stalking">' in page
    assert re.search(
        rf'href="/reports/{first}/pdf#page=\d+" data-viewer="/reports/{first}/view#', page
    )
    assert not re.search(r'href="/reports/\d+[/"?#]', page)  # no integer ids in its links
