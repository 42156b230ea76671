"""The signals: keys, names and sampled values, each proposing (category, score, reason) for the combiner."""

from __future__ import annotations

import re
from typing import Callable

from privacy_inventory.classify import values as v
from privacy_inventory.classify.authored import copies_published
from privacy_inventory.classify.context import ID_TOKENS as _ID_TOKENS
from privacy_inventory.classify.context import Candidate, Context, build_context, ref_noun
from privacy_inventory.classify.id_values import ids_are_emails
from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.names import NameRule, id_rules, match_name, person_ref_nouns
from privacy_inventory.classify.person_row import HOLDING_ROLES, attribute_by_id, named_attribute
from privacy_inventory.classify.phones import PHONE_SHAPE, phone_ratio
from privacy_inventory.classify.scopes import PAYMENT_TABLES, PURCHASE_TABLES, financial_record, scope_ok
from privacy_inventory.classify.history import media_candidate
from privacy_inventory.classify.shapes import is_secret_token
from privacy_inventory.classify.tables import head_noun, is_person_table, table_words
from privacy_inventory.classify.text import person_name_share
from privacy_inventory.classify.tokens import phrase, singular, tokenize

__all__ = ["CONFIRMERS", "STRICT", "STRONG", "Candidate", "Context", "build_context", "confirm", "key_candidate",
           "name_candidate", "value_candidates"]


_CODE_ID = re.compile(r"^(?=.*\d)[A-Za-z]{0,12}(?:[-/_.]?[A-Za-z0-9]+)*[-/_.]?\d+$")  # `HR-EMP-00012`, `PAT/2024/7`
_HANDLE = re.compile(r"^(?=.*[a-z])[A-Za-z0-9._-]{3,40}$")


# ------------------------------------------------------------------------------------------------ keys
def key_candidate(c: Context) -> Candidate | None:
    """Primary keys, foreign keys and id-named columns: ids of people are user.unique_id, others are not personal."""
    ctx, toks, col = c.ctx, c.tokens, c.ctx.column
    media = media_candidate(c)
    if media is not None:
        return media
    own_token = _token_row_key(c)
    if own_token is not None:
        return own_token
    prefixed_id = len(toks) >= 2 and toks[0] == "id" and toks[-1] not in _ID_TOKENS
    lookup = toks[1:] if prefixed_id else toks[:-1] if len(toks) >= 2 and toks[-1] in _ID_TOKENS else ()
    if c.person_table and lookup and ctx.referenced_role in HOLDING_ROLES:
        attribute = attribute_by_id(c, lookup)
        if attribute is not None:
            return attribute  # `gender_id` -> genders: the person's gender, kept as a lookup id
    attribute = named_attribute(c) if not lookup else None
    if attribute is not None:
        return attribute  # `language` -> languages on a person's row: the person's language
    own = not ctx.primary_key and _own_id(toks, ctx.table) and not any(r.pattern.search(phrase(toks)) for r in id_rules()) \
        and (c.person_table or ctx.table_role == "content" or not ref_noun(tuple(t for t in toks if t not in _ID_TOKENS)))
    if ctx.primary_key or own:
        what = f"'{col}' is the row's own key" if own else "primary key"
        if c.person_table:
            return Candidate("user.unique_id", 0.9, f"{what} of person table '{ctx.table}'", "key")
        if c.belongs and _names_tracking_id(toks):
            return None  # `cookies.cookie_id`: the key is the person's cookie or device identifier
        prefixed = len(toks) > 1 and toks[0] == "id"  # PrestaShop-style `id_customer_address`
        id_like = not toks or toks[-1] in _ID_TOKENS - {"key"} or toks in (("code",), ("slug",), ("name",)) or prefixed
        if own or id_like and not ref_noun(toks[1:] if prefixed else toks[:-1]):
            return Candidate(None, 0.85, f"{what} of '{ctx.table}', which does not hold people", "key")
    if ctx.references_person_table:
        if ctx.referenced_table and not ctx.reference_declared:
            return Candidate("user.unique_id", 0.9, f"'{col}' refers to person table '{ctx.referenced_table}' by its "
                             "name (no declared foreign key)", "key")
        return Candidate("user.unique_id", 0.95, f"foreign key '{col}' points at a person table", "key")
    by_words = not ctx.reference_declared and ctx.referenced_role in ("content", "other", "business") and not (
        toks and (toks[-1] in _ID_TOKENS or toks[0] == "id"))  # `salary_slip`: the name still says what it holds
    if ctx.referenced_table and ctx.referenced_role and ctx.referenced_role != "person" and not _names_tracking_id(toks) \
            and not by_words and not any(rule.pattern.search(phrase(toks)) for rule in id_rules()):
        how = "foreign key" if ctx.reference_declared else "by its name"
        what = {"organisation": "an organisation or tenant", "system": "a system table", "reference": "reference data",
                "content": "a record, not a person"}.get(ctx.referenced_role, "not a person table")
        return Candidate(None, 0.85, f"'{col}' points at '{ctx.referenced_table}' ({how}), {what}", "key")
    if ctx.references:
        ref_table = ctx.references.rsplit(".", 1)[0]
        if ctx.referenced_role is None and is_person_table(ref_table):
            return Candidate("user.unique_id", 0.9, f"foreign key '{col}' -> {ctx.references}, a person table", "key")
        tracking = _TRACKING_TABLES.get(head_noun(ref_table))
        if tracking is not None and c.belongs:
            return Candidate(tracking, 0.8, f"foreign key '{col}' -> {ctx.references}: a device or cookie of the "
                             "person the row belongs to", "key")
    if col.lower() == "uid" and not c.person_table and c.prepared.texts and not any(t.isdigit() for t in c.prepared.texts):
        return Candidate(None, 0.75, f"'{col}' holds the row's own public id ({len(c.prepared.texts)} sampled values "
                         "are codes, not numbers pointing at a person)", "key")
    if toks and toks[-1] in _ID_TOKENS and toks[-1] != "key" or (len(toks) > 1 and toks[-1] == "key" and toks[-2] in ("foreign", "fk")):
        stem = toks[:-1]
        text = phrase(toks)
        for rule in id_rules():
            if rule.pattern.search(text):
                return None  # handled as a name rule
        if not stem or tuple(singular(t) for t in stem) == table_words(ctx.table):  # `id`, `customer_id` in `customer`
            if c.person_table:
                return Candidate("user.unique_id", 0.85, f"'{col}' identifies rows of person table '{ctx.table}'", "key")
            return Candidate(None, 0.8, f"'{col}' identifies rows of '{ctx.table}', which does not hold people", "key")
        attribute = attribute_by_id(c, stem)
        if attribute is not None:
            return attribute
        if c.person_table and set(stem) & active().words("alternate_id_words"):
            return Candidate("user.unique_id", 0.8, f"'{col}' is another identifier of the person in '{ctx.table}'", "key")
        if ref_noun(stem):
            return Candidate("user.unique_id", 0.85, f"name '{col}' -> id of a person", "key")
        if ctx.references:
            return Candidate(None, 0.85, f"foreign key '{col}' -> {ctx.references}, not a person table", "key")
        if ids_are_emails(c):
            return None  # `email_id` holding addresses: the name and the values say what it is, not the `_id`
        return Candidate(None, 0.75, f"name '{col}' -> id of a '{' '.join(stem)}', not a person", "key")
    if toks and toks[-1] == "by" or (len(toks) > 1 and toks[-2:] == ("by", "id")):
        by_values = _person_ref_by_values(c) if toks[-1] == "by" and c.prepared.texts else None
        if by_values is not None and by_values.category is None:
            return by_values  # `locked_by` holding host names, `limit_by` holding `count`/`date`
        return Candidate("user.unique_id", 0.8, f"name '{col}' -> the person who did it", "key")
    if toks and all(t in person_ref_nouns() or t in ("post", "comment", "message", "review", "target", "resource")
                    for t in toks) and ref_noun(toks):
        return _person_ref_by_values(c)
    if len(toks) >= 2 and len(toks[-1]) == 1 and toks[-1].isalpha() and ref_noun(toks[:-1]) and not match_name(col):
        return _person_ref_by_values(c)  # `person_a`, `person_b`: one of two people, told apart by a letter
    if len(toks) >= 2 and ref_noun(toks) and toks[-1] != "by" and not match_name(col) and \
            singular(toks[-1]) not in active().words("ambiguous_person_nouns") and toks[-1] == singular(toks[-1]) \
            and not set(toks) & _COUNT_WORDS:
        return _person_ref_by_values(c)  # `topic_poster`, `ticket_assignee`: the person, under the thing's prefix
    if len(toks) >= 3 and toks[-1] == "name" and ref_noun(toks[:-1]) and not match_name(col):
        return _person_name_by_values(c)  # `topic_last_poster_name`: that person's name or login
    if len(toks) >= 2 and toks[0] in _PARTY_WORDS and all(t in _PARTY_WORDS or t in person_ref_nouns() for t in toks) \
            and (ref_noun(toks) or toks[-1] in ("cc", "bcc", "multiple")):
        return _person_ref_by_values(c)  # `from_user`, `to_users`, `to_cc`: the parties of a message
    return None


def _own_id(toks: tuple[str, ...], table: str) -> bool:
    """`person_address_id` in `person_address`, `id_order_history` in `order_history`: the row's own key."""
    if len(toks) < 2 or not (toks[-1] in _ID_TOKENS or toks[0] == "id"):
        return False
    stem = toks[:-1] if toks[-1] in _ID_TOKENS else toks[1:]
    return tuple(singular(w) for w in stem) == table_words(table)


_COUNT_WORDS = frozenset({"num", "number", "max", "min", "count", "total", "quantity", "per", "limit", "nb"})
_TOKEN_TABLES = frozenset({"token", "session", "code", "key", "secret", "credential"})


def _token_row_key(c: Context) -> Candidate | None:
    """The key of a person's session or token row whose values are random tokens is the session id or token itself."""
    ctx, toks = c.ctx, c.tokens
    if not (ctx.primary_key or toks == ("id",)) or not c.belongs or c.org_table or c.person_table:
        return None
    words = set(table_words(ctx.table))
    if head_noun(ctx.table) not in _TOKEN_TABLES and not words & active().words("credential_table_words"):
        return None
    if any(set(tokenize(s)) & {"token", "session"} for s in ctx.sibling_columns if s != ctx.column):
        return None  # the row keeps its token in a column of its own: the key is only a key
    texts = c.prepared.texts
    if len(texts) < 3 or sum(1 for t in texts if is_secret_token(t)) < 0.8 * len(texts):
        return None
    if head_noun(ctx.table) == "session":
        return Candidate("user.device.cookie_id", 0.75, f"key of '{ctx.table}', a person's sessions: its values are "
                         "random tokens (the session id a cookie carries)", "key")
    return Candidate("user.authorization.credentials", 0.75, f"key of '{ctx.table}', a person's tokens: its values are "
                     "random tokens (the secret itself)", "key")


# Words naming the parties of a message (`from_user`, `to_cc`, `to_multiple_users`).
_PARTY_WORDS = frozenset({"from", "to", "cc", "bcc", "multiple", "reply"})
_TRACKING_TABLES = {"device": "user.device.device_id", "cookie": "user.device.cookie_id"}
_TRACKING_CATEGORIES = frozenset(_TRACKING_TABLES.values())
# Person words that may name an organisation instead (a business partner, a corporate sponsor).


def _names_tracking_id(toks: tuple[str, ...]) -> bool:
    """The name says device or cookie identifier (`cookie_id`, `device_uuid`, `idfa`)."""
    text = phrase(toks)
    return any(rule.category in _TRACKING_CATEGORIES and rule.pattern.search(text) for rule in id_rules())


def _person_ref_by_values(c: Context) -> Candidate | None:
    """`author`, `owner`, `post_author`: an id when values are numbers/uuids, a name when they are words."""
    p, col = c.prepared, c.ctx.column
    ids = v.count_row_ids(p.texts, _CODE_ID)
    words = sum(1 for t in p.texts if not t.isdigit() and "@" not in t and any(ch.isalpha() for ch in t))
    emails = sum(1 for t in p.texts if v.is_email(t))
    if emails and emails >= words:
        return None  # let the value signals call it an email
    dtype = c.ctx.data_type.lower()
    if "bool" in dtype or "bit" in dtype:
        return Candidate(None, 0.6, f"name '{col}' -> a person, but stored as {c.ctx.data_type} (a flag)", "key")
    if p.texts and set(p.texts) <= {"0", "1"} or not p.texts and p.numbers and set(p.numbers) <= {0.0, 1.0}:
        return Candidate(None, 0.6, f"name '{col}' -> a person, but its sampled values are only 0 and 1 (a flag)", "key")
    if ids and ids >= words or (not p.texts and any(k in dtype for k in ("int", "uuid", "serial", "number"))):
        reason = f"name '{col}' -> a person; {ids}/{len(p.texts)} sampled values are ids" if p.texts else \
            f"name '{col}' -> a person, stored as {c.ctx.data_type}"
        return Candidate("user.unique_id", 0.8, reason, "key")
    if words and singular(c.tokens[-1]) in active().words("ambiguous_person_nouns"):
        return _ambiguous_name(c, words)
    if words:
        names, distinct = person_name_share(p.texts)
        handles = sum(1 for t in p.texts if _HANDLE.match(t))
        if names >= 0.5 * len(p.texts):
            return Candidate("user.name", 0.7, f"name '{col}' -> a person; {names}/{len(p.texts)} sampled values "
                             "read as people's names", "key")
        if handles >= 0.6 * len(p.texts) and distinct >= min(5, 0.3 * len(p.texts)):
            return Candidate("user.account.username", 0.7, f"name '{col}' -> a person; {handles}/{len(p.texts)} "
                             "sampled values are login names", "key")
        return Candidate(None, 0.6, f"name '{col}' may name a person, but its {len(p.texts)} sampled values are "
                         f"neither ids nor people's names ({distinct} distinct: a role, code or flag)", "key")
    if len(c.tokens) > 1:
        return Candidate("user.name", 0.5, f"name '{col}' -> a person, stored as text", "key")
    return Candidate(None, 0.45, f"name '{col}' may name a person, but no values or id type say so", "key")


def _person_name_by_values(c: Context) -> Candidate | None:
    """`<person noun> name`: a login name when the values are handles, a person's name when they read as names."""
    texts = c.prepared.texts
    if not texts:
        return Candidate("user.name", 0.5, f"name '{c.ctx.column}' -> the name of a person (no sampled values)", "key")
    names, distinct = person_name_share(texts)
    handles = sum(1 for t in texts if _HANDLE.match(t))
    if names >= 0.5 * len(texts):
        return Candidate("user.name", 0.7, f"name '{c.ctx.column}' -> a person's name; {names}/{len(texts)} sampled "
                         "values read as people's names", "key")
    if handles >= 0.6 * len(texts) and distinct >= min(5, 0.3 * len(texts)):
        return Candidate("user.account.username", 0.7, f"name '{c.ctx.column}' -> a person's name; "
                         f"{handles}/{len(texts)} sampled values are login names", "key")
    return None


def _ambiguous_name(c: Context, words: int) -> Candidate:
    """`partner`, `sponsor`: a person's name only when the values read as people's names and vary like them."""
    col, texts = c.ctx.column, c.prepared.texts
    names, distinct = person_name_share(texts)
    varied = distinct >= 0.2 * len(texts) or len(texts) < 20
    if names >= 0.6 * len(texts) and varied:
        return Candidate("user.name", 0.65, f"name '{col}' -> a person; {names}/{len(texts)} sampled values read as "
                         "people's names", "key")
    why = f"{names}/{len(texts)} read as people's names" + ("" if varied else f", only {distinct} distinct")
    return Candidate(None, 0.6, f"name '{col}' may be a person or an organisation; {words}/{len(texts)} sampled "
                     f"values are words, {why}", "key")


# ------------------------------------------------------------------------------------------------ names
def name_candidate(c: Context) -> tuple[Candidate | None, NameRule | None]:
    """The first column-name rule whose table scope holds; else the first match, reported as not personal."""
    rules = match_name(c.ctx.column)
    if not rules:
        text = phrase(c.tokens)
        rules = tuple(r for r in id_rules() if r.pattern.search(text))[:1]
    if not rules:
        rules = _without_table_prefix(c)
    if not rules:
        return None, None
    col = c.ctx.column
    first_failure = ""
    for rule in rules:
        if rule.category is None:
            return Candidate(None, rule.score, f"name '{col}' -> {rule.label}, not personal", "name"), rule
        ok, why = scope_ok(rule, c)
        if ok:
            return _rule_candidate(rule, c), rule
        first_failure = first_failure or f"name '{col}' -> {rules[0].label}, but {why}"
    return Candidate(None, 0.65, first_failure, "name"), rules[0]


def _without_table_prefix(c: Context) -> tuple[NameRule, ...]:
    """`user_occ` in `users`, `emp_dob` in `employees`: the table's own noun (or its first letters) before a field."""
    toks, words = c.tokens, table_words(c.ctx.table)
    if len(toks) < 2 or not words or not c.person_table:
        return ()
    head = head_noun(c.ctx.table)
    first = toks[0]
    if first != head and not (len(first) >= 3 and head.startswith(first)):
        return ()
    rules = match_name(" ".join(toks[1:]))
    return rules if any(r.category is not None and scope_ok(r, c)[0] for r in rules) else ()


# A payments table of a person's finances is still what they paid someone (user.payment), not their own ledger.
_PAID_TO_SOMEONE = PAYMENT_TABLES - {"transaction", "wallet"}


def _rule_candidate(rule: NameRule, c: Context) -> Candidate:
    """A rule that holds here as a candidate, with content and payment refined by the table."""
    assert rule.category is not None
    category = rule.category
    if rule.scope == "content":
        public = c.content == "public" or (c.tokens and c.tokens[-1] in ("review", "reviews")) or copies_published(c)
        category = "user.content.public" if public else "user.content.private"
    words = set(table_words(c.ctx.table))
    if rule.scope == "payment" and words & PURCHASE_TABLES:
        category = "user.behavior.purchase_history"
    elif rule.scope == "payment" and (not words & PAYMENT_TABLES or financial_record(c) and not words & _PAID_TO_SOMEONE):
        category = "user.financial"  # an amount of a person's own record (claim, advance, budget), not a payment
    flags = (rule.flag,) if rule.flag else ()
    note = c.content_note if rule.scope == "content" else ""
    return Candidate(category, rule.score, f"name '{c.ctx.column}' -> {rule.label}{note}", "name", flags)


# ------------------------------------------------------------------------------------------------ values
Check = Callable[[str], bool]
# Validators that identify a category on their own, with the minimum share of values that must pass.
STRONG: tuple[tuple[str, str, Check, float], ...] = (
    ("user.contact.email", "valid email addresses", v.is_email, 0.6),
    ("user.financial.bank_account", "valid IBANs", v.is_iban, 0.6),
    ("user.financial.credit_card", "valid payment card numbers (Luhn)", v.is_card_number, 0.8),
    # libphonenumber accepts most 7-12 digit strings with a leading 0 or dashes, so codes (registration numbers, drug
    # codes, batch numbers) pass 60-85% of the time; nationally written phone numbers need 90% (phone_ratio).
    ("user.contact.phone_number", "valid phone numbers", v.is_phone, 0.9),
    ("user.device.ip_address", "valid IPv4/IPv6 addresses", v.is_ip, 0.8),
)
# Validators whose matches cannot be chance (a check digit or a strict syntax): they beat a non-personal name.
STRICT = frozenset({"user.contact.email", "user.financial.bank_account", "user.financial.credit_card"})
CONFIRMERS: dict[str, tuple[str, Check]] = {
    "user.contact.email": ("valid email addresses", v.is_email),
    "user.contact.phone_number": ("valid phone numbers", v.is_phone),
    "user.contact.fax_number": ("valid phone numbers", v.is_phone),
    "user.device.ip_address": ("valid IPv4/IPv6 addresses", v.is_ip),
    "user.device.device_id": ("device identifiers (UUID/IDFA/GAID/Android ID/IMEI)", v.is_device_id),
    "user.device.cookie_id": ("cookie identifiers", v.is_cookie_id),
    "user.financial.credit_card": ("valid payment card numbers (Luhn)", v.is_card_number),
    "user.financial.bank_account": ("valid IBANs", v.is_iban),
    "user.contact.address.postal_code": ("postal codes", v.is_postal_code),
    "user.contact.address.country": ("ISO 3166 country codes or names", v.is_country),
    "user.demographic.language": ("ISO 639 language codes or locales", v.is_language),
    "user.contact.url": ("URLs", v.is_url),
    "user.authorization.password": ("password hashes", v.is_password_hash),
    "user.authorization.credentials": ("random tokens", v.is_random_token),
    "user.content.private": ("free text", v.is_free_text),
    "user.content.public": ("free text", v.is_free_text),
}


# Validators too costly to run on every sampled value once the values clearly agree (see values.count).
COSTLY = frozenset({"user.contact.phone_number", "user.contact.fax_number", "user.financial.bank_account"})


def _digit_count(text: str) -> int:
    """How many characters of `text` are digits (str.isdigit), counted in C for ASCII text."""
    if text.isascii():
        return sum(map(text.count, "0123456789"))
    return sum(ch.isdigit() for ch in text)


# Line-by-line forms of the validators' own shape checks, searched once over the probe joined by newlines.
_CARD_LINE = re.compile(r"^[\d \-]{12,23}$", re.M)
_IBAN_LINE = re.compile(r"^[A-Za-z]{2}\d{2}[A-Za-z0-9 ]{10,36}$", re.M)
_PHONE_LINE = re.compile(PHONE_SHAPE.pattern, re.M | re.I)


def _shaped(key: str, probe: tuple[str, ...], joined: str) -> bool:
    """A quick look at the probe (and at it joined by newlines) so validators run only where they can match."""
    if key == "user.contact.email":
        return "@" in joined
    if key == "user.device.ip_address":
        return ("." in joined or ":" in joined) and any(("." in t or ":" in t) and len(t) <= 50 for t in probe)
    if key == "user.financial.credit_card":  # only card-shaped values can pass, so none means no hits
        return _CARD_LINE.search(joined) is not None
    if key == "user.financial.bank_account":  # likewise IBAN-shaped
        return _IBAN_LINE.search(joined) is not None
    if key == "user.contact.phone_number":  # phone-shaped, and written like a phone rather than a plain number
        return _PHONE_LINE.search(joined) is not None and any(
            t.startswith(("+", "0")) or (not t.replace(".", "").isdigit() and _digit_count(t) >= 7) for t in probe)
    return True


def _count(category: str, texts: tuple[str, ...], check: Check, min_ratio: float) -> tuple[int, int]:
    """Matches and values checked; costly checks stop once the values clearly agree."""
    return v.count(texts, check, min_ratio=min_ratio, certain=v.CERTAIN if category in COSTLY else 0)


def value_candidates(c: Context, only: frozenset[str] | None = None) -> list[Candidate]:
    """Categories the sampled values prove on their own (emails, IBANs, cards, phones, IPs), or `only` some."""
    texts = c.prepared.texts
    if not texts:
        return []
    out: list[Candidate] = []
    probe = texts[: v.PROBE]
    joined = "\n".join(probe)
    for category, label, check, min_ratio in STRONG:
        if only is not None and category not in only or not _shaped(category, probe, joined):
            continue
        if category == "user.contact.phone_number":
            min_ratio = phone_ratio(probe, min_ratio)
        hits, checked = _count(category, texts, check, min_ratio)
        if checked and hits >= min(3, checked) and hits / checked >= min_ratio:
            score = 0.6 + 0.25 * hits / checked
            out.append(Candidate(category, round(score, 3), f"{v.share(hits, checked, len(texts))} are {label}",
                                 "values"))
    return out


def confirm(category: str, c: Context) -> tuple[int, int, str] | None:
    """How many sampled values fit the name's category: (hits, checked, what they are), None when nothing to check.

    What they are reads `12/200 sampled values are valid phone numbers` (or `40/40 checked of 200 ...`).
    """
    texts = c.prepared.texts
    if category == "user.location.precise":
        total = len(c.prepared.numbers) or len(texts)
        if not total:
            return None
        hits = v.count_coordinates(c.prepared)
        return hits, total, f"{hits}/{total} sampled values are coordinates"
    entry = CONFIRMERS.get(category)
    if entry is None or not texts:
        return None
    label, check = entry
    if category.startswith("user.content."):
        hits, checked = v.free_text_count(c.prepared), len(texts)
    else:
        hits, checked = _count(category, texts, check, 0.2)
    return hits, checked, f"{v.share(hits, checked, len(texts))} are {label}"
