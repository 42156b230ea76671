"""Columns of a person's record that are its plumbing, not facts about the person (issue 11 class 6).

A record of one person (their salary slip, their lab result, their schedule) takes its category for the facts it
holds: amounts, the event's dates, results, free text about them. Beside those it carries what the organisation set
up once for every record: the same cost centre or letter head on every row, the bounds a reading is judged against.
And a count of days or hours is time, never money, whatever record carries it. Each check here reads the column's
own shape (its sampled values, its siblings), not the corpus's names.
"""

from __future__ import annotations

from privacy_inventory.classify.context import Context
from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.tokens import singular, tokenize
from privacy_inventory.classify.values import is_number

_MIN_SHARED = 10  # sampled rows that must all hold the one value before it counts as set up once for every record
_MIN_PAIRS = 2  # low/high pairs a table must hold before its bounds are taken for a definition of ranges


def shared_by_every_row(c: Context) -> str | None:
    """Why the column is a setting every record shares (one label in every sampled row), else None.

    A fact about a person differs between people; a label that every record of every person carries (the one cost
    centre, letter head or holiday calendar of a small organisation) is the organisation's set-up. Only words count:
    a number or a date repeated everywhere may still be each person's (a zero balance, a common start date)."""
    p = c.prepared
    if p.numbers or p.dates or len(p.texts) < _MIN_SHARED or len(set(p.texts)) != 1:
        return None
    text = p.texts[0]
    if is_number(text) or not any(ch.isalpha() for ch in text):
        return None
    return (f"all {len(p.texts)} sampled rows of '{c.ctx.table}' hold one and the same label: a setting every record "
            "shares (the organisation's set-up), not a fact about one person")


def range_definition(c: Context) -> str | None:
    """Why the column is one bound of a range the table defines (`hi_normal` beside `low_normal`), else None.

    A table whose columns come in low/high pairs of several kinds (normal, critical, absolute) defines the ranges
    readings are judged against; a single pair may still be a person's own (a salary expectation from-to)."""
    lower, upper = active().words("lower_bound_words"), active().words("upper_bound_words")
    own = _bound_split(c.tokens, lower, upper)
    if own is None:
        return None
    pairs: dict[tuple[str, ...], set[str]] = {}
    for sibling in c.ctx.sibling_columns:
        split = _bound_split(tuple(tokenize(sibling)), lower, upper)
        if split is not None:
            pairs.setdefault(split[1], set()).add(split[0])
    complete = sorted(rest for rest, sides in pairs.items() if sides == {"lower", "upper"})
    if own[1] not in complete or len(complete) < _MIN_PAIRS:
        return None
    return (f"'{c.ctx.column}' is one bound of {len(complete)} low/high pairs in '{c.ctx.table}': the table defines "
            "ranges a reading is judged against, it records no reading of the person")


def _bound_split(tokens: tuple[str, ...], lower: frozenset[str], upper: frozenset[str]) -> tuple[str, tuple[str, ...]] | None:
    """('lower' or 'upper', the other words) when exactly one word of the name is a bound."""
    sides = [("lower" if t in lower else "upper", i) for i, t in enumerate(tokens) if t in lower or t in upper]
    if len(sides) != 1 or len(tokens) < 2:
        return None
    side, at = sides[0]
    return side, tokens[:at] + tokens[at + 1:]


def count_of_time(c: Context) -> str | None:
    """The unit when the column counts days, hours or weeks (`payment_days`, `total_working_hours`), else None.

    Numbers of a time unit are how long the person worked, was away or on leave: a fact of their employment (or
    schooling, or care), never an amount of money, even on a payslip."""
    toks = c.tokens
    if not toks or singular(toks[-1]) not in active().words("time_unit_words"):
        return None
    p = c.prepared
    if p.dates or p.texts and not all(is_number(t) for t in p.texts) or not (c.stored_as_number() or p.numbers or p.texts):
        return None
    return singular(toks[-1])
