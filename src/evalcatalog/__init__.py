"""evalcatalog: a searchable, tagged catalogue of evaluation reports (PDFs) in one SQLite file.

The names below are imported when first used (PEP 562), so `import evalcatalog.store` or a
`search` from the command line does not pay for the ingest machinery and pypdf.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'evalcatalog' has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value  # once only
    return value


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
