"""ingest.py through the library (Catalog.ingest): what is stored for each report, and the
added / updated / unchanged / duplicate / missing / failed life of files across runs."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from catalog_state import integrity_problems, rows, snapshot
from pdfs import Encryption, make_heavy_pdf, make_pdf, virtual_memory_mb

from evalcatalog import Catalog, IngestOptions, IngestResult
from evalcatalog.errors import UsageError
from evalcatalog.ingest.discover import INSIDE
from evalcatalog.store.page_text import register

HTML = "not a PDF: an HTML page (was it downloaded correctly?)"
COUNT_KEYS = ("added", "updated", "unchanged", "duplicates", "missing", "failed", "skipped")
ORIGINALS = ("alpha.pdf", "bravo.pdf", "charlie-summary.pdf")


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sources")
    make_pdf(
        folder / "alpha.pdf",
        ["apple avocado", "apricot almond"],
        title="Alpha evaluation",
        author="College of Policing",
        created=datetime(2021, 7, 7, 9, 30),
        metadata={"/Subject": "Fruit", "/Keywords": "a, b", "/Producer": "Acrobat"},
    )
    make_pdf(
        folder / "bravo.pdf",
        ["banana bread"],
        heading="Bravo heading",
        title="Microsoft Word - bravo_v3.docx",
    )
    make_pdf(folder / "charlie-summary.pdf", ["cherry one", "cherry two", "cherry three"])
    make_pdf(
        folder / "spare" / "alpha-v2.pdf",
        ["apple changed", "apricot changed", "third page now"],
        title="Alpha evaluation, revised",
    )
    make_pdf(folder / "spare" / "delta.pdf", ["date words"], title="Delta evaluation")
    return folder


@pytest.fixture
def reports(sources: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ORIGINALS:
        shutil.copy2(sources / name, folder / name)
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "catalog.db"


def ingest(db: Path, *paths: Path, **options: Any) -> IngestResult:
    options.setdefault("jobs", 1)
    with Catalog(str(db)) as catalog:
        return catalog.ingest([str(path) for path in paths], IngestOptions(**options))


def outcomes(result: IngestResult, root: Path) -> dict[str, tuple[str, str | None]]:
    """{path relative to root: (status, error)}"""
    return {
        os.path.relpath(outcome.path, root): (outcome.status, outcome.error)
        for outcome in result.files
    }


def counts(result: IngestResult) -> dict[str, int]:
    summary = result.to_dict()
    return {key: summary[key] for key in COUNT_KEYS if summary[key]}


def report_id(db: Path, path: Path) -> int:
    found = rows(db, "select report_id from report_paths where path = ?", (str(path),))
    assert len(found) == 1, f"{path} is not catalogued"
    return int(found[0][0])


def pages(db: Path, path: Path) -> list[tuple[int, str]]:
    return rows(
        db,
        "select page_no, page_text(text) from pages where report_id = ? order by page_no",
        (report_id(db, path),),
    )


def replace_keeping_size_and_mtime(path: Path, content: bytes) -> None:
    before = path.stat()
    assert len(content) == before.st_size
    path.write_bytes(content)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def rewrite(path: Path, source: Path) -> None:
    """New content at an old path, with a modified time that surely differs."""
    shutil.copyfile(source, path)
    later = path.stat().st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(later, later))


# --- what is stored ---------------------------------------------------------------------


def test_first_ingest_stores_every_report_with_its_fields(reports: Path, db: Path) -> None:
    result = ingest(db, reports)
    assert outcomes(result, reports) == {name: ("added", None) for name in ORIGINALS}
    assert counts(result) == {"added": 3}
    alpha = reports / "alpha.pdf"
    stat = alpha.stat()
    columns = (
        "sha256, title, title_source, file_name, size_bytes, mtime, page_count, word_count,"
        " pdf_version, encrypted, meta_title, author, subject, keywords, creator, producer,"
        " created, modified, metadata_source, failed_pages, warnings"
    )
    (stored,) = rows(db, f"select {columns} from reports where title = 'Alpha evaluation'")
    assert stored == (
        hashlib.sha256(alpha.read_bytes()).hexdigest(),
        "Alpha evaluation",
        "metadata",
        "alpha.pdf",
        stat.st_size,
        datetime.fromtimestamp(stat.st_mtime_ns // 10**9, UTC).isoformat(),
        2,
        4,
        "1.3",
        0,
        "Alpha evaluation",
        "College of Policing",
        "Fruit",
        "a, b",
        None,
        "Acrobat",
        "2021-07-07T09:30:00+00:00",
        None,
        "info",
        0,
        None,
    )
    assert pages(db, alpha) == [(1, "apple avocado"), (2, "apricot almond")]
    assert rows(db, "select path, size_bytes, mtime_ns, missing_since from report_paths"
                " where path = ?", (str(alpha),)) == [
        (str(alpha), stat.st_size, stat.st_mtime_ns, None)
    ]  # fmt: skip


def test_display_titles_and_their_sources(reports: Path, db: Path) -> None:
    ingest(db, reports)
    assert sorted(rows(db, "select file_name, title, title_source, meta_title from reports")) == [
        ("alpha.pdf", "Alpha evaluation", "metadata", "Alpha evaluation"),
        ("bravo.pdf", "Bravo heading", "heading", "Microsoft Word - bravo_v3.docx"),
        ("charlie-summary.pdf", "Charlie summary", "file name", None),
    ]


def test_outcomes_carry_the_report_ids(reports: Path, db: Path) -> None:
    result = ingest(db, reports)
    for outcome in result.files:
        assert outcome.report_id == report_id(db, Path(outcome.path))


def test_the_run_is_recorded(reports: Path, db: Path) -> None:
    ingest(db, reports)
    (run,) = rows(db, "select roots, status, summary, finished_at is not null from ingest_runs")
    roots, status, summary, finished = run
    assert (roots, status, finished) == (f'["{reports}"]', "done", 1)
    assert summary.startswith('{"added": 3, "updated": 0, "unchanged": 0, "duplicates": 0,')


def test_every_path_of_a_report_and_the_library_view(reports: Path, db: Path) -> None:
    (reports / "copies").mkdir()
    shutil.copy2(reports / "alpha.pdf", reports / "copies" / "alpha copy.pdf")
    ingest(db, reports)
    with Catalog(str(db)) as catalog:
        listed = {report.title: report for report in catalog.reports()}
    assert sorted(listed) == ["Alpha evaluation", "Bravo heading", "Charlie summary"]
    assert listed["Alpha evaluation"].paths == [
        str(reports / "alpha.pdf"),
        str(reports / "copies" / "alpha copy.pdf"),
    ]
    assert listed["Bravo heading"].paths == [str(reports / "bravo.pdf")]


def test_a_path_that_is_not_utf8(reports: Path, db: Path, sources: Path) -> None:
    odd = os.path.join(os.fsencode(reports), b"caf\xe9.pdf")
    shutil.copy2(os.fsencode(sources / "spare" / "delta.pdf"), odd)
    result = ingest(db, reports)
    shown = str(reports / "caf\\xe9.pdf")
    assert (shown, "added") in [(outcome.path, outcome.status) for outcome in result.files]
    assert rows(db, "select path_key from report_paths where path = ?", (shown,)) == [(odd,)]
    assert counts(ingest(db, reports)) == {"unchanged": 4}


# --- incremental runs ------------------------------------------------------------------


def test_a_second_run_finds_everything_unchanged(reports: Path, db: Path) -> None:
    ingest(db, reports)
    before = snapshot(db)
    result = ingest(db, reports)
    assert outcomes(result, reports) == {name: ("unchanged", None) for name in ORIGINALS}
    assert counts(result) == {"unchanged": 3}
    assert snapshot(db) == before


def test_an_unchanged_file_costs_a_stat_not_a_read(reports: Path, db: Path) -> None:
    """Same path, size and mtime: the file is not read at all, not even hashed. Replacing its
    bytes while keeping both shows it: the catalogue keeps the old content."""
    ingest(db, reports)
    alpha = reports / "alpha.pdf"
    before = snapshot(db)
    replace_keeping_size_and_mtime(alpha, b"\0" * alpha.stat().st_size)
    result = ingest(db, reports)
    assert outcomes(result, reports)["alpha.pdf"] == ("unchanged", None)
    assert snapshot(db) == before
    # Touch it, and it is read: its content is no longer a PDF.
    os.utime(alpha, ns=(alpha.stat().st_atime_ns, alpha.stat().st_mtime_ns + 10**9))
    reason = "not a PDF: no %PDF- header in the first 1024 bytes"
    assert outcomes(ingest(db, reports), reports)["alpha.pdf"] == ("failed", reason)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unchanged_unreadable_file_is_still_unchanged(reports: Path, db: Path) -> None:
    ingest(db, reports)
    alpha = reports / "alpha.pdf"
    alpha.chmod(0)
    try:
        assert outcomes(ingest(db, reports), reports)["alpha.pdf"] == ("unchanged", None)
    finally:
        alpha.chmod(0o644)


def test_a_touched_but_identical_file_is_unchanged(reports: Path, db: Path) -> None:
    ingest(db, reports)
    alpha = reports / "alpha.pdf"
    later = alpha.stat().st_mtime_ns + 10**9
    os.utime(alpha, ns=(later, later))
    assert outcomes(ingest(db, reports), reports)["alpha.pdf"] == ("unchanged", None)
    (stored,) = rows(db, "select mtime_ns from report_paths where path = ?", (str(alpha),))
    assert stored == (later,)
    assert rows(db, "select count(*) from report_versions") == [(0,)]


def test_a_changed_file_updates_its_report_and_keeps_the_earlier_version(
    reports: Path, db: Path, sources: Path
) -> None:
    ingest(db, reports)
    alpha = reports / "alpha.pdf"
    old_id, old_sha = report_id(db, alpha), hashlib.sha256(alpha.read_bytes()).hexdigest()
    old_size = alpha.stat().st_size
    (ingested_at,) = rows(db, "select ingested_at from reports where id = ?", (old_id,))
    rewrite(alpha, sources / "spare" / "alpha-v2.pdf")
    result = ingest(db, reports)
    assert outcomes(result, reports)["alpha.pdf"] == ("updated", None)
    assert counts(result) == {"updated": 1, "unchanged": 2}
    assert report_id(db, alpha) == old_id
    assert pages(db, alpha) == [(1, "apple changed"), (2, "apricot changed"), (3, "third page now")]
    assert rows(db, "select sha256, title, page_count, ingested_at from reports where id = ?",
                (old_id,)) == [(hashlib.sha256(alpha.read_bytes()).hexdigest(),
                                "Alpha evaluation, revised", 3, ingested_at[0])]  # fmt: skip
    versions = "select report_id, sha256, size_bytes, page_count, title, ingested_at"
    assert rows(db, f"{versions} from report_versions") == [
        (old_id, old_sha, old_size, 2, "Alpha evaluation", ingested_at[0])
    ]
    assert rows(db, "select count(*) from reports") == [(3,)]


def test_the_same_content_at_a_second_path_is_one_report_with_two_paths(
    reports: Path, db: Path
) -> None:
    (reports / "copies").mkdir()
    shutil.copy2(reports / "alpha.pdf", reports / "copies" / "alpha.pdf")
    result = ingest(db, reports)
    alpha_id = report_id(db, reports / "alpha.pdf")
    assert outcomes(result, reports)["copies/alpha.pdf"] == ("duplicate", None)
    assert counts(result) == {"added": 3, "duplicates": 1}
    assert report_id(db, reports / "copies" / "alpha.pdf") == alpha_id
    assert rows(db, "select count(*) from reports") == [(3,)]
    # And a copy that appears in a later run.
    shutil.copy2(reports / "alpha.pdf", reports / "later.pdf")
    result = ingest(db, reports)
    assert outcomes(result, reports)["later.pdf"] == ("duplicate", None)
    assert [o.report_id for o in result.files if o.path.endswith("later.pdf")] == [alpha_id]
    assert counts(result) == {"unchanged": 4, "duplicates": 1}
    assert rows(db, "select count(*) from report_paths where report_id = ?", (alpha_id,)) == [(3,)]


def test_a_changed_file_that_now_matches_another_report_becomes_its_duplicate(
    reports: Path, db: Path
) -> None:
    ingest(db, reports)
    bravo_id = report_id(db, reports / "bravo.pdf")
    rewrite(reports / "charlie-summary.pdf", reports / "bravo.pdf")
    result = ingest(db, reports)
    assert outcomes(result, reports)["charlie-summary.pdf"] == ("duplicate", None)
    assert report_id(db, reports / "charlie-summary.pdf") == bravo_id
    assert sorted(rows(db, "select title from reports")) == [
        ("Alpha evaluation",), ("Bravo heading",)
    ]  # fmt: skip
    assert integrity_problems(db) == []


def test_a_file_gone_is_missing_and_removed_only_with_prune(reports: Path, db: Path) -> None:
    ingest(db, reports)
    charlie = reports / "charlie-summary.pdf"
    charlie_id = report_id(db, charlie)
    charlie.unlink()
    result = ingest(db, reports)
    assert outcomes(result, reports)["charlie-summary.pdf"] == ("missing", None)
    assert [o.report_id for o in result.files if o.status == "missing"] == [charlie_id]
    assert counts(result) == {"unchanged": 2, "missing": 1}
    assert rows(db, "select missing_since is not null from report_paths where report_id = ?",
                (charlie_id,)) == [(1,)]  # fmt: skip
    assert rows(db, "select count(*) from pages where report_id = ?", (charlie_id,)) == [(3,)]
    # Still missing next time, still kept.
    assert counts(ingest(db, reports)) == {"unchanged": 2, "missing": 1}
    # --prune removes it: the path, the report and its pages.
    result = ingest(db, reports, prune=True)
    assert counts(result) == {"unchanged": 2, "missing": 1}
    assert result.pruned == 1
    assert rows(db, "select count(*) from reports where id = ?", (charlie_id,)) == [(0,)]
    assert rows(db, "select count(*) from pages where report_id = ?", (charlie_id,)) == [(0,)]
    assert counts(ingest(db, reports, prune=True)) == {"unchanged": 2}
    assert integrity_problems(db) == []


def test_a_missing_file_that_comes_back_is_unchanged(reports: Path, db: Path) -> None:
    ingest(db, reports)
    charlie = reports / "charlie-summary.pdf"
    hidden = reports.parent / "charlie-summary.pdf"
    charlie.rename(hidden)
    assert counts(ingest(db, reports)) == {"unchanged": 2, "missing": 1}
    hidden.rename(charlie)
    assert counts(ingest(db, reports)) == {"unchanged": 3}
    assert rows(db, "select count(*) from report_paths where missing_since is not null") == [(0,)]


def test_pruning_one_path_of_a_duplicate_keeps_the_report(reports: Path, db: Path) -> None:
    shutil.copy2(reports / "alpha.pdf", reports / "alpha-copy.pdf")
    ingest(db, reports)
    alpha_id = report_id(db, reports / "alpha.pdf")
    (reports / "alpha.pdf").unlink()
    result = ingest(db, reports, prune=True)
    assert outcomes(result, reports)["alpha.pdf"] == ("missing", None)
    assert rows(db, "select path from report_paths where report_id = ?", (alpha_id,)) == [
        (str(reports / "alpha-copy.pdf"),)
    ]
    assert rows(db, "select count(*) from pages where report_id = ?", (alpha_id,)) == [(2,)]


def test_missing_is_judged_only_inside_the_paths_given(reports: Path, db: Path) -> None:
    (reports / "sub").mkdir()
    shutil.copy2(reports / "alpha.pdf", reports / "sub" / "inner.pdf")
    ingest(db, reports)
    result = ingest(db, reports / "sub")
    assert outcomes(result, reports) == {"sub/inner.pdf": ("unchanged", None)}
    result = ingest(db, reports / "bravo.pdf")
    assert outcomes(result, reports) == {"bravo.pdf": ("unchanged", None)}


def test_force_re_extracts_every_file(reports: Path, db: Path) -> None:
    ingest(db, reports)
    before = snapshot(db)
    ids = {name: report_id(db, reports / name) for name in ORIGINALS}
    with sqlite3.connect(db) as conn:  # spoil the stored text: only a re-read puts it back
        register(conn)  # the index's triggers read the old text through page_body()
        conn.execute("update pages set text = 'spoilt'")
    assert counts(ingest(db, reports)) == {"unchanged": 3}
    assert {text for _, text in pages(db, reports / "alpha.pdf")} == {"spoilt"}
    result = ingest(db, reports, force=True)
    assert outcomes(result, reports) == {name: ("re-extracted", None) for name in ORIGINALS}
    assert {name: report_id(db, reports / name) for name in ORIGINALS} == ids
    assert snapshot(db) == before
    assert rows(db, "select count(*) from report_versions") == [(0,)]


# --- dry run ---------------------------------------------------------------------------


def test_dry_run_on_a_new_catalogue_creates_nothing(reports: Path, db: Path) -> None:
    result = ingest(db, reports, dry_run=True)
    assert result.dry_run is True
    assert outcomes(result, reports) == {name: ("added", None) for name in ORIGINALS}
    assert sorted(os.listdir(db.parent)) == ["reports"]


def test_dry_run_does_not_upgrade_an_older_catalogue(reports: Path, db: Path) -> None:
    """A catalogue from an earlier version is planned against in memory, not migrated."""
    from sqlite_utils import Database

    from evalcatalog.store.migrations import migrations

    with sqlite3.connect(db, isolation_level=None) as conn:
        migrations.apply(Database(conn), stop_before="m003_tags")
    before = db.read_bytes()
    result = ingest(db, reports, dry_run=True)
    assert outcomes(result, reports) == {name: ("added", None) for name in ORIGINALS}
    assert db.read_bytes() == before
    assert counts(ingest(db, reports))["added"] == len(ORIGINALS)  # the real run upgrades


def test_dry_run_says_what_would_happen_and_writes_nothing(
    reports: Path, db: Path, sources: Path
) -> None:
    ingest(db, reports)
    shutil.copy2(sources / "spare" / "delta.pdf", reports / "delta.pdf")
    shutil.copy2(reports / "bravo.pdf", reports / "bravo-copy.pdf")
    rewrite(reports / "alpha.pdf", sources / "spare" / "alpha-v2.pdf")
    (reports / "charlie-summary.pdf").unlink()
    (reports / "broken.pdf").write_bytes(b"<html>not found</html>")
    before = db.read_bytes()
    listing = sorted(os.listdir(db.parent))
    for options in ({}, {"prune": True}, {"force": True}, {"retry_failed": True}):
        result = ingest(db, reports, dry_run=True, **options)
        assert db.read_bytes() == before
        assert sorted(os.listdir(db.parent)) == listing
    result = ingest(db, reports, dry_run=True, prune=True)
    assert outcomes(result, reports) == {
        "alpha.pdf": ("updated", None),
        "bravo.pdf": ("unchanged", None),
        "bravo-copy.pdf": ("duplicate", None),
        "delta.pdf": ("added", None),
        "broken.pdf": ("added", None),  # a dry run does not parse, so cannot know yet
        "charlie-summary.pdf": ("missing", None),
    }
    assert result.pruned == 0
    # The real run then does what the dry run said (and finds out about broken.pdf).
    real = ingest(db, reports, prune=True)
    assert counts(real) == {
        "added": 1, "updated": 1, "unchanged": 1, "duplicates": 1, "missing": 1, "failed": 1
    }  # fmt: skip


# --- failures ----------------------------------------------------------------------------


def test_a_failed_file_is_stored_with_its_reason_and_not_retried_by_default(
    reports: Path, db: Path, sources: Path
) -> None:
    """The file is made readable (same size, same mtime) after it failed: only
    --retry-failed reads it again."""
    broken = reports / "delta.pdf"
    good = (sources / "spare" / "delta.pdf").read_bytes()
    junk = b"<html>" + b"x" * (len(good) - 13) + b"</html>"
    broken.write_bytes(junk)
    reason = "not a PDF: an HTML page (was it downloaded correctly?)"
    result = ingest(db, reports)
    assert outcomes(result, reports)["delta.pdf"] == ("failed", reason)
    assert counts(result) == {"added": 3, "failed": 1}
    stat = broken.stat()
    failure = "select path, size_bytes, mtime_ns, sha256, reason, attempts from failures"
    assert rows(db, failure) == [
        (str(broken), stat.st_size, stat.st_mtime_ns, hashlib.sha256(junk).hexdigest(), reason, 1)
    ]
    replace_keeping_size_and_mtime(broken, good)
    result = ingest(db, reports)
    assert outcomes(result, reports)["delta.pdf"] == ("failed", reason)
    assert rows(db, "select attempts from failures") == [(1,)]
    result = ingest(db, reports, retry_failed=True)
    assert outcomes(result, reports)["delta.pdf"] == ("added", None)
    assert counts(result) == {"added": 1, "unchanged": 3}
    assert rows(db, "select count(*) from failures") == [(0,)]
    assert pages(db, broken) == [(1, "date words")]


def test_retry_failed_counts_attempts(reports: Path, db: Path) -> None:
    (reports / "empty.pdf").write_bytes(b"")
    ingest(db, reports)
    ingest(db, reports, retry_failed=True)
    result = ingest(db, reports, retry_failed=True)
    assert outcomes(result, reports)["empty.pdf"] == ("failed", "not a PDF: the file is empty")
    assert rows(db, "select reason, attempts from failures") == [
        ("not a PDF: the file is empty", 3)
    ]


def test_a_failed_file_gone_is_missing_and_forgotten_with_prune(reports: Path, db: Path) -> None:
    broken = reports / "broken.pdf"
    broken.write_bytes(b"")
    ingest(db, reports)
    broken.unlink()
    result = ingest(db, reports)
    assert outcomes(result, reports)["broken.pdf"] == ("missing", None)
    assert counts(result) == {"unchanged": 3, "missing": 1}
    assert rows(db, "select path from failures") == [(str(broken),)]
    assert ingest(db, reports, prune=True, dry_run=True).pruned == 0
    assert rows(db, "select count(*) from failures") == [(1,)]
    result = ingest(db, reports, prune=True)
    assert (counts(result), result.pruned) == ({"unchanged": 3, "missing": 1}, 1)
    assert rows(db, "select count(*) from failures") == [(0,)]
    assert counts(ingest(db, reports)) == {"unchanged": 3}


def test_a_failed_file_that_changes_is_read_again(reports: Path, db: Path, sources: Path) -> None:
    broken = reports / "delta.pdf"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert outcomes(ingest(db, reports), reports)["delta.pdf"] == (
        "failed", "not a PDF: a PNG image"
    )  # fmt: skip
    rewrite(broken, sources / "spare" / "delta.pdf")
    assert outcomes(ingest(db, reports), reports)["delta.pdf"] == ("added", None)
    assert rows(db, "select count(*) from failures") == [(0,)]


PATCHY_PAGE_TWO = {
    "pypdf": ("damaged PDF: Invalid hexadecimal character in ASCIIHexDecode stream: "
              "Non-hexadecimal digit found"),
    "pdfium": None,  # PDFium decodes the hex digits up to the bad one: an empty page, no error
}  # fmt: skip


@pytest.mark.parametrize("engine", ["pypdf", "pdfium"])
def test_a_page_that_fails_alone_keeps_the_report(reports: Path, db: Path, engine: str) -> None:
    make_pdf(reports / "patchy.pdf", ["page one", "page two", "page three"], broken_pages=[2])
    assert outcomes(ingest(db, reports, engine=engine), reports)["patchy.pdf"] == ("added", None)
    sql = "select page_no, page_text(text), error from pages where report_id = ? order by page_no"
    assert rows(db, sql, (report_id(db, reports / "patchy.pdf"),)) == [
        (1, "page one", None),
        (2, "", PATCHY_PAGE_TWO[engine]),
        (3, "page three", None),
    ]  # fmt: skip
    assert rows(db, "select page_count, failed_pages from reports where file_name = ?",
                ("patchy.pdf",)) == [(3, int(engine == "pypdf"))]  # fmt: skip


# --- isolation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not a PDF: the file is empty"),
        (b"<!doctype html>\n<title>404</title>", HTML),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not a PDF: a PNG image"),
        (b"\x1f\x8b\x08\0\0\0\0\0", "not a PDF: gzip-compressed data (decompress it first)"),
    ],
)  # fmt: skip
def test_files_that_are_not_pdfs_fail_with_a_reason_and_the_batch_goes_on(
    reports: Path, db: Path, content: bytes, reason: str
) -> None:
    (reports / "bad.pdf").write_bytes(content)
    result = ingest(db, reports)
    assert outcomes(result, reports)["bad.pdf"] == ("failed", reason)
    assert counts(result) == {"added": 3, "failed": 1}
    assert rows(db, "select reason from failures") == [(reason,)]


def test_a_cut_off_pdf_fails_as_damaged_and_the_batch_goes_on(reports: Path, db: Path) -> None:
    data = (reports / "alpha.pdf").read_bytes()
    (reports / "cut.pdf").write_bytes(data[: len(data) // 3])
    result = ingest(db, reports)
    status, reason = outcomes(result, reports)["cut.pdf"]
    assert status == "failed"
    assert reason is not None and reason.startswith("damaged PDF: ")  # the detail is pypdf's
    assert counts(result) == {"added": 3, "failed": 1}


def test_an_encrypted_file_needing_a_password_fails_with_that_reason(
    reports: Path, db: Path
) -> None:
    make_pdf(reports / "locked.pdf", ["secret"], encrypt=Encryption("AES-256", "pw"))
    make_pdf(reports / "open.pdf", ["readable"], title="Open", encrypt=Encryption("RC4-128"))
    result = ingest(db, reports)
    assert outcomes(result, reports)["locked.pdf"] == (
        "failed", "encrypted: a password is required"
    )  # fmt: skip
    assert outcomes(result, reports)["open.pdf"] == ("added", None)
    assert rows(db, "select encrypted, title from reports where file_name = 'open.pdf'") == [
        (1, "Open")
    ]


def test_a_file_over_the_time_limit_fails_and_the_batch_goes_on(reports: Path, db: Path) -> None:
    make_heavy_pdf(reports / "huge.pdf", page_count=400, words_per_page=5000)
    result = ingest(db, reports, timeout=0.5, jobs=2)
    assert outcomes(result, reports)["huge.pdf"] == ("failed", "timed out after 0.5 s")
    assert counts(result) == {"added": 3, "failed": 1}
    assert rows(db, "select reason from failures") == [("timed out after 0.5 s",)]


@pytest.mark.parametrize("engine", ["pypdf", "pdfium"])
def test_a_file_over_the_memory_limit_fails_and_the_batch_goes_on(
    reports: Path, db: Path, engine: str
) -> None:
    # A decompression bomb: 70 MB of page content (under pypdf's own 75 MB cap) in 100 KB.
    make_heavy_pdf(reports / "greedy.pdf", page_count=1, words_per_page=7_000_000)
    limit = virtual_memory_mb() + 60
    result = ingest(db, reports, memory_mb=limit, engine=engine)
    reason = {  # PDFium aborts when an allocation fails: the worker's death is the reason
        "pypdf": f"too large: exceeded the memory limit of {limit} MB",
        "pdfium": f"the PDF reader crashed (SIGABRT), probably out of memory: the limit is "
                  f"{limit} MB (--memory-limit)",
    }[engine]  # fmt: skip
    assert outcomes(result, reports)["greedy.pdf"] == ("failed", reason)
    assert counts(result) == {"added": 3, "failed": 1}


@pytest.mark.timeout(30)
def test_a_fifo_named_like_a_pdf_does_not_block(reports: Path, db: Path) -> None:
    os.mkfifo(reports / "x.pdf")
    result = ingest(db, reports)
    assert outcomes(result, reports)["x.pdf"] == ("skipped", "not a regular file")
    assert counts(result) == {"added": 3, "skipped": 1}
    result = ingest(db, reports / "x.pdf")
    assert outcomes(result, reports) == {"x.pdf": ("skipped", "not a regular file")}


def test_symlinks_out_of_the_folder_are_skipped_unless_followed(
    reports: Path, db: Path, sources: Path
) -> None:
    (reports / "outside.pdf").symlink_to(sources / "spare" / "delta.pdf")
    (reports / "elsewhere").symlink_to(sources / "spare", target_is_directory=True)
    (reports / "inside.pdf").symlink_to(reports / "bravo.pdf")
    (reports / "dangling.pdf").symlink_to(reports / "nowhere.pdf")
    result = ingest(db, reports)
    outside = "symlink leads outside the given folders (use --follow-symlinks)"
    assert outcomes(result, reports) == {
        **{name: ("added", None) for name in ORIGINALS},
        "outside.pdf": ("skipped", outside),
        "elsewhere": ("skipped", outside),
        "inside.pdf": ("skipped", INSIDE),  # bravo.pdf is taken under its own path
        "dangling.pdf": ("skipped", "broken symlink or symlink loop"),
    }
    result = ingest(db, reports, follow_symlinks=True)
    followed = outcomes(result, reports)
    assert "inside.pdf" not in followed  # a file reached twice is taken once, as bravo.pdf
    assert followed["outside.pdf"] == ("added", None)
    assert "elsewhere/delta.pdf" not in followed  # the same file as outside.pdf: taken once
    assert followed["elsewhere/alpha-v2.pdf"] == ("added", None)


def test_a_path_that_does_not_exist_is_a_usage_error(reports: Path, db: Path) -> None:
    with pytest.raises(UsageError) as caught:
        ingest(db, reports / "nope")
    assert str(caught.value) == f"path not found: {reports / 'nope'}: check the spelling"
    assert not db.exists()


# --- parallel ----------------------------------------------------------------------------


def test_jobs_in_parallel_give_the_same_catalogue_as_one(tmp_path: Path, sources: Path) -> None:
    folder = tmp_path / "many"
    for number in range(12):
        make_pdf(
            folder / f"report-{number:02}.pdf",
            [f"report {number} page {page}" for page in range(1, 2 + number % 4)],
            title=f"Report {number}" if number % 3 else None,
            heading=f"Heading {number}" if number % 2 else None,
        )
    shutil.copy2(folder / "report-03.pdf", folder / "copy-of-03.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 and nothing else")
    make_pdf(folder / "patchy.pdf", ["one", "two"], broken_pages=[1])
    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    one = ingest(serial, folder, jobs=1)
    four = ingest(parallel, folder, jobs=4)
    assert counts(one) == counts(four) == {"added": 13, "duplicates": 1, "failed": 1}
    assert snapshot(serial) == snapshot(parallel)
    assert len(snapshot(serial)["reports"]) == 13
    assert integrity_problems(parallel) == []
