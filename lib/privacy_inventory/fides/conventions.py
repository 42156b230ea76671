"""How our declarations sit in fideslang: value maps, the `meta`/tag conventions, country codes."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from fideslang.models import SpecialCategoryLegalBasisEnum

META = "privacy_inventory"  # key under System.meta holding what fideslang has no field for
TAG = META + "."  # Organization tags `privacy_inventory.<field>=<json>` hold controller fields fideslang lacks
LEGAL_BASIS = {
    "consent": "Consent",
    "contract": "Contract",
    "legal_obligation": "Legal obligations",
    "vital_interests": "Vital interests",
    "public_task": "Public interest",
    "legitimate_interests": "Legitimate interests",
}
ART9 = dict(zip("abcdefghij", (e.value for e in SpecialCategoryLegalBasisEnum)))
SAFEGUARD = {"adequacy": "Adequacy Decision", "sccs": "SCCs", "idta": "IDTA", "uk_addendum": "UK Addendum", "bcrs": "BCRs", "derogation": "Other"}
# Fields a privacy declaration (or its system) carries natively; everything else of an activity goes to meta.
NATIVE_ACTIVITY = frozenset({"name", "purposes", "legal_basis", "art9_condition", "data_subjects", "data_categories", "systems", "recipients"})
# Recipient fields read back from the Fides system itself (name, declarations, DPA location).
NATIVE_RECIPIENT = frozenset({"name", "purposes", "categories", "contract_reference"})
TAXONOMY_TOP = ("data_category", "data_subject", "data_use", "policy")
CATEGORIES = frozenset(c.fides_key for c in DEFAULT_TAXONOMY.data_category)
TABLE_NAME = re.compile(r"^[A-Za-z0-9_$*?\[\]\-]+(\.[A-Za-z0-9_$*?\[\]\-]+){0,2}$")


def fides_key(name: str) -> str:
    """A stable fideslang key for a free name (lowercase; anything but letters, digits, _ . - becomes _)."""
    return re.sub(r"[^a-z0-9_.\-]+", "_", name.strip().lower()).strip("_") or "unnamed"


def our_key(name: str) -> str:
    """Our key (no dots) for a Fides key or name."""
    return re.sub(r"[^a-z0-9_\-]+", "_", name.strip().lower()).strip("_-") or "unnamed"


def retention_text(retention: Any) -> str | None:
    """Our retention as Fides `retention_period` text: an ISO duration, `relationship` or `relationship + P30D`."""
    if retention is None:
        return None
    return f"relationship + {retention.grace}" if retention.grace else retention.period


def encode_tags(extra: dict[str, Any]) -> list[str]:
    """Fields as `privacy_inventory.<field>=<json>` tags (sorted, deterministic)."""
    return [f"{TAG}{k}={json.dumps(v, sort_keys=True, ensure_ascii=False)}" for k, v in sorted(extra.items())]


def decode_tags(tags: list[str] | None) -> tuple[dict[str, Any], list[str]]:
    """Our fields back from tags, and the tags that are not ours or not readable (for an error message)."""
    out: dict[str, Any] = {}
    bad: list[str] = []
    for tag in tags or []:
        if not tag.startswith(TAG):
            continue
        name, sep, value = tag[len(TAG) :].partition("=")
        try:
            out[name] = json.loads(value) if sep else None
        except json.JSONDecodeError:
            bad.append(tag)
    return out, bad


@lru_cache(maxsize=1)
def _alpha3() -> dict[str, str]:
    from privacy_inventory.yaml_io import load_yaml

    return dict(load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "country_alpha3.yaml")))["alpha3"])


def country_code(code: str) -> str | None:
    """ISO 3166-1 alpha-2 for an alpha-2 or alpha-3 code (fideslang's `third_country_transfers` used alpha-3)."""
    import phonenumbers

    code = code.strip().upper()
    if len(code) == 2 and code in phonenumbers.SUPPORTED_REGIONS:
        return code
    return _alpha3().get(code)
