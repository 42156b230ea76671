"""Comparing two assessments: every area's changes found, sorted and deterministic, bad directories refused in one line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from conftest import ROOT
from privacy_inventory.changes import AREAS, CSV_COLUMNS, Change, Changes, diff_assessments
from privacy_inventory.changes_report import changes_frame, run_changes_stage, show_area, show_summary, write_changes
from privacy_inventory.datamap.graph import write_node_link_json
from privacy_inventory.errors import InventoryError
from privacy_inventory.models import ColumnScan, Inventory, SourceScan, TableScan

CANARY = "canary.person@example.org"
REGISTER_HEADER = ["key", "level", "severity", "likelihood", "title"]


def _cols(**cats: str | None) -> list[ColumnScan]:
    return [ColumnScan(name=n, data_type="TEXT", category=c, evidence=f"values like {CANARY}") for n, c in cats.items()]


def _inventory(new: bool) -> Inventory:
    """shop: a column reclassified, one added, one removed, a table added, one removed; hr fails in the new run."""
    shop = [
        TableScan(None, "customers", columns=_cols(id=None, email="user.contact.email", notes=None, **({"phone": "user.contact.phone_number"} if new else {}))),
        TableScan(None, "orders", columns=_cols(id=None, **({} if new else {"ip": "user.device.ip_address"}))),
        TableScan(None, "newsletter" if new else "legacy_users", columns=_cols(email="user.contact.email") if new else _cols(pw="user.authorization.credentials", name="user.name")),
        TableScan(None, "archive", columns=[], error=("table could not be read" if new else None)),
    ]
    if new:
        shop[0].columns[2].category = "user.contact.phone_number"
    sources = [
        SourceScan("shop", "sqlite", "sqlite:///shop.sqlite", tables=shop),
        SourceScan("crm", "postgresql", "postgresql://reader:***@db/crm", tables=[TableScan("public", "contacts", columns=_cols(email="user.contact.email"))]),
        SourceScan("hr", "postgresql", "postgresql://reader:***@db/hr", status="failed" if new else "ok", error="refused" if new else None,
                   tables=[] if new else [TableScan("public", "staff", columns=_cols(salary="user.financial"))]),
    ]
    if new:
        sources.append(SourceScan("billing", "sqlite", "sqlite:///billing.sqlite", tables=[TableScan(None, "invoices", columns=_cols(iban="user.financial.bank_account"))]))
    return Inventory(sources=sources)


def _data_map(new: bool) -> nx.DiGraph:
    """adnet gets SCCs, mailer moves from IE to US, oldcdn leaves, trackr arrives."""
    g = nx.DiGraph()
    recipients = {"adnet": ("AdNet", "US", "sccs" if new else "none"), "mailer": ("Mailer", "US" if new else "IE", "sccs" if new else "not_required")}
    recipients.update({"trackr": ("Trackr", "ZZ", "none")} if new else {"oldcdn": ("Old CDN", "US", "sccs")})
    for key, (label, country, safeguard) in sorted(recipients.items(), reverse=True):
        g.add_node(f"recipient:{key}", kind="recipient", key=key, label=label, role="processor", country=country, declared=key != "trackr")
        g.add_node(f"country:{country}", kind="country", key=country, label=country)
        g.add_edge(f"recipient:{key}", f"country:{country}", kind="transferred_to", safeguard=safeguard)
        g.add_node("activity:sales", kind="activity", key="sales", label="Sales")
        g.add_edge("activity:sales", f"recipient:{key}", kind="shared_with", categories=["user.contact.email"])
    return g


def _finding(key: str, severity: str) -> dict[str, Any]:
    return {"key": key, "kind": key.split(".")[1], "severity": severity, "title": f"About {key}", "detail": f"seen {CANARY}", "subjects": [], "count": 1, "source": key.split(".")[0]}


def make_assessment(root: Path, new: bool, with_register: bool = True) -> Path:
    """A minimal assessment directory: inventory, data map, register, findings and policy gaps."""
    (root / "scan").mkdir(parents=True)
    _inventory(new).save(root / "scan" / "inventory.json")
    write_node_link_json(_data_map(new), root / "data-map" / "data-map.json")
    risks = {"r.one": "high" if new else "medium", "r.two": "medium" if new else "high", ("r.four" if new else "r.three"): "very high" if new else "low"}
    if with_register:
        (root / "dpia").mkdir(parents=True, exist_ok=True)
        with (root / "dpia" / "dpia_register.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(REGISTER_HEADER)
            writer.writerows([key, level, 3, 3, f"Risk {key}"] for key, level in sorted(risks.items()))
    findings = {
        "data-map/findings.json": [_finding("datamap.b", "high"), _finding("datamap.c", "low")] if new else [_finding("datamap.a", "high"), _finding("datamap.b", "medium")],
        "ropa/findings.json": [] if new else [_finding("ropa.x", "medium")],
        "dpia/findings.json": [_finding("dpia.same", "high")],
        "policy/gaps.json": [{"kind": "contradicted", "subject": "children", "severity": "high", "detail": "Children found", "policy_sentence": None, "evidence": ""}] if new
        else [{"kind": "undisclosed", "subject": "recipient: Trackr", "severity": "medium", "detail": "Trackr undisclosed", "policy_sentence": None, "evidence": ""}],
    }
    for rel, items in findings.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(json.dumps(items, indent=2), encoding="utf-8")
    return root


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return make_assessment(tmp_path / "old", False), make_assessment(tmp_path / "new", True)


def _rows(changes: Changes, area: str) -> list[tuple[str, str, str, str]]:
    return [(c.change, c.subject, c.old, c.new) for c in changes.area(area)]


def test_every_area_is_detected(pair: tuple[Path, Path]) -> None:
    changes = diff_assessments(*pair)
    assert _rows(changes, "sources") == [("added", "billing", "", "ok, 1 tables"), ("changed", "hr", "ok", "failed")]
    assert _rows(changes, "tables") == [
        ("added", "shop.newsletter", "", "1 columns (1 personal)"),
        ("changed", "shop.archive", "readable", "not readable"),
        ("removed", "shop.legacy_users", "2 columns (2 personal)", ""),
    ]
    assert _rows(changes, "columns") == [("added", "shop.customers.phone", "", "user.contact.phone_number"), ("removed", "shop.orders.ip", "user.device.ip_address", "")]
    assert _rows(changes, "categories") == [("reclassified", "shop.customers.notes", "(none)", "user.contact.phone_number")]
    assert _rows(changes, "recipients") == [("added", "Trackr", "", "processor, ZZ, undeclared"), ("removed", "Old CDN", "processor, US", "")]
    assert _rows(changes, "transfers") == [
        ("added", "Mailer -> US", "", "sccs"), ("added", "Trackr -> ZZ", "", "none"),
        ("changed", "AdNet -> US", "none", "sccs"),
        ("removed", "Mailer -> IE", "not_required", ""), ("removed", "Old CDN -> US", "sccs", ""),
    ]
    assert _rows(changes, "risks") == [("added", "r.four", "", "very high"), ("raised", "r.one", "medium", "high"), ("lowered", "r.two", "high", "medium"), ("removed", "r.three", "low", "")]
    assert changes.risks[1].title == "Risk r.one"
    assert _rows(changes, "findings") == [
        ("opened", "datamap.c", "", "low"), ("opened", "policy.contradicted.children", "", "high"),
        ("raised", "datamap.b", "medium", "high"),
        ("closed", "datamap.a", "high", ""), ("closed", "policy.undisclosed.recipient: Trackr", "medium", ""), ("closed", "ropa.x", "medium", ""),
    ]
    assert changes.summary() == {"sources": 2, "tables": 3, "columns": 2, "categories": 1, "recipients": 2, "transfers": 5, "risks": 4, "findings": 6}
    assert list(changes.summary()) == list(AREAS) and not changes.is_empty and changes.not_compared == []
    assert not any(c.subject.startswith("hr.") for c in changes.all()), "a failed source must not show its tables as removed"


def test_the_reverse_diff_mirrors_the_forward_one(pair: tuple[Path, Path]) -> None:
    forward, backward = diff_assessments(*pair), diff_assessments(*reversed(pair))
    flip = {"added": "removed", "removed": "added", "opened": "closed", "closed": "opened", "raised": "lowered", "lowered": "raised"}
    mirrored = sorted((c.area, flip.get(c.change, c.change), c.subject, c.new, c.old) for c in forward.all() if c.area not in ("sources", "tables"))
    assert mirrored == sorted((c.area, c.change, c.subject, c.old, c.new) for c in backward.all() if c.area not in ("sources", "tables"))


def test_an_assessment_compared_with_itself_has_no_changes(pair: tuple[Path, Path]) -> None:
    changes = diff_assessments(pair[0], pair[0])
    assert changes.is_empty and changes.all() == [] and set(changes.summary().values()) == {0}


def test_output_is_sorted_deterministic_and_never_shows_a_value(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = diff_assessments(*pair), diff_assessments(*pair)
    files_a, files_b = write_changes(a, tmp_path / "w1"), write_changes(b, tmp_path / "w2")
    assert [p.name for p in files_a] == ["changes.json", "changes.csv"]
    assert [p.read_bytes() for p in files_a] == [p.read_bytes() for p in files_b]
    data = json.loads(files_a[0].read_text(encoding="utf-8"))
    assert data["summary"] == a.summary() and len(data["changes"]) == len(a.all())
    rows = list(csv.reader(files_a[1].read_text(encoding="utf-8").splitlines()))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 1 + len(a.all())
    assert ["risks", "raised", "r.one", "medium", "high"] in rows
    for area in AREAS:
        subjects = [(c.change, c.subject) for c in a.area(area)]
        assert len(subjects) == len(set(subjects)), area
    assert CANARY not in files_a[0].read_text(encoding="utf-8") + files_a[1].read_text(encoding="utf-8")


def test_an_area_missing_on_one_side_is_not_compared_rather_than_all_removed(tmp_path: Path) -> None:
    old, new = make_assessment(tmp_path / "old", False), make_assessment(tmp_path / "new", True, with_register=False)
    changes = diff_assessments(old, new)
    assert changes.risks == [] and changes.not_compared == ["risks: dpia/dpia_register.csv missing in the new assessment"]
    assert changes.tables and changes.findings  # the other areas are still compared


@pytest.mark.parametrize("setup", ["missing", "empty", "file", "scan-without-inventory"])
def test_a_non_assessment_directory_is_refused(tmp_path: Path, pair: tuple[Path, Path], setup: str) -> None:
    bad = tmp_path / "bad"
    if setup == "empty":
        bad.mkdir()
    elif setup == "file":
        bad.write_text("not a dir", encoding="utf-8")
    elif setup == "scan-without-inventory":
        (bad / "scan").mkdir(parents=True)
    for args in ((bad, pair[1]), (pair[0], bad)):
        with pytest.raises(InventoryError) as err:
            diff_assessments(*args)
        assert str(err.value) == f"{bad}: not an assessment directory (no scan/inventory.json)"


def test_a_corrupt_file_is_bad_input_not_a_crash(pair: tuple[Path, Path]) -> None:
    (pair[1] / "data-map" / "data-map.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InventoryError, match="data-map.json: not a readable JSON file"):
        diff_assessments(*pair)
    (pair[1] / "data-map" / "data-map.json").write_text('{"nodes": []}', encoding="utf-8")
    (pair[1] / "ropa" / "findings.json").write_text('{"key": "x"}', encoding="utf-8")
    with pytest.raises(InventoryError, match="not a list of findings"):
        diff_assessments(*pair)


def test_change_lines_and_tables() -> None:
    assert Change("risks", "raised", "r.one", "medium", "high", "Risk one").line().split() == ["risks", "raised", "r.one:", "medium", "->", "high", "(Risk", "one)"]
    assert Change("columns", "added", "t.c", "", "user.name").line().endswith("t.c: user.name")
    changes = Changes("a", "b", columns=[Change("columns", "added", "t.c", "", "user.name")])
    assert list(changes_frame(changes, "columns").columns) == ["change", "subject", "old", "new"]
    assert changes_frame(changes, "risks")["result"].tolist() == ["no change in risks"]
    with pytest.raises(ValueError):
        changes.area("nonsense")


def test_the_stage_writes_changes_and_shows_nothing_without_a_previous_assessment(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **_: shown.extend(objs))
    assert run_changes_stage("", str(pair[1])) is None and not (pair[1] / "changes").exists()
    show_summary(None)
    show_area(None, "tables", "## Tables")
    assert len(shown) == 1 and "No previous assessment given" in shown[0].data
    changes = run_changes_stage(str(pair[0]), str(pair[1]))
    assert changes is not None and changes.new == "this assessment" and changes.summary()["risks"] == 4
    assert json.loads((pair[1] / "changes" / "changes.json").read_text(encoding="utf-8"))["new"] == "this assessment"
    shown.clear()
    show_area(changes, "risks", "## DPIA risks")
    assert shown[0].data == "## DPIA risks" and "r.four" in shown[1].to_html()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "privacy_inventory", "diff", *args], capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_cli_prints_a_summary_writes_files_and_exits_zero(pair: tuple[Path, Path], tmp_path: Path) -> None:
    proc = _cli(str(pair[0]), str(pair[1]), "--out", str(tmp_path / "report"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "sources: 2, tables: 3, columns: 2, categories: 1, recipients: 2, transfers: 5, risks: 4, findings: 6" in lines
    assert any(line.split()[:3] == ["transfers", "changed", "AdNet"] and line.endswith("none -> sccs") for line in lines)
    assert len([line for line in lines if line.split()[0] in AREAS]) == 25
    assert (tmp_path / "report" / "changes" / "changes.csv").exists() and CANARY not in proc.stdout
    same = _cli(str(pair[0]), str(pair[0]))
    assert same.returncode == 0 and same.stdout.splitlines()[-1] == "no changes"


def test_cli_refuses_a_non_assessment_in_one_line(pair: tuple[Path, Path], tmp_path: Path) -> None:
    proc = _cli(str(tmp_path / "nowhere"), str(pair[1]))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [f"privacy-inventory: error: {tmp_path / 'nowhere'}: not an assessment directory (no scan/inventory.json)"]


def test_a_full_run_compared_with_itself_is_empty(imvbox_run: Path) -> None:
    changes = diff_assessments(imvbox_run, imvbox_run)
    assert changes.is_empty and changes.not_compared == []
    assert (imvbox_run / "dpia" / "dpia_register.csv").exists() and (imvbox_run / "data-map" / "data-map.json").exists()
