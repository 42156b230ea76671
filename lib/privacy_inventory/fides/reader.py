"""Fides resources -> our activities, recipients and controller; fideslang fields first, our meta/tags for the rest."""

from __future__ import annotations

import re
from typing import Any

from fideslang.models import ContactDetails, Organization, PrivacyDeclaration, System

from privacy_inventory.declarations import Controller, Retention, in_eea, is_special_category
from privacy_inventory.errors import InventoryError
from privacy_inventory.fides.conventions import ART9, LEGAL_BASIS, META, NATIVE_ACTIVITY, SAFEGUARD, TABLE_NAME, decode_tags, our_key, retention_text
from privacy_inventory.yaml_io import Loc, Locator

Member = tuple[Locator, Loc, System, PrivacyDeclaration]
_RETENTION = re.compile(r"relationship(?:\s*\+\s*(\S+))?|(P\S+)")


def ours(system: System) -> dict[str, Any]:
    """Our meta on a system (empty for a system written by anyone else)."""
    meta = (system.meta or {}).get(META)
    return meta if isinstance(meta, dict) else {}


def system_datasets(system: System) -> set[str]:
    """Datasets a system references, on the system or on any of its privacy declarations."""
    return set(system.dataset_references or []) | {d for p in system.privacy_declarations for d in p.dataset_references or []}


def activity(name: str, members: list[Member], recipient_keys: dict[str, str], datasets: dict[str, list[str]], problems: list[InventoryError]) -> dict[str, Any] | None:
    """One activity from the privacy declarations sharing a name (one per purpose, possibly on several systems)."""
    bases = set()
    for locator, loc, _, decl in members:
        if decl.legal_basis_for_processing is None:
            problems.append(locator.error(loc, "legal_basis_for_processing is missing; the record of processing needs an Art. 6 basis"))
            return None
        bases.add(decl.legal_basis_for_processing)
    locator, loc = members[0][0], members[0][1]
    if len(bases) > 1:
        problems.append(locator.error(loc, f"declarations named {name!r} have different legal bases ({', '.join(sorted(bases))}); give them different names"))
        return None
    decls = [d for *_, d in members]
    extra = next((dict(ours(s)["activities"][name]) for *_, s, _ in members if name in ours(s).get("activities", {})), None)
    scanned = set(extra.pop("scanned_categories", [])) if extra is not None else set()
    categories = sorted({c for d in decls for c in d.data_categories} - scanned)
    art9 = {v: k for k, v in ART9.items()}
    condition = next((art9[d.special_category_legal_basis] for d in decls if d.special_category_legal_basis), None)
    special = sorted(c for c in categories if is_special_category(c))
    if special and condition is None:
        problems.append(locator.error(loc, f"special_category_legal_basis is missing; data_categories include special categories ({', '.join(special)}) (Art. 9(2) GDPR)"))
        return None
    fields: dict[str, Any] = {
        "key": our_key(name),
        "name": name,
        "purposes": sorted({d.data_use for d in decls}),
        "legal_basis": {v: k for k, v in LEGAL_BASIS.items()}[bases.pop()],
        "art9_condition": condition,
        "data_subjects": sorted({s for d in decls for s in d.data_subjects}),
        "data_categories": categories,
        "systems": sorted({s.name or s.fides_key for *_, s, _ in members if not ours(s).get("placeholder")}),
        "recipients": sorted({recipient_keys[e] for *_, s, d in members for e in _egress(s, d) if e in recipient_keys}),
    }
    period = next((d.retention_period for d in decls if d.retention_period), None)
    if extra is not None:  # our own export: meta holds every field a privacy declaration has no place for
        declared = extra.pop("retention", None)
        if declared is not None and retention_text(Retention.model_validate(declared)) == period:
            fields["retention"] = declared
        elif period:
            fields.update(_retention(period))
        fields.update({k: v for k, v in extra.items() if k not in NATIVE_ACTIVITY or k == "name"})
        return {k: v for k, v in fields.items() if v is not None}
    fields["tables"] = tables(members, datasets)
    if period:
        fields.update(_retention(period))
    return {k: v for k, v in fields.items() if v is not None}


def _egress(system: System, decl: PrivacyDeclaration) -> list[str]:
    """Where a declaration sends data: its own `egress`, or the system's flows when no declaration names any."""
    if any(d.egress for d in system.privacy_declarations):
        return list(decl.egress or [])
    return [f.fides_key for f in system.egress or [] if f.type == "system"]


def _retention(period: str) -> dict[str, Any]:
    match = _RETENTION.fullmatch(period.strip())
    if not match:
        return {"description": f"Fides retention_period: {period!r} (not an ISO-8601 duration; declare retention)"}
    grace, iso = match.groups()
    retention = {"period": iso or "relationship", "grace": grace, "basis": "imported from Fides retention_period"}
    return {"retention": {k: v for k, v in retention.items() if v is not None}}


def tables(members: list[Member], datasets: dict[str, list[str]]) -> list[str]:
    """The tables an activity covers: collections of the datasets its declarations (or systems) reference."""
    refs = {ds for *_, s, d in members for ds in (d.dataset_references or s.dataset_references or [])}
    return sorted({t for ds in refs for t in datasets.get(ds, [f"{ds}.*"]) if TABLE_NAME.match(t)})


def recipient(system: System, country: str | None) -> dict[str, Any]:
    """A recipient from a third-party system; `country` from transfers or the vendor catalogue (ZZ: unknown)."""
    extra = dict(ours(system).get("recipient", {}))
    safeguards = {v: k for k, v in SAFEGUARD.items()}
    native = next((safeguards[b] for b in system.legal_basis_for_transfers if b in safeguards), None)
    if "Processor" in system.responsibility or "Sub-Processor" in system.responsibility:
        role = "processor"
    else:
        role = "joint_controller" if system.joint_controller_info else "independent_controller"
    purposes = sorted({d.data_use for d in system.privacy_declarations})
    fields: dict[str, Any] = {
        "key": our_key(system.fides_key),
        "name": system.name or system.fides_key,
        "role": role,
        "type": our_key(system.system_type),
        "country": country or "ZZ",
        "contract_reference": system.dpa_location,
        "purposes": purposes,
        "categories": sorted({c for d in system.privacy_declarations for c in d.data_categories} | set(extra.pop("categories", []))),
    }
    if extra:  # our own export: meta holds role, type, country, safeguard, vendor
        fields.update(extra)
        fields["transfer_safeguard"] = native or extra.get("transfer_safeguard")
    else:
        fields["transfer_safeguard"] = native or (None if in_eea(fields["country"]) else "none")
    return {k: v for k, v in fields.items() if v is not None}


def controller(org: Organization, locator: Locator, loc: Loc, problems: list[InventoryError]) -> dict[str, Any] | None:
    """Our controller from a Fides organization (our tags restore what it has no field for), or None without contacts."""
    ctl = org.controller
    required = [f for f in ("address", "email") if Controller.model_fields[f].is_required()]
    if ctl is None or not all(getattr(ctl, f) for f in required):
        return None  # not enough to name the controller of the record: the declarations go without one
    extra, bad = decode_tags(org.tags)
    for tag in bad:
        problems.append(locator.error(loc + ("tags",), f"tag {tag[:60]!r} is not <field>=<JSON value>"))

    def party(contact: ContactDetails | None, field: str) -> dict[str, Any] | None:
        native = {k: v for k, v in (("name", contact.name), ("address", contact.address), ("email", contact.email)) if v} if contact else {}
        merged = {**native, **(extra.pop(field, None) or {})}
        return merged or None

    fields = {"name": ctl.name or org.name or org.fides_key, "address": ctl.address or None, "email": ctl.email or None}
    fields["dpo"] = party(org.data_protection_officer, "dpo") or {"unknown": "not stated in the Fides organization"}
    fields["eu_representative"] = party(org.representative, "eu_representative")
    fields.update(extra)
    return {k: v for k, v in fields.items() if v is not None}
