"""Record-keeping times are not personal data, and a table name that is only sometimes clinical needs a patient to be one
(issue 11 class 9; issue 13: an invite-a-friend table's `sent_at` was read as health data and raised a special-category risk)."""

from __future__ import annotations

import datetime as dt

import pytest

from privacy_inventory.classify import classify_column
from privacy_inventory.models import ColumnContext

STAMPS = tuple(dt.datetime(2024, 1, 1 + i % 28, 9, i % 60) for i in range(60))


def _ctx(table: str, column: str, siblings: tuple[str, ...], refs: dict[str, str] | None = None) -> ColumnContext:
    return ColumnContext(table=table, column=column, data_type="DATETIME", sibling_columns=siblings, values=STAMPS,
                         references=(refs or {}).get(column))


@pytest.mark.parametrize("table", ["referrals", "referral_invites", "conditions", "lab_runs", "treatments", "observations"])
def test_ambiguous_table_words_are_not_clinical_without_a_patient(table: str) -> None:
    """A referral programme, a contract's conditions, an experiment's lab runs or A/B treatments are no clinical record."""
    siblings = ("id", "referrer_id", "invitee_email", "invitee_name", "happened_on", "joined_account_id")
    r = classify_column(_ctx(table, "happened_on", siblings))
    assert r.category != "user.health_and_medical", r.evidence


@pytest.mark.parametrize("table", ["referrals", "conditions", "observations", "patient_referrals"])
def test_the_same_words_in_a_patient_table_stay_clinical(table: str) -> None:
    siblings = ("id", "patient_id", "onset_on", "note")
    r = classify_column(_ctx(table, "onset_on", siblings))
    assert r.category == "user.health_and_medical", r.evidence


@pytest.mark.parametrize("column", ["sent_at", "queued_at", "delivered_at", "imported_on", "archived_at", "created_at", "updated_at"])
@pytest.mark.parametrize("table", ["immunizations", "patient_referrals", "prescriptions"])
def test_record_keeping_times_take_no_category_even_in_a_clinical_table(table: str, column: str) -> None:
    siblings = ("id", "patient_id", "vaccine_code", column)
    r = classify_column(_ctx(table, column, siblings))
    assert r.category is None, r.evidence


@pytest.mark.parametrize("column", ["administered_on", "onset_date", "given_at"])
def test_dates_of_the_persons_own_clinical_events_keep_the_category(column: str) -> None:
    r = classify_column(_ctx("immunizations", column, ("id", "patient_id", "vaccine_code", column)))
    assert r.category == "user.health_and_medical", r.evidence
