"""`Catalog.fetch` over four weeks of a release page served on 127.0.0.1 in the seed page's
shape: what each week fetches, the release's added/revised/withdrawn lists, provenance, titles
and tags from the page, and a quiet fourth week that costs one conditional request a link."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from conftest import REPORTS
from release_site import Site, file_for, seed_links

from evalcatalog import Catalog
from evalcatalog.releases.fetch import FetchOptions, FetchResult
from evalcatalog.releases.http import FetchLimits

SESSION_1 = [
    "DIVERT: Key findings and implications for practice",
    "DIVERT: Full technical report",
    "CIRV: Key findings and implications for practice",
    "CIRV: Full technical report",
]
SESSION_2 = [
    "TAWs: Key findings and implications for practice",
    "TAWs: Full technical report",
    "TFEI: Key findings and implications for practice",
    "TFEI: Full technical report",
    "FSPs: Key findings and implications for practice",
    "FSPs: Full technical report",
]
SESSION_3 = [
    "HHPU: Full technical report",
    "HHPU: Key findings and implications for practice",
    "SARA/SAM: Full technical report",
    "SARA/SAM: Key findings and implications for practice",
]
REVISED = "cirv-key-findings.pdf"
WITHDRAWN = "divert-technical-report.pdf"


def options(folder: Path) -> FetchOptions:
    return FetchOptions(into=str(folder), limits=FetchLimits(timeout=5))


def changes(result: FetchResult) -> dict[str, list[str]]:
    named = {change: [link.title for link in result.named(change)]
             for change in ("added", "revised", "withdrawn", "restored")}  # fmt: skip
    return {change: titles for change, titles in named.items() if titles}


def on_disk(folder: Path) -> dict[str, tuple[int, int]]:
    return {path.name: (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(folder.iterdir())}  # fmt: skip


def next_second() -> None:
    time.sleep(1 - time.time() % 1 + 0.01)


def test_four_weeks_of_releases(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    week_one(site, catalog, folder)
    week_two(site, catalog, folder)
    next_second()  # releases are stamped to the second: week 3's "since" must leave week 2 out
    week_three(site, catalog, folder)
    week_four(site, catalog, folder)
    listed = catalog.releases()
    assert [(r.id, r.kind, r.counts()["added"], r.counts()["revised"], r.counts()["withdrawn"])
            for r in listed] == [(4, "fetch", 0, 0, 0), (3, "fetch", 4, 1, 1),
                                 (2, "fetch", 6, 0, 0), (1, "fetch", 4, 0, 0)]  # fmt: skip
    whats_new_since_week_three(catalog, site)
    atom_feed_of_four_releases(catalog)


def week_one(site: Site, catalog: Catalog, folder: Path) -> None:
    site.publish_week(1)
    result = catalog.fetch(site.url("/seminars"), options(folder))
    assert changes(result) == {"added": SESSION_1}
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        file_for(text) for text in seed_links(1)
    )
    for path in folder.iterdir():
        assert path.read_bytes() == (REPORTS / path.name).read_bytes()
    latest = catalog.releases(latest=True)[0]
    assert [(item.change, item.title) for item in latest.items] == [
        ("added", title) for title in SESSION_1
    ]
    details = catalog.report_details("divert-key-findings.pdf")
    assert (details["title"], details["title_source"]) == (SESSION_1[0], "release page")
    [provenance] = details["provenance"]
    assert provenance["first_seen"] == provenance["last_seen"]
    assert {key: value for key, value in provenance.items() if "seen" not in key} == {
        "source_url": site.url("/files/divert-key-findings.pdf"),
        "link_text": "DIVERT: Key findings and implications for practice (pdf) 184.53 KB",
        "title": SESSION_1[0],
        "listed_size": "184.53 KB",
        "listed_bytes": 188959,
        "headings": ["Session 1", "Serious violence – diversion interventions",
                     "7 July, 10am to 12pm", "DIVERT",
                     "Community initiative to reduce violence (CIRV)"],
        "page_url": site.url("/seminars"),
        "file_path": str(folder / "divert-key-findings.pdf"),
        "withdrawn_at": None,
    }  # fmt: skip
    assert_page_tags(details)
    assert public_ids_are_content_hashes(catalog)


def assert_page_tags(details: dict[str, Any]) -> None:
    """DIVERT's key findings: theme, intervention and type from the page, with reasons."""
    page_tags = [(t["kind"], t["name"], t["reason"]) for t in details["tag_reasons"]
                 if t["source"] == "release page"]  # fmt: skip
    assert page_tags == [
        ("intervention", "DIVERT",
         "link text 'DIVERT: Key findings and implications for practice' on the release page"),
        ("theme", "Serious violence – diversion interventions",
         "listed under 'Session 1: Serious violence – diversion interventions' on the release"
         " page"),
        ("type", "Key findings and implications for practice",
         "link text 'DIVERT: Key findings and implications for practice' says 'key findings'"
         " on the release page"),
    ]  # fmt: skip


def public_ids_are_content_hashes(catalog: Catalog) -> bool:
    reports = catalog.reports()
    return all(report.public_id == report.sha256[:12] for report in reports) and all(
        catalog.find_report(report.public_id or "").id == report.id for report in reports
    )


def week_two(site: Site, catalog: Catalog, folder: Path) -> None:
    site.publish_week(2)
    start = len(site.requests)
    result = catalog.fetch(site.url("/seminars"), options(folder))
    assert changes(result) == {"added": SESSION_2}
    assert len(list(folder.iterdir())) == 10
    asked = site.requests[start:]
    conditional = [path for path, headers in asked if "If-None-Match" in headers]
    assert conditional == ["/seminars", *(f"/files/{file_for(text)}" for text in SESSION_1)]
    tags = catalog.report_details("tfei-technical-report.pdf")["tag_reasons"]
    assert [(t["name"], t["reason"]) for t in tags if t["kind"] == "theme"] == [
        ("Early intervention for vulnerable children",
         "listed under 'Session 2: Early intervention for vulnerable children' on the release"
         " page"),
    ]  # fmt: skip
    intervention = [(t["name"], t["source"]) for t in tags if t["kind"] == "intervention"]
    assert intervention == [("Think family early intervention (TFEI)", "release page")]


def week_three(site: Site, catalog: Catalog, folder: Path) -> None:
    revised = (REPORTS / REVISED).read_bytes() + b"\n% revised\n"
    site.publish_week(3, withdrawn=(WITHDRAWN,))
    site.routes[f"/files/{REVISED}"].body = revised
    before = catalog.find_report(REVISED)
    withdrawn_id = catalog.find_report(WITHDRAWN).id
    result = catalog.fetch(site.url("/seminars"), options(folder))
    assert changes(result) == {
        "added": SESSION_3,
        "revised": ["CIRV: Key findings and implications for practice"],
        "withdrawn": ["DIVERT: Full technical report"],
    }
    assert (folder / REVISED).read_bytes() == revised
    after = catalog.report_details(REVISED)
    assert after["id"] == before.id and after["sha256"] != before.sha256
    assert after["public_id"] == before.public_id  # kept across a revision
    assert [version["sha256"] for version in after["versions"]] == [before.sha256]
    gone = catalog.report_details(WITHDRAWN)  # never deleted
    assert gone["id"] == withdrawn_id and (folder / WITHDRAWN).exists()
    assert gone["provenance"][0]["withdrawn_at"] is not None
    latest = catalog.releases(latest=True)[0]
    assert [(item.change, item.report_id) for item in latest.items if item.change != "added"] == [
        ("revised", before.id), ("withdrawn", withdrawn_id)
    ]  # fmt: skip


def week_four(site: Site, catalog: Catalog, folder: Path) -> None:
    before = on_disk(folder)
    start = len(site.requests)
    result = catalog.fetch(site.url("/seminars"), options(folder))
    asked = site.requests[start:]
    assert result.page_status == "not modified"
    assert [path for path, _ in asked] == ["/seminars", *(
        f"/files/{file_for(text)}" for text in seed_links(3) if file_for(text) != WITHDRAWN
    )]  # fmt: skip
    assert all("If-None-Match" in headers for _, headers in asked)
    assert {link.status for link in result.links} == {"unchanged"}
    assert changes(result) == {}
    assert on_disk(folder) == before
    assert catalog.releases(latest=True)[0].items == []


def whats_new_since_week_three(catalog: Catalog, site: Site) -> None:
    since = catalog.releases(3)[0].started_at
    text = catalog.release_feed("markdown", since)
    day, ids = since[:10], {r.title: r for r in catalog.reports()}

    def line(title: str, kind: str, change: str = "added") -> str:
        report = ids[title]
        link = f"[{title}]({site.url('/files/' + file_for(title))})"
        size = f"{report.size_bytes / 1024:.2f} KB"
        pages = f"{report.page_count} pages"
        note = f"{change} {day}, release 3, `{report.public_id}`"
        return f"- {link}: {kind}, {pages}, {size} ({note})"

    full, key = "Full technical report", "Key findings and implications for practice"
    assert text == "\n".join([
        f"# What's new since {day}", "",
        "## Session 1: Serious violence – diversion interventions", "",
        "### Community initiative to reduce violence (CIRV)", "",
        line(SESSION_1[2], key, "revised"), "",
        "## Session 3: Risk assessment and management", "",
        "### High harm perpetrator unit (HHPU)", "",
        line(SESSION_3[0], full), line(SESSION_3[1], key), "",
        "### SAM / SARAv3 national pilot", "",
        line(SESSION_3[2], full), line(SESSION_3[3], key), "",
        "## Withdrawn", "",
        f"- DIVERT: Full technical report (`{catalog.find_report(WITHDRAWN).public_id}`)", "",
    ])  # fmt: skip


def atom_feed_of_four_releases(catalog: Catalog) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(catalog.release_feed("atom"))
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for name in ("id", "title", "updated", "author/a:name"):
        assert (feed.find(f"a:{name}", ns).text or "").strip()  # type: ignore[union-attr]
    entries = feed.findall("a:entry", ns)
    titles = [entry.findtext("a:title", namespaces=ns) for entry in entries]
    assert titles == [
        "Release 4 (fetch): no changes",
        "Release 3 (fetch): 4 added, 1 revised, 1 withdrawn",
        "Release 2 (fetch): 6 added",
        "Release 1 (fetch): 4 added",
    ]
    ids = [entry.findtext("a:id", namespaces=ns) or "" for entry in entries]
    assert len(set(ids)) == 4 and all(id_.startswith("urn:uuid:") for id_ in ids)
    for entry in entries:
        updated = entry.findtext("a:updated", namespaces=ns) or ""
        assert len(updated) == 20 and updated.endswith("Z")  # RFC 3339, 2026-12-03T09:00:00Z
    assert catalog.release_feed("atom") == catalog.release_feed("atom")  # stable ids


def test_a_link_back_on_the_page_is_restored(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    site.publish_week(1)
    catalog.fetch(site.url("/seminars"), options(folder))
    site.publish_week(1, withdrawn=(WITHDRAWN,))
    assert changes(catalog.fetch(site.url("/seminars"), options(folder))) == {
        "withdrawn": ["DIVERT: Full technical report"]
    }
    site.publish_week(1)
    assert changes(catalog.fetch(site.url("/seminars"), options(folder))) == {
        "restored": ["DIVERT: Full technical report"]
    }
    [provenance] = catalog.report_details(WITHDRAWN)["provenance"]
    assert provenance["withdrawn_at"] is None


def test_manual_tags_beat_the_page_and_retag_keeps_page_tags(
    site: Site, catalog: Catalog, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    site.publish_week(1)
    catalog.fetch(site.url("/seminars"), options(folder))
    theme = "Serious violence – diversion interventions"
    catalog.tag(REVISED, add=["topic:Knife crime"], remove=[f"theme:{theme}"])
    catalog.retag()
    site.routes[f"/files/{REVISED}"].body = (REPORTS / REVISED).read_bytes() + b"\n% v2\n"
    result = catalog.fetch(site.url("/seminars"), options(folder))
    assert changes(result) == {"revised": ["CIRV: Key findings and implications for practice"]}
    tags = {(tag.kind, tag.name): tag.source for tag in catalog.tags(REVISED)}
    assert ("theme", theme) not in tags  # removed by hand: the page does not put it back
    assert tags[("topic", "Knife crime")] == "manual"
    assert tags[("type", "Key findings and implications for practice")] == "release page"
    assert tags[("intervention", "Community initiative to reduce violence (CIRV)")] == (
        "release page"
    )
    other = {(tag.kind, tag.name): tag.source for tag in catalog.tags("cirv-technical-report")}
    assert other[("theme", theme)] == "release page"  # retag left the page's tags alone


def test_a_saved_copy_of_the_page(site: Site, catalog: Catalog, tmp_path: Path) -> None:
    site.publish_week(1)
    html = (
        site.routes["/seminars"]
        .body.decode()
        .replace('href="files/', f'href="{site.url("/files/")}')
    )
    saved = tmp_path / "seminars.html"
    saved.write_text(html, encoding="utf-8")
    result = catalog.fetch(str(saved), options(tmp_path / "reports"))
    assert (result.page_url, result.page_status) == (saved.as_uri(), "file")
    assert changes(result) == {"added": SESSION_1}
