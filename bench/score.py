"""Score a tool's column verdicts against an estate's truth: personal-or-not precision/recall, and category accuracy."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Score:
    """Counts and ratios of one comparison; category figures are None for tools that do not name categories."""

    scored_columns: int
    true_personal: int
    tp: int
    fp: int
    fn: int
    tn: int
    precision: float
    recall: float
    f1: float
    category_exact: float | None = None
    category_compatible: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        text = (f"detection: precision {self.precision:.3f} recall {self.recall:.3f} f1 {self.f1:.3f} "
                f"(tp {self.tp} fp {self.fp} fn {self.fn} tn {self.tn} of {self.scored_columns} columns)")
        if self.category_exact is not None:
            text += (f"\ncategory: exact {self.category_exact:.3f} compatible {self.category_compatible:.3f} "
                     f"(of {self.true_personal} truly personal columns)")
        return text


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def compatible(found: str | None, truth: str | None) -> bool:
    """Same category, or one is an ancestor of the other in fideslang's dotted hierarchy."""
    if not found or not truth:
        return False
    return found == truth or found.startswith(truth + ".") or truth.startswith(found + ".")


def score(truth: dict[str, str | None], found: dict[str, Any], categories: bool = True) -> Score:
    """`found` maps `table.column` to a category (or any truthy PII label); a missing column counts as not personal."""
    tp = fp = fn = tn = exact = compat = 0
    for key in sorted(truth):
        expected, got = truth[key], found.get(key)
        if expected and got:
            tp += 1
        elif got:
            fp += 1
        elif expected:
            fn += 1
        else:
            tn += 1
        if expected and categories:
            exact += int(got == expected)
            compat += int(compatible(got, expected))
    positives = tp + fn
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, positives)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return Score(
        scored_columns=len(truth), true_personal=positives, tp=tp, fp=fp, fn=fn, tn=tn,
        precision=precision, recall=recall, f1=f1,
        category_exact=_ratio(exact, positives) if categories else None,
        category_compatible=_ratio(compat, positives) if categories else None,
    )


def found_by_scan(source_scan: Any) -> dict[str, str | None]:
    """`table.column` -> category from our scanner's SourceScan."""
    return {f"{t.name}.{c.name}": c.category for t in source_scan.tables for c in t.columns}
