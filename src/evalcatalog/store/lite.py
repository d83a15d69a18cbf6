"""What a read-only Store needs of sqlite-utils' Database: the connection, `execute` and
`close`. Reading a catalogue (search, list, show, the web app) then never imports sqlite-utils,
which costs a command ~60 ms to start (it loads click, pluggy and dateutil): a third of the
start-up budget. Writes, migrations and FTS management keep the real Database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any


class LiteDatabase:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(parameters or ()))

    def close(self) -> None:
        self.conn.close()
