"""Query parsing, typo allowances and the FTS5 expressions built from them (no catalogue)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalcatalog import QueryError
from evalcatalog.search.plan import Derivation, quote
from evalcatalog.search.query import MAX_TERMS, Phrase, Word, parse_query, tokens
from evalcatalog.search.vocabulary import suggestion_allowance, typo_allowance


def test_words_are_normalised_as_the_tokenizer_does() -> None:
    assert tokens("Bélanger's STALKING-risk, SARAv3 ﬁ 🔪 under_score") == [
        "belanger", "s", "stalking", "risk", "sarav3", "ﬁ", "under", "score"]  # fmt: skip


def test_words_phrases_or_groups_exclusions_and_filters() -> None:
    query = parse_query(
        'stalking "custody suite" knife OR knives -summary -"key findings" theme:"knife crime"'
        " year:2021 -type:summary risk"
    )
    assert query.groups == [
        [Word("stalking", "stalking")],
        [Phrase(("custody", "suite"), "custody suite")],
        [Word("knife", "knife"), Word("knives", "knives")],
        [Word("risk", "risk", prefix=True)],
    ]
    assert query.excluded == [
        Word("summary", "summary"),
        Phrase(("key", "findings"), "key findings"),
    ]
    assert query.filters == {"theme": ["knife crime"], "year": ["2021"]}
    assert query.excluded_filters == {"type": ["summary"]}


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("risk ris", "ris"),  # the last word
        ("ris theme:knife", "ris"),  # filters after it do not count
        ('ris "a phrase"', None),  # a phrase last: no prefix
        ("risk -ris", None),  # an exclusion is never a prefix
        ("risk r", None),  # one letter would match half the vocabulary
    ],
)
def test_only_the_last_plain_word_is_a_prefix(text: str, prefix: str | None) -> None:
    prefixes = [
        term.text for term in parse_query(text).terms if isinstance(term, Word) and term.prefix
    ]
    assert prefixes == ([prefix] if prefix else [])


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("knife-crime", [[Phrase(("knife", "crime"), "knife-crime")]]),  # joined: a phrase
        ('"unbalanced quote', [[Phrase(("unbalanced", "quote"), "unbalanced quote")]]),
        ("OR knife OR", [[Word("knife", "knife", prefix=True)]]),  # a dangling OR: dropped
        ("a or b", [[Word("a", "a")], [Word("or", "or")], [Word("b", "b", prefix=False)]]),
        ("title:stalking", [[Phrase(("title", "stalking"), "title:stalking")]]),  # not a filter
        ("!!! 🔪 \x00", []),
    ],
)
def test_what_is_not_syntax_is_words(text: str, groups: list[list[object]]) -> None:
    assert parse_query(text).groups == groups


def test_a_pasted_paragraph_is_a_query_error() -> None:
    with pytest.raises(QueryError, match=f"at most {MAX_TERMS} are searched"):
        parse_query("word " * (MAX_TERMS + 1))


@pytest.mark.parametrize(
    ("word", "typos", "suggest"),
    [("sam", 0, 1), ("risk", 0, 2), ("knife", 1, 2), ("stalking", 1, 2), ("safeguarding", 2, 2),
     ("123456", 0, 0), ("sarav3", 0, 0), ("v3", 0, 0)],
)  # fmt: skip
def test_typo_allowances(word: str, typos: int, suggest: int) -> None:
    assert (typo_allowance(word), suggestion_allowance(word)) == (typos, suggest)


def test_expressions_quote_every_term() -> None:
    assert quote('a"b') == '"a""b"'
    assert Derivation("op met divan", columns=("tags",)).expression() == '{tags} : "op met divan"'


@given(st.text(max_size=60))
def test_every_token_is_letters_and_digits(text: str) -> None:
    for term in parse_query_or_none(text):
        for token in term.text.split():
            assert token.isalnum()
            assert '"' not in token


def parse_query_or_none(text: str) -> list[Word | Phrase]:
    try:
        query = parse_query(text)
    except QueryError:
        return []
    return [*query.terms, *query.excluded]
