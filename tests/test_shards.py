"""Scan shards: any split, any number of jobs, local processes or a Dask cluster give the same inventory bytes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from privacy_inventory.cli import main as cli_main
from privacy_inventory.errors import InventoryError
from privacy_inventory.inventory import COLUMNS_HEADER, column_rows, csv_text
from privacy_inventory.models import Inventory, SourceScan, TableScan
from privacy_inventory.scan import shards
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.disclosures import scan_disclosures
from privacy_inventory.scan.estimate import NOT_YET_COUNTED
from privacy_inventory.scan.estate import scan_estate
from privacy_inventory.scan.executors import FanOut, open_runner
from privacy_inventory.scan.sources import SourceSpec, parse_source
from support.estates import three_sources

OPTIONS = ScanOptions(progress=False, sample_size=50)


@pytest.fixture(scope="module")
def estate(imvbox_db: Path, tmp_path_factory: pytest.TempPathFactory) -> list[SourceSpec]:
    """Three sources: the IMVBox demo, a second copy under another name, and one that cannot be opened."""
    return three_sources(imvbox_db, tmp_path_factory.mktemp("shards"))


@pytest.fixture(scope="module")
def sequential(estate: list[SourceSpec]) -> str:
    """The reference: every source through scan_source, one after the other, as before shards existed."""
    inventory = Inventory(sample_size=OPTIONS.sample_size)
    for spec in estate:
        try:
            inventory.sources.append(scan_source(spec, OPTIONS))
        except InventoryError as exc:
            inventory.sources.append(SourceScan(name=spec.name, dialect=spec.dialect, url=spec.masked, status="failed", error=exc.message))
    # disclosures to authorities are read once per estate after the sources (not sharded), so the reference reads them too
    inventory.disclosures.extend(scan_disclosures(estate, inventory.sources, OPTIONS.timeout_s))
    return inventory.sorted().to_json()


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut even the 28-table demo into several table ranges (the split is decided in this process)."""
    monkeypatch.setattr(shards, "MIN_TABLES_PER_SHARD", 1)


@pytest.mark.parametrize(("jobs", "shard_by"), [(1, "source"), (1, "tables"), (1, "schema"), (2, "auto"), (2, "source"), (2, "schema"), (2, "tables")])
def test_any_split_and_jobs_give_the_sequential_bytes(estate: list[SourceSpec], sequential: str, small_shards: None, jobs: int, shard_by: str) -> None:
    inventory = scan_estate(estate, options=OPTIONS, fanout=FanOut(jobs=jobs, shard_by=shard_by))
    assert inventory.to_json() == sequential
    by_name = {s.name: s for s in inventory.sources}
    assert by_name["gone"].status == "failed" and by_name["imvbox"].status == "ok"
    assert sum(1 for t in by_name["copy"].tables for c in t.columns if c.category) >= 60


def test_table_ranges_really_split_a_source(estate: list[SourceSpec], small_shards: None) -> None:
    plan = shards.plan_source(estate[0], OPTIONS)
    assert isinstance(plan, shards.SourcePlan) and "accounts" in plan.person_tables
    parts = shards.split_plan(plan, "tables", shards.table_shard_count(len(plan.tables), 2))
    assert len(parts) == 6
    names = [t.name for p in parts for t in p.tables]
    assert names == sorted(t.name for t in plan.tables)
    assert all(p.tables for p in parts) and len({p.label for p in parts}) == 6


@pytest.mark.parametrize(
    ("weights", "count"),
    [([1] * 10, 3), ([5, 1, 1, 1, 1, 1], 2), ([1, 1, 50, 1, 1], 4), ([3], 5), (list(range(1, 40)), 7), ([2, 2], 2)],
)
def test_table_runs_are_consecutive_cover_all_and_respect_the_count(weights: list[int], count: int) -> None:
    runs = shards.table_runs(weights, count)
    assert runs[0][0] == 0 and runs[-1][1] == len(weights)
    assert all(a < b for a, b in runs) and all(runs[i][1] == runs[i + 1][0] for i in range(len(runs) - 1))
    assert len(runs) == min(count, len(weights))


def test_table_runs_balance_weight_and_handle_nothing() -> None:
    runs = shards.table_runs([1] * 100, 4)
    assert [b - a for a, b in runs] == [25, 25, 25, 25]
    assert shards.table_runs([], 3) == []
    assert shards.table_shard_count(10, 4) == 1 and shards.table_shard_count(10_000, 2) == 2 * shards.OVERBOOK


def test_split_by_schema_makes_one_part_per_schema() -> None:
    tables = [TableScan(schema=s, name=n) for s, n in [("sales", "orders"), ("crm", "people"), ("sales", "invoices"), ("crm", "notes")]]
    plan = shards.SourcePlan(name="x", dialect="postgresql", url="postgresql://u@h/x", tables=tables)
    parts = shards.split_plan(plan, "schema", 99)
    assert [p.label for p in parts] == ["schema crm", "schema sales"]
    assert [[t.name for t in p.tables] for p in parts] == [["notes", "people"], ["invoices", "orders"]]


def _failing_scan(bad: str, exc: Exception):  # noqa: ANN202 - test double
    real = shards.scan_tables

    def fake(engine, spec, tables, person_tables, options):  # noqa: ANN001, ANN202
        if any(t.name == bad for t in tables):
            raise exc
        return real(engine, spec, tables, person_tables, options)

    return fake


def test_a_failed_shard_is_recorded_and_the_others_kept(estate: list[SourceSpec], sequential: str, small_shards: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "scan_tables", _failing_scan("accounts", InventoryError("imvbox", "server went away")))
    inventory = scan_estate(estate[:1], options=OPTIONS, fanout=FanOut(shard_by="tables", jobs=1))
    source = inventory.sources[0]
    reference = next(s for s in Inventory.from_dict(json.loads(sequential)).sources if s.name == "imvbox")
    assert source.status == "partial" and (source.error or "").startswith("1 of 3 shard(s) not scanned: tables main.accounts .. ")
    assert source.error and "server went away" in source.error and "tables " in source.error
    unread = [t for t in source.tables if t.error]
    assert unread and all(t.error == "not read: server went away" for t in unread)
    assert any(t.name == "accounts" for t in unread) and all(c.category is None for t in unread for c in t.columns)
    # SQLite rows are counted where a table is read: an unread table says so instead of showing a count
    assert all(t.row_estimate is None and t.row_estimate_method == NOT_YET_COUNTED for t in unread if t.kind == "table")
    read = [t for t in source.tables if not t.error]
    assert read and sum(1 for t in read for c in t.columns if c.category) > 10
    counted = {t.name: (t.row_estimate, t.row_estimate_method) for t in reference.tables}
    assert all((t.row_estimate, t.row_estimate_method) == counted[t.name] for t in read)
    assert [t.name for t in source.tables] == [t.name for t in reference.tables]
    assert source.fingerprint == reference.fingerprint


def test_a_part_scans_a_copy_unless_its_tables_are_its_own(estate: list[SourceSpec]) -> None:
    """Inline and Dask runs share the plan's tables with the caller: copied; a pool worker's unpickled tables: scanned in place."""
    plan = shards.plan_source(estate[0], OPTIONS)
    assert not isinstance(plan, shards.Failed)
    mine = plan.tables[:3]
    shared = shards.scan_part(estate[0], mine, plan.person_tables, OPTIONS)
    assert not isinstance(shared, shards.Failed) and all(a is not b for a, b in zip(shared, mine))
    assert all(c.evidence == "" for t in mine for c in t.columns) and all(t.row_estimate_method == NOT_YET_COUNTED for t in mine)
    assert any(c.evidence for t in shared for c in t.columns)
    own = shards.scan_part(estate[0], mine, plan.person_tables, OPTIONS, True)
    assert not isinstance(own, shards.Failed) and all(a is b for a, b in zip(own, mine))
    assert [repr(t) for t in own] == [repr(t) for t in shared]  # dataclasses: every field, the same scan
    assert open_runner(FanOut(jobs=1)).private_args is False


def test_a_crashed_shard_is_recorded_without_secrets(estate: list[SourceSpec], monkeypatch: pytest.MonkeyPatch) -> None:
    spec = SourceSpec(name="vault", url=estate[0].url, masked=estate[0].masked, secrets=("hunter2-secret",))
    monkeypatch.setattr(shards, "scan_tables", _failing_scan("accounts", RuntimeError("boom with hunter2-secret inside")))
    source = scan_estate([spec], options=OPTIONS, fanout=FanOut(shard_by="tables")).sources[0]
    assert source.status == "failed"  # one shard, and it crashed
    assert source.error and "scan shard crashed: RuntimeError" in source.error
    assert "hunter2" not in Inventory(sources=[source]).to_json()


def test_every_shard_failing_fails_the_source(estate: list[SourceSpec], small_shards: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def always(engine, spec, tables, person_tables, options):  # noqa: ANN001, ANN202
        raise InventoryError(spec.name, "no route to host")

    monkeypatch.setattr(shards, "scan_tables", always)
    source = scan_estate(estate[:1], options=OPTIONS, fanout=FanOut(shard_by="tables")).sources[0]
    assert source.status == "failed" and source.error and source.error.startswith("3 of 3 shard(s) not scanned")
    assert all(t.error for t in source.tables)


@pytest.mark.parametrize(
    ("fanout", "says"),
    [
        (FanOut(executor="dask"), "needs --scheduler"),
        (FanOut(scheduler="tcp://h:8786"), "only used with --executor dask"),
        (FanOut(executor="cloud"), "unknown executor"),
        (FanOut(jobs=0), "at least 1"),
        (FanOut(executor="dask", scheduler="tcp://user:pw-in-address@nowhere"), "bad scheduler address"),
    ],
)
def test_bad_fanout_is_one_line_bad_input(fanout: FanOut, says: str) -> None:
    with pytest.raises(InventoryError) as info:
        open_runner(fanout)
    assert says in str(info.value) and "\n" not in str(info.value) and "pw-in-address" not in str(info.value)


def test_unknown_shard_kind_is_bad_input(estate: list[SourceSpec]) -> None:
    with pytest.raises(InventoryError, match="unknown shard kind"):
        scan_estate(estate, options=OPTIONS, fanout=FanOut(shard_by="rows"))


def test_cli_rejects_bad_jobs_and_scheduler(capsys: pytest.CaptureFixture[str], tmp_path: Path, imvbox_db: Path) -> None:
    with pytest.raises(SystemExit) as info:
        cli_main(["scan", "--db", f"sqlite:///{imvbox_db}", "--out", str(tmp_path), "--jobs", "0"])
    assert info.value.code == 2
    assert cli_main(["scan", "--db", f"sqlite:///{imvbox_db}", "--out", str(tmp_path), "--executor", "dask", "--scheduler", "nonsense"]) == 2
    err = capsys.readouterr().err
    assert "must be at least 1" in err and "bad scheduler address nonsense" in err and "Traceback" not in err


# --- a real Dask cluster of worker processes ---------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[object]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, host="127.0.0.1", timeout=60)
    try:
        yield cluster
    finally:
        cluster.close(timeout=30)


@pytest.mark.parametrize("shard_by", ["source", "tables"])
def test_dask_cluster_gives_the_in_process_bytes(dask_cluster: object, estate: list[SourceSpec], sequential: str, small_shards: None, shard_by: str) -> None:
    address = dask_cluster.scheduler_address  # type: ignore[attr-defined]
    inventory = scan_estate(estate, options=OPTIONS, fanout=FanOut(executor="dask", scheduler=address, shard_by=shard_by))
    assert inventory.to_json() == sequential
    keys = {str(entry[0]) for entry in dask_cluster.scheduler.transition_log}  # type: ignore[attr-defined]
    ours = {k for k in keys if k.startswith("privacy-inventory-")}
    assert ours and not any("sqlite" in k or "/" in k for k in ours)


def test_cli_on_dask_writes_the_same_columns_csv(dask_cluster: object, estate: list[SourceSpec], sequential: str, tmp_path: Path) -> None:
    address = dask_cluster.scheduler_address  # type: ignore[attr-defined]
    dbs = [a for spec in estate[:2] for a in ("--db", f"{spec.name}={spec.url.render_as_string(hide_password=False)}")]
    cmd = [sys.executable, "-m", "privacy_inventory", "scan", *dbs, "--sample-size", "50", "--out", str(tmp_path), "--executor", "dask", "--scheduler", address]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    reference = Inventory.from_dict(json.loads(sequential))
    reference.sources = [s for s in reference.sources if s.name != "gone"]
    assert (tmp_path / "columns.csv").read_text(encoding="utf-8") == csv_text(COLUMNS_HEADER, column_rows(reference))
    assert "scanned 2 source(s)" in done.stdout


# --- PostgreSQL: real schemas, a person table referred to across schemas ------------------------


@pytest.mark.postgres
def test_schema_shards_on_postgres_match_the_sequential_scan(pg_server: object) -> None:
    from conftest import READONLY_PASS, READONLY_USER, create_database, grant_readonly

    engine = create_database(pg_server, "shards")
    with engine.begin() as conn:
        for stmt in [
            "CREATE SCHEMA crm",
            "CREATE SCHEMA sales",
            "CREATE TABLE crm.customers (id integer PRIMARY KEY, first_name text, last_name text, email text, phone text)",
            "CREATE TABLE sales.orders (id integer PRIMARY KEY, customer_id integer REFERENCES crm.customers(id), ip_address text, total numeric)",
            "CREATE TABLE sales.products (id integer PRIMARY KEY, sku text, price numeric)",
            "INSERT INTO crm.customers SELECT g, 'Ann' || g, 'Lee' || g, 'ann' || g || '@example.org', '+4420794601' || lpad(g::text, 2, '0') FROM generate_series(1, 40) g",
            "INSERT INTO sales.orders SELECT g, 1 + mod(g, 40), '10.0.' || mod(g, 200) || '.' || mod(g, 250), g * 1.5 FROM generate_series(1, 60) g",
            "INSERT INTO sales.products SELECT g, 'SKU-' || g, g FROM generate_series(1, 30) g",
            "ANALYZE",  # settle the row estimates now, or autovacuum may change them between two scans
        ]:
            conn.exec_driver_sql(stmt)
    grant_readonly(engine, ["crm", "sales"])
    engine.dispose()
    spec = parse_source(f"shop={pg_server.url('shards', READONLY_USER, READONLY_PASS)}")  # type: ignore[attr-defined]
    reference = Inventory(sources=[scan_source(spec, OPTIONS)], sample_size=OPTIONS.sample_size).to_json()
    for fanout in (FanOut(shard_by="schema"), FanOut(jobs=2, shard_by="schema"), FanOut(jobs=2, shard_by="tables")):
        inventory = scan_estate([spec], options=OPTIONS, fanout=fanout)
        assert inventory.to_json() == reference, fanout
    source = inventory.sources[0]
    assert {t.schema for t in source.tables} == {"crm", "sales"} and source.status == "ok"
    orders = next(t for t in source.tables if t.name == "orders")
    assert next(c for c in orders.columns if c.name == "customer_id").category is not None
    assert READONLY_PASS not in reference
