"""The starter declarations drafted from a scan, as commented YAML a DPO edits: every drafted value is marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml
from fideslang.default_taxonomy import DEFAULT_TAXONOMY

from privacy_inventory.declarations import ART9_CONDITIONS, LEGAL_BASES, has_adequacy, in_eea, is_special_category
from privacy_inventory.models import Integration, Inventory
from privacy_inventory.onboarding.grouping import Candidate, group_tables, table_pattern

HEADER = "# Drafted by `privacy-inventory init` from a scan. Lines marked DRAFT are suggestions, TO FILL are blanks.\n# Reports show every item with `draft: true` as \"draft, not confirmed\"; set `draft: false` once you have checked it.\n"
_KNOWN = {kind: frozenset(i.fides_key for i in getattr(DEFAULT_TAXONOMY, kind)) for kind in ("data_category", "data_use", "data_subject")}


@dataclass
class DraftRecipient:
    """A recipient drafted from the integrations of one vendor found in config."""

    key: str
    name: str
    role: str
    type: str
    country: str
    purposes: list[str]
    categories: list[str]
    evidence: list[str] = field(default_factory=list)


def _v(value: object) -> str:
    """One YAML value on one line (flow style), quoted where YAML needs it."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip().removesuffix("...").strip()


def draft_controller(org: str) -> str:
    """controller.yaml: the organisation's name; everything only the DPO knows is marked TO FILL."""
    return HEADER + "\n".join([
        "controller:",
        f"  name: {_v(org)}  # DRAFT: the controller's legal name",
        "  draft: true  # set to false once every line below is filled in",
        "  # address: TO FILL: the controller's postal address (Art. 30(1)(a))",
        "  # email: TO FILL: the e-mail address for privacy requests",
        "  # country: TO FILL: ISO 3166 code of the main establishment (e.g. DE); tells whether an EU representative is needed",
        "  dpo:",
        "    unknown: TO FILL - name and e-mail of the data protection officer (Art. 37), or why none is designated",
        "  joint_controllers: []",
        "",
    ])  # fmt: skip


def draft_recipients(integrations: Sequence[Integration]) -> list[DraftRecipient]:
    """One recipient per vendor found in config, with role and country from the vendor catalogue."""
    from privacy_inventory.vendors import load_vendor_catalogue

    catalogue = {v.key: v for v in load_vendor_catalogue()}
    out: dict[str, DraftRecipient] = {}
    for i in sorted(integrations, key=lambda i: (i.vendor, i.file, i.key)):
        vendor = catalogue.get(i.vendor)
        r = out.setdefault(i.vendor, DraftRecipient(
            key=i.vendor, name=vendor.name if vendor else i.vendor, role=i.role, type=(getattr(vendor, "family", None) or "service_provider"),
            country=i.country, purposes=[], categories=[]))  # fmt: skip
        r.purposes = sorted(set(r.purposes) | {p for p in i.purposes if p in _KNOWN["data_use"]})
        r.categories = sorted(set(r.categories) | {c for c in i.categories if c in _KNOWN["data_category"]})
        r.evidence.append(f"{i.file}: {i.key}")
    return [out[k] for k in sorted(out)]


def recipients_yaml(recipients: Sequence[DraftRecipient]) -> str:
    """recipients.yaml: each drafted recipient, its transfer safeguard offered as a marked choice."""
    lines = [HEADER.rstrip("\n"), "# Recipients (Art. 30(1)(d)-(e)) found in the application's config; role and country come from the vendor catalogue.", "recipients:"]
    if not recipients:
        lines[-1] = "recipients: []  # no third-party integration found in config; add the ones you know of"
    for r in recipients:
        lines += [
            f"  - key: {_v(r.key)}",
            f"    name: {_v(r.name)}",
            "    draft: true  # set to false once checked against the contract",
            f"    role: {r.role}  # DRAFT: the vendor's usual role; one of processor, independent_controller, joint_controller",
            f"    type: {_v(r.type)}",
            f"    country: {r.country}  # DRAFT: where the vendor is established (vendor catalogue); check the contracting entity",
        ]
        if not in_eea(r.country):
            choice = "adequacy" if has_adequacy(r.country) else "none"
            lines.append(f"    transfer_safeguard: {choice}  # DRAFT: outside the EEA; choose adequacy, sccs, bcrs, derogation or none (Chapter V)")
        lines += [
            f"    vendor: {_v(r.key)}",
            f"    purposes: {_v(r.purposes)}  # DRAFT: the vendor's usual purposes",
            f"    categories: {_v(r.categories)}  # seen in config; add what you send",
            f"    # found in: {'; '.join(sorted(set(r.evidence)))}",
        ]
    return "\n".join(lines) + "\n"


def _recipients_for(candidate: Candidate, recipients: Sequence[DraftRecipient]) -> list[str]:
    prefixes = candidate.kind.vendor_purposes
    return sorted(r.key for r in recipients if any(p == v or p.startswith(v + ".") for p in r.purposes for v in prefixes))


def activities_yaml(candidates: Sequence[Candidate], recipients: Sequence[DraftRecipient]) -> str:
    """activities.yaml: one candidate activity per group of tables; purposes and legal basis as marked choices."""
    lines = [HEADER.rstrip("\n"), "# Processing activities (Art. 30(1)(b)-(g)) drafted by grouping the scanned tables by what they hold and how they reference each other.", "activities:"]
    if not candidates:
        lines[-1] = "activities: []  # the scan found no table with personal data"
    for c in candidates:
        kind = c.kind
        categories = [x for x in c.categories if x in _KNOWN["data_category"]]
        special = [x for x in categories if is_special_category(x)]
        others = [b for b in LEGAL_BASES if b not in kind.legal_basis]
        lines += [
            f"  - key: {kind.key}",
            f"    name: {_v(kind.name)}",
            "    draft: true  # set to false once every DRAFT value below is checked",
            f"    description: {_v(kind.description)}  # DRAFT",
            f"    purposes: {_v(list(kind.purposes))}  # DRAFT: fideslang data uses; confirm or change",
            f"    legal_basis: {kind.legal_basis[0]}  # DRAFT: choose one: {', '.join(kind.legal_basis)} (usual here), or {', '.join(others)} (Art. 6(1))",
        ]
        if special:
            options = "; ".join(f"{k} {v}" for k, v in ART9_CONDITIONS.items())
            lines.append(f"    art9_condition: {kind.art9}  # DRAFT: special categories found ({', '.join(special)}); choose the Art. 9(2) condition: {options}")
        lines += [
            f"    data_subjects: {_v(list(kind.data_subjects))}  # DRAFT: whose data this is",
            f"    data_categories: {_v(categories)}  # found by the scan",
            f"    systems: {_v(c.systems)}",
            "    tables:",
            *(f"      - {_v(pattern)}  # {why}" for pattern, why in sorted(c.reasons.items())),
            f"    recipients: {_v(_recipients_for(c, recipients))}  # DRAFT: from the config scan",
            "    source_of_data: [data_subject]  # DRAFT: data_subject, third_party and/or automatic",
            "    # retention: TO FILL - period (ISO-8601 such as P10Y, or relationship with a grace period), basis and date_column",
            "    # security_measures: TO FILL - the technical and organisational measures (Art. 32)",
        ]
    return "\n".join(lines) + "\n"


DPIA_YAML = """# The DPO's review of the DPIA (Art. 35), empty until you decide: overrides of computed risks by their key
# (see dpia/risk-register.csv of a run), measures, residual risk, and answers to screening criteria.
risks: []
screening: []
"""


def readme(org: str, sources: Sequence[str], candidates: Sequence[Candidate], recipients: Sequence[DraftRecipient]) -> str:
    """README.md of the drafted inventory: what was drafted and what to check next."""
    acts = "\n".join(f"- `{c.kind.key}`: {c.kind.name} ({len(c.tables)} table(s))" for c in candidates) or "- none (no table with personal data found)"
    recs = ", ".join(f"`{r.key}`" for r in recipients) or "none found in config"
    return f"""# Declared inventory of {org} (draft)

Drafted by `privacy-inventory init` from a scan of {', '.join(f'`{s}`' for s in sources) or 'no database'}.
Nothing here is confirmed: every drafted item carries `draft: true`, and the reports show it as
"draft, not confirmed" until you check it and set `draft: false`.

Candidate processing activities:
{acts}

Recipients found in config: {recs}.

## What to check next
1. `controller.yaml`: fill in every `TO FILL` line (address, e-mail, country, DPO).
2. `activities.yaml`: for each activity, confirm or change the purposes, the legal basis (Art. 6) and,
   where special categories were found, the Art. 9(2) condition; move tables between activities; add
   retention and security measures. Tables listed under `other` fit no usual activity.
3. `recipients.yaml`: check each vendor's role, country and transfer safeguard against its contract.
4. Put your published privacy policy next to these files as `privacy-policy.md` to compare it with practice.
5. Run the whole assessment: `privacy-inventory run --inventory <this directory> --db <the same URLs>`.
   Record decisions about the classification in `overrides.yaml` and about risks in `dpia.yaml`.

Running `privacy-inventory init` again never overwrites these files: it writes only missing ones and
lists what the new scan found that they do not cover.
"""


def draft_files(inventory: Inventory, org: str) -> dict[str, str]:
    """Every file of a starter inventory, by name."""
    candidates = group_tables(inventory)
    recipients = draft_recipients(inventory.integrations)
    return {
        "controller.yaml": draft_controller(org),
        "activities.yaml": activities_yaml(candidates, recipients),
        "recipients.yaml": recipients_yaml(recipients),
        "dpia.yaml": DPIA_YAML,
        "README.md": readme(org, sorted(s.name for s in inventory.sources), candidates, recipients),
    }


def uncovered(inventory: Inventory, patterns: Sequence[str]) -> list[str]:
    """Tables with personal data that no declared table pattern names (for a re-run of init)."""
    from privacy_inventory.declarations import table_matches
    from privacy_inventory.onboarding.grouping import personal

    out = []
    for s in inventory.sources:
        for t in s.tables:
            if personal(t) and not any(table_matches(p, t.name, s.name, t.schema) for p in patterns):
                out.append(table_pattern(s, t))
    return sorted(out)
