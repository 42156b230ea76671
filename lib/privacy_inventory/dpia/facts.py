"""Targeted, bounded, read-only counts the risk rules need and a sample cannot give, cached as facts.json.

Every count is over one table of one source, never returns a value, and is either one
`SELECT count(*)` (retention, true flags) or a bounded stream of one or two columns through the
classifier's own detectors (dates of birth, password hashes, hidden emails/phones, keyword groups),
at most `max_rows` rows: when the limit is reached the count is a lower bound (`bounded`).
A query that fails is recorded on its fact (`error`), never raised.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import quoted_name

from privacy_inventory.classify import special, values
from privacy_inventory.classify.others import other_people, public_flags
from privacy_inventory.declarations import Declarations, duration_days, is_special_category, table_matches
from privacy_inventory.dpia.consent import KINDS as CONSENT_KINDS, count_check, plan_consent_checks
from privacy_inventory.dpia.decisions import plan_decisions, row_test as decision_test
from privacy_inventory.dpia.guardians import guardian_consent, is_bool_column
from privacy_inventory.dpia.inferences import count_special_payments, plan_mcc
from privacy_inventory.dpia.retention import join_or_missing, relationship_end
from privacy_inventory.errors import InventoryError
from privacy_inventory.jurisdiction import controller_consent_age
from privacy_inventory.models import ColumnScan, Inventory, SourceScan, TableScan
from privacy_inventory.scan.connect import check_connection, create_readonly_engine, describe_db_error
from privacy_inventory.scan.introspect import is_boolean_type
from privacy_inventory.scan.sources import SourceSpec

FACTS_FILE = "facts.json"
MAX_ROWS = 200_000
MAX_CHARS = 2000
CHILDREN_AGE = 13  # the classifier's sampled `under_13` fact; the exact query uses the controller country's Art. 8 age
DOB_CATEGORY = "user.demographic.date_of_birth"
PASSWORD_CATEGORY = "user.authorization.password"
_SETTING_KEY = re.compile(r"^(key|name|setting|param|parameter|option)$", re.I)
_SETTING_VALUE = re.compile(r"^(value|val|setting_value|data)$", re.I)
_SECRET_NAME = re.compile(r"pass(word|wd)?\b|secret|token|api[_.\-]?key|private[_.\-]?key|credential", re.I)
_NUMERIC = ("INT", "NUMERIC", "DECIMAL", "REAL", "FLOAT", "DOUBLE")
_DB_ERRORS = (SQLAlchemyError, sqlite3.Error, ValueError, TypeError, OverflowError)


@dataclass
class Fact:
    """One count over one table: what was counted (`detail`, no values), the count or the error."""

    key: str
    kind: str  # retention | under_age | plaintext_passwords | special_text | special_values | special_inference | automated_decisions | hidden | secret_keys
    table: str  # source.table
    columns: list[str]
    detail: str
    value: int | None = None
    scanned: int | None = None  # rows examined by a bounded stream (None for a SQL count)
    bounded: bool = False  # the row limit was reached: `value` is a lower bound
    error: str | None = None
    period: str | None = None  # retention facts: the ISO-8601 period the rows are older than
    after_end: bool = False  # retention facts: counted from the end of the relationship (closure), not creation
    consented: int | None = None  # under-age facts: children left out because a guardian's consent is recorded (Art. 8)


@dataclass
class Facts:
    """All facts of one run, keyed by fact key, with the reference date they were computed against."""

    reference_date: str
    facts: dict[str, Fact] = field(default_factory=dict)

    def value(self, key: str) -> int | None:
        """The count for a key, or None when it was not collected or failed."""
        fact = self.facts.get(key)
        return None if fact is None or fact.error else fact.value

    def of_kind(self, kind: str) -> list[Fact]:
        """The facts of one kind, in key order."""
        return [self.facts[k] for k in sorted(self.facts) if self.facts[k].kind == kind]

    def to_json(self) -> str:
        data = {"reference_date": self.reference_date, "facts": {k: asdict(self.facts[k]) for k in sorted(self.facts)}}
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> "Facts":
        """Read a facts.json written by `save`; a bad file is one InventoryError line."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            facts = {k: Fact(**v) for k, v in data["facts"].items()}
            return cls(reference_date=str(data["reference_date"]), facts=facts)
        except FileNotFoundError:
            raise InventoryError(str(path), "facts file not found; collect the facts first") from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise InventoryError(str(path), f"not a valid facts file ({type(exc).__name__})") from None


@dataclass
class FactPlan:
    """A fact to collect: which table and columns, and the parameters of its query."""

    fact: Fact
    source: str
    table: TableScan
    params: dict[str, Any] = field(default_factory=dict)


def table_ref(source: SourceScan, table: TableScan) -> str:
    """`source.table` (`source.schema.table` when the source has several schemas), as the data map names it."""
    several = len({t.schema for t in source.tables}) > 1
    return f"{source.name}.{table.qualified_name if several else table.name}"


def years_before(reference: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    day = 28 if (reference.month, reference.day) == (2, 29) else reference.day
    return reference.replace(year=reference.year - years, day=day)


def cutoff_date(reference: dt.date, period: str) -> dt.date:
    """The reference date minus an ISO-8601 duration (year 365 days, month 30 days, as declarations do)."""
    return reference - dt.timedelta(days=int(duration_days(period)))


def plan_facts(inventory: Inventory, declarations: Declarations, reference: dt.date, children_age: int | None = None) -> list[FactPlan]:
    """Every fact the risk rules may need for this inventory and these declarations, sorted by key."""
    children_age = children_age or controller_consent_age(declarations)
    plans: dict[str, FactPlan] = {}
    for source in sorted(inventory.sources, key=lambda s: s.name):
        for table in sorted(source.tables, key=lambda t: (t.schema or "", t.name)):
            if table.error or getattr(table, "skipped", None):  # not readable, or not to be read (--skip-views)
                continue
            ref = table_ref(source, table)
            for plan in _column_plans(source.name, ref, table, reference, children_age):
                if plan.fact.kind == "under_age":
                    with_guardian(plan, guardian_consent(source, table))
                plans.setdefault(plan.fact.key, plan)
            for plan in _retention_plans(source, ref, table, declarations, reference):
                old = plans.get(plan.fact.key)
                if old is None or plan.params["cutoff"] > old.params["cutoff"]:  # the strictest period wins
                    plans[plan.fact.key] = plan
            for plan in _people_plans(source.name, ref, table):
                plans.setdefault(plan.fact.key, plan)
            decisions = plan_decisions(table) if table.foreign_keys or scope_personal(table) else None
            if decisions is not None:
                key = f"automated_decisions:{ref}"
                plans.setdefault(key, _plan(key, "automated_decisions", ref, decisions.columns, decisions.describe() + " (Art. 22)", source.name, table, decisions=decisions))
            mcc = plan_mcc(source, table)
            if mcc is not None:
                detail = f"payments whose merchant category code ({mcc.describe()}) reveals a special category (data/merchant_categories.yaml)"
                cols = [mcc.join[0] if mcc.join else mcc.code_column]
                plans.setdefault(f"special_inference:{ref}", _plan(f"special_inference:{ref}", "special_inference", ref, cols, detail, source.name, table, mcc=mcc))
    for check in plan_consent_checks(inventory, declarations, table_ref):
        cols = [check.join[0]] + ([check.time_column] if check.time_column else [])
        plans.setdefault(check.key, _plan(check.key, check.kind, check.ref, cols, check.detail, check.source, check.table, check=check))
    return [plans[k] for k in sorted(plans)]


def _column_plans(source: str, ref: str, table: TableScan, reference: dt.date, children_age: int) -> list[FactPlan]:
    """Facts about single columns: minors' birth dates, clear passwords, special data, hidden data, secrets."""
    out: list[FactPlan] = []
    text_groups: dict[str, list[str]] = {}
    for col in table.columns:
        cat = col.category or ""
        if cat == DOB_CATEGORY or cat.startswith(DOB_CATEGORY + "."):
            detail = f"{col.name} parses as a birth date less than {children_age} years before {reference.isoformat()}"
            out.append(_plan(f"under_{children_age}:{ref}.{col.name}", "under_age", ref, [col.name], detail, source, table, age=children_age))
        if cat.startswith(PASSWORD_CATEGORY) or "plaintext_password" in col.flags:
            detail = f"non-empty {col.name} values that are not a known password hash format"
            out.append(_plan(f"plaintext_passwords:{ref}.{col.name}", "plaintext_passwords", ref, [col.name], detail, source, table))
        groups = sorted(f.split(":", 1)[1] for f in col.flags if f.startswith("special:"))
        if "children" in col.flags and not cat.startswith(DOB_CATEGORY):
            groups.append("children")
        if is_special_category(cat) or (groups and is_bool_column(col)):
            what = "true" if is_bool_column(col) else "non-empty"
            detail = f"rows with a {what} {col.name} ({cat or ', '.join(groups)})"
            out.append(_plan(f"special_values:{ref}.{col.name}", "special_values", ref, [col.name], detail, source, table, boolean=is_bool_column(col)))
        elif groups:
            for group in groups:
                text_groups.setdefault(group, []).append(col.name)
        if "hidden_by_name" in col.flags and col.category:
            detail = f"values of {col.name} that are {col.category} although its name does not say so"
            country = _country_column(table, col)
            cols = [col.name] + ([country] if country else [])
            out.append(_plan(f"hidden:{ref}.{col.name}", "hidden", ref, cols, detail, source, table, category=col.category))
    for group, cols in sorted(text_groups.items()):
        detail = f"rows whose {' or '.join(sorted(cols))} mention {group} keywords (special-category lexicon)"
        out.append(_plan(f"special_text:{ref}:{group}", "special_text", ref, sorted(cols), detail, source, table, group=group))
    keys = [c.name for c in table.columns if _SETTING_KEY.match(c.name)]
    if keys and any(_SETTING_VALUE.match(c.name) for c in table.columns):
        value = next(c.name for c in table.columns if _SETTING_VALUE.match(c.name))
        detail = f"settings whose {keys[0]} names a password, secret, token or key and whose {value} holds it, not a reference to a secret store (values never shown)"
        out.append(_plan(f"secret_keys:{ref}", "secret_keys", ref, [keys[0], value], detail, source, table))
    return out


def _retention_plans(source: SourceScan, ref: str, table: TableScan, declarations: Declarations, reference: dt.date) -> list[FactPlan]:
    """Rows older than each declared retention period that names a date column and applies to this table.

    "For as long as we have a relationship" counts from an event that ends it (account closed, consent
    withdrawn, contract ended; data/relationship_events.yaml), read on this table or on the person it points to;
    a payment date or a ticket's resolution is not such an event. A statutory period is a minimum: honoured.
    """
    out = []
    for act in declarations.activities:
        ret = act.retention
        if ret is None or not ret.date_column or (ret.period == "relationship" and not ret.grace):
            continue  # with no grace, when the relationship ended cannot be told from one date column
        patterns = ret.applies_to or act.tables
        if not any(table_matches(p, table.name, source.name, table.schema) for p in patterns):
            continue
        period = (ret.grace or "P0D") if ret.period == "relationship" else ret.period
        law = ""
        if ret.statutory and duration_days(ret.statutory.period) > duration_days(period):
            period, law = ret.statutory.period, f"; the statutory {ret.statutory.period} ({ret.statutory.law}) is honoured"
        elif ret.statutory:
            law = f"; covers the statutory {ret.statutory.period} ({ret.statutory.law})"
        cutoff = cutoff_date(reference, period)
        params: dict[str, Any] = {"cutoff": cutoff, "date_column": ret.date_column, "activity": act.key, "period": period}
        if ret.period == "relationship":
            how = relationship_end(source, table, ret.date_column, params)
        else:
            how = f"{ret.date_column} older than {period}"
            if not any(c.name == ret.date_column for c in table.columns):
                join_or_missing(source, table, ret.date_column, params)
        detail = f"rows where {how}, i.e. before {cutoff.isoformat()} (activity {act.key}{law})"
        if "join" in params:
            detail += f", through {params['join'][0]} -> {params['join'][1]}.{params['join'][3]}"
        cols = [params["join"][0]] if "join" in params else [params["date_column"]]
        plan = _plan(f"retention:{ref}", "retention", ref, cols, detail, source.name, table, **params)
        plan.fact.period, plan.fact.after_end = period, ret.period == "relationship"
        out.append(plan)
    return out


def _people_plans(source: str, ref: str, table: TableScan) -> list[FactPlan]:
    """Rows naming other people (invitees, friends, guardians, emergency contacts) and rows shown publicly."""
    out = []
    for found in other_people(table, ref):
        detail = f"rows where {' or '.join(found.columns)} is set: {found.label}"
        out.append(_plan(f"other_people:{ref}:{found.role}", "other_people", ref, list(found.columns), detail, source, table))
    for flag in public_flags(table):
        out.append(_plan(f"public:{ref}.{flag}", "public", ref, [flag], f"rows whose {flag} is true (shown to others)", source, table))
    return out


def _plan(key: str, kind: str, ref: str, cols: list[str], detail: str, source: str, table: TableScan, **params: Any) -> FactPlan:
    return FactPlan(Fact(key=key, kind=kind, table=ref, columns=cols, detail=detail), source, table, params)


def scope_personal(table: TableScan) -> bool:
    """Whether a table holds a column the classifier put under `user.` (a decision about a person, not a thing)."""
    return any(str(c.category or "").startswith("user.") for c in table.columns)


def _country_column(table: TableScan, col: ColumnScan) -> str | None:
    """A sibling column of country codes that tells how to read national phone numbers."""
    if not (col.category or "").startswith("user.contact.phone"):
        return None
    names = sorted(c.name for c in table.columns if c.name != col.name and (c.category or "").startswith("user.contact.address.country"))
    coded = [n for n in names if "code" in n.lower() or n.lower().endswith("_cc")]
    return (coded or names or [None])[0]


def collect_facts(specs: Sequence[SourceSpec], inventory: Inventory, declarations: Declarations, reference_date: dt.date | None = None,
                  *, timeout_s: float = 30.0, max_rows: int = MAX_ROWS, children_age: int | None = None) -> Facts:
    """Run every planned fact against the sources named in `specs`; failures are recorded, never raised."""
    reference = reference_date or dt.date.today()
    plans = plan_facts(inventory, declarations, reference, children_age)
    by_source: dict[str, list[FactPlan]] = {}
    for plan in plans:
        by_source.setdefault(plan.source, []).append(plan)
    spec_for = {s.name: s for s in specs}
    for name, group in sorted(by_source.items()):
        spec = spec_for.get(name)
        if spec is None:
            _fail(group, f"no database URL given for source {name}")
            continue
        _collect_source(spec, group, reference, timeout_s, max_rows)
    return Facts(reference_date=reference.isoformat(), facts={p.fact.key: p.fact for p in plans})


def _fail(plans: list[FactPlan], message: str) -> None:
    for plan in plans:
        plan.fact.error = message


def _collect_source(spec: SourceSpec, plans: list[FactPlan], reference: dt.date, timeout_s: float, max_rows: int) -> None:
    """Open one source read-only and run its facts one by one."""
    try:
        engine = create_readonly_engine(spec, timeout_s=timeout_s)
    except InventoryError as exc:
        _fail(plans, exc.message)
        return
    try:
        check_connection(engine, spec)
        with engine.connect() as conn:
            for plan in plans:
                if "missing" in plan.params:
                    plan.fact.error = plan.params["missing"]
                    continue
                try:
                    _run(conn, plan, reference, max_rows)
                except _DB_ERRORS as exc:
                    plan.fact.error = describe_db_error(exc, spec)
                    try:
                        conn.rollback()
                    except _DB_ERRORS:
                        pass
    except InventoryError as exc:
        _fail([p for p in plans if p.fact.value is None and p.fact.error is None], exc.message)
    finally:
        engine.dispose()


def _table(conn: Connection, table: TableScan, columns: Sequence[str]) -> Any:
    schema = None if conn.dialect.name == "sqlite" else table.schema
    cols = [sa.column(quoted_name(c, True)) for c in sorted(set(columns))]
    return sa.table(quoted_name(table.name, True), *cols, schema=quoted_name(schema, True) if schema else None)


def _run(conn: Connection, plan: FactPlan, reference: dt.date, max_rows: int) -> None:
    """Compute one fact's value (and how many rows were examined)."""
    fact, p = plan.fact, plan.params
    if fact.kind == "retention":
        fact.value = _count_older(conn, plan)
    elif fact.kind in CONSENT_KINDS:
        fact.value = count_check(conn, p["check"], _table)
    elif fact.kind == "other_people":
        t = _table(conn, plan.table, fact.columns)
        fact.value = int(conn.execute(sa.select(sa.func.count()).select_from(t).where(sa.or_(*[t.c[c].isnot(None) for c in fact.columns]))).scalar() or 0)
    elif fact.kind == "public":
        t = _table(conn, plan.table, fact.columns)
        fact.value = int(conn.execute(sa.select(sa.func.count()).select_from(t).where(t.c[fact.columns[0]] == sa.true())).scalar() or 0)
    elif fact.kind == "special_values":
        t = _table(conn, plan.table, fact.columns)
        col = t.c[fact.columns[0]]
        boolean = p.get("boolean") or is_boolean_type(_reflected_type(conn, plan.table, fact.columns[0]))
        where = col == sa.true() if boolean else col.isnot(None)  # MySQL's TINYINT(1): only 1 is true
        fact.value = int(conn.execute(sa.select(sa.func.count()).select_from(t).where(where)).scalar() or 0)
    elif fact.kind == "special_inference":
        per = count_special_payments(conn, p["mcc"], _table)
        fact.value = sum(per.values())
        if per:
            fact.detail += ": " + ", ".join(f"{n:,} {cat.replace('_', ' ')}" for cat, n in per.items())
    elif fact.kind == "under_age" and p.get("guardian") is not None:
        _count_minors_without_guardian(conn, plan, reference, max_rows)
    else:
        test = _row_test(fact.kind, p, reference)
        hits = scanned = 0
        for row in _stream(conn, plan.table, fact.columns, max_rows):
            scanned += 1
            hits += bool(test(row))
        fact.value, fact.scanned, fact.bounded = hits, scanned, scanned >= max_rows


def with_guardian(plan: FactPlan, guardian: Any) -> None:
    """Make an under-age fact count only children with no guardian's consent recorded, when the schema records it."""
    if guardian is None:
        return
    plan.params["guardian"] = guardian
    plan.fact.detail += f", with no guardian's consent recorded ({guardian.describe()})"
    if guardian.link is None:
        plan.fact.columns = [plan.fact.columns[0], guardian.consent_column]
    else:
        plan.fact.columns = [plan.fact.columns[0], guardian.link[1]]


def _count_minors_without_guardian(conn: Connection, plan: FactPlan, reference: dt.date, max_rows: int) -> None:
    """Children (by birth date) split into those whose guardian's consent is recorded and those without (the value)."""
    fact, g = plan.fact, plan.params["guardian"]
    consented_ids: set[str] = set()
    if g.link is not None:
        cols = [g.link[0]] + ([g.consent_column] if g.consent_column else [])
        t = _table(conn, g.table, cols)
        query = sa.select(t.c[g.link[0]]).select_from(t).where(t.c[g.link[0]].isnot(None))
        if g.consent_column:
            c = t.c[g.consent_column]
            query = query.where(c == sa.true() if g.boolean else c.isnot(None))
        consented_ids = {str(r[0]) for r in conn.execute(query.distinct().limit(max_rows))}
    minor = _row_test("under_age", plan.params, reference)
    without = with_consent = scanned = 0
    for row in _stream(conn, plan.table, fact.columns, max_rows):
        scanned += 1
        if not minor(row):
            continue
        mark = row[1]
        if g.link is not None:
            has = mark is not None and str(mark) in consented_ids
        else:
            has = mark is not None and str(mark).strip().lower() not in ("", "0", "false", "f", "no", "n")
        with_consent += has
        without += not has
    fact.value, fact.consented, fact.scanned, fact.bounded = without, with_consent, scanned, scanned >= max_rows
    fact.detail += f": {with_consent:,} children have it, {without:,} do not"


def _reflected_type(conn: Connection, table: TableScan, column: str) -> Any:
    """The column's SQLAlchemy type as the server reports it now (None on SQLite, whose types are only names)."""
    if conn.dialect.name == "sqlite":
        return None
    try:
        cols = sa.inspect(conn).get_columns(table.name, schema=table.schema)
    except _DB_ERRORS:
        return None
    return next((c["type"] for c in cols if c["name"] == column), None)


def _count_older(conn: Connection, plan: FactPlan) -> int:
    """SELECT count(*) of rows whose date column (here, or through one foreign key) is before the cutoff."""
    p = plan.params
    if "join" in p:
        local, target_name, target_col, date_col = p["join"]
        target_scan = TableScan(schema=plan.table.schema, name=target_name)
        here = _table(conn, plan.table, [local])
        there = _table(conn, target_scan, [target_col, date_col])
        dtype = p.get("date_type", "")
        cond = sa.and_(there.c[target_col] == here.c[local], there.c[date_col] < _cutoff_param(dtype, conn.dialect.name, p["cutoff"]))
        query = sa.select(sa.func.count()).select_from(here).where(sa.exists(sa.select(sa.literal(1)).select_from(there).where(cond)))
    else:
        col_scan = next(c for c in plan.table.columns if c.name == p["date_column"])
        t = _table(conn, plan.table, [p["date_column"]])
        cutoff = _cutoff_param(col_scan.data_type, conn.dialect.name, p["cutoff"])
        query = sa.select(sa.func.count()).select_from(t).where(t.c[p["date_column"]] < sa.bindparam("cutoff", cutoff))
    return int(conn.execute(query).scalar() or 0)


def _cutoff_param(data_type: str, dialect: str, cutoff: dt.date) -> Any:
    """The cutoff in the column's own terms: Unix seconds for numbers, ISO text for text (and SQLite), else a date."""
    kind = data_type.upper()
    midnight = dt.datetime.combine(cutoff, dt.time(), tzinfo=dt.timezone.utc)
    if any(k in kind for k in _NUMERIC):
        return int(midnight.timestamp())
    if dialect == "sqlite" or any(k in kind for k in ("CHAR", "TEXT", "CLOB", "STRING")):
        return cutoff.isoformat()
    if "TIME" in kind:
        return midnight.replace(tzinfo=None)
    return cutoff


def _stream(conn: Connection, table: TableScan, columns: Sequence[str], max_rows: int) -> Iterator[tuple[Any, ...]]:
    """At most `max_rows` rows of a few columns (first non-null), each cell cut to MAX_CHARS in the database."""
    t = _table(conn, table, columns)
    cols = [t.c[c] for c in columns]
    if conn.dialect.name == "sqlite":
        exprs = [sa.func.substr(c, 1, MAX_CHARS) for c in cols]
    else:
        exprs = [sa.func.substr(sa.cast(c, sa.Text), 1, MAX_CHARS) for c in cols]
    query = sa.select(*exprs).select_from(t).where(cols[0].isnot(None) if len(cols) == 1 else sa.or_(*[c.isnot(None) for c in cols])).limit(max_rows)
    result = conn.execution_options(stream_results=True, yield_per=1000).execute(query)
    for row in result:
        yield tuple(row)


def _row_test(kind: str, p: dict[str, Any], reference: dt.date) -> Any:
    """The per-row predicate of a streamed count, built from the classifier's detectors."""
    if kind == "under_age":
        limit = years_before(reference, p["age"])

        def minor(row: tuple[Any, ...]) -> bool:
            born = values.parse_date(str(row[0]).strip()) if row[0] is not None else None
            return born is not None and limit < born <= reference

        return minor
    if kind == "automated_decisions":
        return decision_test(p["decisions"])
    if kind == "plaintext_passwords":
        return lambda row: row[0] is not None and values.is_plaintext_password(str(row[0]))
    if kind == "special_text":
        pattern = special.lexicon().get(p["group"])
        return lambda row: pattern is not None and any(v is not None and pattern.search(str(v)) for v in row)
    if kind == "secret_keys":
        from privacy_inventory.scan.secret_refs import is_secret_reference

        return lambda row: row[0] is not None and bool(_SECRET_NAME.search(str(row[0]))) and not is_secret_reference(row[1] if len(row) > 1 else None)
    if kind == "hidden":
        return _hidden_test(p["category"])
    raise ValueError(f"unknown fact kind {kind}")


def _hidden_test(category: str) -> Any:
    """Whether a value in a vaguely named column is really of the category the classifier saw in it."""
    def test(row: tuple[Any, ...]) -> bool:
        value = None if row[0] is None else str(row[0]).strip()
        if not value:
            return False
        if category.startswith("user.contact.email"):
            return values.is_email(value)
        if category.startswith("user.contact.phone"):
            region = str(row[1]).strip().upper() if len(row) > 1 and row[1] else ""
            regions = ([region] if len(region) == 2 else []) + list(values.DEFAULT_REGIONS)
            return values.is_phone(value, regions)
        if category.startswith("user.device.ip_address"):
            return values.is_ip(value)
        if category.startswith("user.financial.bank_account"):
            return values.is_iban(value)
        if category.startswith("user.financial.credit_card"):
            return values.is_card_number(value)
        return True  # no validator for this category: every non-empty value counts
    return test
