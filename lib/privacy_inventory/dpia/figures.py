"""DPIA figures a stakeholder reads on one A4 page: the CNIL risk map before/after measures and the top risks.

The risk graph (the data map coloured by risk) lives in dpia/risk_graph.py, which reads this module's style.
Risks are numbered in register order (most serious first), and the same number names a risk on every figure.
Drawn on bare Figures with the Agg canvas, so importing this never changes a notebook's pyplot backend.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch, Rectangle
from matplotlib.transforms import blended_transform_factory

from privacy_inventory.dpia.risks import Risk
from privacy_inventory.dpia.scales import LEVEL_MAP, LEVELS, SCALE, clamp, level_rank, risk_level
from privacy_inventory.figure_io import clean_label, figure_style, fit_text, new_figure, save_figure

A4_LANDSCAPE = (11.69, 8.27)
FONT_PT = 7.8  # printed at >= 90% of its size in the DPIA PDF, no label prints below 7 pt
LEVEL_STYLE = {  # level -> (light fill, strong colour)
    "low": ("#d8eed3", "#2e7d32"),
    "medium": ("#fff0b0", "#a67c00"),
    "high": ("#fdd0a2", "#d35400"),
    "very high": ("#f6aeae", "#b71c1c"),
}
INK = "#222222"
MUTED = "#777777"
GRID_COLS, GRID_ROWS = 4, 5  # markers per cell: beyond 4 x 5 the last marker reads "+K"
STEP_X, STEP_Y = 0.232, 0.165  # marker pitch in cell units (a cell is 1 x 1)
MARKER_W, MARKER_H = 0.208, 0.138


@dataclass(frozen=True)
class Marker:
    """One numbered marker on the risk map (or a "+K" marker standing for K risks that did not fit the cell)."""

    label: str
    keys: tuple[str, ...]
    severity: int
    likelihood: int
    x: float
    y: float
    assumed: bool = False  # after measures, but no residual recorded: drawn where the risk was before


def risk_list(register: Any) -> list[Risk]:
    """The risks of a Register (or a plain list of risks), in register order."""
    return list(getattr(register, "risks", register) or [])


def level_of(risk: Risk) -> str:
    """The risk's level, recomputed from its (clamped) scores when it is missing or not a known level."""
    return risk.level if risk.level in LEVELS else risk_level(clamp(risk.severity), clamp(risk.likelihood))


def scores(risk: Risk, after: bool = False) -> tuple[int, int, bool]:
    """(severity, likelihood, assumed): before measures, or after them; with no residual recorded "after" is "before", assumed."""
    sev, lik = clamp(risk.severity), clamp(risk.likelihood)
    if not after:
        return sev, lik, False
    if risk.residual_severity is None and risk.residual_likelihood is None:
        return sev, lik, True
    return clamp(risk.residual_severity or sev), clamp(risk.residual_likelihood or lik), False


def residual_level(risk: Risk) -> str:
    """The level after measures ("" when the DPO has not recorded a residual risk)."""
    sev, lik, assumed = scores(risk, after=True)
    return "" if assumed else (risk.residual_level if risk.residual_level in LEVELS else risk_level(sev, lik))


def risk_numbers(risks: Sequence[Risk]) -> dict[str, int]:
    """Risk key -> its number on the figures (1-based, register order; a repeated key keeps its first number)."""
    out: dict[str, int] = {}
    for i, risk in enumerate(risks, start=1):
        out.setdefault(risk.key, i)
    return out


def marker_positions(risks: Sequence[Risk], after: bool = False, capacity: int = GRID_COLS * GRID_ROWS) -> list[Marker]:
    """Where each risk's marker goes: its cell (x = likelihood, y = severity), spread on a small grid when several share it.

    The spread is deterministic (register order fills the cell row by row), so the same register always gives the
    same picture; a cell with more than `capacity` risks shows capacity - 1 of them and a "+K" marker.
    """
    numbers = risk_numbers(risks)
    cells: dict[tuple[int, int], list[tuple[Risk, bool]]] = defaultdict(list)
    for risk in risks:
        sev, lik, assumed = scores(risk, after)
        cells[(sev, lik)].append((risk, assumed))
    out: list[Marker] = []
    capacity = max(1, capacity)
    for (sev, lik), members in sorted(cells.items()):
        shown = members if len(members) <= capacity else members[: capacity - 1]
        rest = members[len(shown):]
        slots = len(shown) + (1 if rest else 0)
        k = min(GRID_COLS, math.ceil(math.sqrt(slots)))
        rows = math.ceil(slots / k)
        top = sev - 0.06 + (rows - 1) * STEP_Y / 2  # a little below the centre: the cell's level name sits on top
        for i in range(slots):
            row, col = divmod(i, k)
            in_row = min(k, slots - row * k)  # the last row is centred too
            x = lik + (col - (in_row - 1) / 2) * STEP_X
            y = top - row * STEP_Y
            if i < len(shown):
                risk, assumed = shown[i]
                out.append(Marker(str(numbers[risk.key]), (risk.key,), sev, lik, x, y, assumed))
            else:
                out.append(Marker(f"+{len(rest)}", tuple(r.key for r, _ in rest), sev, lik, x, y, all(a for _, a in rest)))
    return out


def top_risks(register: Any, n: int = 12) -> list[Risk]:
    """The n most serious risks: by level, then severity x likelihood, then severity, then key."""
    ranked = sorted(risk_list(register), key=lambda r: (level_rank(level_of(r)), -clamp(r.severity) * clamp(r.likelihood),
                                                        -clamp(r.severity), r.key))
    return ranked[: max(0, n)]


def level_counts(risks: Sequence[Risk], after: bool = False) -> str:
    """"2 very high · 10 high · 20 medium · 24 low": the levels a panel shows, most serious first."""
    counts: dict[str, int] = defaultdict(int)
    for risk in risks:
        sev, lik, assumed = scores(risk, after)
        counts[risk_level(sev, lik) if after and not assumed else level_of(risk)] += 1
    return " · ".join(f"{counts[lv]} {lv}" for lv in reversed(LEVELS) if counts[lv]) or "no risks"


def level_handles() -> list[Patch]:
    """One legend entry per risk level, most serious first."""
    return [Patch(facecolor=LEVEL_STYLE[lv][0], edgecolor=LEVEL_STYLE[lv][1], label=f"{lv.capitalize()} risk") for lv in reversed(LEVELS)]


def _grid(ax: Any, markers: list[Marker], heading: str, detail: str, ylabel: bool = True) -> None:
    """One CNIL 4 x 4 map: cells coloured by level, the level's name on top of each cell, then the markers."""
    for sev in SCALE:
        for lik in SCALE:
            light, strong = LEVEL_STYLE[LEVEL_MAP[sev][lik]]
            ax.add_patch(Rectangle((lik - 0.5, sev - 0.5), 1, 1, facecolor=light, edgecolor="white", lw=2.5, zorder=0))
            ax.text(lik, sev + 0.43, LEVEL_MAP[sev][lik], ha="center", va="center", fontsize=FONT_PT, color=strong, zorder=1)
    for m in markers:
        ax.add_patch(FancyBboxPatch((m.x - MARKER_W / 2, m.y - MARKER_H / 2), MARKER_W, MARKER_H, boxstyle="round,pad=0,rounding_size=0.05",
                                    facecolor="white", edgecolor=MUTED if m.assumed else INK, lw=0.6 if m.assumed else 0.9,
                                    linestyle=(0, (2, 1.2)) if m.assumed else "-", zorder=2))
        size = FONT_PT  # never below 7 pt once printed
        ax.text(m.x, m.y, m.label, ha="center", va="center", fontsize=size, color=MUTED if m.assumed else INK, zorder=3,
                weight="normal" if m.assumed else "bold")
    ax.set_xlim(0.5, 4.5)
    ax.set_ylim(0.5, 4.5)
    ax.set_aspect("equal")
    ax.set_xticks(list(SCALE), [f"{k}\n{v}" for k, v in SCALE.items()], fontsize=FONT_PT)
    ax.set_yticks(list(SCALE), [f"{k} {v}" for k, v in SCALE.items()], fontsize=FONT_PT, rotation=90, va="center")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("Likelihood", fontsize=FONT_PT + 1, weight="bold")
    if ylabel:
        ax.set_ylabel("Severity", fontsize=FONT_PT + 1, weight="bold")
    ax.set_title(f"{heading}\n\n", fontsize=10, weight="bold", loc="center", pad=4)
    ax.text(0.5, 1.012, detail, transform=ax.transAxes, ha="center", va="bottom", fontsize=FONT_PT, color="#444444")


def _key(fig: Figure, risks: list[Risk], left: float, bottom: float, top: float) -> None:
    """The numbered key: as many titles as fit the column (most serious first), then "+K more"."""
    width_in, height_in = fig.get_size_inches()
    line_in = 0.152
    fit = max(1, int((top - bottom) * height_in / line_in))
    shown = risks if len(risks) <= fit else risks[: fit - 1]
    room = (0.985 - left) * width_in * fig.dpi - 0.32 * fig.dpi
    fig.text(left, top + 0.012, "Key (register order, most serious first)", fontsize=FONT_PT + 1, weight="bold", va="bottom")
    for i, risk in enumerate(shown):
        y = top - (i + 0.5) * line_in / height_in
        light, strong = LEVEL_STYLE[level_of(risk)]
        fig.text(left + 0.012, y, str(i + 1), ha="center", va="center", fontsize=FONT_PT, weight="bold", color=INK,
                 bbox={"boxstyle": "round,pad=0.18", "facecolor": light, "edgecolor": strong, "lw": 0.6})
        after = residual_level(risk)
        tail = f"  → {after} after" if after else ""
        title = clean_label(risk.title or risk.key)
        text = fig.text(left + 0.03, y, tail, ha="left", va="center", fontsize=FONT_PT, color=INK)
        tail_px = text.get_window_extent().width if tail else 0.0
        text.set_text(title)
        fit_text(text, room - tail_px)  # the residual stays visible: only the title is shortened
        text.set_text(text.get_text() + tail)
    if len(shown) < len(risks):
        y = top - (len(shown) + 0.5) * line_in / height_in
        fig.text(left + 0.03, y, f"+{len(risks) - len(shown)} more risks (numbers {len(shown) + 1}-{len(risks)}): see the risk register",
                 ha="left", va="center", fontsize=FONT_PT, color=MUTED, style="italic")


def render_risk_heatmap(register: Any, *, title: str | None = None) -> Figure:
    """The CNIL risk map before and after measures, side by side, with the numbered key on the right (A4 landscape)."""
    risks = risk_list(register)
    width, height = A4_LANDSCAPE
    fig = new_figure(A4_LANDSCAPE)
    before, after = marker_positions(risks), marker_positions(risks, after=True)
    recorded = sum(1 for r in risks if not scores(r, after=True)[2])
    side = 0.30
    ax1 = fig.add_axes((0.045, 0.3, side, side * width / height))
    ax2 = fig.add_axes((0.36, 0.3, side, side * width / height))
    _grid(ax1, before, "Before measures", f"{len(risks)} risks, as computed or scored by the DPO\n{level_counts(risks)}")
    _grid(ax2, after, "After measures", f"{recorded} of {len(risks)} residual risks recorded by the DPO\n{level_counts(risks, after=True)}", ylabel=False)
    if not risks:
        for ax in (ax1, ax2):
            ax.text(2.5, 2.5, "No risks in the register", ha="center", va="center", fontsize=10, color=MUTED, zorder=4)
    _key(fig, risks, 0.68, 0.07, 0.855)
    fig.text(0.5, 1 - 0.22 / height, title or "DPIA risk map: severity × likelihood (CNIL scales)", ha="center", va="top", fontsize=13, weight="bold")
    fig.text(0.5, 1 - 0.52 / height, "Each numbered marker is one risk of the register, placed in the cell of its severity and likelihood; "
             "the key on the right names it.", ha="center", va="top", fontsize=FONT_PT + 0.5, color="#444444")
    handles = level_handles() + [
        Patch(facecolor="white", edgecolor=INK, label="Risk (scored)"),
        Patch(facecolor="white", edgecolor=MUTED, linestyle="--", label="After: no residual recorded yet, shown as before"),
    ]
    fig.legend(handles=handles, loc="lower left", ncol=3, fontsize=FONT_PT, frameon=False, bbox_to_anchor=(0.04, 0.14),
               handlelength=1.6, columnspacing=1.4)
    return fig


def render_top_risks(register: Any, n: int = 12, *, title: str | None = None) -> Figure:
    """Horizontal bars of the top-n risks (score = severity x likelihood), coloured by level, residual as a lighter overlay."""
    risks = risk_list(register)
    numbers = risk_numbers(risks)
    top = top_risks(risks, n)
    width = A4_LANDSCAPE[0]
    height = max(4.2, 1.9 + 0.42 * len(top))
    fig = new_figure((width, height))
    ax = fig.add_axes((0.43, 0.95 / height, 0.40, 1 - 1.9 / height))
    ax.set_xlim(0, 16)
    ax.set_ylim(len(top) - 0.5, -0.5) if top else ax.set_ylim(0, 1)
    label_tf = blended_transform_factory(ax.transAxes, ax.transData)
    room = (0.43 - 0.015) * width * fig.dpi
    for i, risk in enumerate(top):
        sev, lik, _ = scores(risk)
        light, strong = LEVEL_STYLE[level_of(risk)]
        ax.barh(i, sev * lik, height=0.72, color=strong, alpha=0.85, edgecolor=strong, lw=0.8, zorder=2)
        rsev, rlik, assumed = scores(risk, after=True)
        tail = ""
        if not assumed:
            rlight, rstrong = LEVEL_STYLE[risk_level(rsev, rlik)]
            ax.barh(i, rsev * rlik, height=0.34, color=rlight, edgecolor=rstrong, lw=0.8, zorder=3)
            tail = f"\nafter measures: {rsev} × {rlik} = {rsev * rlik} ({risk_level(rsev, rlik)})"
        count = f" · count {risk.count:,}" if isinstance(risk.count, int) else ""
        value = ax.text(sev * lik + 0.15, i, f"{level_of(risk)}: {sev} × {lik} = {sev * lik}{count}{tail}", va="center", ha="left",
                        fontsize=FONT_PT, color=INK, zorder=4, clip_on=False, linespacing=1.25)
        if value.get_window_extent().x1 > fig.bbox.width - 8:  # no room right of a long bar: write inside it
            value.set(x=sev * lik - 0.15, ha="right", color="white", weight="bold")
        label = ax.text(-0.015, i, f"#{numbers[risk.key]}  {clean_label(risk.title or risk.key)}", transform=label_tf, ha="right", va="center",
                        fontsize=FONT_PT + 0.5, color=INK)
        fit_text(label, room)
    ax.set_yticks([])
    ax.set_xticks([0, 4, 8, 12, 16])
    ax.tick_params(labelsize=FONT_PT)
    ax.grid(axis="x", color="#dddddd", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("Risk score = severity × likelihood (CNIL scales 1-4 each); colour = risk level", fontsize=FONT_PT + 0.5)
    if not top:
        ax.text(8, 0.5, "No risks in the register", ha="center", va="center", fontsize=10, color=MUTED)
    heading = title or (f"Top {len(top)} of {len(risks)} DPIA risks" if len(top) < len(risks) else f"All {len(risks)} DPIA risks")
    fig.text(0.5, 1 - 0.2 / height, heading, ha="center", va="top", fontsize=13, weight="bold")
    fig.text(0.5, 1 - 0.5 / height, "Most serious first (level, then severity × likelihood); #n is the risk's number in the register "
             "and on the risk map; count = the rows, people or entries concerned.\n"
             "A lighter inner bar is the residual risk the DPO recorded once the measures are in place.",
             ha="center", va="top", fontsize=FONT_PT + 0.5, color="#444444")
    handles = [Patch(facecolor=LEVEL_STYLE[lv][1], alpha=0.85, label=f"{lv.capitalize()} risk") for lv in reversed(LEVELS)]
    handles.append(Patch(facecolor=LEVEL_STYLE["low"][0], edgecolor=LEVEL_STYLE["low"][1], label="Residual after measures (inner bar)"))
    fig.legend(handles=handles, loc="lower center", ncol=5, fontsize=FONT_PT, frameon=False, bbox_to_anchor=(0.5, 0.005))
    return fig


def draw_risk_heatmap(register: Any, path_stem: Path | str, *, title: str | None = None) -> list[Path]:
    """Write the CNIL risk map (before/after measures, numbered key) as `<stem>.svg` and `<stem>.png`, byte-identical across runs."""
    with figure_style():
        return save_figure(render_risk_heatmap(register, title=title), path_stem)


def draw_top_risks(register: Any, path_stem: Path | str, n: int = 12, *, title: str | None = None) -> list[Path]:
    """Write the top-n risk bar chart as `<stem>.svg` and `<stem>.png`, byte-identical across runs."""
    with figure_style():
        return save_figure(render_top_risks(register, n, title=title), path_stem)

