"""Issue 7: one ingest run over every hostile file in tests/hostile.py, plus a few good PDFs.

Each case gets the outcome and reason its table row names; nothing hangs (a short --timeout),
memory stays under --memory-limit, the good files are catalogued whole, and `check` finds the
catalogue sound. Names and titles with control characters come out escaped.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from catalog_state import integrity_problems, rows
from click.testing import CliRunner
from hostile import CASES, CONTROL_TITLE_STORED, ESCAPE_NAME, Case, write_batch
from pdfs import make_pdf
from rawpdf import simple_pdf

from evalcatalog.cli import cli
from evalcatalog.extract.engines import ENGINES
from evalcatalog.ingest.discover import INSIDE
from evalcatalog.store import display_path

TIMEOUT_S = 15  # the one file that needs it costs it; 2,000 pages take ~3 s, on a busy box 3x
MEMORY_MB = 512
GOOD = {
    "good-alpha.pdf": ("Alpha evaluation of custody diversion", ["alpha page one", "alpha two"]),
    "good-bravo.pdf": ("Bravo evaluation of school visits", ["bravo only page"]),
    "good-charlie.pdf": ("Charlie evaluation of stalking tools", ["charlie one", "c two", "c 3"]),
}
EITHER = "ingest, or reject when a limit (time or memory) is reached"
SIGABRT = "the PDF reader crashed (SIGABRT), probably out of memory"
# Where PDFium's outcome differs from pypdf's (the table in hostile.py), and why.
PDFIUM_OUTCOMES = {
    # PDFium inflates a stream whole: a 1 GB one exceeds the worker's memory limit, PDFium
    # aborts, and the worker's death is the file's reason (pypdf stops at 75 MB and goes on).
    "flate-bomb.pdf": ("reject", SIGABRT),
    "nested-filter-bomb.pdf": ("reject", SIGABRT),
    # PDFium decodes the 200 MB LZW stream whole: under a 512 MB limit that includes what the
    # worker inherited from its parent, it fits or PDFium aborts, as the parent's size decides.
    "lzw-bomb.pdf": (EITHER, SIGABRT),
    # 2.8 GB of drawing operators in 40 streams: PDFium parses them in ~5 s on a quiet machine,
    # a third of the limit, which a busy one can use up: either outcome is a right one.
    "many-streams-bomb.pdf": (EITHER, "timed out after"),
    # PDFium's parser is not recursive in the way pypdf's is, and it skips a cyclic kid.
    "deep-nesting.pdf": ("ingest", ""),
    "deep-nesting-content.pdf": ("ingest", ""),
    "self-page-tree.pdf": ("warn", "page count corrected: the file claims 2 pages, has 1"),
    # PDFium believes /Count; the engine checks the last page exists and corrects it.
    "million-count.pdf": ("warn", "page count corrected: the file claims 1000000 pages, has 1"),
}


def expected(case: Case, engine: str) -> Case:
    """The case as `engine` handles it."""
    if engine == "pdfium" and case.name in PDFIUM_OUTCOMES:
        outcome, reason = PDFIUM_OUTCOMES[case.name]
        return replace(case, outcome=outcome, reason=reason)
    return case


# What a terminal would act on: C0 and C1 controls, bidi controls, line separators. Output lines
# end in \n; nothing else of these may reach it.
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    max_rss_mb: float  # the largest of the ingest process and its workers


def run_ingest(db: Path, folder: Path, *args: str) -> Run:
    """The real command in its own process, so its peak memory (workers included) is its own."""
    limits = ["--jobs", "2", "--timeout", str(TIMEOUT_S), "--memory-limit", str(MEMORY_MB)]
    command = [sys.executable, "-m", "evalcatalog", "ingest", "--db", str(db), *limits, *args,
               str(folder)]  # fmt: skip
    out_path, err_path = db.with_suffix(".out"), db.with_suffix(".err")
    started = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        code=process.returncode,
        out=out_path.read_text(encoding="utf-8"),
        err=err_path.read_text(encoding="utf-8"),
        seconds=time.monotonic() - started,
        max_rss_mb=usage.ru_maxrss / 1024,
    )


@dataclass
class Batch:
    folder: Path
    db: Path
    run: Run
    engine: str
    outcomes: dict[str, list[dict[str, Any]]]  # display path -> what ingest said about it

    def path(self, relative: str) -> str:
        return display_path(str(self.folder / relative))

    def cases(self) -> list[Case]:
        return [self.expected(case) for case in CASES]

    def expected(self, case: Case) -> Case:
        """The case as this batch's engine handles it, a race with a limit decided."""
        case = expected(case, self.engine)
        if case.outcome == EITHER:
            timed_out = self.outcome(case)["status"] == "failed"
            return replace(case, outcome="reject" if timed_out else "ingest",
                           reason=case.reason if timed_out else "")  # fmt: skip
        return case

    def outcome(self, case: Case) -> dict[str, Any]:
        wanted = self.path(case.report_path)
        found = [
            outcome
            for path, outcomes in self.outcomes.items()
            for outcome in outcomes
            if path == wanted or (case.under and path.startswith(wanted + "/"))
        ]
        assert len(found) == 1, (case.name, found)
        return found[0]


@pytest.fixture(scope="module", params=ENGINES)
def batch(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Batch:
    engine = request.param
    root = tmp_path_factory.mktemp(f"hostile-{engine}")
    folder = root / "batch"
    folder.mkdir()
    write_batch(folder)
    for name, (title, pages) in GOOD.items():
        make_pdf(folder / name, pages, title=title)
    db = root / "catalog.db"
    run = run_ingest(db, folder, "--json", "--engine", engine)
    outcomes: dict[str, list[dict[str, Any]]] = {}
    for outcome in json.loads(run.out)["files"]:
        outcomes.setdefault(outcome["path"], []).append(outcome)
    return Batch(folder, db, run, engine, outcomes)


def report_row(batch: Batch, report_id: int) -> dict[str, Any]:
    with_columns = rows(batch.db, "select * from reports where id = ?", (report_id,))
    names = [row[1] for row in rows(batch.db, "pragma table_info(reports)")]
    return dict(zip(names, with_columns[0], strict=True))


def page_errors(batch: Batch, report_id: int) -> list[str]:
    sql = "select error from pages where report_id = ? and error is not null order by page_no"
    return [error for (error,) in rows(batch.db, sql, (report_id,))]


def case_id(case: Case) -> str:
    return ascii(case.name[:40]).strip("'")


# --- each case ---------------------------------------------------------------------------


@pytest.mark.timeout(600)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_each_hostile_file_gets_its_outcome_and_reason(batch: Batch, case: Case) -> None:
    case = batch.expected(case)
    outcome = batch.outcome(case)
    if case.outcome in ("reject", "skip"):
        status = "failed" if case.outcome == "reject" else "skipped"
        assert (outcome["status"], outcome["report_id"]) == (status, None), outcome
        assert case.reason in outcome["error"]
        return
    assert (outcome["status"], outcome["error"]) == ("added", None), outcome
    report = report_row(batch, outcome["report_id"])
    warnings = json.loads(report["warnings"] or "[]") + page_errors(batch, report["id"])
    if case.outcome == "ingest":
        assert (warnings, report["failed_pages"]) == ([], 0)
    else:
        assert any(case.reason in warning for warning in warnings), warnings
    for column, value in case.fields:
        assert report[column] == value, column


@pytest.mark.timeout(600)
def test_a_failed_file_is_remembered_with_its_reason(batch: Batch) -> None:
    """Files a worker rejected are in the catalogue's failure log, so the next run skips them."""
    rejected = {batch.path(c.name): c.reason for c in batch.cases() if c.outcome == "reject"}
    logged = dict(rows(batch.db, "select path, reason from failures"))
    for path, reason in rejected.items():
        if not path.startswith(batch.path("too-deep")):  # the walk reports it; never parsed
            assert reason in logged[path]


# --- the batch as a whole ----------------------------------------------------------------


@pytest.mark.timeout(600)
def test_every_file_is_reported_once_and_nothing_else(batch: Batch) -> None:
    """Nothing skipped silently, nothing twice, nothing from outside the folder (the symlinks)."""
    expected = {batch.path(case.report_path) for case in CASES if not case.under}
    expected |= {batch.path(name) for name in GOOD}
    deep = [case for case in CASES if case.under]
    reported = set(batch.outcomes)
    deep_paths = {path for path in reported if path.startswith(batch.path(deep[0].report_path))}
    assert len(deep_paths) == 1
    assert reported - deep_paths == expected
    assert all(len(outcomes) == 1 for outcomes in batch.outcomes.values())


@pytest.mark.timeout(600)
def test_the_good_files_are_catalogued_whole(batch: Batch) -> None:
    for name, (title, pages) in GOOD.items():
        (outcome,) = batch.outcomes[batch.path(name)]
        assert outcome["status"] == "added"
        report = report_row(batch, outcome["report_id"])
        assert (report["title"], report["page_count"]) == (title, len(pages))
        assert report["engine"] == batch.engine
        sql = "select page_text(text) from pages where report_id = ? order by page_no"
        assert [text for (text,) in rows(batch.db, sql, (report["id"],))] == pages


@pytest.mark.timeout(600)
def test_no_hang_bounded_memory_and_one_error_line(batch: Batch) -> None:
    run = batch.run
    rejected = sum(1 for case in batch.cases() if case.outcome == "reject")
    assert run.code == 1
    assert run.err == (
        f"Error: {rejected} files failed (listed above): fix or remove them, then run again with "
        "--retry-failed\n"
    )
    # Two workers; the one file that needs the time limit costs it once. Generous for a busy box.
    assert run.seconds < 60 + TIMEOUT_S
    assert run.max_rss_mb < MEMORY_MB


@pytest.mark.timeout(600)
def test_the_catalogue_is_sound_afterwards(batch: Batch) -> None:
    assert integrity_problems(batch.db) == []
    result = CliRunner().invoke(cli, ["check", "--db", str(batch.db)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")


@pytest.mark.timeout(600)
def test_a_second_run_parses_nothing_and_prints_names_escaped(batch: Batch) -> None:
    """Known failures are not tried again (the bomb would cost its time limit again), and the
    text summary, which lists failed and skipped files by name, escapes control characters."""
    run = run_ingest(batch.db, batch.folder)
    assert run.code == 1
    assert run.seconds < TIMEOUT_S
    summary = run.out.splitlines()[0]
    added = sum(1 for case in batch.cases() if case.outcome in ("ingest", "warn")) + len(GOOD)
    assert f": 0 added, 0 updated, {added} unchanged," in summary
    assert not UNSAFE.search(run.out)
    assert f"  failed     {batch.path('bell-')}\\x07-ring.pdf: not a PDF: " in run.out


@pytest.mark.timeout(600)
def test_list_escapes_control_characters_in_titles_and_names(batch: Batch) -> None:
    result = CliRunner().invoke(cli, ["list", "--db", str(batch.db)])
    assert result.exit_code == 0, result.output
    assert not UNSAFE.search(result.output)
    assert "Red [31malert[0m, CSI \\x9b2J, bidi \\u202eevil" in result.output
    assert ESCAPE_NAME.replace("\x1b", "\\x1b") in result.output
    assert "new\\x0aline.pdf" in result.output


OUTPUTS = [["list", "--json"], ["export", "--format", "json"], ["export", "--format", "jsonl"],
           ["export", "--format", "markdown"], ["stats"], ["check"]]  # fmt: skip


@pytest.mark.timeout(600)
@pytest.mark.parametrize("args", OUTPUTS, ids=" ".join)
def test_every_output_escapes_control_characters(batch: Batch, args: list[str]) -> None:
    """JSON too: C1 controls and bidi marks go out as \\uXXXX, which programs read back as the
    same text (json.dumps itself escapes only C0 controls)."""
    result = CliRunner().invoke(cli, [*args, "--db", str(batch.db)])
    assert result.exit_code == 0, result.output
    assert not UNSAFE.search(result.output)
    if "json" in args[-1]:
        if args[-1] == "jsonl":
            reports = [json.loads(line) for line in result.output.splitlines()]
        else:
            reports = json.loads(result.output)
        titles = [report["title"] for report in reports]
        assert CONTROL_TITLE_STORED in titles


# --- symlinks ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("links")
    inside, outside = root / "inside", root / "outside"
    inside.mkdir()
    outside.mkdir()
    (inside / "own.pdf").write_bytes(simple_pdf("a file of the folder"))
    (outside / "secret.pdf").write_bytes(simple_pdf("a file of another folder"))
    (inside / "to-folder").symlink_to(outside, target_is_directory=True)
    (inside / "to-file.pdf").symlink_to(outside / "secret.pdf")
    (inside / "to-own.pdf").symlink_to(inside / "own.pdf")
    (inside / "zero.pdf").symlink_to("/dev/zero")
    return inside


def ingest_statuses(folder: Path, db: Path, *options: str) -> dict[str, tuple[str, str | None]]:
    args = ["ingest", "--db", str(db), "--jobs", "1", "--json", *options, str(folder)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    return {os.path.relpath(f["path"], folder): (f["status"], f["error"]) for f in files}


@pytest.mark.timeout(120)
def test_symlinks_out_of_the_folder_are_not_followed(linked: Path, tmp_path: Path) -> None:
    outside = "symlink leads outside the given folders (use --follow-symlinks)"
    assert ingest_statuses(linked, tmp_path / "a.db") == {
        "own.pdf": ("added", None),
        "to-file.pdf": ("skipped", outside),
        "to-folder": ("skipped", outside),
        "to-own.pdf": ("skipped", INSIDE),  # own.pdf is taken under its own path
        "zero.pdf": ("skipped", outside),
    }


@pytest.mark.timeout(120)
def test_follow_symlinks_reads_them_but_still_only_regular_files(
    linked: Path, tmp_path: Path
) -> None:
    assert ingest_statuses(linked, tmp_path / "b.db", "--follow-symlinks") == {
        "own.pdf": ("added", None),
        "to-file.pdf": ("added", None),
        "zero.pdf": ("skipped", "not a regular file"),
    }  # to-own.pdf is own.pdf, to-folder/secret.pdf is to-file.pdf: each file taken once
