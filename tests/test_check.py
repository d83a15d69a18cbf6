"""views/check.py: the catalogue against the disk and its own soundness (`check`'s library side)."""

from __future__ import annotations

import os
from pathlib import Path

from pdfs import make_pdf

from evalcatalog import Catalog, IngestOptions


def catalogue(tmp_path: Path) -> tuple[Catalog, Path]:
    folder = tmp_path / "pdfs"
    make_pdf(folder / "one.pdf", ["alpha page", "beta page"], title="First")
    make_pdf(folder / "two.pdf", ["gamma page"], title="Second")
    catalog = Catalog(str(tmp_path / "c.db"))
    catalog.ingest([str(folder)], IngestOptions(jobs=1))
    return catalog, folder


def test_a_sound_catalogue(tmp_path: Path) -> None:
    catalog, _ = catalogue(tmp_path)
    with catalog:
        report = catalog.check()
    assert (report.ok, report.reports, report.pages, report.files) == (True, 2, 3, 2)
    assert report.problems == []


def test_missing_changed_and_new_files(tmp_path: Path) -> None:
    catalog, folder = catalogue(tmp_path)
    (folder / "one.pdf").unlink()
    make_pdf(folder / "two.pdf", ["a different gamma page"], title="Second")
    os.utime(folder / "two.pdf", (1, 1))
    make_pdf(folder / "three.pdf", ["new"], title="Third")
    with catalog:
        report = catalog.check()
    kinds = sorted((problem.kind, Path(problem.path or "").name) for problem in report.problems)
    assert not report.ok
    assert ("missing", "one.pdf") in kinds and ("changed", "two.pdf") in kinds
    assert [Path(problem.path or "").name for problem in report.new_files] == ["three.pdf"]
    assert report.to_dict()["problems"] == [problem.to_dict() for problem in report.problems]


def test_an_index_out_of_step(tmp_path: Path) -> None:
    catalog, _ = catalogue(tmp_path)
    with catalog:
        catalog.store.db.execute("insert into pages_fts(pages_fts) values ('delete-all')")
        report = catalog.check()
    assert [problem.kind for problem in report.problems] == ["index"]
    assert "pages_fts" in report.problems[0].detail
