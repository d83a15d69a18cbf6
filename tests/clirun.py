"""The CLI run in-process with click's CliRunner, as the CLI tests call it (one wrapper, not
one per test file). `result.output` holds stdout and stderr interleaved, as a terminal shows
them; `result.stdout` and `result.stderr` apart."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from evalcatalog.cli import cli


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def run(*args: str | Path) -> tuple[int, str]:
    """(exit code, what was printed)."""
    result = invoke(*args)
    return result.exit_code, result.output


def run_db(db: str, *args: str) -> tuple[int, str]:
    """run(*args, "--db", db): a command on the catalogue `db`."""
    return run(*args, "--db", db)
