"""PDF file -> metadata and per-page text. With metadata.py (the metadata fields) and
fonts.py (fonts built once per document), the only module that touches pypdf.

`iter_extraction` yields a `PdfInfo` and then one `PageText` per page, so a worker process can
send pages on as it reads them instead of holding a whole report in memory.

pypdf is imported where it is used, not with this module: importing it (and `cryptography`)
takes about 90 ms, a third of the start-up of commands that read no PDF (`search`, an ingest
that finds nothing new). Workers import it once, before they fork (`load_pypdf`).
"""

from __future__ import annotations

import io
import logging
import math
import os
import stat
import warnings
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from ..errors import ExtractError
from ..models import ExtractedReport, PageText, PdfInfo
from ..text import clean_text, one_line
from .fonts import reuse_fonts
from .metadata import MAX_FIELD_CHARS, document_info, pdf_version, xmp_info

if TYPE_CHECKING:
    from pypdf import PdfReader

HEADER_WINDOW = 1024  # readers accept junk before %PDF- within the first kilobyte
MAX_REPAIR_BYTES = 256 << 20  # repairing reads the whole file into memory
HEADING_SCALE = 1.15  # a heading is set at least this much larger than the page's smallest text

_SNIFFED_TYPES = (
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .zip?)"),
    (b"GIF8", "a GIF image"),
)

# pypdf logs every recoverable oddity; the catalogue records the outcome instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def extract_report(path: str) -> ExtractedReport:
    """Read one PDF completely (the library's convenience entry point)."""
    items = iter_extraction(path)
    info = next(items)
    assert isinstance(info, PdfInfo)
    pages = [item for item in items if isinstance(item, PageText)]
    return ExtractedReport(info=info, pages=pages)


def iter_extraction(path: str) -> Iterator[PdfInfo | PageText]:
    """Yield the document's info, then each page's text. Raises ExtractError with a reason."""
    with open_regular_file(path) as handle:
        head = handle.read(HEADER_WINDOW)
        handle.seek(max(0, os.fstat(handle.fileno()).st_size - HEADER_WINDOW))
        check_pdf_header(head, handle.read(HEADER_WINDOW))
        handle.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                reader, repaired = open_reader(handle)
                decrypt_if_needed(reader)
                info = read_info(reader, head)
                info.warnings[:0] = repaired
            except ExtractError:
                raise
            except MemoryError:
                raise
            except Exception as exc:
                raise ExtractError(describe_exception(exc)) from exc
            yield info
            with reuse_fonts():
                yield from iter_pages(reader, info.page_count)


def load_pypdf() -> None:
    """Import pypdf now (a parent about to fork workers, so they share the imported module)."""
    import pypdf  # noqa: F401


def open_reader(handle: IO[bytes]) -> tuple[PdfReader, list[str]]:
    """A reader, and a warning if the file had to be repaired first.

    pypdf gives up on a file with no `startxref` or `%%EOF` (a cut-off download) or a broken
    cross-reference table, though every object is there. Pointing `startxref` at offset 0 makes
    it rebuild the table by scanning the objects, as other readers do.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return PdfReader(handle, strict=False), []
    except PdfReadError as exc:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_REPAIR_BYTES:
            raise
        handle.seek(0)
        patched = io.BytesIO(handle.read() + b"\nstartxref\n0\n%%EOF\n")
        try:
            reader = PdfReader(patched, strict=False)
        except Exception:
            raise exc from None
        return reader, [f"damaged PDF, repaired ({describe_exception(exc)})"]


def open_regular_file(path: str) -> IO[bytes]:
    """Open without blocking (a FIFO named x.pdf would block forever) and insist on a file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as exc:
        raise ExtractError("file not found") from exc
    except PermissionError as exc:
        raise ExtractError("permission denied: check the file's permissions") from exc
    except OSError as exc:
        raise ExtractError(f"cannot open: {one_line(exc.strerror or str(exc))}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ExtractError("not a regular file")
    return os.fdopen(fd, "rb")


def check_pdf_header(head: bytes, tail: bytes) -> None:
    """Reject what is plainly not a PDF; leave damaged PDFs to pypdf, which repairs some."""
    if not head:
        raise ExtractError("not a PDF: the file is empty")
    if b"PDF-" in head or b" obj" in head or b"%%EOF" in tail:
        return
    for magic, what in _SNIFFED_TYPES:
        if head.startswith(magic):
            raise ExtractError(f"not a PDF: {what}")
    lowered = head.lstrip()[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        raise ExtractError("not a PDF: an HTML page (was it downloaded correctly?)")
    raise ExtractError("not a PDF: no %PDF- header in the first 1024 bytes")


def decrypt_if_needed(reader: PdfReader) -> None:
    """Open files encrypted with an empty user password; reject those that need a real one."""
    if not reader.is_encrypted:
        return
    if not reader.decrypt(""):
        raise ExtractError("encrypted: a password is required")


def read_info(reader: PdfReader, head: bytes) -> PdfInfo:
    page_count = len(reader.pages)
    info = PdfInfo(page_count=page_count, encrypted=bool(reader.is_encrypted), engine="pypdf")
    info.pdf_version = pdf_version(head)
    read_metadata(reader, info)
    return info


def read_metadata(reader: PdfReader, info: PdfInfo) -> None:
    """The information dictionary's fields, each one missing there taken from XMP."""
    fields = guarded(info, "document info", lambda: document_info(reader)) or {}
    xmp = guarded(info, "XMP metadata", lambda: xmp_info(reader)) or {}
    if any(fields.values()):
        info.metadata_source = "info"
    elif any(xmp.values()):
        info.metadata_source = "xmp"
    for name in ("title", "author", "subject", "keywords", "creator", "producer"):
        setattr(info, name, fields.get(name) or xmp.get(name))
    info.created = fields.get("created") or xmp.get("created")
    info.modified = fields.get("modified") or xmp.get("modified")


def guarded(info: PdfInfo, what: str, read: Any) -> Any:
    """Metadata is optional: a field that cannot be read becomes a warning, not a failure."""
    try:
        return read()
    except MemoryError:
        raise
    except Exception as exc:
        info.warnings.append(f"{what} unreadable: {describe_exception(exc)}")
        return None


def iter_pages(reader: PdfReader, page_count: int) -> Iterator[PageText]:
    """A page that fails alone is recorded as failed; the rest of the report is kept."""
    for index in range(page_count):
        collector = HeadingCollector() if index == 0 else None
        try:
            page = reader.pages[index]
            if collector:
                raw = page.extract_text(visitor_text=collector.visit)
            else:
                raw = page.extract_text()
        except MemoryError:
            raise
        except Exception as exc:
            yield PageText(index + 1, "", error=describe_exception(exc))
            continue
        finally:
            forget_contents(reader, index)
        heading = collector.heading() if collector else None
        text = clean_text(raw).strip()
        scan = not text and has_images(reader, index)
        yield PageText(index + 1, text, heading=heading, no_text_layer=scan)


def has_images(reader: PdfReader, index: int) -> bool:
    """Whether the page draws an image XObject (directly or in a form): a scan, when it has no
    text. Asked only of pages without text, so its cost does not fall on ordinary pages."""
    try:
        return _xobjects_hold_image(reader.pages[index].get("/Resources"), depth=0)
    except Exception:  # a page whose resources cannot be read is not known to be a scan
        return False


def _xobjects_hold_image(resources: Any, depth: int) -> bool:
    resources = resources.get_object() if resources is not None else None
    if depth > 3 or not hasattr(resources, "get"):
        return False
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else None
    for ref in (xobjects or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            return True
        if xobject.get("/Subtype") == "/Form" and _xobjects_hold_image(
            xobject.get("/Resources"), depth + 1
        ):
            return True
    return False


def forget_contents(reader: PdfReader, index: int) -> None:
    """Drop a read page's content streams from pypdf's object cache, which otherwise keeps
    every stream it has decoded: about 15 MB per 1,000 pages, so a worker's memory grew with
    the length of the PDF. A stream wanted again (shared by pages) is re-read from the file."""
    from pypdf.generic import IndirectObject

    try:
        contents = reader.pages[index].raw_get("/Contents")
    except Exception:  # a page that failed to load has nothing cached worth dropping
        return
    refs = [contents]
    if isinstance(contents, IndirectObject):
        held = reader.resolved_objects.get((contents.generation, contents.idnum))
        if isinstance(held, list):  # an array of streams, itself an indirect object
            refs += held
    elif isinstance(contents, list):
        refs = list(contents)
    for ref in refs:
        if isinstance(ref, IndirectObject):
            reader.resolved_objects.pop((ref.generation, ref.idnum), None)


class HeadingCollector:
    """Collects the text runs of a page with their rendered size, to find its largest heading."""

    def __init__(self) -> None:
        self.runs: list[tuple[float, str]] = []

    def visit(self, text: str, cm: Any, tm: Any, font_dict: Any, font_size: Any) -> None:
        if not text.strip() or len(self.runs) > 2000:
            return
        try:
            scale = math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
            size = float(font_size) * scale
        except (TypeError, ValueError, IndexError):
            return
        self.add(size, text)

    def add(self, size: float, text: str) -> None:
        """A run of text set at `size` (the pdfium engine's way in)."""
        if text.strip() and len(self.runs) <= 2000:
            self.runs.append((round(size, 1), text))

    def heading(self) -> str | None:
        """The first run of text set in the page's largest size, joined across lines."""
        if not self.runs:
            return None
        largest = max(size for size, _ in self.runs)
        if largest < min(size for size, _ in self.runs) * HEADING_SCALE:
            return None  # all one size: no text stands out, and a body line is not a title
        parts: list[str] = []
        for size, text in self.runs:
            if size >= largest - 0.5:
                parts.append(text)
            elif parts:
                break
        heading = one_line(clean_text(" ".join(parts)))
        return heading[:MAX_FIELD_CHARS] or None


def describe_exception(exc: BaseException) -> str:
    """One line a maintainer can act on, for an exception raised while reading a PDF."""
    from pypdf.errors import (
        DependencyError,
        FileNotDecryptedError,
        LimitReachedError,
        PdfReadError,
        PdfStreamError,
    )

    if isinstance(exc, ExtractError):
        return str(exc)
    if isinstance(exc, FileNotDecryptedError):
        return "encrypted: a password is required"
    if isinstance(exc, DependencyError):
        return f"cannot decrypt: {one_line(str(exc))} (install pypdf[crypto])"
    if any(isinstance(cause, RecursionError) for cause in exception_chain(exc)):
        return "damaged PDF: objects nested too deeply"
    detail = one_line(clean_text(str(exc)))[:200] or type(exc).__name__
    if isinstance(exc, LimitReachedError):
        return f"too large: {detail} (pypdf's safety limit; a decompression bomb?)"
    if isinstance(exc, PdfReadError | PdfStreamError):
        return f"damaged PDF: {detail}"
    return f"unreadable PDF: {type(exc).__name__}: {detail}"


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those it was raised from (pypdf wraps a RecursionError in its own)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
