"""Raw PDF bytes for tests reportlab cannot write: numbered objects, a cross-reference table
with their offsets, a trailer, each part open to damage (hostile.py)."""

from __future__ import annotations

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def text_ops(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"BT /F1 12 Tf 72 720 Td (" + escaped.encode("latin-1") + b") Tj ET"


def document(
    contents: list[bytes], *, info: bytes | None = None, count: int | None = None
) -> tuple[list[bytes], bytes]:
    """Objects of a PDF with one page per content stream (object bodies, numbered from 1), and
    the trailer entries that point at them. `count` makes /Count lie about the pages."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(contents)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (kids, len(contents) if count is None else count),
        FONT,
    ]
    for index, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (first_page + 2 * index + 1)
        )
        objects.append(content if content.startswith(b"<<") else stream(content))
    trailer = b""
    if info is not None:
        objects.append(info)
        trailer = b"/Info %d 0 R " % len(objects)
    return objects, trailer


def assemble(
    objects: list[bytes],
    trailer: bytes = b"",
    *,
    shift: int = 0,
    xref: bool = True,
    eof: bool = True,
) -> bytes:
    """A PDF file of `objects` (numbered from 1). `shift` moves every xref offset (wrong
    offsets); xref=False leaves the cross-reference table and startxref out."""
    out = bytearray(HEADER)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % (offset + shift) for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    if xref:
        out += b"startxref\n%d\n" % start
    if eof:
        out += b"%%EOF\n"
    return bytes(out)


def simple_pdf(*texts: str, info: bytes | None = None) -> bytes:
    return assemble(*document([text_ops(text) for text in texts], info=info))
