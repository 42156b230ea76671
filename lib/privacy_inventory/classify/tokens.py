"""Column and table names split into normalised words, so rules match `lastSignInIp` and `last_sign_in_ip` alike."""

from __future__ import annotations

import re
from functools import lru_cache

from privacy_inventory.classify.knowledge import active, register_cache

# camelCase / PascalCase / acronym boundaries and digit runs.
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_SPLIT = re.compile(r"[^A-Za-z0-9]+")



def abbreviations() -> dict[str, tuple[str, ...]]:
    """Abbreviations and foreign words -> the English words they stand for (data/lexicon_abbreviations.yaml ...)."""
    return active().abbreviations


def _split_compound(word: str) -> tuple[str, ...]:
    """Split a run-together lowercase word into two known parts (`usermeta` -> user, meta), else keep it."""
    if len(word) < 6:
        return (word,)
    k = active()
    parts, abbr = k.words("compound_parts"), k.abbreviations
    for part in _longest_first(parts):
        if word.startswith(part) and len(word) > len(part) + 1:
            rest = word[len(part):]
            if rest in parts or rest in abbr:
                return (part,) + abbr.get(rest, (rest,))
    return (word,)


@lru_cache(maxsize=4)
def _longest_first(parts: frozenset[str]) -> tuple[str, ...]:
    """The compound parts, longest first (ties by spelling): sorted once per knowledge, not once per word."""
    return tuple(sorted(parts, key=lambda w: (-len(w), w)))


_POSTAL_WORDS = frozenset({"address", "city", "state", "postal", "code", "zip", "street", "pobox", "box", "country",
                           "province", "county", "line", "town"})


@register_cache
def _clear() -> None:
    tokenize.cache_clear()
    _longest_first.cache_clear()


@lru_cache(maxsize=65536)
def tokenize(name: str) -> tuple[str, ...]:
    """Split a column or table name into lowercase words with abbreviations expanded."""
    words: list[str] = []
    abbr = active().abbreviations
    for chunk in _SPLIT.split(str(name)):
        if not chunk:
            continue
        for raw in _CAMEL.findall(chunk):
            low = raw.lower()
            if low == "uid" and words:
                words.append("id")  # `device_uid`, `extern_uid`: a unique id of what precedes, not a user
                continue
            if low == "mail" and next((w for w in reversed(words) if not w.isdigit()), "") in _POSTAL_WORDS:
                words.append("mailing")  # `staff_city_mail`, `address2_mail`: the mailing address, not an e-mail
                continue
            if low in abbr:
                words.extend(abbr[low])
                continue
            stripped = low.rstrip("0123456789")
            if stripped != low and stripped in abbr:
                words.extend(abbr[stripped])
                continue
            for part in _split_compound(low):
                words.append(part)
    # "e mail" -> "email"
    out: list[str] = []
    for word in words:
        if out and out[-1] == "e" and word == "email":
            out[-1] = "email"
            continue
        if out and out[-1] == "e" and word == "mail":
            out[-1] = "email"
            continue
        out.append(word)
    return tuple(out)


_IRREGULAR = {"people": "person", "children": "child", "addresses": "address", "statuses": "status",
              "companies": "company", "categories": "category", "entries": "entry", "aliases": "alias",
              "analyses": "analysis", "indices": "index", "data": "data", "media": "media", "series": "series",
              "news": "news", "settings": "setting", "species": "species", "classes": "class", "boxes": "box",
              "matches": "match", "businesses": "business", "histories": "history", "policies": "policy",
              "identities": "identity", "facilities": "facility", "pharmacies": "pharmacy",
              "agencies": "agency", "parties": "party", "bodies": "body", "replies": "reply",
              "strategies": "strategy", "utilities": "utility", "activities": "activity"}


@lru_cache(maxsize=16384)
def singular(word: str) -> str:
    """Naive English singular (`users` -> `user`, `companies` -> `company`) for matching table nouns."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def phrase(tokens: tuple[str, ...]) -> str:
    """Tokens joined with single spaces and padded, so rules can match whole words with ` word `."""
    return " " + " ".join(tokens) + " "
