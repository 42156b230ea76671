"""Tests for the Fernly demo generator (second organisation): reproducible, realistic, planted counts as documented."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import phonenumbers
import pytest
from stdnum import iban
from stdnum.ie import pps

from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.demo.fernly import FERNLY_DIR, REFERENCE_DATE, FernlySummary, build_fernly
from privacy_inventory.demo.fernly.build import generate, main
from privacy_inventory.dpia.overrides import load_overrides
from privacy_inventory.errors import InventoryError

README = FERNLY_DIR / "README.md"


@pytest.fixture(scope="module")
def fernly(tmp_path_factory: pytest.TempPathFactory) -> FernlySummary:
    return build_fernly(tmp_path_factory.mktemp("fernly") / "fernly.sqlite")


@pytest.fixture(scope="module")
def db(fernly: FernlySummary):
    conn = sqlite3.connect(f"file:{fernly.path}?mode=ro", uri=True)
    yield conn
    conn.close()


def _readme_counts(section: str) -> dict[str, int]:
    """`| key | ... | count |` rows of one README section."""
    text = README.read_text(encoding="utf-8").split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| `([a-z0-9_]+)` \|.*\| (\d+) \|$", text, re.M)}


def test_same_seed_same_bytes(fernly: FernlySummary, tmp_path: Path) -> None:
    again = build_fernly(tmp_path / "again.sqlite")
    assert hashlib.sha256(again.path.read_bytes()).digest() == hashlib.sha256(fernly.path.read_bytes()).digest()
    other = build_fernly(tmp_path / "other.sqlite", seed=7)
    assert other.tables["customers"] == fernly.tables["customers"] and other.planted != fernly.planted


def test_readme_documents_every_planted_problem_and_trap(fernly: FernlySummary) -> None:
    assert _readme_counts("Planted problems") == fernly.planted
    assert _readme_counts("Traps") == fernly.traps
    assert all(v > 0 for v in fernly.planted.values()) and all(v > 0 for v in fernly.traps.values())


def test_values_are_realistic(db: sqlite3.Connection) -> None:
    ibans = [r[0] for r in db.execute("SELECT iban FROM bank_links")]
    assert ibans and all(iban.is_valid(x) and x.startswith("IE") for x in ibans)
    ppsns = [r[0] for r in db.execute("SELECT ppsn FROM customers WHERE ppsn IS NOT NULL")]
    assert ppsns and all(pps.is_valid(x) for x in ppsns)
    phones = [r[0] for r in db.execute("SELECT mobile_no FROM customers")]
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(p, "IE")) for p in phones)
    hidden = [r[0] for r in db.execute("SELECT ext_ref FROM credit_plans WHERE ext_ref LIKE 'IE%'")]
    assert hidden and all(iban.is_valid(x) for x in hidden)
    # the teen accounts are 13-17 on the reference date, adults 19+
    for born, segment in db.execute("SELECT birth_date, segment FROM customers"):
        age = (REFERENCE_DATE.year - int(born[:4]))
        assert (12 <= age <= 18) if segment == "teen" else age >= 18


def test_scale_multiplies_people(tmp_path: Path) -> None:
    rows = generate(scale=2)
    assert len(rows["customers"]) == 2400 and len(rows["merchants"]) == 24


def test_bad_arguments_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="scale"):
        build_fernly(tmp_path / "x.sqlite", scale=0)
    with pytest.raises(InventoryError, match="existing folder"):
        build_fernly(tmp_path / "missing" / "x.sqlite")
    assert main(["--out", str(tmp_path), "--scale", "1"]) == 2


def test_declarations_and_dpia_file_load() -> None:
    decl = load_declarations(FERNLY_DIR)
    assert decl.controller is not None and decl.controller.country == "IE"
    assert {a.key for a in decl.activities} >= {"onboarding", "credit", "fraud", "analytics", "teen_accounts"}
    credit = decl.activity("credit")
    assert credit is not None and credit.retention is not None and credit.retention.statutory is not None
    assert load_overrides(FERNLY_DIR / "dpia.yaml").data.screening
