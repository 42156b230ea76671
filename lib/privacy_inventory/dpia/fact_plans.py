"""Which facts a run needs: the counts each risk rule may ask of each table, planned from the inventory alone."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from privacy_inventory.classify.others import other_people, public_flags
from privacy_inventory.declarations import Declarations, duration_days, is_special_category, table_matches
from privacy_inventory.dpia.consent import plan_consent_checks
from privacy_inventory.dpia.decisions import plan_decisions
from privacy_inventory.dpia.fact_model import Fact
from privacy_inventory.dpia.guardians import guardian_consent, is_bool_column
from privacy_inventory.dpia.inferences import plan_mcc
from privacy_inventory.dpia.retention import join_or_missing, relationship_end
from privacy_inventory.jurisdiction import controller_consent_age
from privacy_inventory.models import ColumnScan, Inventory, SourceScan, TableScan

DOB_CATEGORY = "user.demographic.date_of_birth"
PASSWORD_CATEGORY = "user.authorization.password"
_SETTING_KEY = re.compile(r"^(key|name|setting|param|parameter|option)$", re.I)
_SETTING_VALUE = re.compile(r"^(value|val|setting_value|data)$", re.I)


@dataclass
class FactPlan:
    """A fact to collect: which table and columns, and the parameters of its query."""

    fact: Fact
    source: str
    table: TableScan
    params: dict[str, Any] = field(default_factory=dict)


def table_ref(source: SourceScan, table: TableScan) -> str:
    """`source.table` (`source.schema.table` when the source has several schemas), as the data map names it."""
    several = len({t.schema for t in source.tables}) > 1
    return f"{source.name}.{table.qualified_name if several else table.name}"


def years_before(reference: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    day = 28 if (reference.month, reference.day) == (2, 29) else reference.day
    return reference.replace(year=reference.year - years, day=day)


def cutoff_date(reference: dt.date, period: str) -> dt.date:
    """The reference date minus an ISO-8601 duration (year 365 days, month 30 days, as declarations do)."""
    return reference - dt.timedelta(days=int(duration_days(period)))


def plan_facts(inventory: Inventory, declarations: Declarations, reference: dt.date, children_age: int | None = None) -> list[FactPlan]:
    """Every fact the risk rules may need for this inventory and these declarations, sorted by key."""
    children_age = children_age or controller_consent_age(declarations)
    plans: dict[str, FactPlan] = {}
    for source in sorted(inventory.sources, key=lambda s: s.name):
        for table in sorted(source.tables, key=lambda t: (t.schema or "", t.name)):
            if table.error or getattr(table, "skipped", None):  # not readable, or not to be read (--skip-views)
                continue
            ref = table_ref(source, table)
            for plan in _column_plans(source.name, ref, table, reference, children_age):
                if plan.fact.kind == "under_age":
                    with_guardian(plan, guardian_consent(source, table))
                plans.setdefault(plan.fact.key, plan)
            for plan in _retention_plans(source, ref, table, declarations, reference):
                old = plans.get(plan.fact.key)
                if old is None or plan.params["cutoff"] > old.params["cutoff"]:  # the strictest period wins
                    plans[plan.fact.key] = plan
            for plan in _people_plans(source.name, ref, table):
                plans.setdefault(plan.fact.key, plan)
            decisions = plan_decisions(table) if table.foreign_keys or scope_personal(table) else None
            if decisions is not None:
                key = f"automated_decisions:{ref}"
                plans.setdefault(key, _plan(key, "automated_decisions", ref, decisions.columns, decisions.describe() + " (Art. 22)", source.name, table, decisions=decisions))
            mcc = plan_mcc(source, table)
            if mcc is not None:
                detail = f"payments whose merchant category code ({mcc.describe()}) reveals a special category (data/merchant_categories.yaml)"
                cols = [mcc.join[0] if mcc.join else mcc.code_column]
                plans.setdefault(f"special_inference:{ref}", _plan(f"special_inference:{ref}", "special_inference", ref, cols, detail, source.name, table, mcc=mcc))
    for check in plan_consent_checks(inventory, declarations, table_ref):
        cols = [check.join[0]] + ([check.time_column] if check.time_column else [])
        plans.setdefault(check.key, _plan(check.key, check.kind, check.ref, cols, check.detail, check.source, check.table, check=check))
    return [plans[k] for k in sorted(plans)]


def _column_plans(source: str, ref: str, table: TableScan, reference: dt.date, children_age: int) -> list[FactPlan]:
    """Facts about single columns: minors' birth dates, clear passwords, special data, hidden data, secrets."""
    out: list[FactPlan] = []
    text_groups: dict[str, list[str]] = {}
    for col in table.columns:
        cat = col.category or ""
        if cat == DOB_CATEGORY or cat.startswith(DOB_CATEGORY + "."):
            detail = f"{col.name} parses as a birth date less than {children_age} years before {reference.isoformat()}"
            out.append(_plan(f"under_{children_age}:{ref}.{col.name}", "under_age", ref, [col.name], detail, source, table, age=children_age))
        if cat.startswith(PASSWORD_CATEGORY) or "plaintext_password" in col.flags:
            detail = f"non-empty {col.name} values that are not a known password hash format"
            out.append(_plan(f"plaintext_passwords:{ref}.{col.name}", "plaintext_passwords", ref, [col.name], detail, source, table))
        groups = sorted(f.split(":", 1)[1] for f in col.flags if f.startswith("special:"))
        if "children" in col.flags and not cat.startswith(DOB_CATEGORY):
            groups.append("children")
        if is_special_category(cat) or (groups and is_bool_column(col)):
            what = "true" if is_bool_column(col) else "non-empty"
            detail = f"rows with a {what} {col.name} ({cat or ', '.join(groups)})"
            out.append(_plan(f"special_values:{ref}.{col.name}", "special_values", ref, [col.name], detail, source, table, boolean=is_bool_column(col)))
        elif groups:
            for group in groups:
                text_groups.setdefault(group, []).append(col.name)
        if "hidden_by_name" in col.flags and col.category:
            detail = f"values of {col.name} that are {col.category} although its name does not say so"
            country = _country_column(table, col)
            cols = [col.name] + ([country] if country else [])
            out.append(_plan(f"hidden:{ref}.{col.name}", "hidden", ref, cols, detail, source, table, category=col.category))
    for group, cols in sorted(text_groups.items()):
        detail = f"rows whose {' or '.join(sorted(cols))} mention {group} keywords (special-category lexicon)"
        out.append(_plan(f"special_text:{ref}:{group}", "special_text", ref, sorted(cols), detail, source, table, group=group))
    keys = [c.name for c in table.columns if _SETTING_KEY.match(c.name)]
    if keys and any(_SETTING_VALUE.match(c.name) for c in table.columns):
        value = next(c.name for c in table.columns if _SETTING_VALUE.match(c.name))
        detail = f"settings whose {keys[0]} names a password, secret, token or key and whose {value} holds it, not a reference to a secret store (values never shown)"
        out.append(_plan(f"secret_keys:{ref}", "secret_keys", ref, [keys[0], value], detail, source, table))
    return out


def _retention_plans(source: SourceScan, ref: str, table: TableScan, declarations: Declarations, reference: dt.date) -> list[FactPlan]:
    """Rows older than each declared retention period that names a date column and applies to this table.

    "For as long as we have a relationship" counts from an event that ends it (account closed, consent
    withdrawn, contract ended; data/relationship_events.yaml), read on this table or on the person it points to;
    a payment date or a ticket's resolution is not such an event. A statutory period is a minimum: honoured.
    """
    out = []
    for act in declarations.activities:
        ret = act.retention
        if ret is None or not ret.date_column or (ret.period == "relationship" and not ret.grace):
            continue  # with no grace, when the relationship ended cannot be told from one date column
        patterns = ret.applies_to or act.tables
        if not any(table_matches(p, table.name, source.name, table.schema) for p in patterns):
            continue
        period = (ret.grace or "P0D") if ret.period == "relationship" else ret.period
        law = ""
        if ret.statutory and duration_days(ret.statutory.period) > duration_days(period):
            period, law = ret.statutory.period, f"; the statutory {ret.statutory.period} ({ret.statutory.law}) is honoured"
        elif ret.statutory:
            law = f"; covers the statutory {ret.statutory.period} ({ret.statutory.law})"
        cutoff = cutoff_date(reference, period)
        params: dict[str, Any] = {"cutoff": cutoff, "date_column": ret.date_column, "activity": act.key, "period": period}
        if ret.period == "relationship":
            how = relationship_end(source, table, ret.date_column, params)
        else:
            how = f"{ret.date_column} older than {period}"
            if not any(c.name == ret.date_column for c in table.columns):
                join_or_missing(source, table, ret.date_column, params)
        detail = f"rows where {how}, i.e. before {cutoff.isoformat()} (activity {act.key}{law})"
        if "join" in params:
            detail += f", through {params['join'][0]} -> {params['join'][1]}.{params['join'][3]}"
        cols = [params["join"][0]] if "join" in params else [params["date_column"]]
        plan = _plan(f"retention:{ref}", "retention", ref, cols, detail, source.name, table, **params)
        plan.fact.period, plan.fact.after_end = period, ret.period == "relationship"
        out.append(plan)
    return out


def _people_plans(source: str, ref: str, table: TableScan) -> list[FactPlan]:
    """Rows naming other people (invitees, friends, guardians, emergency contacts) and rows shown publicly."""
    out = []
    for found in other_people(table, ref):
        detail = f"rows where {' or '.join(found.columns)} is set: {found.label}"
        out.append(_plan(f"other_people:{ref}:{found.role}", "other_people", ref, list(found.columns), detail, source, table))
    for flag in public_flags(table):
        out.append(_plan(f"public:{ref}.{flag}", "public", ref, [flag], f"rows whose {flag} is true (shown to others)", source, table))
    return out


def _plan(key: str, kind: str, ref: str, cols: list[str], detail: str, source: str, table: TableScan, **params: Any) -> FactPlan:
    return FactPlan(Fact(key=key, kind=kind, table=ref, columns=cols, detail=detail), source, table, params)


def scope_personal(table: TableScan) -> bool:
    """Whether a table holds a column the classifier put under `user.` (a decision about a person, not a thing)."""
    return any(str(c.category or "").startswith("user.") for c in table.columns)


def _country_column(table: TableScan, col: ColumnScan) -> str | None:
    """A sibling column of country codes that tells how to read national phone numbers."""
    if not (col.category or "").startswith("user.contact.phone"):
        return None
    names = sorted(c.name for c in table.columns if c.name != col.name and (c.category or "").startswith("user.contact.address.country"))
    coded = [n for n in names if "code" in n.lower() or n.lower().endswith("_cc")]
    return (coded or names or [None])[0]


def with_guardian(plan: FactPlan, guardian: Any) -> None:
    """Make an under-age fact count only children with no guardian's consent recorded, when the schema records it."""
    if guardian is None:
        return
    plan.params["guardian"] = guardian
    plan.fact.detail += f", with no guardian's consent recorded ({guardian.describe()})"
    if guardian.link is None:
        plan.fact.columns = [plan.fact.columns[0], guardian.consent_column]
    else:
        plan.fact.columns = [plan.fact.columns[0], guardian.link[1]]
