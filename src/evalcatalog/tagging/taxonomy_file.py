"""A taxonomy file as read: its TOML data, kept with its text so that an error can name the
line it is on (tomllib gives the line of a syntax error; for a schema error, such as an unknown
key or a bad regex, we find the line of the offending key)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, NoReturn

from ..errors import TaxonomyError


class SourceFile:
    """A parsed taxonomy file, kept with its text so an error can name the line."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.path, self.text, self.data = path, text, data
        self.shipped = False  # the package's own file (taxonomy.load_taxonomy says)
        self.lines = text.splitlines()

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise TaxonomyError(f"cannot read taxonomy {path}: {reason}") from exc
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message, line = toml_error(str(exc), text)
            raise TaxonomyError(f"{path}, line {line}: {message} (not valid TOML)") from exc
        return cls(path, text, data)

    def fail(
        self,
        what: str,
        section: str | None = None,
        index: int = 0,
        key: str | None = None,
        value: Any = None,
    ) -> NoReturn:
        line = self.find_line(section, index, key, value)
        where = f"line {line}" if line else "(line not found)"
        raise TaxonomyError(f"{self.path}, {where}: {what}")

    def find_line(self, section: str | None, index: int, key: str | None, value: Any) -> int | None:
        """The line of `key` (holding `value`) in the index-th [[section]], or the best guess."""
        start, end = 0, len(self.lines)
        if section is not None:
            header = re.compile(rf"\s*\[\[\s*{re.escape(section)}\s*\]\]")
            starts = [i for i, line in enumerate(self.lines) if header.match(line)]
            if index < len(starts):
                start = starts[index]
                later = [
                    i
                    for i in range(start + 1, end)
                    if self.lines[i].lstrip().startswith("[")
                    and not self.lines[i].lstrip().startswith("[{")
                ]
                end = later[0] if later else end
        name = re.escape(key or "")
        key_re = re.compile(rf"(^|[\s{{,]){name}\s*=|^\s*\[+\s*{name}\s*\]") if key else None
        texts = value_texts(value)
        for wanted in ("both", "value", "key"):
            for i in range(start, end):
                has_key = bool(key_re and key_re.search(self.lines[i]))
                has_value = any(text in self.lines[i] for text in texts)
                if {"both": has_key and has_value, "value": has_value, "key": has_key}[wanted]:
                    return i + 1
        return start + 1 if section is not None and start < len(self.lines) else None


def toml_error(message: str, text: str) -> tuple[str, str]:
    """tomllib's message without its position, and the line it names."""
    found = re.match(r"(.*) \(at line (\d+), column \d+\)$", message)
    if found:
        return found[1], found[2]
    if message.endswith(" (at end of document)"):
        return message.removesuffix(" (at end of document)"), str(len(text.splitlines()) or 1)
    return message, "?"


def value_texts(value: Any) -> list[str]:
    """How a value may be written in the file, to find its line."""
    if value is None or isinstance(value, bool | dict | list):
        return []
    text = str(value)
    return [item for item in {text, text.replace("\\", "\\\\"), text.replace('"', '\\"')} if item]
