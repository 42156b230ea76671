"""The system's headless Chromium: where it is and the flags it runs with (the Debian package; never downloaded)."""

from __future__ import annotations

import os
import shutil

CHROMIUM_PATHS = ("/usr/bin/chromium",)
CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer")


def find_chromium() -> str | None:
    """The system's Chromium (Debian package), or None: this tool never downloads a browser."""
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return next((found for found in (shutil.which(name) for name in CHROMIUM_NAMES) if found), None)
