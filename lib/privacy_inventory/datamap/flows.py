"""What reaches each recipient through the flows config sets up, and sensitive data reaching advertisers.

The scan attaches to each integration the events and fields its config sends (models.Flow). The data map joins
integrations to recipients; this module reads that join back, so the data map's finding, the RoPA's "data sent"
and the DPIA's risk speak of the same flows. Which recipients market and which data is sensitive is data
(data/sensitive_flows.yaml).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from privacy_inventory.declarations import is_special_category
from privacy_inventory.findings import Finding
from privacy_inventory.models import Flow, Integration, Inventory

STAGE = "datamap"
KIND = "sensitive_to_advertiser"


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """data/sensitive_flows.yaml, read once."""
    from privacy_inventory.yaml_io import load_yaml

    return load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "sensitive_flows.yaml")))


def _under(value: str, parent: str) -> bool:
    return value == parent or value.startswith(parent + ".")


def is_marketing(family: str = "", type_: str = "", purposes: Iterable[str] = ()) -> bool:
    """Whether a recipient uses what it gets for advertising or marketing (vendor family, declared type or purpose)."""
    spec = rules()["marketing_recipients"]
    return (family in spec["families"] or type_ in spec["types"]
            or any(_under(p, q) for p in purposes for q in spec["purposes"]))


def sensitive_kinds(flow: Flow) -> list[str]:
    """The keys of data/sensitive_flows.yaml `sensitive` a flow carries (special, children, financial, ...)."""
    out = []
    for rule in rules()["sensitive"]:
        if rule["key"] == "special":
            hit = bool(flow.special) or any(is_special_category(c) for c in flow.categories)
        elif rule["key"] == "children":
            hit = flow.children
        else:
            hit = any(_under(c, p) for c in flow.categories for p in rule.get("categories") or ())
        if hit:
            out.append(rule["key"])
    return out


def sensitive_label(kinds: Iterable[str]) -> str:
    """`special-category (Art. 9) data and children's data`."""
    labels = [r["label"] for r in rules()["sensitive"] if r["key"] in set(kinds)]
    return " and ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 2 else labels)


def describe(flow: Flow) -> str:
    """`Purchase (server-side, graph.facebook.com/...): em, ph -> user.contact.email, ...` for tables and evidence."""
    how = ", ".join(x for x in ("server-side" if flow.server_side else "", flow.endpoint) if x)
    what = f"{flow.name or flow.key}" + (f" ({how})" if how else "")
    names = ", ".join(flow.params + flow.sources) or "no parameters named"
    cats = ", ".join(flow.categories) or "no personal data recognised"
    return f"{what}: {names} -> {cats}"


@dataclass(frozen=True)
class RecipientFlows:
    """One recipient of the data map and the flows its config integrations send."""

    key: str
    name: str
    marketing: bool
    flows: tuple[Flow, ...]


def _ref(i: Integration) -> str:
    return f"{i.source or 'config'}:{i.key}"


def recipient_flows(graph: Any, inventory: Inventory) -> list[RecipientFlows]:
    """Every recipient node with the flows of the integrations the data map joined to it."""
    by_ref: dict[str, list[Integration]] = {}
    for i in inventory.integrations:
        by_ref.setdefault(_ref(i), []).append(i)
    out = []
    for node, d in sorted(graph.nodes(data=True)):
        if d.get("kind") != "recipient":
            continue
        integs = [i for ref in sorted(d.get("integrations") or []) for i in by_ref.get(ref, []) if i.vendor == (d.get("vendor") or i.vendor)]
        flows = {(f.key, f.name): f for i in integs for f in i.flows}
        out.append(RecipientFlows(str(d["key"]), str(d["label"]), is_marketing(d.get("family", ""), d.get("type", ""), d.get("purposes") or []),
                                  tuple(flows[k] for k in sorted(flows))))
    return out


def flows_by_recipient(graph: Any, inventory: Inventory) -> Mapping[str, tuple[Flow, ...]]:
    """Recipient key -> the flows it receives (for the RoPA and the figure)."""
    return {r.key: r.flows for r in recipient_flows(graph, inventory) if r.flows}


def sensitive_flow_findings(graph: Any, inventory: Inventory) -> list[Finding]:
    """Special-category, children's or financial data sent to an advertising or marketing recipient: one finding per event."""
    spec = rules()
    out = []
    for rec in recipient_flows(graph, inventory):
        if not rec.marketing:
            continue
        for flow in rec.flows:
            kinds = sensitive_kinds(flow)
            if not kinds:
                continue
            what = sensitive_label(kinds)
            where = " server-side" if flow.server_side else ""
            laws = "; ".join(r["law"] for r in spec["sensitive"] if r["key"] in kinds)
            out.append(Finding(
                key=f"{STAGE}.sensitive-flow.{rec.key}.{flow.key}", kind=KIND, severity=str(spec["severity"]),
                title=f"{what[0].upper() + what[1:]} sent to {rec.name}{where} ({flow.name or flow.key})",
                detail=f"Config {flow.key} sends {describe(flow)}. Why: {flow.evidence}. {rec.name} uses it for advertising or "
                       f"marketing ({laws}). Next step: {spec['next_step']}",
                subjects=[rec.name], count=None, source=STAGE,
            ))
    return out


def flow_table(graph: Any, inventory: Inventory) -> list[dict[str, Any]]:
    """One row per event or field list config sends to a recipient, the sensitive ones first (the data map page's table)."""
    rows = []
    for rec in recipient_flows(graph, inventory):
        for f in rec.flows:
            kinds = sensitive_kinds(f)
            rows.append({"recipient": rec.name + (" (advertising or marketing)" if rec.marketing else ""), "event": f.name or f.key,
                         "sent": "server-side" if f.server_side else "app or browser", "names": ", ".join(f.params + f.sources),
                         "categories": ", ".join(f.categories) or "none recognised",
                         "sensitive": (sensitive_label(kinds) + ("" if rec.marketing else " (not to an advertiser)")) if kinds else "",
                         "_order": (not (kinds and rec.marketing), rec.name, f.key)})
    rows.sort(key=lambda r: r.pop("_order"))
    return rows
