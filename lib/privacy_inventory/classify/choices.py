"""A person's own choices: a pick among a few options on their own row, not a state the system or a tenant sets."""

from __future__ import annotations

from typing import Callable

from privacy_inventory.classify.context import Candidate, Context
from privacy_inventory.classify.knowledge import NameRule, active
from privacy_inventory.classify.tables import head_noun, table_words
from privacy_inventory.classify.tokens import phrase

ScopeCheck = Callable[[NameRule, Context], tuple[bool, str]]

# At most this many distinct sampled values for a pick-one column (a theme, a notification level, a period).
MAX_OPTIONS = 8
_MAX_OPTION_CHARS = 40
_SMALL_TYPES = ("bool", "bit", "tinyint", "smallint", "int2", "int1")
_COUNT_WORDS = frozenset({"count", "counts", "counter", "total", "number", "num", "attempts", "tries", "retries"})
_OWN = ("user.account.settings", "user.privacy_preferences")


def _whose(c: Context) -> str | None:
    """Where the chooser is: the person's own row, or a settings table whose rows point at one person."""
    table = c.ctx.table
    if c.person_table and not c.org_table:
        return f"in '{table}'"
    if c.ctx.table_role == "organisation":
        return None
    if is_settings_table(table) and (c.owned or bool(c.ctx.table_references_person)):
        return f"whose settings '{table}' holds"
    return None


def is_settings_table(table: str) -> bool:
    """Named for settings or preferences (`user_settings`, `member_preferences`): its rows are choices of whoever
    they point at."""
    nouns = active().words("settings_table_nouns")
    words = table_words(table)
    return head_noun(table) in nouns or bool(words and words[-1] in nouns)


def _shape(c: Context) -> str | None:
    """How the column reads as a pick among a few options (its type, or a few short values), else None."""
    dtype = c.ctx.data_type.lower()
    if c.stored_as_flag():
        return f"stored as {c.ctx.data_type}"
    if "date" in dtype or "time" in dtype or c.prepared.dates:
        return None  # when something happened, not what someone chose
    texts = c.prepared.texts
    if not texts:
        small = any(k in dtype for k in _SMALL_TYPES)
        return f"stored as {c.ctx.data_type} (no sampled values)" if small else None
    options = set(texts)
    if len(options) > MAX_OPTIONS or (len(options) > 3 and len(texts) < 2 * len(options)):
        return None
    if any(len(t) > _MAX_OPTION_CHARS or "@" in t or len(t.split()) > 3 for t in options):
        return None
    if any(abs(n) > 10 ** 6 for n in c.prepared.numbers):
        return None
    return f"its {len(texts)} sampled values are {len(options)} options"


def _security_state(toks: tuple[str, ...]) -> bool:
    """The state of the login or its security (`totp_enabled`, `disable_login_form`), unless it says how one is told."""
    text = phrase(toks)
    has = lambda name: any(f" {w} " in text for w in active().words(name))  # noqa: E731
    return has("security_state_words") and not has("notice_channel_words")


def _claimed_by_another(rule: NameRule, c: Context, special_only: bool, scope_ok: ScopeCheck) -> str | None:
    """A personal rule naming what the column is, its last words (`preferred_language` is the person's language).

    Only the head counts: `email_address_visibility` is a visibility, not an e-mail address. A yes/no column keeps only
    a special category its head names (`prefer_sdh` says the person is hard of hearing): Art. 9 data must be seen."""
    from privacy_inventory.classify.names import match_name

    heads = {phrase(c.tokens[-n:]) for n in (1, 2) if len(c.tokens) >= n}
    for other in match_name(c.ctx.column):
        if other is rule or other.scope == "choice" or other.category is None or other.category in _OWN:
            continue
        if special_only and not (other.flag or "").startswith("special:"):
            continue
        if any(_ends_with(other, h) for h in heads) and scope_ok(other, c)[0]:
            return other.label
    return None


def _ends_with(rule: NameRule, text: str) -> bool:
    """The rule matches the words at the end of `text` (the name's head), not only a word before it."""
    return any(m.end() >= len(text) - 1 for m in rule.pattern.finditer(text))


def choice_ok(rule: NameRule, c: Context, scope_ok: ScopeCheck) -> tuple[bool, str]:
    """Whether a choice word names a choice here: the person's own row, a pick among a few options, not a state.

    `scope_ok` judges the other rules the name matches (passed in by scopes, which calls this: no import loop)."""
    table = c.ctx.table
    if _whose(c) is None:
        return False, f"'{table}' is not a person's row nor settings that belong to one person"
    if _security_state(c.tokens):
        return False, "the state of the person's login or its security, not a choice"
    if _shape(c) is None:
        return False, "its values are not a pick among a few options"
    if not c.stored_as_flag() and c.tokens and c.tokens[-1] in _COUNT_WORDS:
        return False, "a count, not a choice"
    other = _claimed_by_another(rule, c, c.stored_as_flag(), scope_ok)
    if other is not None:
        return False, f"the name says what it holds: {other}"
    return True, ""


def choice_evidence(c: Context, cand: Candidate, rule: NameRule) -> Candidate:
    """The verdict in words: who chooses, what kind of choice, and what in the column says it is a pick."""
    whose, shape = _whose(c), _shape(c)
    what = "what others may see of them or how they may be reached" if cand.category == "user.privacy_preferences" \
        else "how the application works for them"
    reason = f"'{c.ctx.column}' is a choice the person {whose} makes about {what}: {rule.label}; {shape}"
    return Candidate(cand.category, cand.score, reason, cand.source, cand.flags)
