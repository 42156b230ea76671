"""Shared figure plumbing: one style, byte-identical SVG + PNG saving, and labels that fit their box whatever the data says.

Every figure of the suite goes through `figure_style()` and `save_figure()`, so two runs on the same inputs
give the same bytes (fixed SVG hash salt, no dates or software versions) and no label from the data is
ever read as mathtext (a "$" in a table name must stay a dollar sign).
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from privacy_inventory.errors import InventoryError

FONT = "DejaVu Sans"
PNG_DPI = 150
RC = {"svg.hashsalt": "privacy-inventory", "font.family": FONT, "path.simplify": True, "text.parse_math": False}
MISSING_GLYPH = "?"


@contextmanager
def figure_style() -> Iterator[None]:
    """The rc settings every figure is drawn and saved under (deterministic, no mathtext)."""
    with matplotlib.rc_context(RC):
        yield


def save_figure(fig: Figure, path_stem: Path | str) -> list[Path]:
    """Write `<stem>.svg` and `<stem>.png`, byte-identical across runs; an unwritable path is an InventoryError."""
    stem = Path(path_stem)
    svg, png = stem.with_suffix(".svg"), stem.with_suffix(".png")
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        with figure_style():
            fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
            fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    except OSError as exc:
        raise InventoryError(str(stem.parent), f"cannot write the figure ({exc.strerror or exc})") from None
    return [svg, png]


@lru_cache(maxsize=1)
def _charmap() -> frozenset[int]:
    """Code points the figure font can draw (read once)."""
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family=FONT), fallback_to_default=True)
    return frozenset(FT2Font(path).get_charmap())


def clean_label(text: Any, limit: int = 300) -> str:
    """One printable line of at most `limit` characters: control characters become spaces, glyphs the font lacks "?"."""
    raw = unicodedata.normalize("NFC", str(text))
    raw = raw if len(raw) <= limit * 2 else raw[: limit * 2]  # cheap first cut; whitespace may still shrink it
    out = []
    for ch in raw:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch if ord(ch) in _charmap() else MISSING_GLYPH)
    line = " ".join("".join(out).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def shorten(text: str, width: int = 40) -> str:
    """One line that fits a box: drop a parenthetical first ("Mailchimp (email service provider)" -> "Mailchimp")."""
    if len(text) > width and "(" in text and text.index("(") > 2:
        text = text[: text.index("(")].strip()
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrap_label(text: str, width: int = 26, lines: int = 2) -> list[str]:
    """Break a long label over at most `lines` lines, ending in an ellipsis when cut."""
    if lines == 1:
        return [shorten(text, width)]
    out = textwrap.wrap(text, width) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return out


def new_figure(size: tuple[float, float]) -> Figure:
    """A bare Figure on the Agg canvas at the PNG's resolution, so text measured while drawing is the text saved."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=size, dpi=PNG_DPI)
    FigureCanvasAgg(fig)
    return fig


def fit_text(text: Any, room: float) -> None:
    """Shorten a drawn label (ending in "…") to the longest that is at most `room` pixels wide at its fixed font size.

    `room` is in pixels at the figure's dpi; 2% is kept spare because hinted widths shift a little between resolutions.
    """
    renderer = text.figure.canvas.get_renderer()
    room *= 0.98
    if text.get_window_extent(renderer).width <= room:
        return
    full = text.get_text().removesuffix("…")

    def fits(n: int) -> bool:
        text.set_text(full[:n].rstrip(" ,.(·") + "…")
        return text.get_window_extent(renderer).width <= room

    lo, hi = 3, len(full) - 1  # binary search: widths only grow with n; at least 3 characters and the ellipsis stay
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid - 1)
    fits(lo)


A4_LANDSCAPE = (11.69, 8.27)
PRINT_MAX_HEIGHT_IN = 8.5  # an A4-landscape figure taller than this prints its 7.8 pt labels below 7 pt in the DPIA PDF
MIN_ROW_IN = 0.29  # below this two lines of 7-7.8 pt text no longer fit a box


@dataclass(frozen=True)
class LayeredCanvas:
    """An A4-landscape axes for a left-to-right layered figure, grown taller only when rows would not fit."""

    fig: Any
    ax: Any
    usable: float  # inches of height the boxes may use
    row_in: float  # inches per row of boxes
    box_h: float  # a box's height, in axes units
    line: float  # half the distance between a box's two text lines, in axes units


def layered_canvas(rows: int, top_in: float, bottom_in: float, column_weights: tuple[float, ...]) -> LayeredCanvas:
    """The shared page set-up of the data-map and risk-graph figures."""
    width, height = A4_LANDSCAPE
    row_in = min(0.4, (height - top_in - bottom_in) / max(rows, 1))
    if row_in < MIN_ROW_IN:
        row_in, height = MIN_ROW_IN, max(rows, 1) * MIN_ROW_IN + top_in + bottom_in
    usable = height - top_in - bottom_in
    fig = new_figure((width, height))
    ax = fig.add_axes((0.01, bottom_in / height, 0.98, usable / height))
    ax.set_xlim(0, sum(column_weights))
    ax.set_ylim(0, 1)
    ax.axis("off")
    return LayeredCanvas(fig, ax, usable, row_in, min(0.27, row_in * 0.84) / usable, 0.066 / usable)
