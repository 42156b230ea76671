"""The signals: keys, names and sampled values, each proposing (category, score, reason) for the combiner."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from privacy_inventory.classify import values as v
from privacy_inventory.classify.names import ID_RULES, PERSON_REF_NOUNS, NameRule, has_org_prefix, has_system_word, match_name
from privacy_inventory.classify.tables import content_kind, head_noun, is_org_table, is_person_table, table_words
from privacy_inventory.classify.tokens import phrase, singular, tokenize
from privacy_inventory.models import ColumnContext


@dataclass(frozen=True)
class Candidate:
    """One signal's proposal: a category (None = not personal), how sure it is, and a readable reason."""

    category: str | None
    score: float
    reason: str
    source: str  # key | name | values
    flags: tuple[str, ...] = ()


@dataclass
class Context:
    """What the signals share about one column: tokens, the table's nature and the prepared sample."""

    ctx: ColumnContext
    tokens: tuple[str, ...]
    person_table: bool
    org_table: bool
    owned: bool
    content: str | None
    prepared: v.Prepared
    facts: dict[str, float] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


_ID_TOKENS = frozenset({"id", "ids", "uuid", "guid", "fk", "uid", "pk", "key"})
_OWNER_NOUNS = frozenset({
    "user", "customer", "member", "patient", "person", "author", "account", "profile", "subscriber", "student",
    "employee", "buyer", "sender", "recipient", "contact", "guest", "visitor", "participant", "reporter",
    "requester", "poster", "commenter", "reviewer", "pid", "uid", "partner", "follower", "attendee", "applicant",
})
_PLACE_PREFIXES = frozenset({"billing", "shipping", "home", "delivery", "mailing", "postal", "residential",
                             "customer", "user", "member", "patient", "personal", "private", "contact"})
_ADDRESS_WORDS = frozenset({"street", "city", "postal", "address", "country", "town"})
_PAYMENT_TABLES = frozenset({"payment", "transaction", "charge", "refund", "invoice", "payout", "subscription",
                             "billing", "donation", "wallet"})
_PURCHASE_TABLES = frozenset({"order", "purchase", "sale", "cart", "basket", "quote", "checkout"})
_BROWSE_TABLES = frozenset({"pageview", "page", "visit", "event", "click", "session", "analytics", "tracking",
                            "hit", "request", "access", "clickstream", "impression", "referral"})
_MEDIA_TABLES = frozenset({"watch", "view", "viewing", "play", "playback", "stream", "listen", "progress",
                           "watchlist", "watched", "bookmark", "rental"})
_SEARCH_TABLES = frozenset({"search", "query", "searche"})
_CHILD_TABLES = frozenset({"child", "kid", "minor", "pupil", "junior"})
_DESCRIPTIVE = frozenset({"description", "details", "summary", "title", "subject", "excerpt", "instructions"})
_PERSON_NOTE_WORDS = frozenset({"note", "notes", "comment", "comments", "remark", "remarks", "memo", "feedback",
                                "description", "details", "reason", "message", "about", "summary"})


def ref_noun(tokens: tuple[str, ...]) -> bool:
    """True when the words name a person (`user`, `post author`, `resource owner`, `created by`)."""
    if not tokens:
        return False
    if tokens[-1] == "by":
        return True
    last = singular(tokens[-1])
    return last in PERSON_REF_NOUNS or " ".join(tokens[-2:]) in PERSON_REF_NOUNS


def owned_by_person(table: str, siblings: tuple[str, ...]) -> bool:
    """True when a sibling column points at a person (`user_id`, `customer_id`, `author_id`)."""
    del table
    for sibling in siblings:
        toks = tokenize(sibling)
        if len(toks) >= 2 and toks[-1] in _ID_TOKENS and singular(toks[-2]) in _OWNER_NOUNS:
            return True
        if len(toks) >= 1 and toks[-1] in ("pid", "uid") or toks in (("user",), ("customer",), ("post", "author")):
            return True
    return False


def build_context(ctx: ColumnContext) -> Context:
    """Work out the shared facts once per column."""
    person = is_person_table(ctx.table, ctx.sibling_columns)
    owned = owned_by_person(ctx.table, ctx.sibling_columns)
    return Context(
        ctx=ctx,
        tokens=tuple(t for t in tokenize(ctx.column) if not t.isdigit() or t == "4"),
        person_table=person,
        org_table=is_org_table(ctx.table) and not person,
        owned=owned,
        content=content_kind(ctx.table),
        prepared=v.prepare(ctx.values),
    )


# ------------------------------------------------------------------------------------------------ keys
def key_candidate(c: Context) -> Candidate | None:
    """Primary keys, foreign keys and id-named columns: ids of people are user.unique_id, others are not personal."""
    ctx, toks, col = c.ctx, c.tokens, c.ctx.column
    if ctx.primary_key:
        if c.person_table:
            return Candidate("user.unique_id", 0.9, f"primary key of person table '{ctx.table}'", "key")
        id_like = not toks or toks[-1] in _ID_TOKENS - {"key"} or toks in (("code",), ("slug",), ("name",))
        if id_like and not ref_noun(toks[:-1]):
            return Candidate(None, 0.85, f"primary key of '{ctx.table}', which does not hold people", "key")
    if ctx.references_person_table:
        return Candidate("user.unique_id", 0.95, f"foreign key '{col}' points at a person table", "key")
    if ctx.references:
        ref_table = ctx.references.rsplit(".", 1)[0]
        if is_person_table(ref_table):
            return Candidate("user.unique_id", 0.9, f"foreign key '{col}' -> {ctx.references}, a person table", "key")
    if toks and toks[-1] in _ID_TOKENS and toks[-1] != "key" or (len(toks) > 1 and toks[-1] == "key" and toks[-2] in ("foreign", "fk")):
        stem = toks[:-1]
        text = phrase(toks)
        for rule in ID_RULES:
            if rule.pattern.search(text):
                return None  # handled as a name rule
        if not stem:
            if c.person_table:
                return Candidate("user.unique_id", 0.85, f"'{col}' identifies rows of person table '{ctx.table}'", "key")
            return Candidate(None, 0.8, f"'{col}' identifies rows of '{ctx.table}', which does not hold people", "key")
        if ref_noun(stem):
            return Candidate("user.unique_id", 0.85, f"name '{col}' -> id of a person", "key")
        if ctx.references:
            return Candidate(None, 0.85, f"foreign key '{col}' -> {ctx.references}, not a person table", "key")
        return Candidate(None, 0.75, f"name '{col}' -> id of a '{' '.join(stem)}', not a person", "key")
    if toks and toks[-1] == "by" or (len(toks) > 1 and toks[-2:] == ("by", "id")):
        return Candidate("user.unique_id", 0.8, f"name '{col}' -> the person who did it", "key")
    if toks and all(t in PERSON_REF_NOUNS or t in ("post", "comment", "message", "review", "target", "resource")
                    for t in toks) and ref_noun(toks):
        return _person_ref_by_values(c)
    return None


def _person_ref_by_values(c: Context) -> Candidate | None:
    """`author`, `owner`, `post_author`: an id when values are numbers/uuids, a name when they are words."""
    p, col = c.prepared, c.ctx.column
    ids = sum(1 for t in p.texts if t.isdigit() or v.is_uuid(t))
    words = sum(1 for t in p.texts if not t.isdigit() and "@" not in t and any(ch.isalpha() for ch in t))
    emails = sum(1 for t in p.texts if v.is_email(t))
    if emails and emails >= words:
        return None  # let the value signals call it an email
    dtype = c.ctx.data_type.lower()
    if "bool" in dtype or "bit" in dtype:
        return Candidate(None, 0.6, f"name '{col}' -> a person, but stored as {c.ctx.data_type} (a flag)", "key")
    if ids and ids >= words or (not p.texts and any(k in dtype for k in ("int", "uuid", "serial", "number"))):
        reason = f"name '{col}' -> a person; {ids}/{len(p.texts)} sampled values are ids" if p.texts else \
            f"name '{col}' -> a person, stored as {c.ctx.data_type}"
        return Candidate("user.unique_id", 0.8, reason, "key")
    if words:
        return Candidate("user.name", 0.7, f"name '{col}' -> a person; {words}/{len(p.texts)} sampled values are "
                         "words (names)", "key")
    if len(c.tokens) > 1:
        return Candidate("user.name", 0.5, f"name '{col}' -> a person, stored as text", "key")
    return Candidate(None, 0.45, f"name '{col}' may name a person, but no values or id type say so", "key")


# ------------------------------------------------------------------------------------------------ names
def _scope_ok(rule: NameRule, c: Context) -> tuple[bool, str]:
    """Whether a rule's table scope holds here, and the reason when it does not."""
    toks, table = c.tokens, c.ctx.table
    if rule.scope == "any":
        return True, ""
    org = f"'{table}' holds organisations or settings, not people"
    if rule.scope in ("contact", "place"):
        if c.org_table:
            return False, org
        if has_org_prefix(toks) and not c.person_table and not any(t in _PLACE_PREFIXES for t in toks):
            return False, "the name says it belongs to an organisation"
        if rule.category and rule.category.startswith("user.contact.address.") and not (
                c.person_table or c.owned or head_noun(table) in ("address", "location", "shipping", "billing")
                or any(t in _PLACE_PREFIXES for t in toks) or _has_address_siblings(c)):
            return False, f"'{table}' is not about people"
        return True, ""
    if rule.scope == "person":
        return (c.person_table, f"'{table}' is not a person table")
    if rule.scope == "person_or_prefixed":
        prefixed = len(toks) > 1 and any(singular(t) in PERSON_REF_NOUNS for t in toks[:-1])
        return (c.person_table or prefixed) and not c.org_table, f"'{table}' is not a person table"
    if rule.scope == "owned":
        return (c.person_table or c.owned or c.content is not None) and not c.org_table, f"'{table}' is not about people"
    if rule.scope in ("secret", "secret_key"):
        if has_system_word(toks) or c.org_table:
            return False, "a system credential, not a person's"
        if rule.scope == "secret_key" and not set(table_words(table)) & {"key", "token", "api", "credential"}:
            return False, "a key of something other than a person's login"
        if not (c.person_table or c.owned or head_noun(table) in ("session", "token", "credential", "identity")):
            return False, f"'{table}' does not belong to a person"
        return True, ""
    if rule.scope == "address":
        ok = (_has_address_siblings(c) or any(t in _PLACE_PREFIXES for t in toks)) and not c.org_table
        return ok, "no address columns beside it (a status, not a place)"
    if rule.scope == "content":
        if c.org_table:
            return False, org
        if c.content:
            return True, ""
        if c.owned and not c.person_table and toks[-1] not in _DESCRIPTIVE:
            return True, ""
        if c.person_table and toks and toks[-1] in _PERSON_NOTE_WORDS:
            return True, ""
        return False, f"'{table}' is not text written by people"
    words = set(table_words(table))
    if rule.scope == "payment":
        ok = bool(words & (_PAYMENT_TABLES | _PURCHASE_TABLES)) and (c.owned or c.person_table)
        return ok, "not a payment of a person"
    if rule.scope == "search":
        return (bool(words & _SEARCH_TABLES) or "search" in toks) and not c.org_table, "not a search log"
    if rule.scope == "media":
        return (bool(words & _MEDIA_TABLES) or c.owned) and not c.org_table, "not a viewing log"
    if rule.scope == "browsing":
        return (bool(words & _BROWSE_TABLES) or (c.owned and toks[-1:] in (("referrer",), ("referer",)))) \
            and not c.org_table, "not a browsing log"
    return False, "not personal"


def _has_address_siblings(c: Context) -> bool:
    """Siblings such as city, postcode, street: the table holds addresses."""
    found = 0
    for sibling in c.ctx.sibling_columns:
        if set(tokenize(sibling)) & _ADDRESS_WORDS:
            found += 1
    return found >= 2


def name_candidate(c: Context) -> tuple[Candidate | None, NameRule | None]:
    """The first column-name rule whose table scope holds; else the first match, reported as not personal."""
    rules = match_name(c.ctx.column)
    if not rules:
        text = phrase(c.tokens)
        rules = tuple(r for r in ID_RULES if r.pattern.search(text))[:1]
    if not rules:
        return None, None
    col = c.ctx.column
    first_failure = ""
    for rule in rules:
        if rule.category is None:
            return Candidate(None, rule.score, f"name '{col}' -> {rule.label}, not personal", "name"), rule
        ok, why = _scope_ok(rule, c)
        if ok:
            return _rule_candidate(rule, c), rule
        first_failure = first_failure or f"name '{col}' -> {rules[0].label}, but {why}"
    return Candidate(None, 0.65, first_failure, "name"), rules[0]


def _rule_candidate(rule: NameRule, c: Context) -> Candidate:
    """A rule that holds here as a candidate, with content and payment refined by the table."""
    assert rule.category is not None
    category = rule.category
    if rule.scope == "content":
        public = c.content == "public" or (c.tokens and c.tokens[-1] in ("review", "reviews"))
        category = "user.content.public" if public else "user.content.private"
    if rule.scope == "payment" and set(table_words(c.ctx.table)) & _PURCHASE_TABLES:
        category = "user.behavior.purchase_history"
    flags = (rule.flag,) if rule.flag else ()
    return Candidate(category, rule.score, f"name '{c.ctx.column}' -> {rule.label}", "name", flags)


# ------------------------------------------------------------------------------------------------ values
Check = Callable[[str], bool]
# Validators that identify a category on their own, with the minimum share of values that must pass.
STRONG: tuple[tuple[str, str, Check, float], ...] = (
    ("user.contact.email", "valid email addresses", v.is_email, 0.6),
    ("user.financial.bank_account", "valid IBANs", v.is_iban, 0.6),
    ("user.financial.credit_card", "valid payment card numbers (Luhn)", v.is_card_number, 0.8),
    ("user.contact.phone_number", "valid phone numbers", v.is_phone, 0.7),
    ("user.device.ip_address", "valid IPv4/IPv6 addresses", v.is_ip, 0.8),
)
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


def _has_shape(texts: tuple[str, ...], key: str) -> bool:
    """A quick look at the probe so expensive validators run only where they can match."""
    probe = texts[: v.PROBE]
    if key == "user.contact.email":
        return any("@" in t for t in probe)
    if key == "user.device.ip_address":
        return any(("." in t or ":" in t) and len(t) <= 50 for t in probe)
    if key in ("user.contact.phone_number", "user.financial.credit_card"):
        return any(sum(ch.isdigit() for ch in t) >= 7 and not t.replace(".", "").isdigit() or
                   (t.startswith("+") or t.startswith("0")) for t in probe)
    if key == "user.financial.bank_account":
        return any(len(t) >= 14 and t[:2].isalpha() and t[2:4].isdigit() for t in probe)
    return True


def value_candidates(c: Context) -> list[Candidate]:
    """Categories the sampled values prove on their own (emails, IBANs, cards, phones, IPs)."""
    texts = c.prepared.texts
    if not texts:
        return []
    out: list[Candidate] = []
    for category, label, check, min_ratio in STRONG:
        if not _has_shape(texts, category):
            continue
        hits, checked = v.count(texts, check, min_ratio=min_ratio)
        if checked and hits >= min(3, checked) and hits / checked >= min_ratio:
            score = 0.6 + 0.25 * hits / checked
            out.append(Candidate(category, round(score, 3), f"{hits}/{checked} sampled values are {label}", "values"))
    return out


def confirm(category: str, c: Context) -> tuple[int, int, str] | None:
    """How many sampled values fit the name's category: (hits, checked, label), None when nothing to check."""
    texts = c.prepared.texts
    if category == "user.location.precise":
        total = len(c.prepared.numbers) or len(texts)
        return (v.count_coordinates(c.prepared), total, "coordinates") if total else None
    entry = CONFIRMERS.get(category)
    if entry is None or not texts:
        return None
    label, check = entry
    if category.startswith("user.content."):
        return v.free_text_count(c.prepared), len(texts), label
    hits, checked = v.count(texts, check, min_ratio=0.2)
    return hits, checked, label
