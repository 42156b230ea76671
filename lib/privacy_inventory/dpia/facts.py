"""Collecting the facts: targeted, bounded, read-only counts the risk rules need and a sample cannot give.

Every count is over one table of one source, never returns a value, and is either one
`SELECT count(*)` (retention, true flags) or a bounded stream of one or two columns through the
classifier's own detectors (dates of birth, password hashes, hidden emails/phones, keyword groups),
at most `max_rows` rows: when the limit is reached the count is a lower bound (`bounded`).
A query that fails is recorded on its fact (`error`), never raised.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import quoted_name

from privacy_inventory.classify import special, values
from privacy_inventory.declarations import Declarations
from privacy_inventory.dpia.consent import KINDS as CONSENT_KINDS, count_check
from privacy_inventory.dpia.decisions import row_test as decision_test
from privacy_inventory.dpia.fact_model import Facts
from privacy_inventory.dpia.fact_plans import FactPlan, plan_facts, years_before
from privacy_inventory.dpia.inferences import count_special_payments
from privacy_inventory.errors import InventoryError
from privacy_inventory.models import Inventory, TableScan
from privacy_inventory.scan.connect import check_connection, create_readonly_engine, describe_db_error
from privacy_inventory.scan.introspect import is_boolean_type
from privacy_inventory.scan.sources import SourceSpec

MAX_ROWS = 200_000
MAX_CHARS = 2000
_SECRET_NAME = re.compile(r"pass(word|wd)?\b|secret|token|api[_.\-]?key|private[_.\-]?key|credential", re.I)
_NUMERIC = ("INT", "NUMERIC", "DECIMAL", "REAL", "FLOAT", "DOUBLE")
_DB_ERRORS = (SQLAlchemyError, sqlite3.Error, ValueError, TypeError, OverflowError)


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
