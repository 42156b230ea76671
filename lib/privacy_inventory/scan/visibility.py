"""What the reading role cannot see, said out loud: row-level security that hides every row, relations deliberately not read."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from privacy_inventory.models import TableScan

# Relations whose reading runs code (a view's query, a foreign data wrapper) or stored results of it.
SKIPPED_KINDS = frozenset({"view", "materialized view", "foreign table"})
SKIP_REASON = "not read (--skip-views): reading it would run its query; classified by names and types only"
RLS_HIDES_ALL = "not readable: row-level security hides all rows from this role"
RLS_MAYBE_EMPTY = "not readable: row-level security is on and this role sees no rows (the table may also be empty)"


def hidden_by_row_security(conn: Connection, table: TableScan, samples: dict[str, list[Any]]) -> str | None:
    """The error to record when a PostgreSQL table came back empty because row-level security filtered every row.

    Only asked when the sample is empty, so it costs one catalogue lookup for empty tables and nothing otherwise.
    """
    if conn.dialect.name != "postgresql" or not table.columns or any(samples.get(c.name) for c in table.columns):
        return None
    if table.row_estimate == 0:
        return None
    row = conn.exec_driver_sql(
        "SELECT c.relrowsecurity, r.rolsuper OR r.rolbypassrls OR (pg_catalog.pg_has_role(c.relowner, 'USAGE') AND NOT c.relforcerowsecurity) "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace, pg_catalog.pg_roles r "
        "WHERE n.nspname = %(schema)s AND c.relname = %(name)s AND r.rolname = current_user",
        {"schema": table.schema, "name": table.name},
    ).first()
    if row is None or not row[0] or row[1]:
        return None
    return RLS_HIDES_ALL if table.row_estimate else RLS_MAYBE_EMPTY
