"""The DPIA report as a print-ready PDF with a sign-off page, printed by the system's headless Chromium (never downloaded)."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from privacy_inventory.errors import InventoryError
from privacy_inventory.report import browser
from privacy_inventory.report.html_table import Markup, element, esc, table
from privacy_inventory.report.print_breaks import soft_break_tables
from privacy_inventory.report.site import PDF_NAME, REGISTER_CSV, SiteSummary, level_order, read_csv, summarise

DPIA_HTML = "04_dpia.html"
TIMEOUT_S = 180
FIGURE_BOX_MM = (281.0, 195.0)  # the printable box of a figure (A4 landscape less margins; see PRINT_CSS)
MIN_PRINTED_PT = 7.0
_PDF_DATE = re.compile(rb"\((D:\d{14}[^)]{0,8})\)")
_LOCAL_HREF = re.compile(r"""\shref=(["'])(?!#|https?:|mailto:)[^"']*\1""", re.I)
SIGNERS = (
    ("Measures approved by", "Integrate the actions back into the project plan, with dates and owners."),
    ("Residual risks approved by", "If a high residual risk is accepted, consult the supervisory authority before going ahead (GDPR Art. 36)."),
    ("DPO advice provided by", "The DPO should advise on compliance, the measures and whether processing can proceed."),
    ("DPO advice accepted or overruled by", "If overruled, give the reasons in the comments below."),
    ("This DPIA will be kept under review by", "The DPO should also review ongoing compliance with the DPIA."),
)
PRINT_CSS = """
@page { size: A4 landscape; margin: 4mm 8mm; }
html, body { background: #fff !important; }
body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
a.anchor-link, .pi-nav { display: none !important; }
/* Figures are drawn on an A4-landscape canvas at >= 7.8 pt; printed at >= 90% (FIGURE_BOX_MM), no label is below 7 pt. */
figure { break-inside: avoid; margin: 0 !important; }
figure svg { display: block; width: 100% !important; max-width: 100% !important; max-height: 195mm !important; height: auto !important; margin: 0 auto; }
figure figcaption { display: none; }
img { max-width: 100% !important; height: auto !important; }
pre { white-space: pre-wrap !important; word-break: break-word; }
/* Tables never leave the page: they take the page width and their cells wrap at spaces; only very long tokens break
   inside, at the <wbr> points print_breaks.soft_break_tables puts there (overflow-wrap: anywhere would let Chromium
   shrink a column to a letter and break ordinary words). */
.jp-OutputArea-output, .jp-RenderedHTMLCommon, .jp-RenderedHTML, .jp-OutputArea, .jp-Cell-outputWrapper { overflow: visible !important; max-width: 100% !important; }
table { font-size: 7.5pt !important; width: 100% !important; max-width: 100% !important; table-layout: auto !important; }
th, td { white-space: normal !important; overflow-wrap: break-word; word-break: normal; hyphens: manual; max-width: none !important; text-align: left !important; padding: 1.2mm 1.4mm !important; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
/* JupyterLab keeps each output on one page; an output taller than the space left would leave a blank page behind it. */
.jp-OutputArea-child { break-inside: auto !important; }
/* Nothing after the last output: its margins and paddings alone would start a page of their own when the content ends
   at the foot of a page (the sign-off then begins on the page after that blank one). Empty code cells take no room. */
.jp-CodeCell.jp-mod-noOutputs { display: none !important; }
html, body, main, .jp-Notebook { margin-bottom: 0 !important; padding-bottom: 0 !important; }
main > .jp-Cell:last-child, main > .jp-Cell:last-child .jp-Cell-outputWrapper, main > .jp-Cell:last-child .jp-OutputArea,
main > .jp-Cell:last-child .jp-OutputArea-child:last-child, main > .jp-Cell:last-child .jp-OutputArea-output:last-child,
main > .jp-Cell:last-child .jp-OutputArea-output:last-child > :last-child { margin-bottom: 0 !important; padding-bottom: 0 !important; }
.jp-RenderedHTMLCommon h1 { font-size: 17pt; } .jp-RenderedHTMLCommon h2 { font-size: 13pt; break-after: avoid; } .jp-RenderedHTMLCommon h3 { font-size: 11pt; break-after: avoid; }
.pi-signoff { break-before: page; font-family: system-ui, "Segoe UI", Roboto, sans-serif; color: #111; font-size: 10.5pt; padding: 0 6mm; }
.pi-signoff h2 { font-size: 15pt; border-bottom: 2px solid #345; padding-bottom: 2mm; }
.pi-signoff table { border-collapse: collapse; width: 100%; margin: 3mm 0 5mm; }
.pi-signoff th, .pi-signoff td { border: 1px solid #667; padding: 2mm; text-align: left; vertical-align: top; }
.pi-signoff td.blank { height: 9mm; }
.pi-signoff th:nth-child(1) { width: 44%; } .pi-signoff th:nth-child(2) { width: 26%; } .pi-signoff th:nth-child(3) { width: 12%; }
.pi-signoff .hint { color: #444; font-size: 8.5pt; }
.pi-signoff .box { border: 1px solid #667; height: 26mm; margin: 2mm 0 4mm; }
.pi-signoff ul.choices { list-style: none; padding-left: 0; }
.pi-signoff ul.choices li::before { content: "\\2610  "; font-size: 12pt; }
"""


def printed_scale(width_pt: float, height_pt: float) -> float:
    """How much a figure of this size is scaled when printed into FIGURE_BOX_MM (1.0 at most)."""
    mm = 25.4 / 72
    return min(1.0, FIGURE_BOX_MM[0] / (width_pt * mm), FIGURE_BOX_MM[1] / (height_pt * mm))


def residual_high(out_dir: Path) -> int:
    """Risks still high or very high after their measures (or with no residual assessed): Art. 36 material."""
    return sum(1 for r in read_csv(out_dir / REGISTER_CSV) if (r.get("residual_level") or r.get("level", "")) in ("high", "very high"))


def signoff_html(summary: SiteSummary, still_high: int) -> Markup:
    """The sign-off page (ICO DPIA template, step 7): outcome, names, dates, signatures, DPO advice."""
    acts = summary.screening
    required = sorted(s["label"] for s in acts.values() if s["verdict"] == "required")
    levels = ", ".join(f"{n} {lvl}" for lvl, n in sorted(summary.risk_levels.items(), key=lambda kv: level_order(kv[0])))
    facts = [
        f"Organisation: {summary.organisation}. Reference date: {summary.reference_date or 'not recorded'}.",
        f"DPIA required for {len(required)} of {len(acts)} processing activities" + (f": {', '.join(required)}." if required else "."),
        f"Risks in the register: {sum(summary.risk_levels.values())}" + (f" ({levels})." if levels else "."),
        f"Risks still high or very high after the recorded measures (or not yet assessed): {still_high}."
        + (" Unless they are reduced, consult the supervisory authority before processing (Art. 36)." if still_high else ""),
    ]
    rows = [[Markup(f"<strong>{esc(item)}</strong><br><span class=\"hint\">{esc(hint)}</span>"), "", "", ""] for item, hint in SIGNERS]
    sign = Markup(table(["Item", "Name and position", "Date", "Signature"], rows).replace("<td></td>", '<td class="blank"></td>'))
    choices = ["Proceed as planned", "Proceed with the measures in the risk register", "Do not proceed",
               "Consult the supervisory authority before processing (Art. 36)"]
    return element(
        "section",
        element("h2", f"DPIA sign-off: {summary.organisation}"),
        element("ul", *(element("li", f) for f in facts)),
        sign,
        element("h3", "Outcome"),
        element("ul", *(element("li", c) for c in choices), cls="choices"),
        element("h3", "Summary of the DPO's advice"),
        Markup('<div class="box"></div>'),
        element("h3", "Comments (including reasons if the DPO's advice is overruled)"),
        Markup('<div class="box"></div>'),
        cls="pi-signoff",
    )


def print_copy(report_html: str, base: Path, signoff: Markup) -> str:
    """The report with print CSS, a base for its relative images, no local links (no machine path in the PDF) and the sign-off page."""
    text = soft_break_tables(_LOCAL_HREF.sub("", report_html))
    head = f'<base href="{esc(base.resolve().as_uri())}/"><style>{PRINT_CSS}</style>'
    text = _insert(text, "<head>", head, after=True) if re.search("<head>", text, re.I) else head + text
    return _insert(text, "</body>", signoff, after=False) if re.search("</body>", text, re.I) else text + signoff


def _insert(text: str, tag: str, extra: str, after: bool) -> str:
    """Put `extra` just after the first / before the last occurrence of `tag` (case-insensitive)."""
    matches = list(re.finditer(re.escape(tag), text, re.I))
    at = matches[0].end() if after else matches[-1].start()
    return text[:at] + extra + text[at:]


def fix_pdf_dates(data: bytes, reference_date: str) -> bytes:
    """Replace Chromium's creation/modification times by the reference date, same length, so the PDF is reproducible."""
    digits = re.sub(r"\D", "", reference_date)[:8] if reference_date else ""
    stamp = (digits if len(digits) == 8 else "20000101") + "000000"

    def _sub(match: re.Match[bytes]) -> bytes:
        old = match.group(1)  # D:YYYYMMDDHHmmSS then the zone; only the digits change, so xref offsets stay valid
        return b"(D:" + stamp.encode() + old[16:] + b")"

    return _PDF_DATE.sub(_sub, data)


def print_to_pdf(chromium: str, html_file: Path, target: Path) -> None:
    """Run headless Chromium once (fresh profile, no network) to print a local HTML file."""
    with tempfile.TemporaryDirectory(prefix="pi-chromium-") as profile:
        cmd = [chromium, *browser.CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}", html_file.resolve().as_uri()]
        env = {**os.environ, "TZ": "UTC", "HOME": profile}
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise InventoryError("chromium", f"printing {html_file.name} took more than {TIMEOUT_S} s") from None
        except OSError as exc:
            raise InventoryError("chromium", f"cannot start {chromium} ({exc.strerror or exc})") from None
    if proc.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        last = next((line for line in reversed(proc.stderr.splitlines()) if line.strip()), "no message")
        raise InventoryError("chromium", f"printing {html_file.name} failed (exit {proc.returncode}): {last[-300:]}")


def write_dpia_pdf(out_dir: Path) -> Path | None:
    """Print 04_dpia.html plus a sign-off page to out_dir/04_dpia.pdf; None when Chromium is not installed."""
    out_dir = Path(out_dir)
    report = out_dir / DPIA_HTML
    if not report.is_file():
        raise InventoryError(str(report), "DPIA report page not found; run the DPIA notebook first")
    chromium = browser.find_chromium()
    if chromium is None:
        return None
    summary = summarise(out_dir)
    copy = print_copy(report.read_text(encoding="utf-8"), out_dir, signoff_html(summary, residual_high(out_dir)))
    target = out_dir / PDF_NAME
    with tempfile.TemporaryDirectory(prefix="pi-print-") as tmp:
        html_file, pdf_file = Path(tmp) / "dpia-print.html", Path(tmp) / "dpia.pdf"
        html_file.write_text(copy, encoding="utf-8")
        print_to_pdf(chromium, html_file, pdf_file)
        data = fix_pdf_dates(pdf_file.read_bytes(), summary.reference_date)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise InventoryError(str(target), f"cannot write the PDF ({exc.strerror or exc})") from None
    return target
