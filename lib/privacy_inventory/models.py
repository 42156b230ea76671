"""The plain data passed between stages: one contract, serialised as sorted, deterministic JSON."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Classification:
    """What the classifier concluded about one column, and why, without any raw value."""

    category: str | None
    confidence: float
    evidence: str
    flags: tuple[str, ...] = ()
    facts: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ColumnContext:
    """Everything the classifier may look at for one column: names, type, keys and sampled values."""

    table: str
    column: str
    data_type: str
    sibling_columns: tuple[str, ...] = ()
    primary_key: bool = False
    references: str | None = None  # "table.column" this column points to through a foreign key
    references_person_table: bool = False
    values: tuple[Any, ...] = ()
    schema: str | None = None
    table_references_person: bool = False  # some column of this table is a foreign key to a person table
    table_role: str | None = None  # the table's role in the whole schema (classify/roles.py), when known
    table_role_evidence: str = ""
    referenced_table: str | None = None  # the table this column points at, declared or by naming convention
    referenced_role: str | None = None  # that table's role
    reference_declared: bool = False  # a declared foreign key (else a naming convention)
    reference_how: str = ""  # declared | named | morph: <why> (a polymorphic id and its type column)
    table_subjects: tuple[str, ...] = ()  # person tables this table's rows are about (references other than audit actors)
    record_of: tuple[str, ...] = ()  # one person's record: (person table, its kind, domain, `table.column`...)


@dataclass
class ForeignKey:
    """A foreign key as introspected: local columns -> referred table's columns."""

    columns: list[str]
    referred_schema: str | None
    referred_table: str
    referred_columns: list[str]


@dataclass
class ColumnScan:
    """One scanned column: structure, classification, and sample statistics (counts only)."""

    name: str
    data_type: str
    nullable: bool = True
    primary_key: bool = False
    category: str | None = None
    confidence: float = 0.0
    evidence: str = ""
    flags: list[str] = field(default_factory=list)
    facts: dict[str, float] = field(default_factory=dict)
    sampled: int = 0
    non_null: int = 0
    paths: list[dict[str, Any]] = field(default_factory=list)  # personal data inside documents: path, category, confidence, evidence


@dataclass
class TableScan:
    """One scanned table or view; `error` is set when it could not be read (the scan goes on)."""

    schema: str | None
    name: str
    kind: str = "table"
    row_estimate: int | None = None
    row_estimate_method: str = ""  # how row_estimate was made: exact count, or which estimate
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    columns: list[ColumnScan] = field(default_factory=list)
    person_table: bool = False
    error: str | None = None
    role: str | None = None  # person | organisation | content | system | reference | other (classify/roles.py)
    role_evidence: str = ""
    references: dict[str, list[str]] = field(default_factory=dict)  # column -> [table, its role, declared|named]
    skipped: str | None = None  # why its rows were deliberately not read (e.g. --skip-views); classified by names only
    name_prefixes: list[str] = field(default_factory=list)  # the schema's table-name prefixes (`tab`, `llx`), inferred
    record_of: list[str] = field(default_factory=list)  # whose record each row is: [person table, kind, domain, table.column...]

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass
class SourceScan:
    """One database source: masked URL, dialect, status, and its tables."""

    name: str
    dialect: str
    url: str  # masked: never carries a password
    status: str = "ok"  # ok | partial | failed
    error: str | None = None
    tables: list[TableScan] = field(default_factory=list)
    fingerprint: str = ""


@dataclass
class Flow:
    """What config says one integration sends: an event (or field list, or mapping), the names it carries and their categories."""

    name: str  # the event's name (`Purchase`), or the key naming a field list (`custom_attributes`)
    key: str  # where config sets it up (key path, never a value)
    kind: str = "event"  # event | fields | mapping
    section: str = ""  # the integration's section of the config the flow sits in (`meta.conversions_api`)
    params: list[str] = field(default_factory=list)  # parameter / field names, as written
    sources: list[str] = field(default_factory=list)  # application fields a mapping or template pulls in
    categories: list[str] = field(default_factory=list)  # fideslang categories the classifier gives those names
    special: list[str] = field(default_factory=list)  # Art. 9 groups among them (health, religion, ...)
    children: bool = False  # the event or its names are about children
    server_side: bool = False  # sent from the controller's servers (conversions API, measurement protocol)
    endpoint: str = ""  # host and path it is sent to, when config names it (no query string)
    evidence: str = ""


@dataclass
class Integration:
    """A third-party integration found in an application config file."""

    source: str
    file: str
    key: str
    vendor: str
    role: str
    country: str
    purposes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    evidence: str = ""
    flows: list[Flow] = field(default_factory=list)  # what config says it sends (scan/flows.py)


@dataclass
class ConfigFinding:
    """Something in a config file a DPO must act on (e.g. a secret in plain text); always masked."""

    kind: str
    file: str
    key: str
    severity: str
    detail: str


@dataclass
class Disclosure:
    """Disclosures to public authorities recorded in a database table, counted per authority (names only from our list)."""

    source: str
    table: str  # the table as the scan names it (schema.table when the source has schemas)
    authority: str  # the recognised authority (data/authorities.yaml), or "" when the value was not recognised
    country: str  # ISO 3166 alpha-2; ZZ when unknown
    requests: int
    disclosed: int  # requests where data was handed over (all of them when no column says so)
    evidence: str = ""  # which columns were read and how the country was found


@dataclass
class Inventory:
    """Everything found by the scan stage: database sources, config integrations and config findings."""

    sources: list[SourceScan] = field(default_factory=list)
    integrations: list[Integration] = field(default_factory=list)
    config_findings: list[ConfigFinding] = field(default_factory=list)
    config_sources: list[str] = field(default_factory=list)
    disclosures: list[Disclosure] = field(default_factory=list)  # to public authorities, recorded in the data (scan/disclosures.py)
    sample_size: int = 200
    schema_version: int = SCHEMA_VERSION

    def sorted(self) -> "Inventory":
        """Return the same inventory with every list in a stable order (determinism)."""
        for src in self.sources:
            for table in src.tables:
                table.foreign_keys.sort(key=lambda fk: (fk.referred_schema or "", fk.referred_table, fk.columns))
            src.tables.sort(key=lambda t: (t.schema or "", t.name))
        self.sources.sort(key=lambda s: s.name)
        self.integrations.sort(key=lambda i: (i.source, i.file, i.key, i.vendor))
        for integ in self.integrations:
            integ.flows.sort(key=lambda f: (f.key, f.name))
        self.config_findings.sort(key=lambda f: (f.file, f.key, f.kind))
        self.config_sources.sort()
        self.disclosures.sort(key=lambda d: (d.source, d.table, d.country, d.authority))
        return self

    def write_json(self, out: BinaryIO) -> None:
        """Stream the JSON (sorted keys, 2-space indent, UTF-8) without first copying the whole inventory into dicts."""
        from privacy_inventory.json_out import write_json

        write_json(self.sorted(), out)
        out.write(b"\n")

    def to_json(self) -> str:
        buf = io.BytesIO()
        self.write_json(buf)
        return buf.getvalue().decode("utf-8")

    def save(self, path: Path) -> None:
        with Path(path).open("wb") as out:
            self.write_json(out)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Inventory":
        sources = []
        for s in data.get("sources", []):
            tables = []
            for t in s.get("tables", []):
                tables.append(
                    TableScan(
                        schema=t.get("schema"),
                        name=t["name"],
                        kind=t.get("kind", "table"),
                        row_estimate=t.get("row_estimate"),
                        row_estimate_method=t.get("row_estimate_method", ""),
                        primary_key=list(t.get("primary_key", [])),
                        foreign_keys=[ForeignKey(**fk) for fk in t.get("foreign_keys", [])],
                        columns=[ColumnScan(**c) for c in t.get("columns", [])],
                        person_table=t.get("person_table", False),
                        error=t.get("error"),
                        role=t.get("role"),
                        role_evidence=t.get("role_evidence", ""),
                        references={k: list(v) for k, v in (t.get("references") or {}).items()},
                        skipped=t.get("skipped"),
                        name_prefixes=list(t.get("name_prefixes") or []),
                        record_of=list(t.get("record_of") or []),
                    )
                )
            fields = {k: v for k, v in s.items() if k != "tables"}
            sources.append(SourceScan(tables=tables, **fields))
        return cls(
            sources=sources,
            integrations=[Integration(**{**i, "flows": [Flow(**f) for f in i.get("flows", [])]}) for i in data.get("integrations", [])],
            config_findings=[ConfigFinding(**f) for f in data.get("config_findings", [])],
            config_sources=list(data.get("config_sources", [])),
            disclosures=[Disclosure(**d) for d in data.get("disclosures", [])],
            sample_size=data.get("sample_size", 200),
            schema_version=data.get("schema_version", SCHEMA_VERSION),
        )

    @classmethod
    def load(cls, path: Path) -> "Inventory":
        from privacy_inventory.errors import InventoryError

        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise InventoryError(str(path), "inventory file not found; run the scan first") from None
        except RecursionError:
            raise InventoryError(str(path), "not a valid inventory file (JSON nested too deeply)") from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise InventoryError(str(path), f"not a valid inventory file (unexpected shape: {type(exc).__name__})") from None
