"""Catalog's evidence surface: the evidence map and one intervention's key sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import CatalogBase

if TYPE_CHECKING:
    from ..evidence.results import EvidenceMap, InterventionEvidence


class EvidenceSurface(CatalogBase):
    def evidence(self, **filters: Any) -> EvidenceMap:
        """The evidence map of the reports `filters` allow (as `reports` takes them): each
        intervention x EMMIE's dimensions, with how many reports and pages speak to each."""
        from ..evidence.build import evidence_map

        return evidence_map(self.reports(**filters), self.store.sections, self.load_taxonomy())

    def intervention_evidence(
        self, intervention: str, *, sentences: int = 3, **filters: Any
    ) -> InterventionEvidence:
        """One intervention's sections per dimension, with up to `sentences` key sentences
        quoted from them, each with its report and page (evidence/)."""
        from ..evidence.build import intervention_evidence
        from ..evidence.passages import page_texts
        from ..tagging.names import resolve_tag

        taxonomy, reports = self.load_taxonomy(), self.reports(**filters)
        held = {name for report in reports for name in report.tags.get("intervention", [])}
        name = resolve_tag(taxonomy, "intervention", intervention, held)
        pages = lambda report_id: page_texts(self.store.pages(report_id))  # noqa: E731
        return intervention_evidence(name, reports, self.store.sections, pages, taxonomy,
                                     sentences)  # fmt: skip
