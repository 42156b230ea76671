"""Which tables named after people hold people: a person in a role, a list of people in some state, a set's members.

A table's name is only a first guess (classify/roles.py): `sponsor` rows that extend a person by the person's own key
are that person in a role; `invited_users` rows pointing at the users who invited are invitations, not the users;
`order_set_member` rows with no person's columns that belong to an `order_set` are the set's elements, not people.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.tables import _has_personish_column, head_noun, table_words
from privacy_inventory.classify.tokens import singular, tokenize

_ID_WORDS = frozenset({"id", "ids", "uuid", "guid", "fk", "pk"})


class _Table(Protocol):
    name: str
    columns: Sequence  # objects with `.name` (and `.primary_key`)


def _plain_key_of(col: str, target: str) -> bool:
    """`person_id` -> `person`: the column is the target table's own key by name, with no role word."""
    words = tuple(singular(w) for w in tokenize(col) if w not in _ID_WORDS)
    return bool(words) and words == table_words(target)


def person_in_role(t: _Table, refs: dict[str, tuple[str, bool]], person_tables: frozenset[str]) -> str | None:
    """`provider(person_id)`, `sponsor(person_id)`: a noun for a role people hold, extending a person by its key."""
    if head_noun(t.name) not in active().words("ambiguous_person_nouns"):
        return None
    for col, (target, _) in sorted(refs.items()):
        if target in person_tables and target != t.name and _plain_key_of(col, target):
            return target
    return None


def _state_word(words: tuple[str, ...]) -> str | None:
    """`invited` of `invited_users`, `pending` of `pending_members`: people in some state, named before the noun."""
    if len(words) < 2:
        return None
    first = words[0]
    if (first.endswith("ed") and len(first) > 4) or first in active().words("people_state_words"):
        return first
    return None


def record_about_people(t: _Table, refs: dict[str, tuple[str, bool]], person_tables: frozenset[str]
                        ) -> tuple[str, str] | None:
    """(role, why) for `invited_users(user_id -> users)`: rows about people in a state, kept by another person."""
    words = table_words(t.name)
    state = _state_word(words)
    if state is None:
        return None
    for col, (target, _) in sorted(refs.items()):
        if target in person_tables and target != t.name and table_words(target)[-1:] == words[-1:]:
            return ("content", f"named '{' '.join(words)}': people {state}, and each row points at {target} "
                    f"('{col}'): a record about people kept by a person, not a table of people")
    return None


def set_member(t: _Table, refs: dict[str, tuple[str, bool]], person_tables: frozenset[str]) -> tuple[str, str] | None:
    """(role, why) for `order_set_member(order_set_id)` with no person's columns: an element of a set of things."""
    words = table_words(t.name)
    if len(words) < 2 or any(target in person_tables and target != t.name for target, _ in refs.values()):
        return None
    if _has_personish_column([c.name for c in t.columns]):
        return None
    for col, (target, _) in sorted(refs.items()):
        owner = table_words(target)
        if target != t.name and owner and words[: len(owner)] == owner and len(owner) < len(words):
            return ("reference", f"named '{' '.join(words)}' with no person's columns and no link to a person; its "
                    f"rows belong to '{target}' ('{col}'): elements of a set of things, not people")
    return None


def copies_of_a_person(t: _Table, refs: dict[str, tuple[str, bool]], person_tables: frozenset[str]) -> str | None:
    """`login_records(staff_id -> staff, first_name, last_name)`: a record that points at a person by that person's own
    key and copies their name; named for no kind of person, it is the person's record, not a table of people."""
    for col, (target, _) in sorted(refs.items()):
        if target in person_tables and target != t.name and _plain_key_of(col, target):
            return (f"named '{' '.join(table_words(t.name))}', no kind of person, and each row points at person table "
                    f"{target} by its own key ('{col}'): a record about that person, its name columns copies")
    return None
