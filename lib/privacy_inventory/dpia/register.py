"""The risk register: derived risks with the DPO's overrides applied, sorted for reading, exported as CSV/XLSX rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from privacy_inventory.declarations import Declarations
from privacy_inventory.dpia.fact_model import Facts
from privacy_inventory.dpia.overrides import Overrides, StaleOverride, apply_overrides
from privacy_inventory.dpia.risks import Risk, RiskThresholds, derive_risks
from privacy_inventory.dpia.scales import level_rank
from privacy_inventory.errors import InventoryError
from privacy_inventory.findings import Finding
from privacy_inventory.models import Inventory

COLUMNS = ("key", "level", "severity", "likelihood", "kind", "scope", "title", "feared_event", "count", "evidence", "factors",
           "measures", "owner", "due", "decision", "residual_severity", "residual_likelihood", "residual_level", "reviewed_by", "reviewed_on",
           "review_reason", "computed_severity", "computed_likelihood")
_FINDING_SEVERITY = {"very high": "high", "high": "high", "medium": "medium", "low": "low"}


@dataclass
class Register:
    """Risks (most serious first, then by key) and the overrides that no longer match a risk."""

    risks: list[Risk]
    stale: list[StaleOverride] = field(default_factory=list)
    reference_date: str = ""

    def risk(self, key: str) -> Risk | None:
        return next((r for r in self.risks if r.key == key), None)


def sort_risks(risks: list[Risk]) -> list[Risk]:
    """By level (very high first), then severity (harm), then how many rows or people it concerns, then key."""
    return sorted(risks, key=lambda r: (level_rank(r.level), -r.severity, -(r.count or 0), r.key))


def build_register(inventory: Inventory, declarations: Declarations, facts: Facts | None = None, overrides: Overrides | None = None,
                   thresholds: RiskThresholds = RiskThresholds()) -> Register:
    """Derive every risk, apply the DPO's overrides, report stale ones; the same inputs give the same register."""
    risks, stale = apply_overrides(derive_risks(inventory, declarations, facts, thresholds), overrides)
    return Register(sort_risks(risks), stale, facts.reference_date if facts else "")


def register_rows(register: Register) -> list[dict[str, str]]:
    """One flat row per risk, in register order, lists joined with '; ' (CSV and XLSX)."""
    rows = []
    for r in register.risks:
        row = {}
        for col in COLUMNS:
            value = getattr(r, col)
            row[col] = "; ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        rows.append(row)
    return rows


def register_csv(register: Register) -> str:
    """The register as CSV text (Unix newlines)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(register_rows(register))
    return buf.getvalue()


def register_sheet(register: Register):  # noqa: ANN201 - report.xlsx.Sheet, imported lazily
    """The register as one sheet for report.xlsx (stale overrides follow in their own sheet when any)."""
    from privacy_inventory.report.xlsx import Sheet

    rows = register_rows(register)
    return Sheet("Risk register", list(COLUMNS), [[row[c] for c in COLUMNS] for row in rows])


def write_register(register: Register, out_dir: Path) -> list[Path]:
    """Write dpia_register.csv and dpia_register.xlsx into out_dir; same register, same bytes."""
    from privacy_inventory.report.xlsx import Sheet, write_xlsx

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        csv_path = out / "dpia_register.csv"
        csv_path.write_text(register_csv(register), encoding="utf-8", newline="")
    except OSError as exc:
        raise InventoryError(str(out), f"cannot write the register ({exc.strerror or exc})") from None
    sheets = [register_sheet(register)]
    if register.stale:
        sheets.append(Sheet("Stale overrides", ["risk", "where", "reviewed"], [[s.risk, s.where, s.reviewed] for s in register.stale]))
    return [csv_path, write_xlsx(out / "dpia_register.xlsx", sheets)]


def register_findings(register: Register) -> list[Finding]:
    """Risks of level medium or above, plus stale overrides, as Findings for the report (counts only)."""
    out = [Finding(key=f"dpia.{r.key}", kind=r.kind, severity=_FINDING_SEVERITY[r.level], title=r.title,
                   detail=r.description, subjects=[r.scope], count=r.count, source="dpia")
           for r in register.risks if r.level != "low"]
    out += [Finding(key=f"dpia.stale-override.{s.risk}", kind="stale_override", severity="low", title=f"Override for {s.risk} is stale",
                    detail=f"{s.where}: no such risk any more (reviewed {s.reviewed}); remove or re-key it.", subjects=[s.risk], source="dpia")
            for s in register.stale]
    return out
