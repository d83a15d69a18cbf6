"""Errors a user can cause. Each says what went wrong and what to do next."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """The exit codes of the `evalcatalog` command, set in one place (cli/base.py)."""

    SUCCESS = 0
    ERROR = 1  # something failed: a file, the catalogue, a check
    USAGE = 2  # the command was asked wrongly: an option, a value, a report that is not there
    BROKEN_PIPE = 141  # whoever read the output stopped (128 + SIGPIPE, as other tools exit)


class EvalcatalogError(Exception):
    """Base class: the CLI prints these as one `Error: ...` line."""

    exit_code = ExitStatus.ERROR


class UsageError(EvalcatalogError):
    """Bad arguments: a missing path, an unknown filter value."""

    exit_code = ExitStatus.USAGE


class CatalogError(EvalcatalogError):
    """The catalogue file cannot be opened, written or understood."""


class ExtractError(EvalcatalogError):
    """A PDF could not be read; the message is the one-line reason stored for it."""


class TaxonomyError(EvalcatalogError):
    """A taxonomy file is malformed; the message names the line."""


class QueryError(UsageError):
    """A search query that cannot be run."""


class NotFoundError(UsageError):
    """A report reference that matches nothing, or more than one thing."""
