"""Column-name rules (data/lexicon_*.yaml): tokenised names -> candidate data categories, first match wins, scoped by table."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from privacy_inventory.classify.knowledge import NameRule, active, register_cache
from privacy_inventory.classify.tokens import phrase, tokenize

# Scope of a rule (the `scope:` of an entry in data/lexicon_*.yaml):
#   any     personal wherever it appears (date of birth, religion, national id)
#   contact personal unless it is an organisation's / system's contact detail
#   person  personal only in a person table (`name`, `url`, `description` of a person)
#   about   a person's attribute: personal in a person table or in a table that belongs to a person
#   owned   personal when the row belongs to a person (person table, person foreign key, content table)
#   secret  a credential: personal only when a person owns it and no system word prefixes it
#   choice  a person's own choice: their row (or their settings table), a pick among a few options (choices.py)
#   none    explicitly not personal (timestamps, counters, flags, sort orders, versions)

__all__ = ["NameRule", "has_org_prefix", "has_system_word", "id_rules", "match_name", "person_ref_nouns", "rules"]


def rules() -> tuple[NameRule, ...]:
    """The name rules in force, in priority order."""
    return active().rules


def id_rules() -> tuple[NameRule, ...]:
    """Rules for names ending in an id that name a personal identifier (`device_id`, `tax_id`)."""
    return active().id_rules


def person_ref_nouns() -> frozenset[str]:
    """Nouns whose id is the id of a person (`user_id`, `author_id`, `created_by`)."""
    return active().words("person_ref_nouns")


@register_cache
def _clear() -> None:
    match_name.cache_clear()


@lru_cache(maxsize=65536)
def match_name(column: str) -> tuple[NameRule, ...]:
    """Every rule matching a column name, in priority order (the caller takes the first whose scope holds)."""
    toks = tuple(t for t in tokenize(column) if not t.isdigit() or t == "4")
    found = tuple(rule for rule in active().rules if rule.pattern.search(phrase(toks)))
    inverted = _of_inverted(toks)
    if found or inverted is None:
        return found
    return tuple(rule for rule in active().rules if rule.pattern.search(phrase(inverted)))


def _of_inverted(toks: tuple[str, ...]) -> tuple[str, ...] | None:
    """`mode_of_payment` -> `payment mode`, `date_of_hire` -> `hire date`: the English compound the rules are written
    for, tried only when the name as written matches no rule."""
    if toks.count("of") != 1 or toks.index("of") in (0, len(toks) - 1):
        return None
    at = toks.index("of")
    return toks[at + 1:] + toks[:at]


def has_org_prefix(tokens: tuple[str, ...]) -> bool:
    """True when a contact field is prefixed by an organisation word (`support_email`, `store_phone`)."""
    prefixes = active().words("org_prefixes")
    return bool(tokens) and any(t in prefixes for t in tokens[:-1])


def has_system_word(tokens: tuple[str, ...]) -> bool:
    """True when a secret is named as a system one (`smtp_password`, `webhook_secret`, `client_secret`)."""
    words = active().words("system_secret_words")
    return any(t in words for t in tokens)


def __getattr__(name: str) -> Any:
    """`RULES`, `ID_RULES`, `PERSON_REF_NOUNS`... read the knowledge in force (kept for callers of the old constants)."""
    sets = {"PERSON_REF_NOUNS": "person_ref_nouns", "ORG_PREFIXES": "org_prefixes",
            "SYSTEM_SECRET_WORDS": "system_secret_words", "SOCIAL_WORDS": "social_words"}
    if name == "RULES":
        return active().rules
    if name == "ID_RULES":
        return active().id_rules
    if name in sets:
        return active().words(sets[name])
    raise AttributeError(name)
