"""Walk the given paths for PDF files. Only regular files are taken; a symlink (to a file or a
folder) is followed only with --follow-symlinks, and a file reached twice is taken once, under
its real path. Every file or link passed over is reported with a reason, never silently."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field

from ..errors import UsageError
from ..models import FileOutcome
from ..store import FileState, display_path

OUTSIDE = "symlink leads outside the given folders (use --follow-symlinks)"
INSIDE = "symlink not followed: what it leads to is taken under its own path (--follow-symlinks)"


@dataclass
class Discovery:
    files: list[FileState] = field(default_factory=list)
    passed_over: list[FileOutcome] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)  # absolute: the scope for "missing"


def is_pdf_name(name: str) -> bool:
    return name.lower().endswith(".pdf")


def check_paths(paths: list[str]) -> None:
    """A misspelt path is bad usage, found before anything is opened or written."""
    for path in paths:
        if "\x00" in path:
            raise UsageError(
                f"path {display_path(path)!r} holds a NUL byte: no file can be named so"
            )
        if not os.path.lexists(path):
            raise UsageError(f"path not found: {display_path(path)}: check the spelling")


def discover(paths: list[str], follow_symlinks: bool = False) -> Discovery:
    check_paths(paths)
    walker = _Walker(follow_symlinks, [os.path.realpath(path) for path in paths])
    for path in paths:
        absolute = os.path.abspath(path)
        walker.found.roots.append(absolute)
        if os.path.isdir(absolute):
            walker.walk(absolute)
        else:
            walker.take_file(absolute, explicit=True)
    return walker.found


def os_error_reason(exc: OSError, what: str) -> str:
    """A path over PATH_MAX (deep folders) gets a reason saying so and what to do about it."""
    if exc.errno == errno.ENAMETOOLONG:
        limit = os.pathconf("/", "PC_PATH_MAX")
        return f"path too long for the system ({limit} bytes at most): move it nearer the root"
    return f"{what}: {exc.strerror or exc}"


class _Walker:
    def __init__(self, follow_symlinks: bool, real_roots: list[str]) -> None:
        self.follow_symlinks = follow_symlinks
        self.real_roots = real_roots
        self.found = Discovery()
        self.seen_dirs: set[tuple[int, int]] = set()
        self.seen_files: set[str] = set()

    def pass_over(self, path: str, status: str, reason: str) -> None:
        self.found.passed_over.append(FileOutcome(display_path(path), status, error=reason))

    def inside_roots(self, path: str) -> bool:
        real = os.path.realpath(path)
        return any(real == root or real.startswith(root + os.sep) for root in self.real_roots)

    def walk(self, folder: str) -> None:
        stack = [folder]
        while stack:
            current = stack.pop()
            try:
                info = os.stat(current)
                if (info.st_dev, info.st_ino) in self.seen_dirs:
                    continue  # a loop, or a folder reached twice through links
                self.seen_dirs.add((info.st_dev, info.st_ino))
                with os.scandir(current) as entries:
                    children = sorted(entries, key=lambda entry: entry.name)
            except OSError as exc:
                self.pass_over(current, "failed", os_error_reason(exc, "cannot read folder"))
                continue
            folders: list[str] = []
            for entry in children:
                self.visit(entry, folders)
            stack.extend(reversed(folders))  # files in name order, then folders in name order

    def visit(self, entry: os.DirEntry[str], folders: list[str]) -> None:
        try:
            if entry.is_symlink():
                if self.symlink_allowed(entry.path):
                    self.follow(entry.path, folders)
                return
            if entry.is_dir():
                folders.append(entry.path)
            elif is_pdf_name(entry.name):
                self.take_file(entry.path, explicit=False)
        except OSError as exc:
            self.pass_over(entry.path, "failed", os_error_reason(exc, "cannot read"))

    def symlink_allowed(self, path: str) -> bool:
        if not os.path.exists(path):
            self.pass_over(path, "skipped", "broken symlink or symlink loop")
            return False
        if self.follow_symlinks:
            return True
        if self.inside_roots(path):
            self.pass_over(path, "skipped", INSIDE)
        else:
            self.pass_over(path, "skipped", OUTSIDE)
        return False

    def follow(self, link: str, folders: list[str]) -> None:
        """Into what a link leads to: under its real path when that is inside the given folders
        (the walk reaches it there too), else under the link's path (outside, it is only
        reached through the link, and goes missing with it)."""
        target = os.path.realpath(link)
        path = target if self.inside_roots(target) else link
        if os.path.isdir(target):
            folders.append(path)
        elif is_pdf_name(link) or is_pdf_name(target):
            self.take_file(path, explicit=False)

    def take_file(self, path: str, explicit: bool) -> None:
        real = os.path.realpath(path)
        if real in self.seen_files:
            return  # reached before: through a link, or as a path given twice
        self.seen_files.add(real)
        try:
            info = os.stat(path)
        except OSError as exc:
            self.pass_over(path, "failed", os_error_reason(exc, "cannot read"))
            return
        if not stat.S_ISREG(info.st_mode):
            if explicit or is_pdf_name(path):
                self.pass_over(path, "skipped", "not a regular file")
            return
        self.found.files.append(FileState(path, info.st_size, info.st_mtime_ns))
