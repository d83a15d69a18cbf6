"""Scanned reports (issue 16): pages with images and no text are recorded as such, reported,
and read by Tesseract with `ingest --ocr` or `ocr`, after which search finds their words on
the right pages. PDFs generated here: text drawn into an image (PIL) placed on a page
(reportlab), beside pages with ordinary text."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from starlette.testclient import TestClient

from evalcatalog import Catalog
from evalcatalog.cli import cli
from evalcatalog.web import create_app

HAVE_TESSERACT = shutil.which("tesseract") is not None
EVALCATALOG = Path(sys.executable).parent / "evalcatalog"
needs_tesseract = pytest.mark.skipif(
    not HAVE_TESSERACT, reason="Tesseract is not installed (apt-get install tesseract-ocr)"
)
MISSING = (
    "Error: OCR needs Tesseract, which is not installed: install it (Debian/Ubuntu: "
    "apt-get install tesseract-ocr) and run again\n"
)


def text_image(path: Path, lines: list[str]) -> None:
    """Black words on white, large enough to read at 300 dpi."""
    image = Image.new("L", (1700, 120 + 110 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=64)
    for index, line in enumerate(lines):
        draw.text((60, 60 + 110 * index), line, fill=0, font=font)
    image.save(path)


def scanned_pdf(path: Path, pages: list[str | list[str]]) -> Path:
    """A page per item: a string is a text page; a list of lines is a page that is an image."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle("Scanned evaluation of school visits")
    for number, page in enumerate(pages, 1):
        if isinstance(page, str):
            pdf.drawString(72, 720, page)
        else:
            image = path.with_name(f"{path.stem}-{number}.png")
            text_image(image, page)
            pdf.drawImage(str(image), 40, 500, width=515, height=515 * 0.0706 * (1 + len(page)))
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    scanned_pdf(reports / "mixed.pdf", ["an ordinary typed page about custody",
                                        ["Tangerine lighthouse", "orchestra findings"],
                                        "another typed page", ["Marmalade volcano"]])  # fmt: skip
    scanned_pdf(reports / "typed.pdf", ["only typed words here"])
    return reports


def ingest(db: Path, folder: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), "--jobs", "2", *args, "--json",
                                      str(folder)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def page_rows(db: Path) -> list[tuple[str, int, int, str | None, bool]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            """select r.file_name, p.page_no, p.no_text_layer, p.source, p.confidence > 50
               from pages p join reports r on r.id = p.report_id order by 1, 2"""
        ).fetchall()
    return [(name, number, flag, source, bool(sure)) for name, number, flag, source, sure in rows]


def found_pages(db: Path, query: str) -> list[tuple[str, list[int]]]:
    with Catalog(str(db)) as catalog:
        hits = catalog.search(query).hits
        names = {report.id: report.file_name for report in catalog.reports()}
    return [(names[hit.report_id], [page.page for page in hit.pages]) for hit in hits]


@pytest.mark.parametrize("engine", ["pypdf", "pdfium"])
def test_pages_without_text_are_found_and_reported(
    folder: Path, tmp_path: Path, engine: str
) -> None:
    db = tmp_path / "catalog.db"
    summary = ingest(db, folder, "--engine", engine)
    assert summary["no_text_layer"] == {"pages": 2, "reports": 1}
    assert [(name, number, flag) for name, number, flag, _, _ in page_rows(db)] == [
        ("mixed.pdf", 1, 0), ("mixed.pdf", 2, 1), ("mixed.pdf", 3, 0), ("mixed.pdf", 4, 1),
        ("typed.pdf", 1, 0),
    ]  # fmt: skip
    assert found_pages(db, "tangerine") == []
    text = CliRunner().invoke(cli, ["ingest", "--db", str(db), "--force", str(folder)]).output
    assert text.splitlines()[-1] == (
        "2 pages in 1 report have no text layer (scans) and search cannot see them: run "
        "`evalcatalog ocr --all` (Tesseract) to read them"
    )


def test_stats_check_show_and_search_name_the_scans(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    ingest(db, folder)
    with Catalog(str(db)) as catalog:
        mixed = catalog.find_report("mixed.pdf").id
    listed = [
        "Pages without text (scans; `evalcatalog ocr --all` reads them): 2",
        f"  {mixed:>5}  Scanned evaluation of school visits  (2 pages)",
    ]
    for command in (["stats"], ["check"]):
        output = CliRunner().invoke(cli, [*command, "--db", str(db)]).output
        assert output.splitlines()[-len(listed) - (command == ["stats"]) * 2 :][:2] == listed
    show = CliRunner().invoke(cli, ["show", "mixed.pdf", "--db", str(db)]).output
    assert "  Read with:        pdfium\n" in show
    assert "  No text layer:    pages 2, 4 (scans: `evalcatalog ocr` reads them)\n" in show
    found = CliRunner().invoke(cli, ["search", "custody", "--db", str(db)]).output
    assert found.endswith(
        "\n\n1 report has pages without text that search cannot see: `evalcatalog ocr --all` "
        "reads them\n"
    )


@needs_tesseract
def test_ingest_ocr_makes_scanned_words_searchable_on_their_pages(
    folder: Path, tmp_path: Path
) -> None:
    db = tmp_path / "catalog.db"
    summary = ingest(db, folder, "--ocr")
    assert summary["no_text_layer"] == {"pages": 0, "reports": 0}
    ocr = summary["ocr"]
    assert isinstance(ocr, dict) and (ocr["reports"], ocr["pages"], ocr["failed"]) == (1, 2, [])
    assert page_rows(db) == [
        ("mixed.pdf", 1, 0, None, False), ("mixed.pdf", 2, 1, "ocr", True),
        ("mixed.pdf", 3, 0, None, False), ("mixed.pdf", 4, 1, "ocr", True),
        ("typed.pdf", 1, 0, None, False),
    ]  # fmt: skip
    assert found_pages(db, "tangerine lighthouse") == [("mixed.pdf", [2])]
    assert found_pages(db, "marmalade") == [("mixed.pdf", [4])]
    assert found_pages(db, "custody") == [("mixed.pdf", [1])]


@needs_tesseract
def test_the_ocr_command_reads_catalogued_reports_once(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    ingest(db, folder)
    result = CliRunner().invoke(cli, ["ocr", "--db", str(db), "mixed.pdf", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pages"] == 2
    assert found_pages(db, "orchestra") == [("mixed.pdf", [2])]
    again = CliRunner().invoke(cli, ["ocr", "--db", str(db), "--all"])
    assert again.exit_code == 0, again.output
    assert again.output.startswith("OCR: 0 pages of 0 reports read, 0 words")
    every = CliRunner().invoke(cli, ["ocr", "--db", str(db), "typed.pdf", "--every-page"])
    assert every.output.startswith("OCR: 1 page of 1 report read"), every.output
    assert found_pages(db, "typed words") == [("typed.pdf", [1])]


def test_a_missing_tesseract_is_one_line_saying_how_to_install_it(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-binaries-here"))
    db = tmp_path / "catalog.db"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), "--ocr", str(folder)])
    assert (result.exit_code, result.output) == (1, MISSING)
    assert not db.exists() or page_rows(db) == []


# --- progress: a bar of pages on a terminal, nothing in a pipe or with --json ----------------


class Recorder:
    """An OcrProgress that remembers what it was told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def start(self, total: int) -> None:
        self.calls.append(("start", total))

    def advance_by(self, count: int) -> None:
        self.calls.append(("advance", count))


@needs_tesseract
def test_ocr_reports_its_progress_in_pages(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    ingest(db, folder)
    progress = Recorder()
    with Catalog(str(db)) as catalog:
        result = catalog.ocr(None, jobs=2, progress=progress)
    assert result.pages == 2
    assert progress.calls == [("start", 2), ("advance", 1), ("advance", 1)]


FULL = "[####################################]  100%"  # a finished bar


def on_a_terminal(command: list[str]) -> tuple[int, str, str]:
    """Run `command` with its stderr on a pseudo-terminal: exit code, stdout, what stderr showed."""
    parent, child = pty.openpty()
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=child, timeout=120)
        os.close(child)
        shown = b""
        while select.select([parent], [], [], 0.2)[0]:
            try:
                chunk = os.read(parent, 65536)
            except OSError:  # the terminal closed with nothing more to read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(parent)
    return done.returncode, done.stdout.decode(), shown.decode()


@needs_tesseract
def test_ingest_ocr_shows_a_bar_for_the_files_then_one_for_the_pages(
    folder: Path, tmp_path: Path
) -> None:
    command = [str(EVALCATALOG), "ingest", "--db", str(tmp_path / "tty.db"), "--ocr", str(folder)]
    code, stdout, shown = on_a_terminal(command)
    assert code == 0, stdout
    assert (
        shown.index(f"Ingesting  {FULL}") < shown.index("OCR  [---") < shown.index(f"OCR  {FULL}")
    )
    assert "OCR: 2 pages of 1 report read" in stdout and "100%" not in stdout


@needs_tesseract
def test_the_ocr_command_shows_its_bar_on_a_terminal_only(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    ingest(db, folder)
    code, stdout, shown = on_a_terminal([str(EVALCATALOG), "ocr", "--db", str(db), "mixed.pdf",
                                         "--every-page", "--json"])  # fmt: skip
    assert (code, shown) == (0, "")  # --json: no bar
    assert json.loads(stdout)["pages"] == 4
    code, stdout, shown = on_a_terminal(
        [str(EVALCATALOG), "ocr", "--db", str(db), "mixed.pdf", "--every-page"]
    )
    assert code == 0 and stdout.startswith("OCR: 4 pages of 1 report read")
    assert "OCR  [---" in shown and f"OCR  {FULL}" in shown
    piped = subprocess.run([str(EVALCATALOG), "ocr", "--db", str(db), "--all"],
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert (piped.returncode, piped.stderr) == (0, "")


def test_search_json_and_the_search_page_count_what_search_cannot_see(
    folder: Path, tmp_path: Path
) -> None:
    db = tmp_path / "catalog.db"
    ingest(db, folder)
    found = CliRunner().invoke(cli, ["search", "custody", "--db", str(db), "--json"])
    data = json.loads(found.stdout)
    assert data["no_text_layer"] == {"pages": 2, "reports": 1}
    assert (data["total"], data["hits"][0]["pages"][0]["page"]) == (1, 1)  # the rest as before
    note = (
        '<p class="unread">1 report has pages without text that search cannot see: scans, '
        "until <code>evalcatalog ocr --all</code> reads them.</p>"
    )
    with TestClient(create_app(str(db))) as client:
        assert note in client.get("/", params={"q": "custody"}).text
        assert note not in client.get("/").text  # said beside results, not on the start page
    typed = tmp_path / "typed-only"
    typed.mkdir()
    shutil.copy2(folder / "typed.pdf", typed / "typed.pdf")
    typed_only = tmp_path / "typed.db"
    ingest(typed_only, typed)
    found = CliRunner().invoke(cli, ["search", "typed", "--db", str(typed_only), "--json"])
    assert json.loads(found.stdout)["no_text_layer"] == {"pages": 0, "reports": 0}
    with TestClient(create_app(str(typed_only))) as client:
        assert 'class="unread"' not in client.get("/", params={"q": "typed"}).text
