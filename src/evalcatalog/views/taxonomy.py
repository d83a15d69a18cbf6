"""`taxonomy`: the taxonomy as a tree, with how many reports each entry tags."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..models import TAG_KINDS, TagMatch, TaxonomyNode
from ..tagging.taxonomy import Entry, Taxonomy


def taxonomy_tree(taxonomy: Taxonomy, tags: Mapping[int, list[TagMatch]]) -> list[TaxonomyNode]:
    """Themes holding their interventions, then interventions without a theme, forces, topics
    and report types; each with the number of reports whose tags (`tags`, by report) name it."""
    counts = Counter((match.kind, match.name) for matches in tags.values() for match in matches)
    nodes = {
        kind: [taxonomy_node(entry, counts) for entry in taxonomy.entries[kind]]
        for kind in TAG_KINDS
    }
    interventions = dict(zip(taxonomy.names("intervention"), nodes["intervention"], strict=True))
    for theme in nodes["theme"]:
        theme.children = [
            node for node in interventions.values() if node.details["theme"] == theme.name
        ]
    orphans = [node for node in interventions.values() if node.details["theme"] is None]
    return [*nodes["theme"], *orphans, *nodes["force"], *nodes["topic"], *nodes["type"]]


def taxonomy_node(entry: Entry, counts: Counter[tuple[str, str]]) -> TaxonomyNode:
    details: dict[str, Any] = {}
    if entry.kind == "theme":
        details = {"session": entry.session, "date": entry.date}
    elif entry.kind == "intervention":
        details = {"theme": entry.theme, "forces": list(entry.forces)}
    return TaxonomyNode(
        entry.kind,
        entry.name,
        counts[(entry.kind, entry.name)],
        entry.acronym,
        list(entry.aliases),
        details,
    )
