"""The data map as one A4-landscape picture a stakeholder can read: columns left to right, grouped, coloured, no hairball.

Drawn on a bare Figure with the Agg canvas, so importing this never changes a notebook's pyplot backend.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, PathPatch
from matplotlib.path import Path as MplPath

from privacy_inventory.datamap.counts import map_counts
from privacy_inventory.datamap.graph import category_group, category_label, from_disclosure_log, is_undeclared
from privacy_inventory.figure_io import A4_LANDSCAPE, MIN_ROW_IN, figure_style, layered_canvas, new_figure, save_figure
from privacy_inventory.figure_io import clean_label, fit_text as _fit, shorten as _short, wrap_label as _wrap

FONT_PT = 7.5
DETAIL_PT = 7.5  # printed at >= 93% of its size, every label stays >= 7 pt
BOX_WIDTH = 0.84  # of a column: the rest is room for the curves
COLUMN_WEIGHTS = (0.75, 1.05, 1.05, 1.35, 1.1, 0.7)  # relative widths: activity names are the longest labels
MAX_TABLES = 10  # per system; the rest collapse into one "+K more" box
COLUMNS = ("Data subjects", "Data categories", "Systems and tables", "Processing activities", "Recipients", "Countries")
ROLE_COLOURS = {
    "processor": ("#d6e9f8", "#2b6ca3", "Processor"),
    "independent_controller": ("#fde3c8", "#b25d0e", "Independent controller"),
    "joint_controller": ("#e6dcf3", "#6a3d9a", "Joint controller"),
    "public_authority": ("#e3e3e3", "#555555", "Public authority"),
    "undeclared": ("#fbd0d0", "#c0392b", "Undeclared (found in config)"),
}
STYLE = {  # kind -> (face, edge)
    "subject": ("#eef4ea", "#4d7c3a"),
    "category": ("#f4f4f4", "#6b6b6b"),
    "special": ("#fde2e4", "#c0392b"),
    "missing": ("#ffffff", "#9a9a9a"),
    "system": ("#dfe7ef", "#34495e"),
    "table": ("#ffffff", "#7f8c9a"),
    "more": ("#ffffff", "#b0b0b0"),
    "activity": ("#fff6d5", "#9a7d0a"),
    "home": ("#dff0e3", "#2e7d4f"),
    "adequacy": ("#fff1cc", "#a07800"),
    "third": ("#fbd0d0", "#c0392b"),
}
EDGE_GREY = "#9aa5b1"
ALERT = "#c0392b"


@dataclass
class _Box:
    """One drawn box: which column, its label lines, colours and the graph nodes it stands for."""

    key: str
    column: int
    lines: list[str]
    style: tuple[str, str]
    dashed: bool = False
    bold: bool = False
    sort: tuple[Any, ...] = ()
    y: float = 0.0


@dataclass
class _Picture:
    boxes: dict[str, _Box] = field(default_factory=dict)
    edges: dict[tuple[str, str], str] = field(default_factory=dict)  # (from, to) -> colour
    node_box: dict[str, str] = field(default_factory=dict)  # graph node id -> box key

    def add(self, box: _Box, nodes: list[str]) -> None:
        """Register a box and the graph nodes it stands for."""
        self.boxes.setdefault(box.key, box)
        for n in nodes:
            self.node_box[n] = box.key

    def link(self, u: str, v: str, colour: str = EDGE_GREY) -> None:
        """Link the boxes of two graph nodes once; an alert colour wins over grey."""
        a, b = self.node_box.get(u), self.node_box.get(v)
        if a and b and a != b:
            if self.edges.get((a, b)) != ALERT:
                self.edges[(a, b)] = colour


def _nodes(g: nx.DiGraph, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """Nodes of one kind, sorted by id (determinism)."""
    return sorted((n, d) for n, d in g.nodes(data=True) if d.get("kind") == kind)


def _categories(g: nx.DiGraph, pic: _Picture) -> None:
    """Collapse categories to their second level (special categories keep their own highlighted box)."""
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for nid, data in _nodes(g, "data_category"):
        group = data["key"] if data.get("special") and category_group(data["key"]) != data["key"] else category_group(data["key"])
        groups[group].append((nid, data))
    for group, members in sorted(groups.items()):
        special = any(d.get("special") for _, d in members)
        found = [d for _, d in members if d.get("found")]
        label = category_label(group) if not (special and len(members) == 1) else members[0][1]["label"]
        columns = sum(int(d.get("columns", 0)) for _, d in members)
        detail = f"{len(members)} categories" if len(members) > 1 else "1 category"
        detail += f" · {columns} column{'s' if columns != 1 else ''}" if columns else ""
        if special:
            detail = f"Art. 9 · {columns} column{'s' if columns != 1 else ''}"
        if not found:
            detail = "declared, not found"
        style = STYLE["special"] if special else STYLE["category" if found else "missing"]
        pic.add(_Box(f"c:{group}", 1, [_short(label)] + [detail], style, dashed=not found, sort=(group,)), [n for n, _ in members])


def _tables(g: nx.DiGraph, pic: _Picture, max_tables: int) -> None:
    """Tables grouped under their system; beyond `max_tables` per system the smallest collapse into "+K more"."""
    by_system: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for nid, data in _nodes(g, "table"):
        by_system[data["system"]].append((nid, data))
    for sid, sdata in _nodes(g, "system"):
        tables = sorted(by_system.get(sdata["key"], []), key=lambda t: (-t[1]["columns"], t[1]["key"]))
        notes = [w for w, on in (("scanned", sdata.get("scanned")), ("declared", sdata.get("declared")), ("app config", sdata.get("in_config"))) if on]
        detail = f"{len(tables)} tables with personal data" if tables else " · ".join(notes) or "system"
        feeds_activity = any(d.get("kind") == "used_for" for _, _, d in g.out_edges(sid, data=True))
        column = 3 if not tables and not feeds_activity and sdata.get("in_config") else 2  # config-only: sits with activities
        if column == 3:
            detail = "app config, no activity"
        pic.add(_Box(f"s:{sdata['key']}", column, _wrap(sdata["label"], lines=1) + [detail], STYLE["system"], bold=True,
                     sort=(sdata["key"], 0)), [sid])
        shown, rest = (tables, []) if len(tables) <= max_tables else (tables[: max_tables - 1], tables[max_tables - 1:])
        for i, (tid, tdata) in enumerate(shown):
            cols = tdata["columns"]
            style = STYLE["special"] if tdata.get("special") else STYLE["table"]
            lines = [_short(tdata["label"]), f"{cols} personal column{'s' if cols != 1 else ''}"]
            pic.add(_Box(f"t:{tid}", 2, lines, style, sort=(sdata["key"], 1, i)), [tid])
        if rest:
            cols = sum(t["columns"] for _, t in rest)
            pic.add(_Box(f"m:{sdata['key']}", 2, [f"+{len(rest)} more tables", f"{cols} personal columns"], STYLE["more"], dashed=True,
                         sort=(sdata["key"], 2)), [t for t, _ in rest])


def _right_side(g: nx.DiGraph, pic: _Picture) -> None:
    """Subjects, activities, recipients (coloured by role) and countries (coloured by transfer status)."""
    for nid, d in _nodes(g, "data_subject"):
        pic.add(_Box(f"p:{d['key']}", 0, _wrap(d["label"]), STYLE["subject"]), [nid])
    for nid, d in _nodes(g, "activity"):
        basis = str(d.get("legal_basis", "")).replace("_", " ")
        art9 = f" · Art. 9(2)({d['art9_condition']})" if d.get("art9_condition") else ""
        pic.add(_Box(f"a:{d['key']}", 3, [_short(d["label"]), f"{basis}{art9}" if basis else "activity"], STYLE["activity"], sort=(d["key"],)), [nid])
    for nid, d in _nodes(g, "recipient"):
        recorded = from_disclosure_log(d)
        face, edge, _ = ROLE_COLOURS["undeclared" if not d.get("declared") and not recorded else d.get("role", "processor")]
        detail = "disclosures in data" if recorded else "NOT DECLARED" if not d.get("declared") else d.get("type", "").replace("_", " ")
        pic.add(_Box(f"r:{d['key']}", 4, _wrap(d["label"], lines=1) + [detail], (face, edge), bold=not d.get("declared")), [nid])
    for nid, d in _nodes(g, "country"):
        style = STYLE["home"] if d.get("home") else STYLE["adequacy" if d.get("adequacy") else "third"]
        code, _, status = str(d["label"]).partition(" (")
        pic.add(_Box(f"k:{d['key']}", 5, [code, f"({status}"] if status else [code], style), [nid])


def _picture(g: nx.DiGraph, max_tables: int) -> _Picture:
    """Reduce the graph to the boxes and (deduplicated) links that are drawn."""
    pic = _Picture()
    _categories(g, pic)
    _tables(g, pic, max_tables)
    _right_side(g, pic)
    for u, v, d in sorted(g.edges(data=True)):
        kind = d.get("kind")
        if kind == "part_of":
            continue
        alert = (kind == "transferred_to" and d.get("outside") and not d.get("ok")) or (
            kind == "shared_with" and is_undeclared(g.nodes[v]))
        pic.link(u, v, ALERT if alert else EDGE_GREY)
    return pic


def _order(pic: _Picture) -> dict[int, list[_Box]]:
    """Place boxes column by column in the order of their neighbours (barycentres), which keeps curves from crossing."""
    cols: dict[int, list[_Box]] = defaultdict(list)
    for box in pic.boxes.values():
        cols[box.column].append(box)
    rank: dict[str, float] = {}
    preds: dict[str, list[str]] = defaultdict(list)
    succs: dict[str, list[str]] = defaultdict(list)
    for a, b in pic.edges:
        preds[b].append(a)
        succs[a].append(b)

    def place(col: int, key: Any) -> None:
        boxes = sorted(cols[col], key=key)
        cols[col] = boxes
        for i, box in enumerate(boxes):
            rank[box.key] = i / max(len(boxes) - 1, 1)

    def bary(box: _Box, around: dict[str, list[str]]) -> float:
        known = [rank[k] for k in around[box.key] if k in rank]
        return sum(known) / len(known) if known else 2.0

    place(1, lambda b: b.sort)
    place(2, lambda b: b.sort)
    place(0, lambda b: (bary(b, succs), b.key))
    for col in (3, 4, 5):
        place(col, lambda b: (bary(b, preds), b.key))
    return cols


def _curve(ax: Any, x0: float, y0: float, x1: float, y1: float, colour: str) -> None:
    """A light S-curve between two boxes: reads as a flow and bundles better than straight lines."""
    mid = (x0 + x1) / 2
    path = MplPath([(x0, y0), (mid, y0), (mid, y1), (x1, y1)], [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])
    alpha, width = (0.75, 0.9) if colour == ALERT else (0.45, 0.6)
    ax.add_patch(PathPatch(path, facecolor="none", edgecolor=colour, lw=width, alpha=alpha, zorder=1))


def _legend(fig: Figure, g: nx.DiGraph) -> None:
    """Explain every colour and line style used, below the map."""
    handles = [Patch(facecolor=STYLE["special"][0], edgecolor=STYLE["special"][1], label="Special category (Art. 9)"),
               Patch(facecolor=STYLE["missing"][0], edgecolor=STYLE["missing"][1], linestyle="--", label="Declared, not found in scan")]
    handles += [Patch(facecolor=f, edgecolor=e, label=label) for f, e, label in ROLE_COLOURS.values()]
    handles += [Patch(facecolor=STYLE[k][0], edgecolor=STYLE[k][1], label=label)
                for k, label in (("home", _home(g)), ("adequacy", f"Adequacy ({g.graph.get('regime', 'GDPR')})"), ("third", "Third country"))]
    handles.append(Line2D([0], [0], color=ALERT, lw=1.2, label="Undeclared flow / transfer without safeguard"))
    fig.legend(handles=handles, loc="lower center", ncol=6, fontsize=FONT_PT, frameon=False, bbox_to_anchor=(0.5, 0.005),
               handlelength=1.6, columnspacing=1.2)


def _home(g: nx.DiGraph) -> str:
    """The legend name of the controller's home area: `the UK` -> `UK (home)`."""
    return f"{str(g.graph.get('home_label', 'the EU/EEA')).removeprefix('the ')} (home)"


def _summary(g: nx.DiGraph) -> str:
    """One line of counts under the title, so the reader knows the scale before the detail."""
    n = map_counts(g)
    return (f"{n['tables']} tables with personal data in {n['systems']} systems · {n['categories_found']} data categories found · "
            f"{n['activities']} activities · {n['recipients']} recipients ({n['recipients_undeclared']} undeclared) · "
            f"{n['recipients_outside']} outside {n['home_label'] or 'the EU/EEA'} in {n['countries_outside']} countries")


def render(g: nx.DiGraph, *, max_tables: int = MAX_TABLES, title: str | None = None) -> Figure:
    """Draw the map on an A4-landscape figure (taller only if a column would otherwise squeeze text below 7 pt)."""
    top_in, bottom_in = 1.05, 0.5
    width, height = A4_LANDSCAPE
    fit_rows = int((height - top_in - bottom_in) / MIN_ROW_IN)
    pic = _picture(g, max_tables)
    while max_tables > 3 and sum(1 for b in pic.boxes.values() if b.column == 2) > fit_rows:
        max_tables -= 1  # many systems: show fewer tables each rather than shrink the text
        pic = _picture(g, max_tables)
    cols = _order(pic)
    canvas = layered_canvas(max([len(v) for v in cols.values()] + [1]), top_in, bottom_in, COLUMN_WEIGHTS)
    fig, ax, usable, row_in, box_h, line = canvas.fig, canvas.ax, canvas.usable, canvas.row_in, canvas.box_h, canvas.line
    height, total = fig.get_figheight(), sum(COLUMN_WEIGHTS)
    pos: dict[str, tuple[float, float, float]] = {}
    for col in range(len(COLUMNS)):
        x = sum(COLUMN_WEIGHTS[:col]) + COLUMN_WEIGHTS[col] / 2
        box_w = COLUMN_WEIGHTS[col] * BOX_WIDTH
        room = (box_w - 0.1) / total * 0.98 * width * fig.dpi  # pixels a label may take inside its box
        fig.text(0.01 + 0.98 * x / total, 1 - 0.78 / height, COLUMNS[col], ha="center", va="top", fontsize=FONT_PT + 1.5,
                 weight="bold", color="#333333")
        boxes = cols.get(col, [])
        for i, box in enumerate(boxes):
            y = 0.5 + (len(boxes) * row_in / 2 - (i + 0.5) * row_in) / usable
            pos[box.key] = (x, y, box_w)
            face, edge = box.style
            ax.add_patch(FancyBboxPatch((x - box_w / 2, y - box_h / 2), box_w, box_h, boxstyle="round,pad=0,rounding_size=0.025",
                                        facecolor=face, edgecolor=edge, lw=1.1 if box.bold else 0.7,
                                        linestyle="--" if box.dashed else "-", zorder=2, mutation_aspect=0.25))
            main, *rest = [clean_label(t) for t in box.lines]  # control characters in names must not reach the SVG
            weight = "bold" if box.bold else "normal"
            if rest:
                _fit(ax.text(x, y + line, main, ha="center", va="center", fontsize=FONT_PT, zorder=3, weight=weight, color="#111111"), room)
                _fit(ax.text(x, y - line, rest[0], ha="center", va="center", fontsize=DETAIL_PT, zorder=3,
                             color=ALERT if rest[0] == "NOT DECLARED" else "#555555"), room)
            else:
                _fit(ax.text(x, y, main, ha="center", va="center", fontsize=FONT_PT, zorder=3, weight=weight, color="#111111"), room)
    for (a, b), colour in sorted(pic.edges.items()):
        (x0, y0, w0), (x1, y1, w1) = pos[a], pos[b]
        if x0 < x1:
            _curve(ax, x0 + w0 / 2, y0, x1 - w1 / 2, y1, colour)
    if not pic.boxes:
        ax.text(total / 2, 0.5, "No personal data found and nothing declared", ha="center", va="center", fontsize=FONT_PT + 2, color="#555555")
    fig.text(0.5, 1 - 0.2 / height, clean_label(title or g.graph.get("title") or "Personal data map"), ha="center", va="top", fontsize=13, weight="bold")
    fig.text(0.5, 1 - 0.5 / height, clean_label(_summary(g)), ha="center", va="top", fontsize=FONT_PT + 0.5, color="#444444")
    _legend(fig, g)
    return fig


def draw_data_map(g: nx.DiGraph, path_stem: Path | str, *, max_tables: int = MAX_TABLES, title: str | None = None) -> list[Path]:
    """Write `<stem>.svg` and `<stem>.png`, byte-identical across runs (fixed hash salt, no dates or versions)."""
    with figure_style():
        return save_figure(render(g, max_tables=max_tables, title=title), path_stem)
