"""Small text helpers shared by every stage: cleaning what PDFs contain, making it printable."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHITESPACE = re.compile(r"\s+")
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Drop NULs and other control characters, and lone surrogates SQLite would refuse."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def printable(text: str) -> str:
    """Escape control characters, so a crafted title cannot rewrite the terminal."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _TERMINAL_UNSAFE.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
