"""Guard an output directory before anything is written: never an input, never someone else's folder, one run at a time.

`run` replaces its output directory as a whole (atomic swap), so an output that is, contains or lies
inside an input would delete the organisation's own files. `scan` and `diff` only write their own file
names, but the same rule keeps a later scan from reading its own outputs back as input.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from privacy_inventory.errors import InventoryError

MANIFEST = "manifest.json"
STAGE_MARK = ".privacy-inventory-stage"


def _real(path: Path) -> Path:
    """The absolute path with links and `..` resolved (a missing tail is kept as written)."""
    try:
        return Path(os.path.abspath(path)).resolve(strict=False)
    except (OSError, RuntimeError):  # a symbolic link loop: compare the path as written
        return Path(os.path.abspath(path))


def check_not_input(out: Path, inputs: Iterable[tuple[str, Path]], option: str = "--out") -> None:
    """Refuse an output that is an input, lies inside one, or contains one (each input named with its option)."""
    target = _real(out)
    for what, given in inputs:
        real = _real(given)
        if target == real:
            raise InventoryError(str(out), f"{option} is the same path as {what} ({given}); choose a separate output directory")
        if target.is_relative_to(real):
            raise InventoryError(str(out), f"{option} lies inside {what} ({given}); choose a directory outside the inputs")
        if real.is_relative_to(target):
            raise InventoryError(str(out), f"{option} contains {what} ({given}); choose a directory that holds no input")


def check_target(out: Path, *, replaces: bool, option: str = "--out") -> None:
    """An output must be a directory; one that `run` replaces whole must be empty or an earlier assessment."""
    if out.is_symlink() and not out.exists():
        raise InventoryError(str(out), f"{option} is a broken symbolic link; give a directory")
    if replaces and out.is_symlink():
        raise InventoryError(str(out), f"{option} is a symbolic link; the run replaces its output whole, so give the real directory")
    if out.exists() and not out.is_dir():
        raise InventoryError(str(out), f"{option} is an existing file, not a directory; nothing was written")
    if replaces and out.is_dir() and not is_assessment(out) and any(out.iterdir()):
        raise InventoryError(str(out), f"{option} is an existing directory that is not an assessment (no {MANIFEST}); "
                                       "it would be replaced, so give a new or empty directory")


def is_assessment(path: Path) -> bool:
    """An assessment directory written by `run` (it has a manifest.json naming this tool)."""
    manifest = path / MANIFEST
    try:
        return manifest.is_file() and '"privacy-inventory"' in manifest.read_text(encoding="utf-8", errors="replace")[:100_000]
    except OSError:
        return False


def check_scratch(path: Path, option: str = "--out") -> None:
    """A staging (`.partial`) or backup (`.old`) directory next to the output may be removed only if this tool made it."""
    if not (path.exists() or path.is_symlink()):
        return
    ours = (path / STAGE_MARK).is_file() or is_assessment(path) or (path / "notebooks" / "01_scan.ipynb").is_file()
    if path.is_symlink() or not path.is_dir() or not ours:
        raise InventoryError(str(path), f"is in the way of {option} and was not written by privacy-inventory; move it away")


@contextlib.contextmanager
def output_lock(out: Path, option: str = "--out") -> Iterator[Path]:
    """Hold an exclusive lock on `.<name>.lock` beside the output; a second run into it refuses at once.

    flock is released by the kernel when the process ends, however it ends, so a crash never leaves it locked.
    """
    target = _real(out)
    lock_path = target.with_name(f".{target.name}.lock")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise InventoryError(str(out), f"output directory is not writable ({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InventoryError(str(out), f"another privacy-inventory process is writing to this {option} right now; wait for it or choose another directory") from None
        yield lock_path
    finally:
        os.close(fd)


def sqlite_files(databases: Sequence[str]) -> list[Path]:
    """The files of the SQLite databases among `--db` arguments (a `file:` URI's path too)."""
    from privacy_inventory.scan.estate import parse_sources

    files = []
    for spec in parse_sources(databases) if databases else []:
        db = spec.url.database or ""
        if spec.dialect != "sqlite" or not db or db == ":memory:":
            continue
        if db.startswith("file:"):
            db = db[5:].split("?", 1)[0]
            if db.startswith("//"):
                db = db[2:]
        files.append(Path(db))
    return files


def config_paths(configs: Sequence[str]) -> list[Path]:
    """The paths of `--config [APP=]PATH` arguments."""
    from privacy_inventory.scan.estate import group_config_paths

    return [p for paths in group_config_paths(list(configs)).values() for p in paths]


def guard_output(out: Path, inputs: Iterable[tuple[str, Path]], *, replaces: bool, option: str = "--out") -> None:
    """Every check before a command writes anything: not an input, a directory, and (for `run`) replaceable."""
    check_not_input(out, inputs, option)
    check_target(out, replaces=replaces, option=option)


def check_replaceable_demo(path: Path, tables: Iterable[str]) -> None:
    """`demo --out FILE` replaces FILE: allowed only for a new path or an earlier demo database (all its tables there)."""
    if not (path.exists() or path.is_symlink()):
        return
    if path.is_symlink() or not path.is_file():
        raise InventoryError(str(path), "--out exists and is not a regular file; give a new file path")
    import sqlite3

    try:
        with path.open("rb") as fh:
            is_sqlite = fh.read(16) == b"SQLite format 3\x00"
        found: set[str] = set()
        if is_sqlite:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                found = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            finally:
                conn.close()
    except (OSError, sqlite3.Error):
        found = set()
    if not set(tables) <= found or not found:
        raise InventoryError(str(path), "--out is an existing file that is not a demo database; it would be replaced, so give a new file path")
