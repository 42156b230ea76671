"""Declarations: the IMVBox files load, and every kind of mistake is one `file:line` error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from privacy_inventory import yaml_io
from privacy_inventory.declarations import (
    ProcessingActivity,
    Recipient,
    duration_days,
    is_special_category,
    table_matches,
)
from privacy_inventory.declarations_io import check_declarations, load_declarations
from privacy_inventory.errors import InventoryError
from privacy_inventory.yaml_io import load_yaml

IMVBOX = Path(__file__).resolve().parents[1] / "inventory" / "imvbox"


@pytest.fixture()
def decl_dir(tmp_path: Path) -> Path:
    for name in ("controller.yaml", "activities.yaml", "recipients.yaml"):
        shutil.copy(IMVBOX / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in a file and return the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _error(directory: Path) -> InventoryError:
    with pytest.raises(InventoryError) as info:
        load_declarations(directory)
    assert "\n" not in str(info.value)
    return info.value


def test_imvbox_declarations_load():
    d = load_declarations(IMVBOX)
    keys = [a.key for a in d.activities]
    assert keys == sorted(keys)
    assert {"account", "advertising", "marketing", "support", "security", "analytics", "legal", "facebook_sign_in", "payments"} <= set(keys)
    assert d.activity("advertising").legal_basis == "consent"
    assert d.activity("security").legal_basis == "legitimate_interests"
    assert d.recipient("facebook").role == "independent_controller"
    assert d.recipient("law_enforcement").role == "public_authority"
    assert all(r.transfer_safeguard for r in d.recipients if r.international)
    assert any("dpo" in p and "not stated in policy" in p for p in d.controller.open_points())
    # the planted gaps stay undeclared on purpose
    assert d.activities_for_table("legacy_users_2015") == []
    assert d.activities_for_table("partner_demographics") == []
    assert [a.key for a in d.activities_for_table("ad_events")] == ["advertising"]


def test_misspelt_legal_basis_points_at_line(decl_dir: Path):
    line = _edit(decl_dir / "activities.yaml", "legal_basis: consent", "legal_basis: consnt")
    err = _error(decl_dir)
    assert err.source == f"{decl_dir / 'activities.yaml'}:{line}"
    assert "legal_basis: 'consnt' is not one of consent, contract" in err.message


def test_unknown_field_suggests_the_right_one(decl_dir: Path):
    line = _edit(decl_dir / "activities.yaml", "    legal_basis: contract\n", "    legal_basis: contract\n    purpose: [x]\n")
    err = _error(decl_dir)
    assert err.source.endswith(f"activities.yaml:{line + 1}")
    assert "did you mean 'purposes'" in err.message


def test_unknown_data_use_and_category(decl_dir: Path):
    line = _edit(decl_dir / "activities.yaml", "[user.payment,", "[user.paymnt,")
    err = _error(decl_dir)
    assert err.source.endswith(f":{line}") and "did you mean 'user.payment'" in err.message
    _edit(decl_dir / "activities.yaml", "[user.paymnt,", "[user.payment,")
    line = _edit(decl_dir / "activities.yaml", "purposes: [personalize.content]", "purposes: [personalise.content]")
    err = _error(decl_dir)
    assert err.source.endswith(f":{line}") and "not a fideslang data use" in err.message


def test_undeclared_recipient_and_duplicate_key(decl_dir: Path):
    line = _edit(decl_dir / "activities.yaml", "recipients: [mailchimp,", "recipients: [mailchimpp,")
    err = _error(decl_dir)
    assert err.source.endswith(f"activities.yaml:{line}")
    assert "'mailchimpp' is not declared" in err.message and "mailchimp" in err.message
    _edit(decl_dir / "activities.yaml", "[mailchimpp,", "[mailchimp,")
    line = _edit(decl_dir / "recipients.yaml", "- key: braintree", "- key: stripe")
    _, problems = check_declarations(decl_dir)
    dup = [e for e in problems if "duplicate key 'stripe'" in e.message]
    assert len(dup) == 1 and dup[0].source.endswith(f"recipients.yaml:{line}")


def test_transfer_safeguard_required_outside_eea(decl_dir: Path):
    _edit(decl_dir / "recipients.yaml", "country: FR", "country: BR")
    err = _error(decl_dir)
    assert "transfer_safeguard: required: BR is outside the EU/EEA" in err.message
    r = Recipient(key="x", name="X", role="processor", type="service_provider", country="DE")
    assert r.transfer_safeguard is None and not r.international
    with pytest.raises(ValueError, match="adequacy"):
        Recipient(key="x", name="X", role="processor", type="t", country="BR", transfer_safeguard="adequacy")
    with pytest.raises(ValueError, match="'GB'"):
        Recipient(key="x", name="X", role="processor", type="t", country="UK", transfer_safeguard="adequacy")


def test_special_categories_need_art9_condition():
    base = dict(key="k", name="K", purposes=["essential.service"], legal_basis="consent", data_subjects=["customer"], source_of_data="data_subject")
    with pytest.raises(ValueError, match="art9_condition"):
        ProcessingActivity(**base, data_categories=["user.health_and_medical.genetic"])
    ok = ProcessingActivity(**base, data_categories=["user.health_and_medical.genetic"], art9_condition="a")
    assert ok.source_of_data == ["data_subject"]
    assert is_special_category("user.biometric.voice") and not is_special_category("user.contact.email")


def test_email_error_does_not_echo_personal_data(decl_dir: Path):
    line = _edit(decl_dir / "controller.yaml", "email: support@imvbox.com", "email: john.smith@@example")
    err = _error(decl_dir)
    assert err.source.endswith(f"controller.yaml:{line}")
    assert "john" not in str(err) and "not an email address" in err.message


def test_retention_periods():
    assert duration_days("P3Y") == 365 * 3 and duration_days("P1Y6M") == 365 + 180 and duration_days("PT12H") == 0.5
    with pytest.raises(ValueError):
        duration_days("3 years")
    base = dict(key="k", name="K", purposes=["essential.service"], legal_basis="contract", data_subjects=["customer"])
    with pytest.raises(ValueError, match="ISO-8601"):
        ProcessingActivity(**base, retention={"period": "3 years", "basis": "b"})
    with pytest.raises(ValueError, match="grace"):
        ProcessingActivity(**base, retention={"period": "P1Y", "grace": "P1M", "basis": "b"})
    a = ProcessingActivity(**base, retention={"period": "relationship", "grace": "P30D", "basis": "b"})
    assert a.retention.max_days() is None


def test_table_patterns():
    assert table_matches("ad_*", "ad_events") and not table_matches("ad_*", "accounts")
    assert table_matches("imvbox.accounts", "accounts", source="imvbox")
    assert not table_matches("other.accounts", "accounts", source="imvbox")
    assert table_matches("public.acc*", "accounts", source="pg", schema="public")


def test_file_level_problems(decl_dir: Path):
    (decl_dir / "activities.yaml").write_text("", encoding="utf-8")
    assert "file is empty" in _error(decl_dir).message
    (decl_dir / "activities.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert "binary" in _error(decl_dir).message
    (decl_dir / "activities.yaml").write_text("activities:\n  - key: a\n    key: b\n", encoding="utf-8")
    err = _error(decl_dir)
    assert err.source.endswith("activities.yaml:3") and "duplicate key 'key'" in err.message
    (decl_dir / "activities.yaml").write_text("activities: [\n", encoding="utf-8")
    assert "malformed YAML" in _error(decl_dir).message
    (decl_dir / "activities.yaml").write_text("activities: {key: a}\n", encoding="utf-8")
    assert "valid list" in _error(decl_dir).message
    (decl_dir / "activities.yaml").write_text("- 1\n", encoding="utf-8")
    assert "expected a mapping" in _error(decl_dir).message


def test_all_problems_listed_and_missing_directory(decl_dir: Path, tmp_path: Path):
    _edit(decl_dir / "activities.yaml", "legal_basis: consent", "legal_basis: consnt")
    _edit(decl_dir / "controller.yaml", "name: IMVBox", "nam: IMVBox")
    declarations, problems = check_declarations(decl_dir)
    assert declarations is None and len(problems) >= 2
    assert any("controller.nam: unknown field" in e.message for e in problems)
    assert any("'consnt'" in e.message for e in problems)
    assert f"(and {len(problems) - 1} more problems)" in str(_error(decl_dir))
    with pytest.raises(InventoryError, match="not found"):
        load_declarations(tmp_path / "nope")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InventoryError, match="no declarations found"):
        load_declarations(empty)


def test_other_yaml_next_to_declarations_is_ignored(decl_dir: Path):
    (decl_dir / "dpia_overrides.yaml").write_text("overrides: []\n", encoding="utf-8")
    assert len(load_declarations(decl_dir).activities) == 10


def test_yaml_io_guards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    p = tmp_path / "a.yaml"
    p.write_text("a: !!python/object:os.system x\n", encoding="utf-8")
    with pytest.raises(InventoryError, match=r"a.yaml:1: malformed YAML"):
        load_yaml(p)
    p.write_text("a: &x [1, 2]\nb: [*x, *x, *x]\n", encoding="utf-8")
    assert load_yaml(p) == {"a": [1, 2], "b": [[1, 2]] * 3}
    monkeypatch.setattr(yaml_io, "MAX_NODES", 5)
    with pytest.raises(InventoryError, match="alias bomb"):
        load_yaml(p)
    p.write_text("[" * 3000 + "]" * 3000, encoding="utf-8")
    with pytest.raises(InventoryError, match="nested too deeply"):
        load_yaml(p)
    p.write_bytes("a: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InventoryError, match="not UTF-8"):
        load_yaml(p)
    with pytest.raises(InventoryError, match="not found"):
        load_yaml(tmp_path / "missing.yaml")
    p.write_text("# nothing\n", encoding="utf-8")
    assert load_yaml(p, allow_empty=True) is None
