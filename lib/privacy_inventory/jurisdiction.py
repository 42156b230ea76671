"""The law that judges a controller's transfers and children: one regime per controller country, one wording everywhere.

The data map, the RoPA (Art. 30(1)(e)), the DPIA and the policy gap all call `judge_transfer` (or `judge_recipient`)
so a transfer reads the same on every page. The lists (home area, adequacy, valid safeguards, Art. 8 ages) are data in
data/jurisdictions.yaml with their sources and dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

UNKNOWN_COUNTRY = "ZZ"
OK_BASES = ("home", "adequacy", "certified", "safeguard")


@dataclass(frozen=True)
class Adequacy:
    """One adequacy finding of a regime; `requires` names a certification the recipient must declare (e.g. the DPF)."""

    country: str
    name: str
    decision: str
    scope: str = ""
    requires: str = ""


@dataclass(frozen=True)
class Regime:
    """A data protection regime: where data may go freely, which adequacy findings and safeguards it knows."""

    key: str
    name: str
    law: str
    home: frozenset[str]
    home_label: str
    authority: str
    adequacy: Mapping[str, Adequacy]
    adequacy_as_of: str
    adequacy_source: str
    safeguards: Mapping[str, str]
    invalid: Mapping[str, str]
    article_adequacy: str
    article_derogations: str
    foreign_authority: str = ""  # how a disclosure to an authority abroad is judged under this regime

    def is_home(self, country: str) -> bool:
        """Whether data may reach `country` without Chapter V (the controller's own area)."""
        return country in self.home

    def label(self) -> str:
        """`UK GDPR (Information Commissioner's Office (ICO))`: the regime and its authority, for page headers."""
        return f"{self.name} ({self.authority})"


@dataclass(frozen=True)
class TransferJudgement:
    """How one disclosure to `country` stands under a regime: a transfer or not, on what basis, in one sentence."""

    country: str
    transfer: bool  # the data leaves the regime's home area
    basis: str  # home | adequacy | certified | safeguard | invalid | none | unknown_country | foreign_authority
    ok: bool
    text: str  # the wording every page uses
    adequacy: bool = False  # the regime has an adequacy finding for the country (perhaps only for certified recipients)

    @property
    def status(self) -> str:
        """`home`, `adequacy` or `third` (or `unknown`): the colour of the country on the map."""
        if not self.transfer:
            return "home"
        if self.country == UNKNOWN_COUNTRY:
            return "unknown"
        return "adequacy" if self.adequacy else "third"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    from privacy_inventory.yaml_io import load_yaml

    return load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "jurisdictions.yaml")))


def eea() -> frozenset[str]:
    """EU member states plus Iceland, Liechtenstein and Norway."""
    return frozenset(_data()["eea"])


def _area(spec: Any) -> frozenset[str]:
    return eea() if spec == "eea" else frozenset(spec or ())


@lru_cache(maxsize=8)
def regime(key: str, country: str | None = None) -> Regime:
    """One regime from the data, its authority picked by the controller's country."""
    spec = _data()["regimes"][key]
    ad = spec["adequacy"]
    countries = {c: Adequacy(c, v["name"], v["decision"], v.get("scope", ""), v.get("requires", "")) for c, v in sorted(ad["countries"].items())}
    for c in sorted(_area(ad.get("includes"))):
        countries.setdefault(c, Adequacy(c, f"{c} (EEA state)", f"{spec['article_adequacy']}: EEA state"))
    authority = spec.get("authorities", {}).get(country or "", spec["authority_default"])
    return Regime(key, spec["name"], spec["law"], _area(spec["home"]), spec["home_label"], authority, countries, str(ad["as_of"]),
                  ad["source"], dict(spec["safeguards"]), dict(spec.get("invalid") or {}), spec["article_adequacy"], spec["article_derogations"],
                  spec.get("foreign_authority") or _data()["foreign_authority"])


def regime_for(country: str | None) -> Regime:
    """The home regime of a controller established in `country`: UK GDPR for GB, EU GDPR otherwise (Art. 3(2) for the rest)."""
    for key, spec in sorted(_data()["regimes"].items()):
        if key != "eu_gdpr" and country in _area(spec["home"]):
            return regime(key, country)
    return regime("eu_gdpr", country)


def controller_regime(declarations: Any) -> Regime:
    """The regime of a Declarations' controller (EU GDPR when no controller or country is declared)."""
    controller = getattr(declarations, "controller", None)
    return regime_for(getattr(controller, "country", None))


def certification_name(key: str) -> str:
    """`eu_us_dpf` -> `EU-US Data Privacy Framework`."""
    return str(_data()["certifications"].get(key, key))


def known_certifications() -> tuple[str, ...]:
    return tuple(sorted(_data()["certifications"]))


def known_safeguards() -> tuple[str, ...]:
    """Every safeguard key any regime knows (valid or explained as invalid), plus `adequacy` and `none`."""
    keys = {"adequacy", "none"}
    for spec in _data()["regimes"].values():
        keys |= set(spec["safeguards"]) | set(spec.get("invalid") or {})
    return tuple(sorted(keys))


def has_any_adequacy(country: str) -> bool:
    """Whether some regime has an adequacy finding for `country` (validation of a declared `adequacy`)."""
    return any(country in regime(k).adequacy for k in sorted(_data()["regimes"]))


def outside_every_home(country: str) -> bool:
    """Whether `country` is outside the home area of every regime (a safeguard must then be declared)."""
    return not any(country in _area(spec["home"]) for spec in _data()["regimes"].values())


def judge_transfer(reg: Regime, country: str, safeguard: str | None = None, *, certifications: Iterable[str] = (),
                   authority: bool = False) -> TransferJudgement:
    """Judge one disclosure to `country` under `reg`: home, adequacy (certified where required), declared safeguard, or none."""
    certs = set(certifications)
    if reg.is_home(country):
        return TransferJudgement(country, False, "home", True, f"no transfer (inside {reg.home_label})")
    outside = f"outside {reg.home_label}"
    found = reg.adequacy.get(country)
    adequate = found is not None and (not found.requires or found.requires in certs)
    if country == UNKNOWN_COUNTRY:
        if safeguard in reg.safeguards:
            return TransferJudgement(country, True, "safeguard", True, f"{reg.safeguards[safeguard]}; destination country unknown")
        return TransferJudgement(country, True, "unknown_country", False, f"no safeguard: destination country unknown ({reg.name} Chapter V)")
    if adequate and found is not None:
        scope = f", {found.scope}" if found.scope else ""
        if found.requires:
            text = f"adequacy ({reg.article_adequacy}) for certified recipients: {found.name}, {certification_name(found.requires)}; recipient declared certified"
            return TransferJudgement(country, True, "certified", True, text, True)
        return TransferJudgement(country, True, "adequacy", True, f"adequacy ({reg.article_adequacy}): {found.name}{scope}", True)
    if safeguard in reg.safeguards:
        return TransferJudgement(country, True, "safeguard", True, reg.safeguards[safeguard], found is not None)
    if authority:
        return TransferJudgement(country, True, "foreign_authority", False, f"{reg.foreign_authority}; {outside}", found is not None)
    if safeguard in reg.invalid:
        return TransferJudgement(country, True, "invalid", False, f"no valid safeguard under {reg.name}: {reg.invalid[safeguard]}", found is not None)
    if found is not None and found.requires:
        why = f"{found.name} is adequate under {reg.name} only for recipients certified under the {certification_name(found.requires)}; no certification is declared"
        if safeguard == "adequacy":
            return TransferJudgement(country, True, "invalid", False, f"no valid safeguard: {why}", True)
        return TransferJudgement(country, True, "none", False, f"no safeguard: {why} and no other {reg.name} transfer tool is recorded", True)
    if safeguard == "adequacy":
        return TransferJudgement(country, True, "invalid", False, f"no valid safeguard: {reg.name} has no adequacy finding for {country}")
    return TransferJudgement(country, True, "none", False, f"no safeguard: {country} is {outside} with no adequacy finding and no {reg.name} safeguard recorded")


def judge_recipient(reg: Regime, recipient: Any) -> TransferJudgement:
    """`judge_transfer` for a declared Recipient (its country, safeguard, certifications and whether it is an authority)."""
    return judge_transfer(reg, recipient.country, recipient.transfer_safeguard, certifications=getattr(recipient, "certifications", ()),
                          authority=getattr(recipient, "role", "") == "public_authority")


def digital_consent_age(country: str | None) -> int:
    """Art. 8: the age under which a child's consent needs a parent's, in the controller's country (16 when unknown)."""
    ages = _data()["digital_consent_age"]
    return int(ages["countries"].get(country or "", ages["default"]))


def controller_consent_age(declarations: Any) -> int:
    """The Art. 8 age of a Declarations' controller country."""
    controller = getattr(declarations, "controller", None)
    return digital_consent_age(getattr(controller, "country", None))
