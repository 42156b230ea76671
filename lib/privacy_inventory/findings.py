"""One shape for anything a stage wants a DPO to act on, so the report and the DPIA can merge them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Finding:
    """Something to act on: stable `key` (for overrides and diffs), counts only, never a raw value."""

    key: str
    kind: str
    severity: str  # high | medium | low
    title: str
    detail: str
    subjects: list[str] = field(default_factory=list)  # names of what it is about: tables, recipients, categories
    count: int | None = None
    source: str = ""  # the stage that raised it, e.g. "datamap"

    def __post_init__(self) -> None:
        """Refuse a severity the report cannot sort."""
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}, not {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready form with sorted subjects."""
        data = asdict(self)
        data["subjects"] = sorted(self.subjects)
        return data


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then by key: the order a DPO reads them in, identical across runs."""
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.kind, f.key))
