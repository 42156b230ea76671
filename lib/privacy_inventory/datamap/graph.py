"""The data map: whose data, which categories, where they sit, why they are used, who receives them, where they go.

The graph flows left to right, and every edge points that way:

    data_subject --about--> data_category --holds--> table --part_of--> system
    table --used_for--> activity            (system --used_for--> activity for a declared system)
    activity --shared_with--> recipient     (system --shared_with--> recipient for an undeclared integration)
    recipient --transferred_to--> country

`holds` points from the category to the table that holds it, so a path always reads subject -> ... -> country.
Node ids are "<kind prefix>:<key>" (e.g. "table:imvbox.accounts"); every node has `kind`, `key` and `label`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import networkx as nx
from fideslang.default_taxonomy import DEFAULT_TAXONOMY

from privacy_inventory.datamap.disclosures import authority_transfers
from privacy_inventory.datamap.flows import describe
from privacy_inventory.datamap.io import _sorted_graph, node_link, read_node_link_json, write_graphml, write_node_link_json, xml_safe  # noqa: F401 (re-exported)
from privacy_inventory.declarations import Declarations, Recipient, is_special_category
from privacy_inventory.jurisdiction import Regime, controller_regime, judge_recipient, judge_transfer, regime_for
from privacy_inventory.models import Integration, Inventory, SourceScan, TableScan
from privacy_inventory.vendors import Vendor, load_vendor_catalogue

NODE_KINDS = ("data_subject", "data_category", "system", "table", "activity", "recipient", "country")
EDGE_KINDS = ("about", "holds", "part_of", "used_for", "shared_with", "transferred_to")
PREFIX = {"data_subject": "subject", "data_category": "category", "system": "system", "table": "table",
          "activity": "activity", "recipient": "recipient", "country": "country"}
LAYER = {"data_subject": 0, "data_category": 1, "system": 2, "table": 2, "activity": 3, "recipient": 4, "country": 5}
PERSONAL_ROOT = "user"
UNKNOWN_COUNTRY = "ZZ"


def node_id(kind: str, key: str) -> str:
    """The deterministic id of a node, e.g. node_id("recipient", "appnexus") == "recipient:appnexus"."""
    return f"{PREFIX[kind]}:{key}"


def from_disclosure_log(node: dict[str, Any]) -> bool:
    """A recipient node of authorities abroad found in a disclosure log: judged as a transfer, never 'undeclared'."""
    return node.get("origin") == "database"


def is_undeclared(node: dict[str, Any]) -> bool:
    """A recipient seen in the config (or data) that no declaration names, authorities from a disclosure log aside."""
    return not node.get("declared", True) and not from_disclosure_log(node)


def is_personal(category: str | None) -> bool:
    """Whether a fideslang data category is personal data (the `user` branch), not system or business data."""
    return bool(category) and (category == PERSONAL_ROOT or str(category).startswith(PERSONAL_ROOT + "."))


def under(category: str, ancestor: str) -> bool:
    """Whether `category` is `ancestor` or below it in the fideslang hierarchy (dotted keys)."""
    return category == ancestor or category.startswith(ancestor + ".")


def related(a: str, b: str) -> bool:
    """Whether two categories lie on one branch (either is at or below the other)."""
    return under(a, b) or under(b, a)


@lru_cache(maxsize=1)
def _names() -> dict[str, dict[str, str]]:
    """fideslang display names for categories and subjects, read once."""
    return {
        "data_category": {c.fides_key: c.name or c.fides_key for c in DEFAULT_TAXONOMY.data_category},
        "data_subject": {s.fides_key: s.name or s.fides_key for s in DEFAULT_TAXONOMY.data_subject},
    }


def category_label(category: str) -> str:
    """The fideslang name of a data category (the key itself when unknown)."""
    return _names()["data_category"].get(category, category)


def category_group(category: str) -> str:
    """The second-level category a detailed one collapses to (user.contact.email -> user.contact)."""
    return ".".join(category.split(".")[:2])


def country_label(code: str, reg: Regime | None = None) -> str:
    """A country code with its status under the controller's regime (home area, adequacy, third country)."""
    reg = reg or regime_for(None)
    if code == UNKNOWN_COUNTRY:
        return "Unknown country"
    if reg.is_home(code):
        return f"{code} ({'home' if len(reg.home) == 1 else reg.home_label.removeprefix('the ')})"
    found = reg.adequacy.get(code)
    if found is not None:
        return f"{code} ({'certified only' if found.requires else 'adequacy'})"
    return f"{code} (third country)"


def personal_columns(table: TableScan) -> list[Any]:
    """The table's columns classified as personal data, in column order."""
    return [c for c in table.columns if is_personal(c.category)]


def table_name(source: SourceScan, table: TableScan) -> str:
    """The table's name within its source: bare when the source has one schema (SQLite `main`), else `schema.table`."""
    return table.name if len({t.schema for t in source.tables}) <= 1 else table.qualified_name


def table_key(source: SourceScan, table: TableScan) -> str:
    """`source.table` (or `source.schema.table` when the source has several schemas): unique across sources."""
    return f"{source.name}.{table_name(source, table)}"


class _Builder:
    """Accumulates nodes and edges; kept in one place so `build_data_map` reads as the steps a DPO would take."""

    def __init__(self, inventory: Inventory, declarations: Declarations, catalogue: Mapping[str, Vendor]) -> None:
        self.g = nx.DiGraph(name="data map")
        self.inventory = inventory
        self.decl = declarations.sorted()
        self.regime = controller_regime(declarations)
        self.catalogue = catalogue
        self.found: dict[str, set[str]] = defaultdict(set)  # category -> table node ids
        self.activity_found: dict[str, set[str]] = defaultdict(set)  # activity key -> categories found in its tables
        self.linked: set[str] = set()  # recipient node ids some activity shares with
        self.config_for: dict[str, list[Integration]] = defaultdict(list)  # declared recipient key -> its integrations
        self.unmatched: dict[str, list[Integration]] = defaultdict(list)  # vendor key -> integrations nobody declared

    def node(self, kind: str, key: str, label: str, **attrs: Any) -> str:
        """Add a node once; later calls only fill in attributes that are still missing or empty."""
        nid = node_id(kind, key)
        if nid in self.g:
            self.g.nodes[nid].update({k: v for k, v in attrs.items() if v not in (None, "", [])})
        else:
            self.g.add_node(nid, kind=kind, key=key, label=label, **attrs)
        return nid

    def edge(self, u: str, v: str, kind: str, **attrs: Any) -> None:
        """Add one typed edge (a DiGraph keeps one edge per pair)."""
        self.g.add_edge(u, v, kind=kind, **attrs)

    def scanned(self) -> None:
        """Systems and tables from the scan, with the personal categories found in their columns."""
        for source in sorted(self.inventory.sources, key=lambda s: s.name):
            sid = self.node("system", source.name, source.name, scanned=True, declared=False, status=source.status, in_config=False)
            for table in sorted(source.tables, key=lambda t: (t.schema or "", t.name)):
                cols = personal_columns(table)
                if not cols:
                    continue
                by_cat: dict[str, list[Any]] = defaultdict(list)
                for col in cols:
                    by_cat[str(col.category)].append(col)
                special = sorted(c.name for c in cols if is_special_category(str(c.category)) or any(f.startswith("special:") for f in c.flags))
                tid = self.node(
                    "table", table_key(source, table), table_name(source, table), system=source.name, schema=table.schema or "",
                    name=table.name, columns=len(cols), total_columns=len(table.columns), categories=sorted(by_cat),
                    special=bool(special), special_columns=len(special), person_table=table.person_table,
                )
                self.edge(tid, sid, "part_of")
                for cat, cat_cols in sorted(by_cat.items()):
                    self.found[cat].add(tid)
                    cid = self._category(cat, found=True)
                    if any(c.name in special for c in cat_cols):
                        self.g.nodes[cid]["special"] = True
                    self.g.nodes[cid]["columns"] += len(cat_cols)
                    self.edge(cid, tid, "holds", columns=len(cat_cols), column_names=sorted(c.name for c in cat_cols))
        for cat, tables in self.found.items():
            self.g.nodes[node_id("data_category", cat)]["tables"] = len(tables)

    def _category(self, cat: str, found: bool) -> str:
        """A data-category node with its fideslang name and second-level group (for the figure)."""
        group = category_group(cat)
        return self.node(
            "data_category", cat, category_label(cat), found=found, special=is_special_category(cat), columns=0, tables=0,
            group=group, group_label=category_label(group),
        )

    def activities(self) -> None:
        """Activities, the tables and systems they declare, and whose data (subject -> category) they concern."""
        tables = [(n, d) for n, d in self.g.nodes(data=True) if d["kind"] == "table"]
        found_all = sorted(self.found)
        for act in self.decl.activities:
            aid = self.node(
                "activity", act.key, act.name, purposes=sorted(act.purposes), legal_basis=act.legal_basis,
                art9_condition=act.art9_condition or "", data_subjects=sorted(act.data_subjects),
                declared_categories=sorted(act.data_categories), systems=sorted(act.systems), recipients=sorted(act.recipients),
                table_patterns=sorted(act.tables),
            )
            for tid, data in sorted(tables):
                if act.covers_table(data["name"], data["system"], data["schema"] or None):
                    self.edge(tid, aid, "used_for")
                    self.activity_found[act.key].update(data["categories"])
            for system in sorted(act.systems):
                sid = self.node("system", system, system, declared=True)
                self.g.nodes[sid].setdefault("scanned", False)
                self.g.nodes[sid].setdefault("in_config", False)
                self.g.nodes[sid].setdefault("status", "")
                self.g.nodes[sid]["declared"] = True
                self.edge(sid, aid, "used_for")
            cats = set(self.activity_found[act.key])
            for declared in act.data_categories:
                matches = [f for f in found_all if related(f, declared)]
                cats.update(matches or [declared])
                if not matches:
                    self._category(declared, found=False)
            self.g.nodes[aid]["found_categories"] = sorted(self.activity_found[act.key])
            for subject in sorted(act.data_subjects):
                sub = self.node("data_subject", subject, _names()["data_subject"].get(subject, subject))
                for cat in sorted(cats):
                    self.edge(sub, node_id("data_category", cat), "about")

    def match_integrations(self) -> None:
        """Join each config integration to the declared recipient with its vendor key (or, lacking one, its key)."""
        for integ in sorted(self.inventory.integrations, key=lambda i: (i.vendor, i.source, i.file, i.key)):
            rec = next((r for r in self.decl.recipients if r.vendor == integ.vendor), None)
            rec = rec or next((r for r in self.decl.recipients if r.vendor is None and r.key == integ.vendor), None)
            if rec is None:
                self.unmatched[integ.vendor or "unknown_vendor"].append(integ)
            else:
                self.config_for[rec.key].append(integ)

    def recipients(self) -> None:
        """Declared recipients, what each activity shares with them (scan x declared, plus config), and where they are."""
        for rec in self.decl.recipients:
            vendor = self.catalogue.get(rec.vendor or "")
            integs = self.config_for[rec.key]
            rid = self.node(
                "recipient", rec.key, rec.name, role=rec.role, type=rec.type, country=rec.country, declared=True,
                vendor=rec.vendor or "", family=vendor.family if vendor else "", declared_categories=sorted(rec.categories),
                purposes=sorted(rec.purposes), integrations=_refs(integs), sends=_sends(integs),
            )
            self._country(rid, rec)
        for act in self.decl.activities:
            for key in sorted(set(act.recipients)):
                rec = self.decl.recipient(key)
                if rec is None:
                    continue
                known = self._known(rec)
                found = {c for c in self.activity_found[act.key] if known is None or any(related(c, k) for k in known)}
                config = {c for i in self.config_for[rec.key] for c in i.categories}
                declared: set[str] = set()
                if not found and not config:
                    declared = {c for c in act.data_categories if known is None or any(related(c, k) for k in known)}
                basis = [b for b, cats in (("config", config), ("declared", declared), ("scan", found)) if cats]
                rid = node_id("recipient", rec.key)
                self.edge(node_id("activity", act.key), rid, "shared_with", categories=sorted(found | config | declared),
                          basis=basis, purposes=sorted(act.purposes))
                self.linked.add(rid)
        for rec in self.decl.recipients:
            rid = node_id("recipient", rec.key)
            if rid not in self.linked and self.config_for[rec.key]:
                self._from_systems(self.config_for[rec.key], rid)

    def _known(self, rec: Recipient) -> list[str] | None:
        """What the recipient is declared (or, through its vendor, known) to receive; None when nobody says."""
        if rec.categories:
            return list(rec.categories)
        vendor = self.catalogue.get(rec.vendor or "")
        return list(vendor.categories) if vendor else None

    def _country(self, rid: str, rec: Recipient | None, code: str = "", role: str = "") -> None:
        """Where a recipient is, judged under the controller's regime (jurisdiction); an unknown country is a transfer."""
        code = (rec.country if rec else code) or UNKNOWN_COUNTRY
        judged = judge_recipient(self.regime, rec) if rec else judge_transfer(self.regime, code, None, authority=role == "public_authority")
        cid = self.node("country", code, country_label(code, self.regime), home=not judged.transfer,
                        adequacy=code in self.regime.adequacy, unknown=code == UNKNOWN_COUNTRY)
        safeguard = (rec.transfer_safeguard if rec else None) or ("none" if judged.transfer else "not_required")
        self.edge(rid, cid, "transferred_to", safeguard=safeguard, outside=judged.transfer, basis=judged.basis, ok=judged.ok, transfer=judged.text)

    def undeclared(self) -> None:
        """Integrations no declared recipient accounts for become recipients of their own, marked declared=False."""
        for vendor_key, integs in sorted(self.unmatched.items()):
            vendor = self.catalogue.get(vendor_key)
            first = integs[0]
            key = vendor_key if node_id("recipient", vendor_key) not in self.g else f"config.{vendor_key}"
            country = first.country or (vendor.country if vendor else "") or UNKNOWN_COUNTRY
            rid = self.node(
                "recipient", key, vendor.name if vendor else vendor_key, role=first.role or (vendor.role if vendor else "unknown"),
                type=vendor.family if vendor else "unknown", country=country, declared=False, vendor=vendor_key,
                family=vendor.family if vendor else "", declared_categories=[], purposes=sorted({p for i in integs for p in i.purposes}),
                integrations=_refs(integs), sends=_sends(integs),
            )
            self._country(rid, None, country, first.role or (vendor.role if vendor else ""))
            self._from_systems(integs, rid)

    def authorities(self) -> None:
        """Disclosures to authorities abroad recorded in the data (datamap/disclosures.py): recipients judged as transfers."""
        for t in authority_transfers(self.inventory, self.decl):
            rid = self.node("recipient", t.key, t.name, role="public_authority", type="authority", country=t.country, declared=False,
                            origin="database", vendor="", family="", declared_categories=[], purposes=["third_party_sharing.legal_obligation"],
                            integrations=[], sends=[], disclosures=t.disclosed, tables=list(t.tables))
            self._country(rid, None, t.country, "public_authority")
            logs = [node_id("table", ref) for ref in t.tables if node_id("table", ref) in self.g]
            cats = sorted({c for tid in logs for c in self.g.nodes[tid].get("categories", [])})
            for act in t.activities:
                self.edge(node_id("activity", act), rid, "shared_with", categories=cats, basis=["database"], purposes=["third_party_sharing.legal_obligation"])
                self.linked.add(rid)
            for tid in logs if not t.activities else []:
                self.edge(node_id("system", self.g.nodes[tid]["system"]), rid, "shared_with", categories=cats, basis=["database"], purposes=[])

    def _from_systems(self, integs: list[Integration], rid: str) -> None:
        """Link the application(s) whose config names the integration straight to the recipient."""
        for source in sorted({i.source or "config" for i in integs}):
            sid = self.node("system", source, source, in_config=True)
            for attr, default in (("scanned", False), ("declared", False), ("status", "")):
                self.g.nodes[sid].setdefault(attr, default)
            self.g.nodes[sid]["in_config"] = True
            mine = [i for i in integs if (i.source or "config") == source]
            self.edge(sid, rid, "shared_with", categories=sorted({c for i in mine for c in i.categories}), basis=["config"],
                      purposes=sorted({p for i in mine for p in i.purposes}))


def _sends(integs: list[Integration]) -> list[str]:
    """What config says the integrations send, one line per event or field list (datamap/flows.py `describe`)."""
    return sorted({describe(f) for i in integs for f in i.flows})


def _refs(integs: list[Integration]) -> list[str]:
    """Where config names an integration, as `source:key` (never the value)."""
    return sorted({f"{i.source or 'config'}:{i.key}" for i in integs})


def build_data_map(inventory: Inventory, declarations: Declarations, catalogue: Mapping[str, Vendor] | Iterable[Vendor] | None = None) -> nx.DiGraph:
    """Build the data map from what the scan found and what the organisation declares (see the module docstring)."""
    if catalogue is None:
        catalogue = load_vendor_catalogue()
    vendors = dict(catalogue) if isinstance(catalogue, Mapping) else {v.key: v for v in catalogue}
    builder = _Builder(inventory, declarations, vendors)
    builder.scanned()
    builder.activities()
    builder.match_integrations()
    builder.recipients()
    builder.undeclared()
    builder.authorities()
    builder.g.graph["regime"] = builder.regime.name
    builder.g.graph["authority"] = builder.regime.authority
    builder.g.graph["home_label"] = builder.regime.home_label
    if declarations.controller is not None:
        builder.g.graph["title"] = f"Personal data map: {declarations.controller.name}"
    return _sorted_graph(builder.g)
