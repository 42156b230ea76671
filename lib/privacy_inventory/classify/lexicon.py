"""Classifier knowledge read from YAML (the package's files and a DPO's own), validated with `file:line` errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from privacy_inventory.errors import InventoryError
from privacy_inventory.yaml_io import Loc, Locator, load_yaml_located

# The package's knowledge files, in the order their rules and words are merged (data/lexicon_*.yaml).
PACKAGE_FILES = (
    "lexicon_system.yaml", "lexicon_names.yaml", "lexicon_abbreviations.yaml", "lexicon_multilingual.yaml",
    "lexicon_tables.yaml", "lexicon_clinical.yaml", "lexicon_insurance.yaml", "lexicon_hr.yaml",
    "lexicon_education.yaml", "lexicon_banking.yaml", "lexicon_identifiers.yaml", "lexicon_telemetry.yaml",
    "lexicon_messaging.yaml", "lexicon_records.yaml", "lexicon_choices.yaml", "lexicon_content.yaml",
    "lexicon_references.yaml",
)
USER_FILE = "lexicon.yaml"  # a DPO's own vocabulary in the inventory directory
SCOPES = frozenset({
    "any", "contact", "place", "clinical", "person", "person_attr", "person_or_prefixed", "about", "owned", "secret",
    "secret_key", "none", "address", "content", "device_table", "payment", "search", "media", "browsing", "telemetry",
    "choice",
})
POSITIONS = ("anywhere", "start", "end", "whole")
WORD_SETS = frozenset({
    "compound_parts", "person_table_nouns", "maybe_person_table_nouns", "org_table_nouns", "public_content_nouns",
    "private_content_nouns", "generic_table_words", "table_prefixes", "other_party_words", "transaction_nouns",
    "personish_columns", "person_ref_nouns", "owner_nouns", "org_prefixes", "system_secret_words", "social_words",
    "ambiguous_person_nouns", "org_name_words", "org_profile_columns", "person_profile_columns",
    "system_table_nouns", "reference_table_nouns", "person_role_prefixes", "status_words", "attribute_property_words",
    "personal_event_words", "record_time_words", "permission_words", "person_id_suffixes", "alternate_id_words",
    "system_table_prefixes", "party_words", "credential_table_words", "field_definition_words", "not_secret_words",
    "contact_people_nouns", "counterparty_nouns", "staff_nouns", "place_record_nouns", "device_record_nouns", "link_head_nouns",
    "bookkeeping_words", "vacancy_words", "record_setting_words", "bound_words", "reference_range_words",
    "security_state_words", "notice_channel_words", "settings_table_nouns", "assigned_state_words",
    "presentation_words",
    "picture_nouns", "attached_content_nouns", "answer_document_words",
    "person_morph_names", "thing_agent_nouns", "party_table_nouns",
    "id_prefixed_terms", "identity_table_nouns", "people_state_words",
    "person_code_words", "general_dictionary_nouns", "record_keeping_time_words", "planned_time_words",
    "event_record_nouns", "presence_record_nouns", "request_nouns",
    "sign_in_nouns", "creation_words",
    "lower_bound_words", "upper_bound_words", "time_unit_words",
    "system_identity_prefixes",
    "author_nouns", "authoring_verbs", "filing_nouns", "software_app_words", "published_nouns",
    "secret_table_nouns", "auth_qualifier_words", "qualified_secret_nouns",
})
_TOP_KEYS = frozenset({"source", "rules", "id_rules", "abbreviations", "word_sets", "table_contexts"})
_RULE_KEYS = frozenset({"label", "category", "score", "scope", "words", "pattern", "position", "flag", "needs_values",
                        "priority", "source", "fitted_on"})
_WORD = re.compile(r"^[a-z0-9]+( [a-z0-9]+)*$")


@dataclass(frozen=True)
class RuleEntry:
    """One name rule as written in a file: a whole-word pattern over the tokenised name and what it means."""

    pattern: str
    category: str | None
    score: float
    label: str
    scope: str
    flag: str | None
    needs_values: bool
    priority: float
    fitted_on: tuple[str, ...]
    where: str  # file:line, for a DPO reading why a rule fired


@dataclass
class Lexicon:
    """Everything the files say, merged in order: rules, id rules, abbreviations and named word sets."""

    rules: list[RuleEntry] = field(default_factory=list)
    id_rules: list[RuleEntry] = field(default_factory=list)
    abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    word_sets: dict[str, set[str]] = field(default_factory=dict)
    contexts: list[ContextEntry] = field(default_factory=list)


@dataclass(frozen=True)
class ContextEntry:
    """A kind of table about a person's events (`immunizations`, `attendance`): its columns take this category."""

    label: str
    category: str
    words: tuple[str, ...]  # phrases of the table's name
    owners: tuple[str, ...]  # only when the table or its person reference says one of these (empty: any person)
    fitted_on: tuple[str, ...]
    records_of: tuple[str, ...] = ()  # instead of words: every record of a person of these kinds (reference graph)
    columns: tuple[str, ...] = ()  # only when the table's own column names say one of these phrases


def _provenance(item: dict[str, Any], loc: Loc, locator: Locator) -> tuple[str, ...]:
    """`source: ...` (general knowledge) or `fitted_on: [app, ...]` (added after looking at those apps' misses)."""
    fitted = item.get("fitted_on")
    if fitted is None:
        if not isinstance(item.get("source"), str) or not item["source"].strip():
            raise locator.error(loc, "needs `source: general` (or where it comes from) or `fitted_on: [app, ...]`")
        return ()
    if not isinstance(fitted, list) or not fitted or not all(isinstance(a, str) and a.strip() for a in fitted):
        raise locator.error(loc + ("fitted_on",), "must be a list of application ids")
    return tuple(sorted(a.strip() for a in fitted))


def _pattern(item: dict[str, Any], loc: Loc, locator: Locator) -> str:
    """The rule's regex over ` word word `: from `words` (+ `position`) or a raw `pattern`."""
    words, raw = item.get("words"), item.get("pattern")
    if (words is None) == (raw is None):
        raise locator.error(loc, "give exactly one of `words` (a list of phrases) or `pattern` (a regex)")
    if raw is not None:
        if not isinstance(raw, str):
            raise locator.error(loc + ("pattern",), "must be a regular expression as text")
        try:
            re.compile(raw)
        except re.error as exc:
            raise locator.error(loc + ("pattern",), f"not a valid regular expression ({exc})") from None
        return raw
    if not isinstance(words, list) or not words:
        raise locator.error(loc + ("words",), "must be a non-empty list of lowercase phrases")
    for i, w in enumerate(words):
        if not isinstance(w, str) or not _WORD.match(w):
            raise locator.error(loc + ("words", i), "must be lowercase words (a-z, 0-9) separated by single spaces")
    position = item.get("position", "anywhere")
    if position not in POSITIONS:
        raise locator.error(loc + ("position",), f"must be one of {', '.join(POSITIONS)}")
    alts = "|".join(re.escape(w).replace("\\ ", " ") for w in words)
    return {"anywhere": " ({}) ", "start": "^ ({}) ", "end": " ({}) $", "whole": "^ ({}) $"}[position].format(alts)


def _rule(item: Any, loc: Loc, locator: Locator, check_category: bool) -> RuleEntry:
    """One rule, every field checked."""
    if not isinstance(item, dict):
        raise locator.error(loc, "a rule must be a mapping (label, category, score, scope, words)")
    unknown = sorted(set(map(str, item)) - _RULE_KEYS)
    if unknown:
        raise locator.error(loc + (unknown[0],), f"unknown key; expected {', '.join(sorted(_RULE_KEYS))}")
    if not isinstance(item.get("label"), str) or not item["label"].strip():
        raise locator.error(loc + ("label",), "needs a short label saying what the rule recognises")
    category = item.get("category")
    if category is not None and (not isinstance(category, str) or not category.startswith("user")):
        raise locator.error(loc + ("category",), "must be a fideslang `user...` data category, or null (not personal)")
    if check_category and category is not None and category not in _fideslang_categories():
        raise locator.error(loc + ("category",), f"unknown fideslang data category {category!r}")
    score = item.get("score", 0.7)
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 < score <= 1:
        raise locator.error(loc + ("score",), "must be a number in (0, 1]")
    scope = item.get("scope", "any")
    if scope not in SCOPES:
        raise locator.error(loc + ("scope",), f"unknown scope {scope!r}; one of {', '.join(sorted(SCOPES))}")
    priority = item.get("priority", 1000)
    if isinstance(priority, bool) or not isinstance(priority, (int, float)):
        raise locator.error(loc + ("priority",), "must be a number (lower rules are tried first)")
    flag = item.get("flag")
    if flag is not None and not isinstance(flag, str):
        raise locator.error(loc + ("flag",), "must be text")
    return RuleEntry(_pattern(item, loc, locator), category, float(score), item["label"].strip(), scope, flag,
                     bool(item.get("needs_values", False)), float(priority), _provenance(item, loc, locator),
                     locator.where(loc))


def _fideslang_categories() -> frozenset[str]:
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    return frozenset(c.fides_key for c in DEFAULT_TAXONOMY.data_category)


def _words_of(group: dict[str, Any], loc: Loc, locator: Locator) -> list[str]:
    words = group.get("words")
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise locator.error(loc + ("words",), "must be a list of words")
    return [w.strip().lower() for w in words]


def read_into(lex: Lexicon, data: Any, locator: Locator, exclude: frozenset[str], check_category: bool) -> None:
    """Merge one file's content into `lex`, skipping entries fitted on an excluded application."""
    if not isinstance(data, dict):
        raise locator.error((), "a lexicon file must be a mapping with `source` and `rules`, `abbreviations` or `word_sets`")
    unknown = sorted(set(map(str, data)) - _TOP_KEYS)
    if unknown:
        raise locator.error((unknown[0],), f"unknown key; expected {', '.join(sorted(_TOP_KEYS))}")
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        raise locator.error((), "needs `source:` saying where this knowledge comes from")
    for key, target in (("rules", lex.rules), ("id_rules", lex.id_rules)):
        items = data.get(key) or []
        if not isinstance(items, list):
            raise locator.error((key,), "must be a list of rules")
        for i, item in enumerate(items):
            rule = _rule(item, (key, i), locator, check_category)
            if not set(rule.fitted_on) & exclude:
                target.append(rule)
    for i, group in enumerate(_groups(data, "abbreviations", locator)):
        words = group.get("words")
        if not isinstance(words, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in words.items()):
            raise locator.error(("abbreviations", i, "words"), "must map a word to the words it stands for")
        if set(_provenance(group, ("abbreviations", i), locator)) & exclude:
            continue
        for short, long in words.items():
            lex.abbreviations[short.strip().lower()] = tuple(long.lower().split())
    for i, item in enumerate(_groups(data, "table_contexts", locator)):
        entry = _context(item, ("table_contexts", i), locator, check_category)
        if not set(entry.fitted_on) & exclude:
            lex.contexts.append(entry)
    for i, group in enumerate(_groups(data, "word_sets", locator)):
        name = group.get("set")
        if name not in WORD_SETS:
            raise locator.error(("word_sets", i, "set"), f"unknown word set {name!r}; one of {', '.join(sorted(WORD_SETS))}")
        words = _words_of(group, ("word_sets", i), locator)
        if not set(_provenance(group, ("word_sets", i), locator)) & exclude:
            lex.word_sets.setdefault(name, set()).update(words)


def _context(item: dict[str, Any], loc: Loc, locator: Locator, check_category: bool) -> ContextEntry:
    """One table context: label, category, table words (or the kinds of person whose every record it is), owners."""
    keys = {"label", "category", "words", "owners", "records_of", "columns", "source", "fitted_on"}
    unknown = sorted(set(map(str, item)) - keys)
    if unknown:
        raise locator.error(loc + (unknown[0],), f"unknown key; expected {', '.join(sorted(keys))}")
    if not isinstance(item.get("label"), str):
        raise locator.error(loc + ("label",), "needs a short label")
    category = item.get("category")
    if not isinstance(category, str) or not category.startswith("user") or (
            check_category and category not in _fideslang_categories()):
        raise locator.error(loc + ("category",), "must be a fideslang `user...` data category")
    if ("words" in item) == ("records_of" in item):
        raise locator.error(loc, "give exactly one of `words` (the table's name) or `records_of` (kinds of person)")
    words, kinds, columns = (_listed(item, key, loc, locator) for key in ("words", "records_of", "columns"))
    owners = item.get("owners") or []
    if not isinstance(owners, list) or not all(isinstance(w, str) for w in owners):
        raise locator.error(loc + ("owners",), "must be a list of words")
    return ContextEntry(item["label"], category, tuple(words), tuple(w.lower() for w in owners),
                        _provenance(item, loc, locator), tuple(kinds), tuple(columns))


def _listed(item: dict[str, Any], key: str, loc: Loc, locator: Locator) -> list[str]:
    """An optional list of lowercase phrases."""
    if key not in item:
        return []
    words = item[key]
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise locator.error(loc + (key,), "must be a non-empty list of words")
    return [w.strip().lower() for w in words]


def _groups(data: dict[str, Any], key: str, locator: Locator) -> list[dict[str, Any]]:
    groups = data.get(key) or []
    if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups):
        raise locator.error((key,), "must be a list of groups, each with `source` or `fitted_on` and `words`")
    return groups


def load(user_files: Iterable[str | Path] = (), exclude_fitted_on: Iterable[str] = ()) -> Lexicon:
    """The package's knowledge then each user file, without entries fitted on the excluded applications."""
    exclude = frozenset(exclude_fitted_on)
    lex = Lexicon()
    root = resources.files("privacy_inventory").joinpath("data")
    for name in PACKAGE_FILES:
        with resources.as_file(root.joinpath(name)) as path:
            data, locator = load_yaml_located(path, packaged=True)
        read_into(lex, data, Locator(f"privacy_inventory/data/{name}", locator._lines), exclude, False)
    for path in user_files:
        data, locator = load_yaml_located(path)
        read_into(lex, data, locator, exclude, True)
    lex.rules.sort(key=lambda r: r.priority)  # stable: same priority keeps file order
    lex.id_rules.sort(key=lambda r: r.priority)
    return lex


def check_file(path: str | Path) -> None:
    """Validate a DPO's lexicon file alone (before a long scan): one `file:line` error or nothing."""
    data, locator = load_yaml_located(path)
    read_into(Lexicon(), data, locator, frozenset(), True)


def user_lexicon(inventory_dir: str | Path) -> tuple[str, ...]:
    """`lexicon.yaml` in an inventory directory, when there is one."""
    path = Path(inventory_dir) / USER_FILE
    return (str(path),) if path.is_file() else ()


__all__ = ["InventoryError", "Lexicon", "PACKAGE_FILES", "RuleEntry", "check_file", "load", "user_lexicon"]
