"""Commands that only read never write: not into a catalogue, nor an unrelated SQLite file, nor an
empty file (store/opening.py's open_read_only). Each leaves the file byte-identical and no -wal
or -shm file behind that was not there before."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import Result
from sqlite_utils import Database

from evalcatalog import Catalog
from evalcatalog.errors import CatalogError
from evalcatalog.store.migrations import KNOWN_MIGRATIONS, migrations

READ_COMMANDS = [
    ["list"], ["search", "knife"], ["show", "1"], ["stats"], ["export", "--format", "csv"],
    ["check"], ["taxonomy"], ["tag", "1"],
]  # fmt: skip
IDS = [command[0] for command in READ_COMMANDS]


def state(path: Path) -> tuple[str, list[str]]:
    """The file's sha256, and the names of the files beside it."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, sorted(p.name for p in path.parent.iterdir())


def run_on(run_cli: Callable[..., Result], path: Path, command: Sequence[str | Path]) -> Result:
    before = state(path)
    result = run_cli(*command, "--db", path)
    assert state(path) == before, command
    return result


def unrelated(folder: Path) -> Path:
    path = folder / "notes.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table notes (body text)")
    conn.close()
    return path


@pytest.mark.parametrize("command", READ_COMMANDS, ids=IDS)
def test_an_unrelated_sqlite_file_is_refused(
    run_cli: Callable[..., Result], tmp_path: Path, command: list[str]
) -> None:
    path = unrelated(tmp_path)
    result = run_on(run_cli, path, command)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {path} is not an evalcatalog catalogue (it holds notes): pass another --db\n"
    )


@pytest.mark.parametrize("command", READ_COMMANDS, ids=IDS)
def test_an_empty_file_is_refused(
    run_cli: Callable[..., Result], tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    result = run_on(run_cli, path, command)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: no catalogue at {path} yet (the file is empty): run `evalcatalog ingest` first, "
        "or pass --db\n"
    )


@pytest.mark.parametrize("command", READ_COMMANDS, ids=IDS)
def test_a_catalogue_is_read_and_left_as_it_was(
    run_cli: Callable[..., Result], shipped_copy: Path, command: list[str]
) -> None:
    result = run_on(run_cli, shipped_copy, command)
    assert result.exit_code == 0, result.stderr
    assert result.stdout and not result.stderr


def test_a_missing_catalogue_is_not_created(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "nothing.db"
    result = run_cli("list", "--db", path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: no catalogue at {path}: run `evalcatalog ingest` first, or pass --db\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_writing_commands_refuse_an_unrelated_sqlite_file_too(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = unrelated(tmp_path)
    folder = tmp_path / "pdfs"
    folder.mkdir()
    commands: list[list[str | Path]] = [
        ["ingest", folder],
        ["upgrade"],
        ["tag", "1", "--add", "type:full"],
    ]
    for command in commands:
        result = run_on(run_cli, path, command)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {path} is not an evalcatalog catalogue"), command


def older_catalogue(path: Path) -> Path:
    """An empty catalogue at `path` made by the version before the newest migration."""
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before=KNOWN_MIGRATIONS[-1])
    db.close()
    return path


def test_an_older_catalogue_says_to_upgrade_and_upgrade_does(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = older_catalogue(tmp_path / "old.db")
    result = run_on(run_cli, path, ["list"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {path} was made by an older evalcatalog (schema before {KNOWN_MIGRATIONS[-1]}): "
        "run `evalcatalog upgrade` (or `evalcatalog ingest`) first\n"
    )
    upgraded = run_cli("upgrade", "--db", path).stdout
    assert upgraded == f"Upgraded {path}: 1 schema changes ({KNOWN_MIGRATIONS[-1]})\n"
    assert run_cli("upgrade", "--db", path).stdout == f"{path} is up to date\n"
    assert run_cli("list", "--db", path).exit_code == 0


def test_a_catalogue_in_use_keeps_its_wal_files(shipped_copy: Path) -> None:
    """A writer holds the catalogue open: the reader's close must leave its -wal and -shm."""
    with Catalog(str(shipped_copy)) as writer:
        writer.store.set_setting("probe", "1")  # the writer's connection is open and in WAL
        with Catalog(str(shipped_copy), read_only=True) as reader:
            assert len(reader.reports()) == 19
        assert (shipped_copy.parent / "shipped.db-wal").exists()
        assert writer.store.get_setting("probe") == "1"
    assert not (shipped_copy.parent / "shipped.db-wal").exists()


def test_the_api_refuses_writes_on_a_read_only_catalogue(shipped_copy: Path) -> None:
    catalog = Catalog(str(shipped_copy), read_only=True)
    with catalog, pytest.raises(sqlite3.OperationalError, match="readonly"):
        catalog.store.set_setting("x", "1")
    with pytest.raises(CatalogError, match="no catalogue at"):
        Catalog(str(shipped_copy.parent / "none.db"), read_only=True).reports()
