"""evalcatalog: a searchable, tagged catalogue of evaluation reports (PDFs) in one SQLite file."""

from .catalog import Catalog
from .errors import EvalcatalogError, QueryError
from .ingest.run import IngestOptions
from .models import (
    FileOutcome,
    IngestResult,
    PageHit,
    PageText,
    Report,
    SearchHit,
    SearchResult,
    TagMatch,
    TermMatch,
)

__all__ = [
    "Catalog",
    "EvalcatalogError",
    "FileOutcome",
    "IngestOptions",
    "IngestResult",
    "PageHit",
    "PageText",
    "QueryError",
    "Report",
    "SearchHit",
    "SearchResult",
    "TagMatch",
    "TermMatch",
]
__version__ = "0.1.0"
