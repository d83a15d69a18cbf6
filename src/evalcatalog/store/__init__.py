"""The catalogue: one SQLite file over sqlite-utils. The only module that imports sqlite_utils.

Writes happen one report per `BEGIN IMMEDIATE` transaction in WAL mode, so a kill at any moment
leaves either the whole report or none of it, and concurrent writers queue on the busy timeout
instead of failing.
"""

from .database import Store
from .opening import (
    BUSY_TIMEOUT_MS,
    needs_upgrade,
    open_read_only,
    open_snapshot,
    open_store,
    upgrade_store,
)
from .records import (
    FileState,
    KnownFailure,
    KnownPath,
    ReportRecord,
    display_path,
    iso_from_ns,
    now_iso,
    path_key,
    report_from_row,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "FileState",
    "KnownFailure",
    "KnownPath",
    "ReportRecord",
    "Store",
    "display_path",
    "iso_from_ns",
    "needs_upgrade",
    "now_iso",
    "open_read_only",
    "open_snapshot",
    "open_store",
    "path_key",
    "report_from_row",
    "upgrade_store",
]
