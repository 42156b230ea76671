"""DPIA figures: marker placement, risk-to-map overlay, riskiest-path selection, deterministic files, hostile titles."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from dpia_helpers import col, declarations, inventory, table, users
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy_inventory.datamap.graph import build_data_map
from privacy_inventory.dpia.register import Register, build_register
from privacy_inventory.dpia.risks import Risk
from privacy_inventory.dpia.figures import (
    GRID_COLS,
    GRID_ROWS,
    MARKER_H,
    MARKER_W,
    draw_risk_heatmap,
    draw_top_risks,
    marker_positions,
    render_risk_heatmap,
    render_top_risks,
    scores,
    top_risks,
)
from privacy_inventory.dpia.risk_graph import draw_risk_graph, render_risk_graph, risk_overlay, riskiest_paths, scope_targets
from privacy_inventory.errors import InventoryError
from privacy_inventory.figure_io import clean_label

HOSTILE = ("<script>alert('x')</script> --> & ]]> $x^2$ \\frac{1}{0} " + "very long title " * 120
           + " Données de santé — 健康データ 🚑 \u202e\n\t\x00 end")


def risk(key: str, sev: int, lik: int, scope: str = "activity:a", title: str | None = None, **extra: object) -> Risk:
    return Risk(key=key, kind=key.split(":")[0], scope=scope, title=title or f"Risk {key}", description="", feared_event="illegitimate access",
                severity=sev, likelihood=lik, **extra)


def _graph() -> nx.DiGraph:
    """Two categories, three tables, two activities, three recipients (one reached only by an app config)."""
    g = nx.DiGraph()
    nodes = [("category:user.contact.email", "data_category", "user.contact.email"), ("category:user.name", "data_category", "user.name"),
             ("table:db.users", "table", "users"), ("table:db.orders", "table", "orders"), ("table:db.notes", "table", "notes"),
             ("activity:sales", "activity", "Sales"), ("activity:ads", "activity", "Advertising"), ("system:web", "system", "web"),
             ("recipient:mailer", "recipient", "Mailer"), ("recipient:adnet", "recipient", "AdNet"), ("recipient:config.pixel", "recipient", "Pixel")]
    for nid, kind, label in nodes:
        g.add_node(nid, kind=kind, key=nid.split(":", 1)[1], label=label, system="db", columns=1, declared=nid != "recipient:config.pixel",
                   vendor="pixel" if nid.endswith("pixel") else "")
    edges = [("category:user.contact.email", "table:db.users", "holds"), ("category:user.name", "table:db.users", "holds"),
             ("category:user.contact.email", "table:db.orders", "holds"), ("category:user.name", "table:db.notes", "holds"),
             ("table:db.users", "activity:sales", "used_for"), ("table:db.orders", "activity:ads", "used_for"),
             ("table:db.notes", "activity:sales", "used_for"), ("activity:sales", "recipient:mailer", "shared_with"),
             ("activity:ads", "recipient:adnet", "shared_with"), ("system:web", "recipient:config.pixel", "shared_with")]
    sent = {("activity:sales", "recipient:mailer"): ["user.contact.email", "user.name"], ("activity:ads", "recipient:adnet"): ["user.contact"]}
    for u, v, kind in edges:
        g.add_edge(u, v, kind=kind, **({"categories": sent[(u, v)]} if (u, v) in sent else {}))
    return g


def _register() -> Register:
    return Register([
        risk("retention:db.orders", 3, 4, "table:db.orders", count=120, residual_severity=1, residual_likelihood=2, residual_level="low"),
        risk("access:sales", 2, 3, "activity:sales", count=1500),
        risk("undisclosed_sharing:pixel", 2, 3, "flow:pixel", count=1),
        risk("secret_in_config:.env:DB", 3, 3, "flow:.env", count=1),
        risk("disappearance:sales", 1, 1, "activity:sales"),
    ])


# ---------------------------------------------------------------- the risk map
def test_one_marker_per_risk_in_its_cell_without_overlap() -> None:
    risks = [risk(f"r:{i}", 1 + i % 4, 1 + (i // 4) % 4) for i in range(23)] + [risk("s:1", 3, 3), risk("s:2", 3, 3)]
    markers = marker_positions(risks)
    assert len(markers) == len(risks)
    assert sorted(m.keys[0] for m in markers) == sorted(r.key for r in risks)
    assert [m.label for m in markers if m.keys == ("r:0",)] == ["1"]  # numbered in register order
    for m in markers:
        original = next(r for r in risks if r.key == m.keys[0])
        assert (m.severity, m.likelihood) == (original.severity, original.likelihood)
        assert abs(m.x - m.likelihood) + MARKER_W / 2 <= 0.5 and abs(m.y - m.severity) + MARKER_H / 2 <= 0.5
    for i, a in enumerate(markers):
        for b in markers[i + 1:]:
            assert abs(a.x - b.x) >= MARKER_W or abs(a.y - b.y) >= MARKER_H, f"{a.label} overlaps {b.label}"
    assert marker_positions(risks) == markers  # deterministic


def test_a_crowded_cell_ends_in_a_plus_k_marker() -> None:
    risks = [risk(f"r:{i:02d}", 2, 3) for i in range(GRID_COLS * GRID_ROWS + 6)]
    markers = marker_positions(risks)
    assert len(markers) == GRID_COLS * GRID_ROWS
    assert markers[-1].label == "+7" and len(markers[-1].keys) == 7 and markers[-1].keys[0] == "r:19"
    assert len(marker_positions(risks[:3])) == 3 and not any(m.label.startswith("+") for m in marker_positions(risks[:3]))


def test_after_measures_uses_the_residual_or_marks_the_risk_as_not_yet_assessed() -> None:
    reviewed = risk("a:1", 4, 3, residual_severity=1, residual_likelihood=1)
    open_ = risk("a:2", 3, 3)
    after = {m.keys[0]: m for m in marker_positions([reviewed, open_], after=True)}
    assert (after["a:1"].severity, after["a:1"].likelihood, after["a:1"].assumed) == (1, 1, False)
    assert (after["a:2"].severity, after["a:2"].likelihood, after["a:2"].assumed) == (3, 3, True)
    before = {m.keys[0]: m for m in marker_positions([reviewed, open_])}
    assert (before["a:1"].severity, before["a:1"].likelihood) == (4, 3) and not before["a:2"].assumed
    assert scores(risk("a:3", 2, 2, residual_likelihood=1), after=True) == (2, 1, False)  # half a residual keeps the other score


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 4)), max_size=60))
def test_markers_never_leave_their_cell(cells: list[tuple[int, int]]) -> None:
    risks = [risk(f"r:{i}", s, lk) for i, (s, lk) in enumerate(cells)]
    markers = marker_positions(risks)
    assert sum(len(m.keys) for m in markers) == len(risks)
    assert all(abs(m.x - m.likelihood) < 0.5 and abs(m.y - m.severity) < 0.5 for m in markers)


def test_top_risks_by_level_then_score() -> None:
    risks = [risk("a", 2, 4), risk("b", 3, 4), risk("c", 4, 1), risk("d", 3, 3), risk("e", 1, 1)]
    assert [r.key for r in top_risks(Register(risks), 4)] == ["b", "d", "a", "c"]  # very high; high 9 before high 8; medium
    assert [r.key for r in top_risks(risks, 0)] == []


# ---------------------------------------------------------------- the risk graph
def test_scopes_land_on_their_nodes_and_edges() -> None:
    g = _graph()
    nodes, edges = scope_targets(g, "activity:sales")
    assert nodes == ["activity:sales"] and ("table:db.users", "activity:sales") in edges and ("activity:sales", "recipient:mailer") in edges
    assert scope_targets(g, "table:db.orders") == (["table:db.orders"], [])
    assert scope_targets(g, "flow:pixel") == (["recipient:config.pixel"], [("system:web", "recipient:config.pixel")])
    assert scope_targets(g, "flow:.env") == ([], []) and scope_targets(g, "table:db.missing") == ([], [])
    overlay = risk_overlay(g, _register())
    assert overlay.node_level["table:db.orders"] == "very high" and overlay.node_level["activity:sales"] == "medium"
    assert overlay.edge_level[("activity:sales", "recipient:mailer")] == "medium"
    assert ("category:user.contact.email", "table:db.orders") not in overlay.edge_level  # a table risk colours the table only
    assert overlay.unmapped == ["secret_in_config:.env:DB"]
    assert sorted(overlay.node_risks["activity:sales"]) == ["access:sales", "disappearance:sales"]


def test_riskiest_path_goes_through_the_riskiest_table() -> None:
    g = _graph()
    paths = riskiest_paths(g, risk_overlay(g, _register()))
    assert [p.nodes for p in paths] == [("category:user.contact.email", "table:db.orders", "activity:ads", "recipient:adnet")]
    assert paths[0].level == "very high"
    # with only the activity risk, both sales paths tie on level; more risky elements win, then the alphabetical one
    only_sales = riskiest_paths(g, risk_overlay(g, [risk("access:sales", 2, 3, "activity:sales")]))
    assert [p.nodes for p in only_sales] == [("category:user.contact.email", "table:db.users", "activity:sales", "recipient:mailer")]
    assert riskiest_paths(g, risk_overlay(g, [])) == []
    assert riskiest_paths(g, risk_overlay(g, [risk("x:1", 3, 3, "flow:pixel")])) == []  # an app-config flow has no category path


def test_riskiest_paths_follow_flows_that_exist() -> None:
    g = _graph()
    g.edges["activity:sales", "recipient:mailer"]["categories"] = ["user.name"]  # the mailer never receives e-mail addresses
    only_sales = riskiest_paths(g, risk_overlay(g, [risk("retention:db.users", 3, 4, "table:db.users")]))
    assert all(p.nodes[0] == "category:user.name" for p in only_sales if p.nodes[-1] == "recipient:mailer")
    assert ("category:user.contact.email", "table:db.users", "activity:sales", "recipient:mailer") not in [p.nodes for p in only_sales]
    g.edges["activity:sales", "recipient:mailer"]["categories"] = []  # nothing known to reach it: no path at all
    assert not [p for p in riskiest_paths(g, risk_overlay(g, [risk("retention:db.users", 3, 4, "table:db.users")])) if p.nodes[-1] == "recipient:mailer"]


def test_more_risky_elements_outweigh_the_alphabet() -> None:
    g = _graph()
    reg = [risk("access:sales", 2, 3, "activity:sales"), risk("special:db.notes", 2, 3, "table:db.notes")]
    (path,) = riskiest_paths(g, risk_overlay(g, reg))
    assert path.nodes == ("category:user.name", "table:db.notes", "activity:sales", "recipient:mailer") and path.level == "medium"


# ---------------------------------------------------------------- files
def _check_pair(first: list[Path], second: list[Path]) -> None:
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
    _check_files(first)


def _check_files(paths: list[Path]) -> None:
    assert [p.suffix for p in paths] == [".svg", ".png"]
    assert all(p.stat().st_size > 10_000 for p in paths)
    assert paths[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = paths[0].read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed XML whatever the titles held
    assert "<script" not in svg.lower() and "Date" not in svg and "Matplotlib v" not in svg


def test_files_are_deterministic(tmp_path: Path) -> None:
    g, reg = _graph(), _register()
    for draw in (lambda stem: draw_risk_heatmap(reg, stem), lambda stem: draw_top_risks(reg, stem, n=3),
                 lambda stem: draw_risk_graph(g, reg, stem)):
        _check_pair(draw(tmp_path / "a" / "fig"), draw(tmp_path / "b" / "fig"))


def test_built_from_a_real_inventory_and_register(tmp_path: Path) -> None:
    inv = inventory(users(6000, col("pw", "user.authorization.password", ("plaintext_password",), {"plaintext_passwords": 40})),
                    table("notes", col("body", "user.content.private", ("special:health",))))
    decl = declarations({"key": "shop", "name": "Shop", "tables": ["users"], "recipients": ["p"]},
                        recipients=({"key": "p", "name": "Partner", "role": "processor", "type": "ad_network", "country": "ZZ",
                                     "transfer_safeguard": "none"},))
    reg, g = build_register(inv, decl), build_data_map(inv, decl, [])
    paths = riskiest_paths(g, risk_overlay(g, reg))
    assert paths and paths[0].nodes[1:] == ("table:app.users", "activity:shop", "recipient:p")
    labels = {t.get_text() for ax in render_risk_graph(g, reg).axes for t in ax.texts}
    assert "users" in labels and "notes" in labels and "Partner" in labels
    _check_pair(draw_risk_graph(g, reg, tmp_path / "a" / "g"), draw_risk_graph(g, reg, tmp_path / "b" / "g"))


def _texts_inside(fig) -> None:  # noqa: ANN001 - a matplotlib Figure
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    for text in fig.texts + [t for ax in fig.axes for t in ax.texts]:
        box = text.get_window_extent(renderer)
        assert box.x0 >= -1 and box.x1 <= width + 1, f"text runs off the page: {text.get_text()[:40]!r}"
        assert "\n" not in text.get_text() or text.get_text().count("\n") <= 2


def test_hostile_titles_do_not_break_drawing(tmp_path: Path) -> None:
    g = _graph()
    g.nodes["activity:sales"]["label"] = HOSTILE
    g.nodes["recipient:mailer"]["label"] = "<b>Mailer</b> $5"
    reg = Register([risk("access:sales:hostile", 4, 4, "activity:sales", title=HOSTILE, count=10**9, residual_severity=2, residual_likelihood=1),
                    Risk(key="x:<script>", kind="x", scope="table:db.users", title="", description="", feared_event="", severity=9,
                         likelihood=-3, level="not a level")] + list(_register().risks))
    figures = (render_risk_heatmap(reg), render_top_risks(reg), render_risk_graph(g, reg))
    for fig in figures:
        _texts_inside(fig)
    labels = [t.get_text() for t in figures[1].axes[0].texts]
    assert "#2  x:<script>" in labels  # no title: the key names it; out-of-scale scores are clamped, not raised
    assert any(t.startswith("#1  <script>alert") and t.endswith("…") for t in labels)  # a long title is cut to fit
    _check_files(draw_risk_heatmap(reg, tmp_path / "h"))
    _check_files(draw_top_risks(reg, tmp_path / "t"))
    _check_files(draw_risk_graph(g, reg, tmp_path / "g"))


def test_clean_label_keeps_one_printable_line() -> None:
    assert clean_label("a\nb\t\x00c\u202ed") == "a b c d"
    assert clean_label("Données 健") == "Données ?"  # DejaVu Sans has no CJK glyph
    assert clean_label("<script>") == "<script>"  # escaping is the SVG writer's job; the SVG test checks it


def test_empty_register_still_draws(tmp_path: Path) -> None:
    for paths in (draw_risk_heatmap(Register([]), tmp_path / "h"), draw_top_risks(Register([]), tmp_path / "t"),
                  draw_risk_graph(nx.DiGraph(), Register([]), tmp_path / "g")):
        assert all(p.stat().st_size > 5_000 for p in paths)


def test_an_unwritable_path_is_an_inventory_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InventoryError) as err:
        draw_top_risks(_register(), blocker / "sub" / "top")
    assert "\n" not in str(err.value) and "cannot write the figure" in str(err.value)
