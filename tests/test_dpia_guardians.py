"""Children whose guardian's consent is recorded (own column or linked table) are not counted as lacking it; with no record, all are."""

from __future__ import annotations

import datetime as dt

from privacy_inventory.declarations import Declarations
from privacy_inventory.dpia.facts import collect_facts
from privacy_inventory.models import Inventory
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source
from support.schemadb import write_rows

TODAY = dt.date(2026, 3, 31)


def _facts(tmp_path, ddl: list[str], rows: dict[str, list[tuple]]):
    spec = parse_source(f"school=sqlite:///{write_rows(tmp_path / 'school.sqlite', ddl, rows)}")
    inv = Inventory(sources=[scan_source(spec, ScanOptions(progress=False))])
    return collect_facts([spec], inv, Declarations(), TODAY, children_age=13)


def _pupils(n: int) -> list[tuple]:
    return [(i, f"Pupil{i}", f"pupil{i}@example.invalid", (TODAY - dt.timedelta(days=365 * (8 + i % 12))).isoformat()) for i in range(1, n + 1)]


def test_parental_consent_column_of_the_childs_own_row(tmp_path):
    rows = [r + (("2025-09-01" if r[0] % 3 == 0 else None),) for r in _pupils(60)]
    facts = _facts(tmp_path, ["CREATE TABLE pupils (id INTEGER PRIMARY KEY, first_name TEXT, email TEXT, date_of_birth DATE, parental_consent_at DATE)"], {"pupils": rows})
    fact = facts.facts["under_13:school.pupils.date_of_birth"]
    children = [r for r in rows if dt.date.fromisoformat(r[3]) > TODAY.replace(year=TODAY.year - 13)]
    assert fact.consented == sum(1 for r in children if r[4]) > 0
    assert fact.value == sum(1 for r in children if not r[4]) > 0
    assert "parental_consent_at" in fact.detail


def test_no_guardian_record_anywhere_counts_every_child(tmp_path):
    rows = _pupils(60)
    facts = _facts(tmp_path, ["CREATE TABLE pupils (id INTEGER PRIMARY KEY, first_name TEXT, email TEXT, date_of_birth DATE)"], {"pupils": rows})
    fact = facts.facts["under_13:school.pupils.date_of_birth"]
    assert fact.consented is None and fact.value == sum(1 for r in rows if dt.date.fromisoformat(r[3]) > TODAY.replace(year=TODAY.year - 13))


def test_linked_parent_table_counts_only_rows_with_consent(tmp_path):
    rows = _pupils(60)
    parents = [(i, i, f"Parent{i}", "2025-01-01" if i % 2 else None) for i in range(1, 61, 4)]
    facts = _facts(tmp_path, ["CREATE TABLE pupils (id INTEGER PRIMARY KEY, first_name TEXT, email TEXT, date_of_birth DATE)",
                              "CREATE TABLE parents (id INTEGER PRIMARY KEY, pupil_id INTEGER REFERENCES pupils(id), parent_name TEXT, consented_on DATE)"],
                   {"pupils": rows, "parents": parents})
    fact = facts.facts["under_13:school.pupils.date_of_birth"]
    ok = {p[1] for p in parents if p[3]}
    children = [r[0] for r in rows if dt.date.fromisoformat(r[3]) > TODAY.replace(year=TODAY.year - 13)]
    assert fact.consented == sum(1 for c in children if c in ok) > 0
    assert fact.value == sum(1 for c in children if c not in ok)
