"""Text in sampled values: free text a person wrote, sentences with variety, and values that are people's names."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Callable, Sequence

from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.prepared import MAX_CHARS

if TYPE_CHECKING:
    from privacy_inventory.classify.prepared import Prepared

PROBE = 24
_WORD = re.compile(r"[^\W\d_]{2,}")
_CODE_HINT = re.compile(r"[{};<>]|=>|::|\bfunction\b|</?[a-z]+[^>]*>", re.I)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z'\u00c0-\u024f-]+|[A-Z]\.?|(?:van|von|de|da|del|der|di|du|la|le|bin|al|el|ibn))$")


def is_json(text: str) -> bool:
    """A JSON object or array (cut values only need to look like one)."""
    if not text or text[0] not in "[{" or text[-1] not in "]}":
        return False
    try:
        json.loads(text)
        return True
    except ValueError:
        return len(text) >= MAX_CHARS


def _free_words(text: str) -> list[str] | None:
    """The words of a text a person wrote (at least three, mostly letters, not JSON or code), else None."""
    if len(text) < 12 or " " not in text:
        return None
    words = _WORD.findall(text)
    if len(words) < 3:
        return None
    if sum(map(len, words)) < 0.55 * len(text.replace(" ", "")):
        return None
    if is_json(text) or len(_CODE_HINT.findall(text)) > max(2, len(text) // 200):
        return None
    return words


def is_free_text(text: str) -> bool:
    """Words a person wrote: at least three words, mostly letters, not JSON or code."""
    return _free_words(text) is not None


def _each_distinct(texts: Sequence[str], check: Callable[[str], bool]) -> list[str]:
    """The texts that pass `check`, in order, checking each distinct text once (samples repeat)."""
    verdict = {t: check(t) for t in set(texts)}
    return [t for t in texts if verdict[t]]


def free_text_count(prepared: "Prepared") -> int:
    """How many sampled strings are free text; 0 when they repeat like an enum or share one length."""
    hits = _each_distinct(prepared.texts, is_free_text)
    if len(hits) < 2:
        return len(hits)
    distinct = len(set(hits)) / len(hits)
    if distinct < 0.5:
        return 0
    return len(hits)


def is_sentence(text: str) -> bool:
    """Free text that reads like a sentence: four words or more, not Title Case, not a list of short items."""
    words = _free_words(text)
    if words is None or len(words) < 4:
        return False
    capitalised = sum(1 for w in words[1:] if w[0].isupper())
    if capitalised >= 0.6 * (len(words) - 1):
        return False  # `Federal Bureau of Investigation`, `Experian Marketing Services`: a name, not a sentence
    if "," in text and text.rstrip()[-1:] not in ".!?":
        items = [part for part in text.split(",") if part.strip()]
        if all(len(_WORD.findall(part)) <= 3 for part in items):
            return False  # `account email, created date`: a list of labels
    return True


def human_text_count(prepared: "Prepared", min_distinct: int = 5) -> int:
    """Sampled strings that are sentences people wrote, counted only when they vary (many distinct values)."""
    texts = prepared.texts
    probe = texts[:PROBE]
    if not probe or sum(1 for t in probe if is_sentence(t)) < 0.5 * len(probe):
        return 0  # the caller needs most values to be sentences: a probe that fails settles it cheaply
    hits = _each_distinct(texts, is_sentence)
    distinct = len(set(hits))
    if distinct < min_distinct or distinct < 0.5 * len(hits):
        return 0
    return len(hits)


def looks_like_person_name(text: str) -> bool:
    """Two to four capitalised words and no company word: `Ann Lee`, `Jean de la Croix`, not `Acme Data Ltd`."""
    words = text.replace(",", " ").split()
    if not 2 <= len(words) <= 4 or len(text) > 60:
        return False
    if any(w.lower().strip(".") in active().words("org_name_words") for w in words):
        return False
    return all(_NAME_WORD.match(w) for w in words)


def person_name_share(texts: Sequence[str]) -> tuple[int, int]:
    """(values that look like people's names, distinct values) over a sample."""
    return sum(1 for t in texts if looks_like_person_name(t)), len(set(texts))


# Placeholders a template engine fills in: `{{ name }}`, `{EVENT_NAME}`, `${user}`, `%(name)s`, `[[first_name]]`, `%s`.
_PLACEHOLDER = re.compile(r"\{\{[^{}]{1,60}\}\}|\{[A-Z][A-Z0-9_]{1,40}\}|\$\{[^{}]{1,60}\}|%\([a-z_]{1,40}\)[sd]|"
                          r"\[\[[^\[\]]{1,60}\]\]|\{%[^%]{1,80}%\}|%[sd]\b")


def template_count(texts: Sequence[str]) -> int:
    """Sampled strings holding template placeholders: text the application fills in and sends, not a person's words."""
    return sum(1 for t in _each_distinct(texts, lambda t: _PLACEHOLDER.search(t) is not None))
