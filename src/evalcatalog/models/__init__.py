"""Plain dataclasses passed between the stages: extract -> tag -> store -> search.

One module per stage's records (extraction, ingest, tags, search, reports). The names are
imported from here and loaded when first used (PEP 562): building a dataclass costs ~0.5 ms,
and a `search` from the command line needs five of these twenty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

TAG_KINDS = ("theme", "intervention", "force", "topic", "type")
# A report's public id (m008): the first 12 hex digits of its file's SHA-256, more on a clash
PUBLIC_ID_LENGTH = 12
PUBLIC_ID_PATTERN = r"[0-9a-f]{12,64}"

if TYPE_CHECKING:
    from .extraction import (
        PAGE_KINDS,
        ExtractedReport,
        PageText,
        PdfInfo,
        ReadSummary,
        ReportStructure,
        Section,
    )
    from .ingest import INGEST_STATUSES, SUMMARY_KEYS, FileOutcome, IngestResult, OcrResult
    from .reports import Report
    from .search import PageHit, SearchHit, SearchResult, TermMatch
    from .tags import RetagResult, TagChange, TagMatch, TaxonomyNode

# name -> the module that defines it
_HOMES = {
    **dict.fromkeys(
        ("PAGE_KINDS", "ExtractedReport", "PdfInfo", "PageText", "ReadSummary",
         "ReportStructure", "Section"),
        ".extraction",
    ),
    **dict.fromkeys(
        ("INGEST_STATUSES", "SUMMARY_KEYS", "FileOutcome", "IngestResult", "OcrResult"),
        ".ingest",
    ),
    "Report": ".reports",
    **dict.fromkeys(("PageHit", "SearchHit", "SearchResult", "TermMatch"), ".search"),
    **dict.fromkeys(("RetagResult", "TagChange", "TagMatch", "TaxonomyNode"), ".tags"),
}  # fmt: skip


__getattr__ = lazy_exports(__name__, _HOMES)


__all__ = [
    "INGEST_STATUSES",
    "PAGE_KINDS",
    "PUBLIC_ID_LENGTH",
    "PUBLIC_ID_PATTERN",
    "SUMMARY_KEYS",
    "TAG_KINDS",
    "ExtractedReport",
    "FileOutcome",
    "IngestResult",
    "OcrResult",
    "PageHit",
    "PageText",
    "PdfInfo",
    "ReadSummary",
    "Report",
    "ReportStructure",
    "RetagResult",
    "SearchHit",
    "SearchResult",
    "Section",
    "TagChange",
    "TagMatch",
    "TaxonomyNode",
    "TermMatch",
]
