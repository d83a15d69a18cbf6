"""The literal words a taxonomy rule's matches must contain, so the tagger can pass over a page
without them before it runs any regex (tagging ran ~55 regexes per page and cost more than
indexing the page).

A rule gets (required, any_of): lower-cased ASCII runs of letters and digits, all of
`required` and, if given, one of `any_of`. For phrase/any/all rules they are whole words of
the text (phrase_regex writes a word's letters and digits as themselves between word
boundaries); for a regex rule, stretches of its text that every match contains. Nothing is
better than something wrong: a pattern this module cannot read for certain gets no literals
and is always run.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .taxonomy import Rule, Taxonomy

Literals = tuple[frozenset[str], frozenset[str]]  # (words, fragments)
NONE: Literals = (frozenset(), frozenset())
ASCII_RUN = re.compile(r"[A-Za-z0-9]+")
QUANTIFIERS = "?*+{"
# Inline flags that change what a literal means: verbose (x), full case folding (f, and V1,
# which turns it on).
RISKY_FLAGS = re.compile(r"\(\?[a-zA-Z0-9^-]*(?:[xXfF]|V1)")
ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}


def rule_literals(match: str, pattern: str) -> Literals:
    if match in ("phrase", "all"):
        return frozenset(word_runs(pattern)), frozenset()
    if match == "any":
        longest = [
            max(ASCII_RUN.findall(word.lower()), key=len, default="") for word in pattern.split()
        ]
        return (frozenset(), frozenset(longest)) if all(longest) else NONE
    if match == "regex":
        return frozenset(regex_runs(pattern)), frozenset()
    return NONE


def word_runs(pattern: str) -> list[str]:
    return [run for word in pattern.split() for run in ASCII_RUN.findall(word.lower())]


def regex_runs(pattern: str) -> list[str]:
    """Runs of plain ASCII letters and digits at the top level of `pattern`: outside groups,
    sets and escapes, and not under a quantifier. [] if there is a top-level alternative."""
    if RISKY_FLAGS.search(pattern):
        return []
    runs: list[str] = []
    current = ""
    depth, i = 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i = skip_escape(pattern, i)
        elif char == "[":
            i = skip_set(pattern, i)
        elif char == "(":
            depth, i = depth + 1, i + 1
        elif char == ")":
            depth, i = depth - 1, i + 1
        elif char == "|" and depth == 0:
            return []
        elif char == "{":  # a quantifier's bounds (or a fuzzy constraint): not text
            i = pattern.find("}", i) + 1 or len(pattern)
        else:
            i += 1
            quantified = pattern[i : i + 1] in tuple(QUANTIFIERS)
            if depth == 0 and char.isascii() and char.isalnum() and not quantified:
                current += char.lower()
                continue
        runs.append(current)  # anything but a plain letter ends the run
        current = ""
    return [run for run in [*runs, current] if run]


def skip_escape(pattern: str, i: int) -> int:
    """The index after the escape at `i`: \\x41, \\u0041, \\p{L}, \\N{...}, \\g<1>, \\12..."""
    kind = pattern[i + 1 : i + 2]
    i += 2
    if kind in ESCAPE_DIGITS and pattern[i : i + 1] != "{":
        return i + ESCAPE_DIGITS[kind]
    if kind.isdigit():
        while pattern[i : i + 1].isdigit():
            i += 1
        return i
    closer = {"{": "}", "<": ">"}.get(pattern[i : i + 1])
    if closer and kind.isalpha():
        return pattern.find(closer, i) + 1 or len(pattern)
    return i


def skip_set(pattern: str, i: int) -> int:
    """The index after the set opening at `i`, nested sets and escapes included."""
    depth, i = 1, i + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":  # a ']' first is literal
        i += 1
    while i < len(pattern) and depth:
        if pattern[i] == "\\":
            i += 2
            continue
        depth += {"[": 1, "]": -1}.get(pattern[i], 0)
        i += 1
    return i


# --- using them: which rules a text could match ---------------------------------------------

TEXT_RUN = re.compile(r"[a-z0-9]+")  # a lower-cased text's words, split as word_runs splits


def folded(text: str) -> str:
    """Lower case, with the three letters an ignore-case regex takes for an ASCII one
    (U+0130 and U+0131 for i, U+017F long s for s) written as it, so a rule's literal is
    found wherever the rule's regex could match."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return lowered.replace("i\u0307", "i").replace("\u0131", "i").replace("\u017f", "s")


def may_match(rule: Rule, present: frozenset[str]) -> bool:
    """Whether a text holding the literals `present` could match the rule."""
    return rule.required <= present and (not rule.any_of or not rule.any_of.isdisjoint(present))


def taxonomy_literals(taxonomy: Taxonomy) -> Literals:
    """(words, fragments): every literal of the taxonomy's rules."""
    rules = [rule for entries in taxonomy.entries.values() for e in entries for rule in e.rules]
    words = frozenset(word for rule in rules if not rule.fragments for word in rule.literals)
    return words, frozenset(fragment for rule in rules for fragment in rule.fragments)


def holds(text: str, literals: Literals) -> frozenset[str]:
    """The words of `text` among the rules' words (a phrase regex matches whole words, its
    last one maybe with a plural s), and the regex rules' fragments found anywhere in it."""
    words, fragments = literals
    lowered = folded(text)
    found = set(TEXT_RUN.findall(lowered))
    plurals = plural_forms(words)
    present = words.intersection(found).union(plurals[w] for w in found.intersection(plurals))
    return present.union(fragment for fragment in fragments if fragment in lowered)


@lru_cache(maxsize=8)
def plural_forms(words: frozenset[str]) -> dict[str, str]:
    """word + "s" -> word, built once per taxonomy rather than once per page."""
    return {word + "s": word for word in words}
