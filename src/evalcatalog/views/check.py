"""`check`: is the catalogue in step with the disk, and is it sound? Read-only."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field

from ..store import Store, display_path


@dataclass
class Problem:
    kind: str  # missing, changed, new, index, integrity, consistency
    detail: str
    path: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass
class CheckReport:
    reports: int = 0
    pages: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    # PDFs beside catalogued ones that no ingest has seen: news, not a fault (ok stays true)
    new_files: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, object]:
        return {"ok": self.ok, **asdict(self)}


def check_catalog(store: Store) -> CheckReport:
    result = CheckReport()
    result.reports, result.pages = store.counts()
    check_files(store, result)
    check_new_files(store, result)
    for detail in store.index_problems():
        result.problems.append(Problem("index", detail))
    for detail in store.consistency_problems():
        result.problems.append(Problem("consistency", detail))
    for detail in store.damaged_pages():
        result.problems.append(Problem("integrity", detail))
    for line in store.integrity_check():
        if line != "ok":
            result.problems.append(Problem("integrity", line))
    return result


def check_files(store: Store, result: CheckReport) -> None:
    """Every catalogued path still there, with the size and modification time ingest saw."""
    for key, path, size_bytes, mtime_ns in store.path_rows():
        result.files += 1
        try:
            info = os.stat(os.fsdecode(key))
        except OSError:
            result.problems.append(Problem("missing", "not on disk (ingest --prune)", path))
            continue
        if (info.st_size, info.st_mtime_ns) != (size_bytes, mtime_ns):
            result.problems.append(Problem("changed", "changed since ingest (ingest)", path))


def check_new_files(store: Store, result: CheckReport) -> None:
    """PDFs beside catalogued ones that no ingest has seen yet (one listing per folder)."""
    known = {key for key, *_ in store.path_rows()}
    known.update(store.known_failures())
    folders = sorted({os.path.dirname(key) for key in known})
    for folder in folders:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.path in known or not entry.name.lower().endswith(b".pdf"):
                continue
            if is_regular_file(entry):
                path = display_path(os.fsdecode(entry.path))
                result.new_files.append(Problem("new", "not in the catalogue yet (ingest)", path))


def is_regular_file(entry: os.DirEntry[bytes]) -> bool:
    """Links are not followed, as ingest does not follow them by default (a loop raises)."""
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False
