"""The stakeholder site: index.html from an assessment's files, escaped, offline, deterministic; the DPIA PDF."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from privacy_inventory.errors import InventoryError
from privacy_inventory.report import browser
from privacy_inventory.report.pdf import fix_pdf_dates, print_copy, signoff_html, write_dpia_pdf
from privacy_inventory.report.site import index_html, split_list, summarise, write_site

HOSTILE = '<script>alert("x")</script>'
REGISTER_HEADER = "key,level,severity,likelihood,kind,scope,title,feared_event,count,evidence,factors,measures,decision,residual_severity,residual_likelihood,residual_level,reviewed_by,reviewed_on,review_reason,computed_severity,computed_likelihood\n"
TINY_PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f5b0b70000000049454e44ae426082")


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")


def _column(name: str, category: str | None) -> dict:
    return {"name": name, "data_type": "TEXT", "category": category}


def make_assessment(root: Path, org: str = "Acme Films", title: str = "Transfer to X has no safeguard") -> Path:
    """A small but complete assessment directory, as `privacy-inventory run` writes one."""
    out = root / "assessment"
    inventory = {
        "sources": [{"name": "crm", "dialect": "sqlite", "url": "sqlite:///crm.db", "status": "ok", "tables": [
            {"schema": None, "name": "people", "columns": [_column("email", "user.contact.email"), _column("name", "user.name"), _column("id", None)]},
            {"schema": None, "name": "settings", "columns": [_column("theme", None)]}]},
            {"name": "old", "dialect": "postgresql", "url": "postgresql://u:***@h/db", "status": "failed", "tables": []}],
        "integrations": [{"source": "app", "file": "config.yaml", "key": "analytics.id", "vendor": "ga", "role": "processor", "country": "US"}],
        "config_findings": [{"kind": "secret_in_config", "file": ".env", "key": "DB_URL", "severity": "high",
                             "detail": "connection URL with a password (postgres://app:hunter2secret@db/x)"}],
        "config_sources": ["app:config.yaml", "app:.env"],
    }
    _write(out / "scan" / "inventory.json", json.dumps(inventory))
    _write(out / "scan" / "columns.csv", "source,table,column\ncrm,people,email\n")
    nodes = [{"id": "recipient:ga", "kind": "recipient", "key": "ga"}, {"id": "country:US", "kind": "country", "key": "US", "eea": False},
             {"id": "country:FR", "kind": "country", "key": "FR", "eea": True},
             {"id": "activity:crm", "kind": "activity", "key": "crm", "label": "Customer relations"},
             {"id": "activity:news", "kind": "activity", "key": "news", "label": "Newsletter"}]
    _write(out / "data-map" / "data-map.json", json.dumps({"graph": {}, "nodes": nodes, "edges": []}))
    _write(out / "data-map" / "data-map.png", TINY_PNG)
    _write(out / "data-map" / "data-map.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    finding = {"key": "k1", "kind": "transfer", "severity": "high", "title": title, "detail": "d", "source": "datamap"}
    _write(out / "data-map" / "findings.json", json.dumps([finding]))
    _write(out / "ropa" / "findings.json", json.dumps([{**finding, "key": "k2", "severity": "medium", "title": "Retention missing"}]))
    _write(out / "dpia" / "findings.json", json.dumps([{**finding, "key": "k3", "severity": "low", "title": "Stale override"}]))
    _write(out / "policy" / "gaps.json", json.dumps([{"kind": "undisclosed", "subject": "user.name", "severity": "very high", "detail": "Names are not disclosed"}]))
    _write(out / "dpia" / "facts.json", json.dumps({"facts": {}, "reference_date": "2025-03-31"}))
    _write(out / "dpia" / "screening.json", json.dumps([
        {"activity": "crm", "verdict": "required", "criterion": "Systematic monitoring", "status": "met", "evidence": "", "reviewed": ""},
        {"activity": "crm", "verdict": "required", "criterion": "Sensitive data", "status": "met", "evidence": "", "reviewed": ""},
        {"activity": "news", "verdict": "not required", "criterion": "Sensitive data", "status": "not met", "evidence": "", "reviewed": ""}]))
    risks = "".join(f"r{i},{lvl},3,3,retention,table:people,Risk number {i},access,1,ev,f,{'Delete old rows; Notify (team; DPO)' if i == 1 else ''},,,,{'low' if i == 1 else ''},,,,3,3\n"
                    for i, lvl in enumerate(["very high", "high", "high", "medium", "medium", "low"], 1))
    _write(out / "dpia" / "dpia_register.csv", REGISTER_HEADER + risks)
    _write(out / "fides" / "organization.yml", f"organization:\n- fides_key: default_organization\n  name: {json.dumps(org)}\n  controller:\n    name: {json.dumps(org)}\n")
    _write(out / "01_scan.html", "<!DOCTYPE html><html><head><title>s</title></head><body><p>scan</p></body></html>\n")
    _write(out / "04_dpia.html", '<!DOCTYPE html><html><head><title>d</title></head><body><h1>DPIA</h1><a href="dpia/dpia_register.csv">register</a>'
                                 '<a href="https://example.org/x">ext</a><img src="data-map/data-map.png" alt="m"></body></html>\n')
    _write(out / "notebooks" / "01_scan.ipynb", "{}")
    _write(out / "manifest.json", json.dumps({"started": "2031-07-04T10:11:12+00:00", "ended": "2031-07-04T10:12:13+00:00"}))
    return out


class _Links(HTMLParser):
    """Every href/src of a page, and the text outside tags."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.targets += [v for k, v in attrs if k in ("href", "src") and v]
        if tag == "img":
            self.images.append(values)


def _links(text: str) -> _Links:
    parser = _Links()
    parser.feed(text)
    return parser


def test_index_summarises_the_assessment(tmp_path: Path) -> None:
    out = make_assessment(tmp_path)
    text = write_site(out).read_text(encoding="utf-8")
    assert "<title>Privacy assessment: Acme Films</title>" in text
    assert "Reference date 2025-03-31" in text
    assert "2031-07-04" not in text  # the run time is in manifest.json only
    summary = summarise(out)
    figures = dict(summary.figures)
    assert figures["databases scanned"] == "2" and figures["personal-data columns"] == "2" and figures["tables with personal data"] == "1"
    assert figures["countries, 1 outside the EU/EEA"] == "2" and figures["integrations found in config files"] == "1"
    assert "1 database could not be read" in summary.sentence
    assert [(f["stage"], f["severity"]) for f in summary.findings] == [("policy", "high"), ("scan", "high"), ("datamap", "high"), ("ropa", "medium"), ("dpia", "low")]
    assert "a DPIA is required for 1 of 2 processing activities" in text and "Customer relations" in text
    assert [r["title"] for r in summary.top_risks] == [f"Risk number {i}" for i in range(1, 6)] and "Risk number 6" not in text
    assert summary.risk_levels == {"very high": 1, "high": 2, "medium": 2, "low": 1}
    assert "MISSING: no measure recorded" in text and "Notify (team; DPO)" in text


def test_index_links_every_file_relatively_and_only_existing_ones(tmp_path: Path) -> None:
    out = make_assessment(tmp_path)
    parsed = _links(index_html(out))
    local = [t for t in parsed.targets if not t.startswith("#")]
    assert {"01_scan.html", "04_dpia.html", "manifest.json", "dpia/dpia_register.csv", "fides/organization.yml", "notebooks/01_scan.ipynb", "scan/columns.csv"} <= set(local)
    assert all(not re.match(r"^[a-z]+:|^/", t) for t in local), local  # relative only: no scheme, no absolute path
    assert all((out / t).is_file() for t in local), [t for t in local if not (out / t).is_file()]
    assert "02_data_map.html" not in local and "ropa/ropa.xlsx" not in local  # not written, so not linked
    assert parsed.images and all(img.get("alt") for img in parsed.images)


def test_index_is_byte_identical_across_runs(tmp_path: Path) -> None:
    out = make_assessment(tmp_path)
    first = write_site(out).read_bytes()
    (out / "manifest.json").write_text(json.dumps({"started": "2032-01-01T00:00:00+00:00"}), encoding="utf-8")
    assert write_site(out).read_bytes() == first


def test_hostile_names_are_escaped_and_secrets_masked(tmp_path: Path) -> None:
    out = make_assessment(tmp_path, org=HOSTILE, title=f"{HOSTILE} & <img src=x onerror=alert(1)>")
    text = write_site(out).read_text(encoding="utf-8")
    assert "<script" not in text.lower() and "onerror=alert" not in text.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "hunter2secret" not in text and "postgres://app:***@db/x" in text


def test_missing_stages_still_give_a_page(tmp_path: Path) -> None:
    out = tmp_path / "bare"
    (out / "scan").mkdir(parents=True)
    text = write_site(out).read_text(encoding="utf-8")
    assert "Not assessed: the DPIA screening was not run." in text and "Privacy assessment: the organisation" in text
    assert "manifest.json not written yet" in text


def test_bad_input_is_one_inventory_error(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="assessment directory not found"):
        write_site(tmp_path / "nowhere")
    out = make_assessment(tmp_path)
    (out / "dpia" / "screening.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InventoryError) as err:
        write_site(out)
    assert str(err.value).startswith(str(out / "dpia" / "screening.json") + ": not valid JSON") and "\n" not in str(err.value)
    (out / "dpia" / "screening.json").write_text("[]", encoding="utf-8")
    (out / "fides" / "organization.yml").write_text("organization: [\n", encoding="utf-8")
    with pytest.raises(InventoryError, match="not valid YAML"):
        write_site(out)


def test_split_list_keeps_parentheses_together() -> None:
    assert split_list("a; b (c; d); e") == ["a", "b (c; d)", "e"]
    assert split_list("") == []


def test_pdf_dates_are_pinned_without_moving_bytes() -> None:
    data = b"%PDF-1.4\n<</CreationDate (D:20261125105212+00'00')\n/ModDate (D:20261125105213+00'00')>>\nxref"
    fixed = fix_pdf_dates(data, "2026-06-30")
    assert len(fixed) == len(data) and fixed.count(b"D:20260630000000+00'00'") == 2
    assert fix_pdf_dates(b"(no date here)", "2026-06-30") == b"(no date here)"


def test_print_copy_drops_local_links_and_adds_signoff(tmp_path: Path) -> None:
    out = make_assessment(tmp_path, org=HOSTILE)
    summary = summarise(out)
    copy = print_copy((out / "04_dpia.html").read_text(encoding="utf-8"), out, signoff_html(summary, 2))
    assert 'href="dpia/dpia_register.csv"' not in copy and 'href="https://example.org/x"' in copy
    assert copy.index("pi-signoff") < copy.index("</body>") and f'<base href="{out.resolve().as_uri()}/">' in copy
    assert "DPIA sign-off: &lt;script&gt;" in copy and "<script>alert" not in copy
    assert "Risks still high or very high after the recorded measures (or not yet assessed): 2" in copy


def test_no_chromium_means_no_pdf_and_the_index_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    out = make_assessment(tmp_path)
    assert write_dpia_pdf(out) is None and not (out / "04_dpia.pdf").exists()
    assert "PDF not produced: Chromium not installed" in write_site(out).read_text(encoding="utf-8")
    (out / "04_dpia.html").unlink()
    with pytest.raises(InventoryError, match="DPIA report page not found"):
        write_dpia_pdf(out)


def test_dpia_pdf_is_printed_reproducibly(tmp_path: Path) -> None:
    if browser.find_chromium() is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("Chromium must be installed under CI (.ci/run installs it)")
        pytest.skip("Chromium not installed")
    out = make_assessment(tmp_path)
    first = write_dpia_pdf(out)
    assert first == out / "04_dpia.pdf" and first.read_bytes().startswith(b"%PDF-")
    data = first.read_bytes()
    assert b"D:20250331000000" in data and str(tmp_path).encode() not in data  # pinned date, no machine path
    assert write_dpia_pdf(out).read_bytes() == data
    text = write_site(out).read_text(encoding="utf-8")
    assert 'href="04_dpia.pdf"' in text and "PDF not produced" not in text
