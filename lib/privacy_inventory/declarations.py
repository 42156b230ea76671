"""What only the organisation knows (controller, activities, recipients), validated to the line."""

from __future__ import annotations

import difflib
import fnmatch
import re
import datetime as dt
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import phonenumbers
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from privacy_inventory.yaml_io import FieldProblem, Loc

LEGAL_BASES = ("consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests")
ART9_CONDITIONS = {  # Art. 9(2) GDPR, by letter
    "a": "explicit consent",
    "b": "employment, social security and social protection law",
    "c": "vital interests, data subject incapable of consent",
    "d": "not-for-profit body with a political, philosophical, religious or trade-union aim",
    "e": "manifestly made public by the data subject",
    "f": "legal claims or courts acting judicially",
    "g": "substantial public interest, with a basis in law",
    "h": "preventive or occupational medicine, health or social care",
    "i": "public health",
    "j": "archiving in the public interest, research or statistics",
}
# fideslang data categories that are special categories (Art. 9(1)); a category below one is special too.
SPECIAL_CATEGORY_ROOTS = (
    "user.biometric",
    "user.authorization.biometric",
    "user.health_and_medical",
    "user.demographic.political_opinion",
    "user.demographic.race_ethnicity",
    "user.demographic.religious_belief",
    "user.demographic.sexual_orientation",
)
OUR_FILES = ("controller", "activities", "recipients")
FIDES_KEYS = ("dataset", "organization", "system")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_DURATION = re.compile(r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
_TABLE_PATTERN = re.compile(r"^[A-Za-z0-9_$*?\[\]\-]+(\.[A-Za-z0-9_$*?\[\]\-]+){0,2}$")


@lru_cache(maxsize=1)
def transfer_countries() -> dict[str, Any]:
    """EEA and adequacy country lists, from package data (see data/transfer_countries.yaml)."""
    from privacy_inventory.yaml_io import load_yaml

    path = resources.files("privacy_inventory") / "data" / "transfer_countries.yaml"
    return load_yaml(Path(str(path)))


def in_eea(country: str) -> bool:
    """Whether personal data may flow to `country` without a Chapter V safeguard."""
    return country in transfer_countries()["eea"]


def has_adequacy(country: str) -> bool:
    """Whether the European Commission has found `country` adequate (Art. 45)."""
    return country in transfer_countries()["adequacy"]


def is_special_category(category: str) -> bool:
    """Whether a fideslang data category is (below) an Art. 9 special category."""
    return any(category == root or category.startswith(root + ".") for root in SPECIAL_CATEGORY_ROOTS)


def duration_days(period: str) -> float:
    """Approximate length of an ISO-8601 duration in days (year 365, month 30), for retention checks."""
    match = _DURATION.match(period)
    if not match:
        raise ValueError(f"not an ISO-8601 duration: {period!r}")
    y, mo, w, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
    return y * 365 + mo * 30 + w * 7 + d + h / 24 + mi / 1440 + s / 86400


def table_matches(pattern: str, table: str, source: str | None = None, schema: str | None = None) -> bool:
    """Whether a declared table pattern (`name`, `source.name`, `schema.name`, globs) names this table."""
    candidates = {table} if "." not in pattern else set()
    if "." in pattern:
        for prefix in (source, schema, f"{source}.{schema}" if source and schema else None):
            if prefix:
                candidates.add(f"{prefix}.{table}")
    return any(fnmatch.fnmatchcase(c, pattern) for c in candidates)


def _taxonomy_check(kind: str) -> Any:
    """A validator accepting only keys of one fideslang taxonomy (data_use, data_category, data_subject)."""
    keys = sorted(item.fides_key for item in getattr(DEFAULT_TAXONOMY, kind))
    label = kind.replace("_", " ")

    def check(value: str) -> str:
        if value not in keys:
            close = difflib.get_close_matches(value, keys, n=1, cutoff=0.75)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (see fideslang DEFAULT_TAXONOMY.{kind})"
            raise ValueError(f"{value!r} is not a fideslang {label}{hint}")
        return value

    return AfterValidator(check)


def _key(value: str) -> str:
    if not _KEY.match(value):
        raise ValueError(f"{value!r} is not a valid key (lowercase letters, digits, '_' and '-')")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("is not an email address")  # the value itself may be personal data: not echoed
    return value


def _country(value: str) -> str:
    if value == "UK":
        raise ValueError("'UK' is not an ISO 3166 code; the United Kingdom is 'GB'")
    if value != transfer_countries()["unknown"] and value not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (or ZZ for unknown)")
    return value


def _table_pattern(value: str) -> str:
    if not _TABLE_PATTERN.match(value):
        raise ValueError(f"{value!r} is not a table name, 'source.table' or glob pattern")
    return value


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _as_set(value: list[str]) -> list[str]:
    """Lists that are sets in meaning are kept sorted and unique (determinism)."""
    return sorted(set(value))


Key = Annotated[str, AfterValidator(_key)]
Email = Annotated[str, AfterValidator(_email)]
Country = Annotated[str, AfterValidator(_country)]
TablePattern = Annotated[str, AfterValidator(_table_pattern)]
DataUse = Annotated[str, _taxonomy_check("data_use")]
DataCategory = Annotated[str, _taxonomy_check("data_category")]
DataSubject = Annotated[str, _taxonomy_check("data_subject")]
LegalBasis = Literal["consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"]
Art9Condition = Literal["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
Safeguard = Literal["adequacy", "sccs", "idta", "uk_addendum", "bcrs", "derogation", "none"]
Certification = Literal["eu_us_dpf", "uk_extension", "swiss_us_dpf"]
DataSource = Literal["data_subject", "third_party", "automatic"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Party(_Strict):
    """A person or organisation the controller must name; `unknown` says honestly why details are missing."""

    name: str | None = None
    address: str | None = None
    email: Email | None = None
    unknown: str | None = None

    @model_validator(mode="after")
    def _named_or_explained(self) -> "Party":
        if not (self.name or self.email or self.unknown):
            raise FieldProblem("name", "give a name or email, or say under 'unknown' why they are not known")
        return self


class Controller(_Strict):
    """The controller of Art. 30(1)(a): who is responsible, and who a data subject can reach."""

    name: str
    address: str | None = None  # None: the record shows it MISSING (a drafted controller.yaml leaves it to fill)
    email: Email | None = None
    country: Country | None = None
    dpo: Party
    draft: bool = False  # drafted by `init`: reports show it as "draft, not confirmed" until the DPO sets false
    eu_representative: Party | None = None
    uk_representative: Party | None = None
    joint_controllers: list[Party] = Field(default_factory=list)

    def open_points(self) -> list[str]:
        """Required contacts declared as unknown, e.g. `dpo: not stated in policy`, for the DPO to resolve."""
        parties = [("dpo", self.dpo), ("eu_representative", self.eu_representative), ("uk_representative", self.uk_representative)]
        parties += [(f"joint_controllers[{i}]", p) for i, p in enumerate(self.joint_controllers)]
        return [f"{label}: {party.unknown}" for label, party in parties if party is not None and party.unknown]


class Statutory(_Strict):
    """A retention period the law imposes (tax, accounting, anti-money-laundering, health records), with the law."""

    period: str
    law: Annotated[str, Field(min_length=3)]

    @model_validator(mode="after")
    def _period(self) -> "Statutory":
        if not _DURATION.match(self.period):
            raise FieldProblem("period", f"{self.period!r} is not an ISO-8601 duration (e.g. P6Y)")
        return self


class Retention(_Strict):
    """How long an activity keeps data: an ISO-8601 duration, or the relationship plus a grace period."""

    period: str
    grace: str | None = None
    basis: str
    date_column: str | None = None
    applies_to: list[TablePattern] = Field(default_factory=list)
    statutory: Statutory | None = None  # kept at least this long after the end, because a law says so

    _sets = field_validator("applies_to")(_as_set)

    @model_validator(mode="after")
    def _periods(self) -> "Retention":
        if self.period != "relationship" and not _DURATION.match(self.period):
            raise FieldProblem("period", f"{self.period!r} is neither an ISO-8601 duration (e.g. P3Y, P18M, P30D) nor 'relationship'")
        if self.grace is not None:
            if self.period != "relationship":
                raise FieldProblem("grace", "a grace period only applies to period: relationship")
            if not _DURATION.match(self.grace):
                raise FieldProblem("grace", f"{self.grace!r} is not an ISO-8601 duration (e.g. P30D)")
        return self

    def max_days(self) -> float | None:
        """Fixed maximum age in days, or None when it depends on the relationship (grace is returned separately)."""
        return None if self.period == "relationship" else duration_days(self.period)


class Dpia(_Strict):
    """Where the activity's DPIA stands (Art. 35), as the organisation records it."""

    status: Literal["not_required", "planned", "in_progress", "done"]
    reference: str | None = None
    date: dt.date | None = None
    notes: str | None = None


class ProcessingActivity(_Strict):
    """One processing activity of the Art. 30 record, as declared by the organisation."""

    key: Key
    name: str
    description: str = ""
    purposes: Annotated[list[DataUse], Field(min_length=1)]
    legal_basis: LegalBasis
    art9_condition: Art9Condition | None = None
    data_subjects: Annotated[list[DataSubject], Field(min_length=1)]
    data_categories: list[DataCategory] = Field(default_factory=list)
    systems: list[str] = Field(default_factory=list)
    tables: list[TablePattern] = Field(default_factory=list)
    recipients: list[Key] = Field(default_factory=list)
    retention: Retention | None = None
    security_measures: list[str] = Field(default_factory=list)
    source_of_data: Annotated[list[DataSource], BeforeValidator(_as_list)] = Field(default_factory=list)
    dpia: Dpia | None = None
    draft: bool = False  # drafted from a scan by `init` or a discovery run: "draft, not confirmed" in every report

    _sets = field_validator("purposes", "data_subjects", "data_categories", "systems", "tables", "recipients", "source_of_data")(_as_set)

    @model_validator(mode="after")
    def _art9(self) -> "ProcessingActivity":
        special = sorted(c for c in self.data_categories if is_special_category(c))
        if special and self.art9_condition is None:
            raise FieldProblem(
                "art9_condition",
                f"required: data_categories include special categories ({', '.join(special)}); give one of {', '.join(ART9_CONDITIONS)} (Art. 9(2))",
            )
        return self

    def covers_table(self, table: str, source: str | None = None, schema: str | None = None) -> bool:
        """Whether one of this activity's table patterns names the table."""
        return any(table_matches(p, table, source, schema) for p in self.tables)


class Recipient(_Strict):
    """Someone personal data is disclosed to (Art. 30(1)(d)/(e)), with the transfer safeguard if abroad."""

    key: Key
    name: str
    role: Literal["processor", "independent_controller", "joint_controller", "public_authority"]
    type: Key
    country: Country
    transfer_safeguard: Safeguard | None = None
    certifications: list[Certification] = Field(default_factory=list)  # e.g. eu_us_dpf: adequacy for the US covers certified recipients only
    contract_reference: str | None = None
    vendor: Key | None = None
    purposes: list[DataUse] = Field(default_factory=list)
    categories: list[DataCategory] = Field(default_factory=list)
    draft: bool = False  # drafted from the config scan and the vendor catalogue: "draft, not confirmed"

    _sets = field_validator("purposes", "categories", "certifications")(_as_set)

    @property
    def international(self) -> bool:
        """Whether disclosing to this recipient leaves the EU/EEA (the controller's regime decides: see jurisdiction)."""
        return not in_eea(self.country)

    @model_validator(mode="after")
    def _safeguard(self) -> "Recipient":
        from privacy_inventory.jurisdiction import has_any_adequacy, known_safeguards, outside_every_home

        if outside_every_home(self.country) and self.transfer_safeguard is None:
            options = ", ".join(known_safeguards())
            raise FieldProblem("transfer_safeguard", f"required: {self.country} is outside the EU/EEA and the UK (one of {options})")
        if self.transfer_safeguard == "adequacy" and outside_every_home(self.country) and not has_any_adequacy(self.country):
            raise FieldProblem("transfer_safeguard", f"no adequacy decision is known for {self.country}")
        return self


class Declarations(_Strict):
    """Everything the organisation declares; a container the later stages query."""

    controller: Controller | None = None
    activities: list[ProcessingActivity] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)

    def activity(self, key: str) -> ProcessingActivity | None:
        return next((a for a in self.activities if a.key == key), None)

    def recipient(self, key: str) -> Recipient | None:
        return next((r for r in self.recipients if r.key == key), None)

    def drafted(self) -> bool:
        """Whether anything declared here is still a draft nobody confirmed."""
        return bool((self.controller and self.controller.draft) or any(a.draft for a in self.activities) or any(r.draft for r in self.recipients))

    def systems(self) -> list[str]:
        """All system names the activities run on, sorted."""
        return sorted({s for a in self.activities for s in a.systems})

    def activities_for_table(self, table: str, source: str | None = None, schema: str | None = None) -> list[ProcessingActivity]:
        """The activities that declare this table (by name, `source.table` or glob)."""
        return [a for a in self.activities if a.covers_table(table, source, schema)]

    def sorted(self) -> "Declarations":
        """The same declarations with activities and recipients in key order (determinism)."""
        return self.model_copy(update={"activities": sorted(self.activities, key=lambda a: a.key), "recipients": sorted(self.recipients, key=lambda r: r.key)})

    def cross_problems(self) -> list[tuple[Loc, str]]:
        """Problems across items: duplicate keys and references to undeclared recipients."""
        problems: list[tuple[Loc, str]] = []
        for kind in ("activities", "recipients"):
            seen: dict[str, int] = {}
            for i, item in enumerate(getattr(self, kind)):
                if item.key in seen:
                    problems.append(((kind, i, "key"), f"duplicate key {item.key!r} (also {kind}[{seen[item.key]}])"))
                seen.setdefault(item.key, i)
        known = sorted({r.key for r in self.recipients})
        for i, activity in enumerate(self.activities):
            for j, key in enumerate(activity.recipients):
                if key not in known:
                    close = difflib.get_close_matches(key, known, n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else f" (declared: {', '.join(known) or 'none'})"
                    problems.append((("activities", i, "recipients", j), f"recipient {key!r} is not declared in recipients{hint}"))
        return problems


class DeclarationsFile(_Strict):
    """What one of our declaration files may hold: the controller, activities and recipients (any of them)."""

    controller: Controller | None = None
    activities: list[ProcessingActivity] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)
