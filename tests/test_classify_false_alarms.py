"""Issue 11 classes 5-7, false alarms, on a schema of our own (a volunteer crew app nobody ships): links, settings,
a record's bookkeeping, vacancies, list orders, things' passwords and web links are not a person's data; the person's
own facts beside them still are."""

from __future__ import annotations

import pytest

from privacy_inventory.classify import classify_column
from privacy_inventory.classify.context import owned_by_person
from privacy_inventory.classify.links import head_word, names_a_record
from privacy_inventory.models import ColumnContext
from support.schemadb import column_of as _col, scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "de Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]

SCHEMA: dict[str, tuple[list[str], object]] = {
    "workers": (["worker_id INTEGER PRIMARY KEY", "given_name TEXT", "family_name TEXT", "email TEXT",
                 "allowance_currency TEXT", "passcode_hash TEXT", "pwd_renewal TIMESTAMP", "headshot TEXT", "denied_login INTEGER"],
                lambda i: (i, FIRST[i % 12], LAST[i % 10], f"w{i}@crew.example", ["EUR", "GBP"][i % 2],
                           f"$2b$12${'ab' * 10}{i:04d}{'Kq9' * 10}", f"2025-0{1 + i % 9}-01 00:00:00",
                           f"https://media.crew.example/faces/{i * 7919:x}{i}.jpg", i % 4)),
    # A pay advance of one worker: its amount is the worker's finances; its calendar (a document series), cost
    # centre, project and posting date are the document's links and bookkeeping.
    "worker_compensation_advances": (
        ["advance_id INTEGER PRIMARY KEY", "worker_id INTEGER", "disbursed_amount NUMERIC", "payroll_calendar TEXT",
         "cost_centre TEXT", "project TEXT", "posting_date DATE", "is_eligible_for_bonus BOOLEAN",
         "repayment_note TEXT", "salary_batch TEXT"],
        lambda i: (i, i % 9 + 1, 150.0 + 13 * i, f"PCAL-2025-{i % 3 + 1:04d}", ["Ops - VC", "Admin - VC"][i % 2],
                   ["Flood relief", "Night shifts"][i % 2], f"2025-02-{1 + i % 27:02d}", i % 2,
                   f"Repay in {2 + i % 4} parts after the {['spring', 'summer'][i % 2]} rota, agreed with {FIRST[i % 12]}",
                   f"SALB-2025-{i % 5 + 1:04d}")),
    "candidates": (["candidate_id INTEGER PRIMARY KEY", "full_name TEXT", "email TEXT", "position_title TEXT"],
                   lambda i: (i, f"{FIRST[i % 12]} {LAST[i % 10]}", f"c{i}@mail.example",
                              ["Medic", "Driver", "Dispatcher"][i % 3])),
    # An interview for an opening: the designation there is the position being filled, not the candidate's job.
    "hiring_interviews": (["interview_id INTEGER PRIMARY KEY", "candidate_id INTEGER", "opening_id INTEGER",
                           "position_title TEXT", "target_position TEXT", "panel_verdict TEXT"],
                          lambda i: (i, i % 9 + 1, i % 4 + 1, ["Medic", "Driver"][i % 2], ["Medic", "Driver"][i % 2],
                                     ["pass", "hold"][i % 2])),
    # A person's checklist: `step_position` is the order of the steps, not a job.
    "onboarding_steps": (["step_id INTEGER PRIMARY KEY", "worker_id INTEGER", "step_position INTEGER", "label TEXT"],
                         lambda i: (i, i % 9 + 1, i % 6, ["badge", "radio", "uniform"][i % 3])),
    # Where a worker stopped a safety briefing video, in seconds: a position in the video, not a job position.
    "briefing_views": (["view_id INTEGER PRIMARY KEY", "worker_id INTEGER", "position_s INTEGER"],
                       lambda i: (i, i % 9 + 1, 30 * i + 7)),
    # A room people book: its password opens the room's video call; its contact in an emergency is still a person.
    "study_rooms": (["room_id INTEGER PRIMARY KEY", "room_name TEXT", "room_capacity INTEGER", "room_password TEXT",
                     "booked_by_worker_id INTEGER", "emergency_contact_phone TEXT"],
                    lambda i: (i, f"Room {i}", 4 + i % 5, f"pw{i * 31}x", i % 9 + 1, f"+44 7911 {123000 + i * 37}")),
    # The gate a worker clocked in at is the organisation's terminal; a worker's own phone has a device identifier.
    "clock_punches": (["punch_id INTEGER PRIMARY KEY", "worker_id INTEGER", "device_id TEXT", "punched_at TEXT"],
                      lambda i: (i, i % 9 + 1, ["Door-A", "Door-B", "Yard"][i % 3], f"2025-03-0{1 + i % 9} 07:{i:02d}")),
    "worker_phones": (["phone_row INTEGER PRIMARY KEY", "worker_id INTEGER", "device_id TEXT"],
                      lambda i: (i, i % 9 + 1, f"6f1c2a9e-3b4d-4e5f-8a7b-{i * 7919:012d}")),
    # API tokens of a team (an organisation word) and a worker's own tokens.
    "team_tokens": (["id INTEGER PRIMARY KEY", "worker_id INTEGER", "token TEXT"],
                    lambda i: (i, i % 9 + 1, f"{(i * 104729) ** 5:x}Zq{i * 31}kPw")),
    "worker_tokens": (["id INTEGER PRIMARY KEY", "worker_id INTEGER", "token TEXT"],
                      lambda i: (i, i % 9 + 1, f"{(i * 130363) ** 5:x}Yr{i * 17}mQv")),
    # A fee line's tax is a link to a tax rate (a small number), not a person's tax number.
    "fee_items": (["item_id INTEGER PRIMARY KEY", "worker_id INTEGER", "tax_id INTEGER", "fee NUMERIC"],
                  lambda i: (i, i % 9 + 1, i % 4 + 1, 12.5 + i)),
    # A worker's health check: the reading is health data, the bounds it is read against and the check's own
    # reference are not; an appraisal goal's weightage is a setting of the goal, its achievement the worker's.
    "worker_health_checks": (["check_row INTEGER PRIMARY KEY", "worker_id INTEGER", "resting_pulse INTEGER",
                              "hi_normal_pulse INTEGER", "low_critical_pulse INTEGER", "check_identifier TEXT",
                              "finding TEXT", "sort_weight REAL"],
                             lambda i: (i, i % 9 + 1, 58 + i % 30, 100, 40, f"HC{i * 7919 % 100000:05d}x",
                                        ["clear", "follow up", "refer"][i % 3], i / 4)),
    "worker_appraisal_goals": (["goal_row INTEGER PRIMARY KEY", "worker_id INTEGER", "goal_weightage INTEGER",
                                "achievement_score INTEGER"],
                               lambda i: (i, i % 9 + 1, [20, 30, 50][i % 3], 40 + i * 2)),
    "community_actors": (["actor_id INTEGER PRIMARY KEY", "title TEXT", "outbox_url TEXT"],
                         lambda i: (i, f"Crew circle {i}", f"https://crew.example/c/{i}/outbox")),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    return scan_schema(tmp_path_factory.mktemp("crew") / "crew.sqlite", "crew", SCHEMA, N)


@pytest.mark.parametrize("table,column,words", [
    ("worker_compensation_advances", "payroll_calendar", "'calendar'"),
    ("worker_compensation_advances", "salary_batch", "document series"),
    ("worker_compensation_advances", "cost_centre", "no personal-data signal"),
    ("worker_compensation_advances", "project", "no personal-data signal"),
    ("worker_compensation_advances", "posting_date", "not personal"),
    ("worker_compensation_advances", "is_eligible_for_bonus", "yes/no flag"),
    ("workers", "allowance_currency", "'currency'"),
    ("workers", "pwd_renewal", "a time about the secret"),
    ("hiring_interviews", "position_title", "position being filled"),
    ("hiring_interviews", "target_position", "position sought"),
    ("onboarding_steps", "step_position", "a place in a list"),
    ("briefing_views", "position_s", "a place in a list"),
    ("worker_health_checks", "sort_weight", "a sort key"),
    ("study_rooms", "room_password", "protects the room"),
    ("workers", "denied_login", "a count or a number"),
    ("clock_punches", "device_id", "not a device identifier"),
    ("team_tokens", "token", "named after the team"),
    ("fee_items", "tax_id", "not identity numbers"),
    ("community_actors", "outbox_url", "federation endpoint"),
    ("worker_health_checks", "hi_normal_pulse", "reference range"),
    ("worker_health_checks", "low_critical_pulse", "reference range"),
    ("worker_health_checks", "check_identifier", "no personal-data signal"),
    ("worker_appraisal_goals", "goal_weightage", "no personal-data signal"),
])
def test_links_settings_and_bookkeeping_are_not_personal(scanned, table: str, column: str, words: str) -> None:
    col = _col(scanned, table, column)
    assert col.category is None, (table, column, col.category, col.evidence)
    assert words in col.evidence, col.evidence


@pytest.mark.parametrize("table,column,category", [
    ("worker_compensation_advances", "disbursed_amount", "user.financial"),
    ("worker_compensation_advances", "worker_id", "user.unique_id"),
    ("candidates", "position_title", "user.job_title"),  # the candidate's own job, no vacancy in sight
    ("workers", "passcode_hash", "user.authorization.password"),
    ("workers", "headshot", "user.content.self_image"),
    ("study_rooms", "emergency_contact_phone", "user.contact.phone_number"),  # a person inside a room's row
    ("study_rooms", "booked_by_worker_id", "user.unique_id"),
    ("worker_phones", "device_id", "user.device.device_id"),
    ("worker_tokens", "token", "user.authorization.credentials"),
    ("worker_health_checks", "resting_pulse", "user.health_and_medical"),
    ("worker_health_checks", "finding", "user.health_and_medical"),
    ("worker_appraisal_goals", "achievement_score", "user.job_title"),
])
def test_the_persons_own_facts_beside_them_stay(scanned, table: str, column: str, category: str) -> None:
    col = _col(scanned, table, column)
    assert col.category == category, (table, column, col.category, col.evidence)


def test_the_advance_is_a_record_about_one_worker(scanned) -> None:
    """The bookkeeping verdicts above are not because the table lost its owner."""
    assert scanned["worker_compensation_advances"].role == "content"
    note = _col(scanned, "worker_compensation_advances", "repayment_note")
    assert note.category is not None, note.evidence


def test_head_word_and_record_names() -> None:
    assert head_word(("mode", "of", "payment")) == "mode"
    assert head_word(("payroll", "calendar")) == "calendar"
    assert names_a_record(("cost", "centre")) is not None
    assert names_a_record(("posting", "date")) is not None
    assert names_a_record(("disbursed", "amount")) is None
    assert names_a_record(("systolic",)) is None


def test_a_plural_count_is_no_link_to_a_person() -> None:
    assert owned_by_person("reading_circles", ("id", "listener")) is True
    assert owned_by_person("reading_circles", ("id", "listeners")) is False


def _ctx(table: str, column: str, values: tuple = (), siblings: tuple[str, ...] = (), **kw) -> ColumnContext:
    return ColumnContext(table=table, column=column, data_type=kw.pop("data_type", "varchar"),
                         sibling_columns=siblings or (column,), values=values, **kw)


def test_a_yes_no_column_named_like_a_person_link_is_a_flag() -> None:
    flag = classify_column(_ctx("crew_transfers", "spawn_worker_id", (0, 1) * 10, ("id", "spawn_worker_id"),
                                data_type="BOOLEAN", references_person_table=True, referenced_table="workers",
                                referenced_role="person"))
    assert flag.category is None and "yes/no flag" in flag.evidence
    link = classify_column(_ctx("crew_transfers", "worker_id", tuple(range(1, 21)), ("id", "worker_id"),
                                data_type="INTEGER", references_person_table=True, referenced_table="workers",
                                referenced_role="person"))
    assert link.category == "user.unique_id"


def test_an_amount_with_its_variants_is_no_key_value_pair() -> None:
    siblings = ("id", "customer_id", "name", "value", "value_net")
    amount = classify_column(_ctx("voucher_redemptions", "value", tuple(f"{5 + i}.00" for i in range(20)), siblings,
                                  data_type="NUMERIC"))
    assert amount.category != "user.demographic.profile", amount.evidence
    pairs = classify_column(_ctx("member_facts", "value", ("vegetarian", "quaker", "chess") * 7,
                                 ("id", "customer_id", "name", "value")))
    assert pairs.category == "user.demographic.profile", pairs.evidence


def test_web_links_are_no_secrets() -> None:
    links = tuple(f"https://cdn.crew.example/files/{(i * 104729) ** 3:x}Zq{i}" for i in range(20))
    col = classify_column(_ctx("workers", "attachment_src", links, ("worker_id", "given_name", "email",
                                                                      "attachment_src")))
    assert col.category != "user.authorization.credentials", col.evidence
    tokens = tuple(f"{(i * 104729) ** 5:x}Zq{i * 31}kPw" for i in range(20))
    secret = classify_column(_ctx("workers", "portal_blob", tokens, ("worker_id", "given_name", "email",
                                                                      "portal_blob")))
    assert secret.category == "user.authorization.credentials", secret.evidence


@pytest.mark.parametrize("column", ["password_rehash", "dob_is_guess"])
def test_a_yes_no_column_about_a_password_or_birth_date_is_a_flag(column: str) -> None:
    siblings = ("worker_id", "given_name", "email", column)
    flag = classify_column(_ctx("workers", column, (0, 1) * 10, siblings, data_type="BOOLEAN"))
    assert flag.category is None and "yes/no flag" in flag.evidence, flag
    value = classify_column(_ctx("workers", column.replace("_rehash", "").replace("_is_guess", ""),
                                 ("$2b$12$abcdefghijklmnopqrstuv1234567890ABCDEFGHIJKLMNOPQRS",) * 20
                                 if column.startswith("password") else ("1984-02-11", "1990-07-30") * 10, siblings))
    assert value.category is not None, value


def test_a_link_preview_is_the_linked_pages_text() -> None:
    siblings = ("id", "author_id", "post_body", "og_description")
    texts = tuple(f"A short page summary about trains and rivers, part {i}" for i in range(20))
    preview = classify_column(_ctx("posts", "og_description", texts, siblings, data_type="TEXT"))
    assert preview.category is None and "link preview" in preview.evidence
    body = classify_column(_ctx("posts", "post_body", texts, siblings, data_type="TEXT"))
    assert body.category is not None and body.category.startswith("user.content."), body
