"""Art. 35(7)(b): necessity and proportionality per activity, the WP248 Annex 2 points answered from the inventory.

Each point gets `ok` (the inventory shows it is met, with evidence), `problem` (the inventory shows it is not,
with counts) or `question` (only the DPO can answer: the question is written out). Counts only, never values.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from privacy_inventory.declarations import ART9_CONDITIONS, Declarations, ProcessingActivity, duration_days, is_special_category
from privacy_inventory.dpia import scope
from privacy_inventory.dpia.fact_model import Facts
from privacy_inventory.models import Inventory
from privacy_inventory.wording import period_words

OK, PROBLEM, QUESTION = "ok", "problem", "question"
MARK = {OK: "✓ ok", PROBLEM: "✗ problem", QUESTION: "? question"}


@dataclass
class Point:
    """One checklist point for one activity: the answer, its status and the evidence behind it."""

    key: str
    name: str
    articles: str
    status: str
    answer: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class Assessment:
    """The nine points of one activity."""

    activity: str
    name: str
    points: list[Point]

    def status(self, key: str) -> str:
        return next(p.status for p in self.points if p.key == key)


@lru_cache(maxsize=1)
def checklist() -> dict[str, Any]:
    """The WP248 Annex 2 points and the small vocabularies the answers use (data/necessity_checklist.yaml)."""
    from privacy_inventory.yaml_io import load_yaml

    return load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "necessity_checklist.yaml")))


def _under(value: str, roots: list[str] | tuple[str, ...]) -> bool:
    return any(value == r or value.startswith(r + ".") for r in roots)


def _covered(found: str, declared: list[str]) -> bool:
    """A found category is declared when it, a parent or a child of it is declared."""
    return any(found == d or found.startswith(d + ".") or d.startswith(found + ".") for d in declared)


def retention_words(act: ProcessingActivity) -> str:
    """The declared retention as a person reads it."""
    r = act.retention
    if r is None:
        return "not declared"
    text = ("for the relationship" + (f", then {period_words(r.grace)}" if r.grace else "")) if r.period == "relationship" else period_words(r.period)
    if r.statutory:
        text += f" (law: {period_words(r.statutory.period)}, {r.statutory.law})"
    return text


class _Assess:
    """Answers the points for one activity from its slice of the inventory."""

    def __init__(self, act: ProcessingActivity, inventory: Inventory, decl: Declarations, facts: Facts | None, automated: str) -> None:
        self.act, self.inventory, self.decl, self.facts, self.automated = act, inventory, decl, facts, automated
        self.views = scope.tables_of(act, inventory)
        self.cols = [(v, c) for v in self.views for c in scope.personal_columns(v.table)]
        self.recipients = scope.recipients_of(act, decl)
        self.data = checklist()

    def lawfulness(self) -> tuple[str, str, list[str]]:
        act, ev, problems, questions = self.act, [f"legal basis declared: {self.act.legal_basis}"], [], []
        special = sorted({f"{v.ref}.{c.name}" for v, c in self.cols if scope.is_special_column(c)} | {c for c in act.data_categories if is_special_category(c)})
        if special and act.art9_condition:
            ev.append(f"Art. 9(2)({act.art9_condition}) {ART9_CONDITIONS[act.art9_condition]} declared for {', '.join(special)}")
        elif special:
            problems.append(f"special-category data ({', '.join(special)}) with no Art. 9(2) condition declared")
        if act.legal_basis == "consent":
            pattern = re.compile("|".join(self.data["consent_columns"]), re.I)
            where = sorted(f"{v.ref}.{c.name}" for v in self.views for c in v.table.columns
                           if pattern.search(c.name) or (c.category or "").startswith("user.privacy_preferences"))
            if where:
                ev.append(f"consent recorded in {', '.join(where)}")
            else:
                questions.append("the basis is consent but no table of the activity records it: where is each consent (and its withdrawal) recorded?")
        elif act.legal_basis == "legitimate_interests":
            questions.append("is a legitimate interests assessment (purpose, necessity, balancing test) on file?")
        elif act.legal_basis == "contract":
            extra = sorted(u for u in act.purposes if _under(u, self.data["not_contractual"]))
            if extra:
                problems.append(f"purposes {', '.join(extra)} are not necessary to perform a contract (EDPB 2/2019): another basis is needed")
            else:
                ev.append("every purpose serves the service the person asked for")
        elif act.legal_basis == "legal_obligation":
            law = act.retention.statutory.law if act.retention and act.retention.statutory else ""
            (ev.append(f"law named: {law}") if law else questions.append("which law imposes this processing? Name it in the record."))
        return self._verdict(problems, questions, ev, "basis and conditions in place")

    def purpose_limitation(self) -> tuple[str, str, list[str]]:
        ev = [f"purposes: {', '.join(self.act.purposes)}" + (f" ({self.act.description})" if self.act.description else "")]
        questions = []
        for rec in self.recipients:
            other = sorted(u for u in rec.purposes if not any(_under(u, [p]) or _under(p, [u]) for p in self.act.purposes))
            if other and rec.role != "public_authority":
                questions.append(f"{rec.name} ({rec.role}) also uses the data for {', '.join(other)}: compatible with this activity's purposes?")
        shared = sorted({f"{v.ref} (also {', '.join(sorted(a.key for a in self.decl.activities_for_table(v.table.name, v.source.name, v.table.schema) if a.key != self.act.key))})"
                         for v in self.views if len(self.decl.activities_for_table(v.table.name, v.source.name, v.table.schema)) > 1})
        if shared:
            ev.append(f"tables shared with other activities: {', '.join(shared)}")
        return self._verdict([], questions, ev, "purposes specified")

    def minimisation(self) -> tuple[str, str, list[str]]:
        declared = list(self.act.data_categories)
        extra = sorted({f"{c.category} ({v.ref}.{c.name})" for v, c in self.cols if declared and not _covered(str(c.category), declared)
                        and not str(c.category).startswith(("user.unique_id", "user.privacy_preferences"))})
        hidden = sorted(f"{v.ref}.{c.name} ({c.category})" for v, c in self.cols if "hidden_by_name" in c.flags)
        problems = ([f"{len(extra)} columns hold data the activity does not declare: {', '.join(extra[:8])}" + (" ..." if len(extra) > 8 else "")] if extra else [])
        problems += [f"data hidden in vaguely named columns: {', '.join(hidden)}"] if hidden else []
        ev = [f"{len(self.cols)} personal columns in {len(self.views)} tables; {len(declared)} categories declared"]
        if not declared:
            return QUESTION, "no data categories declared: which data does the activity need?", ev
        return self._verdict(problems, [], ev, "only the declared data was found")

    def accuracy(self) -> tuple[str, str, list[str]]:
        ev = []
        if "third_party" in self.act.source_of_data:
            ev.append("data received from third parties")
        dated = sorted(f"{v.ref}.{c.name}" for v in self.views for c in v.table.columns if re.search(r"updated|modified|verified|changed", c.name, re.I))
        if dated:
            ev.append(f"changes recorded in {', '.join(dated)}")
        q = "how are the data kept accurate and up to date (can people correct them; are data from third parties checked)?"
        return QUESTION, q, ev or ["the inventory cannot tell whether the data are accurate"]

    def storage_limitation(self) -> tuple[str, str, list[str]]:
        act = self.act
        if act.retention is None:
            return PROBLEM, "no retention period declared", []
        ev = [f"declared: {retention_words(act)}; basis: {act.retention.basis}"]
        problems, questions, checked = [], [], 0
        for v in self.views:
            fact = self.facts.facts.get(f"retention:{v.ref}") if self.facts else None
            if fact is None or f"activity {act.key}" not in fact.detail:
                continue
            checked += 1
            if fact.error:
                questions.append(f"{v.ref}: {fact.error}")
            elif fact.value:
                problems.append(f"{scope.fmt(fact.value)} rows of {v.ref} kept beyond it ({fact.detail})")
            else:
                ev.append(f"{v.ref}: no row older than the period ({fact.period})")
        if not act.retention.date_column and self.views:
            questions.append("no date column declared: which date starts the period, so the tool can count what is kept too long?")
        elif not checked and self.views:
            questions.append("the data cannot show when the period ends (no grace period after the relationship, or no table it applies to): how is it enforced?")
        return self._verdict(problems, questions, ev, "kept no longer than declared")

    def information(self) -> tuple[str, str, list[str]]:
        ev = []
        if "third_party" in self.act.source_of_data or any(s in ("next_of_kin", "prospect") for s in self.act.data_subjects):
            ev.append("some people did not give the data themselves: Art. 14 information within a month")
        return QUESTION, "does the privacy notice describe this activity, its purposes, basis, recipients and retention? (see 05 policy gap)", ev

    def rights(self) -> tuple[str, str, list[str]]:
        persons = {v.table.name for v in scope.all_tables(self.inventory) if v.table.person_table}
        linked, loose = [], []
        for v in self.views:
            if not scope.personal_columns(v.table):
                continue
            refs = {fk.referred_table for fk in v.table.foreign_keys}
            (linked if v.table.person_table or refs & persons else loose).append(v.ref)
        ev = [f"{len(linked)} tables can be searched per person (person table or link to one)"] if linked else []
        problems = [f"no link to a person in {', '.join(sorted(loose))}: access and erasure requests cannot be served reliably"] if loose else []
        questions = []
        if self.automated in ("met", "needs DPO answer"):
            questions.append("decisions are automated: can people obtain human review, give their view and contest (Art. 22(3))?")
        if self.act.legal_basis == "consent":
            questions.append("is withdrawing consent as easy as giving it (Art. 7(3))?")
        return self._verdict(problems, questions, ev, "requests can be served per person")

    def processors(self) -> tuple[str, str, list[str]]:
        procs = [r for r in self.recipients if r.role == "processor"]
        if not procs:
            return OK, "no processor", []
        ev = [f"{r.name}: contract {r.contract_reference}" for r in procs if r.contract_reference]
        missing = sorted(r.name for r in procs if not r.contract_reference)
        q = [f"Art. 28 contract not recorded for {', '.join(missing)}: reference it in recipients.yaml (contract_reference)"] if missing else []
        return self._verdict([], q, ev, "Art. 28 contracts referenced")

    def transfers(self) -> tuple[str, str, list[str]]:
        from privacy_inventory.datamap.disclosures import authority_transfers
        from privacy_inventory.jurisdiction import controller_regime, judge_recipient

        regime = controller_regime(self.decl)
        judged = [(r, judge_recipient(regime, r)) for r in self.recipients]
        abroad = [(r.name, r.country, j) for r, j in judged if j.transfer]
        abroad += [(t.name, t.country, t.judgement) for t in authority_transfers(self.inventory, self.decl) if self.act.key in t.activities]
        if not abroad:
            return OK, f"no recipient outside {regime.home_label}", []
        ev = [f"{name} ({country}): {j.text}" for name, country, j in abroad if j.ok]
        bad = [f"{name} ({country}): {j.text}" for name, country, j in abroad if not j.ok]
        return self._verdict(bad, [], ev, f"every transfer has a basis under {regime.name}")

    @staticmethod
    def _verdict(problems: list[str], questions: list[str], evidence: list[str], fine: str) -> tuple[str, str, list[str]]:
        if problems:
            return PROBLEM, "; ".join(problems + questions), evidence
        if questions:
            return QUESTION, "; ".join(questions), evidence
        return OK, fine, evidence

    def run(self) -> Assessment:
        points = []
        for spec in checklist()["points"]:
            status, answer, evidence = getattr(self, spec["key"])()
            points.append(Point(spec["key"], spec["name"], spec["articles"], status, answer, evidence))
        return Assessment(self.act.key, self.act.name, points)


def assess(inventory: Inventory, declarations: Declarations, facts: Facts | None = None, screening: list[Any] | None = None) -> list[Assessment]:
    """The nine WP248 Annex 2 points for every declared activity (by key)."""
    automated = {s.activity: next((c.status for c in s.criteria if c.key == "automated_decision"), "") for s in screening or []}
    return [_Assess(a, inventory, declarations, facts, automated.get(a.key, "")).run() for a in sorted(declarations.activities, key=lambda a: a.key)]


def necessity_rows(assessments: list[Assessment]) -> list[dict[str, Any]]:
    """One row per activity and point (for necessity.json and tables)."""
    return [{"activity": a.activity, **asdict(p)} for a in assessments for p in a.points]


def summary_frame(assessments: list[Assessment]) -> Any:
    """Activities by points: ✓ ok, ✗ problem, ? question (a one-screen overview)."""
    import pandas as pd

    keys = [p["key"] for p in checklist()["points"]]
    short = {"lawfulness": "lawful", "purpose_limitation": "purpose", "minimisation": "minimal", "accuracy": "accurate",
             "storage_limitation": "storage", "information": "informed", "rights": "rights", "processors": "processors", "transfers": "transfers"}
    rows = [{"activity": a.name, **{short.get(k, k): MARK[a.status(k)].split()[0] for k in keys}} for a in assessments]
    return pd.DataFrame(rows, columns=["activity", *[short.get(k, k) for k in keys]])


def activity_frame(assessment: Assessment) -> Any:
    """The nine points of one activity: status, answer (or the DPO's question) and evidence."""
    import pandas as pd

    rows = [{"point": f"{p.name} ({p.articles})", "status": MARK[p.status], "answer or question": p.answer, "evidence": "; ".join(p.evidence)}
            for p in assessment.points]
    return pd.DataFrame(rows, columns=["point", "status", "answer or question", "evidence"])
