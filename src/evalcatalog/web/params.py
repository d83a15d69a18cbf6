"""Query strings -> checked values, and the errors a request can cause (400 and 404 pages)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from starlette.datastructures import QueryParams

from ..models import PUBLIC_ID_LENGTH, PUBLIC_ID_PATTERN, TAG_KINDS

FILTER_KINDS = (*TAG_KINDS, "year")
MAX_QUERY = 500  # characters: a search box, not a pasted document
MAX_VALUE = 200
MAX_VALUES = 20
DEFAULT_LIMIT = 10  # as the CLI, and as search engines show: each hit costs its snippets
MAX_LIMIT = 200
PUBLIC_ID = re.compile(PUBLIC_ID_PATTERN)


class BadRequest(Exception):
    """A request we cannot answer as asked: a 400 page saying what to change."""

    status_code = 400


class NotFound(Exception):
    """Nothing at this address: a 404 page."""

    status_code = 404


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    limit: int = DEFAULT_LIMIT

    @property
    def empty(self) -> bool:
        return not self.q and not self.filters

    def state(self) -> dict[str, str | list[str]]:
        """The query string that reproduces this search (links, chips, downloads)."""
        state: dict[str, str | list[str]] = {"q": self.q}
        state.update(self.filters)
        if self.limit != DEFAULT_LIMIT:
            state["limit"] = str(self.limit)
        return state


def search_params(params: QueryParams) -> SearchParams:
    q = " ".join(params.get("q", "").split())
    if len(q) > MAX_QUERY:
        raise BadRequest(f"the query is {len(q)} characters long: search with at most "
                         f"{MAX_QUERY}, a few words or a phrase")  # fmt: skip
    filters: dict[str, list[str]] = {}
    for kind in FILTER_KINDS:
        values = [value.strip() for value in params.getlist(kind) if value.strip()]
        if len(values) > MAX_VALUES or any(len(value) > MAX_VALUE for value in values):
            raise BadRequest(f"too many or too long {kind} filters: use at most {MAX_VALUES} "
                             f"of {MAX_VALUE} characters each")  # fmt: skip
        if values:
            filters[kind] = list(dict.fromkeys(values))
    return SearchParams(q, filters, int_param(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT))


def int_param(params: QueryParams, name: str, default: int, low: int, high: int) -> int:
    text = params.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise BadRequest(f"{name}={text[:40]!r} is not a number from {low} to {high}")
    return int(text)


def report_ref(text: str) -> int | str:
    """A report in a path: its integer id, or its public id (hex, 12 characters or more when
    two reports' hashes share their first 12); a title or a file name finds nothing here. Short
    digits are an integer id; a public id may be all digits too, and is longer."""
    if text.isdigit() and len(text) < PUBLIC_ID_LENGTH:
        return int(text)
    if PUBLIC_ID.fullmatch(text.lower()):
        return text.lower()
    raise NotFound(f"there is no report {text[:40]!r}: report addresses end in a number "
                   "or a report's public id")  # fmt: skip
