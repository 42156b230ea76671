"""The GDPR Art. 30 record of processing activities: what the scan found, tied to what is declared."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fideslang.default_taxonomy import DEFAULT_TAXONOMY

from privacy_inventory.classify.others import other_people
from privacy_inventory.datamap.graph import category_label, is_personal, table_key, under
from privacy_inventory.declarations import (
    ART9_CONDITIONS,
    Controller,
    Declarations,
    Party,
    ProcessingActivity,
    is_special_category,
    in_eea,
    table_matches,
    transfer_countries,
)
from privacy_inventory.findings import Finding, sort_findings
from privacy_inventory.datamap.disclosures import authority_transfers
from privacy_inventory.datamap.flows import describe
from privacy_inventory.jurisdiction import controller_regime, judge_recipient
from privacy_inventory.models import Integration, Inventory
from privacy_inventory.ropa.entries import RecipientEntry, TransferEntry
from privacy_inventory.wording import period_words

STAGE = "ropa"
MISSING = "MISSING"
DRAFT = "draft, not confirmed"  # what a drafted declaration shows in every report until the DPO confirms it
DECLARED = "declared"
NOT_ASSESSED = "not assessed"
FOUND_DECLARED = "found, declared"
FOUND_NOT_DECLARED = "found, not declared"
DECLARED_NOT_FOUND = "declared, not found"
LEGAL_BASIS_TEXT = {
    "consent": "Art. 6(1)(a) consent",
    "contract": "Art. 6(1)(b) performance of a contract",
    "legal_obligation": "Art. 6(1)(c) legal obligation",
    "vital_interests": "Art. 6(1)(d) vital interests",
    "public_task": "Art. 6(1)(e) public task",
    "legitimate_interests": "Art. 6(1)(f) legitimate interests",
}
SOURCE_TEXT = {
    "data_subject": "collected from the data subject (Art. 13)",
    "third_party": "obtained from a third party (Art. 14)",
    "automatic": "observed automatically (devices, logs, cookies)",
}


@dataclass(frozen=True)
class ColumnEvidence:
    """One scanned column holding a category: where it is, how sure the classifier was, and why (masked)."""

    location: str
    confidence: float
    evidence: str
    special_flags: tuple[str, ...] = ()  # the classifier's `special:*` flags (e.g. trade union, health in free text)


@dataclass(frozen=True)
class CategoryEntry:
    """One category of personal data of an activity, with the columns that prove it (Art. 30(1)(c))."""

    category: str
    name: str
    status: str  # FOUND_DECLARED | FOUND_NOT_DECLARED | DECLARED_NOT_FOUND
    special: bool
    columns: tuple[ColumnEvidence, ...] = ()

    @property
    def confidence(self) -> float:
        return max((c.confidence for c in self.columns), default=0.0)

    @property
    def special_flags(self) -> tuple[str, ...]:
        return tuple(sorted({f for c in self.columns for f in c.special_flags}))


@dataclass(frozen=True)
class RopaEntry:
    """One processing activity with every Art. 30(1) item filled in or marked MISSING."""

    key: str
    name: str
    description: str
    controller: str
    controller_contact: str
    joint_controllers: tuple[str, ...]
    representatives: tuple[str, ...]
    dpo: str
    purposes: tuple[str, ...]
    legal_basis: str
    art9_condition: str
    data_subjects: tuple[str, ...]
    categories: tuple[CategoryEntry, ...]
    recipients: tuple[RecipientEntry, ...]
    transfers: tuple[TransferEntry, ...]
    retention: str
    security_measures: tuple[str, ...]
    source_of_data: tuple[str, ...]
    systems: tuple[str, ...]
    tables: tuple[str, ...]
    dpia_needed: str
    dpia_declared: str
    findings: tuple[Finding, ...] = ()
    status: str = DECLARED  # DRAFT when drafted from a scan and not yet confirmed
    home_label: str = "the EU/EEA"  # the controller's home area under its regime (see jurisdiction)


@dataclass(frozen=True)
class Ropa:
    """The whole record: one entry per activity (key order), plus findings about the record as a whole."""

    controller: str
    entries: tuple[RopaEntry, ...]
    record_findings: tuple[Finding, ...] = ()

    @property
    def findings(self) -> list[Finding]:
        """Every finding, record-wide and per activity, most severe first."""
        return sort_findings([*self.record_findings, *(f for e in self.entries for f in e.findings)])


def _finding(activity: str, kind: str, severity: str, item: str, title: str, *subjects: str) -> Finding:
    """A RoPA finding whose key names the activity and subjects, so overrides and diffs can track it."""
    key = ".".join([STAGE, kind.replace("_", "-"), activity or "record", *(x.replace(" ", "_") for x in subjects)])
    where = f" of activity {activity}" if activity else ""
    return Finding(key=key, kind=kind, severity=severity, title=f"{activity}: {title}" if activity else title, detail=f"Art. 30 record, {item}{where}.",
                   subjects=sorted({activity, *subjects} - {""}), source=STAGE)  # fmt: skip


def term(kind: str, key: str) -> str:
    """A fideslang data use or subject in words, with its key after it, e.g. `Customer (customer)`."""
    name = next((i.name for i in getattr(DEFAULT_TAXONOMY, kind) if i.fides_key == key), None)
    return f"{name} ({key})" if name else key


def missing(what: str) -> str:
    """The explicit marker for a mandatory item nobody declared."""
    return f"{MISSING}: {what}"


def _party(party: Party | None, what: str) -> str:
    """A named party with its contact details, or MISSING with the reason declared."""
    if party is None:
        return missing(f"{what} not declared")
    if not (party.name or party.address or party.email):
        return missing(f"{what} (declared unknown: {party.unknown})")
    if not (party.address or party.email):
        return missing(f"{what} details (named: {party.name})")
    return ", ".join(x for x in (party.name, party.address, party.email) if x)


def _controller_items(controller: Controller | None) -> tuple[dict[str, str | tuple[str, ...]], list[Finding]]:
    """Art. 30(1)(a), shared by every activity: controller, contact, joint controllers, representatives, DPO."""
    if controller is None:
        gone = missing("controller not declared")
        items = {"controller": gone, "controller_contact": gone, "joint_controllers": (gone,), "representatives": (gone,), "dpo": gone}
        return items, [_finding("", "missing_controller", "high", "(a) controller", "No controller declared (controller.yaml)")]
    findings: list[Finding] = []
    reps: list[str] = []
    if controller.eu_representative is not None:
        reps.append("EU: " + _party(controller.eu_representative, "EU representative"))
    elif controller.country and in_eea(controller.country):  # an EU establishment: Art. 27 GDPR does not apply
        reps.append("EU: not required (controller established in the EEA)")
    elif controller.country:
        reps.append("EU: " + missing(f"EU representative (Art. 27; controller established in {controller.country})"))
    else:
        reps.append("EU: unknown (controller country not declared)")
        findings.append(_finding("", "controller_country", "low", "(a) representative", "Controller country not declared: cannot tell whether an EU representative (Art. 27) is needed"))
    if controller.uk_representative is not None:
        reps.append("UK: " + _party(controller.uk_representative, "UK representative"))
    items: dict[str, str | tuple[str, ...]] = {
        "controller": f"{controller.name} ({DRAFT})" if controller.draft else controller.name,
        "controller_contact": ", ".join(x for x in (controller.address, controller.email) if x) or missing("controller address and e-mail"),
        "joint_controllers": tuple(sorted(_party(p, "joint controller") for p in controller.joint_controllers)) or ("none declared",),
        "representatives": tuple(reps),
        "dpo": _party(controller.dpo, "DPO contact"),
    }
    labelled = [("contact", "controller contact", items["controller_contact"]), ("dpo", "DPO", items["dpo"])] + [("representatives", f"{r[:2]} representative", r) for r in reps]
    labelled += [("joint_controllers", f"joint controller {i}", j) for i, j in enumerate(items["joint_controllers"], 1)]
    for kind, subject, value in labelled:
        if MISSING in value:
            findings.append(_finding("", f"missing_{kind}", "high", "(a) controller", f"Missing {value.split(f'{MISSING}: ', 1)[1]}", str(subject)))
    return items, findings


def _scan_tables(inventory: Inventory, activity: ProcessingActivity) -> tuple[list[str], dict[str, list[ColumnEvidence]], list[Finding]]:
    """The scanned tables the activity declares, and their personal-data columns by category (with a special flag)."""
    tables: list[str] = []
    found: dict[str, list[ColumnEvidence]] = {}
    findings: list[Finding] = []
    matched: set[str] = set()
    for src in inventory.sources:
        for table in src.tables:
            patterns = {p for p in activity.tables if table_matches(p, table.name, src.name, table.schema)}
            if not patterns:
                continue
            matched |= patterns
            where = table_key(src, table)
            if table.error:
                tables.append(f"{where} (not readable: {table.error})")
                findings.append(_finding(activity.key, "table_not_scanned", "medium", "(c) personal data categories", f"Table {where} could not be scanned", where))
                continue
            tables.append(where)
            for col in table.columns:
                if is_personal(col.category):
                    flags = tuple(sorted(f for f in col.flags if f.startswith("special:")))
                    evidence = ColumnEvidence(f"{where}.{col.name}", round(col.confidence, 2), col.evidence, flags)
                    found.setdefault(str(col.category), []).append(evidence)
    failed = sorted(src.name for src in inventory.sources if src.status == "failed")
    note = f" (not scanned: source {', '.join(failed)} failed)" if failed else ""
    for pattern in sorted(set(activity.tables) - matched):
        tables.append(f"{DECLARED_NOT_FOUND}: {pattern}{note}")
        findings.append(_finding(activity.key, "table_not_found", "medium", "tables", f"Declared table {pattern!r} matches no scanned table{note}", pattern))
    if not activity.tables:
        tables.append("none declared")
        findings.append(_finding(activity.key, "no_tables", "low", "tables", "No tables declared: data categories cannot be checked against the scan"))
    return sorted(tables), found, findings


def _categories(activity: ProcessingActivity, found: dict[str, list[ColumnEvidence]]) -> tuple[tuple[CategoryEntry, ...], list[Finding]]:
    """Found categories (declared or not) with their evidence, plus declared categories the scan did not find."""
    entries: list[CategoryEntry] = []
    findings: list[Finding] = []
    for category, columns in found.items():
        declared = any(under(category, d) for d in activity.data_categories)
        cols = tuple(sorted(columns, key=lambda c: c.location))
        special = is_special_category(category) or any(c.special_flags for c in cols)
        entries.append(CategoryEntry(category, category_label(category), FOUND_DECLARED if declared else FOUND_NOT_DECLARED, special, cols))
        if not declared:
            title = f"{category} found in {', '.join(c.location for c in cols)} but not declared for this activity"
            findings.append(_finding(activity.key, "category_not_declared", "high" if special else "medium", "(c) personal data categories", title, category))
    for category in sorted(set(activity.data_categories)):
        if not any(under(f, category) for f in found):
            entries.append(CategoryEntry(category, category_label(category), DECLARED_NOT_FOUND, is_special_category(category)))
            title = f"{category} declared but not found in the activity's scanned tables"
            findings.append(_finding(activity.key, "category_not_found", "low", "(c) personal data categories", title, category))
    return tuple(sorted(entries, key=lambda e: e.category)), findings


def _recipients(activity: ProcessingActivity, declarations: Declarations, integrations: Sequence[Integration]) -> tuple[list[RecipientEntry], list[TransferEntry], list[Finding]]:
    """Art. 30(1)(d)/(e): the activity's recipients, their config evidence, and transfers judged under the controller's regime."""
    regime = controller_regime(declarations)
    recipients: list[RecipientEntry] = []
    transfers: list[TransferEntry] = []
    findings: list[Finding] = []
    for key in sorted(set(activity.recipients)):
        r = declarations.recipient(key)
        if r is None:
            recipients.append(RecipientEntry(key, missing(f"recipient {key!r} not declared"), "", "", "", False, "", "", ""))
            findings.append(_finding(activity.key, "recipient_not_declared", "high", "(d) recipients", f"Recipient {key!r} is not declared in recipients", key))
            continue
        mine = [i for i in integrations if i.vendor == (r.vendor or r.key)]
        seen, sends = tuple(sorted({f"{i.file}: {i.key}" for i in mine})), tuple(sorted({describe(f) for i in mine for f in i.flows}))
        judged = judge_recipient(regime, r)
        third = judged.transfer
        safeguard = judged.text if judged.ok else missing(judged.text)
        recipients.append(RecipientEntry(r.key, f"{r.name} ({DRAFT})" if r.draft else r.name, r.role, r.type, r.country, third, safeguard, r.contract_reference or "", r.vendor or "", seen, sends))
        if not third:
            continue
        transfers.append(TransferEntry(r.key, r.name, r.country, judged.adequacy, safeguard, r.contract_reference or ""))
        if not judged.ok:
            findings.append(_finding(activity.key, "transfer_without_safeguard", "high", "(e) transfers",
                                     f"Transfer to {r.name} ({r.country}) has no valid safeguard under {regime.name}", r.key))
        if r.country == transfer_countries()["unknown"]:
            findings.append(_finding(activity.key, "transfer_country_unknown", "medium", "(e) transfers", f"Country of recipient {r.name} is unknown", r.key))
    return recipients, transfers, findings


def _retention(activity: ProcessingActivity) -> str:
    """Art. 30(1)(f): the time limit for erasure in words."""
    r = activity.retention
    if r is None:
        return missing("retention (time limit for erasure)")
    if r.period == "relationship":
        text = "for the duration of the relationship" + (f", then {period_words(r.grace)}" if r.grace else "")
    else:
        text = period_words(r.period)
    text += f", counted from {r.date_column}" if r.date_column else ""
    text += f"; kept at least {period_words(r.statutory.period)} by law ({r.statutory.law})" if r.statutory else ""
    text += f"; applies to {', '.join(sorted(r.applies_to))}" if r.applies_to else ""
    return f"{text}; basis: {r.basis}"


def _dpia_declared(activity: ProcessingActivity) -> str:
    """What the organisation recorded about the activity's DPIA (status, reference, date, notes)."""
    d = activity.dpia
    if d is None:
        return "none recorded"
    return "; ".join([d.status.replace("_", " ")] + [x for x in (d.reference, d.date.isoformat() if d.date else None, d.notes) if x])


def _art9(activity: ProcessingActivity, categories: Sequence[CategoryEntry]) -> tuple[str, list[Finding]]:
    """The Art. 9(2) condition, with a warning when the scan finds special categories and none is declared."""
    special = [c.category + (f" ({', '.join(c.special_flags)})" if c.special_flags else "") for c in categories if c.special and c.columns]
    if activity.art9_condition:
        return f"Art. 9(2)({activity.art9_condition}) {ART9_CONDITIONS[activity.art9_condition]}", []
    if not special:
        return "not applicable (no special categories found or declared)", []
    title = f"WARNING: special categories found ({', '.join(special)}) but no Art. 9(2) condition declared"
    return missing(f"Art. 9(2) condition (special categories found: {', '.join(special)})"), [_finding(activity.key, "art9_condition_missing", "high", "Art. 9 condition", title)]


def _data_subjects(activity: ProcessingActivity, inventory: Inventory) -> tuple[tuple[str, ...], list[Finding]]:
    """Art. 30(1)(c) data subjects: the declared ones, plus other people the activity's tables hold (invitees, guardians...)."""
    declared = [term("data_subject", s) for s in sorted(set(activity.data_subjects))]
    found: dict[str, tuple[str, str, list[str]]] = {}
    for src in inventory.sources:
        for table in src.tables:
            if table.error or not activity.covers_table(table.name, src.name, table.schema):
                continue
            for o in other_people(table, table_key(src, table)):
                label, subject, where = found.setdefault(o.role, (o.label, o.subject, []))
                where += [f"{o.table}.{c}" for c in o.columns]
    extra, missing_roles = [], []
    for role, (label, subject, where) in sorted(found.items()):
        status = "declared" if subject in activity.data_subjects else "not declared"
        extra.append(f"{label} (found in {', '.join(sorted(where))}; {status})")
        if status == "not declared":
            missing_roles.append(label)
    findings = []
    if missing_roles:
        findings.append(_finding(activity.key, "other_people_not_declared", "medium", "(c) data subjects",
                                 f"Other people in the data not declared as data subjects: {'; '.join(missing_roles)} (inform them, Art. 14)"))
    return tuple(declared + extra), findings


def build_entry(activity: ProcessingActivity, inventory: Inventory, declarations: Declarations, controller: Mapping[str, str | tuple[str, ...]], dpia_needed: str = NOT_ASSESSED) -> RopaEntry:
    """One activity's record, with a finding for every missing or inconsistent item."""
    tables, found, findings = _scan_tables(inventory, activity)
    categories, category_findings = _categories(activity, found)
    recipients, transfers, recipient_findings = _recipients(activity, declarations, inventory.integrations)
    for t in (t for t in authority_transfers(inventory, declarations) if activity.key in t.activities):  # disclosures recorded in the data
        transfers.append(TransferEntry(t.key, t.name, t.country, t.judgement.adequacy, t.judgement.text if t.judgement.ok else missing(t.judgement.text), ""))
        if not t.judgement.ok:
            recipient_findings.append(_finding(activity.key, "disclosure_abroad", "high", "(e) transfers", f"{t.summary.split(':')[0]} to {t.name}", t.key))
    art9, art9_findings = _art9(activity, categories)
    findings += category_findings + recipient_findings + art9_findings
    retention = _retention(activity)
    security = tuple(sorted(set(activity.security_measures))) or (missing("security measures (Art. 32)"),)
    sources = tuple(sorted(SOURCE_TEXT[s] for s in set(activity.source_of_data))) or (missing("source of the data"),)
    for kind, item, value, severity in (("missing_retention", "(f) time limits for erasure", retention, "high"),
                                        ("missing_security", "(g) security measures", security[0], "high"),
                                        ("missing_source", "source of data", sources[0], "medium")):  # fmt: skip
        if value.startswith(MISSING):
            findings.append(_finding(activity.key, kind, severity, item, f"No {value.split(': ', 1)[1]} declared"))
    subjects, subject_findings = _data_subjects(activity, inventory)
    findings += subject_findings
    declared_dpia = _dpia_declared(activity)
    if activity.draft:
        findings.append(_finding(activity.key, "draft", "medium", "the whole entry", f"Drafted from the scan ({DRAFT}): check purposes, legal basis, data subjects, retention"))
    if dpia_needed == "required" and (activity.dpia is None or activity.dpia.status == "not_required"):
        findings.append(_finding(activity.key, "dpia_gap", "medium", "DPIA", f"DPIA required but the declared status is: {declared_dpia}"))
    return RopaEntry(
        key=activity.key,
        name=activity.name,
        description=activity.description,
        controller=str(controller["controller"]),
        controller_contact=str(controller["controller_contact"]),
        joint_controllers=tuple(controller["joint_controllers"]),
        representatives=tuple(controller["representatives"]),
        dpo=str(controller["dpo"]),
        purposes=tuple(term("data_use", p) for p in sorted(set(activity.purposes))),
        legal_basis=LEGAL_BASIS_TEXT.get(activity.legal_basis, activity.legal_basis),
        art9_condition=art9,
        data_subjects=subjects,
        categories=categories,
        recipients=tuple(recipients),
        transfers=tuple(transfers),
        retention=retention,
        security_measures=security,
        source_of_data=sources,
        systems=tuple(sorted(set(activity.systems))) or ("none declared",),
        tables=tuple(tables),
        dpia_needed=dpia_needed,
        dpia_declared=declared_dpia,
        home_label=controller_regime(declarations).home_label,
        findings=tuple(sort_findings(findings)),
        status=DRAFT if activity.draft else DECLARED,
    )


def _integration_findings(inventory: Inventory, declarations: Declarations) -> list[Finding]:
    """Config integrations of a declared recipient that no activity lists (undeclared vendors are the data map's)."""
    by_vendor = {r.vendor: r for r in declarations.recipients if r.vendor}
    used = {key for a in declarations.activities for key in a.recipients}
    findings: dict[str, Finding] = {}
    for i in inventory.integrations:
        r = by_vendor.get(i.vendor)
        if r is not None and r.key not in used:
            f = _finding("", "recipient_not_in_record", "medium", "(d) recipients", f"Recipient {r.name} is integrated in config ({i.file}: {i.key}) but no activity lists it", r.key)
            findings.setdefault(f.key, f)
    return list(findings.values())


def build_ropa(inventory: Inventory, declarations: Declarations, dpia_status: Mapping[str, str] | None = None) -> Ropa:
    """The Art. 30(1) record: one entry per declared activity, its data categories taken from the scan."""
    status = dict(dpia_status or {})
    controller, findings = _controller_items(declarations.controller)
    activities = sorted(declarations.activities, key=lambda a: a.key)
    entries = tuple(build_entry(a, inventory, declarations, controller, status.get(a.key, NOT_ASSESSED)) for a in activities)
    if not entries:
        findings.append(_finding("", "no_activities", "high", "activities", "No processing activities declared"))
    findings += _integration_findings(inventory, declarations)
    return Ropa(str(controller["controller"]), entries, tuple(sort_findings(findings)))

