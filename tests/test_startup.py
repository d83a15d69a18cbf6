"""Start-up: a command imports what it needs when it needs it (issue 13). `search`, `list` and
`show` load no PDF library, HTTP client, sqlite-utils, ingest machinery or evidence code;
bench/startup.py times them as whole processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Run in a fresh interpreter: the command, then the modules it left loaded.
PROBE = """
import json, sys
from evalcatalog.cli import cli
try:
    cli(sys.argv[1:], prog_name="evalcatalog", standalone_mode=False)
finally:
    sys.stdout.flush()
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
NEVER = ("pypdf", "pypdfium2", "httpx", "reportlab", "starlette", "jinja2", "sqlite_utils")
NOT_OURS_TO_LOAD = ("evalcatalog.extract.", "evalcatalog.ingest.run", "evalcatalog.ingest.workers",
                    "evalcatalog.releases", "evalcatalog.evidence", "evalcatalog.web")  # fmt: skip
LIGHT = {"evalcatalog.extract.engines"}  # the engines' names, for ingest --engine's choices


def loaded(*args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, timeout=120, check=True)  # fmt: skip
    modules: list[str] = json.loads(result.stderr.strip().splitlines()[-1])
    return modules


@pytest.mark.parametrize("command", [["search", "knife"], ["list"], ["show", "1"]],
                         ids=["search", "list", "show"])  # fmt: skip
def test_a_read_command_imports_no_pdf_library(shipped_catalogue: Path, command: list[str]) -> None:
    modules = loaded(*command, "--db", str(shipped_catalogue))
    assert "evalcatalog.catalog" in modules  # the probe did run the command
    assert [m for m in modules if m.split(".")[0] in NEVER] == []
    assert [m for m in modules if m.startswith(NOT_OURS_TO_LOAD) and m not in LIGHT] == []


def test_every_command_is_in_the_lazy_map() -> None:
    """The group imports a command's module by COMMAND_MODULES: one missing there would be
    invisible. (conftest has imported every module, as `evalcatalog --help` does.)"""
    from evalcatalog.cli import cli
    from evalcatalog.cli.base import COMMAND_MODULES

    assert sorted(cli.commands) == sorted(COMMAND_MODULES)
    for name, command in cli.commands.items():
        assert command.callback is not None
        assert command.callback.__module__ == f"evalcatalog.cli.{COMMAND_MODULES[name]}", name
