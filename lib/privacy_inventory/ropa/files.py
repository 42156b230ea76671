"""The record of processing activities as files a DPO opens: CSV, XLSX (with evidence) and a standalone HTML page."""

from __future__ import annotations

from pathlib import Path

from privacy_inventory.errors import InventoryError
from privacy_inventory.inventory import csv_text
from privacy_inventory.report import html_table as html
from privacy_inventory.report.xlsx import Sheet, spreadsheet_safe, write_xlsx
from privacy_inventory.ropa.record import FOUND_NOT_DECLARED, CategoryEntry, Ropa, RopaEntry, TransferEntry, missing
from privacy_inventory.wording import percent

ACTIVITY_COLUMNS = (
    "Activity key", "Activity", "Status", "Description", "(a) Controller", "(a) Controller contact", "(a) Joint controllers",
    "(a) Representatives", "(a) DPO contact", "(b) Purposes", "Legal basis (Art. 6)", "Art. 9 condition",
    "(c) Data subjects", "(c) Personal data categories", "(d) Recipients", "(e) Third-country transfers",
    "(f) Time limits for erasure", "(g) Security measures", "Source of data", "Systems", "Tables", "DPIA needed",
    "DPIA (declared)", "Findings",
)  # fmt: skip
CATEGORY_COLUMNS = ("Activity key", "Activity", "Category", "Category name", "Status", "Special category (Art. 9)", "Columns", "Max confidence", "Evidence")
CONTROLLER_ITEMS = ("(a) Controller", "(a) Controller contact", "(a) Joint controllers", "(a) Representatives", "(a) DPO contact")
# The record sheet, shaped like the ICO and CNIL record templates: the controller once (its own sheet), one row per
# activity with its purposes, people, data (summarised; the evidence is on the Categories sheet), recipients,
# transfers, retention and security in words.
RECORD_COLUMNS = tuple(c for c in ACTIVITY_COLUMNS if c not in CONTROLLER_ITEMS and c not in ("Tables", "Activity key"))
MAX_SUMMARY_NAMES = 12
RECIPIENT_COLUMNS = ("Activity key", "Activity", "Recipient key", "Recipient", "Role", "Type", "Country", "Third country", "Safeguard", "Contract reference", "Vendor", "Seen in config", "Data sent (config)")
TRANSFER_COLUMNS = ("Activity key", "Activity", "Recipient key", "Recipient", "Country", "Adequacy decision", "Safeguard", "Contract reference")
FINDING_COLUMNS = ("Activity key", "Severity", "Finding", "Detail", "Finding key")


def _category_text(c: CategoryEntry) -> str:
    count = f", {len(c.columns)} column{'s' * (len(c.columns) != 1)}, max confidence {percent(c.confidence)}" if c.columns else ""
    return f"{c.category} ({c.name}) [{c.status}{count}]"


def category_summary(e: RopaEntry) -> str:
    """The activity's data categories in a few words: names, special ones marked, counts by status (evidence elsewhere)."""
    if not e.categories:
        return missing("no personal data categories found or declared")
    names = [f"{c.name}{' (Art. 9)' if c.special else ''}" for c in e.categories]
    shown = ", ".join(names[:MAX_SUMMARY_NAMES]) + (f" and {len(names) - MAX_SUMMARY_NAMES} more" if len(names) > MAX_SUMMARY_NAMES else "")
    counts: dict[str, int] = {}
    for c in e.categories:
        counts[c.status] = counts.get(c.status, 0) + 1
    tally = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    flag = " (WARNING: data found that the activity does not declare)" if FOUND_NOT_DECLARED in counts else ""
    return f"{shown}. {len(e.categories)} categories: {tally}{flag}; columns and evidence on the Categories sheet."


def _special(c: CategoryEntry) -> str:
    return ("yes" + (f" ({', '.join(c.special_flags)})" if c.special_flags else "")) if c.special else "no"


def _transfer_text(t: TransferEntry) -> str:
    return f"{t.name} ({t.recipient}) -> {t.country}: {t.safeguard}" + (f"; contract {t.contract_reference}" if t.contract_reference else "")


def activity_values(e: RopaEntry) -> list[str | tuple[str, ...]]:
    """One activity's Art. 30 items in ACTIVITY_COLUMNS order; list items stay tuples."""
    recipients = tuple((f"{r.name} ({r.type}, {r.role}, {r.country}{', third country' if r.third_country else ''})" if r.role else r.name)
                       + (f"; config sends {len(r.sends)} event{'s' * (len(r.sends) != 1)}: {', '.join(x.split(':', 1)[0] for x in r.sends)}" if r.sends else "")
                       for r in e.recipients)
    return [
        e.key, e.name, e.status, e.description, e.controller, e.controller_contact, e.joint_controllers, e.representatives, e.dpo,
        e.purposes, e.legal_basis, e.art9_condition, e.data_subjects, tuple(_category_text(c) for c in e.categories) or (missing("no personal data categories found or declared"),),
        recipients or ("none declared",), tuple(_transfer_text(t) for t in e.transfers) or (f"none (no recipient outside {e.home_label})",),
        e.retention, e.security_measures, e.source_of_data, e.systems, e.tables, e.dpia_needed, e.dpia_declared,
        tuple(f"[{f.severity}] {f.title}" for f in e.findings) or ("none",),
    ]  # fmt: skip


def _joined(value: str | tuple[str, ...], sep: str = "; ") -> str:
    return sep.join(value) if isinstance(value, tuple) else value


def ropa_rows(ropa: Ropa) -> list[dict[str, str]]:
    """One row per activity, keyed by ACTIVITY_COLUMNS (named after the Art. 30 items), lists joined with '; '."""
    return [dict(zip(ACTIVITY_COLUMNS, (_joined(v) for v in activity_values(e)))) for e in ropa.entries]


def record_values(e: RopaEntry) -> list[str]:
    """One activity in RECORD_COLUMNS order, lists on separate lines, categories summarised, findings counted."""
    full = dict(zip(ACTIVITY_COLUMNS, activity_values(e)))
    full["(c) Personal data categories"] = category_summary(e)
    full["Findings"] = f"{len(e.findings)} (see the Findings sheet)" if e.findings else "none"
    return [_joined(full[c], "\n") for c in RECORD_COLUMNS]


def controller_rows(ropa: Ropa) -> list[list[str]]:
    """Art. 30(1)(a), once for the whole record: controller, contact, joint controllers, representatives, DPO."""
    first = ropa.entries[0] if ropa.entries else None
    if first is None:
        return [["(a) Controller", ropa.controller]]
    values = dict(zip(ACTIVITY_COLUMNS, activity_values(first)))
    return [[item, _joined(values[item], "\n")] for item in CONTROLLER_ITEMS]


def ropa_sheets(ropa: Ropa) -> list[Sheet]:
    """The workbook: Controller, Record (one row per activity), Recipients, Transfers, Categories (evidence), Findings."""
    record = [record_values(e) for e in ropa.entries]
    categories = [
        [e.key, e.name, c.category, c.name, c.status, _special(c), "\n".join(x.location for x in c.columns),
         percent(c.confidence) if c.columns else None, "\n".join(f"{x.location} ({percent(x.confidence)}): {x.evidence}" for x in c.columns)]
        for e in ropa.entries for c in e.categories
    ]  # fmt: skip
    recipients = [
        [e.key, e.name, r.key, r.name, r.role, r.type, r.country, "yes" if r.third_country else "no", r.safeguard, r.contract_reference, r.vendor, "\n".join(r.seen_in_config), "\n".join(r.sends)]
        for e in ropa.entries for r in e.recipients
    ]  # fmt: skip
    transfers = [
        [e.key, e.name, t.recipient, t.name, t.country, "yes" if t.adequacy else "no", t.safeguard, t.contract_reference]
        for e in ropa.entries for t in e.transfers
    ]  # fmt: skip
    findings = [["(record)", f.severity, f.title, f.detail, f.key] for f in ropa.record_findings]
    findings += [[e.key, f.severity, f.title, f.detail, f.key] for e in ropa.entries for f in e.findings]
    widths = {"Activity": 24, "Description": 36, "(b) Purposes": 30, "(c) Personal data categories": 48, "(d) Recipients": 36,
              "(e) Third-country transfers": 32, "(f) Time limits for erasure": 36, "(g) Security measures": 34, "Findings": 14}
    return [
        Sheet("Controller", ("Art. 30(1)(a) item", "Value"), controller_rows(ropa), widths={"Art. 30(1)(a) item": 26, "Value": 90}),
        Sheet("Activities", RECORD_COLUMNS, record, widths=widths),
        Sheet("Recipients", RECIPIENT_COLUMNS, recipients),
        Sheet("Transfers", TRANSFER_COLUMNS, transfers),
        Sheet("Categories", CATEGORY_COLUMNS, categories, widths={"Evidence": 80}),
        Sheet("Findings", FINDING_COLUMNS, findings),
    ]


def ropa_html(ropa: Ropa) -> str:
    """A standalone page: all findings first, then one section per activity with its items and evidence tables."""
    sheets = ropa_sheets(ropa)
    findings = sheets[-1]
    body = html.table(FINDING_COLUMNS, findings.rows) if findings.rows else html.element("p", "none")
    back = html.Markup('<p class="note"><a href="../index.html">&larr; Back to the index of this assessment</a></p>')
    sections = [back, html.section("Controller", html.definition_list(controller_rows(ropa)), anchor="controller"),
                html.section("Findings", body, anchor="findings")]
    for e in ropa.entries:
        parts: list[object] = [html.definition_list(zip(RECORD_COLUMNS[1:], record_values(e)[1:]))]
        for sheet in sheets[2:5]:  # Recipients, Transfers, Categories of this activity
            rows = [row[2:] for row in sheet.rows if row[0] == e.key]
            if rows:
                parts.append(html.table(sheet.header[2:], rows, caption=sheet.title))
        sections.append(html.section(f"{e.name} ({e.key})", *parts, anchor=f"activity-{e.key}"))
    contents = html.link_list([("controller", "Controller"), ("findings", "Findings")] + [(f"activity-{e.key}", e.name) for e in ropa.entries])
    subtitle = f"Controller: {ropa.controller}. {len(ropa.entries)} activities, {len(findings.rows)} findings."
    return html.page("Record of processing activities (GDPR Art. 30)", contents, *sections, subtitle=subtitle)


def write_ropa(ropa: Ropa, out_dir: Path) -> list[Path]:
    """Write ropa.xlsx, ropa.csv and ropa.html into out_dir (byte-identical for the same record)."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        rows = ropa_rows(ropa)
        csv_path, html_path = out_dir / "ropa.csv", out_dir / "ropa.html"
        csv_path.write_text(csv_text(list(ACTIVITY_COLUMNS), [[str(spreadsheet_safe(r[c])) for c in ACTIVITY_COLUMNS] for r in rows]), encoding="utf-8", newline="")
        html_path.write_text(ropa_html(ropa), encoding="utf-8", newline="")
    except OSError as exc:
        raise InventoryError(str(out_dir), f"cannot write the record ({exc.strerror or exc})") from None
    return [write_xlsx(out_dir / "ropa.xlsx", ropa_sheets(ropa)), csv_path, html_path]
