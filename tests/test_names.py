"""The one name resolver (tagging/names.py): names, acronyms, aliases, words of one name, tags
the catalogue holds; unknown and ambiguous values refused with the names to choose from."""

from __future__ import annotations

import pytest

from evalcatalog.errors import UsageError
from evalcatalog.tagging.names import resolve_tag, resolve_tags, year_range
from evalcatalog.tagging.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


@pytest.mark.parametrize(
    ("kind", "value", "name"),
    [
        ("intervention", "cirv", "Community initiative to reduce violence (CIRV)"),
        ("intervention", "SARAv3", "SAM / SARAv3 national pilot"),
        ("type", "Key Findings", "Key findings and implications for practice"),
        ("type", "technical", "Full technical report"),  # a word of one name
        ("type", "full", "Full technical report"),
        ("type", "tech rep", "Full technical report"),  # starts of its words
        ("theme", "knife", "Knife crime – early intervention"),
        ("topic", "knife", "Knife crime"),
        ("force", "met", "Metropolitan Police"),  # an alias beats a word of another name
        ("intervention", "met", "Op Met Divan"),
    ],
)
def test_values_that_name_one_tag(kind: str, value: str, name: str) -> None:
    assert resolve_tag(TAXONOMY, kind, value) == name


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("theme", "early", "theme 'early' could be Early intervention for vulnerable children "
         "or Knife crime – early intervention: give more of the name"),
        ("intervention", "divan", "intervention 'divan' could be Op Divan or Op Met Divan: "
         "give more of the name"),
        ("intervention", "Op Divn", "no intervention called 'Op Divn': did you mean Op Divan "
         "or Op Met Divan?"),
        ("type", "memo", "no type called 'memo': known types are Key findings and implications "
         "for practice, Full technical report, Exploratory analysis"),
        ("theme", "a", "no theme called 'a': known themes are Serious violence – diversion "
         "interventions, Early intervention for vulnerable children, Risk assessment and "
         "management, Knife crime – early intervention"),  # one letter starts nothing
        ("colour", "red", "unknown tag kind 'colour': use one of theme, intervention, force, "
         "topic, type"),
    ],
)  # fmt: skip
def test_values_refused_with_the_names_to_choose_from(kind: str, value: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_tag(TAXONOMY, kind, value)
    assert (str(caught.value), caught.value.exit_code) == (message, 2)


def test_tags_the_catalogue_holds_resolve_without_a_taxonomy_entry() -> None:
    held = ["Hand-made tag", "Other"]
    assert resolve_tag(TAXONOMY, "topic", "HAND MADE TAG", held) == "Hand-made tag"
    assert resolve_tag(TAXONOMY, "topic", "hand", held) == "Hand-made tag"
    assert resolve_tag(None, "topic", "oth", held) == "Other"


def test_several_filters_resolve_each_value_once() -> None:
    assert resolve_tags(TAXONOMY, {"type": ["full", "technical"], "theme": []}) == {
        "type": ["Full technical report"]
    }


@pytest.mark.parametrize(
    ("value", "years"),
    [("2021", (2021, 2021)), ("2019-2021", (2019, 2021)), ("2021..2019", (2019, 2021)),
     (" 2019 to 2020 ", (2019, 2020)), (2020, (2020, 2020))],
)  # fmt: skip
def test_years_and_ranges(value: str | int, years: tuple[int, int]) -> None:
    assert year_range(value) == years


def test_a_year_that_is_not_one() -> None:
    with pytest.raises(UsageError, match=r"^year 'soon' is not a year: use year:2021 or a "):
        year_range("soon")
