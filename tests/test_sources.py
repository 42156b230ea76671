"""Parsing `--db [NAME=]URL`: names, environment variables, and errors that never show a password."""

from __future__ import annotations

import pytest

from privacy_inventory.errors import InventoryError
from privacy_inventory.scan.sources import parse_source


def test_named_source_and_masked_url() -> None:
    spec = parse_source("crm=postgresql://alice:pw123@db.local:5432/crm")
    assert spec.name == "crm" and spec.dialect == "postgresql"
    assert "pw123" not in spec.masked and "pw123" in spec.secrets


def test_default_name_is_database_or_sqlite_stem() -> None:
    assert parse_source("postgresql://u@h/shop").name == "shop"
    assert parse_source("sqlite:////tmp/data/imvbox.sqlite").name == "imvbox"


def test_environment_variable_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PI_TEST_PW", "envsecret9")
    spec = parse_source("app=postgresql://u:${PI_TEST_PW}@h/app")
    assert spec.url.password == "envsecret9" and "envsecret9" not in spec.masked
    monkeypatch.setenv("PI_TEST_URL", "postgresql://u:whole9@h/app2")
    assert parse_source("${PI_TEST_URL}").name == "app2"


def test_missing_environment_variable_is_one_line_error() -> None:
    with pytest.raises(InventoryError, match="PI_NOT_SET_EVER is not set"):
        parse_source("x=postgresql://u:${PI_NOT_SET_EVER}@h/db")


@pytest.mark.parametrize("bad", ["not a url", "postgresql//x", "://nohost", ""])
def test_malformed_urls(bad: str) -> None:
    with pytest.raises(InventoryError) as info:
        parse_source(bad)
    assert "\n" not in str(info.value)


def test_malformed_url_error_never_contains_password() -> None:
    with pytest.raises(InventoryError) as info:
        parse_source("bad=post gres://u:topsecret77@h:notaport/db")
    assert "topsecret77" not in str(info.value)
