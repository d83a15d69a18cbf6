"""A minimal PDF writer for the benchmark corpus, writing what word processors write.

Writing the objects directly is about a hundred times faster than reportlab's canvas, which
matters for 100,000 pages on two cores. The content is shaped like a word processor's output,
because that is what sets pypdf's pace: every line its own text object with a TJ array kerned
inside words, standard fonts carrying /Widths and a /ToUnicode CMap that pypdf parses on every
page, and rules and shading around headers and tables. (A bare one-Tj-per-line stream reads
twice as fast as real reports do, which would flatter the floor the ingest benchmark compares
against.)
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from functools import cache

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
FONTS = {"F1": "Helvetica", "F2": "Helvetica-Bold", "F3": "Times-Roman"}
TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /WinAnsi-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
2 beginbfrange
<20> <7E> <0020>
<A0> <FF> <00A0>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end"""


@dataclass
class Run:
    """One line of text drawn at (x, y) in a font ("F1".."F3") and size."""

    font: str
    size: float
    x: float
    y: float
    text: str


@dataclass
class Rule:
    """A horizontal line (height 0) or a shaded box, drawn under the text."""

    x: float
    y: float
    width: float
    height: float = 0.0


@cache
def widths(base: str) -> bytes:
    from reportlab.pdfbase.pdfmetrics import getFont  # the standard fonts' real metrics

    return b" ".join(b"%d" % width for width in getFont(base).widths[32:256])


def escape(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")  # the fonts use WinAnsiEncoding
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def kerned(text: str, rng: random.Random) -> bytes:
    """A TJ array with small kerning adjustments every few characters, as Word writes them."""
    parts = []
    start = 0
    while start < len(text):
        end = start + rng.randint(3, 9)
        parts.append(b"(" + escape(text[start:end]) + b")")
        if end < len(text):
            parts.append(b"%d" % rng.randint(-18, 18))
        start = end
    return b"[" + b"".join(parts) + b"] TJ"


def content_stream(runs: list[Run], rules: list[Rule], rng: random.Random) -> bytes:
    parts = []
    for rule in rules:
        if rule.height:
            parts.append(b"q 0.9 g %g %g %g %g re f Q" % (rule.x, rule.y, rule.width, rule.height))
        else:
            parts.append(
                b"q 0.5 w 0.6 G %g %g m %g %g l S Q" % (rule.x, rule.y, rule.x + rule.width, rule.y)
            )
    for run in runs:
        colour = b"0.1 0.2 0.5 rg" if run.font == "F2" else b"0 g"
        parts.append(
            b"BT\n/%s %g Tf\n1 0 0 1 %g %g Tm\n%s\n%s\nET"
            % (run.font.encode(), run.size, run.x, run.y, colour, kerned(run.text, rng))
        )
    return b"\n".join(parts)


def info_string(text: str) -> bytes:
    """ASCII as a literal string; anything else as UTF-16BE with a byte-order mark."""
    if text.isascii():
        return b"(" + escape(text) + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def pdf_bytes(pages: list[bytes], info: dict[str, str]) -> bytes:
    """The whole file from each page's content stream: catalog 1, page tree 2, the ToUnicode
    CMap 3, fonts 4-6, info 7, then a page object and its content stream for each page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(TO_UNICODE), TO_UNICODE))
    font_refs = []
    for number, (name, base) in enumerate(FONTS.items(), start=4):
        objects.append(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding "
            b"/FirstChar 32 /LastChar 255 /Widths [%s] /ToUnicode 3 0 R >>"
            % (base.encode(), widths(base))
        )
        font_refs.append(b"/%s %d 0 R" % (name.encode(), number))
    fields = b" ".join(b"/%s %s" % (key.encode(), info_string(v)) for key, v in info.items())
    objects.append(b"<< " + fields + b" >>")
    resources = b"<< /Font << " + b" ".join(font_refs) + b" >> /ProcSet [/PDF /Text] >>"
    kids = []
    for stream in pages:
        page_number = len(objects) + 1
        data = zlib.compress(stream, 6)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, resources, page_number + 1)
        )
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
        )
        kids.append(b"%d 0 R" % page_number)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return serialise(objects, info_object=7)


def serialise(objects: list[bytes], info_object: int) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, info_object)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
