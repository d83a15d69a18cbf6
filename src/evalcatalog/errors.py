"""Errors a user can cause. Each says what went wrong and what to do next."""

from __future__ import annotations


class EvalcatalogError(Exception):
    """Base class: the CLI prints these as one `Error: ...` line."""

    exit_code = 1


class UsageError(EvalcatalogError):
    """Bad arguments: a missing path, an unknown filter value."""

    exit_code = 2


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
