"""store/: the effective_tags view (schema m006) and the Store reads built on it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from evalcatalog.models import TagMatch
from evalcatalog.store import Store, open_store
from evalcatalog.store.migrations import migrations


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A catalogue with two reports and no pages."""
    store = open_store(str(tmp_path / "c.db"))
    with store.transaction():
        store.db.execute(
            """insert into reports (id, sha256, title, title_source, file_name, size_bytes,
               page_count) values (1, 'a', 'One', 'metadata', 'one.pdf', 1, 0),
               (2, 'b', 'Two', 'metadata', 'two.pdf', 1, 0)"""
        )
        store.replace_rule_tags(1, [
            TagMatch("intervention", "CIRV", reason="named in the title", score=9.0,
                     primary=True),
            TagMatch("intervention", "Op Divan", reason="named 3 times", score=3.0),
            TagMatch("theme", "Violence", reason="from CIRV", score=1.0, primary=True),
        ])  # fmt: skip
        store.replace_rule_tags(2, [TagMatch("intervention", "Op Divan", score=5.0)])
    yield store
    store.close()


def names(store: Store, report_id: int) -> list[tuple[str, str, str]]:
    return [(m.kind, m.name, m.source) for m in store.effective_tags([report_id])[report_id]]


def indexed_tags(store: Store, report_id: int) -> str:
    sql = "select tags from report_search where report_id = ? and chunk = 0"
    return str(store.db.execute(sql, [report_id]).fetchone()[0])


def test_rule_tags_primary_first_then_by_score(store: Store) -> None:
    assert store.effective_tags([1])[1] == [
        TagMatch("intervention", "CIRV", "rule", "named in the title", 9.0, True),
        TagMatch("intervention", "Op Divan", "rule", "named 3 times", 3.0, False),
        TagMatch("theme", "Violence", "rule", "from CIRV", 1.0, True),
    ]


def test_a_manual_tag_beats_the_rule_tag_of_the_same_name(store: Store) -> None:
    with store.transaction():
        store.set_manual_tag(1, "intervention", "Op Divan", removed=False, reason="by hand")
    assert names(store, 1) == [
        ("intervention", "CIRV", "rule"),
        ("intervention", "Op Divan", "manual"),
        ("theme", "Violence", "rule"),
    ]
    rows = store.db.execute("select count(*) from effective_tags where report_id = 1")
    assert rows.fetchone()[0] == 3  # one row per tag, never the rule's and the person's


def test_a_manual_removal_hides_the_rule_tag_everywhere(store: Store) -> None:
    assert indexed_tags(store, 1) == "CIRV ; Op Divan ; Violence"
    assert store.tagged_report_ids("intervention", ["Op Divan"]) == {1, 2}
    with store.transaction():
        store.set_manual_tag(1, "intervention", "Op Divan", removed=True, reason="not so")
    # The three readers of "a manual tag beats a rule tag" agree: they read one view.
    assert names(store, 1) == [("intervention", "CIRV", "rule"), ("theme", "Violence", "rule")]
    assert indexed_tags(store, 1) == "CIRV ; Violence"
    assert store.tagged_report_ids("intervention", ["Op Divan"]) == {2}
    with store.transaction():
        assert store.clear_manual_tag(1, "intervention", "Op Divan")
    assert indexed_tags(store, 1) == "CIRV ; Op Divan ; Violence"  # the rules decide again


def test_a_manual_tag_no_rule_gave(store: Store) -> None:
    with store.transaction():
        store.set_manual_tag(2, "force", "Merseyside", removed=False, reason="added by hand")
    assert names(store, 2) == [("force", "Merseyside", "manual"),
                               ("intervention", "Op Divan", "rule")]  # fmt: skip
    assert indexed_tags(store, 2) == "Merseyside ; Op Divan"


def test_upgrading_adds_the_view_to_an_older_catalogue(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="m006_effective_tags")
    assert not db["effective_tags"].exists()
    db.close()
    store = open_store(path)
    assert store.db.execute("select * from effective_tags").fetchall() == []
    store.close()
