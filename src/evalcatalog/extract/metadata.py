"""A PDF's description of itself: the document information dictionary, XMP metadata, and the
version in its header, as the text fields of a PdfInfo. Values come in every shape (strings,
byte strings in three encodings, arrays, indirect objects, malformed dates): each is made text
or None, never an exception. Read by extract.read_info, which guards each source.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ..text import clean_text, one_line

if TYPE_CHECKING:
    from pypdf import PdfReader

MAX_FIELD_CHARS = 2000


def pdf_version(head: bytes) -> str | None:
    match = re.search(rb"%PDF-(\d\.\d)", head)
    return match.group(1).decode() if match else None


def document_info(reader: PdfReader) -> dict[str, str | None]:
    raw = reader.metadata
    if raw is None:
        return {}

    def field_text(key: str) -> str | None:
        return as_text(raw.get(key))

    return {
        "title": field_text("/Title"),
        "author": field_text("/Author"),
        "subject": field_text("/Subject"),
        "keywords": field_text("/Keywords"),
        "creator": field_text("/Creator"),
        "producer": field_text("/Producer"),
        "created": parse_pdf_date(field_text("/CreationDate")),
        "modified": parse_pdf_date(field_text("/ModDate")),
    }


def xmp_info(reader: PdfReader) -> dict[str, str | None]:
    xmp = reader.xmp_metadata
    if xmp is None:
        return {}
    return {
        "title": as_text(default_language(xmp.dc_title)),
        "author": as_text(xmp.dc_creator),
        "subject": as_text(default_language(xmp.dc_description)),
        "keywords": as_text(xmp.pdf_keywords),
        "creator": as_text(xmp.xmp_creator_tool),
        "producer": as_text(xmp.pdf_producer),
        "created": xmp_date(lambda: xmp.xmp_create_date),
        "modified": xmp_date(lambda: xmp.xmp_modify_date),
    }


def default_language(values: dict[str, str] | None) -> str | None:
    """XMP keeps one text per language; prefer the default one."""
    if not values:
        return None
    return values.get("x-default") or next(iter(values.values()), None)


def as_text(value: Any, depth: int = 0) -> str | None:
    """Metadata values can be strings, numbers, arrays or indirect objects: make text of them."""
    from pypdf.generic import IndirectObject

    if depth > 5 or value is None:
        return None
    if isinstance(value, IndirectObject):
        return as_text(value.get_object(), depth + 1)
    if isinstance(value, bytes):
        value = decode_bytes(value)
    if isinstance(value, list | tuple):
        parts = [as_text(item, depth + 1) for item in value]
        value = "; ".join(part for part in parts if part)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = one_line(clean_text(str(value)))[:MAX_FIELD_CHARS]
    return text or None


def decode_bytes(raw: bytes) -> str:
    """Byte strings in metadata are usually UTF-16 with a BOM, UTF-8, or a Windows code page."""
    if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
        return raw.decode("utf-16", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*([Zz+\-])?\s*(\d{2})?'?(\d{2})?'?"
)


def parse_pdf_date(raw: str | None) -> str | None:
    """Parse a PDF date (D:YYYYMMDDHHmmSS+HH'mm') leniently into ISO 8601; None if malformed."""
    if not raw:
        return None
    match = _PDF_DATE.match(raw.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, sign, tz_hours, tz_minutes = match.groups()
    try:
        moment = datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
            int(second or 0),
        )  # fmt: skip
        if sign in ("+", "-") and tz_hours:
            offset = timedelta(hours=int(tz_hours), minutes=int(tz_minutes or 0))
            moment = moment.replace(tzinfo=timezone(offset if sign == "+" else -offset))
        elif sign in ("Z", "z"):
            moment = moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    if hour is None:
        return moment.date().isoformat()
    return moment.isoformat()


def xmp_date(read: Any) -> str | None:
    """An XMP date as ISO 8601, None if malformed (pypdf raises, which must not cost the other
    fields). pypdf converts XMP dates to UTC and drops the zone: put it back."""
    try:
        value = read()
    except MemoryError:
        raise
    except Exception:
        return None
    if not isinstance(value, datetime):
        return None
    return (value.replace(tzinfo=UTC) if value.tzinfo is None else value).isoformat()
