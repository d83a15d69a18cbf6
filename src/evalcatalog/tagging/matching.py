"""Where a taxonomy rule matches a piece of a report: one function per match kind, dispatched
in one place, each regex run under a time limit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from .taxonomy import Entry, Rule

log = logging.getLogger(__name__)
REGEX_TIMEOUT = 0.25  # seconds for one rule on one page
MAX_TEXT = 200_000  # characters of one page that rules look at
MAX_HITS = 1_000  # hits of one rule on one page


@dataclass(frozen=True, order=True)
class Hit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Text:
    """A piece of the report a rule looks at: which field it is, and whether case is lost."""

    field: str
    text: str
    lost_case: bool
    present: frozenset[str]  # the taxonomy's rule literals this text holds (see holds)


# --- matching: one function per match kind, dispatched in one place ---------------------------


def pattern_hits(pattern: Any, text: str) -> list[Hit]:
    """The non-empty matches of a compiled pattern, stopping at the time limit."""
    hits: list[Hit] = []
    try:
        for found in pattern.finditer(text[:MAX_TEXT], timeout=REGEX_TIMEOUT):
            if found.end() > found.start():
                hits.append(Hit(found.start(), found.end(), found.group()))
            if len(hits) >= MAX_HITS:
                break
    except TimeoutError:
        log.warning(
            "pattern %r took over %ss on one page: skipped there", pattern.pattern, REGEX_TIMEOUT
        )
    return hits


def compiled(rule: Rule, lost_case: bool) -> Sequence[Any]:
    return rule.patterns_nocase if lost_case else rule.patterns


def match_regex(rule: Rule, text: str, lost_case: bool) -> list[Hit]:
    """phrase and regex: every match; any: every match of any word."""
    return sorted(
        hit for pattern in compiled(rule, lost_case) for hit in pattern_hits(pattern, text)
    )


def match_all(rule: Rule, text: str, lost_case: bool) -> list[Hit]:
    per_word = [pattern_hits(pattern, text) for pattern in compiled(rule, lost_case)]
    return [] if not all(per_word) else sorted(hit for hits in per_word for hit in hits)


def match_fuzzy(rule: Rule, text: str, lost_case: bool) -> list[Hit]:
    """The best approximate occurrence (rapidfuzz partial_ratio >= cutoff): one per text."""
    haystack = text[:MAX_TEXT] if rule.case_sensitive and not lost_case else text[:MAX_TEXT].lower()
    if len(haystack) < len(rule.needle):  # else partial_ratio would look for the text in the rule
        return []
    found = fuzz.partial_ratio_alignment(
        rule.needle, haystack, processor=None, score_cutoff=rule.cutoff
    )
    if found is None:
        return []
    start, end = found.dest_start, found.dest_end
    while start < end and not text[start].isalnum():  # the window may take in ", " at its edges
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return [Hit(start, end, text[start:end])] if end > start else []


MATCHERS: dict[str, Callable[[Rule, str, bool], list[Hit]]] = {
    "any": match_regex,
    "all": match_all,
    "phrase": match_regex,
    "regex": match_regex,
    "fuzzy": match_fuzzy,
}


def find(rule: Rule, text: Text) -> list[Hit]:
    return MATCHERS[rule.match](rule, text.text, text.lost_case)


# --- which entries a text could match at all ----------------------------------------------------

# An entry with its gate: literals of which a text must hold at least one for any of the entry's
# rules to match there (prefilter.may_match), or None if some rule has no literals and is
# always run.
Gated = tuple[Entry, frozenset[str] | None]


def rule_gate(rule: Rule) -> frozenset[str] | None:
    """What may_match needs at the least: one of `required` (it needs all of them), else one of
    `any_of`; None for a rule with no literals."""
    return rule.required or rule.any_of or None


def gated(entries: Sequence[Entry]) -> list[Gated]:
    """Each entry with its gate, the union of its rules' gates (None if any rule has none)."""
    result: list[Gated] = []
    for entry in entries:
        gates = [rule_gate(rule) for rule in entry.rules]
        known = [gate for gate in gates if gate is not None]
        result.append((entry, frozenset().union(*known) if len(known) == len(gates) else None))
    return result


def may_hold(gate: frozenset[str] | None, present: frozenset[str]) -> bool:
    """Whether a text holding the literals `present` could match one of a gated entry's rules:
    a page passes over most entries with one set operation, not a test per rule (~60 a page
    with the shipped taxonomy, a third of tagging's time)."""
    return gate is None or not gate.isdisjoint(present)
