"""The scanner on a real PostgreSQL server: same classification as SQLite, read-only role, read-only statements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source

pytestmark = pytest.mark.postgres


def _verdicts(result: object) -> dict[tuple[str, str], str | None]:
    return {(t.name, c.name): c.category for t in result.tables for c in t.columns}  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def pg_and_sqlite(pg_imvbox_url: str, imvbox_db: Path) -> tuple[object, object]:
    options = ScanOptions(progress=False)
    return scan_source(parse_source(f"imvbox={pg_imvbox_url}"), options), scan_source(parse_source(f"sqlite:///{imvbox_db}"), options)


def test_postgres_and_sqlite_give_the_same_classification(pg_and_sqlite: tuple[object, object]) -> None:
    pg, lite = pg_and_sqlite
    pg_v, lite_v = _verdicts(pg), _verdicts(lite)
    assert set(pg_v) == set(lite_v)
    differ = {k: (lite_v[k], pg_v[k]) for k in lite_v if lite_v[k] != pg_v[k]}
    assert not differ, differ
    assert sum(1 for v in pg_v.values() if v) >= 60


def test_postgres_structure_keys_and_estimates(pg_and_sqlite: tuple[object, object]) -> None:
    pg, _ = pg_and_sqlite
    tables = {t.name: t for t in pg.tables}  # type: ignore[attr-defined]
    assert pg.dialect == "postgresql" and pg.status == "ok"  # type: ignore[attr-defined]
    assert tables["accounts"].primary_key == ["id"]
    assert any(fk.referred_table == "accounts" for fk in tables["profiles"].foreign_keys)
    assert tables["sessions"].row_estimate and tables["sessions"].row_estimate > 1000
    assert all(t.schema == "public" for t in tables.values())
    assert "reader-pw" not in pg.url  # type: ignore[attr-defined]


def test_scan_with_select_only_role_issues_only_reads(pg_server: object, pg_and_sqlite: tuple[object, object]) -> None:
    log = Path(pg_server.logfile).read_text(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]
    statements = re.findall(r"user=pi_reader\S*.*?LOG:\s+statement:\s+(.*)", log) or [
        line.split("statement:", 1)[1] for line in log.splitlines() if "statement:" in line and "pi_reader" in line
    ]
    writes = [s for s in statements if re.match(r"\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|TRUNCATE|GRANT|COPY\s+\S+\s+FROM)", s, re.I)]
    assert not writes, writes[:5]
