"""One finding per root cause, most harmful first, with the next step: an undeclared vendor is one finding, not four."""

from __future__ import annotations

from privacy_inventory.report.root_causes import fold, rules, severity


def _f(stage: str, kind: str, severity: str, title: str, key: str = "", subjects: list[str] | None = None, count: int | None = None, **extra: str) -> dict:
    return {"stage": stage, "kind": kind, "severity": severity, "title": title, "key": key or f"{stage}.{kind}.{title}",
            "subjects": subjects or [], "count": count, **extra}


FINDINGS = [
    # one vendor nobody declared, raised by four stages, and its transfer without safeguard
    _f("datamap", "undeclared_recipient", "high", "Trackr Inc is integrated in config but not declared", "datamap.undeclared-recipient.trackr", ["Trackr Inc"], 2),
    _f("datamap", "transfer_without_safeguard", "high", "Transfer to Trackr Inc (US)", "datamap.transfer-without-safeguard.trackr.US", ["Trackr Inc"], 3),
    _f("dpia", "undisclosed_sharing", "medium", "Undeclared sharing with trackr", "undisclosed_sharing:trackr"),
    _f("policy", "undisclosed", "high", "Data goes to trackr, which the policy does not name", policy_subject="recipient: trackr"),
    # the same missing item for three activities
    *[_f("ropa", "missing_security", "high", f"{a}: No security measures (Art. 32) declared", f"ropa.missing-security.{a}", [a]) for a in ("billing", "crm", "shop")],
    # foreign keys: the same undeclared unique id in two activities
    *[_f("ropa", "category_not_declared", "medium", f"{a}: user.unique_id found but not declared", f"ropa.category-not-declared.{a}.user.unique_id", [a, "user.unique_id"])
      for a in ("billing", "crm")],
    _f("dpia", "special", "high", "Special-category data in app.health_notes", "special:app.health_notes", count=40),
    _f("dpia", "children", "high", "Children's data in app.users", "children:app.users", count=12),
    _f("policy", "contradicted", "high", "The policy says the service is not for children, but 12 were found", policy_subject="children"),
    _f("dpia", "without_consent", "high", "Ads: processing without consent (1,545 rows)", "without_consent:ads", count=1545),
    _f("policy", "undisclosed", "medium", "Personal data goes to 2 countries, but the policy names no safeguard", policy_subject="transfer safeguards"),
    # declared recipients relying on a transfer tool the controller's regime does not accept: one cause, recipients listed
    *[_f("datamap", "transfer_without_safeguard", "high", f"Transfer to {r} (US) has no valid safeguard under UK GDPR", f"datamap.transfer-without-safeguard.{r}.US", [r])
      for r in ("stripe", "mailchimp")],
    _f("dpia", "transfer", "medium", "Transfer to stripe without valid safeguard", "transfer:stripe"),
]


def test_each_root_cause_once_with_its_occurrences():
    causes = {(c.cause, c.subject): c for c in fold(FINDINGS)}
    vendor = causes[("undeclared_recipient", "Trackr Inc")]
    assert len(vendor.occurrences) == 4 and vendor.stages == ["datamap", "dpia", "policy"]  # the transfer is part of the same cause
    assert vendor.severity == "high" and vendor.people == 0  # 2-3 config entries are not people
    assert len(causes[("transfer", "")].occurrences) == 3 and [c for c, _ in causes].count("transfer") == 1
    security = causes[("missing_security", "")]
    assert len(security.occurrences) == 3 and security.next_step.startswith("Record the Art. 32 measures")
    assert len(causes[("category_not_declared", "")].occurrences) == 2
    assert len(causes[("children", "")].occurrences) == 2  # the DPIA count and the policy contradiction
    assert ("policy_gap", "") in causes  # "no safeguard named in the policy" is about the policy, not a recipient
    assert sum(len(c.occurrences) for c in causes.values()) == len(FINDINGS)


def test_most_harmful_first_and_every_cause_has_a_next_step():
    order = [c.cause for c in fold(FINDINGS)]
    assert order[:4] == ["special_category", "children", "without_consent", "undeclared_recipient"]
    assert order.index("missing_security") > order.index("undeclared_recipient")  # paperwork after harm to people
    assert all(c["next_step"] and c["harm"] in rules()["harms"] for c in rules()["causes"])


def test_deterministic_whatever_the_input_order():
    first = [(c.cause, c.subject, [o["title"] for o in c.occurrences]) for c in fold(FINDINGS)]
    second = [(c.cause, c.subject, [o["title"] for o in c.occurrences]) for c in fold(list(reversed(FINDINGS)))]
    assert first == second


def test_unknown_kinds_stay_findings_of_their_own():
    causes = fold([_f("dpia", "brand_new_kind", "low", "Something new"), _f("dpia", "brand_new_kind", "low", "Something else")])
    assert [c.label for c in causes] == ["Something else", "Something new"]


def test_severity_from_the_harm_and_how_many_people_not_from_the_stages():
    causes = {(c.cause, c.subject): c for c in fold(FINDINGS)}
    assert causes[("missing_security", "")].severity == "low"  # raised "high" by the record, but paperwork harms nobody directly
    assert causes[("special_category", "")].severity == "high" and causes[("special_category", "")].people == 40
    assert causes[("without_consent", "")].people == 1545
    # the same harm concerning few people, or many
    assert severity("retention", 5) == "low" and severity("retention", 500) == "medium" and severity("retention", 5000) == "high"
    assert severity("hidden_data", 3) == "medium" and severity("hidden_data", 0) == "high"  # not counted: the harm's level
    assert severity("children", 2) == "high" and severity("transparency", 10_000) == "medium"
    few = fold([_f("dpia", "retention", "high", "Data kept beyond retention in app.tickets", "retention:app.tickets", ["table:app.tickets"], 4)])
    assert few[0].severity == "low"


def test_an_undeclared_processor_weighs_less_than_an_undeclared_controller():
    found = [_f("datamap", "undeclared_recipient", "high", f"{n} is integrated in config but not declared", f"datamap.undeclared-recipient.{k}", [n])
             for n, k in (("DataBroker Co", "databroker"), ("CDN Co", "cdnco"))]
    causes = {c.subject: c for c in fold(found, roles={"databroker": "independent_controller", "cdnco": "processor"})}
    assert causes["DataBroker Co"].severity == "high" and causes["CDN Co"].severity == "medium"
    assert [c.subject for c in fold(found, roles={"cdnco": "processor"})] == ["DataBroker Co", "CDN Co"]
