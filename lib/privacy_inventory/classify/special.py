"""GDPR Art. 9 special categories, criminal data and children found in free text, from a YAML lexicon."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
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
    parts = [re.escape(word).replace(r"\*", r"\w*").replace(r"\?", "?").replace(r"\[", "[").replace(r"\]", "]")
             for word in str(term).split()]
    return r"\s+".join(parts)


_PLAIN = re.compile(r"^\w+$")
_TOKEN = re.compile(r"\w+")
_ANCHOR = re.compile(r"^\w+")


@lru_cache(maxsize=1)
def _terms() -> dict[str, tuple[str, ...]]:
    """The YAML lexicon read once: group -> sorted terms (unknown groups and empty lists dropped)."""
    try:
        text = resources.files("privacy_inventory").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InventoryError(LEXICON_FILE, f"cannot read the special-category lexicon ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise InventoryError(LEXICON_FILE, "the special-category lexicon must map groups to keyword lists")
    out: dict[str, tuple[str, ...]] = {}
    for group in sorted(data):
        terms = tuple(sorted({str(t).strip() for t in (data[group] or []) if str(t).strip()}))
        if group in FLAG_BY_GROUP and terms:
            out[group] = terms
    return out


@lru_cache(maxsize=1)
def lexicon() -> dict[str, re.Pattern[str]]:
    """The keyword groups, each compiled once into one whole-word, case-insensitive pattern."""
    return {group: re.compile(r"(?<!\w)(?:" + "|".join(_term_pattern(t) for t in terms) + r")(?!\w)", re.I)
            for group, terms in _terms().items()}


@dataclass(frozen=True)
class _Matcher:
    """The lexicon split for speed: plain words by dict lookup, `stem*` by prefix lookup, the rest by one regex."""

    words: dict[str, frozenset[str]]  # lowercase word -> groups
    stems: dict[str, frozenset[str]]  # lowercase stem -> groups
    stem_lengths: tuple[int, ...]
    anchors: re.Pattern[str] | None  # a literal start of some complex term: only then run `complex`
    complex: re.Pattern[str] | None  # named alternatives, one per group


def _anchor(term: str) -> str:
    """The literal start of a term, before any wildcard (`tumou?r` -> `tumo`, `prayer time*` -> `prayer`)."""
    first = term.split()[0].lower()
    for i, ch in enumerate(first):
        if ch in "*[":
            return first[:i]
        if ch == "?":
            return first[: i - 1]
    return first


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    """Build the fast matcher once from the same YAML terms as lexicon()."""
    words: dict[str, set[str]] = {}
    stems: dict[str, set[str]] = {}
    complex_terms: dict[str, list[str]] = {}
    for group, terms in sorted(_terms().items()):
        for term in terms:
            if _PLAIN.match(term):
                words.setdefault(term.lower(), set()).add(group)
            elif term.endswith("*") and _PLAIN.match(term[:-1]):
                stems.setdefault(term[:-1].lower(), set()).add(group)
            else:
                complex_terms.setdefault(group, []).append(term)
    anchors = sorted({_anchor(t) for terms in complex_terms.values() for t in terms}, key=lambda a: (-len(a), a))
    complex_ = "|".join(f"(?P<{group}>{'|'.join(_term_pattern(t) for t in terms)})"
                        for group, terms in sorted(complex_terms.items()))
    return _Matcher(
        words={w: frozenset(g) for w, g in words.items()},
        stems={w: frozenset(g) for w, g in stems.items()},
        stem_lengths=tuple(sorted({len(w) for w in stems})),
        anchors=re.compile("|".join(re.escape(a) for a in anchors if a)) if anchors else None,
        complex=re.compile(r"(?<!\w)(?:" + complex_ + r")(?!\w)", re.I) if complex_ else None,
    )


@lru_cache(maxsize=1 << 16)
def _word_groups(word: str) -> frozenset[str]:
    """Groups one lowercase word belongs to, as a plain term or by a `stem*` prefix (words repeat across texts)."""
    m = _matcher()
    found = set(m.words.get(word, ()))
    for n in m.stem_lengths:
        if n > len(word):
            break
        hit = m.stems.get(word[:n])
        if hit:
            found |= hit
    return frozenset(found)


def scan_texts(texts: Sequence[str]) -> dict[str, int]:
    """How many texts mention each keyword group (only groups with at least one hit), e.g. {"health": 3}."""
    counts: dict[str, int] = {}
    for text, times in Counter(texts).items():  # a repeated text is read once and counted as often as it occurs
        for group in _groups_in(text):
            counts[group] = counts.get(group, 0) + times
    return {group: counts[group] for group in sorted(counts)}


def _groups_in(text: str) -> set[str]:
    """The keyword groups one text mentions."""
    found: set[str] = set()
    if len(text) < 3 or text.isdigit():
        return found
    m = _matcher()
    low = text.lower()
    for word in set(_TOKEN.findall(low)):
        hit = _word_groups(word)
        if hit:
            found |= hit
    if m.complex is not None and m.anchors is not None and m.anchors.search(low):
        found.update(k.lastgroup for k in m.complex.finditer(text) if k.lastgroup)
    return found


def flags_and_facts(counts: dict[str, int]) -> tuple[list[str], dict[str, float]]:
    """Flags (`special:health`, `children`) and facts (`special_health_values`) from keyword counts."""
    flags: list[str] = []
    facts: dict[str, float] = {}
    for group in sorted(counts):
        flags.append(FLAG_BY_GROUP[group])
        key = "children_values" if group == "children" else f"special_{group}_values"
        facts[key] = float(counts[group])
    return flags, facts
