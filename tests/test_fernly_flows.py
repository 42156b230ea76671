"""Fernly's config flows: server-side events to an advertiser carrying financial or children's data are found, the rest not."""

from __future__ import annotations

import pytest

from privacy_inventory.datamap.flows import flows_by_recipient
from privacy_inventory.datamap.graph import build_data_map
from privacy_inventory.datamap.queries import data_map_findings
from privacy_inventory.declarations_io import load_declarations
from privacy_inventory.demo.fernly import FERNLY_DIR
from privacy_inventory.dpia.risks import derive_risks
from privacy_inventory.models import Inventory
from privacy_inventory.report.root_causes import fold
from privacy_inventory.scan.integrations import scan_config_paths


@pytest.fixture(scope="module")
def fernly():
    integrations, findings, _ = scan_config_paths([FERNLY_DIR / "app-config"], "fernly-app")
    inv = Inventory(integrations=integrations, config_findings=findings)
    decl = load_declarations(FERNLY_DIR)
    return inv, decl, build_data_map(inv, decl)


def test_meta_receives_the_four_server_side_events_and_no_sign_in_is_invented(fernly) -> None:
    inv, _, g = fernly
    flows = {f.name: f for f in flows_by_recipient(g, inv)["meta"]}
    assert set(flows) == {"Purchase", "CompleteRegistration", "Lead", "TeenAccountOpened"}
    assert all(f.server_side and f.endpoint.startswith("graph.facebook.com/") for f in flows.values())
    assert "facebook_login" not in {i.vendor for i in inv.integrations}
    shared = g.edges["activity:marketing", "recipient:meta"]["categories"]
    assert {"user.financial", "user.contact.phone_number", "user.device.ip_address"} <= set(shared)  # beyond the declared email


def test_planted_financial_and_teen_events_are_high_findings_under_one_cause(fernly) -> None:
    inv, decl, g = fernly
    sens = [f for f in data_map_findings(g, inv, decl) if f.kind == "sensitive_to_advertiser"]
    titles = sorted(f.title for f in sens)
    assert len(sens) == 2 and all(f.severity == "high" for f in sens)
    assert "Children's data" in titles[0] and "(TeenAccountOpened)" in titles[0]
    assert "Financial data" in titles[1] and "(Lead)" in titles[1]
    risks = [r for r in derive_risks(inv, decl) if r.kind == "sensitive_flow"]
    assert [r.key for r in risks] == ["sensitive_flow:meta"] and risks[0].level in ("high", "very high")
    stage = [dict(f.to_dict(), stage=f.source) for f in sens] + [
        {"stage": "dpia", "kind": r.kind, "key": f"dpia.{r.key}", "severity": "high", "title": r.title, "subjects": [r.scope]} for r in risks]
    causes = [c for c in fold(stage) if c.cause == "sensitive_to_advertiser"]
    assert len(causes) == 1 and len(causes[0].occurrences) == 3 and causes[0].subject.startswith("Meta")


def test_traps_purchase_and_registration_and_product_analytics_raise_nothing(fernly) -> None:
    inv, decl, g = fernly
    titles = " ".join(f.title for f in data_map_findings(g, inv, decl) if f.kind == "sensitive_to_advertiser")
    assert "Purchase" not in titles and "CompleteRegistration" not in titles  # personal, hashed contact data: not this rule
    mixpanel = {f.name: f for f in flows_by_recipient(g, inv)["mixpanel"]}
    assert set(mixpanel) == {"app_opened", "screen_viewed"}
    assert all(f.categories == [] and not f.children and not f.special for f in mixpanel.values())
