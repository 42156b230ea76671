"""Issue 11 class 1 (records reached through a person table other than the accounts): a table named with a system word
(`task`, `job`, `application`) whose rows point at people the application keeps records about is one of their records;
the same word pointing only at the application's own logins stays a system table (a tutoring agency nobody ships)."""

from __future__ import annotations

import pytest

from support.schemadb import column_of as _col, scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "de Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]
NOTES = ["Call her mother about the missed lesson and ask whether the new schedule still works for the family.",
         "He said the exam went badly and he wants to switch to evening sessions after his shifts end.",
         "Remind them that the invoice for March is overdue; she mentioned money is tight this month.",
         "Ask about the dyslexia assessment results before we plan the reading exercises again.",
         "She wants to stop after the summer because they are moving abroad for her partner's job.",
         "Check in after the surgery next week, he may need to catch up on two missed chapters."]

SCHEMA: dict[str, tuple[list[str], object]] = {
    # The agency's staff logins: the application's own accounts.
    "staff_users": (["id INTEGER PRIMARY KEY", "login TEXT", "password_hash TEXT", "email TEXT"],
                    lambda i: (i, f"tutor{i}", f"$2b$12${'x' * 53}{i:02d}"[:60], f"tutor{i}@agency.example")),
    # The people the agency keeps records about.
    "learners": (["id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "email TEXT", "birth_date TEXT"],
                 lambda i: (i, FIRST[i % 12], LAST[i % 10], f"learner{i}@mail.example",
                            f"20{i % 10:02d}-0{1 + i % 9}-1{i % 9}")),
    # A to-do about one learner: named with a system word, but a record about that learner.
    "followup_task": (["id INTEGER PRIMARY KEY", "learner_id INTEGER REFERENCES learners(id)", "title TEXT",
                       "description TEXT", "done BOOLEAN"],
                      lambda i: (i, 1 + i % N, f"Follow up with {FIRST[i % 12]}", NOTES[i % 6], i % 2)),
    # A background job run for a staff account: the application's own work, whatever text it carries.
    "export_job": (["id INTEGER PRIMARY KEY", "staff_user_id INTEGER REFERENCES staff_users(id)", "title TEXT",
                    "description TEXT", "state TEXT"],
                   lambda i: (i, 1 + i % N, f"Export batch {i}", f"Nightly CSV export number {i} of the lesson plans",
                              ["queued", "running", "done"][i % 3])),
    # A learner's settings keep their own role (decided elsewhere), not made records by this rule.
    "learner_config": (["id INTEGER PRIMARY KEY", "learner_id INTEGER REFERENCES learners(id)", "theme TEXT"],
                       lambda i: (i, 1 + i % N, ["dark", "light"][i % 2])),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    """The schema above in SQLite with seeded rows, scanned as `privacy-inventory scan` scans it."""
    return scan_schema(tmp_path_factory.mktemp("tutoring") / "tutoring.sqlite", "tutoring", SCHEMA, N)


def test_a_system_named_table_pointing_at_people_of_a_kind_is_their_record(scanned) -> None:
    assert scanned["learners"].role == "person"
    task = scanned["followup_task"]
    assert task.role == "content"
    assert "people the application keeps records about" in task.role_evidence


def test_the_text_of_that_record_is_private_content(scanned) -> None:
    col = _col(scanned, "followup_task", "description")
    assert col.category == "user.content.private", col.evidence


def test_a_job_of_the_applications_own_accounts_stays_a_system_table(scanned) -> None:
    assert scanned["export_job"].role == "system"
    assert _col(scanned, "export_job", "description").category is None


def test_a_persons_settings_table_is_not_made_a_record_by_this_rule(scanned) -> None:
    assert "people the application keeps records about" not in scanned["learner_config"].role_evidence
