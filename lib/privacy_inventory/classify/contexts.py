"""Columns of a table about a person's events take the table's category (an immunisation's date, an attendance code)."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from privacy_inventory.classify.context import ID_TOKENS, Candidate, Context
from privacy_inventory.classify.events import event_date, presence_mark
from privacy_inventory.classify.knowledge import TableContext, active, register_cache
from privacy_inventory.classify.links import names_a_record, series_of_documents
from privacy_inventory.classify.names import person_ref_nouns
from privacy_inventory.classify.plumbing import count_of_time, range_definition, shared_by_every_row
from privacy_inventory.classify.tables import DESCRIPTIVE_WORDS, head_noun, is_login_table, record_words, table_words
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
                          "title", "name", "owner", "kind", "category", "code", "company", "rate", "exchange",
                          "tz", "timezone", "parent", "parentfield", "parenttype", "fieldname"})
_FLAG_START = frozenset({"is", "has", "can", "should", "was", "did", "allow", "enable", "disable", "show", "hide", "use",
                         "needs", "requires", "must"})


@register_cache
def _clear() -> None:
    table_context.cache_clear()


@lru_cache(maxsize=8192)
def table_context(table: str, siblings: tuple[str, ...], kind: str = "", person: str = "") -> TableContext | None:
    """The first context whose words the table's name says and whose owner (if any) the table or its references say.

    `kind`: the kind of person whose record the table is over the reference graph (`patient`, `employee`, ownership.py)
    and `person` the noun of that person's table: they are owners too."""
    text = " " + " ".join(table_words(table)) + " "
    owners = set(table_words(table)) | ({kind, person} - {""})
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


def every_record_context(kind: str, siblings: Sequence[str], by_columns: bool) -> TableContext | None:
    """The context of every record of a kind of person (`records_of`): those that ask for columns (money) and whose
    columns the record has (`by_columns`), or those that ask nothing."""
    columns = " " + " ".join(" ".join(tokenize(s)) for s in siblings) + " "
    for entry in active().contexts:
        if kind not in entry.records_of or (entry.columns is not None) != by_columns:
            continue
        if entry.columns is None or entry.columns.search(columns):
            return entry
    return None


def context_named(label: str) -> TableContext | None:
    """The context a table's record domain names (ownership.py decided it from the whole schema)."""
    return next((e for e in active().contexts if e.label == label), None)


def record_context(c: Context) -> TableContext | None:
    """The context of a column's table: the domain of the person's record it is (ownership.py), else its own words."""
    record = c.ctx.record_of
    if len(record) > 2:
        return context_named(record[2]) if record[2] else None
    return table_context(c.ctx.table, tuple(c.ctx.sibling_columns))


def _describes_the_event(c: Context) -> bool:
    """Not a key, reference, record time, counter, sort order, flag or file property: a fact of the event itself."""
    toks = c.tokens
    if not toks or c.ctx.primary_key or c.ctx.references or c.ctx.referenced_table:
        return False
    kept = set(toks) & (_KEEP_TOKENS | active().words("record_time_words"))
    if toks[-1] in ID_TOKENS or toks[0] in _FLAG_START or kept and not presence_mark(c.ctx.table, kept):
        return False
    if names_a_record(toks, c.ctx.table) is not None or series_of_documents(c) is not None:
        return False  # `cost_center`, `leave_policy`, `posting_date`: the document's links and bookkeeping
    dtype = c.ctx.data_type.lower()
    if set(toks) & _keeping_forms(active().words("record_keeping_time_words")) and (
            "date" in dtype or "time" in dtype or c.prepared.dates):
        return False  # `posting_date`, `date_upd`: when the document was filed or changed, not when the event was
    if _years_only(c):
        return False  # `syear`, `fiscal_year`: the period a record is filed under, not an event of the person
    return not (c.stored_as_flag() or "blob" in dtype or "binary" in dtype)


@lru_cache(maxsize=8)
def _keeping_forms(words: frozenset[str]) -> frozenset[str]:
    """The record-keeping words and their -ing forms (`posted` -> `posting`): the act of filing, however it is said."""
    return words | {w[:-2] + "ing" for w in words if w.endswith("ed") and len(w) > 4}


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
    time = _time_not_money(c, chosen)
    if time is not None:
        return time
    if c.person_table and not c.org_table:
        return _own_event_date(c, chosen, label)
    if c.org_table or c.person_table:
        return None
    if not (c.belongs and (entry := record_context(c))):
        return event_date(c, chosen, label)  # a call or a login no domain claims: when it happened is behaviour
    if chosen.source == "key":
        return _coded_fact(c) if chosen.category is None else None
    if chosen.category is not None and (not chosen.category.startswith("user.content.")
                                        or chosen.category == "user.content.self_image") or (
            chosen.category is None and label is not None and label not in _REPLACEABLE_LABELS and not personal_rule):
        return None
    plumbing = range_definition(c) or shared_by_every_row(c)
    if plumbing is not None:  # the record's set-up, not a fact about the person: say so rather than guess
        return Candidate(None, 0.6, f"'{c.ctx.column}' is in {_a(entry.label)}, but {plumbing}", "context") \
            if chosen.category is None else None
    if not _describes_the_event(c) or not c.prepared.non_null and label is None:
        return None  # (an empty column whose name says no kind of value: nothing but the table to go on)
    entry = _time_kept(c, entry)
    if _note_on_a_record(c, chosen, entry):
        return None  # a comment or a reason written about the person stays text (CONVENTIONS: user.content.private)
    return Candidate(entry.category, 0.6, f"'{c.ctx.column}' describes {_a(entry.label)} in '{c.ctx.table}', "
                     f"{_whose(c)}", "context")


def _note_on_a_record(c: Context, chosen: Candidate, entry: TableContext) -> bool:
    """A note, comment, remark or reason the name says is text, on a person's non-clinical record: still that text.

    A clinical note is health data; a record's description or summary is the record itself (a leave's description)."""
    return bool((chosen.category or "").startswith("user.content.") and chosen.source == "name" and c.tokens
                and c.tokens[-1] not in DESCRIPTIVE_WORDS and not entry.category.startswith("user.health_and_medical"))


_DATE_LABELS = frozenset({"timestamp or date", "record timestamp"})
_DOCUMENT_DATE_WORDS = frozenset({"issue", "issued", "expiry", "expires", "expire", "expiration", "valid", "validity"})


def _own_event_date(c: Context, chosen: Candidate, label: str | None) -> Candidate | None:
    """A date on a person's own row that is no record-keeping time (an employee's `relieving_date`): their event.

    It takes what every record of that kind of person is (an employment record, a clinical record); not on the rows
    of the application's logins, not a document's issue or expiry date (the document says what it is)."""
    if chosen.category is not None or chosen.source == "key" or label not in _DATE_LABELS:
        return None
    dtype = c.ctx.data_type.lower()
    if not ("date" in dtype or "time" in dtype or c.prepared.dates) or set(c.tokens) & _DOCUMENT_DATE_WORDS:
        return None
    if is_login_table(c.ctx.sibling_columns) or not _describes_the_event(c):
        return None
    kind = head_noun(c.ctx.table)
    entry = every_record_context(kind, c.ctx.sibling_columns, by_columns=False)
    if entry is None:
        return None
    return Candidate(entry.category, 0.55, f"'{c.ctx.column}' is a date of the person's own {entry.label} in "
                     f"'{c.ctx.table}' (a {kind}), not a record-keeping time", "context")


def _kind_of_person(c: Context) -> str:
    """The kind of person whose record (or own row) the column is in: `employee`, `patient`, `student`."""
    record = c.ctx.record_of
    if len(record) > 2:
        return record[1]
    return head_noun(c.ctx.table) if c.person_table and not c.org_table else ""


def _time_kept(c: Context, entry: TableContext) -> TableContext:
    """A count of days or hours on a money record (`payment_days` on a payslip) is the person's time: the context of
    every record of that kind of person (their employment), not the money the record is about."""
    if not entry.category.startswith(_MONEY) or count_of_time(c) is None:
        return entry
    every = every_record_context(_kind_of_person(c), c.ctx.sibling_columns, by_columns=False)
    return every if every is not None and not every.category.startswith(_MONEY) else entry


def _time_not_money(c: Context, chosen: Candidate) -> Candidate | None:
    """`total_working_days` read as a payment by its word `total`: a count of days is time, never money."""
    if chosen.source not in ("name", "context") or not (chosen.category or "").startswith(_MONEY) or c.org_table:
        return None
    unit = count_of_time(c)
    kind = _kind_of_person(c)
    if unit is None or not kind or not (c.belongs or c.person_table):
        return None
    every = every_record_context(kind, c.ctx.sibling_columns, by_columns=False)
    if every is None or every.category.startswith(_MONEY):
        return None
    return Candidate(every.category, 0.55, f"'{c.ctx.column}' counts {unit}s in '{c.ctx.table}': time of the "
                     f"{kind}'s {every.label}, not an amount of money", "context")


_MONEY = ("user.financial", "user.payment")


def _a(label: str) -> str:
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def _whose(c: Context) -> str:
    """`a record of the person in 'users' (bills.user_id)`, or plainly a record about one person."""
    return record_words(c.ctx.record_of) if len(c.ctx.record_of) > 2 else "a record about one person"


def _coded_fact(c: Context) -> Candidate | None:
    """`severity_concept_id` in a patient's allergy: a fact of the record, coded from a dictionary, takes its category.

    Only a qualified code (`<what>_<dictionary>_id`) into a dictionary, or a dictionary or lookup named like the
    record's domain (`drug_id`, `leave_type` in a leave record): a place, a currency, an organisation, another record
    or a person is a link, not a fact."""
    target, role = c.ctx.referenced_table, c.ctx.referenced_role
    if not target or role not in ("other", "reference") or c.ctx.primary_key:
        return None
    entry = record_context(c)
    if entry is None:
        return None
    stem = tuple(singular(t) for t in c.tokens if t not in ID_TOKENS)
    if stem and stem == table_words(c.ctx.table)[-len(stem):]:
        return None  # `diagnosis_id` in `encounter_diagnosis`: the row's own key
    words = table_words(target)
    qualifier = stem[:-len(words)] if words and stem[-len(words):] == words else ()
    qualified = bool(qualifier) and not set(qualifier) & (_KEEP_TOKENS | _LINK_WORDS)
    named = any(e.category == entry.category and e.pattern.search(" " + " ".join(words) + " ") for e in active().contexts)
    if role == "reference":
        # A lookup of the record's own kind of fact (`leave_type` -> `leave_types` in a leave record, `attendance_code`
        # in an attendance record) is the fact; a general-purpose list (currency, country, language) never is.
        qualified = False
        if set(words) & active().words("general_dictionary_nouns"):
            return None
        if words and words[-1] in _WORKFLOW_WORDS and not presence_mark(c.ctx.table, {"status"}):
            return None  # `leave_status_id` -> `leave_statuses`: where the request is in its workflow, not the leave
    if not (qualified or named):
        return None
    return Candidate(entry.category, 0.55, f"'{c.ctx.column}' codes a fact of {_a(entry.label)} in '{c.ctx.table}' "
                     f"from the dictionary '{target}', {_whose(c)}", "context")


_WORKFLOW_WORDS = frozenset({"status", "state", "stage", "step", "phase", "priority", "workflow"})
_LINK_WORDS = frozenset({"previous", "prev", "next", "parent", "child", "root", "original", "source", "target", "default",
                         "main", "primary", "related", "linked", "replaced", "replacement", "new", "old"})
