"""Seeded synthetic database estate (tables x columns x rows) with a known truth per column, for benchmarks.

Run: python bench/estate.py --tables 5 --columns 6 --rows 50 --out /tmp/estate.sqlite
The truth (each column's expected fideslang category, or null) is written next to the database as
`<name>.truth.json`. Every category used is checked against fideslang's default taxonomy.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from estate_values import value_pool  # noqa: E402

POOL = 4096  # distinct values per column kind; a table's first rows never repeat a value
BLOCK = 2048  # rows generated in Python per table; larger tables double this block in SQL


@dataclass(frozen=True)
class Kind:
    """A kind of column: names it goes by, SQL type, value kind and its true category (None = not personal)."""

    names: tuple[str, ...]
    sql_type: str
    values: str
    truth: str | None


# Columns of a table with one row per person.
PERSON = (
    Kind(("first_name", "given_name", "forename"), "TEXT", "first_name", "user.name.first"),
    Kind(("last_name", "surname", "family_name"), "TEXT", "last_name", "user.name.last"),
    Kind(("full_name", "display_name"), "TEXT", "full_name", "user.name"),
    Kind(("email", "email_address", "contact_email"), "TEXT", "email", "user.contact.email"),
    Kind(("phone", "mobile_number", "phone_number"), "TEXT", "phone", "user.contact.phone_number"),
    Kind(("date_of_birth", "birth_date", "dob"), "DATE", "birth_date", "user.demographic.date_of_birth"),
    Kind(("street_address", "address_line1", "street"), "TEXT", "street", "user.contact.address.street"),
    Kind(("city", "town"), "TEXT", "city", "user.contact.address.city"),
    Kind(("postal_code", "zip_code", "postcode"), "TEXT", "postcode", "user.contact.address.postal_code"),
    Kind(("country", "country_name"), "TEXT", "country", "user.contact.address.country"),
    Kind(("gender",), "TEXT", "gender", "user.demographic.gender"),
    Kind(("ssn", "national_id", "tax_id"), "TEXT", "ssn", "user.government_id.national_identification_number"),
    Kind(("username", "login_name", "handle"), "TEXT", "username", "user.account.username"),
    Kind(("password_hash", "encrypted_password"), "TEXT", "password_hash", "user.authorization.password"),
    Kind(("iban", "bank_account_number"), "TEXT", "iban", "user.financial.bank_account"),
    Kind(("card_number", "credit_card"), "TEXT", "card", "user.financial.credit_card"),
    Kind(("job_title", "occupation"), "TEXT", "job", "user.job_title"),
    Kind(("nationality",), "TEXT", "nationality", "user.demographic"),
    Kind(("last_login_ip", "signup_ip"), "TEXT", "ip", "user.device.ip_address"),
)
# Columns of a table whose rows belong to a person (through a foreign key to a person table).
OWNED = (
    Kind(("ip_address", "client_ip"), "TEXT", "ip", "user.device.ip_address"),
    Kind(("user_agent",), "TEXT", "user_agent", "user.device"),
    Kind(("device_id",), "TEXT", "device_id", "user.device.device_id"),
    Kind(("search_query", "search_term"), "TEXT", "search", "user.behavior.search_history"),
    Kind(("latitude",), "REAL", "latitude", "user.location.precise"),
    Kind(("longitude",), "REAL", "longitude", "user.location.precise"),
    Kind(("shipping_street", "delivery_address"), "TEXT", "street", "user.contact.address.street"),
    Kind(("shipping_postcode", "delivery_zip"), "TEXT", "postcode", "user.contact.address.postal_code"),
    Kind(("recipient_email", "notify_email"), "TEXT", "email", "user.contact.email"),
    Kind(("recipient_phone",), "TEXT", "phone", "user.contact.phone_number"),
)
# Columns that are not personal wherever they appear.
THINGS = (
    Kind(("created_at", "inserted_at"), "TIMESTAMP", "timestamp", None),
    Kind(("updated_at", "modified_at"), "TIMESTAMP", "timestamp", None),
    Kind(("status", "workflow_status"), "TEXT", "status", None),
    Kind(("quantity", "qty", "stock_level"), "INTEGER", "quantity", None),
    Kind(("unit_price", "list_price", "price"), "REAL", "price", None),
    Kind(("currency", "currency_code"), "TEXT", "currency", None),
    Kind(("sku", "item_code"), "TEXT", "sku", None),
    Kind(("is_active", "is_visible", "is_deleted"), "BOOLEAN", "flag", None),
    Kind(("sort_order", "priority", "version"), "INTEGER", "small_int", None),
    Kind(("rating_stars", "score"), "INTEGER", "rating", None),
    Kind(("color", "colour"), "TEXT", "color", None),
    Kind(("checksum", "etag"), "TEXT", "checksum", None),
    Kind(("tax_rate", "discount_rate"), "REAL", "rate", None),
    Kind(("weight_grams", "pack_size"), "INTEGER", "weight", None),
    Kind(("valid_from", "effective_date"), "DATE", "date", None),
)
# Non-personal columns named like personal ones: names alone mislead here (in non-person tables).
DECOYS = (
    Kind(("name", "title", "label"), "TEXT", "product", None),
    Kind(("description", "summary"), "TEXT", "blurb", None),
)
# Columns whose name says nothing: only their values tell (in person and owned tables).
OPAQUE = (
    Kind(("attr_a", "field_1", "extra_data"), "TEXT", "email", "user.contact.email"),
    Kind(("attr_b", "field_2", "misc"), "TEXT", "phone", "user.contact.phone_number"),
    Kind(("attr_c", "field_3", "ref_code"), "TEXT", "iban", "user.financial.bank_account"),
    Kind(("attr_d", "field_4", "memo_1"), "TEXT", "note", "user.content.private"),
)
PERSON_NOUNS = ("users", "customers", "employees", "members", "patients", "subscribers", "students", "guests")
OWNED_NOUNS = ("orders", "payments", "login_events", "page_views", "devices", "support_tickets", "deliveries", "sessions_log")
THING_NOUNS = ("products", "warehouses", "currencies", "settings", "categories", "stock_levels", "exchange_rates",
               "shipping_rates", "tax_rules", "catalog_items")
ALL_KINDS = PERSON + OWNED + THINGS + DECOYS + OPAQUE


@dataclass
class ColumnPlan:
    """One generated column: name, SQL type, value kind, true category, and the table.column it references."""

    name: str
    sql_type: str
    values: str
    truth: str | None
    references: str | None = None


@dataclass
class TablePlan:
    """One generated table: its archetype (person / owned / thing) and columns (the first is the primary key)."""

    name: str
    archetype: str
    columns: list[ColumnPlan] = field(default_factory=list)


def plan_estate(tables: int, columns: int, seed: int = 0) -> list[TablePlan]:
    """The estate's structure and truth: about 1/4 person tables, 3/8 owned by a person, 3/8 things."""
    if tables < 1 or columns < 2:
        raise ValueError("an estate needs at least 1 table and 2 columns per table")
    rng = random.Random(seed)
    plans: list[TablePlan] = []
    person_tables: list[str] = []
    width = len(str(tables))
    for i in range(tables):
        roll = rng.random()
        archetype = "person" if i == 0 or roll < 0.25 else ("owned" if roll < 0.625 else "thing")
        nouns = {"person": PERSON_NOUNS, "owned": OWNED_NOUNS, "thing": THING_NOUNS}[archetype]
        name = f"{rng.choice(nouns)}_{i:0{width}d}"
        pk_truth = "user.unique_id" if archetype == "person" else None
        table = TablePlan(name, archetype, [ColumnPlan("id", "INTEGER", "id", pk_truth)])
        if archetype == "owned":
            target = rng.choice(person_tables)
            table.columns.append(ColumnPlan(f"{target.split('_')[0].rstrip('s')}_id", "INTEGER", "fk", "user.unique_id", f"{target}.id"))
        pool = {"person": PERSON + THINGS[:6] + OPAQUE, "owned": OWNED + THINGS + OPAQUE, "thing": THINGS + DECOYS}[archetype]
        table.columns.extend(_pick_columns(rng, pool, columns - len(table.columns)))
        if archetype == "person":
            person_tables.append(name)
        plans.append(table)
    return plans


def _pick_columns(rng: random.Random, pool: tuple[Kind, ...], n: int) -> list[ColumnPlan]:
    """`n` columns drawn from the pool without repeats; past the pool's size names get a numeric suffix."""
    out: list[ColumnPlan] = []
    used: set[str] = set()
    round_ = 0
    while len(out) < n:
        order = list(pool)
        rng.shuffle(order)
        for kind in order[: n - len(out)]:
            name = rng.choice(kind.names) + (f"_{round_ + 1}" if round_ else "")
            if name in used or name == "id":
                name = f"{name}_{len(out)}"
            used.add(name)
            out.append(ColumnPlan(name, kind.sql_type, kind.values, kind.truth))
        round_ += 1
    return out


def truth_of(plans: list[TablePlan]) -> dict[str, str | None]:
    """`table.column` -> expected category (None when not personal), sorted."""
    return {f"{t.name}.{c.name}": c.truth for t in sorted(plans, key=lambda t: t.name) for c in t.columns}


def check_vocabulary() -> None:
    """Fail loudly when a true category is not in fideslang's default taxonomy."""
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    known = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
    bad = sorted(({k.truth for k in ALL_KINDS if k.truth} | {"user.unique_id"}) - known)
    if bad:
        raise ValueError(f"categories not in fideslang's taxonomy: {bad}")


def _rows(table: TablePlan, n: int, seed: int, pools: dict[str, list[Any]], row_counts: dict[str, int]) -> list[tuple]:
    """The first `n` rows of a table: every column a rotated slice of its kind's value pool."""
    rng = random.Random(f"{seed}:{table.name}")
    cols: list[list[Any]] = []
    for col in table.columns:
        if col.values == "id":
            continue  # INTEGER PRIMARY KEY: the database numbers the rows
        if col.values == "fk":
            limit = row_counts[col.references.split(".")[0]] if col.references else 1
            cols.append([rng.randint(1, max(1, limit)) for _ in range(n)])
            continue
        pool = pools[col.values]
        start = rng.randrange(len(pool))
        rotated = pool[start:] + pool[:start]
        cols.append((rotated * (n // len(pool) + 1))[:n])
    return list(zip(*cols))


def _pools(plans: list[TablePlan], seed: int) -> dict[str, list[Any]]:
    kinds = sorted({c.values for t in plans for c in t.columns} - {"id", "fk"})
    return {k: value_pool(k, POOL, seed) for k in kinds}


def _ddl(table: TablePlan, dialect: str) -> str:
    pg_types = {"INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION", "TEXT": "TEXT", "DATE": "DATE", "TIMESTAMP": "TIMESTAMP", "BOOLEAN": "BOOLEAN"}
    parts = []
    for col in table.columns:
        if col.values == "id":
            parts.append('"id" INTEGER PRIMARY KEY' if dialect == "sqlite" else '"id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')
            continue
        sql_type = col.sql_type if dialect == "sqlite" else pg_types[col.sql_type]
        ref = ""
        if col.references:
            rt, rc = col.references.split(".")
            ref = f' REFERENCES "{rt}" ("{rc}")'
        parts.append(f'"{col.name}" {sql_type}{ref}')
    return f'CREATE TABLE "{table.name}" ({", ".join(parts)})'


def _grow_sql(table: TablePlan, have: int, rows: int) -> str:
    """Copy existing rows (new ids) until the table holds `rows` rows: cheap, all inside the database."""
    names = ", ".join(f'"{c.name}"' for c in table.columns if c.values != "id")
    take = min(have, rows - have)
    return f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM "{table.name}" ORDER BY "id" LIMIT {take}'


def build_sqlite(path: Path, tables: int, columns: int, rows: int, seed: int = 0) -> Path:
    """Write a fresh SQLite estate and its truth JSON; returns the truth file's path."""
    check_vocabulary()
    path = Path(path)
    path.unlink(missing_ok=True)
    plans = plan_estate(tables, columns, seed)
    pools = _pools(plans, seed)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-200000")
    con.execute("BEGIN")
    for table in plans:
        con.execute(_ddl(table, "sqlite"))
        block = _rows(table, min(rows, BLOCK), seed, pools, {t.name: rows for t in plans})
        names = [c.name for c in table.columns if c.values != "id"]
        marks = ", ".join("?" for _ in names)
        cols = ", ".join(f'"{n}"' for n in names)
        con.executemany(f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks})', block)
        have = len(block)
        while have < rows:
            con.execute(_grow_sql(table, have, rows))
            have = min(rows, 2 * have)
    con.execute("COMMIT")
    con.close()
    return write_truth(path, plans, "sqlite", tables, columns, rows, seed)


def build_postgresql(url: str, truth_path: Path, tables: int, columns: int, rows: int, seed: int = 0) -> Path:
    """Fill an empty PostgreSQL database (psycopg COPY, then ANALYZE) and write the truth JSON."""
    import psycopg

    check_vocabulary()
    plans = plan_estate(tables, columns, seed)
    pools = _pools(plans, seed)
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=False) as con:
        for table in plans:
            con.execute(_ddl(table, "postgresql"))
            block = _rows(table, min(rows, BLOCK), seed, pools, {t.name: rows for t in plans})
            names = ", ".join(f'"{c.name}"' for c in table.columns if c.values != "id")
            with con.cursor().copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in block:
                    copy.write_row(row)
            have = len(block)
            while have < rows:
                con.execute(_grow_sql(table, have, rows))
                have = min(rows, 2 * have)
        con.commit()
    with psycopg.connect(conninfo, autocommit=True) as con:
        con.execute("ANALYZE")
    return write_truth(Path(truth_path), plans, "postgresql", tables, columns, rows, seed)


def write_truth(db_path: Path, plans: list[TablePlan], dialect: str, tables: int, columns: int, rows: int, seed: int) -> Path:
    """The truth JSON beside the database: parameters, then `table.column` -> category or null."""
    out = db_path if db_path.suffix == ".json" else db_path.with_suffix(".truth.json")
    doc = {"dialect": dialect, "tables": tables, "columns": columns, "rows": rows, "seed": seed,
           "truth": truth_of(plans), "plan": [asdict(t) for t in plans]}
    out.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return out


def load_truth(path: Path) -> dict[str, str | None]:
    """`table.column` -> category or None, from a truth JSON file."""
    return dict(json.loads(Path(path).read_text(encoding="utf-8"))["truth"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, required=True)
    parser.add_argument("--columns", type=int, required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dialect", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--out", type=Path, required=True, help="SQLite file, or the truth JSON path for PostgreSQL")
    parser.add_argument("--pg-url", help="an empty PostgreSQL database to fill (with --dialect postgresql)")
    args = parser.parse_args(argv)
    if min(args.tables, args.rows) < 1 or args.columns < 2:
        parser.error("--tables and --rows must be >= 1 and --columns >= 2")
    if args.dialect == "sqlite":
        truth = build_sqlite(args.out, args.tables, args.columns, args.rows, args.seed)
    else:
        if not args.pg_url:
            parser.error("--dialect postgresql needs --pg-url")
        truth = build_postgresql(args.pg_url, args.out, args.tables, args.columns, args.rows, args.seed)
    print(f"estate: {args.dialect} {args.tables} tables x {args.columns} columns x {args.rows} rows -> {truth}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
