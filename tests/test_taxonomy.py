"""The taxonomy: the shipped default, name resolution, user files, and errors that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalcatalog.errors import TaxonomyError, UsageError
from evalcatalog.tagging.names import resolve_tag
from evalcatalog.tagging.taxonomy import load_taxonomy, phrase_regex
from evalcatalog.text import name_key

CIRV = "Community initiative to reduce violence (CIRV)"
TAWS = "Trusted adult workers (TAWs)"
FSPS = "Family safety plans (FSPs)"
SARA = "SAM / SARAv3 national pilot"
DASH = "\u2013"  # the en dash of the seed page
THEME_1 = f"Serious violence {DASH} diversion interventions"
THEME_4 = f"Knife crime {DASH} early intervention"


def test_default_taxonomy_is_the_seed_page() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.source == "default"
    assert taxonomy.names("theme") == [
        THEME_1,
        "Early intervention for vulnerable children",
        "Risk assessment and management",
        THEME_4,
    ]
    assert [(e.session, e.date) for e in taxonomy.entries["theme"]] == [
        (1, "2021-07-07"),
        (2, "2021-07-13"),
        (3, "2021-07-21"),
        (4, "2021-07-28"),
    ]
    assert taxonomy.names("intervention") == [
        "DIVERT",
        CIRV,
        TAWS,
        "Think family early intervention (TFEI)",
        FSPS,
        "High harm perpetrator unit (HHPU)",
        SARA,
        "Op Divan",
        "Op Met Divan",
    ]
    assert taxonomy.names("force") == [
        "Metropolitan Police",
        "Northamptonshire Police",
        "Hampshire Constabulary",
        "Avon and Somerset Police",
        "Surrey Police",
        "West Midlands Police",
        "Cumbria Police",
        "Lancashire Constabulary",
        "North Yorkshire Police",
    ]
    assert taxonomy.names("topic") == [
        "Vulnerable people",
        "Domestic violence",
        "Knife crime",
        "Evidence-based policing",
        "Risk",
    ]
    assert taxonomy.names("type") == [
        "Key findings and implications for practice",
        "Full technical report",
        "Exploratory analysis",
    ]


def test_interventions_know_their_theme_and_forces() -> None:
    taxonomy = load_taxonomy()
    sara = taxonomy.entry("intervention", SARA)
    assert sara is not None
    assert sara.acronym == "SARA/SAM"
    assert sara.theme == "Risk assessment and management"
    assert sara.forces == ("West Midlands Police", "Cumbria Police", "Lancashire Constabulary")
    met_divan = taxonomy.entry("intervention", "Op Met Divan")
    assert met_divan is not None
    assert (met_divan.theme, met_divan.forces) == (THEME_4, ("Metropolitan Police",))


@pytest.mark.parametrize(
    ("kind", "text", "name"),
    [
        ("intervention", "DIVERT", "DIVERT"),
        ("intervention", "divert", "DIVERT"),
        ("intervention", "cirv", CIRV),
        ("intervention", "Community initiative to reduce violence", CIRV),
        ("intervention", "TAWs", TAWS),
        ("intervention", "taw", TAWS),
        ("intervention", "trusted adults", TAWS),
        ("intervention", "FSP", FSPS),
        ("intervention", "Family safety plans (FSPs) in cases of neglect", FSPS),
        ("intervention", "sara v3", SARA),
        ("intervention", "SARAv3", SARA),
        ("intervention", "SARA/SAM", SARA),
        ("intervention", "sam", SARA),
        ("intervention", "Spousal Assault Risk Assessment", SARA),
        ("intervention", "op divan", "Op Divan"),
        ("intervention", "Operation Divan", "Op Divan"),
        ("intervention", "OP MET DIVAN", "Op Met Divan"),
        ("intervention", "met divan", "Op Met Divan"),
        ("force", "the Met", "Metropolitan Police"),
        ("force", "mps", "Metropolitan Police"),
        ("force", "Metropolitan Police Service", "Metropolitan Police"),
        ("force", "wmp", "West Midlands Police"),
        ("force", "north yorkshire", "North Yorkshire Police"),
        ("theme", "Serious violence - diversion interventions", THEME_1),
        ("theme", "serious violence", THEME_1),
        ("theme", "session 4", THEME_4),
        ("theme", "knife crime", THEME_4),
        ("topic", "knife crime", "Knife crime"),
        ("topic", "domestic abuse", "Domestic violence"),
        ("topic", "evidence based policing", "Evidence-based policing"),
        ("type", "key findings", "Key findings and implications for practice"),
        ("type", "technical report", "Full technical report"),
        ("type", "EXPLORATORY", "Exploratory analysis"),
    ],
)
def test_resolve_accepts_name_acronym_or_alias_in_any_case(kind: str, text: str, name: str) -> None:
    assert load_taxonomy().resolve(kind, text) == name


@pytest.mark.parametrize(
    ("kind", "text"),
    [("intervention", "Divan"), ("intervention", ""), ("force", "Met Divan"), ("theme", "DIVERT")],
)
def test_resolve_says_none_for_what_is_not_there(kind: str, text: str) -> None:
    assert load_taxonomy().resolve(kind, text) is None


def test_the_resolver_lists_close_names() -> None:
    taxonomy = load_taxonomy()
    with pytest.raises(UsageError) as caught:
        resolve_tag(taxonomy, "intervention", "Op Divn")
    assert (
        str(caught.value)
        == "no intervention called 'Op Divn': did you mean Op Divan or Op Met Divan?"
    )
    assert caught.value.exit_code == 2
    with pytest.raises(UsageError, match=r"^unknown tag kind 'colour': use one of theme, "):
        resolve_tag(taxonomy, "colour", "red")


def test_name_key_folds_case_accents_and_punctuation() -> None:
    assert name_key("SAM / SARAv3  national pilot") == "sam sarav3 national pilot"
    assert name_key(f"Serious violence {DASH} diversion") == "serious violence diversion"
    assert name_key("Bélanger") == "belanger"


def test_phrase_regex_spans_dashes_line_breaks_and_plurals() -> None:
    import regex

    pattern = regex.compile(phrase_regex(THEME_4), regex.I)
    assert pattern.search("the Knife crime - early\nintervention seminar")
    assert pattern.search("knife crime\u2014early interventions")
    assert not pattern.search("knife crimes early intervention")
    taw = regex.compile(phrase_regex("TAW"))
    assert [m.group() for m in taw.finditer("TAWs, a TAW, TAWSON, xTAW")] == ["TAWs", "TAW"]


# --- user taxonomies --------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_user_taxonomy_extends_the_default(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[interventions]]
name = "Street doctors"
acronym = "SD"
theme = "knife crime"
forces = ["the Met", "Surrey"]

[[forces]]
name = "Surrey Police"
aliases = ["Surrey", "Surrey Constabulary"]
""",
    )
    taxonomy = load_taxonomy(path)
    assert taxonomy.source == path
    assert taxonomy.names("intervention")[-2:] == ["Op Met Divan", "Street doctors"]
    street = taxonomy.entry("intervention", "Street doctors")
    assert street is not None
    assert (street.theme, street.forces) == (THEME_4, ("Metropolitan Police", "Surrey Police"))
    assert taxonomy.resolve("force", "surrey constabulary") == "Surrey Police"
    assert taxonomy.names("force").index("Surrey Police") == 4  # replaced in place
    # without rules, the names are the rules: the acronym case-sensitively
    assert [(r.match, r.pattern, r.case_sensitive) for r in street.rules] == [
        ("phrase", "Street doctors", False),
        ("phrase", "SD", True),
    ]


def test_user_taxonomy_can_replace_the_default(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
extends = false

[[themes]]
name = "Youth violence"

[[interventions]]
name = "Mentoring"
theme = "youth violence"
""",
    )
    taxonomy = load_taxonomy(path)
    assert taxonomy.names("theme") == ["Youth violence"]
    assert taxonomy.names("intervention") == ["Mentoring"]
    assert taxonomy.names("force") == []


BROKEN = [
    (
        "[[interventions]]\nname = 'X'\nrules = [{ match = 'phrase', pattern = 'x' }\n",
        "line 3: Unclosed array (not valid TOML)",
    ),
    (
        "[[interventions]]\nname = 'Y'\nrules = [\n  { match = 'phrase', pattern = 'y' },\n"
        "  { match = 'wordz', pattern = 'y' },\n]\n",
        "line 5: intervention 'Y': unknown match kind 'wordz' (use any, all, phrase, regex, fuzzy)",
    ),
    (
        "[[forces]]\nname = 'A'\n\n[[forces]]\nname = 'B'\n"
        "rules = [{ match = 'regex', pattern = 'Police (' }]\n",
        "line 6: force 'B': bad regex 'Police (': missing ) at position 8",
    ),
    (
        "[[interventions]]\nname = 'Z'\nalias = ['z']\n",
        "line 3: intervention 'Z': unknown key 'alias' (use acronym, aliases, forces, name, "
        "rules, theme, topics)",
    ),
    (
        "[[interventions]]\nname = 'Z'\ntheme = 'Cooking'\n",
        "line 3: intervention 'Z': 'Cooking' is not a theme (known: " + THEME_1 + ", Early "
        "intervention for vulnerable children, Risk assessment and management, " + THEME_4 + ")",
    ),
    (
        "[[interventions]]\nname = 'Divan'\naliases = ['Op Divan']\n",
        "line 3: intervention 'Divan': 'Op Divan' already names intervention 'Op Divan'",
    ),
    ("\n[[types]]\nacronym = 'X'\n", "line 2: [[types]] entry 1 needs a name"),
    (
        "[[intervention]]\nname = 'X'\n",
        "line 1: unknown section 'intervention': use themes, "
        "interventions, forces, topics, types (or extends)",
    ),
    ("extends = 'no'\n", "line 1: 'extends' must be true or false"),
    (
        "[[topics]]\nname = 'Fuzzy'\nrules = [{ match = 'fuzzy', pattern = 'abc', cutoff = 0 }]\n",
        "line 3: topic 'Fuzzy': cutoff must be a number from 1 to 100",
    ),
    (  # compiling this takes minutes: refused before regex.compile is reached
        "[[forces]]\nname = 'Evil'\n"
        "rules = [{ match = 'regex', pattern = '(?:(?:(?:a{100}){100}){100}){100}' }]\n",
        "line 3: force 'Evil': regex '(?:(?:(?:a{100}){100}){100}){100}' is too costly: "
        "counted repeats such as {n} multiply past 10000",
    ),
    (
        "[[forces]]\nname = 'Long'\nrules = [{ match = 'regex', pattern = '"
        + "ab|" * 120
        + "c' }]\n",
        "line 3: force 'Long': regex '" + "ab|" * 20 + "' is too costly: keep patterns under "
        "300 characters",
    ),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_a_broken_taxonomy_names_the_file_and_the_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    assert str(caught.value) == f"{path}, {message}"


def test_a_missing_taxonomy_file_is_one_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(str(missing))
    assert str(caught.value) == f"cannot read taxonomy {missing}: No such file or directory"
