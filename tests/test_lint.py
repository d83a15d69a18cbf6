"""The code stays ruff- and mypy-clean: a regression fails the suite, not just a reviewer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_lint() -> None:
    result = run(str(BIN / "ruff"), "check", "src", "tests", "bench", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run(str(BIN / "ruff"), "format", "--check", "src", "tests", "bench", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


MAX_FILE_LINES = 400  # issue 13: no file over 400 lines, no function over 40
MAX_FUNCTION_LINES = 40


def test_files_and_functions_stay_small() -> None:
    too_long = []
    for path in sorted((ROOT / "src" / "evalcatalog").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if (lines := len(source.splitlines())) > MAX_FILE_LINES:
            too_long.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    assert too_long == []


def test_migrations_call_no_live_code() -> None:
    """An old migration does what it did when it was written: it runs SQL frozen in it,
    frozen_sql.py or first_tables.py, never the live index code or Store methods."""
    store = ROOT / "src" / "evalcatalog" / "store"
    imported = set()
    for node in ast.walk(ast.parse((store / "migrations.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            imported |= {f"{'.' * node.level}{node.module or ''}:{a.name}" for a in node.names}
    assert imported == {".:first_tables", ".:frozen_sql", "..text:stems"}
