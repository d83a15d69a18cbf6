"""The evidence map and an intervention's evidence as rows (for CSV and JSON lines) and as a
Markdown briefing an analyst can paste: every statement quoted from a report with its page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .results import NONE, EvidenceMap, InterventionEvidence, page_range


def map_columns(evidence: EvidenceMap) -> list[str]:
    names = [d.name for d in evidence.dimensions]
    return ["intervention", "reports", *[f"{n} {what}" for n in names for what in
                                          ("reports", "pages")]]  # fmt: skip


def map_rows(evidence: EvidenceMap) -> list[dict[str, Any]]:
    """One row per intervention: its reports, and per dimension its reports and pages."""
    rows = []
    for row in evidence.rows:
        flat: dict[str, Any] = {"intervention": row.intervention, "reports": row.reports}
        for cell in row.cells:
            flat[f"{cell.dimension} reports"] = cell.reports
            flat[f"{cell.dimension} pages"] = cell.pages
        rows.append(flat)
    return rows


DETAIL_COLUMNS = ("intervention", "dimension", "item", "report_id", "report", "pages",
                  "heading", "text", "reason")  # fmt: skip


def detail_rows(items: Sequence[InterventionEvidence]) -> list[dict[str, Any]]:
    """One row per section and per key sentence, dimension by dimension."""
    rows: list[dict[str, Any]] = []
    for evidence in items:
        for dimension in evidence.dimensions:
            base = {"intervention": evidence.intervention, "dimension": dimension.dimension.name}
            rows += [{**base, "item": "section", "report_id": s.report_id, "report": s.citation,
                      "pages": s.pages, "heading": s.heading, "text": "", "reason": s.reason}
                     for s in dimension.sections]  # fmt: skip
            rows += [{**base, "item": "sentence", "report_id": s.report_id, "report": s.citation,
                      "pages": f"p. {s.page}", "heading": s.heading, "text": s.text,
                      "reason": s.reason} for s in dimension.sentences]  # fmt: skip
    return rows


def markdown_cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def map_markdown(evidence: EvidenceMap) -> str:
    """The map as a Markdown table: each cell "reports (pages)" or a dash."""
    header = ["Intervention", "Reports", *[d.label for d in evidence.dimensions]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in evidence.rows:
        cells = [markdown_cell(row.intervention), str(row.reports),
                 *[cell.text for cell in row.cells]]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def intervention_markdown(evidence: InterventionEvidence) -> str:
    """One intervention's briefing: per dimension, its sections and quoted sentences."""
    cited = "; ".join(citation for _, citation in evidence.reports) or "no reports"
    parts = [f"## {markdown_cell(evidence.intervention)}", "",
             f"From {len(evidence.reports)} report{'s' if len(evidence.reports) != 1 else ''}: "
             f"{markdown_cell(cited)}."]  # fmt: skip
    for dimension in evidence.dimensions:
        info = dimension.dimension
        questions = "; ".join(info.questions)
        parts += ["", f"### {info.label}" + (f" ({questions})" if questions else ""), ""]
        if not dimension.sections:
            parts.append(f"{NONE} No section of these reports speaks to this.")
            continue
        where = "; ".join(f"{markdown_cell(s.citation)}, \u201c{markdown_cell(s.heading)}\u201d "
                          f"({page_range(s.first_page, s.last_page)})"
                          for s in dimension.sections)  # fmt: skip
        parts.append(f"Sections: {where}.")
        if dimension.sentences:
            parts.append("")
        parts += [f"- \u201c{markdown_cell(s.text)}\u201d {markdown_cell(s.cite)}"
                  for s in dimension.sentences]  # fmt: skip
    return "\n".join(parts)


def briefing_markdown(
    items: Sequence[InterventionEvidence], evidence_map: EvidenceMap | None = None
) -> str:
    """The whole briefing: a title, the map if given, then each intervention."""
    title = items[0].intervention if len(items) == 1 else "interventions"
    parts = [f"# Evidence briefing: {markdown_cell(title)}", "",
             "Every statement below is quoted from the reports, with the page it is on; the "
             "sections are those whose headings name each question (effect, mechanism, "
             "moderators, implementation, economic cost)."]  # fmt: skip
    if evidence_map is not None and evidence_map.rows:
        parts += ["", map_markdown(evidence_map)]
    for evidence in items:
        parts += ["", intervention_markdown(evidence)]
    return "\n".join(parts) + "\n"
