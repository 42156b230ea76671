"""dpia.yaml: validation errors at file:line, applying overrides (idempotent, persistent), stale overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from dpia_helpers import col, declarations, inventory, table, users

from privacy_inventory.dpia.overrides import (
    DpiaFile, apply_overrides, check_overrides, dump_overrides, load_overrides, save_overrides, screening_answers, stale_screening,
)
from privacy_inventory.dpia.register import build_register, register_csv, register_findings, register_rows
from privacy_inventory.errors import InventoryError

GOOD = """\
risks:
  - risk: plaintext_passwords:app.users
    severity: 4
    measures: [hash with argon2id]
    residual: {severity: 2, likelihood: 1}
    decision: mitigate
    reviewer: Ana DPO
    date: 2026-06-01
    reason: rehash on next login
  - risk: exposure:app.cards
    likelihood: 1
    reviewer: Ana DPO
    date: 2026-06-02
    reason: access limited to two admins
screening:
  - activity: a
    criterion: automated_decision
    answer: not_met
    reviewer: Ana DPO
    date: 2026-06-02
    reason: no automated decisions
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "dpia.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _setup():
    inv = inventory(users(100, col("pw", "user.authorization.password", ("plaintext_password",), {"plaintext_passwords": 9}),
                          col("extra", "user.contact.phone_number", ("hidden_by_name",))),
                    table("cards", col("pan_token", "user.financial.credit_card")))
    return inv, declarations({"key": "a", "name": "A", "tables": ["users", "cards"]})


def test_overrides_apply_with_review_info_and_residual(tmp_path: Path):
    inv, decl = _setup()
    reg = build_register(inv, decl, overrides=load_overrides(_write(tmp_path, GOOD)))
    pw = reg.risk("plaintext_passwords:app.users")
    assert (pw.severity, pw.computed_severity) == (4, 3) and pw.level == "very high"
    assert pw.decision == "mitigate" and pw.residual_level == "low" and pw.reviewed_by == "Ana DPO" and pw.reviewed_on == "2026-06-01"
    assert "hash with argon2id" in pw.measures
    access = reg.risk("exposure:app.cards")
    assert access.likelihood == 1 and access.severity == access.computed_severity and access.review_reason == "access limited to two admins"
    untouched = reg.risk("hidden:app.users.extra")
    assert untouched.reviewed_by == "" and untouched.decision == "" and untouched.owner == "" and untouched.due == ""
    assert reg.stale == []


def test_apply_twice_gives_the_same_and_dump_round_trips(tmp_path: Path):
    inv, decl = _setup()
    overrides = load_overrides(_write(tmp_path, GOOD))
    once = build_register(inv, decl, overrides=overrides)
    twice, stale = apply_overrides(once.risks, overrides)
    assert [r.__dict__ for r in twice] == [r.__dict__ for r in once.risks] and stale == []
    saved = save_overrides(overrides.data, tmp_path / "again.yaml")
    assert dump_overrides(load_overrides(saved).data) == dump_overrides(overrides.data)
    assert {o.risk for o in load_overrides(saved).risks} == {o.risk for o in overrides.risks}
    assert dump_overrides(load_overrides(saved).data) == saved.read_text()
    assert register_csv(build_register(inv, decl, overrides=load_overrides(saved))) == register_csv(once)


def test_stale_override_is_reported_with_its_line(tmp_path: Path):
    inv, decl = _setup()
    text = GOOD.replace("exposure:app.cards", "exposure:gone")
    reg = build_register(inv, decl, overrides=load_overrides(_write(tmp_path, text)))
    assert [s.risk for s in reg.stale] == ["exposure:gone"]
    assert reg.stale[0].where.endswith("dpia.yaml:10") and "Ana DPO" in reg.stale[0].reviewed
    assert any(f.kind == "stale_override" for f in register_findings(reg))
    assert stale_screening(load_overrides(tmp_path / "dpia.yaml"), ["b"]) == ["a/automated_decision"]


def test_screening_answers_come_back_as_statuses(tmp_path: Path):
    answers = screening_answers(load_overrides(_write(tmp_path, GOOD)))
    status, reviewed = answers[("a", "automated_decision")]
    assert status == "not met" and reviewed.startswith("by Ana DPO on 2026-06-02")


@pytest.mark.parametrize("bad, line, words", [
    (GOOD.replace("severity: 4", "severity: 5"), 3, "risks[0].severity"),
    (GOOD.replace("decision: mitigate", "decision: ignore"), 6, "is not one of accept, mitigate, avoid, transfer"),
    (GOOD.replace("    reviewer: Ana DPO\n    date: 2026-06-01\n", "    date: 2026-06-01\n"), 2, "reviewer: required field is missing"),
    (GOOD.replace("    residual: {severity: 2, likelihood: 1}\n", ""), 2, "residual: required when the decision is 'mitigate'"),
    (GOOD.replace("criterion: automated_decision", "criterion: profiling"), 17, "screening[0].criterion"),
    (GOOD.replace("    likelihood: 1\n    reviewer", "    likelyhood: 1\n    reviewer"), 11, "did you mean 'likelihood'"),
    (GOOD.replace("exposure:app.cards", "plaintext_passwords:app.users"), 10, "already overridden at risks[0]"),
    ("risks: [\n", 2, "malformed YAML"),
    ("- just a list\n", 1, "expected a mapping"),
])
def test_validation_errors_are_one_line_with_file_and_line(tmp_path: Path, bad: str, line: int, words: str):
    path = _write(tmp_path, bad)
    overrides, problems = check_overrides(path)
    assert overrides is None and problems
    first = problems[0]
    assert first.source == f"{path}:{line}", str(first)
    assert words in first.message and "\n" not in str(first)
    with pytest.raises(InventoryError):
        load_overrides(path)


def test_missing_or_empty_file_means_no_overrides(tmp_path: Path):
    assert load_overrides(tmp_path / "none.yaml").risks == []
    assert load_overrides(_write(tmp_path, "# nothing yet\n")).risks == []


def test_imvbox_dpia_yaml_is_valid_and_does_not_disturb_declarations():
    from privacy_inventory.declarations_io import load_declarations

    overrides = load_overrides(Path("inventory/imvbox/dpia.yaml"))
    assert overrides.risks and all(o.reviewer and o.reason for o in overrides.risks)
    assert load_declarations(Path("inventory/imvbox")).activities
    assert isinstance(overrides.data, DpiaFile)


def test_owner_and_due_date_are_set_in_dpia_yaml_and_shown(tmp_path: Path):
    inv, decl = _setup()
    text = GOOD.replace("    likelihood: 1\n", "    likelihood: 1\n    owner: Head of Payments\n    due: 2026-09-30\n")
    reg = build_register(inv, decl, overrides=load_overrides(_write(tmp_path, text)))
    cards = reg.risk("exposure:app.cards")
    assert (cards.owner, cards.due) == ("Head of Payments", "2026-09-30")
    row = next(r for r in register_rows(reg) if r["key"] == "exposure:app.cards")
    assert row["owner"] == "Head of Payments" and row["due"] == "2026-09-30"
    assert "owner" in register_csv(reg).splitlines()[0].split(",")
    problems = check_overrides(_write(tmp_path, text.replace("due: 2026-09-30", "due: next week")))[1]
    assert problems and "due" in problems[0].message
