"""A page of `list` (views/browse.select_page, `list --limit`): the same reports in the same
order as the full listing, built only for the page, with how many there were."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from clirun import run_db

from evalcatalog import Catalog


@pytest.mark.parametrize(
    "filters",
    [{}, {"sort": "pages", "reverse": True}, {"sort": "date"}, {"type": "technical"},
     {"year": "2019-2021", "sort": "size"}, {"intervention": "cirv"}, {"min_pages": 30}],
)  # fmt: skip
def test_a_page_is_the_start_of_the_listing(shipped_db: str, filters: dict[str, Any]) -> None:
    with Catalog(shipped_db, read_only=True) as catalog:
        every = catalog.reports(**filters)
        for limit in (1, 3, 100):
            page = catalog.reports(**filters, limit=limit)
            assert page == every[:limit]
            assert page.total == len(every)  # type: ignore[attr-defined]


def test_list_limit_in_a_table_and_for_programs(shipped_db: str) -> None:
    code, output = run_db(shipped_db, "list", "--limit", "2")
    assert code == 0 and output.endswith("\n2 of 19 reports (--limit 0 lists them all)\n")
    code, output = run_db(shipped_db, "list")  # under the default page: as it always was
    assert code == 0 and output.endswith("\n19 reports\n")
    code, output = run_db(shipped_db, "list", "--json")  # programs get every report
    assert code == 0 and len(json.loads(output)) == 19
    code, output = run_db(shipped_db, "list", "--json", "--limit", "3")
    assert code == 0 and [r["id"] for r in json.loads(output)] == [
        r["id"] for r in json.loads(run_db(shipped_db, "list", "--json")[1])[:3]
    ]


def test_list_help_shows_the_default_page(shipped_catalogue: Path) -> None:
    code, output = run_db(str(shipped_catalogue), "list", "--help")
    assert code == 0 and "default 1000 in a table" in " ".join(output.split())
