"""The documents a DPO signs and files, on IMVBox and on Fernly: the DPIA PDF prints on A4 with every table column,
the RoPA page reads on a laptop and agrees with the XLSX, every file a page names exists, pages link back to the index."""

from __future__ import annotations

import csv
import html
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from conftest import run_suite_cli

from privacy_inventory.report.browser import find_chromium
from privacy_inventory.report.pdf import MIN_PRINTED_PT, printed_scale

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
A4 = sorted((595, 842))
OUTPUT_DIRS = ("scan", "data-map", "ropa", "dpia", "policy", "fides", "changes", "notebooks")
FILE_NAME = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w.-]+\.(?:csv|xlsx|json|html|pdf|graphml|svg|png))\b")


def _need(tool: str) -> None:
    from shutil import which

    if which(tool) is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{tool} must be installed under CI (.ci/run installs poppler-utils)")
        pytest.skip(f"{tool} not installed")


@pytest.fixture(scope="session")
def fernly_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full run on the second organisation (Fernly), built from its generator, config and declarations."""
    from privacy_inventory.demo.fernly import FERNLY_DIR, build_fernly

    base = tmp_path_factory.mktemp("fernly-run")
    db = build_fernly(base / "fernly.sqlite").path
    out = base / "out"
    proc = run_suite_cli("--inventory", str(FERNLY_DIR), "--db", f"fernly=sqlite:///{db}", "--config", f"fernly-app={FERNLY_DIR / 'app-config'}",
                          "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@pytest.fixture(scope="module", params=["imvbox", "fernly"])
def run(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue("imvbox_run" if request.param == "imvbox" else "fernly_run")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", html.unescape(text)).lower()


def _table_headers(page: str) -> list[list[str]]:
    """The header cells of every table of a rendered page."""
    out = []
    for thead in re.findall(r"<thead>(.*?)</thead>", page, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)]
        cells = [c for c in cells if c and c != "&nbsp;"]
        if cells:
            out.append(cells)
    return out


def _pdf(run: Path) -> Path:
    pdf = run / "04_dpia.pdf"
    if not pdf.exists():
        if find_chromium() is None:
            pytest.skip("Chromium not installed: no PDF")
        pytest.fail("04_dpia.pdf was not written")
    return pdf


def test_dpia_pdf_fits_a4_shows_every_table_column_and_has_a_real_title(run: Path) -> None:
    _need("pdftotext")
    pdf = _pdf(run)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Title:" in info and "Notebook" not in info.split("Title:", 1)[1].splitlines()[0]
    assert "Data Protection Impact Assessment" in info.split("Title:", 1)[1].splitlines()[0]
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert sizes and all(sorted((round(float(w)), round(float(h)))) == A4 for w, h in sizes)
    text = _squash(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    page = (run / "04_dpia.html").read_text(encoding="utf-8")
    headers = _table_headers(page)
    assert len(headers) >= 8 and len(headers) == len(re.findall(r"<table\b", page)), "every table of the page has a header row"
    missing = sorted({h for table in headers for h in table if _squash(h) not in text})
    assert missing == [], f"column headers cut off in the PDF: {missing}"
    cut = [table for table in headers if not _in_order(text, [_squash(h) for h in table])]
    assert cut == [], f"tables whose header row is not printed whole, left to right: {cut}"


def _in_order(text: str, cells: list[str]) -> bool:
    """Some printing of this header row: its cells one after another (a wrapped cell may put a few words between)."""
    start = text.find(cells[0])
    while start >= 0:
        at, ok = start + len(cells[0]), True
        for cell in cells[1:]:
            nxt = text.find(cell, at)
            if nxt < 0 or nxt - at > 400:
                ok = False
                break
            at = nxt + len(cell)
        if ok:
            return True
        start = text.find(cells[0], start + 1)
    return False


def test_dpia_pdf_has_no_blank_page_and_ends_with_the_sign_off(run: Path, tmp_path: Path) -> None:
    _need("pdftoppm")
    from PIL import Image, ImageOps

    pdf = _pdf(run)
    subprocess.run(["pdftoppm", "-r", "12", "-png", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    blank = [p.name for p in pages if ImageOps.invert(Image.open(p).convert("L")).getbbox() is None]
    assert pages and blank == []
    last = subprocess.run(["pdftotext", "-f", str(len(pages)), "-l", str(len(pages)), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "DPIA sign-off" in last or "Comments" in last


def test_figures_print_at_seven_points_or_more(run: Path) -> None:
    from privacy_inventory.dpia.figures import FONT_PT

    for svg in sorted((run / "dpia").glob("*.svg")):
        root = ET.parse(svg).getroot()
        width, height = (float(root.get(k, "0").removesuffix("pt")) for k in ("width", "height"))
        assert FONT_PT * printed_scale(width, height) >= MIN_PRINTED_PT, f"{svg.name}: {width} x {height} pt"


def test_ropa_page_has_the_controller_once_a_section_per_activity_and_agrees_with_the_files(run: Path) -> None:
    page = (run / "03_ropa.html").read_text(encoding="utf-8")
    wb = openpyxl.load_workbook(run / "ropa" / "ropa.xlsx")
    assert page.count(">(a) Controller<") == 1 and page.count(">(a) DPO contact<") == 1, "the controller is given once, in its own section"
    activities = [c.value for c in wb["Activities"]["A"][1:]]
    for name in activities:
        assert f">{html.escape(name, quote=False)}</h3>" in page or f">{html.escape(name, quote=False)}<a" in page, name
    widest = max(len(h) for h in _table_headers(page))
    assert widest <= 5, f"a table of {widest} columns does not read on a laptop"
    header = [c.value for c in wb["Activities"][1]]
    xlsx_status = {r[0]: r[header.index("DPIA needed")] for r in wb["Activities"].iter_rows(min_row=2, values_only=True)}
    with (run / "ropa" / "ropa.csv").open(encoding="utf-8") as fh:
        csv_status = {r["Activity"]: r["DPIA needed"] for r in csv.DictReader(fh)}
    assert xlsx_status == csv_status and "not assessed" not in xlsx_status.values()
    for name, status in xlsx_status.items():  # the page's overview says the same
        assert re.search(rf"<td[^>]*>{re.escape(html.escape(name, quote=False))}</td>.*?<td[^>]*>{re.escape(status)}</td>", page, re.S), name


def test_ropa_xlsx_reads_like_the_ico_and_cnil_templates(run: Path) -> None:
    wb = openpyxl.load_workbook(run / "ropa" / "ropa.xlsx")
    assert wb.sheetnames[:2] == ["Controller", "Activities"] and "Categories" in wb.sheetnames
    ws = wb["Activities"]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    for row in rows:
        values = dict(zip(header, row))
        assert not re.search(r"\bP\d+[YMWD]\b|~\d+ days", values["(f) Time limits for erasure"]), values["(f) Time limits for erasure"]
        assert all("(" in p for p in values["(b) Purposes"].splitlines())  # a name, then the key in brackets
        assert len(values["(c) Personal data categories"]) < 700 and "Categories sheet" in values["(c) Personal data categories"]
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows in ("1:1", "$1:$1") and all(sheet.column_dimensions[c].width for c in "AB")
    confidences = [r[7] for r in wb["Categories"].iter_rows(min_row=2, values_only=True) if r[7]]
    assert confidences and all(re.fullmatch(r"\d{1,3}%", c) for c in confidences)


def test_every_page_links_back_to_the_index_and_every_file_it_names_exists(run: Path) -> None:
    pages = sorted(p for p in run.glob("*.html") if p.name != "index.html")
    assert len(pages) >= 6 and (run / "index.html").is_file()
    named: set[str] = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert 'href="index.html"' in text, page.name
        visible = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", text, flags=re.S)
        visible = re.sub(r"<[^>]+>", " ", visible)
        named |= {m for m in FILE_NAME.findall(html.unescape(visible)) if m.split("/", 1)[0] in OUTPUT_DIRS or re.fullmatch(r"0\d_\w+\.(html|pdf)", m)}
    assert {"ropa/ropa.xlsx", "dpia/dpia_register.csv", "dpia/necessity.json"} <= named
    missing = sorted(n for n in named if not (run / n).exists())
    assert missing == [], f"pages name files that do not exist: {missing}"
    ropa_page = (run / "ropa" / "ropa.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in ropa_page


def test_riskiest_paths_on_the_run_follow_shared_categories(run: Path) -> None:
    from privacy_inventory.datamap.graph import read_node_link_json
    from privacy_inventory.dpia.register import Register
    from privacy_inventory.dpia.risk_graph import risk_overlay, riskiest_paths
    from privacy_inventory.dpia.risks import Risk

    graph = read_node_link_json(run / "data-map" / "data-map.json")
    with (run / "dpia" / "dpia_register.csv").open(encoding="utf-8") as fh:
        risks = [Risk(key=r["key"], kind=r["kind"], scope=r["scope"], title=r["title"], description="", feared_event=r["feared_event"],
                      severity=int(r["severity"]), likelihood=int(r["likelihood"])) for r in csv.DictReader(fh)]
    paths = riskiest_paths(graph, risk_overlay(graph, Register(risks)))
    for p in paths:
        category = graph.nodes[p.nodes[0]]["key"]
        sent = graph.edges[p.nodes[-2], p.nodes[-1]].get("categories") or []
        assert any(c == category or c.startswith(category + ".") or category.startswith(c + ".") for c in sent), p.nodes


def _visible(path: Path) -> str:
    return _visible_text(path.read_text(encoding="utf-8"))


def _visible_text(page: str) -> str:
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


def test_a_figure_shown_on_two_pages_comes_from_one_place_and_agrees(run: Path) -> None:
    """Categories, countries, recipients outside, findings and high findings: the index says what the stage files say."""
    import json

    from privacy_inventory.report.attention import root_causes

    counts = json.loads((run / "data-map" / "summary.json").read_text(encoding="utf-8"))
    index = _visible(run / "index.html")
    page = (run / "index.html").read_text(encoding="utf-8")
    summary = _visible_text(page[page.index('id="summary"'):page.index('id="findings"')])
    assert set(re.findall(r"(\d[\d,]*) data categories", summary)) == {f"{counts['categories_found']:,}"}
    assert set(re.findall(r"(\d[\d,]*) countries\b", summary)) == {f"{counts['countries']:,}"}
    assert f"{counts['countries_outside']:,} outside" in summary and f"in {counts['countries_outside']:,} of those countries" in summary
    assert set(re.findall(r"(\d[\d,]*) recipients? (?:in \d+ of those countries are )?outside", summary)) == {f"{counts['recipients_outside']:,}"}
    findings, causes = root_causes(run)
    high = sum(1 for c in causes if c.severity == "high")
    assert f"{len(findings):,} findings raised by the stages come down to {len(causes):,} root causes ({high:,} high," in index
    assert len({(c.cause, c.subject) for c in causes}) == len(causes), "a root cause appears once"
    listed = page[page.index("Most harmful root causes"):page.index("<table", page.index("Most harmful root causes"))]
    assert listed.count('class="sev sev-') == len(causes), "every root cause is on the index, once"
    ropa = sum(1 for f in findings if f["stage"] == "ropa")
    assert f"activities, {ropa:,} findings" in _visible(run / "ropa" / "ropa.html")
