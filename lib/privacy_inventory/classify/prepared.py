"""A column's sample made safe to check (cut, split by kind): the one input every value validator reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Sequence

MAX_CHARS = 1000
_STR_NONE = frozenset({str, type(None)})


@dataclass(frozen=True)
class Prepared:
    """A column's sample made safe to check: strings cut to MAX_CHARS, numbers and dates kept apart."""

    texts: tuple[str, ...]
    numbers: tuple[float, ...]
    dates: tuple[dt.date, ...]
    non_null: int
    n_bytes: int


def prepare(values: Iterable[Any]) -> Prepared:
    """Split raw values by kind; bytes are only counted (never decoded), huge cells are cut first."""
    seq = values if isinstance(values, (tuple, list)) else tuple(values)
    joined = _joined(seq)
    if joined is not None or set(map(type, seq)) == _STR_NONE:  # what a scan hands over: strings, stripped in C
        present = seq if joined is not None else [s for s in seq if s is not None]
        if (joined is None or len(joined) > MAX_CHARS) and max(map(len, present)) > MAX_CHARS:
            present = [s[:MAX_CHARS] for s in present]
        elif joined is not None and _no_space(joined):  # nothing to strip: only empty values to drop
            return Prepared(tuple(present) if "" not in present else tuple(filter(None, present)), (), (),
                            len(present), 0)
        return Prepared(tuple(filter(None, map(str.strip, present))), (), (), len(present), 0)
    return _prepare_mixed(seq)


def _joined(seq: Sequence[Any]) -> str | None:
    """Every value joined when all are strings (one pass in C, cheaper than collecting their types), else None."""
    if not seq:
        return None
    try:
        return "".join(seq)
    except TypeError:
        return None


# What str.strip() removes from ASCII text (the characters str.isspace() accepts).
_ASCII_SPACES = tuple(chr(i) for i in range(128) if chr(i).isspace())


def _no_space(text: str) -> bool:
    """ASCII text without a character str.strip() would remove, found by substring search in C."""
    return text.isascii() and not any(ch in text for ch in _ASCII_SPACES)


def _prepare_mixed(values: Sequence[Any]) -> Prepared:
    """The general case: numbers, dates, bytes and anything else, value by value."""
    texts: list[str] = []
    numbers: list[float] = []
    dates: list[dt.date] = []
    non_null = n_bytes = 0
    for value in values:
        if value is None:
            continue
        non_null += 1
        if isinstance(value, (bytes, bytearray, memoryview)):
            n_bytes += 1
        elif isinstance(value, bool):
            texts.append("true" if value else "false")
        elif isinstance(value, (int, float, Decimal)):
            try:
                numbers.append(float(value))
            except (OverflowError, ValueError):
                continue
            texts.append(str(value)[:MAX_CHARS])
        elif isinstance(value, (dt.date, dt.datetime)):
            dates.append(value)
        else:
            text = value[:MAX_CHARS] if isinstance(value, str) else str(value)[:MAX_CHARS]
            text = text.strip()
            if text:
                texts.append(text)
    return Prepared(tuple(texts), tuple(numbers), tuple(dates), non_null, n_bytes)


# ---------------------------------------------------------------- emails
