"""The labelled real-schema corpus keeps its shared format, and builds into the same databases every time."""

from __future__ import annotations

import csv
import hashlib
import re
import sqlite3
import sys
from pathlib import Path

import pytest
import yaml
from fideslang.default_taxonomy import DEFAULT_TAXONOMY

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))

from corpus_build import HEADER, build_app, read_corpus  # noqa: E402
from corpus_values import known_kind, make_values  # noqa: E402

KEYS = {category.fides_key for category in DEFAULT_TAXONOMY.data_category}
TYPES = re.compile(r"^(INTEGER|BIGINT|SMALLINT|BOOLEAN|REAL|NUMERIC(\(\d+,\d+\))?|DATE|TIMESTAMP|TIME|"
                   r"VARCHAR\(\d+\)|TEXT|BLOB|JSON|UUID)$")
CSVS = sorted(CORPUS.glob("*.csv"))


def _apps() -> list[dict]:
    return yaml.safe_load((CORPUS / "apps.yaml").read_text(encoding="utf-8"))


def test_every_csv_has_an_apps_entry_and_back() -> None:
    apps = {entry["app"] for entry in _apps()}
    assert CSVS, "no corpus CSV"
    assert {path.stem for path in CSVS} == apps


def test_apps_yaml_records_where_each_schema_came_from() -> None:
    for entry in _apps():
        assert re.fullmatch(r"[0-9a-f]{40}", entry["commit"]), entry["app"]
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", entry["repository"]), entry["app"]
        assert entry["files"] and all(isinstance(f, str) and f for f in entry["files"]), entry["app"]
        assert entry["domain"] and entry["name"] and entry["dialect_note"], entry["app"]


@pytest.mark.parametrize("path", CSVS, ids=[p.stem for p in CSVS])
def test_corpus_csv_rows_are_well_formed(path: Path) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADER
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        table, column, ordinal, data_type, label, kind, _note = row
        where = f"{path.name}:{number}"
        assert table and column, where
        assert int(ordinal) == seen.get(table, 0) + 1, f"{where}: ordinals run 1, 2, 3 within a table"
        seen[table] = int(ordinal)
        assert TYPES.match(data_type), f"{where}: type {data_type}"
        assert label == "" or label.lstrip("?") in KEYS, f"{where}: label {label}"
        assert known_kind(kind), f"{where}: value_kind {kind}"
    assert len(read_corpus(path)) == len(rows) - 1


def test_tables_are_contiguous() -> None:
    for path in CSVS:
        order = [c.table for c in read_corpus(path)]
        runs = [t for i, t in enumerate(order) if i == 0 or order[i - 1] != t]
        assert len(runs) == len(set(runs)), f"{path.name}: a table's columns are split"


def _row_hashes(db: Path) -> dict[str, str]:
    connection = sqlite3.connect(db)
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        out = {}
        for name in names:
            rows = connection.execute(f'SELECT * FROM "{name}"').fetchall()
            out[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return out
    finally:
        connection.close()


def test_build_is_deterministic_and_fills_as_labelled(tmp_path: Path) -> None:
    app = "opensis"
    first = build_app(app, tmp_path / "a", rows=12)
    second = build_app(app, tmp_path / "b", rows=12)
    assert first.read_bytes() == second.read_bytes()
    assert _row_hashes(first) == _row_hashes(second)
    columns = read_corpus(CORPUS / f"{app}.csv")
    connection = sqlite3.connect(first)
    try:
        tables = {c.table for c in columns}
        for table in tables:
            assert connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == 12
        for column in columns:
            values = [r[0] for r in connection.execute(f'SELECT "{column.name}" FROM "{column.table}"')]
            if column.value_kind in ("empty", "null"):
                assert values == [None] * 12, column
            else:
                assert any(v is not None for v in values), column
            if column.value_kind == "id":
                assert values == list(range(1, 13)), column
    finally:
        connection.close()


def test_value_makers_are_valid_and_seeded() -> None:
    import phonenumbers
    from stdnum import iban, luhn

    assert make_values("phone", 30, "s") == make_values("phone", 30, "s")
    for number in make_values("phone", 30, "s") + make_values("mobile", 30, "t"):
        if number.startswith("+"):  # national formats need their region, which the value does not carry
            assert phonenumbers.is_valid_number(phonenumbers.parse(number, None)), number
    assert all(iban.is_valid(v) for v in make_values("iban", 30, "s"))
    assert all(luhn.is_valid(v) for v in make_values("card", 30, "s"))
    assert set(make_values("enum:a|b", 40, "s")) == {"a", "b"}
    assert make_values("empty", 3, "s") == [None, None, None]


def test_every_app_builds_and_references_resolve(tmp_path: Path) -> None:
    from corpus_build import app_ids

    for app in app_ids():
        path = build_app(app, tmp_path, rows=3)
        columns = read_corpus(CORPUS / f"{app}.csv")
        connection = sqlite3.connect(path)
        try:
            for column in columns:
                if not column.value_kind.startswith("fk:"):
                    continue
                table, _, target = column.value_kind[3:].rpartition(".")
                pool = {r[0] for r in connection.execute(f'SELECT "{target}" FROM "{table}"')}
                values = {r[0] for r in connection.execute(f'SELECT "{column.name}" FROM "{column.table}"')}
                assert values <= pool, f"{app}: {column.table}.{column.name} points outside {table}.{target}"
        finally:
            connection.close()
