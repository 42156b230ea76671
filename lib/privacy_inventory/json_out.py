"""Deterministic JSON written fast (orjson) with the exact bytes of `json` (indent=2, sort_keys, ensure_ascii=False).

inventory.json holds millions of small objects at a large estate; the standard library's encoder spent
more time writing them than the scan took to find them. orjson writes the same text in C, so outputs stay
byte-identical: the outer containers are streamed level by level (memory stays low), each inner chunk
is one orjson call re-indented to its depth, and the few values orjson would spell differently (floats
in exponent form, NaN/Infinity, integers beyond 64 bits, lone surrogates) take the standard library's
spelling.
"""

from __future__ import annotations

import json
import math
from dataclasses import fields, is_dataclass
from typing import Any, BinaryIO

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
_STDLIB = json.JSONEncoder(indent=2, sort_keys=True, ensure_ascii=False)
_NAMES: dict[type, tuple[str, ...]] = {}
STREAM_DEPTH = 4  # containers above this depth are written one item at a time (inventory > sources > source > tables)


def _field_names(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _plain_float(value: float) -> bool:
    """Whether orjson spells this float as repr() does (no exponent, finite)."""
    magnitude = abs(value)
    return value == 0.0 or (1e-4 <= magnitude < 1e16) if math.isfinite(value) else False


def _same_spelling(value: Any) -> Any:
    """A value orjson would spell differently, as a Fragment holding the standard library's spelling."""
    kind = type(value)
    if kind is float:
        return value if _plain_float(value) else orjson.Fragment(json.dumps(value))
    if kind is int:
        return value if -(2**63) <= value < 2**64 else orjson.Fragment(json.dumps(value))
    if kind is dict:
        return {k: _same_spelling(v) for k, v in value.items()} if any(type(v) in _ODD for v in value.values()) else value
    if kind is list or kind is tuple:
        return [_same_spelling(v) for v in value] if any(type(v) in _ODD for v in value) else value
    return value


_ODD = (float, int, dict, list, tuple)


def _as_dict(obj: Any) -> dict[str, Any]:
    """One dataclass level as a dict (orjson calls this for each dataclass it meets)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {name: _same_spelling(getattr(obj, name)) for name in _field_names(type(obj))}
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def _chunk(value: Any, depth: int) -> bytes:
    """One value as indented JSON whose inner lines sit at `depth`."""
    try:
        text = orjson.dumps(_same_spelling(value), default=_as_dict, option=_OPTIONS)
    except (orjson.JSONEncodeError, TypeError):  # e.g. a lone surrogate or a nested odd number: the standard library decides
        text = "".join(_STDLIB.iterencode(_stdlib_ready(value))).encode("utf-8")
    return text.replace(b"\n", b"\n" + b"  " * depth) if depth and b"\n" in text else text


def _stdlib_ready(value: Any) -> Any:
    """Dataclasses as nested dicts, for the standard library fallback."""
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _stdlib_ready(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, dict):
        return {k: _stdlib_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_stdlib_ready(v) for v in value]
    return value


def _streamable(value: Any) -> bool:
    return (is_dataclass(value) and not isinstance(value, type)) or (type(value) in (list, tuple, dict))


def write_json(value: Any, out: BinaryIO, depth: int = 0) -> None:
    """Write `value` (dataclasses, dicts, lists, scalars) as json.dumps(indent=2, sort_keys=True, ensure_ascii=False) would."""
    if depth >= STREAM_DEPTH or not _streamable(value):
        out.write(_chunk(value, depth))
        return
    if type(value) in (list, tuple):
        items: list[tuple[bytes | None, Any]] = [(None, v) for v in value]
        opening, closing = b"[", b"]"
    else:
        pairs = value.items() if type(value) is dict else ((n, getattr(value, n)) for n in _field_names(type(value)))
        items = [(orjson.dumps(k), v) for k, v in sorted(pairs, key=lambda kv: kv[0])]
        opening, closing = b"{", b"}"
    if not items:
        out.write(opening + closing)
        return
    pad = b"\n" + b"  " * (depth + 1)
    out.write(opening)
    for i, (key, item) in enumerate(items):
        out.write(pad if i == 0 else b"," + pad)
        if key is not None:
            out.write(key + b": ")
        write_json(item, out, depth + 1)
    out.write(b"\n" + b"  " * depth + closing)


def dumps(value: Any) -> str:
    """The same text as a string (tests and small documents)."""
    import io

    buf = io.BytesIO()
    write_json(value, buf)
    return buf.getvalue().decode("utf-8")
