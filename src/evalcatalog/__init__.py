"""evalcatalog: a searchable, tagged catalogue of evaluation reports (PDFs) in one SQLite file."""

from .catalog import Catalog
from .errors import EvalcatalogError
from .ingest import IngestOptions
from .models import FileOutcome, IngestResult, PageText, Report, TagMatch

__all__ = [
    "Catalog",
    "EvalcatalogError",
    "FileOutcome",
    "IngestOptions",
    "IngestResult",
    "PageText",
    "Report",
    "TagMatch",
]
__version__ = "0.1.0"
