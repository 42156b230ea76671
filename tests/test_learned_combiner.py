"""The learned combiner (issue 11 section 3): a small, deterministic weights file, trained from the corpus, explained in words."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from privacy_inventory.classify import learned
from privacy_inventory.errors import InventoryError
from privacy_inventory.models import Classification, ColumnContext

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def _ctx(column: str, table: str = "patients", role: str = "person", values: tuple = ()) -> ColumnContext:
    return ColumnContext(table=table, column=column, data_type="VARCHAR(20)", table_role=role, values=values)


def _model(personal: dict[str, float], bias: float = -2.0) -> learned.Model:
    """A model in the shipped file's JSON form, with hand-set weights, read by the same loader."""
    return learned.model_from_dict({
        "trained_on": ["a", "b"], "columns": 10, "blend": {"hi": 0.7, "lo": 0.3, "keep": 0.97, "keep_values": 0.8},
        "personal": {"bias": bias, "weights": personal},
        "category": {"classes": ["user.demographic.date_of_birth", "user.name"],
                     "bias": {"user.demographic.date_of_birth": 0.0, "user.name": 0.0},
                     "weights": {"c:birth": {"user.demographic.date_of_birth": 3.0, "user.name": -1.0}}},
    })


def test_shipped_model_loads_is_small_and_names_what_it_was_trained_on() -> None:
    path = learned.PACKAGE_MODEL
    assert path.is_file() and path.stat().st_size < 5_000_000
    model = learned.load(str(path))
    assert len(model.trained_on) >= 12 and model.columns > 3000
    assert model.personal and model.classes and {"hi", "lo", "keep"} <= set(model.blend)
    assert all(c.startswith("user.") for c in model.classes)


def test_features_say_what_the_column_is_made_of_never_its_values() -> None:
    ctx = _ctx("patient_dob", values=("1980-02-03", "1975-11-30", None))
    feats = learned.features(ctx, Classification(None, 0.5, "no personal-data signal in name 'patient_dob'"))
    assert feats == sorted(set(feats))
    assert {"c:birth", "cl:birth", "role:person", "v:date", "r:none", "rs:nothing"} <= set(feats)
    assert not any("1980" in f for f in feats)


def test_model_decides_an_unsure_column_and_its_evidence_names_the_features_in_words() -> None:
    model = _model({"c:birth": 4.0, "role:person": 1.0, "t:patient": 0.5})
    ctx = _ctx("dob")
    verdict = Classification(None, 0.5, "no personal-data signal in name 'dob'")
    decided = learned.decide(model, learned.features(ctx, verdict), verdict)
    assert decided is not None
    category, confidence, evidence = decided
    assert category == "user.demographic.date_of_birth" and 0.7 <= confidence <= 1.0
    assert evidence.startswith("learned: personal")
    assert "name word 'birth'" in evidence and "table role person" in evidence
    assert "the rules said: no personal-data signal" in evidence


def test_model_can_overrule_an_unsure_rule_towards_not_personal_and_says_why() -> None:
    model = _model({"c:void": -3.0, "c:reason": -1.0}, bias=0.0)
    ctx = _ctx("void_reason", table="orders", role="content")
    verdict = Classification("user.content.private", 0.35, "name 'void_reason' -> text written by a person")
    category, _, evidence = learned.decide(model, learned.features(ctx, verdict), verdict)
    assert category is None
    assert "not personal" in evidence and "name word 'void'" in evidence and "user.content.private" in evidence


def test_strong_rule_verdicts_are_never_overruled() -> None:
    model = _model({"c:email": -10.0}, bias=-5.0)
    ctx = _ctx("email")
    verdict = Classification("user.contact.email", 0.95, "name 'email' -> email; 30/30 sampled values are valid "
                             "email addresses")
    assert learned.decide(model, learned.features(ctx, verdict), verdict) is None


def test_off_leaves_the_rules_verdict_untouched_and_a_bad_file_is_one_line(tmp_path: Path) -> None:
    learned.configure(learned.OFF)
    try:
        verdict = Classification(None, 0.5, "no signal")
        assert learned.refine(_ctx("dob"), verdict) is verdict
    finally:
        learned.configure(learned.OFF)
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"personal": {}}))
    with pytest.raises(InventoryError) as err:
        learned.load(str(bad))
    assert str(bad) in str(err.value) and "\n" not in str(err.value)


def test_training_is_deterministic_and_only_from_the_corpus(tmp_path: Path) -> None:
    import train_combiner

    apps = ["kanboard", "pretix", "zulip"]
    first = train_combiner.collect(apps, tmp_path / "one")
    second = train_combiner.collect(apps, tmp_path / "two")
    a = train_combiner.dump(train_combiner.train(first, apps))
    b = train_combiner.dump(train_combiner.train(second, apps))
    assert a == b
    model = learned.model_from_dict(json.loads(a))
    assert model.trained_on == tuple(apps) and model.personal
