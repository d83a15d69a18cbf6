"""Reports and their sections -> the evidence map, and one intervention's evidence.

Both are worked out when asked for, from the stored sections and pages: the map reads only
sections (a heading match per section), and an intervention's key sentences read only the pages
of its mapped sections, so nothing needs storing at ingest and a changed taxonomy applies at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from ..models import Report
from ..tagging.dimensions import Dimension, heading_dimensions, strip_numbering
from ..tagging.taxonomy import Taxonomy
from .findings import findings
from .passages import SectionLike, body_pages, page_sentences, section_pages
from .results import (
    DimensionEvidence,
    DimensionInfo,
    EvidenceMap,
    InterventionEvidence,
    KeySentence,
    MapCell,
    MapRow,
    SectionEvidence,
    page_range,
)

SectionsOf = Callable[[int], Sequence[SectionLike]]  # report id -> its sections, in order
PagesOf = Callable[[int], dict[int, str]]  # report id -> {page number: text}
NO_INTERVENTION = "(no intervention)"
# The kinds of finding (findings.py) that can speak to a dimension of the default taxonomy:
# a "Key findings" section mapped to effect also holds costs and delivery, which are not effects.
# Other dimensions (and a user's own) take every kind.
PREFERRED = {
    "effect": ("number with outcome", "statistical language", "conclusion"),
    "economic cost": ("cost or saving", "conclusion"),
}
ALIKE = 85  # rapidfuzz token_set_ratio: sentences this alike are one finding told twice
METHODS = re.compile(
    r"^(?:(?:research|evaluation|study) design|methodology|methods?|data and methods)\b|"
    r"^(?:data|evaluation) (?:sources|questions)\b|^limitations\b",
    re.IGNORECASE,
)


def dimension_info(dimension: Dimension) -> DimensionInfo:
    return DimensionInfo(dimension.name, dimension.label, dimension.questions)


def citation(report: Report, taxonomy: Taxonomy) -> str:
    """How a briefing cites a report: "DIVERT technical report", else its title."""
    interventions = report.tags.get("intervention", [])
    types = report.tags.get("type", [])
    if not interventions or not types:
        return report.title
    entry = taxonomy.entry("intervention", interventions[0])
    short = (entry.acronym if entry and entry.acronym else None) or re.sub(
        r"\s*\([^)]*\)\s*$", "", interventions[0]
    )
    kind = re.sub(r"^full\s+", "", types[0].lower()).split(" and ")[0]
    return f"{short} {kind}"


def mapped_sections(
    report: Report, sections: Sequence[SectionLike], taxonomy: Taxonomy
) -> list[tuple[int, SectionEvidence]]:
    """(index in `sections`, its evidence) for each section a dimension's rules claim; a
    subsection of a section already mapped to the same dimension is left to its parent."""
    cite = citation(report, taxonomy)
    found: list[tuple[int, SectionEvidence]] = []
    for index, section in enumerate(sections):
        if in_methods(sections, index):
            continue
        for dimension, words in heading_dimensions(taxonomy.dimensions, section.title):
            if any(inside(sections[i], section) for i, e in found if e.dimension == dimension.name):
                continue
            pages = page_range(section.first_page, section.last_page)
            reason = f"heading '{section.title}' ({pages}) says '{words}'"
            evidence = SectionEvidence(report.id, cite, section.title, section.first_page,
                                       section.last_page, dimension.name, reason)  # fmt: skip
            found.append((index, evidence))
    return found


def in_methods(sections: Sequence[SectionLike], index: int) -> bool:
    """Whether a section is, or lies within, an account of the evaluation's own methods:
    "2.3 Impact evaluation" under "2. Methodology" says how impact was measured, not what."""
    section = sections[index]
    parents = [s for s in sections[:index] if inside(s, section)]
    return any(METHODS.search(strip_numbering(s.title)) for s in [section, *parents])


def inside(parent: SectionLike, child: SectionLike) -> bool:
    return (
        parent.level < child.level
        and parent.first_page <= child.first_page
        and child.last_page <= parent.last_page
    )


def report_order(reports: Sequence[Report], taxonomy: Taxonomy) -> list[Report]:
    """Key findings before technical reports before the rest (taxonomy order), then by title."""
    types = taxonomy.names("type")

    def key(report: Report) -> tuple[int, str, int]:
        kind = (report.tags.get("type") or [""])[0]
        return (types.index(kind) if kind in types else len(types), report.title, report.id)

    return sorted(reports, key=key)


def evidence_map(
    reports: Sequence[Report], sections_of: SectionsOf, taxonomy: Taxonomy
) -> EvidenceMap:
    """Each intervention of the reports (taxonomy order) x each dimension: reports and pages."""
    dimensions = taxonomy.dimensions
    result = EvidenceMap([dimension_info(d) for d in dimensions])
    names = [n for n in taxonomy.names("intervention")]
    names += sorted({n for r in reports for n in r.tags.get("intervention", [])} - set(names))
    groups = {
        name: [r for r in reports if name in r.tags.get("intervention", [])] for name in names
    }
    groups[NO_INTERVENTION] = [r for r in reports if not r.tags.get("intervention")]
    mapped = {r.id: mapped_sections(r, sections_of(r.id), taxonomy) for r in reports}
    for name, members in groups.items():
        if not members:
            continue
        row = MapRow(name, len(members))
        for dimension in dimensions:
            spans = [(e.report_id, e.first_page, e.last_page) for r in members
                     for _, e in mapped[r.id] if e.dimension == dimension.name]  # fmt: skip
            pages = {(id_, page) for id_, first, last in spans for page in range(first, last + 1)}
            row.cells.append(MapCell(dimension.name, len({id_ for id_, _ in pages}), len(pages)))
        result.rows.append(row)
    return result


def intervention_evidence(
    name: str,
    reports: Sequence[Report],
    sections_of: SectionsOf,
    pages_of: PagesOf,
    taxonomy: Taxonomy,
    limit: int = 3,
) -> InterventionEvidence:
    """The sections of each dimension and up to `limit` key sentences from them."""
    members = report_order([r for r in reports if name in r.tags.get("intervention", [])], taxonomy)
    result = InterventionEvidence(name, [(r.id, citation(r, taxonomy)) for r in members])
    per_dimension = {d.name: DimensionEvidence(dimension_info(d)) for d in taxonomy.dimensions}
    candidates: dict[str, list[tuple[int, int, KeySentence]]] = {d: [] for d in per_dimension}
    for order, report in enumerate(members):
        sections = sections_of(report.id)
        mapped = mapped_sections(report, sections, taxonomy)
        pages = body_pages(pages_of(report.id)) if mapped and limit else {}
        for index, evidence in mapped:
            per_dimension[evidence.dimension].sections.append(evidence)
            for sentence in section_sentences(sections, index, pages, evidence):
                candidates[evidence.dimension].append((order, sentence.page, sentence))
    for dimension_name, found in candidates.items():
        preferred = PREFERRED.get(dimension_name, ())
        per_dimension[dimension_name].sentences = best_sentences(found, limit, preferred)
    result.dimensions = list(per_dimension.values())
    return result


def section_sentences(
    sections: Sequence[SectionLike], index: int, pages: dict[int, str], evidence: SectionEvidence
) -> list[KeySentence]:
    """The finding sentences of one mapped section."""
    parts = section_pages(sections, index, pages)
    placed = {item.sentence: item.page for item in page_sentences(parts)}
    return [
        KeySentence(evidence.report_id, evidence.citation, placed[f.sentence],
                    evidence.heading, evidence.dimension, f.sentence.text, f.reason)
        for f in findings(list(placed))
    ]  # fmt: skip


def best_sentences(
    found: list[tuple[int, int, KeySentence]], limit: int, preferred: tuple[str, ...]
) -> list[KeySentence]:
    """Up to `limit` sentences, no two alike, of the kinds `preferred` for the dimension if
    any: most kinds of evidence first, then the kind preferred first, then report and page."""

    def fits(item: tuple[int, int, KeySentence]) -> bool:
        return not preferred or any(r.startswith(preferred) for r in item[2].reason.split("; "))

    def rank(item: tuple[int, int, KeySentence]) -> tuple[int, int, int, int]:
        reasons = item[2].reason.split("; ")
        kinds = [i for i, kind in enumerate(preferred) for r in reasons if r.startswith(kind)]
        return (-len(reasons), min(kinds, default=0), item[0], item[1])

    chosen: list[KeySentence] = []
    keys: list[str] = []
    for _, _, sentence in sorted(filter(fits, found), key=rank):
        key = " ".join(re.findall(r"\w+", sentence.text.casefold()))
        if all(fuzz.token_set_ratio(key, other) < ALIKE for other in keys):
            keys.append(key)
            chosen.append(sentence)
        if len(chosen) >= limit:
            break
    return chosen
