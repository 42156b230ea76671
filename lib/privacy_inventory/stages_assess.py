"""The assessment stages (DPIA and policy gap), reading what the scan, data map and RoPA stages wrote."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from privacy_inventory.safe_files import present
from privacy_inventory.errors import InventoryError
from privacy_inventory.paths import inventory_path, is_demo, resolve
from privacy_inventory.scan.estate import parse_sources
from privacy_inventory.stages import default_sources, layout_for, load_inventory, load_org_declarations, run_ropa_stage, write_json


@dataclass
class DpiaResult:
    """What the DPIA notebook shows: the screening, the register, its findings and the figures written."""

    screening: list[Any]
    register: Any
    findings: list[Any]
    figures: list[Path]
    facts: Any
    ropa: Any
    necessity: Any = None  # Art. 35(7)(b): WP248 Annex 2 points per activity (dpia.necessity.Assessment)


def reference_date_for(inventory_dir: Path, given: str = "") -> dt.date:
    """The date ages and retention are measured against: given, the demo's fixed date, or today."""
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise InventoryError("reference_date", f"{given!r} is not a date (YYYY-MM-DD)") from None
    if is_demo(inventory_dir):
        from privacy_inventory.demo.imvbox import REFERENCE_DATE

        return REFERENCE_DATE
    from privacy_inventory.demo.fernly import FERNLY_DIR, REFERENCE_DATE as FERNLY_DATE

    if inventory_dir.resolve() == FERNLY_DIR:
        return FERNLY_DATE
    return dt.date.today()


def run_dpia_stage(databases: Sequence[str] = (), inventory_dir: str = "", out_dir: str = "", reference_date: str = "") -> DpiaResult:
    """Screening, facts (bounded read-only counts), risk register with the DPO's overrides, figures; RoPA gets its DPIA column."""
    from privacy_inventory.dpia.facts import collect_facts
    from privacy_inventory.dpia.overrides import load_overrides, screening_answers
    from privacy_inventory.dpia.register import build_register, register_findings, write_register
    from privacy_inventory.dpia.screening import dpia_status, screen, screening_rows
    from privacy_inventory.findings import sort_findings

    layout = layout_for(out_dir)
    inv_dir = inventory_path(inventory_dir)
    inventory, declarations = load_inventory(out_dir), load_org_declarations(inventory_dir)
    dbs, _ = default_sources(inv_dir, databases, [], build_demo=False)
    facts = collect_facts(parse_sources(dbs), inventory, declarations, reference_date_for(inv_dir, reference_date))
    facts.save(layout.dpia / "facts.json")
    overrides_file = inv_dir / "dpia.yaml"
    overrides = load_overrides(overrides_file) if present(overrides_file) else None
    screening = screen(inventory, declarations, facts, answers=screening_answers(overrides) if overrides else None)
    register = build_register(inventory, declarations, facts, overrides)
    write_register(register, layout.dpia)
    write_json(layout.dpia / "screening.json", screening_rows(screening))
    from privacy_inventory.dpia.necessity import assess, necessity_rows

    necessity = assess(inventory, declarations, facts, screening)
    write_json(layout.dpia / "necessity.json", necessity_rows(necessity))
    findings = sort_findings(register_findings(register))
    write_json(layout.dpia / "findings.json", [f.to_dict() for f in findings])
    ropa = run_ropa_stage(inventory_dir, out_dir, dpia_status(screening))
    figures = _dpia_figures(register, layout.data_map / "data-map.json", layout.dpia)
    return DpiaResult(screening, register, findings, figures, facts, ropa, necessity)


def _dpia_figures(register: Any, data_map: Path, out: Path) -> list[Path]:
    """Heatmap, risk graph (over the map the data-map stage wrote) and top-risks chart, SVG and PNG."""
    from privacy_inventory.datamap.graph import read_node_link_json
    from privacy_inventory.dpia.figures import draw_risk_heatmap, draw_top_risks
    from privacy_inventory.dpia.risk_graph import draw_risk_graph

    graph = read_node_link_json(data_map)
    return [
        *draw_risk_heatmap(register, out / "risk-heatmap"),
        *draw_risk_graph(graph, register, out / "risk-graph"),
        *draw_top_risks(register, out / "top-risks"),
    ]


def run_policy_stage(inventory_dir: str = "", policy_file: str = "", out_dir: str = "") -> tuple[Any, list[Any]]:
    """Read the published policy, compare it with practice, and write policy/declarations.json, gaps.json, gaps.csv."""
    from privacy_inventory.dpia.fact_model import Facts
    from privacy_inventory.policy import compare_policy, read_policy
    from privacy_inventory.policy.practice import practice_facts

    layout = layout_for(out_dir)
    inv_dir = inventory_path(inventory_dir)
    policy_path = resolve(policy_file, str(inv_dir / "privacy-policy.md")) if policy_file else inv_dir / "privacy-policy.md"
    if not present(policy_path):
        raise InventoryError(str(policy_path), "privacy policy file not found (give policy_file, or put privacy-policy.md in the inventory directory)")
    declarations = load_org_declarations(inventory_dir)
    controller = getattr(declarations, "controller", None)
    policy = read_policy(policy_path, controller=tuple(n for n in (getattr(controller, "name", ""),) if n))
    facts_path = layout.dpia / "facts.json"
    facts = Facts.load(facts_path) if facts_path.exists() else None
    practice = practice_facts(load_inventory(out_dir), declarations, facts)
    gaps = compare_policy(policy, practice)
    layout.policy.mkdir(parents=True, exist_ok=True)
    policy.save(layout.policy / "policy-declarations.json")
    write_json(layout.policy / "gaps.json", [asdict(g) for g in gaps])
    (layout.policy / "gaps.csv").write_text(_gaps_csv(gaps), encoding="utf-8")
    return policy, gaps


def _gaps_csv(gaps: list[Any]) -> str:
    """One row per gap, in the comparison's order (most serious first)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["kind", "severity", "subject", "detail", "policy_sentence", "policy_where", "evidence"])
    for g in gaps:
        writer.writerow([g.kind, g.severity, g.subject, g.detail, g.policy_sentence or "", g.policy_where, g.evidence])
    return buf.getvalue()


def gaps_frame(gaps: list[Any], kind: str) -> Any:
    """The gaps of one kind as a table."""
    import pandas as pd

    rows = [{"severity": g.severity, "subject": g.subject, "detail": g.detail, "policy says": f"“{g.policy_sentence}” ({g.policy_where})" if g.policy_sentence else "", "evidence": g.evidence} for g in gaps if g.kind == kind]
    return pd.DataFrame(rows, columns=["severity", "subject", "detail", "policy says", "evidence"]) if rows else pd.DataFrame({"result": [f"no {kind} gap found"]})
