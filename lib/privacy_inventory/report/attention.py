"""The index's "What needs attention": every stage's findings read from their files, folded into root causes, most harmful first."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from privacy_inventory.findings import SEVERITIES
from privacy_inventory.masking import scrub
from privacy_inventory.report.html_table import Markup, badge, element, esc, join, link, plural, section, table
from privacy_inventory.report.outputs import read_json
from privacy_inventory.report.root_causes import RootCause, fold

MAX_LISTED_FINDINGS = 12
MAX_OCCURRENCES = 8  # occurrences listed under a root cause on the index; the rest are counted
# Where each stage's findings come from, who reads them, and the page that explains them.
STAGES = (("scan", "Config files", "01_scan.html"), ("datamap", "Data map", "02_data_map.html"),
          ("ropa", "Record of processing", "03_ropa.html"), ("dpia", "DPIA", "04_dpia.html"),
          ("policy", "Privacy policy", "05_policy_gap.html"))
# What touches people first (risks measured in the data, broken promises), then secrets, then paperwork.
READING_ORDER = ("dpia", "policy", "scan", "datamap", "ropa")


def _severity(value: object) -> str:
    """high | medium | low, whatever scale the stage used."""
    text = str(value or "").strip().lower()
    return {"very high": "high", "critical": "high", "info": "low"}.get(text, text if text in SEVERITIES else "low")


def collect_findings(out_dir: Path, inventory: dict[str, Any]) -> list[dict[str, Any]]:
    """Every stage's findings in one list (stage, severity, title), most severe first, masked again for safety."""
    rows: list[dict[str, Any]] = [
        {"stage": "scan", "severity": _severity(f.get("severity")), "title": f"{f.get('file', '')} ({f.get('key', '')}): {f.get('detail', '')}",
         "kind": str(f.get("kind", "")), "key": f"{f.get('file', '')}:{f.get('key', '')}", "subjects": [str(f.get("key", ""))]}
        for f in inventory.get("config_findings", [])]
    for stage, path in (("datamap", "data-map/findings.json"), ("ropa", "ropa/findings.json"), ("dpia", "dpia/findings.json")):
        rows += [{"stage": stage, "severity": _severity(f.get("severity")), "title": str(f.get("title", "")), "kind": str(f.get("kind", "")),
                  "key": str(f.get("key", "")), "subjects": list(f.get("subjects") or []), "count": f.get("count")}
                 for f in read_json(out_dir / path, [])]
    rows += [{"stage": "policy", "severity": _severity(g.get("severity")), "title": str(g.get("detail") or g.get("subject", "")),
              "kind": str(g.get("kind", "")), "key": f"policy.{g.get('kind', '')}.{g.get('subject', '')}", "policy_subject": str(g.get("subject", ""))}
             for g in read_json(out_dir / "policy" / "gaps.json", [])]
    for row in rows:
        row["title"] = scrub(row["title"])
    return sorted(rows, key=lambda r: (SEVERITIES.index(r["severity"]), READING_ORDER.index(r["stage"]), r["title"]))


def recipient_roles(inventory: dict[str, Any]) -> dict[str, str]:
    """Vendor key -> GDPR role of every integration the scan found in config (processor, independent_controller ...)."""
    return {str(i.get("vendor")): str(i.get("role", "")) for i in inventory.get("integrations", []) if i.get("vendor")}


def root_causes(out_dir: Path) -> tuple[list[dict[str, Any]], list[RootCause]]:
    """The stages' findings and the root causes they fold into: one place for every count of findings a page shows."""
    inventory = read_json(out_dir / "scan" / "inventory.json", {})
    inventory = inventory if isinstance(inventory, dict) else {}
    findings = collect_findings(out_dir, inventory)
    return findings, fold(findings, recipient_roles(inventory))


def _cause_item(out_dir: Path, c: RootCause) -> Markup:
    """One root cause: severity, title, how many occurrences and people, where raised, the next step, what was found."""
    labels = {key: label for key, label, _ in STAGES}
    pages = {key: page_ for key, _, page_ in STAGES}
    where = [link(pages[s], labels[s]) if (out_dir / pages[s]).is_file() else esc(labels[s]) for s in c.stages]
    seen = join(*[join(Markup(", ") if i else "", w) for i, w in enumerate(where)])
    people = f"; {c.people:,} rows about people counted" if c.people else ""
    found = f"{plural(len(c.occurrences), 'occurrence')}{people}"
    shown = [o["title"] for o in c.occurrences[:MAX_OCCURRENCES]]
    rest = len(c.occurrences) - len(shown)
    occurrences = element("ul", *(element("li", t) for t in shown), *([element("li", f"... and {rest:,} more", cls="note")] if rest > 0 else []))
    return element("li", join(badge(c.severity.capitalize()), " ", Markup("<strong>"), c.title, Markup("</strong>"), f" ({found}; ", seen, ")"),
                   element("p", f"Next step: {c.next_step}" if c.next_step else "Next step: see the stage report.", cls="next"),
                   element("details", element("summary", "What was found"), occurrences))


def findings_section(out_dir: Path, findings: list[dict[str, Any]], causes: list[RootCause]) -> Markup:
    """Root causes by severity, the most harmful listed with their next step, then where the stages raised their findings."""
    counts = Counter((f["stage"], f["severity"]) for f in findings)
    header = ["Severity", *(label for _, label, _ in STAGES), "Total"]
    rows = [[badge(sev.capitalize()), *(counts[(key, sev)] for key, _, _ in STAGES), sum(counts[(k, sev)] for k, _, _ in STAGES)]
            for sev in SEVERITIES]
    rows.append([Markup("<strong>All</strong>"), *(sum(counts[(k, s)] for s in SEVERITIES) for k, _, _ in STAGES), len(findings)])
    by_level = Counter(c.severity for c in causes)
    items = [_cause_item(out_dir, c) for c in causes[:MAX_LISTED_FINDINGS]]
    more = len(causes) - len(items)
    levels = ", ".join(f"{by_level[s]:,} {s}" for s in SEVERITIES)
    body = [element("p", f"{plural(len(findings), 'finding')} raised by the stages come down to {plural(len(causes), 'root cause')} ({levels}). "
                         "A root cause's severity comes from the harm to people (special categories, children, credentials, processing "
                         "without consent or legal basis, undisclosed sharing, hidden data) and how many people it concerns; the most "
                         "harmful come first.")]
    if items:
        body += [element("h3", "Most harmful root causes, with the next step"), element("ol", *items)]
        if more > 0:
            rest = [element("li", join(badge(c.severity.capitalize()), " ", c.title, f" ({plural(len(c.occurrences), 'occurrence')}). ",
                                       f"Next step: {c.next_step}" if c.next_step else "")) for c in causes[MAX_LISTED_FINDINGS:]]
            body.append(element("details", element("summary", f"The other {more:,} root causes, less harmful"), element("ul", *rest)))
    body.append(table(header, rows, caption="The stages' findings (before folding into root causes), by the severity each stage gave"))
    return section("What needs attention", *body, anchor="findings")
