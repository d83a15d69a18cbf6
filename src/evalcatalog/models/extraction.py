"""What extract hands on: a PDF's own metadata, its pages' text, and the structure found in them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .tags import TagMatch


@dataclass
class PdfInfo:
    """What a PDF says about itself, read before its pages."""

    page_count: int
    pdf_version: str | None = None
    encrypted: bool = False
    title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: str | None = None
    creator: str | None = None
    producer: str | None = None
    created: str | None = None  # ISO 8601
    modified: str | None = None  # ISO 8601
    metadata_source: str | None = None  # "info", "xmp" or None
    warnings: list[str] = field(default_factory=list)
    engine: str | None = None  # what read it: "pypdf" or "pdfium" (extract/engines.py)


@dataclass
class PageText:
    """The text of one page (numbered from 1), or why it could not be read."""

    number: int
    text: str
    error: str | None = None
    heading: str | None = None  # the largest text on the page, read for page 1 only
    no_text_layer: bool = False  # images but no text: a scan, which only OCR can read
    source: str | None = None  # None: the PDF's text layer; "ocr": read from its image
    confidence: float | None = None  # OCR's mean word confidence, 0-100
    kind: str = "body"  # body, contents, references or appendix (extract/structure.py)
    furniture: tuple[int, int] = (0, 0)  # characters of running header, footer in `text`
    # `text` as the catalogue keeps it (store/page_text.pack: compressed), made by the worker
    # that read the page, so the parent, which every page passes through, need not
    stored: str | bytes | None = None


@dataclass
class ExtractedReport:
    """Everything extracted from one PDF file."""

    info: PdfInfo
    pages: list[PageText]

    @property
    def heading(self) -> str | None:
        return self.pages[0].heading if self.pages else None

    @property
    def word_count(self) -> int:
        return sum(len(page.text.split()) for page in self.pages)


@dataclass
class ReadSummary:
    """What reading a whole file yields besides its pages (ingest/reader.py): its first-page
    heading, counts, and its rule tags, worked out page by page where the file was read."""

    heading: str | None = None
    word_count: int = 0
    failed_pages: int = 0
    tags: list[TagMatch] = field(default_factory=list)
    structure: ReportStructure | None = None


PAGE_KINDS = ("body", "contents", "references", "appendix")


@dataclass
class Section:
    """A heading of a report's outline and the pages it spans (from 1, inclusive), from the
    PDF's bookmarks (source "outline") or from headings found in its text ("headings")."""

    level: int
    title: str
    first_page: int
    last_page: int
    source: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ReportStructure:
    """What extract/structure.py finds once a report's pages are read: non-body pages' kinds,
    the characters of running header and footer at the start and end of pages that have them,
    the outline, and a date printed on the first pages ("2021-07-06", "2021-07")."""

    kinds: dict[int, str] = field(default_factory=dict)
    furniture: dict[int, tuple[int, int]] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    date: str | None = None

    def apply(self, page: PageText) -> PageText:
        """`page` with its kind and furniture filled in."""
        page.kind = self.kinds.get(page.number, "body")
        page.furniture = self.furniture.get(page.number, (0, 0))
        return page
