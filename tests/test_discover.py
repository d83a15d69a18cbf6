"""discover.py: which files a walk takes, in what order, and what it passes over and why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evalcatalog.errors import UsageError
from evalcatalog.ingest.discover import INSIDE, OUTSIDE, Discovery, discover
from evalcatalog.store import FileState

BROKEN = "broken symlink or symlink loop"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    for name in (
        "b.pdf",
        "a.pdf",
        "C.PDF",
        "notes.txt",
        "z/inner.pdf",
        "m/deeper/d.pdf",
        "m/x.pdf",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"%PDF-1.4 " + name.encode())
    return root


def taken(found_files: list[FileState], root: Path) -> list[str]:
    return [os.path.relpath(state.path, root) for state in found_files]


def passed_over(found: Discovery, root: Path) -> list[tuple[str, str, str | None]]:
    return [
        (os.path.relpath(item.path, root), item.status, item.error) for item in found.passed_over
    ]


def test_files_in_name_order_then_folders_in_name_order(tree: Path) -> None:
    found = discover([str(tree)])
    assert taken(found.files, tree) == [
        "C.PDF", "a.pdf", "b.pdf", "m/x.pdf", "m/deeper/d.pdf", "z/inner.pdf"
    ]  # fmt: skip
    assert found.passed_over == []
    assert found.roots == [str(tree)]


def test_file_states_carry_size_and_mtime(tree: Path) -> None:
    (state,) = [s for s in discover([str(tree)]).files if s.path.endswith("a.pdf")]
    stat = (tree / "a.pdf").stat()
    assert (state.size_bytes, state.mtime_ns, state.sha256) == (
        stat.st_size,
        stat.st_mtime_ns,
        None,
    )


def test_a_file_given_by_name_is_taken_whatever_its_name(tree: Path) -> None:
    found = discover([str(tree / "notes.txt"), str(tree / "a.pdf")])
    assert taken(found.files, tree) == ["notes.txt", "a.pdf"]


def test_a_file_reached_twice_is_taken_once(tree: Path) -> None:
    found = discover([str(tree), str(tree / "a.pdf"), str(tree / "m")])
    assert sorted(taken(found.files, tree)) == [
        "C.PDF", "a.pdf", "b.pdf", "m/deeper/d.pdf", "m/x.pdf", "z/inner.pdf"
    ]  # fmt: skip


def test_a_missing_path_is_a_usage_error(tree: Path) -> None:
    with pytest.raises(UsageError) as caught:
        discover([str(tree), str(tree / "typo")])
    assert str(caught.value) == f"path not found: {tree / 'typo'}: check the spelling"
    assert caught.value.exit_code == 2


def test_symlinks_are_passed_over_unless_followed(tree: Path) -> None:
    (tree / "z" / "back-to-m").symlink_to(tree / "m", target_is_directory=True)
    (tree / "m" / "loop").symlink_to(tree / "m", target_is_directory=True)
    (tree / "self.pdf").symlink_to(tree / "self.pdf")
    (tree / "again.pdf").symlink_to(tree / "a.pdf")
    found = discover([str(tree)])
    files = ["C.PDF", "a.pdf", "b.pdf", "m/x.pdf", "m/deeper/d.pdf", "z/inner.pdf"]
    assert taken(found.files, tree) == files
    assert passed_over(found, tree) == [
        ("again.pdf", "skipped", INSIDE),
        ("self.pdf", "skipped", BROKEN),
        ("m/loop", "skipped", INSIDE),
        ("z/back-to-m", "skipped", INSIDE),
    ]
    followed = discover([str(tree)], follow_symlinks=True)  # each file once, under its own path
    assert sorted(taken(followed.files, tree)) == sorted(files)
    assert passed_over(followed, tree) == [("self.pdf", "skipped", BROKEN)]


def test_a_folder_linked_beside_itself_is_recorded_under_its_own_path(tmp_path: Path) -> None:
    """links/to-names -> ../names: the files are names/..., never links/to-names/..."""
    (tmp_path / "names").mkdir()
    (tmp_path / "names" / "n.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "to-names").symlink_to("../names", target_is_directory=True)
    for follow in (False, True):
        found = discover([str(tmp_path)], follow_symlinks=follow)
        assert taken(found.files, tmp_path) == ["names/n.pdf"]
    skipped = discover([str(tmp_path)]).passed_over
    assert [(o.path, o.error) for o in skipped] == [(str(tmp_path / "links/to-names"), INSIDE)]


def test_symlinks_outside_are_passed_over_with_a_reason(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.pdf").write_bytes(b"%PDF-1.4")
    (tree / "link.pdf").symlink_to(outside / "o.pdf")
    (tree / "linked-folder").symlink_to(outside, target_is_directory=True)
    (tree / "link.txt").symlink_to(outside / "o.pdf")  # not a PDF name, but said all the same
    found = discover([str(tree)])
    assert passed_over(found, tree) == [
        ("link.pdf", "skipped", OUTSIDE),
        ("link.txt", "skipped", OUTSIDE),
        ("linked-folder", "skipped", OUTSIDE),
    ]
    followed = discover([str(tree)], follow_symlinks=True)
    assert followed.passed_over == []
    # Outside the folder, a file is taken under the link's path (once: o.pdf by two links).
    assert "link.pdf" in taken(followed.files, tree)
    assert "linked-folder/o.pdf" not in taken(followed.files, tree)


def test_a_symlinked_root_is_walked(tree: Path, tmp_path: Path) -> None:
    alias = tmp_path / "alias"
    alias.symlink_to(tree, target_is_directory=True)
    found = discover([str(alias)])
    assert taken(found.files, alias)[:3] == ["C.PDF", "a.pdf", "b.pdf"]
    assert found.passed_over == []


def test_special_files_are_passed_over(tree: Path) -> None:
    os.mkfifo(tree / "pipe.pdf")
    os.mkfifo(tree / "pipe.txt")  # not a PDF name: not mentioned
    found = discover([str(tree)])
    assert passed_over(found, tree) == [("pipe.pdf", "skipped", "not a regular file")]
    explicit = discover([str(tree / "pipe.txt")])
    assert (explicit.files, passed_over(explicit, tree)) == (
        [], [("pipe.txt", "skipped", "not a regular file")]
    )  # fmt: skip


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_an_unreadable_folder_is_reported(tree: Path) -> None:
    (tree / "m").chmod(0)
    try:
        found = discover([str(tree)])
    finally:
        (tree / "m").chmod(0o755)
    assert passed_over(found, tree) == [("m", "failed", "cannot read folder: Permission denied")]


def test_a_nul_byte_in_a_path_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="holds a NUL byte: no file can be named so"):
        discover(["reports\x00.pdf"])
