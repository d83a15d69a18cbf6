"""Tags on a report, how retag changes them, and the taxonomy as a tree of counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class TagMatch:
    """One tag on a report, with where it came from and why."""

    kind: str
    name: str
    source: str = "rule"  # "rule" or "manual"
    reason: str = ""
    score: float = 0.0
    primary: bool = False


@dataclass
class TagChange:
    """How retag changes one report's tags as they stand (manual tags included)."""

    report_id: int
    title: str
    added: list[TagMatch] = field(default_factory=list)
    removed: list[TagMatch] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RetagResult:
    """What retag did (or, in a dry run, would do) to the catalogue's tags."""

    taxonomy: str  # the file used, or "default"
    dry_run: bool = False
    reports: int = 0
    changes: list[TagChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Every field, with the number of tags added and removed."""
        return {**asdict(self), "added": sum(len(change.added) for change in self.changes),
                "removed": sum(len(change.removed) for change in self.changes)}  # fmt: skip


@dataclass
class TaxonomyNode:
    """A taxonomy entry with the number of reports tagged with it; a theme holds its
    interventions as children."""

    kind: str
    name: str
    reports: int = 0
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # session, date, forces
    children: list[TaxonomyNode] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Every field, the details (session, date, theme, forces) among them."""
        data = {key: value for key, value in asdict(self).items() if key != "details"}
        return {**data, **self.details, "children": [child.to_dict() for child in self.children]}
