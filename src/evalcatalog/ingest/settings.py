"""What a catalogue remembers about how to ingest (its taxonomy file, its PDF engine) and the
options of one run. Apart from run.py so that reading the taxonomy (every search and listing
does) imports none of the ingest machinery or the PDF libraries."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from ..errors import TaxonomyError
from ..extract.engines import DEFAULT_ENGINE, check_engine
from ..store import Store
from ..tagging.taxonomy import DEFAULT_NAME, Taxonomy, load_taxonomy

if TYPE_CHECKING:
    from ..models import FileOutcome

ProgressCallback: TypeAlias = "Callable[[FileOutcome], None]"
TAXONOMY_SETTING = "taxonomy_path"
ENGINE_SETTING = "engine"


@dataclass
class IngestOptions:
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float = 60.0
    memory_mb: int = 2048
    force: bool = False
    dry_run: bool = False
    prune: bool = False
    retry_failed: bool = False
    follow_symlinks: bool = False
    taxonomy: str | None = None  # a taxonomy file to tag with, remembered by the catalogue
    engine: str | None = None  # "pypdf" or "pdfium", remembered by the catalogue
    ocr: str | None = None  # then OCR: "missing" (pages without text) or "all" (every page)
    # Where that OCR reports its progress, in pages (ingest/ocr.OcrProgress: the CLI's bar).
    ocr_progress: Any = field(default=None, compare=False, repr=False)


def catalog_taxonomy(store: Store, path: str | None = None) -> Taxonomy:
    """The taxonomy a catalogue tags with: `path` if given, else the file it remembers, else
    the default. A broken file raises TaxonomyError before any work is done."""
    remembered = store.get_setting(TAXONOMY_SETTING)
    try:
        return load_taxonomy(path or remembered)
    except TaxonomyError as exc:
        if path or not remembered:
            raise
        hint = "the catalogue tags with it: fix it, or pass --taxonomy FILE or --taxonomy default"
        raise TaxonomyError(f"{exc} ({hint})") from exc


def remember_taxonomy(store: Store, path: str) -> None:
    """Tag with `path` from now on ("default" forgets the user's file)."""
    with store.transaction():
        value = None if path == DEFAULT_NAME else os.path.abspath(path)
        store.set_setting(TAXONOMY_SETTING, value)


def catalog_engine(store: Store, engine: str | None = None) -> str:
    """The engine a catalogue reads PDFs with: `engine` if given, else the one it remembers,
    else the default."""
    return check_engine(engine or store.get_setting(ENGINE_SETTING) or DEFAULT_ENGINE)


def remember_engine(store: Store, engine: str) -> None:
    with store.transaction():
        store.set_setting(ENGINE_SETTING, check_engine(engine))
