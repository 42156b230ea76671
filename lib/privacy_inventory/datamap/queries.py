"""The questions a DPO asks of the data map, and what in it they must act on (counts and names, never values)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from privacy_inventory.datamap.disclosures import unrecognised
from privacy_inventory.datamap.flows import sensitive_flow_findings
from privacy_inventory.datamap.graph import category_label, country_label, is_personal, is_undeclared, node_id, table_name, under
from privacy_inventory.declarations import Declarations, is_special_category
from privacy_inventory.findings import Finding, sort_findings
from privacy_inventory.models import Inventory

STAGE = "datamap"


def _nodes(g: nx.DiGraph, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """Nodes of one kind, sorted by id, so every answer comes in the same order."""
    return sorted((n, d) for n, d in g.nodes(data=True) if d.get("kind") == kind)


def _in_edges(g: nx.DiGraph, node: str, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """Incoming edges of one kind, sorted."""
    return sorted((u, d) for u, _, d in g.in_edges(node, data=True) if d.get("kind") == kind)


def received(g: nx.DiGraph, recipient: str) -> list[str]:
    """All categories flowing into one recipient node, from every activity and application."""
    return sorted({c for _, d in _in_edges(g, recipient, "shared_with") for c in d.get("categories", [])})


def _recipient_row(node: str, data: dict[str, Any], categories: list[str]) -> dict[str, Any]:
    """One recipient as a plain row for a notebook table."""
    return {"recipient": data["key"], "name": data["label"], "role": data["role"], "type": data["type"],
            "country": data["country"], "declared": data["declared"], "categories": categories, "node": node}


def categories_reaching(g: nx.DiGraph, recipient_type_or_role: str) -> list[dict[str, Any]]:
    """Which categories reach recipients of a type (e.g. `ad_network`), vendor family or role (e.g. `processor`)."""
    wanted = recipient_type_or_role
    reach: dict[str, set[str]] = {}
    for node, data in _nodes(g, "recipient"):
        if wanted not in (data.get("type"), data.get("role"), data.get("family")):
            continue
        for cat in received(g, node):
            reach.setdefault(cat, set()).add(data["key"])
    return [{"category": c, "label": category_label(c), "recipients": sorted(r)} for c, r in sorted(reach.items())]


def transfers_abroad(g: nx.DiGraph) -> list[dict[str, Any]]:
    """Every recipient outside the controller's home area: the judgement under its regime and the categories it receives."""
    rows = []
    for rec, country, data in sorted(g.edges(data=True)):
        if data.get("kind") != "transferred_to" or not data.get("outside"):
            continue
        r = g.nodes[rec]
        rows.append({"recipient": r["key"], "name": r["label"], "role": r["role"], "declared": r["declared"],
                     "country": g.nodes[country]["key"], "safeguard": data.get("safeguard") or "none",
                     "ok": bool(data.get("ok")), "transfer": data.get("transfer", ""), "categories": received(g, rec)})
    return sorted(rows, key=lambda x: (x["recipient"], x["country"]))


def tables_holding(g: nx.DiGraph, category: str) -> list[dict[str, Any]]:
    """Tables holding a category or anything below it (`user.contact` finds `user.contact.email` columns)."""
    rows: dict[str, dict[str, Any]] = {}
    for node, data in _nodes(g, "data_category"):
        if not under(data["key"], category):
            continue
        for _, table, edge in sorted(g.out_edges(node, data=True)):
            if edge.get("kind") != "holds":
                continue
            t = g.nodes[table]
            row = rows.setdefault(table, {"table": t["key"], "system": t["system"], "name": t["label"], "categories": [], "columns": 0})
            row["categories"] = sorted(set(row["categories"]) | {data["key"]})
            row["columns"] += int(edge.get("columns", 0))
    return [rows[k] for k in sorted(rows)]


def recipients_of(g: nx.DiGraph, category: str) -> list[dict[str, Any]]:
    """Recipients receiving a category or anything below it, with the matching categories."""
    rows = []
    for node, data in _nodes(g, "recipient"):
        hits = [c for c in received(g, node) if under(c, category)]
        if hits:
            rows.append(_recipient_row(node, data, hits))
    return rows


def _table_nodes(g: nx.DiGraph, table: str) -> list[str]:
    """Table nodes named by id, `source.table`, `source.schema.table`, `schema.table` or bare name."""
    if table in g and g.nodes[table].get("kind") == "table":
        return [table]
    found = []
    for node, data in _nodes(g, "table"):
        names = {data["key"], data["label"], data["name"], f"{data['system']}.{data['name']}"}
        if table in names:
            found.append(node)
    return found


def activities_using(g: nx.DiGraph, table: str) -> list[dict[str, Any]]:
    """The declared activities whose tables include this one (empty when none does: see the findings)."""
    rows: dict[str, dict[str, Any]] = {}
    for tnode in _table_nodes(g, table):
        for _, act, edge in g.out_edges(tnode, data=True):
            if edge.get("kind") == "used_for":
                a = g.nodes[act]
                rows[act] = {"activity": a["key"], "name": a["label"], "purposes": a["purposes"], "legal_basis": a["legal_basis"]}
    return [rows[k] for k in sorted(rows)]


def data_map_findings(g: nx.DiGraph, inventory: Inventory, declarations: Declarations) -> list[Finding]:
    """What the map shows a DPO must act on: undeclared processing and recipients, unsafe transfers, missing data."""
    findings = _undeclared_tables(g, inventory) + _undeclared_recipients(g) + _unsafe_transfers(g) + _categories_not_found(g, declarations)
    findings += sensitive_flow_findings(g, inventory) + _unrecognised_disclosures(inventory)
    return sort_findings(findings)


def _undeclared_tables(g: nx.DiGraph, inventory: Inventory) -> list[Finding]:
    """Personal data found in a table no activity declares: processing without a recorded purpose or basis."""
    out = []
    for source in sorted(inventory.sources, key=lambda s: s.name):
        for table in sorted(source.tables, key=lambda t: (t.schema or "", t.name)):
            cols = [c for c in table.columns if is_personal(c.category)]
            name = table_name(source, table)
            node = node_id("table", f"{source.name}.{name}")
            if not cols or node not in g or any(d.get("kind") == "used_for" for _, _, d in g.out_edges(node, data=True)):
                continue
            cats = sorted({str(c.category) for c in cols})
            special = sorted(c for c in cats if is_special_category(c)) or sorted(
                {str(c.category) for c in cols if any(f.startswith("special:") for f in c.flags)})
            what = f"{len(cols)} personal column{'s' if len(cols) != 1 else ''} ({', '.join(cats)})"
            extra = f"; includes special categories ({', '.join(special)})" if special else ""
            out.append(Finding(
                key=f"{STAGE}.undeclared-table.{source.name}.{name}", kind="undeclared_processing",
                severity="high" if special else "medium",
                title=f"Personal data in {source.name}.{name} is not covered by any declared activity",
                detail=f"{what} found in table {name} of {source.name}{extra}. Declare the activity that uses "
                       f"this table (purpose, legal basis, retention) or delete the data.",
                subjects=[f"{source.name}.{name}"], count=len(cols), source=STAGE,
            ))
    return out


def _undeclared_recipients(g: nx.DiGraph) -> list[Finding]:
    """An integration in application config that no declared recipient accounts for: an unrecorded disclosure."""
    out = []
    for node, data in _nodes(g, "recipient"):
        if not is_undeclared(data):
            continue  # a disclosure recorded in the data is judged as a transfer (datamap/disclosures.py), not a config integration
        cats = received(g, node)
        where = ", ".join(data.get("integrations", [])) or "config"
        outside = any(d.get("outside") for _, _, d in g.out_edges(node, data=True) if d.get("kind") == "transferred_to")
        sends = f"; config says it receives {', '.join(cats)}" if cats else ""
        out.append(Finding(
            key=f"{STAGE}.undeclared-recipient.{data['key']}", kind="undeclared_recipient",
            severity="high" if outside else "medium",
            title=f"{data['label']} is integrated in config but not declared as a recipient",
            detail=f"Found at {where} ({data['role']}, {data['country']}){sends}. Declare it as a recipient with its role, "
                   f"contract and transfer safeguard, or remove the integration.",
            subjects=[data["label"]], count=len(data.get("integrations", [])) or None, source=STAGE,
        ))
    return out


def _unsafe_transfers(g: nx.DiGraph) -> list[Finding]:
    """A recipient outside the home area with no safeguard valid under the controller's regime (see jurisdiction)."""
    out = []
    regime = g.graph.get("regime", "GDPR")
    for row in transfers_abroad(g):
        if row["ok"]:
            continue
        cats = row["categories"]
        where = country_label(row["country"]) if row["country"] == "ZZ" else row["country"]
        sends = f" receiving {len(cats)} categor{'ies' if len(cats) != 1 else 'y'} ({', '.join(cats)})" if cats else ""
        if g.nodes[node_id("recipient", row["recipient"])].get("origin") == "database":
            out.append(_disclosure_abroad(g, row))
            continue
        out.append(Finding(
            key=f"{STAGE}.transfer-without-safeguard.{row['recipient']}.{row['country']}", kind="transfer_without_safeguard",
            severity="high",
            title=f"Transfer to {row['name']} ({where}) has no valid safeguard under {regime}",
            detail=f"{row['name']} ({row['role']}){sends}: {row['transfer']} ({regime} Chapter V).",
            subjects=[row["name"]], count=len(cats), source=STAGE,
        ))
    return out


def _disclosure_abroad(g: nx.DiGraph, row: dict[str, Any]) -> Finding:
    """Data handed to an authority abroad, recorded in a disclosure log: a transfer with no recognised basis."""
    n = g.nodes[node_id("recipient", row["recipient"])]
    return Finding(
        key=f"{STAGE}.disclosure-abroad.{row['recipient']}.{row['country']}", kind="disclosure_abroad", severity="high",
        title=f"{n.get('disclosures', 0)} disclosure{'s' if n.get('disclosures', 0) != 1 else ''} to {row['name']} recorded in the data",
        detail=f"{', '.join(n.get('tables') or [])} records data handed to {row['name']}: {row['transfer']}. Categories in the log: "
               f"{', '.join(row['categories']) or 'none found'}.",
        subjects=[row["name"]], count=n.get("disclosures"), source=STAGE,
    )


def _unrecognised_disclosures(inventory: Inventory) -> list[Finding]:
    """Disclosures to authorities nobody could place: the record needs their country to judge the transfer."""
    rows = unrecognised(inventory)
    if not rows:
        return []
    n, tables = sum(d.disclosed for d in rows), sorted({f"{d.source}.{d.table}" for d in rows})
    return [Finding(
        key=f"{STAGE}.disclosure-country-unknown.{'.'.join(tables)}", kind="disclosure_country_unknown", severity="low",
        title=f"{n} disclosure{'s' if n != 1 else ''} to authorities whose country is not known",
        detail=f"{', '.join(tables)} records disclosures to authorities the suite does not recognise and the log names no country. "
               f"Record each authority's country: one outside the home area is a transfer (Chapter V).",
        subjects=tables, count=n, source=STAGE,
    )]


def _categories_not_found(g: nx.DiGraph, declarations: Declarations) -> list[Finding]:
    """A category an activity declares but the scan found nowhere: the record may be stale, or a source unscanned."""
    out = []
    for node, data in _nodes(g, "data_category"):
        if data.get("found", True):
            continue
        acts = sorted(a.name for a in declarations.activities if data["key"] in a.data_categories)
        out.append(Finding(
            key=f"{STAGE}.declared-category-not-found.{data['key']}", kind="declared_category_not_found", severity="low",
            title=f"Declared category {data['label']} ({data['key']}) was not found in any scanned table",
            detail=f"Declared by {len(acts)} activit{'ies' if len(acts) != 1 else 'y'}; either a source holding it was not "
                   f"scanned, it lives outside databases (e.g. a third party), or the declaration is out of date.",
            subjects=acts, count=len(acts), source=STAGE,
        ))
    return out
