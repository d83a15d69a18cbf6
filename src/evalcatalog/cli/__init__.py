"""The `evalcatalog` command: click commands that parse, call one library function, and emit.

Every error a user can cause reaches them as one `Error: ...` line with a non-zero exit code;
`evalcatalog --debug ...` shows the traceback instead.
"""

from __future__ import annotations

from importlib import import_module

from .base import COMMAND_MODULES, cli


def load_commands() -> None:
    """Import every command's module (the group imports only the one it runs): for code that
    reads `cli.commands`, such as the docs test."""
    for module in sorted(set(COMMAND_MODULES.values())):
        import_module(f"{__name__}.{module}")


def main() -> None:
    cli(prog_name="evalcatalog")


__all__ = ["cli", "load_commands", "main"]
