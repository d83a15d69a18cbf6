"""Write small real PDFs for tests, with known words on known pages (reportlab + pypdf)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def make_pdf(
    path: Path,
    pages: list[str],
    *,
    heading: str | None = None,
    title: str | None = None,
    author: str | None = None,
    created: datetime | None = None,
    metadata: dict[str, str] | None = None,
) -> Path:
    """One PDF page per string in `pages`; `heading` is set large at the top of page 1.

    Metadata is written only when asked for (reportlab's own defaults are removed), so a test
    can build files with a proper title, a junk title, or none.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    drawn = path.with_suffix(".drawn.pdf")
    sheet = canvas.Canvas(str(drawn), pagesize=A4, invariant=1)
    for number, text in enumerate(pages, start=1):
        y = 800.0
        if number == 1 and heading:
            sheet.setFont("Helvetica-Bold", 24)
            sheet.drawString(50, y, heading)
            y -= 40
        sheet.setFont("Helvetica", 11)
        for line in wrap(text, 90):
            sheet.drawString(50, y, line)
            y -= 14
            if y < 50:
                break
        sheet.showPage()
    sheet.save()
    writer = PdfWriter(clone_from=PdfReader(drawn))
    info: dict[str, str] = dict(metadata or {})
    if title is not None:
        info["/Title"] = title
    if author is not None:
        info["/Author"] = author
    if created is not None:
        info["/CreationDate"] = created.strftime("D:%Y%m%d%H%M%S+00'00'")
    writer._info = None  # drop reportlab's Producer/Creator/dates: only what the test asks for
    if info:
        writer.add_metadata(info)
    with path.open("wb") as handle:
        writer.write(handle)
    drawn.unlink()
    return path


def wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return lines
