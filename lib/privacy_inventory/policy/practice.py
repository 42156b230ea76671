"""What the organisation actually does, gathered from the scan, the declarations and the DPIA facts."""

from __future__ import annotations

from privacy_inventory.datamap.disclosures import authority_transfers
from privacy_inventory.declarations import Declarations, duration_days
from privacy_inventory.dpia.fact_model import Facts
from privacy_inventory.models import Inventory
from privacy_inventory.policy.gaps import FoundRecipient, PracticeFacts, RetentionFact
from privacy_inventory.vendors import load_catalogue

CHILDREN_AGE = 13
# The classifier's special-category flags, as the fideslang keys a policy would use for them.
SPECIAL_FLAG_CATEGORY = {
    "health": "user.health_and_medical",
    "genetic": "user.health_and_medical.genetic",
    "biometric": "user.biometric",
    "religion": "user.demographic.religious_belief",
    "ethnicity": "user.demographic.race_ethnicity",
    "sexual_orientation": "user.demographic.sexual_orientation",
    "politics": "user.demographic.political_opinion",
    "trade_union": "user.demographic.political_opinion",
    "criminal": "user.criminal_history",
}


def practice_facts(inventory: Inventory, declarations: Declarations, facts: Facts | None = None) -> PracticeFacts:
    """Plain facts for the policy comparison: categories with where they are, recipients, countries, counts."""
    categories: dict[str, list[str]] = {}
    special: dict[str, int] = {}
    for src in inventory.sources:
        for table in src.tables:
            for col in table.columns:
                if col.category and col.category.startswith("user"):
                    categories.setdefault(col.category, []).append(f"{src.name}.{table.name}.{col.name}")
                for flag in col.flags:
                    key = SPECIAL_FLAG_CATEGORY.get(flag.split(":", 1)[1]) if flag.startswith("special:") else None
                    if key:
                        special[key] = special.get(key, 0) + 1
    return PracticeFacts(
        categories_found={k: sorted(v) for k, v in sorted(categories.items())},
        recipients_found=_recipients(inventory, declarations),
        countries=sorted({r.country for r in declarations.recipients if r.country} | {i.country for i in inventory.integrations if i.country}),
        children_under_age=_children(facts),
        retention_periods_found=_retention(facts),
        special_categories_found=dict(sorted(special.items())),
        purposes_found={p: sorted(a.key for a in declarations.activities if p in a.purposes) for p in sorted({p for a in declarations.activities for p in a.purposes})},
        home_country=getattr(declarations.controller, "country", None) if declarations.controller else None,
    )


def _recipients(inventory: Inventory, declarations: Declarations) -> list[FoundRecipient]:
    """Declared recipients (by type) and config integrations (by vendor family), each once."""
    families = {v.key: v.family for v in load_catalogue().vendors}
    found = [FoundRecipient(r.name, r.type or r.role, tuple(sorted(r.categories)), r.country, "declared") for r in declarations.recipients]
    declared_vendors = {r.vendor for r in declarations.recipients if r.vendor}
    seen: set[str] = set()
    for integ in sorted(inventory.integrations, key=lambda i: (i.vendor, i.file, i.key)):
        if integ.vendor in declared_vendors or integ.vendor in seen:
            continue
        seen.add(integ.vendor)
        found.append(FoundRecipient(integ.vendor, families.get(integ.vendor, integ.role), tuple(sorted(integ.categories)), integ.country, "config"))
    for t in authority_transfers(inventory, declarations):  # disclosures to authorities abroad recorded in the data: transfers too
        found.append(FoundRecipient(t.name, "authority", (), t.country, "database"))
    return sorted(found, key=lambda r: (r.origin, r.name))


def _children(facts: Facts | None) -> dict[int, int]:
    """People under the age the policy names: the largest count in any one table (no double counting)."""
    if facts is None:
        return {}
    counts = [f.value for f in facts.of_kind("under_age") if f.value]
    return {CHILDREN_AGE: max(counts)} if counts else {}


def _retention(facts: Facts | None) -> list[RetentionFact]:
    """Rows kept beyond a declared period, from the DPIA's count queries."""
    if facts is None:
        return []
    out = []
    for fact in facts.of_kind("retention"):
        if not fact.value:
            continue
        days = int(duration_days(fact.period)) if fact.period else 0
        out.append(RetentionFact(fact.table, fact.value, days, fact.after_end, fact.detail))
    return out
