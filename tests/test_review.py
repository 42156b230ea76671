"""The DPO's classification review (overrides.yaml): each decision kind, stale decisions, file:line errors, headless runs."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from privacy_inventory.errors import InventoryError
from privacy_inventory.models import ColumnScan, Inventory, SourceScan, TableScan
from privacy_inventory.review import (
    REVIEW_FILE, Decision, Review, apply_review, check_review, dump_review, load_review, record_decision, review_status,
)

DAY = dt.date(2026, 6, 30)


def _inventory() -> Inventory:
    """Two sources; `crm` has a table `people` in two schemas, `legacy` failed."""
    people = TableScan(schema="main", name="profiles", columns=[
        ColumnScan("email", "TEXT", category="user.contact.email", confidence=0.9, evidence="200/200 valid emails"),
        ColumnScan("extra", "TEXT", category=None, confidence=0.5, evidence="no personal-data signal"),
        ColumnScan("notes", "TEXT", category="user.health_and_medical", confidence=0.8, evidence="name 'notes' -> health",
                   flags=["children", "special:health", "special:religion"], facts={"special_religion_values": 3.0}),
        ColumnScan("pw", "TEXT", category="user.authorization.credentials", confidence=0.9, evidence="plain text", flags=["plaintext_password"]),
    ])
    broken = TableScan(schema="main", name="broken", error="permission denied")
    crm = SourceScan("crm", "postgresql", "postgresql://reader@db/crm", tables=[
        TableScan(schema="a", name="people", columns=[ColumnScan("name", "TEXT", category="user.name", confidence=0.9, evidence="e")]),
        TableScan(schema="b", name="people", columns=[ColumnScan("name", "TEXT", category="user.name", confidence=0.9, evidence="e")]),
    ])
    app = SourceScan("app", "sqlite", "sqlite:///app.sqlite", tables=[people, broken])
    legacy = SourceScan("legacy", "mysql", "mysql://x@h/db", status="failed", error="cannot connect")
    return Inventory(sources=[app, crm, legacy])


def _review(*decisions: dict) -> Review:
    full = [Decision.model_validate({"reason": "checked by hand", "reviewer": "Ana DPO", "date": DAY, **d}) for d in decisions]
    return Review(path="org/overrides.yaml", decisions=full, lines={d.where: 10 + i for i, d in enumerate(full)})


def _col(inv: Inventory, source: str, table: str, column: str, schema: str | None = None) -> ColumnScan:
    src = next(s for s in inv.sources if s.name == source)
    tab = next(t for t in src.tables if t.name == table and (schema is None or t.schema == schema))
    return next(c for c in tab.columns if c.name == column)


# --- each decision kind -------------------------------------------------------------------------------------

def test_accept_keeps_the_category_and_marks_the_column_reviewed() -> None:
    original = _inventory()
    out, stale = apply_review(original, _review({"source": "app", "table": "profiles", "column": "email", "decision": "accept"}))
    col = _col(out, "app", "profiles", "email")
    assert stale == []
    assert (col.category, col.confidence) == ("user.contact.email", 0.9)
    assert "reviewed:accept" in col.flags
    assert col.evidence == "200/200 valid emails; reviewed by Ana DPO on 2026-06-30: checked by hand"
    assert _col(original, "app", "profiles", "email").flags == []  # the input is not modified


def test_reject_makes_the_column_not_personal_with_certainty_and_drops_personal_flags() -> None:
    out, stale = apply_review(_inventory(), _review({"source": "app", "table": "profiles", "column": "notes", "decision": "reject"}))
    col = _col(out, "app", "profiles", "notes")
    assert stale == []
    assert (col.category, col.confidence) == (None, 1.0)
    assert col.flags == ["reviewed:reject"]
    assert col.evidence.startswith("not personal data, classifier said user.health_and_medical (0.80)")
    assert col.evidence.endswith("; reviewed by Ana DPO on 2026-06-30: checked by hand")


def test_change_sets_the_category_and_keeps_only_flags_the_values_back() -> None:
    review = _review(
        {"source": "app", "table": "profiles", "column": "extra", "decision": "change", "category": "user.contact.phone_number"},
        {"source": "app", "table": "profiles", "column": "notes", "decision": "change", "category": "user.content"},
        {"source": "app", "table": "profiles", "column": "pw", "decision": "change", "category": "user.authorization.credentials"},
    )
    out, stale = apply_review(_inventory(), review)
    assert stale == []
    extra = _col(out, "app", "profiles", "extra")
    assert (extra.category, extra.confidence, extra.flags) == ("user.contact.phone_number", 1.0, ["reviewed:change"])
    assert extra.evidence.startswith("set to user.contact.phone_number: classifier said not personal (0.50)")
    notes = _col(out, "app", "profiles", "notes")
    # special:health came with the old category (no value fact): dropped; religion was seen in the values: kept
    assert notes.flags == ["children", "reviewed:change", "special:religion"]
    assert _col(out, "app", "profiles", "pw").flags == ["plaintext_password", "reviewed:change"]


def test_applying_twice_is_idempotent() -> None:
    review = _review({"source": "app", "table": "profiles", "column": "email", "decision": "accept"})
    once, _ = apply_review(_inventory(), review)
    twice, stale = apply_review(once, review)
    assert once.to_json() == twice.to_json() and stale == []


def test_schema_picks_one_of_two_tables_with_the_same_name() -> None:
    out, stale = apply_review(_inventory(), _review({"source": "crm", "schema": "b", "table": "people", "column": "name", "decision": "reject"}))
    assert stale == []
    assert _col(out, "crm", "people", "name", "b").category is None
    assert _col(out, "crm", "people", "name", "a").category == "user.name"


# --- stale decisions ----------------------------------------------------------------------------------------

def test_decisions_that_no_longer_fit_are_returned_as_stale_never_dropped() -> None:
    review = _review(
        {"source": "app", "table": "profiles", "column": "gone", "decision": "reject"},
        {"source": "app", "table": "dropped", "column": "x", "decision": "reject"},
        {"source": "nowhere", "table": "t", "column": "c", "decision": "reject"},
        {"source": "legacy", "table": "t", "column": "c", "decision": "reject"},
        {"source": "app", "table": "broken", "column": "c", "decision": "reject"},
        {"source": "crm", "table": "people", "column": "name", "decision": "reject"},
        {"source": "app", "table": "profiles", "column": "email", "decision": "accept", "category": "user.contact.phone_number"},
        {"source": "app", "table": "profiles", "column": "extra", "decision": "reject"},
    )
    out, stale = apply_review(_inventory(), review)
    why = {(s.source, s.table, s.column): s.why for s in stale}
    assert len(stale) == 7
    assert stale == sorted(stale, key=lambda s: (s.source, s.schema or "", s.table, s.column))
    assert "column 'gone' no longer exists in table 'main.profiles'" in why[("app", "profiles", "gone")]
    assert "table 'dropped' no longer exists" in why[("app", "dropped", "x")]
    assert "source 'nowhere' was not scanned" in why[("nowhere", "t", "c")]
    assert "could not be scanned" in why[("legacy", "t", "c")]
    assert "could not be read" in why[("app", "broken", "c")]
    assert "several schemas (a, b)" in why[("crm", "people", "name")]
    assert "classifier now says user.contact.email" in why[("app", "profiles", "email")]
    assert ("app", "profiles", "extra") not in why  # the one decision that fits is applied
    assert _col(out, "app", "profiles", "extra").flags == ["reviewed:reject"]
    assert _col(out, "app", "profiles", "email").flags == []  # a stale accept changes nothing
    first = next(s for s in stale if s.column == "gone")
    assert first.where == "org/overrides.yaml:10" and first.reviewed.startswith("reviewed by Ana DPO")
    assert json.loads(json.dumps(first.to_dict()))["decision"] == "reject"


# --- validation: every problem at its file:line ---------------------------------------------------------------

GOOD = """\
# header comment
- source: app
  table: profiles
  column: extra
  decision: change
  category: user.contact.phone_number
  reason: holds phone numbers
  reviewer: Ana DPO
  date: 2026-06-30
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / REVIEW_FILE
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_with_lines(tmp_path: Path) -> None:
    review = load_review(_write(tmp_path, GOOD))
    [d] = review.decisions
    assert (d.source, d.table, d.column, d.decision, d.category, d.date) == ("app", "profiles", "extra", "change", "user.contact.phone_number", DAY)
    assert review.origin(d).endswith("overrides.yaml:2")


@pytest.mark.parametrize(("text", "line", "needle"), [
    (GOOD.replace("user.contact.phone_number", "user.contact.phone"), 6, "'user.contact.phone' is not a fideslang data category (did you mean 'user.contact.phone_number'?)"),
    (GOOD.replace("  category: user.contact.phone_number\n", ""), 2, "category: required when the decision is 'change'"),
    (GOOD.replace("decision: change", "decision: reject"), 6, "not allowed when the decision is 'reject'"),
    (GOOD.replace("decision: change", "decision: ignore"), 5, "'ignore' is not one of accept, reject, change"),
    (GOOD.replace("  reason: holds phone numbers\n", ""), 2, "reason: required field is missing"),
    (GOOD.replace("  column: extra", "  colum: extra"), 4, "unknown field; did you mean 'column'?"),
    (GOOD.replace("  table: profiles", "  table: profiles\n  schem: main"), 4, "did you mean 'schema'?"),
    (GOOD.replace("date: 2026-06-30", "date: someday"), 9, "date"),
    (GOOD + GOOD.replace("# header comment\n", ""), 12, "app.profiles.extra is already decided at line 2"),
    ("source: app\n", 1, "expected a list of decisions"),
    ("- just a string\n", 1, "expected a decision (a mapping), got str"),
    ("- source: [app\n", 2, "malformed YAML"),
])
def test_bad_files_name_the_file_and_line(tmp_path: Path, text: str, line: int, needle: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InventoryError) as err:
        load_review(path)
    assert str(err.value).startswith(f"{path}:") and "\n" not in str(err.value)
    _, problems = check_review(path) if "malformed" not in needle else (None, [err.value])
    assert any(p.source == f"{path}:{line}" and needle in p.message for p in problems), [str(p) for p in problems]


def test_every_problem_is_listed_in_line_order(tmp_path: Path) -> None:
    text = GOOD.replace("user.contact.phone_number", "nope") + GOOD.replace("# header comment\n", "").replace("column: extra", "column: bio").replace("  reviewer: Ana DPO\n", "")
    review, problems = check_review(_write(tmp_path, text))
    assert review is None
    assert [p.source.rsplit(":", 1)[1] for p in problems] == ["6", "10"]


def test_an_empty_or_comment_only_file_holds_no_decisions(tmp_path: Path) -> None:
    assert load_review(_write(tmp_path, "# nothing decided yet\n")).decisions == []
    assert load_review(_write(tmp_path, "[]\n")).decisions == []


def test_a_missing_file_is_an_inventory_error(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="file not found"):
        load_review(tmp_path / "absent.yaml")


# --- record_decision: add or replace, sorted, commented, deterministic ----------------------------------------

def test_record_then_load_then_apply_round_trip(tmp_path: Path) -> None:
    path = record_decision(tmp_path, "app", "profiles", "extra", "change", category="user.contact.phone_number", reason="holds phone numbers", reviewer="Ana DPO", date=DAY)
    record_decision(tmp_path, "app", "profiles", "email", "accept", reason="login email", reviewer="Ana DPO", date="2026-06-30")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Classification review") and "record_decision(" in text
    assert text.index("column: email") < text.index("column: extra")  # sorted by column
    review = load_review(path)
    assert [d.column for d in review.decisions] == ["email", "extra"]
    out, stale = apply_review(_inventory(), review)
    assert stale == [] and _col(out, "app", "profiles", "extra").category == "user.contact.phone_number"
    assert "reviewed by Ana DPO on 2026-06-30: login email" in _col(out, "app", "profiles", "email").evidence


def test_record_replaces_a_decision_on_the_same_column(tmp_path: Path) -> None:
    record_decision(tmp_path, "app", "profiles", "extra", "reject", reason="looked empty", reviewer="Ana DPO", date=DAY)
    path = record_decision(tmp_path, "app", "profiles", "extra", "change", category="user.contact.phone_number", reason="holds phones", reviewer="Bo DPO", date=DAY)
    [d] = load_review(path).decisions
    assert (d.decision, d.reviewer) == ("change", "Bo DPO")
    record_decision(tmp_path, "app", "profiles", "extra", "accept", schema="main", reason="other schema", reviewer="Bo DPO", date=DAY)
    assert len(load_review(path).decisions) == 2  # a schema makes it another column


def test_record_uses_today_when_no_date_is_given(tmp_path: Path) -> None:
    path = record_decision(tmp_path, "app", "t", "c", "accept", reason="fine as is", reviewer="Ana DPO")
    assert load_review(path).decisions[0].date == dt.date.today()


@given(st.permutations(["alpha", "beta", "gamma", "delta"]))
@settings(max_examples=8, deadline=None)
def test_the_file_is_the_same_whatever_the_order_of_recording(order: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for column in order:
            path = record_decision(tmp, "app", "t", column, "reject", reason=f"{column} is a code", reviewer="Ana DPO", date=DAY)
        expected = dump_review(sorted(load_review(path).decisions, key=lambda d: d.column), tmp)
        assert path.read_text(encoding="utf-8") == expected
        assert [d.column for d in load_review(path).decisions] == sorted(order)


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"decision": "change", "category": "user.phone"}, "not a fideslang data category"),
    ({"decision": "change"}, "required when the decision is 'change'"),
    ({"decision": "maybe"}, "record_decision(decision)"),
    ({"decision": "accept", "reason": ""}, "record_decision(reason)"),
])
def test_record_refuses_bad_input_and_leaves_the_file_alone(tmp_path: Path, kwargs: dict, needle: str) -> None:
    args = {"reason": "a good reason", **kwargs}
    with pytest.raises(InventoryError) as err:
        record_decision(tmp_path, "app", "t", "c", args.pop("decision"), reviewer="Ana DPO", date=DAY, **args)
    assert needle in str(err.value)
    assert not (tmp_path / REVIEW_FILE).exists()


def test_record_never_overwrites_a_broken_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "- source: [broken\n")
    with pytest.raises(InventoryError, match=r"overrides.yaml:2"):
        record_decision(tmp_path, "app", "t", "c", "accept", reason="fine as is", reviewer="Ana DPO", date=DAY)
    assert path.read_text(encoding="utf-8") == "- source: [broken\n"


def test_secrets_in_a_reason_are_masked_in_the_evidence() -> None:
    review = _review({"source": "app", "table": "profiles", "column": "email", "decision": "accept", "reason": "see postgresql://dpo:hunter2secret@db/crm"})
    out, _ = apply_review(_inventory(), review)
    evidence = _col(out, "app", "profiles", "email").evidence
    assert "hunter2secret" not in evidence and "postgresql://dpo:***@db/crm" in evidence


# --- the scan stage and the scan command honour the review ---------------------------------------------------

@pytest.fixture(scope="module")
def reviewed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Inventory]:
    """A headless scan of the IMVBox demo whose inventory copy carries an overrides.yaml."""
    from privacy_inventory.stages import run_scan_stage

    base = tmp_path_factory.mktemp("review")
    inv_dir = base / "imvbox"  # the demo database is built only for an inventory named imvbox
    shutil.copytree(ROOT / "inventory" / "imvbox", inv_dir, ignore=shutil.ignore_patterns("*.sqlite", REVIEW_FILE))
    record_decision(inv_dir, "imvbox", "profiles", "extra", "change", category="user.contact.phone_number", reason="holds phone numbers", reviewer="DPO", date=DAY)
    record_decision(inv_dir, "imvbox", "accounts", "heard_about_us", "reject", reason="marketing channel, no person", reviewer="DPO", date=DAY)
    record_decision(inv_dir, "imvbox", "accounts", "email", "accept", category="user.contact.email", reason="the login email", reviewer="DPO", date=DAY)
    record_decision(inv_dir, "imvbox", "profiles", "fax_number", "reject", reason="column was dropped", reviewer="DPO", date=DAY)
    out = base / "out"
    inventory = run_scan_stage([], [], str(inv_dir), str(out))
    return inv_dir, out, inventory


def test_a_headless_scan_honours_the_review(reviewed_run: tuple[Path, Path, Inventory]) -> None:
    _, out, inventory = reviewed_run
    extra = _col(inventory, "imvbox", "profiles", "extra")
    assert (extra.category, extra.confidence) == ("user.contact.phone_number", 1.0) and "reviewed:change" in extra.flags
    heard = _col(inventory, "imvbox", "accounts", "heard_about_us")
    assert (heard.category, heard.confidence, heard.flags) == (None, 1.0, ["reviewed:reject"])
    assert "reviewed:accept" in _col(inventory, "imvbox", "accounts", "email").flags
    saved = Inventory.load(out / "scan" / "inventory.json")
    assert _col(saved, "imvbox", "profiles", "extra").category == "user.contact.phone_number"
    rows = (out / "scan" / "columns.csv").read_text(encoding="utf-8")
    assert "profiles,extra,VARCHAR(64),user.contact.phone_number,1.00,set to user.contact.phone_number" in rows


def test_a_headless_scan_writes_the_stale_decisions(reviewed_run: tuple[Path, Path, Inventory]) -> None:
    inv_dir, out, _ = reviewed_run
    stale = json.loads((out / "scan" / "stale-review.json").read_text(encoding="utf-8"))
    assert [(s["table"], s["column"]) for s in stale] == [("profiles", "fax_number")]
    assert "no longer exists" in stale[0]["why"] and stale[0]["where"].startswith(str(inv_dir / REVIEW_FILE) + ":")
    frame = review_status(str(inv_dir), str(out))
    status = dict(zip(frame["column"], frame["status"]))
    assert status["extra"] == "applied" and status["fax_number"].startswith("STALE: column 'fax_number' no longer exists")


def test_without_overrides_the_stale_list_is_empty(tmp_path: Path, imvbox_db: Path) -> None:
    from privacy_inventory.stages import run_scan_stage

    org = tmp_path / "org"
    org.mkdir()
    run_scan_stage([f"imvbox=sqlite:///{imvbox_db}"], [], str(org), str(tmp_path / "out"))
    assert json.loads((tmp_path / "out" / "scan" / "stale-review.json").read_text(encoding="utf-8")) == []
    assert list(review_status(str(org), str(tmp_path / "out"))["result"]) == ["no review decisions yet (org/overrides.yaml not found in the inventory directory)"]


def test_a_broken_review_stops_the_scan_stage_with_file_and_line(tmp_path: Path, imvbox_db: Path) -> None:
    from privacy_inventory.stages import run_scan_stage

    org = tmp_path / "org"
    org.mkdir()
    _write(org, GOOD.replace("decision: change", "decision: chnage"))
    with pytest.raises(InventoryError) as err:
        run_scan_stage([f"imvbox=sqlite:///{imvbox_db}"], [], str(org), str(tmp_path / "out"))
    assert err.value.source == f"{org / REVIEW_FILE}:5"
    assert not (tmp_path / "out" / "scan" / "inventory.json").exists()


def _tiny_db(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, email TEXT, code TEXT)")
        conn.executemany("INSERT INTO members (email, code) VALUES (?, ?)", [(f"user{i}@example.org", f"X{i}") for i in range(20)])
    return f"shop=sqlite:///{path}"


def test_the_scan_command_takes_a_review_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from privacy_inventory.commands import cmd_scan

    review = _write(tmp_path, GOOD.replace("source: app", "source: shop").replace("table: profiles", "table: members").replace("column: extra", "column: gone"))
    record_decision(tmp_path, "shop", "members", "email", "reject", reason="test addresses only", reviewer="Ana DPO", date=DAY)
    args = argparse.Namespace(db=[_tiny_db(tmp_path / "shop.sqlite")], config=[], out=tmp_path / "out", sample_size=50, timeout=10.0, schema=[], review=review)
    assert cmd_scan(args) == 0
    saved = Inventory.load(tmp_path / "out" / "inventory.json")
    assert _col(saved, "shop", "members", "email").flags == ["reviewed:reject"]
    stale = json.loads((tmp_path / "out" / "stale-review.json").read_text(encoding="utf-8"))
    assert [s["column"] for s in stale] == ["gone"]
    assert "1 review decision(s) no longer fit the scan" in capsys.readouterr().err
    args.review = tmp_path / "missing.yaml"
    with pytest.raises(InventoryError, match="file not found"):
        cmd_scan(args)


def test_the_file_names_this_organisations_inventory_and_source_never_the_demos(tmp_path: Path) -> None:
    """An organisation's overrides.yaml (and notebook 01's note) points at its own inventory directory, not inventory/imvbox."""
    from privacy_inventory.review import record_decision, review_status

    inv = tmp_path / "acme"
    inv.mkdir()
    assert "acme/overrides.yaml" in str(review_status(str(inv), str(tmp_path / "out"))["result"][0])
    path = record_decision(inv, "crm", "customers", "extra", "reject", reason="internal codes", reviewer="DPO", date="2026-01-02")
    text = path.read_text(encoding="utf-8")
    assert "imvbox" not in text
    assert f'record_decision("{inv.as_posix()}", "crm",' in text and "(e.g. crm)" in text
