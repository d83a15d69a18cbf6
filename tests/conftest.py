from __future__ import annotations

from pathlib import Path

import pytest

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
