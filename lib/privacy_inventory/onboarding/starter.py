"""`privacy-inventory init`: scan, then write a starter declared inventory without ever overwriting a DPO's edits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from privacy_inventory.errors import InventoryError
from privacy_inventory.models import Inventory
from privacy_inventory.onboarding.drafts import draft_files, draft_recipients, uncovered


@dataclass
class InitResult:
    """What init wrote, what it kept as it was, and what the scan found that kept files do not cover."""

    directory: Path
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    not_covered: list[str] = field(default_factory=list)  # tables with personal data no activity names
    vendors_not_declared: list[str] = field(default_factory=list)


def org_name(org: str | None, inventory: Inventory) -> str:
    """The organisation's name: --org, else the first database source's name."""
    if org and org.strip():
        return " ".join(org.split())
    names = sorted(s.name for s in inventory.sources)
    if not names:
        raise InventoryError("--org", "give the organisation's name with --org (no database source to name it after)")
    return names[0]


def slug(name: str) -> str:
    """A directory-safe form of an organisation's name (`Zahnarztpraxis Müller GmbH` -> `zahnarztpraxis-m-ller-gmbh`)."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:64] or "organisation"


def write_starter(directory: Path, inventory: Inventory, org: str) -> InitResult:
    """Write every starter file that does not exist yet; existing files are kept byte for byte."""
    from privacy_inventory.declarations_io import load_declarations

    result = InitResult(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InventoryError(str(directory), f"cannot create the inventory directory ({exc.strerror or exc})") from None
    for name, text in draft_files(inventory, org).items():
        target = directory / name
        if target.exists() or target.is_symlink():  # a dangling link is kept too: writing would follow it elsewhere
            result.kept.append(name)
            continue
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InventoryError(str(target), f"cannot write ({exc.strerror or exc})") from None
        result.written.append(name)
    declarations = load_declarations(directory)  # drafts load with the same validation as any declarations
    result.not_covered = uncovered(inventory, [p for a in declarations.activities for p in a.tables])
    vendors = {r.vendor for r in declarations.recipients if r.vendor}
    result.vendors_not_declared = sorted(r.key for r in draft_recipients(inventory.integrations) if r.key not in vendors)
    return result


def summary_lines(result: InitResult) -> list[str]:
    """What init prints: files written and kept, and what kept files miss."""
    lines = []
    if result.written:
        lines.append(f"wrote {', '.join(result.written)} -> {result.directory}")
    if result.kept:
        lines.append(f"kept as they are (never overwritten): {', '.join(result.kept)}")
    if result.kept and result.not_covered:
        lines.append(f"tables with personal data no activity names yet: {', '.join(result.not_covered)}")
    if result.kept and result.vendors_not_declared:
        lines.append(f"vendors found in config but not in recipients.yaml: {', '.join(result.vendors_not_declared)}")
    if result.written:
        lines.append(f"next: edit the DRAFT and TO FILL lines (see {result.directory / 'README.md'}), then privacy-inventory run --inventory {result.directory} --db ...")
    return lines
