"""Plain records the catalogue reads and writes, and the path and time helpers they need."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from ..models import Report


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def iso_from_ns(mtime_ns: int) -> str:
    return datetime.fromtimestamp(mtime_ns / 1e9, UTC).replace(microsecond=0).isoformat()


def path_key(path: str) -> bytes:
    return os.fsencode(path)


def display_path(path: str) -> str:
    """Text that SQLite accepts for any path, even one whose name is not valid UTF-8."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@dataclass
class FileState:
    """A file as discovery saw it: where, how big, when modified, and (once hashed) its sha256."""

    path: str
    size_bytes: int
    mtime_ns: int
    sha256: str | None = None

    @property
    def key(self) -> bytes:
        return path_key(self.path)


@dataclass
class KnownPath:
    report_id: int
    size_bytes: int
    mtime_ns: int
    missing_since: str | None


@dataclass
class KnownFailure:
    size_bytes: int
    mtime_ns: int
    reason: str


@dataclass
class ReportRecord:
    """The columns of a reports row, built by ingest from an extracted PDF."""

    sha256: str
    title: str
    title_source: str
    file_name: str
    size_bytes: int
    mtime: str
    page_count: int
    word_count: int
    pdf_version: str | None
    encrypted: bool
    meta_title: str | None
    author: str | None
    subject: str | None
    keywords: str | None
    creator: str | None
    producer: str | None
    created: str | None
    modified: str | None
    metadata_source: str | None
    failed_pages: int
    warnings: list[str]
    engine: str | None = None  # what read it (m009)
    date_source: str | None = None  # info, xmp or text (m007)

    def row(self) -> dict[str, Any]:
        row = asdict(self)
        row["encrypted"] = int(self.encrypted)
        row["warnings"] = json.dumps(self.warnings) if self.warnings else None
        return row


REPORT_FIELDS = set(Report.__dataclass_fields__)


def report_from_row(row: dict[str, Any]) -> Report:
    values = {key: value for key, value in row.items() if key in REPORT_FIELDS}
    values["paths"] = json.loads(row.get("paths") or "[]")
    values["encrypted"] = bool(row.get("encrypted"))
    return Report(**values)
