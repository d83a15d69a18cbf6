"""The command group, the shared options, and the one place errors become exit codes."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..catalog import DB_ENV_VAR, DEFAULT_DB, Catalog
from ..errors import EvalcatalogError
from ..text import one_line, printable

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """Printed by click as `Error: <message>` on stderr."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(printable(one_line(message)))
        setattr(self, "exit_code", exit_code)  # noqa: B010  (a class variable in click's typing)


class CatalogGroup(click.Group):
    """Turns library errors into one-line messages, and unexpected ones too unless --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EvalcatalogError as exc:
            raise CliError(str(exc), exc.exit_code) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            message = f"unexpected {type(exc).__name__}: {exc}"
            raise CliError(f"{message} (run with --debug to see the traceback)") from exc


@click.group(cls=CatalogGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="evalcatalog")
@click.option(
    "--debug", is_flag=True, envvar="EVALCATALOG_DEBUG", help="Show tracebacks for errors."
)
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Keep a searchable, tagged catalogue of evaluation reports (PDFs).

    \b
    Quick start:
      evalcatalog ingest reports/       # build ./catalog.db from a folder of PDFs
      evalcatalog list                  # the reports in it
    """
    ctx.obj = {"debug": debug}


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_path",
        envvar=DB_ENV_VAR,
        default=DEFAULT_DB,
        show_default=True,
        show_envvar=True,
        type=click.Path(dir_okay=False),
        help="The catalogue file.",
    )(func)


def open_catalog(db_path: str, *, create: bool = False) -> Catalog:
    if not create and db_path != ":memory:" and not os.path.exists(db_path):
        raise CliError(
            f"no catalogue at {db_path}: run `evalcatalog ingest` first, or pass --db", 1
        )
    return Catalog(db_path, create=create)
