"""`evalcatalog fetch`, `releases`, and what `show`, `export`, `check` and `ingest` say about
releases, through the CLI against a release page served on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import REPORTS
from release_site import Route, Site

from evalcatalog.cli import cli

IDS = {  # first 12 hex digits of each file's sha256: the public ids
    "divert-key-findings.pdf": "94f01af6dc53",
    "divert-technical-report.pdf": "1645b2f9ff4f",
    "cirv-key-findings.pdf": "dbc6de7da30e",
    "cirv-technical-report.pdf": "f2c1f62148cb",
}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def fetch_week_one(site: Site, folder: Path) -> Result:
    site.publish_week(1)
    return invoke("fetch", site.url("/seminars"), "--into", str(folder), "--timeout", "5")


def test_fetch_names_what_it_added(site: Site, tmp_path: Path) -> None:
    result = fetch_week_one(site, tmp_path / "reports")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{site.url('/seminars')} (fetched): 4 fetched, 0 unchanged, 0 failed, 0 ignored\n"
        f"  added      [{IDS['divert-key-findings.pdf']}] DIVERT: Key findings and"
        " implications for practice\n"
        f"  added      [{IDS['divert-technical-report.pdf']}] DIVERT: Full technical report\n"
        f"  added      [{IDS['cirv-key-findings.pdf']}] CIRV: Key findings and implications"
        " for practice\n"
        f"  added      [{IDS['cirv-technical-report.pdf']}] CIRV: Full technical report\n"
        "Release 1 (evalcatalog releases 1)\n"
    )
    again = invoke("fetch", site.url("/seminars"), "--into", str(tmp_path / "reports"), "--json")
    summary = json.loads(again.stdout)
    assert (summary["page_status"], summary["links"], summary["added"]) == (
        "not modified", {"fetched": 0, "unchanged": 4, "failed": 0, "ignored": 0}, []
    )  # fmt: skip
    assert [link["url"] for link in summary["urls"]] == [site.url(f"/files/{name}") for name in IDS]


def test_releases_list_one_and_shapes(site: Site, tmp_path: Path) -> None:
    fetch_week_one(site, tmp_path / "reports")
    table = invoke("releases").stdout.splitlines()
    assert table[0].split() == ["id", "kind", "finished", "added", "revised", "re-extracted",
                                "withdrawn", "restored", "source"]  # fmt: skip
    assert table[2].split()[:2] + table[2].split()[3:] == [
        "1", "fetch", "4", "0", "0", "0", "0", site.url("/seminars")
    ]  # fmt: skip
    latest = invoke("releases", "--latest").stdout.splitlines()
    assert latest[0] == f"Release 1 (fetch, {site.url('/seminars')})"
    assert latest[1].endswith(": 4 added")
    assert latest[2:] == [
        f"  added        1/{IDS['divert-key-findings.pdf']}     DIVERT: Key findings and"
        " implications for practice",
        f"  added        2/{IDS['divert-technical-report.pdf']}     DIVERT: Full technical report",
        f"  added        3/{IDS['cirv-key-findings.pdf']}     CIRV: Key findings and implications"
        " for practice",
        f"  added        4/{IDS['cirv-technical-report.pdf']}     CIRV: Full technical report",
    ]
    [one] = json.loads(invoke("releases", "1", "--json").stdout)
    assert list(one) == ["id", "kind", "source", "started_at", "finished_at", "counts", "items",
                         "failed_links"]  # fmt: skip
    assert one["failed_links"] == []
    assert one["items"][0] == {
        "report_id": 1, "public_id": IDS["divert-key-findings.pdf"],
        "title": "DIVERT: Key findings and implications for practice", "change": "added",
        "detail": site.url("/files/divert-key-findings.pdf"),
    }  # fmt: skip
    rows = invoke("releases", "--csv").stdout.splitlines()
    assert rows[0] == "id,kind,finished_at,added,revised,re-extracted,withdrawn,restored,source"
    assert invoke("releases", "--since", "2000-01-01", "--json").stdout.count('"id"') == 1
    assert json.loads(invoke("releases", "--since", "2999-01-01", "--json").stdout) == []
    bad = invoke("releases", "--since", "last week")
    assert (bad.exit_code, bad.stderr) == (
        2, "Error: --since 'last week' is not a date: use YYYY-MM-DD\n"
    )  # fmt: skip
    missing = invoke("releases", "7")
    assert missing.stderr == "Error: no release 7: see `evalcatalog releases` for their numbers\n"


def test_show_prints_provenance_and_takes_a_public_id(site: Site, tmp_path: Path) -> None:
    fetch_week_one(site, tmp_path / "reports")
    text = invoke("show", IDS["cirv-technical-report.pdf"]).stdout
    block = text[text.index("Provenance:") : text.index("\nTags:")]
    seen = [line for line in block.splitlines() if "seen:" in line]
    assert [line for line in block.splitlines() if "seen:" not in line] == [
        "Provenance:",
        f"  Source URL:       {site.url('/files/cirv-technical-report.pdf')}",
        "  Link text:        CIRV: Full technical report (pdf) 1.98 MB",
        "  Listed size:      1.98 MB",
        f"  Page URL:         {site.url('/seminars')}",
        "  Headings:         Session 1 > Serious violence – diversion interventions > 7 July,"
        " 10am to 12pm > DIVERT > Community initiative to reduce violence (CIRV)",
    ]
    assert len(seen) == 2
    details = json.loads(invoke("show", "--json", "cirv-technical-report.pdf").stdout)
    assert (details["id"], details["public_id"]) == (4, IDS["cirv-technical-report.pdf"])
    assert list(details)[:2] == ["id", "public_id"]
    assert details["provenance"][0]["listed_bytes"] == 2076180


def test_export_atom_and_markdown_since(site: Site, tmp_path: Path) -> None:
    fetch_week_one(site, tmp_path / "reports")
    feed = ET.fromstring(invoke("export", "--format", "atom").stdout)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    markdown = invoke("export", "--format", "markdown", "--since", "2000-01-01").stdout
    assert markdown.startswith("# What's new since 2000-01-01\n\n## Session 1: Serious violence")
    wrong = invoke("export", "--format", "csv", "--since", "2000-01-01")
    assert (wrong.exit_code, wrong.stderr) == (
        2, "Error: --since goes with --format markdown or atom, not csv\n"
    )  # fmt: skip


def test_dry_run_writes_nothing(site: Site, tmp_path: Path, isolated_catalog: Path) -> None:
    site.publish_week(1)
    folder = tmp_path / "reports"
    result = invoke("fetch", "--dry-run", site.url("/seminars"), "--into", str(folder))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Dry run, nothing written: {site.url('/seminars')} lists 4 PDFs"
    assert lines[1] == (
        f"  would fetch  {site.url('/files/divert-key-findings.pdf')} ->"
        f" {folder / 'divert-key-findings.pdf'}"
    )
    assert not folder.exists() and not isolated_catalog.exists()


def test_failed_links_exit_1_and_check_sees_new_files(site: Site, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    site.publish_week(1)
    site.routes["/files/cirv-technical-report.pdf"] = Route(b"gone", "text/plain", status=410)
    result = invoke("fetch", site.url("/seminars"), "--into", str(folder))
    assert result.exit_code == 1
    assert (
        f"  failed     {site.url('/files/cirv-technical-report.pdf')}: HTTP 410 Gone\n"
        in result.stdout
    )
    assert result.stderr == (
        "Error: 1 link failed (listed above): the next fetch tries them again\n"
    )
    latest = invoke("releases", "--latest").stdout.splitlines()
    assert latest[-1] == (
        f"  failed       {site.url('/files/cirv-technical-report.pdf')}: HTTP 410 Gone"
    )
    shutil.copy(REPORTS / "tfei-key-findings.pdf", folder)
    check = invoke("check")
    assert check.exit_code == 0  # news, not a fault
    assert check.stdout.splitlines()[1:] == [
        "1 PDF not in the catalogue yet (evalcatalog ingest):",
        f"  {folder / 'tfei-key-findings.pdf'}",
    ]


def test_ingest_force_is_re_extracted_and_keeps_page_titles(site: Site, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    fetch_week_one(site, folder)
    result = invoke("ingest", "--force", "--jobs", "1", str(folder))
    assert result.stdout.splitlines()[0].endswith(
        "0 added, 0 updated, 0 unchanged, 0 duplicates, 0 missing, 0 failed, 4 re-extracted"
        + result.stdout.splitlines()[0][-8:]
    )
    [release] = json.loads(invoke("releases", "--latest", "--json").stdout)
    assert (release["kind"], release["source"]) == ("ingest", [str(folder)])
    assert {item["change"] for item in release["items"]} == {"re-extracted"}
    titles = json.loads(invoke("list", "--json").stdout)
    assert {(row["title"], row["title_source"]) for row in titles} == {
        ("DIVERT: Key findings and implications for practice", "release page"),
        ("DIVERT: Full technical report", "release page"),
        ("CIRV: Key findings and implications for practice", "release page"),
        ("CIRV: Full technical report", "release page"),
    }


def test_dry_run_on_a_catalogue_changes_nothing(
    site: Site, tmp_path: Path, isolated_catalog: Path
) -> None:
    folder = tmp_path / "reports"
    fetch_week_one(site, folder)
    site.publish_week(2)
    before = isolated_catalog.read_bytes()
    result = invoke("fetch", "--dry-run", site.url("/seminars"), "--into", str(folder))
    assert result.exit_code == 0, result.output
    statuses = [line.split()[0:2] for line in result.stdout.splitlines()[1:]]
    assert statuses == [["would", "check"]] * 4 + [["would", "fetch"]] * 6
    assert isolated_catalog.read_bytes() == before
    assert len(list(folder.iterdir())) == 4
