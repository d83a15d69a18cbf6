"""The two text engines (issue 16): the catalogue remembers the one it was told to use and
records which read each report; both read the shipped reports alike; a bad name is refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdfs import make_pdf

from evalcatalog import Catalog, IngestOptions
from evalcatalog.cli import cli
from evalcatalog.errors import UsageError
from evalcatalog.extract.engines import DEFAULT_ENGINE, extraction
from evalcatalog.models import PageText, PdfInfo

REPORTS = Path(__file__).resolve().parent.parent / "reports"


def engines_of(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select file_name, engine from reports").fetchall())


def test_the_engine_is_remembered_and_recorded_per_report(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_pdf(folder / "first.pdf", ["first report text"], title="First evaluation")
    db = tmp_path / "catalog.db"
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["ingest", "--db", str(db), "--engine", "pypdf", str(folder)]).exit_code
        == 0
    )
    make_pdf(folder / "second.pdf", ["second report text"], title="Second evaluation")
    assert runner.invoke(cli, ["ingest", "--db", str(db), str(folder)]).exit_code == 0
    assert engines_of(db) == {"first.pdf": "pypdf", "second.pdf": "pypdf"}
    make_pdf(folder / "third.pdf", ["third report text"], title="Third evaluation")
    assert (
        runner.invoke(cli, ["ingest", "--db", str(db), "--engine", "pdfium", str(folder)]).exit_code
        == 0
    )
    assert engines_of(db) == {"first.pdf": "pypdf", "second.pdf": "pypdf", "third.pdf": "pdfium"}
    show = runner.invoke(cli, ["show", "third.pdf", "--db", str(db)]).output
    assert "  Read with:        pdfium\n" in show


def test_the_default_engine_is_pdfium(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_pdf(folder / "only.pdf", ["some text"], title="Only evaluation")
    with Catalog(str(tmp_path / "catalog.db")) as catalog:
        catalog.ingest([str(folder)], IngestOptions(jobs=1))
    assert DEFAULT_ENGINE == "pdfium"
    assert engines_of(tmp_path / "catalog.db") == {"only.pdf": "pdfium"}


def test_an_unknown_engine_is_refused(tmp_path: Path) -> None:
    shutil.copy(REPORTS / "cirv-key-findings.pdf", tmp_path / "a.pdf")
    with Catalog(str(tmp_path / "catalog.db")) as catalog, pytest.raises(UsageError) as error:
        catalog.ingest([str(tmp_path / "a.pdf")], IngestOptions(jobs=1, engine="mupdf"))
    assert str(error.value) == "unknown engine 'mupdf': use one of pypdf, pdfium"


@pytest.mark.parametrize("name", sorted(path.name for path in REPORTS.glob("*.pdf")))
def test_both_engines_read_the_shipped_reports_alike(name: str) -> None:
    read = {engine: list(extraction(engine)(str(REPORTS / name))) for engine in ("pypdf", "pdfium")}
    pypdf, pdfium = read["pypdf"], read["pdfium"]
    assert isinstance(pdfium[0], PdfInfo) and isinstance(pypdf[0], PdfInfo)
    assert (pdfium[0].page_count, pdfium[0].title) == (pypdf[0].page_count, pypdf[0].title)
    for ours, theirs in zip(pdfium[1:], pypdf[1:], strict=True):
        assert isinstance(ours, PageText) and isinstance(theirs, PageText)
        assert ours.text.split() == theirs.text.split() or _close(ours.text, theirs.text), name
    assert isinstance(pdfium[1], PageText) and isinstance(pypdf[1], PageText)
    assert pdfium[1].heading == pypdf[1].heading


def _close(one: str, other: str) -> bool:
    """The same words but for a few joined or split at line ends (engines place spaces apart)."""
    return "".join(one.split()) == "".join(other.split())
