"""The data map coloured by DPIA risk: which tables, activities and flows carry the risks, and the riskiest paths to recipients.

Each risk lands on the map through its scope: "activity:<key>" on the activity and its edges, "table:<ref>" on the
table, "flow:<recipient or vendor>" on the recipient and the shared_with edges into it. A risk whose scope is on no
node (a config file, a table without personal data) is counted as not on the map. Paths run data category -> table ->
activity -> recipient; a path is as risky as its riskiest node or edge, then as the number of such elements.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, PathPatch
from matplotlib.path import Path as MplPath

from privacy_inventory.datamap.graph import category_group, category_label
from privacy_inventory.dpia.scales import LEVELS
from privacy_inventory.dpia.figures import FONT_PT, INK, LEVEL_STYLE, MUTED, level_of, risk_list
from privacy_inventory.figure_io import (
    MIN_ROW_IN, PRINT_MAX_HEIGHT_IN, clean_label, figure_style, fit_text, layered_canvas, new_figure, save_figure, shorten,
)

MAX_TABLES = 14  # beyond it the least risky tables collapse into one "+K more tables" box
MAX_PATHS = 5
COLUMNS = ("Data categories", "Tables", "Activities and applications", "Recipients")
COLUMN_WEIGHTS = (1.0, 1.1, 1.3, 1.1)
LEVEL_WIDTH = {"": 0.6, "low": 0.8, "medium": 1.2, "high": 1.8, "very high": 2.6}
GREY = "#a5afba"
PATH_COLOUR = "#111111"
_BASE = 8  # > elements on a path (4 nodes + 3 edges): one element of a higher level outweighs any number of lower ones


def _rank(level: str) -> int:
    """0 for no risk, 1 low ... 4 very high."""
    return LEVELS.index(level) + 1 if level in LEVELS else 0


def _worse(a: str, b: str) -> str:
    return a if _rank(a) >= _rank(b) else b


@dataclass
class RiskOverlay:
    """The register laid on the map: the highest level and the risks touching each node and edge."""

    node_level: dict[str, str] = field(default_factory=dict)
    edge_level: dict[tuple[str, str], str] = field(default_factory=dict)
    node_risks: dict[str, list[str]] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)

    def level(self, *elements: Any) -> str:
        """The highest level over nodes (ids) and edges ((u, v) pairs); "" when none carries a risk."""
        out = ""
        for e in elements:
            out = _worse(out, self.edge_level.get(e, "") if isinstance(e, tuple) else self.node_level.get(e, ""))
        return out


@dataclass(frozen=True)
class RiskPath:
    """One data category -> table -> activity -> recipient path and how risky it is."""

    nodes: tuple[str, ...]
    level: str
    weight: int


def scope_targets(graph: nx.DiGraph, scope: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The nodes and edges a risk scope concerns on this map (both empty when it is on none)."""
    kind, _, key = scope.partition(":")
    if kind == "activity" and f"activity:{key}" in graph:
        nid = f"activity:{key}"
        return [nid], sorted(list(graph.in_edges(nid)) + list(graph.out_edges(nid)))
    if kind == "table" and f"table:{key}" in graph:
        return [f"table:{key}"], []
    if kind == "flow":
        nodes = [n for n in (f"recipient:{key}", f"recipient:config.{key}") if n in graph]
        nodes = nodes or sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == "recipient" and d.get("vendor") == key and key)
        edges = sorted((u, v) for n in nodes for u, v, d in graph.in_edges(n, data=True) if d.get("kind") == "shared_with")
        return nodes, edges
    return [], []


def risk_overlay(graph: nx.DiGraph, register: Any) -> RiskOverlay:
    """Map every risk of the register onto the nodes and edges of the data map (levels before measures)."""
    out = RiskOverlay()
    for risk in sorted(risk_list(register), key=lambda r: r.key):
        nodes, edges = scope_targets(graph, risk.scope)
        if not nodes:
            out.unmapped.append(risk.key)
            continue
        level = level_of(risk)
        for n in nodes:
            out.node_level[n] = _worse(out.node_level.get(n, ""), level)
            out.node_risks.setdefault(n, []).append(risk.key)
        for e in edges:
            out.edge_level[e] = _worse(out.edge_level.get(e, ""), level)
    return out


def flow_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """The data-flow part of the map: category -holds-> table -used_for-> activity -shared_with-> recipient."""
    wanted = {("holds", "data_category", "table"), ("used_for", "table", "activity"), ("shared_with", "activity", "recipient")}
    kinds = nx.get_node_attributes(graph, "kind")
    flows = nx.DiGraph()
    for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        if (d.get("kind"), kinds.get(u), kinds.get(v)) in wanted:
            flows.add_edge(u, v)
    return flows


def _carries(graph: nx.DiGraph, activity: str, recipient: str, category: str) -> bool:
    """Whether the activity shares this category with the recipient (the map's `categories` on the shared_with edge)."""
    sent = graph.edges[activity, recipient].get("categories") or []
    if isinstance(sent, str):
        sent = [x for x in sent.replace(";", ",").split(",") if x.strip()]
    return any(c == category or c.startswith(category + ".") or category.startswith(c + ".") for c in (x.strip() for x in sent))


def riskiest_paths(graph: nx.DiGraph, overlay: RiskOverlay, limit: int = MAX_PATHS) -> list[RiskPath]:
    """The riskiest category -> recipient paths: the best path into each recipient, kept when its level is the highest.

    A path follows a flow that exists: its category reaches the recipient only if the activity shares that category
    with it (the `categories` of the map's shared_with edge). A path's weight sums _BASE ** rank over its nodes and
    edges, so the maximum weight is the path with the highest level first, then with most elements at that level;
    ties go to the alphabetically first path. Dynamic programming in topological order, once per category.
    """
    flows = flow_graph(graph)
    kinds = nx.get_node_attributes(graph, "kind")
    keys = nx.get_node_attributes(graph, "key")

    def w(element: Any) -> int:
        rank = _rank(overlay.level(element))
        return _BASE ** rank if rank else 0

    order = list(nx.lexicographical_topological_sort(flows))
    into: dict[str, tuple[int, tuple[str, ...]]] = {}
    for start in sorted(n for n in flows if kinds.get(n) == "data_category"):
        category = str(keys.get(start) or start.split(":", 1)[-1])
        best: dict[str, tuple[int, tuple[str, ...]]] = {start: (w(start), (start,))}
        for v in order:
            if kinds.get(v) == "data_category":
                continue
            options = [(best[u][0] + w((u, v)) + w(v), best[u][1] + (v,)) for u in flows.predecessors(v)
                       if u in best and (kinds.get(v) != "recipient" or _carries(graph, u, v, category))]
            if options:
                best[v] = min(options, key=lambda o: (-o[0], o[1]))  # heaviest, then alphabetically first
        for r in (n for n in best if kinds.get(n) == "recipient"):
            if r not in into or (-best[r][0], best[r][1]) < (-into[r][0], into[r][1]):
                into[r] = best[r]
    found = []
    for r in sorted(into):
        weight, nodes = into[r]
        level = overlay.level(*nodes, *zip(nodes, nodes[1:]))
        if level:
            found.append(RiskPath(nodes, level, weight))
    if not found:
        return []
    top = max(_rank(p.level) for p in found)
    return sorted((p for p in found if _rank(p.level) == top), key=lambda p: (-p.weight, p.nodes))[: max(0, limit)]


@dataclass
class _Box:
    """One drawn box and the graph nodes it stands for."""

    key: str
    column: int
    lines: list[str]
    level: str = ""
    nodes: list[str] = field(default_factory=list)
    dashed: bool = False
    sort: tuple[Any, ...] = ()


def _detail(overlay: RiskOverlay, nodes: list[str]) -> str:
    keys = sorted({k for n in nodes for k in overlay.node_risks.get(n, [])})
    level = overlay.level(*nodes)
    return f"{len(keys)} risk{'s' if len(keys) != 1 else ''} · {level}" if keys else "no risk of its own"


def _boxes(graph: nx.DiGraph, overlay: RiskOverlay, on_path: set[str], max_tables: int, max_recipients: int = 10**6) -> list[_Box]:
    """Categories grouped, tables (the riskiest shown, the rest collapsed), activities with app configs, recipients."""
    kinds = nx.get_node_attributes(graph, "kind")
    boxes: list[_Box] = []
    groups: dict[str, list[str]] = defaultdict(list)
    for u, v, d in graph.edges(data=True):
        if d.get("kind") == "holds" and kinds.get(u) == "data_category":
            groups[category_group(graph.nodes[u].get("key", u))].append(u)
    for group, members in sorted(groups.items()):
        members = sorted(set(members))
        special = any(graph.nodes[m].get("special") for m in members)
        cols = sum(int(graph.nodes[m].get("columns", 0) or 0) for m in members)
        detail = ("Art. 9 · " if special else "") + f"{cols} column{'s' if cols != 1 else ''}"
        boxes.append(_Box(f"c:{group}", 0, [clean_label(category_label(group)), detail], "", members, sort=(group,)))
    tables = sorted((n for n, k in kinds.items() if k == "table"),
                    key=lambda n: (-_rank(overlay.level(n)), n not in on_path, -len(overlay.node_risks.get(n, [])), n))
    several = len({graph.nodes[t].get("system") for t in tables}) > 1
    shown, rest = (tables, []) if len(tables) <= max_tables else (tables[: max_tables - 1], tables[max_tables - 1:])
    for i, t in enumerate(shown):
        data = graph.nodes[t]
        label = f"{data.get('system')}.{data.get('label')}" if several else str(data.get("label", t))
        boxes.append(_Box(t, 1, [clean_label(label), _detail(overlay, [t])], overlay.level(t), [t], sort=(i,)))
    if rest:
        boxes.append(_Box("more:tables", 1, [f"+{len(rest)} more tables", _detail(overlay, rest)], overlay.level(*rest), rest, True,
                          sort=(len(shown),)))
    feeds = {u for u, _, d in graph.edges(data=True) if d.get("kind") == "shared_with" and kinds.get(u) == "system"}
    for n in sorted(n for n, k in kinds.items() if k == "activity" or n in feeds):
        data = graph.nodes[n]
        name = clean_label(data.get("label", n)) + (" (app config)" if n in feeds else "")
        boxes.append(_Box(n, 2, [name, _detail(overlay, [n])], overlay.level(n), [n]))
    recipients = sorted(n for n, k in kinds.items() if k == "recipient")
    keep = set(sorted(recipients, key=lambda n: (-_rank(overlay.level(n)), n not in on_path, n))[: max(1, max_recipients - 1)])
    folded = [] if len(recipients) <= max_recipients else [n for n in recipients if n not in keep]
    for n in (r for r in recipients if r not in folded):
        data = graph.nodes[n]
        detail = _detail(overlay, [n]) + ("" if data.get("declared", True) else " · NOT DECLARED")
        boxes.append(_Box(n, 3, [shorten(clean_label(data.get("label", n)), 34), detail], overlay.level(n), [n]))
    if folded:  # so the figure stays one A4 page that prints at 7 pt or more
        boxes.append(_Box("more:recipients", 3, [f"+{len(folded)} more recipients", _detail(overlay, folded)], overlay.level(*folded), folded, True))
    return boxes


def _links(graph: nx.DiGraph, overlay: RiskOverlay, node_box: dict[str, str]) -> dict[tuple[str, str], str]:
    """Box-to-box links (category-table, table-activity, activity or app-recipient) with the highest level of their edges."""
    links: dict[tuple[str, str], str] = {}
    for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        if d.get("kind") not in ("holds", "used_for", "shared_with"):
            continue
        a, b = node_box.get(u), node_box.get(v)
        if a and b and a != b:
            links[(a, b)] = _worse(links.get((a, b), ""), overlay.edge_level.get((u, v), ""))
    return links


def _order(boxes: list[_Box], links: dict[tuple[str, str], str]) -> dict[int, list[_Box]]:
    """Tables in risk order; categories, activities and recipients follow their neighbours (barycentres), so curves cross less."""
    cols: dict[int, list[_Box]] = defaultdict(list)
    for box in boxes:
        cols[box.column].append(box)
    rank: dict[str, float] = {}
    near: dict[str, list[str]] = defaultdict(list)
    for a, b in links:
        near[a].append(b)
        near[b].append(a)

    def place(col: int, key: Any) -> None:
        cols[col] = sorted(cols[col], key=key)
        for i, box in enumerate(cols[col]):
            rank[box.key] = i / max(len(cols[col]) - 1, 1)

    def bary(box: _Box) -> float:
        known = [rank[k] for k in near[box.key] if k in rank]
        return sum(known) / len(known) if known else 2.0

    place(1, lambda b: b.sort)
    for col in (0, 2, 3):
        place(col, lambda b: (bary(b), b.key))
    return cols


def _curve(ax: Any, x0: float, y0: float, x1: float, y1: float, level: str, highlight: bool) -> None:
    """An S-curve between two boxes, coloured and weighted by risk; a riskiest path is drawn on top in its level's colour, outlined."""
    mid = (x0 + x1) / 2
    path = MplPath([(x0, y0), (mid, y0), (mid, y1), (x1, y1)], [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])
    colour = LEVEL_STYLE[level][1] if level else GREY
    width = LEVEL_WIDTH[level]
    if highlight:
        patch = PathPatch(path, facecolor="none", edgecolor=colour, lw=max(width, 1.8) + 0.6, zorder=2.5,
                          path_effects=[patheffects.Stroke(linewidth=max(width, 1.8) + 2.6, foreground=PATH_COLOUR), patheffects.Normal()])
    else:
        patch = PathPatch(path, facecolor="none", edgecolor=colour, lw=width, alpha=0.55 if level else 0.45, zorder=1)
    ax.add_patch(patch)


def _legend(fig: Figure) -> None:
    handles: list[Any] = [Line2D([0], [0], color=LEVEL_STYLE[lv][1], lw=LEVEL_WIDTH[lv], label=f"{lv.capitalize()} risk")
                          for lv in reversed(LEVELS)]
    handles.append(Line2D([0], [0], color=GREY, lw=LEVEL_WIDTH[""], label="No risk recorded"))
    handles.append(Line2D([0], [0], color=LEVEL_STYLE["high"][1], lw=2.4,
                          path_effects=[patheffects.Stroke(linewidth=4.4, foreground=PATH_COLOUR), patheffects.Normal()], label="Riskiest path"))
    handles.append(Patch(facecolor=LEVEL_STYLE["high"][0], edgecolor=LEVEL_STYLE["high"][1], label="Box: highest risk on it"))
    fig.legend(handles=handles, loc="lower center", ncol=8, fontsize=FONT_PT, frameon=False, bbox_to_anchor=(0.5, 0.005),
               handlelength=2.2, columnspacing=1.3)


def _path_text(graph: nx.DiGraph, path: RiskPath) -> str:
    return " → ".join(clean_label(graph.nodes[n].get("label", n)) for n in path.nodes)


def render_risk_graph(graph: nx.DiGraph, register: Any, *, max_tables: int = MAX_TABLES, max_paths: int = MAX_PATHS,
                      title: str | None = None) -> Figure:
    """Draw the risk-coloured data map on an A4-landscape figure (taller only when a column would squeeze text below 7 pt)."""
    risks = risk_list(register)
    overlay = risk_overlay(graph, risks)
    paths = riskiest_paths(graph, overlay, max_paths)
    on_path = {n for p in paths for n in p.nodes}
    fit_rows = int((PRINT_MAX_HEIGHT_IN - 1.05 - (0.5 + 0.15 * (len(paths) + 1))) / MIN_ROW_IN)
    boxes = _boxes(graph, overlay, on_path, max(2, min(max_tables, fit_rows)), max(2, fit_rows))
    node_box = {n: b.key for b in boxes for n in b.nodes}
    links = _links(graph, overlay, node_box)
    hot: dict[tuple[str, str], str] = {}  # box link -> level of the riskiest path through it
    for p in paths:
        for u, v in zip(p.nodes, p.nodes[1:]):
            if u in node_box and v in node_box:
                hot[(node_box[u], node_box[v])] = _worse(hot.get((node_box[u], node_box[v]), ""), p.level)
    cols = _order(boxes, links)
    top_in, bottom_in = 1.05, 0.5 + 0.15 * (len(paths) + 1)
    canvas = layered_canvas(max([len(c) for c in cols.values()] + [1]), top_in, bottom_in, COLUMN_WEIGHTS)
    fig, ax, usable, row_in, box_h, line = canvas.fig, canvas.ax, canvas.usable, canvas.row_in, canvas.box_h, canvas.line
    width, height = fig.get_figwidth(), fig.get_figheight()
    total = sum(COLUMN_WEIGHTS)
    pos: dict[str, tuple[float, float, float]] = {}
    for col, heading in enumerate(COLUMNS):
        x = sum(COLUMN_WEIGHTS[:col]) + COLUMN_WEIGHTS[col] / 2
        box_w = COLUMN_WEIGHTS[col] * 0.8
        room = (box_w - 0.08) / total * 0.98 * width * fig.dpi
        fig.text(0.01 + 0.98 * x / total, 1 - 0.8 / height, heading, ha="center", va="top", fontsize=FONT_PT + 1.5, weight="bold", color="#333333")
        for i, box in enumerate(cols.get(col, [])):
            y = 0.5 + (len(cols[col]) * row_in / 2 - (i + 0.5) * row_in) / usable
            pos[box.key] = (x, y, box_w)
            face, edge = LEVEL_STYLE[box.level] if box.level else ("#ffffff", "#8a96a3")
            ax.add_patch(FancyBboxPatch((x - box_w / 2, y - box_h / 2), box_w, box_h, boxstyle="round,pad=0,rounding_size=0.025",
                                        facecolor=face, edgecolor=edge, lw=0.6 + _rank(box.level) * 0.3, linestyle="--" if box.dashed else "-",
                                        zorder=3, mutation_aspect=0.25))
            bold = "bold" if set(box.nodes) & on_path else "normal"
            fit_text(ax.text(x, y + line, box.lines[0], ha="center", va="center", fontsize=FONT_PT, zorder=4, weight=bold, color=INK), room)
            alert = "NOT DECLARED" in box.lines[1]
            fit_text(ax.text(x, y - line, box.lines[1], ha="center", va="center", fontsize=FONT_PT, zorder=4,
                             color=LEVEL_STYLE["very high"][1] if alert else "#555555"), room)
    for (a, b), level in sorted(links.items()):
        (x0, y0, w0), (x1, y1, w1) = pos[a], pos[b]
        if x0 < x1:
            _curve(ax, x0 + w0 / 2, y0, x1 - w1 / 2, y1, hot.get((a, b), level), (a, b) in hot)
    for i, p in enumerate(paths, start=1):  # the path's number where it reaches its recipient, as in the list below
        x, y, w = pos[node_box[p.nodes[-1]]]
        ax.text(x - w / 2 - 0.025, y + box_h * 0.55, str(i), ha="right", va="center", fontsize=FONT_PT, weight="bold", color=INK, zorder=5,
                bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white", "edgecolor": PATH_COLOUR, "lw": 0.8})
    if not boxes:
        ax.text(total / 2, 0.5, "No personal data flows on the map", ha="center", va="center", fontsize=FONT_PT + 2, color=MUTED)
    on_map = len(risks) - len(overlay.unmapped)
    fig.text(0.5, 1 - 0.2 / height, title or "Where the risks are: the data map coloured by DPIA risk", ha="center", va="top", fontsize=13, weight="bold")
    fig.text(0.5, 1 - 0.5 / height, f"{len(risks)} risks in the register · {on_map} on this map (levels before measures) · "
             f"{len(overlay.unmapped)} about config files or tables without personal data, not drawn: see the register",
             ha="center", va="top", fontsize=FONT_PT + 0.5, color="#444444")
    y = (bottom_in - 0.1) / height
    lead = f"Riskiest paths from data to recipients ({paths[0].level}):" if paths else "No path from data categories to recipients carries a risk."
    fig.text(0.02, y, lead, ha="left", va="top", fontsize=FONT_PT + 0.5, weight="bold", color=INK)
    for i, p in enumerate(paths, start=1):
        text = fig.text(0.03, y - i * 0.15 / height, f"{i}. {_path_text(graph, p)}", ha="left", va="top", fontsize=FONT_PT, color=INK)
        fit_text(text, 0.95 * width * fig.dpi)
    _legend(fig)
    return fig


def draw_risk_graph(graph: nx.DiGraph, register: Any, path_stem: Path | str, *, max_tables: int = MAX_TABLES, max_paths: int = MAX_PATHS,
                    title: str | None = None) -> list[Path]:
    """Write the risk-coloured data map as `<stem>.svg` and `<stem>.png`, byte-identical across runs."""
    with figure_style():
        return save_figure(render_risk_graph(graph, register, max_tables=max_tables, max_paths=max_paths, title=title), path_stem)
