"""CNIL 1-4 severity and likelihood scales and the severity x likelihood -> risk level map, in one visible place.

Scales follow the CNIL PIA methodology (2018): 1 negligible, 2 limited, 3 significant, 4 maximum.
The level map below is the CNIL risk map read as four bands; severity weighs slightly more than
likelihood (a maximum-severity event is never "low", however unlikely):

| severity \\ likelihood | 1 negligible | 2 limited | 3 significant | 4 maximum |
| --- | --- | --- | --- | --- |
| 4 maximum     | medium | high   | very high | very high |
| 3 significant | low    | medium | high      | very high |
| 2 limited     | low    | medium | medium    | high      |
| 1 negligible  | low    | low    | low       | medium    |
"""

from __future__ import annotations

SCALE = {1: "negligible", 2: "limited", 3: "significant", 4: "maximum"}
LEVELS = ("low", "medium", "high", "very high")

# LEVEL_MAP[severity][likelihood] -> level; keep in step with the module docstring (a test checks both).
LEVEL_MAP: dict[int, dict[int, str]] = {
    4: {1: "medium", 2: "high", 3: "very high", 4: "very high"},
    3: {1: "low", 2: "medium", 3: "high", 4: "very high"},
    2: {1: "low", 2: "medium", 3: "medium", 4: "high"},
    1: {1: "low", 2: "low", 3: "low", 4: "medium"},
}


def clamp(value: int) -> int:
    """Keep a derived score on the 1-4 scale, whatever factors pushed it."""
    return max(1, min(4, int(value)))


def scale_label(value: int) -> str:
    """`3 significant`: the number and its CNIL name, as a DPO reads it."""
    return f"{value} {SCALE[clamp(value)]}"


def risk_level(severity: int, likelihood: int) -> str:
    """The risk level of a severity and likelihood on the CNIL scales (see LEVEL_MAP)."""
    if severity not in SCALE or likelihood not in SCALE:
        raise ValueError(f"severity and likelihood must be 1-4, got {severity!r} and {likelihood!r}")
    return LEVEL_MAP[severity][likelihood]


def level_rank(level: str) -> int:
    """0 for the most serious level ("very high") up to 3 for "low": the register's sort order."""
    return len(LEVELS) - 1 - LEVELS.index(level)


def level_map_markdown() -> str:
    """The level map as a Markdown table for the DPIA notebook."""
    head = "| severity \\ likelihood | " + " | ".join(f"{k} {v}" for k, v in SCALE.items()) + " |"
    lines = [head, "| --- " * (len(SCALE) + 1) + "|"]
    for sev in sorted(SCALE, reverse=True):
        lines.append(f"| {sev} {SCALE[sev]} | " + " | ".join(LEVEL_MAP[sev][lik] for lik in sorted(SCALE)) + " |")
    return "\n".join(lines)
