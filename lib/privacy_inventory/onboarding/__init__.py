"""Starting an organisation's own assessment: draft its declared inventory from a scan (init, discovery runs)."""

from privacy_inventory.onboarding.drafts import draft_files
from privacy_inventory.onboarding.grouping import group_tables
from privacy_inventory.onboarding.starter import InitResult, org_name, slug, summary_lines, write_starter

__all__ = ["InitResult", "draft_files", "group_tables", "org_name", "slug", "summary_lines", "write_starter"]
