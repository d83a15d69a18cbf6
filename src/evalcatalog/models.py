"""Plain dataclasses passed between the stages: extract -> tag -> store -> search."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import Any

TAG_KINDS = ("theme", "intervention", "force", "topic", "type")


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


@dataclass
class FileOutcome:
    """What ingest did with one file."""

    path: str
    status: str  # added, updated, unchanged, duplicate, missing, failed, skipped, re-extracted
    report_id: int | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# "re-extracted": --force on unchanged bytes, read again but not a new version.
INGEST_STATUSES = ("added", "updated", "unchanged", "duplicate", "missing", "failed", "skipped",
                   "re-extracted")  # fmt: skip
# The summary counts files per status under these names (issue 2 names the count "duplicates";
# each file's own status stays "duplicate").
SUMMARY_KEYS = {
    status: "duplicates" if status == "duplicate" else status.replace("-", "_")
    for status in INGEST_STATUSES
}


@dataclass
class IngestResult:
    """The summary of one ingest run."""

    files: list[FileOutcome] = field(default_factory=list)
    dry_run: bool = False
    pruned: int = 0
    seconds: float = 0.0
    release_id: int | None = None  # the release this run recorded (releases/history.py)
    unread_pages: int = 0  # pages of this run's reports with no text layer and no OCR text
    unread_reports: int = 0
    ocr: OcrResult | None = None  # what --ocr read

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.files if outcome.status == status)

    @property
    def failed(self) -> list[FileOutcome]:
        return [outcome for outcome in self.files if outcome.status == "failed"]

    def to_dict(self) -> dict[str, Any]:
        summary: dict[str, Any] = {
            SUMMARY_KEYS[status]: self.count(status) for status in INGEST_STATUSES
        }
        summary.update(
            dry_run=self.dry_run,
            pruned=self.pruned,
            seconds=round(self.seconds, 3),
            release=self.release_id,
            no_text_layer={"pages": self.unread_pages, "reports": self.unread_reports},
            ocr=self.ocr.to_dict() if self.ocr else None,
            files=[outcome.to_dict() for outcome in self.files],
        )
        return summary


@dataclass
class OcrResult:
    """What OCR read: reports and pages, the words found, files it could not read."""

    reports: int = 0
    pages: int = 0
    words: int = 0
    failed: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "seconds": round(self.seconds, 3)}


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
class PageHit:
    """A page of a search hit: its number (from 1), a snippet of its text (plain), where the
    matched words are in it ([start, end) character offsets), and the section it is in."""

    page: int
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    section: str | None = None

    @property
    def snippet(self) -> str:
        """The snippet with the matched words between ** marks, for text output."""
        parts, last = [], 0
        for start, end in self.highlights:
            parts += [self.text[last:start], "**", self.text[start:end], "**"]
            last = end
        return "".join(parts) + self.text[last:]

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "section": self.section, "snippet": self.text,
                "highlights": [list(span) for span in self.highlights]}  # fmt: skip


@dataclass
class TermMatch:
    """Why a hit matched (search --explain): query word -> document word, by how many edits,
    in which field (title, tags, text) and, in the text, on which page."""

    word: str
    term: str
    distance: int
    field: str
    page: int | None = None
    # exact, prefix, form, typo, phrase, name (`field` above hides dataclasses.field here)
    kind: str = dataclasses.field(default="exact", compare=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchHit:
    """One report found by a search, with its best pages. `typos` is the edit allowance the
    match needed (0: every word as typed); hits are ordered by typos, then score (BM25)."""

    report_id: int
    title: str
    score: float
    tags: dict[str, list[str]] = field(default_factory=dict)
    pages: list[PageHit] = field(default_factory=list)
    typos: int = 0
    matches: list[TermMatch] = field(default_factory=list)
    path: str | None = None  # the report's file: the first catalogued path that still exists

    def to_dict(self) -> dict[str, Any]:
        """Every field; tags with a list for each kind, pages as PageHit.to_dict has them."""
        return {**asdict(self), "tags": {kind: list(self.tags.get(kind, [])) for kind in TAG_KINDS},
                "pages": [page.to_dict() for page in self.pages]}  # fmt: skip


@dataclass
class SearchResult:
    """What a search found: `total` reports (the first `limit` in `hits`), the typos it
    corrected ({"stalkng": "stalking"}), and queries to try when it found nothing."""

    query: str
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "hits": [hit.to_dict() for hit in self.hits]}


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
