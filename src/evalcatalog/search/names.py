"""Taxonomy names in queries and filters: "met divan", "trusted adults", "sara v3", "cirv".

A run of query words that the taxonomy resolves (a name, acronym or alias of a theme,
intervention, force, topic or type) also matches reports tagged with that name. Filter values
go through the one resolver (tagging/names.py), as list's and export's do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ..errors import QueryError, UsageError
from ..models import TAG_KINDS
from ..tagging.names import resolve_tag, year_range
from ..tagging.taxonomy import Taxonomy
from .query import Query, Term, tokens

if TYPE_CHECKING:
    from ..store import Store

MAX_SPAN = 6  # words in a name ("Think family early intervention", "Family safety plans ...")
NAME_KINDS = ("intervention", "theme", "force", "topic", "type")


class NameResolver(Protocol):
    def resolve(self, kind: str, text: str) -> str | None: ...


def query_names(query: Query, taxonomy: NameResolver | None) -> dict[Term, list[tuple[str, str]]]:
    """For each term in a run of single-term groups that names a taxonomy entry, the names
    (as shown, and as tokens for the tags column). Longest runs first; a word joins one."""
    found: dict[Term, list[tuple[str, str]]] = {}
    if taxonomy is None:
        return found
    singles = [group[0] if len(group) == 1 else None for group in query.groups]
    start = 0
    while start < len(singles):
        for end in range(min(len(singles), start + MAX_SPAN), start, -1):
            span = singles[start:end]
            if any(term is None for term in span):
                continue
            names = resolve_all(taxonomy, " ".join(term.raw for term in span if term))
            if names:
                for term in span:
                    if term is not None:
                        found.setdefault(term, []).extend(names)
                start = end
                break
        else:
            start += 1
    return found


def resolve_all(taxonomy: NameResolver, text: str) -> list[tuple[str, str]]:
    names = []
    for kind in NAME_KINDS:
        name = taxonomy.resolve(kind, text)
        if name is not None:
            names.append((name, " ".join(tokens(name))))
    return list(dict.fromkeys(names))


def filter_report_ids(
    store: Store,
    filters: dict[str, list[str]],
    taxonomy: NameResolver | None,
) -> set[int] | None:
    """Reports passing every filter kind (any of its values); None when there are none."""
    chosen: set[int] | None = None
    for kind, values in filters.items():
        if not values:
            continue
        if kind == "year":
            ids = year_report_ids(store, values)
        else:
            names = [tag_name(store, kind, value, taxonomy) for value in values]
            ids = store.tagged_report_ids(kind, names)
        chosen = ids if chosen is None else chosen & ids
    return chosen


def tag_name(store: Store, kind: str, value: str, taxonomy: NameResolver | None) -> str:
    """The tag name a filter value means, by the one resolver (tagging/names.py): the
    taxonomy's names first, then the tags the catalogue holds; else a QueryError."""
    if kind not in TAG_KINDS:
        raise QueryError(f"unknown filter {kind!r}: use one of {', '.join(TAG_KINDS)} or year")
    held = store.tag_names(kind)
    known = taxonomy if isinstance(taxonomy, Taxonomy) else None
    try:
        return resolve_tag(known, kind, value, held)
    except UsageError as exc:
        raise QueryError(str(exc)) from exc


def year_report_ids(store: Store, values: list[str]) -> set[int]:
    ids: set[int] = set()
    for value in values:
        try:
            first, last = year_range(value)
        except UsageError as exc:
            raise QueryError(str(exc)) from exc
        ids |= store.report_ids_in_years(first, last)
    return ids
