"""A report as the catalogue holds it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from . import TAG_KINDS


@dataclass
class Report:
    """A report as the catalogue holds it."""

    id: int
    sha256: str
    title: str
    title_source: str
    file_name: str
    paths: list[str]
    size_bytes: int
    page_count: int
    word_count: int = 0
    pdf_version: str | None = None
    encrypted: bool = False
    meta_title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: str | None = None
    creator: str | None = None
    producer: str | None = None
    created: str | None = None
    modified: str | None = None
    mtime: str | None = None
    failed_pages: int = 0
    ingested_at: str | None = None
    updated_at: str | None = None
    tags: dict[str, list[str]] = field(default_factory=dict)
    public_id: str | None = None  # the same in any catalogue of the same files (m008)
    date_source: str | None = None  # where `created` came from: info, xmp or text (m007)

    @property
    def year(self) -> int | None:
        return int(self.created[:4]) if self.created and self.created[:4].isdigit() else None

    def to_dict(self) -> dict[str, Any]:
        """Every field (its JSON shape: the field names are a public interface), with a list
        of tags for each kind."""
        data = asdict(self)
        data["tags"] = {kind: list(self.tags.get(kind, [])) for kind in TAG_KINDS}
        return {"id": data.pop("id"), "public_id": data.pop("public_id"), **data}  # side by side
