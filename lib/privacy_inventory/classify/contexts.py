"""Columns of a table about a person's events take the table's category (an immunisation's date, an attendance code)."""

from __future__ import annotations

from functools import lru_cache

from privacy_inventory.classify.context import ID_TOKENS, Candidate, Context
from privacy_inventory.classify.knowledge import TableContext, active, register_cache
from privacy_inventory.classify.links import names_a_record, series_of_documents
from privacy_inventory.classify.names import person_ref_nouns
from privacy_inventory.classify.tables import table_words
from privacy_inventory.classify.tokens import singular, tokenize

# Verdicts a table context may replace: nothing found, a bare date or status/type/code, generic text.
_REPLACEABLE_LABELS = frozenset({"timestamp or date", "non-personal attribute", "record timestamp", "email setting",
                                 "state or region", "text written by a person", "search history", "media consumption"})
_KEEP_TOKENS = frozenset({"sort", "order", "ordering", "position", "version", "count", "seq", "sequence", "priority",
                          "rank_order", "hash", "checksum", "uuid", "guid", "color", "colour", "icon", "lock", "synced",
                          "sync", "created", "updated", "modified", "deleted", "inserted", "changed", "voided", "retired",
                          "timestamp", "ts", "url", "path", "file", "filename", "mime", "size", "width", "height",
                          "creation", "idx", "void", "retire", "docstatus", "naming", "series", "amended", "tags", "tag", "currency",
                          "type", "status", "state", "doctype", "docname", "template", "cycle", "account", "company",
                          "title", "name", "owner", "kind", "category", "code", "company", "rate", "exchange"})
_FLAG_START = frozenset({"is", "has", "can", "should", "was", "did", "allow", "enable", "disable", "show", "hide", "use",
                         "needs", "requires", "must"})


@register_cache
def _clear() -> None:
    table_context.cache_clear()


@lru_cache(maxsize=8192)
def table_context(table: str, siblings: tuple[str, ...]) -> TableContext | None:
    """The first context whose words the table's name says and whose owner (if any) the table or its references say."""
    text = " " + " ".join(table_words(table)) + " "
    owners = set(table_words(table))
    refs = person_ref_nouns()
    for sibling in siblings:
        toks = tokenize(sibling)
        if len(toks) >= 2 and toks[-1] in ID_TOKENS:
            owners.update(singular(t) for t in toks[:-1] if singular(t) in refs)
        elif len(toks) == 1 and singular(toks[0]) in refs and singular(toks[0]) not in active().words("ambiguous_person_nouns"):
            owners.add(singular(toks[0]))
    for entry in active().contexts:
        if entry.pattern.search(text) and (not entry.owners or owners & entry.owners):
            return entry
    return None


def _describes_the_event(c: Context) -> bool:
    """Not a key, reference, record time, counter, sort order, flag or file property: a fact of the event itself."""
    toks = c.tokens
    if not toks or c.ctx.primary_key or c.ctx.references or c.ctx.referenced_table:
        return False
    if toks[-1] in ID_TOKENS or toks[0] in _FLAG_START or set(toks) & (_KEEP_TOKENS | active().words("record_time_words")):
        return False
    if names_a_record(toks) is not None or series_of_documents(c) is not None:
        return False  # `cost_center`, `leave_policy`, `posting_date`: the document's links and bookkeeping
    dtype = c.ctx.data_type.lower()
    if _years_only(c):
        return False  # `syear`, `fiscal_year`: the period a record is filed under, not an event of the person
    return not ("bool" in dtype or dtype.startswith("bit") or "blob" in dtype or "binary" in dtype)


def _years_only(c: Context) -> bool:
    """Every sampled value is a calendar year (1900-2100) and nothing else."""
    p = c.prepared
    if not p.non_null or p.dates:
        return False
    texts_ok = all(len(t) == 4 and t.isdigit() and 1900 <= int(t) <= 2100 for t in p.texts)
    numbers_ok = all(float(n).is_integer() and 1900 <= n <= 2100 for n in p.numbers)
    return texts_ok and numbers_ok and bool(p.texts or p.numbers)


def context_candidate(c: Context, chosen: Candidate, label: str | None, personal_rule: bool = False) -> Candidate | None:
    """The table's category for a column the other signals left unclaimed (or called plain text), else None.

    `personal_rule`: the name matched a personal rule whose table scope failed here (`amount` outside a payments
    table, `name` outside a person table); in a record about one person the table says what it is."""
    if c.org_table or c.person_table or not c.belongs or chosen.source == "key":
        return None
    if chosen.category is not None and (not chosen.category.startswith("user.content.")
                                        or chosen.category == "user.content.self_image") or (
            chosen.category is None and label is not None and label not in _REPLACEABLE_LABELS and not personal_rule):
        return None
    entry = table_context(c.ctx.table, tuple(c.ctx.sibling_columns))
    if entry is None or not _describes_the_event(c):
        return None
    return Candidate(entry.category, 0.6, f"'{c.ctx.column}' describes a {entry.label} in '{c.ctx.table}', a record "
                     "about one person", "context")
