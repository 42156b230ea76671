"""Open an SQLite file so that reading it never creates, changes or rolls back anything next to it.

`mode=ro` alone is not enough: on a WAL database SQLite creates `-wal` and `-shm` files beside it
(or fails in a read-only directory), and it updates an existing `-shm`. A WAL database whose log
is empty is opened `immutable=1` (nothing is written, nothing is locked); a database with
unfinished writes (a non-empty `-wal`, a hot `-journal`) is refused with a sentence that says what
to do, because reading it needs a write.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from privacy_inventory.errors import InventoryError

_WAL_VERSION = 2  # header bytes 18-19 (write/read format version) are 2 in WAL mode


def sqlite_uri(path: Path, source: str) -> str:
    """The `file:` URI to open `path` read-only without touching it or its side files."""
    resolved = path.resolve()
    base = f"file:{quote(str(resolved))}?mode=ro"
    journal = _side(resolved, "-journal")
    if _hot(journal):
        raise InventoryError(source, f"the database has an unfinished write journal ({journal.name}): reading it would mean rolling that write back. "
                             "Copy the database and that file somewhere writable and scan the copy, or open it once with its application first")
    if not _wal_mode(resolved):
        return base
    wal = _side(resolved, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise InventoryError(source, f"the database has changes not yet written into the file, in its write-ahead log ({wal.name}); reading them would "
                             "change files next to it. Copy the database with its -wal file somewhere writable and scan the copy, or close the application using it first")
    return base + "&immutable=1"


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _hot(journal: Path) -> bool:
    """A rollback journal with a live header: SQLite would roll it back (a write) before reading."""
    try:
        with journal.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return any(head)


def _wal_mode(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    return len(head) == 20 and head[18] == _WAL_VERSION and head[19] == _WAL_VERSION
