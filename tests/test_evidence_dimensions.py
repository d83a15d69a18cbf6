"""Evidence dimensions in the taxonomy: the shipped five, headings mapped to them, user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalcatalog.errors import TaxonomyError
from evalcatalog.tagging.dimensions import heading_dimensions, strip_numbering
from evalcatalog.tagging.taxonomy import load_taxonomy


def mapped(heading: str, path: str | None = None) -> list[tuple[str, str]]:
    dimensions = load_taxonomy(path).dimensions
    return [(dimension.name, words) for dimension, words in heading_dimensions(dimensions, heading)]


def test_the_default_taxonomy_has_emmie_with_the_seed_pages_questions() -> None:
    dimensions = load_taxonomy().dimensions
    assert [d.name for d in dimensions] == [
        "effect", "mechanism", "moderators", "implementation", "economic cost"
    ]  # fmt: skip
    questions = [q for d in dimensions for q in d.questions]
    assert len(questions) == 6  # five questions; "designed and implemented" feeds two
    assert "the cost effectiveness of the intervention" in questions


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("3. Design and implementation", [("mechanism", "Design"),
                                          ("implementation", "implementation")]),
        ("4. Conditions needed to operate effectively", [("moderators", "Conditions")]),
        ("5. Cost effectiveness", [("economic cost", "Cost")]),
        ("5.2 Costs of delivery", [("economic cost", "Costs")]),
        ("6. Impact on crime and other outcomes", [("effect", "Impact")]),
        ("7. Transferability to other areas and crime types", [("moderators", "Transferability")]),
        ("Chapter 4: Outcomes", [("effect", "Outcomes")]),
        ("RESULTS", [("effect", "RESULTS")]),
        ("Key findings", [("effect", "findings")]),
        ("Value for money", [("economic cost", "Value for money")]),
        ("Cost-benefit analysis", [("economic cost", "Cost")]),
        ("Economic evaluation", [("economic cost", "Economic")]),
        ("2.3 Process evaluation", [("implementation", "Process evaluation")]),
        ("Delivery", [("implementation", "Delivery")]),
        ("Fidelity to the model", [("implementation", "Fidelity")]),
        ("Theory of change", [("mechanism", "Theory of change")]),
        ("A. Logic model", [("mechanism", "Logic model")]),
        ("How it works", [("mechanism", "How it works")]),
        ("Local context", [("moderators", "context")]),
        ("What works for whom", [("moderators", "for whom")]),
        ("Replication", [("moderators", "Replication")]),
        ("2.1 Research design", []),
        ("Effectiveness of training", []),
        ("Executive summary", []),
        ("8. Conclusions", []),
        ("Implications for practice", []),
        ("References", []),
    ],
)  # fmt: skip
def test_headings_map_to_dimensions(heading: str, expected: list[tuple[str, str]]) -> None:
    assert mapped(heading) == expected


def test_numbering_is_left_out_but_words_are_not() -> None:
    assert strip_numbering("5.2  Costs of\ndelivery") == "Costs of delivery"
    assert strip_numbering("Appendix B: Logic model") == "Logic model"
    assert strip_numbering("II. Results") == "Results"
    assert strip_numbering("A new approach") == "A new approach"


@pytest.mark.parametrize(
    ("text", "name"),
    [("cost", "economic cost"), ("Costs", "economic cost"), ("effect", "effect"),
     ("impact", "effect"), ("context", "moderators"), ("delivery", "implementation"),
     ("Economic cost", "economic cost"), ("theory of change", "mechanism")],
)  # fmt: skip
def test_a_dimension_is_found_by_name_label_or_alias(text: str, name: str) -> None:
    found = load_taxonomy().dimension(text)
    assert found is not None and found.name == name


def test_an_unknown_dimension_is_none() -> None:
    assert load_taxonomy().dimension("weather") is None


def test_a_user_taxonomy_adds_and_replaces_dimensions(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[[dimensions]]\nname = "economic cost"\n'
        'rules = [{ match = "phrase", pattern = "budget" }]\n'
        '[[dimensions]]\nname = "harm"\naliases = ["side effects"]\n'
        'rules = [{ match = "any", pattern = "harm harms backfire" }]\n',
        encoding="utf-8",
    )
    assert mapped("Budget and spending", str(path)) == [("economic cost", "Budget")]
    assert mapped("5. Cost effectiveness", str(path)) == []  # the rules were replaced
    assert mapped("Unintended harms", str(path)) == [("harm", "harms")]
    names = [d.name for d in load_taxonomy(str(path)).dimensions]
    assert names == ["effect", "mechanism", "moderators", "implementation", "economic cost",
                     "harm"]  # fmt: skip


def test_a_taxonomy_without_extends_has_only_its_own_dimensions(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    rules = 'rules = [{ match = "any", pattern = "impact" }]\n'
    path.write_text(f'extends = false\n[[dimensions]]\nname = "effect"\n{rules}', encoding="utf-8")
    assert [d.name for d in load_taxonomy(str(path)).dimensions] == ["effect"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[dimensions]]\nname = "x"\n', "line 2: dimension 'x': a dimension needs rules"),
        ('[[dimensions]]\nname = "x"\ncolour = "red"\nrules = [{ match = "any", pattern = "a" }]\n',
         "line 3: dimension 'x': unknown key 'colour'"),
        ('[[dimensions]]\nname = "x"\nrules = [{ match = "regex", pattern = "(" }]\n',
         "line 3: dimension 'x': bad regex '('"),
        ('[[dimensions]]\nname = "x"\naliases = ["cost"]\n'
         'rules = [{ match = "any", pattern = "a" }]\n',
         "'cost' already names dimension 'economic cost'"),
        ('[[dimensions]]\nrules = []\n', "line 1: [[dimensions]] entry 1 needs a name"),
    ],
)  # fmt: skip
def test_a_broken_dimension_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError) as failure:
        load_taxonomy(str(path))
    assert message in str(failure.value)
