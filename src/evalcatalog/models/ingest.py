"""What ingest reports: each file's outcome, a run's summary, what OCR read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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
