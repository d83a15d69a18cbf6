"""The command group, the shared options, and the one place errors become exit codes."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any, TypeVar

import click

from .. import __version__
from ..catalog import DB_ENV_VAR, DEFAULT_DB, Catalog
from ..errors import EvalcatalogError, ExitStatus
from ..text import one_line, printable

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """Printed by click as `Error: <message>` on stderr."""

    def __init__(self, message: str, status: int = ExitStatus.ERROR) -> None:
        super().__init__(printable(one_line(message)))
        setattr(self, "exit_code", int(status))  # noqa: B010  (a class variable in click's typing)


class ReportedError(Exception):
    """Already reported: the command has printed what is wrong (check's problems); end with
    `status`, quietly."""

    def __init__(self, status: ExitStatus = ExitStatus.ERROR) -> None:
        super().__init__(status.name)
        self.status = status


# Each command's module, imported when the command runs (or help lists them all): a search
# does not pay for importing the other fifteen commands. A new command goes here too.
COMMAND_MODULES = {
    "list": "browse", "evidence": "evidence", "stats": "health", "check": "health",
    "upgrade": "health", "ingest": "ingest", "ocr": "ocr", "fetch": "releases",
    "releases": "releases", "export": "report", "show": "report", "search": "search",
    "rebuild-index": "search", "serve": "serve", "reindex": "structure", "tag": "tags",
    "retag": "tags", "taxonomy": "tags",
}  # fmt: skip


class CatalogGroup(click.Group):
    """The one boundary: library errors and bad option values become one `Error: ...` line
    and an ExitStatus; unexpected errors too unless --debug; a closed pipe ends quietly.
    Commands are loaded lazily, by COMMAND_MODULES."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            import_module(f"{__package__}.{module}")  # its @cli.command registers it
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EvalcatalogError as exc:
            raise CliError(str(exc), ExitStatus(exc.exit_code)) from exc
        except click.BadParameter as exc:  # a value click refused: one line, not a usage block
            raise CliError(exc.format_message(), ExitStatus.USAGE) from exc
        except ReportedError as exc:
            ctx.exit(exc.status)
        except BrokenPipeError:
            quiet_stdout()
            ctx.exit(ExitStatus.BROKEN_PIPE)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            message = f"unexpected {type(exc).__name__}: {exc}"
            raise CliError(f"{message} (run with --debug to see the traceback)") from exc


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so flushing it at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # no file descriptor (a test's runner): nothing will flush to a closed pipe


@click.group(cls=CatalogGroup, context_settings={"help_option_names": ["-h", "--help"]})
# The version as the package says it: asking the installed metadata costs ~25 ms of imports.
@click.version_option(version=__version__, prog_name="evalcatalog")
@click.option(
    "--debug", is_flag=True, envvar="EVALCATALOG_DEBUG", help="Show tracebacks for errors."
)
@click.option(
    "--db", "db_path", metavar="PATH", help="The catalogue file (also accepted after the command)."
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, db_path: str | None) -> None:
    """Keep a searchable, tagged catalogue of evaluation reports (PDFs).

    \b
    Quick start:
      evalcatalog ingest reports/       # build ./catalog.db from a folder of PDFs
      evalcatalog list                  # the reports in it
    """
    ctx.obj = {"debug": debug, "db": db_path}


def chosen_db(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """--db after the command, else --db before it, else $EVALCATALOG_DB, else ./catalog.db."""
    if value:
        return value
    root = ctx.find_root().obj or {}
    return str(root.get("db") or os.environ.get(DB_ENV_VAR) or DEFAULT_DB)


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_path",
        callback=chosen_db,
        metavar="PATH",
        help=f"The catalogue file (default: ${DB_ENV_VAR}, else {DEFAULT_DB}).",
    )(func)


def open_catalog(db_path: str, *, create: bool = False, read_only: bool = False) -> Catalog:
    """`read_only` for commands that only read: the file is never created, upgraded or
    changed, and a missing, older or foreign one is a one-line error saying what to do (the
    library's: store/opening.py says what a --db that is a folder or missing is)."""
    return Catalog(db_path, create=create, read_only=read_only)
