"""Lists of ids handed to SQLite as one JSON parameter rather than a `?` each: SQLite refuses
a statement with more variables than its limit (32,766 in default builds), which a word in
every title of a catalogue of that many reports would pass."""

from __future__ import annotations

import json
from collections.abc import Iterable

ID_LIST = "(select value from json_each(?))"  # any number of ids as one JSON parameter


def in_ids(column: str, ids: Iterable[int]) -> tuple[str, list[str]]:
    """`column in (...ids)` as SQL, and its one parameter."""
    return f"{column} in {ID_LIST}", [json.dumps(list(ids))]


def ids_where(column: str, ids: Iterable[int] | None) -> tuple[str, list[str]]:
    """`where column in (...ids)` and its parameter; nothing at all for every row."""
    if ids is None:
        return "", []
    sql, params = in_ids(column, ids)
    return f"where {sql}", params
