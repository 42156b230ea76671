"""A column no rule names on a person's own login row, holding a few option words: a choice of how the app works for them."""

from __future__ import annotations

import re

from privacy_inventory.classify.context import ID_TOKENS, Candidate, Context
from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.tables import is_login_table

# A pick among a few options: at most this many distinct words, each seen at least twice on average.
_MAX_OPTIONS = 6
_OPTION = re.compile(r"^[A-Za-z][A-Za-z_\-]{1,30}$")
# Yes/no written as words is a flag, which the application as often sets as the person chooses.
_YES_NO = frozenset({"true", "false", "yes", "no", "y", "n", "on", "off", "t", "f"})
_COUNT_WORDS = frozenset({"count", "counts", "total", "number", "num", "nb", "max", "min"})


def presented_option(c: Context) -> Candidate | None:
    """`name_order` = firstname_lastname|lastname_firstname: how something is shown, chosen on the person's login row.

    For names a "not personal" rule claims by their last word (an order, a format, a theme): option words on the
    person's own login row make it their display setting; a position number or a status stays not personal."""
    if not c.tokens or c.tokens[-1] not in active().words("presentation_words"):
        return None
    return chosen_option(c)


def chosen_option(c: Context) -> Candidate | None:
    """`dashboard_active_tab` = calls|notes|tasks on a person's login row, with no name rule: their setting.

    Only where no rule said anything about the name (a status, a type or a level has its rule), only option words
    (no numbers, dates or yes/no) and only on the row a person signs in with: a contact's or a patient's record holds
    facts about them, not choices they make in the application."""
    if not c.person_table or c.org_table or c.ctx.primary_key or c.ctx.referenced_table or c.stored_as_flag():
        return None
    if set(c.tokens) & (ID_TOKENS | _COUNT_WORDS | active().words("assigned_state_words")):
        return None  # an id, a count, or what an administrator assigns (a role, a group, a plan)
    if not is_login_table(c.ctx.sibling_columns):  # a password beside it: the person sets its preferences
        return None
    texts = c.prepared.texts
    options = set(texts)
    if c.prepared.dates or not 2 <= len(options) <= _MAX_OPTIONS or len(texts) < 2 * len(options):
        return None
    if not all(_OPTION.match(t) for t in options) or {t.lower() for t in options} <= _YES_NO:
        return None
    return Candidate("user.account.settings", 0.5, f"'{c.ctx.column}' on the person's own login row in "
                     f"'{c.ctx.table}' holds {len(options)} option words across {len(texts)} sampled values and no rule "
                     "names it: a choice of how the application works for them", "values")


_FLAG_VALUE = re.compile(r"^(true|false|yes|no|on|off|-?\d{1,6}|[a-z]{2}([_-][A-Za-z]{2})?)$", re.I)
_FLAG_SHARE = 0.6


def mostly_flags(c: Context) -> bool:
    """Most sampled values are switches, small numbers or locale codes (`true`, `3`, `en_GB`): an application's
    per-person settings rather than facts about the person (a birthplace, a mother's name)."""
    texts = c.prepared.texts
    return len(texts) >= 5 and sum(1 for t in texts if _FLAG_VALUE.match(t.strip())) >= _FLAG_SHARE * len(texts)
