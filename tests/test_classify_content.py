"""Issue 11 classes 11 and 12 on a schema of our own (a volunteer rota app nobody ships): text, pictures, answers.

What people write or what shows them: pictures are told from secrets by their bytes, comments are public only where
they answer something published, a record's description in sentences is its owner's text, a handful of repeated
reasons is a pick from a list, a settings table keyed by a person holds their settings, and a document of form answers
is one private document whatever fields it asked for.
"""

from __future__ import annotations

import base64
import json
import random

import pytest

from privacy_inventory.classify import classify_column
from privacy_inventory.classify.images import image_format, image_share
from privacy_inventory.classify.publicity import message_parties
from privacy_inventory.classify.shapes import is_secret_token
from privacy_inventory.models import ColumnContext
from support.schemadb import column_of as _col, scan_schema

N = 30
FIRST = ["Aune", "Bodil", "Ciaran", "Dagny", "Emeka", "Fenna", "Goran", "Halima", "Ivo", "Jurgis", "Kalani", "Linnea"]
LAST = ["Halvorsen", "Oyelaran", "Mikkelsen", "Quispe", "Sandoval", "Tamm", "Uribe", "Varga", "Wojcik", "Zelenko"]
_R = random.Random(11)
_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
_WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "
_SENTENCES = ("I can only help on Saturdays because my mother needs care during the week.",
              "Please do not put me next to the loud generator again, it gives me headaches.",
              "My bike was stolen so I will arrive by bus, about twenty minutes late.",
              "Happy to lead the newcomers' walk if nobody else has signed up for it.",
              "I lost my badge at the river clean-up and need a new one before Friday.",
              "We moved house last month, so my shifts should be at the north depot now.",
              "Thank you for the flexible rota, it made a real difference for my family.",
              "Could someone check the first-aid kit, it was nearly empty on Sunday.")


def _noise(n: int) -> bytes:
    return bytes(_R.randrange(256) for _ in range(n))


def _said(i: int) -> str:
    """Varied sentences a volunteer wrote (two of eight joined, with the day they wrote it)."""
    a, b = _SENTENCES[i % 8], _SENTENCES[(i * 3 + 1) % 8]
    return f"{a} {b} Written on day {i}."


SCHEMA: dict[str, tuple[list[str], object]] = {
    # People: a picture kept as bytes in the row, and one kept as base64 text under a name that does not say so.
    "volunteers": (["volunteer_id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "email TEXT",
                    "snap BLOB", "still_b64 TEXT", "marker TEXT", "lapse_reason TEXT", "homepage_link TEXT"],
                   lambda i: (i, FIRST[i % 12], LAST[i % 10], f"v{i}@rota.example", _PNG + _noise(40),
                              base64.b64encode(_JPEG + _noise(60)).decode(), base64.urlsafe_b64encode(_noise(24)).decode(),
                              ["moved away", "no time", "health"][i % 3], f"https://blog.example.net/{FIRST[i % 12].lower()}{i}")),
    # A table of pictures that belongs to a person: its payload is the picture; its size and type are properties.
    "volunteer_portraits": (["id INTEGER PRIMARY KEY", "volunteer_id INTEGER", "payload TEXT", "byte_size INTEGER",
                             "mime TEXT"],
                            lambda i: (i, i, base64.urlsafe_b64encode(_noise(30)).decode(), 1000 + i, "image/webp")),
    # Links to image files in a record about one person, under a role prefix.
    "shift_swaps": (["id INTEGER PRIMARY KEY", "volunteer_id INTEGER", "volunteer_image TEXT", "swap_day TEXT"],
                    lambda i: (i, i, f"https://img.rota.example/u/{_noise(6).hex()}.webp", f"2025-06-{1 + i % 28:02d}")),
    # Published things and comments on them; comments on an internal task are read only by the people on it.
    "stories": (["id INTEGER PRIMARY KEY", "volunteer_id INTEGER", "headline TEXT", "body TEXT"],
                lambda i: (i, i, f"Our day at the river {i}", _said(i))),
    "comments": (["id INTEGER PRIMARY KEY", "story_id INTEGER", "volunteer_id INTEGER", "comment TEXT"],
                 lambda i: (i, i, i, _said(i + 1))),
    "chores": (["id INTEGER PRIMARY KEY", "volunteer_id INTEGER", "label TEXT", "description TEXT", "blurb TEXT"],
               lambda i: (i, i, f"Chore {i}", _said(i + 2), ["Bring gloves.", "Wear boots.", "Meet at gate."][i % 3])),
    "chore_comments": (["id INTEGER PRIMARY KEY", "chore_id INTEGER", "volunteer_id INTEGER", "comment TEXT"],
                       lambda i: (i, i, i, _said(i + 3))),
    # A person's settings as key/value rows, and facts about the person as key/value rows.
    "volunteer_preferences": (["id INTEGER PRIMARY KEY", "volunteer_id INTEGER", "pref_key TEXT", "pref_value TEXT"],
                              lambda i: (i, i, ["theme", "digest", "rows"][i % 3], ["dark", "weekly", "25"][i % 3])),
    "volunteer_traits": (["id INTEGER PRIMARY KEY", "volunteer_id INTEGER", "trait_key TEXT", "trait_value TEXT"],
                         lambda i: (i, i, ["diet", "faith", "hobby"][i % 3], ["vegan", "quaker", "chess"][i % 3])),
    # Messages from one volunteer to another, and e-mail templates sent over a period (no sender, no recipient).
    "dispatches": (["id INTEGER PRIMARY KEY", "from_user TEXT", "to_user TEXT", "email_subject TEXT", "email_body TEXT"],
                   lambda i: (i, f"{FIRST[i % 12].lower()}{i}", f"{FIRST[(i + 1) % 12].lower()}{i + 1}",
                              f"About Saturday {i}", _said(i + 4))),
    "newsletters": (["id INTEGER PRIMARY KEY", "from_date TEXT", "to_date TEXT", "email_subject TEXT", "email_body TEXT"],
                    lambda i: (i, f"2025-0{1 + i % 9}-01", f"2025-0{1 + i % 9}-28", "Monthly news", "<p>{{ body }}</p>")),
    # A person's records: a comment on a pupil's attendance is text about them, a clinical note is health data.
    "pupils": (["pupil_id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "birth_date TEXT"],
               lambda i: (i, FIRST[i % 12], LAST[i % 10], f"201{i % 8}-0{1 + i % 9}-1{i % 9}")),
    "attendance": (["id INTEGER PRIMARY KEY", "pupil_id INTEGER", "day TEXT", "code TEXT", "comment TEXT"],
                   lambda i: (i, i, f"2025-03-{1 + i % 28:02d}", ["P", "A", "L"][i % 3], _said(i + 5))),
    "patients": (["patient_id INTEGER PRIMARY KEY", "first_name TEXT", "last_name TEXT", "birth_date TEXT"],
                 lambda i: (i, FIRST[i % 12], LAST[i % 10], f"19{50 + i % 40}-0{1 + i % 9}-1{i % 9}")),
    "encounters": (["id INTEGER PRIMARY KEY", "patient_id INTEGER", "encounter_date TEXT", "comment TEXT"],
                   lambda i: (i, i, f"2025-03-{1 + i % 28:02d}", _said(i + 6))),
    # The answers a person gave on a sign-up form, kept as one JSON document.
    "signup_forms": (["id INTEGER PRIMARY KEY", "volunteer_id INTEGER", "answers TEXT"],
                     lambda i: (i, i, json.dumps({"full_name": f"{FIRST[i % 12]} {LAST[i % 10]}",
                                                  "birthday": f"19{60 + i % 35}-0{1 + i % 9}-1{i % 9}",
                                                  "email": f"a{i}@mail.example", "why": _said(i)}, sort_keys=True))),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory):
    """The schema above in SQLite with seeded rows, scanned as `privacy-inventory scan` scans it."""
    return scan_schema(tmp_path_factory.mktemp("rota") / "rota.sqlite", "rota", SCHEMA, N)


# ------------------------------------------------------------------------------------------------ pictures
@pytest.mark.parametrize("value,kind", [
    (_PNG + b"rest", "PNG"), (_JPEG, "JPEG"), (_WEBP, "WebP"), (b"GIF89a\x01\x00", "GIF"),
    (base64.b64encode(_PNG + b"0123456789").decode(), "PNG"), ("data:image/jpeg;base64,/9j/4AAQSk", "data URI"),
    ("<svg xmlns='http://www.w3.org/2000/svg'></svg>", "SVG"), ("https://cdn.example.org/p/7f3a.JPG?w=64", "link"),
    ("/srv/uploads/avatars/42.png", "link"),
])
def test_pictures_are_known_by_their_first_bytes(value, kind) -> None:
    assert image_format(value) == kind
    if kind != "link":
        assert not is_secret_token(value if isinstance(value, str) else value.decode("latin-1"))


@pytest.mark.parametrize("value", [
    b"RIFF\x24\x00\x00\x00WAVEfmt ", b"\x00\x01\x02\x03", "https://docs.example.org/handbook/12",
    base64.urlsafe_b64encode(b"\x01" * 30).decode(), "ghp_3f9Kx0aLqZ7yB2nV5cR8tW1eU4iO6pA9sD", "a photo of my cat",
])
def test_other_values_are_no_pictures(value) -> None:
    assert image_format(value) is None


def test_a_url_is_no_secret_token() -> None:
    assert not is_secret_token("https://files.example.org/share/8f2kQ9zLx7Vb3Nw1Tt6Y")
    assert is_secret_token("8f2kQ9zLx7Vb3Nw1Tt6Yq0Pa5Rs4")
    assert image_share([None, "", "https://x.example/a.png", "https://x.example/b.gif"]) == (2, 2, False)


def test_class_12_a_picture_in_a_persons_row_is_their_image_not_a_secret(scanned) -> None:
    for column in ("snap", "still_b64"):
        col = _col(scanned, "volunteers", column)
        assert col.category == "user.content.self_image", (column, col.evidence)
        assert "image files" in col.evidence and "secret" not in col.evidence
    secret = _col(scanned, "volunteers", "marker")  # random tokens that are no picture stay a secret
    assert secret.category == "user.authorization.credentials"
    link = _col(scanned, "volunteers", "homepage_link")
    assert link.category != "user.authorization.credentials"
    swap = _col(scanned, "shift_swaps", "volunteer_image")
    assert swap.category == "user.content.self_image" and "links to image files" in swap.evidence


def test_class_12_the_payload_of_a_persons_pictures_table_is_the_picture(scanned) -> None:
    payload = _col(scanned, "volunteer_portraits", "payload")
    assert payload.category == "user.content.self_image", payload.evidence
    assert "table of pictures" in payload.evidence
    assert _col(scanned, "volunteer_portraits", "byte_size").category is None
    assert _col(scanned, "volunteer_portraits", "mime").category is None


# ------------------------------------------------------------------------------------------------ text
def test_comments_are_public_only_on_published_things(scanned) -> None:
    public = _col(scanned, "comments", "comment")
    assert public.category == "user.content.public" and "published story" in public.evidence
    private = _col(scanned, "chore_comments", "comment")
    assert private.category == "user.content.private" and "not published" in private.evidence
    assert _col(scanned, "stories", "body").category == "user.content.public"


def test_class_12_a_description_in_sentences_is_its_owners_text(scanned) -> None:
    description = _col(scanned, "chores", "description")
    assert description.category == "user.content.private", description.evidence
    assert _col(scanned, "chores", "blurb").category is None  # three stock phrases: nobody's own words


def test_class_12_a_few_repeated_reasons_are_a_pick_from_a_list_even_in_a_persons_row(scanned) -> None:
    reason = _col(scanned, "volunteers", "lapse_reason")
    assert reason.category is None and "repeated choices" in reason.evidence
    said = classify_column(ColumnContext("volunteers", "lapse_reason", "text", ("volunteer_id", "email", "lapse_reason"),
                                         values=tuple(_said(i) for i in range(N))))
    assert said.category == "user.content.private"


# ------------------------------------------------------------------------------------------------ structured
def test_class_11_a_persons_key_value_settings_and_facts(scanned) -> None:
    settings = _col(scanned, "volunteer_preferences", "pref_value")
    assert settings.category == "user.account.settings" and "settings" in settings.evidence
    assert _col(scanned, "volunteer_traits", "trait_value").category == "user.demographic.profile"


def test_class_11_form_answers_are_one_private_document_with_their_paths(scanned) -> None:
    answers = _col(scanned, "signup_forms", "answers")
    assert answers.category == "user.content.private", answers.evidence
    assert "answers to a form" in answers.evidence and "$.birthday" in answers.evidence
    paths = {p["path"]: p["category"] for p in answers.paths}
    assert paths.get("$.birthday") == "user.demographic.date_of_birth" and paths.get("$.email") == "user.contact.email"


def test_class_12_a_message_between_people_is_no_email_template(scanned) -> None:
    for column in ("email_subject", "email_body"):
        col = _col(scanned, "dispatches", column)
        assert col.category == "user.content.private", (column, col.evidence)
        assert "'from_user'" in col.evidence and "'to_user'" in col.evidence
        assert _col(scanned, "newsletters", column).category is None  # a date range is no sender or recipient


def test_a_comment_on_a_persons_record_is_text_about_them_except_a_clinical_note(scanned) -> None:
    comment = _col(scanned, "attendance", "comment")
    assert comment.category == "user.content.private", comment.evidence
    clinical = _col(scanned, "encounters", "comment")
    assert clinical.category == "user.health_and_medical", clinical.evidence


@pytest.mark.parametrize("siblings,parties", [
    (("id", "from_user", "to_user", "body"), ("from_user", "to_user")),
    (("msg_id", "author_id", "to_address", "bcc_address", "message_text"), ("author_id", "to_address")),
    (("id", "sender_id", "recipient_id"), ("sender_id", "recipient_id")),
    (("id", "from_date", "to_date", "email_body"), None),  # a period, not people
    (("id", "from_account_id", "to_account_id", "memo"), None),  # a transfer between money accounts
    (("id", "author_id", "body"), None),  # a post has an author and no recipient
])
def test_message_parties_are_a_sender_and_a_recipient(siblings, parties) -> None:
    assert message_parties(siblings) == parties


def test_a_key_value_table_of_permissions_holds_what_the_person_allows() -> None:
    verdict = classify_column(ColumnContext("rider_consents", "consent_value", "text",
                                            ("id", "rider_id", "consent_key", "consent_value"),
                                            values=tuple(["yes", "no", "later"][i % 3] for i in range(N)),
                                            table_references_person=True))
    assert verdict.category == "user.privacy_preferences", verdict.evidence


@pytest.mark.parametrize("template", [
    "Hi {{ attendee.first_name }}, your visit is at {{ time }}.", "Reminder: {EVENT_NAME} starts at {EVENT_TIME}",
    "Dear ${user}, thank you.", "Hello %(name)s, see you soon.", "Welcome [[first_name]]!",
])
def test_class_12_templates_with_placeholders_are_no_ones_words(template) -> None:
    values = tuple(f"{template} ({i})" for i in range(N))
    verdict = classify_column(ColumnContext("reminder_steps", "reminder_body", "text",
                                            ("id", "owner_id", "reminder_body"), values=values,
                                            table_references_person=True))
    assert verdict.category is None and "placeholders" in verdict.evidence
    written = classify_column(ColumnContext("reminder_steps", "reminder_body", "text", ("id", "owner_id", "reminder_body"),
                                            values=tuple(_said(i) for i in range(N)), table_references_person=True))
    assert written.category == "user.content.private"
