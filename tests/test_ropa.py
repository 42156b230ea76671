"""The Art. 30 record: every item per activity, categories from the scan, transfers, MISSING markers, stable files."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from dataclasses import fields
from pathlib import Path

import openpyxl
import pytest

from privacy_inventory.declarations import Controller, Declarations, Party, ProcessingActivity
from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.errors import InventoryError
from privacy_inventory.models import ColumnScan, Integration, Inventory, SourceScan, TableScan
from privacy_inventory.report import html_table as html
from privacy_inventory.ropa.files import ACTIVITY_COLUMNS, CATEGORY_COLUMNS, CONTROLLER_ITEMS, RECORD_COLUMNS, ropa_html, ropa_rows, write_ropa
from privacy_inventory.report.xlsx import Sheet, spreadsheet_safe, xlsx_bytes
from privacy_inventory.ropa.record import (
    DECLARED_NOT_FOUND,
    FOUND_DECLARED,
    FOUND_NOT_DECLARED,
    MISSING,
    NOT_ASSESSED,
    Ropa,
    RopaEntry,
    build_ropa,
)

IMVBOX = Path(__file__).resolve().parents[1] / "inventory" / "imvbox"

CONTROLLER = """\
controller:
  name: Acme Films Ltd
  address: 1 Example Street, Springfield
  email: privacy@acme.example
  country: US
  dpo:
    unknown: not appointed yet
"""
ACTIVITIES = """\
activities:
  - key: billing
    name: Billing
    description: Charge subscriptions.
    purposes: [essential.service.payment_processing]
    legal_basis: contract
    data_subjects: [customer]
    data_categories: [user.contact.email, user.financial, user.contact.phone_number]
    systems: [crm]
    tables: [customers, crm.payments, ghost_table*]
    recipients: [stripe, mailer, ukco, nowhere]
    retention: {period: P7Y, basis: tax law, date_column: created_at}
    security_measures: [encryption at rest, role-based access]
    source_of_data: data_subject
  - key: newsletter
    name: Newsletter
    purposes: [marketing.communications.email]
    legal_basis: consent
    data_subjects: [customer]
    data_categories: [user.contact.email]
"""
RECIPIENTS = """\
recipients:
  - {key: stripe, name: Stripe, role: processor, type: payment_processor, country: US, transfer_safeguard: sccs, vendor: stripe, contract_reference: DPA-2023-01}
  - {key: mailer, name: Mailer GmbH, role: processor, type: email_service, country: DE}
  - {key: ukco, name: UK Fulfilment, role: processor, type: logistics, country: GB, transfer_safeguard: adequacy}
  - {key: nowhere, name: Far Away Analytics, role: independent_controller, type: analytics, country: BR, transfer_safeguard: none}
  - {key: hotjar, name: Hotjar, role: processor, type: analytics, country: MT, vendor: hotjar}
"""


def _col(name: str, category: str | None, confidence: float = 0.0, flags: tuple[str, ...] = ()) -> ColumnScan:
    return ColumnScan(name=name, data_type="TEXT", category=category, confidence=confidence, evidence=f"name '{name}' (masked sample: a***)", flags=list(flags))


@pytest.fixture()
def inventory() -> Inventory:
    customers = TableScan(None, "customers", columns=[
        _col("email", "user.contact.email", 0.97),
        _col("religion", "user.demographic.religious_belief", 0.81),
        _col("created_at", None),
    ])  # fmt: skip
    payments = TableScan(None, "payments", columns=[_col("card_last4", "user.financial.credit_card", 0.9), _col("amount", None)])
    orders = TableScan(None, "orders", error="permission denied")
    logs = TableScan(None, "logs", columns=[_col("ip", "user.device.ip_address", 0.9)])
    source = SourceScan(name="crm", dialect="sqlite", url="sqlite:///crm.db", tables=[payments, customers, orders, logs])
    integrations = [
        Integration(source="app", file="config/pay.toml", key="stripe.secret_key", vendor="stripe", role="processor", country="US"),
        Integration(source="app", file="config/web.yaml", key="hotjar.site_id", vendor="hotjar", role="processor", country="MT"),
    ]
    return Inventory(sources=[source], integrations=integrations).sorted()


@pytest.fixture()
def declarations(tmp_path: Path) -> Declarations:
    for name, text in (("controller", CONTROLLER), ("activities", ACTIVITIES), ("recipients", RECIPIENTS)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return load_declarations(tmp_path)


@pytest.fixture()
def ropa(inventory: Inventory, declarations: Declarations) -> Ropa:
    return build_ropa(inventory, declarations, {"billing": "required"})


def _entry(ropa: Ropa, key: str) -> RopaEntry:
    return next(e for e in ropa.entries if e.key == key)


def _kinds(entry: RopaEntry) -> set[str]:
    return {f.kind for f in entry.findings}


def test_every_art30_item_is_present_for_every_activity(ropa: Ropa):
    assert [e.key for e in ropa.entries] == ["billing", "newsletter"]
    for entry in ropa.entries:
        for f in fields(RopaEntry):
            if f.name not in ("description", "findings", "transfers", "recipients"):  # structured lists; the row says "none"
                assert getattr(entry, f.name), f"{entry.key}: {f.name} is empty"
    for row in ropa_rows(ropa):
        assert list(row) == list(ACTIVITY_COLUMNS)
        empty = [c for c, v in row.items() if not v and c != "Description"]
        assert empty == []
    billing = _entry(ropa, "billing")
    assert billing.controller == "Acme Films Ltd"
    assert billing.controller_contact == "1 Example Street, Springfield, privacy@acme.example"
    assert billing.purposes == ("Essential for Payment Processing (essential.service.payment_processing)",)
    assert billing.data_subjects == ("Customer (customer)",)
    assert billing.legal_basis.startswith("Art. 6(1)(b)")
    assert billing.retention.startswith("7 years, counted from created_at; basis: tax law")  # in words, not P7Y
    assert billing.source_of_data == ("collected from the data subject (Art. 13)",)


def test_categories_come_from_the_scan_with_evidence(ropa: Ropa):
    billing = _entry(ropa, "billing")
    cats = {c.category: c for c in billing.categories}
    email = cats["user.contact.email"]
    assert email.status == FOUND_DECLARED
    assert [(c.location, c.confidence) for c in email.columns] == [("crm.customers.email", 0.97)]
    assert cats["user.financial.credit_card"].status == FOUND_DECLARED  # declared as its parent user.financial
    religion = cats["user.demographic.religious_belief"]
    assert religion.status == FOUND_NOT_DECLARED and religion.special
    assert cats["user.contact.phone_number"].status == DECLARED_NOT_FOUND and cats["user.contact.phone_number"].columns == ()
    assert "user.financial" not in cats  # covered by what was found below it
    assert "user.device.ip_address" not in cats  # the logs table is not this activity's
    assert list(cats) == sorted(cats)
    assert {"category_not_declared", "category_not_found"} <= _kinds(billing)
    row = ropa_rows(ropa)[0]
    assert "user.demographic.religious_belief (Religion) [found, not declared, 1 column" in row["(c) Personal data categories"]


def test_special_category_without_art9_condition_warns(ropa: Ropa):
    billing = _entry(ropa, "billing")
    assert billing.art9_condition.startswith(f"{MISSING}: Art. 9(2) condition")
    warning = next(f for f in billing.findings if f.kind == "art9_condition_missing")
    assert warning.severity == "high" and "user.demographic.religious_belief" in warning.title
    assert _entry(ropa, "newsletter").art9_condition.startswith("not applicable")


def test_special_flag_from_classifier_counts_and_declared_condition_is_shown(inventory: Inventory, declarations: Declarations):
    inventory.sources[0].tables.append(TableScan(None, "notes", columns=[_col("body", "user.content.private", 0.5, ("special:health",))]))
    activity = declarations.activity("billing").model_copy(update={"tables": ["notes"], "art9_condition": None})
    entry = build_ropa(inventory, declarations.model_copy(update={"activities": [activity]})).entries[0]
    assert entry.art9_condition.startswith(MISSING) and "user.content.private (special:health)" in entry.art9_condition
    private = next(c for c in entry.categories if c.category == "user.content.private")
    assert private.special and private.special_flags == ("special:health",)
    ok = declarations.activity("billing").model_copy(update={"art9_condition": "a"})
    entry = build_ropa(inventory, declarations.model_copy(update={"activities": [ok]})).entries[0]
    assert entry.art9_condition == "Art. 9(2)(a) explicit consent"
    assert "art9_condition_missing" not in _kinds(entry)


def test_recipients_transfers_and_safeguards(ropa: Ropa):
    billing = _entry(ropa, "billing")
    recipients = {r.key: r for r in billing.recipients}
    assert list(recipients) == ["mailer", "nowhere", "stripe", "ukco"]
    assert recipients["mailer"].third_country is False and recipients["mailer"].safeguard == "no transfer (inside the EU/EEA)"
    assert recipients["stripe"].seen_in_config == ("config/pay.toml: stripe.secret_key",)
    transfers = {t.recipient: t for t in billing.transfers}
    assert set(transfers) == {"nowhere", "stripe", "ukco"}  # the UK is a third country, with adequacy
    assert transfers["ukco"].adequacy and transfers["ukco"].safeguard.startswith("adequacy (Art. 45 GDPR): United Kingdom")
    assert transfers["stripe"].safeguard == "standard contractual clauses (Art. 46(2)(c) GDPR, Decision (EU) 2021/914)"
    assert transfers["stripe"].contract_reference == "DPA-2023-01"
    assert transfers["nowhere"].safeguard.startswith(MISSING) and not transfers["nowhere"].adequacy
    unsafe = [f for f in billing.findings if f.kind == "transfer_without_safeguard"]
    assert [f.subjects for f in unsafe] == [["billing", "nowhere"]] and unsafe[0].severity == "high"
    assert "none (no recipient outside the EU/EEA)" in ropa_rows(ropa)[1]["(e) Third-country transfers"]


def test_integration_of_a_recipient_no_activity_lists(ropa: Ropa):
    record = [f for f in ropa.record_findings if f.kind == "recipient_not_in_record"]
    assert [f.subjects for f in record] == [["hotjar"]]


def test_missing_items_are_marked_and_reported(ropa: Ropa):
    news = _entry(ropa, "newsletter")
    assert news.retention.startswith(f"{MISSING}: retention")
    assert news.security_measures == (f"{MISSING}: security measures (Art. 32)",)
    assert news.source_of_data == (f"{MISSING}: source of the data",)
    assert news.tables == ("none declared",)
    assert {"missing_retention", "missing_security", "missing_source", "no_tables"} <= _kinds(news)
    billing = _entry(ropa, "billing")
    assert not {"missing_retention", "missing_security", "missing_source"} & _kinds(billing)
    # controller-level (a): DPO declared unknown, and a US controller without an EU representative
    assert news.dpo == f"{MISSING}: DPO contact (declared unknown: not appointed yet)"
    assert news.representatives[0].startswith(f"EU: {MISSING}: EU representative")
    assert {"missing_dpo", "missing_representatives"} <= {f.kind for f in ropa.record_findings}
    assert news.joint_controllers == ("none declared",)


def test_eea_controller_needs_no_representative_and_no_controller_is_missing(inventory: Inventory, declarations: Declarations):
    eu = Controller(name="EU Co", address="Rue 1, Paris", email="dpo@eu.example", country="FR", dpo=Party(name="D. P. O.", email="dpo@eu.example"))
    ropa = build_ropa(inventory, declarations.model_copy(update={"controller": eu}))
    assert ropa.entries[0].representatives == ("EU: not required (controller established in the EEA)",)
    assert ropa.entries[0].dpo == "D. P. O., dpo@eu.example"
    assert not [f for f in ropa.record_findings if f.kind.startswith("missing_")]
    none = build_ropa(inventory, declarations.model_copy(update={"controller": None}))
    assert none.entries[0].controller.startswith(MISSING) and none.entries[0].dpo.startswith(MISSING)
    assert "missing_controller" in {f.kind for f in none.record_findings}


def test_tables_declared_not_found_and_unreadable(ropa: Ropa):
    billing = _entry(ropa, "billing")
    assert billing.tables == ("crm.customers", "crm.payments", f"{DECLARED_NOT_FOUND}: ghost_table*")
    assert "table_not_found" in _kinds(billing)
    acts = [ProcessingActivity(key="fulfil", name="Fulfil", purposes=["essential.service"], legal_basis="contract", data_subjects=["customer"], tables=["orders", "erp.invoices"])]
    orders = SourceScan(name="crm", dialect="sqlite", url="sqlite:///crm.db", tables=[TableScan(None, "orders", error="permission denied")])
    erp = SourceScan(name="erp", dialect="postgresql", url="postgresql://u:***@h/erp", status="failed", error="unreachable")
    entry = build_ropa(Inventory(sources=[orders, erp]), Declarations(activities=acts)).entries[0]
    assert entry.tables == ("crm.orders (not readable: permission denied)", f"{DECLARED_NOT_FOUND}: erp.invoices (not scanned: source erp failed)")
    assert "table_not_scanned" in _kinds(entry)


def test_dpia_status_defaults_to_not_assessed(ropa: Ropa, inventory: Inventory, declarations: Declarations):
    assert _entry(ropa, "billing").dpia_needed == "required"
    assert "dpia_gap" in _kinds(_entry(ropa, "billing"))
    assert _entry(ropa, "newsletter").dpia_needed == NOT_ASSESSED
    assert _entry(build_ropa(inventory, declarations), "billing").dpia_needed == NOT_ASSESSED


def test_no_activities_is_a_finding(inventory: Inventory):
    ropa = build_ropa(inventory, Declarations())
    assert ropa.entries == () and "no_activities" in {f.kind for f in ropa.findings}


def test_written_files_open_and_have_the_expected_layout(ropa: Ropa, tmp_path: Path):
    paths = write_ropa(ropa, tmp_path / "out")
    assert [p.name for p in paths] == ["ropa.xlsx", "ropa.csv", "ropa.html"]
    wb = openpyxl.load_workbook(paths[0])
    assert wb.sheetnames == ["Controller", "Activities", "Recipients", "Transfers", "Categories", "Findings"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.bold and ws["A1"].alignment.wrap_text
        assert all(ws.column_dimensions[c].width >= 8 for c in "ABC")
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1 and ws.print_title_rows in ("1:1", "$1:$1")
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert [c.value for c in wb["Activities"][1]] == list(RECORD_COLUMNS)
    assert not set(CONTROLLER_ITEMS) & set(RECORD_COLUMNS)  # the controller once, on its own sheet
    assert [r[0].value for r in wb["Controller"].iter_rows(min_row=2)] == list(CONTROLLER_ITEMS)
    summary = [c.value for c in wb["Activities"][2]][RECORD_COLUMNS.index("(c) Personal data categories")]
    assert "Categories sheet" in summary and "user.contact.email" not in summary and len(summary) < 600
    categories = wb["Categories"]
    assert [c.value for c in categories[1]] == list(CATEGORY_COLUMNS)
    rows = [[c.value for c in r] for r in categories.iter_rows(min_row=2)]
    email = next(r for r in rows if r[0] == "billing" and r[2] == "user.contact.email")
    assert email[4] == FOUND_DECLARED and email[6] == "crm.customers.email" and email[7] == "97%"
    assert "crm.customers.email (97%): name 'email'" in email[8]
    assert wb["Transfers"].max_row == 4  # header + stripe, ukco, nowhere
    with paths[1].open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == list(ACTIVITY_COLUMNS) and [r[0] for r in table[1:]] == ["billing", "newsletter"]
    assert "encryption at rest; role-based access" in table[1]


def test_outputs_are_byte_identical_across_runs(ropa: Ropa, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 86400 * 400)  # zip entries would carry this date
    first = {p.name: p.read_bytes() for p in write_ropa(ropa, tmp_path / "a")}
    monkeypatch.setattr(time, "time", real)
    second = {p.name: p.read_bytes() for p in write_ropa(ropa, tmp_path / "b")}
    assert first == second
    core = zipfile.ZipFile(tmp_path / "a" / "ropa.xlsx").read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z</dcterms:modified>" in core


def test_html_is_standalone_and_escapes_hostile_text(inventory: Inventory, declarations: Declarations, tmp_path: Path):
    hostile = "<script>alert(1)</script>"
    activity = declarations.activity("billing").model_copy(update={"name": hostile, "description": "=HYPERLINK(\"x\")"})
    ropa = build_ropa(inventory, declarations.model_copy(update={"activities": [activity]}))
    page = ropa_html(ropa)
    assert hostile not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower() and "<link" not in page.lower() and "src=" not in page
    assert page.count("<section") == 3  # controller + findings + one per activity
    assert 'href="../index.html"' in page
    assert '<span class="flag">' in page  # MISSING items stand out
    xlsx = write_ropa(ropa, tmp_path)[0]
    cell = openpyxl.load_workbook(xlsx)["Activities"][f"{chr(65 + RECORD_COLUMNS.index('Description'))}2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")  # a formula is never run


def test_xlsx_writer_refuses_bad_sheets_and_neutralises_formulas():
    with pytest.raises(InventoryError, match="duplicate sheet title"):
        xlsx_bytes([Sheet("A", ["x"], []), Sheet("a", ["x"], [])])
    with pytest.raises(InventoryError, match="row has 2 cells, header has 1"):
        xlsx_bytes([Sheet("A", ["x"], [["1", "2"]])])
    with pytest.raises(InventoryError, match="sheet title"):
        xlsx_bytes([Sheet("bad/name", ["x"], [])])
    assert spreadsheet_safe("=1+1") == "'=1+1" and spreadsheet_safe("ok\x07") == "ok" and spreadsheet_safe(3) == 3
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([Sheet("A", ["x", "y"], [["a" * 200, None]], widths={"y": 20})])))
    assert wb["A"].column_dimensions["A"].width == 60 and wb["A"].column_dimensions["B"].width == 20


def test_html_table_escapes_cells_and_keeps_markup():
    out = html.table(["<h>"], [["a & b", ("x", "<y>")], [html.element("b", "<z>"), "line1\nline2"]], caption="<c>")
    assert "&lt;h&gt;" in out and "a &amp; b" in out and "<li>&lt;y&gt;</li>" in out
    assert "<b>&lt;z&gt;</b>" in out and "line1<br>line2" in out and "&lt;c&gt;" in out
    assert html.page("t<", out).startswith("<!DOCTYPE html>") and "<title>t&lt;</title>" in html.page("t<")


def test_imvbox_record(imvbox_db: Path, tmp_path: Path):
    pytest.importorskip("privacy_inventory.scan.database")
    from privacy_inventory.scan.database import ScanOptions, scan_source
    from privacy_inventory.scan.integrations import scan_config_paths
    from privacy_inventory.scan.sources import parse_source

    source = scan_source(parse_source(f"sqlite:///{imvbox_db}"), ScanOptions(progress=False))
    integrations, _, _ = scan_config_paths([IMVBOX / "app-config"])
    declarations = load_declarations(IMVBOX)
    ropa = build_ropa(Inventory(sources=[source], integrations=integrations).sorted(), declarations)
    assert [e.key for e in ropa.entries] == sorted(a.key for a in declarations.activities)
    for entry in ropa.entries:
        assert entry.dpo.startswith(MISSING)  # the 2018 policy names no DPO
        assert entry.categories and all(c.status in (FOUND_DECLARED, FOUND_NOT_DECLARED, DECLARED_NOT_FOUND) for c in entry.categories)
        for category in entry.categories:
            assert all(col.location.startswith(f"{source.name}.") for col in category.columns)
            assert (category.status == DECLARED_NOT_FOUND) == (not category.columns)
        for transfer in entry.transfers:  # a UK controller: the EEA is abroad but covered by UK adequacy regulations
            assert transfer.country != "GB" and transfer.safeguard
            if transfer.country in ("DE", "FR", "IE", "NL"):
                assert transfer.adequacy and transfer.safeguard.startswith("adequacy (Art. 45 UK GDPR")
    found = [c for e in ropa.entries for c in e.categories if c.columns]
    assert found and any(r.seen_in_config for e in ropa.entries for r in e.recipients)
    assert any(t.country == "US" for e in ropa.entries for t in e.transfers)
    paths = write_ropa(ropa, tmp_path)
    assert all(p.stat().st_size > 0 for p in paths)
    text = paths[2].read_text(encoding="utf-8")
    assert "support@imvbox.com" in text and "<script" not in text
