"""PDF file -> metadata and per-page text with PDFium (pypdfium2), the second engine beside
pypdf (pdf.py). It yields the same stream: a `PdfInfo`, then one `PageText` per page.

PDFium is C++: a crash in it kills the process it runs in, which is why ingest only calls it
in worker processes (ingest/workers.py turns a dead worker into that file's reason). Its own
errors are codes, turned here into the same one-line reasons pypdf's errors get.

Metadata is read with pypdf, as the pypdf engine reads it: PDFium has no XMP reader, and its
information dictionary differs on odd values (numbers, arrays, PDF 2.0 language escapes). It
costs about 2 ms a file (pypdf parses the cross-reference table and two objects, never the page
tree), against some 3 ms a page for PDFium's text. A file pypdf cannot open gets PDFium's
information dictionary instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..errors import ExtractError
from ..models import PageText, PdfInfo
from ..text import clean_text, one_line
from .metadata import MAX_FIELD_CHARS, parse_pdf_date, pdf_version
from .pdf import HEADER_WINDOW, HeadingCollector, check_pdf_header, open_regular_file

if TYPE_CHECKING:
    import pypdfium2

ENGINE = "pdfium"
HEADING_CHARS = 4000  # chars of page 1 looked at for its heading
_DATES = ("CreationDate", "ModDate")
_FIELDS = {"title": "Title", "author": "Author", "subject": "Subject", "keywords": "Keywords",
           "creator": "Creator", "producer": "Producer"}  # fmt: skip


def load_pdfium() -> None:
    """Import pypdfium2 (and initialise PDFium) now: a parent about to fork workers."""
    import pypdfium2  # noqa: F401


def iter_extraction(path: str) -> Iterator[PdfInfo | PageText]:
    """Yield the document's info, then each page's text. Raises ExtractError with a reason."""
    with open_regular_file(path) as handle:
        head = handle.read(HEADER_WINDOW)
        handle.seek(max(0, os.fstat(handle.fileno()).st_size - HEADER_WINDOW))
        check_pdf_header(head, handle.read(HEADER_WINDOW))
    document = open_document(path)
    try:
        info = read_info(document, head, path)
        yield info
        yield from iter_pages(document, info.page_count)
    finally:
        document.close()


def open_document(path: str) -> pypdfium2.PdfDocument:
    """Open through PDFium's own loader (not pypdfium2's, which refuses a document of no
    pages, and then reports whatever error PDFium last set, maybe another file's)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    raw = pdfium_c.FPDF_LoadDocument(os.fsencode(path) + b"\0", None)
    if raw:
        return pdfium.PdfDocument(raw)
    code = pdfium_c.FPDF_GetLastError()
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        raise ExtractError("encrypted: a password is required")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        raise ExtractError("encrypted: unsupported security handler")
    if code == pdfium_c.FPDF_ERR_FILE:
        raise ExtractError("cannot open: PDFium could not read the file")
    reason = "Data format error" if code == pdfium_c.FPDF_ERR_FORMAT else f"error {code}"
    raise ExtractError(f"damaged PDF: {reason} (PDFium)")


def describe_pdfium_error(exc: BaseException) -> str:
    """PDFium's message without pypdfium2's wrapping: 'Data format error (PDFium)'."""
    text = one_line(str(exc))
    if "(PDFium: " in text:
        text = text.split("(PDFium: ", 1)[1].rstrip(").") + " (PDFium)"
    return text[:200] or type(exc).__name__


def read_info(document: pypdfium2.PdfDocument, head: bytes, path: str) -> PdfInfo:
    import pypdfium2.raw as pdfium_c

    revision = pdfium_c.FPDF_GetSecurityHandlerRevision(document)
    info = PdfInfo(page_count=0, encrypted=revision != -1, engine=ENGINE)
    info.pdf_version = pdf_version(head)
    if not pypdf_metadata(info, path):
        pdfium_metadata(info, document)
    info.page_count = checked_page_count(document, info)
    return info


def pypdf_metadata(info: PdfInfo, path: str) -> bool:
    """The metadata as the pypdf engine reads it (information dictionary, else XMP, field by
    field): False if pypdf cannot open the file, which PDFium may still read."""
    from .pdf import open_reader, read_metadata

    try:
        with open_regular_file(path) as handle:
            reader, repaired = open_reader(handle)
            if reader.is_encrypted and not reader.decrypt(""):
                return False
            read_metadata(reader, info)
    except MemoryError:
        raise
    except Exception:  # pypdf only supplements PDFium here
        return False
    info.warnings[:0] = repaired
    return True


def pdfium_metadata(info: PdfInfo, document: pypdfium2.PdfDocument) -> None:
    """The information dictionary as PDFium reads it (no XMP: PDFium has no reader for it)."""
    raw = {name: meta_text(document, name) for name in (*_FIELDS.values(), *_DATES)}
    for key, name in _FIELDS.items():
        setattr(info, key, field_text(raw.get(name)))
    info.created = parse_pdf_date(field_text(raw.get("CreationDate")))
    info.modified = parse_pdf_date(field_text(raw.get("ModDate")))
    fields = [getattr(info, key) for key in (*_FIELDS, "created", "modified")]
    info.metadata_source = "info" if any(fields) else None


def meta_text(document: pypdfium2.PdfDocument, key: str) -> str:
    """One field of the information dictionary. Decoded here, not by pypdfium2's
    get_metadata_dict, which raises on a lone UTF-16 surrogate and so loses every field."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    name = key.encode("ascii")
    size = pdfium_c.FPDF_GetMetaText(document, name, None, 0)
    if size <= 2:  # an empty string is its terminator alone
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDF_GetMetaText(document, name, buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def checked_page_count(document: pypdfium2.PdfDocument, info: PdfInfo) -> int:
    """PDFium believes the page tree's /Count: a file claiming a million pages with one would
    give a million failed pages. If the last claimed page cannot be loaded, the count is the
    number of pages up to the last one that can (a binary search: some 20 look-ups)."""
    import pypdfium2.raw as pdfium_c

    claimed = len(document)

    size = pdfium_c.FS_SIZEF()

    def loads(index: int) -> bool:  # the page's dictionary is found (its content not parsed)
        return bool(pdfium_c.FPDF_GetPageSizeByIndexF(document, index, size))

    if claimed == 0 or loads(claimed - 1):
        return claimed
    low, high = 0, claimed - 1  # pages below `low` are taken to load; `high` does not
    while low < high:
        middle = (low + high) // 2
        low, high = (middle + 1, high) if loads(middle) else (low, middle)
    info.warnings.append(f"page count corrected: the file claims {claimed} pages, has {low}")
    return low


def field_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return one_line(clean_text(value))[:MAX_FIELD_CHARS] or None


def iter_pages(document: pypdfium2.PdfDocument, page_count: int) -> Iterator[PageText]:
    """A page that fails alone is recorded as failed; the rest of the report is kept."""
    for index in range(page_count):
        try:
            page = document[index]
        except Exception as exc:  # one bad page, not the report
            yield PageText(index + 1, "", error=f"damaged PDF: {describe_pdfium_error(exc)}")
            continue
        try:
            yield read_page(page, index)
        except MemoryError:
            raise
        except Exception as exc:
            yield PageText(index + 1, "", error=f"unreadable PDF: {describe_pdfium_error(exc)}")
        finally:
            page.close()


def read_page(page: pypdfium2.PdfPage, index: int) -> PageText:
    textpage = page.get_textpage()
    try:
        text = clean_text(textpage.get_text_bounded()).replace("\r\n", "\n").strip()
        heading = first_page_heading(textpage) if index == 0 else None
    finally:
        textpage.close()
    return PageText(index + 1, text, heading=heading, no_text_layer=not text and has_images(page))


def has_images(page: pypdfium2.PdfPage) -> bool:
    """Whether the page draws an image (directly or in a form): a scan, if it has no text."""
    import pypdfium2.raw as pdfium_c

    images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)
    return next(images, None) is not None


def first_page_heading(textpage: pypdfium2.PdfTextPage) -> str | None:
    """The first line set in the page's largest font size, as the pypdf engine finds it. A
    line's size is its first character's: two PDFium calls a line, not two a character."""
    import pypdfium2.raw as pdfium_c

    collector = HeadingCollector()
    at = 0
    for line in textpage.get_text_range()[:HEADING_CHARS].split("\n"):
        text = line.strip()
        if text:
            first = at + len(line) - len(line.lstrip())
            char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, first)
            collector.add(pdfium_c.FPDFText_GetFontSize(textpage, char) if char >= 0 else 0, text)
        at += len(line) + 1
    return collector.heading()
