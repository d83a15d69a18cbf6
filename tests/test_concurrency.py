"""Issue 7: two ingests of overlapping folders at once, and listings and searches while an ingest
runs. No "database is locked" (or any other) failure reaches the user, no report is lost or
doubled, and the end state equals that of one ingest of everything."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from catalog_state import integrity_problems, rows, snapshot
from click.testing import CliRunner
from rawpdf import simple_pdf

from evalcatalog import Catalog, IngestOptions
from evalcatalog.cli import cli

TOPICS = ("DIVERT custody diversion", "Op Met Divan knife crime", "stalking risk assessment",
          "school visits by trusted adults", "hot spots policing of violence")  # fmt: skip
NO_CATALOGUE = "Error: no catalogue at"  # a reader that starts before the first ingest opens it


def write_reports(folder: Path, prefix: str, count: int) -> None:
    folder.mkdir(parents=True)
    for number in range(count):
        pages = [f"{prefix} {number} page {page}: {TOPICS[(number + page) % 5]}" for page in (1, 2)]
        info = b"<< /Title (%s evaluation %d) >>" % (prefix.encode(), number)
        (folder / f"{prefix}-{number:02d}.pdf").write_bytes(simple_pdf(*pages, info=info))


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """a/ and b/ apart, shared/ in both runs, and one report at the same name in a/ and b/."""
    root = tmp_path_factory.mktemp("concurrency")
    names = {"a": root / "a", "shared": root / "shared", "b": root / "b"}
    write_reports(names["a"], "alpha", 20)
    write_reports(names["shared"], "shared", 20)
    write_reports(names["b"], "bravo", 20)
    same = simple_pdf("one report found by both runs", info=b"<< /Title (Twice found) >>")
    (names["a"] / "twice.pdf").write_bytes(same)
    (names["b"] / "twice.pdf").write_bytes(same)
    return names


def ingest_in_process(db: Path, *paths: Path) -> None:
    with Catalog(str(db)) as catalog:
        result = catalog.ingest([str(path) for path in paths], IngestOptions(jobs=2))
    assert result.failed == []


@pytest.fixture(scope="module")
def reference(folders: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One ingest of everything."""
    db = tmp_path_factory.mktemp("reference") / "catalog.db"
    ingest_in_process(db, folders["a"], folders["shared"], folders["b"])
    state = snapshot(db)
    assert len(state["reports"]) == 61
    return state


def start_ingest(db: Path, *paths: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "evalcatalog", "ingest", "--db", str(db), "--jobs", "1",
               *map(str, paths)]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_clean_exit(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=120)
    assert (process.returncode, err) == (0, ""), out + err
    return out


def run_two_at_once(db: Path, folders: dict[str, Path]) -> list[str]:
    first = start_ingest(db, folders["a"], folders["shared"])
    second = start_ingest(db, folders["shared"], folders["b"])
    return [assert_clean_exit(first), assert_clean_exit(second)]


@pytest.mark.timeout(300)
def test_two_ingests_at_once_on_a_new_catalogue(
    folders: dict[str, Path], reference: Any, tmp_path: Path
) -> None:
    """Both start on a file that does not exist yet, so both create and migrate it at once."""
    db = tmp_path / "catalog.db"
    summaries = run_two_at_once(db, folders)
    assert integrity_problems(db) == []
    assert snapshot(db) == reference
    # Between them every file was added once; the other run found it catalogued already.
    added = sum(int(summary.split(": ", 1)[1].split(" added")[0]) for summary in summaries)
    assert added == 61


@pytest.mark.timeout(300)
def test_two_ingests_at_once_on_an_existing_catalogue(
    folders: dict[str, Path], reference: Any, tmp_path: Path
) -> None:
    db = tmp_path / "catalog.db"
    ingest_in_process(db, folders["a"])  # a catalogue in use, written by an earlier run
    run_two_at_once(db, folders)
    assert integrity_problems(db) == []
    assert snapshot(db) == reference


READS = [["list"], ["list", "--json"], ["stats"], ["check"], ["search", "stalking", "risk"],
         ["search", "knife OR divert", "--json"], ["search", "stalkng"]]  # fmt: skip


@pytest.mark.timeout(300)
def test_listing_and_searching_while_an_ingest_runs(
    folders: dict[str, Path], reference: Any, tmp_path: Path
) -> None:
    db = tmp_path / "catalog.db"
    ingest = start_ingest(db, folders["a"], folders["shared"], folders["b"])
    runner, outputs = CliRunner(), []
    while ingest.poll() is None:
        for command in READS:
            result = runner.invoke(cli, [*command, "--db", str(db)])
            outputs.append((command, result.exit_code, result.output))
        time.sleep(0.02)
    assert_clean_exit(ingest)
    assert snapshot(db) == reference
    readings = 0
    for command, code, output in outputs:
        assert "locked" not in output and "Traceback" not in output, (command, output)
        if output.startswith(NO_CATALOGUE):
            continue
        readings += 1
        assert code == 0, (command, output)  # check too: a half-done ingest is no problem
    assert readings >= len(READS)  # some reads did happen while the ingest ran


@pytest.mark.timeout(300)
def test_the_catalogue_counts_each_report_once_after_concurrent_runs(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """Three runs of the same folders at once: still one row per content, one per path."""
    db = tmp_path / "catalog.db"
    runs = [start_ingest(db, folders["shared"], folders["a"]) for _ in range(3)]
    for run in runs:
        assert_clean_exit(run)
    assert rows(db, "select count(*), count(distinct sha256) from reports") == [(41, 41)]
    assert rows(db, "select count(*) from report_paths") == [(41,)]
    assert rows(db, "select count(*) from pages") == [(81,)]
