"""Query text -> a parsed query. Any string parses: what is not syntax is words.

Syntax: words are ANDed; "a quoted phrase" is exact; `OR` (in capitals) between two terms
matches either; `-word` or `-"phrase"` excludes; `theme:`, `intervention:`, `force:`, `topic:`,
`type:` and `year:` filter (`-type:summary` excludes a type), `section:` narrows to pages under
matching headings; the last word also matches as a prefix. A word joined by punctuation
("knife-crime", "SARA/SAM") is a phrase of its parts.

Words are normalised as the FTS5 tokenizer (unicode61 remove_diacritics 2) does: split on
anything that is not a letter or digit, lower-cased, accents removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import QueryError

FILTER_KINDS = ("theme", "intervention", "force", "topic", "type", "year", "section")
MAX_TERMS = 32  # each term may bring typo candidates; a pasted paragraph is not a query
TOKEN = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Lower case, accents removed (the tokenizer's remove_diacritics), compatibility forms
    such as ligatures kept as they are."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    if decomposed.isascii():  # no combining marks: most text, skipped in one C call
        return decomposed
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokens(text: str) -> list[str]:
    return TOKEN.findall(normalise(text))


@dataclass(frozen=True)
class Word:
    """One token typed as a word: typo-tolerant, and a prefix too when it ends the query."""

    text: str
    raw: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Tokens that must appear in this order, exactly: quoted, or joined by punctuation."""

    tokens: tuple[str, ...]
    raw: str
    # typed as one word joined by punctuation (anti-social), not quoted
    joined: bool = field(default=False, compare=False)

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


Term = Word | Phrase


@dataclass
class Query:
    """Groups are ANDed; the terms in a group are ORed."""

    text: str
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded_filters: dict[str, list[str]] = field(default_factory=dict)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]


@dataclass
class Lexeme:
    kind: str  # word, quoted, filter, or
    text: str
    negated: bool = False
    key: str = ""


def parse_query(text: str) -> Query:
    query = Query(text)
    lexemes = lex(text)
    last_word = last_word_index(lexemes)
    joining = False
    for index, lexeme in enumerate(lexemes):
        if lexeme.kind == "or":
            joining = bool(query.groups) and index > 0 and is_positive(lexemes[index - 1])
            continue
        if lexeme.kind == "filter":
            target = query.excluded_filters if lexeme.negated else query.filters
            if lexeme.text.strip():
                target.setdefault(lexeme.key, []).append(lexeme.text.strip())
            joining = False
            continue
        term = make_term(lexeme, prefix=index == last_word)
        if term is None:
            continue
        if lexeme.negated:
            query.excluded.append(term)
        elif joining:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        joining = False
    count = len(query.terms) + len(query.excluded)
    if count > MAX_TERMS:
        raise QueryError(
            f"the query has {count} words and phrases; at most {MAX_TERMS} are searched: "
            "shorten it to the words that matter"
        )
    return query


def lex(text: str) -> list[Lexeme]:
    """Split into lexemes: "quoted text", key:value filters, OR, and runs of other characters."""
    lexemes: list[Lexeme] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negated:
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end  # an unbalanced quote runs to the end
            lexemes.append(Lexeme("quoted", text[i + 1 : end], negated))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        raw = text[start:i]
        key, colon, value = raw.partition(":")
        if colon and key.lower() in FILTER_KINDS:
            if not value and i < n and text[i] == '"':
                end = text.find('"', i + 1)
                end = n if end < 0 else end
                value, i = text[i + 1 : end], end + 1
            lexemes.append(Lexeme("filter", value, negated, key.lower()))
        elif raw == "OR" and not negated:
            lexemes.append(Lexeme("or", raw))
        else:
            lexemes.append(Lexeme("word", raw, negated))
    return lexemes


def is_positive(lexeme: Lexeme) -> bool:
    return lexeme.kind in ("word", "quoted") and not lexeme.negated and bool(tokens(lexeme.text))


def last_word_index(lexemes: list[Lexeme]) -> int:
    """The lexeme that is the query's last word (a prefix too), or -1: the last term typed, if
    it is a plain word of two or more characters."""
    for index in range(len(lexemes) - 1, -1, -1):
        lexeme = lexemes[index]
        if lexeme.kind in ("word", "quoted") and tokens(lexeme.text):
            found = tokens(lexeme.text)
            plain = lexeme.kind == "word" and not lexeme.negated and len(found) == 1
            return index if plain and len(found[0]) >= 2 else -1
    return -1


def make_term(lexeme: Lexeme, prefix: bool) -> Term | None:
    found = tokens(lexeme.text)
    if not found:
        return None  # only punctuation, emoji or spaces: nothing to search for
    if lexeme.kind == "word" and len(found) == 1:
        return Word(found[0], lexeme.text, prefix)
    return Phrase(tuple(found), lexeme.text, joined=lexeme.kind == "word")
