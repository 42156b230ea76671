"""Disclosures to public authorities recorded in a database: who asked, from which country, how often data was handed over.

A table is a disclosure log when its name says so and a column names the requesting authority (data/authorities.yaml).
One bounded, read-only GROUP BY per log counts requests per authority (and country column, when there is one). The
authority's country comes from that column or from the list of known authorities; a value that matches nothing is
counted as "not recognised" and never written out (it could name a person). Failures are skipped: the scan goes on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql import quoted_name

from privacy_inventory.errors import InventoryError
from privacy_inventory.jurisdiction import UNKNOWN_COUNTRY as UNKNOWN
from privacy_inventory.models import Disclosure, SourceScan, TableScan
from privacy_inventory.name_words import has_word
from privacy_inventory.scan.sources import SourceSpec

MAX_GROUPS = 1000


@lru_cache(maxsize=1)
def signals() -> dict[str, Any]:
    """data/authorities.yaml, read once, patterns compiled."""
    from privacy_inventory.yaml_io import load_yaml

    data = load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "authorities.yaml")))
    data["compiled"] = [(a["name"], a["country"], re.compile(a["pattern"], re.IGNORECASE)) for a in data["authorities"]]
    return data


@lru_cache(maxsize=1)
def _alpha3() -> dict[str, str]:
    from privacy_inventory.yaml_io import load_yaml

    data = load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "country_alpha3.yaml")))
    return {str(k).upper(): str(v).upper() for k, v in (data.get("alpha3") or {}).items()}


def _text(col: Any) -> bool:
    kind = col.data_type.upper()
    return any(k in kind for k in ("CHAR", "TEXT", "STRING", "CLOB")) or not kind


def _date(col: Any) -> bool:
    kind = col.data_type.upper()
    return any(k in kind for k in ("DATE", "TIME"))


@dataclass(frozen=True)
class LogPlan:
    """One disclosure log: the table and the columns to group and filter by."""

    source: str
    table: TableScan
    name: str
    authority: str
    country: str = ""
    disclosed: str = ""


def plan_logs(source: SourceScan) -> list[LogPlan]:
    """The disclosure logs of one scanned source (none for most schemas)."""
    sig = signals()
    out = []
    multi = len({t.schema for t in source.tables}) > 1
    for table in sorted(source.tables, key=lambda t: (t.schema or "", t.name)):
        if table.error or table.skipped or not has_word(sig["table_words"], table.name):
            continue
        auth = [c.name for c in table.columns if _text(c) and has_word(sig["authority_columns"], c.name)]
        if not auth:
            continue
        country = [c.name for c in table.columns if has_word(sig["country_columns"], c.name) and c.name not in auth]
        done = [c.name for c in table.columns if _date(c) and has_word(sig["disclosed_words"], c.name)]
        name = table.qualified_name if multi else table.name
        out.append(LogPlan(source.name, table, name, auth[0], (country or [""])[0], (done or [""])[0]))
    return out


def country_of(authority: str, country_value: str = "") -> tuple[str, str, str]:
    """(country code, recognised authority name or "", how) for one group of a log."""
    code = (country_value or "").strip().upper()
    if len(code) == 3:
        code = _alpha3().get(code, "")
    name = next(((n, c) for n, c, rx in signals()["compiled"] if rx.search(authority or "")), None)
    if len(code) == 2 and code.isalpha():
        return code, name[0] if name else "", "country column"
    if name:
        return name[1], name[0], "known authority (data/authorities.yaml)"
    return UNKNOWN, "", "authority not recognised"


def count_log(conn: Any, plan: LogPlan) -> list[Disclosure]:
    """Requests and disclosures per recognised authority and country: one GROUP BY, at most MAX_GROUPS groups."""
    schema = None if conn.dialect.name == "sqlite" else plan.table.schema
    cols = [c for c in (plan.authority, plan.country, plan.disclosed) if c]
    t = sa.table(quoted_name(plan.table.name, True), *[sa.column(quoted_name(c, True)) for c in cols],
                 schema=quoted_name(schema, True) if schema else None)
    keys = [t.c[plan.authority]] + ([t.c[plan.country]] if plan.country else [])
    done = sa.func.count(t.c[plan.disclosed]) if plan.disclosed else sa.func.count()
    query = sa.select(*keys, sa.func.count(), done).group_by(*keys).limit(MAX_GROUPS)
    merged: dict[tuple[str, str, str], list[int]] = {}
    for row in conn.execute(query):
        country, name, how = country_of(str(row[0] or ""), str(row[1] or "") if plan.country else "")
        slot = merged.setdefault((country, name, how), [0, 0])
        slot[0] += int(row[-2] or 0)
        slot[1] += int(row[-1] or 0)
    read = f"{plan.name}.{plan.authority}" + (f", {plan.country}" if plan.country else "") + (
        f"; disclosed when {plan.disclosed} is set" if plan.disclosed else "; every request counted as a disclosure")
    return [Disclosure(plan.source, plan.name, name, country, n, d, f"{read}; country from {how}")
            for (country, name, how), (n, d) in sorted(merged.items())]


def scan_disclosures(specs: Sequence[SourceSpec], sources: Sequence[SourceScan], timeout_s: float = 30.0) -> list[Disclosure]:
    """Count the disclosure logs of every scanned source; a source that fails is skipped (its tables were reported by the scan)."""
    from privacy_inventory.scan.connect import create_readonly_engine

    spec_for = {s.name: s for s in specs}
    out: list[Disclosure] = []
    for source in sorted(sources, key=lambda s: s.name):
        plans = plan_logs(source) if source.status != "failed" else []
        spec = spec_for.get(source.name)
        if not plans or spec is None:
            continue
        try:
            engine = create_readonly_engine(spec, timeout_s=timeout_s)
        except (InventoryError, sa.exc.SQLAlchemyError, OSError):  # the scan already reported why this source cannot be read
            continue
        try:
            with engine.connect() as conn:
                for plan in plans:
                    try:
                        out.extend(count_log(conn, plan))
                    except sa.exc.SQLAlchemyError:
                        conn.rollback()
        except (InventoryError, sa.exc.SQLAlchemyError, OSError):
            pass
        finally:
            engine.dispose()
    return out
