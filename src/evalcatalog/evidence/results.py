"""What `Catalog.evidence` returns: the map (interventions x dimensions) and, for one
intervention, each dimension's sections and key sentences, every one with its report and page."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

NONE = "\u2014"  # an empty cell: no report speaks to it


def renamed(data: dict[str, Any], **names: str) -> dict[str, Any]:
    """`data` (asdict of a record) with some keys named as its JSON shape has them, in place."""
    return {names.get(key, key): value for key, value in data.items()}


def page_range(first: int, last: int) -> str:
    """ "p. 4" or "pp. 39\u201345"."""
    return f"p. {first}" if first == last else f"pp. {first}\u2013{last}"


@dataclass(frozen=True)
class DimensionInfo:
    """A dimension as shown: its key name, label and the seed page's questions it answers."""

    name: str
    label: str
    questions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "questions": list(self.questions)}


@dataclass
class SectionEvidence:
    """A report section that speaks to a dimension, and why ("heading '5. Cost ...'")."""

    report_id: int
    citation: str  # "DIVERT technical report"
    heading: str
    first_page: int
    last_page: int
    dimension: str
    reason: str

    @property
    def pages(self) -> str:
        return page_range(self.first_page, self.last_page)

    def to_dict(self) -> dict[str, Any]:
        return renamed(asdict(self), citation="report")


@dataclass
class KeySentence:
    """A sentence quoted from a report that states a finding, with its page and section."""

    report_id: int
    citation: str
    page: int
    heading: str
    dimension: str
    text: str
    reason: str

    @property
    def cite(self) -> str:
        return f"({self.citation}, p. {self.page})"

    def to_dict(self) -> dict[str, Any]:
        return renamed(asdict(self), citation="report", heading="section")


@dataclass
class MapCell:
    """How many reports (and of their pages) speak to one dimension of one intervention."""

    dimension: str
    reports: int = 0
    pages: int = 0

    @property
    def text(self) -> str:
        if not self.reports:
            return NONE
        return f"{self.reports} ({self.pages} pp.)"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MapRow:
    intervention: str
    reports: int
    cells: list[MapCell] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "intervention": self.intervention,
            "reports": self.reports,
            "cells": {cell.dimension: cell.to_dict() for cell in self.cells},
        }


@dataclass
class EvidenceMap:
    """Interventions x dimensions, like the Crime Reduction Toolkit's landing page."""

    dimensions: list[DimensionInfo]
    rows: list[MapRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dimensions": [dimension.to_dict() for dimension in self.dimensions],
            "rows": [row.to_dict() for row in self.rows],
        }


@dataclass
class DimensionEvidence:
    dimension: DimensionInfo
    sections: list[SectionEvidence] = field(default_factory=list)
    sentences: list[KeySentence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.dimension.to_dict(),
            "sections": [section.to_dict() for section in self.sections],
            "sentences": [sentence.to_dict() for sentence in self.sentences],
        }


@dataclass
class InterventionEvidence:
    """One intervention's evidence: its reports, then each dimension's sections and sentences."""

    intervention: str
    reports: list[tuple[int, str]] = field(default_factory=list)  # (id, citation)
    dimensions: list[DimensionEvidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "intervention": self.intervention,
            "reports": [{"id": id_, "report": citation} for id_, citation in self.reports],
            "dimensions": [dimension.to_dict() for dimension in self.dimensions],
        }
