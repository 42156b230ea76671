"""Issue 11 classes 8, 11 and 12 on a schema of our own (an allotment association nobody ships): text people wrote.

A dispute a member lodges names its author (`creator_id`, `submitted_by`), so its reason is that member's words, even
in a table no name calls "content". The same author word is bookkeeping when the schema puts it on most of its tables
(a framework's `creator` on every record, reference data included): then it says who typed the row in, and a
closure's reason or a seed variety's description stays the association's. A row with a name of its own (a working
group) is a thing its creator made, not their writing. A notice board named like messages whose rows name no person
and whose values are stock phrases is nobody's words; the same table holding varied sentences is people's. A table named like a system's application
whose rows point at a member and hold no software settings is what the member applied for. The title of another
thing kept beside that thing's code (`class_title` next to `class_code`) is copied, not written; the text of a published
post quoted in a report is public like the post.
"""

from __future__ import annotations

import pytest

from privacy_inventory.classify.authored import authored_tables, author_column, bookkeeping_authors
from support.schemadb import column_of, scan_schema

N = 30
FIRST = ["Aune", "Bodil", "Ciaran", "Dagny", "Emeka", "Fenna", "Goran", "Halima", "Ivo", "Jurgis", "Kalani", "Linnea"]
LAST = ["Halvorsen", "Oyelaran", "Mikkelsen", "Quispe", "Sandoval", "Tamm", "Uribe", "Varga", "Wojcik", "Zelenko"]
_SAID = ("The hedge on plot {i} throws shade over my beans for most of the afternoon.",
         "My neighbour keeps taking water from my butt when I am away at work, day {i}.",
         "Someone left broken glass by the shed again and my dog cut a paw on it ({i}).",
         "The compost heap next to me smells terrible since the new rules came in, week {i}.",
         "I asked twice for the gate lock to be fixed and nobody has answered me yet ({i}).",
         "The bonfire on the next plot covered my washing in ash on Sunday {i}.")
_STOCK = ("Plot handed back", "Tenancy ended", "Moved away", "Merged with neighbour")
_TOPICS = ("Beans", "Shed", "Compost", "Gate", "Water", "Hedges", "Bonfires")


def _heading(i: int) -> str:
    """A short heading (`Compost 9`): many distinct values, none of them sentences."""
    return f"{_TOPICS[i % 7]} {i}"


def _said(i: int) -> str:
    return _SAID[i % 6].format(i=i) + " " + _SAID[(i * 5 + 1) % 6].format(i=i + 7)


SCHEMA = {
    "members": (["member_id INTEGER PRIMARY KEY", "given_name TEXT", "family_name TEXT", "email TEXT", "phone TEXT"],
                lambda i: (i, FIRST[i % 12], LAST[i % 10], f"m{i}@allot.example", f"+44 7700 900{i:03d}")),
    # The site's logins (a generic kind of person: what points at them may be software they registered).
    "site_users": (["site_user_id INTEGER PRIMARY KEY", "username TEXT", "email TEXT", "password_hash TEXT"],
                   lambda i: (i, f"{FIRST[i % 12].lower()}{i}", f"u{i}@allot.example", f"$2b$12${'x' * 53}")),
    # The framework's bookkeeping: `creator` on most tables, reference data included.
    "plots": (["plot_id INTEGER PRIMARY KEY", "label TEXT", "area_m2 INTEGER", "creator INTEGER"],
              lambda i: (i, f"P-{i:03d}", 120 + i, 1 + i % 3)),
    "seed_varieties": (["variety_id INTEGER PRIMARY KEY", "label TEXT", "description TEXT", "creator INTEGER"],
                       lambda i: (i, f"Bean {i}", f"A climbing bean that crops well in cool summers, strain {i}.", 1)),
    "tool_kinds": (["kind_id INTEGER PRIMARY KEY", "label TEXT", "creator INTEGER"], lambda i: (i, f"Tool {i}", 1)),
    "water_points": (["point_id INTEGER PRIMARY KEY", "label TEXT", "creator INTEGER"], lambda i: (i, f"Tap {i}", 2)),
    "plot_closures": (["closure_id INTEGER PRIMARY KEY", "plot_id INTEGER", "creator INTEGER", "closure_reason TEXT",
                       "closed_on TEXT"],
                      lambda i: (i, i, 1 + i % 3, _said(i), f"2024-03-{1 + i % 28:02d}")),
    # Filed by a member: the author column is on two tables only, so it names who wrote each row.
    "plot_disputes": (["dispute_id INTEGER PRIMARY KEY", "plot_id INTEGER", "creator_id INTEGER", "reason TEXT",
                       "lodged_at TEXT"],
                      lambda i: (i, i, 1 + i % N, _said(i), f"2024-05-{1 + i % 28:02d} 10:00:00")),
    "hedge_objections": (["objection_id INTEGER PRIMARY KEY", "plot_id INTEGER", "submitted_by INTEGER",
                          "grounds_text TEXT"],
                         lambda i: (i, i, 1 + i % N, _said(i + 3))),
    # A thing a member made: it has a name of its own; its summary is the group's, not the member's writing.
    "working_groups": (["group_id INTEGER PRIMARY KEY", "name TEXT", "creator_id INTEGER", "summary TEXT"],
                       lambda i: (i, f"Group {i}", 1 + i % N, _STOCK[i % 4])),
    # Named like text people write, but its rows name no person: the association's notice board (stock phrases).
    "notice_messages": (["notice_id INTEGER PRIMARY KEY", "title TEXT", "message TEXT", "updated_by INTEGER",
                         "shown INTEGER"],
                        lambda i: (i, _heading(i), f"{_TOPICS[(i + 1) % 7]} rota {i}", 1, i % 2)),
    # The same, but what it holds are varied sentences: the values say people wrote them, anonymous or not.
    "suggestion_messages": (["suggestion_id INTEGER PRIMARY KEY", "message TEXT"], lambda i: (i, _said(i))),
    # Named like a system's application, but what a user applied for: it points at the user, holds no app settings.
    "membership_applications": (["application_id INTEGER PRIMARY KEY", "site_user_id INTEGER", "answer TEXT",
                                 "refusal_reason TEXT", "decided_by INTEGER", "creator INTEGER"],
                                lambda i: (i, 1 + i % N, _said(i), None, 1, 1)),
    # An application a user registered with the association's API: software (client secret, redirect URI).
    "api_applications": (["application_id INTEGER PRIMARY KEY", "site_user_id INTEGER", "client_secret TEXT",
                          "redirect_uri TEXT", "answer TEXT", "creator INTEGER"],
                         lambda i: (i, 1 + i % N, f"s{i:040d}", f"https://app{i}.example/cb", _STOCK[i % 4], 1)),
    # A member's entry in the village show keeps the title of the class it is entered in, beside that class's code.
    "show_entries": (["entry_id INTEGER PRIMARY KEY", "member_id INTEGER", "class_code TEXT", "class_title TEXT"],
                     lambda i: (i, 1 + i % N, f"C{i % 5}", _heading(i))),
    # A member's goals: the goal is the row's own thing, so its title is the member's.
    "member_goals": (["goal_id INTEGER PRIMARY KEY", "member_id INTEGER", "goal_title TEXT"],
                     lambda i: (i, 1 + i % N, _heading(i))),
    # The association's forum, and the reports members file on posts, quoting the post as it was.
    "forum_posts": (["post_id INTEGER PRIMARY KEY", "member_id INTEGER", "body TEXT"],
                    lambda i: (i, 1 + i % N, _said(i + 1))),
    "post_reports": (["report_id INTEGER PRIMARY KEY", "post_id INTEGER", "creator_id INTEGER", "original_post_text TEXT",
                    "reason TEXT"],
                   lambda i: (i, i, 1 + i % N, _said(i + 1), _said(i + 2))),
    # A member's own notes with stock titles: the member is named, so the titles stay the member's.
    "member_notes": (["note_id INTEGER PRIMARY KEY", "member_id INTEGER", "title TEXT", "creator INTEGER"],
                     lambda i: (i, 1 + i % N, _heading(i), 1)),
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return scan_schema(tmp_path_factory.mktemp("authored") / "allot.db", "allot", SCHEMA, N)


@pytest.mark.parametrize("table,column", [("plot_disputes", "reason"), ("hedge_objections", "grounds_text")])
def test_text_of_a_row_that_names_its_author_is_that_persons(tables: dict, table: str, column: str) -> None:
    assert tables[table].role == "content"
    assert "names each row's author" in tables[table].role_evidence
    assert column_of(tables, table, column).category == "user.content.private"


@pytest.mark.parametrize("table,column", [("plot_closures", "closure_reason"), ("seed_varieties", "description")])
def test_an_author_word_on_most_tables_is_bookkeeping_not_authorship(tables: dict, table: str, column: str) -> None:
    assert "names each row's author" not in tables[table].role_evidence
    assert column_of(tables, table, column).category is None


def test_a_named_thing_a_person_created_is_not_their_writing(tables: dict) -> None:
    assert tables["working_groups"].role != "content"
    assert column_of(tables, "working_groups", "summary").category is None


@pytest.mark.parametrize("column", ["title", "message"])
def test_text_of_rows_that_name_no_one_and_read_like_no_ones_words_is_not_personal(tables: dict, column: str) -> None:
    col = column_of(tables, "notice_messages", column)
    assert col.category is None
    assert "name no person" in col.evidence and "free text" in col.evidence


def test_rows_naming_no_one_still_hold_personal_text_when_the_values_are_peoples_words(tables: dict) -> None:
    assert column_of(tables, "suggestion_messages", "message").category == "user.content.private"


def test_a_persons_own_rows_keep_their_titles_whatever_the_values(tables: dict) -> None:
    assert column_of(tables, "member_notes", "title").category == "user.content.private"


@pytest.mark.parametrize("column", ["answer", "refusal_reason"])
def test_an_application_a_person_filed_holds_their_words(tables: dict, column: str) -> None:
    assert tables["membership_applications"].role == "content"
    assert "what that person filed" in tables["membership_applications"].role_evidence
    assert column_of(tables, "membership_applications", column).category == "user.content.private"


def test_a_software_application_a_person_registered_is_no_filing(tables: dict) -> None:
    assert "what that person filed" not in tables["api_applications"].role_evidence
    assert column_of(tables, "api_applications", "answer").category is None


def test_the_title_of_another_thing_copied_beside_its_code_is_not_text_a_person_wrote(tables: dict) -> None:
    col = column_of(tables, "show_entries", "class_title")
    assert col.category is None
    assert "'class_code'" in col.evidence and "copied into the row" in col.evidence


def test_the_title_of_the_rows_own_thing_stays_the_persons(tables: dict) -> None:
    assert column_of(tables, "member_goals", "goal_title").category == "user.content.private"


def test_a_report_quotes_a_published_post_publicly_and_gives_its_reason_privately(tables: dict) -> None:
    assert column_of(tables, "post_reports", "original_post_text").category == "user.content.public"
    assert column_of(tables, "post_reports", "reason").category == "user.content.private"


def test_author_columns_by_their_words() -> None:
    said = {c: author_column(c) for c in ("creator_id", "creatorId", "submitted_by", "item_creator_id", "author",
                                          "updated_by", "owner_id", "user_id", "search_authors", "createdByClientId")}
    assert said == {"creator_id": True, "creatorId": True, "submitted_by": True, "item_creator_id": True,
                    "author": True, "updated_by": False, "owner_id": False, "user_id": False,
                    "search_authors": False, "createdByClientId": False}


def test_bookkeeping_needs_most_tables_and_enough_of_them() -> None:
    six = [["id", "creator"]] * 5 + [["id"]]
    assert bookkeeping_authors(six) == frozenset({"creator"})
    assert bookkeeping_authors([["id", "creator"]] * 3 + [["id"]]) == frozenset()  # a small blog: its authors
    assert bookkeeping_authors([["id", "creator"]] * 5 + [["id"]] * 10) == frozenset()  # 5 of 15: not most


def test_a_schema_without_people_has_no_authors() -> None:
    schema = [("notes", ["id", "creator_id", "body"]), ("tags", ["id", "label"])]
    assert authored_tables(schema, lambda name: "other") == {}
    found = authored_tables(schema, lambda name: "person" if name == "tags" else "other")
    assert list(found) == ["notes"]
