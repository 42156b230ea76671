"""Turn the labelled corpus (bench/corpus/<app>.csv) into one seeded SQLite database per application.

    .venv/bin/python bench/corpus_build.py --app openmrs --out /tmp/corpus --rows 60
    .venv/bin/python bench/corpus_build.py --all --out /tmp/corpus

Each table gets the columns, order and types of the CSV and `--rows` rows of synthetic values of the column's
value_kind (bench/corpus_values.py). `fk:<table>.<column>` columns take values that exist in that column;
`fk_id` columns take ids 1..rows (every `id` key holds 1..rows); `empty` columns stay NULL. The same corpus,
rows and seed give the same rows (and the same file bytes).
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_values import known_kind, make_values  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"
HEADER = ["table", "column", "ordinal", "data_type", "label", "value_kind", "note"]


@dataclass(frozen=True)
class Column:
    """One labelled column of the corpus."""

    table: str
    name: str
    ordinal: int
    data_type: str
    label: str
    value_kind: str
    note: str


class CorpusError(ValueError):
    """A corpus file that cannot be read as the shared format, named in one line."""


def read_corpus(path: Path) -> list[Column]:
    """The rows of one corpus CSV, checked against the shared header."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != HEADER:
            raise CorpusError(f"{path}: header must be {','.join(HEADER)}")
        columns = []
        for number, row in enumerate(reader, start=2):
            if len(row) != len(HEADER):
                raise CorpusError(f"{path}:{number}: expected {len(HEADER)} fields, got {len(row)}")
            if not row[4:6] or not known_kind(row[5]):
                raise CorpusError(f"{path}:{number}: unknown value_kind {row[5]!r}")
            columns.append(Column(row[0], row[1], int(row[2]), row[3], row[4], row[5], row[6]))
    return columns


def tables_of(columns: list[Column]) -> dict[str, list[Column]]:
    """Columns grouped by table, tables in corpus order."""
    tables: dict[str, list[Column]] = {}
    for column in columns:
        tables.setdefault(column.table, []).append(column)
    return tables


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _values(app: str, tables: dict[str, list[Column]], rows: int, seed: int) -> dict[str, dict[str, list[Any]]]:
    values: dict[str, dict[str, list[Any]]] = {}
    for table, columns in tables.items():
        values[table] = {}
        for column in columns:
            kind = column.value_kind
            if kind.startswith("fk:"):
                continue
            values[table][column.name] = make_values(kind, rows, f"{seed}:{app}:{table}:{column.name}:{kind}")
    for table, columns in tables.items():
        for column in columns:
            if not column.value_kind.startswith("fk:"):
                continue
            target_table, _, target_column = column.value_kind[3:].rpartition(".")
            pool = values.get(target_table, {}).get(target_column)
            if pool is None:
                raise CorpusError(f"{app}: {table}.{column.name} refers to unknown {column.value_kind[3:]}")
            pool = [v for v in pool if v is not None]
            rng = random.Random(f"{seed}:{app}:{table}:{column.name}:fk")
            values[table][column.name] = [rng.choice(pool) if pool else None for _ in range(rows)]
    return values


def build_app(app: str, out: Path, rows: int = 60, seed: int = 0, corpus: Path = CORPUS) -> Path:
    """Create `<out>/<app>.sqlite` from `<corpus>/<app>.csv`; returns its path."""
    columns = read_corpus(corpus / f"{app}.csv")
    tables = tables_of(columns)
    values = _values(app, tables, rows, seed)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{app}.sqlite"
    if target.exists():
        target.unlink()
    connection = sqlite3.connect(target)
    try:
        for table, cols in tables.items():
            body = ", ".join(f"{_quote(c.name)} {c.data_type}" for c in cols)
            connection.execute(f"CREATE TABLE {_quote(table)} ({body})")
            marks = ", ".join("?" for _ in cols)
            data = [tuple(values[table][c.name][i] for c in cols) for i in range(rows)]
            connection.executemany(f"INSERT INTO {_quote(table)} VALUES ({marks})", data)
        connection.commit()
    finally:
        connection.close()
    return target


def app_ids(corpus: Path = CORPUS) -> list[str]:
    """Every application that has a corpus CSV, sorted."""
    return sorted(p.stem for p in corpus.glob("*.csv"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--app", action="append", help="application id (repeatable)")
    which.add_argument("--all", action="store_true", help="every application in bench/corpus")
    parser.add_argument("--out", type=Path, required=True, help="directory for <app>.sqlite")
    parser.add_argument("--rows", type=int, default=60, help="rows per table (default 60)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    apps = app_ids(args.corpus) if args.all else args.app
    try:
        for app in apps:
            if not (args.corpus / f"{app}.csv").exists():
                raise CorpusError(f"{args.corpus / (app + '.csv')}: no such corpus file")
            path = build_app(app, args.out, args.rows, args.seed, args.corpus)
            print(f"{app}: {path}")
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
