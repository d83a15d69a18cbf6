"""Every command is documented in README.md and has help text with an example."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from evalcatalog.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_in_readme(name: str) -> None:
    assert f"### evalcatalog {name}" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_help_has_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"evalcatalog {name}" in result.output.split("Example", 1)[1]


def test_readme_quick_start_has_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in quick_start.splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    assert "evalcatalog ingest reports/" in commands[0]
    assert "evalcatalog list" in commands[0]
    assert commands[1].endswith(".venv/bin/pytest")
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert commands[1] in ci
