"""What the shape of a person's values says when the name says nothing: secrets, key-value rows, JSON profiles."""

from __future__ import annotations

import json
import re
from collections import Counter

from privacy_inventory.classify import values as v
from privacy_inventory.classify.context import Candidate, Context
from privacy_inventory.classify.images import is_image_text
from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.names import match_name
from privacy_inventory.classify.row_settings import mostly_flags
from privacy_inventory.classify.tables import table_words
from privacy_inventory.classify.tokens import singular, tokenize

KEY_WORDS = frozenset({"key", "name", "field", "attribute", "property", "meta", "setting", "option"})
# Keys that only a person's record has (a `key` or `token` key is a setting as often as a secret).
_JSON_PERSONAL = ("user.contact", "user.name", "user.demographic", "user.government_id", "user.financial.")
VALUE_WORDS = frozenset({"value", "val", "data", "content"})
_CONSENT_NOUNS = frozenset({"consent", "privacy", "permission"})


def is_crypt_hash(text: str) -> bool:
    """A password hash in a self-describing format (`$2b$...`, `pbkdf2_sha256$...`); bare hex or base64 is any secret."""
    return v.is_password_hash(text) and not text.isalnum() and not set(text) <= _BARE


_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_")
_HEX = re.compile(r"^[0-9a-fA-F]{16,128}$")


def is_secret_token(text: str) -> bool:
    """A random token (URL-safe, base64) or a hex key of 64 bits or more: no uuid, crypt hash, web address or picture."""
    if v.is_uuid(text) or is_crypt_hash(text) or "://" in text and v.is_url(text) or is_image_text(text):
        return False  # a web address: its random path names a file or a page, it opens nothing by itself
    if _HEX.match(text):
        return any(ch.isdigit() for ch in text) and any(ch.isalpha() for ch in text) and len(set(text)) >= 6
    return v.is_random_token(text)


def secret_candidate(c: Context) -> Candidate | None:
    """High-entropy strings (hex, base64, URL-safe tokens) in a person's row are credentials, whatever their name."""
    texts = c.prepared.texts
    if not (c.person_table or c.belongs) or c.org_table or len(texts) < 3:
        return None
    if set(c.tokens) & active().words("not_secret_words"):
        return None  # a public key, a file's digest, a payment reference: random, but nobody's secret
    probe = texts[:v.PROBE]
    links = sum(1 for t in probe if "://" in t and v.is_url(t))
    if links >= 0.8 * len(probe):
        return _link_in_a_row(c, links, len(probe))
    if sum(1 for t in probe if is_secret_token(t)) < 0.8 * len(probe):
        return None  # most values are no tokens: settled on the probe
    tokens = sum(1 for t in texts if is_secret_token(t))
    if tokens < 0.8 * len(texts) or len(set(texts)) < 0.8 * len(texts):
        return None
    return Candidate("user.authorization.credentials", 0.6, f"{tokens}/{len(texts)} sampled values are distinct "
                     "high-entropy tokens in a person's row (a secret, whatever its name)", "values")


_PICTURE = re.compile(r"\.(jpe?g|png|gif|webp|heic|bmp|svg)(\?|$)", re.I)


def _link_in_a_row(c: Context, links: int, probed: int) -> Candidate:
    """Web links in a person's row, named by nothing: a picture or a document kept about the person, not a secret."""
    pictures = sum(1 for t in c.prepared.texts[:v.PROBE] if _PICTURE.search(t))
    if pictures >= 0.8 * links:
        return Candidate("user.content.self_image", 0.5, f"{pictures}/{probed} sampled values are links to pictures in "
                         "a person's row (their photo, whatever its name)", "values")
    return Candidate("user.content.private", 0.45, f"{links}/{probed} sampled values are web links in a person's row "
                     "(a document or page kept about them)", "values")


def key_value_candidate(c: Context) -> Candidate | None:
    """`meta_value` beside `meta_key` in a table keyed by a person: the values are facts about that person."""
    toks = c.tokens
    if not toks or toks[-1] not in VALUE_WORDS or not (c.belongs or c.person_table) or c.org_table:
        return None
    prefix = toks[:-1]
    if any(tokenize(s)[:len(toks)] == toks and len(tokenize(s)) > len(toks) for s in c.ctx.sibling_columns):
        return None  # `value` beside `value_tax_excl`: an amount of the row with its variants, not a key-value pair
    settings = {singular(w) for w in table_words(c.ctx.table) if w in active().words("settings_table_nouns")}
    for sibling in c.ctx.sibling_columns:
        s = tokenize(sibling)
        if s and (s[-1] in KEY_WORDS and s[:-1] == prefix or bool(prefix) and s == prefix and s[-1] in KEY_WORDS):
            if settings:
                consent = settings & _CONSENT_NOUNS
                what = "what that person allows" if consent else "that person's settings"
                return Candidate("user.privacy_preferences" if consent else "user.account.settings", 0.55,
                                 f"'{c.ctx.column}' holds the values of '{sibling}' entries in '{c.ctx.table}', a table "
                                 f"of {sorted(settings)[0]}s keyed by a person: {what} (a key-value record)", "values")
            if mostly_flags(c):
                return Candidate("user.account.settings", 0.5, f"'{c.ctx.column}' holds the values of '{sibling}' "
                                 f"entries of the person '{c.ctx.table}' belongs to, mostly switches, small numbers or "
                                 "locale codes: that person's settings in the application (a key-value record)",
                                 "values")
            return Candidate("user.demographic.profile", 0.55, f"'{c.ctx.column}' holds the values of '{sibling}' "
                             f"entries about the person '{c.ctx.table}' belongs to (a key-value record)", "values")
    return None


def json_candidate(c: Context) -> Candidate | None:
    """JSON objects whose keys name personal fields (`email`, `first_name`, `birthday`) hold a person's data."""
    texts = c.prepared.texts
    if not texts or c.org_table or not any(t.startswith("{") for t in texts[:v.PROBE]):
        return None
    found: Counter[str] = Counter()
    objects = 0
    for text in texts[:v.PROBE]:
        if not (text.startswith("{") and text.endswith("}")):
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        objects += 1
        for key in list(data)[:50]:
            rules = match_name(str(key))
            if rules and rules[0].category and rules[0].category.startswith(_JSON_PERSONAL):
                found[rules[0].category] += 1
    if objects < 0.5 * min(len(texts), v.PROBE) or not found:
        return None
    category, hits = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if hits < max(2, 0.3 * objects):
        return None
    keys = ", ".join(sorted(found)[:3])
    return Candidate(category, 0.6, f"{objects} sampled values are JSON objects whose keys name personal fields "
                     f"({keys})", "values")
