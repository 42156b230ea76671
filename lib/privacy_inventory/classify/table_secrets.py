"""A person's secret named only by its table: `user_passwords.hash`, `access_codes.code`, `api_keys.hashed_key`.

A table that holds one kind of secret for a person (their passwords, access codes, API keys, invitation links,
security keys) often names its payload column with a bare word (`hash`, `code`, `value`) or with the table's own noun
(`invitation_key`). The column is that secret (issue 11 class 10), whatever its name says alone. A table of codes or
keys is one only when an authentication word says so (`access_code`, `api_key`, not `discount_code`), and no system
word makes it the installation's (`client`, `webhook`, `license`).
"""

from __future__ import annotations

from functools import lru_cache

from privacy_inventory.classify import values as v
from privacy_inventory.classify.context import Candidate, Context
from privacy_inventory.classify.knowledge import active, register_cache
from privacy_inventory.classify.shapes import is_crypt_hash, is_secret_token
from privacy_inventory.classify.tables import table_words
from privacy_inventory.classify.token_tables import PERSONS_TOKENS
from privacy_inventory.classify.tokens import singular, tokenize

_PASSWORD = frozenset({"password", "passwd", "pwd", "passphrase"})
# Words of the payload column: the secret itself, possibly hashed or encrypted.
_PAYLOAD = frozenset({"hash", "digest", "value", "secret", "token", "key", "code", "passcode", "pin", "password",
                      "passwd", "ciphertext"})
_MODIFIERS = frozenset({"hashed", "encrypted", "crypted", "secret", "public", "private", "raw", "plain", "signed",
                        "current", "the"})
_NOT_PAYLOAD = frozenset({"id", "ids", "uuid", "type", "kind", "name", "label", "prefix", "hint", "last", "length",
                          "count", "algorithm", "algo", "scope", "scopes", "status", "expires", "expiry", "at", "date",
                          "version", "format", "salt", "note", "description", "start", "end"})


@register_cache
def _clear() -> None:
    _secret_table.cache_clear()


@lru_cache(maxsize=4096)
def _secret_table(table: str) -> tuple[str, str] | None:
    """(the secret's noun, its category) when a table holds one kind of a person's secret; None otherwise.

    Cached: the same for every column of a table, and it reads the knowledge (cleared when that changes)."""
    k = active()
    words = tuple(singular(w) for w in table_words(table))
    if set(words) & k.words("system_secret_words"):
        return None  # `oauth_clients`, `webhook_secrets`, `license_keys`: the installation's
    if set(words[:-1]) & (k.words("org_prefixes") | k.words("org_table_nouns")):
        return None  # `company_tokens`, `team_api_keys`: an organisation's, whoever created them
    if set(words) & _PASSWORD:
        return "password", "user.authorization.password"
    strong = [w for w in words if w in k.words("secret_table_nouns")]
    strong += [w for w in sorted(k.words("secret_table_nouns")) if any(ch.isdigit() for ch in w) and w in table.lower()]
    if strong:
        return strong[-1], "user.authorization.credentials"
    phrase = " " + " ".join(words) + " "
    if any(f" {w} " in phrase for w in k.words("credential_table_words")):
        return words[-1], "user.authorization.credentials"
    qualified = set(words) & k.words("auth_qualifier_words")
    if qualified and words[-1] in k.words("qualified_secret_nouns"):
        return words[-1], "user.authorization.credentials"
    return None


def _payload(tokens: tuple[str, ...], table: str) -> bool:
    """The column is the row's secret: a payload word, with nothing but the table's words or a modifier before it."""
    if not tokens or tokens[-1] not in _PAYLOAD or set(tokens) & _NOT_PAYLOAD:
        return False
    own = {singular(w) for w in table_words(table)}
    return all(singular(t) in own or t in _MODIFIERS for t in tokens[:-1])


def _values_fit(c: Context) -> bool:
    """Sampled values, if any, look like secrets: tokens, hashes or codes of digits and letters, never words."""
    texts = c.prepared.texts
    if not texts:
        return not c.prepared.non_null and not c.stored_as_flag()
    probe = texts[:v.PROBE]
    fit = sum(1 for t in probe if is_secret_token(t) or is_crypt_hash(t) or v.is_password_hash(t)
              or (len(t) >= 6 and " " not in t and any(ch.isdigit() for ch in t)))
    return fit >= 0.8 * len(probe) and len(set(texts)) >= 0.8 * len(texts)


def _names_a_token_id(tokens: tuple[str, ...]) -> bool:
    """`id` of a token row, `access_token_id`: a token's id, which in many schemas is the token string itself."""
    return tokens == ("id",) or (len(tokens) >= 2 and tokens[-1] == "id" and bool(set(tokens) & {"token", "code"}))


def _has_payload_column(c: Context) -> bool:
    """Another column holds the secret (`api_keys.hashed_key`): then a random-looking id is only the row's id."""
    return any(_payload(tuple(t for t in tokenize(s) if not t.isdigit()), c.ctx.table)
               for s in c.ctx.sibling_columns if s != c.ctx.column)


def _all_tokens(c: Context) -> bool:
    """Every sampled value is a distinct random token (not a number, uuid or word): the id is the secret itself."""
    texts = c.prepared.texts
    return len(texts) >= 3 and sum(1 for t in texts if is_secret_token(t)) >= 0.9 * len(texts) and \
        len(set(texts)) >= 0.9 * len(texts)


def table_secret(c: Context) -> Candidate | None:
    """The secret a person's secrets table keeps under a bare name, with why; None when the column is something else."""
    if c.ctx.table_role in ("reference", "organisation", "business") or c.person_table:
        return None
    chained = PERSONS_TOKENS in c.ctx.table_role_evidence
    if not (c.ctx.table_subjects or c.ctx.record_of or c.belongs or chained):
        return None  # nobody's: an installation's keys
    found = _secret_table(c.ctx.table)
    toks = tuple(t for t in tokenize(c.ctx.column) if not t.isdigit())
    if found is None:
        return None
    if not (_payload(toks, c.ctx.table) and _values_fit(c)) and not (_names_a_token_id(toks) and _all_tokens(c)
                                                                     and not _has_payload_column(c)):
        return None
    noun, category = found
    whose = c.ctx.table_subjects[0] if c.ctx.table_subjects else (c.ctx.record_of[0] if c.ctx.record_of else
                                                                   "whose access token it follows" if chained else "a person")
    kind = "password" if category.endswith("password") else f"{noun} (a credential)"
    seen = f"; {len(c.prepared.texts)} sampled values look like secrets" if c.prepared.texts else "; no sampled values"
    return Candidate(category, 0.6, f"'{c.ctx.column}' is the {kind} that each row of '{c.ctx.table}' keeps for a "
                     f"person ({whose}){seen}", "name")
