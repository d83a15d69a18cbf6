"""Page text stored compressed (schema m013, store/page_text.py): what is read back is what was
read from the PDF, what the indexes hold is unchanged, and an older catalogue upgrades and
compacts without re-indexing a page."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from catalog_state import rows
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database

from evalcatalog import Catalog
from evalcatalog.store.migrations import migrations
from evalcatalog.store.page_text import PACK_FROM, pack, page_body, register, unpack

REPORTS = Path(__file__).resolve().parent.parent / "reports"
QUERIES = ("stalking", "knife crime", '"domestic abuse"', "mentoring", "cost", "polise")


@given(st.text())
def test_what_is_packed_unpacks_to_the_same_text(text: str) -> None:
    stored = pack(text)
    assert unpack(stored) == text
    assert isinstance(stored, str) == (len(text) < PACK_FROM or len(stored) >= len(text))


def test_long_text_is_packed_short_text_is_not() -> None:
    page = "Evaluation of the Divert programme: custody navigators. " * 20
    assert isinstance(pack(page), bytes) and len(pack(page)) < len(page) / 3
    assert pack("p. 3") == "p. 3" and pack("") == ""
    assert unpack(None) == ""


@given(st.text(min_size=0, max_size=400), st.integers(0, 450), st.integers(0, 450))
def test_page_body_is_sqlites_substr_whether_packed_or_not(text: str, head: int, tail: int) -> None:
    """The body of a packed row must be what m007's substr made of the plain row: FTS5 deletes
    a page from its index with the text it was given."""
    conn = sqlite3.connect(":memory:")
    substr = "select substr(?1, ?2 + 1, length(?1) - ?2 - ?3)"
    expected = conn.execute(substr, [text, head, tail]).fetchone()[0]
    assert page_body(text, head, tail) == expected
    assert page_body(pack(text), head, tail) == expected


def test_pages_are_stored_packed_and_read_back_verbatim(shipped_db: str, tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    shutil.copy(shipped_db, db)
    kinds = dict(rows(db, "select typeof(text), count(*) from pages group by 1"))
    assert kinds["blob"] >= 500  # all but the few short pages
    stored = rows(db, "select sum(length(text)), sum(length(page_text(text))) from pages")[0]
    assert stored[0] < stored[1] / 1.8  # bytes kept against characters read
    with Catalog(str(db), read_only=True) as catalog:
        report = catalog.reports()[0]
        pages = catalog.pages(report.id)
        plain = rows(db, "select page_text(text) from pages where report_id = ? order by page_no",
                     (report.id,))  # fmt: skip
        assert [page.text for page in pages] == [text for (text,) in plain]
        assert "stalking" in pages_text(catalog, "stalking")
        assert catalog.store.index_problems() == []


def pages_text(catalog: Catalog, query: str) -> str:
    hit = catalog.search(query).hits[0]
    return " ".join(page.snippet for page in hit.pages).lower()


def make_m012_catalogue(source: Path, path: Path) -> None:
    """`source`'s reports in a catalogue at m012, its pages plain as that version stored them."""
    conn = sqlite3.connect(path)
    register(conn)
    db = Database(conn)
    migrations.apply(db, stop_before="m013_page_text_packed")
    db.execute("attach database ? as source", [str(source)])
    for table in ("reports", "report_paths", "pages", "report_versions", "tags", "report_tags",
                  "sections"):  # fmt: skip
        columns = [c for c in db.table(table).columns_dict if c != "body"]
        chosen = ", ".join("page_text(text)" if c == "text" else c for c in columns)
        db.execute(f"delete from main.{table}")
        db.execute(f"insert into main.{table} ({', '.join(columns)}) "
                   f"select {chosen} from source.{table}")  # fmt: skip
    db.conn.commit()
    db.execute("detach database source")
    db.close()


def outcome(catalog: Catalog, query: str) -> tuple[object, ...]:
    result = catalog.search(query, limit=20)
    hits = [(h.report_id, h.score, [(p.page, p.snippet) for p in h.pages]) for h in result.hits]
    return result.total, result.corrections, hits


@pytest.mark.timeout(300)
def test_an_m012_catalogue_upgrades_then_compacts_with_the_same_answers(
    shipped_db: str, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    make_m012_catalogue(Path(shipped_db), old)
    assert rows(old, "select count(*) from pages where typeof(text) = 'blob'") == [(0,)]
    bodies = rows(old, "select id, body from pages order by id")
    with Catalog(str(old)) as catalog:  # opening it writable applies m013
        catalog.rebuild_index()  # both indexes and the vocabulary, from the plain pages
        before = {query: outcome(catalog, query) for query in QUERIES}
        catalog.compact()
    assert rows(old, "select count(*) from pages where typeof(text) = 'text'") == [(3,)]
    assert rows(old, "select id, body from pages order by id") == bodies
    with Catalog(str(old), read_only=True) as catalog:
        assert {query: outcome(catalog, query) for query in QUERIES} == before
        assert all(before[query][0] for query in QUERIES)  # each finds something
        assert catalog.store.index_problems() == []


def test_ingest_packs_in_the_workers_and_the_parent_never_inflates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent, which every page passes through, neither compresses nor decompresses: the
    workers pack each page, and the parent's triggers and report index read the text it was
    sent (page_text.RECENT) instead of inflating it three times."""
    import zlib

    from evalcatalog import IngestOptions
    from evalcatalog.store import page_text  # its zlib is the module patched here

    calls: list[str] = []  # the parent's: a forked worker appends to its own copy

    def counted(name: str, real: Callable[..., bytes]) -> Callable[..., bytes]:
        def call(*args: object) -> bytes:
            calls.append(name)
            return real(*args)

        return call

    monkeypatch.setattr(zlib, "compress", counted("compress", zlib.compress))
    monkeypatch.setattr(zlib, "decompress", counted("decompress", zlib.decompress))
    pdfs = sorted(REPORTS.glob("*.pdf"))[:3]
    with Catalog(str(tmp_path / "catalog.db")) as catalog:
        result = catalog.ingest([str(pdf) for pdf in pdfs], IngestOptions(jobs=2))
        assert result.count("added") == 3
        assert calls == []
        assert page_text.RECENT == {}  # forgotten when each transaction ended
        assert "police" in pages_text(catalog, "police")  # read back from the file: inflated
        assert "decompress" in calls
    stored = rows(tmp_path / "catalog.db", "select count(*) from pages where typeof(text) = 'blob'")
    assert stored[0][0] > 0


def damage_a_page(db: Path) -> tuple[int, int]:
    """Overwrite one packed page with bytes that do not inflate, as a damaged disk might (the
    store's own functions refuse to write it: SQLite computes `body` on every update)."""
    conn = sqlite3.connect(db)
    conn.create_function("page_body", 3, lambda *args: "", deterministic=True)
    triggers = conn.execute(
        "select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'pages'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'drop trigger "{name}"')
    [(rowid, report_id, number)] = conn.execute(
        "select id, report_id, page_no from pages where typeof(text) = 'blob' limit 1 offset 40"
    ).fetchall()
    conn.execute("update pages set text = x'78010203040506' where id = ?", [rowid])
    for _, sql in triggers:
        conn.execute(sql)
    conn.commit()
    conn.close()
    return report_id, number


def test_a_damaged_page_is_named_by_check_and_reads_as_empty(shipped_copy: Path) -> None:
    from click.testing import CliRunner

    from evalcatalog.cli import cli

    report_id, number = damage_a_page(shipped_copy)
    result = CliRunner().invoke(cli, ["check", "--db", str(shipped_copy)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0] == "1 problem:"
    assert f"page {number}: its stored text is damaged" in result.output
    assert "ingest --force" in result.output
    with Catalog(str(shipped_copy), read_only=True) as catalog:
        assert catalog.pages(report_id)[number - 1].text == ""
        assert catalog.search("police").total > 0  # searching past it still works
