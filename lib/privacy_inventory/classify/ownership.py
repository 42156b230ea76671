"""Whose records a table holds: one person's, reached over the reference graph, directly or through their records.

A `bills.user_id` row is a record of that user; a `budget_limits` row pointing at `budgets` (whose `user_id` says
whose budget it is) is one too, and so is a `referral_order` that extends `orders.patient_id`. The person at the end
of the path says what kind of record it is (a patient's, an employee's, an account holder's), and the evidence of
each column says the path in words.
"""

from __future__ import annotations

from typing import Callable, Mapping, Protocol, Sequence

from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.link_rows import linked_records
from privacy_inventory.classify.tables import (BROWSE_TABLES, MEDIA_TABLES, SEARCH_TABLES, _columns_look_personal,
                                               head_noun, is_login_table, record_words, table_words)
from privacy_inventory.classify.tokens import singular, tokenize

Hop = tuple[str, str, str]  # (table, column, the table that column points at)
ACCOUNT_HOLDER = "account holder"
# People who only hold an account: when the schema has no other kind of person, its users are its data subjects.
GENERIC_PEOPLE = frozenset({"user", "account", "login", "identity", "profile", "admin", "person", "people"})
_MAX_HOPS = 3  # the reference to the person and at most two of their records in between
_HOPPING = frozenset({"other", "content"})  # roles a table may have and still detail a person's record
_BY_NAME = frozenset({"reference", "organisation"})  # ... and roles given by a name alone, when named after the record
_ID_WORDS = frozenset({"id", "ids", "uuid", "guid", "fk", "pk"})
_NOT_SHARED = frozenset({"id", "type", "data", "detail", "info", "record", "log", "history", "attribute", "meta", "map"})


class _Table(Protocol):
    name: str
    columns: Sequence  # objects with `.name`


Refs = dict[str, dict[str, tuple[str, bool]]]


def parent_links(tables: Sequence[_Table], refs: Refs) -> dict[str, dict[str, str]]:
    """A bare `parent` column of a table named after another one (`appraisal_goal.parent` -> `appraisal`): its header.

    Child-table frameworks (Frappe's `parent`/`parenttype`) link a detail row to its document by name only; the
    longest table whose words start this table's name is the document it details. Kept apart from the references:
    it says whose record the row is, while the `parent` column itself is the framework's link, not a person's id."""
    index: dict[tuple[str, ...], str] = {}
    for t in sorted(tables, key=lambda t: t.name):
        index.setdefault(table_words(t.name), t.name)
    out: dict[str, dict[str, str]] = {}
    for t in tables:
        words = table_words(t.name)
        for col in (c.name for c in t.columns):
            if col in refs.get(t.name, {}) or tuple(tokenize(col)) != ("parent",):
                continue
            for n in range(len(words) - 1, 0, -1):
                target = index.get(words[:n])
                if target is not None and target != t.name:
                    out.setdefault(t.name, {})[col] = target
                    break
    return out


def schema_owners(tables: Sequence[_Table], refs: Refs, role_of: Callable[[str], str], evidence_of: Callable[[str], str],
                  is_audit: Callable[[str], bool], real_role_of: Callable[[str], str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """(table -> [person table, kind, domain, path...], tables that are records through another record, with why).

    `role_of` is what the path may go through (a mixed party table says `party`), `real_role_of` the table's role."""
    paths, became = record_owners(tables, refs, role_of, evidence_of, is_audit)
    roles = {t.name: real_role_of(t.name) for t in tables}
    for name in became:
        roles[name] = "content"
    holders = users_are_subjects(sorted(n for n, r in roles.items() if r == "person"), roles)
    logins = {t.name for t in tables if roles[t.name] == "person" and is_login_table([c.name for c in t.columns])}
    kinds = {p[-1][2]: kind_of(p[-1][2], holders, p[-1][2] in logins) for p in paths.values()}
    domains = record_domains(tables, paths, kinds)
    owners = {name: record_of(path, holders, path[-1][2] in logins, domains.get(name, ""))
              for name, path in sorted(paths.items())}
    return owners, became


def record_owners(tables: Sequence[_Table], refs: Refs, role_of: Callable[[str], str],
                  evidence_of: Callable[[str], str], is_audit: Callable[[str], bool]) -> tuple[dict[str, tuple[Hop, ...]], dict[str, str]]:
    """(table -> the path of references to the one person its rows are about, tables that are records by that path).

    Direct: a person's record points at them by an ordinary column (not `created_by`). Then up to two hops through
    tables that are themselves one person's records. Reference data, settings, tenants and system tables are never
    reached: they are not records, and a lookup that records point at is no detail of any one of them. A hop goes
    through a declared key or a column named exactly after its table (`budget_id` -> `budgets`), never through a
    table that is a party of its own (a contact with its own e-mail and phone: its records are that party's)."""
    names = sorted(t.name for t in tables)
    columns = {t.name: [c.name for c in t.columns] for t in tables}
    people = {n for n in names if role_of(n) == "person"}
    parents = parent_links(tables, refs)
    edges = {n: sorted({col: (target, declared) for col, (target, declared) in refs.get(n, {}).items()
                        if declared or _named_after(col, target)}.items()) for n in names}
    for n, links in parents.items():
        edges[n] = sorted(edges[n] + [(col, (target, False)) for col, target in links.items()])
    paths: dict[str, tuple[Hop, ...]] = {}
    became: dict[str, str] = {}
    for name in names:
        if role_of(name) not in ("content", "other") or name in people:
            continue
        links = [(col, target) for col, (target, _) in refs.get(name, {}).items()
                 if target in people and target != name and not is_audit(col)]
        if role_of(name) == "content" and links or (links := [(c, t) for c, t in parents.get(name, {}).items() if t in people]):
            col, target = min(links, key=lambda link: (head_noun(link[1]) in GENERIC_PEOPLE, link[0]))
            paths[name] = ((name, col, target),)
            if role_of(name) != "content":
                became[name] = _why(name, role_of(name), paths[name])
    for name, hops in sorted(linked_records(names, columns, edges, paths, people, role_of, is_audit).items()):
        paths[name] = hops
        if role_of(name) != "content":
            became[name] = _why(name, role_of(name), hops)
    pointed_by: dict[str, set[str]] = {}
    for name in names:
        for col, (target, _) in edges[name]:
            if not is_audit(col):
                pointed_by.setdefault(target, set()).add(name)
    for depth in range(1, _MAX_HOPS):
        for name in names:
            if name in paths or name in people:
                continue
            for col, (target, _) in edges[name]:
                if target == name or len(paths.get(target, ())) != depth or is_audit(col):
                    continue
                if _columns_look_personal(columns.get(target, [])):
                    continue  # `documents.contact_id` -> `contacts`: the contact's record, not its portal user's
                if not _may_detail(name, target, role_of, evidence_of, pointed_by, paths):
                    continue
                paths[name] = ((name, col, target),) + paths[target]
                if role_of(name) != "content":
                    became[name] = _why(name, role_of(name), paths[name])
                break
    return paths, became


def _named_after(column: str, target: str) -> bool:
    """`budget_id` -> `budgets`, `patient_program_id` -> `patient_program`, `id_order` -> `orders`: a key of that table."""
    toks = tuple(tokenize(column))
    if not toks or not (toks[-1] in _ID_WORDS or toks[0] == "id"):
        return False  # a bare `additional_salary` may name a document of any kind: only keys are followed
    words = tuple(singular(t) for t in toks if t not in _ID_WORDS)
    return bool(words) and words == table_words(target)


def _may_detail(name: str, target: str, role_of: Callable[[str], str], evidence_of: Callable[[str], str],
                pointed_by: Mapping[str, set[str]], paths: Mapping[str, tuple[Hop, ...]]) -> bool:
    """Whether `name` can be a detail of the person's record `target` it points at."""
    role = role_of(name)
    if role in _HOPPING:
        return True
    if role not in _BY_NAME or not evidence_of(name).startswith("named '"):
        return False  # an organisation or lookup by its columns, a system table, a business record: never one person's
    if role == "organisation":
        return True  # named like an organisation (`piggy_banks`), no organisation's columns, detailing a person's record
    if any(source in paths for source in pointed_by.get(name, ())):
        return False  # records point at it: a lookup they share (`order_type`), not a detail of one of them
    shared = (set(table_words(name)) & set(table_words(target))) - _NOT_SHARED
    return bool(shared & active().words("person_table_nouns"))  # `patient_state` -> `patient_program`


def _why(name: str, role: str, path: tuple[Hop, ...]) -> str:
    """The evidence of a table that turned out to be a person's record through another record."""
    via = path[0][2]
    if role in _BY_NAME:
        return (f"named '{head_noun(name)}', but its rows detail a record of a person ({path_words(path)}), not "
                f"{'reference data' if role == 'reference' else 'an organisation'}")
    return f"rows belong to a person through {via} ({path_words(path)})"


def path_words(path: Sequence[Hop]) -> str:
    """`budget_limits.budget_id -> budgets.user_id`."""
    return " -> ".join(f"{table}.{col}" for table, col, _ in path)


def kind_of(person_table: str, holders: bool, login: bool = False) -> str:
    """What kind of person a table holds (`patient`, `employee`), or an account holder when users are the subjects.

    A people table with passwords is the application's logins: records pointing at its staff (`employee` of a shop's
    back office) are what they did, not their employment file, so they are of no kind but users."""
    head = head_noun(person_table)
    if holders and head in GENERIC_PEOPLE:
        return ACCOUNT_HOLDER
    return "user" if login else head


def users_are_subjects(people: Sequence[str], roles: Mapping[str, str]) -> bool:
    """No kind of person other than account holders, and no business records: the users are whom the data is about."""
    return bool(people) and all(head_noun(p) in GENERIC_PEOPLE for p in people) and "business" not in roles.values()


def record_domains(tables: Sequence[_Table], paths: Mapping[str, tuple[Hop, ...]],
                   kinds: Mapping[str, str]) -> dict[str, str]:
    """The domain (a table context's label) of each person's record: its own words, else the record it details, else
    its details' words, else what every record of that kind of person is (`records_of`).

    `orders` of a patient whose details are `drug_order` and `referral_order` is a clinical record, and so is the
    `test_order` that details it. The last resort does not apply to a record whose name says it is something else
    (a delivery, a page view, a support ticket, a log): a patient's support ticket is no clinical record."""
    from privacy_inventory.classify.contexts import every_record_context, table_context

    columns = {t.name: tuple(c.name for c in t.columns) for t in tables}
    own: dict[str, str] = {}  # what the record's own words say, or its columns for a kind of person (money)
    for name, path in paths.items():
        person = path[-1][2]
        entry = table_context(name, columns.get(name, ()), kinds.get(person, ""), head_noun(person))
        if entry is None:
            entry = every_record_context(kinds.get(person, ""), columns.get(name, ()), by_columns=True)
        if entry is not None:
            own[name] = entry.label
    children: dict[str, list[str]] = {}
    for name, path in sorted(paths.items()):
        if len(path) > 1 and name in own:
            children.setdefault(path[0][2], []).append(own[name])
    domain: dict[str, str] = {}
    for name, path in sorted(paths.items(), key=lambda item: (len(item[1]), item[0])):
        label = own.get(name) or (domain.get(path[0][2], "") if len(path) > 1 else "")
        label = label or (children[name][0] if name in children else "")
        if not label and not _named_otherwise(name):
            entry = every_record_context(kinds.get(path[-1][2], ""), columns.get(name, ()), by_columns=False)
            label = entry.label if entry is not None else ""
        domain[name] = label
    return domain


def _named_otherwise(table: str) -> bool:
    """The table's name says another kind of record: a delivery, a page view, a ticket, a log, a message, a job, an
    address, a device."""
    k = active()
    other = (k.words("transaction_nouns") | k.words("public_content_nouns") | k.words("private_content_nouns")
             | k.words("system_table_nouns") | k.words("place_record_nouns") | k.words("device_record_nouns")
             | BROWSE_TABLES | MEDIA_TABLES | SEARCH_TABLES)
    return bool(set(table_words(table)) & other)


def record_of(path: Sequence[Hop], holders: bool, login: bool = False, domain: str = "") -> list[str]:
    """What a table scan carries: [person table, its kind, the record's domain, `table.column` of each hop]."""
    person = path[-1][2]
    return [person, kind_of(person, holders, login), domain] + [f"{table}.{col}" for table, col, _ in path]
