"""The vendor catalogue: which third parties a config key, hostname or identifier points to, kept as data."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import phonenumbers
import yaml
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from privacy_inventory.errors import InventoryError
from privacy_inventory.safe_files import decode_bom, read_regular

DEFAULT_CATALOGUE = Path(__file__).parent / "data" / "vendors.yaml"

DATA_USES = frozenset(u.fides_key for u in DEFAULT_TAXONOMY.data_use)
DATA_CATEGORIES = frozenset(c.fides_key for c in DEFAULT_TAXONOMY.data_category)
COUNTRIES = frozenset(r for r in phonenumbers.SUPPORTED_REGIONS if r.isalpha())

_KEY = r"^[a-z][a-z0-9_]*$"
_HOST = re.compile(r"^(\*\.)?([a-z0-9*](?:[a-z0-9*-]{0,61}[a-z0-9*])?\.)+[a-z]{2,24}$")


def _check_regex(pattern: str) -> str:
    """Refuse a pattern that does not compile, so a bad catalogue fails at load time, not mid-scan."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return pattern


def _check_terms(values: list[str], known: frozenset[str], what: str) -> list[str]:
    """Accept only fideslang keys, so vendors speak the same vocabulary as the rest of the inventory."""
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"unknown fideslang {what}: {', '.join(unknown)}")
    return sorted(set(values))


class _Strict(BaseModel):
    """Catalogue entries are typed and closed: a misspelt field is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class IdentifierFormat(_Strict):
    """A recognisable identifier shape (e.g. `pk_live_…`), optionally only meaningful under certain keys."""

    pattern: str
    label: str = Field(min_length=3)
    shape: str = Field(min_length=2)
    secret: bool = False
    key_pattern: str | None = None

    @field_validator("pattern", "key_pattern")
    @classmethod
    def _regex(cls, v: str | None) -> str | None:
        return v if v is None else _check_regex(v)


class Endpoint(_Strict):
    """A server-side API of the vendor (host and path of the URL, e.g. the Meta Conversions API): data sent from servers."""

    pattern: str  # regular expression matched against `host/path` of a URL, lower-cased, no scheme or query
    label: str = Field(min_length=3)

    @field_validator("pattern")
    @classmethod
    def _regex(cls, v: str) -> str:
        return _check_regex(v)


class Detection(_Strict):
    """The clues that point to a vendor: key names, hostnames, identifier formats, provider names, server-side endpoints."""

    keys: list[str] = Field(default_factory=list)
    hosts: list[str] = Field(default_factory=list)
    ids: list[IdentifierFormat] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)
    flags: dict[str, list[str]] = Field(default_factory=dict)
    endpoints: list[Endpoint] = Field(default_factory=list)

    @field_validator("keys")
    @classmethod
    def _keys(cls, v: list[str]) -> list[str]:
        return [_check_regex(p) for p in v]

    @field_validator("hosts")
    @classmethod
    def _hosts(cls, v: list[str]) -> list[str]:
        bad = [h for h in v if not _HOST.match(h)]
        if bad:
            raise ValueError(f"not a lower-case hostname: {', '.join(bad)}")
        return v

    @field_validator("flags")
    @classmethod
    def _flags(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        return {k: _check_terms(cats, DATA_CATEGORIES, "data categories") for k, cats in v.items()}

    @model_validator(mode="after")
    def _something(self) -> "Detection":
        if not (self.keys or self.hosts or self.ids or self.names):
            raise ValueError("detection needs at least one of keys, hosts, ids, names")
        return self


class Vendor(_Strict):
    """One third party: who it is, its GDPR role, where it is established, what it receives and why."""

    key: str = Field(pattern=_KEY)
    name: str = Field(min_length=2)
    role: Literal["processor", "independent_controller", "joint_controller"]
    country: str
    family: str = Field(pattern=_KEY)
    purposes: list[str] = Field(min_length=1)
    categories: list[str] = Field(min_length=1)
    detection: Detection
    notes: str = ""

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        if v not in COUNTRIES:
            raise ValueError(f"{v!r} is not an ISO 3166 alpha-2 country code")
        return v

    @field_validator("purposes")
    @classmethod
    def _purposes(cls, v: list[str]) -> list[str]:
        return _check_terms(v, DATA_USES, "data uses")

    @field_validator("categories")
    @classmethod
    def _categories(cls, v: list[str]) -> list[str]:
        return _check_terms(v, DATA_CATEGORIES, "data categories")


class SecretFormat(_Strict):
    """A credential shape that is secret whoever issued it (private keys, cloud access keys)."""

    pattern: str
    label: str = Field(min_length=3)

    @field_validator("pattern")
    @classmethod
    def _regex(cls, v: str) -> str:
        return _check_regex(v)


class Catalogue(_Strict):
    """The whole catalogue file: vendors plus the shared vocabulary the matcher needs."""

    version: int = 1
    field_categories: dict[str, str] = Field(default_factory=dict)
    selector_keys: list[str] = Field(default_factory=list)
    field_keys: list[str] = Field(default_factory=list)
    secret_key_names: list[str] = Field(default_factory=list)
    secret_formats: list[SecretFormat] = Field(default_factory=list)
    vendors: list[Vendor] = Field(min_length=1)

    @field_validator("field_categories")
    @classmethod
    def _fields(cls, v: dict[str, str]) -> dict[str, str]:
        _check_terms(list(v.values()), DATA_CATEGORIES, "data categories")
        return {k.lower(): c for k, c in v.items()}

    @field_validator("vendors")
    @classmethod
    def _unique(cls, v: list[Vendor]) -> list[Vendor]:
        keys = [x.key for x in v]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"duplicate vendor keys: {', '.join(dupes)}")
        return sorted(v, key=lambda x: x.key)


def _one_line(exc: ValidationError, raw: object) -> str:
    """Turn pydantic's multi-line report into one line naming the vendor and field at fault."""
    err = exc.errors()[0]
    loc = list(err["loc"])
    where = ".".join(str(p) for p in loc)
    if len(loc) >= 2 and loc[0] == "vendors" and isinstance(loc[1], int) and isinstance(raw, dict):
        entries = raw.get("vendors") or []
        entry = entries[loc[1]] if loc[1] < len(entries) else None
        name = entry.get("key") if isinstance(entry, dict) else None
        where = f"vendor #{loc[1] + 1} ({name or 'no key'}) " + ".".join(str(p) for p in loc[2:])
    more = len(exc.errors()) - 1
    tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"invalid vendor catalogue: {where.strip()}: {msg}{tail}"


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate a catalogue file (the packaged one by default); any problem is one InventoryError."""
    if path is None:
        return _default_catalogue()
    return _read_catalogue(Path(path))


@lru_cache(maxsize=1)
def _default_catalogue() -> Catalogue:
    """The packaged catalogue, parsed once per process."""
    return _read_catalogue(DEFAULT_CATALOGUE)


def _read_catalogue(path: Path) -> Catalogue:
    """Parse YAML and validate; errors name the file and never show a traceback."""
    name = str(path)
    try:
        raw = read_regular(path, name, "vendor catalogue (YAML)")
        text = decode_bom(raw, name) or raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InventoryError(name, f"cannot read vendor catalogue ({type(exc).__name__})") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise InventoryError(name, f"malformed YAML{line}: {getattr(exc, 'problem', None) or 'parse error'}") from None
    if not isinstance(raw, dict):
        raise InventoryError(name, "invalid vendor catalogue: expected a mapping with a `vendors` list")
    try:
        return Catalogue.model_validate(raw)
    except ValidationError as exc:
        raise InventoryError(name, _one_line(exc, raw)) from None


def load_vendor_catalogue(path: Path | None = None) -> list[Vendor]:
    """The catalogue's vendors, sorted by key."""
    return list(load_catalogue(path).vendors)
