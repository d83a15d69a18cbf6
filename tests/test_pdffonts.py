"""Reusing a document's fonts across its pages must not change a single character."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from conftest import CORPUS, REPORTS

from evalcatalog.errors import ExtractError
from evalcatalog.extract import fonts as pdffonts
from evalcatalog.extract import pdf as extract
from evalcatalog.models import PageText

MAX_BYTES = 300_000  # the corpus's small files: dozens of font kinds, seconds in all


def read(path: Path) -> list[tuple[int, str, str | None, str | None]] | str:
    try:
        return [
            (item.number, item.text, item.error, item.heading)
            for item in extract.iter_extraction(str(path))
            if isinstance(item, PageText)
        ]
    except ExtractError as exc:
        return str(exc)


def sample() -> list[Path]:
    corpus = [p for p in sorted(CORPUS.rglob("*.pdf")) if p.stat().st_size <= MAX_BYTES]
    return [*sorted(REPORTS.glob("*key-findings.pdf"))[:3], *corpus]


def test_the_corpus_reads_the_same_with_fonts_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sample()
    assert len(files) > 30
    reused = {path: read(path) for path in files}
    monkeypatch.setattr(extract, "reuse_fonts", contextlib.nullcontext)
    plain = {path: read(path) for path in files}
    assert [p.name for p in files if reused[p] != plain[p]] == []
    assert (
        sum(isinstance(pages, list) and any(page[1] for page in pages) for pages in plain.values())
        > 20
    )


def test_fonts_are_built_once_per_document_and_then_forgotten() -> None:
    pdf = REPORTS / "divert-technical-report.pdf"
    held = []
    for item in extract.iter_extraction(str(pdf)):
        if isinstance(item, PageText):
            held.append(pdffonts.fonts_reused())
    assert len(held) > 20
    assert 0 < held[0] == held[-1]  # the same few fonts, page after page
    assert pdffonts.fonts_reused() == 0  # dropped with the document
