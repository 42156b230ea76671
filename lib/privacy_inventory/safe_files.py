"""Open an input file only when it is a regular file, so a named pipe or device can never block a run.

Every reader of user files (declarations, overrides, dpia.yaml, config files, the privacy policy,
lexicons) goes through read_regular: it opens without blocking, checks what the path really is,
and names the path in one line when it is not a regular file.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

from privacy_inventory.errors import InventoryError

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def present(path: str | os.PathLike[str]) -> bool:
    """Something is at this path (a file, a folder, a pipe, or a symbolic link even when it dangles)."""
    return os.path.lexists(path)


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder (directory)"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: str | os.PathLike[str], shown: str, what: str = "file", max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file; a missing path, dangling link, pipe, device or folder is one InventoryError."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        if p.is_symlink():
            raise InventoryError(shown, f"is a dangling symbolic link (its target {os.readlink(p)} does not exist); expected a {what}") from None
        raise InventoryError(shown, f"{what} not found") from None
    except PermissionError:
        raise InventoryError(shown, f"cannot read {what} (permission denied)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InventoryError(shown, f"symbolic link loop; expected a {what}") from None
        if exc.errno == errno.EISDIR:
            raise InventoryError(shown, f"is a folder (directory); expected a {what}") from None
        raise InventoryError(shown, f"cannot read {what} ({exc.strerror or type(exc).__name__})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InventoryError(shown, f"is {_kind(info.st_mode)}, not a regular file; expected a {what} (nothing was read)")
        if max_bytes is not None and info.st_size > max_bytes:
            raise InventoryError(shown, f"{what} is {info.st_size} bytes, over the {max_bytes // (1024 * 1024) or 1} MB limit")
        chunks: list[bytes] = []
        total = 0
        limit = (max_bytes + 1) if max_bytes is not None else None
        while True:
            chunk = os.read(fd, 1 << 20 if limit is None else min(1 << 20, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if limit is not None and total >= limit:
                break
        return b"".join(chunks)
    except OSError as exc:
        raise InventoryError(shown, f"cannot read {what} ({exc.strerror or type(exc).__name__})") from None
    finally:
        os.close(fd)


def decode_bom(raw: bytes, shown: str) -> str | None:
    """Text of a file that starts with a UTF-8/16/32 byte-order mark, or None when it has none (caller decides)."""
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise InventoryError(shown, f"starts with a {name} byte-order mark but is not valid {name} text (byte {exc.start})") from None
    return None
