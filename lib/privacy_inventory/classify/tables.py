"""What a table is about (people, organisations, content, things), since a column's meaning depends on its table."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from privacy_inventory.classify.tokens import singular, tokenize

# Head nouns of tables that hold one row per natural person.
PERSON_NOUNS = frozenset({
    "user", "customer", "member", "patient", "employee", "person", "people", "profile", "subscriber",
    "author", "student", "pupil", "teacher", "staff", "guest", "visitor", "applicant", "candidate",
    "volunteer", "donor", "buyer", "traveler", "traveller", "passenger", "participant", "attendee",
    "player", "learner", "resident", "lead", "admin", "administrator", "moderator", "physician",
    "doctor", "nurse", "practitioner", "parent", "child", "kid", "guardian", "citizen", "voter",
    "beneficiary", "investor", "worker", "contractor", "freelancer", "individual", "consumer",
    "shopper", "recipient", "viewer", "listener", "reader", "follower", "fan",
    "employe", "mitglied", "kunde", "personne", "utilisateur", "usuario", "cliente",
})
# Nouns that are people only when the columns look like a person record (accounts, clients, partners...).
MAYBE_PERSON_NOUNS = frozenset({"account", "client", "partner", "contact", "owner", "identity", "party", "login"})
# Organisations, places and system configuration: their contact details and secrets are not personal.
ORG_NOUNS = frozenset({
    "organization", "organisation", "org", "tenant", "clinic", "hospital", "facility", "store", "shop",
    "company", "vendor", "supplier", "merchant", "business", "firm", "agency", "branch", "office", "site",
    "warehouse", "setting", "config", "configuration", "option", "integration", "application", "app",
    "webhook", "institution", "pharmacy", "lab", "laboratory", "carrier", "manufacturer", "brand",
    "distributor", "bank", "insurer", "school", "university", "department", "venue", "restaurant",
    "hotel", "workspace", "provider", "preference_global", "system", "server", "service", "channel",
    "website", "domain", "team", "group", "namespace", "project", "insurance", "payer", "studio",
    "publisher", "label", "network", "gateway", "smtp", "mailer", "oauth_application", "plugin",
})
# Tables of text that people write and publish, or write privately.
PUBLIC_CONTENT_NOUNS = frozenset({
    "post", "comment", "review", "reply", "topic", "thread", "status", "answer", "question", "article",
    "story", "tweet", "toot", "testimonial", "rating", "forum", "blog", "entry",
})
PRIVATE_CONTENT_NOUNS = frozenset({
    "message", "chat", "conversation", "note", "ticket", "support", "feedback", "complaint", "inquiry",
    "enquiry", "request", "email", "mail", "dm", "letter", "submission", "appointment", "encounter",
    "visit", "journal", "diary",
})
# Generic suffixes that do not name what the table holds (`customer_entity`, `patient_data`).
_GENERIC = frozenset({
    "entity", "data", "info", "information", "detail", "record", "master", "table", "tbl", "list", "base",
    "main", "v", "view", "varchar", "int", "text", "datetime", "decimal", "extra", "ext",
    "field", "attribute", "value", "history", "log", "archive", "backup", "tmp", "temp", "old", "new",
    "copy", "raw", "core", "index", "idx",
})
# Prefixes that name the application, not the content (`wp_users`, `auth_user`, `tbl_customer`).
_PREFIXES = frozenset({"wp", "tbl", "auth", "app", "dbo", "t", "tb", "core", "sys", "res", "django", "mdl",
                       "jos", "oc", "ps", "drupal", "civicrm", "fos", "sf", "cms", "my", "public"})
# Column names that say a row is a person record.
_OTHER_PARTY = frozenset({"customer", "buyer", "seller", "recipient", "sender", "author", "owner", "billing",
                          "shipping", "contact", "patient", "member", "guest", "to", "from", "reply", "cc", "bcc"})
_TRANSACTION_NOUNS = frozenset({"order", "invoice", "payment", "quote", "cart", "shipment", "transaction", "log",
                                "event", "audit", "email", "notification", "delivery", "refund", "charge"})
_PERSONISH_COLUMNS = frozenset({"email", "password", "birth", "username", "login", "phone", "surname"})


@lru_cache(maxsize=65536)
def table_words(table: str) -> tuple[str, ...]:
    """The table's words, singular, without application prefixes."""
    name = str(table).rsplit(".", 1)[-1]
    words = [singular(w) for w in tokenize(name) if not w.isdigit()]
    while len(words) > 1 and words[0] in _PREFIXES:
        words = words[1:]
    return tuple(words)


@lru_cache(maxsize=65536)
def head_noun(table: str) -> str:
    """The noun a table is about: its last meaningful word (`customer_address_entity` -> `address`)."""
    words = [w for w in table_words(table) if w not in _GENERIC]
    if not words:
        words = list(table_words(table)) or [""]
    # "user name" from `username`-like tables, "user profile" stays a profile of a user.
    return words[-1]


def _columns_look_personal(columns: Sequence[str]) -> bool:
    """Email plus a password, personal name, birth date, username or phone: a person record."""
    words: set[str] = set()
    has_email = False
    for column in columns:
        toks = tokenize(column)
        if len(toks) > 1 and singular(toks[0]) in _OTHER_PARTY:
            continue  # `customer_email` in an orders table describes someone else
        joined = " ".join(toks)
        if "email" in toks and not any(t in toks for t in ("template", "subject", "body", "setting")):
            has_email = True
        words.update(toks)
        if "first name" in joined or "last name" in joined or "family name" in joined or "given name" in joined:
            words.add("personname")
        if "user name" in joined:
            words.add("username")
    other = words & (_PERSONISH_COLUMNS | {"personname"})
    other.discard("email")
    return has_email and bool(other)


def is_person_table(table: str, columns: Sequence[str] = ()) -> bool:
    """True for a table with one row per natural person, judged by its name or by its columns."""
    words = table_words(table)
    if not words:
        return False
    head = head_noun(table)
    if head in ORG_NOUNS:
        return False
    if head in PERSON_NOUNS or (len(words) >= 1 and words[-1] in PERSON_NOUNS):
        return True
    if head in MAYBE_PERSON_NOUNS:
        return bool(columns) and _has_personish_column(columns)
    if head in PUBLIC_CONTENT_NOUNS or head in PRIVATE_CONTENT_NOUNS or head in _TRANSACTION_NOUNS:
        return False
    return bool(columns) and _columns_look_personal(columns)


def _has_personish_column(columns: Sequence[str]) -> bool:
    """Any column that only a person record would have (email, password, username, name parts...)."""
    for column in columns:
        toks = tokenize(column)
        if set(toks) & _PERSONISH_COLUMNS:
            return True
        joined = " ".join(toks)
        if "first name" in joined or "last name" in joined or "user name" in joined or "display name" in joined:
            return True
    return False


def is_org_table(table: str) -> bool:
    """True for organisations, places and settings, whose contact details and secrets are not personal."""
    words = table_words(table)
    head = head_noun(table)
    if any(w in PERSON_NOUNS for w in words):
        return False
    if head in ORG_NOUNS:
        return True
    # `store_settings`, `clinic_info`: an org word anywhere with no person word.
    return any(w in ORG_NOUNS for w in words) and not any(w in PERSON_NOUNS for w in words)


def content_kind(table: str) -> str | None:
    """'public' or 'private' when the table holds text people write, else None."""
    head = head_noun(table)
    if head in PUBLIC_CONTENT_NOUNS:
        return "public"
    if head in PRIVATE_CONTENT_NOUNS:
        return "private"
    return None
