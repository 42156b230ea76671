"""--include / --exclude: schemas, tables and columns in or out of a scan, as `schema.table.column` globs."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from privacy_inventory.errors import InventoryError
from privacy_inventory.models import ColumnScan, TableScan
from privacy_inventory.scan.scope import check_patterns, in_scope


def _tables() -> list[TableScan]:
    cols = lambda *names: [ColumnScan(name=n, data_type="TEXT") for n in names]  # noqa: E731
    return [
        TableScan(schema="crm", name="customers", primary_key=["id"], columns=cols("id", "email", "notes")),
        TableScan(schema="crm", name="audit_log", columns=cols("id", "ip")),
        TableScan(schema="billing", name="invoices", primary_key=["id"], columns=cols("id", "iban", "amount")),
        TableScan(schema="billing", name="customers", columns=cols("id", "vat")),
    ]


def _names(tables: list[TableScan]) -> dict[str, list[str]]:
    return {f"{t.schema}.{t.name}": [c.name for c in t.columns] for t in tables}


def test_no_pattern_keeps_everything() -> None:
    assert _names(in_scope(_tables())) == _names(_tables())


def test_include_schemas_tables_and_columns() -> None:
    assert list(_names(in_scope(_tables(), include=["crm.*"]))) == ["crm.customers", "crm.audit_log"]
    assert list(_names(in_scope(_tables(), include=["customers"]))) == ["crm.customers", "billing.customers"]  # a bare table: any schema
    only = in_scope(_tables(), include=["billing.invoices.i*"])
    assert _names(only) == {"billing.invoices": ["id", "iban"]}
    assert only[0].primary_key == ["id"]


def test_exclude_wins_and_drops_columns() -> None:
    kept = _names(in_scope(_tables(), include=["crm.*"], exclude=["*.audit_*", "crm.customers.notes"]))
    assert kept == {"crm.customers": ["id", "email"]}
    dropped = in_scope(_tables(), exclude=["billing.invoices.iban"])
    assert _names(dropped)["billing.invoices"] == ["id", "amount"]


def test_bad_patterns_are_one_line() -> None:
    with pytest.raises(InventoryError, match="--include"):
        check_patterns(["a.b.c.d"], "--include")
    with pytest.raises(InventoryError):
        check_patterns(["crm..x"], "--exclude")
    assert check_patterns(["b.*", "a", "b.*"], "--include") == ("a", "b.*")


def test_scan_command_honours_the_filters(praxis: tuple[Path, Path], tmp_path: Path) -> None:
    db, _ = praxis
    out = tmp_path / "scan"
    proc = subprocess.run([sys.executable, "-m", "privacy_inventory", "scan", "--db", f"praxis=sqlite:///{db}", "--include", "patients", "--include", "main.invoices",
                           "--exclude", "main.patients.insur*", "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    with (out / "columns.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert {r["table"] for r in rows} == {"patients", "invoices"}
    assert not {r["column"] for r in rows if r["table"] == "patients"} & {"insurer", "insurance_number"}
    bad = subprocess.run([sys.executable, "-m", "privacy_inventory", "scan", "--db", f"praxis=sqlite:///{db}", "--include", "a.b.c.d", "--out", str(tmp_path / "x")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "--include" in bad.stderr
