"""A person's attribute kept as a pointer into a list or a store (`gender_id`, `language`, `avatar_photo_id`)."""

from __future__ import annotations

from privacy_inventory.classify.context import Candidate, Context
from privacy_inventory.classify.knowledge import NameRule
from privacy_inventory.classify.names import match_name
from privacy_inventory.classify.scopes import scope_ok
from privacy_inventory.classify.tokens import phrase

# Categories a person's `X_id` takes when X is one of the person's attributes kept in a lookup table.
_ATTRIBUTE_PREFIXES = ("user.demographic.", "user.health_and_medical")
# ... on the person's own row also their job (`job`, `occupation_id`): a fact about them, kept in a list of jobs.
_OWN_ROW_ATTRIBUTES = ("user.job_title",)
# ... and when X is the person's picture, kept in a table of photos, files or uploads (not a list of values).
_STORED_ATTRIBUTES = ("user.content.self_image",)
# Roles of a table that can hold one of a person's attributes: a list of values, a store, a record (never a person).
HOLDING_ROLES = ("reference", "other", "content", "system")


def attribute_by_id(c: Context, stem: tuple[str, ...]) -> Candidate | None:
    """`ethnicity_id`, `primary_language_id`, `avatar_photo_id` of a person: the person's attribute, kept as an id."""
    if not (c.person_table or c.belongs) or c.org_table:
        return None
    for rule in match_name(" ".join(stem)):
        if rule.category is None:
            return None
        if not scope_ok(rule, c)[0]:
            continue
        listed = rule.category.startswith(_ATTRIBUTE_PREFIXES) and rule.category != "user.demographic.age_range" or \
            c.person_table and rule.category.startswith(_OWN_ROW_ATTRIBUTES)
        stored = rule.category in _STORED_ATTRIBUTES and bool(c.ctx.referenced_table)
        listed_here = listed and c.ctx.referenced_role in (None, "reference", "other")
        if listed_here or (listed or stored) and _names_last(rule, stem):
            flags = (rule.flag,) if rule.flag else ()
            where = "an id of a list of values" if listed else f"an id of a row of '{c.ctx.referenced_table}'" \
                if c.ctx.referenced_table else "an id of where it is stored"
            return Candidate(rule.category, 0.7, f"name '{c.ctx.column}' -> the person's {rule.label}, kept as "
                             f"{where}", "key", flags)
    return None


def _names_last(rule: NameRule, stem: tuple[str, ...]) -> bool:
    """The rule names the last words of the stem: `birthday_reminder_id` points at a reminder, not a birthday."""
    for n in (1, 2):
        text = phrase(stem[-n:]) if len(stem) >= n else ""
        if any(m.end() >= len(text) - 1 for m in rule.pattern.finditer(text)):
            return True
    return False


def named_attribute(c: Context) -> Candidate | None:
    """A person's own column named for one of their attributes that also names a table (`language` -> `languages`).

    The naming convention makes it look like a link to reference data, but on the person's own row the column is
    the person's attribute, whether it keeps the list's id or the value itself."""
    ctx = c.ctx
    if not c.person_table or c.org_table or ctx.primary_key or ctx.reference_declared:
        return None
    if not ctx.referenced_table or ctx.referenced_role not in HOLDING_ROLES:
        return None
    return attribute_by_id(c, c.tokens)
