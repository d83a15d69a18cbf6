"""A generated report with known structure (reportlab): a cover with its date, a contents
page with dot leaders, numbered chapters and a sub-heading, a numbered list that is not a
heading, references and an appendix; a running header and a "Page N of M" footer on every
page but the cover; bookmarks if asked for."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HEADER = "Knife crime review: evaluation report"
PROSE = (
    "Officers in the pilot area met weekly with youth workers to plan visits.",
    "Referrals came from schools, social care and the police themselves.",
    "The evaluation team interviewed twelve practitioners about delivery.",
)
COVER = ["Knife crime review", "An evaluation of the pilot", "Published 6 July 2021"]
CONTENTS = [
    "Contents",
    "1. Introduction ........................ 3",
    "2. Method ........................ 4",
    "3. Findings ........................ 5",
    "3.1 Arrests ........................ 5",
    "References ........................ 7",
    "Appendix A: Survey questions ........................ 8",
]
# Page texts as drawn, top to bottom, without header and footer (pages 2-8 carry both).
PAGES = [
    COVER,
    CONTENTS,
    ["1. Introduction", *PROSE, "Mentoring sessions ran for twelve weeks."],
    ["2. Method", *PROSE[::-1], "Interviews were transcribed in full."],
    ["3. Findings", *PROSE, "Arrests fell in the pilot area.", "3.1 Arrests", *PROSE[1:]],
    [*PROSE, "Three lessons stand out.", "1. Officers need time", "Training took two days."],
    [
        "References",
        "Brennan IR (2019) Weapon-carrying and the reduction of violent harm. Policing, 3(2).",
        "Smith J and Jones K (2020) Youth diversion. London: Home Office.",
        "Ward L et al. (2018) Evaluating mentoring. Journal of Crime, 10(1), pp 1-10.",
    ],
    ["Appendix A: Survey questions", "Q1 How often did you meet your mentor?", "Q2 Why?"],
]
OUTLINE = [  # (level, title, page): the bookmarks, when the file has them
    (1, "Introduction", 3), (1, "Method", 4), (1, "Findings", 5), (2, "Arrests", 5),
    (1, "References", 7), (1, "Appendix A", 8),
]  # fmt: skip


def make_structured_pdf(path: Path, *, bookmarks: bool = False) -> Path:
    """The report, with no document info (so no date but the one on its cover)."""
    drawn = path.with_suffix(".drawn.pdf")
    draw(drawn, bookmarks)
    writer = PdfWriter(clone_from=PdfReader(drawn))
    drawn.unlink()
    writer._info = None  # reportlab's dates (2000-01-01 when invariant) would win over the text
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def draw(path: Path, bookmarks: bool) -> None:
    sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for number, lines in enumerate(PAGES, start=1):
        if number > 1:
            sheet.setFont("Helvetica", 8)
            sheet.drawString(72, height - 40, HEADER)
            sheet.drawCentredString(width / 2, 30, f"Page {number} of {len(PAGES)}")
        y = height - 90
        for line in lines:
            heading = line[:1].isdigit() and len(line) < 20 and "." in line[:4]
            sheet.setFont("Helvetica-Bold" if heading else "Helvetica", 11)
            sheet.drawString(72, y, line)
            y -= 20
        if bookmarks:
            for level, title, page in OUTLINE:
                if page == number:
                    key = f"{title}-{page}"
                    sheet.bookmarkPage(key)
                    sheet.addOutlineEntry(title, key, level=level - 1)
        sheet.showPage()
    sheet.save()
