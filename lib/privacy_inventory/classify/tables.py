"""What a table is about (people, organisations, content, things), since a column's meaning depends on its table."""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from privacy_inventory.classify.knowledge import active, clear_caches, register_cache
from privacy_inventory.classify.tokens import singular, tokenize

# Table words that say what a log is about: page views, media played, searches (a column's category follows).
BROWSE_TABLES = frozenset({"pageview", "page", "visit", "event", "click", "session", "analytics", "tracking",
                           "hit", "request", "access", "clickstream", "impression", "referral"})
MEDIA_TABLES = frozenset({"watch", "view", "viewing", "play", "playback", "stream", "listen", "progress",
                          "watchlist", "watched", "bookmark", "rental"})
SEARCH_TABLES = frozenset({"search", "query", "searche"})
# Column words that describe a record itself (a leave's description) rather than a note written about a person.
DESCRIPTIVE_WORDS = frozenset({"description", "details", "summary", "title", "subject", "excerpt", "instructions"})

# Application prefixes inferred from the schema being scanned (`tab` of `tabEmployee`, `llx` of `llx_societe`).
_SCHEMA_PREFIXES: list[frozenset[str]] = [frozenset()]
# Word sets whose words are table nouns: a first word in one of them says what tables are about, it is no prefix.
_NOUN_SETS = ("person_table_nouns", "maybe_person_table_nouns", "org_table_nouns", "public_content_nouns",
              "private_content_nouns", "transaction_nouns", "system_table_nouns", "reference_table_nouns",
              "person_ref_nouns", "owner_nouns", "generic_table_words")


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
    prefixes = _w("table_prefixes") | _SCHEMA_PREFIXES[-1]
    while len(words) > 1 and words[0] in prefixes:
        words = words[1:]
    return tuple(words)


def infer_prefixes(names: Iterable[str]) -> frozenset[str]:
    """First words most tables of one schema share and that name no kind of table: the application's prefix.

    `tabEmployee`, `tabSalary Slip` (Frappe), `llx_societe` (Dolibarr), `zerver_userprofile` (Django app labels): a
    word starting at least half the tables (four or more) that is not itself a table noun (`user_roles`, `user_tokens`
    keep `user`)."""
    names = [str(n).rsplit(".", 1)[-1] for n in names]
    firsts: dict[str, int] = {}
    for name in names:
        toks = [t for t in tokenize(name) if not t.isdigit()]
        if len(toks) > 1:
            firsts[toks[0]] = firsts.get(toks[0], 0) + 1
    nouns = frozenset().union(*(_w(s) for s in _NOUN_SETS))
    need = max(4, 0.5 * len(names))
    return frozenset(w for w, n in firsts.items()
                     if n >= need and len(w) >= 2 and w not in nouns and singular(w) not in nouns)


@contextmanager
def schema_prefixes(prefixes: Iterable[str]) -> Iterator[None]:
    """Strip these prefixes from table names while one schema is judged and scanned, then forget them."""
    wanted = frozenset(prefixes)
    before = _SCHEMA_PREFIXES[-1]
    changed = wanted != before
    if changed:
        _SCHEMA_PREFIXES.append(wanted)
        clear_caches()
    try:
        yield
    finally:
        if changed:
            _SCHEMA_PREFIXES.pop()
            clear_caches()


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
        if "email" in toks and not any(t in toks for t in ("template", "subject", "body", "setting")) and (
                toks[-1] in ("email", "emails", "mail") or toks[-2:] in (("email", "address"), ("email", "id"))):
            has_email = True  # an email field, not a setting about emails (`enable_marketing_emails`, `email_visibility`)
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


_LOGIN_WORDS = frozenset({"password", "passwd", "pwd", "passhash", "passcode"})


def is_login_table(columns: Sequence[str]) -> bool:
    """A column holding a password: the table is the application's accounts."""
    return any(set(tokenize(c)) & _LOGIN_WORDS for c in columns)


def record_words(record: Sequence[str]) -> str:
    """`a record of the person in 'users' (bills.user_id)`, for a column's evidence."""
    person, _kind, _domain, *links = record
    return f"a record of the person in '{person}' ({' -> '.join(links)})"
