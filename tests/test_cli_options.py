"""The options commands share (cli/options.py), on the shipped reports/: one filter set that
list, search, export and the library resolve alike, and --json, --csv, --nl whose rows agree."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields
from typing import Any

import pytest
from clirun import run_db as run

from evalcatalog import Catalog
from evalcatalog.cli.report import SHOW_FIELDS
from evalcatalog.errors import UsageError
from evalcatalog.models import Report


@pytest.fixture(scope="module")
def db(shipped_db: str) -> str:
    return shipped_db  # reports/ catalogued (conftest)


def ids_from(db: str, surface: str, filters: list[str]) -> tuple[int, Any]:
    """The report ids a surface gives for the filters (["--type", "technical", ...]), or
    its exit code and message."""
    commands = {
        "list": ["list", "--json"],
        "search": ["search", "report", "--json", "--limit", "100"],
        "export": ["export", "--format", "json"],
    }
    code, output = run(db, *commands[surface], *filters)
    if code:
        return code, output
    data = json.loads(output)
    rows = data["hits"] if surface == "search" else data
    return 0, sorted(row["report_id" if surface == "search" else "id"] for row in rows)


def ids_from_api(db: str, filters: list[str]) -> tuple[int, Any]:
    options: dict[str, list[str]] = {}
    for option, value in zip(filters[::2], filters[1::2], strict=True):
        options.setdefault(option.removeprefix("--"), []).append(value)
    with Catalog(db) as catalog:
        try:
            return 0, sorted(report.id for report in catalog.reports(options))
        except UsageError as exc:
            return exc.exit_code, f"Error: {exc}\n"


ACCEPTED = [
    ["--theme", "knife"],  # a word of one theme's name (issue 13: list refused it)
    ["--type", "technical"],
    ["--type", "full"],
    ["--type", "KEY FINDINGS", "--intervention", "cirv", "--intervention", "sarav3"],
    ["--intervention", "met divan"],
    ["--force", "MPS", "--year", "2019-2021"],
    ["--year", "2021"],
]
REFUSED = [
    (["--theme", "early"], "Error: theme 'early' could be Early intervention for vulnerable "
     "children or Knife crime – early intervention: give more of the name\n"),
    (["--intervention", "Op Divn"],
     "Error: no intervention called 'Op Divn': did you mean Op Divan or Op Met Divan?\n"),
    (["--year", "soon"],
     "Error: year 'soon' is not a year: use year:2021 or a range, year:2019-2021\n"),
]  # fmt: skip


@pytest.mark.parametrize("filters", ACCEPTED)
def test_every_surface_accepts_the_same_values(db: str, filters: list[str]) -> None:
    expected = ids_from_api(db, filters)
    assert expected[0] == 0 and expected[1], expected
    for surface in ("list", "export", "search"):
        code, found = ids_from(db, surface, filters)
        assert code == 0, (surface, found)
        # search finds "report" in every report, so it lists the same ones
        assert found == expected[1], surface


@pytest.mark.parametrize(("filters", "message"), REFUSED)
def test_every_surface_refuses_the_same_values_alike(
    db: str, filters: list[str], message: str
) -> None:
    assert ids_from_api(db, filters) == (2, message)
    for surface in ("list", "export", "search"):
        assert ids_from(db, surface, filters) == (2, message), surface


def test_type_technical_means_the_full_technical_report(db: str) -> None:
    code, output = run(db, "list", "--type", "technical", "--columns", "type", "--csv")
    assert (code, set(output.splitlines()[1:])) == (0, {"Full technical report"})


def test_the_library_does_lists_work(db: str) -> None:
    with Catalog(db) as catalog:
        reports = catalog.reports(type="full", min_pages=60, sort="size", reverse=True)
        assert [report.file_name for report in reports] == [
            "tfei-technical-report.pdf", "divert-technical-report.pdf",
            "fsps-technical-report.pdf",
        ]  # fmt: skip
        groups = catalog.grouped_reports("type", intervention=["cirv", "divert"])
        assert {name: len(members) for name, members in groups.items()} == {
            "Full technical report": 2, "Key findings and implications for practice": 2
        }  # fmt: skip


LISTINGS = [
    ["list"],
    ["list", "--columns", "id,title,intervention,type"],
    ["list", "--group-by", "theme"],
    ["search", "knife"],
    ["stats"],
    ["check"],
    ["tag", "1"],
    ["taxonomy"],
    ["retag", "--dry-run"],
    ["releases"],
    ["releases", "--latest"],
    ["evidence"],
    ["evidence", "--intervention", "cirv"],
]


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_json_csv_and_nl_rows_agree(db: str, command: list[str]) -> None:
    outputs = {fmt: run(db, *command, f"--{fmt}") for fmt in ("json", "csv", "nl")}
    assert {fmt: code for fmt, (code, _) in outputs.items()} == {"json": 0, "csv": 0, "nl": 0}
    json.loads(outputs["json"][1])
    rows = [json.loads(line) for line in outputs["nl"][1].splitlines()]
    table = list(csv.DictReader(io.StringIO(outputs["csv"][1])))
    assert len(rows) == len(table)
    for row, flat in zip(rows, table, strict=True):
        for column, text in flat.items():
            assert csv_text(row[column]) == text, column


def csv_text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return "" if value is None else str(value)


def test_list_columns_apply_to_csv(db: str) -> None:
    output = run(db, "list", "--columns", "id,title,intervention,type", "--csv")[1]
    assert output.splitlines()[:2] == [
        "id,title,intervention,type",
        "2,CIRV: Full technical report,Community initiative to reduce violence (CIRV),"
        "Full technical report",
    ]


def test_list_json_rows_are_the_export_rows(db: str) -> None:
    assert json.loads(run(db, "list", "--json")[1]) == json.loads(
        run(db, "export", "--format", "json")[1]
    )
    assert run(db, "list", "--csv")[1] == run(db, "export", "--format", "csv")[1]


def test_two_output_formats_are_one_usage_error(db: str) -> None:
    assert run(db, "stats", "--json", "--csv") == (
        2, "Error: --json and --csv together: choose one output format\n"
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["--json", "--csv", "--nl"])
def test_search_machine_output_has_no_terminal_markup(db: str, fmt: str) -> None:
    code, output = run(db, "search", "knife", fmt)
    assert code == 0 and "knife" in output.lower()
    assert "**" not in output


def test_every_field_of_a_report_is_a_column_and_shown(db: str) -> None:
    names = [item.name for item in fields(Report) if item.name != "tags"]
    code, output = run(db, "list", "--columns", ",".join(names), "--csv")
    assert (code, output.splitlines()[0]) == (0, ",".join(names))
    shown = run(db, "show", "1")[1]
    assert all(f"  {label}:" in shown for label, _ in SHOW_FIELDS)
    assert {name for _, name in SHOW_FIELDS} == set(names) - {"id", "paths"}
