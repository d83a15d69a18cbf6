"""Sentences from real PDF text, and which of them state findings (and why)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from evalcatalog.errors import ExtractError
from evalcatalog.evidence.findings import finding_reasons, findings
from evalcatalog.evidence.passages import body_pages, section_pages
from evalcatalog.evidence.sentences import normalise, split_sentences
from evalcatalog.extract.pdf import extract_report


def texts(text: str, kind: str | None = None) -> list[str]:
    return [s.text for s in split_sentences(text) if kind is None or s.kind == kind]


def test_hyphenated_line_breaks_are_rejoined() -> None:
    text = "Participants were less likely to be re-\narrested, and their offend-\ning fell."
    rejoined = "Participants were less likely to be re-arrested, and their offending fell."
    assert texts(text) == [rejoined]


def test_abbreviations_decimals_and_initials_do_not_end_a_sentence() -> None:
    text = (
        "Some forces, e.g. Surrey, used it (see p. 12 and No. 5 Division). The rate was "
        "24.4% against 23.5% (p = 0.05). Dr. Smith and J. Bloggs et al. agreed. It ended. "
        "Across the U.K. Government offices, at 9 a.m. Monday."
    )
    assert texts(text) == [
        "Some forces, e.g. Surrey, used it (see p. 12 and No. 5 Division).",
        "The rate was 24.4% against 23.5% (p = 0.05).",
        "Dr. Smith and J. Bloggs et al. agreed.",
        "It ended.",
        "Across the U.K. Government offices, at 9 a.m. Monday.",
    ]


CAPTION = "Table 5: Estimated annual cost of the programme and cost per participant, 2019/20"


def test_bullets_headings_and_table_cells_are_units_of_their_own() -> None:
    text = (
        "5.2 Costs of delivery\n"
        "The total cost was estimated at £543,000. Staff costs\n"
        "accounted for 72% of the total.\n"
        "\u2022 The offer was voluntary and did not form part of any charging\n"
        "decision\n"
        "\u2022 Coaches were asked to help.\n"
        f"{CAPTION}\n"
        "Cost item\n"
        "392,000\n"
        "72%\n"
        "The estimated cost per participant was £608.\n"
    )
    assert [(s.kind, s.text) for s in split_sentences(text)] == [
        ("fragment", "5.2 Costs of delivery"),
        ("sentence", "The total cost was estimated at £543,000."),
        ("sentence", "Staff costs accounted for 72% of the total."),
        ("bullet", "The offer was voluntary and did not form part of any charging decision"),
        ("bullet", "Coaches were asked to help."),
        ("fragment", CAPTION),
        ("fragment", "Cost item"),
        ("fragment", "392,000"),
        ("fragment", "72%"),
        ("sentence", "The estimated cost per participant was £608."),
    ]  # fmt: skip


def test_offsets_point_at_the_sentence_in_the_text() -> None:
    text = "First one here.\nSecond one\nruns on. Third."
    for sentence in split_sentences(text):
        assert " ".join(text[sentence.start : sentence.end].split()) == sentence.text


def test_text_set_one_word_per_line_is_read_as_lines_of_words() -> None:
    first = "Today I publish the second Report of the Inquiry into the pandemic."
    second = "It covers the period from January 2020 to the end of May 2022."
    text = "\n \n".join(first.split()) + "\n \n \n" + "\n \n".join(second.split())
    assert normalise(text) == f"{first}\n\n{second}"
    assert texts(text) == [first, second]


def test_ligatures_are_letters() -> None:
    assert texts("The e\ufb00ect was signi\ufb01cant.") == ["The effect was significant."]


@pytest.mark.parametrize(
    ("sentence", "reasons"),
    [
        ("Reoffending fell by 12% among participants.",
         ["number with outcome: '12%' near 'Reoffending'"]),
        ("There was a 23 per cent reduction in crime.",
         ["number with outcome: '23 per cent' near 'reduction'"]),
        ("The difference was not statistically significant (p = 0.84).",
         ["statistical language: 'statistically significant'"]),
        ("The estimated cost per participant was £608.", ["cost or saving: '£608'"]),
        ("Staff costs accounted for 72% of the total.", ["cost or saving: '72%' near 'costs'"]),
        ("No evidence of displacement was found in the area.", ["conclusion: 'No evidence of'"]),
        ("Overall, the evaluation found that the service was implemented as intended.",
         ["conclusion: 'the evaluation found'"]),
        ("Strong leadership was repeatedly described as essential to delivery.",
         ["qualitative finding: 'described as essential'"]),
    ],
)  # fmt: skip
def test_findings_say_which_pattern_matched(sentence: str, reasons: list[str]) -> None:
    assert finding_reasons(sentence) == reasons


@pytest.mark.parametrize(
    "sentence",
    [
        "The evaluation ran from 1 April 2019 to 31 March 2021 in three areas.",
        "Table 2 sets out the characteristics of the sample.",
        "Figure 3 shows the reduction in each of the sites.",
        "Details of the outcomes are given on page 14 and in Section 5.2.",
        "Young people aged 10 to 17 were eligible for referral to the scheme.",
        "Outcomes were measured at 6 and 12 months after referral.",
        "Re-arrest within 12 months of the index custody episode was the primary outcome.",
        "Chapter 4 describes the costs of the scheme in more detail.",
        "Cost per participant (n = 893)",
    ],
)
def test_numbers_that_are_not_findings_are_not_taken_for_them(sentence: str) -> None:
    assert finding_reasons(sentence) == []


def test_headings_and_table_cells_are_never_findings() -> None:
    found = findings(split_sentences("Impact on reoffending\nReoffending fell 12%\n"))
    assert found == []


def test_a_section_runs_from_its_heading_to_the_next_ones() -> None:
    class S:
        def __init__(self, level: int, title: str, first: int, last: int) -> None:
            self.level, self.title, self.first_page, self.last_page = level, title, first, last

    pages = {
        1: "Intro text.\n2. Costs\nIt cost £5.",
        2: "More costs.\n2.1 Detail\nX.\n3. Impact\nY.",
    }
    sections = [S(1, "2. Costs", 1, 2), S(2, "2.1 Detail", 2, 2), S(1, "3. Impact", 2, 2)]
    assert section_pages(sections, 0, pages) == [(1, "2. Costs\nIt cost £5."),
                                                 (2, "More costs.\n2.1 Detail\nX.\n")]  # fmt: skip
    assert section_pages(sections, 2, pages) == [(2, "3. Impact\nY.")]


def test_running_headers_and_page_numbers_are_left_out() -> None:
    words = ["alpha", "beta", "gamma", "delta", "epsilon"]
    pages = {
        n: f"Report title\nCollege\nPage {n} of 5\nAbout {words[n - 1]}.\n{n}" for n in range(1, 6)
    }
    assert body_pages(pages)[3] == "About gamma."


def corpus_files() -> list[Path]:
    manifest = CORPUS / "manifest.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [CORPUS / row["path"] for row in rows
            if row["pypdf_status"] == "ok" and int(row["pypdf_chars"] or 0) > 2000
            and int(row["pypdf_pages"] or 0) <= 30]  # fmt: skip


@pytest.mark.skipif(not corpus_files(), reason=f"no corpus at {CORPUS}")
def test_real_pdfs_split_into_sensible_sentences() -> None:
    """No crash on any readable corpus PDF; the sentences found are whole sentences: they
    do not run two together (". The") nor break inside a number or after "e.g."."""
    sentences = []
    for path in corpus_files():
        try:
            pages = body_pages({p.number: p.text for p in extract_report(str(path)).pages})
        except ExtractError:
            continue
        for text in pages.values():
            sentences += [s for s in split_sentences(text) if s.kind != "fragment"]
            findings(split_sentences(text))
    assert len(sentences) > 2000
    words = [s.text for s in sentences if len(s.text.split()) >= 4]
    ends_well = sum(s[-1] in ".!?:;)\"'\u2019\u201d" for s in words)
    assert ends_well >= 0.8 * len(words)
    assert not [s for s in words if s.endswith((" e.g.", " i.e.", " et al."))]
    assert not [s for s in words if s[:1].isdigit() and s.split()[0].startswith("0.")]


PDFISH = st.text(
    alphabet=st.sampled_from(list("ab. Ee.g£%0123456789-\n\u2022()\u00ad\ufb01\u202e\x00 pNo:;")),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(PDFISH)
def test_any_text_splits_without_error_into_sentences_found_in_it(text: str) -> None:
    source = normalise(text)
    for sentence in split_sentences(text):
        assert 0 <= sentence.start <= sentence.end <= len(source)
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.kind in ("sentence", "bullet", "fragment")
    findings(split_sentences(text))
