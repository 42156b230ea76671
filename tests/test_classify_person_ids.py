"""Issue 11 class 4 on a schema of our own (a cycling club's rider register nobody ships): an `X_id` on a person's row
that points at no table and differs on every row is the person's own id in another system; one shared by many rows
is a choice among things, and a picture's id is the picture's. A person's user id at an identity provider, in their
sign-in row, is theirs; a club's service login there is not a person's sign-in.
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
    # A rider's sign-in at an identity provider, and the club's own service login there.
    "rider_sso_identity": (["id INTEGER PRIMARY KEY", "rider_id INTEGER", "oauth_provider_id INTEGER",
                            "oauth_user_id TEXT"],
                           lambda i: (i, i, i % 2 + 1, f"{880_000_000 + i * 104_729}")),
    "club_sso_identity": (["id INTEGER PRIMARY KEY", "club_id INTEGER", "oauth_user_id TEXT"],
                          lambda i: (i, i % 3 + 1, f"{770_000_000 + i * 104_729}")),
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


def test_a_persons_id_at_an_identity_provider(tables):
    mine = column_of(tables, "rider_sso_identity", "oauth_user_id")
    assert mine.category == "user.unique_id", mine.evidence
    assert "sign-in at another provider" in mine.evidence
    assert column_of(tables, "rider_sso_identity", "oauth_provider_id").category is None
    club = column_of(tables, "club_sso_identity", "oauth_user_id")
    assert "sign-in at another provider" not in club.evidence  # the club's login: no person's sign-in row says so
