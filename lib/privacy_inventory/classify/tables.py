"""What a table is about (people, organisations, content, things), since a column's meaning depends on its table."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from privacy_inventory.classify.knowledge import active, register_cache
from privacy_inventory.classify.tokens import singular, tokenize


def _w(name: str) -> frozenset[str]:
    return active().words(name)


@register_cache
def _clear() -> None:
    table_words.cache_clear()
    head_noun.cache_clear()


@lru_cache(maxsize=65536)
def table_words(table: str) -> tuple[str, ...]:
    """The table's words, singular, without application prefixes."""
    name = str(table).rsplit(".", 1)[-1]
    words = [singular(w) for w in tokenize(name) if not w.isdigit()]
    while len(words) > 1 and words[0] in _w("table_prefixes"):
        words = words[1:]
    return tuple(words)


@lru_cache(maxsize=65536)
def head_noun(table: str) -> str:
    """The noun a table is about: its last meaningful word (`customer_address_entity` -> `address`)."""
    words = [w for w in table_words(table) if w not in _w("generic_table_words")]
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
        if len(toks) > 1 and singular(toks[0]) in _w("other_party_words"):
            continue  # `customer_email` in an orders table describes someone else
        joined = " ".join(toks)
        if "email" in toks and not any(t in toks for t in ("template", "subject", "body", "setting")):
            has_email = True
        words.update(toks)
        if "first name" in joined or "last name" in joined or "family name" in joined or "given name" in joined:
            words.add("personname")
        if "user name" in joined:
            words.add("username")
    other = words & (_w("personish_columns") | {"personname"})
    other.discard("email")
    return has_email and bool(other)


def is_person_table(table: str, columns: Sequence[str] = ()) -> bool:
    """True for a table with one row per natural person, judged by its name or by its columns."""
    words = table_words(table)
    if not words:
        return False
    head = head_noun(table)
    if head in _w("org_table_nouns"):
        return False
    if head in _w("person_table_nouns") or (len(words) >= 1 and words[-1] in _w("person_table_nouns")):
        return True
    if head in _w("maybe_person_table_nouns"):
        return bool(columns) and _has_personish_column(columns)
    if head in _w("public_content_nouns") or head in _w("private_content_nouns") or head in _w("transaction_nouns"):
        return False
    return bool(columns) and _columns_look_personal(columns)


def _has_personish_column(columns: Sequence[str]) -> bool:
    """Any column that only a person record would have (email, password, username, name parts...)."""
    for column in columns:
        toks = tokenize(column)
        if set(toks) & _w("personish_columns"):
            return True
        joined = " ".join(toks)
        if "first name" in joined or "last name" in joined or "user name" in joined or "display name" in joined:
            return True
    return False


def is_org_table(table: str) -> bool:
    """True for organisations, places and settings, whose contact details and secrets are not personal."""
    words = table_words(table)
    head = head_noun(table)
    if any(w in _w("person_table_nouns") for w in words):
        return False
    if head in _w("org_table_nouns"):
        return True
    # `store_settings`, `clinic_info`: an org word anywhere with no person word.
    return any(w in _w("org_table_nouns") for w in words) and not any(w in _w("person_table_nouns") for w in words)


def content_kind(table: str) -> str | None:
    """'public' or 'private' when the table holds text people write, else None."""
    head = head_noun(table)
    if head in _w("public_content_nouns"):
        return "public"
    if head in _w("private_content_nouns"):
        return "private"
    return None
