"""Read pages that are images (scans) with Tesseract: PDFium renders each page, in grey, at
300 dpi; Debian's `tesseract` binary reads it from its standard input and answers with one
line per word (TSV), which gives both the text and each word's confidence.

The binary is called directly rather than through pytesseract, which would add a dependency
to do the same: write an image, run the binary, parse its output. It runs in ingest's worker
processes, under their time and memory limits (the memory limit is inherited by the child), and
dies with its worker (PR_SET_PDEATHSIG), so a killed ingest leaves no Tesseract behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import EvalcatalogError, ExtractError
from ..models import PageText, PdfInfo
from ..text import clean_text
from .pdfium import ENGINE, open_document

DPI = 300
LANGUAGE = "eng"
INSTALL_HINT = "install it (Debian/Ubuntu: apt-get install tesseract-ocr) and run again"


class OcrUnavailableError(EvalcatalogError):
    """Tesseract is not installed: the message says how to install it."""


def tesseract_path() -> str:
    """The tesseract binary on PATH; OcrUnavailableError saying how to install it if none."""
    found = shutil.which("tesseract")
    if found is None:
        raise OcrUnavailableError(f"OCR needs Tesseract, which is not installed: {INSTALL_HINT}")
    return found


@dataclass
class OcrReader:
    """The worker's side of OCR: for a file, its info, then the text of the pages wanted of it
    (`pages[path]`; None for every page), each with source "ocr" and its mean confidence.
    Picklable, like ingest's TaggingReader."""

    pages: dict[str, list[int] | None]
    binary: str
    seconds_per_page: float = 60.0

    def __call__(self, path: str) -> Iterator[PdfInfo | PageText]:
        document = open_document(path)
        try:
            count = len(document)
            yield PdfInfo(page_count=count, engine=ENGINE)
            wanted = self.pages.get(path)
            for number in wanted if wanted is not None else range(1, count + 1):
                if 1 <= number <= count:
                    yield self.read_page(document, number)
        finally:
            document.close()

    def read_page(self, document: object, number: int) -> PageText:
        page = document[number - 1]  # type: ignore[index]
        try:
            image = render_pgm(page)
        finally:
            page.close()
        text, confidence = run_tesseract(self.binary, image, self.seconds_per_page)
        return PageText(number, text, source="ocr", confidence=confidence, no_text_layer=True)


def render_pgm(page: object) -> bytes:
    """The page as a binary PGM image (grey, 8 bits), which Tesseract reads from stdin."""
    bitmap = page.render(scale=DPI / 72, grayscale=True)  # type: ignore[attr-defined]
    try:
        buffer = bytes(bitmap.buffer)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    finally:
        bitmap.close()
    if stride == width:
        rows = buffer[: width * height]
    else:
        rows = b"".join(buffer[y * stride : y * stride + width] for y in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + rows


def _die_with_parent() -> None:
    """In the child, before exec: be killed when the worker that started it dies."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def run_tesseract(binary: str, image: bytes, timeout: float) -> tuple[str, float | None]:
    """The page's text (lines as Tesseract found them) and its words' mean confidence."""
    command = [binary, "stdin", "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core each: the workers are the threads
    try:
        done = subprocess.run(command, input=image, capture_output=True, env=env,
                              timeout=timeout, preexec_fn=_die_with_parent)  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise ExtractError(f"OCR timed out after {timeout:g} s on one page") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise ExtractError(f"OCR failed: tesseract: {detail[0][:200]}")
    return parse_tsv(done.stdout.decode("utf-8", "replace").splitlines())


def parse_tsv(lines: Iterable[str]) -> tuple[str, float | None]:
    """Tesseract's TSV (level 5 rows are words, with block, paragraph and line numbers) as
    text, a line per line and a blank line between blocks, and the words' mean confidence."""
    out: list[str] = []
    current: tuple[str, ...] | None = None
    confidences: list[float] = []
    for row in lines:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        where = tuple(fields[2:5])  # block, paragraph, line
        if current is None or where != current:
            if current is not None and where[0] != current[0]:
                out.append("\n")
            out.append("\n" if current is not None else "")
            current = where
        else:
            out.append(" ")
        out.append(fields[11])
        if float(fields[10]) >= 0:
            confidences.append(float(fields[10]))
    text = clean_text("".join(out)).strip()
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return text, mean
