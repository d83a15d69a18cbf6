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


# What each read command may leave unloaded: `regex` (~8 ms) only when a taxonomy rule is
# matched or a user's regex checked, rapidfuzz (~11 ms) only for close names and words allowed
# two typos (9+ letters: one typo is looked up, search/edits.py), the taxonomy file's reader
# only when names are resolved.
# Nor the records of stages it does not run (models/ builds its dataclasses, ~0.5 ms each,
# only when a name is first imported).
INGEST_RECORDS = ("evalcatalog.models.extraction", "evalcatalog.models.ingest")
NOT_NEEDED = {
    "search": ("regex", "rapidfuzz", *INGEST_RECORDS),  # "knife": one typo at most
    "list": ("regex", "rapidfuzz", "tomllib", "evalcatalog.tagging.taxonomy", *INGEST_RECORDS),
    # show prints the report's outline: Sections, records of extraction
    "show": (
        "regex",
        "rapidfuzz",
        "tomllib",
        "evalcatalog.tagging.taxonomy",
        "evalcatalog.models.ingest",
    ),
}


@pytest.mark.parametrize("command", [["search", "knife"], ["list"], ["show", "1"]],
                         ids=["search", "list", "show"])  # fmt: skip
def test_a_read_command_loads_no_matching_machinery_it_does_not_use(
    shipped_catalogue: Path, command: list[str]
) -> None:
    modules = loaded(*command, "--db", str(shipped_catalogue))
    unwanted = NOT_NEEDED[command[0]]
    assert [m for m in modules if m in unwanted or m.split(".")[0] in unwanted] == []


def test_a_filtered_listing_still_resolves_names(shipped_catalogue: Path) -> None:
    """The taxonomy is loaded when a tag filter needs it (and not before)."""
    modules = loaded("list", "--theme", "knife", "--db", str(shipped_catalogue))
    assert "evalcatalog.tagging.taxonomy" in modules
    assert "regex" not in modules  # resolving names compiles no rule


def test_the_shipped_taxonomy_regexes_compile() -> None:
    """Loading the shipped file does not compile its regexes to check them (they compile when
    first matched), so check them here: every rule's patterns, entries' and dimensions'."""
    from evalcatalog.tagging.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    rules = [rule for entries in taxonomy.entries.values() for entry in entries
             for rule in entry.rules]  # fmt: skip
    rules += [rule for dimension in taxonomy.dimensions for rule in dimension.rules]
    assert any(rule.match == "regex" for rule in rules)
    for rule in rules:  # a Patterns compiles them all on first use; a bad one raises
        assert len(list(rule.patterns)) == len(rule.patterns)
        assert len(list(rule.patterns_nocase)) == len(rule.patterns_nocase)


def test_every_command_is_in_the_lazy_map() -> None:
    """The group imports a command's module by COMMAND_MODULES: one missing there would be
    invisible. (conftest has imported every module, as `evalcatalog --help` does.)"""
    from evalcatalog.cli import cli
    from evalcatalog.cli.base import COMMAND_MODULES

    assert sorted(cli.commands) == sorted(COMMAND_MODULES)
    for name, command in cli.commands.items():
        assert command.callback is not None
        assert command.callback.__module__ == f"evalcatalog.cli.{COMMAND_MODULES[name]}", name


def test_version_is_said_once_and_asks_no_metadata() -> None:
    """`--version` prints the package's __version__, which is what pyproject installs (dynamic
    version), without importing importlib.metadata (~25 ms)."""
    from importlib.metadata import version

    import evalcatalog

    probe = "import sys; from evalcatalog.cli import main; sys.argv[1:] = ['--version']\n" \
            "try:\n    main()\nexcept SystemExit:\n    pass\n" \
            "print('importlib.metadata' in sys.modules)"  # fmt: skip
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, check=True)  # fmt: skip
    assert result.stdout.splitlines() == [
        f"evalcatalog, version {evalcatalog.__version__}",
        "False",
    ]
    assert version("evalcatalog") == evalcatalog.__version__
