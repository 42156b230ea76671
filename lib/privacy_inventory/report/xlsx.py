"""Write tables of rows as an XLSX workbook a DPO can filter, byte-identical for the same rows."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from privacy_inventory.errors import InventoryError

# A fixed timestamp for the workbook's properties and zip entries, so reruns give the same bytes.
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MIN_WIDTH = 8
MAX_WIDTH = 60
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_INVALID_SHEET_CHARS = set("[]:*?/\\")

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a title, a header row and data rows; `widths` overrides sizing by header name."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    widths: dict[str, int] = field(default_factory=dict)


def spreadsheet_safe(value: Cell) -> Cell:
    """A cell value a spreadsheet shows as text: no control characters, no formula it would run."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def column_width(header: str, values: Sequence[Cell]) -> int:
    """A width that fits the longest line of header or values, within MIN_WIDTH..MAX_WIDTH."""
    longest = len(header) + 2
    for value in values:
        text = "" if value is None else str(value)
        for line in text.splitlines() or [""]:
            longest = max(longest, len(line) + 1)
    return max(MIN_WIDTH, min(MAX_WIDTH, longest))


def _check_title(title: str, seen: set[str]) -> None:
    """Excel refuses long, duplicate or odd sheet titles; say so as an input error, not a crash."""
    if not title or len(title) > 31 or _INVALID_SHEET_CHARS & set(title):
        raise InventoryError(title or "<sheet>", "sheet title must be 1-31 characters without []:*?/\\")
    if title.lower() in seen:
        raise InventoryError(title, "duplicate sheet title")
    seen.add(title.lower())


def build_workbook(sheets: Sequence[Sheet]) -> Workbook:
    """An openpyxl workbook with bold frozen headers, sized wrapped columns and an autofilter per sheet."""
    if not sheets:
        raise InventoryError("xlsx", "no sheets to write")
    wb = Workbook()
    wb.remove(wb.active)
    seen: set[str] = set()
    bold = Font(bold=True)
    fill = PatternFill(fill_type="solid", start_color="FFDDE4EE", end_color="FFDDE4EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        _check_title(sheet.title, seen)
        ws = wb.create_sheet(sheet.title)
        header = [str(h) for h in sheet.header]
        ws.append([spreadsheet_safe(h) for h in header])
        for row in sheet.rows:
            if len(row) != len(header):
                raise InventoryError(sheet.title, f"row has {len(row)} cells, header has {len(header)}")
            ws.append([spreadsheet_safe(v) for v in row])
        for cells in ws.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                cell.alignment = wrap
        for cell in ws[1]:
            cell.font = bold
            cell.fill = fill
        for index, name in enumerate(header, start=1):
            values = [row[index - 1] for row in sheet.rows]
            width = sheet.widths.get(name) or column_width(name, values)
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        _print_setup(ws)
        if header:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(sheet.rows) + 1)}"
    wb.properties.creator = "privacy-inventory"
    wb.properties.lastModifiedBy = "privacy-inventory"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def _print_setup(ws: object) -> None:
    """Prints on A4 landscape, fitted to the page width, with the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"  # type: ignore[attr-defined]
    ws.page_setup.paperSize = 9  # type: ignore[attr-defined]  # A4
    ws.page_setup.fitToWidth = 1  # type: ignore[attr-defined]
    ws.page_setup.fitToHeight = 0  # type: ignore[attr-defined]
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]
    ws.print_title_rows = "1:1"  # type: ignore[attr-defined]


def _normalise_zip(data: bytes) -> bytes:
    """Re-pack the zip with fixed entry timestamps (zipfile stamps the current time otherwise)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The workbook's bytes: the same sheets always give the same bytes."""
    buf = io.BytesIO()
    # ExcelWriter directly: Workbook.save() would overwrite `modified` with the current time.
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(build_workbook(sheets), archive).save()
    return _normalise_zip(buf.getvalue())


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> Path:
    """Write the sheets to `path` (parents created) and return it."""
    path = Path(path)
    data = xlsx_bytes(sheets)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise InventoryError(str(path), f"cannot write workbook ({exc.strerror or exc})") from None
    return path
