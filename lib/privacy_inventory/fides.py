"""Fides interchange: export the inventory as fideslang datasets and systems, import Fides systems back."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from fideslang.models import (
    ContactDetails,
    DataFlow,
    Dataset,
    DatasetCollection,
    DatasetField,
    FidesMeta,
    Organization,
    PrivacyDeclaration,
    SpecialCategoryLegalBasisEnum,
    System,
)
from pydantic import ValidationError

from privacy_inventory.declarations import (
    FIDES_KEYS,
    Controller,
    Declarations,
    ProcessingActivity,
    Recipient,
    Retention,
    check_files,
    in_eea,
    is_special_category,
)
from privacy_inventory.errors import InventoryError
from privacy_inventory.models import Inventory, SourceScan
from privacy_inventory.yaml_io import Loc, Locator, validation_errors

META = "privacy_inventory"  # key under System.meta holding what fideslang has no field for
LEGAL_BASIS = {
    "consent": "Consent",
    "contract": "Contract",
    "legal_obligation": "Legal obligations",
    "vital_interests": "Vital interests",
    "public_task": "Public interest",
    "legitimate_interests": "Legitimate interests",
}
ART9 = dict(zip("abcdefghij", (e.value for e in SpecialCategoryLegalBasisEnum)))
SAFEGUARD = {"adequacy": "Adequacy Decision", "sccs": "SCCs", "bcrs": "BCRs", "derogation": "Other"}
_TAXONOMY_TOP = ("data_category", "data_subject", "data_use", "policy")
_CATEGORIES = frozenset(c.fides_key for c in DEFAULT_TAXONOMY.data_category)


def fides_key(name: str) -> str:
    """A stable fideslang key for a free name (lowercase; anything but letters, digits, _ . - becomes _)."""
    return re.sub(r"[^a-z0-9_.\-]+", "_", name.strip().lower()).strip("_") or "unnamed"


def _our_key(name: str) -> str:
    return re.sub(r"[^a-z0-9_\-]+", "_", name.strip().lower()).strip("_-") or "unnamed"


def _personal(category: str | None) -> bool:
    return bool(category) and category in _CATEGORIES and category.startswith("user")  # type: ignore[union-attr]


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


def _retention_text(retention: Retention | None) -> str | None:
    if retention is None:
        return None
    return f"relationship + {retention.grace}" if retention.grace else retention.period


def systems_for(inventory: Inventory, declarations: Declarations) -> list[System]:
    """Systems for the organisation's own systems (activities without one go to `organisation`) and recipients."""
    recipients = {r.key: r for r in declarations.recipients}
    names = Counter(a.name for a in declarations.activities)
    by_system: dict[str, list[ProcessingActivity]] = {}
    for activity in declarations.activities:
        for system in activity.systems or ["organisation"]:
            by_system.setdefault(system, []).append(activity)
    out: list[System] = []
    for system, activities in sorted(by_system.items()):
        key = fides_key(system)
        key = f"{key}_system" if key in recipients else key
        declared, meta, egress = [], {}, set()
        for a in activities:
            found, datasets = _scanned(inventory, a)
            categories = sorted(set(a.data_categories) | found)
            label = a.name if names[a.name] == 1 else f"{a.name} ({a.key})"
            shared = sorted({c for r in a.recipients if r in recipients for c in recipients[r].categories})
            egress |= set(a.recipients)
            meta[label] = a.model_dump(mode="json", exclude_none=True, include={"key", "description", "systems", "tables", "retention", "security_measures", "source_of_data", "dpia"})
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
                        retention_period=_retention_text(a.retention),
                        processes_special_category_data=any(is_special_category(c) for c in categories),
                        special_category_legal_basis=ART9.get(a.art9_condition or ""),
                        data_shared_with_third_parties=bool(a.recipients),
                        third_parties="; ".join(sorted(recipients[r].name for r in a.recipients if r in recipients)) or None,
                        shared_categories=shared,
                    )
                )
        flows = [DataFlow(fides_key=r, type="system", data_categories=sorted(recipients[r].categories) or None) for r in sorted(egress) if r in recipients]
        out.append(
            System(
                fides_key=key,
                name=system,
                system_type="Service",
                responsibility=["Controller"],
                privacy_declarations=sorted(declared, key=lambda d: (d.name or "", d.data_use)),
                egress=flows or None,
                dataset_references=sorted({d for p in declared for d in p.dataset_references or []}),
                meta={META: {"activities": dict(sorted(meta.items()))}},
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
    extra = r.model_dump(mode="json", exclude_none=True, include={"key", "role", "type", "country", "transfer_safeguard", "vendor"})
    if not r.purposes and r.categories:
        extra["categories"] = sorted(r.categories)
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
        meta={META: {"recipient": extra}},
    )


def organization_for(controller: Controller) -> Organization:
    """The Fides organization: controller, DPO and EU representative contact details."""

    def contact(party: Any) -> ContactDetails | None:
        if party is None:
            return None
        return ContactDetails(name=party.name or "", address=party.address or "", email=party.email or "")

    return Organization(
        fides_key="default_organization",
        name=controller.name,
        controller=ContactDetails(name=controller.name, address=controller.address, email=controller.email),
        data_protection_officer=contact(controller.dpo),
        representative=contact(controller.eu_representative),
    )


def import_fides(path: Path) -> Declarations:
    """Read a Fides YAML file (or a directory of them) into our declarations; problems raise `file:line`."""
    path = Path(path)
    if path.is_dir():
        paths = sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    else:
        paths = [path]
    declarations, problems = check_files(paths, str(path), fides_only=True)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise InventoryError(problems[0].source, problems[0].message + more)
    assert declarations is not None
    return declarations


def declarations_from_fides(data: dict[str, Any], locator: Locator, problems: list[InventoryError]) -> dict[str, list[tuple[Any, Loc]]]:
    """Fides `system:`/`organization:` resources -> our controller, activities and recipients, each with its location."""
    out: dict[str, list[tuple[Any, Loc]]] = {"controller": [], "activities": [], "recipients": []}
    for key in sorted(k for k in data if k not in FIDES_KEYS + _TAXONOMY_TOP):
        problems.append(locator.error((key,), f"unknown top-level key; a Fides file holds {', '.join(FIDES_KEYS + _TAXONOMY_TOP)}"))
    systems: list[tuple[int, System]] = []
    for kind in ("system", "organization"):
        if data.get(kind) is not None and not isinstance(data.get(kind), list):
            problems.append(locator.error((kind,), f"expected a list of {kind} resources"))
    for i, raw in enumerate(data.get("system") or [] if isinstance(data.get("system"), list) else []):
        try:
            systems.append((i, System.model_validate(raw)))
        except ValidationError as exc:
            problems.extend(validation_errors(exc, locator, System, ("system", i)))
    orgs = data.get("organization") if isinstance(data.get("organization"), list) else []
    for i, raw in enumerate(orgs or []):
        try:
            controller = _controller(Organization.model_validate(raw))
        except ValidationError as exc:
            problems.extend(validation_errors(exc, locator, Organization, ("organization", i)))
            continue
        if controller is not None:
            out["controller"].append((controller, ("organization", i)))
    targets = {f.fides_key for _, s in systems for f in s.egress or [] if f.type == "system"}
    recipient_keys = {s.fides_key: _our_key(s.fides_key) for _, s in systems if _is_recipient(s, targets)}
    for i, system in systems:
        if system.fides_key in recipient_keys:
            _add(out, "recipients", Recipient, _recipient(system), locator, ("system", i), problems)
    groups: dict[str, list[tuple[Loc, System, PrivacyDeclaration]]] = {}
    for i, system in systems:
        if system.fides_key in recipient_keys:
            continue
        for j, decl in enumerate(system.privacy_declarations):
            groups.setdefault(decl.name or f"{system.name or system.fides_key}: {decl.data_use}", []).append((("system", i, "privacy_declarations", j), system, decl))
    for name, members in sorted(groups.items()):
        fields = _activity(name, members, recipient_keys, locator, problems)
        if fields is not None:
            _add(out, "activities", ProcessingActivity, fields, locator, members[0][0], problems)
    return out


def _add(out: dict[str, list[tuple[Any, Loc]]], kind: str, model: Any, fields: dict[str, Any], locator: Locator, loc: Loc, problems: list[InventoryError]) -> None:
    try:
        out[kind].append((model.model_validate(fields), loc))
    except ValidationError as exc:
        problems.extend(validation_errors(exc, locator, model, loc))


def _is_recipient(system: System, egress_targets: set[str]) -> bool:
    """Recipients: marked by us, flagged third-party/processor/vendor, or receiving data without datasets of their own."""
    if META in (system.meta or {}):
        return "recipient" in system.meta[META]  # type: ignore[index]
    third_party = any(w in system.system_type.lower() for w in ("third", "vendor", "external", "partner"))
    processor = any(r in ("Processor", "Sub-Processor") for r in system.responsibility)
    receives = system.fides_key in egress_targets and not system.dataset_references
    return third_party or processor or bool(system.vendor_id) or receives


def _recipient(system: System) -> dict[str, Any]:
    extra = dict((system.meta or {}).get(META, {}).get("recipient", {}))
    transfers = {v: k for k, v in SAFEGUARD.items()}
    country = extra.get("country", "ZZ")
    safeguard = next((transfers[b] for b in system.legal_basis_for_transfers if b in transfers), None)
    if "Processor" in system.responsibility or "Sub-Processor" in system.responsibility:
        role = "processor"
    else:
        role = "joint_controller" if system.joint_controller_info else "independent_controller"
    purposes = sorted({d.data_use for d in system.privacy_declarations})
    categories = sorted({c for d in system.privacy_declarations for c in d.data_categories} | set(extra.pop("categories", [])))
    fields = {
        "key": _our_key(system.fides_key),
        "name": system.name or system.fides_key,
        "role": role,
        "type": _our_key(system.system_type),
        "country": country,
        "transfer_safeguard": safeguard if safeguard or in_eea(country) else "none",
        "contract_reference": system.dpa_location,
        "purposes": purposes,
        "categories": categories,
    }
    fields.update(extra)
    return {k: v for k, v in fields.items() if v is not None}


def _activity(name: str, members: list[tuple[Loc, System, PrivacyDeclaration]], recipient_keys: dict[str, str], locator: Locator, problems: list[InventoryError]) -> dict[str, Any] | None:
    """One activity from the privacy declarations sharing a name (one per purpose, possibly on several systems)."""
    bases = set()
    for loc, _, decl in members:
        if decl.legal_basis_for_processing is None:
            problems.append(locator.error(loc, "legal_basis_for_processing is missing; the record of processing needs an Art. 6 basis"))
            return None
        bases.add(decl.legal_basis_for_processing)
    if len(bases) > 1:
        problems.append(locator.error(members[0][0], f"declarations named {name!r} have different legal bases ({', '.join(sorted(bases))}); give them different names"))
        return None
    reverse = {v: k for k, v in LEGAL_BASIS.items()}
    extra = next((dict(s.meta[META].get("activities", {}).get(name, {})) for _, s, _ in members if META in (s.meta or {})), {})
    decls = [d for _, _, d in members]
    art9 = {v: k for k, v in ART9.items()}
    fields: dict[str, Any] = {
        "key": _our_key(name),
        "name": name,
        "purposes": sorted({d.data_use for d in decls}),
        "legal_basis": reverse[bases.pop()],
        "art9_condition": next((art9[d.special_category_legal_basis] for d in decls if d.special_category_legal_basis), None),
        "data_subjects": sorted({s for d in decls for s in d.data_subjects}),
        "data_categories": sorted({c for d in decls for c in d.data_categories}),
        "systems": sorted({s.name or s.fides_key for _, s, _ in members}),
        "tables": sorted({f"{ds}.*" for d in decls for ds in d.dataset_references or []}),
        "recipients": sorted({recipient_keys[e] for d in decls for e in d.egress or [] if e in recipient_keys}),
    }
    period = next((d.retention_period for d in decls if d.retention_period), None)
    if period:
        match = re.fullmatch(r"relationship(?:\s*\+\s*(\S+))?|(P\S+)", period.strip())
        if match and "retention" not in extra:
            grace, iso = match.groups()
            fields["retention"] = {"period": iso or "relationship", "grace": grace, "basis": "imported from Fides retention_period"}
        elif not match:
            fields["description"] = f"Fides retention_period: {period!r} (not an ISO-8601 duration; declare retention)"
    fields.update(extra)
    if isinstance(fields.get("retention"), dict):
        fields["retention"] = {k: v for k, v in fields["retention"].items() if v is not None}
    return {k: v for k, v in fields.items() if v is not None}


def _controller(org: Organization) -> Controller | None:
    """Our controller from a Fides organization, or None when it lacks the controller's address and email."""
    ctl = org.controller
    if ctl is None or not (ctl.address and ctl.email):
        return None

    def party(contact: ContactDetails | None) -> dict[str, Any] | None:
        if contact is None or not (contact.name or contact.email):
            return None
        return {k: v for k, v in (("name", contact.name), ("address", contact.address), ("email", contact.email)) if v}

    dpo = party(org.data_protection_officer) or {"unknown": "not stated in the Fides organization"}
    return Controller.model_validate({"name": ctl.name or org.name or org.fides_key, "address": ctl.address, "email": ctl.email, "dpo": dpo, "eu_representative": party(org.representative)})
