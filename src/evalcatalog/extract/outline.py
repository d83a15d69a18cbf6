"""A PDF's bookmarks (its outline) as (level, title, page) entries, for extract/structure.py.

Read with pypdf whichever engine read the text (the pdfium engine reads metadata with it too):
opening a file parses only its cross-reference table, and a file without an /Outlines entry
costs nothing more (about 1 ms a file on the bench corpus, against ~3 ms a page of text).
pypdf is imported where used, as in pdf.py, so a run with nothing to read never loads it.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from ..text import clean_text, one_line
from .pdf import decrypt_if_needed, open_regular_file

if TYPE_CHECKING:
    from pypdf import PdfReader

MAX_ENTRIES = 5000  # a bound on a damaged or hostile outline
MAX_DEPTH = 8
MAX_TITLE_CHARS = 300

Outline = list[tuple[int, str, int]]


def read_outline(path: str) -> Outline | None:
    """The file's bookmarks that point at a page, in order; None if it has none, or they
    cannot be read (the headings in the text are used instead)."""
    from pypdf import PdfReader

    try:
        with open_regular_file(path) as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(handle, strict=False)
            decrypt_if_needed(reader)
            root = reader.trailer["/Root"].get_object()
            if not isinstance(root, dict) or "/Outlines" not in root:
                return None
            entries: Outline = []
            walk(reader, reader.outline, 1, entries)
    except MemoryError:
        raise
    except Exception:  # bookmarks are optional: a damaged outline is as good as none
        return None
    return entries or None


def walk(reader: PdfReader, items: list[Any], level: int, entries: Outline) -> None:
    """pypdf gives an outline as a list in which an entry's children follow it as a list."""
    for item in items:
        if len(entries) >= MAX_ENTRIES:
            return
        if isinstance(item, list):
            if level < MAX_DEPTH:
                walk(reader, item, level + 1, entries)
            continue
        index = reader.get_destination_page_number(item)
        title = one_line(clean_text(str(item.title or "")))[:MAX_TITLE_CHARS]
        if index is not None and index >= 0 and title:
            entries.append((level, title, index + 1))
