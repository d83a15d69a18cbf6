"""`evalcatalog ingest` on the command line: the summary, --json, exit codes, one-line errors,
which catalogue is used, and no progress bar unless on a terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from clirun import invoke
from pdfs import make_heavy_pdf, make_pdf

REQUIRED_KEYS = ("added", "updated", "unchanged", "duplicates", "missing", "failed", "files")
EVALCATALOG = Path(sys.executable).parent / "evalcatalog"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-sources")
    make_pdf(folder / "alpha.pdf", ["apple", "apricot"], title="Alpha evaluation")
    make_pdf(folder / "bravo.pdf", ["banana"], heading="Bravo heading")
    return folder


@pytest.fixture
def reports(sources: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    shutil.copytree(sources, folder)
    return folder


def without_time(text: str) -> str:
    return re.sub(r"\(\d+\.\d s\)", "(T s)", text)


def assert_one_error_line(result: Result, message: str, exit_code: int = 1) -> None:
    assert result.exit_code == exit_code, result.output
    assert result.stderr == f"Error: {message}\n"
    assert "Traceback" not in result.output


# --- summary and JSON ------------------------------------------------------------------


def test_summary_of_a_first_run(reports: Path, isolated_catalog: Path) -> None:
    result = invoke("ingest", str(reports))
    assert result.exit_code == 0, result.output
    assert without_time(result.stdout) == (
        f"{isolated_catalog}: 2 added, 0 updated, 0 unchanged, 0 duplicates, 0 missing,"
        " 0 failed (T s)\n"
        f"  added      {reports / 'alpha.pdf'}\n"
        f"  added      {reports / 'bravo.pdf'}\n"
    )
    assert result.stderr == ""


def test_summary_lists_what_needs_attention(reports: Path, isolated_catalog: Path) -> None:
    invoke("ingest", "--jobs", "1", str(reports))  # one worker: alpha.pdf is report 1
    shutil.copy2(reports / "alpha.pdf", reports / "copy.pdf")
    (reports / "bravo.pdf").unlink()
    (reports / "zz-broken.pdf").write_bytes(b"<html></html>")
    result = invoke("ingest", str(reports))
    assert result.exit_code == 1
    assert without_time(result.stdout) == (
        f"{isolated_catalog}: 0 added, 0 updated, 1 unchanged, 1 duplicates, 1 missing,"
        " 1 failed (T s)\n"
        f"  duplicate  {reports / 'copy.pdf'} (same content as report 1)\n"
        f"  failed     {reports / 'zz-broken.pdf'}: not a PDF: an HTML page (was it downloaded"
        " correctly?)\n"
        f"  missing    {reports / 'bravo.pdf'} (use --prune to remove it)\n"
    )
    assert result.stderr == (
        "Error: 1 file failed (listed above): fix or remove them, then run again with"
        " --retry-failed\n"
    )
    pruned = invoke("ingest", "--prune", str(reports))
    assert f"  missing    {reports / 'bravo.pdf'} (removed)\n" in pruned.stdout


def test_json_summary_shape(reports: Path) -> None:
    shutil.copy2(reports / "alpha.pdf", reports / "copy.pdf")
    (reports / "empty.pdf").write_bytes(b"")
    result = invoke("ingest", "--json", "--jobs", "1", str(reports))
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert list(summary)[:7] == [*REQUIRED_KEYS[:-1], "skipped"]
    assert {key: summary[key] for key in REQUIRED_KEYS[:-1]} == {
        "added": 2, "updated": 0, "unchanged": 0, "duplicates": 1, "missing": 0, "failed": 1
    }  # fmt: skip
    # Files come in the order they were settled (here: parsed in turn, a duplicate with its
    # twin); the order is not part of the contract, so compare them sorted by path.
    assert sorted(summary["files"], key=lambda item: item["path"]) == [
        {"path": str(reports / "alpha.pdf"), "status": "added", "report_id": 1, "error": None},
        {"path": str(reports / "bravo.pdf"), "status": "added", "report_id": 2, "error": None},
        {"path": str(reports / "copy.pdf"), "status": "duplicate", "report_id": 1, "error": None},
        {"path": str(reports / "empty.pdf"), "status": "failed", "report_id": None,
         "error": "not a PDF: the file is empty"},
    ]  # fmt: skip
    assert result.stderr.startswith("Error: 1 file failed")


def test_json_second_run_every_status(reports: Path, sources: Path) -> None:
    invoke("ingest", "--jobs", "1", str(reports))
    (reports / "alpha.pdf").unlink()
    make_pdf(reports / "bravo.pdf", ["banana split"], heading="Bravo heading, revised")
    shutil.copy2(sources / "alpha.pdf", reports / "again.pdf")
    make_pdf(reports / "charlie.pdf", ["cherry"])
    summary = json.loads(invoke("ingest", "--json", "--jobs", "1", str(reports)).stdout)
    assert sorted((f["path"], f["status"], f["report_id"]) for f in summary["files"]) == [
        (str(reports / "again.pdf"), "duplicate", 1),
        (str(reports / "alpha.pdf"), "missing", 1),
        (str(reports / "bravo.pdf"), "updated", 2),
        (str(reports / "charlie.pdf"), "added", 3),
    ]
    assert (summary["added"], summary["updated"], summary["duplicates"], summary["missing"]) == (
        1, 1, 1, 1
    )  # fmt: skip


def test_dry_run_writes_nothing(reports: Path, isolated_catalog: Path) -> None:
    result = invoke("ingest", "--dry-run", str(reports))
    assert result.exit_code == 0
    assert without_time(result.stdout) == (
        "Dry run, nothing written: would have 2 added, 0 updated, 0 unchanged, 0 duplicates,"
        " 0 missing, 0 failed (T s)\n"
        f"  added      {reports / 'alpha.pdf'}\n"
        f"  added      {reports / 'bravo.pdf'}\n"
    )
    assert not isolated_catalog.exists()
    invoke("ingest", str(reports))
    before = isolated_catalog.read_bytes()
    (reports / "alpha.pdf").unlink()
    result = invoke("ingest", "--dry-run", "--prune", "--force", str(reports))
    assert "would have 0 added, 0 updated, 0 unchanged, 0 duplicates, 1 missing" in result.stdout
    assert isolated_catalog.read_bytes() == before


def test_dry_run_prune_says_what_would_go(reports: Path) -> None:
    invoke("ingest", str(reports))
    (reports / "alpha.pdf").unlink()
    missing = f"  missing    {reports / 'alpha.pdf'}"
    assert f"{missing} (would be removed)\n" in invoke("ingest", "--dry-run", "--prune",
                                                       str(reports)).stdout  # fmt: skip
    assert f"{missing} (use --prune to remove it)\n" in invoke("ingest", "--dry-run",
                                                               str(reports)).stdout  # fmt: skip


def test_a_folder_link_is_skipped_and_said_so_and_its_files_keep_their_paths(
    sources: Path, tmp_path: Path
) -> None:
    """links/to-names -> ../names beside names/: the files are catalogued as names/..., so
    deleting the link leaves nothing missing."""
    shutil.copytree(sources, tmp_path / "names")
    (tmp_path / "links").mkdir()
    link = tmp_path / "links" / "to-names"
    link.symlink_to("../names", target_is_directory=True)
    result = invoke("ingest", "--jobs", "1", str(tmp_path))
    reason = "symlink not followed: what it leads to is taken under its own path"
    assert f"  skipped    {link}: {reason} (--follow-symlinks)\n" in result.stdout
    followed = json.loads(invoke("ingest", "--json", "--follow-symlinks", str(tmp_path)).stdout)
    assert (followed["unchanged"], followed["skipped"]) == (2, 0)
    link.unlink()
    assert json.loads(invoke("ingest", "--json", str(tmp_path)).stdout)["missing"] == 0


def test_force_and_retry_failed_reach_the_library(reports: Path) -> None:
    (reports / "bad.pdf").write_bytes(b"\x1f\x8b\x08")
    invoke("ingest", str(reports))
    forced = json.loads(invoke("ingest", "--json", "--force", str(reports)).stdout)
    assert (forced["re_extracted"], forced["failed"]) == (2, 1)
    again = json.loads(invoke("ingest", "--json", "--retry-failed", str(reports)).stdout)
    assert (again["unchanged"], again["failed"]) == (2, 1)
    with sqlite3.connect(reports.parent / "catalog.db") as conn:
        assert conn.execute("select attempts from failures").fetchall() == [(3,)]


def test_timeout_option(reports: Path) -> None:
    make_heavy_pdf(reports / "huge.pdf", page_count=400, words_per_page=5000)
    result = invoke("ingest", "--timeout", "0.5", str(reports))
    assert result.exit_code == 1
    assert f"  failed     {reports / 'huge.pdf'}: timed out after 0.5 s\n" in result.stdout
    assert "2 added" in result.stdout


@pytest.mark.timeout(30)
def test_a_fifo_does_not_block_the_command(reports: Path) -> None:
    os.mkfifo(reports / "x.pdf")
    result = invoke("ingest", str(reports))
    assert result.exit_code == 0
    assert f"  skipped    {reports / 'x.pdf'}: not a regular file\n" in result.stdout
    assert ", 1 skipped (" in result.stdout


# --- exit codes and errors -------------------------------------------------------------


def test_a_missing_path_is_bad_usage(reports: Path, isolated_catalog: Path) -> None:
    result = invoke("ingest", str(reports / "nope"))
    assert_one_error_line(result, f"path not found: {reports / 'nope'}: check the spelling", 2)
    assert result.stdout == ""
    assert not isolated_catalog.exists()


def test_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("minutes of the meeting\n")
    result = invoke("ingest", str(notes))
    assert result.exit_code == 1
    reason = "not a PDF: no %PDF- header in the first 1024 bytes"
    assert f"  failed     {notes}: {reason}\n" in result.stdout
    assert result.stderr == (
        "Error: 1 file failed (listed above): fix or remove them, then run again with"
        " --retry-failed\n"
    )


def test_an_unknown_option_is_bad_usage(reports: Path) -> None:
    result = invoke("ingest", "--jobs", "0", str(reports))
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j'" in result.stderr


def test_db_in_a_folder_that_does_not_exist(reports: Path, tmp_path: Path) -> None:
    db = tmp_path / "no" / "such" / "catalog.db"
    result = invoke("ingest", "--db", str(db), str(reports))
    assert_one_error_line(
        result, f"cannot write the catalogue {db}: check the folder exists and is writable"
    )


def test_db_under_a_file(reports: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    db = blocker / "catalog.db"
    result = invoke("ingest", "--db", str(db), str(reports))
    assert_one_error_line(
        result, f"cannot write the catalogue {db}: check the folder exists and is writable"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_db_in_a_read_only_folder(reports: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = invoke("ingest", "--db", str(locked / "catalog.db"), str(reports))
    finally:
        locked.chmod(0o755)
    assert_one_error_line(
        result,
        f"cannot write the catalogue {locked / 'catalog.db'}: check the folder exists and is"
        " writable",
    )


def test_a_catalogue_from_a_newer_version(reports: Path, isolated_catalog: Path) -> None:
    assert invoke("ingest", str(reports)).exit_code == 0
    with sqlite3.connect(isolated_catalog) as conn:
        conn.execute(
            "insert into _sqlite_migrations (migration_set, name, applied_at)"
            " values ('evalcatalog', 'm999_future', '2031-01-01 00:00:00')"
        )
    for args in (["ingest", str(reports)], ["list"]):
        result = invoke(*args)
        assert_one_error_line(
            result,
            f"{isolated_catalog} was written by a newer version of evalcatalog (schema"
            " m999_future): upgrade evalcatalog to use it",
        )


def test_a_db_that_is_not_sqlite(reports: Path, tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("these are my notes, not a database\n" * 50)
    result = invoke("ingest", "--db", str(db), str(reports))
    assert_one_error_line(
        result, f"{db} is not an evalcatalog catalogue (or is damaged): pass another --db"
    )
    assert db.read_text() == "these are my notes, not a database\n" * 50


# --- which catalogue -------------------------------------------------------------------


def test_db_option_beats_the_environment_which_beats_the_default(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    from_env, from_option = tmp_path / "env.db", tmp_path / "option.db"
    monkeypatch.setenv("EVALCATALOG_DB", str(from_env))
    assert invoke("ingest", "--db", str(from_option), str(reports)).exit_code == 0
    assert (from_option.exists(), from_env.exists(), (work / "catalog.db").exists()) == (
        True, False, False
    )  # fmt: skip
    assert invoke("ingest", str(reports)).exit_code == 0
    assert (from_env.exists(), (work / "catalog.db").exists()) == (True, False)
    monkeypatch.delenv("EVALCATALOG_DB")
    result = invoke("ingest", str(reports))
    assert result.exit_code == 0
    assert result.stdout.startswith("catalog.db: 2 added,")
    assert (work / "catalog.db").exists()


def test_default_path_is_reports(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    summary = json.loads(invoke("ingest", "--json").stdout)
    assert sorted(item["path"] for item in summary["files"]) == [
        str(reports / "alpha.pdf"),
        str(reports / "bravo.pdf"),
    ]


# --- terminals and entry points ----------------------------------------------------------


def test_no_progress_bar_when_output_is_not_a_terminal(reports: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(EVALCATALOG), "ingest", "--db", str(tmp_path / "piped.db"), str(reports)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert without_time(result.stdout) == (
        f"{tmp_path / 'piped.db'}: 2 added, 0 updated, 0 unchanged, 0 duplicates, 0 missing,"
        " 0 failed (T s)\n"
        f"  added      {reports / 'alpha.pdf'}\n"
        f"  added      {reports / 'bravo.pdf'}\n"
    )


def test_a_progress_bar_on_a_terminal(reports: Path, tmp_path: Path) -> None:
    parent, child = pty.openpty()
    try:
        result = subprocess.run(
            [str(EVALCATALOG), "ingest", "--db", str(tmp_path / "tty.db"), str(reports)],
            stdout=subprocess.PIPE,
            stderr=child,
            timeout=60,
        )
        os.close(child)
        shown = os.read(parent, 65536).decode()
    finally:
        os.close(parent)
    assert result.returncode == 0
    assert "Ingesting" in shown
    assert "100%" in shown
    assert b"Ingesting" not in result.stdout


def test_python_dash_m_evalcatalog_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "evalcatalog", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: evalcatalog [OPTIONS] COMMAND [ARGS]...\n")
    assert "ingest" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "evalcatalog", "ingest", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "--retry-failed" in result.stdout and "--follow-symlinks" in result.stdout
