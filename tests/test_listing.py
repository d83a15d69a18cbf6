"""A page of `list` (views/browse.select_page, `list --limit`): the same reports in the same
order as the full listing, built only for the page, with how many there were."""

from __future__ import annotations

import json
import sqlite3
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


def test_id_lists_pass_any_number_of_ids_to_sqlite(shipped_catalogue: Path) -> None:
    """Ids go to SQLite as one JSON list, not a `?` each: with SQLite's variable limit cut
    to 3 (default builds allow 32,766 and a word in every title of a large catalogue passes
    that), searching a word in most titles, listing, showing and reading tags still work."""
    with Catalog(str(shipped_catalogue), read_only=True) as catalog:
        expected = (catalog.search("report").to_dict(), [r.to_dict() for r in catalog.reports()])
        conn = catalog.store.db.conn
        conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 3)
        with pytest.raises(sqlite3.OperationalError, match="too many SQL variables"):
            conn.execute("select ?, ?, ?, ?", [1, 2, 3, 4])  # the limit holds
        found = (catalog.search("report").to_dict(), [r.to_dict() for r in catalog.reports()])
        assert found == expected and len(expected[1]) == 19
        ids = [report.id for report in catalog.reports()]
        assert len(catalog.store.titles(ids)) == 19
        assert set(catalog.store.present_files(ids)) == set(ids)
        assert set(catalog.store.effective_tags(ids)) == set(ids)
        assert set(catalog.store.paths_of(ids)) == set(ids)
        assert catalog.store.unread_pages(ids) == {}


@pytest.mark.parametrize("query", ["cirv", "key findings", "report", "technical report",
                                   "divan", "knife crime", "sam"])  # fmt: skip
def test_titles_too_many_to_score_read_only_those_that_could_be_the_query(
    shipped_catalogue: Path, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """Past MAX_TITLED titles holding a query word, only a title whose main part is the query
    scores, and only titles with few enough spaces or a separator are read (SQL): the same
    answers as reading every title."""
    from evalcatalog.search import titles
    from evalcatalog.store.index_reads import report_titles as read

    monkeypatch.setattr(titles, "MAX_TITLED", 0)  # every search takes that path
    with Catalog(str(shipped_catalogue), read_only=True) as catalog:
        filtered = catalog.search(query).to_dict()
        monkeypatch.setattr(titles, "report_titles", lambda conn, ids, **_: read(conn, ids))
        assert catalog.search(query).to_dict() == filtered
