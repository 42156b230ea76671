"""Art. 35 screening: the nine WP248 rev.01 criteria per processing activity, each with evidence from the inventory.

Two or more criteria met -> a DPIA is required. When fewer are met but the criteria still open
("needs DPO answer") could reach two, the verdict is "needs DPO answer". The DPO's answers to open
criteria come from dpia.yaml (see overrides.py) and replace the engine's status, shown as reviewed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from privacy_inventory.jurisdiction import controller_consent_age
from privacy_inventory.declarations import Declarations, ProcessingActivity, is_special_category
from privacy_inventory.dpia import scope
from privacy_inventory.dpia.fact_model import Facts
from privacy_inventory.models import Inventory

MET, NOT_MET, ASK = "met", "not met", "needs DPO answer"
REQUIRED, NOT_REQUIRED = "required", "not required"
CRITERIA = {  # key -> WP248 rev.01 wording
    "evaluation_scoring": "Evaluation or scoring, including profiling and predicting",
    "automated_decision": "Automated decision-making with legal or similar significant effect",
    "systematic_monitoring": "Systematic monitoring",
    "sensitive_data": "Sensitive data or data of a highly personal nature",
    "large_scale": "Data processed on a large scale",
    "matching_datasets": "Matching or combining datasets",
    "vulnerable_subjects": "Data concerning vulnerable data subjects",
    "innovative_technology": "Innovative use or applying new technological or organisational solutions",
    "prevents_rights": "Preventing data subjects from exercising a right or using a service or a contract",
}
PROFILING_USES = ("marketing.advertising", "personalize")
DECISION_USES = ("essential.fraud_detection", "collect.credit", "finance")
TRACKING = ("user.device", "user.location", "user.behavior.browsing_history", "user.behavior.media_consumption")
HIGHLY_PERSONAL = ("user.financial", "user.payment", "user.location.precise", "user.content.private", "user.authorization",
                   "user.behavior.media_consumption", "user.criminal_history")
VULNERABLE_SUBJECTS = ("employee", "job_applicant", "patient", "trainee", "next_of_kin")
INNOVATIVE = ("user.biometric", "user.authorization.biometric", "user.health_and_medical.genetic")


@dataclass(frozen=True)
class ScreeningThresholds:
    """The numbers behind "large scale" and "systematic": parameters, not constants, since they depend on context."""

    large_scale_subjects: int = 5000  # people (largest person table) from which processing is "large scale"
    monitoring_rows: int = 1000  # rows of tracking data (IPs, device ids, location, viewing) that make monitoring systematic
    children_age: int | None = None  # under this age a person is a child; None: the Art. 8 age of the controller's country
    min_children: int = 1  # children found from which the criterion is met


@dataclass
class Criterion:
    """One WP248 criterion for one activity: status, evidence (counts only) and, when reviewed, who answered."""

    key: str
    name: str
    status: str
    evidence: list[str] = field(default_factory=list)
    reviewed: str = ""  # "by <reviewer> on <date>: <reason>" when the DPO answered


@dataclass
class ActivityScreening:
    """The nine criteria of one activity and the verdict."""

    activity: str
    name: str
    criteria: list[Criterion]
    verdict: str = ""

    @property
    def met(self) -> int:
        return sum(c.status == MET for c in self.criteria)

    @property
    def open(self) -> int:
        return sum(c.status == ASK for c in self.criteria)


def verdict(criteria: list[Criterion]) -> str:
    """Two met -> required; fewer, but enough open ones to reach two -> needs DPO answer; else not required."""
    met = sum(c.status == MET for c in criteria)
    open_ = sum(c.status == ASK for c in criteria)
    if met >= 2:
        return REQUIRED
    return ASK if met + open_ >= 2 else NOT_REQUIRED


def _under(cat: str, roots: tuple[str, ...]) -> bool:
    return any(cat == r or cat.startswith(r + ".") for r in roots)


class _Screen:
    """Evaluates the criteria for one activity from its slice of the inventory."""

    def __init__(self, act: ProcessingActivity, inventory: Inventory, decl: Declarations, facts: Facts | None, th: ScreeningThresholds) -> None:
        self.act, self.inventory, self.decl, self.facts, self.th = act, inventory, decl, facts, th
        self.views = scope.tables_of(act, inventory)
        self.found = scope.categories(self.views)
        self.cats = self.found | set(act.data_categories)
        self.recipients = scope.recipients_of(act, decl)

    def evaluation_scoring(self) -> tuple[str, list[str]]:
        uses = sorted(u for u in self.act.purposes if _under(u, PROFILING_USES))
        behaviour = sorted(c for c in self.cats if _under(c, ("user.behavior", "user.device", "user.demographic")))
        if not uses:
            return NOT_MET, ["no profiling, personalisation or targeted-advertising purpose declared"]
        ads = sorted(r.name for r in self.recipients if r.type == "ad_network")
        ev = [f"purposes {', '.join(uses)} use {', '.join(behaviour) or 'personal data'} -> profiling"]
        if ads:
            ev.append(f"{len(ads)} ad networks ({', '.join(ads)}) receive {', '.join(behaviour) or 'the data'} -> profiling")
        return (MET if behaviour else ASK), ev

    def automated_decision(self) -> tuple[str, list[str]]:
        uses = sorted(u for u in self.act.purposes if _under(u, DECISION_USES))
        if uses:
            return ASK, [f"purposes {', '.join(uses)} may block or refuse people automatically: does a person review each decision?"]
        return NOT_MET, ["no purpose suggests decisions with legal or similar effect (inventory cannot see the logic)"]

    def systematic_monitoring(self) -> tuple[str, list[str]]:
        rows, ref = scope.max_rows(self.views, set(TRACKING))
        tracking = sorted(c for c in self.found if _under(c, TRACKING))
        if tracking and rows >= self.th.monitoring_rows:
            return MET, [f"{scope.fmt(rows)} rows in {ref} with {', '.join(tracking)} -> systematic monitoring"]
        if tracking:
            return NOT_MET, [f"tracking data ({', '.join(tracking)}) in at most {scope.fmt(rows)} rows, below {scope.fmt(self.th.monitoring_rows)}"]
        return NOT_MET, ["no IP addresses, device ids, location or behaviour found in the activity's tables"]

    def sensitive_data(self) -> tuple[str, list[str]]:
        ev: list[str] = []
        special = sorted(c for c in self.cats if is_special_category(c))
        if special:
            ev.append(f"special categories {', '.join(special)} (Art. 9)")
        for v in self.views:
            for col in v.table.columns:
                groups = sorted(f.split(":", 1)[1] for f in col.flags if f.startswith("special:"))
                if groups and not is_special_category(col.category or ""):
                    ev.append(f"{v.ref}.{col.name} reveals {', '.join(groups)} (free text or inference)")
        highly = sorted(c for c in self.cats if _under(c, HIGHLY_PERSONAL))
        if highly:
            ev.append(f"highly personal data: {', '.join(highly)}")
        return (MET, ev) if ev else (NOT_MET, ["no special-category or highly personal data found or declared"])

    def large_scale(self) -> tuple[str, list[str]]:
        count, ref = scope.people(self.views, self.inventory)
        if count is None:
            return ASK, ["number of people unknown (no person table among the activity's scanned tables)"]
        where = f"{scope.fmt(count)} people in {ref}"
        if count >= self.th.large_scale_subjects:
            return MET, [f"{where} >= {scope.fmt(self.th.large_scale_subjects)} -> large scale"]
        return NOT_MET, [f"{where} < {scope.fmt(self.th.large_scale_subjects)} (threshold); geography and duration are the DPO's call"]

    def matching_datasets(self) -> tuple[str, list[str]]:
        ev: list[str] = []
        mine = {v.table.name for v in self.views if v.table.person_table}
        declared_tables = {v.ref for v in scope.all_tables(self.inventory) if self.decl.activities_for_table(v.table.name, v.source.name, v.table.schema)}
        for v in scope.all_tables(self.inventory):
            if v.ref in declared_tables or not scope.personal_columns(v.table):
                continue
            linked = sorted({fk.referred_table for fk in v.table.foreign_keys} & mine)
            if linked:
                ev.append(f"data from {v.ref} (no declared activity) combined with {', '.join(linked)} -> matching datasets")
        sources = set(self.act.source_of_data)
        if "third_party" in sources and sources - {"third_party"}:
            ev.append(f"data from third parties combined with data from {', '.join(sorted(sources - {'third_party'}))}")
        return (MET, ev) if ev else (NOT_MET, ["no dataset from another source is linked to the activity's people"])

    def vulnerable_subjects(self) -> tuple[str, list[str]]:
        ev = [f"data subjects include {s} (imbalance of power)" for s in sorted(self.act.data_subjects) if s in VULNERABLE_SUBJECTS]
        for v in self.views:
            for col in v.table.columns:
                exact = self.facts.value(f"under_{self.th.children_age}:{v.ref}.{col.name}") if self.facts else None
                if exact is not None:  # children are vulnerable whether or not a guardian consented for them
                    exact += self.facts.facts[f"under_{self.th.children_age}:{v.ref}.{col.name}"].consented or 0
                if exact is not None and exact >= self.th.min_children:
                    ev.append(f"{scope.fmt(exact)} of {scope.fmt(v.table.row_estimate)} {v.ref} rows under {self.th.children_age} ({col.name}) -> children")
                elif exact is None and col.facts.get("under_13", 0) >= self.th.min_children:
                    ev.append(f"{scope.fmt(col.facts['under_13'])} of {scope.fmt(col.facts.get('sampled_dates', col.sampled))} sampled {v.ref} rows under 13 ({col.name}) -> children")
                elif "children" in col.flags and col.category and not col.category.startswith("user.demographic.date_of_birth"):
                    ev.append(f"{v.ref}.{col.name} mentions children (free text)")
        return (MET, ev) if ev else (NOT_MET, ["no children or vulnerable data subjects found or declared"])

    def innovative_technology(self) -> tuple[str, list[str]]:
        found = sorted(c for c in self.cats if _under(c, INNOVATIVE)) + sorted({f for v in self.views for c in v.table.columns for f in c.flags if f in ("special:biometric", "special:genetic")})
        if found:
            return MET, [f"{', '.join(found)} -> biometric or genetic technology"]
        return NOT_MET, ["no biometric or genetic data found; the DPO should confirm no new technology (AI, IoT) is used"]

    def prevents_rights(self) -> tuple[str, list[str]]:
        uses = sorted(u for u in self.act.purposes if _under(u, DECISION_USES))
        if uses:
            return ASK, [f"purposes {', '.join(uses)} may deny access to the service: is a person able to contest it?"]
        return NOT_MET, ["no purpose decides on access to a service or contract"]

    def run(self) -> ActivityScreening:
        criteria = []
        for key, name in CRITERIA.items():
            status, evidence = getattr(self, key)()
            criteria.append(Criterion(key, name, status, evidence))
        return ActivityScreening(self.act.key, self.act.name, criteria, verdict(criteria))


def screen_activity(activity: ProcessingActivity, inventory: Inventory, declarations: Declarations, facts: Facts | None = None,
                    thresholds: ScreeningThresholds = ScreeningThresholds()) -> ActivityScreening:
    """The nine criteria and the verdict for one activity."""
    if thresholds.children_age is None:
        thresholds = replace(thresholds, children_age=controller_consent_age(declarations))
    return _Screen(activity, inventory, declarations, facts, thresholds).run()


def screen(inventory: Inventory, declarations: Declarations, facts: Facts | None = None,
           thresholds: ScreeningThresholds = ScreeningThresholds(), answers: Mapping[tuple[str, str], tuple[str, str]] | None = None) -> list[ActivityScreening]:
    """Screen every declared activity (by key); `answers` maps (activity, criterion) to (status, reviewed) from dpia.yaml."""
    out = []
    for act in sorted(declarations.activities, key=lambda a: a.key):
        result = screen_activity(act, inventory, declarations, facts, thresholds)
        for crit in result.criteria:
            answer = (answers or {}).get((act.key, crit.key))
            if answer:
                crit.status, crit.reviewed = answer
        result.verdict = verdict(result.criteria)
        out.append(result)
    return out


def dpia_status(screening: list[ActivityScreening]) -> dict[str, str]:
    """activity key -> "required" | "not required" | "needs DPO answer", for the RoPA's DPIA column."""
    return {s.activity: s.verdict for s in sorted(screening, key=lambda s: s.activity)}


def screening_rows(screening: list[ActivityScreening]) -> list[dict[str, str]]:
    """One row per activity and criterion, for a table in the notebook or a sheet."""
    return [{"activity": s.activity, "verdict": s.verdict, "criterion": c.name, "status": c.status,
             "evidence": "; ".join(c.evidence), "reviewed": c.reviewed}
            for s in screening for c in s.criteria]
