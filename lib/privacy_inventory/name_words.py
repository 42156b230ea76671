"""The plain words of a table or column name (`consentAds`, `consent_ads`, `CONSENT-ADS`), to match word lists from YAML."""

from __future__ import annotations

import re
from collections.abc import Iterable

_CAMEL = re.compile(r"([a-z0-9])([A-Z])")


def tokens(name: str) -> list[str]:
    """`consentAds`, `consent_ads` and `CONSENT-ADS` all give ['consent', 'ads']."""
    return [t for t in re.split(r"[^a-z0-9]+", _CAMEL.sub(r"\1_\2", name).lower()) if t]


def has_word(words: Iterable[str], name: str) -> bool:
    """Whether the name holds one of the words (a word with `_`, such as `emergency_contact`, as consecutive words)."""
    toks = tokens(name)
    joined = "_".join(toks)
    return any(w in toks or ("_" in w and w in joined) for w in words)
