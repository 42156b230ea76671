"""Consent coverage: for processing based on consent, where consent is recorded and how much processing happened without it.

For each activity whose legal basis is consent, a table of its that logs processing (events, sends, impressions:
data/consent_signals.yaml) is joined to a table recording consent (boolean consent flags, withdrawal dates), by a
foreign key between them or one they share (both point to the same person). Two bounded read-only counts per pair:
rows tied to a consent flag for the activity's purpose that is off, and rows timed after consent was withdrawn.
Only counts leave the database; the plan says which columns and joins it used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from privacy_inventory.declarations import Declarations, ProcessingActivity
from privacy_inventory.models import ColumnScan, Inventory, SourceScan, TableScan
from privacy_inventory.name_words import has_word as _has, tokens

CONSENT_OFF = "consent_off"
AFTER_WITHDRAWAL = "after_withdrawal"
KINDS = (CONSENT_OFF, AFTER_WITHDRAWAL)
_NUMERIC = ("INT", "NUMERIC", "DECIMAL", "REAL", "FLOAT", "DOUBLE")


@dataclass(frozen=True)
class ConsentCheck:
    """One count to make: processing rows of `table` joined to `consent_table`, with the flag off or after withdrawal."""

    key: str
    kind: str  # consent_off | after_withdrawal
    activity: str
    source: str
    ref: str  # source.table of the processing
    table: TableScan
    consent_ref: str
    consent_table: TableScan
    join: tuple[str, str]  # processing column = consent-table column
    column: str  # the consent flag, or the withdrawal date
    time_column: str = ""  # the processing time (after_withdrawal only)

    @property
    def detail(self) -> str:
        """What was counted, in words (names only, never values)."""
        how = f"{self.ref}.{self.join[0]} = {self.consent_ref}.{self.join[1]}"
        if self.kind == CONSENT_OFF:
            return f"rows of {self.ref} whose {self.consent_ref}.{self.column} is off (false), joined on {how} (activity {self.activity}, legal basis consent)"
        return (f"rows of {self.ref} whose {self.time_column} is after {self.consent_ref}.{self.column}, joined on {how} "
                f"(activity {self.activity}, legal basis consent)")


@lru_cache(maxsize=1)
def signals() -> dict[str, Any]:
    """The words of data/consent_signals.yaml."""
    from privacy_inventory.yaml_io import load_yaml

    return load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "consent_signals.yaml")))


def _is_bool(col: ColumnScan) -> bool:
    kind = col.data_type.upper()
    return "BOOL" in kind or kind in ("BIT", "TINYINT(1)")


def _is_time(col: ColumnScan) -> bool:
    kind = col.data_type.upper()
    return any(k in kind for k in ("DATE", "TIME")) or (tokens(col.name)[-1:] == ["ts"]) or (
        tokens(col.name)[-1:] and tokens(col.name)[-1] in ("at", "on", "timestamp", "time"))


def _numeric(col: ColumnScan) -> bool:
    return any(k in col.data_type.upper() for k in _NUMERIC)


def _under(use: str, parent: str) -> bool:
    return use == parent or use.startswith(parent + ".")


def purpose_family(purpose: str) -> str:
    """The most specific family a purpose falls under (`analytics.reporting.ad_performance` is not plain analytics)."""
    uses = [f["use"] for f in signals()["families"] if _under(purpose, f["use"])]
    return max(uses, key=len, default="")


def flag_covers(flag: str, purposes: Iterable[str], generic_ok: bool = True) -> bool:
    """Whether a consent flag speaks for one of the purposes; a flag naming no purpose covers them all when `generic_ok`."""
    named = {f["use"] for f in signals()["families"] if _has(f["words"], flag)}
    if not named:
        return generic_ok
    return any(purpose_family(p) in named or any(_under(u, p) for u in named) for p in purposes)


def consent_flags(table: TableScan) -> list[str]:
    """Boolean columns that record a consent (flag words in the name, none of the words of a mere confirmation)."""
    sig = signals()
    return [c.name for c in table.columns if _is_bool(c) and _has(sig["flag_words"], c.name) and not _has(sig.get("flag_exclude_words", []), c.name)]


def withdrawal_columns(table: TableScan) -> list[str]:
    """Date/time columns that record when consent was withdrawn (revoked, unsubscribed, opted out)."""
    return [c.name for c in table.columns if _is_time(c) and _has(signals()["withdrawal_words"], c.name)]


def _time_column(table: TableScan) -> ColumnScan | None:
    """The column that says when a processing row happened (first time-named column, `sent`/`occurred` names first)."""
    times = [c for c in table.columns if _is_time(c) and not _has(signals()["withdrawal_words"], c.name)]
    preferred = [c for c in times if _has(("sent", "occurred", "event", "ts", "timestamp"), c.name)]
    return (preferred or times or [None])[0]


def _is_processing_log(table: TableScan) -> bool:
    return _has(signals()["processing_table_words"], table.name) and _time_column(table) is not None


def _links(p: TableScan, c: TableScan) -> list[tuple[str, str]]:
    """How processing rows reach consent rows: a foreign key p -> c (or c -> p), else both pointing to the same key."""
    direct = [(fk.columns[0], fk.referred_columns[0]) for fk in p.foreign_keys if fk.referred_table == c.name and len(fk.columns) == 1]
    direct += [(fk.referred_columns[0], fk.columns[0]) for fk in c.foreign_keys if fk.referred_table == p.name and len(fk.columns) == 1]
    if direct:
        return sorted(set(direct))
    shared = [(a.columns[0], b.columns[0]) for a in p.foreign_keys for b in c.foreign_keys
              if len(a.columns) == len(b.columns) == 1 and (a.referred_table, a.referred_columns) == (b.referred_table, b.referred_columns)]
    return sorted(set(shared))[:1]


def _tables_of(activity: ProcessingActivity, source: SourceScan) -> list[TableScan]:
    return [t for t in source.tables if not t.error and activity.covers_table(t.name, source.name, t.schema)]


def plan_consent_checks(inventory: Inventory, declarations: Declarations, ref: Callable[[SourceScan, TableScan], str]) -> list[ConsentCheck]:
    """Every consent-coverage count for consent-based activities, in key order (none when consent is recorded nowhere)."""
    checks: dict[str, ConsentCheck] = {}
    for act in sorted(declarations.activities, key=lambda a: a.key):
        if act.legal_basis != "consent":
            continue
        for source in sorted(inventory.sources, key=lambda s: s.name):
            recorders = [t for t in source.tables if not t.error and (consent_flags(t) or withdrawal_columns(t))]
            for p in sorted(_tables_of(act, source), key=lambda t: t.name):
                if not _is_processing_log(p):
                    continue
                when = _time_column(p)
                for c in sorted(recorders, key=lambda t: t.name):
                    if c.name == p.name:
                        continue
                    links = _links(p, c)
                    if not links:
                        continue
                    join = links[0]
                    own = act.covers_table(c.name, source.name, c.schema) or flag_covers(c.name, act.purposes, generic_ok=False)
                    for flag in consent_flags(c):
                        if flag_covers(flag, act.purposes, generic_ok=own):
                            key = f"{CONSENT_OFF}:{ref(source, p)}:{ref(source, c)}.{flag}"
                            checks.setdefault(key, ConsentCheck(key, CONSENT_OFF, act.key, source.name, ref(source, p), p, ref(source, c), c, join, flag))
                    for gone in withdrawal_columns(c):
                        col = next(x for x in c.columns if x.name == gone)
                        if when is None or _numeric(col) != _numeric(when):
                            continue  # Unix seconds against a date: not comparable in SQL without guessing
                        key = f"{AFTER_WITHDRAWAL}:{ref(source, p)}:{ref(source, c)}.{gone}"
                        checks.setdefault(key, ConsentCheck(key, AFTER_WITHDRAWAL, act.key, source.name, ref(source, p), p, ref(source, c), c,
                                                            join, gone, when.name))
    return [checks[k] for k in sorted(checks)]


def count_check(conn: Connection, check: ConsentCheck, table: Callable[[Connection, TableScan, list[str]], Any]) -> int:
    """SELECT count(*) of processing rows with a matching consent row whose flag is off, or that happened after withdrawal."""
    here_cols = [check.join[0]] + ([check.time_column] if check.time_column else [])
    here = table(conn, check.table, here_cols)
    there = table(conn, check.consent_table, [check.join[1], check.column])
    cond = there.c[check.join[1]] == here.c[check.join[0]]
    if check.kind == CONSENT_OFF:
        cond = sa.and_(cond, there.c[check.column] == sa.false())
    else:
        cond = sa.and_(cond, there.c[check.column].isnot(None), here.c[check.time_column] > there.c[check.column])
    query = sa.select(sa.func.count()).select_from(here).where(sa.exists(sa.select(sa.literal(1)).select_from(there).where(cond)))
    return int(conn.execute(query).scalar() or 0)
