"""titles.py: the display title comes from metadata, else the first-page heading, else the file
name, and junk titles are skipped on the way."""

from __future__ import annotations

import pytest

from evalcatalog.extract.titles import choose_title, is_junk_title, title_from_file_name

GOOD = "DIVERT: key findings and implications for practice"
WORD_EXPORT = "Microsoft Word - DIVERT_final_v3.docx"


@pytest.mark.parametrize(
    "title",
    [
        None,
        "",
        "   ",
        "untitled",
        "Untitled",
        "Untitled-1",
        "Untitled document",
        WORD_EXPORT,
        "Microsoft Word - Knife crime summary",
        "MICROSOFT POWERPOINT - slides",
        "Microsoft Excel - costs",
        "DIVERT_final_v3.docx",
        "report.pdf",
        "Document",
        "title",
        "Slide 1",
        "a",
        "12345",
        "DIVERT_final_v3",
        "ABCDEFGHIJKLMNOP",
        "x" * 301,
    ],
)
def test_junk_titles(title: str | None) -> None:
    assert is_junk_title(title) is True


@pytest.mark.parametrize(
    "title",
    [
        GOOD,
        "Op Met Divan: on the edges of knife crime",
        "DIVERT",
        "TAWs",
        "Stop and search in London",
    ],
)
def test_good_titles(title: str) -> None:
    assert is_junk_title(title) is False


@pytest.mark.parametrize(
    ("meta", "heading", "expected"),
    [
        (GOOD, "Heading on page one", (GOOD, "metadata")),
        ("  " + GOOD + " ", None, (GOOD, "metadata")),
        (WORD_EXPORT, "DIVERT evaluation", ("DIVERT evaluation", "heading")),
        ("untitled", "DIVERT evaluation", ("DIVERT evaluation", "heading")),
        (None, "DIVERT evaluation", ("DIVERT evaluation", "heading")),
        ("untitled", "Microsoft Word - x.docx", ("Divert final v3", "file name")),
        (None, None, ("Divert final v3", "file name")),
    ],
)  # fmt: skip
def test_choose_title(meta: str | None, heading: str | None, expected: tuple[str, str]) -> None:
    assert choose_title(meta, heading, "/reports/divert_final-v3.pdf") == expected


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/r/divert-key-findings.pdf", "Divert key findings"),
        ("/r/op_met_divan.final.pdf", "Op met divan final"),
        ("/r/2021 TAWs report.PDF", "2021 TAWs report"),
        ("/r/___.pdf", "___"),
    ],
)
def test_title_from_file_name(path: str, title: str) -> None:
    assert title_from_file_name(path) == title
