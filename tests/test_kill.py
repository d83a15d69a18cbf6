"""SIGKILL an `evalcatalog ingest` part-way, at several moments: the catalogue it leaves passes
`PRAGMA integrity_check`, holds no half-written report, and the next run completes it into the
same catalogue an uninterrupted run builds."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from catalog_state import integrity_problems, snapshot
from pdfs import make_pdf

from evalcatalog.extract.engines import ENGINES

EVALCATALOG = Path(sys.executable).parent / "evalcatalog"
FILES = 30
WORDS = ["knife", "crime", "diversion", "custody", "early", "intervention", "trusted", "adult",
         "workers"]  # fmt: skip


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kill") / "batch"
    for number in range(FILES):
        pages = [
            " ".join(WORDS[(number + page + i) % len(WORDS)] for i in range(300))
            + f" report {number} page {page}"
            for page in range(1, 3 + number % 3)
        ]
        make_pdf(folder / f"report-{number:02}.pdf", pages, heading=f"Evaluation {number}")
    shutil.copy2(folder / "report-07.pdf", folder / "zz-copy-of-07.pdf")
    (folder / "broken.pdf").write_bytes(b"<html>not a report</html>")
    return folder


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def ingest_command(db: Path, batch: Path, engine: str) -> list[str]:
    return [str(EVALCATALOG), "ingest", "--db", str(db), "--jobs", "2", "--engine", engine,
            str(batch)]  # fmt: skip


@pytest.fixture(scope="module")
def reference(
    batch: Path, engine: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, object]:
    db = tmp_path_factory.mktemp(f"reference-{engine}") / "catalog.db"
    done = subprocess.run(ingest_command(db, batch, engine), capture_output=True, timeout=120)
    assert done.returncode == 1, done.stderr  # broken.pdf fails, as it should
    state = snapshot(db)
    assert len(state["reports"]) == FILES
    return state


def reports_stored(db: Path) -> int:
    """How many reports a reader sees now (-1 before the catalogue has its tables)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05) as conn:
            return int(conn.execute("select count(*) from reports").fetchone()[0])
    except sqlite3.Error:
        return -1


def kill_when(db: Path, batch: Path, engine: str, ready: Callable[[], bool]) -> bool:
    """Start an ingest, SIGKILL it once `ready()`; True if it was still running then."""
    process = subprocess.Popen(
        ingest_command(db, batch, engine),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers can be killed with it
    )
    try:
        deadline = time.monotonic() + 60
        while not ready() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        running = process.poll() is None
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # workers left behind, if any
    return running


def complete(db: Path, batch: Path, engine: str) -> None:
    done = subprocess.run(ingest_command(db, batch, engine), capture_output=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert b"broken.pdf: not a PDF: an HTML page" in done.stdout


MOMENTS: dict[str, Callable[[Path, float], bool]] = {
    "while starting up": lambda db, started: time.monotonic() - started > 0.15,
    "as the catalogue appears": lambda db, started: db.exists(),
    "after the first report": lambda db, started: reports_stored(db) >= 1,
    "midway": lambda db, started: reports_stored(db) >= FILES // 2,
    "near the end": lambda db, started: reports_stored(db) >= FILES - 3,
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_kill_leaves_a_consistent_catalogue_that_the_next_run_completes(
    moment: str, batch: Path, engine: str, reference: dict[str, object], tmp_path: Path
) -> None:
    db = tmp_path / "catalog.db"
    started = time.monotonic()
    was_running = kill_when(db, batch, engine, lambda: MOMENTS[moment](db, started))
    assert was_running, f"the ingest finished before it could be killed {moment}"
    if db.exists():
        assert integrity_problems(db) == []
    complete(db, batch, engine)
    assert integrity_problems(db) == []
    assert snapshot(db) == reference


def test_repeated_kills_on_one_catalogue(
    batch: Path, engine: str, reference: dict[str, object], tmp_path: Path
) -> None:
    """Each run is killed a little further on; every run starts from the one before."""
    db = tmp_path / "catalog.db"
    stored = []
    for target in (2, 9, 18, 26):
        assert kill_when(db, batch, engine, partial(stored_at_least, db, target))
        assert integrity_problems(db) == []
        stored.append(reports_stored(db))
    assert stored == sorted(stored) and stored[0] >= 2
    complete(db, batch, engine)
    assert snapshot(db) == reference


def stored_at_least(db: Path, count: int) -> bool:
    return reports_stored(db) >= count
