"""extract.py: page count, per-page text, PDF version, encryption, metadata and dates, failed pages
and the one-line reasons for files that are not PDFs, on PDFs written by the tests."""

from __future__ import annotations

import gzip
import os
from datetime import datetime
from pathlib import Path

import pytest
from pdfs import Encryption, make_pdf, xmp_packet
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from evalcatalog.errors import ExtractError
from evalcatalog.extract.metadata import parse_pdf_date
from evalcatalog.extract.pdf import extract_report, iter_extraction
from evalcatalog.models import PageText, PdfInfo

PAGES = ["alpha words on page one", "bravo words on page two", "charlie words on page three"]


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("extract")


@pytest.fixture(scope="module")
def plain(pdf_dir: Path) -> Path:
    return make_pdf(pdf_dir / "plain.pdf", PAGES, heading="Evaluation of DIVERT")


@pytest.fixture(scope="module")
def described(pdf_dir: Path) -> Path:
    return make_pdf(
        pdf_dir / "described.pdf",
        ["one two three"],
        title="DIVERT: key findings and implications for practice",
        author="College of Policing",
        created=datetime(2021, 7, 7, 9, 30, 5),
        metadata={
            "/Subject": "Custody diversion",
            "/Keywords": "diversion, custody, Met",
            "/Creator": "Microsoft Word for Microsoft 365",
            "/Producer": "Adobe PDF Library 21.1",
            "/ModDate": "D:20210801120000-05'30'",
        },
    )


def test_page_count_and_each_page_text_on_its_own_page(plain: Path) -> None:
    report = extract_report(str(plain))
    assert report.info.page_count == 3
    assert [(page.number, page.text, page.error) for page in report.pages] == [
        (1, "Evaluation of DIVERT\nalpha words on page one", None),
        (2, "bravo words on page two", None),
        (3, "charlie words on page three", None),
    ]


def test_iter_extraction_yields_info_first_then_pages_in_order(plain: Path) -> None:
    items = list(iter_extraction(str(plain)))
    assert isinstance(items[0], PdfInfo)
    assert [type(item) for item in items[1:]] == [PageText, PageText, PageText]
    assert [item.number for item in items[1:] if isinstance(item, PageText)] == [1, 2, 3]


def test_word_count_heading_and_version(plain: Path) -> None:
    report = extract_report(str(plain))
    assert report.word_count == 3 + 5 * 3
    assert report.heading == "Evaluation of DIVERT"
    assert report.info.pdf_version == "1.3"
    assert report.info.encrypted is False


def test_a_first_page_all_in_one_size_has_no_heading(pdf_dir: Path) -> None:
    """Body text is not a title: without larger text on page 1 there is no heading."""
    path = make_pdf(pdf_dir / "flat.pdf", ["just body text here", "more"])
    assert extract_report(str(path)).heading is None


def test_document_info_fields_and_dates(described: Path) -> None:
    info = extract_report(str(described)).info
    assert info.title == "DIVERT: key findings and implications for practice"
    assert info.author == "College of Policing"
    assert info.subject == "Custody diversion"
    assert info.keywords == "diversion, custody, Met"
    assert info.creator == "Microsoft Word for Microsoft 365"
    assert info.producer == "Adobe PDF Library 21.1"
    assert info.created == "2021-07-07T09:30:05+00:00"
    assert info.modified == "2021-08-01T12:00:00-05:30"
    assert info.metadata_source == "info"
    assert info.warnings == []


def test_no_metadata_at_all(plain: Path) -> None:
    info = extract_report(str(plain)).info
    fields = (info.title, info.author, info.subject, info.keywords, info.creator, info.producer)
    assert fields == (None,) * 6
    assert (info.created, info.modified, info.metadata_source) == (None, None, None)


def test_xmp_only_metadata(pdf_dir: Path) -> None:
    path = make_pdf(
        pdf_dir / "xmp-only.pdf",
        ["xmp words"],
        xmp=xmp_packet(
            title="Op Met Divan: on the edges of knife crime",
            creator="Metropolitan Police Service",
            description="Exploratory analysis",
            created="2021-07-15T09:30:00+01:00",
            modified="2021-07-16T10:00:00Z",
            producer="Acrobat Distiller 21.0",
            keywords="knife crime; TAWs",
            creator_tool="Adobe InDesign 16.2",
        ),
    )
    info = extract_report(str(path)).info
    assert info.title == "Op Met Divan: on the edges of knife crime"
    assert info.author == "Metropolitan Police Service"
    assert info.subject == "Exploratory analysis"
    assert info.keywords == "knife crime; TAWs"
    assert info.creator == "Adobe InDesign 16.2"
    assert info.producer == "Acrobat Distiller 21.0"
    # pypdf reads XMP dates as UTC; the catalogue keeps the instant, marked as UTC.
    assert info.created == "2021-07-15T08:30:00+00:00"
    assert info.modified == "2021-07-16T10:00:00+00:00"
    assert info.metadata_source == "xmp"


def test_document_info_wins_and_xmp_fills_the_gaps(pdf_dir: Path) -> None:
    path = make_pdf(
        pdf_dir / "both.pdf",
        ["both"],
        title="Info title",
        metadata={"/CreationDate": "garbage"},
        xmp=xmp_packet(title="XMP title", creator="XMP author", created="2020-01-02T03:04:05Z"),
    )
    info = extract_report(str(path)).info
    assert (info.title, info.author) == ("Info title", "XMP author")
    assert info.created == "2020-01-02T03:04:05+00:00"  # the info date is malformed
    assert info.metadata_source == "info"


def test_a_malformed_xmp_date_costs_only_that_date(pdf_dir: Path) -> None:
    path = make_pdf(
        pdf_dir / "bad-xmp-date.pdf",
        ["x"],
        xmp=xmp_packet(title="XMP title kept", created="last Tuesday", modified="2021-13-45"),
    )
    info = extract_report(str(path)).info
    assert (info.title, info.created, info.modified) == ("XMP title kept", None, None)
    assert info.warnings == []


def test_unreadable_xmp_is_a_warning_not_a_failure(pdf_dir: Path) -> None:
    path = make_pdf(pdf_dir / "broken-xmp.pdf", ["still read"], xmp=b"<x:xmpmeta <<<")
    report = extract_report(str(path))
    assert report.pages[0].text == "still read"
    assert report.info.title is None
    assert len(report.info.warnings) == 1
    assert report.info.warnings[0].startswith("XMP metadata unreadable: damaged PDF: XML in ")


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("D:20210715093000+01'00'", "2021-07-15T09:30:00+01:00"),
        ("D:20210715093000+01'00", "2021-07-15T09:30:00+01:00"),
        ("D:20210715093000-05'30'", "2021-07-15T09:30:00-05:30"),
        ("D:20210715093000Z", "2021-07-15T09:30:00+00:00"),
        ("D:20210715093000Z00'00'", "2021-07-15T09:30:00+00:00"),
        ("D:20210715093000", "2021-07-15T09:30:00"),
        ("20210715093000+0100", "2021-07-15T09:30:00+01:00"),
        ("D:202107150930", "2021-07-15T09:30:00"),
        ("D:20210715", "2021-07-15"),
        ("D:2021", "2021-01-01"),
        ("  D:20210715093000Z  ", "2021-07-15T09:30:00+00:00"),
    ],
)
def test_pdf_dates_become_iso_8601(raw: str, iso: str) -> None:
    assert parse_pdf_date(raw) == iso


@pytest.mark.parametrize(
    "raw",
    [None, "", "   ", "yesterday", "D:", "D:21", "D:20211345", "D:20210230", "D:20210715256000",
     "July 2021", "D:abcd0715"],
)  # fmt: skip
def test_malformed_pdf_dates_become_none(raw: str | None) -> None:
    assert parse_pdf_date(raw) is None


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("/Title", NumberObject(42), "42"),
        ("/Title", FloatObject(1.5), "1.5"),
        ("/Title", BooleanObject(True), None),
        ("/Title", DictionaryObject(), None),
        ("/Title", TextStringObject(""), None),
        ("/Title", TextStringObject("  spaced\n\tout  "), "spaced out"),
        ("/Title", TextStringObject("nul\x00and\x07bell"), "nulandbell"),
        ("/Author", ArrayObject([TextStringObject("Ann"), TextStringObject("Bo")]), "Ann; Bo"),
        ("/Author", ByteStringObject("Zoë".encode("utf-16")), "Zoë"),
        ("/Author", ByteStringObject(b"caf\xe9"), "café"),
        ("/CreationDate", BooleanObject(False), None),
        ("/CreationDate", TextStringObject(""), None),
        ("/CreationDate", NumberObject(20210715), "2021-07-15"),
        ("/CreationDate", TextStringObject("D:20211345"), None),
    ],
)
def test_odd_metadata_types(
    pdf_dir: Path, field: str, value: PdfObject, expected: str | None
) -> None:
    path = make_pdf(pdf_dir / "odd.pdf", ["odd"], raw_info={field: value})
    info = extract_report(str(path)).info
    attribute = {"/Title": "title", "/Author": "author", "/CreationDate": "created"}[field]
    assert getattr(info, attribute) == expected
    assert info.warnings == []


def test_indirect_metadata_values(pdf_dir: Path) -> None:
    base = make_pdf(pdf_dir / "indirect-base.pdf", ["indirect"])
    writer = PdfWriter(clone_from=PdfReader(base))
    writer._info = DictionaryObject(
        {
            NameObject("/Title"): writer._add_object(TextStringObject("Indirect title")),
            NameObject("/CreationDate"): writer._add_object(TextStringObject("D:20210707")),
        }
    )
    path = pdf_dir / "indirect.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    info = extract_report(str(path)).info
    assert (info.title, info.created) == ("Indirect title", "2021-07-07")


def test_a_page_that_fails_alone_is_recorded_and_the_rest_kept(pdf_dir: Path) -> None:
    path = make_pdf(pdf_dir / "broken-page.pdf", PAGES, broken_pages=[2])
    report = extract_report(str(path))
    assert report.info.page_count == 3
    assert [(page.number, page.text, page.error) for page in report.pages] == [
        (1, "alpha words on page one", None),
        (2, "", "damaged PDF: Invalid hexadecimal character in ASCIIHexDecode stream: "
                "Non-hexadecimal digit found"),
        (3, "charlie words on page three", None),
    ]  # fmt: skip
    assert report.word_count == 10


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_encrypted_with_an_empty_user_password_is_read(pdf_dir: Path, algorithm: str) -> None:
    path = make_pdf(
        pdf_dir / f"open-{algorithm}.pdf",
        PAGES,
        title="Locked title",
        encrypt=Encryption(algorithm),
    )
    report = extract_report(str(path))
    assert report.info.encrypted is True
    assert report.info.title == "Locked title"
    assert [page.text for page in report.pages] == PAGES


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_encrypted_with_a_real_user_password_is_refused(pdf_dir: Path, algorithm: str) -> None:
    path = make_pdf(
        pdf_dir / f"locked-{algorithm}.pdf", PAGES, encrypt=Encryption(algorithm, "s3cret")
    )
    with pytest.raises(ExtractError) as caught:
        extract_report(str(path))
    assert str(caught.value) == "encrypted: a password is required"


HTML = "not a PDF: an HTML page (was it downloaded correctly?)"
GZIP = "not a PDF: gzip-compressed data (decompress it first)"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not a PDF: the file is empty"),
        (b"<!DOCTYPE html><html><body>Not found</body></html>", HTML),
        (b"\n  <html><head></head></html>", HTML),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not a PDF: a PNG image"),
        (gzip.compress(b"%PDF-1.4 inside a gzip"), GZIP),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "not a PDF: a JPEG image"),
        (b"PK\x03\x04" + b"\x00" * 40, "not a PDF: a ZIP archive (a .docx or .zip?)"),
        (b"GIF89a" + b"\x00" * 40, "not a PDF: a GIF image"),
        (b"just some notes\n" * 10, "not a PDF: no %PDF- header in the first 1024 bytes"),
    ],
)  # fmt: skip
def test_not_a_pdf_reasons(pdf_dir: Path, content: bytes, reason: str) -> None:
    path = pdf_dir / "not-a.pdf"
    path.write_bytes(content)
    with pytest.raises(ExtractError) as caught:
        extract_report(str(path))
    assert str(caught.value) == reason


def test_truncated_pdf_is_damaged(pdf_dir: Path, plain: Path) -> None:
    data = plain.read_bytes()
    path = pdf_dir / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExtractError) as caught:
        extract_report(str(path))
    # The detail is pypdf's (and depends on how far a repair gets): the class of reason is ours.
    assert str(caught.value).startswith("damaged PDF: ")
    assert "\n" not in str(caught.value)


def test_junk_before_the_header_is_tolerated(pdf_dir: Path, plain: Path) -> None:
    path = pdf_dir / "leading-junk.pdf"
    path.write_bytes(b"junk from a mail gateway\n" + plain.read_bytes())
    report = extract_report(str(path))
    assert report.info.page_count == 3
    assert report.info.pdf_version == "1.3"


def test_a_fifo_is_refused_without_blocking(pdf_dir: Path) -> None:
    fifo = pdf_dir / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(ExtractError) as caught:
        extract_report(str(fifo))
    assert str(caught.value) == "not a regular file"


def test_a_missing_file(pdf_dir: Path) -> None:
    with pytest.raises(ExtractError) as caught:
        extract_report(str(pdf_dir / "gone.pdf"))
    assert str(caught.value) == "file not found"


def test_a_folder(pdf_dir: Path) -> None:
    folder = pdf_dir / "folder.pdf"
    folder.mkdir()
    with pytest.raises(ExtractError) as caught:
        extract_report(str(folder))
    assert str(caught.value) == "not a regular file"
