"""The benchmark scripts run end to end on a tiny corpus (no timings are checked here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def run_script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH / name), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_make_corpus_writes_and_verifies_a_small_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    first = run_script("make_corpus.py", "--small", "--out", str(corpus), "--verify", "3")
    assert first.returncode == 0, first.stderr
    manifest = json.loads((corpus / "manifest.json").read_text())
    assert (manifest["files"], manifest["pages"]) == (12, 120)
    assert manifest["files_written_this_run"] == 14
    pdfs = sorted(path.relative_to(corpus) for path in corpus.rglob("*.pdf"))
    assert len(pdfs) == 14
    assert [str(path) for path in pdfs if path.parts[0] == "long"] == [
        "long/long-report-10p.pdf",
        "long/long-report-40p.pdf",
    ]
    again = run_script("make_corpus.py", "--small", "--out", str(corpus), "--verify", "0")
    assert again.returncode == 0, again.stderr
    assert json.loads((corpus / "manifest.json").read_text())["files_written_this_run"] == 0


def test_make_corpus_refuses_to_mix_two_corpora(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    assert run_script("make_corpus.py", "--small", "--out", str(corpus)).returncode == 0
    other = run_script("make_corpus.py", "--small", "--seed", "7", "--out", str(corpus))
    assert other.returncode == 1
    assert "pass another --out" in other.stderr


def test_ingest_bench_runs_quickly_and_writes_its_figures(tmp_path: Path) -> None:
    results = tmp_path / "ingest.json"
    done = run_script("ingest.py", "--quick", "--json", str(results))
    assert done.returncode == 0, done.stderr
    figures = {figure["name"]: figure for figure in json.loads(results.read_text())["figures"]}
    assert figures["ingest / pypdf floor throughput"]["runs"]
    assert figures["re-ingest unchanged, 12 files, in process"]["target"] == 1.0
    assert figures["peak memory, ingest 40p PDF (RSS sum)"]["median"] > 0
    assert "ingest / pypdf floor throughput (ratio)" in done.stdout


def test_search_bench_runs_quickly_and_writes_its_figures(tmp_path: Path) -> None:
    results = tmp_path / "search.json"
    done = run_script("search.py", "--quick", "--json", str(results))
    assert done.returncode == 0, done.stderr
    payload = json.loads(results.read_text())
    classes = {row["class"]: row for row in payload["classes"]}
    assert len(classes) == 11
    assert all(row["queries"] == 3 for row in classes.values())
    assert classes["zero hits"]["zero_hits"] == 3
    figures = {figure["name"]: figure for figure in payload["figures"]}
    assert figures["common word: search p95"]["target"] == 50
    assert figures["`evalcatalog search` end to end"]["runs"]


def test_startup_bench_runs_and_writes_its_figures(shipped_copy: Path, tmp_path: Path) -> None:
    results = tmp_path / "startup.json"
    done = run_script("startup.py", "--runs", "1", "--db", str(shipped_copy), "--json",
                      str(results))  # fmt: skip
    assert done.returncode == 0, done.stderr
    figures = {figure["name"]: figure for figure in json.loads(results.read_text())["figures"]}
    assert sorted(figures) == sorted(
        f"{command} {kind}" for command in ("search", "list", "show", "--version")
        for kind in ("wall", "cpu")
    )  # fmt: skip
    assert figures["search wall"]["target"] == 0.15 and len(figures["search cpu"]["runs"]) == 1


def test_load_bench_runs_quickly_and_writes_its_figures(tmp_path: Path) -> None:
    results = tmp_path / "load.json"
    done = run_script("load.py", "--quick", "--systems", "evalcatalog", "--seconds", "1",
                      "--warmup", "0.5", "--clients", "1,2", "--fresh", "30",
                      "--json", str(results))  # fmt: skip
    assert done.returncode == 0, done.stderr
    runs = json.loads(results.read_text())["runs"]
    assert [(run["mode"], run["clients"]) for run in runs] == [
        ("pool", 1), ("pool", 2), ("fresh", 1), ("fresh", 2)
    ]  # fmt: skip
    assert all(run["requests"] > 0 and run["errors"] == 0 for run in runs)
