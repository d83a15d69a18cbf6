"""Reading a release page: PDF links, their text, listed sizes and headings, in the shapes the
seed page uses, and links that are left out."""

from __future__ import annotations

from release_site import page_html

from evalcatalog.releases.page import parse_release_page

PAGE = "https://example.org/news/seminars"


def test_the_seed_page_up_to_session_3() -> None:
    page = parse_release_page(page_html(3), PAGE)
    assert len(page.links) == 14 and page.ignored == []
    hhpu = page.links[11]
    assert (hhpu.url, hhpu.title, hhpu.listed_size, hhpu.listed_bytes) == (
        "https://example.org/news/files/hhpu-key-findings.pdf",
        "HHPU: Key findings and implications for practice",
        "186,31 KB",  # as the page writes it
        190781,
    )
    # "High harm perpetrator unit (HHPU)" is bold text on the page, not a heading
    assert hhpu.headings == [
        "Session 3", "Risk assessment and management", "SAM / SARAv3 national pilot"
    ]  # fmt: skip
    taws = page.links[4]
    assert taws.headings == ["Session 2", "Early intervention for vulnerable children",
                             "13 July, 10am to 12pm", "Trusted adult workers (TAWs)"]  # fmt: skip


def test_session_4_shapes_bracketed_sizes_and_no_size() -> None:
    html = """<h2><strong>Session 4</strong></h2><h3>Knife crime – early intervention</h3>
    <p><a href="/docs/op-divan.pdf#page=2">Op Divan: Full technical report (pdf) (992.5 KB)</a>
    <a href="/docs/op-divan.pdf">Op Divan: again</a>
    <a href="/docs/notes.pdf">Notes</a>
    <a href="/about">About us</a></p>"""
    page = parse_release_page(html, PAGE)
    assert [(link.url, link.title, link.listed_size, link.listed_bytes, link.headings)
            for link in page.links] == [
        ("https://example.org/docs/op-divan.pdf", "Op Divan: Full technical report",
         "992.5 KB", 1016320, ["Session 4", "Knife crime – early intervention"]),
        ("https://example.org/docs/notes.pdf", "Notes", None, None,
         ["Session 4", "Knife crime – early intervention"]),
    ]  # fmt: skip


def test_headings_without_sessions_base_href_and_other_schemes() -> None:
    html = """<base href="https://cdn.example.org/files/">
    <h1>Reports</h1><h2>2021</h2><h3>July</h3><h2>2022</h2>
    <a href="a.pdf">A (pdf) 1 MB</a>
    <a href="mailto:someone@example.org">Write (pdf)</a>
    <a href="ftp://example.org/b.pdf">B</a>"""
    page = parse_release_page(html, PAGE)
    [link] = page.links
    assert (link.url, link.listed_bytes, link.headings) == (
        "https://cdn.example.org/files/a.pdf", 1048576, ["Reports", "2022"]
    )  # fmt: skip
    assert [(item.href, item.reason) for item in page.ignored] == [
        ("mailto:someone@example.org",
         "ignored: mailto: links are not fetched (only http and https)"),
        ("ftp://example.org/b.pdf", "ignored: ftp: links are not fetched (only http and https)"),
    ]  # fmt: skip


def test_broken_markup_still_gives_its_links() -> None:
    html = '<h2>Session 1<h3>Theme</h2><li><a href="x.pdf">X (pdf) 2 KB<li><a href=y.pdf>Y</a>'
    page = parse_release_page(html, PAGE)
    assert [(link.url.rsplit("/", 1)[1], link.title, link.headings) for link in page.links] == [
        ("x.pdf", "X", ["Session 1", "Theme"]), ("y.pdf", "Y", ["Session 1", "Theme"])
    ]  # fmt: skip
