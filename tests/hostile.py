"""Hostile files for ingest, each with what evalcatalog must do with it (issue 7).

`CASES` is the table: where the file goes (relative to a batch folder), the function that writes
it, the expected outcome, and a piece of the expected reason. Outcomes:

- "ingest": catalogued with no warning and no failed page;
- "warn":   catalogued, with the reason among its warnings or its failed pages' errors;
- "reject": recorded as failed, with the reason;
- "skip":   passed over (not a file ingest may open), with the reason.

reportlab cannot write most attacks, so they are assembled as raw PDF bytes (rawpdf.py).
"""

from __future__ import annotations

import gzip
import os
import random
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pdfs import Encryption, make_pdf
from pypdf._codecs._codecs import LzwCodec
from rawpdf import FONT, assemble, document, simple_pdf, stream, text_ops

Writer = Callable[[Path], None]
PATH_MAX = os.pathconf("/", "PC_PATH_MAX")


@dataclass(frozen=True)
class Case:
    name: str  # where the writer puts it, relative to the batch folder
    write: Writer
    outcome: str  # ingest, warn, reject, skip
    reason: str = ""  # a piece of the reason (reject, skip) or of a warning (warn)
    reported: str | None = None  # where ingest reports it, when not at `name`
    fields: tuple[tuple[str, object], ...] = ()  # reports columns it must be catalogued with
    under: bool = False  # reported at `reported` or a folder below it (the too-long path)

    @property
    def report_path(self) -> str:
        return self.reported or self.name


def writes(data: bytes | Callable[[], bytes]) -> Writer:
    def write(path: Path) -> None:
        path.write_bytes(data() if callable(data) else data)

    return write


# --- not PDFs and damaged PDFs -------------------------------------------------------------

GOOD = simple_pdf("hostile batch control text", "second page words")


def random_bytes() -> bytes:
    return random.Random(7).randbytes(4096).replace(b"PDF-", b"XXXX").replace(b" obj", b"Xobj")


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)


def broken_xref() -> bytes:
    data = GOOD
    start = data.rindex(b"\nxref\n") + 1
    return data[:start] + b"xref\n0 9\ngarbage garbage\n" + data[data.index(b"trailer", start) :]


def prev_loop() -> bytes:
    """A trailer whose /Prev points at its own cross-reference table: readers must not loop."""
    objects, _ = document([text_ops("prev loop text")])
    data = assemble(objects)
    start = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    return data.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % start)


def concatenated() -> bytes:
    return simple_pdf("first document text") + simple_pdf("second document text", "its page two")


# --- resource attacks ----------------------------------------------------------------------


def flate_bomb(size: int) -> bytes:
    """A zlib stream of `size` spaces (a multiple of 1 MB), built from one compressed megabyte
    repeated: after a full flush deflate output does not depend on what came before."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    unit = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()[:-4]  # the final block, without the checksum of two megabytes
    adler = 1
    for _ in range(size >> 20):
        adler = zlib.adler32(chunk, adler)
    return first + unit * ((size >> 20) - 1) + end + adler.to_bytes(4, "big")


def flate_bomb_pdf() -> bytes:
    """One content stream that inflates to 1 GB (pypdf stops at 75 MB)."""
    bomb = stream(flate_bomb(1 << 30), b"/Filter /FlateDecode ")
    return assemble(*document([text_ops("before the bomb"), bomb]))


def lzw_bomb(cycles: int) -> bytes:
    """LZW codes for a run of spaces, written directly (encoding 200 MB in Python is slow):
    after a clear-table code, each code names a string one space longer than the one before,
    until the table is full. Codes are packed as pypdf's encoder packs them."""
    cycle = [LzwCodec.CLEAR_TABLE_MARKER, ord(" "), *range(258, 4096)]
    out = bytearray()
    buffer = bits = 0
    width, next_code = 9, 258
    for code in [*cycle * cycles, LzwCodec.EOD_MARKER]:
        buffer, bits = (buffer << width) | code, bits + width
        while bits >= 8:
            bits -= 8
            out.append((buffer >> bits) & 0xFF)
        buffer &= (1 << bits) - 1
        if code == LzwCodec.CLEAR_TABLE_MARKER:
            width, next_code = 9, 258
        elif code != LzwCodec.EOD_MARKER:
            next_code += 1
            if next_code > (1 << width) - 1 and width < 12:
                width += 1
    return bytes(out + (bytes([(buffer << (8 - bits)) & 0xFF]) if bits else b""))


def lzw_bomb_pdf() -> bytes:
    """About 200 MB of spaces from 150 kB (pypdf stops at 75 MB)."""
    data = lzw_bomb(28)
    return assemble(*document([text_ops("before the bomb"), stream(data, b"/Filter /LZWDecode ")]))


def nested_filter_pdf() -> bytes:
    """Flate inside Flate: 4 kB on disk, 1 GB once both layers are undone."""
    twice = zlib.compress(flate_bomb(1 << 30), 9)
    bomb = stream(twice, b"/Filter [/FlateDecode /FlateDecode] ")
    return assemble(*document([text_ops("before the bomb"), bomb]))


def many_streams_pdf() -> bytes:
    """One page drawing 40 form XObjects of 70 MB each: every stream under pypdf's own 75 MB
    limit, 2.8 GB together."""
    inner = flate_bomb(70 << 20)
    count = 40
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
    ]
    forms = b" ".join(b"/X%d %d 0 R" % (i, 6 + i) for i in range(count))
    objects.append(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>"
        b" /XObject << %s >> >> /Contents 5 0 R >>" % forms
    )
    objects.append(stream(b" ".join(b"/X%d Do" % i for i in range(count))))
    for _ in range(count):
        objects.append(
            stream(
                inner,
                b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Filter /FlateDecode "
                b"/Resources << /Font << /F1 3 0 R >> >> ",
            )
        )
    return assemble(objects)


def deep_nesting_pdf() -> bytes:
    """An array nested 100,000 deep in the page object: recursive parsers overflow."""
    depth = 100_000
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Junk "
        + b"[" * depth
        + b"]" * depth
        + b" /Contents 4 0 R >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page,
        stream(b""),
    ]
    return assemble(objects)


def self_page_tree_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream(b""),
    ]
    return assemble(objects)


def million_count_pdf() -> bytes:
    return assemble(*document([text_ops("only one page here")], count=1_000_000))


def long_word_pdf() -> bytes:
    return assemble(*document([text_ops("x" * (2 << 20))]))


def thousands_pages_pdf() -> bytes:
    return assemble(*document([text_ops(f"page {i}") for i in range(1, 2001)]))


def deep_content_pdf() -> bytes:
    """The same nesting inside a page's content stream: that page fails, the rest is kept."""
    deep = b"BT /F1 12 Tf (shown) Tj ET " + b"[" * 100_000 + b"]" * 100_000 + b" pop"
    return assemble(*document([text_ops("a sound first page"), deep]))


def surrogate_text_pdf() -> bytes:
    """A font whose ToUnicode map turns "A" into a lone surrogate (SQLite refuses those)."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Lone def "
        b"1 begincodespacerange <00> <FF> endcodespacerange "
        b"1 beginbfchar <41> <D800> endbfchar endcmap "
        b"CMapName currentdict /CMap defineresource pop end end"
    )
    objects, trailer = document([text_ops("AAA lone surrogate text")])
    objects[2] = FONT[:-2] + b"/ToUnicode %d 0 R >>" % (len(objects) + 1)
    objects.append(stream(cmap))
    return assemble(objects, trailer)


# --- odd metadata --------------------------------------------------------------------------


def info_pdf(info: bytes, text: str = "odd metadata body text") -> Writer:
    return writes(lambda: simple_pdf(text, info=info))


def utf16_string(text: str) -> bytes:
    """A PDF hex string of UTF-16BE with a byte-order mark (lone surrogates kept as they are)."""
    return b"<feff" + text.encode("utf-16-be", "surrogatepass").hex().encode() + b">"


CONTROL_TITLE = "Red \x1b[31malert\x1b[0m, CSI \x9b2J, bidi \u202eevil"


# --- the file system -----------------------------------------------------------------------


def good_pdf(text: str) -> Writer:
    return writes(lambda: simple_pdf(text))


def fifo(path: Path) -> None:
    os.mkfifo(path)


def symlink_to(target: str) -> Writer:
    def write(path: Path) -> None:
        path.symlink_to(target)

    return write


def directory_named_pdf(path: Path) -> None:
    path.mkdir()
    (path / "inside.pdf").write_bytes(simple_pdf("a file inside a folder named like a PDF"))


def link_outside(path: Path) -> None:
    outside = path.parent.parent / "outside-the-batch"
    outside.mkdir(exist_ok=True)
    (outside / "secret.pdf").write_bytes(simple_pdf("outside text must not be read"))
    path.symlink_to(outside, target_is_directory=True)


LONG_PART = "d" * 200


def too_long_path(path: Path) -> None:
    """A PDF whose path is longer than PATH_MAX, made by walking down with directory fds (no
    call taking the whole path would accept it)."""
    folder = Path(str(path)[: -len(LONG_PATH_NAME) - 1])
    *parts, name = LONG_PATH_NAME.split("/")
    fd = os.open(folder, os.O_RDONLY)
    try:
        for part in parts:
            os.mkdir(part, dir_fd=fd)
            child = os.open(part, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        out = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, simple_pdf("a file too deep to name"))
        os.close(out)
    finally:
        os.close(fd)


def long_path_name() -> str:
    depth = PATH_MAX // (len(LONG_PART) + 1) + 1
    return "/".join(["too-deep", *[LONG_PART] * depth, "deep.pdf"])


LONG_PATH_NAME = long_path_name()


NFC = unicodedata.normalize("NFC", "café-twin.pdf")
NFD = unicodedata.normalize("NFD", "café-twin.pdf")
NON_UTF8 = os.fsdecode(b"latin1-caf\xe9.pdf")
ESCAPE_NAME = "esc-\x1b[2J-clear.pdf"


def encrypted(algorithm: str, password: str) -> Writer:
    def write(path: Path) -> None:
        make_pdf(path, ["encrypted body text"], encrypt=Encryption(algorithm, password))

    return write


def gzipped(path: Path) -> None:
    path.write_bytes(gzip.compress(GOOD, mtime=0))


PASSWORD = "encrypted: a password is required"
NOT_PDF = "not a PDF"
REPAIRED = "damaged PDF, repaired"
BOMB = "too large: Limit reached while decompressing"
OUTSIDE = "symlink leads outside the given folders (use --follow-symlinks)"
CONTROL_TITLE_STORED = "Red [31malert[0m, CSI \x9b2J, bidi \u202eevil"  # C0 dropped, C1 kept

# fmt: off
CASES: tuple[Case, ...] = (
    # not PDFs
    Case("empty.pdf", writes(b""), "reject", "not a PDF: the file is empty"),
    Case("random-bytes.pdf", writes(random_bytes), "reject", NOT_PDF),
    Case("html-page.pdf", writes(b"<!DOCTYPE html><html><body>404</body></html>"), "reject",
         "not a PDF: an HTML page"),
    Case("png-image.pdf", writes(png_bytes), "reject", "not a PDF: a PNG image"),
    Case("gzipped.pdf", gzipped, "reject", "not a PDF: gzip-compressed"),
    Case("bell-\x07-ring.pdf", writes(b"<html>bell</html>"), "reject", NOT_PDF),
    # damaged
    Case("truncated.pdf", writes(GOOD[: len(GOOD) // 2]), "reject", "damaged PDF"),
    Case("broken-xref.pdf", writes(broken_xref), "warn", REPAIRED, fields=(("page_count", 2),)),
    Case("missing-xref.pdf", writes(lambda: assemble(*document([text_ops("no xref")]), xref=False)),
         "warn", REPAIRED, fields=(("page_count", 1),)),
    Case("wrong-offsets.pdf", writes(lambda: assemble(*document([text_ops("moved")]), shift=37)),
         "ingest", fields=(("page_count", 1),)),
    Case("no-eof.pdf", writes(lambda: assemble(*document([text_ops("no eof")]), eof=False)),
         "warn", REPAIRED, fields=(("page_count", 1),)),
    Case("junk-before-header.pdf", writes(b"junk " * 100 + GOOD), "ingest",
         fields=(("page_count", 2),)),
    Case("junk-after-end.pdf", writes(GOOD + random.Random(3).randbytes(5000)), "ingest",
         fields=(("page_count", 2),)),
    Case("two-concatenated.pdf", writes(concatenated), "ingest"),
    Case("prev-loop.pdf", writes(prev_loop), "ingest", fields=(("page_count", 1),)),
    # encrypted
    Case("rc4-empty-password.pdf", encrypted("RC4-128", ""), "ingest", fields=(("encrypted", 1),)),
    Case("aes128-empty-password.pdf", encrypted("AES-128", ""), "ingest",
         fields=(("encrypted", 1),)),
    Case("aes256-empty-password.pdf", encrypted("AES-256", ""), "ingest",
         fields=(("encrypted", 1),)),
    Case("rc4-password.pdf", encrypted("RC4-128", "s3cret"), "reject", PASSWORD),
    Case("aes128-password.pdf", encrypted("AES-128", "s3cret"), "reject", PASSWORD),
    Case("aes256-password.pdf", encrypted("AES-256", "s3cret"), "reject", PASSWORD),
    # resource attacks
    Case("flate-bomb.pdf", writes(flate_bomb_pdf), "warn", BOMB),
    Case("lzw-bomb.pdf", writes(lzw_bomb_pdf), "warn", BOMB),
    Case("nested-filter-bomb.pdf", writes(nested_filter_pdf), "warn", BOMB),
    Case("many-streams-bomb.pdf", writes(many_streams_pdf), "reject", "timed out after"),
    Case("deep-nesting.pdf", writes(deep_nesting_pdf), "reject",
         "damaged PDF: objects nested too deeply"),
    Case("deep-nesting-content.pdf", writes(deep_content_pdf), "warn",
         "damaged PDF: objects nested too deeply", fields=(("page_count", 2),)),
    Case("self-page-tree.pdf", writes(self_page_tree_pdf), "reject", "cyclic page"),
    Case("million-count.pdf", writes(million_count_pdf), "ingest", fields=(("page_count", 1),)),
    Case("two-mb-word.pdf", writes(long_word_pdf), "ingest", fields=(("word_count", 1),)),
    Case("thousands-of-pages.pdf", writes(thousands_pages_pdf), "ingest",
         fields=(("page_count", 2000),)),
    # odd metadata
    Case("title-number.pdf", info_pdf(b"<< /Title 42 /Author 3.5 >>"), "ingest",
         fields=(("meta_title", "42"), ("author", "3.5"), ("title", "Title number"))),
    Case("title-array.pdf", info_pdf(b"<< /Title [(Array) (title)] >>"), "ingest",
         fields=(("meta_title", "Array; title"),)),
    Case("bad-dates.pdf", info_pdf(b"<< /CreationDate (D:20211345) /ModDate (yesterday) >>"),
         "ingest", fields=(("created", None), ("modified", None))),
    Case("nul-title.pdf", info_pdf(b"<< /Title (NUL\\000in\\000title) >>"), "ingest",
         fields=(("meta_title", "NULintitle"),)),
    Case("huge-title.pdf", info_pdf(b"<< /Title (" + b"long title " * 10_000 + b") >>"), "ingest",
         fields=(("title", "Huge title"),)),
    Case("surrogate-title.pdf", info_pdf(b"<< /Title " + utf16_string("\ud800Lone one") + b" >>"),
         "ingest", fields=(("meta_title", "\ufffdLone one"),)),
    Case("control-title.pdf", info_pdf(b"<< /Title " + utf16_string(CONTROL_TITLE) + b" >>"),
         "ingest", fields=(("title", CONTROL_TITLE_STORED),)),
    Case("surrogate-text.pdf", writes(surrogate_text_pdf), "ingest"),
    # the file system
    Case("name with spaces.pdf", good_pdf("spaces in the name"), "ingest"),
    Case("quotes 'single' \"double\".pdf", good_pdf("quotes in the name"), "ingest"),
    Case("new\nline.pdf", good_pdf("a newline in the name"), "ingest"),
    Case("-leading-dash.pdf", good_pdf("a leading dash"), "ingest"),
    Case("n" * 246 + ".pdf", good_pdf("a 250 character name"), "ingest"),
    Case(NON_UTF8, good_pdf("a latin-1 name"), "ingest", fields=(("title", "Latin1 caf\\xe9"),)),
    Case(NFC, good_pdf("composed accent"), "ingest"),
    Case(NFD, good_pdf("decomposed accent"), "ingest"),
    Case("UPPER.PDF", good_pdf("upper case extension"), "ingest"),
    Case(ESCAPE_NAME, good_pdf("an escape sequence in the name"), "ingest"),
    Case("folder.pdf", directory_named_pdf, "ingest", reported="folder.pdf/inside.pdf"),
    Case("fifo.pdf", fifo, "skip", "not a regular file"),
    Case("dev-zero.pdf", symlink_to("/dev/zero"), "skip", OUTSIDE),
    Case("loop.pdf", symlink_to("loop.pdf"), "skip", "broken symlink or symlink loop"),
    Case("outside-link", link_outside, "skip", OUTSIDE),
    Case(LONG_PATH_NAME, too_long_path, "reject", "path too long", reported="too-deep",
         under=True),
)
# fmt: on


def write_batch(folder: Path, cases: tuple[Case, ...] = CASES) -> None:
    """Write every case into `folder` (which must exist)."""
    for case in cases:
        case.write(folder / case.name)
