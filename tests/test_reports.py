"""The shipped reports/ catalogued: 19 reports, each with the page count its README gives, a good
display title whatever its metadata, its metadata as written, and its text on every page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from catalog_state import integrity_problems, rows
from conftest import REPORTS

from evalcatalog import Catalog, IngestOptions, IngestResult
from evalcatalog.extract.titles import is_junk_title

NAMES = {
    "cirv": "CIRV", "divert": "DIVERT", "fsps": "FSPs", "hhpu": "HHPU", "op-divan": "Op Divan",
    "op-met-divan": "Op Met Divan", "sara-sam": "SARA/SAM", "taws": "TAWs", "tfei": "TFEI",
}  # fmt: skip
DISCLAIMER = "Synthetic stand-in: this text was generated for software testing"


def readme_table() -> dict[str, dict[str, str]]:
    """reports/README.md's table: file name -> {type, pages, metadata}."""
    table = {}
    for line in (REPORTS / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].startswith("`"):
            kind = cells[6].split()[0]
            table[cells[0].strip("`")] = {"type": cells[1], "pages": cells[5], "metadata": kind}
    return table


def expected_title(file_name: str, kind: str) -> str:
    if kind == "Exploratory analysis":
        return "Op Met Divan: On the edges of knife crime"
    stem = file_name.removesuffix("-key-findings.pdf").removesuffix("-technical-report.pdf")
    what = (
        "Key findings and implications for practice"
        if "key" in file_name
        else "Full technical report"
    )
    return f"{NAMES[stem]}: {what}"


@pytest.fixture(scope="module")
def catalogued(
    shipped_ingest: tuple[Path, IngestResult], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, IngestResult]:
    """The session's ingest of reports/ (conftest): a copy of its catalogue, and its result."""
    if len(list(REPORTS.glob("*.pdf"))) != 19:
        pytest.skip("reports/ does not hold the 19 PDFs yet")
    db = tmp_path_factory.mktemp("reports") / "catalog.db"
    shutil.copyfile(shipped_ingest[0], db)
    return db, shipped_ingest[1]


def test_all_nineteen_are_added_and_none_fails(catalogued: tuple[Path, IngestResult]) -> None:
    db, result = catalogued
    summary = result.to_dict()
    assert (summary["added"], summary["failed"], summary["duplicates"]) == (19, 0, 0)
    assert sorted(Path(outcome.path).name for outcome in result.files) == sorted(readme_table())
    assert integrity_problems(db) == []


def test_page_counts_and_shapes_match_the_readme(catalogued: tuple[Path, IngestResult]) -> None:
    db, _ = catalogued
    stored = dict(rows(db, "select file_name, page_count from reports"))
    table = readme_table()
    assert stored == {name: int(entry["pages"]) for name, entry in table.items()}
    for name, entry in table.items():
        if entry["type"] == "Key findings summary":
            assert 4 <= stored[name] <= 8, name
        elif entry["type"] == "Full technical report":
            assert 25 <= stored[name] <= 80, name


def test_every_report_gets_a_good_title_whatever_its_metadata(
    catalogued: tuple[Path, IngestResult],
) -> None:
    db, _ = catalogued
    table = readme_table()
    for name, title, source, meta_title in rows(
        db, "select file_name, title, title_source, meta_title from reports"
    ):
        kind = table[name]["metadata"]
        assert not is_junk_title(title), name
        assert title.startswith(expected_title(name, table[name]["type"])), (name, title)
        if kind in ("proper", "xmp"):
            assert (source, meta_title) == ("metadata", title), name
        elif kind == "word-export":
            assert source == "heading", name
            assert meta_title.startswith("Microsoft Word - ") and meta_title.endswith(".docx")
        else:
            assert (source, meta_title) == ("heading", None), name


def test_metadata_as_written(catalogued: tuple[Path, IngestResult]) -> None:
    db, _ = catalogued
    table = readme_table()
    for name, author, created, source, date_source in rows(
        db, "select file_name, author, created, metadata_source, date_source from reports"
    ):
        kind = table[name]["metadata"]
        if kind == "proper":
            assert author == "College of Policing", name
            assert re.fullmatch(r"2021-07-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", created), name
        elif kind == "word-export":
            assert author, name
            assert re.fullmatch(r"2021-0[67]-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", created), name
        elif kind == "xmp":
            assert author and created and created.startswith("2021-07-"), name
        else:  # no metadata at all: the date comes from the cover ("July 2021")
            assert (author, created, date_source) == (None, "2021-07", "text"), name
            assert source in (None, "info"), name


def test_text_on_every_page_and_the_disclaimer_on_the_cover(
    catalogued: tuple[Path, IngestResult],
) -> None:
    db, _ = catalogued
    assert rows(db, "select count(*) from pages where error is not null or text = ''") == [(0,)]
    assert rows(db, "select sum(failed_pages) from reports") == [(0,)]
    covers = rows(db, "select page_text(text) from pages where page_no = 1")
    assert len(covers) == 19
    assert all(DISCLAIMER in " ".join(text.split()) for (text,) in covers)


def test_a_second_run_is_all_unchanged(catalogued: tuple[Path, IngestResult]) -> None:
    db, _ = catalogued
    with Catalog(str(db)) as catalog:
        again = catalog.ingest([str(REPORTS)], IngestOptions(jobs=2))
    assert again.to_dict()["unchanged"] == 19
    assert {outcome.status for outcome in again.files} == {"unchanged"}
