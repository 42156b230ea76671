"""The data map: graph shape, DPO queries, findings, deterministic exports and a legible figure."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from privacy_inventory.datamap.graph import EDGE_KINDS, LAYER, NODE_KINDS, build_data_map, write_graphml, write_node_link_json
from privacy_inventory.datamap.figure import draw_data_map, render
from privacy_inventory.datamap.queries import (
    activities_using,
    categories_reaching,
    data_map_findings,
    recipients_of,
    tables_holding,
    transfers_abroad,
)
from privacy_inventory.declarations import Declarations, ProcessingActivity, Recipient
from privacy_inventory.findings import Finding
from privacy_inventory.models import ColumnScan, Integration, Inventory, SourceScan, TableScan
from privacy_inventory.vendors import Detection, Vendor

ROOT = Path(__file__).resolve().parents[1]
CANARY = "canary.person@example.org"


def _col(name: str, category: str | None = None, flags: tuple[str, ...] = ()) -> ColumnScan:
    return ColumnScan(name=name, data_type="TEXT", category=category, flags=list(flags), evidence=f"values like {CANARY}")


def _inventory() -> Inventory:
    tables = [
        TableScan(schema=None, name="customers", columns=[_col("id"), _col("email", "user.contact.email"), _col("full_name", "user.name"),
                                                           _col("religion", "user.demographic.religious_belief")]),
        TableScan(schema=None, name="orders", columns=[_col("ip", "user.device.ip_address"), _col("cookie", "user.device.cookie_id"), _col("amount")]),
        TableScan(schema=None, name="hidden_notes", columns=[_col("phone", "user.contact.phone_number")]),
        TableScan(schema=None, name="health_log", columns=[_col("condition", "user.health_and_medical")]),
        TableScan(schema=None, name="products", columns=[_col("sku"), _col("api_key", "system.authentication")]),
    ]
    integrations = [
        Integration(source="webapp", file="app.yaml", key="ads.adnetco.id", vendor="adnetco", role="independent_controller", country="US",
                    categories=["user.device.cookie_id"]),
        Integration(source="webapp", file="app.yaml", key="analytics.trackr", vendor="trackr", role="processor", country="US",
                    purposes=["analytics.reporting"], categories=["user.device.ip_address"]),
    ]
    return Inventory(sources=[SourceScan(name="shop", dialect="sqlite", url="sqlite:///shop.db", tables=tables)], integrations=integrations)


def _declarations(**changes: object) -> Declarations:
    activities = [
        ProcessingActivity(key="sales", name="Sales", purposes=["essential.service"], legal_basis="contract", data_subjects=["customer"],
                           data_categories=["user.contact", "user.financial.bank_account"], tables=["customers", "shop.orders"],
                           recipients=["mailer", "adnet"], systems=["crm"]),
        ProcessingActivity(key="ads", name="Advertising", purposes=["marketing.advertising"], legal_basis="consent", data_subjects=["customer"],
                           tables=["orders"], recipients=["adnet"]),
    ]
    recipients = [
        Recipient(key="mailer", name="Mailer Ltd", role="processor", type="email_service", country="IE", categories=["user.contact.email"]),
        Recipient(key="adnet", name="AdNet Inc", role="independent_controller", type="ad_network", country="US", transfer_safeguard="none",
                  vendor="adnetco"),
        Recipient(key="police", name="Police", role="public_authority", type="authority", country="DE"),
    ]
    return Declarations(activities=changes.get("activities", activities), recipients=changes.get("recipients", recipients))


CATALOGUE = [
    Vendor(key="adnetco", name="AdNet Co", role="independent_controller", country="US", family="ad_network",
           purposes=["marketing.advertising"], categories=["user.device"], detection=Detection(keys=["adnet"])),
    Vendor(key="trackr", name="Trackr", role="processor", country="US", family="analytics", purposes=["analytics.reporting"],
           categories=["user.device.ip_address"], detection=Detection(keys=["trackr"])),
]


@pytest.fixture()
def graph() -> nx.DiGraph:
    return build_data_map(_inventory(), _declarations(), CATALOGUE)


def test_nodes_and_edges_are_typed_and_flow_left_to_right(graph: nx.DiGraph) -> None:
    assert {d["kind"] for _, d in graph.nodes(data=True)} == set(NODE_KINDS)
    assert {d["kind"] for _, _, d in graph.edges(data=True)} == set(EDGE_KINDS)
    for node in ("subject:customer", "category:user.contact.email", "table:shop.customers", "system:shop", "system:crm",
                 "activity:sales", "recipient:adnet", "recipient:trackr", "country:US", "country:IE"):
        assert node in graph and graph.nodes[node]["label"], node
    assert graph.edges["subject:customer", "category:user.contact.email"]["kind"] == "about"
    assert graph.edges["category:user.contact.email", "table:shop.customers"]["kind"] == "holds"
    assert graph.edges["table:shop.customers", "system:shop"]["kind"] == "part_of"
    assert graph.edges["table:shop.orders", "activity:ads"]["kind"] == "used_for"
    assert graph.edges["system:crm", "activity:sales"]["kind"] == "used_for"
    assert graph.edges["activity:sales", "recipient:mailer"]["kind"] == "shared_with"
    adnet = graph.edges["recipient:adnet", "country:US"]
    assert {k: adnet[k] for k in ("kind", "safeguard", "outside", "ok", "basis")} == {
        "kind": "transferred_to", "safeguard": "none", "outside": True, "ok": False, "basis": "none"}
    assert adnet["transfer"].startswith("no safeguard: United States is adequate under EU GDPR only for recipients certified")
    assert graph.edges["recipient:mailer", "country:IE"]["outside"] is False
    for u, v in graph.edges:
        assert LAYER[graph.nodes[u]["kind"]] <= LAYER[graph.nodes[v]["kind"]], (u, v)


def test_categories_come_from_the_scan_plus_declared_ones_not_found(graph: nx.DiGraph) -> None:
    cats = {d["key"]: d for _, d in graph.nodes(data=True) if d["kind"] == "data_category"}
    assert cats["user.contact.email"]["found"] is True and cats["user.contact.email"]["columns"] == 1
    assert cats["user.financial.bank_account"]["found"] is False
    assert "user.contact" not in cats  # declared, but found through its sub-categories
    assert cats["user.demographic.religious_belief"]["special"] is True and cats["user.name"]["special"] is False
    assert not any(k.startswith("system.") for k in cats)  # not personal data
    assert "table:shop.products" not in graph  # holds no personal data
    assert graph.nodes["table:shop.customers"]["columns"] == 3


def test_shared_categories_are_found_data_narrowed_to_what_the_recipient_receives(graph: nx.DiGraph) -> None:
    mailer = graph.edges["activity:sales", "recipient:mailer"]
    assert mailer["categories"] == ["user.contact.email"] and mailer["basis"] == ["scan"]
    adnet = graph.edges["activity:ads", "recipient:adnet"]  # vendor catalogue: adnetco receives user.device
    assert adnet["categories"] == ["user.device.cookie_id", "user.device.ip_address"] and adnet["basis"] == ["config", "scan"]
    assert graph.nodes["recipient:adnet"]["integrations"] == ["webapp:ads.adnetco.id"]
    assert "recipient:adnetco" not in graph  # the integration joined the declared recipient with that vendor key
    trackr = graph.nodes["recipient:trackr"]
    assert trackr["declared"] is False and trackr["type"] == "analytics"
    assert graph.edges["system:webapp", "recipient:trackr"]["categories"] == ["user.device.ip_address"]
    assert not any(v == "recipient:police" for _, v in graph.edges)  # declared, shared with by no activity


def test_queries(graph: nx.DiGraph) -> None:
    reach = categories_reaching(graph, "ad_network")
    assert [r["category"] for r in reach] == ["user.device.cookie_id", "user.device.ip_address"]
    assert all(r["recipients"] == ["adnet"] for r in reach)
    assert [r["category"] for r in categories_reaching(graph, "processor")] == ["user.contact.email", "user.device.ip_address"]
    assert categories_reaching(graph, "joint_controller") == []

    transfers = transfers_abroad(graph)
    assert [(t["recipient"], t["country"], t["safeguard"]) for t in transfers] == [("adnet", "US", "none"), ("trackr", "US", "none")]
    assert transfers[1]["categories"] == ["user.device.ip_address"] and transfers[1]["declared"] is False

    assert [t["table"] for t in tables_holding(graph, "user.contact")] == ["shop.customers", "shop.hidden_notes"]
    assert [t["table"] for t in tables_holding(graph, "user.contact.email")] == ["shop.customers"]
    assert tables_holding(graph, "user.financial") == []

    assert [r["recipient"] for r in recipients_of(graph, "user.device")] == ["adnet", "trackr"]
    assert [r["recipient"] for r in recipients_of(graph, "user.contact")] == ["mailer"]
    assert recipients_of(graph, "user.health_and_medical") == []

    for name in ("orders", "shop.orders", "table:shop.orders"):
        assert [a["activity"] for a in activities_using(graph, name)] == ["ads", "sales"]
    assert activities_using(graph, "hidden_notes") == [] and activities_using(graph, "no_such_table") == []


def test_findings_flag_what_the_dpo_must_act_on(graph: nx.DiGraph) -> None:
    findings = {f.key: f for f in data_map_findings(graph, _inventory(), _declarations())}
    assert findings["datamap.undeclared-table.shop.health_log"].severity == "high"  # special category
    assert findings["datamap.undeclared-table.shop.hidden_notes"].severity == "medium"
    assert findings["datamap.undeclared-table.shop.hidden_notes"].count == 1
    assert findings["datamap.undeclared-recipient.trackr"].kind == "undeclared_recipient"
    assert findings["datamap.transfer-without-safeguard.adnet.US"].severity == "high"
    assert findings["datamap.transfer-without-safeguard.trackr.US"].subjects == ["Trackr"]
    assert findings["datamap.declared-category-not-found.user.financial.bank_account"].severity == "low"
    assert findings["datamap.declared-category-not-found.user.financial.bank_account"].subjects == ["Sales"]
    # negatives: covered tables, declared recipients, safe or EEA transfers, found categories
    for key in ("datamap.undeclared-table.shop.customers", "datamap.undeclared-table.shop.orders", "datamap.undeclared-table.shop.products",
                "datamap.undeclared-recipient.adnet", "datamap.transfer-without-safeguard.mailer.IE",
                "datamap.declared-category-not-found.user.contact"):
        assert key not in findings
    assert all(f.source == "datamap" and CANARY not in f.detail + f.title for f in findings.values())
    severities = [f.severity for f in data_map_findings(graph, _inventory(), _declarations())]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)


def test_a_tidy_organisation_has_no_findings() -> None:
    base = _declarations()
    everything = ProcessingActivity(key="all", name="All", purposes=["essential.service"], legal_basis="contract", data_subjects=["customer"],
                                    art9_condition="h", tables=["shop.*"], recipients=["trackr"])
    recipients = [r.model_copy(update={"transfer_safeguard": "sccs"}) if r.key == "adnet" else r for r in base.recipients]
    recipients.append(Recipient(key="trackr", name="Trackr", role="processor", type="analytics", country="US", transfer_safeguard="sccs", vendor="trackr"))
    sales = base.activities[0].model_copy(update={"data_categories": ["user.contact"]})
    decl = _declarations(activities=[sales, base.activities[1], everything], recipients=recipients)
    g = build_data_map(_inventory(), decl, CATALOGUE)
    assert data_map_findings(g, _inventory(), decl) == []
    assert transfers_abroad(g)[0]["safeguard"] == "sccs"


def test_empty_inputs_give_an_empty_map_and_still_draw(tmp_path: Path) -> None:
    g = build_data_map(Inventory(), Declarations(), [])
    assert g.number_of_nodes() == 0 and data_map_findings(g, Inventory(), Declarations()) == []
    assert all(p.stat().st_size > 1000 for p in draw_data_map(g, tmp_path / "empty"))


def test_finding_rejects_an_unknown_severity() -> None:
    with pytest.raises(ValueError):
        Finding(key="k", kind="x", severity="critical", title="t", detail="d")


def test_exports_are_byte_identical_and_readable(tmp_path: Path) -> None:
    outs = []
    for run in ("a", "b"):
        g = build_data_map(_inventory(), _declarations(), CATALOGUE)
        outs.append((write_graphml(g, tmp_path / run / "map.graphml"), write_node_link_json(g, tmp_path / run / "map.json")))
    for first, second in zip(*outs):
        assert first.read_bytes() == second.read_bytes()
    back = nx.read_graphml(outs[0][0])
    assert back.nodes["table:shop.customers"]["categories"] == "user.contact.email;user.demographic.religious_belief;user.name"
    assert back.edges["recipient:adnet", "country:US"]["outside"] is True
    data = json.loads(outs[0][1].read_text(encoding="utf-8"))
    assert [n["id"] for n in data["nodes"]] == sorted(n["id"] for n in data["nodes"])
    assert next(n for n in data["nodes"] if n["id"] == "table:shop.customers")["categories"][0] == "user.contact.email"
    for path in outs[0]:
        assert CANARY not in path.read_text(encoding="utf-8")


def test_figure_is_deterministic_and_legible(tmp_path: Path, graph: nx.DiGraph) -> None:
    first = draw_data_map(graph, tmp_path / "a" / "map")
    second = draw_data_map(graph, tmp_path / "b" / "map")
    assert [p.suffix for p in first] == [".svg", ".png"]
    for a, b in zip(first, second):
        assert a.stat().st_size > 10_000 and a.read_bytes() == b.read_bytes()
    assert first[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fig = render(graph)
    assert tuple(round(x, 2) for x in fig.get_size_inches()) == (11.69, 8.27)
    renderer = fig.canvas.get_renderer()
    texts = [t for ax in fig.axes for t in ax.texts]
    labels = {t.get_text() for t in texts}
    assert {"Trackr", "NOT DECLARED", "Sales", "customers", "US", "(certified only)"} <= labels
    assert all(t.get_fontsize() >= 7 for t in texts)
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "labels overlap"


def test_many_tables_collapse_into_a_more_box() -> None:
    cols = [_col(f"email_{i}", "user.contact.email") for i in range(3)]
    tables = [TableScan(schema=None, name=f"t{i:02d}", columns=cols[: 1 + i % 3]) for i in range(30)]
    inv = Inventory(sources=[SourceScan(name="big", dialect="sqlite", url="sqlite:///big.db", tables=tables)])
    g = build_data_map(inv, Declarations(), [])
    labels = {t.get_text() for ax in render(g, max_tables=8).axes for t in ax.texts}
    assert "+23 more tables" in labels and "t02" in labels and "t00" not in labels  # the biggest tables are shown


def test_imvbox_demo(imvbox_db: Path) -> None:
    """The embedded demo: ad networks receive device identifiers, and data leaves the EEA."""
    from privacy_inventory.declarations_io import load_declarations
    from privacy_inventory.scan.database import ScanOptions, scan_source
    from privacy_inventory.scan.sources import parse_source

    decl_dir = ROOT / "inventory" / "imvbox"
    if not (decl_dir / "activities.yaml").exists():
        pytest.skip("IMVBox declarations not written yet")
    source = scan_source(parse_source(f"sqlite:///{imvbox_db}"), ScanOptions(progress=False))
    inventory = Inventory(sources=[source])
    declarations = load_declarations(decl_dir)
    g = build_data_map(inventory, declarations)
    reach = {r["category"] for r in categories_reaching(g, "ad_network")}
    assert any(c.startswith("user.device.") for c in reach), reach
    assert transfers_abroad(g)
    assert activities_using(g, "accounts")
    assert tables_holding(g, "user.contact")
    kinds = {f.kind for f in data_map_findings(g, inventory, declarations)}
    assert "undeclared_processing" in kinds  # e.g. the forgotten legacy_users_2015 table


def test_node_link_json_reads_back_into_the_same_map(tmp_path) -> None:
    import networkx as nx

    from privacy_inventory.datamap.graph import node_link, read_node_link_json, write_node_link_json
    from privacy_inventory.errors import InventoryError

    g = nx.DiGraph(title="map")
    g.add_node("category:user.contact.email", kind="data_category", label="Email", found=True)
    g.add_node("recipient:x", kind="recipient", label="X", integrations=["app:a.b", "app:c"])
    g.add_edge("category:user.contact.email", "recipient:x", kind="shared_with", categories=["user.contact.email"])
    path = write_node_link_json(g, tmp_path / "map.json")
    assert node_link(read_node_link_json(path)) == node_link(g)
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    for bad in (tmp_path / "missing.json", tmp_path / "bad.json"):
        try:
            read_node_link_json(bad)
        except InventoryError as exc:
            assert str(bad) in str(exc)
        else:
            raise AssertionError("no error")
