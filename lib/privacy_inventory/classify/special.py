"""GDPR Art. 9 special categories, criminal data and children found in free text, from a YAML lexicon."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Sequence

import yaml

from privacy_inventory.errors import InventoryError

LEXICON_FILE = "special_categories.yaml"
# Keyword group -> flag raised on the column. Criminal data is Art. 10, flagged alongside Art. 9.
FLAG_BY_GROUP = {
    "health": "special:health",
    "religion": "special:religion",
    "ethnicity": "special:ethnicity",
    "sexual_orientation": "special:sexual_orientation",
    "politics": "special:politics",
    "biometric": "special:biometric",
    "genetic": "special:genetic",
    "criminal": "special:criminal",
    "children": "children",
}


def _term_pattern(term: str) -> str:
    """A lexicon term as a regex fragment: `*` is any word ending, spaces are any whitespace."""
    parts = [re.escape(word).replace(r"\*", r"\w*").replace(r"\?", "?") for word in str(term).split()]
    return r"\s+".join(parts)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, re.Pattern[str]]:
    """The keyword groups, each compiled once into one whole-word, case-insensitive pattern."""
    try:
        text = resources.files("privacy_inventory").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InventoryError(LEXICON_FILE, f"cannot read the special-category lexicon ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise InventoryError(LEXICON_FILE, "the special-category lexicon must map groups to keyword lists")
    out: dict[str, re.Pattern[str]] = {}
    for group in sorted(data):
        terms = sorted({str(t).strip() for t in (data[group] or []) if str(t).strip()})
        if group not in FLAG_BY_GROUP or not terms:
            continue
        out[group] = re.compile(r"(?<!\w)(?:" + "|".join(_term_pattern(t) for t in terms) + r")(?!\w)", re.I)
    return out


@lru_cache(maxsize=1)
def _combined() -> re.Pattern[str]:
    """All groups in one pattern with named alternatives, so each text is scanned once."""
    return re.compile("|".join(f"(?P<{group}>{pattern.pattern})" for group, pattern in lexicon().items()), re.I)


def scan_texts(texts: Sequence[str]) -> dict[str, int]:
    """How many texts mention each keyword group (only groups with at least one hit), e.g. {"health": 3}."""
    counts: dict[str, int] = {}
    pattern = _combined()
    for text in texts:
        if len(text) < 3 or text.isdigit():
            continue
        for group in {m.lastgroup for m in pattern.finditer(text)}:
            if group:
                counts[group] = counts.get(group, 0) + 1
    return {group: counts[group] for group in sorted(counts)}


def flags_and_facts(counts: dict[str, int]) -> tuple[list[str], dict[str, float]]:
    """Flags (`special:health`, `children`) and facts (`special_health_values`) from keyword counts."""
    flags: list[str] = []
    facts: dict[str, float] = {}
    for group in sorted(counts):
        flags.append(FLAG_BY_GROUP[group])
        key = "children_values" if group == "children" else f"special_{group}_values"
        facts[key] = float(counts[group])
    return flags, facts
