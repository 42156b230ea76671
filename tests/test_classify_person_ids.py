"""Issue 11 class 4 on a schema of our own (a cycling club's rider register nobody ships): an `X_id` on a person's row
that points at no table and differs on every row is the person's own id in another system; one shared by many rows
is a choice among things, and a picture's id is the picture's.
"""

from __future__ import annotations

import pytest

from support.schemadb import column_of, scan_schema

N = 30
FIRST = ["Aino", "Bruno", "Chiara", "Dirk", "Elif", "Femi", "Greta", "Hamid", "Ilse", "Jonas", "Katya", "Luis"]

SCHEMA: dict[str, tuple[list[str], object]] = {
    "riders": (["id INTEGER PRIMARY KEY", "first_name TEXT", "email TEXT", "birth_date TEXT", "strava_id TEXT",
                "palette_id INTEGER", "avatar_id INTEGER", "club_id INTEGER"],
               lambda i: (i, FIRST[i % 12], f"rider{i}@club.example", f"19{60 + i}-05-1{i % 9}",
                          str(40_000_000 + i * 7919), i % 4 + 1, 500 + i, 1)),
    "clubs": (["id INTEGER PRIMARY KEY", "name TEXT", "domain TEXT", "plan TEXT"],
              lambda i: (i, f"Club {i}", f"club{i}.example", "free")),
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return scan_schema(tmp_path_factory.mktemp("riders") / "riders.db", "riders", SCHEMA, N)


def test_a_persons_own_id_in_another_system(tables):
    assert tables["riders"].role == "person"
    strava = column_of(tables, "riders", "strava_id")
    assert strava.category == "user.unique_id", strava.evidence
    assert "another system" in strava.evidence


def test_shared_choices_and_pictures_are_not_the_persons_id(tables):
    assert column_of(tables, "riders", "palette_id").category is None
    assert column_of(tables, "riders", "avatar_id").category != "user.unique_id"
    assert column_of(tables, "riders", "club_id").category is None
