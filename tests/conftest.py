from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import Result

from evalcatalog import Catalog
from evalcatalog.cli import load_commands

if TYPE_CHECKING:
    from release_site import Site

    from evalcatalog import IngestResult

load_commands()  # every command registered, for the tests that read cli.commands

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def isolated_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches ./catalog.db: the default catalogue lives in the test's temp folder."""
    db = tmp_path / "catalog.db"
    monkeypatch.setenv("EVALCATALOG_DB", str(db))
    monkeypatch.delenv("EVALCATALOG_DEBUG", raising=False)
    return db


@pytest.fixture(scope="session")
def shipped_ingest(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IngestResult]:
    """reports/ catalogued once per test session (one job, so ids follow file-name order),
    with what the ingest said. Never write to it: `shipped_db` (a module's) or `shipped_copy`
    (a test's) are copies."""
    from evalcatalog import Catalog, IngestOptions

    db = tmp_path_factory.mktemp("shipped") / "catalog.db"
    with Catalog(str(db)) as catalog:
        result = catalog.ingest([str(REPORTS)], IngestOptions(jobs=1))
    return db, result


@pytest.fixture(scope="session")
def shipped_catalogue(shipped_ingest: tuple[Path, IngestResult]) -> Path:
    """The session's catalogue of reports/: only read it."""
    return shipped_ingest[0]


@pytest.fixture(scope="session")
def corpus_catalogue(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, IngestResult, float]:
    """../shared/corpus (read in place) catalogued once per session with the default engine:
    (the catalogue, the ingest's result, its seconds). The corpus tests of ingest and of
    structure share it. Never write to it: copy it first."""
    from evalcatalog import Catalog, IngestOptions
    from evalcatalog.extract.engines import DEFAULT_ENGINE

    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    started = time.monotonic()
    with Catalog(str(db)) as catalog:
        options = IngestOptions(jobs=2, timeout=60, engine=DEFAULT_ENGINE)
        result = catalog.ingest([str(CORPUS)], options)
    return db, result, time.monotonic() - started


@pytest.fixture(scope="module")
def shipped_db(shipped_catalogue: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the session's catalogue of reports/ for one test module: what each module
    used to build by ingesting reports/ itself (seconds each), in milliseconds."""
    copy = tmp_path_factory.mktemp("shipped-copy") / "catalog.db"
    shutil.copyfile(shipped_catalogue, copy)
    return str(copy)


@pytest.fixture
def shipped_copy(shipped_catalogue: Path, tmp_path: Path) -> Path:
    """A copy of the session's catalogue of reports/ that a test may change."""
    copy = tmp_path / "shipped.db"
    shutil.copyfile(shipped_catalogue, copy)
    return copy


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """`run_cli("list", "--db", path)`: the command run in-process with CliRunner, stdout and
    stderr apart (result.stdout, result.stderr)."""
    from clirun import invoke

    return invoke


# the release-page tests' fixtures: a release site on 127.0.0.1, an empty catalogue


@pytest.fixture
def site() -> Iterator[Site]:
    from release_site import serve  # it reads this file's REPORTS: imported once both exist

    yield from serve()


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with Catalog(str(tmp_path / "catalog.db")) as opened:
        yield opened
