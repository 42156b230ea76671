"""Flows, not only vendors: what an integration sends is read from its config, classified, and judged by recipient.

Small configs of organisations the project has never seen (a clinic in Spain, a school app, a shop), in the shapes
vendors document (Meta Conversions API, GA4 Measurement Protocol, Segment, Braze, Mixpanel), plus unknown shapes.
"""

from __future__ import annotations

import json
from pathlib import Path

from privacy_inventory.datamap.flows import flows_by_recipient, sensitive_flow_findings
from privacy_inventory.datamap.graph import build_data_map, read_node_link_json, write_node_link_json
from privacy_inventory.datamap.queries import data_map_findings
from privacy_inventory.declarations import Controller, Declarations, Party, ProcessingActivity, Recipient
from privacy_inventory.dpia.risks import derive_risks
from privacy_inventory.models import Inventory
from privacy_inventory.report.root_causes import fold
from privacy_inventory.scan.integrations import scan_config_paths

CLINIC = """
clinic:
  name: Clínica Norte
meta:
  pixel_id: "112233445566778"
  conversions_api:
    endpoint: https://graph.facebook.com/v19.0/112233445566778/events?access_token=${META_TOKEN}
    events:
      appointment_booked:
        custom_data: [service_type, value]
        user_data: [em, ph, db]
      symptom_check_completed:
        custom_data: [diagnosis_code, child_age]
      PageView:
        custom_data: [page_path]
analytics:
  ga4_measurement_id: G-7ZZ2M4X9PB
  measurement_protocol:
    url: https://www.google-analytics.com/mp/collect
    events:
      - name: view_item
        params:
          item_id: "{{ product.sku }}"
          currency: EUR
      - name: appointment_booked
        params: [clinic_id, slot_length]
"""

SCHOOL = """
[braze]
api_key = "${BRAZE_KEY}"
rest_endpoint = "https://rest.fra-01.braze.eu/users/track"
custom_attributes = ["pupil_year_group", "guardian_email", "first_name"]

[segment]
write_key = "${SEGMENT_WRITE_KEY}"

[segment.field_map]
email = "parent_email"
grade = "student_grade"

[mixpanel]
token = "${MIXPANEL_TOKEN}"
events = ["app_opened", "lesson_started"]
"""

SHOP = {
    "auth": {"facebook": {"app_id": "1428573916254807", "fields": ["name", "email", "birthday"]}},
    "ads": {"tiktok": {"pixel_code": "C4ABCD", "events_api": {"server_side": True, "events": [{"event": "CompletePayment", "properties": ["value", "currency", "content_id"]}]}}},
}


def _scan(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    integrations, findings, _ = scan_config_paths([path], "app")
    return {i.vendor: i for i in integrations}, findings


def test_event_mapping_shape_with_vendor_short_names_is_read_and_classified(tmp_path: Path) -> None:
    found, _ = _scan(tmp_path, "clinic.yaml", CLINIC)
    meta = found["meta_pixel"]
    flows = {f.name: f for f in meta.flows}
    assert set(flows) == {"appointment_booked", "symptom_check_completed", "PageView"}
    booked, symptom = flows["appointment_booked"], flows["symptom_check_completed"]
    assert {"user.contact.email", "user.contact.phone_number", "user.demographic.date_of_birth"} <= set(booked.categories)
    assert "db (date of birth)" in booked.evidence  # the Conversions API short name written out, then classified
    assert symptom.special == ["health"] and symptom.children and symptom.server_side
    assert symptom.endpoint == "graph.facebook.com/v19.0/112233445566778/events"  # no query string: tokens live there
    assert "META_TOKEN" not in json.dumps([f.__dict__ for f in meta.flows])
    assert flows["PageView"].categories == ["user.behavior.browsing_history"] and not flows["PageView"].special and not flows["PageView"].children
    assert "user.health_and_medical" in meta.categories  # what is sent widens what the integration receives
    assert "facebook_login" not in found  # a Conversions API URL is Meta's ads endpoint, not Facebook Login


def test_list_shape_with_templates_and_server_side_by_endpoint(tmp_path: Path) -> None:
    found, _ = _scan(tmp_path, "clinic.yaml", CLINIC)
    ga = {f.name: f for f in found["google_analytics"].flows}
    assert set(ga) == {"view_item", "appointment_booked"}
    assert ga["view_item"].params == ["currency", "item_id"] and ga["view_item"].sources == ["sku"]
    assert ga["view_item"].server_side  # the Measurement Protocol endpoint sits in the section
    assert ga["view_item"].categories == []


def test_unknown_shapes_field_lists_and_mappings_under_a_vendor_section(tmp_path: Path) -> None:
    found, _ = _scan(tmp_path, "school.toml", SCHOOL)
    braze = found["braze"].flows
    assert [f.kind for f in braze] == ["fields"] and braze[0].server_side  # /users/track named in the section
    assert braze[0].children and "user.contact.email" in braze[0].categories
    seg = found["segment"].flows
    assert seg[0].kind == "mapping" and seg[0].params == ["email", "grade"] and seg[0].sources == ["parent_email", "student_grade"]
    mix = {f.name for f in found["mixpanel"].flows}
    assert mix == {"app_opened", "lesson_started"}


def test_sign_in_fields_are_what_the_provider_sends_not_a_flow(tmp_path: Path) -> None:
    found, _ = _scan(tmp_path, "shop.json", json.dumps(SHOP))
    assert found["facebook_login"].flows == []  # OAuth fields come TO the controller
    tiktok = found["tiktok_pixel"].flows
    assert [f.name for f in tiktok] == ["CompletePayment"] and tiktok[0].server_side and tiktok[0].categories == []


def _declared(vendor: str, key: str, type_: str, purposes: list[str]) -> Declarations:
    return Declarations(
        controller=Controller(name="Clínica Norte", address="Calle 1, Bilbao", email="dpo@clinica.example", country="ES",
                              dpo=Party(email="dpo@clinica.example")),
        activities=[ProcessingActivity(key="booking", name="Booking", purposes=["essential.service"], legal_basis="contract",
                                       data_subjects=["patient"], data_categories=["user.contact.email"], recipients=[key])],
        recipients=[Recipient(key=key, name=f"{vendor} (declared)", role="joint_controller", type=type_, country="IE", vendor=vendor,
                              purposes=purposes, categories=["user.contact.email"])],
    )


def test_health_and_children_to_an_advertiser_is_one_high_cause_with_each_event_listed(tmp_path: Path) -> None:
    found, _ = _scan(tmp_path, "clinic.yaml", CLINIC)
    inv = Inventory(integrations=list(found.values()))
    decl = _declared("meta_pixel", "meta", "ad_network", ["marketing.advertising.third_party.targeted"])
    g = build_data_map(inv, decl)
    edge = g.edges["activity:booking", "recipient:meta"]
    assert "user.health_and_medical" in edge["categories"] and "config" in edge["basis"]
    assert any(s.startswith("symptom_check_completed (server-side") for s in g.nodes["recipient:meta"]["sends"])
    sens = [f for f in data_map_findings(g, inv, decl) if f.kind == "sensitive_to_advertiser"]
    assert [f.severity for f in sens] == ["high"] and "symptom_check_completed" in sens[0].title
    assert "special-category" in sens[0].title.lower() and "children" in sens[0].title.lower() and "Next step:" in sens[0].detail
    assert not any("PageView" in f.title or "appointment_booked" in f.title for f in sens)  # email, phone, dob: not this rule
    risks = [r for r in derive_risks(inv, decl) if r.kind == "sensitive_flow"]
    assert [r.scope for r in risks] == ["flow:meta"] and risks[0].level in ("high", "very high")
    stage = [dict(f.to_dict(), stage=f.source) for f in sens] + [
        {"stage": "dpia", "kind": r.kind, "key": f"dpia.{r.key}", "severity": "high", "title": r.title, "subjects": [r.scope]} for r in risks]
    causes = [c for c in fold(stage) if c.cause == "sensitive_to_advertiser"]
    assert len(causes) == 1 and len(causes[0].occurrences) == 2 and causes[0].next_step


def test_the_same_flow_to_an_analytics_processor_is_no_advertising_finding(tmp_path: Path) -> None:
    found, _ = _scan(tmp_path, "clinic.yaml", CLINIC)
    inv = Inventory(integrations=[found["google_analytics"]])
    decl = _declared("google_analytics", "ga", "service_provider", ["analytics.reporting"])
    g = build_data_map(inv, decl)
    assert sensitive_flow_findings(g, inv) == []
    assert set(flows_by_recipient(g, inv)) == {"ga"}


def test_marketing_platform_receiving_childrens_data_undeclared_is_found(tmp_path: Path) -> None:
    found, _ = _scan(tmp_path, "school.toml", SCHOOL)
    inv = Inventory(integrations=list(found.values()))
    g = build_data_map(inv, Declarations())
    sens = sensitive_flow_findings(g, inv)
    assert [f.subjects for f in sens] == [["Braze"]] and "children" in sens[0].title.lower()
    path = write_node_link_json(g, tmp_path / "map.json")
    assert read_node_link_json(path).nodes["recipient:braze"]["sends"] == g.nodes["recipient:braze"]["sends"]
