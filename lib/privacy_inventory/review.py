"""The DPO's classification review in inventory/<org>/overrides.yaml, so every later run honours it.

Each decision names one column (source, optional schema, table, column) and accepts, rejects or
changes the classifier's category, with who, when and why. A decision whose column is gone is
stale: reported, never dropped silently. Every validation problem is one `file:line` InventoryError.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, Literal

import yaml
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from privacy_inventory.safe_files import present
from privacy_inventory.errors import InventoryError, checked
from privacy_inventory.masking import scrub
from privacy_inventory.models import ColumnScan, Inventory, SourceScan, TableScan
from privacy_inventory.yaml_io import FieldProblem, Locator, load_yaml_located, validation_errors

REVIEW_FILE = "overrides.yaml"
STALE_FILE = "stale-review.json"
CATEGORIES = frozenset(c.fides_key for c in DEFAULT_TAXONOMY.data_category)
CREDENTIALS = "user.authorization.credentials"

HEADER = """\
# Classification review: the DPO's decisions on the scanner's column categories.
# Every run (notebook 01_scan, `privacy-inventory run`) applies them after the scan.
#
# One entry per column, sorted by source, schema, table, column:
#   source:   database source name as scanned (e.g. {source})
#   schema:   optional; needed when the same table name exists in several schemas
#   table:    table name;  column: column name
#   decision: accept (the classifier is right) | reject (not personal data) | change (use `category`)
#   category: fideslang data category key, required for `change` (optional for `accept`:
#             the category you accepted, so a later change by the classifier is reported)
#   reason:   why (required);  reviewer: who;  date: YYYY-MM-DD
# A decision whose source, table or column no longer exists is reported as stale
# (<out>/scan/stale-review.json); fix or remove it here.
# Record one from Python:
#   from privacy_inventory.review import record_decision
#   record_decision("{inventory}", "{source}", "<table>", "<column>", "change",
#                   category="user.contact.phone_number", reason="holds phone numbers", reviewer="DPO")
"""


def review_header(inventory_dir: str | os.PathLike[str] | None = None, source: str | None = None) -> str:
    """The file's header, its example naming this organisation's inventory directory and source, never the demo's."""
    inventory = Path(inventory_dir).as_posix() if inventory_dir else "<inventory directory>"
    return HEADER.replace("{inventory}", inventory).replace("{source}", source or "<source>")


def _category(value: str) -> str:
    """Only fideslang data category keys, with a did-you-mean hint for typos."""
    if value not in CATEGORIES:
        close = difflib.get_close_matches(value, sorted(CATEGORIES), n=1, cutoff=0.75)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see fideslang DEFAULT_TAXONOMY.data_category)"
        raise ValueError(f"{value!r} is not a fideslang data category{hint}")
    return value


Name = Annotated[str, Field(min_length=1)]


class Decision(BaseModel):
    """One reviewed column: what the DPO decided about the classifier's category, by whom, when and why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True, frozen=True)

    source: Name
    db_schema: Name | None = Field(default=None, alias="schema")
    table: Name
    column: Name
    decision: Literal["accept", "reject", "change"]
    category: Annotated[str, AfterValidator(_category)] | None = None
    reason: Annotated[str, Field(min_length=3)]
    reviewer: Annotated[str, Field(min_length=2)]
    date: dt.date

    @model_validator(mode="after")
    def _category_fits_decision(self) -> "Decision":
        if self.decision == "change" and self.category is None:
            raise FieldProblem("category", "required when the decision is 'change': the fideslang data category the column holds")
        if self.decision == "reject" and self.category is not None:
            raise FieldProblem("category", "not allowed when the decision is 'reject' (the column holds no personal data)")
        return self

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The column this decision is about (its identity in the file)."""
        return (self.source, self.db_schema or "", self.table, self.column)

    @property
    def where(self) -> str:
        """`source.schema.table.column` for messages."""
        return ".".join(p for p in (self.source, self.db_schema, self.table, self.column) if p)

    def reviewed(self) -> str:
        """`reviewed by X on D: reason`, the text added to a column's evidence."""
        return f"reviewed by {self.reviewer} on {self.date.isoformat()}: {scrub(self.reason)}"


class Review(BaseModel):
    """A validated overrides.yaml: its decisions (sorted by column) and the line each came from."""

    path: str = ""
    decisions: list[Decision] = Field(default_factory=list)
    lines: dict[str, int] = Field(default_factory=dict)  # Decision.where -> line in the file

    def origin(self, decision: Decision) -> str:
        """`file:line` of a decision (for stale reports), project-relative so reports carry no machine path."""
        from privacy_inventory.paths import project_root

        try:
            shown = Path(self.path).resolve().relative_to(project_root()).as_posix()
        except ValueError:
            shown = self.path
        return f"{shown}:{self.lines.get(decision.where, 1)}"


@dataclass(frozen=True)
class StaleDecision:
    """A decision that could not be applied this run (column, table or source gone, or the category moved)."""

    source: str
    schema: str | None
    table: str
    column: str
    decision: str
    why: str
    where: str
    reviewed: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# Field names as written in the file (the alias `schema`), for "unknown field" hints.
_FILE_FIELDS = SimpleNamespace(model_fields={f.alias or n: f for n, f in Decision.model_fields.items()})


def check_review(path: Path) -> tuple[Review | None, list[InventoryError]]:
    """Validate an overrides.yaml; every problem is listed at its line (an empty file is no decisions)."""
    data, locator = load_yaml_located(path, allow_empty=True)
    if data is None:
        return Review(path=str(path)), []
    if not isinstance(data, list):
        return None, [locator.error((), f"expected a list of decisions (- source: ... table: ... column: ...), got {type(data).__name__}")]
    problems: list[InventoryError] = []
    decisions: list[Decision] = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            problems.append(locator.error((i,), f"expected a decision (a mapping), got {type(item).__name__}"))
            continue
        try:
            decisions.append(Decision.model_validate(item))
        except ValidationError as exc:
            problems.extend(validation_errors(exc, locator, _FILE_FIELDS, base=(i,)))
    if not problems:
        problems = _duplicates(decisions, locator)
    if problems:
        return None, sorted(problems, key=lambda e: (_line(e.source), e.message))
    lines = {d.where: locator.line((i,)) for i, d in enumerate(decisions)}
    return Review(path=str(path), decisions=sorted(decisions, key=lambda d: d.key), lines=lines), []


def _line(source: str) -> int:
    tail = source.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0


def _duplicates(decisions: list[Decision], locator: Locator) -> list[InventoryError]:
    """A column decided twice is a mistake the DPO must resolve (which one holds?)."""
    seen: dict[tuple[str, str, str, str], int] = {}
    out = []
    for i, d in enumerate(decisions):
        if d.key in seen:
            out.append(locator.error((i, "column"), f"{d.where} is already decided at line {locator.line((seen[d.key],))}"))
        seen.setdefault(d.key, i)
    return out


def load_review(path: str | os.PathLike[str]) -> Review:
    """Read and validate overrides.yaml; the first problem is raised as one `file:line` error."""
    return checked(*check_review(Path(path)))


def apply_review(inventory: Inventory, review: Review) -> tuple[Inventory, list[StaleDecision]]:
    """A copy of the inventory with every decision applied, and the decisions that no longer fit (sorted)."""
    out = copy.deepcopy(inventory)
    sources = {s.name: s for s in out.sources}
    stale: list[StaleDecision] = []
    for d in review.decisions:
        column, why = _find(sources, d)
        if column is None:
            stale.append(_stale(review, d, why))
            continue
        if any(f.startswith("reviewed:") for f in column.flags):
            continue  # already reviewed (the inventory was loaded after a review): applying is idempotent
        if d.decision == "accept" and d.category is not None and column.category != d.category:
            now = column.category or "not personal data"
            stale.append(_stale(review, d, f"accepted {d.category}, but the classifier now says {now}: review again"))
            continue
        _decide(column, d)
    return out, sorted(stale, key=lambda s: (s.source, s.schema or "", s.table, s.column))


def _stale(review: Review, d: Decision, why: str) -> StaleDecision:
    return StaleDecision(d.source, d.db_schema, d.table, d.column, d.decision, why, review.origin(d), d.reviewed())


def _find(sources: dict[str, SourceScan], d: Decision) -> tuple[ColumnScan | None, str]:
    """The column a decision names, or why it cannot be found."""
    src = sources.get(d.source)
    if src is None:
        known = ", ".join(sorted(sources)) or "none"
        return None, f"source {d.source!r} was not scanned this run (sources: {known})"
    if src.status == "failed":
        return None, f"source {d.source!r} could not be scanned this run"
    tables = [t for t in src.tables if t.name == d.table and (d.db_schema is None or t.schema == d.db_schema)]
    if not tables:
        place = f"{d.db_schema}.{d.table}" if d.db_schema else d.table
        return None, f"table {place!r} no longer exists in source {d.source!r}"
    if len(tables) > 1:
        schemas = ", ".join(sorted(t.schema or "" for t in tables))
        return None, f"table {d.table!r} exists in several schemas ({schemas}): add `schema:` to the decision"
    table: TableScan = tables[0]
    if table.error:
        return None, f"table {table.qualified_name!r} could not be read this run"
    for col in table.columns:
        if col.name == d.column:
            return col, ""
    return None, f"column {d.column!r} no longer exists in table {table.qualified_name!r}"


def _decide(col: ColumnScan, d: Decision) -> None:
    """Apply one decision to its column in place (the copy made by apply_review)."""
    if d.decision == "accept":
        col.evidence = f"{col.evidence}; {d.reviewed()}"
    elif d.decision == "reject":
        said = f"classifier said {col.category} ({col.confidence:.2f}): {col.evidence}" if col.category else f"as the classifier found: {col.evidence}"
        col.evidence = f"not personal data, {said}; {d.reviewed()}"
        col.category, col.confidence = None, 1.0
        col.flags = []  # not personal: no special-category, children or password flag holds
    else:
        said = f"classifier said {col.category or 'not personal'} ({col.confidence:.2f}): {col.evidence}"
        col.evidence = f"set to {d.category}: {said}; {d.reviewed()}"
        col.category, col.confidence = d.category, 1.0
        col.flags = _flags_after_change(col, d.category or "")
    col.flags = sorted(set(col.flags) | {f"reviewed:{d.decision}"})


def _flags_after_change(col: ColumnScan, category: str) -> list[str]:
    """Keep flags backed by the values; drop those that only came with the classifier's old category."""
    kept = []
    for flag in col.flags:
        if flag.startswith("special:") and f"special_{flag.split(':', 1)[1]}_values" not in col.facts:
            continue
        if flag == "plaintext_password" and not category.startswith(CREDENTIALS):
            continue
        kept.append(flag)
    return kept


def review_path(inventory_dir: str | os.PathLike[str] = "") -> Path:
    """Where an organisation's review lives (a relative directory is under the project root, as in the notebooks)."""
    from privacy_inventory.paths import inventory_path

    return inventory_path(inventory_dir) / REVIEW_FILE


def review_if_any(inventory_dir: str | os.PathLike[str] = "") -> Review | None:
    """The organisation's validated overrides.yaml, or None when there is none (load before scanning: fail fast)."""
    path = review_path(inventory_dir)
    return load_review(path) if present(path) else None


def honour_review(inventory: Inventory, review: Review | None, scan_dir: Path) -> tuple[Inventory, list[StaleDecision]]:
    """Apply the review (if any) and write scan_dir/stale-review.json (an empty list when nothing is stale)."""
    stale: list[StaleDecision] = []
    if review is not None:
        inventory, stale = apply_review(inventory, review)
    write_stale(stale, scan_dir)
    return inventory, stale


def write_stale(stale: list[StaleDecision], scan_dir: Path) -> Path:
    """scan/stale-review.json: sorted, indented, stable bytes."""
    import json

    scan_dir = Path(scan_dir)
    scan_dir.mkdir(parents=True, exist_ok=True)
    path = scan_dir / STALE_FILE
    path.write_text(json.dumps([s.to_dict() for s in stale], indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def record_decision(inventory_dir: str | os.PathLike[str], source: str, table: str, column: str, decision: str, reason: str,
                    reviewer: str, category: str | None = None, schema: str | None = None, date: dt.date | str | None = None) -> Path:
    """Add or replace (same source/schema/table/column) one decision in overrides.yaml, sorted, with its header."""
    path = review_path(inventory_dir)
    raw = {"source": source, "schema": schema, "table": table, "column": column, "decision": decision, "category": category,
           "reason": reason, "reviewer": reviewer, "date": date or dt.date.today()}
    try:
        new = Decision.model_validate({k: v for k, v in raw.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"] if isinstance(p, str) and "[" not in p) or "decision"
        original = (first.get("ctx") or {}).get("error")
        message = original.message if isinstance(original, FieldProblem) else str(original or first["msg"])
        raise InventoryError(f"record_decision({field})", message) from None
    existing = load_review(path).decisions if present(path) else []
    decisions = sorted([d for d in existing if d.key != new.key] + [new], key=lambda d: d.key)
    _write_atomic(path, dump_review(decisions, inventory_dir))
    return path


def dump_review(decisions: list[Decision], inventory_dir: str | os.PathLike[str] | None = None) -> str:
    """overrides.yaml text: the header, then one block per decision, fields in a fixed order."""
    blocks = []
    for d in sorted(decisions, key=lambda d: d.key):
        entry = d.model_dump(by_alias=True, exclude_none=True)
        blocks.append(yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=110))
    first = min(decisions, key=lambda d: d.key).source if decisions else None
    return review_header(inventory_dir, first) + "\n" + ("\n".join(blocks) if blocks else "[]\n")


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, so a crash never leaves half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".overrides-", suffix=".yaml", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise InventoryError(str(path), f"cannot write the review file ({exc.strerror or exc})") from None


def review_status(inventory_dir: str = "", out_dir: str = "") -> Any:
    """The review decisions with what became of each this run (applied, or stale and why), for notebook 01."""
    import json

    import pandas as pd

    from privacy_inventory.paths import layout_for

    path = review_path(inventory_dir)
    columns = ["source", "table", "column", "decision", "category", "reviewer", "date", "reason", "status"]
    if not present(path):
        return pd.DataFrame({"result": [f"no review decisions yet ({path.parent.name}/{REVIEW_FILE} not found in the inventory directory)"]})
    review = load_review(path)
    stale_file = layout_for(out_dir).scan / STALE_FILE
    stale = {(s["source"], s["schema"] or "", s["table"], s["column"]): s["why"]
             for s in (json.loads(stale_file.read_text(encoding="utf-8")) if stale_file.exists() else [])}
    rows = [{"source": d.source, "table": f"{d.db_schema}.{d.table}" if d.db_schema else d.table, "column": d.column,
             "decision": d.decision, "category": d.category or "", "reviewer": d.reviewer, "date": d.date.isoformat(),
             "reason": scrub(d.reason), "status": f"STALE: {stale[d.key]}" if d.key in stale else "applied"}
            for d in review.decisions]
    if not rows:
        return pd.DataFrame({"result": [f"no review decisions yet ({REVIEW_FILE} is empty)"]})
    return pd.DataFrame(rows, columns=columns)
