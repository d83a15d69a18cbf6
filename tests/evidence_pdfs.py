"""Generated reports for the evidence tests: known sections under varied headings (numbered or
not, in bookmarks or only in the text), known finding sentences among distractors that carry
numbers (dates, page references, tables, figures, ages, sample sizes), with running headers,
hyphenated line breaks and bullet lists, as real reports have."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

FINDINGS = {
    "effect": [
        "Reoffending fell by 12% among participants compared with the comparison group.",
        "There was a 23 per cent reduction in recorded violent crime in the pilot area.",
        "The difference in re-arrest rates was statistically significant (p < 0.01).",
        "There was no significant difference in school exclusions between the two groups.",
        "The evaluation found that participants were less likely to be arrested again.",
        "There was no evidence that the scheme displaced crime to neighbouring areas.",
        "The effect size was small, with a 95% confidence interval from 0.02 to 0.22.",
        "Calls for service from the targeted addresses dropped from 410 to 296.",
    ],
    "mechanism": [
        "The findings suggest that trusted relationships with mentors were the route to change.",
        "Interviewees identified early contact as the most important factor in engagement.",
    ],
    "implementation": [
        "Implementation took longer than planned because of delays in recruiting staff.",
        "The evaluation found that delivery was consistent with the model in all three sites.",
        "Practitioners described joint training as essential to consistent delivery.",
    ],
    "moderators": [
        "The results suggest that the scheme worked better in urban areas than in rural ones.",
        "Effects were larger for girls, whose reoffending was 15% lower than the comparison.",
        "There was limited evidence that the approach would transfer to other crime types.",
    ],
    "economic cost": [
        "The cost per participant was £1,250, against estimated savings of £3,400.",
        "The benefit-cost ratio was 2.7, so every £1 spent returned £2.70 in avoided costs.",
        "Total delivery costs came to £412,000 over the two years of the pilot.",
        "The break-even point was reached after preventing 14 burglaries.",
        "The programme was cost effective under all of the scenarios that were tested.",
    ],
}
DISTRACTORS = [
    "The evaluation ran from 1 April 2019 to 31 March 2021.",
    "Table 2 sets out the characteristics of the sample.",
    "Figure 3 shows the referral pathway in each of the 3 sites.",
    "Details of the matching are given on page 14 and in Section 5.2.",
    "Young people aged 10 to 17 were eligible for referral to the scheme.",
    "Interviews were held with 24 practitioners and 12 young people in July 2020.",
    "The service operated from 9am to 5pm on weekdays.",
    "Data were drawn from the force's records management system.",
    "Chapter 4 describes the costs of the scheme in more detail.",
    "See Appendix B (p. 42) for the full list of outcomes measured.",
    "The steering group met 6 times during the first year.",
    "Officers completed a 2-day training course in January 2020.",
    "The cohort comprised 318 young people, most of whom were male.",
    "Outcomes were measured at 6 and 12 months after referral.",
    "Each case was reviewed after 12 weeks by a supervisor, e.g. a sergeant.",
    "Referrals were received from schools, social care and No. 3 Division.",
]


@dataclass
class Section:
    heading: str
    dimension: str | None  # what the heading should map to (None: nothing)
    findings: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    first_page: int = 0  # where it was drawn (write_report fills these in)
    last_page: int = 0


@dataclass
class Generated:
    path: Path
    title: str
    sections: list[Section]
    bookmarks: bool


def body_for(section: Section, seed: int) -> list[str]:
    """The section's paragraphs: its findings interleaved with distractors."""
    sentences: list[str] = []
    for index, finding in enumerate(section.findings):
        sentences.append(DISTRACTORS[(seed + 2 * index) % len(DISTRACTORS)])
        sentences.append(finding)
        sentences.append(DISTRACTORS[(seed + 2 * index + 1) % len(DISTRACTORS)])
    if not section.findings:
        sentences = [DISTRACTORS[(seed + i) % len(DISTRACTORS)] for i in range(4)]
    half = len(sentences) // 2
    return [" ".join(sentences[:half]), " ".join(sentences[half:])]


def wrap_hyphenated(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters; a long word that does not fit is split with a
    hyphen, as typesetting does."""
    lines, line = [], ""
    for word in text.split():
        room = width - len(line) - 1
        if line and len(word) > room:
            if len(word) >= 10 and room >= 5 and word.isalpha():
                cut = min(room - 1, len(word) - 4)
                lines.append(f"{line} {word[:cut]}-")
                line = word[cut:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


class Writer:
    """Draws a report page by page: a running header and footer on every page."""

    def __init__(self, path: Path, title: str) -> None:
        self.sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        self.sheet.setTitle(title)
        self.title, self.page, self.y = title, 1, 0.0
        self.start_page()

    def start_page(self) -> None:
        self.sheet.setFont("Helvetica", 8)
        self.sheet.drawString(50, 810, f"{self.title} | Evaluation report")
        self.sheet.drawString(50, 30, f"Page {self.page}")
        self.y = 780.0

    def new_page(self) -> None:
        self.sheet.showPage()
        self.page += 1
        self.start_page()

    def need(self, height: float) -> None:
        if self.y - height < 60:
            self.new_page()

    def heading(self, text: str, bookmark: str | None) -> None:
        self.need(60)
        if bookmark:
            self.sheet.bookmarkPage(bookmark)
            self.sheet.addOutlineEntry(text, bookmark, level=0)
        self.sheet.setFont("Helvetica-Bold", 15)
        self.sheet.drawString(50, self.y, text)
        self.y -= 26

    def lines(self, lines: list[str], indent: float = 0) -> None:
        self.sheet.setFont("Helvetica", 11)
        for line in lines:
            self.need(16)
            self.sheet.drawString(50 + indent, self.y, line)
            self.y -= 14
        self.y -= 8

    def save(self) -> None:
        self.sheet.save()


def write_report(path: Path, title: str, sections: list[Section], bookmarks: bool) -> Generated:
    writer = Writer(path, title)
    writer.sheet.setFont("Helvetica-Bold", 22)
    writer.sheet.drawString(50, 700, title)
    writer.new_page()
    for number, section in enumerate(sections):
        if number and number % 2 == 0:
            writer.new_page()  # some sections start a page, some share one
        writer.heading(section.heading, f"s{number}" if bookmarks else None)
        section.first_page = writer.page
        for paragraph in body_for(section, number * 3):
            writer.lines(wrap_hyphenated(paragraph, 80))
        for bullet in section.bullets:
            text = wrap_hyphenated(bullet, 76)
            writer.lines(["\u2022 " + text[0], *["  " + line for line in text[1:]]])
        section.last_page = writer.page
    writer.save()
    return Generated(path, title, sections, bookmarks)
