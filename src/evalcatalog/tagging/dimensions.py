"""Evidence dimensions ([[dimensions]] in the taxonomy file): EMMIE's effect, mechanism,
moderators, implementation and economic cost, each with the seed page's questions it answers
and rules that say which section headings speak to it.

A heading is matched without its numbering ("5.2 Cost of delivery" -> "Cost of delivery"), by the
same rule kinds as tags. A user's taxonomy adds dimensions, or replaces one of the same name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from ..text import name_key
from .taxonomy_file import SourceFile

if TYPE_CHECKING:
    from .taxonomy import Rule

SECTION = "dimensions"
KEYS = {"name", "label", "questions", "aliases", "rules"}
REGEX_TIMEOUT = 0.1  # seconds: headings are short, a rule that takes longer is broken
# "5.", "5.2", "A.1", "Chapter 5:", "Section 3 -", "Part II." before a heading's words
NUMBERING = re.compile(
    r"^\s*(?:(?i:chapter|section|part|appendix)\s+[\w.]+\s*[.:)\u2013\u2014-]?\s*"
    r"|\d+(?:\.\d+)*\.?\s+|[A-Z](?:\.\d+)+\.?\s+|[A-Z][.:)]\s+|[IVXLC]+[.:)]\s+)"
)

Compile = Callable[[dict[str, Any], Callable[[str, str, Any], NoReturn], bool], "Rule"]


@dataclass(frozen=True)
class Dimension:
    """One evidence dimension: its key `name` ("economic cost"), how it is shown, the seed
    page's questions it answers, other names it goes by ("cost"), and its heading rules."""

    name: str
    label: str
    questions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()

    def matches(self, heading: str) -> str | None:
        """The words of `heading` (numbering stripped) that map it here, or None."""
        text = strip_numbering(heading)
        for rule in self.rules:
            found = rule_hit(rule, text)
            if found:
                return found
        return None


def strip_numbering(heading: str) -> str:
    return NUMBERING.sub("", " ".join(heading.split()), count=1)


def rule_hit(rule: Rule, text: str) -> str | None:
    """What one rule finds in a heading (the first hit), or None."""
    if rule.match == "fuzzy":
        haystack = text if rule.case_sensitive else text.lower()
        if len(haystack) < len(rule.needle):
            return None
        from rapidfuzz import fuzz  # only a fuzzy rule on a heading needs it

        found = fuzz.partial_ratio_alignment(
            rule.needle, haystack, processor=None, score_cutoff=rule.cutoff
        )
        return text[found.dest_start : found.dest_end].strip() if found else None
    hits = []
    for pattern in rule.patterns:
        try:
            hit = pattern.search(text, timeout=REGEX_TIMEOUT)
        except TimeoutError:
            hit = None
        if hit is None and rule.match == "all":
            return None
        if hit is not None and hit.group():
            hits.append(hit.group())
    return (" ".join(hits) if rule.match == "all" else hits[0]) if hits else None


def build_dimensions(files: list[SourceFile], compile_rule: Compile) -> list[Dimension]:
    """The [[dimensions]] of the files, a later file's entry replacing one of the same name."""
    chosen: dict[str, Dimension] = {}
    for file in files:
        items = file.data.get(SECTION, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            file.fail(f"{SECTION} must be a list of [[{SECTION}]] tables", key=SECTION)
        for index, item in enumerate(items):
            dimension = make_dimension(file, index, item, compile_rule)
            chosen[name_key(dimension.name)] = dimension
    check_names(list(chosen.values()), files[-1])
    return list(chosen.values())


def make_dimension(
    file: SourceFile, index: int, item: dict[str, Any], compile_rule: Compile
) -> Dimension:
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        file.fail(f"[[{SECTION}]] entry {index + 1} needs a name", SECTION, index, "name")

    def fail(what: str, key: str, value: Any = None) -> NoReturn:
        file.fail(f"dimension {name!r}: {what}", SECTION, index, key, value)

    for key, value in item.items():
        if key not in KEYS:
            fail(f"unknown key {key!r} (use {', '.join(sorted(KEYS))})", key)
        if key in ("questions", "aliases", "rules") and not isinstance(value, list):
            fail(f"{key} must be a list", key)
        if key == "label" and not isinstance(value, str):
            fail("label must be a string", key)
    if not item.get("rules"):
        fail("a dimension needs rules saying which headings speak to it", "name", name)
    if not all(isinstance(spec, dict) for spec in item["rules"]):
        fail("rules must be a list of { match = ..., pattern = ... } tables", "rules")
    return Dimension(
        name.strip(),
        str(item.get("label") or name.strip().capitalize()),
        tuple(str(question) for question in item.get("questions", [])),
        tuple(str(alias) for alias in item.get("aliases", [])),
        tuple(compile_rule(spec, fail, not file.shipped) for spec in item["rules"]),
    )


def check_names(dimensions: list[Dimension], file: SourceFile) -> None:
    """No name or alias may name two dimensions: `section:cost` must mean one thing."""
    owner: dict[str, str] = {}
    for dimension in dimensions:
        for text in (dimension.name, dimension.label, *dimension.aliases):
            key = name_key(text)
            if owner.setdefault(key, dimension.name) != dimension.name:
                file.fail(
                    f"dimension {dimension.name!r}: {text!r} already names dimension "
                    f"{owner[key]!r}",
                    SECTION,
                    value=text,
                )


def find_dimension(dimensions: list[Dimension], text: str) -> Dimension | None:
    """The dimension `text` names (name, label or alias, any case; "costs" for "cost")."""
    wanted = name_key(text)
    for candidate in (wanted, wanted.removesuffix("s")):
        for dimension in dimensions:
            names = (dimension.name, dimension.label, *dimension.aliases)
            if candidate in {name_key(name) for name in names}:
                return dimension
    return None


def heading_dimensions(dimensions: list[Dimension], heading: str) -> list[tuple[Dimension, str]]:
    """Each dimension a heading speaks to, with the words that say so, in taxonomy order."""
    found = ((dimension, dimension.matches(heading)) for dimension in dimensions)
    return [(dimension, words) for dimension, words in found if words]


class DimensionHeadings:
    """`section:cost` and `section:effect` in search (its HeadingResolver): a dimension's name,
    label or alias stands for every heading in the catalogue its rules map to it, as in the
    evidence map. `titles` gives the catalogue's distinct headings, read only for such a value."""

    def __init__(self, dimensions: list[Dimension], titles: Callable[[], Iterable[str]]) -> None:
        self.dimensions = dimensions
        self.titles = titles

    def headings_for(self, value: str) -> list[str]:
        dimension = find_dimension(self.dimensions, value)
        if dimension is None:
            return []
        return [title for title in self.titles() if dimension.matches(title)]
