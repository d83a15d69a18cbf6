"""The tagger passes over a text without a rule's literal words before running its regexes.
That is only a speed-up if it never drops a match: these tests hold it to that."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import pytest
from conftest import REPORTS
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from evalcatalog.extract.pdf import iter_extraction
from evalcatalog.models import PageText
from evalcatalog.tagging.matching import Text, find
from evalcatalog.tagging.prefilter import Literals, holds, may_match
from evalcatalog.tagging.taxonomy import Rule, compile_rule, load_taxonomy


def fail(message: str, key: str, value: Any) -> NoReturn:
    raise AssertionError(message)


def rule(match: str, pattern: str, case_sensitive: bool = False) -> Rule:
    spec = {"match": match, "pattern": pattern, "case_sensitive": case_sensitive}
    return compile_rule(spec, fail)


@pytest.mark.parametrize(
    ("match", "pattern", "required", "any_of"),
    [
        ("phrase", "Surrey Police", {"surrey", "police"}, set()),
        (
            "phrase",
            "Knife crime – early intervention",
            {"knife", "crime", "early", "intervention"},
            set(),
        ),
        ("phrase", "trusted-adult worker's", {"trusted", "adult", "worker", "s"}, set()),
        ("phrase", "CIRV", {"cirv"}, set()),
        ("all", "knife crime", {"knife", "crime"}, set()),
        ("any", "knife blade", set(), {"knife", "blade"}),
        ("any", "knife – blade", set(), set()),  # a dash alone has no letters: always tried
        ("phrase", "Café", {"caf"}, set()),
        ("regex", r"\bOp(?:eration|\.)?\s+Divan\b", {"op", "divan"}, set()),
        ("regex", r"(?<!\w)[Tt]he Met(?!\w)", {"he", "met"}, set()),
        ("regex", r"colou?r \x41BC", {"colo", "r", "bc"}, set()),  # not the optional u
        ("regex", r"Divan{e<=1}", {"diva"}, set()),  # nor a fuzzy letter
        ("regex", r"[a]]xyz\p{L}ab{2,3}", {"xyz", "a"}, set()),
        ("regex", r"Op Divan|Op Met Divan", set(), set()),  # either: nothing is certain
        ("regex", r"(?x) Op  Divan", set(), set()),  # verbose: spaces are not text
        ("regex", r"(?V1)strasse", set(), set()),  # full case folding: ß matches ss
        ("fuzzy", "spousal assault risk assessment", set(), set()),
    ],
)
def test_literals_of_each_rule_kind(
    match: str, pattern: str, required: set[str], any_of: set[str]
) -> None:
    compiled = rule(match, pattern)
    assert (set(compiled.required), set(compiled.any_of)) == (required, any_of)


def text_of(content: str, literals: frozenset[str]) -> Text:
    return Text("body", content, False, holds(content, (literals, frozenset())))


def rule_text(content: str, compiled: Rule) -> Text:
    """`content` as the tagger sees it for this rule: its words, or a regex's fragments."""
    literals: Literals = (compiled.literals - compiled.fragments, compiled.fragments)
    return Text("body", content, False, holds(content, literals))


def prefilter_agrees(compiled: Rule, content: str) -> bool:
    """If the rule's regexes find anything, the prefilter must let the text through."""
    text = rule_text(content, compiled)
    return may_match(compiled, text.present) or not find(compiled, text)


@pytest.mark.parametrize(
    ("pattern", "content"),
    [
        ("Surrey Police", "SURREY\nPOLICE said"),
        ("family safety plan", "two Family Safety Plans were made"),
        ("trusted-adult worker", "a Trusted‐Adult worker"),  # another dash
        ("knife crime", "KNİFE crime"),  # dotted capital I takes an ignore-case i
        ("RISK ASSESSMENT", "rıſk aſſeſſment"),  # dotless i takes I, long s takes s
        ("SAM", "(SAM)"),
    ],
)
def test_awkward_texts_still_match(pattern: str, content: str) -> None:
    compiled = rule("phrase", pattern)
    text = text_of(content, compiled.literals)
    assert find(compiled, text), "the example must match, or the test proves nothing"
    assert may_match(compiled, text.present)


def test_a_text_without_the_words_is_passed_over() -> None:
    compiled = rule("phrase", "Surrey Police")
    assert not may_match(compiled, text_of("Sussex Police", compiled.literals).present)
    assert not may_match(compiled, text_of("Surreyside police", compiled.literals).present)


WORD = st.text(alphabet="abcdefgiksAIKS0'-", min_size=1, max_size=6)
CHANGES = {
    "i": ["i", "I", "İ", "ı"],
    "s": ["s", "S", "ſ"],
    "k": ["k", "K", "K"],
    " ": [" ", "\n", "  "],
}


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(WORD, min_size=1, max_size=3),
    match=st.sampled_from(["phrase", "any", "all"]),
    case_sensitive=st.booleans(),
    data=st.data(),
)
def test_the_prefilter_never_drops_a_match(
    words: list[str], match: str, case_sensitive: bool, data: st.DataObject
) -> None:
    pattern = " ".join(words)
    compiled = rule(match, pattern, case_sensitive)
    varied = "".join(
        data.draw(st.sampled_from(CHANGES.get(c.lower(), [c, c.upper()]))) for c in pattern
    )
    plural = data.draw(st.sampled_from(["", "s", "S"]))
    around = data.draw(st.sampled_from([("", ""), ("x ", " y"), ("(", ")"), ("ab", "cd")]))
    assert prefilter_agrees(compiled, around[0] + varied + plural + around[1])


@pytest.fixture(scope="module")
def shipped_pages() -> list[str]:
    texts = []
    for pdf in sorted(Path(REPORTS).glob("*.pdf"))[:6]:
        texts += [item.text for item in iter_extraction(str(pdf)) if isinstance(item, PageText)]
    return texts


def test_default_rules_on_real_pages(shipped_pages: list[str]) -> None:
    """Every default rule, on real pages: no page where a rule matches is passed over."""
    taxonomy = load_taxonomy(None)
    rules = [r for entries in taxonomy.entries.values() for e in entries for r in e.rules]
    checked = 0
    for content in shipped_pages:
        for compiled in rules:
            assert prefilter_agrees(compiled, content), (compiled.pattern, content[:80])
            checked += bool(compiled.literals)
    assert checked > 1000


ATOMS = ["ab", "Cd", "x9", " ", r"\s+", r"\d", ".", "[a-c]", "[^x]", "k?", "q*", "z+", "e{1,2}",
         r"\.", "(?:ab|cd)", "(?i:Ab)", "(?:ef)?", "-"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    atoms=st.lists(st.sampled_from(ATOMS), min_size=1, max_size=6),
    alternative=st.booleans(),
    case_sensitive=st.booleans(),
    data=st.data(),
)
def test_regex_fragments_never_drop_a_match(
    atoms: list[str], alternative: bool, case_sensitive: bool, data: st.DataObject
) -> None:
    pattern = "".join(atoms) + ("|zz" if alternative else "")
    assume(pattern.strip())
    compiled = rule("regex", pattern, case_sensitive)
    sample = data.draw(st.from_regex(pattern, fullmatch=True))
    sample = data.draw(st.sampled_from([sample, sample.upper(), sample.lower(), sample.swapcase()]))
    assert prefilter_agrees(compiled, f"pre {sample} post")
