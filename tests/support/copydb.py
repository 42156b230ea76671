"""Copy an SQLite database into another SQLAlchemy database (e.g. PostgreSQL) with its keys, for like-for-like scans."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import sqlalchemy as sa

_TYPE_MAP = (
    ("INT", sa.BigInteger), ("CHAR", sa.Text), ("TEXT", sa.Text), ("CLOB", sa.Text), ("BLOB", sa.LargeBinary),
    ("REAL", sa.Float), ("FLOA", sa.Float), ("DOUB", sa.Float), ("NUMERIC", sa.Numeric), ("DECIMAL", sa.Numeric),
    ("DATETIME", sa.DateTime), ("TIMESTAMP", sa.DateTime), ("DATE", sa.Date), ("BOOL", sa.Boolean),
)


def _type_for(declared: str, dialect: str = "postgresql", keyed: bool = False) -> sa.types.TypeEngine:
    upper = (declared or "").upper()
    if dialect in ("mysql", "mariadb"):  # MySQL cannot index TEXT: VARCHAR(n) stays VARCHAR(n), keyed text becomes VARCHAR(191)
        width = re.search(r"CHAR\s*\((\d+)\)", upper)
        if width:
            return sa.String(int(width.group(1)))
        if keyed and any(h in upper for h in ("CHAR", "TEXT", "CLOB")) or (keyed and not upper):
            return sa.String(191)
        if "DATETIME" in upper or "TIMESTAMP" in upper:
            return sa.DateTime()
    for hint, type_ in _TYPE_MAP:
        if hint in upper:
            return type_()
    return sa.Text()


def copy_sqlite(sqlite_file: Path, target: sa.engine.Engine, schema: str | None = None) -> dict[str, int]:
    """Create every table of the SQLite file in the target (same names, keys) and copy all rows."""
    src = sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True)
    meta = sa.MetaData(schema=schema)
    names = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for name in names:
        cols = src.execute(f'PRAGMA table_info("{name}")').fetchall()
        fks = src.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()
        keyed = {c[1] for c in cols if c[5]} | {fk[3] for fk in fks} | _referred_columns(src, name)
        columns = [
            sa.Column(c[1], _type_for(c[2], target.dialect.name, c[1] in keyed), primary_key=bool(c[5]), nullable=not c[3] and not c[5], autoincrement=False)
            for c in cols
        ]
        table = sa.Table(name, meta, *columns)
        by_id: dict[int, list] = {}
        for fk in fks:
            by_id.setdefault(fk[0], []).append(fk)
        for parts in by_id.values():
            ref = parts[0][2]
            ref_cols = [p[4] or "id" for p in parts]
            prefix = f"{schema}." if schema else ""
            table.append_constraint(sa.ForeignKeyConstraint([p[3] for p in parts], [f"{prefix}{ref}.{rc}" for rc in ref_cols]))
    counts: dict[str, int] = {}
    with target.begin() as conn:
        if schema:
            conn.execute(sa.schema.CreateSchema(schema, if_not_exists=True))
        meta.create_all(conn)
        for table in meta.sorted_tables:
            rows = src.execute(f'SELECT * FROM "{table.name}"').fetchall()
            keys = [c.name for c in table.columns]
            if rows:
                conn.execute(table.insert(), [dict(zip(keys, _fix(row, table))) for row in rows])
            counts[table.name] = len(rows)
    src.close()
    return counts


def _referred_columns(src: sqlite3.Connection, name: str) -> set[str]:
    """Columns of `name` that another table's foreign key points to (they must be indexable too)."""
    out: set[str] = set()
    for (other,) in src.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"):
        for fk in src.execute(f'PRAGMA foreign_key_list("{other}")'):
            if fk[2] == name:
                out.add(fk[4] or "id")
    return out


def _fix(row: tuple, table: sa.Table) -> list:
    """Turn SQLite's loose values into what the target's column types accept."""
    out = []
    for value, col in zip(row, table.columns):
        if value is not None and isinstance(col.type, sa.Boolean):
            value = bool(value)
        elif value is not None and isinstance(col.type, (sa.DateTime, sa.Date)) and isinstance(value, str):
            from datetime import date, datetime

            value = datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(col.type, sa.DateTime) else date.fromisoformat(value[:10])
        elif isinstance(value, str) and isinstance(col.type, sa.LargeBinary):
            value = value.encode("utf-8")
        out.append(value)
    return out
