"""Text extracted from a PDF -> sentences, each with where it starts in that text.

PDF text comes as lines: paragraphs wrapped at the margin, words hyphenated across line breaks,
headings, table cells and bullet items each on lines of their own, with no blank line between.
So lines are first grouped into units (a paragraph, a bullet item, or a short line that stands
alone: a heading or a cell, kept as a "fragment"), then each unit is split into sentences at
., ! or ? followed by a capital, a digit or a quote, except after abbreviations ("e.g.", "p.",
"No.", initials) and inside numbers ("24.4%").
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

BULLET = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2219\u00b7\u2043*\uf0b7\uf0a7]|"
                    r"[-\u2013\u2014](?=\s)|\(?[0-9]{1,2}\)|\(?[a-z]\))\s*")  # fmt: skip
ENDS_SENTENCE = re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s*$")
# A full stop ending a sentence: not inside a number, followed by space and a capital, digit,
# quote or bracket.
BOUNDARY = re.compile(r"[.!?][\"'\u2019\u201d)\]]*(\s+)(?=[\"'\u2018\u201c(\[]?[A-Z0-9\u00a3])")
_ABBREVIATIONS = (
    "e.g i.e etc al cf vs viz approx ca p pp no nos fig figs vol ch sec para paras ref refs "
    "dr mr mrs ms prof st jan feb mar apr jun jul aug sep sept oct nov dec est incl govt "
    "dept n.b nb ed eds op cit ibid"
)
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split(" "))
# Prefixes whose hyphen stays when a word is split after them ("re-\narrest" -> "re-arrest").
_KEEP_HYPHEN = (
    "re non co pre post anti self well cross multi inter sub semi ex mid long short cost "
    "follow high low full part one two three four five six seven eight nine ten"
)
KEEP_HYPHEN = frozenset(_KEEP_HYPHEN.split(" "))
CAPTION = re.compile(
    r"^(?:Table|Figure|Fig\.|Chart|Graph|Box|Exhibit)\s*[A-Z]?\d+(?:\.\d+)*\s*[.:\u2013-]"
)
WORD_LINES_MIN = 20  # so many lines, nearly all one word each: a PDF that set words one by one
ABBREVIATION_TAIL = re.compile(r"([A-Za-z][A-Za-z.]*)$")
SHORT_SHARE = 0.6  # a line shorter than this share of the text's usual line may stand alone


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text on one line, and the offsets in the source text where it
    starts and ends. `kind` is "sentence", "bullet" (from a list item) or "fragment" (a
    heading, a table cell: a short line that stands alone)."""

    text: str
    start: int
    end: int
    kind: str = "sentence"


@dataclass
class Line:
    text: str
    start: int


@dataclass
class Unit:
    kind: str
    lines: list[Line]


def normalise(text: str) -> str:
    """The text sentences are found in (their offsets point into it): ligatures as letters,
    and text that a PDF gave one word per line (words between blank lines) as lines of words."""
    text = unicodedata.normalize("NFKC", text)
    lines = [line.strip() for line in text.splitlines()]
    words = [line for line in lines if line]
    if len(words) < WORD_LINES_MIN or sum(" " not in w for w in words) < 0.8 * len(words):
        return text
    out: list[str] = []
    blanks = 0
    for line in lines:
        if not line:
            blanks += 1
            continue
        out.append(("\n\n" if blanks >= 2 else " ") if out else "")
        out.append(line)
        blanks = 0
    return "".join(out)


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text` (offsets into `normalise(text)`), in order."""
    lines = source_lines(normalise(text))
    sentences: list[Sentence] = []
    for unit in group_units(lines):
        sentences.extend(unit_sentences(unit))
    return sentences


def source_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lines.append(Line(" ".join(stripped.split()), offset + raw.index(stripped[0])))
        else:
            lines.append(Line("", offset))
        offset += len(raw)
    return lines


def usual_length(lines: list[Line]) -> float:
    lengths = [len(line.text) for line in lines if len(line.text) >= 20]
    return float(statistics.median(lengths)) if len(lengths) >= 5 else 60.0  # too few to tell


def stands_alone(line: Line, after_break: bool, following: Line | None, usual: float) -> bool:
    """A heading or table cell: short, unpunctuated, after a finished sentence, a fragment or
    nothing (`after_break`), with something that starts afresh after it."""
    if not after_break or ENDS_SENTENCE.search(line.text):
        return False
    if len(line.text) >= SHORT_SHARE * usual:
        return False
    return following is None or not following.text or not following.text[0].islower()


def group_units(lines: list[Line]) -> list[Unit]:
    """Lines -> paragraphs, bullet items and fragments."""
    usual = usual_length(lines)
    units: list[Unit] = []
    current: Unit | None = None
    after_break = True  # the line before ended a sentence or a fragment, or there was none
    for index, line in enumerate(lines):
        if not line.text:
            current, after_break = None, True
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if BULLET.match(line.text) and len(line.text) > 2:
            current = Unit("bullet", [line])
            units.append(current)
        elif CAPTION.match(line.text) or stands_alone(line, after_break, following, usual):
            units.append(Unit("fragment", [line]))
            current = None
        elif current is None or (current.kind == "bullet" and after_break):
            current = Unit("sentence", [line])  # a list item ends with its sentence
            units.append(current)
        else:
            current.lines.append(line)
        after_break = current is None or bool(ENDS_SENTENCE.search(line.text))
    return units


def joined(unit: Unit) -> tuple[str, list[tuple[int, int]]]:
    """A unit's lines as one line (hyphenated words rejoined), and for each line where it
    starts in that line and in the source."""
    text, starts = "", list[tuple[int, int]]()
    for line in unit.lines:
        piece = line.text
        if unit.kind == "bullet" and not starts:
            piece = BULLET.sub("", piece, count=1)
        if text.endswith("-") and piece[:1].islower() and re.search(r"[A-Za-z]-$", text):
            word = re.search(r"([A-Za-z]+)-$", text)
            if not (word and word.group(1).lower() in KEEP_HYPHEN):
                text = text[:-1]
        elif text:
            text += " "
        starts.append((len(text), line.start + len(line.text) - len(piece)))
        text += piece
    return text, starts


def source_offset(position: int, starts: list[tuple[int, int]]) -> int:
    inside, source = starts[0]
    for line_start, line_source in starts:
        if line_start <= position:
            inside, source = line_start, line_source
    return source + (position - inside)


def unit_sentences(unit: Unit) -> list[Sentence]:
    text, starts = joined(unit)
    kind = "sentence" if unit.kind == "sentence" else unit.kind
    sentences = []
    spans = [(0, len(text))] if unit.kind == "fragment" else sentence_spans(text)
    for start, end in spans:
        piece = text[start:end].strip()
        if piece:
            first = source_offset(start, starts)
            last = source_offset(max(start, end - 1), starts) + 1
            sentences.append(Sentence(piece, first, last, kind))
    return sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences of one unit start and end."""
    spans, start = [], 0
    for found in BOUNDARY.finditer(text):
        if is_abbreviation(text, found.start()):
            continue
        spans.append((start, found.start(1)))
        start = found.end()
    spans.append((start, len(text)))
    return spans


def is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` ends an abbreviation or an initial."""
    if text[stop] != ".":
        return False
    word = ABBREVIATION_TAIL.search(text, max(0, stop - 40), stop)  # the word before the stop
    if not word:
        return False
    token = word.group(1)
    if token.lower() in ABBREVIATIONS:
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        return True  # letters with stops between: "U.K.", "a.m."
    return len(token) == 1 and token.isupper()  # an initial: "J. Smith"
