"""The assessment's front page (index.html): what was assessed, what needs attention, and a link to every file, offline."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from privacy_inventory import __version__
from privacy_inventory.errors import InventoryError
from privacy_inventory.report import browser
from privacy_inventory.report.attention import findings_section, root_causes
from privacy_inventory.report.html_table import Markup, badge, element, esc, href, join, link, link_list, page, section, table
from privacy_inventory.report.html_table import plural as _plural
from privacy_inventory.report.outputs import read_csv, read_json
from privacy_inventory.report.root_causes import RootCause

INDEX = "index.html"
PDF_NAME = "04_dpia.pdf"
REGISTER_CSV = "dpia/dpia_register.csv"
TOP_RISKS = 5
PAGES = {
    "01_scan": "Scan: which databases and configuration files hold personal data, column by column.",
    "02_data_map": "Data map: how personal data flows from systems to activities and recipients, and where it leaves the controller's home area (the UK, or the EU/EEA).",
    "03_ropa": "Record of processing activities (GDPR Art. 30).",
    "04_dpia": "Data protection impact assessment: screening, risk register and measures.",
    "05_policy_gap": "Privacy policy check: what the published policy says against what was found.",
    "06_changes": "Changes since the previous assessment.",
}
FIGURES = (("data-map/data-map", "Data map", "Data map: systems and tables holding personal data, the processing activities using them, and the recipients and countries it is shared with."),
           ("dpia/risk-heatmap", "Risk heatmap", "Risk heatmap: number of risks by severity and likelihood."),
           ("dpia/top-risks", "Top risks", "Bar chart of the most serious risks in the DPIA register."),
           ("dpia/risk-graph", "Where the risks are", "Graph linking each risk to the tables, activities and recipients it concerns."))
FILE_GROUPS = (("DPIA", "dpia"), ("Record of processing (Art. 30)", "ropa"), ("Privacy policy check", "policy"),
               ("Data map", "data-map"), ("Scan results", "scan"), ("Fides (fideslang) export", "fides"),
               ("Changes since the previous assessment", "changes"), ("Executed notebooks (with code)", "notebooks"))
FILE_NOTES = {
    "dpia_register.xlsx": "risk register (Excel)", "dpia_register.csv": "risk register (CSV)",
    "screening.json": "DPIA screening, per activity and criterion", "facts.json": "counts measured in the databases",
    "findings.json": "findings of this stage", "ropa.xlsx": "the record (Excel)", "ropa.csv": "the record (CSV)",
    "ropa.html": "the record (printable page)", "gaps.csv": "policy gaps (CSV)", "gaps.json": "policy gaps (JSON)",
    "policy-declarations.json": "what the policy declares", "columns.csv": "every scanned column and its data category",
    "integrations.csv": "third-party integrations found in configuration", "inventory.json": "the full scan result",
    "data-map.graphml": "graph for yEd/Gephi", "data-map.json": "graph as JSON", "changes.json": "differences, as JSON", "changes.csv": "differences, as CSV",
}
SITE_CSS = """
.lead { font-size: 1.08rem; max-width: 60rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr)); gap: .6rem; margin: 1rem 0; padding: 0; list-style: none; }
.cards li { border: 1px solid #ccd3dd; border-radius: 6px; padding: .55rem .7rem; background: #f6f8fb; }
.cards .num { display: block; font-size: 1.7rem; font-weight: 700; color: #14365d; }
.sev { display: inline-block; white-space: nowrap; min-width: 4.2rem; text-align: center; padding: 0 .4rem; border-radius: 4px; font-weight: 600; font-size: .85rem; }
.sev-high, .sev-very-high { background: #8b1a1a; color: #fff; }
.sev-medium { background: #f3d48a; color: #3b2a00; }
.sev-low, .sev-not-required { background: #dde4ee; color: #1d2733; }
.sev-required { background: #8b1a1a; color: #fff; }
.sev-needs-dpo-answer { background: #f3d48a; color: #3b2a00; }
.answer { font-size: 1.1rem; font-weight: 600; }
.figures { display: grid; grid-template-columns: 1fr; gap: 1rem; }
figure { margin: 0; border: 1px solid #ccd3dd; padding: .5rem; background: #fff; break-inside: avoid; }
figure.wide { grid-column: 1 / -1; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-size: .9rem; color: #3c4a5c; margin-top: .4rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; list-style: none; }
a { color: #0b4f9c; }
a:focus { outline: 2px solid #0b4f9c; }
footer { margin-top: 3rem; border-top: 1px solid #ccd; padding-top: .5rem; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  nav { display: none; }
  section, table, tr, figure, .cards li { break-inside: avoid; }
  a { color: inherit; }
  .files a::after { content: " (" attr(href) ")"; font-size: .8em; color: #556; }
  .sev, .cards li { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


@dataclass
class SiteSummary:
    """What the front page says, read from the files an assessment wrote (no database access)."""

    organisation: str
    reference_date: str
    figures: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    sentence: str = ""
    findings: list[dict[str, Any]] = field(default_factory=list)  # stage, severity, title
    causes: list[RootCause] = field(default_factory=list)  # the findings folded into root causes, most harmful first
    screening: dict[str, dict[str, Any]] = field(default_factory=dict)  # activity -> verdict, label, met
    top_risks: list[dict[str, str]] = field(default_factory=list)
    risk_levels: dict[str, int] = field(default_factory=dict)


def organisation_name(out_dir: Path) -> str:
    """The controller's name as declared (Fides organisation, else the RoPA), so nothing is hard-coded."""
    org_file = out_dir / "fides" / "organization.yml"
    if org_file.is_file():
        try:
            data = yaml.safe_load(org_file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise InventoryError(str(org_file), f"not valid YAML ({' '.join(str(exc).split())})") from None
        for org in data.get("organization", []) if isinstance(data, dict) else []:
            name = (org.get("controller") or {}).get("name") or org.get("name") if isinstance(org, dict) else None
            if name:
                return str(name)
    for row in read_csv(out_dir / "ropa" / "ropa.csv")[:1]:
        if row.get("(a) Controller"):
            return row["(a) Controller"]
    return "the organisation"


def headline(out_dir: Path, summary: SiteSummary) -> None:
    """The key counts and a one-sentence summary, from the inventory and the data map."""
    inv = read_json(out_dir / "scan" / "inventory.json", {})
    if not isinstance(inv, dict):
        raise InventoryError(str(out_dir / "scan" / "inventory.json"), "not an inventory (expected a JSON object)")
    sources = inv.get("sources", [])
    tables = [t for s in sources for t in s.get("tables", [])]
    columns = [c for t in tables for c in t.get("columns", []) if c.get("category")]
    categories = {c["category"] for c in columns}
    personal_tables = sum(1 for t in tables if any(c.get("category") for c in t.get("columns", [])))
    failed = sum(1 for s in sources if s.get("status") == "failed")
    counts = _map_counts(out_dir)
    n_categories = counts.get("categories_found", len(categories))
    recipients, countries, outside = counts.get("recipients", 0), counts.get("countries", 0), counts.get("countries_outside", 0)
    home, regime = counts.get("home_label") or "the EU/EEA", counts.get("regime") or "GDPR"
    integrations = inv.get("integrations", [])
    summary.figures = [(f"{'database' if len(sources) == 1 else 'databases'} scanned", f"{len(sources):,}"),
                       ("tables scanned", f"{len(tables):,}"), ("tables with personal data", f"{personal_tables:,}"),
                       ("personal-data columns", f"{len(columns):,}"), ("data categories", f"{n_categories:,}"),
                       ("recipients", f"{recipients:,}"), (f"countries, {outside:,} outside {home}", f"{countries:,}"),
                       (f"recipients outside {home} ({regime})", f"{counts.get('recipients_outside', 0):,}"),
                       ("integrations found in config files", f"{len(integrations):,}")]
    configs = len(inv.get("config_sources", []))
    summary.sentence = (
        f"We scanned {_plural(len(sources), 'database')} ({_plural(len(tables), 'table')}) and {_plural(configs, 'configuration file')} "
        f"of {summary.organisation}. Personal data was found in {_plural(len(columns), 'column')} of {_plural(personal_tables, 'table')}, "
        f"in {_plural(n_categories, 'data category', 'data categories')}. It is shared with {_plural(recipients, 'recipient')} "
        f"in {_plural(countries, 'country', 'countries')}; {_plural(counts.get('recipients_outside', 0), 'recipient')} in {outside:,} of "
        f"those countries are outside {home}, judged under {regime}."
        + (f" {_plural(failed, 'database')} could not be read." if failed else ""))


def _map_counts(out_dir: Path) -> dict[str, Any]:
    """The data map's figures as its stage wrote them (summary.json), recounted from the map only for an older run."""
    from privacy_inventory.datamap.counts import read_counts

    counts = read_counts(out_dir / "data-map")
    if counts:
        return counts
    nodes = read_json(out_dir / "data-map" / "data-map.json", {}).get("nodes", [])
    countries = [n for n in nodes if n.get("kind") == "country"]
    return {"recipients": sum(1 for n in nodes if n.get("kind") == "recipient"), "countries": len(countries),
            "countries_outside": sum(1 for n in countries if not n.get("home", n.get("eea")))}


def screening_summary(out_dir: Path) -> dict[str, dict[str, Any]]:
    """activity -> {verdict, label, met criteria}, from dpia/screening.json and the data map's activity names."""
    labels = {n.get("key"): n.get("label") for n in read_json(out_dir / "data-map" / "data-map.json", {}).get("nodes", [])
              if n.get("kind") == "activity"}
    out: dict[str, dict[str, Any]] = {}
    for row in read_json(out_dir / "dpia" / "screening.json", []):
        act = out.setdefault(str(row.get("activity", "")), {"verdict": str(row.get("verdict", "")), "met": [],
                                                            "label": str(labels.get(row.get("activity")) or row.get("activity", ""))})
        if row.get("status") == "met":
            act["met"].append(str(row.get("criterion", "")))
    return dict(sorted(out.items()))


def summarise(out_dir: Path) -> SiteSummary:
    """Read an assessment directory into what the front page and the sign-off page show."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise InventoryError(str(out_dir), "assessment directory not found; run `privacy-inventory run` first")
    facts = read_json(out_dir / "dpia" / "facts.json", {})
    summary = SiteSummary(organisation_name(out_dir), str(facts.get("reference_date", "")) if isinstance(facts, dict) else "")
    headline(out_dir, summary)
    summary.findings, summary.causes = root_causes(out_dir)
    summary.screening = screening_summary(out_dir)
    register = read_csv(out_dir / REGISTER_CSV)
    summary.top_risks = register[:TOP_RISKS]
    summary.risk_levels = dict(Counter(r.get("level", "") for r in register))
    return summary


def split_list(text: str) -> list[str]:
    """Split a '; '-joined register cell, but not inside parentheses."""
    items, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == ";" and depth <= 0:
            items.append(current.strip())
            current = ""
        else:
            current += ch
    return [i for i in (*items, current.strip()) if i]


def dpia_section(out_dir: Path, summary: SiteSummary) -> Markup:
    """Whether a DPIA is required (and for which activities), the top risks, and the sign-off PDF."""
    acts = summary.screening
    required = [a for a, s in acts.items() if s["verdict"] == "required"]
    open_ = [a for a, s in acts.items() if s["verdict"] not in ("required", "not required")]
    if not acts:
        answer = "Not assessed: the DPIA screening was not run."
    elif required:
        answer = f"Yes: a DPIA is required for {len(required):,} of {_plural(len(acts), 'processing activity', 'processing activities')}."
    else:
        answer = f"No DPIA is required for the {_plural(len(acts), 'processing activity', 'processing activities')} screened."
    if open_:
        answer += f" {len(open_):,} {'activity needs' if len(open_) == 1 else 'activities need'} an answer from the DPO."
    body: list[object] = [element("p", answer, cls="answer")]
    if acts:
        rows = [[s["label"], badge(s["verdict"]), s["met"] or "none"] for s in acts.values()]
        body.append(table(["Processing activity", "DPIA", "Screening criteria met (EDPB WP248)"], rows, caption="DPIA screening by activity"))
    if summary.top_risks:
        rows = [[i, badge(r.get("level", "")), r.get("title", ""), r.get("scope", ""),
                 split_list(r.get("measures", "")) or "MISSING: no measure recorded",
                 r.get("residual_level") or "not assessed"] for i, r in enumerate(summary.top_risks, 1)]
        levels = ", ".join(f"{n:,} {lvl}" for lvl, n in sorted(summary.risk_levels.items(), key=lambda kv: level_order(kv[0])))
        body += [element("h3", f"Top {len(summary.top_risks)} risks"),
                 element("p", f"The register holds {_plural(sum(summary.risk_levels.values()), 'risk')} ({levels}).", cls="note"),
                 table(["#", "Level", "Risk", "Concerns", "Measures", "Residual level"], rows, caption="Most serious risks in the DPIA register")]
    body.append(element("h3", "Sign-off"))
    body.append(element("p", pdf_status(out_dir)))
    return section("Is a DPIA required?", *body, anchor="dpia")


def level_order(level: str) -> int:
    """Very high first, unknown levels last."""
    order = ("very high", "high", "medium", "low")
    return order.index(level) if level in order else len(order)


def pdf_status(out_dir: Path) -> Markup:
    """A link to the printable DPIA, or why it is missing."""
    if (out_dir / PDF_NAME).is_file():
        return join("Print-ready DPIA report with a sign-off page for the DPO and the controller: ", link(PDF_NAME, f"{PDF_NAME} (PDF)"))
    reason = "Chromium not installed" if browser.find_chromium() is None else "not printed yet"
    return esc(f"PDF not produced: {reason}. Open the DPIA report page and print it from a browser instead.")


def figures_section(out_dir: Path, summary: SiteSummary) -> Markup | None:
    """The headline figures as images (PNG, linked to the scalable SVG)."""
    items = []
    for stem, title, alt in FIGURES:
        image = next((f"{stem}{ext}" for ext in (".png", ".svg") if (out_dir / f"{stem}{ext}").is_file()), None)
        if image is None:
            continue
        full = f"{stem}.svg" if (out_dir / f"{stem}.svg").is_file() else image
        img = Markup(f'<img src="{esc(href(image))}" alt="{esc(alt.replace("Data map:", f"Data map of {summary.organisation}:"))}"">')
        caption = element("figcaption", join(f"{title}. ", link(full, "Open full size")))
        items.append(element("figure", link(full, img), caption, cls="wide" if stem.startswith("data-map") else "fig"))
    if not items:
        return None
    return section("Figures", element("div", *items, cls="figures"), anchor="figures")


def _files(out_dir: Path, sub: str) -> list[str]:
    base = out_dir / sub
    return sorted(p.relative_to(out_dir).as_posix() for p in base.rglob("*") if p.is_file()) if base.is_dir() else []


def files_section(out_dir: Path) -> Markup:
    """Links to every report page and every file of the assessment, grouped for the reader."""
    pages = [p.name for p in sorted(out_dir.glob("*.html")) if p.name != INDEX]
    page_items = [element("li", join(link(name, name), f": {PAGES.get(Path(name).stem, 'report page')}")) for name in pages]
    if (out_dir / PDF_NAME).is_file():
        page_items.append(element("li", join(link(PDF_NAME, PDF_NAME), ": the DPIA report, print-ready, with a sign-off page")))
    body: list[object] = [element("h3", "Reports"), element("ul", *page_items) if page_items else element("p", "No report page was rendered.")]
    for title, sub in FILE_GROUPS:
        files = _files(out_dir, sub)
        if files:
            items = [element("li", join(link(f, f), f": {FILE_NOTES[Path(f).name]}" if Path(f).name in FILE_NOTES else "")) for f in files]
            body += [element("h3", title), element("ul", *items)]
    manifest = join("Run record: ", join(link("manifest.json", "manifest.json"), " (start and end times, parameters, input hashes, schema fingerprints, package versions, commit)")
                    if (out_dir / "manifest.json").is_file() else "manifest.json not written yet")
    body += [element("h3", "How this assessment was made"), element("p", manifest)]
    return element("div", section("Reports and files", *body, anchor="files"), cls="files")


def index_html(out_dir: Path) -> str:
    """The whole front page as text: same assessment files, same bytes (no run time is printed)."""
    out_dir = Path(out_dir)
    summary = summarise(out_dir)
    when = f"Reference date {summary.reference_date}" if summary.reference_date else "Reference date not recorded"
    cards = element("ul", *(Markup(f'<li><span class="num">{esc(v)}</span>{esc(label)}</li>') for label, v in summary.figures), cls="cards")
    nav = join(Markup('<nav aria-label="On this page">'), link_list([("summary", "Summary"), ("findings", "What needs attention"), ("dpia", "DPIA"),
                                                                       ("figures", "Figures"), ("files", "Reports and files")]), Markup("</nav>"))
    parts: list[object] = [nav, section("Summary", element("p", summary.sentence, cls="lead"), *draft_notice(out_dir), cards, anchor="summary"),
                           findings_section(out_dir, summary.findings, summary.causes), dpia_section(out_dir, summary)]
    figures = figures_section(out_dir, summary)
    parts += [figures] if figures else []
    parts += [files_section(out_dir),
              element("footer", element("p", f"Produced by privacy-inventory {__version__}. Every page works offline; run times are in manifest.json.", cls="note"))]
    subtitle = f"Personal data inventory and impact assessment. {when}; when the run happened is recorded in manifest.json."
    html = page(f"Privacy assessment: {summary.organisation}", *parts, subtitle=subtitle)
    return html.replace("</style>", SITE_CSS + "</style>", 1)


def draft_notice(out_dir: Path) -> list[object]:
    """A warning when the record was drafted from the scan: its activities are "draft, not confirmed"."""
    rows = read_csv(out_dir / "ropa" / "ropa.csv")
    drafts = [r for r in rows if r.get("Status") == "draft, not confirmed"]
    if not drafts:
        return []
    text = (f"{_plural(len(drafts), 'processing activity', 'processing activities')} of {len(rows)} in this assessment were drafted from the scan: "
            "draft, not confirmed. Their purposes, legal bases and data subjects are suggestions until the DPO checks them.")
    return [element("p", element("strong", "Draft: "), text, cls="note")]


def write_site(out_dir: Path) -> Path:
    """Write out_dir/index.html, the page a stakeholder opens first."""
    out_dir = Path(out_dir)
    text = index_html(out_dir)
    target = out_dir / INDEX
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InventoryError(str(target), f"cannot write the index page ({exc.strerror or exc})") from None
    return target
