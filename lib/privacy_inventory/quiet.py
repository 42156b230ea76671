"""Library warnings (SQLAlchemy, database drivers) go to the log as one masked line, never to the console with source lines."""

from __future__ import annotations

import logging
import warnings
from typing import Any

log = logging.getLogger("privacy_inventory.scan")
_LIBRARIES = ("sqlalchemy", "psycopg", "psycopg2", "pymysql", "MySQLdb", "mariadb", "pyodbc", "oracledb")
_installed = False


def _from_library(category: type[Warning], filename: str) -> bool:
    """A warning raised by the database stack (its class or the file that raised it belongs to a driver or SQLAlchemy)."""
    module = getattr(category, "__module__", "") or ""
    path = filename.replace("\\", "/")
    return module.split(".")[0] in _LIBRARIES or any(f"/{name}/" in path for name in _LIBRARIES)


def route_library_warnings() -> None:
    """Send database-library warnings to the `privacy_inventory.scan` log (shown with --debug); others are untouched.

    Installed once per process (the command line, each scan worker, each notebook kernel); a warning such as
    "Did not recognize type 'x' of column 'y'" is about the schema, not an action for the DPO, so it is logged
    as one line without the library's source line.
    """
    global _installed
    if _installed:
        return
    original = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: Any = None, line: str | None = None) -> None:
        if _from_library(category, filename):
            from privacy_inventory.masking import scrub

            log.info("%s: %s", category.__name__, scrub(" ".join(str(message).split()))[:500])
            return
        original(message, category, filename, lineno, file, line)

    warnings.showwarning = show
    _installed = True
