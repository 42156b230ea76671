"""A Fides project as a whole: its own systems map to its `dataset:` files, systems outside it are recipients."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fideslang.models import Dataset, Organization, System
from pydantic import ValidationError

from privacy_inventory.declarations import FIDES_KEYS, Controller, ProcessingActivity, Recipient, in_eea
from privacy_inventory.errors import InventoryError
from privacy_inventory.fides import reader
from privacy_inventory.fides.conventions import TAXONOMY_TOP, country_code, our_key
from privacy_inventory.yaml_io import Loc, Locator, validation_errors

Doc = tuple[dict[str, Any], Locator]
Item = tuple[Any, Locator, Loc]
_THIRD_PARTY_TYPES = ("third", "vendor", "external", "partner")


@dataclass
class _Sys:
    system: System
    raw: dict[str, Any]
    locator: Locator
    loc: Loc

    def decl_loc(self, decl: Any) -> Loc:
        """Where a privacy declaration is in the file (fideslang sorts them by name, so not by parsed index)."""
        raws = self.raw.get("privacy_declarations") or []
        index = next((j for j, r in enumerate(raws) if isinstance(r, dict) and r.get("name") == decl.name and r.get("data_use") == decl.data_use), None)
        return self.loc + (("privacy_declarations", index) if index is not None else ("privacy_declarations",))


def declarations_from_fides(docs: list[Doc], problems: list[InventoryError]) -> dict[str, list[Item]]:
    """Fides files of one project -> our controller, activities and recipients, each with its file and location."""
    return _Project(docs, problems).items


def project_map(docs: list[Doc]) -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    """(own system name -> its dataset keys, dataset key -> collection names, egress targets the project does not define)."""
    project = _Project(docs, [])
    own = {s.system.name or s.system.fides_key: sorted(reader.system_datasets(s.system)) for s in project.systems.values() if s.system.fides_key not in project.recipients and not reader.ours(s.system).get("placeholder")}
    return dict(sorted(own.items())), dict(sorted(project.datasets.items())), sorted(project.external)


class _Project:
    """Reads every Fides resource of a project, then decides what is ours and what is a recipient."""

    def __init__(self, docs: list[Doc], problems: list[InventoryError]) -> None:
        self.problems = problems
        self.items: dict[str, list[Item]] = {"controller": [], "activities": [], "recipients": []}
        self.systems: dict[str, _Sys] = {}
        self.datasets: dict[str, list[str]] = {}
        orgs: list[tuple[Organization, Locator, Loc]] = []
        for data, locator in docs:
            orgs += self._read(data, locator)
        for org, locator, loc in orgs:
            fields = reader.controller(org, locator, loc, problems)
            if fields is not None:
                self._add("controller", Controller, fields, locator, loc)
        targets = self._egress_targets()
        self.external = sorted(set(targets) - set(self.systems))
        self.recipients = {k: our_key(k) for k, s in self.systems.items() if self._is_recipient(s, k in targets)}
        self.recipients.update({k: our_key(k) for k in self.external})
        for key, s in sorted(self.systems.items()):
            if key in self.recipients:
                self._add("recipients", Recipient, reader.recipient(s.system, self._country(s)), s.locator, s.loc)
        for key in self.external:
            self._add("recipients", Recipient, self._outside(key, targets[key]), *targets[key][0][:2])
        self._activities()

    def _read(self, data: dict[str, Any], locator: Locator) -> list[tuple[Organization, Locator, Loc]]:
        for key in sorted(k for k in data if k not in FIDES_KEYS + TAXONOMY_TOP):
            self.problems.append(locator.error((key,), f"unknown top-level key; a Fides file holds {', '.join(FIDES_KEYS + TAXONOMY_TOP)}"))
        for kind in FIDES_KEYS:
            if data.get(kind) is not None and not isinstance(data.get(kind), list):
                self.problems.append(locator.error((kind,), f"expected a list of {kind} resources"))
        orgs = []
        for kind, model in (("system", System), ("organization", Organization), ("dataset", Dataset)):
            for i, raw in enumerate(data.get(kind) if isinstance(data.get(kind), list) else []):
                try:
                    resource = model.model_validate(raw)
                except ValidationError as exc:
                    self.problems.extend(validation_errors(exc, locator, model, (kind, i)))
                    continue
                if isinstance(resource, System):
                    if resource.fides_key in self.systems:
                        self.problems.append(locator.error((kind, i, "fides_key"), f"system {resource.fides_key!r} is defined twice (also {self.systems[resource.fides_key].locator.where(self.systems[resource.fides_key].loc)})"))
                        continue
                    self.systems[resource.fides_key] = _Sys(resource, raw, locator, (kind, i))
                elif isinstance(resource, Dataset):
                    self.datasets[resource.fides_key] = sorted(c.name for c in resource.collections)
                else:
                    orgs.append((resource, locator, (kind, i)))
        return orgs

    def _egress_targets(self) -> dict[str, list[tuple[Locator, Loc, Any]]]:
        """System key -> where data is sent to it from (system-level DataFlows and declarations' egress)."""
        out: dict[str, list[tuple[Locator, Loc, Any]]] = {}
        for s in self.systems.values():
            for j, flow in enumerate(s.system.egress or []):
                if flow.type == "system":
                    out.setdefault(flow.fides_key, []).append((s.locator, s.loc + ("egress", j), flow))
            for decl in s.system.privacy_declarations:
                for target in decl.egress or []:
                    out.setdefault(target, []).append((s.locator, s.decl_loc(decl), decl))
        return {k: sorted(v, key=lambda t: (t[0].path, t[0].line(t[1]))) for k, v in out.items()}

    def _is_recipient(self, s: _Sys, receives: bool) -> bool:
        """Ours if it holds the project's datasets; a recipient if marked third party, a vendor's, or only receiving."""
        if reader.ours(s.system):
            return "recipient" in reader.ours(s.system)
        system = s.system
        third_party = any(w in system.system_type.lower() for w in _THIRD_PARTY_TYPES)
        if third_party or system.vendor_id or s.raw.get("third_country_transfers"):
            return True
        if reader.system_datasets(system):
            return False  # holds the organisation's own datasets: one of its systems, whatever its role
        processor = any(r in ("Processor", "Sub-Processor") for r in system.responsibility)
        return processor or receives

    def _country(self, s: _Sys) -> str | None:
        """Where a third-party system is: its (first) `third_country_transfers` code, else the vendor catalogue."""
        codes = s.raw.get("third_country_transfers")
        if codes is not None:
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                self.problems.append(s.locator.error(s.loc + ("third_country_transfers",), "expected a list of ISO 3166 country codes"))
                return None
            for i, code in enumerate(codes):
                if country_code(code) is None:
                    self.problems.append(s.locator.error(s.loc + ("third_country_transfers", i), f"{code!r} is not an ISO 3166 alpha-2 or alpha-3 country code"))
                    return None
            if codes:
                return country_code(codes[0])
        vendor = _vendor(s.system.vendor_id, s.system.fides_key, s.system.name)
        return vendor.country if vendor else None

    def _outside(self, key: str, sources: list[tuple[Locator, Loc, Any]]) -> dict[str, Any]:
        """A recipient for an egress target the project does not define: the vendor catalogue's facts, else unknown."""
        vendor = _vendor(key)
        uses = {x.data_use for *_, x in sources if hasattr(x, "data_use")}
        flows = {c for *_, x in sources if not hasattr(x, "data_use") for c in (x.data_categories or [])}
        categories = flows or {c for *_, x in sources if hasattr(x, "data_use") for c in x.data_categories}
        country = vendor.country if vendor else "ZZ"
        fields = {
            "key": our_key(key),
            "name": vendor.name if vendor else key,
            "role": vendor.role if vendor else "independent_controller",
            "type": "third_party",
            "country": country,
            "transfer_safeguard": None if in_eea(country) else "none",
            "vendor": vendor.key if vendor else None,
            "purposes": sorted(uses),
            "categories": sorted(categories),
        }
        return {k: v for k, v in fields.items() if v is not None}

    def _activities(self) -> None:
        groups: dict[str, list[reader.Member]] = {}
        for key, s in sorted(self.systems.items()):
            if key in self.recipients:
                continue
            for decl in s.system.privacy_declarations:
                name = decl.name or f"{s.system.name or key}: {decl.data_use}"
                groups.setdefault(name, []).append((s.locator, s.decl_loc(decl), s.system, decl))
        for name, members in sorted(groups.items()):
            fields = reader.activity(name, members, self.recipients, self.datasets, self.problems)
            if fields is not None:
                self._add("activities", ProcessingActivity, fields, members[0][0], members[0][1])

    def _add(self, kind: str, model: Any, fields: dict[str, Any], locator: Locator, loc: Loc) -> None:
        try:
            self.items[kind].append((model.model_validate(fields), locator, loc))
        except ValidationError as exc:
            self.problems.extend(validation_errors(exc, locator, model, loc))


def _vendor(*names: str | None) -> Any:
    """The catalogue vendor a Fides key, vendor id or name refers to (by key or name), if any."""
    from privacy_inventory.vendors import load_vendor_catalogue

    wanted = {our_key(n) for n in names if n}
    return next((v for v in load_vendor_catalogue() if v.key in wanted or our_key(v.name) in wanted), None)
