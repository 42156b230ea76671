"""One finding per root cause: the stages' findings folded into the causes a DPO acts on, most harmful first.

A cause's severity comes from the harm to people (special categories, children, credentials, processing without
consent or legal basis, undisclosed sharing, hidden data) weighted by how many people it concerns, not from the
highest severity a stage gave one of its findings (data/root_causes.yaml `levels` and `people`).

An undeclared vendor raised by the data map, the DPIA, the RoPA and the policy gap is one cause with four
occurrences; "no security measures declared" for eight activities is one cause listing them. The rules are data
(data/root_causes.yaml): which stage and kind belong to a cause, what makes two findings the same, the harm, the next step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

SEVERITIES = ("high", "medium", "low")


@dataclass
class RootCause:
    """A cause and every finding it explains (stage, severity, title), with the severity and people of the worst."""

    cause: str
    label: str
    subject: str
    harm: str
    next_step: str
    severity: str = "low"
    people: int = 0  # the largest count of people (rows about people) among the occurrences; 0 when none was counted
    occurrences: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        """`Recipient nobody declared: LiveRamp` or `No security measures declared (8 occurrences)`."""
        what = f"{self.label}: {self.subject}" if self.subject else self.label
        return what

    @property
    def stages(self) -> list[str]:
        return sorted({o["stage"] for o in self.occurrences})


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The causes, harms and next steps of data/root_causes.yaml."""
    from privacy_inventory.yaml_io import load_yaml

    return load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "root_causes.yaml")))


def _norm(text: str) -> str:
    """`Facebook Audience Network`, `facebook_audience_network` and `recipient: facebook-audience-network` agree."""
    text = re.sub(r"\(.*?\)", "", str(text)).lower()
    text = text.split(":", 1)[1] if text.startswith(("recipient:", "transfer:")) else text
    return re.sub(r"[^a-z0-9]+", "", text)


def _matches(rule: dict[str, Any], f: dict[str, Any]) -> bool:
    subject = str(f.get("policy_subject", ""))
    if rule.get("stage") != f["stage"] or rule.get("kind") != f.get("kind"):
        return False
    if "subject_is" in rule and subject != rule["subject_is"]:
        return False
    return "subject_prefix" not in rule or subject.startswith(rule["subject_prefix"])


def _subject(how: str, f: dict[str, Any]) -> tuple[str, str]:
    """What makes two findings of one cause the same (a recipient, a table, a config key, or nothing), and how to show it."""
    subjects = [str(s) for s in f.get("subjects") or []]
    key, stage = str(f.get("key", "")), f["stage"]
    if how == "recipient":
        if stage == "policy":
            name = str(f.get("policy_subject", "")).split(": ", 1)[-1]
        elif stage == "dpia":
            name = key.split(":", 1)[-1]
        elif stage in ("datamap", "ropa"):
            parts = key.split(".")
            name = parts[2 if stage == "datamap" else 3] if len(parts) > (2 if stage == "datamap" else 3) else key
        else:
            name = subjects[0] if subjects else key
        shown = subjects[0] if stage == "datamap" and subjects else name
        return name, shown
    if how == "table":
        name = key.split(":", 1)[1] if ":" in key else (subjects[0] if subjects else key)
        return name, name
    if how == "config":
        name = subjects[0] if subjects else key
        return name, name
    return "", ""


def severity(harm: str, people: int) -> str:
    """The harm's level (data/root_causes.yaml `levels`), one down for fewer than `few` people, one up from `many`."""
    spec = rules()
    level = next((lvl for lvl, harms in spec["levels"].items() if harm in harms), "low")
    at = SEVERITIES.index(level)
    if people and people < spec["people"]["few"] and harm not in spec["people"]["not_lowered"]:
        at = min(len(SEVERITIES) - 1, at + 1)
    elif people >= spec["people"]["many"]:
        at = max(0, at - 1)
    return SEVERITIES[at]


def _people(f: dict[str, Any]) -> int:
    """Rows about people the finding counted (0 when its count is of something else: config entries, categories)."""
    counted = f"{f['stage']}.{f.get('kind', '')}" in rules()["people"]["counted"]
    return int(f["count"]) if counted and isinstance(f.get("count"), int) else 0


def fold(findings: list[dict[str, Any]], roles: dict[str, str] | None = None) -> list[RootCause]:
    """Group findings (dicts with stage, kind, key, severity, title, subjects, count) into root causes, most harmful first.

    `roles` maps a recipient's name or vendor key to its GDPR role (processor, independent_controller ...), so a cause
    with `harm_by_role` takes the harm of that role.
    """
    spec = rules()
    known_roles = {_norm(k): v for k, v in (roles or {}).items()}
    harms = list(spec["harms"])
    causes: dict[tuple[str, str], RootCause] = {}
    labels: dict[str, str] = {}
    order = {c["cause"]: i for i, c in enumerate(spec["causes"])}
    ruled = [(next((c for c in spec["causes"] if any(_matches(m, f) for m in c["match"])), None), f) for f in findings]
    ruled.sort(key=lambda rf: (order.get(rf[0]["cause"], len(order)) if rf[0] else len(order), rf[1]["stage"], str(rf[1].get("key", "")), rf[1]["title"]))
    for rule, f in ruled:  # in the order of the rules, so an undeclared recipient is known before its transfer
        if rule is None:
            rule = {"cause": f"{f['stage']}.{f.get('kind', '')}", "label": f["title"], "harm": "record", "subject": "none", "next_step": ""}
            subject, shown = f["title"], ""
        else:
            subject, shown = _subject(rule["subject"], f)
        group_key = (rule["cause"], _norm(subject))
        if rule["cause"] == "transfer":
            if ("undeclared_recipient", _norm(subject)) in causes:
                group_key = ("undeclared_recipient", _norm(subject))  # an undeclared recipient abroad has no safeguard: one cause
            else:
                group_key, shown = ("transfer", ""), ""  # one missing transfer tool (e.g. no UK Addendum) for many recipients: one cause
        cause = causes.get(group_key)
        if cause is None:
            harm = rule.get("harm_by_role", {}).get(known_roles.get(group_key[1], ""), rule["harm"])
            cause = causes[group_key] = RootCause(rule["cause"], rule["label"], shown, harm, rule["next_step"])
        if f["stage"] == "datamap" or group_key[1] not in labels:
            labels[group_key[1]] = shown
        cause.occurrences.append({k: f.get(k) for k in ("stage", "severity", "title", "count")})
        cause.people = max(cause.people, _people(f))
    out = list(causes.values())
    for c in out:
        c.severity = severity(c.harm, c.people)
        c.occurrences.sort(key=lambda o: (SEVERITIES.index(o["severity"]), o["stage"], o["title"]))
        if c.subject:
            c.subject = labels.get(_norm(c.subject), c.subject)
    harm_rank = {h: i for i, h in enumerate(harms)}
    return sorted(out, key=lambda c: (SEVERITIES.index(c.severity), harm_rank.get(c.harm, len(harms)), -c.people, c.title))
