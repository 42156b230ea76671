"""Export the inventory as fideslang datasets, systems and organization, carrying what fideslang lacks in meta/tags."""

from __future__ import annotations

from collections import Counter
from typing import Any

import yaml
from fideslang.models import (
    ContactDetails,
    DataFlow,
    Dataset,
    DatasetCollection,
    DatasetField,
    FidesMeta,
    Organization,
    PrivacyDeclaration,
    System,
)

from privacy_inventory.declarations import Controller, Declarations, ProcessingActivity, Recipient, is_special_category
from privacy_inventory.fides.conventions import (
    ART9,
    CATEGORIES,
    LEGAL_BASIS,
    META,
    NATIVE_ACTIVITY,
    NATIVE_RECIPIENT,
    SAFEGUARD,
    encode_tags,
    fides_key,
    retention_text,
)
from privacy_inventory.models import Inventory, SourceScan

PLACEHOLDER = "organisation"  # the system activities without a declared system are listed under


def _personal(category: str | None) -> bool:
    return bool(category) and category in CATEGORIES and category.startswith("user")  # type: ignore[union-attr]


def _dump(kind: str, resources: list[Any]) -> str:
    items = [r.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for r in resources]
    return yaml.safe_dump({kind: items}, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def export_fides(inventory: Inventory, declarations: Declarations) -> dict[str, str]:
    """File name -> fideslang YAML: one dataset per scanned source, systems for ours and each recipient."""
    inventory = inventory.sorted()
    declarations = declarations.sorted()
    files = {f"dataset_{fides_key(src.name)}.yml": _dump("dataset", [dataset_for(src)]) for src in inventory.sources}
    files["systems.yml"] = _dump("system", systems_for(inventory, declarations))
    if declarations.controller is not None:
        files["organization.yml"] = _dump("organization", [organization_for(declarations.controller)])
    return dict(sorted(files.items()))


def dataset_for(src: SourceScan) -> Dataset:
    """One Dataset per source: tables as collections, columns as fields; only personal columns carry categories."""
    counts = Counter(t.name for t in src.tables)
    collections = []
    for table in src.tables:
        fields = []
        for col in sorted(table.columns, key=lambda c: c.name):
            personal = _personal(col.category)
            note = f"; classified {col.category} (confidence {col.confidence:.2f})" if personal else ""
            fields.append(
                DatasetField(
                    name=col.name,
                    description=f"{col.data_type}{note}",
                    data_categories=[col.category] if personal else None,
                    fides_meta=FidesMeta(primary_key=True) if col.primary_key else None,
                )
            )
        name = table.qualified_name if counts[table.name] > 1 else table.name
        note = f" (not read: {table.error})" if table.error else ""
        collections.append(DatasetCollection(name=name, description=f"{table.kind}{note}", fields=fields))
    status = f"{src.dialect} source {src.name!r}, scan status {src.status}"
    return Dataset(fides_key=fides_key(src.name), name=src.name, description=status, collections=collections)


def _scanned(inventory: Inventory, activity: ProcessingActivity) -> tuple[set[str], set[str]]:
    """Personal categories found in the activity's tables, and the dataset keys holding them."""
    categories: set[str] = set()
    datasets: set[str] = set()
    for src in inventory.sources:
        for table in src.tables:
            if activity.covers_table(table.name, src.name, table.schema):
                datasets.add(fides_key(src.name))
                categories |= {c.category for c in table.columns if _personal(c.category)}  # type: ignore[misc]
    return categories, datasets


def activity_meta(activity: ProcessingActivity, label: str, scanned_only: list[str]) -> dict[str, Any]:
    """What a privacy declaration cannot hold: every non-native field, the real name, scan-added categories."""
    extra = activity.model_dump(mode="json", exclude_none=True, exclude_defaults=True, exclude=set(NATIVE_ACTIVITY))
    extra["key"] = activity.key
    if label != activity.name:
        extra["name"] = activity.name
    if scanned_only:
        extra["scanned_categories"] = scanned_only  # listed for Fides readers, not declared: dropped on import
    return dict(sorted(extra.items()))


def _system_keys(names: list[str | None], reserved: set[str]) -> dict[str | None, str]:
    """A unique fides_key per system name (None = the placeholder), never one of the recipients' keys."""
    used, out = set(reserved), {}
    for name in names:
        base = fides_key(name or PLACEHOLDER)
        key = base if base not in used else f"{base}_system"
        n = 2
        while key in used:
            key, n = f"{base}_system_{n}", n + 1
        used.add(key)
        out[name] = key
    return out


def systems_for(inventory: Inventory, declarations: Declarations) -> list[System]:
    """Systems for the organisation's own systems (activities without one go to a placeholder) and recipients."""
    recipients = {r.key: r for r in declarations.recipients}
    names = Counter(a.name for a in declarations.activities)
    by_system: dict[str | None, list[ProcessingActivity]] = {}
    for activity in declarations.activities:
        for system in activity.systems or [None]:
            by_system.setdefault(system, []).append(activity)
    order = sorted(by_system, key=lambda s: (s is None, s or ""))
    keys = _system_keys(order, set(recipients))
    out: list[System] = []
    for system in order:
        declared, meta, egress = [], {}, set()
        for a in by_system[system]:
            found, datasets = _scanned(inventory, a)
            categories = sorted(set(a.data_categories) | found)
            label = a.name if names[a.name] == 1 else f"{a.name} ({a.key})"
            shared = sorted({c for r in a.recipients if r in recipients for c in recipients[r].categories})
            egress |= set(a.recipients)
            meta[label] = activity_meta(a, label, sorted(found - set(a.data_categories)))
            for use in sorted(a.purposes):
                declared.append(
                    PrivacyDeclaration(
                        name=label,
                        data_use=use,
                        data_categories=categories,
                        data_subjects=sorted(a.data_subjects),
                        dataset_references=sorted(datasets) or None,
                        egress=sorted(a.recipients) or None,
                        legal_basis_for_processing=LEGAL_BASIS[a.legal_basis],
                        retention_period=retention_text(a.retention),
                        processes_special_category_data=any(is_special_category(c) for c in categories),
                        special_category_legal_basis=ART9.get(a.art9_condition or ""),
                        data_shared_with_third_parties=bool(a.recipients),
                        third_parties="; ".join(sorted(recipients[r].name for r in a.recipients if r in recipients)) or None,
                        shared_categories=shared,
                    )
                )
        flows = [DataFlow(fides_key=r, type="system", data_categories=sorted(recipients[r].categories) or None) for r in sorted(egress) if r in recipients]
        ours: dict[str, Any] = {"activities": dict(sorted(meta.items()))}
        if system is None:
            ours["placeholder"] = True  # not a system of the organisation: activities declared without one
        out.append(
            System(
                fides_key=keys[system],
                name=system or PLACEHOLDER,
                system_type="Service",
                responsibility=["Controller"],
                privacy_declarations=sorted(declared, key=lambda d: (d.name or "", d.data_use)),
                egress=flows or None,
                dataset_references=sorted({d for p in declared for d in p.dataset_references or []}),
                meta={META: ours},
            )
        )
    senders = {r: sorted(s.fides_key for s in out if any(f.fides_key == r for f in s.egress or [])) for r in recipients}
    for r in declarations.recipients:
        out.append(_recipient_system(r, declarations, senders[r.key]))
    return out


def _recipient_system(r: Recipient, declarations: Declarations, senders: list[str]) -> System:
    subjects = sorted({s for a in declarations.activities if r.key in a.recipients for s in a.data_subjects})
    declared = [PrivacyDeclaration(name=r.name, data_use=use, data_categories=sorted(r.categories), data_subjects=subjects) for use in sorted(r.purposes)]
    ingress = [DataFlow(fides_key=s, type="system") for s in senders]
    extra = r.model_dump(mode="json", exclude_none=True, exclude_defaults=True, exclude=set(NATIVE_RECIPIENT))
    if not r.purposes and r.categories:
        extra["categories"] = sorted(r.categories)  # no declaration to carry them
    return System(
        fides_key=r.key,
        name=r.name,
        description=f"{r.role.replace('_', ' ')} ({r.type.replace('_', ' ')}), {r.country}",
        system_type="Third Party",
        responsibility=["Processor"] if r.role == "processor" else ["Controller"],
        joint_controller_info=declarations.controller.name if r.role == "joint_controller" and declarations.controller else None,
        privacy_declarations=declared,
        ingress=ingress or None,
        does_international_transfers=r.international,
        legal_basis_for_transfers=[SAFEGUARD[r.transfer_safeguard]] if r.transfer_safeguard in SAFEGUARD else [],
        dpa_location=r.contract_reference,
        meta={META: {"recipient": dict(sorted(extra.items()))}},
    )


def _contact(party: Any) -> ContactDetails | None:
    if party is None or not (party.name or party.address or party.email):
        return None
    return ContactDetails(name=party.name or "", address=party.address or "", email=party.email or "")


def organization_for(controller: Controller) -> Organization:
    """The Fides organization: controller, DPO and EU representative contacts; the rest as tags."""
    contacts = {"name", "address", "email"}
    extra = controller.model_dump(mode="json", exclude_none=True, exclude_defaults=True, exclude={"name", "address", "email", "dpo", "eu_representative"})
    for field in ("dpo", "eu_representative"):
        party = getattr(controller, field)
        rest = party.model_dump(mode="json", exclude_none=True, exclude=contacts) if party is not None else {}
        if rest:
            extra[field] = rest  # e.g. {"unknown": "not stated in the policy"}: ContactDetails has no place for it
    return Organization(
        fides_key="default_organization",
        name=controller.name,
        tags=encode_tags(extra) or None,
        controller=ContactDetails(name=controller.name, address=getattr(controller, "address", None) or "", email=getattr(controller, "email", None) or ""),
        data_protection_officer=_contact(controller.dpo),
        representative=_contact(controller.eu_representative),
    )
