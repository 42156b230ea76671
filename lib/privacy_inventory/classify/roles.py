"""What each table is, judged from the whole schema: its name, its columns and the references between tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol, Sequence

from privacy_inventory.classify.authored import authored_tables
from privacy_inventory.classify.contexts import table_context
from privacy_inventory.classify.column_words import link_words, profile_words
from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.ownership import schema_owners
from privacy_inventory.classify.morphs import link_person_morphs
from privacy_inventory.classify.subject_records import system_named_record
from privacy_inventory.classify.person_tables import copies_of_a_person, person_in_role, record_about_people, set_member
from privacy_inventory.classify.parties import BUSINESS, MIXED_PARTY, business_records, mixed_party, organisations_by_contacts
from privacy_inventory.classify.token_tables import chained_tokens, person_tokens
from privacy_inventory.classify.tables import _columns_look_personal, _has_personish_column, head_noun, infer_prefixes, schema_prefixes, table_words
from privacy_inventory.classify.tokens import singular, tokenize

PERSON, ORGANISATION, CONTENT, SYSTEM, REFERENCE, OTHER = (
    "person", "organisation", "content", "system", "reference", "other")
ROLES = (PERSON, ORGANISATION, CONTENT, SYSTEM, REFERENCE, OTHER, BUSINESS)
_AUDIT_WORDS = frozenset({"created", "creator", "changed", "changer", "updated", "modified", "voided", "retired",
                          "deleted", "by", "owner", "approved", "assigned", "author", "entered"})
_ID_WORDS = frozenset({"id", "ids", "uuid", "guid", "fk", "pk"})  # not `code`/`number`: `delivery_zip` is no link
_SURROGATE = frozenset({"record", "ref", "reference", "fk", "internal", "external", "local"})


class _Table(Protocol):
    name: str
    columns: Sequence  # objects with `.name`
    foreign_keys: Sequence  # objects with `.columns` and `.referred_table`


@dataclass(frozen=True)
class TableRole:
    """A table's role and, in words, why."""

    role: str
    evidence: str


@dataclass(frozen=True)
class Schema:
    """Roles of every table, and the references each column makes (declared or by naming convention)."""

    roles: dict[str, TableRole]
    references: dict[str, dict[str, tuple[str, bool]]]  # table -> column -> (referred table, declared?)
    prefixes: frozenset[str] = frozenset()  # the application's table-name prefixes (`tab`, `llx`), inferred
    owners: dict[str, list[str]] = field(default_factory=dict)  # table -> [person table, kind, path] (ownership.py)

    def role(self, table: str) -> TableRole | None:
        return self.roles.get(table)

    def person_tables(self) -> frozenset[str]:
        return frozenset(t for t, r in self.roles.items() if r.role == PERSON)


def _signals(columns: Iterable[str], set_name: str) -> list[str]:
    """Column words of a profile (person: first name, birth date...; organisation: domain, plan...) found, sorted."""
    found: set[str] = set()
    for column in columns:
        found.update(profile_words(column, set_name))
    return sorted(found)


def _stem_candidates(column: str) -> list[tuple[str, ...]]:
    """The noun phrases a column may refer to by convention: `patient_id`, `id_customer`, `customerRecordId`, `pid`."""
    toks = tuple(t for t in tokenize(column) if not t.isdigit())
    if len(toks) < 2:
        return []
    if toks[-1] in _ID_WORDS:
        stem = toks[:-1]
    elif toks[0] == "id" and not (len(toks) == 2 and toks[1] in active().words("id_prefixed_terms")):
        stem = toks[1:]  # PrestaShop style `id_customer` (not OpenID Connect's `id_token`, a credential)
    else:
        return []
    while len(stem) > 1 and stem[-1] in _SURROGATE:
        stem = stem[:-1]
    if not stem or stem[-1] in _SURROGATE:
        return []
    words = tuple(singular(w) for w in stem)
    out = [words]
    if len(words) > 1:
        out += [words[-1:], words[:1]]
    return out


def _index(tables: Sequence[_Table]) -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    """(table words -> table, head noun -> table); the first table in name order wins a shared key."""
    exact: dict[tuple[str, ...], str] = {}
    heads: dict[tuple[str, ...], str] = {}
    for t in sorted(tables, key=lambda t: t.name):
        exact.setdefault(table_words(t.name), t.name)
        head = head_noun(t.name)
        if head:
            heads.setdefault((head,), t.name)
    return exact, heads


def find_references(tables: Sequence[_Table]) -> dict[str, dict[str, tuple[str, bool]]]:
    """Declared foreign keys, then columns named after another table (`patient_id` -> `patients`)."""
    exact, heads = _index(tables)
    out: dict[str, dict[str, tuple[str, bool]]] = {}
    for t in tables:
        refs: dict[str, tuple[str, bool]] = {}
        for fk in t.foreign_keys:
            for col in fk.columns:
                refs[col] = (fk.referred_table, True)
        for col in (c.name for c in t.columns if not getattr(c, "primary_key", False)):
            if col in refs or col.lower() == "uid":  # a bare `uid` is the row's own public id
                continue
            for i, stem in enumerate(_stem_candidates(col)):
                # the whole stem may name a table or its head noun; a part of it only a table's exact words
                target = exact.get(stem) or (heads.get(stem) if i == 0 else None)
                if i == 0 and exact.get(stem) == t.name:
                    break  # `person_address_id` in `person_address`: the row's own id, not a link to `person`
                if target is not None and target != t.name:
                    refs[col] = (target, False)
                    break
        out[t.name] = refs
    return out


def _name_role(table: str) -> str | None:
    """What the table's name alone says."""
    k = active()
    head, words = head_noun(table), table_words(table)
    if words and words[0] in k.words("system_table_prefixes"):
        return SYSTEM
    if "to" in words[1:-1]:
        return "thing"  # `AttributeToUser`, `role_to_user`: a link between two tables, not one of them
    if head in k.words("person_table_nouns") or (words and words[-1] in k.words("person_table_nouns")):
        return PERSON
    if head in k.words("maybe_person_table_nouns"):
        return "maybe"
    if head in k.words("system_table_nouns"):
        return SYSTEM
    if head in k.words("reference_table_nouns"):
        return REFERENCE
    if head in k.words("org_table_nouns"):
        return ORGANISATION
    if head in k.words("transaction_nouns"):
        return "thing"
    if head in k.words("public_content_nouns") or head in k.words("private_content_nouns"):
        return CONTENT
    return None


def _decide(t: _Table, refs: dict[str, tuple[str, bool]], referenced_by: int, n_tables: int,
            person_tables: frozenset[str]) -> TableRole:
    """One table's role from its name, its column profile and how the rest of the schema points at it."""
    columns = [c.name for c in t.columns]
    said = _name_role(t.name)
    person = _signals(columns, "person_profile_columns")
    org = _signals(columns, "org_profile_columns")
    hub = n_tables >= 8 and referenced_by >= max(4, 0.25 * n_tables)
    shown = lambda xs: ", ".join(xs[:4])  # noqa: E731
    if said == PERSON:
        if len(org) >= 2 and not person:
            return TableRole(ORGANISATION, f"named like people, but its columns are an organisation's ({shown(org)})")
        bare = not person and not _has_personish_column(columns)
        link = _person_link(t, refs, person_tables) if bare and referenced_by <= 1 else None
        if link is not None:
            return TableRole(CONTENT, f"named '{head_noun(t.name)}', but it has no person's columns of its own and its "
                             f"rows point at a person (refers to {link}): a record about that person")
        if not person and table_words(t.name)[-1:] and table_words(t.name)[-1] in active().words("field_definition_words"):
            return TableRole(REFERENCE, f"named '{' '.join(table_words(t.name))}' with no person's columns: the fields "
                             "people's records have, not people")
        about = record_about_people(t, refs, person_tables) or (None if person else set_member(t, refs, person_tables))
        if about is not None:
            return TableRole(*about)
        return TableRole(PERSON, f"named '{head_noun(t.name)}'" + (f"; columns {shown(person)}" if person else ""))
    points_at_person = any(target in person_tables and target != t.name for target, _ in refs.values())
    identity_only = set(person) <= {"password", "user name"}  # a login of a person, not the person's record
    place_of = sorted({target for col, (target, _) in refs.items() if target in person_tables and target != t.name
                       and not set(tokenize(col)) & _AUDIT_WORDS})
    if said != PERSON and place_of and head_noun(t.name) in active().words("place_record_nouns"):
        return TableRole(CONTENT, f"named '{head_noun(t.name)}': a place of a person (refers to {place_of[0]}), not "
                         "the person")
    party = mixed_party(t.name, columns, org) if said == "maybe" else None
    if party is not None:
        return TableRole(PERSON, party)
    if (said == "maybe" or said is None) and not (points_at_person and identity_only):
        copy = copies_of_a_person(t, refs, person_tables) if said is None or head_noun(t.name) == "login" else None
        if copy is not None:
            return TableRole(CONTENT, copy)
        if len(person) >= 2 and len(person) > len(org):
            return TableRole(PERSON, f"columns of a person ({shown(person)})")
        if said == "maybe" and person and not org and not hub:
            return TableRole(PERSON, f"'{head_noun(t.name)}' with a person's columns ({shown(person)})")
        if org and not person and (len(org) >= 2 or hub or said == "maybe"):
            why = f"columns of an organisation ({shown(org)})" + (f"; {referenced_by} tables point at it" if hub else "")
            return TableRole(ORGANISATION, why)
        if said in (None, "maybe") and _columns_look_personal(columns):
            return TableRole(PERSON, "columns of a person record (email with a password, name or phone)")
        if said == "maybe" and hub:
            return TableRole(ORGANISATION, f"a tenant: {referenced_by} of {n_tables} tables point at it and it has no "
                             "person's columns")
    owner = sorted({target for target, _ in refs.values() if target in person_tables and target != t.name})
    subject = sorted({target for col, (target, _) in refs.items() if target in person_tables and target != t.name
                      and not set(tokenize(col)) & _AUDIT_WORDS})
    extends = person_in_role(t, refs, person_tables) if said in (ORGANISATION, None) and len(org) < 2 else None
    if extends is not None:
        return TableRole(PERSON, f"named '{head_noun(t.name)}', a role a person may hold, and each row points at "
                         f"person table {extends} by that table's own key: the person in that role")
    if said == ORGANISATION and subject and len(org) < 2:
        return TableRole(CONTENT, f"named '{head_noun(t.name)}', but its rows belong to a person (refers to "
                         f"{subject[0]})")
    if said in (SYSTEM, REFERENCE, ORGANISATION) and subject and len(org) < 2:
        event = _person_event(t, subject)
        if event is not None:
            return event
    if said in (SYSTEM, REFERENCE, ORGANISATION):
        if said == ORGANISATION and len(person) >= 3 and not org:
            return TableRole(PERSON, f"columns of a person ({shown(person)})")
        what = {SYSTEM: "system table", REFERENCE: "reference data", ORGANISATION: "organisation or place"}[said]
        return TableRole(said, f"named '{head_noun(t.name)}' ({what})" + (f"; columns {shown(org)}" if org else ""))
    if owner:
        return TableRole(CONTENT, f"rows belong to a person (refers to {', '.join(owner[:2])})")
    if said == CONTENT:
        return TableRole(CONTENT, f"named '{head_noun(t.name)}' (text people write)")
    return TableRole(OTHER, "no person, organisation or system signal")


def subject_tables(table: str, references: dict[str, list[str]]) -> tuple[str, ...]:
    """Person tables a table's rows are about: what its columns point at, audit actors (`created_by`) aside."""
    return tuple(sorted({target for col, (target, role, *_) in references.items()
                         if role == PERSON and target != table and not set(tokenize(col)) & _AUDIT_WORDS}))


def _person_event(t: _Table, subject: list[str]) -> TableRole | None:
    """A `leave_application` or `benefit_claim` pointing at a person is that person's record, not a system table."""
    event = table_context(t.name, tuple(c.name for c in t.columns))
    if event is None:
        return None
    return TableRole(CONTENT, f"named '{head_noun(t.name)}', but it is {'an' if event.label[:1] in 'aeiou' else 'a'} {event.label} of a person (refers to "
                     f"{subject[0]})")


def _person_link(t: _Table, refs: dict[str, tuple[str, bool]], person_tables: frozenset[str]) -> str | None:
    """The person table a people-named table points at by an ordinary (not audit) column, not by its own key."""
    own = table_words(t.name)
    keys = {c.name for c in t.columns if getattr(c, "primary_key", False)}
    for col, (target, _) in sorted(refs.items()):
        toks = tokenize(col)
        if target == t.name or target not in person_tables or col in keys or set(toks) & _AUDIT_WORDS:
            continue
        if tuple(singular(w) for w in toks if w not in _ID_WORDS) == own:
            continue  # `patient.patient_id` -> person: the row's own key, a person of a more specific kind
        return target
    return None


_LINKABLE = frozenset({PERSON, ORGANISATION, SYSTEM, REFERENCE})


def _link_fields(tables: Sequence[_Table], refs: dict[str, dict[str, tuple[str, bool]]],
                 roles: dict[str, TableRole]) -> None:
    """Columns named exactly like a person, organisation, system or reference table (`employee`, `company`)."""
    index = {k: name for k, name in _index(tables)[0].items() if roles[name].role in _LINKABLE}
    for t in tables:
        own = table_words(t.name)
        for col in (c.name for c in t.columns):
            if col in refs[t.name]:
                continue
            words = link_words(col)
            if words is None:
                continue  # `address1`, `phone2`: repeated fields of the row, not links
            target = index.get(words) if words and words != own else None
            if target is not None and target != t.name and table_words(target) == words:
                refs[t.name][col] = (target, False)


def infer_schema(tables: Sequence[_Table]) -> Schema:
    """Roles for every table: people first (names and columns), then organisations, content, system, reference."""
    prefixes = infer_prefixes(t.name for t in tables)
    with schema_prefixes(prefixes):
        schema = _infer(tables)
    return Schema(schema.roles, schema.references, prefixes, schema.owners)


def _infer(tables: Sequence[_Table]) -> Schema:
    """infer_schema() with the schema's prefixes in force."""
    refs = find_references(tables)
    referenced: dict[str, int] = {}
    for name, cols in refs.items():
        for target in {target for target, _ in cols.values() if target != name}:
            referenced[target] = referenced.get(target, 0) + 1
    n = len(tables)
    roles: dict[str, TableRole] = {}
    # Two passes: person tables first (a table pointing at one named like people is that person's, not a person),
    # then tables owned by them.
    named = frozenset(t.name for t in tables if _name_role(t.name) == PERSON)
    for t in tables:
        roles[t.name] = _decide(t, refs[t.name], referenced.get(t.name, 0), n, named)
    people = frozenset(name for name, r in roles.items() if r.role == PERSON)
    _link_fields(tables, refs, roles)
    link_person_morphs(tables, refs, people)
    for t in tables:
        if roles[t.name].role in (OTHER, CONTENT) or (roles[t.name].role == PERSON and t.name in named):
            roles[t.name] = _decide(t, refs[t.name], referenced.get(t.name, 0), n, people)
        elif roles[t.name].role in (SYSTEM, REFERENCE, ORGANISATION) and not _signals(
                [c.name for c in t.columns], "org_profile_columns"):
            subject = sorted({target for col, (target, _) in refs[t.name].items() if target in people
                              and target != t.name and not set(tokenize(col)) & _AUDIT_WORDS})
            tokens = person_tokens(t.name, subject)
            event = (_person_event(t, subject) or (TableRole(CONTENT, tokens) if tokens else None)) if subject else None
            named_record = system_named_record(t.name, subject) if roles[t.name].role == SYSTEM else None
            roles[t.name] = event or (TableRole(*named_record) if named_record else roles[t.name])
    for name, why in authored_tables([(t.name, [c.name for c in t.columns]) for t in tables], lambda n: roles[n].role,
                                     refs, lambda col: bool(set(tokenize(col)) & _AUDIT_WORDS)).items():
        roles[name] = TableRole(CONTENT, why)
    _kinds_of_people(tables, refs, roles)
    _parties(tables, refs, roles)
    _second_hop(tables, refs, roles)
    for name, why in chained_tokens(tables, refs, lambda n: (roles[n].role, roles[n].evidence) if n in roles else ("", "")).items():
        roles[name] = TableRole(CONTENT, why)
    _document_links(tables, refs, roles)
    return Schema(roles, refs, owners=_owners(tables, refs, roles))


def _owners(tables: Sequence[_Table], refs: dict[str, dict[str, tuple[str, bool]]],
            roles: dict[str, TableRole]) -> dict[str, list[str]]:
    """Records of one person over the reference graph (classify/ownership.py); tables found that way become content."""
    # a party table mixing people and companies is no one person whose records an invoice and its lines would be
    owners, became = schema_owners(tables, refs, lambda n: "" if n not in roles else "party" if roles[n].evidence.startswith(
                                       MIXED_PARTY) else roles[n].role,
                                   lambda n: roles[n].evidence if n in roles else "",
                                   lambda col: bool(set(tokenize(col)) & _AUDIT_WORDS),
                                   lambda n: roles[n].role if n in roles else "")
    for name, why in became.items():
        roles[name] = TableRole(CONTENT, why)
    return owners


def _kinds_of_people(tables: Sequence[_Table], refs: dict[str, dict[str, tuple[str, bool]]],
                     roles: dict[str, TableRole]) -> None:
    """A people-named table with no person's columns that people point at (`profile`, `user_profiles`) is a kind of person."""
    pointed: dict[str, str] = {}
    for name in sorted(refs):
        if roles[name].role != PERSON:
            continue
        for col, (target, _) in sorted(refs[name].items()):
            if target != name and not set(tokenize(col)) & _AUDIT_WORDS:
                pointed.setdefault(target, name)
    for t in tables:
        columns = [c.name for c in t.columns]
        if roles[t.name].role != PERSON or t.name not in pointed or _name_role(t.name) != PERSON:
            continue
        if _signals(columns, "person_profile_columns") or _has_personish_column(columns):
            continue
        roles[t.name] = TableRole(REFERENCE, f"named '{head_noun(t.name)}' but with no person's columns, and people "
                                  f"point at it ({pointed[t.name]}): a kind of person (a profile or role), not a person")


def _document_links(tables: Sequence[_Table], refs: dict[str, dict[str, tuple[str, bool]]],
                    roles: dict[str, TableRole]) -> None:
    """`leave_allocation`, `salary_slip` in a record: a link to another record by its table's words, not a fact of it."""
    index = _index(tables)[0]
    for t in tables:
        if roles[t.name].role == PERSON:
            continue  # a person's own `job_title` or `designation` is the person's, whatever table lists them
        own = table_words(t.name)
        for col in (c.name for c in t.columns):
            words = link_words(col)
            if words is None:
                continue
            target = index.get(words) if len(words) >= 2 and words != own and col not in refs[t.name] else None
            if target is not None and target != t.name and roles[target].role != PERSON:
                refs[t.name][col] = (target, False)


def _parties(tables: Sequence[_Table], refs: dict[str, dict[str, tuple[str, bool]]], roles: dict[str, TableRole]) -> None:
    """Organisations known by their contact people, then the business records kept about them (classify/parties.py)."""
    role_of = lambda name: roles[name].role if name in roles else ""  # noqa: E731
    orgs = organisations_by_contacts(tables, refs, role_of, lambda cols: _signals(cols, "person_profile_columns"))
    for name, why in orgs.items():
        roles[name] = TableRole(ORGANISATION, why)
    for name, why in business_records(refs, role_of).items():
        roles[name] = TableRole(BUSINESS, why)


def _second_hop(tables: Sequence[_Table], refs: dict[str, dict[str, tuple[str, bool]]],
                roles: dict[str, TableRole]) -> None:
    """A table that extends or details a person's record (`drug_order` -> `orders` -> `patient`) is about that person."""
    owned = {name for name, r in roles.items() if r.role == CONTENT and r.evidence.startswith("rows belong")}
    for t in tables:
        if roles[t.name].role != OTHER:
            continue
        parents = sorted({target for target, _ in refs[t.name].values() if target in owned and target != t.name})
        if parents:
            roles[t.name] = TableRole(CONTENT, f"rows belong to a person through {parents[0]}")
