"""The policy lexicon: wording -> fideslang keys, kept as YAML data so a DPO can extend it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from privacy_inventory.errors import InventoryError
from privacy_inventory.safe_files import decode_bom, read_regular

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24,
    "thirty": 30, "sixty": 60, "ninety": 90,
}
_UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y"}


@dataclass(frozen=True)
class LexiconEntry:
    """One wording rule: a compiled regex, the keys it supports, and why."""

    term: str
    regex: re.Pattern[str]
    keys: tuple[str, ...]
    note: str = ""
    unless: re.Pattern[str] | None = None


@dataclass(frozen=True)
class TermMatch:
    """A lexicon entry found in a sentence, with the span it claimed."""

    term: str
    keys: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class RecipientType:
    """A kind of recipient, its wording, the config roles that mean it, and which types cover it."""

    name: str
    entries: tuple[LexiconEntry, ...]
    roles: tuple[str, ...]
    covered_by: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Lexicon:
    """All compiled wording rules of one lexicon file."""

    source: str
    categories: tuple[LexiconEntry, ...]
    purposes: tuple[LexiconEntry, ...]
    recipient_types: dict[str, RecipientType]
    special_categories: tuple[str, ...]
    sharing_verbs: re.Pattern[str]
    source_context: re.Pattern[str]
    denials: dict[str, re.Pattern[str]]
    transfer_patterns: tuple[re.Pattern[str], ...]
    safeguards: dict[str, re.Pattern[str]]
    destinations: dict[str, re.Pattern[str]]
    eea: tuple[str, ...]
    retention_verbs: re.Pattern[str]
    retention_periods: dict[str, re.Pattern[str]]
    retention_duration: re.Pattern[str]
    children: dict[str, re.Pattern[str]] = field(default_factory=dict)
    purpose_kin: tuple[tuple[str, ...], ...] = ()  # purposes that say the same thing in other words
    purpose_when_shared: dict[str, str] = field(default_factory=dict)  # stated purpose -> its disclosure purpose
    third_party_own: tuple[re.Pattern[str], ...] = ()  # a third party's own settings/policies (never our promise)
    third_party_subject: re.Pattern[str] = re.compile(r"(?!)")  # a denial whose subject is someone else
    conditions: re.Pattern[str] = re.compile(r"(?!)")  # "unless", "except", "without your consent"
    scoped: re.Pattern[str] = re.compile(r"(?!)")  # "for this purpose": a denial about one use only
    specific_safeguards: tuple[str, ...] = ()  # safeguards named only about transfers (a transfer statement anywhere)
    retention_subjects: tuple[tuple[str, ...], ...] = ()  # words naming the same records (a table and its sentence)

    def all_keys(self) -> dict[str, set[str]]:
        """Every fideslang key the lexicon uses, split into data categories and data uses."""
        cats = {k for e in self.categories for k in e.keys} | set(self.special_categories)
        return {"data_category": cats, "data_use": {k for e in self.purposes for k in e.keys}}

    def recipient_type_for_role(self, role: str) -> str | None:
        """Map a config/declared recipient role (e.g. "payment processor") to a recipient type."""
        words = [w for w in re.split(r"[^a-z0-9]+", role.lower()) if w]
        joined = "_".join(words)
        if joined in self.recipient_types:
            return joined
        for name in sorted(self.recipient_types):
            if joined in self.recipient_types[name].roles:
                return name
        for word in words:
            for name in sorted(self.recipient_types):
                if word in self.recipient_types[name].roles:
                    return name
        return None

    def covering_types(self, rtype: str) -> set[str]:
        """The recipient types whose disclosure covers `rtype` (itself and its `covered_by`)."""
        found = {rtype}
        info = self.recipient_types.get(rtype)
        if info:
            found.update(info.covered_by)
        return found


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    """Compile one case-insensitive regex, or say which lexicon rule is broken."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise InventoryError(where, f"invalid lexicon pattern ({exc})") from None


def term_regex(term: str) -> str:
    """Turn plain words into a regex: hyphen/space interchangeable, optional plural on the last word."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", term.strip()) if w]
    if not words:
        return r"(?!)"
    words[-1] += r"(?:e?s)?"
    return r"[\s\-]+".join(words)


def _entry(raw: dict[str, Any], where: str) -> LexiconEntry:
    """Build one entry from its YAML mapping (`term` or `pattern`, `keys`, `note`, `unless`)."""
    if not isinstance(raw, dict) or not (raw.get("term") or raw.get("pattern")):
        raise InventoryError(where, "lexicon entry needs a `term` or a `pattern`")
    body = term_regex(str(raw["term"])) if raw.get("term") else str(raw["pattern"])
    label = str(raw.get("term") or raw.get("label") or raw.get("pattern"))
    unless = _compile(str(raw["unless"]), where) if raw.get("unless") else None
    keys = tuple(str(k) for k in raw.get("keys", []))
    return LexiconEntry(label, _compile(rf"(?<!\w)(?:{body})(?!\w)", where), keys, str(raw.get("note", "")), unless)


def _entries(raw: Any, where: str) -> tuple[LexiconEntry, ...]:
    """Build a list of entries, failing clearly if the section is not a list."""
    if not isinstance(raw, list):
        raise InventoryError(where, "expected a list of lexicon entries")
    return tuple(_entry(item, f"{where}[{i}]") for i, item in enumerate(raw))


def parse_lexicon(data: dict[str, Any], source: str) -> Lexicon:
    """Compile a lexicon from its parsed YAML mapping."""
    if not isinstance(data, dict):
        raise InventoryError(source, "lexicon file is not a mapping")
    rtypes = {}
    for name, info in sorted((data.get("recipient_types") or {}).items()):
        entries = tuple(
            _entry({"pattern": p, "keys": [], "label": name, "unless": info.get("unless")}, f"{source}:{name}")
            for p in info.get("patterns", [])
        )
        rtypes[name] = RecipientType(
            name, entries, tuple(str(r).lower() for r in info.get("roles", [])),
            tuple(info.get("covered_by", [])), str(info.get("note", "")),
        )
    tr = data.get("transfers") or {}
    ret = data.get("retention") or {}
    return Lexicon(
        source=source,
        categories=_entries(data.get("categories", []), f"{source}:categories"),
        purposes=_entries(data.get("purposes", []), f"{source}:purposes"),
        recipient_types=rtypes,
        special_categories=tuple(data.get("special_categories", [])),
        sharing_verbs=_compile(str(data.get("sharing_verbs", r"(?!)")), source),
        source_context=_compile(str(data.get("source_context", r"(?!)")), source),
        denials={k: _compile(v, f"{source}:denials.{k}") for k, v in sorted((data.get("denials") or {}).items())},
        transfer_patterns=tuple(_compile(p, f"{source}:transfers") for p in tr.get("patterns", [])),
        safeguards={k: _compile(rf"\b(?:{v})\b", source) for k, v in sorted((tr.get("safeguards") or {}).items())},
        destinations={
            k: _compile(rf"\b(?:to|in|into|within|outside(?:\s+of)?)\s+(?:the\s+)?(?:{v})(?![\w.])", source)
            for k, v in sorted((tr.get("destinations") or {}).items())
        },
        eea=tuple(tr.get("eea", [])),
        retention_verbs=_compile(str(ret.get("verbs", r"(?!)")), source),
        retention_periods={k: _compile(v, source) for k, v in sorted((ret.get("periods") or {}).items())},
        retention_duration=_compile(str(ret.get("duration", r"(?!)")), source),
        children={k: _compile(v, f"{source}:children.{k}") for k, v in sorted((data.get("children") or {}).items())},
        purpose_kin=tuple(tuple(sorted(str(k) for k in group)) for group in data.get("purpose_kin") or ()),
        **_reading_rules(data, source),
    )


def _reading_rules(data: dict[str, Any], source: str) -> dict[str, Any]:
    """Rules on whose word a clause is and how sure: third parties' own settings, conditions, scopes."""
    own = data.get("third_party_own") or {}
    parts = {k: str(own.get(k, r"(?!)")) for k in ("owner", "things")}
    patterns = [rf"(?:{parts['owner']})(?:{parts['things']})"] + [str(p).replace("{things}", f"(?:{parts['things']})") for p in own.get("patterns", [])]
    tr = data.get("transfers") or {}
    return {
        "purpose_when_shared": {str(k): str(v) for k, v in sorted((data.get("purpose_when_shared") or {}).items())},
        "third_party_own": tuple(_compile(rf"(?<!\w)(?:{p})(?!\w)", f"{source}:third_party_own") for p in patterns) if own else (),
        "third_party_subject": _compile(str(own.get("subject", r"(?!)")), f"{source}:third_party_own.subject"),
        "conditions": _compile(str(data.get("conditions", r"(?!)")), f"{source}:conditions"),
        "scoped": _compile(str(data.get("scoped", r"(?!)")), f"{source}:scoped"),
        "specific_safeguards": tuple(str(s) for s in tr.get("specific_safeguards", [])),
        "retention_subjects": tuple(tuple(sorted(str(w).lower() for w in g)) for g in (data.get("retention") or {}).get("subjects", [])),
    }


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load (and cache) the packaged lexicon, or another lexicon file a DPO maintains."""
    try:
        if path is None:
            text = resources.files("privacy_inventory").joinpath("data/policy_lexicon.yaml").read_text("utf-8")
            source = "policy_lexicon.yaml"
        else:
            raw = read_regular(Path(path), str(path), "policy lexicon (YAML)")
            text, source = decode_bom(raw, str(path)) or raw.decode("utf-8"), str(path)
        return parse_lexicon(yaml.safe_load(text), source)
    except RecursionError:
        raise InventoryError(str(path or "policy_lexicon.yaml"), "cannot load policy lexicon (YAML nested too deeply)") from None
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InventoryError(str(path or "policy_lexicon.yaml"), f"cannot load policy lexicon ({type(exc).__name__})") from None


def match_entries(entries: tuple[LexiconEntry, ...], text: str) -> list[TermMatch]:
    """Find entries in a sentence, longest match first; a claimed span is never matched twice.

    Each match's `term` is the wording as found (lower-cased), so a reader sees what matched.
    """
    found: list[TermMatch] = []
    for entry in entries:
        if entry.unless is not None and entry.unless.search(text):
            continue
        for m in entry.regex.finditer(text):
            if m.end() > m.start():
                found.append(TermMatch(" ".join(m.group(0).split()).lower(), entry.keys, m.start(), m.end()))
    found.sort(key=lambda t: (-(t.end - t.start), t.start, t.term))
    claimed: list[TermMatch] = []
    for cand in found:
        if all(cand.end <= c.start or cand.start >= c.end for c in claimed):
            claimed.append(cand)
    return sorted(claimed, key=lambda t: (t.start, t.term))


def parse_period(text: str, lexicon: Lexicon) -> str | None:
    """Read a retention period: "relationship", "necessary", "legal", or ISO 8601 ("P2Y")."""
    m = lexicon.retention_duration.search(text)
    if m:
        groups = m.groupdict()
        raw = (groups.get("n") or groups.get("n2") or "").lower()
        number = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
        unit = _UNIT_CODES.get((groups.get("unit") or groups.get("unit2") or "").lower().rstrip("s"))
        if number and unit:
            return f"P{number}{unit}"
    for name, regex in lexicon.retention_periods.items():
        if name != "legal" and regex.search(text):
            return name
    for name, regex in lexicon.retention_periods.items():
        if regex.search(text):
            return name
    return None


def period_days(period: str | None) -> int | None:
    """Approximate length of an ISO 8601 period like "P2Y" in days (None when not a duration)."""
    m = re.fullmatch(r"P(\d+)([DWMY])", period or "")
    if not m:
        return None
    return int(m.group(1)) * {"D": 1, "W": 7, "M": 30, "Y": 365}[m.group(2)]
