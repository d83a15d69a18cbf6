"""The text extraction engines, by name: pypdf (pure Python, the reference) and pdfium
(PDFium through pypdfium2, several times faster). Both yield a PdfInfo, then PageTexts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeAlias

from ..errors import UsageError

if TYPE_CHECKING:  # ingest's settings read the names below; only a read needs the records
    from ..models import PageText, PdfInfo

ENGINES = ("pypdf", "pdfium")
DEFAULT_ENGINE = "pdfium"  # BENCHMARKS.md, "Text quality": as faithful to pdftotext, 4x faster

Extraction: TypeAlias = "Callable[[str], Iterator[PdfInfo | PageText]]"


def check_engine(name: str) -> str:
    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r}: use one of {', '.join(ENGINES)}")
    return name


def extraction(name: str) -> Extraction:
    """The engine's `iter_extraction`, its library imported now (before workers fork)."""
    if check_engine(name) == "pdfium":
        from . import pdfium

        pdfium.load_pdfium()
        return pdfium.iter_extraction
    from . import pdf

    pdf.load_pypdf()
    return pdf.iter_extraction
