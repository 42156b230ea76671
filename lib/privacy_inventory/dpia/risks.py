"""Risk rules: the risks the inventory shows, one per data set, column or flow, scored by documented factors.

No generic per-activity risk: every risk is about a concrete table, column, recipient or config entry.
Each rule starts from a base severity and likelihood (RULES, CNIL 1-4 scales), then factors move them:

- sensitivity: special categories or children's data in scope -> severity +1 (rules about them already start high);
- identifiability: no column identifies a person (no direct identifier, IP address or link to a person table) -> severity -1;
- number of people: at least `large_scale` people (largest person table or rows) -> severity +1;
- few concerned: a counted risk about fewer than `few_concerned` rows -> severity -1 (not for children, special categories or passwords);
- recipients: 3 or more recipients, or an ad network among them -> likelihood +1;
- transfers: a recipient outside the controller's home area with no valid safeguard under its regime -> likelihood +1;
- measures: a declared measure that treats this kind of risk, for this data (data/risk_measures.yaml) -> likelihood -1;
- pseudonymisation: a declared pseudonymisation whose claim the table's columns confirm -> severity -1;
- measures not counted: a measure stating no specifics, or whose claim the columns contradict, lowers nothing.

Scores stay within 1-4; the level comes from scales.risk_level. Evidence holds counts only, never values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from privacy_inventory.datamap.disclosures import authority_transfers
from privacy_inventory.datamap.flows import describe, recipient_flows, sensitive_kinds, sensitive_label
from privacy_inventory.datamap.graph import build_data_map
from privacy_inventory.declarations import Declarations
from privacy_inventory.dpia import scope
from privacy_inventory.dpia.fact_model import Fact, Facts
from privacy_inventory.dpia.measures import DIRECT, column_categories, identifying_columns, treat
from privacy_inventory.dpia.scales import SCALE, clamp, risk_level
from privacy_inventory.jurisdiction import Regime, controller_consent_age, controller_regime, judge_recipient, judge_transfer
from privacy_inventory.models import Inventory, TableScan

# kind -> (feared event, base severity, base likelihood, why)
RULES: dict[str, tuple[str, int, int, str]] = {
    "exposure": ("illegitimate access", 2, 2, "a data set holding identity documents, financial data, credentials, precise location or private messages: a breach harms people"),
    "sensitive_flow": ("use for another purpose (profiling)", 3, 4, "config sends special-category, children's or financial data to an advertising or marketing recipient"),
    "disclosure_abroad": ("illegitimate access", 3, 3, "data handed to an authority abroad with no recognised basis (Art. 48-49, Chapter V), recorded in a disclosure log"),
    "ad_sharing": ("illegitimate access", 2, 3, "an activity shares tracking data with advertising networks, which use it for their own profiling"),
    "undisclosed_sharing": ("illegitimate access", 2, 3, "an integration in config sends data to a recipient nobody declared"),
    "retention": ("illegitimate access", 2, 4, "rows older than the declared retention period are still there (counted)"),
    "children": ("illegitimate access", 3, 3, "children under the age of consent found although the service is not for them"),
    "special": ("illegitimate access", 3, 3, "Art. 9 special-category data (columns, free text or inference)"),
    "plaintext_passwords": ("illegitimate access", 3, 3, "passwords stored without hashing: one leak exposes every account elsewhere too"),
    "transfer": ("illegitimate access", 2, 3, "recipient outside the controller's home area with no valid Chapter V safeguard"),
    "secret_in_config": ("illegitimate access", 3, 3, "a credential in plain text in a config file or settings table"),
    "undeclared": ("illegitimate access", 2, 3, "personal data no declared activity covers: no purpose, basis or retention"),
    "hidden": ("illegitimate access", 2, 3, "personal data in a column whose name hides it, so nobody protects or deletes it"),
    "without_consent": ("processing without a legal basis", 3, 4, "processing based on consent happened although the recorded consent was off or withdrawn (counted)"),
    "other_people": ("illegitimate access", 2, 2, "people who are not users (invitees, friends, guardians, emergency contacts) are in the data without being told (Art. 14)"),
    "public_by_default": ("illegitimate access", 2, 3, "profiles or items shown to others by default (Art. 25(2))"),
    "automated_decision": ("decision without human involvement", 3, 3, "adverse decisions (credit declined, applications rejected) made by a model or system with no person deciding (Art. 22)"),
}
HIGH_IMPACT = ("user.government_id", "user.financial", "user.payment", "user.authorization", "user.location.precise",
               "user.content.private", "user.biometric", "user.criminal_history")
AD_RECIPIENTS = ("ad_network", "data_broker")


@dataclass(frozen=True)
class RiskThresholds:
    """Numbers the factors use; parameters, not constants."""

    large_scale: int = 5000
    few_concerned: int = 10
    many_recipients: int = 3
    children_age: int | None = None  # None: the Art. 8 age of digital consent of the controller's country (jurisdiction)


@dataclass
class Risk:
    """One register entry: stable key, what it is about, scores with the factors that made them, and any DPO review."""

    key: str
    kind: str
    scope: str  # "activity:<key>", "table:<source.table>" or "flow:<recipient or vendor>"
    title: str
    description: str
    feared_event: str
    severity: int
    likelihood: int
    level: str = ""
    factors: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    count: int | None = None
    computed_severity: int = 0
    computed_likelihood: int = 0
    residual_severity: int | None = None
    residual_likelihood: int | None = None
    residual_level: str = ""
    owner: str = ""  # who treats the risk (set by the DPO in dpia.yaml)
    due: str = ""  # by when (YYYY-MM-DD, set in dpia.yaml)
    data: list[str] = field(default_factory=list)  # the data categories the risk is about
    decision: str = ""
    reviewed_by: str = ""
    reviewed_on: str = ""
    review_reason: str = ""

    def __post_init__(self) -> None:
        self.level = self.level or risk_level(self.severity, self.likelihood)
        self.computed_severity = self.computed_severity or self.severity
        self.computed_likelihood = self.computed_likelihood or self.likelihood


@dataclass
class _Ctx:
    """Factor inputs for one risk."""

    sensitive: bool = False
    pseudonymous_only: bool = False
    people: int | None = None
    recipients: list = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    table: TableScan | None = None
    categories: set[str] = field(default_factory=set)
    activity_tables: list[TableScan] = field(default_factory=list)
    person_tables: set[str] = field(default_factory=set)
    known_tables: set[str] = field(default_factory=set)  # names a measure may mention (scanned or declared tables)
    regime: Regime | None = None  # the controller's regime, to judge the recipients' transfers


def _make(kind: str, key: str, where: str, title: str, description: str, ctx: _Ctx, th: RiskThresholds,
          evidence: list[str], count: int | None = None, data: set[str] | None = None) -> Risk:
    """Apply the documented factors to a rule's base scores and build the Risk."""
    event, sev, lik, _ = RULES[kind]
    data = set(ctx.categories if data is None else data)
    factors = [f"base ({kind}): severity {sev}, likelihood {lik}"]
    if ctx.sensitive and kind not in ("children", "special"):
        sev += 1
        factors.append("sensitivity: special categories or children's data -> severity +1")
    treated = treat(kind, ctx.table, data, ctx.measures, ctx.activity_tables, ctx.person_tables, ctx.known_tables)
    if ctx.pseudonymous_only and not treated.severity:
        sev -= 1
        factors.append("identifiability: no column identifies a person (no direct identifier, IP address or link to a person table) -> severity -1")
    if treated.severity:
        sev -= 1
        factors.append(f"pseudonymisation that the columns confirm ({'; '.join(treated.severity)}) -> severity -1")
    if ctx.people is not None and ctx.people >= th.large_scale:
        sev += 1
        factors.append(f"number of people: {scope.fmt(ctx.people)} >= {scope.fmt(th.large_scale)} -> severity +1")
    if count is not None and 0 < count < th.few_concerned and kind not in ("secret_in_config", "transfer", "disclosure_abroad", "undisclosed_sharing", "children", "special", "plaintext_passwords"):
        sev -= 1
        factors.append(f"few concerned: {scope.fmt(count)} rows < {scope.fmt(th.few_concerned)} -> severity -1")
    ads = [r for r in ctx.recipients if r.type == "ad_network"]
    if len(ctx.recipients) >= th.many_recipients or ads:
        lik += 1
        factors.append(f"recipients: {len(ctx.recipients)} ({len(ads)} ad networks) -> likelihood +1")
    unsafe = sorted(r.key for r in ctx.recipients if not judge_recipient(ctx.regime, r).ok) if ctx.regime else []
    if unsafe:
        lik += 1
        factors.append(f"transfers without safeguard ({', '.join(unsafe)}) -> likelihood +1")
    if treated.likelihood:
        lik -= 1
        factors.append(f"measures that treat this risk ({'; '.join(treated.likelihood)}) -> likelihood -1")
    factors += [f"measure not counted: {why}" for why in treated.not_counted]
    sev, lik = clamp(sev), clamp(lik)
    return Risk(key=key, kind=kind, scope=where, title=title, description=description, feared_event=event, severity=sev,
                likelihood=lik, factors=factors, measures=treated.applied, evidence=evidence, count=count, data=sorted(data))


def _person_tables(inventory: Inventory) -> set[str]:
    """Names of the tables the scan recognised as holding one row per person."""
    return {v.table.name for v in scope.all_tables(inventory) if v.table.person_table}


def _known_tables(inventory: Inventory, decl: Declarations) -> set[str]:
    """Table names a measure may name: every scanned table and every table an activity declares (last part of the pattern)."""
    declared = {p.rsplit(".", 1)[-1] for a in decl.activities for p in a.tables if not any(ch in p for ch in "*?[")}
    return {v.table.name for v in scope.all_tables(inventory)} | declared


def _table_ctx(view: scope.TableView, inventory: Inventory, decl: Declarations) -> _Ctx:
    """Factors for a table-level risk: its own data, people, and the activities (if any) that declare it."""
    acts = decl.activities_for_table(view.table.name, view.source.name, view.table.schema)
    cols = scope.personal_columns(view.table)
    people, _ = scope.people([view], inventory)
    recs = {r.key: r for a in acts for r in scope.recipients_of(a, decl)}
    persons = _person_tables(inventory)
    return _Ctx(
        sensitive=any(scope.is_special_column(c) or "children" in c.flags for c in cols),
        pseudonymous_only=bool(cols) and not identifying_columns(view.table, persons - {view.table.name}),
        people=people if people is not None else view.table.row_estimate,
        recipients=[recs[k] for k in sorted(recs)],
        measures=sorted({m for a in acts for m in a.security_measures}),
        table=view.table,
        categories=column_categories(cols),
        activity_tables=[v.table for a in acts for v in scope.tables_of(a, inventory)],
        person_tables=persons,
        known_tables=_known_tables(inventory, decl),
        regime=controller_regime(decl),
    )


def ad_sharing_risks(inventory: Inventory, decl: Declarations, th: RiskThresholds) -> list[Risk]:
    """Activities that share tracking data with advertising networks or data brokers (one risk per activity)."""
    out = []
    for act in sorted(decl.activities, key=lambda a: a.key):
        ads = [r for r in scope.recipients_of(act, decl) if r.type in AD_RECIPIENTS]
        if not ads:
            continue
        views = scope.tables_of(act, inventory)
        people, ref = scope.people(views, inventory)
        sent = sorted({c for r in ads for c in r.categories})
        ctx = _Ctx(people=people, recipients=scope.recipients_of(act, decl), measures=list(act.security_measures),
                   categories=set(sent), activity_tables=[v.table for v in views], person_tables=_person_tables(inventory),
                   known_tables=_known_tables(inventory, decl), regime=controller_regime(decl))
        names = ", ".join(r.name for r in ads)
        out.append(_make("ad_sharing", f"ad_sharing:{act.key}", f"activity:{act.key}", f"{act.name}: data shared with {len(ads)} advertising recipients",
                         f"{', '.join(sent) or 'personal data'} of {scope.fmt(people)} people go to {names} (legal basis: {act.legal_basis}).",
                         ctx, th, [f"{len(ads)} advertising recipients: {names}", f"{scope.fmt(people)} people ({ref or 'no person table'})"], people))
    return out


def sensitive_flow_risks(inventory: Inventory, decl: Declarations, th: RiskThresholds) -> list[Risk]:
    """Sensitive data the config sends to an advertising or marketing recipient: one risk per recipient (the data map's join)."""
    if not any(i.flows for i in inventory.integrations):
        return []
    out = []
    for rec in recipient_flows(build_data_map(inventory, decl), inventory):
        hits = [(f, sensitive_kinds(f)) for f in rec.flows] if rec.marketing else []
        hits = [(f, k) for f, k in hits if k]
        if not hits:
            continue
        what = sensitive_label(sorted({k for _, ks in hits for k in ks}))
        ctx = _Ctx(categories={c for f, _ in hits for c in f.categories}, regime=controller_regime(decl))
        out.append(_make("sensitive_flow", f"sensitive_flow:{rec.key}", f"flow:{rec.key}", f"{what[0].upper() + what[1:]} sent to {rec.name}",
                         f"{len(hits)} event{'s' if len(hits) != 1 else ''} in config send {what} to {rec.name}, which uses it for advertising or marketing.",
                         ctx, th, [describe(f) for f, _ in hits], None))
    return out


def disclosure_risks(inventory: Inventory, decl: Declarations, th: RiskThresholds) -> list[Risk]:
    """Disclosures to authorities abroad recorded in the data, judged as transfers (datamap/disclosures.py): one risk per country."""
    out = []
    for t in authority_transfers(inventory, decl):
        if t.judgement.ok:
            continue
        out.append(_make("disclosure_abroad", f"disclosure_abroad:{t.key}", f"flow:{t.key}", f"Disclosures to {t.name}", f"{t.summary}.",
                         _Ctx(regime=controller_regime(decl)), th, [t.summary, f"{t.requests} requests, {t.disclosed} answered with data"], t.disclosed))
    return out


def compliance_risks(inventory: Inventory, decl: Declarations, facts: Facts | None, th: RiskThresholds) -> list[Risk]:
    """The risks the inventory shows, one per table, column or flow they are about."""
    out: list[Risk] = []
    f = facts or Facts(reference_date="")
    for view in scope.all_tables(inventory):
        ctx = _table_ctx(view, inventory, decl)
        out += _table_risks(view, ctx, f, decl, th)
    out += _flow_risks(inventory, decl, th)
    out += _consent_risks(decl, f, th)
    return out


def _consent_risks(decl: Declarations, f: Facts, th: RiskThresholds) -> list[Risk]:
    """One risk per consent-based activity: processing counted while consent was off or after it was withdrawn."""
    by_activity: dict[str, list] = {}
    for fact in f.of_kind("consent_off") + f.of_kind("after_withdrawal"):
        if fact.value:
            by_activity.setdefault(fact.detail.rsplit("(activity ", 1)[-1].split(",")[0], []).append(fact)
    out = []
    for key, facts in sorted(by_activity.items()):
        act = decl.activity(key)
        name = act.name if act else key
        total = sum(x.value or 0 for x in facts)
        ev = [f"{scope.fmt(x.value)} {x.detail}" for x in facts]
        out.append(_make("without_consent", f"without_consent:{key}", f"activity:{key}", f"{name}: processing without consent ({scope.fmt(total)} rows)",
                         f"{name} relies on consent, yet {scope.fmt(total)} rows were processed while consent was off or after it was withdrawn (Art. 6(1)(a), 7(3)).",
                         _Ctx(regime=controller_regime(decl)), th, ev, total))
    return out


def _kids_evidence(fact: Fact, name: str, age: int | None) -> str:
    """How many children a birth-date column shows, and how many of them have a guardian's consent recorded."""
    text = f"{scope.fmt(fact.value)} rows with {name} under {age}"
    if fact.consented is not None:
        text += f" with no guardian's consent recorded ({scope.fmt(fact.consented)} have it)"
    return text


def _table_risks(view: scope.TableView, ctx: _Ctx, f: Facts, decl: Declarations, th: RiskThresholds) -> list[Risk]:
    ref, table = view.ref, view.table
    where = f"table:{ref}"
    out: list[Risk] = []
    cols = scope.personal_columns(table)
    n = f.value(f"retention:{ref}")
    if n:
        detail = f.facts[f"retention:{ref}"].detail
        out.append(_make("retention", f"retention:{ref}", where, f"Data kept beyond the declared retention in {ref}",
                         f"{scope.fmt(n)} rows: {detail}.", ctx, th, [f"{scope.fmt(n)} of {scope.fmt(table.row_estimate)} rows past retention"], n))
    kids = [(c.name, f.value(f"under_{th.children_age}:{ref}.{c.name}"), c) for c in table.columns]
    kids = [(name, val, c) for name, val, c in kids if val or (val is None and c.facts.get("under_13"))]
    if kids:
        total = max(val if val is not None else int(c.facts["under_13"]) for _, val, c in kids)
        ev = [_kids_evidence(f.facts[f"under_{th.children_age}:{ref}.{name}"], name, th.children_age) if val is not None else
              f"{scope.fmt(c.facts['under_13'])} of {scope.fmt(c.facts.get('sampled_dates'))} sampled {name} under 13" for name, val, c in kids]
        out.append(_make("children", f"children:{ref}", where, f"Children's data in {ref}",
                         f"People under {th.children_age} found in {ref}; their data needs parental consent (Art. 8) or deletion.", ctx, th, ev, total))
    special_ev: list[str] = []
    special_n = 0
    for fact in [x for x in f.of_kind("special_text") + f.of_kind("special_values") + f.of_kind("special_inference") if x.table == ref and x.value]:
        special_ev.append(f"{scope.fmt(fact.value)} {fact.detail}")
        special_n = max(special_n, fact.value or 0)
    if not special_ev:
        special_ev = [f"{c.name}: {c.category} {' '.join(x for x in c.flags if x.startswith('special:'))}".strip() for c in table.columns if scope.is_special_column(c)]
    if special_ev:
        out.append(_make("special", f"special:{ref}", where, f"Special-category data in {ref}",
                         f"Art. 9 data in {ref} needs an Art. 9(2) condition and stronger protection.", ctx, th, special_ev, special_n or None))
    impact = sorted({str(c.category) for c in cols if any(str(c.category) == r or str(c.category).startswith(r + ".") for r in HIGH_IMPACT)})
    if impact and not special_ev and not any(f.value(f"plaintext_passwords:{ref}.{c.name}") for c in table.columns):
        rows = table.row_estimate
        out.append(_make("exposure", f"exposure:{ref}", where, f"Breach of {ref}: {', '.join(impact)}",
                         f"Someone who should not reads {ref}, which holds {', '.join(impact)} of {scope.fmt(ctx.people)} people.", ctx, th,
                         [f"{scope.fmt(rows)} rows; columns {', '.join(c.name for c in cols if str(c.category) in impact)}"], rows, set(impact)))
    for col in table.columns:
        clear = f.value(f"plaintext_passwords:{ref}.{col.name}")
        if clear or (clear is None and "plaintext_password" in col.flags):
            count = clear if clear is not None else int(col.facts.get("plaintext_passwords", 0)) or None
            out.append(_make("plaintext_passwords", f"plaintext_passwords:{ref}", where, f"Passwords in plain text in {ref}.{col.name}",
                             f"{scope.fmt(count)} passwords in {col.name} are not hashed (Art. 32).", ctx, th, [f"{scope.fmt(count)} plaintext passwords in {col.name}"], count,
                             {str(col.category or "user.authorization.password")}))
        if "hidden_by_name" in col.flags:
            hidden = f.value(f"hidden:{ref}.{col.name}")
            out.append(_make("hidden", f"hidden:{ref}.{col.name}", where, f"{col.category} hidden in {ref}.{col.name}",
                             f"{col.name} holds {col.category} though its name does not say so.", ctx, th,
                             [f"{scope.fmt(hidden)} rows with {col.category} in {col.name}"], hidden, {str(col.category)}))
    others = [x for x in f.of_kind("other_people") if x.table == ref and x.value]
    if others:
        n = max(x.value or 0 for x in others)
        out.append(_make("other_people", f"other_people:{ref}", where, f"Other people in {ref}: {'; '.join(x.detail.split(': ', 1)[-1] for x in others)}",
                         f"{scope.fmt(n)} rows of {ref} name people who are not users; they must be told (Art. 14) and counted as data subjects.",
                         ctx, th, [f"{scope.fmt(x.value)} {x.detail}" for x in others], n))
    public = [x for x in f.of_kind("public") if x.table == ref and x.value]
    if public and cols:
        n = max(x.value or 0 for x in public)
        share = f" of {scope.fmt(table.row_estimate)}" if table.row_estimate else ""
        out.append(_make("public_by_default", f"public_by_default:{ref}", where, f"Shown to others: {scope.fmt(n)}{share} rows of {ref}",
                         f"{scope.fmt(n)}{share} rows of {ref} are public; unless each person chose it, that breaches data protection by default (Art. 25(2)).",
                         ctx, th, [f"{scope.fmt(x.value)} {x.detail}" for x in public], n))
    auto = f.value(f"automated_decisions:{ref}")
    if auto:
        fact = f.facts[f"automated_decisions:{ref}"]
        out.append(_make("automated_decision", f"automated_decision:{ref}", where, f"Decisions by automated means only in {ref}",
                         f"{scope.fmt(auto)} adverse decisions in {ref} were made with no person deciding: Art. 22 needs an exception (contract, law, explicit consent), "
                         "the right to human intervention and to contest, and meaningful information about the logic (Art. 13(2)(f)).",
                         ctx, th, [f"{scope.fmt(auto)} {fact.detail}"], auto))
    secrets = f.value(f"secret_keys:{ref}")
    if secrets:
        out.append(_make("secret_in_config", f"secret_in_database:{ref}", where, f"Credentials stored in plain text in {ref}",
                         f"{scope.fmt(secrets)} settings in {ref} hold a password, secret or key.", _Ctx(), th, [f"{scope.fmt(secrets)} secret settings"], secrets))
    if cols and not decl.activities_for_table(table.name, view.source.name, table.schema):
        cats = sorted({str(c.category) for c in cols})
        out.append(_make("undeclared", f"undeclared:{ref}", where, f"Personal data in {ref} with no declared activity",
                         f"{len(cols)} personal columns ({', '.join(cats)}) in {ref}, covered by no activity.", ctx, th,
                         [f"{len(cols)} personal columns, {scope.fmt(table.row_estimate)} rows"], table.row_estimate))
    return out


def _flow_risks(inventory: Inventory, decl: Declarations, th: RiskThresholds) -> list[Risk]:
    """Risks of data flows: undeclared integrations, transfers without safeguard, secrets in config files."""
    out: list[Risk] = []
    undeclared: dict[str, list] = {}
    for integ in inventory.integrations:
        known = any(r.vendor == integ.vendor or (r.vendor is None and r.key == integ.vendor) for r in decl.recipients)
        if not known:
            undeclared.setdefault(integ.vendor, []).append(integ)
    for vendor, integs in sorted(undeclared.items()):
        first = integs[0]
        judged = judge_transfer(controller_regime(decl), first.country or "ZZ", None, authority=first.role == "public_authority")
        ctx = _Ctx(sensitive=False)
        risk = _make("undisclosed_sharing", f"undisclosed_sharing:{vendor}", f"flow:{vendor}", f"Undeclared sharing with {vendor}",
                     f"{len(integs)} config entries send data to {vendor} ({first.role}, {first.country}), a recipient nobody declared.",
                     ctx, th, [f"{len(integs)} config entries; categories: {', '.join(sorted({c for i in integs for c in i.categories})) or 'unknown'}"], len(integs))
        if judged.transfer and not judged.ok:
            risk.factors.append(f"{first.country}: {judged.text}")
        out.append(risk)
    for rec in sorted(decl.recipients, key=lambda r: r.key):
        judged = judge_recipient(controller_regime(decl), rec)
        if judged.ok:
            continue
        acts = sorted(a.key for a in decl.activities if rec.key in a.recipients)
        out.append(_make("transfer", f"transfer:{rec.key}", f"flow:{rec.key}", f"Transfer to {rec.name} without valid safeguard",
                         f"{rec.name} ({rec.country}) receives data from {', '.join(acts) or 'no activity'}: {judged.text}.",
                         _Ctx(), th, [judged.text, f"{len(rec.categories)} categories, {len(acts)} activities"], len(rec.categories)))
    for finding in sorted(inventory.config_findings, key=lambda x: (x.file, x.key)):
        if finding.kind != "secret_in_config":
            continue
        out.append(_make("secret_in_config", f"secret_in_config:{finding.file}:{finding.key}", f"flow:{finding.file}",
                         f"Secret in plain text in {finding.file}", f"{finding.key}: {finding.detail}", _Ctx(), th, [finding.detail], 1))
    return out


def derive_risks(inventory: Inventory, declarations: Declarations, facts: Facts | None = None, thresholds: RiskThresholds = RiskThresholds()) -> list[Risk]:
    """Every risk of the register before overrides, unique by key, in key order."""
    if thresholds.children_age is None:
        thresholds = replace(thresholds, children_age=controller_consent_age(declarations))
    risks: dict[str, Risk] = {}
    for risk in (compliance_risks(inventory, declarations, facts, thresholds) + ad_sharing_risks(inventory, declarations, thresholds)
                 + sensitive_flow_risks(inventory, declarations, thresholds) + disclosure_risks(inventory, declarations, thresholds)):
        risks.setdefault(risk.key, risk)
    return [risks[k] for k in sorted(risks)]


def rules_table() -> str:
    """The rules as a Markdown table (base scores) plus the factors, for the DPIA notebook."""
    lines = ["| rule | feared event | base severity | base likelihood | why |", "| --- | --- | --- | --- | --- |"]
    for kind, (event, sev, lik, why) in RULES.items():
        lines.append(f"| {kind} | {event} | {sev} {SCALE[sev]} | {lik} {SCALE[lik]} | {why} |")
    factors = [line.strip()[2:] for line in (__doc__ or "").splitlines() if line.strip().startswith("- ")]
    return "\n".join(lines) + "\n\nFactors:\n\n" + "\n".join(f"- {x}" for x in factors)
