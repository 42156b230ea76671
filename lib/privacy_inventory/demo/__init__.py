"""Demo organisations to try the inventory on without touching real personal data."""

from __future__ import annotations

from typing import Any

__all__ = ["DemoSummary", "build_imvbox"]


def __getattr__(name: str) -> Any:
    """Import lazily so `python -m privacy_inventory.demo.imvbox` does not load the module twice."""
    if name in __all__:
        from privacy_inventory.demo import imvbox

        return getattr(imvbox, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
