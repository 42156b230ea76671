"""The DPO's word in inventory/<org>/dpia.yaml: risk overrides, measures, residual risk, decisions, screening answers.

Keyed by stable risk keys so they persist across re-runs; an override whose risk no longer exists is stale.
Every validation problem is one `file:line` InventoryError.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from privacy_inventory.safe_files import present
from privacy_inventory.dpia.risks import Risk
from privacy_inventory.dpia.scales import risk_level
from privacy_inventory.dpia.screening import ASK, CRITERIA, MET, NOT_MET
from privacy_inventory.errors import InventoryError, checked
from privacy_inventory.yaml_io import FieldProblem, Locator, load_yaml_located, validation_errors

DPIA_FILE = "dpia.yaml"
Score = Annotated[int, Field(ge=1, le=4)]
Decision = Literal["accept", "mitigate", "avoid", "transfer"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Residual(_Strict):
    """Severity and likelihood once the measures are in place."""

    severity: Score
    likelihood: Score


class Review(_Strict):
    """Who reviewed, when and why: required on every override and answer."""

    reviewer: Annotated[str, Field(min_length=2)]
    date: dt.date
    reason: Annotated[str, Field(min_length=3)]


class RiskOverride(Review):
    """The DPO's view of one risk (by its stable key)."""

    risk: Annotated[str, Field(min_length=3)]
    severity: Score | None = None
    likelihood: Score | None = None
    measures: list[str] = Field(default_factory=list)
    residual: Residual | None = None
    decision: Decision | None = None
    owner: Annotated[str, Field(min_length=2)] | None = None  # who treats the risk
    due: dt.date | None = None  # by when

    @model_validator(mode="after")
    def _decided(self) -> "RiskOverride":
        if self.decision in ("accept", "mitigate") and self.residual is None:
            raise FieldProblem("residual", f"required when the decision is {self.decision!r}: the severity and likelihood left after the measures")
        if self.residual is not None and not (self.measures or self.decision):
            raise FieldProblem("measures", "a residual risk needs the measures (or decision) that bring it down")
        return self


class ScreeningAnswer(Review):
    """The DPO's answer to one WP248 criterion of one activity."""

    activity: Annotated[str, Field(min_length=1)]
    criterion: Literal[tuple(CRITERIA)]  # type: ignore[valid-type]
    answer: Literal["met", "not_met"]


class DpiaFile(_Strict):
    """The whole dpia.yaml."""

    risks: list[RiskOverride] = Field(default_factory=list)
    screening: list[ScreeningAnswer] = Field(default_factory=list)


@dataclass(frozen=True)
class Overrides:
    """Validated overrides with the line each came from (for stale reports)."""

    path: str
    data: DpiaFile
    lines: dict[str, int]  # risk key -> line

    @property
    def risks(self) -> list[RiskOverride]:
        return self.data.risks


@dataclass(frozen=True)
class StaleOverride:
    """An override whose risk is no longer in the register (fixed, renamed, or a typo)."""

    risk: str
    where: str
    reviewed: str


def check_overrides(path: Path) -> tuple[Overrides | None, list[InventoryError]]:
    """Validate dpia.yaml; a missing file is no overrides, every problem is listed at its line."""
    path = Path(path)
    if not present(path):
        return Overrides(str(path), DpiaFile(), {}), []
    try:
        data, locator = load_yaml_located(path, allow_empty=True)
    except InventoryError as exc:
        return None, [exc]
    if data is None:
        return Overrides(str(path), DpiaFile(), {}), []
    if not isinstance(data, dict):
        return None, [locator.error((), f"expected a mapping with 'risks' and/or 'screening', got {type(data).__name__}")]
    try:
        parsed = DpiaFile.model_validate(data)
    except ValidationError as exc:
        return None, validation_errors(exc, locator, DpiaFile)
    problems = _duplicates(parsed, locator)
    if problems:
        return None, problems
    lines = {o.risk: locator.line(("risks", i)) for i, o in enumerate(parsed.risks)}
    return Overrides(str(path), parsed, lines), []


def _duplicates(parsed: DpiaFile, locator: Locator) -> list[InventoryError]:
    out = []
    seen: dict[str, int] = {}
    for i, o in enumerate(parsed.risks):
        if o.risk in seen:
            out.append(locator.error(("risks", i, "risk"), f"risk {o.risk!r} is already overridden at risks[{seen[o.risk]}]"))
        seen.setdefault(o.risk, i)
    pairs: dict[tuple[str, str], int] = {}
    for i, a in enumerate(parsed.screening):
        if (a.activity, a.criterion) in pairs:
            out.append(locator.error(("screening", i, "criterion"), f"{a.activity}/{a.criterion} is already answered at screening[{pairs[(a.activity, a.criterion)]}]"))
        pairs.setdefault((a.activity, a.criterion), i)
    return out


def load_overrides(path: Path) -> Overrides:
    """Read and validate dpia.yaml; the first problem is raised as one `file:line` error."""
    return checked(*check_overrides(path))


def reviewed_text(review: Review) -> str:
    return f"by {review.reviewer} on {review.date.isoformat()}: {review.reason}"


def screening_answers(overrides: Overrides) -> dict[tuple[str, str], tuple[str, str]]:
    """(activity, criterion) -> (status, reviewed) for screening.screen()."""
    return {(a.activity, a.criterion): (MET if a.answer == "met" else NOT_MET, reviewed_text(a)) for a in overrides.data.screening}


def apply_overrides(risks: list[Risk], overrides: Overrides | None) -> tuple[list[Risk], list[StaleOverride]]:
    """Risks with the DPO's scores, measures, residual risk and decision applied (idempotent), and the stale overrides."""
    if overrides is None:
        return list(risks), []
    by_key = {o.risk: o for o in overrides.risks}
    out = []
    for risk in risks:
        o = by_key.get(risk.key)
        if o is None:
            out.append(risk)
            continue
        sev = o.severity or risk.computed_severity
        lik = o.likelihood or risk.computed_likelihood
        measures = sorted(set(risk.measures) | set(o.measures))
        res = o.residual
        out.append(replace(
            risk, severity=sev, likelihood=lik, level=risk_level(sev, lik), measures=measures,
            residual_severity=res.severity if res else None, residual_likelihood=res.likelihood if res else None,
            residual_level=risk_level(res.severity, res.likelihood) if res else "", decision=o.decision or "",
            owner=o.owner or risk.owner, due=o.due.isoformat() if o.due else risk.due,
            reviewed_by=o.reviewer, reviewed_on=o.date.isoformat(), review_reason=o.reason,
        ))
    keys = {r.key for r in risks}
    stale = [StaleOverride(o.risk, f"{overrides.path}:{overrides.lines.get(o.risk, 1)}", reviewed_text(o))
             for o in overrides.risks if o.risk not in keys]
    return out, sorted(stale, key=lambda s: s.risk)


def stale_screening(overrides: Overrides, activities: list[str]) -> list[str]:
    """Screening answers for activities that are no longer declared."""
    return sorted(f"{a.activity}/{a.criterion}" for a in overrides.data.screening if a.activity not in activities)


def dump_overrides(data: DpiaFile) -> str:
    """dpia.yaml text for these overrides, sorted by key: writing what was read gives the same file content."""
    plain = data.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    plain["risks"] = sorted(plain.get("risks", []), key=lambda o: o["risk"])
    plain["screening"] = sorted(plain.get("screening", []), key=lambda a: (a["activity"], a["criterion"]))
    return yaml.safe_dump({k: v for k, v in plain.items() if v}, sort_keys=False, allow_unicode=True, width=110)


def save_overrides(data: DpiaFile, path: Path) -> Path:
    """Write dpia.yaml (e.g. after the DPO records a decision in the notebook)."""
    path = Path(path)
    try:
        path.write_text(dump_overrides(data), encoding="utf-8")
    except OSError as exc:
        raise InventoryError(str(path), f"cannot write overrides ({exc.strerror or exc})") from None
    return path


__all__ = ["ASK", "DPIA_FILE", "DpiaFile", "Overrides", "Residual", "RiskOverride", "ScreeningAnswer", "StaleOverride",
           "apply_overrides", "check_overrides", "dump_overrides", "load_overrides", "save_overrides", "screening_answers", "stale_screening"]
