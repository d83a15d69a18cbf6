"""The command group's one boundary (cli/base.py): --db before or after the command, bad
values as one `Error:` line with ExitStatus.USAGE, a closed pipe as a quiet end, and `show`
finding a report by an exact name before words of a title."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from clirun import run
from pdfs import make_pdf

from evalcatalog.cli import cli
from evalcatalog.errors import ExitStatus


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report whose file name is FSPs-technical-report.pdf, and one with those words in its
    title under another name."""
    folder = tmp_path_factory.mktemp("base")
    make_pdf(folder / "FSPs-technical-report.pdf", ["Family safety plans."], title="Plans")
    make_pdf(folder / "other.pdf", ["Neglect."], title="FSPs technical report, the sequel")
    return folder


@pytest.fixture(scope="module")
def db(folder: Path) -> str:
    path = str(folder / "catalog.db")
    result = CliRunner().invoke(cli, ["--db", path, "ingest", "--jobs", "1", str(folder)])
    assert result.exit_code == 0, result.output
    return path


def test_db_before_the_command_as_after_it(db: str) -> None:
    before = run("--db", db, "list", "--columns", "title")
    assert before == run("list", "--columns", "title", "--db", db)
    assert before[0] == 0 and before[1].splitlines()[-1] == "2 reports"


def test_db_after_the_command_wins(db: str, tmp_path: Path) -> None:
    code, output = run("--db", str(tmp_path / "none.db"), "stats", "--db", db, "--json")
    assert (code, json.loads(output)["reports"]) == (0, 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "plans", "--limit", "0"],
         "Error: Invalid value for '--limit': 0 is not in the range 1<=x<=1000.\n"),
        (["search", "plans", "--limit", "-1"],
         "Error: Invalid value for '--limit': -1 is not in the range 1<=x<=1000.\n"),
        (["list", "--min-pages", "-3"],
         "Error: Invalid value for '--min-pages': -3 is not in the range x>=0.\n"),
    ],
)  # fmt: skip
def test_bad_values_are_one_error_line(db: str, args: list[str], message: str) -> None:
    assert run(*args, "--db", db) == (ExitStatus.USAGE, message)


def test_a_folder_for_db_is_one_error_line(tmp_path: Path) -> None:
    assert run("list", "--db", str(tmp_path)) == (
        ExitStatus.USAGE, f"Error: {tmp_path} is a folder: give a catalogue file, e.g. --db "
        "catalog.db\n"
    )  # fmt: skip


def test_a_closed_pipe_ends_quietly(db: str) -> None:
    """`evalcatalog list | head -1`: whoever reads stops; no error message."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "-m", "evalcatalog", "list", "--db", db],
                              stdout=write, stderr=subprocess.PIPE, timeout=60)  # fmt: skip
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (ExitStatus.BROKEN_PIPE, b"")


@pytest.mark.parametrize(
    "ref", ["FSPs-technical-report.pdf", "fsps-TECHNICAL-report.pdf", "FSPs-technical-report"]
)
def test_an_exact_file_name_beats_words_of_a_title(db: str, ref: str) -> None:
    code, output = run("show", ref, "--db", db, "--json")
    assert (code, json.loads(output)["title"]) == (0, "Plans")
    code, output = run("show", "fsps technical", "--db", db, "--json")  # words: the other
    assert (code, json.loads(output)["title"]) == (0, "FSPs technical report, the sequel")


def test_a_path_finds_its_report_from_anywhere(db: str, folder: Path) -> None:
    relative = os.path.relpath(folder / "FSPs-technical-report.pdf")
    code, output = run("show", relative, "--db", db, "--json")
    assert (code, json.loads(output)["title"]) == (0, "Plans")
