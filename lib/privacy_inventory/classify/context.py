"""What every signal shares about one column: its words, what its table is about, and the prepared sample."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from privacy_inventory.classify import values as v
from privacy_inventory.classify.knowledge import active, register_cache
from privacy_inventory.classify.names import person_ref_nouns
from privacy_inventory.classify.publicity import content_of
from privacy_inventory.classify.tables import head_noun, is_org_table, is_person_table
from privacy_inventory.classify.tokens import singular, tokenize
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
    belongs: bool = False  # a row is about one person: a person foreign key or a `user_id`-like sibling
    content_note: str = ""  # why the table's text is public or private, when its references decided it

    def stored_as_flag(self) -> bool:
        """BOOLEAN or BIT: the column says yes or no about something, it cannot hold the thing itself."""
        dtype = self.ctx.data_type.lower()
        return "bool" in dtype or dtype.startswith("bit")

    def stored_as_number(self) -> bool:
        """An integer, serial, numeric, decimal or floating-point type: the column holds amounts, counts or codes."""
        dtype = self.ctx.data_type.lower()
        return "int" in dtype or "serial" in dtype or dtype.startswith(("num", "dec", "real", "float", "double"))


ID_TOKENS = frozenset({"id", "ids", "uuid", "guid", "fk", "uid", "pk", "key"})

_SETTINGS_NOUNS = frozenset({"setting", "config", "configuration", "option", "preference", "permission", "consent",
                             "privacy", "notification"})


def ref_noun(tokens: tuple[str, ...]) -> bool:
    """True when the words name a person (`user`, `post author`, `resource owner`, `created by`)."""
    if not tokens:
        return False
    if tokens[-1] == "by":
        return True
    last = singular(tokens[-1])
    nouns = person_ref_nouns()
    return last in nouns or " ".join(tokens[-2:]) in nouns


def owned_by_person(table: str, siblings: tuple[str, ...]) -> bool:
    """True when a sibling column points at a person (`user_id`, `customer_id`, `author_id`)."""
    del table
    owners, ambiguous = active().words("owner_nouns"), active().words("ambiguous_person_nouns")
    for sibling in siblings:
        toks = tokenize(sibling)
        if len(toks) >= 2 and toks[-1] in ID_TOKENS and singular(toks[-2]) in owners:
            return True
        if len(toks) >= 1 and toks[-1] in ("pid", "uid") or toks in (("user",), ("customer",), ("post", "author")):
            return True
        if len(toks) == 1 and toks[0] == singular(toks[0]) in owners and toks[0] not in ambiguous:
            return True  # a link named after the person it points at (`employee`, `patient`); `subscribers` is a count
    return False


@register_cache
def _clear() -> None:
    _table_facts.cache_clear()


@lru_cache(maxsize=4096)
def _table_facts(table: str, siblings: tuple[str, ...], references_person: bool) -> tuple[bool, bool, bool]:
    """(person table, owned by a person, organisation table): the same for every column of a table, so once."""
    person = is_person_table(table, siblings)
    owned = owned_by_person(table, siblings)
    org = is_org_table(table) and not person
    if org and (owned or references_person) and head_noun(table) in _SETTINGS_NOUNS:
        org = False  # `subtitle_settings` keyed by an account: one person's settings, not the system's
    return person, owned, org


def build_context(ctx: ColumnContext) -> Context:
    """Work out the shared facts once per column (the table's role from the whole schema wins when known)."""
    person, owned, org = _table_facts(ctx.table, tuple(ctx.sibling_columns), bool(ctx.table_references_person))
    content, note = content_of(ctx.table, tuple(ctx.sibling_columns))
    if ctx.table_role is not None:
        role = ctx.table_role
        person = role == "person"
        if role in ("organisation", "reference"):
            org = True
        elif role == "system":  # `user_settings` keyed by a person are that person's; a user's webhook is not
            org = not ((owned or ctx.table_references_person) and head_noun(ctx.table) in _SETTINGS_NOUNS)
        elif role in ("person", "content"):
            org = False
        elif role == "business":  # an invoice of a client company: staff's record about an organisation
            return Context(ctx=ctx, tokens=tuple(t for t in tokenize(ctx.column) if not t.isdigit() or t == "4"),
                           person_table=False, org_table=False, owned=False, content=content,
                           prepared=v.prepare(ctx.values), belongs=False, content_note=note)
    return Context(
        ctx=ctx,
        tokens=tuple(t for t in tokenize(ctx.column) if not t.isdigit() or t == "4"),
        person_table=person,
        org_table=org,
        owned=owned or (bool(ctx.table_references_person) and not org),
        content=content,
        prepared=v.prepare(ctx.values),
        belongs=(owned or bool(ctx.table_references_person)) and not org,
        content_note=note,
    )
