"""Issue 11 class 1: a record joined to a person by a link table (`meeting(id) <- attendee(meeting_id, client_id)`) is
that person's record; a label joined the same way (no date of its own) is shared, not theirs (a coaching practice
nobody ships)."""

from __future__ import annotations

import pytest

from support.schemadb import column_of as _col, scan_schema

N = 24
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]
LAST = ["Virtanen", "Keller", "Bianchi", "de Vries", "Yilmaz", "Adeyemi", "Lund", "Farahani", "Peeters", "Moreau"]
NOTES = ["She talked about the divorce and how it affects her sleep; we agreed to try the breathing plan again.",
         "He is worried about losing his job after the merger and wants to rehearse the talk with his manager.",
         "We went over the relapse last weekend; he felt ashamed but called his sponsor the next morning.",
         "Her daughter started school this week, which made the mornings calmer than she expected.",
         "He cancelled twice this month and said money is tight until the insurance pays out in June.",
         "She wants to reconnect with her brother before the holidays but fears another argument."]

SCHEMA: dict[str, tuple[list[str], object]] = {
    "coachees": (["id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "email TEXT", "birth_date TEXT"],
                 lambda i: (i, FIRST[i % 12], LAST[i % 10], f"coachee{i}@mail.example",
                            f"19{70 + i % 25}-0{1 + i % 9}-1{i % 9}")),
    # A session with its own date and notes, joined to the coachees who attended by a link row.
    "sessions_held": (["id INTEGER PRIMARY KEY", "held_on TEXT", "notes TEXT", "created_at TEXT"],
                      lambda i: (i, f"2024-0{1 + i % 9}-1{i % 9}", NOTES[i % 6], "2024-01-01 09:00:00")),
    "session_coachee": (["sessions_held_id INTEGER REFERENCES sessions_held(id)",
                         "coachee_id INTEGER REFERENCES coachees(id)", "created_at TEXT"],
                        lambda i: (i, 1 + i % N, "2024-01-01 09:00:00")),
    # A label many coachees share, joined the same way: no date of its own, so no record of one person.
    "badges": (["id INTEGER PRIMARY KEY", "title TEXT", "created_at TEXT"],
               lambda i: (i, ["Early bird", "Regular", "Returning"][i % 3], "2024-01-01 09:00:00")),
    "badge_coachee": (["badge_id INTEGER REFERENCES badges(id)", "coachee_id INTEGER REFERENCES coachees(id)"],
                      lambda i: (1 + i % 3, 1 + i % N)),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    """The schema above in SQLite with seeded rows, scanned as `privacy-inventory scan` scans it."""
    return scan_schema(tmp_path_factory.mktemp("coaching") / "coaching.sqlite", "coaching", SCHEMA, N)


def test_a_record_joined_to_a_person_by_a_link_row_is_theirs(scanned) -> None:
    assert scanned["coachees"].role == "person"
    record = scanned["sessions_held"].record_of
    assert record[:2] == ["coachees", "coachee"], record
    assert "sessions_held.id <- session_coachee.sessions_held_id" in record[3:], record


def test_the_notes_of_that_record_are_the_persons_private_content(scanned) -> None:
    col = _col(scanned, "sessions_held", "notes")
    assert col.category is not None and col.category.startswith("user.content"), col.evidence


def test_a_label_joined_the_same_way_is_no_record_of_one_person(scanned) -> None:
    assert scanned["badges"].record_of == []
    assert _col(scanned, "badges", "title").category is None
