"""Values as a person reads them: ISO periods in words, confidences as percentages, taxonomy keys as names."""

from __future__ import annotations

import re

from fideslang.default_taxonomy import DEFAULT_TAXONOMY

_PERIOD = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")


def period_words(period: str) -> str:
    """P3Y -> '3 years', P13M -> '13 months', P30D -> '30 days' (unchanged if not such a period)."""
    m = _PERIOD.fullmatch(period)
    if not m or not any(m.groups()):
        return period
    return " ".join(f"{int(n)} {unit}{'s' if int(n) != 1 else ''}" for n, unit in zip(m.groups(), ("year", "month", "week", "day")) if n)


def percent(confidence: float | None) -> str:
    """0.97 -> '97%'."""
    return "" if confidence is None else f"{round(float(confidence) * 100):d}%"


def taxonomy_name(kind: str, key: str) -> str:
    """The readable name of a fideslang data use, subject or category ('essential.service' -> its name), else the key."""
    return next((i.name for i in getattr(DEFAULT_TAXONOMY, kind) if i.fides_key == key), None) or key
