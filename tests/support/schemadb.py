"""Small schemas of our own, written to SQLite with seeded rows and scanned the way `privacy-inventory scan` does."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Callable

from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source

Schema = dict[str, tuple[list[str], Callable[[int], tuple]]]
# Invented people of many countries for rows of our own schemas (no corpus or real person's name)
GIVEN = ["Aurelio", "Bente", "Cosmin", "Dalia", "Eero", "Fenna", "Gustavo", "Hana", "Idris", "Jorunn", "Kemal", "Lotte"]
FAMILY = ["Varga", "Lindqvist", "Oyelaran", "Sokolova", "Brandt", "Quispe", "Halvorsen", "Mbeki", "Castell", "Ivanova"]


def day_of(i: int, year: int = 2023) -> str:
    """An ISO date that varies with the row number, in `year`."""
    return f"{year}-{1 + i % 12:02d}-{1 + i % 27:02d}"


def write_rows(db: Path, ddl: list[str], rows: dict[str, list[tuple]]) -> Path:
    """Run the DDL, then insert each table's rows; the file is closed when this returns."""
    con = sqlite3.connect(db)
    for stmt in ddl:
        con.execute(stmt)
    for table, data in rows.items():
        con.executemany(f'INSERT INTO "{table}" VALUES ({",".join("?" * len(data[0]))})', data)
    con.commit()
    con.close()
    return db


def scan_schema(db: Path, name: str, schema: Schema, n: int) -> dict[str, Any]:
    """Tables of `schema` (columns, row maker) with rows 1..n, scanned; tables by name."""
    ddl = [f'CREATE TABLE "{table}" ({", ".join(columns)})' for table, (columns, _) in schema.items()]
    write_rows(db, ddl, {table: [make(i) for i in range(1, n + 1)] for table, (_, make) in schema.items()})
    scan = scan_source(parse_source(f"{name}=sqlite:///{db}"), ScanOptions(progress=False))
    return {t.name: t for t in scan.tables}


def column_of(tables: dict[str, Any], table: str, column: str) -> Any:
    """One scanned column of the tables `scan_schema` returned."""
    return next(c for c in tables[table].columns if c.name == column)
