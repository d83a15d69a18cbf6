"""The third-party corpus (../shared/corpus, read in place) in one batch: every file is either
catalogued with the page count independent tools found, or rejected with a one-line reason;
none hangs the batch; duplicates are recognised; the catalogue passes its integrity check.

Expectations come from the corpus's manifest.tsv at test time: pdfinfo's page counts (poppler),
and pypdf's own readings (the pypdf_* columns, pypdf 7.1 with the crypto extra where it
matters) for which files pypdf can open at all.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import time
from collections import defaultdict
from pathlib import Path

import pytest
from catalog_state import integrity_problems, rows, snapshot
from conftest import CORPUS

from evalcatalog import Catalog, IngestOptions, IngestResult
from evalcatalog.extract.engines import DEFAULT_ENGINE, ENGINES
from evalcatalog.extract.titles import is_junk_title

MANIFEST = CORPUS / "manifest.tsv"
pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason=f"no corpus at {CORPUS}")

# Files pypdf reads where pdfinfo's page count is missing, and why the catalogue follows pypdf.
PAGE_COUNT_EXCEPTIONS = {
    "qpdf/qtest/empty.pdf": "pdfinfo refuses a zero-page file ('Invalid page count 0'); "
    "pypdf opens it and counts 0 pages, so it is catalogued with 0 pages",
}
# Files pdfinfo can read but pypdf cannot: the catalogue can only reject them, with pypdf's
# reason (poppler repairs more than pypdf does).
PDFINFO_ONLY = {
    "sample-files/017-unreadable-meta-data/unreadablemetadata.pdf": "broken /Pages tree",
    "pdfjs/PDFBOX-4352-0.pdf": "encryption dictionary pypdf cannot read",
    "pdfjs/Pages-tree-refs.pdf": "page tree with cyclic references",
    "qpdf/qtest/pages-loop.pdf": "page tree that loops",
    "qpdf/qtest/fuzz-16214.pdf": "abbreviated filter name /Fl, refused since pypdf 7",
    "pdfjs/issue19484_1.pdf": "damaged /Pages in an RC4-encrypted file",
}
# Where our one-line reason is not pypdf's error as the manifest recorded it.
REASON_EXCEPTIONS = {
    # 5 bytes and no header: the header check answers before pypdf is asked.
    "qpdf/qtest/bad1.pdf": "not a PDF: no %PDF- header in the first 1024 bytes",
}
# Where the creation date differs from pypdf's reading of it.
DATE_EXCEPTIONS = {
    # /CreationDate (D:20230410074654Z07'46'): Z says UTC; pypdf reads the offset after it.
    "sample-files/020-xmp/output_with_metadata_pymupdf.pdf": "2023-04-10T07:46:54+00:00",
}
REPAIRED = "damaged PDF, repaired ("

# The PDFium engine: the files it rejects, with its reasons. It reads every other file,
# every page of each (no page fails), with pdfinfo's page count but for PDFIUM_PAGE_COUNTS.
PDFIUM_FORMAT = "damaged PDF: Data format error (PDFium)"
PDFIUM_PASSWORD = "encrypted: a password is required"
PDFIUM_REJECTED = {
    "pdfjs/REDHAT-1531897-0.pdf": PDFIUM_FORMAT,
    "pdfjs/bug1020226.pdf": PDFIUM_FORMAT,
    "pdfjs/issue6010_1.pdf": PDFIUM_PASSWORD,
    "pypdf-resources/encrypted-file.pdf": PDFIUM_PASSWORD,
    "pypdf-resources/encryption/r2-user-password.pdf": PDFIUM_PASSWORD,
    # The owner password is empty; PDFium tries the empty string as the user password only.
    "pypdf-resources/encryption/r6-user-password.pdf": PDFIUM_PASSWORD,
    "qpdf/oss-fuzz/15316.fuzz.pdf": PDFIUM_FORMAT,
    # No %PDF- header: pypdf and pdfinfo search further for the objects, PDFium does not.
    "qpdf/oss-fuzz/23172.fuzz.pdf": PDFIUM_FORMAT,
    "qpdf/qtest/fuzz-16214.pdf": PDFIUM_FORMAT,
    "qpdf/qtest/bad1.pdf": "not a PDF: no %PDF- header in the first 1024 bytes",
    "qpdf/qtest/bad7.pdf": PDFIUM_FORMAT,
    "sample-files/005-libreoffice-writer-password/libreoffice-writer-password.pdf":
        PDFIUM_PASSWORD,
    "sample-files/017-unreadable-meta-data/unreadablemetadata.pdf": PDFIUM_FORMAT,
}  # fmt: skip
PDFIUM_PAGE_COUNTS = {
    "pdfjs/Pages-tree-refs.pdf": 1,  # a cyclic kid: the engine corrects /Count to the pages
    "pdfjs/issue19484_1.pdf": 0,  # its one page's /Pages is damaged: PDFium finds none
    "pdfjs/issue15590.pdf": 1,  # no startxref: pdfinfo gives up, PDFium and pypdf repair it
    "qpdf/qtest/empty.pdf": 0,  # as pypdf: pdfinfo refuses a file of no pages
}


def manifest() -> list[dict[str, str]]:
    with MANIFEST.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def readable(row: dict[str, str]) -> bool:
    """pypdf (with the crypto extra) opens the file and counts its pages."""
    return row["pypdf_status"] in ("ok", "extract-failed", "extract-partial") or row[
        "pypdf_with_crypto"
    ].startswith("ok ")


def read_by(engine: str) -> list[dict[str, str]]:
    """The manifest's rows for the files the engine reads."""
    if engine == "pypdf":
        return list(filter(readable, manifest()))
    return [row for row in manifest() if row["path"] not in PDFIUM_REJECTED]


def pypdf_pages(row: dict[str, str]) -> int:
    if row["pypdf_pages"]:
        return int(row["pypdf_pages"])
    match = re.match(r"ok pages=(\d+)", row["pypdf_with_crypto"])
    assert match, row["path"]
    return int(match[1])


def pypdf_reason(row: dict[str, str]) -> str:
    """The catalogue's one-line reason for pypdf's error on this file (with crypto if it
    changed the answer)."""
    crypto = re.match(r"(?:open|pages)-error: (\w+): (.*?)(?: decrypt_empty=.*)?$",
                      row["pypdf_with_crypto"])  # fmt: skip
    kind, detail = (crypto[1], crypto[2]) if crypto else row["pypdf_error"].split(": ", 1)
    if kind == "FileNotDecryptedError":
        return "encrypted: a password is required"
    if kind in ("PdfReadError", "PdfStreamError"):
        return f"damaged PDF: {detail}"
    return f"unreadable PDF: {kind}: {detail}"


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def run(
    engine: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> tuple[Path, IngestResult, float]:
    if engine == DEFAULT_ENGINE:  # the session's, which the structure tests read too
        shared: tuple[Path, IngestResult, float] = request.getfixturevalue("corpus_catalogue")
        return shared
    db = tmp_path_factory.mktemp(f"corpus-{engine}") / "corpus.db"
    started = time.monotonic()
    with Catalog(str(db)) as catalog:
        options = IngestOptions(jobs=2, timeout=60, engine=engine)
        result = catalog.ingest([str(CORPUS)], options)
    return db, result, time.monotonic() - started


@pytest.fixture(scope="module")
def by_path(run: tuple[Path, IngestResult, float]) -> dict[str, tuple[str, str | None]]:
    _, result, _ = run
    return {
        os.path.relpath(outcome.path, CORPUS): (outcome.status, outcome.error)
        for outcome in result.files
    }


@pytest.fixture(scope="module")
def stored(run: tuple[Path, IngestResult, float]) -> dict[str, dict[str, object]]:
    """The catalogued report behind each corpus path."""
    db = run[0]
    columns = ("id", "sha256", "page_count", "failed_pages", "title", "title_source",
               "encrypted", "created", "warnings")  # fmt: skip
    found = rows(db, f"select p.path, {', '.join('r.' + c for c in columns)} from report_paths p"
                     " join reports r on r.id = p.report_id")  # fmt: skip
    return {
        os.path.relpath(path, CORPUS): dict(zip(columns, values, strict=True))
        for path, *values in found
    }


def test_every_file_is_accounted_for_and_none_hangs(
    run: tuple[Path, IngestResult, float], by_path: dict[str, tuple[str, str | None]]
) -> None:
    _, result, seconds = run
    assert sorted(by_path) == sorted(row["path"] for row in manifest())
    assert {status for status, _ in by_path.values()} <= {"added", "duplicate", "failed"}
    assert [path for path, (_, error) in by_path.items() if "timed out" in (error or "")] == []
    assert seconds < 120
    assert len(result.files) == len(manifest())


def test_files_pypdf_reads_are_catalogued_with_pdfinfos_page_count(
    engine: str, by_path: dict[str, tuple[str, str | None]], stored: dict[str, dict[str, object]]
) -> None:
    if engine != "pypdf":
        pytest.skip("pypdf's readings; the PDFium engine's are PDFIUM_REJECTED")
    differs = {}
    for row in filter(readable, manifest()):
        path = row["path"]
        assert by_path[path][0] in ("added", "duplicate"), (path, by_path[path])
        assert stored[path]["page_count"] == pypdf_pages(row), path
        assert stored[path]["failed_pages"] == int(row["pypdf_pages_failed"] or 0), path
        assert stored[path]["sha256"] == row["sha256"], path
        if row["pdfinfo_pages"] != str(pypdf_pages(row)):
            differs[path] = (row["pdfinfo_pages"], pypdf_pages(row))
    assert sorted(differs) == sorted(PAGE_COUNT_EXCEPTIONS)
    assert differs == {"qpdf/qtest/empty.pdf": ("", 0)}


def test_files_pypdf_cannot_read_are_rejected_with_a_one_line_reason(
    engine: str, by_path: dict[str, tuple[str, str | None]], stored: dict[str, dict[str, object]]
) -> None:
    if engine != "pypdf":
        pytest.skip("pypdf's readings; the PDFium engine's are PDFIUM_REJECTED")
    unreadable = [row for row in manifest() if not readable(row)]
    assert len(unreadable) == 16
    pdfinfo_only = {row["path"] for row in unreadable if row["pdfinfo_pages"]}
    assert sorted(pdfinfo_only) == sorted(PDFINFO_ONLY)
    for row in unreadable:
        path = row["path"]
        status, reason = by_path[path]
        if status == "failed":
            assert reason is not None and "\n" not in reason, path
            expected = REASON_EXCEPTIONS.get(path, pypdf_reason(row))
            if row["pypdf_status"] == "open-error" and expected.startswith("damaged PDF: "):
                # pypdf could not even open it: ingest tries a repair first, and when that
                # fails too the reason may be the repaired reader's, so only its class is sure.
                assert reason.startswith("damaged PDF: "), (path, reason)
            else:
                assert reason == expected, path
        else:
            # A file repaired on the way in: catalogued, with the repair among its warnings,
            # and where pdfinfo counted its pages, that count.
            assert status == "added", (path, status)
            assert REPAIRED in str(stored[path]["warnings"]), path
            if row["pdfinfo_pages"]:
                assert stored[path]["page_count"] == int(row["pdfinfo_pages"]), path


def test_files_pdfium_reads_are_catalogued_whole_and_the_rest_rejected(
    engine: str, by_path: dict[str, tuple[str, str | None]], stored: dict[str, dict[str, object]]
) -> None:
    if engine != "pdfium":
        pytest.skip("the PDFium engine's readings")
    rejected = {path: error for path, (status, error) in by_path.items() if status == "failed"}
    assert rejected == PDFIUM_REJECTED
    for row in manifest():
        path = row["path"]
        if path in PDFIUM_REJECTED:
            continue
        assert by_path[path][0] in ("added", "duplicate"), (path, by_path[path])
        expected = PDFIUM_PAGE_COUNTS.get(path, int(row["pdfinfo_pages"] or -1))
        assert (stored[path]["page_count"], stored[path]["failed_pages"]) == (expected, 0), path
        assert stored[path]["sha256"] == row["sha256"], path


def test_failed_pages_carry_their_errors(
    engine: str, run: tuple[Path, IngestResult, float]
) -> None:
    if engine != "pypdf":
        pytest.skip("pypdf fails some pages; PDFium reads every page of the corpus")
    db = run[0]
    partial = {row["path"]: int(row["pypdf_pages_failed"]) for row in manifest()
               if row["pypdf_status"] in ("extract-failed", "extract-partial")}  # fmt: skip
    assert len(partial) == 5
    for path, failed in partial.items():
        errors = rows(db, "select page_no, error from pages where error is not null and"
                          " report_id = (select report_id from report_paths where path = ?)",
                      (str(CORPUS / path),))  # fmt: skip
        assert len(errors) == failed, path
        assert all(error.startswith(("damaged PDF: ", "unreadable PDF: ")) for _, error in errors)


def test_exact_duplicates_are_one_report_with_every_path(
    engine: str, by_path: dict[str, tuple[str, str | None]], stored: dict[str, dict[str, object]]
) -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for row in read_by(engine):
        groups[row["sha256"]].append(row["path"])
    twins = {sha: sorted(paths) for sha, paths in groups.items() if len(paths) > 1}
    flagged = {row["path"] for row in manifest() if "exact-duplicate" in row["categories"]}
    assert {path for paths in twins.values() for path in paths} == flagged
    assert len(twins) == 2
    for paths in twins.values():
        assert len({stored[path]["id"] for path in paths}) == 1
        statuses = sorted(by_path[path][0] for path in paths)
        assert statuses == ["added", "duplicate"]
    readable_paths = [row["path"] for row in read_by(engine)]
    assert len({stored[path]["id"] for path in readable_paths}) == len(groups)


def test_titles_encryption_and_dates_follow_the_files_metadata(
    engine: str, stored: dict[str, dict[str, object]]
) -> None:
    both = {row["path"] for row in read_by(engine)}  # the PDFium engine's metadata is pypdf's
    for row in [row for row in read_by("pypdf") if row["path"] in both]:
        report = stored[row["path"]]
        title = row["pypdf_title"]
        if title and not is_junk_title(title):
            assert (report["title"], report["title_source"]) == (title, "metadata"), row["path"]
        elif title:
            assert report["title_source"] != "metadata", row["path"]
        encrypted = row["pypdf_encrypted"] == "yes" or row["pdfinfo_encrypted"].startswith("yes")
        assert report["encrypted"] == int(encrypted), row["path"]
        date = row["pypdf_creation_date"]
        if row["path"] in DATE_EXCEPTIONS:
            assert report["created"] == DATE_EXCEPTIONS[row["path"]]
        elif date and not date.startswith("UNPARSED"):
            assert report["created"] == date.replace(" ", "T"), row["path"]
        elif date.startswith("UNPARSED"):  # an empty string, a boolean: no date
            assert report["created"] is None, row["path"]


def test_the_catalogue_is_consistent(run: tuple[Path, IngestResult, float]) -> None:
    db = run[0]
    assert rows(db, "pragma integrity_check") == [("ok",)]
    assert integrity_problems(db) == []


def test_a_second_run_reads_nothing_again(
    run: tuple[Path, IngestResult, float], tmp_path: Path
) -> None:
    first = run[1]
    db = tmp_path / "corpus.db"  # a copy: the first run's catalogue may be the session's
    shutil.copyfile(run[0], db)
    before = snapshot(db)
    started = time.monotonic()
    with Catalog(str(db)) as catalog:
        again = catalog.ingest([str(CORPUS)], IngestOptions(jobs=2))
    assert time.monotonic() - started < 10
    expected = {
        outcome.path: "failed" if outcome.status == "failed" else "unchanged"
        for outcome in first.files
    }
    assert {outcome.path: outcome.status for outcome in again.files} == expected
    assert snapshot(db) == before
