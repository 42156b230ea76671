"""Issue 11 classes 4, 8 and 9 on schemas of our own: records of ONE person, found over the reference graph, take the
category of their domain (a patient's record is clinical, an employee's an employment record, an account holder's
money records personal finance), dates of the person's events in them take it too, record-keeping times do not.

Three small applications nobody ships: a savings app whose people are its users, a physiotherapy practice and a
crafts co-operative's HR register; plus the guards (lookups, templates, tenants, staff logins, counters and flags).
"""

from __future__ import annotations

import pytest

from privacy_inventory.classify.lexicon import check_file
from privacy_inventory.errors import InventoryError
from privacy_inventory.models import Inventory, SourceScan
from support.schemadb import FAMILY, GIVEN, day_of as _day, column_of as _col, scan_schema

N = 24


# ---------------------------------------------------------------- a savings app: the users are whom the data is about
SAVINGS = {
    "app_users": (["id INTEGER PRIMARY KEY", "handle TEXT", "email TEXT", "pass_hash TEXT"],
                  lambda i: (i, f"saver{i}", f"saver{i}@mail.example", "$2y$10$" + "k" * 53)),
    "coin_kinds": (["id INTEGER PRIMARY KEY", "code TEXT", "label TEXT", "decimals INTEGER"],
                   lambda i: (i, ["EUR", "SEK", "NOK", "PLN"][i % 4], ["Euro", "Krona", "Krone", "Zloty"][i % 4], 2)),
    "pot_templates": (["id INTEGER PRIMARY KEY", "label TEXT", "suggested_amount NUMERIC"],
                      lambda i: (i, ["Holiday", "Bike", "Rainy day"][i % 3], 100.0 + i)),
    "savings_pots": (["id INTEGER PRIMARY KEY", "app_user_id INTEGER REFERENCES app_users(id)",
                      "coin_kind_id INTEGER REFERENCES coin_kinds(id)", "label TEXT", "goal_amount NUMERIC",
                      "reminder_count INTEGER", "is_archived BOOLEAN", "created_at TEXT"],
                     lambda i: (i, i % 9 + 1, i % 4 + 1, ["Holiday", "New bike", "Dentist", "Wedding"][i % 4],
                                250.0 + 13 * i, i % 5, i % 2, _day(i, 2022) + " 10:00:00")),
    "pot_deposits": (["id INTEGER PRIMARY KEY", "savings_pot_id INTEGER", "deposit_amount NUMERIC",
                      "deposited_on TEXT", "updated_at TEXT"],
                     lambda i: (i, i % 12 + 1, 5.5 + i, _day(i), _day(i) + " 08:00:00")),
    "deposit_splits": (["id INTEGER PRIMARY KEY", "pot_deposit_id INTEGER", "split_amount NUMERIC"],
                       lambda i: (i, i % 20 + 1, 1.25 + i)),
    # named like an organisation (a `bank`), but with no organisation's columns and detailing a user's pot
    "pot_banks": (["id INTEGER PRIMARY KEY", "savings_pot_id INTEGER", "held_amount NUMERIC"],
                  lambda i: (i, i % 12 + 1, 40.0 + i)),
}


@pytest.fixture(scope="module")
def savings(tmp_path_factory):
    return scan_schema(tmp_path_factory.mktemp("savings") / "savings.sqlite", "savings", SAVINGS, N)


def test_money_of_an_account_holder_is_their_finances_directly_and_over_two_hops(savings):
    goal = _col(savings, "savings_pots", "goal_amount")
    assert goal.category == "user.financial"
    deposit = _col(savings, "pot_deposits", "deposit_amount")
    assert deposit.category == "user.financial"
    split = _col(savings, "deposit_splits", "split_amount")
    assert split.category == "user.financial"
    # the evidence says whose record it is and by which path, in words
    record = savings["deposit_splits"].record_of
    assert record[:2] == ["app_users", "account holder"]
    assert record[3:] == ["deposit_splits.pot_deposit_id", "pot_deposits.savings_pot_id", "savings_pots.app_user_id"]
    assert savings["savings_pots"].record_of[2] == "personal finance record"
    assert savings["deposit_splits"].role == "content"


def test_a_table_named_like_an_organisation_detailing_a_persons_record_is_theirs(savings):
    assert savings["pot_banks"].role == "content"
    assert "named 'bank', but its rows detail a record of a person" in savings["pot_banks"].role_evidence
    assert _col(savings, "pot_banks", "held_amount").category == "user.financial"


def test_event_dates_of_a_finance_record_take_its_category_record_times_do_not(savings):
    on = _col(savings, "pot_deposits", "deposited_on")
    assert on.category == "user.financial"
    assert "a record of the person in 'app_users' (pot_deposits.savings_pot_id -> savings_pots.app_user_id)" in on.evidence
    assert _col(savings, "pot_deposits", "updated_at").category is None
    assert _col(savings, "savings_pots", "created_at").category is None


def test_lookups_templates_counters_and_flags_stay_not_personal(savings):
    assert savings["coin_kinds"].record_of == [] and savings["pot_templates"].record_of == []
    assert _col(savings, "pot_templates", "suggested_amount").category is None
    assert _col(savings, "coin_kinds", "label").category is None
    assert _col(savings, "savings_pots", "reminder_count").category is None
    assert _col(savings, "savings_pots", "is_archived").category is None
    assert _col(savings, "savings_pots", "coin_kind_id").category is None


# ---------------------------------------------------------------- a physiotherapy practice: a patient's records
PRACTICE = {
    "therapy_patients": (["id INTEGER PRIMARY KEY", "given_name TEXT", "family_name TEXT", "birth_date TEXT", "sex TEXT"],
                         lambda i: (i, GIVEN[i % 12], FAMILY[i % 10], _day(i, 1950 + i), "FM"[i % 2])),
    "practice_sites": (["id INTEGER PRIMARY KEY", "name TEXT", "street TEXT", "city TEXT"],
                       lambda i: (i, ["North clinic", "Harbour clinic"][i % 2], f"{i} Quay Street", "Turku")),
    "codebook": (["id INTEGER PRIMARY KEY", "label TEXT", "system_code TEXT"],
                 lambda i: (i, ["knee", "lumbar", "shoulder", "ankle"][i % 4], f"C{1000 + i}")),
    "rehab_courses": (["id INTEGER PRIMARY KEY", "therapy_patient_id INTEGER REFERENCES therapy_patients(id)",
                          "practice_site_id INTEGER REFERENCES practice_sites(id)",
                          "urgency_codebook_id INTEGER REFERENCES codebook(id)", "body_side TEXT", "requested_on TEXT",
                          "sort_rank INTEGER", "created_at TEXT"],
                         lambda i: (i, i % 20 + 1, i % 2 + 1, i % 4 + 1, ["left", "right", "both"][i % 3], _day(i),
                                    i, _day(i) + " 07:30:00")),
    # extends a request (no patient column of its own): a record of the same patient through it
    "rehab_course_items": (["id INTEGER PRIMARY KEY", "rehab_course_id INTEGER", "sample_origin TEXT",
                               "sessions_planned INTEGER"],
                              lambda i: (i, i % 20 + 1, ["blood", "saliva", "tissue"][i % 3], 3 + i % 6)),
    # a patient's parcel deliveries: named as another kind of record, so no clinical record by default
    "home_deliveries": (["id INTEGER PRIMARY KEY", "therapy_patient_id INTEGER REFERENCES therapy_patients(id)",
                         "parcel_size TEXT", "delivered_on TEXT"],
                        lambda i: (i, i % 20 + 1, ["S", "M", "L"][i % 3], _day(i))),
    # the phones a patient's exercise app runs on: device data, not a clinical record
    "patient_handsets": (["id INTEGER PRIMARY KEY", "therapy_patient_id INTEGER REFERENCES therapy_patients(id)",
                          "model_label TEXT", "units_owned INTEGER", "registered_on TEXT"],
                         lambda i: (i, i % 20 + 1, ["Fairphone 4", "Pixel 7", "Nokia G21"][i % 3], 1 + i % 2, _day(i))),
}


@pytest.fixture(scope="module")
def practice(tmp_path_factory):
    return scan_schema(tmp_path_factory.mktemp("practice") / "practice.sqlite", "practice", PRACTICE, N)


def test_every_record_of_a_patient_is_clinical_whatever_its_table_is_called(practice):
    assert practice["rehab_courses"].record_of[:2] == ["therapy_patients", "patient"]
    side = _col(practice, "rehab_courses", "body_side")
    assert side.category == "user.health_and_medical"
    assert "clinical record" in side.evidence and "(rehab_courses.therapy_patient_id)" in side.evidence
    assert _col(practice, "rehab_courses", "requested_on").category == "user.health_and_medical"
    assert _col(practice, "rehab_courses", "created_at").category is None


def test_a_detail_of_a_patient_record_is_clinical_through_it(practice):
    origin = _col(practice, "rehab_course_items", "sample_origin")
    assert origin.category == "user.health_and_medical"
    assert "rehab_course_items.rehab_course_id -> rehab_courses.therapy_patient_id" in origin.evidence


def test_a_patients_record_named_as_something_else_is_not_clinical_by_default(practice):
    assert practice["home_deliveries"].record_of[:3] == ["therapy_patients", "patient", ""]
    assert _col(practice, "home_deliveries", "delivered_on").category is None
    assert _col(practice, "home_deliveries", "parcel_size").category is None
    assert practice["patient_handsets"].record_of[:3] == ["therapy_patients", "patient", ""]
    assert _col(practice, "patient_handsets", "units_owned").category is None
    assert _col(practice, "patient_handsets", "registered_on").category is None


def test_qualified_dictionary_codes_take_the_domain_links_to_places_do_not(practice):
    coded = _col(practice, "rehab_courses", "urgency_codebook_id")
    assert coded.category == "user.health_and_medical"
    assert "from the dictionary 'codebook'" in coded.evidence
    assert _col(practice, "rehab_courses", "practice_site_id").category is None
    assert _col(practice, "rehab_courses", "sort_rank").category is None
    assert practice["codebook"].record_of == [] and practice["practice_sites"].record_of == []
    assert _col(practice, "codebook", "label").category is None


# ---------------------------------------------------------------- a co-operative's HR register, and a shop's back office
REGISTER = {
    "coop_employees": (["id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "birth_date TEXT",
                        "joined_on TEXT", "probation_review_date DATE", "created_at TIMESTAMP"],
                       lambda i: (i, GIVEN[i % 12], FAMILY[(i + 3) % 10], _day(i, 1970 + i), _day(i, 2015),
                                  _day(i, 2016), _day(i, 2015) + " 09:00:00")),
    "rating_scales": (["id INTEGER PRIMARY KEY", "label TEXT", "max_points INTEGER"],
                      lambda i: (i, ["five point", "ten point"][i % 2], 5 + 5 * (i % 2))),
    "competency_scores": (["id INTEGER PRIMARY KEY", "coop_employee_id INTEGER REFERENCES coop_employees(id)",
                            "rating_scale_id INTEGER REFERENCES rating_scales(id)", "competency TEXT",
                            "points_given INTEGER", "rated_on TEXT", "modified_at TEXT"],
                           lambda i: (i, i % 20 + 1, i % 2 + 1, ["joinery", "glazing", "bookkeeping"][i % 3],
                                      1 + i % 5, _day(i), _day(i) + " 12:00:00")),
    # money of one employee in a record named in no vocabulary: their pay, not their employment file
    "tool_allowances": (["id INTEGER PRIMARY KEY", "coop_employee_id INTEGER REFERENCES coop_employees(id)",
                         "allowance_amount NUMERIC", "granted_on TEXT"],
                        lambda i: (i, i % 20 + 1, 30.0 + i, _day(i))),
    # a child table linked to its document by a bare `parent` column (a framework convention, no foreign key)
    "goal_sheet": (["name TEXT PRIMARY KEY", "coop_employee_id INTEGER", "period_label TEXT"],
                   lambda i: (f"GS-{i:04d}", i % 20 + 1, ["H1", "H2"][i % 2])),
    "goal_sheet_line": (["name TEXT PRIMARY KEY", "parent TEXT", "objective TEXT", "achieved_points INTEGER"],
                        lambda i: (f"GSL-{i:04d}", f"GS-{1 + i % 20:04d}", ["ship the loom", "train apprentices",
                                                                             "cut waste"][i % 3], i % 10)),
}


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    return scan_schema(tmp_path_factory.mktemp("register") / "register.sqlite", "register", REGISTER, N)


def test_records_about_an_employee_are_employment_records(register):
    assert _col(register, "competency_scores", "competency").category == "user.job_title"
    rated = _col(register, "competency_scores", "rated_on")
    assert rated.category == "user.job_title"
    assert "employment record" in rated.evidence
    assert _col(register, "competency_scores", "modified_at").category is None
    assert _col(register, "competency_scores", "rating_scale_id").category is None
    assert _col(register, "rating_scales", "label").category is None


def test_a_date_on_an_employees_own_row_is_their_event_record_times_are_not(register):
    review = _col(register, "coop_employees", "probation_review_date")
    assert review.category == "user.job_title"
    assert "date of the person's own employment record" in review.evidence
    assert _col(register, "coop_employees", "created_at").category is None


def test_money_records_of_an_employee_are_their_pay(register):
    assert register["tool_allowances"].record_of[2] == "salary or payroll record"
    assert _col(register, "tool_allowances", "granted_on").category == "user.financial"
    assert _col(register, "tool_allowances", "allowance_amount").category == "user.financial"


def test_a_child_row_linked_by_parent_is_its_documents_persons_record(register):
    assert register["goal_sheet_line"].record_of == ["coop_employees", "employee", "employment record",
                                                     "goal_sheet_line.parent",
                                                     "goal_sheet.coop_employee_id"]
    assert _col(register, "goal_sheet_line", "objective").category == "user.job_title"
    # the framework's link column itself is no person's id
    assert _col(register, "goal_sheet_line", "parent").category is None


BACK_OFFICE = {
    "shop_clients": (["id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "email TEXT"],
                     lambda i: (i, GIVEN[i % 12], FAMILY[i % 10], f"client{i}@mail.example")),
    # staff logins named like employees: what they did is no employment file of theirs
    "desk_employees": (["id INTEGER PRIMARY KEY", "lastname TEXT", "email TEXT", "passwd TEXT", "rota_date DATE"],
                       lambda i: (i, FAMILY[i % 10], f"desk{i}@shop.example", "$2y$10$" + "q" * 53, _day(i))),
    "stock_moves": (["id INTEGER PRIMARY KEY", "desk_employee_id INTEGER REFERENCES desk_employees(id)",
                     "moved_on TEXT", "quantity_moved INTEGER", "shelf_label TEXT"],
                    lambda i: (i, i % 6 + 1, _day(i), i % 40, f"A-{i % 9}")),
    "till_sessions": (["id INTEGER PRIMARY KEY", "desk_employee_id INTEGER", "opening_amount NUMERIC"],
                      lambda i: (i, i % 6 + 1, 150.0 + i)),
}


def test_actions_of_staff_logins_are_not_employment_or_finance_records(tmp_path):
    tables = scan_schema(tmp_path / "shop.sqlite", "shop", BACK_OFFICE, N)
    assert tables["stock_moves"].record_of[:2] == ["desk_employees", "user"]
    assert _col(tables, "stock_moves", "moved_on").category is None
    assert _col(tables, "desk_employees", "rota_date").category is None
    assert _col(tables, "stock_moves", "shelf_label").category is None
    # the shop has clients besides its logins: the logins are staff, their till is the shop's money
    assert tables["till_sessions"].record_of[1] == "user"
    assert _col(tables, "till_sessions", "opening_amount").category is None


def test_record_of_round_trips_through_inventory_json(savings):
    inv = Inventory(sources=[SourceScan(name="s", dialect="sqlite", url="sqlite://", tables=list(savings.values()))])
    again = Inventory.from_dict(__import__("json").loads(inv.to_json()))
    found = {t.name: t.record_of for t in again.sources[0].tables}
    assert found["deposit_splits"] == savings["deposit_splits"].record_of


def test_a_context_of_every_record_is_validated(tmp_path):
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("source: ours\ntable_contexts:\n  - label: club record\n    category: user.behavior\n"
                   "    words: [membership]\n    records_of: [member]\n    source: ours\n", encoding="utf-8")
    with pytest.raises(InventoryError, match="exactly one of `words`"):
        check_file(bad)
    good = tmp_path / "ok.yaml"
    good.write_text("source: ours\ntable_contexts:\n  - label: club record\n    category: user.behavior\n"
                    "    records_of: [member]\n    columns: [dues]\n    source: ours\n", encoding="utf-8")
    check_file(good)
