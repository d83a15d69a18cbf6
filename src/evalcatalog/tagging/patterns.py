"""A taxonomy rule's regular expressions, compiled when first used (taxonomy.py makes them)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

IGNORECASE = 2  # regex.IGNORECASE, named without importing regex (a search compiles none)


class Patterns(Sequence[Any]):
    """A rule's regular expressions, compiled on first use: loading a taxonomy to resolve
    names (every search and listing does) then compiles none of its ~150 phrase patterns,
    half of `list`'s own work. A user's regex is compiled at load all the same, so a bad one
    is still reported with its file and line before any work starts."""

    __slots__ = ("_compiled", "flags", "sources")

    def __init__(
        self, sources: tuple[str, ...], flags: int, compiled: tuple[Any, ...] | None = None
    ) -> None:
        self.sources, self.flags, self._compiled = sources, flags, compiled

    def compiled(self) -> tuple[Any, ...]:
        if self._compiled is None:
            import regex  # ~8 ms: only when a rule is first matched or a user's regex checked

            self._compiled = tuple(regex.compile(source, self.flags) for source in self.sources)
        return self._compiled

    def __getitem__(self, index: Any) -> Any:
        return self.compiled()[index]

    def __len__(self) -> int:
        return len(self.sources)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.compiled())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Patterns) and (self.sources, self.flags) == (
            other.sources, other.flags)  # fmt: skip

    def __hash__(self) -> int:
        return hash((self.sources, self.flags))

    def __reduce__(self) -> tuple[type[Patterns], tuple[tuple[str, ...], int]]:
        return Patterns, (self.sources, self.flags)  # workers compile their own
