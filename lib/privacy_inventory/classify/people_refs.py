"""Columns that point at a person although no table or person noun names them (issue 11 classes 4 and 7).

Three kinds, each said in words in the evidence: a polymorphic id whose type column (or role name) says a person fills
it (classify/morphs.py); an agent noun naming who did something (`orderer`, `changer_id`, `topic_bumper`) holding
ids; and, the other way round, a customer id kept in an organisation's own billing row, which is the organisation's
account at a payment provider, not a person. Then what a person reference holds: an e-mail address used as the key is
the person's e-mail, whatever the column is called.
"""

from __future__ import annotations

import re
from functools import lru_cache

from privacy_inventory.classify import values as v
from privacy_inventory.classify.context import ID_TOKENS, Candidate, Context
from privacy_inventory.classify.knowledge import active, register_cache
from privacy_inventory.classify.morphs import morph_pairs
from privacy_inventory.classify.names import match_name, person_ref_nouns
from privacy_inventory.classify.tables import table_words
from privacy_inventory.classify.tokens import singular

_AGENT_ENDINGS = ("er", "or", "ee", "ist", "ian")
# Words that make a name a count or a yes/no question about someone (`number_of_reviewers`, `is_superuser`).
_NOT_REFERENCE_WORDS = frozenset({"num", "number", "count", "total", "max", "min", "nb", "is", "has", "can", "allow",
                                  "show", "enable", "enabled", "per", "limit"})
# Words of other vocabularies that already say what a column is (tables, things, systems, places).
_KNOWN_SETS = ("org_table_nouns", "system_table_nouns", "reference_table_nouns", "transaction_nouns",
               "public_content_nouns", "private_content_nouns", "generic_table_words", "thing_agent_nouns",
               "social_words", "system_secret_words")


def is_agent_noun(word: str) -> bool:
    """`orderer`, `dispenser`, `reportee`, `pharmacist`: a verb made into the one who does it, not a thing."""
    w = singular(word)
    if len(w) < 6 or not w.isalpha() or not w.endswith(_AGENT_ENDINGS) or w in person_ref_nouns():
        return False
    if w.endswith(("izer", "iser", "yzer", "yser")):
        return False  # `tokenizer`, `sanitiser`, `analyzer`: tools far more often than people
    k = active()
    if any(w in k.words(s) for s in _KNOWN_SETS):
        return False
    # a compound ending in a thing (`rollover`, `userlist`, `paperholder` aside): the thing, not someone
    return not any(w.endswith(t) for t in k.words("thing_agent_nouns") if len(t) >= 4)


@register_cache
def _clear() -> None:
    _agent.cache_clear()


@lru_cache(maxsize=65536)
def _agent(toks: tuple[str, ...]) -> str | None:
    """The agent noun a column is named after: `orderer`, `topic_bumper`, `changer_id`, `id_reviewer`.

    Cached: a column name's words and the knowledge decide it (cleared when the knowledge changes)."""
    stem = toks[:-1] if len(toks) >= 2 and toks[-1] in ID_TOKENS else toks[1:] if len(toks) >= 2 and toks[0] == "id" \
        else toks
    if not stem or len(stem) > 3 or any(t.isdigit() for t in stem) or set(toks) & _NOT_REFERENCE_WORDS:
        return None
    return stem[-1] if is_agent_noun(stem[-1]) else None


def _ids_or_int(c: Context) -> tuple[bool, str]:
    """Whether the values (or, with none sampled, the type) are ids of rows, and how that reads."""
    texts = c.prepared.texts
    if texts:
        ids = sum(1 for t in texts if t.isdigit() or v.is_uuid(t))
        flags = set(texts) <= {"0", "1"}  # a yes/no column (`group_leader` = 1), not an id
        return ids >= 0.8 * len(texts) and len(set(texts)) > 2 and not flags, f"{ids}/{len(texts)} sampled values are ids"
    dtype = c.ctx.data_type.lower()
    return any(k in dtype for k in ("int", "uuid", "serial")) and "bool" not in dtype, f"stored as {c.ctx.data_type}"


def _morph(c: Context) -> Candidate | None:
    """A polymorphic id whose type column or role name (the scan's reference graph) says what it points at."""
    ctx = c.ctx
    how = ctx.reference_how or ""
    if not how.startswith("morph: ") or ctx.primary_key:
        return None
    why = how[len("morph: "):]
    type_col = morph_pairs(ctx.sibling_columns).get(ctx.column, ("", ""))[0]
    if ctx.referenced_role == "person" and ctx.referenced_table:
        return Candidate("user.unique_id", 0.85, f"'{ctx.column}' is a polymorphic reference (its type in "
                         f"'{type_col}'): {why}, so it holds the id of a person in '{ctx.referenced_table}'", "key")
    if ctx.referenced_role in ("other", None) and not ctx.referenced_table:
        return Candidate(None, 0.8, f"'{ctx.column}' is a polymorphic reference (its type in '{type_col}'): {why}, "
                         "so it is no person's id", "key")
    return None


def _agent_reference(c: Context) -> Candidate | None:
    """`orderer`, `changer_id`: the one who did it, when nothing else says what the column points at."""
    ctx = c.ctx
    if ctx.primary_key or ctx.referenced_table or ctx.references or c.org_table:
        return None
    agent = _agent(c.tokens)
    if agent is None or any(r.category is not None for r in match_name(" ".join(c.tokens))):
        return None
    ids, said = _ids_or_int(c)
    if not ids:
        return None
    return Candidate("user.unique_id", 0.75, f"name '{ctx.column}': '{agent}' names the one who did something (an "
                     f"agent noun, no table of that name); {said}: the id of that person", "key")


def _tenant_customer(c: Context) -> Candidate | None:
    """`customer_id` in a tenant's billing row: the organisation's account at a payment provider, not a person."""
    ctx, toks = c.ctx, c.tokens
    if ctx.table_role != "organisation" or ctx.primary_key or ctx.referenced_table or ctx.references:
        return None
    stem = toks[:-1] if len(toks) >= 2 and toks[-1] in ID_TOKENS else ()
    if not stem or singular(stem[-1]) not in active().words("counterparty_nouns"):
        return None
    texts = c.prepared.texts
    if texts and sum(1 for t in texts if t.isdigit()) >= 0.5 * len(texts):
        return None  # row numbers: it may point at a customer table the scan cannot see
    return Candidate(None, 0.75, f"'{ctx.column}' in '{ctx.table}', an organisation ({ctx.table_role_evidence}): the "
                     "organisation's own account at a payment or billing provider, not a person", "key")


def _own_id_by_name(c: Context) -> Candidate | None:
    """`ldap_guid`, `entryuuid` on a person's row: a name rule says it is the person's id elsewhere, so the key
    signal's guess that `X_id` points at an unseen table X (`ldap`) does not hold."""
    ctx = c.ctx
    if not c.person_table or ctx.primary_key or ctx.referenced_table or ctx.references:
        return None
    rules = match_name(ctx.column)
    if not rules or rules[0].category != "user.unique_id" or rules[0].scope != "person":
        return None
    return Candidate("user.unique_id", rules[0].score, f"name '{ctx.column}' -> {rules[0].label}, on person table "
                     f"'{ctx.table}'", "name")


def _series_of_people(c: Context) -> Candidate | None:
    """`HR-EMP-00012`, `PAT/000413`: every value a number of one series whose letters name a kind of person (an
    employee, a patient): ids of those people, whatever the column is called (`reports_to`, `referrer`, `name`)."""
    texts = c.prepared.texts
    if len(texts) < 5 or c.org_table:
        return None
    first = v.SERIES.match(texts[0])
    if first is None:
        return None
    k = active()
    people = k.words("person_table_nouns") | k.words("person_role_prefixes") | k.words("person_code_words")
    # The series' letters are the first value's (ASCII letters and separators), so they are checked before the rest.
    named = [w for w in re.split(r"[-/_.]", first.group(1).lower()) if w and singular(w) in people]
    if not named:
        return None
    prefix = v.series_prefix(texts)
    if prefix is None:
        return None
    return Candidate("user.unique_id", 0.8, f"its {len(texts)} sampled values are numbers of one series ({prefix}-...) "
                     f"whose letters name a kind of person ('{named[0]}'): ids of those people", "key")


def _own_key_of_thing(c: Context) -> Candidate | None:
    """`contact.id_contact` where the schema found `contact` to be a department list: the row's key, no person's."""
    ctx, toks = c.ctx, c.tokens
    if ctx.table_role not in ("organisation", "reference", "system", "other") or ctx.referenced_table or ctx.references:
        return None
    words = table_words(ctx.table)
    stem = toks[1:] if toks[:1] == ("id",) else toks[:-1] if toks[-1:] and toks[-1] in ID_TOKENS else ()
    if not stem or tuple(singular(w) for w in stem) != words:
        return None
    return Candidate(None, 0.85, f"'{ctx.column}' is the row's own key of '{ctx.table}' ({ctx.table_role_evidence}), "
                     "not a person's id", "key")


def person_reference(c: Context) -> Candidate | None:
    """A reference to a person (or a customer id that is not one) that the key signal would not see."""
    return _morph(c) or _agent_reference(c) or _tenant_customer(c) or _own_id_by_name(c) or _series_of_people(c) or \
        _own_key_of_thing(c) or own_id_elsewhere(c) or id_at_provider(c)


def refine_reference(c: Context, cand: Candidate | None) -> Candidate | None:
    """A person reference whose sampled values are e-mail addresses holds the person's e-mail (the key it uses)."""
    if cand is None or cand.category != "user.unique_id" or c.ctx.primary_key or cand.source != "key":
        return cand
    texts = c.prepared.texts
    if len(texts) < 3:
        return cand
    emails = sum(1 for t in texts if v.is_email(t))
    if emails < 0.6 * len(texts):
        return _login_names(c, cand)
    return Candidate("user.contact.email", round(max(cand.score, 0.8), 3), f"{cand.reason.split(';')[0]}; but "
                     f"{emails}/{len(texts)} sampled values are e-mail addresses: the person is referred to by e-mail, "
                     "which is the person's e-mail", "key", cand.flags)


__all__ = ["is_agent_noun", "person_reference", "refine_reference"]


_THING_SETS = ("picture_nouns", "attached_content_nouns", "public_content_nouns", "private_content_nouns",
               "transaction_nouns")


def own_id_elsewhere(c: Context) -> Candidate | None:
    """`gitlab_id`, `system_id` on a person's row pointing at no table, a different value on every row: the person's
    own id in that other system (a login id, an account number there), not a link to a thing the schema keeps."""
    ctx, toks = c.ctx, c.tokens
    if not c.person_table or ctx.primary_key or ctx.referenced_table or ctx.references or len(toks) != 2:
        return None
    if toks[-1] not in ("id", "uuid", "guid") or not toks[0].isalpha() or singular(toks[0]) in table_words(ctx.table):
        return None
    k = active()
    if any(singular(toks[0]) in k.words(s) for s in _THING_SETS):
        return None  # `avatar_id`, `file_id`: a picture or a document of the person, kept elsewhere
    texts = c.prepared.texts
    if len(texts) < 10 or set(texts) <= {"0", "1"} or len(set(texts)) < 0.95 * len(texts):
        return None  # a few shared values (`theme_id`, `speciality_id`): a choice among things, not an id of one's own
    return Candidate("user.unique_id", 0.6, f"'{ctx.column}' on person table '{ctx.table}' points at no table and "
                     f"holds a different value on each of {len(texts)} sampled rows: the person's own id in "
                     f"'{toks[0]}' (another system)", "key")


_LOGIN = re.compile(r"^@?(?=[^:]*[A-Za-z])[A-Za-z0-9._-]{2,40}(?::[A-Za-z0-9.-]+\.[A-Za-z]{2,})?$")  # `ana.k`, `@ana:chat.example`
_HEX = re.compile(r"^[0-9a-fA-F-]{12,}$")


def _login_names(c: Context, cand: Candidate) -> Candidate:
    """A person reference whose values are login names (`ana.k`, `@ana:chat.example`), not ids: the login name."""
    texts = c.prepared.texts
    logins = [t for t in texts if _LOGIN.match(t) and not _HEX.match(t) and not t.isdigit()
              and sum(ch.isdigit() for ch in t) * 2 < len(t) and t.split(":")[0].count(".") < 2]  # not `mail.acme.org`
    if len(logins) < 0.8 * len(texts) or len(set(logins)) < min(5, len(texts)) or v.count_row_ids(texts, v.SERIES):
        return cand
    return Candidate("user.account.username", round(max(cand.score, 0.75), 3), f"{cand.reason.split(';')[0]}; but "
                     f"{len(logins)}/{len(texts)} sampled values are login names, not ids: the person's login name",
                     "key", cand.flags)


_ACCOUNT_HEADS = frozenset({"user", "account", "member", "person", "subject"})


def id_at_provider(c: Context) -> Candidate | None:
    """`oauth_user_id`, `federated_user_id` in a person's sign-in at another provider: the person's id there."""
    ctx, toks = c.ctx, c.tokens
    if ctx.primary_key or ctx.referenced_table or ctx.references or not ctx.table_subjects:
        return None  # a sign-in table is often judged a system table by its name; its rows still point at a person
    if ctx.table_role in ("organisation", "reference", "business") or len(toks) < 3 or toks[-1] not in ("id", "uid", "guid") or toks[-2] not in _ACCOUNT_HEADS:
        return None
    k = active()
    words = set(table_words(ctx.table))
    if not words & (k.words("identity_table_nouns") | k.words("social_words")):
        return None
    texts = c.prepared.texts
    if texts and len(set(texts)) < 0.9 * len(texts):
        return None
    return Candidate("user.unique_id", 0.7, f"'{ctx.column}' in '{ctx.table}', a person's sign-in at another "
                     f"provider: the person's {' '.join(toks[-2:])} at '{' '.join(toks[:-2])}'", "key")
