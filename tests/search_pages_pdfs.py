"""Generated reports (reportlab) whose best page for a query is known: a running header that
names the query's word on every page, a contents page, chapters under numbered headings, a
reference list and an appendix; and short reports for ranking between reports."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HEADER = "Cost review: evaluation report"  # furniture: on every page but the cover
FILLER = (
    "Officers in the pilot area met weekly with youth workers to plan visits.",
    "Referrals came from schools, social care and the police themselves.",
    "The evaluation team interviewed twelve practitioners about delivery.",
)
COST_REVIEW = [
    ["Cost review", "An evaluation of the pilot", "Published 6 July 2021"],
    ["Contents", "1. Introduction ........................ 3",
     "2. Cost effectiveness ........................ 4", "3. Impact ........................ 6",
     "References ........................ 8", "Appendix A: Tables ........................ 9"],
    ["1. Introduction", *FILLER, "Chapter 2 covers cost effectiveness in full."],
    ["2. Cost effectiveness", "The cost of the pilot was twelve thousand pounds.", *FILLER,
     "Staff time was the largest cost. The cost per participant was four hundred pounds.",
     "Overall cost was close to the budget."],
    [*FILLER, "Training added little cost. Savings were hard to count against cost."],
    ["3. Impact", *FILLER, "Arrests fell among young people in the pilot area."],
    ["Young people valued their mentors. Young people stayed in school.", *FILLER,
     "Mentors said young people trusted them."],
    ["References", "Smith J (2020) The cost of youth work. London: Home Office.",
     "Jones K (2019) Young people and knife crime. Policing, 3(2), pp 1-10.",
     "Ward L (2018) Evaluating mentoring. Journal of Crime, 10(1), pp 11-20."],
    ["Appendix A: Tables", "Table A1 Cost by month of the pilot.", *FILLER[:1]],
]  # fmt: skip


def draw_report(path: Path, pages: list[list[str]], header: str | None = HEADER) -> Path:
    """One page per list of lines; `header` and a "Page N of M" footer on every page but the
    first; numbered short lines set in bold, as headings are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        if number > 1 and header:
            sheet.setFont("Helvetica", 8)
            sheet.drawString(72, height - 40, header)
            sheet.drawCentredString(width / 2, 30, f"Page {number} of {len(pages)}")
        y = height - 90
        for line in lines:
            heading = line[:1].isdigit() and len(line) < 30 and "." in line[:4]
            sheet.setFont("Helvetica-Bold" if heading else "Helvetica", 11)
            sheet.drawString(72, y, line)
            y -= 20
        sheet.showPage()
    sheet.save()
    return path
