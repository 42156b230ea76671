"""classify_column end to end: a realistic batch (precision/recall), conventions, evidence safety, speed."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from privacy_inventory.models import ColumnContext

N = 40
_FIRST = ["Ann", "Bob", "Cyrus", "Dana", "Eve", "Farid", "Gita", "Hugo", "Ines", "Jamal", "Kira", "Leyla"]
_LAST = ["Smith", "Jones", "Ahmadi", "Garcia", "Novak", "Okafor", "Rossi", "Tanaka", "Moradi", "Brown"]
_WORDS = ["movie", "great", "really", "loved", "the", "ending", "was", "slow", "but", "acting", "superb",
          "would", "watch", "again", "subtitles", "missing", "please", "fix", "sound", "quality"]


def _rng() -> random.Random:
    return random.Random(20240611)


def gen(kind: str, n: int = N) -> tuple:
    """Seeded synthetic values of one kind (never real people)."""
    r = _rng()
    out: list = []
    for i in range(n):
        f, l = r.choice(_FIRST), r.choice(_LAST)
        if kind == "email":
            out.append(f"{f.lower()}.{l.lower()}{i}@example.{r.choice(['com', 'org', 'co.uk'])}")
        elif kind == "phone":
            out.append(r.choice([f"+44 7911 {r.randint(100000, 999999)}", f"(201) 3{r.randint(10, 99)}-{r.randint(1000, 9999)}",
                                 f"+98 912 {r.randint(100, 999)} {r.randint(1000, 9999)}"]))
        elif kind == "ip":
            out.append(f"{r.randint(11, 199)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
                       if i % 4 else f"2001:db8::{r.randint(1, 9999):x}")
        elif kind == "first":
            out.append(f)
        elif kind == "last":
            out.append(l)
        elif kind == "full":
            out.append(f"{f} {l}")
        elif kind == "username":
            out.append(f"{f.lower()}{r.randint(1, 999)}")
        elif kind == "int":
            out.append(i + 1)
        elif kind == "ref":
            out.append(r.randint(1, 500))
        elif kind == "created":
            out.append(dt.datetime(2024, 1, 1) + dt.timedelta(hours=r.randint(0, 5000)))
        elif kind == "dob":
            out.append(dt.date(r.randint(1950, 2015), r.randint(1, 12), r.randint(1, 28)))
        elif kind == "bcrypt":
            out.append("$2b$12$" + "".join(r.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./")
                                          for _ in range(53)))
        elif kind == "django_hash":
            out.append(f"pbkdf2_sha256$600000${r.randint(10**9, 10**10)}$" + "x" * 43)
        elif kind == "token":
            out.append("".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32)))
        elif kind == "bool":
            out.append(r.random() < 0.5)
        elif kind == "text":
            out.append(" ".join(r.choice(_WORDS) for _ in range(r.randint(5, 25))).capitalize() + ".")
        elif kind == "city":
            out.append(r.choice(["London", "Tehran", "Paris", "Berlin", "Leeds"]))
        elif kind == "postcode":
            out.append(r.choice(["SW1A 1AA", "10115", "75001", "LS1 4AP", "90210"]))
        elif kind == "country":
            out.append(r.choice(["GB", "IR", "FR", "DE", "US"]))
        elif kind == "street":
            out.append(f"{r.randint(1, 200)} {r.choice(_LAST)} Street")
        elif kind == "status":
            out.append(r.choice(["active", "blocked", "pending"]))
        elif kind == "genre":
            out.append(r.choice(["Drama", "Comedy", "Horror", "Documentary"]))
        elif kind == "money":
            out.append(round(r.uniform(1, 300), 2))
        elif kind == "locale":
            out.append(r.choice(["en", "fa-IR", "en_GB", "de"]))
        elif kind == "ua":
            out.append("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36")
        elif kind == "lat":
            out.append(round(r.uniform(-60, 60), 6))
        elif kind == "lng":
            out.append(round(r.uniform(-170, 170), 6))
        elif kind == "url":
            out.append(f"https://example.com/{f.lower()}")
        elif kind == "uuid":
            out.append(f"{r.getrandbits(32):08x}-{r.getrandbits(16):04x}-4{r.getrandbits(12):03x}-a{r.getrandbits(12):03x}-{r.getrandbits(48):012x}")
        elif kind == "setting_key":
            out.append(r.choice(["site_name", "smtp_host", "theme", "max_upload"]))
        elif kind == "none":
            out.append(None)
    return tuple(out)


# (table, [(column, value kind, expected category, extra)]) ; extra: "pk", "fk:table", "fkperson"
BATCH: list[tuple[str, list[tuple[str, str, str | None, str]]]] = [
    ("auth_user", [
        ("id", "int", "user.unique_id", "pk"), ("password", "django_hash", "user.authorization.password", ""),
        ("last_login", "created", None, ""), ("is_superuser", "bool", None, ""),
        ("username", "username", "user.account.username", ""), ("first_name", "first", "user.name.first", ""),
        ("last_name", "last", "user.name.last", ""), ("email", "email", "user.contact.email", ""),
        ("is_staff", "bool", None, ""), ("is_active", "bool", None, ""), ("date_joined", "created", None, ""),
    ]),
    ("users", [  # Discourse / GitLab style
        ("id", "int", "user.unique_id", "pk"), ("username", "username", "user.account.username", ""),
        ("name", "full", "user.name", ""), ("encrypted_password", "bcrypt", "user.authorization.password", ""),
        ("reset_password_token", "token", "user.authorization.credentials", ""),
        ("reset_password_sent_at", "created", None, ""),
        ("sign_in_count", "ref", None, ""), ("current_sign_in_ip", "ip", "user.device.ip_address", ""),
        ("last_sign_in_ip", "ip", "user.device.ip_address", ""), ("lastSignInAt", "created", None, ""),
        ("locale", "locale", "user.demographic.language", ""), ("state", "status", None, ""),
        ("trust_level", "ref", None, ""), ("uploaded_avatar_id", "ref", None, ""),
        ("date_of_birth", "dob", "user.demographic.date_of_birth", ""),
        ("otp_secret", "token", "user.authorization.credentials", ""), ("created_at", "created", None, ""),
    ]),
    ("posts", [
        ("id", "int", None, "pk"), ("user_id", "ref", "user.unique_id", "fkperson"),
        ("topic_id", "ref", None, "fk:topics"), ("raw", "text", "user.content.public", ""),
        ("cooked", "text", "user.content.public", ""), ("like_count", "ref", None, ""),
        ("sort_order", "ref", None, ""), ("version", "ref", None, ""), ("updated_at", "created", None, ""),
    ]),
    ("customer_entity", [  # Magento
        ("entity_id", "int", "user.unique_id", "pk"), ("website_id", "ref", None, ""),
        ("email", "email", "user.contact.email", ""), ("firstname", "first", "user.name.first", ""),
        ("lastname", "last", "user.name.last", ""), ("dob", "dob", "user.demographic.date_of_birth", ""),
        ("password_hash", "bcrypt", "user.authorization.password", ""), ("gender", "ref", "user.demographic.gender", ""),
        ("store_id", "ref", None, ""),
    ]),
    ("customer_address_entity", [
        ("entity_id", "int", None, "pk"), ("parent_id", "ref", "user.unique_id", "fkperson"),
        ("city", "city", "user.contact.address.city", ""), ("postcode", "postcode", "user.contact.address.postal_code", ""),
        ("street", "street", "user.contact.address.street", ""), ("telephone", "phone", "user.contact.phone_number", ""),
        ("country_id", "country", "user.contact.address.country", ""), ("region", "city", "user.contact.address.state", ""),
        ("company", "full", None, ""),
    ]),
    ("orders", [
        ("id", "int", None, "pk"), ("customer_id", "ref", "user.unique_id", ""),
        ("grand_total", "money", "user.behavior.purchase_history", ""), ("shipping_city", "city", "user.contact.address.city", ""),
        ("status", "status", None, ""), ("customer_note", "text", "user.content.private", ""),
        ("film_id", "ref", None, ""), ("remote_ip", "ip", "user.device.ip_address", ""),
        ("extra", "phone", "user.contact.phone_number", ""),
    ]),
    ("settings", [
        ("id", "int", None, "pk"), ("key", "setting_key", None, ""), ("smtp_password", "token", None, ""),
        ("webhook_secret", "token", None, ""), ("api_key", "token", None, ""),
        ("support_email", "email", None, ""), ("contact_phone", "phone", None, ""),
    ]),
    ("organizations", [
        ("id", "int", None, "pk"), ("name", "full", None, ""), ("email", "email", None, ""),
        ("phone", "phone", None, ""), ("address", "street", None, ""),
    ]),
    ("genres", [("id", "int", None, "pk"), ("name", "genre", None, ""), ("position", "ref", None, "")]),
    ("wp_comments", [
        ("comment_ID", "int", None, "pk"), ("comment_post_ID", "ref", None, ""),
        ("comment_author", "full", "user.name", ""), ("comment_author_email", "email", "user.contact.email", ""),
        ("comment_author_url", "url", "user.contact.url", ""), ("comment_author_IP", "ip", "user.device.ip_address", ""),
        ("comment_content", "text", "user.content.public", ""), ("comment_agent", "ua", "user.device", ""),
        ("user_id", "ref", "user.unique_id", ""),
    ]),
    ("user_locations", [
        ("user_id", "ref", "user.unique_id", ""), ("lat", "lat", "user.location.precise", ""),
        ("lng", "lng", "user.location.precise", ""), ("device_id", "uuid", "user.device.device_id", ""),
    ]),
]


def batch_contexts() -> list[tuple[ColumnContext, str | None]]:
    """Every column of the batch as a ColumnContext with its expected category."""
    out: list[tuple[ColumnContext, str | None]] = []
    for table, cols in BATCH:
        names = tuple(c[0] for c in cols)
        for column, kind, expected, extra in cols:
            ctx = ColumnContext(
                table=table, column=column, data_type="integer" if kind in ("int", "ref") else "varchar",
                sibling_columns=names, primary_key=extra == "pk",
                references=extra[3:] + ".id" if extra.startswith("fk:") else None,
                references_person_table=extra == "fkperson", values=gen(kind),
            )
            out.append((ctx, expected))
    return out


# ------------------------------------------------------------------------------------------------ tests
import time  # noqa: E402

import pytest  # noqa: E402

from privacy_inventory.classify import classify_column  # noqa: E402
from privacy_inventory.masking import mask_value  # noqa: E402

PRECISION_BAR = 0.95
RECALL_BAR = 0.95


def test_batch_precision_and_recall() -> None:
    """Over 90 columns of real-looking schemas: personal-category precision and recall above 0.95."""
    rows = batch_contexts()
    assert len(rows) >= 60
    tp = fp = fn = 0
    misses = []
    for ctx, expected in rows:
        got = classify_column(ctx).category
        if got == expected and got is not None:
            tp += 1
        else:
            if got is not None:
                fp += 1
            if expected is not None:
                fn += 1
            if got != expected:
                misses.append((ctx.table, ctx.column, expected, got))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    assert precision >= PRECISION_BAR and recall >= RECALL_BAR, misses


def test_evidence_never_shows_a_sampled_value() -> None:
    for ctx, _ in batch_contexts():
        result = classify_column(ctx)
        text = result.evidence + " ".join(result.flags) + " ".join(result.facts)
        for value in ctx.values:
            if value is None or isinstance(value, (bool, int, float)):
                continue
            raw = str(value)
            if len(raw) >= 4:
                assert raw not in text, (ctx.table, ctx.column)
                assert raw not in mask_value(value)


def _ctx(table: str, column: str, values: tuple = (), siblings: tuple[str, ...] = (), **kw) -> ColumnContext:
    return ColumnContext(table=table, column=column, data_type=kw.pop("data_type", "varchar"),
                         sibling_columns=siblings or (column,), values=values, **kw)


def test_hidden_by_name_notes_holding_phones_and_emails() -> None:
    phones = gen("phone")
    r = classify_column(_ctx("orders", "notes", phones, ("id", "customer_id", "notes")))
    assert r.category == "user.contact.phone_number" and "hidden_by_name" in r.flags
    assert "hides" in r.evidence and "/40 sampled values are valid phone numbers" in r.evidence
    r = classify_column(_ctx("widgets", "extra", gen("email"), ("id", "extra")))
    assert r.category == "user.contact.email" and "hidden_by_name" in r.flags


def test_values_that_say_nothing_give_none() -> None:
    r = classify_column(_ctx("widgets", "extra", gen("genre"), ("id", "extra")))
    assert r.category is None
    r = classify_column(_ctx("builds", "version", ("1.2.3.4", "1.2.3.5", "2.0.0.1") * 5, ("id", "version")))
    assert r.category is None


def test_organisation_and_system_contacts_are_not_personal() -> None:
    for table, column in [("clinics", "email"), ("stores", "phone"), ("companies", "address"),
                          ("vendors", "contact_email"), ("settings", "admin_email"), ("tenants", "support_phone")]:
        r = classify_column(_ctx(table, column, gen("email") if "email" in column else gen("phone"),
                                 ("id", "name", column)))
        assert r.category is None, (table, column, r)
    r = classify_column(_ctx("customers", "contact_email", gen("email"), ("id", "name", "contact_email")))
    assert r.category == "user.contact.email"


def test_system_credentials_versus_person_credentials() -> None:
    for column in ("smtp_password", "webhook_secret", "api_key", "encryption_key"):
        r = classify_column(_ctx("settings", column, gen("token"), ("id", "smtp_password", "webhook_secret")))
        assert r.category is None, (column, r)
    r = classify_column(_ctx("users", "salt", gen("token"), ("id", "email", "password", "salt")))
    assert r.category == "user.authorization.password"
    r = classify_column(_ctx("user_api_keys", "key", gen("token"), ("id", "user_id", "key")))
    assert r.category == "user.authorization.credentials"
    r = classify_column(_ctx("oauth_access_tokens", "refresh_token", gen("token"),
                             ("id", "resource_owner_id", "token", "refresh_token")))
    assert r.category == "user.authorization.credentials"


def test_plaintext_password_flag() -> None:
    r = classify_column(_ctx("members", "password", ("hunter2", "Passw0rd!", "letmein") * 5,
                             ("id", "email", "password")))
    assert r.category == "user.authorization.password" and "plaintext_password" in r.flags
    assert r.facts["plaintext_passwords"] == 15.0
    r = classify_column(_ctx("members", "password", gen("bcrypt"), ("id", "email", "password")))
    assert "plaintext_password" not in r.flags and r.confidence > 0.9


def test_ids_of_people_and_of_things() -> None:
    assert classify_column(_ctx("orders", "customer_id", gen("ref"))).category == "user.unique_id"
    assert classify_column(_ctx("orders", "created_by", gen("ref"))).category == "user.unique_id"
    assert classify_column(_ctx("posts", "author_id", gen("ref"))).category == "user.unique_id"
    assert classify_column(_ctx("visits", "patient_id", gen("ref"))).category == "user.unique_id"
    assert classify_column(_ctx("x", "owner", gen("ref"), data_type="integer")).category == "user.unique_id"
    assert classify_column(_ctx("orders", "film_id", gen("ref"))).category is None
    assert classify_column(_ctx("lines", "order_id", gen("ref"))).category is None
    assert classify_column(_ctx("films", "genre_id", gen("ref"))).category is None
    assert classify_column(_ctx("films", "id", gen("int"), primary_key=True)).category is None
    fk = _ctx("logins", "principal", gen("ref"), references="members.id")
    assert classify_column(fk).category == "user.unique_id"
    fk = _ctx("logins", "subject", gen("ref"), references_person_table=True)
    assert classify_column(fk).category == "user.unique_id"


def test_names_of_people_versus_names_of_things() -> None:
    for table in ("users", "customers", "patients", "employees", "members"):
        assert classify_column(_ctx(table, "name", gen("full"), ("id", "name", "email"))).category == "user.name"
    for table in ("genres", "products", "films", "roles", "tags", "categories", "organizations", "clinics"):
        assert classify_column(_ctx(table, "name", gen("genre"), ("id", "name"))).category is None


def test_dates_of_birth_give_children_facts() -> None:
    import datetime as _dt

    today = _dt.date.today()
    kids = tuple(_dt.date(today.year - age, 1, 1) for age in (5, 9, 14, 17, 30, 45, 60, 70))
    r = classify_column(_ctx("students", "birthdate", kids, ("id", "name", "birthdate")))
    assert r.category == "user.demographic.date_of_birth" and "children" in r.flags
    assert r.facts["sampled_dates"] == 8 and r.facts["under_13"] >= 1 and r.facts["under_18"] >= 4
    adults = tuple(_dt.date(1960 + i, 3, 3) for i in range(20))
    r = classify_column(_ctx("users", "dob", adults, ("id", "dob")))
    assert "children" not in r.flags and r.facts["under_18"] == 0 and r.confidence >= 0.9


def test_special_categories_in_free_text() -> None:
    bodies = ("My daughter has epilepsy, can you add warnings before flashing scenes?",
              "I am pregnant and will pause my plan for a while, thanks",
              "The app crashes when I open the settings page on my phone",
              "I use a wheelchair; is the cinema event accessible for me?",
              "Please refund my last payment, I was charged twice this month")
    r = classify_column(_ctx("support_requests", "body", bodies * 4, ("id", "user_id", "subject", "body")))
    assert r.category == "user.content.private"
    assert "special:health" in r.flags and "children" in r.flags
    assert r.facts["special_health_values"] == 12.0
    r = classify_column(_ctx("patients", "religion", ("x",) * 3, ("id", "name", "religion")))
    assert r.category == "user.demographic.religious_belief" and "special:religion" in r.flags


def test_published_versus_private_text() -> None:
    text = gen("text")
    assert classify_column(_ctx("posts", "raw", text, ("id", "user_id", "raw"))).category == "user.content.public"
    assert classify_column(_ctx("reviews", "body", text, ("id", "user_id", "body"))).category == "user.content.public"
    assert classify_column(_ctx("messages", "body", text, ("id", "sender_id", "body"))).category == \
        "user.content.private"
    assert classify_column(_ctx("products", "description", text, ("id", "name", "description"))).category is None


def test_empty_table_name_only_still_works_with_lower_confidence() -> None:
    empty = classify_column(_ctx("users", "email", (), ("id", "email", "password")))
    full = classify_column(_ctx("users", "email", gen("email"), ("id", "email", "password")))
    values_only = classify_column(_ctx("users", "misc", gen("email"), ("id", "email", "password", "misc")))
    assert empty.category == full.category == values_only.category == "user.contact.email"
    assert full.confidence > values_only.confidence > 0
    assert full.confidence > empty.confidence > 0
    assert "no sampled values" in empty.evidence


def test_contradicted_name_loses_confidence() -> None:
    r = classify_column(_ctx("users", "phone", gen("genre"), ("id", "email", "phone")))
    assert r.category == "user.contact.phone_number" and r.confidence < 0.6 and "only 0/" in r.evidence


def test_bad_inputs_never_raise() -> None:
    weird = (None, b"\xff\xfe", float("nan"), float("inf"), Decimal("1e999"), object(), "\x00", "💥" * 3000,
             ["list"], {"a": 1}, -1, 10**40)
    for column in ("", "email", "???", "x" * 5000, "dob", "password", "lat"):
        r = classify_column(_ctx("t", column, weird, ("id", column)))
        assert 0.0 <= r.confidence <= 1.0 and isinstance(r.evidence, str) and r.evidence


def test_deterministic() -> None:
    rows = batch_contexts()
    first = [classify_column(c) for c, _ in rows]
    second = [classify_column(c) for c, _ in reversed(rows)][::-1]
    assert first == second


def _with_kinds() -> list[tuple[ColumnContext, str]]:
    out = []
    ctxs = batch_contexts()
    kinds = [kind for _, cols in BATCH for _, kind, _, _ in cols]
    for (ctx, _), kind in zip(ctxs, kinds):
        # a fresh column name defeats the name caches, as a real scan of new schemas would
        out.append((ColumnContext(ctx.table, ctx.column, ctx.data_type, ctx.sibling_columns, ctx.primary_key,
                                  ctx.references, ctx.references_person_table, ctx.values), kind))
    return out
