"""views/browse.py: selecting, sorting and grouping reports (the library side of `list`)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from report_fixtures import three

from evalcatalog.errors import UsageError
from evalcatalog.models import Report
from evalcatalog.tagging.taxonomy import load_taxonomy
from evalcatalog.views.browse import (
    ReportQuery,
    count_by,
    filter_values,
    group_by,
    select,
    sort_reports,
)


def ids(reports: Iterable[Report]) -> list[int]:
    return [report.id for report in reports]


def test_filter_values_drop_empties_and_take_one_or_several() -> None:
    assert filter_values({"theme": "knife", "year": 2021, "type": None, "force": ["", " "],
                          "intervention": ["cirv", "masip"]}) == {
        "theme": ["knife"], "year": ["2021"], "intervention": ["cirv", "masip"],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ReportQuery(), [3, 1, 2]),  # by title, any case
        (ReportQuery({"year": ["2019-2020"]}), [2]),
        (ReportQuery({"intervention": ["cirv", "masip"]}), [1, 2]),
        (ReportQuery(author="smith"), [1]),
        (ReportQuery(min_pages=12, sort="pages", reverse=True), [1, 2]),
        (ReportQuery(sort="date"), [2, 1, 3]),  # undated last
    ],
)
def test_select(query: ReportQuery, expected: list[int]) -> None:
    assert ids(select(three(), query, load_taxonomy(None))) == expected


def test_bad_queries_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="unknown filter 'colour'"):
        ReportQuery({"colour": ["red"]})
    with pytest.raises(UsageError, match="unknown sort 'weight'"):
        ReportQuery(sort="weight")
    with pytest.raises(UsageError, match="min_pages -1 is negative"):
        ReportQuery(min_pages=-1)


def test_sizes_sort_and_groups_count() -> None:
    assert ids(sort_reports(three(), "size")) == [3, 2, 1]
    assert {name: ids(members) for name, members in group_by(three(), "theme").items()} == {
        "Knife crime": [1], "Stalking": [2], "(none)": [3],
    }  # fmt: skip
    assert count_by(three(), "year") == {"2019": 1, "2021": 1, "(none)": 1}
