"""Issue 7: SIGKILL ingest at random (seeded) moments: 20 kills of a first ingest and 8 of a
weekly update (reports rewritten, removed with --prune, added). After every kill the catalogue
passes PRAGMA integrity_check and holds no half-written report, and the next run finishes with
a catalogue equal to an uninterrupted run's: the same reports, paths, page texts, failures,
tags and earlier versions. The workers of a killed ingest do not outlive it for long."""

from __future__ import annotations

import contextlib
import math
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from catalog_state import integrity_problems, rows, snapshot
from pdfs import make_heavy_pdf
from rawpdf import simple_pdf

from evalcatalog import Catalog, IngestOptions
from evalcatalog.ingest.workers import OWN_DEADLINE_GRACE_S

KILLS = 20
UPDATE_KILLS = 8
SEED = 20210707
TOPICS = ("DIVERT custody diversion", "Op Met Divan knife crime", "stalking risk assessment",
          "school visits by trusted adults", "hot spots policing of violence")  # fmt: skip


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 small reports with words the default taxonomy tags, a copy of one, and a non-PDF."""
    folder = tmp_path_factory.mktemp("kill") / "batch"
    folder.mkdir()
    for number in range(40):
        pages = [f"report {number} page {page}: {TOPICS[(number + page) % 5]}" for page in range(3)]
        info = b"<< /Title (Evaluation report %d) >>" % number
        (folder / f"report-{number:02d}.pdf").write_bytes(simple_pdf(*pages, info=info))
    (folder / "copy-of-07.pdf").write_bytes((folder / "report-07.pdf").read_bytes())
    (folder / "not-a-pdf.pdf").write_bytes(b"<html>404</html>")
    return folder


# pypdf reads four times slower than PDFium (the default): its runs leave the random kills a
# window wide enough to land while reports are written. test_kill.py kills both engines.
ENGINE = "pypdf"


def start_ingest(db: Path, folder: Path, *options: str) -> subprocess.Popen[bytes]:
    """Output goes to /dev/null: the workers of a killed ingest would hold its pipes open."""
    command = [sys.executable, "-m", "evalcatalog", "ingest", "--db", str(db), "--jobs", "2",
               "--engine", ENGINE, *options, str(folder)]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def finish_ingest(db: Path, folder: Path, *, prune: bool = False) -> None:
    """The next run, in this process (a second interpreter start per kill would double the
    test's time)."""
    with Catalog(str(db)) as catalog:
        result = catalog.ingest([str(folder)], IngestOptions(jobs=2, prune=prune, engine=ENGINE))
    failed = [(Path(outcome.path).name, outcome.error) for outcome in result.failed]
    if not prune:  # the first batch holds a non-PDF; the release does not
        assert failed == [
            ("not-a-pdf.pdf", "not a PDF: an HTML page (was it downloaded correctly?)")
        ]
    else:
        assert failed == []


def tags(db: Path) -> list[tuple[Any, ...]]:
    return rows(
        db,
        """select r.sha256, t.kind, t.name, rt.source, rt.is_primary, rt.removed
           from report_tags rt join reports r on r.id = rt.report_id join tags t on t.id = rt.tag_id
           order by 1, 2, 3, 4""",
    )


def has_tables(db: Path) -> bool:
    """False for a catalogue killed before its first migration was committed."""
    return bool(rows(db, "select 1 from sqlite_master where name = 'reports'"))


def sound_after_kill(db: Path) -> bool:
    if not has_tables(db):
        return rows(db, "pragma integrity_check") == [("ok",)]
    assert integrity_problems(db) == []
    return True


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (read from /proc, as ps does)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(condition: Any, seconds: float, poll: float = 0.01) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(poll)
    return bool(condition())


@pytest.fixture(scope="module")
def reference(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An uninterrupted run: its catalogue, and how long its start-up and its work take."""
    db = tmp_path_factory.mktemp("reference") / "catalog.db"
    started = time.monotonic()
    process = start_ingest(db, batch)
    assert wait_for(db.exists, 60)
    opened = time.monotonic()
    writing = writing_window(db, process, 40)
    finished = time.monotonic()
    assert process.returncode == 1
    assert len(snapshot(db)["reports"]) == 40  # the copy is a second path of report-07
    return {"state": snapshot(db), "tags": tags(db), "whole": finished - started,
            "work": finished - opened, "writing": writing}  # fmt: skip


def writing_window(db: Path, process: subprocess.Popen[bytes], total: int) -> tuple[float, float]:
    """Watch an ingest to its end: when (after the catalogue appeared) it stored its first
    report and its last one."""
    opened = time.monotonic()
    first = last = None
    while process.poll() is None:
        count = report_count(db)
        now = time.monotonic() - opened
        first = now if first is None and count else first
        last = now if last is None and count == total else last
        time.sleep(0.002)
    now = time.monotonic() - opened
    return (first or 0.0, last or now)


def has_reports(db: Path) -> bool:
    return report_count(db) > 0


def report_count(db: Path) -> int:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            return int(conn.execute("select count(*) from reports").fetchone()[0])
    except sqlite3.Error:  # not created yet, or a migration holds it
        return 0


@pytest.mark.timeout(300)
def test_killed_at_random_moments_the_next_run_completes_the_same_catalogue(
    batch: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    chance = random.Random(SEED)
    reports_at_kill = []
    for kill in range(KILLS):
        db = tmp_path / f"kill-{kill}.db"
        process = start_ingest(db, batch)
        # Most kills land while reports are being written: once the first report is seen,
        # within the time the reference run took to write the rest (start-up time varies far
        # more than that window, so timing from the start would miss it). Every fourth counts
        # from the start, so some land in start-up, catalogue creation and migrations, or
        # after the last report.
        if kill % 4 == 0:
            time.sleep(chance.uniform(0, reference["whole"]))
        else:
            first, last = reference["writing"]
            wait_for(partial(has_reports, db), 60, poll=0.001)
            time.sleep(chance.uniform(0, (last - first) * 0.9))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        if db.exists():
            assert sound_after_kill(db), f"kill {kill}"
            reports_at_kill.append(len(snapshot(db)["reports"]) if has_tables(db) else 0)
        finish_ingest(db, batch)
        assert integrity_problems(db) == [], f"kill {kill}"
        assert snapshot(db) == reference["state"], f"kill {kill}"
        assert tags(db) == reference["tags"], f"kill {kill}"
    # The kills did land part-way through writing reports, not only before or after it.
    assert sum(1 for count in reports_at_kill if 0 < count < 40) >= KILLS // 4, reports_at_kill


def versions(db: Path) -> list[tuple[Any, ...]]:
    return rows(
        db,
        """select r.sha256, v.sha256, v.page_count from report_versions v
           join reports r on r.id = v.report_id order by 1, 2""",
    )


def versions_reach(db: Path, count: int) -> bool:
    return has_tables(db) and len(versions(db)) >= count


def write_edition(folder: Path, number: int, edition: str) -> None:
    path = folder / f"report-{number:02d}.pdf"
    path.write_bytes(simple_pdf(*[f"report {number} {edition} {topic}" for topic in TOPICS[:2]]))


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Last week's catalogue, and this week's release on disk: 10 reports rewritten, 5 gone,
    5 new. The reference is that catalogue after one uninterrupted `ingest --prune`."""
    root = tmp_path_factory.mktemp("release")
    folder = root / "reports"
    folder.mkdir()
    for number in range(30):
        write_edition(folder, number, "first edition")
    base = root / "base.db"
    with Catalog(str(base)) as catalog:
        catalog.ingest([str(folder)], IngestOptions(jobs=2, engine=ENGINE))
    for number in range(0, 30, 3):  # spread through the batch, which is read in name order
        write_edition(folder, number, "second, revised edition")
    for number in range(1, 30, 6):
        (folder / f"report-{number:02d}.pdf").unlink()
    for number in range(30, 35):
        write_edition(folder, number, "first edition")
    db = root / "reference.db"
    shutil.copy(base, db)
    process = start_ingest(db, folder, "--prune")
    assert wait_for(wal(db).exists, 60)
    opened = time.monotonic()
    assert process.wait(timeout=120) == 0
    assert len(versions(db)) == 10
    return {"folder": folder, "base": base, "state": snapshot(db), "tags": tags(db),
            "versions": versions(db), "work": time.monotonic() - opened}  # fmt: skip


def wal(db: Path) -> Path:
    """Appears when a process opens the catalogue (closing the last connection removes it)."""
    return db.with_name(db.name + "-wal")


@pytest.mark.timeout(300)
def test_killed_while_updating_and_pruning_the_next_run_completes_the_same_catalogue(
    release: dict[str, Any], tmp_path: Path
) -> None:
    """Changed reports keep their earlier version and pruned ones go, exactly once, however
    the run before was cut short."""
    chance = random.Random(SEED + 1)
    updated_at_kill = []
    for kill in range(UPDATE_KILLS):
        db = tmp_path / f"update-{kill}.db"
        shutil.copy(release["base"], db)
        assert not wal(db).exists()
        process = start_ingest(db, release["folder"], "--prune")
        wait_for(wal(db).exists, 60)
        if kill % 2:  # half at a moment of the run, half once a given number of reports changed
            time.sleep(chance.uniform(0, release["work"]))
        else:
            wait_for(partial(versions_reach, db, chance.randint(1, 9)), 30, poll=0.002)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert sound_after_kill(db), f"kill {kill}"
        updated_at_kill.append(len(versions(db)))
        finish_ingest(db, release["folder"], prune=True)
        assert integrity_problems(db) == [], f"kill {kill}"
        assert snapshot(db) == release["state"], f"kill {kill}"
        assert tags(db) == release["tags"], f"kill {kill}"
        assert versions(db) == release["versions"], f"kill {kill}"
    # Some kills landed while the changed reports were being rewritten.
    assert any(0 < count < 10 for count in updated_at_kill), updated_at_kill


@pytest.mark.timeout(120)
def test_the_workers_of_a_killed_ingest_stop_soon_after_it(tmp_path: Path) -> None:
    """An ingest killed while a worker reads a slow file: nobody is left to enforce the time
    limit, so the worker enforces it on itself instead of reading on for minutes."""
    folder = tmp_path / "slow"
    # One page that takes ~20 s to read: the worker has nothing to send (and so no broken pipe
    # to notice) until it is done with it.
    make_heavy_pdf(folder / "slow.pdf", page_count=1, words_per_page=2_000_000)
    timeout = 1.0
    process = start_ingest(tmp_path / "catalog.db", folder, "--timeout", str(timeout))
    assert wait_for(lambda: children(process.pid), 30)
    workers = children(process.pid)
    assert wait_for(lambda: cpu_seconds(workers[0]) > 0.3, 30)  # the worker is reading the file
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    killed = time.monotonic()
    assert wait_for(lambda: not any(running(pid) for pid in workers), 60)
    assert time.monotonic() - killed < math.ceil(timeout) + OWN_DEADLINE_GRACE_S + 3
