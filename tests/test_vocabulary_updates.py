"""The typo vocabulary brought up to date by what changed (m012's vocabulary_added and
vocabulary_removed) comes out exactly as a rebuild from the whole index would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pdfs import make_pdf

from evalcatalog import Catalog, IngestOptions
from evalcatalog.store import search_index


def ingest(catalog: Catalog, folder: Path, prune: bool = False) -> None:
    catalog.ingest([str(folder)], IngestOptions(jobs=1, prune=prune))


def vocabulary(catalog: Catalog) -> list[list[Any]]:
    db = catalog.store.db
    return [
        db.execute("select term, docs, rest from vocabulary order by term").fetchall(),
        db.execute("select * from vocabulary_buckets order by first, length").fetchall(),
        db.execute("select term from vocabulary where term not in (select term from term_stems)")
        .fetchall(),
    ]  # fmt: skip


def rebuilt(catalog: Catalog) -> list[list[Any]]:
    """The vocabulary as a full rebuild makes it (rolled back: the catalogue stays as it was)."""
    store = catalog.store
    with store.transaction(rollback=True):
        search_index.refresh_vocabulary(store.db.conn)
        return vocabulary(catalog)


@pytest.fixture
def updates(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each update_vocabulary outcome (True: updated in place), recorded."""
    seen: list[bool] = []
    update = search_index.update_vocabulary

    def recording(conn: Any) -> bool:
        seen.append(update(conn))
        return seen[-1]

    monkeypatch.setattr(search_index, "update_vocabulary", recording)
    return seen


def test_each_change_updates_the_vocabulary_as_a_rebuild_would(
    tmp_path: Path, updates: list[bool]
) -> None:
    folder = tmp_path / "pdfs"
    make_pdf(folder / "a.pdf", ["The zebra crossing.", "Zebra again, okapi."], title="Animals")
    make_pdf(folder / "b.pdf", ["Custody suites and zebra."], title="Custody")
    with Catalog(str(tmp_path / "c.db")) as catalog:
        ingest(catalog, folder)  # the first run: a full rebuild (nothing tracked before it)
        assert vocabulary(catalog) == rebuilt(catalog)
        make_pdf(folder / "c.pdf", ["A quokka in custody."], title="Quokka")
        ingest(catalog, folder)  # added
        assert updates[-1] and vocabulary(catalog) == rebuilt(catalog)
        make_pdf(folder / "a.pdf", ["A giraffe instead."], title="Animals")
        ingest(catalog, folder)  # replaced: okapi goes, giraffe comes
        assert updates[-1] and vocabulary(catalog) == rebuilt(catalog)
        docs = catalog.store.db.execute("select docs from vocabulary where term = 'zebra'")
        assert docs.fetchone() == (1,)
        report = next(r for r in catalog.reports() if r.title == "Custody")
        catalog.tag(str(report.id), add=["intervention:cirv"])  # chunk 0 rewritten in place
        assert updates[-1] and vocabulary(catalog) == rebuilt(catalog)
        (folder / "b.pdf").unlink()
        ingest(catalog, folder, prune=True)  # pruned: its words that no other report has go
        assert updates[-1] and vocabulary(catalog) == rebuilt(catalog)
        assert catalog.search("custdy").corrections == {"custdy": "custody"}
        assert catalog.store.db.execute(
            "select count(*) from vocabulary where term = 'suites'").fetchone() == (0,)  # fmt: skip
        assert catalog.store.index_problems() == []


def test_a_large_change_rebuilds_instead(
    tmp_path: Path, updates: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_index, "INCREMENTAL_CHUNKS", 1)
    folder = tmp_path / "pdfs"
    make_pdf(folder / "a.pdf", ["Zebra."], title="One")
    with Catalog(str(tmp_path / "c.db")) as catalog:
        ingest(catalog, folder)
        for name in ("b", "c"):
            make_pdf(folder / f"{name}.pdf", [f"Okapi {name}."], title=name)
        ingest(catalog, folder)
        assert updates[-1] is False and vocabulary(catalog) == rebuilt(catalog)
        db = catalog.store.db
        assert db.execute("select count(*) from vocabulary_removed_docsize").fetchone() == (0,)
        assert search_index.setting(db.conn, search_index.VOCABULARY_TRACKED) == "1"  # again
        make_pdf(folder / "c.pdf", ["Okapi changed."], title="c")
        ingest(catalog, folder)  # one chunk: within an update again
        assert updates[-1] and vocabulary(catalog) == rebuilt(catalog)


def test_a_large_change_stops_tracking_until_the_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the point where the vocabulary will be rebuilt, the text of what is taken out is
    no longer kept (it would grow into an index of all of it)."""
    monkeypatch.setattr(search_index, "INCREMENTAL_CHUNKS", 1)
    folder = tmp_path / "pdfs"
    for name in "abc":
        make_pdf(folder / f"{name}.pdf", [f"Zebra {name}."], title=name)
    with Catalog(str(tmp_path / "c.db")) as catalog:
        ingest(catalog, folder)
        store = catalog.store
        with store.transaction():  # every page changes: every report out, then back in
            store.db.execute("update pages set text = text || ' okapi'")
        db = store.db
        assert search_index.setting(db.conn, search_index.VOCABULARY_TRACKED) == "0"
        assert db.execute("select count(*) from vocabulary_removed_docsize").fetchone() == (0,)
        assert db.execute("select count(*) from vocabulary_added").fetchone() == (0,)
        store.refresh_search()
        assert vocabulary(catalog) == rebuilt(catalog)
        assert search_index.setting(db.conn, search_index.VOCABULARY_TRACKED) == "1"
