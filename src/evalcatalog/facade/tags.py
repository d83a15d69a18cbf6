"""Catalog's tagging surface: the taxonomy, a report's tags, manual tags, retag."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..models import TAG_KINDS
from .base import CatalogBase

if TYPE_CHECKING:
    from ..models import RetagResult, TagMatch, TaxonomyNode
    from ..tagging.taxonomy import Taxonomy


class TagsSurface(CatalogBase):
    def set_taxonomy(self, path: str) -> Taxonomy:
        """Check the taxonomy file `path`, then tag with it from now on ("default": ours)."""
        from ..ingest.settings import catalog_taxonomy, remember_taxonomy

        taxonomy = catalog_taxonomy(self.store, path)
        remember_taxonomy(self.store, path)
        self._taxonomy = taxonomy
        return taxonomy

    def tags(self, report_ref: str) -> list[TagMatch]:
        """A report's tags as they stand, primary first in each kind, with source and reason."""
        return self._tags_of(self.find_report(report_ref).id)

    def tag(
        self,
        report_ref: str,
        add: Iterable[str] = (),
        remove: Iterable[str] = (),
        reset: Iterable[str] = (),
    ) -> list[TagMatch]:
        """Tag a report by hand with "KIND:NAME"s. Added and removed tags win over rules and
        survive re-ingest and retag; `reset` forgets a decision so rules decide again."""
        from ..tagging.names import parse_tag

        report = self.find_report(report_ref)
        taxonomy = self.load_taxonomy()
        decisions = [(parse_tag(taxonomy, text, report.tags), False) for text in add]
        decisions += [(parse_tag(taxonomy, text, report.tags), True) for text in remove]
        forget = [parse_tag(taxonomy, text, report.tags) for text in reset]
        self.store.decide_tags(report.id, decisions, forget)
        return self._tags_of(report.id)

    def _tags_of(self, report_id: int) -> list[TagMatch]:
        matches = self.store.effective_tags([report_id]).get(report_id, [])
        return sorted(matches, key=lambda match: TAG_KINDS.index(match.kind))  # stable

    def retag(self, dry_run: bool = False, taxonomy: str | None = None) -> RetagResult:
        """Apply the taxonomy (or the file `taxonomy`, remembered from now on) to every report
        again. Manual tags stay and still win. Reports the tags that change."""
        from ..ingest.retag import retag
        from ..ingest.settings import catalog_taxonomy

        rules = catalog_taxonomy(self.store, taxonomy)
        if taxonomy and not dry_run:
            self.set_taxonomy(taxonomy)
        return retag(self.store, rules, dry_run)

    def taxonomy(self, path: str | None = None) -> list[TaxonomyNode]:
        """The taxonomy (or the file `path`, not remembered) as a tree with report counts:
        themes holding their interventions, then interventions without a theme, forces,
        topics and report types."""
        from ..ingest.settings import catalog_taxonomy
        from ..views.taxonomy import taxonomy_tree

        taxonomy = catalog_taxonomy(self.store, path) if path else self.load_taxonomy()
        return taxonomy_tree(taxonomy, self.store.effective_tags())
