"""Fernly, a second demo organisation (Irish personal-finance app) so no rule is tuned to IMVBox."""

from privacy_inventory.demo.fernly.build import FERNLY_DIR, REFERENCE_DATE, FernlySummary, build_fernly, planted_sql, trap_sql

__all__ = ["FERNLY_DIR", "REFERENCE_DATE", "FernlySummary", "build_fernly", "planted_sql", "trap_sql"]
