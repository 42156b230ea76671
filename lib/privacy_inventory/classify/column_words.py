"""What a column name alone says to the table roles, worked out once per name: the same in every table of a schema."""

from __future__ import annotations

from functools import lru_cache

from privacy_inventory.classify.knowledge import active, register_cache
from privacy_inventory.classify.tokens import singular, tokenize


@register_cache
def _clear() -> None:
    profile_words.cache_clear()
    link_words.cache_clear()


@lru_cache(maxsize=65536)
def profile_words(column: str, set_name: str) -> tuple[str, ...]:
    """The phrases of a profile word set (`person_profile_columns`...) the column's name holds; none for another party's."""
    k = active()
    toks = tokenize(column)
    if len(toks) > 1 and singular(toks[0]) in k.words("other_party_words"):
        return ()  # `billing_first_name`, `guardian_name`: someone else's detail, not the row's own
    text = " " + " ".join(toks) + " "
    return tuple(p for p in k.words(set_name) if f" {p} " in text)


@lru_cache(maxsize=65536)
def link_words(column: str) -> tuple[str, ...] | None:
    """A column name's singular words (digits left out), or None when the name holds a digit (`address1`: no link)."""
    if any(ch.isdigit() for ch in column):
        return None
    return tuple(singular(w) for w in tokenize(column) if not w.isdigit())
