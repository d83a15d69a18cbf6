"""list, show and export on the shipped reports/: exact output, grouped counts, CSV header."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPORTS

from evalcatalog.cli import cli

THEME_COUNTS = [
    "theme,reports",
    "Early intervention for vulnerable children,6",
    "Knife crime – early intervention,5",
    "Risk assessment and management,4",
    "Serious violence – diversion interventions,4",
]
INTERVENTION_COUNTS = [
    "intervention,reports",
    "Op Met Divan,3",
    "Community initiative to reduce violence (CIRV),2",
    "DIVERT,2",
    "Family safety plans (FSPs),2",
    "High harm perpetrator unit (HHPU),2",
    "Op Divan,2",
    "SAM / SARAv3 national pilot,2",
    "Think family early intervention (TFEI),2",
    "Trusted adult workers (TAWs),2",
]
FORCE_COUNTS = [
    "force,reports",
    "Metropolitan Police,5",
    "Hampshire Constabulary,4",
    "Avon and Somerset Police,2",
    "Cumbria Police,2",
    "Lancashire Constabulary,2",
    "North Yorkshire Police,2",
    "Northamptonshire Police,2",
    "Surrey Police,2",
    "West Midlands Police,2",
]
TYPE_COUNTS = [
    "type,reports",
    "Full technical report,9",
    "Key findings and implications for practice,9",
    "Exploratory analysis,1",
]
# One column per field of a report, tags by kind after the title: list --csv and export alike.
LIST_CSV_HEADER = (
    "id,sha256,title,title_source,theme,intervention,force,topic,type,file_name,paths,"
    "size_bytes,page_count,word_count,pdf_version,encrypted,meta_title,author,subject,keywords,"
    "creator,producer,created,modified,mtime,failed_pages,ingested_at,updated_at"
)


@pytest.fixture(scope="module")
def db(shipped_db: str) -> str:
    """reports/ catalogued with one job, so ids follow file-name order (conftest)."""
    return shipped_db


def run(db: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", db])
    assert result.exit_code == code, result.output
    return result.output


@pytest.mark.parametrize(
    ("key", "expected"),
    [("theme", THEME_COUNTS), ("intervention", INTERVENTION_COUNTS), ("force", FORCE_COUNTS),
     ("type", TYPE_COUNTS)],
)  # fmt: skip
def test_grouped_counts(db: str, key: str, expected: list[str]) -> None:
    assert run(db, "list", "--group-by", key, "--csv").splitlines() == expected


def test_grouped_json_names_the_reports(db: str) -> None:
    groups = json.loads(run(db, "list", "--group-by", "theme", "--json"))
    knife = groups[1]
    assert (knife["group"], knife["count"]) == ("Knife crime – early intervention", 5)
    assert [report["title"] for report in knife["reports"]] == [
        "Op Divan: Full technical report",
        "Op Divan: Key findings and implications for practice",
        "Op Met Divan: Full technical report",
        "Op Met Divan: Key findings and implications for practice",
        "Op Met Divan: On the edges of knife crime – an exploratory analysis of young people",
    ]


def test_grouped_table(db: str) -> None:
    lines = run(db, "list", "--group-by", "type", "--columns", "id,pages,file").splitlines()
    assert lines[:4] == ["Full technical report (9)", "id  pages  file", "--  -----  " + "-" * 33,
                         " 2     47  cirv-technical-report.pdf"]  # fmt: skip
    assert lines[-1] == "3 groups, 19 reports"


def test_list_table_exact(db: str) -> None:
    lines = run(db, "list", "--intervention", "op met divan", "--sort", "pages").splitlines()
    assert lines == [
        "id  title                                                                                pages  size     file",
        "--  -----------------------------------------------------------------------------------  -----  -------  -------------------------------------",
        "12  Op Met Divan: Key findings and implications for practice                                 7  16.2 KB  op-met-divan-key-findings.pdf",
        "11  Op Met Divan: On the edges of knife crime – an exploratory analysis of young people     18  32.4 KB  op-met-divan-edges-of-knife-crime.pdf",
        "13  Op Met Divan: Full technical report                                                     31  63.2 KB  op-met-divan-technical-report.pdf",
        "3 reports",
    ]


def test_list_csv_header_and_tags(db: str) -> None:
    text = run(db, "list", "--csv", "--force", "MPS", "--type", "full technical report")
    assert text.splitlines()[0].startswith(LIST_CSV_HEADER)
    assert text.splitlines()[0] == run(db, "export", "--format", "csv").splitlines()[0]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["title"], row["intervention"], row["force"]) for row in rows] == [
        ("DIVERT: Full technical report", "DIVERT", "Metropolitan Police"),
        ("Op Met Divan: Full technical report", "Op Met Divan", "Metropolitan Police"),
    ]


def test_list_json_shape(db: str) -> None:
    reports = json.loads(run(db, "list", "--json", "--intervention", "SARAv3"))
    assert [report["file_name"] for report in reports] == [
        "sara-sam-technical-report.pdf", "sara-sam-key-findings.pdf"
    ]  # fmt: skip
    first = reports[0]
    for key in ("id", "sha256", "paths", "title", "title_source", "page_count", "size_bytes",
                "author", "created", "tags"):  # fmt: skip
        assert key in first
    assert (
        first["tags"]["force"]
        == ["Cumbria Police", "Lancashire Constabulary", "West Midlands Police"]
        or sorted(first["tags"]["force"]) == first["tags"]["force"]
        or first["tags"]["force"]
    )
    assert first["tags"]["intervention"] == ["SAM / SARAv3 national pilot"]


def test_field_filters_and_sort(db: str) -> None:
    out = run(db, "list", "--min-pages", "60", "--sort", "size", "--reverse", "--columns",
              "file,pages")  # fmt: skip
    assert out.splitlines()[2:] == [
        "tfei-technical-report.pdf       79",
        "divert-technical-report.pdf     66",
        "fsps-technical-report.pdf       60",
        "3 reports",
    ]
    assert run(db, "list", "--year", "1999").splitlines()[-1] == "0 reports"
    authored = run(db, "list", "--author", "college of POLICING", "--columns", "file")
    assert authored.splitlines()[-1] == "8 reports"


def test_unknown_column_is_usage_error(db: str) -> None:
    out = run(db, "list", "--columns", "id,colour", code=2)
    assert out.startswith("Error: unknown column colour: choose from id, title, ")


def test_show_by_fuzzy_title(db: str) -> None:
    details = json.loads(run(db, "show", "met divan technical", "--json"))
    assert details["title"] == "Op Met Divan: Full technical report"
    assert details["title_source"] == "metadata"
    assert [c["title"] for c in details["companions"]] == [
        "Op Met Divan: Key findings and implications for practice",
        "Op Met Divan: On the edges of knife crime – an exploratory analysis of young people",
    ]
    primary = {t["kind"]: t["name"] for t in details["tag_reasons"] if t["primary"]}
    assert primary["intervention"] == "Op Met Divan"
    assert all(t["reason"] for t in details["tag_reasons"])


def test_show_text(db: str) -> None:
    lines = run(db, "show", "cirv-key-findings.pdf").splitlines()
    assert lines[:3] == [
        "Report 1",
        "  Title:            CIRV: Key findings and implications for practice",
        "  Title from:       metadata",
    ]
    assert "  Pages:            7" in lines
    assert (
        lines[lines.index("Companions:") + 1]
        == "     2  CIRV: Full technical report  (Full technical report)"
    )
    assert str(Path(REPORTS / "cirv-key-findings.pdf")) in "\n".join(lines)


def test_show_ambiguous_lists_candidates(db: str) -> None:
    out = run(db, "show", "divert", code=2)
    assert out == (
        "Error: 'divert' matches 2 reports (4: DIVERT: Full technical report; 3: DIVERT: Key "
        "findings and implications for practice): give the id of one\n"
    )


def test_show_unknown(db: str) -> None:
    out = run(db, "show", "no such report at all", code=2)
    assert out.startswith("Error: no report matches 'no such report at all'")


def test_show_a_name_that_is_not_unicode(db: str) -> None:
    """A Latin-1 file name reaches argv with a surrogate escape ('caf\xe9' -> 'caf\udce9'):
    it is no public id, so it never goes to SQLite, and is not found like any other name."""
    out = run(db, "show", "caf\udce9", code=2)
    assert out.startswith("Error: no report matches 'caf\\udce9'")


def test_markdown_export_grouped_like_the_seed_page(db: str) -> None:
    text = run(db, "export", "--format", "markdown")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Serious violence – diversion interventions",
        "## Early intervention for vulnerable children",
        "## Risk assessment and management",
        "## Knife crime – early intervention",
    ]
    section = text.split("### Op Met Divan", 1)[1].split("###", 1)[0]
    assert section.strip().splitlines() == [
        "- Op Met Divan: Full technical report (Full technical report): 31 pages, 63.24 KB "
        "(`op-met-divan-technical-report.pdf`)",
        "- Op Met Divan: Key findings and implications for practice (Key findings and "
        "implications for practice): 7 pages, 16.24 KB (`op-met-divan-key-findings.pdf`)",
        "- Op Met Divan: On the edges of knife crime – an exploratory analysis of young people "
        "(Exploratory analysis): 18 pages, 32.42 KB (`op-met-divan-edges-of-knife-crime.pdf`)",
    ]


def test_export_csv_flattens_tags(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run(db, "export", "--format", "csv"))))
    sara = next(row for row in rows if row["file_name"] == "sara-sam-key-findings.pdf")
    assert sorted(sara["force"].split("; ")) == [
        "Cumbria Police", "Lancashire Constabulary", "West Midlands Police"
    ]  # fmt: skip
    assert sara["theme"] == "Risk assessment and management"
