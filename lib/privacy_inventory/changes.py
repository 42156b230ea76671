"""What changed between two assessments, so a DPO follows up on the differences instead of rereading everything.

Pure comparisons of the files each run wrote (scan/inventory.json, data-map/data-map.json,
dpia/dpia_register.csv and the findings files); names, categories, levels and keys only, never a value.
An area whose file one of the two assessments lacks is listed as not compared, never as "all removed".
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from privacy_inventory.errors import InventoryError
from privacy_inventory.findings import SEVERITIES
from privacy_inventory.models import Inventory, SourceScan, TableScan

AREAS = ("sources", "tables", "columns", "categories", "recipients", "transfers", "risks", "findings")
CHANGE_ORDER = ("added", "opened", "raised", "changed", "reclassified", "lowered", "removed", "closed")
CSV_COLUMNS = ("area", "change", "subject", "old", "new")
NONE = "(none)"
INVENTORY = "scan/inventory.json"
DATA_MAP = "data-map/data-map.json"
REGISTER = "dpia/dpia_register.csv"
FINDING_FILES = ("data-map/findings.json", "ropa/findings.json", "dpia/findings.json")
GAPS = "policy/gaps.json"


@dataclass(frozen=True)
class Change:
    """One difference: what area, what happened, to what, and the value before and after (labels only)."""

    area: str
    change: str  # added | removed | changed | reclassified | raised | lowered | opened | closed
    subject: str
    old: str = ""
    new: str = ""
    title: str = ""  # readable name of a risk or finding whose subject is its key

    def line(self) -> str:
        """One readable line: `risks  raised  retention:x: medium -> high (Data kept ...)`; one value when only one side has it."""
        values = f": {self.old} -> {self.new}" if (self.old and self.new) else (f": {self.old or self.new}" if self.old or self.new else "")
        title = f" ({self.title})" if self.title else ""
        return f"{self.area:<10} {self.change:<12} {self.subject}{values}{title}"


@dataclass
class Changes:
    """Every change between an older and a newer assessment, by area, each list sorted."""

    old: str
    new: str
    sources: list[Change] = field(default_factory=list)
    tables: list[Change] = field(default_factory=list)
    columns: list[Change] = field(default_factory=list)
    categories: list[Change] = field(default_factory=list)
    recipients: list[Change] = field(default_factory=list)
    transfers: list[Change] = field(default_factory=list)
    risks: list[Change] = field(default_factory=list)
    findings: list[Change] = field(default_factory=list)
    not_compared: list[str] = field(default_factory=list)  # areas one assessment has no file for, with why

    @property
    def is_empty(self) -> bool:
        """True when nothing compared differs (areas not compared do not count as changes)."""
        return not any(self.area(a) for a in AREAS)

    def area(self, name: str) -> list[Change]:
        """The changes of one area (see AREAS)."""
        if name not in AREAS:
            raise ValueError(f"unknown area {name!r}; one of {', '.join(AREAS)}")
        return getattr(self, name)

    def all(self) -> list[Change]:
        """Every change, area by area in AREAS order."""
        return [c for a in AREAS for c in self.area(a)]

    def summary(self) -> dict[str, int]:
        """How many changes each area has, zeros included, in AREAS order."""
        return {a: len(self.area(a)) for a in AREAS}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form: labels, summary, areas not compared, and every change."""
        return {"old": self.old, "new": self.new, "summary": self.summary(), "not_compared": list(self.not_compared),
                "changes": [asdict(c) for c in self.all()]}


def _sorted(changes: list[Change]) -> list[Change]:
    """A stable reading order: by kind of change, then by subject."""
    return sorted(changes, key=lambda c: (CHANGE_ORDER.index(c.change), c.subject, c.old, c.new, c.title))


def assessment_dir(path: str | Path) -> Path:
    """The directory itself, or InventoryError when it is not an assessment (no scan/inventory.json)."""
    root = Path(path)
    if not (root / INVENTORY).is_file():
        raise InventoryError(str(path), "not an assessment directory (no scan/inventory.json)")
    return root


def _read_json(root: Path, rel: str) -> Any | None:
    """A JSON file of the assessment, or None when it is absent; unreadable JSON is bad input."""
    path = root / rel
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise InventoryError(str(path), "not a readable JSON file (nested too deeply)") from None
    except (OSError, ValueError) as exc:
        raise InventoryError(str(path), f"not a readable JSON file ({type(exc).__name__})") from None


def _read_register(root: Path) -> dict[str, dict[str, str]] | None:
    """The risk register as {risk key: row}, or None when the DPIA stage did not run."""
    path = root / REGISTER
    if not path.is_file():
        return None
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InventoryError(str(path), f"not a readable CSV file ({type(exc).__name__})") from None
    if rows and not {"key", "level"} <= set(rows[0]):
        raise InventoryError(str(path), "not a risk register (needs the columns key and level)")
    return {r["key"]: {"level": r.get("level") or "", "title": r.get("title") or ""} for r in rows if r.get("key")}


def _finding_map(root: Path, rel: str) -> dict[str, dict[str, str]] | None:
    """A findings file as {key: {severity, title}} (policy gaps keyed by kind and subject), or None when absent."""
    data = _read_json(root, rel)
    if data is None:
        return None
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise InventoryError(str(root / rel), "not a list of findings")
    out: dict[str, dict[str, str]] = {}
    for item in data:
        if rel == GAPS:
            key, title = f"policy.{item.get('kind', '')}.{item.get('subject', '')}", str(item.get("detail", ""))
        elif "key" in item:
            key, title = str(item["key"]), str(item.get("title", ""))
        else:
            raise InventoryError(str(root / rel), "a finding has no key")
        severity = str(item.get("severity", ""))
        if key not in out or _rank(severity, SEVERITIES) < _rank(out[key]["severity"], SEVERITIES):
            out[key] = {"severity": severity, "title": title}
    return out


def _rank(value: str, order: tuple[str, ...]) -> int:
    """Index in a most-serious-first order; unknown values rank last."""
    return order.index(value) if value in order else len(order)


TableId = tuple[str, str, str]


def _tables(inventory: Inventory) -> dict[TableId, tuple[SourceScan, TableScan]]:
    """Every table of every source, keyed by (source, schema, name)."""
    return {(s.name, t.schema or "", t.name): (s, t) for s in inventory.sources for t in s.tables}


def _source_text(source: SourceScan | None) -> str:
    """`ok, 12 tables`: an added or removed source's status and size."""
    return f"{source.status}, {len(source.tables)} tables" if source else ""


def _describe(table: TableScan) -> str:
    """`12 columns (3 personal)`: what an added or removed table held, counts only."""
    personal = sum(1 for c in table.columns if c.category)
    return f"{len(table.columns)} columns ({personal} personal)"


def compare_inventories(old: Inventory, new: Inventory) -> dict[str, list[Change]]:
    """Sources, tables, columns and column categories; a failed source or unreadable table hides nothing as removed."""
    from privacy_inventory.datamap.graph import table_key  # the data map's table names; imported late (fideslang is slow to load)

    out: dict[str, list[Change]] = {"sources": [], "tables": [], "columns": [], "categories": []}
    old_src, new_src = {s.name: s for s in old.sources}, {s.name: s for s in new.sources}
    for name in sorted(old_src.keys() | new_src.keys()):
        a, b = old_src.get(name), new_src.get(name)
        if a is None or b is None:
            out["sources"].append(Change("sources", "added" if a is None else "removed", name, _source_text(a), _source_text(b)))
        elif a.status != b.status:
            out["sources"].append(Change("sources", "changed", name, a.status, b.status))
    failed = {n for n, s in (*old_src.items(), *new_src.items()) if s.status == "failed"}
    old_t, new_t = _tables(old), _tables(new)
    for tid in sorted(old_t.keys() | new_t.keys()):
        if tid[0] in failed or (tid[0] not in old_src or tid[0] not in new_src):
            continue  # a source added, removed or failed is reported once, as a source
        a, b = old_t.get(tid), new_t.get(tid)
        source, table = b or a  # type: ignore[misc]
        label = table_key(source, table)
        if a is None or b is None:
            change = "added" if a is None else "removed"
            out["tables"].append(Change("tables", change, label, _describe(a[1]) if a else "", _describe(b[1]) if b else ""))
            continue
        if bool(a[1].error) != bool(b[1].error):
            out["tables"].append(Change("tables", "changed", label, "not readable" if a[1].error else "readable", "not readable" if b[1].error else "readable"))
        if a[1].error or b[1].error:
            continue
        _compare_columns(label, a[1], b[1], out)
    return {k: _sorted(v) for k, v in out.items()}


def _compare_columns(label: str, old: TableScan, new: TableScan, out: dict[str, list[Change]]) -> None:
    """Columns added, removed, or classified into another category, in one table present in both assessments."""
    a, b = {c.name: c for c in old.columns}, {c.name: c for c in new.columns}
    for name in sorted(a.keys() | b.keys()):
        subject = f"{label}.{name}"
        if name not in a:
            out["columns"].append(Change("columns", "added", subject, "", b[name].category or NONE))
        elif name not in b:
            out["columns"].append(Change("columns", "removed", subject, a[name].category or NONE, ""))
        elif (a[name].category or None) != (b[name].category or None):
            out["categories"].append(Change("categories", "reclassified", subject, a[name].category or NONE, b[name].category or NONE))


def _graph_parts(data: Any, where: str) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Nodes by id and edges of a node-link data map (`edges`, or networkx's older `links`)."""
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise InventoryError(where, "not a node-link data map (no nodes)")
    edges = data.get("edges", data.get("links")) or []
    if not isinstance(edges, list):
        raise InventoryError(where, "not a node-link data map (edges are not a list)")
    try:
        return {str(n["id"]): n for n in data["nodes"]}, [e for e in edges if isinstance(e, dict)]
    except (KeyError, TypeError):
        raise InventoryError(where, "not a node-link data map (a node has no id)") from None


def _recipient_text(node: dict[str, Any]) -> str:
    """`processor, US` (plus `undeclared` when no declaration names it)."""
    parts = [str(node.get("role") or ""), str(node.get("country") or "")]
    if node.get("declared") is False:
        parts.append("undeclared")
    return ", ".join(p for p in parts if p)


def compare_data_maps(old: Any, new: Any, where: tuple[str, str] = ("old", "new")) -> dict[str, list[Change]]:
    """Recipients gained or lost, and transfers (recipient -> country) added, removed or with another safeguard."""
    (old_nodes, old_edges), (new_nodes, new_edges) = _graph_parts(old, where[0]), _graph_parts(new, where[1])
    out: dict[str, list[Change]] = {"recipients": [], "transfers": []}
    rec_old = {i: n for i, n in old_nodes.items() if n.get("kind") == "recipient"}
    rec_new = {i: n for i, n in new_nodes.items() if n.get("kind") == "recipient"}
    for rid in sorted(rec_old.keys() | rec_new.keys()):
        if rid in rec_old and rid in rec_new:
            continue
        node = rec_new.get(rid) or rec_old[rid]
        change = "added" if rid in rec_new else "removed"
        text = _recipient_text(node)
        out["recipients"].append(Change("recipients", change, str(node.get("label") or node.get("key") or rid), text if change == "removed" else "", text if change == "added" else ""))
    t_old, t_new = _transfers(old_nodes, old_edges), _transfers(new_nodes, new_edges)
    for pair in sorted(t_old.keys() | t_new.keys()):
        a, b = t_old.get(pair), t_new.get(pair)
        subject = (b or a)[0]  # type: ignore[index]
        if a is None or b is None:
            out["transfers"].append(Change("transfers", "added" if a is None else "removed", subject, a[1] if a else "", b[1] if b else ""))
        elif a[1] != b[1]:
            out["transfers"].append(Change("transfers", "changed", subject, a[1], b[1]))
    return {k: _sorted(v) for k, v in out.items()}


def _transfers(nodes: dict[str, dict[str, Any]], edges: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[str, str]]:
    """transferred_to edges as {(recipient id, country id): ("Recipient -> US", safeguard)}."""
    out = {}
    for e in edges:
        if e.get("kind") != "transferred_to":
            continue
        src, dst = str(e.get("source")), str(e.get("target"))
        rec, country = nodes.get(src, {}), nodes.get(dst, {})
        label = f"{rec.get('label') or rec.get('key') or src} -> {country.get('key') or dst.split(':', 1)[-1]}"
        out[(src, dst)] = (label, str(e.get("safeguard") or NONE))
    return out


def _compare_ranked(area: str, words: tuple[str, str], value: str, order: tuple[str, ...],
                    old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[Change]:
    """Items by key: appeared, gone, or whose `value` moved up (raised) or down (lowered) a most-serious-first order."""
    out = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        title = str((b or a or {}).get("title", ""))
        if a is None or b is None:
            out.append(Change(area, words[0] if a is None else words[1], key, a[value] if a else "", b[value] if b else "", title))
        elif a[value] != b[value]:
            ra, rb = _rank(a[value], order), _rank(b[value], order)
            change = "changed" if len(order) in (ra, rb) else ("raised" if rb < ra else "lowered")
            out.append(Change(area, change, key, a[value], b[value], title))
    return _sorted(out)


def compare_registers(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[Change]:
    """Risks new, gone, or whose level moved (raised or lowered on the CNIL levels), by risk key."""
    from privacy_inventory.dpia.scales import LEVELS  # imported late: the dpia package loads the classifiers

    return _compare_ranked("risks", ("added", "removed"), "level", LEVELS[::-1], old, new)


def compare_findings(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[Change]:
    """Findings opened (new), closed (gone), or whose severity moved, by stable key."""
    return _compare_ranked("findings", ("opened", "closed"), "severity", SEVERITIES, old, new)


def diff_assessments(old: Path, new: Path) -> Changes:
    """Compare two assessment directories area by area; the same two directories always give the same Changes."""
    a, b = assessment_dir(old), assessment_dir(new)
    changes = Changes(old=str(old), new=str(new))
    inventories = Inventory.load(a / INVENTORY), Inventory.load(b / INVENTORY)
    try:
        compared = compare_inventories(*inventories)
    except (TypeError, AttributeError, KeyError, ValueError) as exc:  # fields of the wrong type inside a valid-looking file
        raise InventoryError(f"{a / INVENTORY} or {b / INVENTORY}", f"not a valid inventory file (unexpected shape: {type(exc).__name__})") from None
    for area, found in compared.items():
        setattr(changes, area, found)
    skipped: list[str] = []
    maps = _read_json(a, DATA_MAP), _read_json(b, DATA_MAP)
    if _both(maps, DATA_MAP, ("recipients", "transfers"), skipped):
        for area, found in compare_data_maps(*maps, where=(str(a / DATA_MAP), str(b / DATA_MAP))).items():
            setattr(changes, area, found)
    registers = _read_register(a), _read_register(b)
    if _both(registers, REGISTER, ("risks",), skipped):
        changes.risks = compare_registers(*registers)  # type: ignore[arg-type]
    old_f: dict[str, dict[str, str]] = {}
    new_f: dict[str, dict[str, str]] = {}
    for rel in (*FINDING_FILES, GAPS):
        pair = _finding_map(a, rel), _finding_map(b, rel)
        if _both(pair, rel, ("findings",), skipped):
            old_f.update(pair[0] or {})
            new_f.update(pair[1] or {})
    changes.findings = compare_findings(old_f, new_f)
    changes.not_compared = sorted(skipped)
    return changes


def _both(pair: tuple[Any, Any], rel: str, areas: tuple[str, ...], skipped: list[str]) -> bool:
    """True when both assessments have the file; otherwise note the areas as not compared (absent on both: silent)."""
    if pair[0] is not None and pair[1] is not None:
        return True
    if pair[0] is not None or pair[1] is not None:
        side = "old" if pair[0] is None else "new"
        skipped.append(f"{'/'.join(areas)}: {rel} missing in the {side} assessment")
    return False
