"""Property-based tests: arbitrary input to the parsers and to identifier quoting yields a result or InventoryError, nothing else."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.errors import InventoryError
from privacy_inventory.masking import mask_url, mask_value
from privacy_inventory.policy import parse_policy_text
from privacy_inventory.review import load_review
from privacy_inventory.scan.config_files import read_config_file
from privacy_inventory.scan.database import ScanOptions, scan_source
from privacy_inventory.scan.sources import parse_source
from privacy_inventory.yaml_io import load_yaml

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TEXTS = st.one_of(st.text(max_size=400), st.binary(max_size=400).map(lambda b: b.decode("latin-1")))
YAMLISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=12,
)


def _only_inventory_error(call: Callable[[], object]) -> None:
    """The documented outcome: a result, or one InventoryError line; any other exception fails the test."""
    try:
        call()
    except InventoryError as exc:
        assert "\n" not in str(exc)


def _on_file(suffix: str, data: bytes, reader: Callable[[Path], object]) -> None:
    """Write arbitrary bytes to a file with that suffix and read it back with `reader`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        _only_inventory_error(lambda: reader(path))


@SETTINGS
@given(st.binary(max_size=600))
def test_yaml_loader_only_raises_inventory_error(data: bytes) -> None:
    _on_file(".yaml", data, lambda p: load_yaml(p, allow_empty=True))


@SETTINGS
@given(YAMLISH)
def test_declarations_loader_only_raises_inventory_error(doc: object) -> None:
    import yaml

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "activities.yaml").write_text(yaml.safe_dump({"activities": doc}), encoding="utf-8")
        _only_inventory_error(lambda: load_declarations(Path(tmp)))


@SETTINGS
@given(st.sampled_from([".yaml", ".json", ".toml", ".ini", ".env"]), st.binary(max_size=600))
def test_config_reader_only_raises_inventory_error(suffix: str, data: bytes) -> None:
    _on_file(suffix, data, read_config_file)


@SETTINGS
@given(TEXTS)
def test_policy_parser_only_raises_inventory_error(text: str) -> None:
    _only_inventory_error(lambda: parse_policy_text(text, "policy.md"))


@SETTINGS
@given(st.binary(max_size=400))
def test_review_file_only_raises_inventory_error(data: bytes) -> None:
    _on_file(".yaml", data, load_review)


@SETTINGS
@given(TEXTS)
def test_masking_never_returns_a_long_input_unchanged(text: str) -> None:
    out = mask_value(text)
    assert len(text) < 4 or text not in out
    assert isinstance(mask_url(text), str)


NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40).filter(lambda s: s.strip() and not s.lower().startswith("sqlite_"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NAMES, st.lists(NAMES, min_size=1, max_size=4, unique_by=str.lower))
def test_identifier_quoting_scans_any_table_and_column_name(table: str, columns: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "odd.sqlite"
        q = lambda name: '"' + name.replace('"', '""') + '"'  # noqa: E731
        conn = sqlite3.connect(path)
        conn.execute(f"CREATE TABLE {q(table)} ({', '.join(q(c) + ' TEXT' for c in columns)})")
        conn.executemany(f"INSERT INTO {q(table)} VALUES ({', '.join('?' for _ in columns)})", [tuple(f"v{i}" for _ in columns) for i in range(5)])
        conn.commit()
        conn.close()
        result = scan_source(parse_source(f"sqlite:///{path}"), ScanOptions(progress=False))
        scanned = result.tables[0]
        assert scanned.error is None and scanned.name == table
        assert [c.name for c in scanned.columns] == columns
        assert all(c.sampled == 5 for c in scanned.columns)


@pytest.mark.parametrize("url", ["", "::::", "postgresql://u:p@h:notaport/db", "sqlite:///", "a" * 5000, "x=${}", "mysql://[::1/x"])
def test_source_parser_only_raises_inventory_error(url: str) -> None:
    _only_inventory_error(lambda: parse_source(url))
