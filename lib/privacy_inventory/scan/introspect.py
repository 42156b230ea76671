"""Read a database's structure (schemas, tables, columns, keys, row estimates) in a few catalogue queries."""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from privacy_inventory.models import ColumnScan, ForeignKey, TableScan
from privacy_inventory.scan.connect import driver_rows
from privacy_inventory.scan.estimate import MYSQL_STATS, NOT_COUNTED, NOT_YET_COUNTED, PG_NEVER_ANALYSED, PG_STATS

SYSTEM_SCHEMAS = {"information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys", "temp"}


def list_schemas(conn: Connection, only: list[str] | None = None) -> list[str | None]:
    """The user schemas to scan (SQLite: just the main database); `only` narrows them."""
    insp = sa.inspect(conn)
    if conn.dialect.name == "sqlite":
        return ["main"] if not only or "main" in only else []
    names = [s for s in insp.get_schema_names() if s not in SYSTEM_SCHEMAS and not s.startswith(("pg_toast", "pg_temp"))]
    if only:
        names = [s for s in names if s in only]
    return sorted(names)


def introspect_schema(conn: Connection, schema: str | None) -> list[TableScan]:
    """All tables and views of one schema, with columns, keys and row estimates (batched where possible)."""
    if conn.dialect.name == "sqlite":
        return introspect_sqlite(conn)
    insp = sa.inspect(conn)
    kinds = sa.engine.reflection.ObjectKind
    scope = sa.engine.reflection.ObjectScope.DEFAULT
    table_names = set(insp.get_table_names(schema=schema))
    view_names = set(insp.get_view_names(schema=schema))
    other_kinds = {name: kind for kind, call in (("materialized view", "get_materialized_view_names"), ("foreign table", "get_foreign_table_names"))
                   for name in _names(insp, call, schema)}
    columns = _multi(lambda: insp.get_multi_columns(schema=schema, kind=kinds.ANY, scope=scope), conn)
    pks = _multi(lambda: insp.get_multi_pk_constraint(schema=schema, kind=kinds.TABLE, scope=scope), conn)
    fks = _multi(lambda: insp.get_multi_foreign_keys(schema=schema, kind=kinds.TABLE, scope=scope), conn)
    estimates = row_estimates(conn, schema, sorted(table_names | set(other_kinds)))
    out_schema = schema or insp.default_schema_name or "main"
    documents = pg_document_types(conn, schema) if conn.dialect.name == "postgresql" else {}
    tables: list[TableScan] = []
    for name in sorted(table_names | view_names | set(other_kinds)):
        key = (schema, name)
        table = TableScan(schema=out_schema, name=name, kind="view" if name in view_names else other_kinds.get(name, "table"))
        try:
            cols = columns[key] if key in columns else insp.get_columns(name, schema=schema)
            pk = pks.get(key) or ({} if table.kind != "table" else insp.get_pk_constraint(name, schema=schema))
            fk_list = fks.get(key, []) if key in fks or table.kind != "table" else insp.get_foreign_keys(name, schema=schema)
        except (SQLAlchemyError, ValueError, KeyError) as exc:
            table.error = f"could not introspect: {_reason(exc)}"
            tables.append(table)
            _recover(conn)
            continue
        pk_cols = list((pk or {}).get("constrained_columns") or [])
        table.primary_key = pk_cols
        table.columns = [
            ColumnScan(name=str(c["name"]), data_type=documents.get((name, str(c["name"]))) or _type_name(c["type"]), nullable=bool(c.get("nullable", True)), primary_key=c["name"] in pk_cols)
            for c in cols
        ]
        table.foreign_keys = [
            ForeignKey(
                columns=list(fk["constrained_columns"]),
                referred_schema=fk.get("referred_schema") or (out_schema if conn.dialect.name != "sqlite" else None),
                referred_table=fk["referred_table"],
                referred_columns=list(fk.get("referred_columns") or []),
            )
            for fk in fk_list
            if fk.get("referred_table")
        ]
        table.row_estimate = estimates.get(name)
        table.row_estimate_method = _method(conn.dialect.name, table, name in estimates)
        tables.append(table)
    return tables


def introspect_sqlite(conn: Connection) -> list[TableScan]:
    """SQLite structure from one sqlite_master read and two PRAGMAs per table (rows are counted when a table is read).

    SQLAlchemy's reflection looks each table up in sqlite_master again for keys, which grows
    quadratically with the number of tables; this stays linear.
    """
    prep = conn.dialect.identifier_preparer
    master = driver_rows(conn, "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    tables: list[TableScan] = []
    for kind, name in master:
        table = TableScan(schema="main", name=str(name), kind="view" if kind == "view" else "table")
        ident = prep.quote_identifier(str(name))
        try:
            cols = driver_rows(conn, f"PRAGMA main.table_xinfo({ident})")
            fks = driver_rows(conn, f"PRAGMA main.foreign_key_list({ident})") if table.kind == "table" else []
        except (SQLAlchemyError, sqlite3.Error) as exc:
            table.error = f"could not introspect: {_reason(exc)}"
            tables.append(table)
            continue
        pk = [str(c[1]) for c in sorted((c for c in cols if c[5]), key=lambda c: c[5])]
        table.primary_key = pk
        table.columns = [
            ColumnScan(name=str(c[1]), data_type=str(c[2] or "").upper(), nullable=not c[3] and str(c[1]) not in pk, primary_key=str(c[1]) in pk)
            for c in cols
            if c[6] in (0, 2, 3)
        ]
        groups: dict[int, list[Any]] = {}
        for fk in fks:
            groups.setdefault(int(fk[0]), []).append(fk)
        table.foreign_keys = [
            ForeignKey(columns=[str(p[3]) for p in sorted(parts, key=lambda p: p[1])], referred_schema=None, referred_table=str(parts[0][2]),
                       referred_columns=[str(p[4]) for p in sorted(parts, key=lambda p: p[1]) if p[4] is not None])
            for _, parts in sorted(groups.items())
        ]
        table.row_estimate_method = NOT_YET_COUNTED if table.kind == "table" else NOT_COUNTED
        tables.append(table)
    return tables


def pg_document_types(conn: Connection, schema: str | None) -> dict[tuple[str, str], str]:
    """Columns SQLAlchemy cannot name (composite rows, XML): `ROW(type)`, `ROW(type)[]`, `XML`, so sampling can look inside them."""
    try:
        rows = conn.exec_driver_sql(
            "SELECT c.relname, a.attname, t.typtype, t.typname, e.typtype, e.typname FROM pg_catalog.pg_attribute a "
            "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid LEFT JOIN pg_catalog.pg_type e ON e.oid = t.typelem AND t.typcategory = 'A' "
            "WHERE n.nspname = %(schema)s AND a.attnum > 0 AND NOT a.attisdropped "
            "AND (t.typtype = 'c' OR e.typtype = 'c' OR t.typname IN ('xml', '_xml'))",
            {"schema": schema or "public"},
        ).fetchall()
    except SQLAlchemyError:
        return {}
    out: dict[tuple[str, str], str] = {}
    for table, column, typtype, typname, elemtype, elemname in rows:
        if typtype == "c":
            out[(table, column)] = f"ROW({typname})"
        elif elemtype == "c":
            out[(table, column)] = f"ROW({elemname})[]"
        else:
            out[(table, column)] = "XML[]" if typname == "_xml" else "XML"
    return out


def _recover(conn: Connection) -> None:
    """After a lost connection (a server that stopped answering), roll back so the next table reconnects."""
    if conn.invalidated:
        try:
            conn.rollback()
        except SQLAlchemyError:
            pass


def _reason(exc: BaseException) -> str:
    """The database's own first line (never SQLAlchemy's, which repeats the statement)."""
    orig = getattr(exc, "orig", None) or exc
    text = next((line.strip() for line in str(orig).splitlines() if line.strip()), "")
    return text[:200] or type(orig).__name__


def _names(insp: Any, call: str, schema: str | None) -> list[str]:
    """Names of one more kind of relation (materialized views, foreign tables) where the dialect has it."""
    try:
        return list(getattr(insp, call)(schema=schema))
    except (AttributeError, NotImplementedError, SQLAlchemyError):
        return []


def _method(dialect: str, table: TableScan, known: bool) -> str:
    """How a server-side row estimate was made (PostgreSQL: -1 tuples means never analysed)."""
    if table.kind == "view":
        return NOT_COUNTED
    if table.kind == "foreign table" and table.row_estimate is None:
        return "unknown: a foreign table's rows live on another server"
    if dialect == "postgresql":
        return PG_STATS if table.row_estimate is not None else PG_NEVER_ANALYSED
    if dialect in ("mysql", "mariadb") and known:
        return MYSQL_STATS
    return "unknown" if table.row_estimate is None else "estimate"


def _multi(call: Any, conn: Connection) -> dict[tuple[str | None, str], Any]:
    """Batched reflection when the dialect supports it, else an empty map (per-table fallback)."""
    try:
        return dict(call())
    except (NotImplementedError, SQLAlchemyError):
        _recover(conn)
        return {}


def is_boolean_type(col_type: Any) -> bool:
    """Whether a reflected type holds booleans: SQL BOOLEAN, or MySQL/MariaDB's BOOL (TINYINT(1)) and BIT(1)."""
    from sqlalchemy.dialects import mysql

    if isinstance(col_type, sa.Boolean):
        return True
    if isinstance(col_type, mysql.TINYINT):
        return getattr(col_type, "display_width", None) == 1
    return isinstance(col_type, mysql.BIT) and getattr(col_type, "length", None) == 1


def _type_name(col_type: Any) -> str:
    """A readable type name (BOOLEAN for every boolean type); odd dialect types must not break the scan."""
    if is_boolean_type(col_type):
        return "BOOLEAN"
    try:
        return str(col_type.compile()).upper() if not isinstance(col_type, sa.types.NullType) else ""
    except Exception:  # noqa: BLE001 - any dialect-specific compile failure just loses the type name
        return type(col_type).__name__.upper()


def row_estimates(conn: Connection, schema: str | None, tables: list[str]) -> dict[str, int | None]:
    """Cheap server-side row estimates (PostgreSQL statistics, MySQL table_rows); never a full count of a big table."""
    dialect = conn.dialect.name
    out: dict[str, int | None] = {}
    try:
        if dialect == "postgresql":
            rows = conn.execute(
                sa.text(
                    "SELECT c.relname, c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'm', 'f')"
                ),
                {"schema": schema},
            )
            for relname, tuples in rows:
                out[relname] = int(tuples) if tuples is not None and tuples >= 0 else None
        elif dialect in ("mysql", "mariadb"):
            rows = conn.execute(sa.text("SELECT table_name, table_rows FROM information_schema.tables WHERE table_schema = :schema"), {"schema": schema})
            out = {r[0]: (int(r[1]) if r[1] is not None else None) for r in rows}
    except SQLAlchemyError:
        return {}
    return out
