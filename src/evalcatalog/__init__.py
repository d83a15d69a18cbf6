"""evalcatalog: a searchable, tagged catalogue of evaluation reports (PDFs) in one SQLite file.

The names below are imported when first used (PEP 562), so `import evalcatalog.store` or a
`search` from the command line does not pay for the ingest machinery and pypdf.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_exports

if TYPE_CHECKING:
    from .catalog import Catalog
    from .errors import EvalcatalogError, QueryError
    from .ingest.settings import IngestOptions
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

# name -> the module that defines it
_HOMES = {
    "Catalog": ".catalog",
    "EvalcatalogError": ".errors",
    "QueryError": ".errors",
    "IngestOptions": ".ingest.settings",
    **{
        name: ".models"
        for name in ("FileOutcome", "IngestResult", "PageHit", "PageText", "Report",
                     "SearchHit", "SearchResult", "TagMatch", "TermMatch")
    },
}  # fmt: skip


__getattr__ = lazy_exports(__name__, _HOMES)


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
