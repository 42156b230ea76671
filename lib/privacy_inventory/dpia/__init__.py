"""DPIA engine: Art. 35 screening (WP248), risk register (CNIL scales), DPO overrides, bounded facts."""

from privacy_inventory.dpia.fact_model import Facts
from privacy_inventory.dpia.facts import collect_facts
from privacy_inventory.dpia.overrides import apply_overrides, check_overrides, load_overrides
from privacy_inventory.dpia.register import Register, build_register, register_rows
from privacy_inventory.dpia.risks import Risk, RiskThresholds, derive_risks, rules_table
from privacy_inventory.dpia.scales import risk_level
from privacy_inventory.dpia.screening import ScreeningThresholds, dpia_status, screen

__all__ = ["Facts", "Register", "Risk", "RiskThresholds", "ScreeningThresholds", "apply_overrides", "build_register", "check_overrides",
           "collect_facts", "derive_risks", "dpia_status", "load_overrides", "register_rows", "risk_level", "rules_table", "screen"]
