"""Small text helpers shared by every stage: cleaning what PDFs contain, making it printable."""

from __future__ import annotations

import re
import unicodedata

import Stemmer

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHITESPACE = re.compile(r"\s+")
# C0 and C1 controls, bidi marks and overrides, and the line separators some terminals obey.
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Drop NULs and other control characters, and lone surrogates SQLite would refuse."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def printable(text: str) -> str:
    """Escape control characters, so a crafted title cannot rewrite the terminal."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _TERMINAL_UNSAFE.sub(escape_char, text)


def escape_char(match: re.Match[str]) -> str:
    """\\x1b for a byte-sized code point, \\u202e above (never the ambiguous \\x202e)."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def json_safe(json_text: str) -> str:
    """JSON text with the characters a terminal obeys as \\uXXXX escapes (json.dumps escapes
    only C0 controls). The same data to a program: they can only occur inside strings."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


# The normalisers, here unless they must differ: fold and name_key compare names (tags,
# dimensions, filter values, title words). Three others do something else on purpose:
# search/query.normalise mirrors the FTS5 tokenizer (lower case, NFD: ligatures kept, as the
# index keeps them); tagging/tagger.nfkc keeps case for case-sensitive rules; and
# tagging/prefilter.folded lower-cases as an ignore-case regex matches (U+0130, U+017F).
def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_NAME_WORD = re.compile(r"\w+")


def name_words(text: str) -> list[str]:
    """A name's words, folded: "SAM / SARAv3" -> ["sam", "sarav3"]."""
    return _NAME_WORD.findall(fold(text))


def name_key(text: str) -> str:
    """Case, accents, punctuation and spacing folded away: "SAM / SARAv3" -> "sam sarav3".
    How names of tags, dimensions and filter values are compared everywhere."""
    return " ".join(name_words(text))


# Snowball's English stemmer (Porter2), in C: a word's inflections and close derivations
# share a stem (evaluate, evaluated, evaluation -> evalu), and police (polic) and policy
# (polici) do not. A cache of stems would only grow: stemming costs ~0.4 us a word.
_STEMMER = Stemmer.Stemmer("english", 0)


def stem(word: str) -> str:
    """The stem of a normalised word (lower case, no accents), as search matches forms."""
    return str(_STEMMER.stemWord(word))


def stems(words: list[str]) -> list[str]:
    return [str(found) for found in _STEMMER.stemWords(words)]
