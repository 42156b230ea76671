"""Issue 11 class 9 and the "event itself" on schemas of our own: in a record that belongs to one person, a coded fact
(the kind of leave taken, the attendance mark given) is part of the person's record and takes its category; links to
general-purpose lists (currencies, languages, countries) and to lookups not named like the record stay not personal.

Two small applications nobody ships: a bicycle-courier co-operative's staff register and a music school's roll calls.
"""

from __future__ import annotations

import pytest

from support.schemadb import FAMILY, GIVEN, day_of as _day, column_of as _col, scan_schema

N = 24


# ---------------------------------------------------------------- a courier co-operative's staff register
COURIERS = {
    "coop_workers": (["id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "birth_date TEXT", "email TEXT"],
                     lambda i: (i, GIVEN[i % 12], FAMILY[i % 10], _day(i, 1970 + i), f"w{i}@couriers.example")),
    "leave_categories": (["id INTEGER PRIMARY KEY", "code TEXT", "label TEXT", "is_paid BOOLEAN"],
                         lambda i: (i, ["SICK", "ANNUAL", "UNPAID", "PARENT"][i % 4],
                                    ["Sick leave", "Annual leave", "Unpaid leave", "Parental leave"][i % 4], i % 2)),
    "currencies": (["id INTEGER PRIMARY KEY", "iso_code TEXT", "symbol TEXT"],
                   lambda i: (i, ["EUR", "DKK", "SEK", "NOK"][i % 4], ["€", "kr", "kr", "kr"][i % 4])),
    "approval_stages": (["id INTEGER PRIMARY KEY", "label TEXT", "sort_rank INTEGER"],
                        lambda i: (i, ["draft", "asked", "approved", "refused"][i % 4], i)),
    "leave_statuses": (["id INTEGER PRIMARY KEY", "label TEXT"],
                       lambda i: (i, ["asked", "granted", "refused", "withdrawn"][i % 4])),
    "worker_leave_bookings": (["id INTEGER PRIMARY KEY", "coop_worker_id INTEGER REFERENCES coop_workers(id)",
                               "leave_category_id INTEGER REFERENCES leave_categories(id)",
                               "leave_status_id INTEGER REFERENCES leave_statuses(id)",
                               "refund_currency_id INTEGER REFERENCES currencies(id)",
                               "approval_stage_id INTEGER REFERENCES approval_stages(id)",
                               "starts_on DATE", "ends_on DATE", "created_at TIMESTAMP"],
                              lambda i: (i, i % 20 + 1, i % 4 + 1, i % 4 + 1, i % 4 + 1, i % 4 + 1, _day(i), _day(i + 2),
                                         _day(i) + " 08:00:00")),
}


@pytest.fixture(scope="module")
def couriers(tmp_path_factory):
    return scan_schema(tmp_path_factory.mktemp("couriers") / "couriers.sqlite", "couriers", COURIERS, N)


def test_the_kind_of_leave_a_person_took_is_part_of_their_employment_record(couriers):
    assert couriers["worker_leave_bookings"].record_of[:3] == ["coop_workers", "worker", "employment record"]
    kind = _col(couriers, "worker_leave_bookings", "leave_category_id")
    assert kind.category == "user.job_title", kind.evidence
    assert "codes a fact of an employment record" in kind.evidence and "'leave_categories'" in kind.evidence


def test_general_lists_and_workflow_lookups_stay_links(couriers):
    assert _col(couriers, "worker_leave_bookings", "refund_currency_id").category is None
    assert _col(couriers, "worker_leave_bookings", "approval_stage_id").category is None
    assert _col(couriers, "worker_leave_bookings", "leave_status_id").category is None  # named like the record, but workflow
    assert _col(couriers, "worker_leave_bookings", "created_at").category is None
    assert couriers["leave_categories"].record_of == []
    assert _col(couriers, "leave_categories", "label").category is None


# ---------------------------------------------------------------- a music school's roll calls
SCHOOL = {
    "pupils": (["id INTEGER PRIMARY KEY", "given_name TEXT", "family_name TEXT", "birth_date TEXT"],
               lambda i: (i, GIVEN[i % 12], FAMILY[(i + 3) % 10], _day(i, 2010 + i % 6))),
    "attendance_statuses": (["id INTEGER PRIMARY KEY", "short_code TEXT", "title TEXT"],
                         lambda i: (i, ["P", "A", "L", "E"][i % 4], ["present", "absent", "late", "excused"][i % 4])),
    "languages": (["id INTEGER PRIMARY KEY", "iso_code TEXT", "label TEXT"],
                  lambda i: (i, ["da", "sv", "fi", "et"][i % 4], ["Danish", "Swedish", "Finnish", "Estonian"][i % 4])),
    "lesson_attendance": (["id INTEGER PRIMARY KEY", "pupil_id INTEGER REFERENCES pupils(id)",
                           "attendance_status_id INTEGER REFERENCES attendance_statuses(id)",
                           "teaching_language_id INTEGER REFERENCES languages(id)", "lesson_on DATE"],
                          lambda i: (i, i % 20 + 1, i % 4 + 1, i % 4 + 1, _day(i))),
    # a roll call's mark is the pupil's attendance; a correction asked for has a workflow state, not a mark
    "rehearsal_roll_calls": (["id INTEGER PRIMARY KEY", "pupil_id INTEGER REFERENCES pupils(id)", "roll_state TEXT",
                              "called_on DATE"],
                             lambda i: (i, i % 20 + 1, ["here", "away", "late"][i % 3], _day(i))),
    "attendance_corrections": (["id INTEGER PRIMARY KEY", "pupil_id INTEGER REFERENCES pupils(id)", "status TEXT",
                                "asked_on DATE"],
                               lambda i: (i, i % 20 + 1, ["pending", "granted", "refused"][i % 3], _day(i))),
}


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    return scan_schema(tmp_path_factory.mktemp("school") / "school.sqlite", "school", SCHOOL, N)


def test_an_attendance_mark_from_a_lookup_is_the_pupils_attendance(school):
    mark = _col(school, "lesson_attendance", "attendance_status_id")
    assert mark.category == "user.behavior", mark.evidence
    assert "education record" in mark.evidence and school["attendance_statuses"].role == "reference"
    assert _col(school, "lesson_attendance", "teaching_language_id").category is None
    assert _col(school, "attendance_statuses", "title").category is None


# ---------------------------------------------------------------- a tutoring agency's client book
CLIENTS = {
    "clients": (["id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "email TEXT", "birth_date TEXT"],
                lambda i: (i, GIVEN[i % 12], FAMILY[(i + 5) % 10], f"c{i}@mail.example", _day(i, 1980 + i))),
    "phone_calls": (["id INTEGER PRIMARY KEY", "client_id INTEGER REFERENCES clients(id)", "rang_at TIMESTAMP",
                     "follow_up_due_on DATE", "duration_minutes INTEGER", "created_at TIMESTAMP", "date_upd TIMESTAMP"],
                    lambda i: (i, i % 20 + 1, _day(i) + " 10:15:00", _day(i + 3), 5 + i % 30, _day(i) + " 10:40:00",
                               _day(i + 1) + " 09:00:00")),
    "sign_in_attempts": (["id INTEGER PRIMARY KEY", "client_id INTEGER REFERENCES clients(id)", "tried_time INTEGER",
                          "succeeded BOOLEAN", "created_at TIMESTAMP", "policy_effective_date DATE"],
                         lambda i: (i, i % 20 + 1, 1_700_000_000 + 3_600 * i, i % 2, _day(i) + " 11:00:00",
                                    _day(i, 2021))),
    # a sign-in log with no time of its own: the row is written when the client signs in
    "portal_logins": (["id INTEGER PRIMARY KEY", "client_id INTEGER REFERENCES clients(id)", "auth_method TEXT",
                       "inserted_on TIMESTAMP"],
                      lambda i: (i, i % 20 + 1, ["password", "magic link"][i % 2], _day(i) + " 07:45:00")),
    "kiosk_logins": (["id INTEGER PRIMARY KEY", "client_id INTEGER REFERENCES clients(id)", "badge_seen_at TIMESTAMP",
                      "created_at TIMESTAMP"],
                     lambda i: (i, i % 20 + 1, _day(i) + " 07:44:00", _day(i) + " 07:45:00")),
    # the life of a client's order, logged as events: the order's history, not something the client did
    "client_orders": (["id INTEGER PRIMARY KEY", "client_id INTEGER REFERENCES clients(id)", "total NUMERIC"],
                      lambda i: (i, i % 20 + 1, 20.0 + i)),
    "order_events": (["id INTEGER PRIMARY KEY", "client_order_id INTEGER REFERENCES client_orders(id)",
                      "client_id INTEGER REFERENCES clients(id)", "event_kind TEXT", "occurred_at TIMESTAMP"],
                     lambda i: (i, i % 20 + 1, i % 20 + 1, ["placed", "paid", "shipped"][i % 3], _day(i) + " 12:00:00")),
    # a person's standing availability (a schedule they configured) and the notes written about them: no events
    "availability_windows": (["id INTEGER PRIMARY KEY", "client_id INTEGER REFERENCES clients(id)", "weekday INTEGER",
                              "opens_at TIME", "closes_at TIME", "valid_until DATE"],
                             lambda i: (i, i % 20 + 1, i % 7, "09:00", "17:00", _day(i, 2025))),
    "client_notes": (["id INTEGER PRIMARY KEY", "client_id INTEGER REFERENCES clients(id)", "body TEXT",
                      "written_at TIMESTAMP"],
                     lambda i: (i, i % 20 + 1, f"Prefers mornings; asked about course {i}.", _day(i) + " 16:00:00")),
}


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    return scan_schema(tmp_path_factory.mktemp("clients") / "clients.sqlite", "clients", CLIENTS, N)


def test_when_a_persons_call_or_sign_in_happened_is_their_behaviour(clients):
    assert clients["phone_calls"].record_of[:3] == ["clients", "client", ""]
    rang = _col(clients, "phone_calls", "rang_at")
    assert rang.category == "user.behavior", rang.evidence
    assert "when the call in 'phone_calls' happened" in rang.evidence and "(phone_calls.client_id)" in rang.evidence
    tried = _col(clients, "sign_in_attempts", "tried_time")  # Unix seconds in an INTEGER column
    assert tried.category == "user.behavior", tried.evidence


def test_record_keeping_and_planning_times_of_an_event_stay_not_personal(clients):
    for column in ("created_at", "date_upd", "follow_up_due_on"):
        assert _col(clients, "phone_calls", column).category is None, column
    assert _col(clients, "phone_calls", "duration_minutes").category is None
    assert _col(clients, "sign_in_attempts", "policy_effective_date").category is None  # from when a rule holds


def test_schedules_and_notes_of_a_person_are_not_events(clients):
    for column in ("opens_at", "closes_at", "valid_until"):
        assert _col(clients, "availability_windows", column).category is None, column
    assert _col(clients, "client_notes", "written_at").category is None
    assert _col(clients, "order_events", "occurred_at").category is None


def test_the_mark_of_a_roll_call_is_the_attendance_a_corrections_workflow_state_is_not(school):
    mark = _col(school, "rehearsal_roll_calls", "roll_state")
    assert mark.category == "user.behavior", mark.evidence
    assert "education record" in mark.evidence
    assert _col(school, "attendance_corrections", "status").category is None


def test_a_sign_in_logs_creation_time_is_the_sign_in_unless_it_has_its_own(clients):
    logged = _col(clients, "portal_logins", "inserted_on")
    assert logged.category == "user.behavior", logged.evidence
    assert "written when the person signs in" in logged.evidence
    assert _col(clients, "kiosk_logins", "badge_seen_at").category == "user.behavior"
    assert _col(clients, "kiosk_logins", "created_at").category is None  # the sign-in has its own time
    assert _col(clients, "phone_calls", "created_at").category is None  # a call's row is kept, not the call
