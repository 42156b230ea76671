"""Issue 11 class 6 inside a person's records, on a schema of our own (a harbour pilots' roster nobody ships): the
set-up every record shares and the ranges a table defines are not facts about the person; a count of days or hours
on a payslip is the person's working time, not money; the person's own facts beside them keep their category."""

from __future__ import annotations

import pytest

from privacy_inventory.classify.knowledge import using
from privacy_inventory.classify.links import names_a_record
from support.schemadb import column_of as _col, scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "de Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]

SCHEMA: dict[str, tuple[list[str], object]] = {
    "workers": (["worker_id INTEGER PRIMARY KEY", "given_name TEXT", "family_name TEXT", "email TEXT",
                 "birth_date DATE"],
                lambda i: (i, FIRST[i % 12], LAST[i % 10], f"p{i}@pilots.example", f"19{60 + i % 30}-0{1 + i % 9}-11")),
    # A worker's monthly pay: the net pay is their money, the days and hours paid their working time; the
    # stationery the slip is printed on and the ledger bucket are the same on every slip (the harbour's set-up).
    "worker_payslips": (
        ["payslip_id INTEGER PRIMARY KEY", "worker_id INTEGER", "net_pay NUMERIC", "paid_days INTEGER",
         "total_sailing_hours REAL", "print_stationery TEXT", "ledger_bucket TEXT", "deduction_note TEXT",
         "method_of_payment TEXT", "voucher_batch TEXT", "pay_description TEXT", "ledger_posting_on DATE",
         "salary_element TEXT"],
        lambda i: (i, i % 9 + 1, 2100.0 + 37 * i, 18 + i % 5, 120.5 + i, "Harbour Board Header", "Pilotage Wages - HB",
                   ["night tide bonus withheld", "fuel card repaid", "union dues", "advance repaid"][i % 4],
                   ["Cash", "Bank transfer", "Cheque"][i % 3], None, None, f"2025-05-{1 + i % 28:02d}",
                   "Harbour Pilotage Base")),
    # A worker's eyesight test: the reading is health data; the green and amber bands beside it (several low/high
    # pairs) are the bands the reading is judged against, the same for every pilot.
    "worker_vision_tests": (
        ["test_id INTEGER PRIMARY KEY", "worker_id INTEGER", "acuity_reading REAL", "green_min REAL", "green_max REAL",
         "amber_min REAL", "amber_max REAL", "tested_on DATE"],
        lambda i: (i, i % 9 + 1, 0.6 + (i % 9) / 10, 0.9, 2.0, 0.6 + (i % 2) / 100, 0.9, f"2025-04-{1 + i % 27:02d}")),
    # A worker's skill goals: how much each goal weighs is set by the goal's plan, the score is the worker's.
    "worker_skill_goals": (["goal_id INTEGER PRIMARY KEY", "worker_id INTEGER", "module_weightage REAL",
                            "attained_score INTEGER"],
                           lambda i: (i, i % 9 + 1, [0.2, 0.3, 0.5][i % 3], 40 + (i * 7) % 60)),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    return scan_schema(tmp_path_factory.mktemp("pilots") / "pilots.sqlite", "pilots", SCHEMA, N)


@pytest.mark.parametrize("column", ["print_stationery", "ledger_bucket"])
def test_a_label_every_record_shares_is_the_organisations_setup(scanned, column):
    col = _col(scanned, "worker_payslips", column)
    assert col.category is None, col.evidence
    assert "one and the same label" in col.evidence and "not a fact about one person" in col.evidence


def test_the_persons_own_facts_on_the_same_record_keep_their_category(scanned):
    assert _col(scanned, "worker_payslips", "net_pay").category is not None
    assert _col(scanned, "worker_payslips", "worker_id").category == "user.unique_id"


@pytest.mark.parametrize("column", ["paid_days", "total_sailing_hours"])
def test_days_and_hours_on_a_payslip_are_working_time_not_money(scanned, column):
    col = _col(scanned, "worker_payslips", column)
    assert col.category == "user.job_title", col.evidence
    assert "not an amount of money" in col.evidence


@pytest.mark.parametrize("column", ["green_min", "green_max", "amber_min", "amber_max"])
def test_bands_a_table_defines_are_not_a_reading(scanned, column):
    col = _col(scanned, "worker_vision_tests", column)
    assert col.category is None, col.evidence
    assert "low/high pairs" in col.evidence


def test_the_reading_beside_the_bands_is_still_the_persons(scanned):
    col = _col(scanned, "worker_vision_tests", "acuity_reading")
    assert col.category is not None, col.evidence
    assert "low/high pairs" not in col.evidence


def test_a_name_written_a_of_b_reads_as_the_compound_b_a(scanned):
    col = _col(scanned, "worker_payslips", "method_of_payment")
    assert col.category is None, col.evidence
    assert "property of an attribute" in col.evidence


def test_an_empty_column_named_for_no_kind_of_value_is_not_claimed_by_its_table(scanned):
    col = _col(scanned, "worker_payslips", "voucher_batch")
    assert col.category is None, col.evidence
    assert "describes" not in col.evidence


def test_an_empty_column_named_as_text_still_takes_the_records_category(scanned):
    col = _col(scanned, "worker_payslips", "pay_description")
    assert col.category is not None, col.evidence


def test_a_weight_of_a_goal_is_its_plan_and_the_score_is_the_persons(scanned):
    assert _col(scanned, "worker_skill_goals", "module_weightage").category is None
    assert _col(scanned, "worker_skill_goals", "attained_score").category is not None


def test_forms_of_a_setting_word_are_that_word_with_only_other_applications_knowledge():
    with using(exclude_fitted_on=("hrms", "opensis")):  # `weightage` itself is only in the hrms/opensis fit
        assert names_a_record(("module", "weightage")) == "weight"
        assert names_a_record(("attained", "score")) is None


def test_rules_and_courses_are_links_with_only_other_applications_knowledge():
    with using(exclude_fitted_on=("hrms",)):  # read from firefly/invoiceninja/kanboard/prestashop/opensis labels
        assert names_a_record(("overtime", "rule")) == "rule"
        assert names_a_record(("course",)) == "course"
        assert names_a_record(("last", "update")) == "last update"


def test_the_day_a_record_was_posted_to_the_books_is_record_keeping(scanned):
    col = _col(scanned, "worker_payslips", "ledger_posting_on")
    assert col.category is None, col.evidence
    with using(exclude_fitted_on=("hrms", "opensis")):  # `posting` itself is only in their fit: `posted` is general
        from privacy_inventory.classify.contexts import _keeping_forms
        from privacy_inventory.classify.knowledge import active

        assert "posting" in _keeping_forms(active().words("record_keeping_time_words"))


def test_a_pay_word_on_a_label_every_record_shares_is_the_kind_of_record_not_the_pay(scanned):
    col = _col(scanned, "worker_payslips", "salary_element")
    assert col.category is None, col.evidence
    assert "one and the same label" in col.evidence
