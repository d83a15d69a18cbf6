"""Write small real PDFs for tests, with known words on known pages (reportlab + pypdf)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, PdfObject, StreamObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


@dataclass
class Encryption:
    """How to encrypt a test PDF (pypdf's PdfWriter.encrypt arguments)."""

    algorithm: str  # "RC4-40", "RC4-128", "AES-128", "AES-256"
    user_password: str = ""
    owner_password: str = "owner-secret"


def make_pdf(
    path: Path,
    pages: list[str],
    *,
    heading: str | None = None,
    title: str | None = None,
    author: str | None = None,
    created: datetime | None = None,
    metadata: dict[str, str] | None = None,
    raw_info: dict[str, PdfObject] | None = None,
    xmp: bytes | None = None,
    encrypt: Encryption | None = None,
    broken_pages: Collection[int] = (),
) -> Path:
    """One PDF page per string in `pages`; `heading` is set large at the top of page 1.

    Metadata is written only when asked for (reportlab's own defaults are removed), so a test
    can build files with a proper title, a junk title, or none. `raw_info` writes document-info
    values as given (numbers, booleans, arrays...), `xmp` an XMP packet, `broken_pages` (numbered
    from 1) get a content stream no reader can decode, and `encrypt` encrypts the file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    drawn = path.with_suffix(".drawn.pdf")
    draw_pages(drawn, pages, heading)
    writer = PdfWriter(clone_from=PdfReader(drawn))
    drawn.unlink()
    info: dict[str, str] = dict(metadata or {})
    if title is not None:
        info["/Title"] = title
    if author is not None:
        info["/Author"] = author
    if created is not None:
        info["/CreationDate"] = created.strftime("D:%Y%m%d%H%M%S+00'00'")
    writer._info = None  # drop reportlab's Producer/Creator/dates: only what the test asks for
    if info:
        writer.add_metadata(info)
    if raw_info:
        writer._info = DictionaryObject({NameObject(key): value for key, value in raw_info.items()})
    if xmp is not None:
        writer.xmp_metadata = xmp
    for number in broken_pages:
        writer.pages[number - 1][NameObject("/Contents")] = writer._add_object(undecodable())
    if encrypt is not None:
        writer.encrypt(
            user_password=encrypt.user_password,
            owner_password=encrypt.owner_password,
            algorithm=encrypt.algorithm,
        )
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def draw_pages(path: Path, pages: list[str], heading: str | None) -> None:
    sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, text in enumerate(pages, start=1):
        y = 800.0
        if number == 1 and heading:
            sheet.setFont("Helvetica-Bold", 24)
            sheet.drawString(50, y, heading)
            y -= 40
        sheet.setFont("Helvetica", 11)
        for line in wrap(text, 90):
            sheet.drawString(50, y, line)
            y -= 14
            if y < 50:
                break
        sheet.showPage()
    sheet.save()


def undecodable() -> StreamObject:
    """A content stream whose ASCIIHex data is not hex: reading that page's text raises."""
    stream = StreamObject()
    stream[NameObject("/Filter")] = NameObject("/ASCIIHexDecode")
    stream._data = b"BT (not hex at all) Tj ET>"
    return stream


def xmp_packet(
    *,
    title: str | None = None,
    creator: str | None = None,
    description: str | None = None,
    created: str | None = None,
    modified: str | None = None,
    producer: str | None = None,
    keywords: str | None = None,
    creator_tool: str | None = None,
) -> bytes:
    """An XMP packet with the Dublin Core, XMP and PDF fields given (dates as XMP text)."""

    def alt(tag: str, text: str | None) -> str:
        if text is None:
            return ""
        return f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt></{tag}>'

    def simple(tag: str, text: str | None) -> str:
        return "" if text is None else f"<{tag}>{text}</{tag}>"

    seq = (
        ""
        if creator is None
        else f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>"
    )
    body = "".join(
        [
            alt("dc:title", title),
            seq,
            alt("dc:description", description),
            simple("xmp:CreateDate", created),
            simple("xmp:ModifyDate", modified),
            simple("xmp:CreatorTool", creator_tool),
            simple("pdf:Producer", producer),
            simple("pdf:Keywords", keywords),
        ]
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"{body}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def make_heavy_pdf(path: Path, page_count: int, words_per_page: int) -> Path:
    """Pages that all show one shared content stream of `words_per_page` text operators.

    The file stays small and is written in milliseconds, but reading its text costs time (and,
    with enough operators on a page, memory) in proportion to page_count * words_per_page.
    """
    writer = PdfWriter()
    stream = StreamObject()
    stream.set_data(b"BT /F1 10 Tf 50 800 Td " + b"(word) Tj " * words_per_page + b"ET")
    contents = writer._add_object(stream.flate_encode())
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    for _ in range(page_count):
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = resources
        page[NameObject("/Contents")] = contents
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def virtual_memory_mb() -> int:
    """This process's address space, which a forked worker starts with: a memory limit a little
    above it is one a heavy PDF can exceed (Linux: /proc/self/status)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize in /proc/self/status")


def wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return lines
