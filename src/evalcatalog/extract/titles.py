"""Choose a report's display title: its metadata title, else its first-page heading, else its
file name. Real PDFs often carry junk titles ("Microsoft Word - final_v3.docx", "untitled")."""

from __future__ import annotations

import os
import re

_EXPORT_PREFIX = re.compile(r"^(microsoft (word|powerpoint|excel) - |untitled\b)", re.IGNORECASE)
_FILE_NAME = re.compile(r"\.(docx?|pdf|odt|rtf|pptx?|xlsx?|indd|tex|txt|html?)$", re.IGNORECASE)
_JUNK = {"untitled", "title", "document", "none", "null", "unknown", "slide 1", "page 1"}
MAX_TITLE_CHARS = 300


def is_junk_title(title: str | None) -> bool:
    """A title a person would not want to see in a list."""
    if not title:
        return True
    text = title.strip()
    letters = sum(char.isalpha() for char in text)
    return (
        letters < 3
        or len(text) > MAX_TITLE_CHARS
        or text.casefold() in _JUNK
        or bool(_EXPORT_PREFIX.match(text))
        or bool(_FILE_NAME.search(text))
        or (" " not in text and ("_" in text or (text.isupper() and len(text) > 12)))
    )


def title_from_file_name(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    words = re.sub(r"[_\-.]+", " ", stem).strip() or stem
    return words[:1].upper() + words[1:]


def choose_title(meta_title: str | None, heading: str | None, path: str) -> tuple[str, str]:
    """(title, source) where source is "metadata", "heading" or "file name"."""
    if meta_title and not is_junk_title(meta_title):
        return meta_title.strip(), "metadata"
    if heading and not is_junk_title(heading):
        return heading.strip(), "heading"
    return title_from_file_name(path), "file name"
