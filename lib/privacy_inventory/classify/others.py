"""Other people in the data: third parties a user names (invitees, friends, guardians, emergency contacts) and public profiles.

Pure: reads table and column names and the classifier's categories, with the words of data/other_people.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from privacy_inventory.models import ColumnScan, TableScan
from privacy_inventory.name_words import has_word as _has


@dataclass(frozen=True)
class OtherPeople:
    """Third parties of one role found in one table: which personal columns hold them."""

    role: str
    label: str
    subject: str  # fideslang data subject
    table: str
    columns: tuple[str, ...]


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    from privacy_inventory.yaml_io import load_yaml

    return load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "other_people.yaml")))


_WHO = ("user.name", "user.contact", "user.demographic", "user.government_id", "user.biometric", "user.health_and_medical", "user.account.username")


def _personal(col: ColumnScan) -> bool:
    """A column that says who someone is or how to reach them (not when something happened, nor an internal id)."""
    return any(str(col.category or "") == w or str(col.category or "").startswith(w + ".") for w in _WHO)


def other_people(table: TableScan, ref: str) -> list[OtherPeople]:
    """Third parties in a table: personal columns named for a role, or every personal column of a table named for one."""
    out = []
    for role in _words()["roles"]:
        table_named = _has(role["words"], table.name)
        cols = tuple(c.name for c in table.columns if (_has(role["words"], c.name) and (_personal(c) or _free_form(c))) or (
            table_named and _personal(c) and not _has(_OWNER_WORDS, c.name)))
        if cols:
            out.append(OtherPeople(role["key"], role["label"], role["subject"], ref, cols))
    return out


_OWNER_WORDS = ("user", "account", "customer", "cust", "member", "owner", "teen", "child", "referrer", "inviter")


def _free_form(col: ColumnScan) -> bool:
    """A JSON or text column (a friends list kept as one document) can hold other people whatever the classifier said."""
    return col.data_type.upper().startswith(("JSON", "TEXT", "CLOB", "JSONB"))


def public_flags(table: TableScan) -> list[str]:
    """Boolean columns saying whether a row (a profile, a list) is shown to others."""
    return [c.name for c in table.columns if ("BOOL" in c.data_type.upper() or c.data_type.upper() == "BIT") and _has(_words()["public_words"], c.name)]
